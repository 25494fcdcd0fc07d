/*
 * datefmt.h: dates and times the way each language writes them, in the process's local time
 * zone (TZ; the kiosk sets it from the config, default Europe/Helsinki).
 *
 *   fi  "ti 18.3. klo 18.30–20.30"
 *   sv  "tis 18.3 kl. 18.30–20.30"
 *   en  "Tue 18 Mar, 18:30–20:30"
 *
 * The dash is an en dash (U+2013). Spans over midnight into another day write both dates:
 * fi "la 1.6. klo 10.00 – su 2.6. klo 16.00", sv "lör 1.6 kl. 10.00 – sön 2.6 kl. 16.00",
 * en "Sat 1 Jun, 10:00 – Sun 2 Jun, 16:00". All functions write a NUL-terminated string,
 * truncated to fit N.
 */
#ifndef AUKIO_DATEFMT_H
#define AUKIO_DATEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "i18n.h"

/* A start/end span as above. END 0 (unknown) gives just the start: "ti 18.3. klo 18.30". */
void datefmt_span(char *buf, size_t n, Lang lang, int64_t start, int64_t end);

/* The dates of an all-day event (x_aukio.all_day): START local midnight of its first day, END
 * the midnight after its last (exclusive; 0 = one day). One day: "ti 18.3."; more: fi
 * "ti 18.3. – to 20.3.", sv "tis 18.3 – tors 20.3", en "Tue 18 Mar – Thu 20 Mar". Never a time. */
void datefmt_days(char *buf, size_t n, Lang lang, int64_t start, int64_t end);

/* datefmt_days for an ALL_DAY event, else datefmt_span: what every screen writes for an event. */
void datefmt_when(char *buf, size_t n, Lang lang, int64_t start, int64_t end, bool all_day);

/* Short date: fi "ti 18.3.", sv "tis 18.3", en "Tue 18 Mar". */
void datefmt_date(char *buf, size_t n, Lang lang, int64_t t);

/* Long date for the attract screen: fi "tiistai 18. maaliskuuta", sv "tisdag 18 mars",
 * en "Tuesday 18 March". */
void datefmt_date_long(char *buf, size_t n, Lang lang, int64_t t);

/* Clock time: fi/sv "18.30", en "18:30". */
void datefmt_time(char *buf, size_t n, Lang lang, int64_t t);

/* A start (and END, 0 = none) as it is said aloud, for speech: fi "tiistaina 1. joulukuuta
 * kello 18.30, päättyy kello 20.30", sv "tisdag den 1 december klockan 18.30, slutar klockan
 * 20.30", en "Tuesday 1 December at 18:30, ends at 20:30". */
void datefmt_spoken(char *buf, size_t n, Lang lang, int64_t start, int64_t end);

/* Local calendar helpers: midnight starting the local day containing T, and the Monday 00:00
 * starting its ISO week. */
int64_t datefmt_day_start(int64_t t);
int64_t datefmt_week_start(int64_t t);

#endif
