/*
 * hub_console_admin.c: the console's coordinator-only pages (hub_console.h): the event sources
 * with their last fetch (README.md, "Sources") and the console's users (who may sign in, their
 * role and venues, a lock, which a coordinator may lift). A library user is refused them (403).
 */
#include "hub_console.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "hub_source.h"

static bool coordinator_only(const HubConsoleWho *who, HubConsoleResponse *out)
{
    if (who->user.role == HUB_ROLE_COORDINATOR) return true;
    hub_console_error(out, 403, "coordinators_only", "this page is the coordinators'");
    return false;
}

static void reply_list(HubConsoleResponse *out, int rc, const char *key, json_t *list,
                       const char *err)
{
    if (rc != AUKIO_OK) {
        json_decref(list);
        hub_console_internal(out, err);
        return;
    }
    json_t *j = json_pack("{s:o}", key, list);
    hub_console_json(out, 200, j);
}

/* ---- Sources ------------------------------------------------------------------------------ */

static int on_source(void *ud, const HubSourceRow *r)
{
    json_t *s = json_pack(
        "{s:s,s:s,s:s,s:i,s:s,s:I,s:I,s:b,s:s,s:i,s:i,s:i,s:i,s:I}", "name", r->name, "url", r->url,
        "kind", r->kind == HUB_SOURCE_LINKEDEVENTS ? "linkedevents" : "ics", "every_min",
        r->every_min, "venue", r->venue ? r->venue : "", "tried_at", (json_int_t)r->tried_at,
        "ok_at", (json_int_t)r->ok_at, "ok", r->ok, "result", r->result ? r->result : "", "read",
        r->n_read, "skipped", r->n_skipped, "removed", r->n_removed, "failures", r->failures,
        "retry_at", (json_int_t)r->retry_at);
    json_object_set_new(s, "next_at", json_integer((json_int_t)hub_source_next_at(r)));
    json_array_append_new(ud, s);
    return 0;
}

void hub_console_sources(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                         int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    (void)now;
    if (!coordinator_only(who, out)) return;
    char err[256] = "";
    json_t *list = json_array();
    int rc = c->store->source_list(c->store, NULL, on_source, list, err, sizeof err);
    reply_list(out, rc, "sources", list, err);
}

/* ---- Users -------------------------------------------------------------------------------- */

static int on_user(void *ud, const HubUserRow *r)
{
    json_t *u = json_pack("{s:s,s:s,s:s,s:I,s:I,s:i,s:i}", "name", r->name, "role",
                          r->role == HUB_ROLE_LIBRARY ? "library" : "coordinator", "venues",
                          r->venues ? r->venues : "", "last_login", (json_int_t)r->last_login,
                          "locked_until", (json_int_t)r->locked_until, "fails", r->fails,
                          "sessions", r->sessions);
    json_array_append_new(ud, u);
    return 0;
}

void hub_console_user_unlock(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, NULL);
    const char *name = json_string_value(json_object_get(body, "name"));
    char err[256] = "";
    HubActor by = {who->user.name, now};
    int rc = name && hub_user_name_ok(name)
                 ? c->store->console->user_unlock(c->store, name, &by, err, sizeof err)
                 : AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, 404, "no_user", "no such user");
    } else if (rc != AUKIO_OK) {
        hub_console_internal(out, err);
    } else {
        json_t *j = json_pack("{s:s}", "unlocked", name);
        hub_console_json(out, 200, j);
    }
    json_decref(body); /* NAME is the body's */
}

void hub_console_users(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       int64_t now, HubConsoleResponse *out)
{
    (void)rq;
    (void)now;
    if (!coordinator_only(who, out)) return;
    char err[256] = "";
    json_t *list = json_array();
    int rc = c->store->console->user_list(c->store, on_user, list, err, sizeof err);
    reply_list(out, rc, "users", list, err);
}
