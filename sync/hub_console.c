/*
 * hub_console.c: the console's front door (hub_console.h): its page's files, sign-in and
 * sign-out, the session behind every call and the CSRF token of every change. What the pages
 * read and change is hub_console_pages.c.
 */
#include "hub_console.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"

const char HUB_CONSOLE_CSP[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'";

static const HubConsoleFile FILES[HUB_CONSOLE_FILES] = {
    {"/console/", "index.html", "text/html; charset=utf-8", NULL, 0},
    {"/console/console.js", "console.js", "text/javascript; charset=utf-8", NULL, 0},
    {"/console/strings.js", "strings.js", "text/javascript; charset=utf-8", NULL, 0},
    {"/console/console.css", "console.css", "text/css; charset=utf-8", NULL, 0},
    {"/console/reports.js", "reports.js", "text/javascript; charset=utf-8", NULL, 0},
    {"/console/charts.js", "charts.js", "text/javascript; charset=utf-8", NULL, 0},
    {"/console/manage.js", "manage.js", "text/javascript; charset=utf-8", NULL, 0},
    /* Debian's Chart.js (libjs-chart.js, a dependency of the aukio-hub package): the feedback
     * page's charts. An absolute name is outside the console's folder, and optional: without
     * it the page shows its tables and no charts. */
    {"/console/lib/chart.min.js", HUB_CONSOLE_CHARTJS, "text/javascript; charset=utf-8", NULL, 0},
    {"/console/devices.js", "devices.js", "text/javascript; charset=utf-8", NULL, 0},
    {"/console/chart_svg.js", "chart_svg.js", "text/javascript; charset=utf-8", NULL, 0},
};

bool hub_console_file_known(const char *path)
{
    for (size_t i = 0; i < HUB_CONSOLE_FILES; i++)
        if (strcmp(path, FILES[i].path) == 0) return true;
    return false;
}

enum {
    HTTP_OK = 200,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_METHOD = 405,
    HTTP_UNSUPPORTED = 415,
    HTTP_TOO_MANY = 429,
    HTTP_INTERNAL = 500,
};

/* Where the page is when the hub runs from the source tree (build/aukio-hub: ../console) or is
 * installed (/usr/sbin/aukio-hub: ../share/aukio-hub/console), seen from the running program:
 * the first of those that holds index.html, into OUT. No path of the build machine is compiled
 * in. */
static bool console_dir_near_program(char *out, size_t n)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return false;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return false;
    *slash = '\0';
    static const char *const NEAR[] = {"../console", "console", "../share/aukio-hub/console"};
    for (size_t i = 0; i < sizeof NEAR / sizeof NEAR[0]; i++) {
        char index[PATH_MAX + 64];
        snprintf(out, n, "%.3900s/%s", exe, NEAR[i]);
        snprintf(index, sizeof index, "%s/index.html", out);
        if (access(index, R_OK) == 0) return true;
    }
    return false;
}

