/*
 * hub_console_reach.c: what a console user may see and change (hub_console.h). A coordinator
 * reaches everything. A library user reaches an event whose place is one of its venues (the
 * place's id, or its name in any language, case aside, as the kiosk's `venue` is matched) and a
 * kiosk the console knows at one of them. Every page's call asks here; the page decides nothing.
 */
#include "hub_console.h"

#include <string.h>
#include <strings.h>

#include <jansson.h>

static bool venue_is(const HubUser *u, const char *v, bool fold)
{
    for (int i = 0; v && *v && i < u->n_venues; i++)
        if (fold ? strcasecmp(u->venues[i], v) == 0 : strcmp(u->venues[i], v) == 0) return true;
    return false;
}

bool hub_console_event_reach(const HubUser *u, const void *event_doc)
{
    json_t *doc = (json_t *)event_doc;
    if (u->role == HUB_ROLE_COORDINATOR) return true;
    json_t *loc = json_object_get(doc, "location");
    if (venue_is(u, json_string_value(json_object_get(loc, "id")), false)) return true;
    const char *lang;
    json_t *name;
    json_object_foreach(json_object_get(loc, "name"), lang, name)
    {
        if (venue_is(u, json_string_value(name), true)) return true;
    }
    return false;
}

bool hub_console_kiosk_reach(const HubUser *u, const char *venue)
{
    return u->role == HUB_ROLE_COORDINATOR || venue_is(u, venue, true);
}
