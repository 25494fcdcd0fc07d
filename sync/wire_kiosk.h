/*
 * wire_kiosk.h: what a kiosk says about itself, and how it is enrolled from a QR code
 * (sync/PROTOCOL.md, "Enrolment by QR code" and "What a kiosk reports"). Shared by the hub and the
 * kiosk; no I/O, no jansson.
 */
#ifndef AUKIO_WIRE_KIOSK_H
#define AUKIO_WIRE_KIOSK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "wire.h"

/* ---- What a kiosk reports on the first page of its round's pull --------------------------- */

/* A version is 1..WIRE_VERSION_MAX of A-Z a-z 0-9 and . + ~ - (AUKIO_VERSION, "0.1.0"). */
#define WIRE_VERSION_MAX 32
/* Records waiting are 0..WIRE_WAITING_MAX. */
#define WIRE_WAITING_MAX 10000000L

typedef struct {
    bool present; /* the request carried a report at all (older kiosks do not) */
    long waiting; /* records the kiosk still has to push after this round's push */
    char version[WIRE_VERSION_MAX + 1];
} WireReport;

bool wire_version_ok(const char *s);

/* "&waiting=W&version=V" for the query of GET /v1/changes into BUF. Returns 0, or -1 when it does
 * not fit or VERSION is not a version. */
int wire_report_query(char *buf, size_t n, long waiting, const char *version) AUKIO_MUST_CHECK;

/* The query's waiting= and version= values (each NULL when absent) into *OUT. Both absent: a
 * report that is not there (present false), 0. Returns -1 with WHY when only one is there or
 * either is malformed (the hub answers 400). */
int wire_report_parse(const char *waiting, const char *version, WireReport *out, char *why,
                      size_t whylen) AUKIO_MUST_CHECK;

/* ---- Enrolment by QR code: aukio-enrol:v1?hub=URL&token=aue_... --------------------------- */

#define WIRE_ENROL_SCHEME "aukio-enrol:v1?"
#define WIRE_HUB_URL_MAX 255
/* The longest enrolment text: the scheme, both keys, the hub and the token. */
#define WIRE_ENROL_TEXT_MAX (sizeof WIRE_ENROL_SCHEME + 12 + 3 * WIRE_HUB_URL_MAX + WIRE_TOKEN_MAX)

/* Whether S is a hub URL a kiosk may enrol with: http:// or https://, a host, then printable
 * ASCII without spaces, at most WIRE_HUB_URL_MAX bytes. */
bool wire_hub_url_ok(const char *s);
/* Whether S is an enrolment token: "aue_" then base64url, at most WIRE_TOKEN_MAX bytes. */
bool wire_enrol_token_ok(const char *s);

/* The enrolment text of HUB and TOKEN into BUF (the hub's URL percent-encoded where it holds
 * anything but A-Z a-z 0-9 - . _ ~ : / @ [ ]). Returns 0, or -1 when either is malformed or it
 * does not fit. */
int wire_enrol_text_build(char *buf, size_t n, const char *hub, const char *token) AUKIO_MUST_CHECK;

/* Reads TEXT (what a scanner typed; surrounding spaces and a final newline are ignored) into HUB
 * (WIRE_HUB_URL_MAX + 1 bytes) and TOKEN (WIRE_TOKEN_MAX + 1 bytes). Returns 0, or -1 with WHY,
 * a sentence for staff, when it is not an Aukio enrolment code or a part is malformed. */
int wire_enrol_text_parse(const char *text, char *hub, char *token, char *why,
                          size_t whylen) AUKIO_MUST_CHECK;

#endif
