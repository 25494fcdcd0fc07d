/*
 * device_token.h: where the kiosk keeps the device token its hub issued at enrolment (issue 14):
 * a state file of its own, mode 0600, owned by the kiosk's user (the config's `token_file`,
 * default the database's name + ".token", e.g. /var/lib/aukio/aukio.db.token), never the
 * config, which staff copy, mail and leave readable. An old config's `token` is read once and
 * moved there.
 */
#ifndef AUKIO_DEVICE_TOKEN_H
#define AUKIO_DEVICE_TOKEN_H

#include <stddef.h>

#include "config.h"
#include "result.h"

/* The token file of C into OUT: C->token_file, else C->database + ".token". */
void device_token_path(const Config *c, char *out, size_t n);

/* Reads the token file into C->hub_token. When it is missing and the config held a `token`
 * (an old kiosk), that token is written to the file and the `token` line removed from
 * CONFIG_PATH; a config the kiosk may not rewrite keeps the line, which is ignored from then
 * on (said on stderr). When both hold a token the file's wins. A token file others may read, or
 * one that holds no token, is an error naming it: AUKIO_ERR with ERR. */
AukioRc device_token_load(Config *c, const char *config_path, char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* Writes TOKEN to PATH whole or not at all, mode 0600; run as root, the file is given to the
 * owner of its directory (the kiosk's state directory), so that the kiosk's user can read it. */
AukioRc device_token_save(const char *path, const char *token, char *err,
                          size_t errlen) AUKIO_MUST_CHECK;

/* Run as root (an administrator's `sudo aukio enrol`), gives FD to the owner of PATH's
 * directory, the kiosk's state directory: the kiosk's user must read what root wrote. */
void device_token_give_to_owner(int fd, const char *path);

#endif