int hub_console_init(HubConsole *c, HubStore *store, const char *dir, bool secure, int idle_s,
                     char *err, size_t n)
{
    memset(c, 0, sizeof *c);
    c->store = store;
    c->secure = secure;
    c->idle_s = idle_s > 0 ? idle_s : HUB_CONSOLE_IDLE_S_DEFAULT;
    c->max_s = HUB_CONSOLE_MAX_S;
    /* Tests end sessions in seconds (tests/scripts/hub_console.sh). */
    const char *idle = getenv("AUKIO_HUB_CONSOLE_IDLE_S");
    long v;
    if (idle && *idle && parse_long(idle, 1, 86400, &v) == 0) c->idle_s = (int)v;
    pthread_mutex_init(&c->hash_lock, NULL);
    memcpy(c->files, FILES, sizeof FILES);
    if (!dir || !*dir) dir = getenv("AUKIO_CONSOLE_DIR");
    char found[PATH_MAX];
    if ((!dir || !*dir) && console_dir_near_program(found, sizeof found)) dir = found;
    if (!dir || !*dir) dir = "/usr/share/aukio-hub/console";
    c->have_files = true;
    for (int i = 0; i < HUB_CONSOLE_FILES; i++) {
        const char *name = c->files[i].name;
        bool optional = name[0] == '/';
        /* Tests and a hub run from elsewhere may name another copy of the library. */
        const char *chartjs = getenv("AUKIO_CHARTJS");
        if (optional && chartjs && *chartjs) name = chartjs;
        char path[PATH_MAX + 64];
        if (optional)
            snprintf(path, sizeof path, "%.4000s", name);
        else
            snprintf(path, sizeof path, "%.4000s/%s", dir, name);
        if (file_read(path, HUB_CONSOLE_FILE_MAX, &c->files[i].data, &c->files[i].len, err, n) !=
            AUKIO_OK) {
            if (optional) {
                fprintf(stderr, "aukio-hub: the console's charts are not drawn: %s\n", err);
                c->files[i].data = NULL;
                continue;
            }
            fprintf(stderr, "aukio-hub: the console's page is not served: %s\n", err);
            c->have_files = false;
            break;
        }
    }
    if (!c->have_files) {
        for (int i = 0; i < HUB_CONSOLE_FILES; i++) {
            free(c->files[i].data);
            c->files[i].data = NULL;
        }
    }
    return AUKIO_OK;
}

void hub_console_deinit(HubConsole *c)
{
    for (int i = 0; i < HUB_CONSOLE_FILES; i++)
        free(c->files[i].data);
    pthread_mutex_destroy(&c->hash_lock);
    memset(c, 0, sizeof *c);
}

bool hub_console_path(const char *path)
{
    return strncmp(path, "/console", 8) == 0 && (path[8] == '\0' || path[8] == '/');
}

void hub_console_response_deinit(HubConsoleResponse *out)
{
    if (!out->borrowed) free(out->body);
    out->body = NULL;
}

/* ---- Answers ------------------------------------------------------------------------------ */

/* ---- The page's files --------------------------------------------------------------------- */

static void serve_file(HubConsole *c, const char *path, HubConsoleResponse *out)
{
    if (strcmp(path, "/console") == 0 || strcmp(path, "/console/index.html") == 0)
        path = "/console/";
    for (int i = 0; i < HUB_CONSOLE_FILES; i++) {
        if (strcmp(path, c->files[i].path) != 0) continue;
        if (!c->have_files || !c->files[i].data) {
            hub_console_error(out, HTTP_NOT_FOUND, "no_page",
                              "the console's files were not found when the hub started "
                              "(serve --console-dir DIR)");
            return;
        }
        out->status = HTTP_OK;
        out->body = c->files[i].data;
        out->len = c->files[i].len;
        out->borrowed = true;
        out->content_type = c->files[i].type;
        return;
    }
    hub_console_error(out, HTTP_NOT_FOUND, "not_found", "no such page");
}

/* ---- Sessions ----------------------------------------------------------------------------- */

static json_t *who_json(const HubConsoleWho *w, bool with_csrf)
{
    json_t *venues = json_array();
    for (int i = 0; i < w->user.n_venues; i++)
        json_array_append_new(venues, json_string(w->user.venues[i]));
    json_t *j =
        json_pack("{s:s,s:s,s:o}", "user", w->user.name, "role",
                  w->user.role == HUB_ROLE_LIBRARY ? "library" : "coordinator", "venues", venues);
    if (j && with_csrf) {
        char csrf[HUB_CSRF_BUF];
        hub_session_csrf(w->token, csrf);
        json_object_set_new(j, "csrf", json_string(csrf));
    }
    return j;
}

/* The session of RQ's cookie into *WHO: AUKIO_OK, AUKIO_ERR_NOT_FOUND (none, or expired), or
 * AUKIO_ERR with ERR. */
