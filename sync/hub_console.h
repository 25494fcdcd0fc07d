/*
 * hub_console.h: the coordinator's console as a plain function, request in, response out, with no
 * sockets (README.md, "Console"). hub_http.c hands it every request under /console and adds the
 * headers every console answer carries (HUB_CONSOLE_CSP and the rest, hub_console_headers).
 *
 * Two kinds of answer:
 *   /console/ and its few files: the page, a static HTML/JS/CSS application shipped with the hub
 *     (console/ in the source tree, read once at start into memory; no other path is served);
 *   /console/api/...: JSON, built with jansson, for the page to render with DOM textContent.
 * No answer ever has HTML built from data, so a visitor's name such as
 * <img src=x onerror=alert(1)> can only ever be text; the CSP forbids inline script besides.
 *
 * Every API call but login needs a live session (401 otherwise); every change also needs the
 * session's CSRF token in X-CSRF-Token (403 and nothing changed otherwise). What a library user
 * may see and change (its venues' events and kiosks) is decided here, never by the page.
 */
#ifndef AUKIO_HUB_CONSOLE_H
#define AUKIO_HUB_CONSOLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub_console_auth.h"
#include "hub_store.h"

/* The files of the page: a fixed list, each read whole at start. */
#define HUB_CONSOLE_FILES 10
/* Where Debian's libjs-chart.js puts the library ($AUKIO_CHARTJS names another). */
#define HUB_CONSOLE_CHARTJS "/usr/share/javascript/chart.js/chart.min.js"
#define HUB_CONSOLE_FILE_MAX (1024 * 1024)

typedef struct {
    const char *path; /* as requested: "/console/console.js" */
    const char *name; /* in the console folder */
    const char *type; /* Content-Type */
    char *data;
    size_t len;
} HubConsoleFile;

typedef struct {
    HubStore *store;
    bool secure;     /* served over HTTPS: cookies are Secure */
    int idle_s;      /* a session ends after this long unused */
    int max_s;       /* ... and this long after sign-in */
    bool have_files; /* the page's files were found (else /console/ says where to put them) */
    HubConsoleFile files[HUB_CONSOLE_FILES];
    pthread_mutex_t hash_lock; /* one Argon2id check at a time: 64 MiB each */
} HubConsole;

/* Sets C up over STORE (borrowed). DIR is the folder of the page's files (NULL: $AUKIO_CONSOLE_DIR,
 * else the source tree's console/); a missing folder is not an error (the API still answers and
 * /console/ says why there is no page). IDLE_S 0 = HUB_CONSOLE_IDLE_S_DEFAULT. */
int hub_console_init(HubConsole *c, HubStore *store, const char *dir, bool secure, int idle_s,
                     char *err, size_t n) AUKIO_MUST_CHECK;
void hub_console_deinit(HubConsole *c);

/* Whether PATH is the console's. */
bool hub_console_path(const char *path);

typedef struct {
    const char *method, *path;
    const char *query_id;     /* the query's id=, or NULL */
    const char *query_format; /* the query's format= (export: csv, excel, xlsx), or NULL */
    const char *query_offset, *query_limit; /* offset=, limit=: a page of a long list, or NULL */
    const char *query_from, *query_to;      /* from=, to= (report: YYYY-MM-DD), or NULL */
    const char *query_by;                   /* by= (report: municipality, venue, ...), or NULL */
    const char *cookie;                     /* the Cookie header, or NULL */
    const char *csrf;                       /* the X-CSRF-Token header, or NULL */
    const char *content_type;               /* the Content-Type header, or NULL */
    const char *address;                    /* the client's address, for the login rate limit */
    const char *body;                       /* may hold NUL bytes; NULL when BODY_LEN is 0 */
    size_t body_len;
    int64_t now; /* the wall clock; 0 = read it */
} HubConsoleRequest;

typedef struct {
    unsigned status;
    char *body; /* malloc'd unless BORROWED; never NULL after hub_console_handle */
    size_t len;
    bool borrowed;                   /* BODY is one of the console's files */
    const char *content_type;        /* static */
    char set_cookie[HUB_COOKIE_BUF]; /* "" = none */
    char disposition[128];           /* Content-Disposition, "" = none (a download) */
    int retry_after;                 /* seconds, 0 = none */
    bool authenticated;              /* the request carried a live session (hub_conns.h) */
} HubConsoleResponse;

/* The Content-Security-Policy of every console answer: scripts, styles and connections from the
 * hub only, nothing inline, no framing. */
extern const char HUB_CONSOLE_CSP[];

void hub_console_handle(HubConsole *c, const HubConsoleRequest *rq, HubConsoleResponse *out);
void hub_console_response_deinit(HubConsoleResponse *out);

/* ---- Inside the console (hub_console.c, hub_console_pages.c) ----------------------------- */

/* Who asks, once the session is known. */
typedef struct {
    HubUser user;
    char token[HUB_TOKEN_BUF];
} HubConsoleWho;

