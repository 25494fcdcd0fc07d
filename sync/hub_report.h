/*
 * hub_report.h: an event's sign-ups as a report, one form for `aukio-hub signups --csv|--excel`
 * (hub_cli.c) and the console's export (hub_console_pages.c): the columns, the status as people
 * read it, and a row through the shared CSV writer (csv.h: quoted, formulas neutralised).
 */
#ifndef AUKIO_HUB_REPORT_H
#define AUKIO_HUB_REPORT_H

#include <stddef.h>

#include "csv.h"
#include "hub_store.h"

#define HUB_SIGNUP_CSV_COLS 15
extern const char *const HUB_SIGNUP_CSV_HEAD[HUB_SIGNUP_CSV_COLS];

/* R's status as people read it: "waitlisted #2", "confirmed (released grant)",
 * "cancelled (at lahti-aula)". */
void hub_signup_status_text(const HubSignupRow *r, char *out, size_t n);

/* R as one row of HUB_SIGNUP_CSV_HEAD's columns. */
void hub_signup_csv_row(CsvWriter *w, const HubSignupRow *r);

#endif