static int session_of(HubConsole *c, const HubConsoleRequest *rq, int64_t now, HubConsoleWho *who,
                      char *err, size_t n)
{
    memset(who, 0, sizeof *who);
    if (!hub_session_from_cookie(rq->cookie, who->token)) return AUKIO_ERR_NOT_FOUND;
    uint8_t hash[HUB_HASH_LEN];
    hub_token_hash(who->token, hash);
    int64_t uid = 0;
    const HubConsoleStore *cs = c->store->console;
    int rc = cs->session_get(c->store, hash, now, c->idle_s, c->max_s, &uid, err, n);
    if (rc == AUKIO_OK) rc = cs->user_get(c->store, NULL, uid, &who->user, err, n);
    sodium_memzero(who->user.pw_hash, sizeof who->user.pw_hash);
    return rc;
}

/* A JSON object body with string members NAME and PASSWORD; NULL with the 400 in *OUT. */
static json_t *login_body(const HubConsoleRequest *rq, const char **name, const char **password,
                          HubConsoleResponse *out)
{
    json_t *j = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, NULL);
    *name = json_string_value(json_object_get(j, "name"));
    *password = json_string_value(json_object_get(j, "password"));
    if (!*name || !*password) {
        json_decref(j);
        hub_console_error(out, HTTP_BAD_REQUEST, "bad_request",
                          "a JSON object with \"name\" and \"password\" is expected");
        return NULL;
    }
    return j;
}

/* A wrong name, a wrong password and a locked account get this same answer after the same work,
 * so that ten tries do not tell whether a name exists. */
static void wrong(HubConsoleResponse *out)
{
    hub_console_error(out, HTTP_UNAUTHORIZED, "wrong",
                      "wrong name or password (after 10 wrong ones an account waits 15 minutes)");
}

/* Checks NAME's PASSWORD and records the attempt; AUKIO_OK with *U, or the answer in *OUT. */
static int login_check(HubConsole *c, const HubConsoleRequest *rq, int64_t now, const char *name,
                       const char *password, HubUser *u, HubConsoleResponse *out)
{
    const HubConsoleStore *cs = c->store->console;
    char err[256];
    const char *address = rq->address ? rq->address : "?";
    int fails = 0;
    if (cs->login_fails(c->store, address, now - HUB_CONSOLE_ADDRESS_WINDOW_S, &fails, err,
                        sizeof err) != AUKIO_OK) {
        hub_console_internal(out, err);
        return AUKIO_ERR;
    }
    if (fails >= HUB_CONSOLE_ADDRESS_FAILS) {
        hub_console_error(out, HTTP_TOO_MANY, "rate_limited",
                          "too many wrong sign-ins from this address; wait a while");
        out->retry_after = HUB_CONSOLE_ADDRESS_WINDOW_S;
        return AUKIO_ERR;
    }
    int rc = hub_user_name_ok(name) ? cs->user_get(c->store, name, 0, u, err, sizeof err)
                                    : AUKIO_ERR_NOT_FOUND;
    if (rc != AUKIO_OK && rc != AUKIO_ERR_NOT_FOUND) {
        hub_console_internal(out, err);
        return AUKIO_ERR;
    }
    bool known = rc == AUKIO_OK;
    /* A locked account's password is not checked (it cannot be guessed at), but the same work is
     * done as for a name that does not exist, and the attempt counts for the address only. */
    bool is_locked = known && u->locked_until > now;
    pthread_mutex_lock(&c->hash_lock);
    bool ok = hub_password_verify(known && !is_locked ? u->pw_hash : NULL, password);
    pthread_mutex_unlock(&c->hash_lock);
    sodium_memzero(u->pw_hash, sizeof u->pw_hash);
    ok = ok && !is_locked;
    int64_t until = 0;
    if (cs->login_record(c->store, address, known && !is_locked ? u->id : 0, ok, now,
                         HUB_CONSOLE_LOCK_FAILS, HUB_CONSOLE_LOCK_S, &until, err,
                         sizeof err) != AUKIO_OK) {
        hub_console_internal(out, err);
        return AUKIO_ERR;
    }
    if (ok) return AUKIO_OK;
    wrong(out);
    return AUKIO_ERR;
}