/* Sets *OUT to STATUS with the JSON BODY (handed over; NULL: out of memory, a 500). */
void hub_console_reply(HubConsoleResponse *out, unsigned status, char *body);
/* {"error": CODE, "message": MESSAGE} with STATUS. */
void hub_console_error(HubConsoleResponse *out, unsigned status, const char *code,
                       const char *message);
/* STATUS with J (a jansson json_t, taken over; NULL: out of memory, a 500) as its body. */
void hub_console_json(HubConsoleResponse *out, unsigned status, void *j);
/* The hub's own failure ERR: written in the log (never a visitor's data), a 500 to the page. */
void hub_console_internal(HubConsoleResponse *out, const char *err);
/* A POST's body as a JSON object (a jansson json_t, the caller's); NULL with the 400 in *OUT. */
void *hub_console_body(const HubConsoleRequest *rq, HubConsoleResponse *out);
/* Object J's string member KEY, or "" when it has none. */
const char *hub_console_member(const void *j, const char *key);

/* Whether U reaches the event whose stored JSON is EVENT_DOC (a jansson json_t), and a kiosk at
 * VENUE (hub_console_reach.c). */
bool hub_console_event_reach(const HubUser *u, const void *event_doc);
bool hub_console_kiosk_reach(const HubUser *u, const char *venue);

/* The feedback page's call (hub_console_feedback.c): GET feedback. */
void hub_console_feedback(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out);

/* The coordinators' pages (hub_console_admin.c): GET sources, GET users. */
void hub_console_sources(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                         int64_t now, HubConsoleResponse *out);
void hub_console_users(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       int64_t now, HubConsoleResponse *out);
/* POST users/unlock {name}: lifts a user's lock (written in the audit log). */
void hub_console_user_unlock(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out);

/* ---- An event's waiting list, its XLSX, the annual reports (con-reports) ----------------- */

/* RQ's offset= and limit= (both optional; limit 0 = all, at most 1000) into *OFFSET and *LIMIT;
 * false with the 400 in *OUT when they are not whole numbers in range (hub_console_event.c). */
bool hub_console_query_page(const HubConsoleRequest *rq, long *offset, long *limit,
                            HubConsoleResponse *out);
/* POST signup/move {event, signup, raise}: a waitlisted sign-up into a seat out of turn; when
 * its party does not fit, 409 no_room with the seats it needs, or with raise true the capacity
 * raised by them in the same transaction (hub_console_event.c). */
void hub_console_signup_move(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out);
/* GET export?id=ID&format=xlsx: the attendees as an XLSX workbook (hub_console_event.c). */
void hub_console_export_xlsx(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out);
/* GET report?from=&to=&by=&format=json|csv|xlsx: the annual statistics (hub_console_reports.c). */
void hub_console_report(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                        int64_t now, HubConsoleResponse *out);
/* The coordinators' changes (hub_console_manage.c): POST sources/add {name, url, kind, every,
 * venue}, sources/fetch {name}, sources/remove {name}; users/add {name, role, venues, password},
 * users/passwd {name, password}, users/remove {name} (not oneself, not the last coordinator). */
void hub_console_source_add(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                            int64_t now, HubConsoleResponse *out);
void hub_console_source_fetch(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                              int64_t now, HubConsoleResponse *out);
void hub_console_source_remove(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                               int64_t now, HubConsoleResponse *out);
void hub_console_user_add(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                          int64_t now, HubConsoleResponse *out);
void hub_console_user_passwd(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out);
void hub_console_user_remove(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                             int64_t now, HubConsoleResponse *out);
/* The kiosks page's enrolment code (hub_console_kiosks.c): to ANSWER (a jansson object) of a
 * kiosk just added with TOKEN, "enrol", the text a kiosk's staff mode reads (wire_kiosk.h:
 * aukio-enrol:v1?hub=HUB&token=TOKEN), and "qr", that text's QR code as an SVG data: URL, when
 * HUB (the page's own address) is a hub URL; nothing when it is not. Returns false when out of
 * memory. */
bool hub_console_kiosk_enrol(void *answer, const char *hub, const char *token);
/* Whether PATH is one of the page's files (hub_console.c) / ROUTE one of the API's calls after
 * the session's own (hub_console_pages.c). */
bool hub_console_file_known(const char *path);
bool hub_console_route_known(const char *route);
/* PATH (under /console) as the access log shows it: the page's files and the API's calls by
 * name; anything else, which may carry what a stranger typed, as "/console/(other)". */
const char *hub_console_path_shown(const char *path);
/* The QR code of TEXT as an SVG document (malloc'd; NULL when TEXT does not fit a QR code or
 * memory ran out): one dark path on a light square with the 4-module quiet zone. */
char *hub_qr_svg(const char *text);

/* The pages' API calls (hub_console_pages.c): ROUTE is the path after /console/api/. A POST's
 * CSRF token has been checked. */
void hub_console_pages(HubConsole *c, const HubConsoleWho *who, const HubConsoleRequest *rq,
                       const char *route, HubConsoleResponse *out);

#endif
