/*
 * hub_console_manage.c: the coordinators' changes from the console's pages (hub_console.h):
 * event sources added (the checks of `aukio-hub source add`, hub_source_check), fetched now and
 * removed; users added (Argon2id, as `aukio-hub user add`), removed and given a new password.
 * A library user is refused them all (403). Every change is written in the audit log in the
 * change's own transaction; a refused one changes nothing and says which field and why.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "hub_source.h"
#include "util.h"

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_CONFLICT = 409,
    HTTP_INTERNAL = 500,
};

static bool coordinator_only(const HubConsoleWho *who, HubConsoleResponse *out)
{
    if (who->user.role == HUB_ROLE_COORDINATOR) return true;
    hub_console_error(out, HTTP_FORBIDDEN, "coordinators_only", "this page is the coordinators'");
    return false;
}

/* A 400 that says which FIELD is wrong and WHY. */
static void refuse(HubConsoleResponse *out, const char *field, const char *why)
{
    hub_console_json(
        out, HTTP_BAD_REQUEST,
        json_pack("{s:s,s:s,s:s}", "error", "invalid", "field", field, "message", why));
}

/* ---- Sources ------------------------------------------------------------------------------ */

/* POST sources/add {name, url, kind: "ics"|"linkedevents", every (minutes), venue}. */
void hub_console_source_add(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                            int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *kind = hub_console_member(body, "kind");
    json_t *every = json_object_get(body, "every");
    HubSourceRow in = {.name = hub_console_member(body, "name"),
                       .url = hub_console_member(body, "url"),
                       .kind = strcmp(kind, "linkedevents") == 0 ? HUB_SOURCE_LINKEDEVENTS
                                                                 : HUB_SOURCE_ICS,
                       .every_min = 60,
                       .venue = hub_console_member(body, "venue")};
    char err[512];
    const char *field = NULL;
    if (strcmp(kind, "ics") != 0 && strcmp(kind, "linkedevents") != 0) {
        refuse(out, "kind", "the kind is ics or linkedevents");
    } else if (every && (!json_is_integer(every) || json_integer_value(every) < 1 ||
                         json_integer_value(every) > HUB_SOURCE_EVERY_MAX)) {
        snprintf(err, sizeof err, "the interval is 1 to %d minutes", HUB_SOURCE_EVERY_MAX);
        refuse(out, "every", err);
    } else {
        if (every) in.every_min = (int)json_integer_value(every);
        HubActor by = {who->user.name, now};
        int rc = hub_source_check(&in, &field, err, sizeof err);
        if (rc == AUKIO_OK) rc = c->store->console->source_add(c->store, &in, &by, err, sizeof err);
        if (rc == AUKIO_ERR_INVALID)
            refuse(out, field ? field : "", err);
        else if (rc == AUKIO_ERR_EXISTS)
            hub_console_error(out, HTTP_CONFLICT, "exists", err);
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else
            hub_console_json(out, HTTP_OK, json_pack("{s:s}", "added", in.name));
    }
    json_decref(body);
}

static int on_source(void *ud, const HubSourceRow *r)
{
    json_t **j = ud;
    *j = json_pack("{s:s,s:b,s:s,s:i,s:i,s:i,s:I}", "name", r->name, "ok", r->ok, "result",
                   r->result ? r->result : "", "read", r->n_read, "skipped", r->n_skipped,
                   "removed", r->n_removed, "tried_at", (json_int_t)r->tried_at);
    return 0;
}

/* POST sources/fetch {name}: fetched and imported now, as `aukio-hub source fetch`; the answer
 * is its recorded outcome (a failed fetch is an outcome too, not an error of the call). */
