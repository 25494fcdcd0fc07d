/*
 * calendar.h: what the kiosk's QR code holds, so that a phone takes an event home.
 *
 * A phone camera turns the QR code into a calendar entry (an iCalendar VEVENT) or opens a web
 * page. The event's own page (Linked Events info_url) is the better of the two when the event has
 * one: it stays current when the event changes. Nothing of the visitor is in either: the same
 * code is on the detail screen, in front of everyone.
 */
#ifndef AUKIO_CALENDAR_H
#define AUKIO_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/* EV as one iCalendar VEVENT in LANG (RFC 5545, built by libical, so TEXT values are escaped
 * and long lines folded): SUMMARY, DTSTART and DTEND in UTC, LOCATION (venue, address), UID
 * "<event id>@aukio" (the same on every kiosk and every day, so a phone that scans the event
 * twice keeps one entry) and DTSTAMP = NOW (Unix s). The VEVENT stands alone, without a
 * VCALENDAR around it, as QR calendar codes are written (ZXing's "BEGIN:VEVENT" format), which
 * keeps the code small enough to scan from across a desk. Caller frees (free()); NULL when EV
 * has no start time (a postponed event) or memory ran out. */
char *calendar_vevent(const Event *ev, Lang lang, int64_t now);

/* The QR code's text for EV in LANG: its web page when it has one, else calendar_vevent.
 * Caller frees; NULL when there is nothing to take home. */
char *calendar_qr_text(const Event *ev, Lang lang, int64_t now);

/* Whether a QR text from calendar_qr_text is a web page (the caption says "open the event's
 * page") rather than a calendar entry. */
bool calendar_is_url(const char *qr_text);

#endif