static void login(HubConsole *c, const HubConsoleRequest *rq, int64_t now, HubConsoleResponse *out)
{
    const char *name, *password;
    json_t *body = login_body(rq, &name, &password, out);
    if (!body) return;
    HubConsoleWho who;
    memset(&who, 0, sizeof who);
    int rc = login_check(c, rq, now, name, password, &who.user, out);
    /* The password leaves memory with the body. */
    sodium_memzero((char *)password, strlen(password));
    json_decref(body);
    if (rc != AUKIO_OK) return;
    hub_session_new(who.token);
    uint8_t hash[HUB_HASH_LEN];
    hub_token_hash(who.token, hash);
    char err[256];
    if (c->store->console->session_add(c->store, hash, who.user.id, now, err, sizeof err) !=
        AUKIO_OK) {
        hub_console_internal(out, err);
        return;
    }
    hub_console_json(out, HTTP_OK, who_json(&who, true));
    hub_session_set_cookie(who.token, c->secure, out->set_cookie);
    sodium_memzero(who.token, sizeof who.token);
}

static void logout(HubConsole *c, const HubConsoleWho *who, HubConsoleResponse *out)
{
    uint8_t hash[HUB_HASH_LEN];
    hub_token_hash(who->token, hash);
    char err[256];
    if (c->store->console->session_remove(c->store, hash, err, sizeof err) != AUKIO_OK) {
        hub_console_internal(out, err);
        return;
    }
    hub_console_json(out, HTTP_OK, json_pack("{s:b}", "signed_out", 1));
    hub_session_set_cookie(NULL, c->secure, out->set_cookie);
}

/* ---- Dispatch ----------------------------------------------------------------------------- */

/* Whether the request's body is declared JSON. A cross-site form cannot send that type without
 * the browser asking first (CORS), which the hub never allows. */
static bool body_is_json(const HubConsoleRequest *rq)
{
    return rq->content_type && strncasecmp(rq->content_type, "application/json", 16) == 0;
}

void hub_console_handle(HubConsole *c, const HubConsoleRequest *rq, HubConsoleResponse *out)
{
    memset(out, 0, sizeof *out);
    int64_t now = rq->now ? rq->now : now_s();
    bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    bool post = strcmp(rq->method, "POST") == 0;
    static const char api[] = "/console/api/";
    if (strncmp(rq->path, api, sizeof api - 1) != 0) {
        if (!get)
            hub_console_error(out, HTTP_METHOD, "method", "use GET");
        else
            serve_file(c, rq->path, out);
        return;
    }
    const char *route = rq->path + sizeof api - 1;
    if (!get && !post) {
        hub_console_error(out, HTTP_METHOD, "method", "use GET or POST");
        return;
    }
    if (post && !body_is_json(rq)) {
        hub_console_error(out, HTTP_UNSUPPORTED, "content_type",
                          "a change is sent as Content-Type: application/json");
        return;
    }
    if (strcmp(route, "login") == 0) {
        if (!post)
            hub_console_error(out, HTTP_METHOD, "method", "use POST");
        else
            login(c, rq, now, out);
        return;
    }
    HubConsoleWho who;
    char err[256];
    int rc = session_of(c, rq, now, &who, err, sizeof err);
    if (rc == AUKIO_ERR_NOT_FOUND) {
        hub_console_error(out, HTTP_UNAUTHORIZED, "signed_out", "sign in first");
        hub_session_set_cookie(NULL, c->secure, out->set_cookie);
        return;
    }
    if (rc != AUKIO_OK) {
        hub_console_internal(out, err);
        return;
    }
    /* A signed-in user's connection is kept like a kiosk's under a flood of strangers. */
    out->authenticated = true;
    /* Every change carries the session's CSRF token; without it nothing is read further. */
    if (post && !hub_session_csrf_ok(who.token, rq->csrf)) {
        hub_console_error(out, HTTP_FORBIDDEN, "csrf",
                          "this change lacks the page's token; reload the page");
    } else if (strcmp(route, "session") == 0 && get) {
        hub_console_json(out, HTTP_OK, who_json(&who, true));
    } else if (strcmp(route, "logout") == 0 && post) {
        logout(c, &who, out);
    } else {
        hub_console_pages(c, &who, rq, route, out);
    }
    sodium_memzero(who.token, sizeof who.token);
}