void hub_console_source_fetch(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                              int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char err[512] = "";
    json_t *outcome = NULL;
    int rc = hub_source_name_ok(name)
                 ? c->store->source_list(c->store, name, on_source, &outcome, err, sizeof err)
                 : AUKIO_ERR_NOT_FOUND;
    json_decref(outcome);
    outcome = NULL;
    HubActor by = {who->user.name, now};
    if (rc == AUKIO_OK)
        rc = c->store->console->audit_add(c->store, &by, "source.fetch", name, "", err, sizeof err);
    if (rc == AUKIO_OK) {
        /* What the run prints is for a shell; the page reads the outcome it recorded. */
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        char why[512] = "";
        int run = f ? hub_source_run(c->store, name, NULL, NULL, f, why, sizeof why) : AUKIO_ERR;
        if (f) fclose(f);
        free(text);
        (void)run; /* a failure is recorded in the source's row */
        rc = c->store->source_list(c->store, name, on_source, &outcome, err, sizeof err);
    }
    if (rc == AUKIO_ERR_NOT_FOUND)
        hub_console_error(out, HTTP_NOT_FOUND, "no_source", "no such source");
    else if (rc != AUKIO_OK || !outcome)
        hub_console_internal(out, err);
    else
        hub_console_json(out, HTTP_OK, json_pack("{s:o}", "fetched", outcome));
    if (rc != AUKIO_OK) json_decref(outcome);
    json_decref(body);
}

/* POST sources/remove {name}: the source is forgotten; its events stay. */
void hub_console_source_remove(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                               int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char err[512] = "";
    HubActor by = {who->user.name, now};
    int rc = hub_source_name_ok(name)
                 ? c->store->console->source_remove(c->store, name, &by, err, sizeof err)
                 : AUKIO_ERR_NOT_FOUND;
    if (rc == AUKIO_ERR_NOT_FOUND)
        hub_console_error(out, HTTP_NOT_FOUND, "no_source", "no such source");
    else if (rc != AUKIO_OK)
        hub_console_internal(out, err);
    else
        hub_console_json(out, HTTP_OK, json_pack("{s:s}", "removed", name));
    json_decref(body);
}

/* ---- Users -------------------------------------------------------------------------------- */

/* BODY's password checked and hashed into HASH (one Argon2id at a time); false with the 400. */
static bool password_of(HubConsole *c, json_t *body, char hash[HUB_PW_HASH_MAX],
                        HubConsoleResponse *out)
{
    const char *pw = hub_console_member(body, "password");
    char err[256];
    if (hub_password_check(pw, err, sizeof err) != AUKIO_OK) {
        refuse(out, "password", err);
        return false;
    }
    pthread_mutex_lock(&c->hash_lock);
    int rc = hub_password_hash(pw, hash, err, sizeof err);
    pthread_mutex_unlock(&c->hash_lock);
    if (rc != AUKIO_OK) {
        hub_console_internal(out, err);
        return false;
    }
    return true;
}

/* The password leaves memory with the body. */
static void body_forget(json_t *body)
{
    json_t *pw = json_object_get(body, "password");
    const char *s = json_string_value(pw);
    if (s) sodium_memzero((char *)s, strlen(s));
    json_decref(body);
}

/* BODY's venues ("venues": [..] or one "venue") into VENUES; false with the 400. */
static bool venues_of(json_t *body, const char *venues[HUB_USER_VENUES_MAX], int *n_venues,
                      HubConsoleResponse *out)
{
    *n_venues = 0;
    json_t *list = json_object_get(body, "venues");
    const char *one = hub_console_member(body, "venue");
    size_t i;
    json_t *v;
    if (list && !json_is_array(list)) {
        refuse(out, "venues", "the venues are a list of texts");
        return false;
    }
    json_array_foreach(list, i, v)
    {
        const char *s = json_string_value(v);
        if (s && !*s) continue;
        if (!s || !hub_user_venue_ok(s)) {
            refuse(out, "venues", "a venue is one line of text (a venue's id or name)");
            return false;
        }
        if (*n_venues == HUB_USER_VENUES_MAX) {
            refuse(out, "venues", "too many venues");
            return false;
        }
        venues[(*n_venues)++] = s;
    }
    if (*one && *n_venues == 0) {
        if (!hub_user_venue_ok(one)) {
            refuse(out, "venues", "a venue is one line of text (a venue's id or name)");
            return false;
        }
        venues[(*n_venues)++] = one;
    }
    return true;
}

