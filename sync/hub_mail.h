/*
 * hub_mail.h: the hub's mail to visitors, as messages: what one outbox row holds, the checks
 * applied before a row is queued (addresses, texts), and the RFC 5322 / MIME message built from
 * a row (hub_mail.c, the wording in all three languages in hub_mail_text.c). No storage and no
 * network: hub_store_sqlite_mail.c queues rows, hub_mailer.c sends them (README.md, "Mail to
 * visitors").
 */
#ifndef AUKIO_HUB_MAIL_H
#define AUKIO_HUB_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "event.h"
#include "lang.h"
#include "result.h"

/* Why a visitor gets mail; the numbers are stored (mail_outbox.kind). */
typedef enum {
    HUB_MAIL_CONFIRMED = 1,       /* signed up and confirmed (with the event as .ics) */
    HUB_MAIL_WAITLISTED = 2,      /* on the waiting list, with the position */
    HUB_MAIL_PROMOTED = 3,        /* from the waiting list to confirmed (with .ics) */
    HUB_MAIL_CANCELLED = 4,       /* the sign-up was cancelled */
    HUB_MAIL_EVENT_CANCELLED = 5, /* the event was cancelled */
    HUB_MAIL_EVENT_MOVED = 6,     /* the event's start time changed (with the new .ics) */
} HubMailKind;

/* A row's state, stored (mail_outbox.state). PENDING rows are sent when due; SENDING is set just
 * before the end of the message goes to the SMTP server and left only for SENT (the server
 * answered 250) or, on a failure that proves the server did not take it, PENDING again. A row
 * found SENDING when the hub starts becomes UNSURE and is never sent again (at most once in the
 * one case SMTP cannot decide; README.md, "Mail to visitors"). SENT, FAILED and UNSURE rows keep
 * no personal data. */
typedef enum {
    HUB_MAIL_PENDING = 0,
    HUB_MAIL_SENDING = 1,
    HUB_MAIL_SENT = 2,
    HUB_MAIL_FAILED = 3,
    HUB_MAIL_UNSURE = 4,
    HUB_MAIL_STATES = 5
} HubMailState;

/* "pending", "sending", "sent", "failed", "unsure". */
const char *hub_mail_state_name(int state);

/* The longest address accepted (RFC 5321's path limit less the brackets). */
#define HUB_MAIL_ADDRESS_MAX 254

/* One message as the outbox keeps it. Strings are owned (hub_mail_deinit frees them); NULL reads
 * as "". */
typedef struct {
    int64_t id; /* the outbox row: also the Message-ID, so a resend is recognisable */
    HubMailKind kind;
    int attempts;
    int64_t created_at; /* when the change happened: the Date header */
    char *to;           /* checked by hub_mail_address_ok */
    char *name;         /* the visitor's own name, the only personal data in the text */
    Lang lang;
    char *code; /* confirmation code */
    int position;
    char *event_id; /* the calendar UID is built from it */
    char *title;    /* in LANG, with fallback */
    char *venue;
    int64_t start_time, end_time; /* 0 = not known */
} HubMail;

void hub_mail_deinit(HubMail *m);

/* True when A is a plain ASCII addr-spec that is safe in an SMTP command and a header: one '@',
 * a dot-atom local part of at most 64 bytes, a domain of at least two labels of letters, digits
 * and inner hyphens, at most HUB_MAIL_ADDRESS_MAX bytes in all. No spaces, quotes, brackets or
 * control characters (so "a@b.fi\r\nBcc: x@y" is refused). Internationalised addresses are not
 * accepted. */
bool hub_mail_address_ok(const char *a);

/* SRC (NULL = "") as one line of at most CAP - 1 bytes: control characters (CR, LF, tab, ...)
 * become spaces, invalid UTF-8 becomes '?', and a cut never splits a character. Into DST;
 * returns DST. */
char *hub_mail_clean(char *dst, size_t cap, const char *src);

/* The event's title in LANG (fallback fi -> en -> sv) and its place ("Venue, street, town", as
 * much of it as the event has), cleaned (hub_mail_clean), into TITLE and VENUE. */
void hub_mail_event_texts(const Event *ev, Lang lang, char *title, size_t title_cap, char *venue,
                          size_t venue_cap);

/* START (and END when on the same day) in Europe/Helsinki time as LANG writes it:
 * "ti 15.12.2026 klo 17.00–18.30", "tis 15.12.2026 kl. 17.00–18.30",
 * "Tue 15 Dec 2026, 17:00–18:30"; a word for "to be announced" when START is 0. Into BUF. */
void hub_mail_format_time(int64_t start, int64_t end, Lang lang, char *buf, size_t n);

/* What a message needs besides its row. */
typedef struct {
    const char *from;   /* the envelope and From address (hub_mail_address_ok) */
    const char *domain; /* for Message-ID and the calendar UID: the part of FROM after '@' */
    const char *epoch;  /* the hub database's epoch (32 hex digits), so ids differ between hubs */
} HubMailEnv;

/* Appends M as a complete message (headers, CRLF line ends, multipart/mixed: a base64
 * text/plain; charset=UTF-8 part and, for confirmations, promotions and moves of an event with a
 * time, the event as a base64 text/calendar part built with libical) to OUT. */
int hub_mail_build(const HubMail *m, const HubMailEnv *env, Buf *out, char *err,
                   size_t n) AUKIO_MUST_CHECK;

/* Frees what libical caches (its time zones); after the last hub_mail_build. */
void hub_mail_cleanup(void);

/* ---- The wording (hub_mail_text.c) ------------------------------------------------------- */

/* The texts of one kind of message in one language. */
typedef struct {
    const char *subject;     /* "...: " followed by the event's title */
    const char *intro;       /* the paragraph after the greeting; "%d" is the position where used */
    const char *intro_nopos; /* the same without a position (waiting list only; else NULL) */
    bool calendar;           /* attach the event as .ics */
} HubMailWords;

/* The labels and fixed lines of LANG. */
typedef struct {
    const char *hello, *hello_noname; /* "Hei %s," / "Hei," */
    const char *time, *place, *code;  /* "Aika", "Paikka", "Vahvistuskoodi" */
    const char *calendar_note;        /* "the event is attached ..." */
    const char *bye;                  /* the sign-off, lines separated by \n */
    const char *tba;                  /* a time not yet known */
    const char *const *weekdays;      /* 7 short names, Sunday first */
    const char *const *months;        /* 12 short names (English only; else NULL) */
} HubMailLabels;

const HubMailWords *hub_mail_words(HubMailKind kind, Lang lang);
const HubMailLabels *hub_mail_labels(Lang lang);

#endif
