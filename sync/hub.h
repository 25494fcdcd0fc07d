/*
 * hub.h: the hub's parts above the store: tokens, the HTTP server and the command line.
 */
#ifndef AUKIO_HUB_H
#define AUKIO_HUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub_conns.h"
#include "hub_store.h"

/* ---- Tokens (hub_auth.c) ------------------------------------------------------------------ */

#define HUB_TOKEN_BUF 64 /* "aud_" + 43 base64url characters + NUL */

/* A fresh random token: PREFIX ("aue_" for enrolment, "aud_" for devices) and 32 random bytes in
 * unpadded base64url. OUT holds at least HUB_TOKEN_BUF bytes. */
void hub_token_new(const char *prefix, char out[HUB_TOKEN_BUF]);

/* The device token of an enrolment with a kiosk-chosen REQUEST_ID: "aud_" and
 * crypto_generichash keyed with the hub's KEY (meta.enrol_key) over ENROL_TOKEN and REQUEST_ID,
 * so a retry of the same enrolment gets the same token while the hub stores only its hash, and
 * neither a stolen database (no enrolment token in it) nor a seen enrolment token (no key) yields
 * it. OUT holds at least HUB_TOKEN_BUF bytes. */
void hub_token_derive(const uint8_t key[HUB_HASH_LEN], const char *enrol_token,
                      const char *request_id, char out[HUB_TOKEN_BUF]);

/* The hash the store keeps instead of TOKEN. */
void hub_token_hash(const char *token, uint8_t out[HUB_HASH_LEN]);

/* ---- Mail to visitors (hub_mailer.c; messages in hub_mail.c) ---------------------------- */

typedef struct {
    const char *smtp_url; /* smtp://HOST[:PORT] (STARTTLS when offered) or smtps://; NULL = off */
    const char *user;     /* SMTP AUTH user, or NULL */
    const char *password; /* read once from --smtp-password-file; never logged; or NULL */
    const char *from;     /* envelope and From address */
    int backoff_s;        /* the first retry's delay; each further one doubles, up to an hour */
    int give_up_s;        /* a message not sent this long after its change is marked failed */
} HubMailConfig;

typedef struct HubMailer HubMailer;

/* AUKIO_OK when URL is an smtp:// or smtps:// URL with a host; else a message naming it. */
int hub_mailer_check_url(const char *url, char *err, size_t n) AUKIO_MUST_CHECK;

/* Turns the database's mail on (CFG->smtp_url set) or off, marks rows a stopped hub left
 * mid-message as unsure, and with a URL starts the thread that sends due rows of STORE until
 * hub_mailer_stop. *OUT is NULL when mail is off. The caller keeps STORE and CFG. */
int hub_mailer_start(HubMailer **out, HubStore *store, const HubMailConfig *cfg, char *err,
                     size_t n) AUKIO_MUST_CHECK;

/* Stops the thread (a message whose end already went out is finished first) and frees M. */
void hub_mailer_stop(HubMailer *m);

/* ---- HTTP server (hub_http.c) ------------------------------------------------------------- */

typedef struct {
    const char *listen;    /* "127.0.0.1:8443", "[::1]:8443", ":8443" (all IPv4 addresses) */
    const char *cert_file; /* both set = HTTPS */
    const char *key_file;
    const char *port_file; /* if set, the bound port is written here once listening */
    bool access_log;       /* one line per request on stderr (--access-log) */
    int threads;           /* MHD worker threads (thread pool, epoll) */
    int max_writers;       /* write requests queued beyond this get 503 + Retry-After */
    int idle_timeout_s;    /* MHD's inactivity timeout of a connection */
    size_t page_bytes;     /* the byte budget of a page of changes (hub_api.h) */
    int device_rate;       /* pushes + grants per second per device, 0 = no limit (hub_api.h) */
    int device_burst;      /* ... and the burst above that rate */
    HubConnLimits conns;   /* connections and request deadlines (hub_conns.h) */
    HubPolicy policy;
    HubMailConfig mail;
    const char *console_dir; /* the console's page files (hub_console.h); NULL = the default */
    int console_idle_s;      /* a console session ends after this long unused; 0 = default */
} HubServerConfig;

void hub_server_config_defaults(HubServerConfig *cfg);

/* Serves until SIGINT or SIGTERM. Returns 0 after a clean stop, or -1 with ERR. The caller keeps
 * STORE. */
int hub_serve(HubStore *store, const HubServerConfig *cfg, char *err,
              size_t errlen) AUKIO_MUST_CHECK;

/* ---- Command line (hub_cli.c) ------------------------------------------------------------- */

/* The whole program: `aukio-hub COMMAND ...`. Returns the exit status. */
int hub_cli_main(int argc, char **argv);

/* `aukio-hub user ...` (hub_cli_user.c): whether ARGV's command is `user`, and the command. */
bool hub_cli_user_wanted(int argc, char **argv);
int hub_cli_user_main(int argc, char **argv);

#endif