/* The checks of `aukio-hub user add` on BODY; false with the 400 in *OUT. */
static bool user_fields(json_t *body, HubRole *role, const char *venues[HUB_USER_VENUES_MAX],
                        int *n_venues, HubConsoleResponse *out)
{
    const char *name = hub_console_member(body, "name"), *r = hub_console_member(body, "role");
    char why[128];
    if (!hub_user_name_ok(name)) {
        snprintf(why, sizeof why, "a user name has 1 to %d letters, digits or '.-_@'",
                 HUB_USER_NAME_MAX);
        refuse(out, "name", why);
        return false;
    }
    if (strcmp(r, "coordinator") != 0 && strcmp(r, "library") != 0) {
        refuse(out, "role", "the role is coordinator or library");
        return false;
    }
    *role = strcmp(r, "library") == 0 ? HUB_ROLE_LIBRARY : HUB_ROLE_COORDINATOR;
    if (!venues_of(body, venues, n_venues, out)) return false;
    if (*role == HUB_ROLE_LIBRARY && *n_venues == 0) {
        refuse(out, "venues", "a library user needs a venue (its events and kiosks)");
        return false;
    }
    if (*role == HUB_ROLE_COORDINATOR && *n_venues > 0) {
        refuse(out, "venues", "a coordinator sees every venue: venues go with the library role");
        return false;
    }
    return true;
}

/* POST users/add {name, role, venues: [..], password}. */
void hub_console_user_add(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    HubRole role = HUB_ROLE_COORDINATOR;
    const char *venues[HUB_USER_VENUES_MAX];
    int n_venues = 0;
    char hash[HUB_PW_HASH_MAX];
    if (user_fields(body, &role, venues, &n_venues, out) && password_of(c, body, hash, out)) {
        const char *name = hub_console_member(body, "name");
        char err[256];
        HubActor by = {who->user.name, now};
        int rc = c->store->console->user_add(c->store, name, role, venues, n_venues, hash, &by, err,
                                             sizeof err);
        sodium_memzero(hash, sizeof hash);
        if (rc == AUKIO_ERR_EXISTS)
            hub_console_error(out, HTTP_CONFLICT, "exists", "a user of that name exists");
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else
            hub_console_json(out, HTTP_OK, json_pack("{s:s}", "added", name));
    }
    body_forget(body);
}

/* POST users/passwd {name, password}: the user is signed out everywhere, a lock lifted. */
void hub_console_user_passwd(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char hash[HUB_PW_HASH_MAX];
    if (!hub_user_name_ok(name)) {
        hub_console_error(out, HTTP_NOT_FOUND, "no_user", "no such user");
    } else if (password_of(c, body, hash, out)) {
        char err[256];
        HubActor by = {who->user.name, now};
        int rc = c->store->console->user_passwd(c->store, name, hash, &by, err, sizeof err);
        sodium_memzero(hash, sizeof hash);
        if (rc == AUKIO_ERR_NOT_FOUND)
            hub_console_error(out, HTTP_NOT_FOUND, "no_user", "no such user");
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else
            hub_console_json(out, HTTP_OK, json_pack("{s:s}", "changed", name));
    }
    body_forget(body);
}

/* POST users/remove {name}: not oneself, not the last coordinator. */
void hub_console_user_remove(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out)
{
    if (!coordinator_only(who, out)) return;
    json_t *body = hub_console_body(rq, out);
    if (!body) return;
    const char *name = hub_console_member(body, "name");
    char err[256] = "";
    HubActor by = {who->user.name, now};
    if (strcmp(name, who->user.name) == 0) {
        hub_console_error(out, HTTP_CONFLICT, "self", "you cannot remove yourself");
    } else {
        int rc = hub_user_name_ok(name)
                     ? c->store->console->user_remove_keep(c->store, name, &by, err, sizeof err)
                     : AUKIO_ERR_NOT_FOUND;
        if (rc == AUKIO_ERR_NOT_FOUND)
            hub_console_error(out, HTTP_NOT_FOUND, "no_user", "no such user");
        else if (rc == AUKIO_ERR_INVALID)
            hub_console_error(out, HTTP_CONFLICT, "last_coordinator", err);
        else if (rc != AUKIO_OK)
            hub_console_internal(out, err);
        else
            hub_console_json(out, HTTP_OK, json_pack("{s:s}", "removed", name));
    }
    json_decref(body);
}
