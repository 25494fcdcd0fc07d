/*
 * config.h: the kiosk's INI configuration file (parsed with inih).
 *
 *   [kiosk]
 *   name = Lahden pääkirjasto, aula
 *   venue = Lahden pääkirjasto
 *   language = fi                ; fi | sv | en: the language after idle
 *   database = /var/lib/aukio/aukio.db
 *   timezone = Europe/Helsinki
 *   retention_days = 14          ; personal data of ended events is wiped after this
 *   [timeouts]
 *   idle = 60                    ; seconds without a touch before returning to the start
 *   confirmation = 20            ; shorter on confirmation and thank-you screens
 *   [sync]
 *   hub = https://hub.example.fi:8443
 *   token_file = /var/lib/aukio/device-token  ; default: the database's name + ".token"
 *   interval = 60
 *   ca_file = /etc/aukio/hub-ca.pem
 *   [speech]
 *   mode = off                   ; off | offered (the attract screen says it aloud) | always
 *   volume = 80                  ; percent, 10..100: where speech starts for each visitor
 *
 * Unknown sections or keys, and bad values, are errors with the line number: a typo in a kiosk's
 * config must not silently fall back to a default. Only a regular file of at most 1 MiB is read
 * (a FIFO, a directory or a device is refused), and a NUL byte in it is an error.
 */
#ifndef AUKIO_CONFIG_H
#define AUKIO_CONFIG_H

#include <stddef.h>

#include "i18n.h"
#include "result.h"

typedef struct {
    char kiosk_name[128];
    char venue[128];
    Lang language;
    char database[512];
    char timezone[64];
    int retention_days;
    int idle_timeout_s;
    int confirm_timeout_s;
    char hub_url[256];
    char hub_token[128]; /* the device token: read from token_file (device_token.c); an old
                          * config's `token` key is read here once and moved there */
    char token_file[512];
    int sync_interval_s;
    char ca_file[512];
    int speech_mode; /* SpeechConfig (app.h): 0 off, 1 offered, 2 always */
    int speech_volume;
} Config;

/* Built-in defaults: language fi, database "aukio.db", timezone Europe/Helsinki, idle 60 s,
 * confirmation 20 s, retention 14 days, sync interval 60 s, no hub. */
void config_defaults(Config *c);

/* Reads PATH over C's current values. Returns 0, or -1 with "FILE:LINE: why" in ERR; on error C
 * is left as it was before the call. */
int config_load(Config *c, const char *path, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Sets SECTION.KEY = VALUE in the file at PATH, keeping every other line and comment as it was,
 * adding the section or key when missing, creating the file when absent; written to a temporary
 * file and renamed into place. Returns 0 or -1 with ERR. */
int config_set(const char *path, const char *section, const char *key, const char *value, char *err,
               size_t errlen) AUKIO_MUST_CHECK;

/* Removes SECTION.KEY from the file at PATH (every other line kept), written as config_set
 * writes. Nothing to remove is success. Returns 0 or -1 with ERR. */
int config_unset(const char *path, const char *section, const char *key, char *err,
                 size_t errlen) AUKIO_MUST_CHECK;

/* config_set of N keys of one SECTION in one write: all of them or none. */
int config_set_many(const char *path, const char *section, const char *const *keys,
                    const char *const *values, int n, char *err, size_t errlen) AUKIO_MUST_CHECK;

/* Checks that config_set_many with these keys and values would succeed (the file can be read,
 * the new text reads back, a file can be created next to it) without writing anything. For
 * steps that cannot be undone, such as spending a one-time enrolment token. */
int config_check_set(const char *path, const char *section, const char *const *keys,
                     const char *const *values, int n, char *err, size_t errlen) AUKIO_MUST_CHECK;

#endif
