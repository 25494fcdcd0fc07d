/*
 * hub_xlsx.h: one sheet of an XLSX workbook for the console's downloads (an event's attendees,
 * the annual reports), over libxlsxwriter. A header row in bold with the panes frozen under it,
 * column widths, numbers as numbers, times as real dates in Helsinki time, and every text cell
 * neutralised against formulas exactly as the CSV exports are (csv_formula_start: a leading
 * apostrophe). Nothing is ever written as a formula.
 *
 * libxlsxwriter writes to a file: the workbook is made in a private folder (mode 0700, the file
 * 0600) that hub_xlsx_finish reads back and removes, so personal data is on disk only for the
 * moment it takes.
 */
#ifndef AUKIO_HUB_XLSX_H
#define AUKIO_HUB_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

typedef struct HubXlsx HubXlsx;

/* A workbook of one sheet named SHEET (at most 31 characters, no []:*?/\); NULL with ERR. */
HubXlsx *hub_xlsx_new(const char *sheet, char *err, size_t n);

/* Row 0: the N column heads in bold, frozen on scrolling; column I is WIDTHS[I] characters
 * wide. */
void hub_xlsx_head(HubXlsx *x, const char *const *heads, const double *widths, int n);

/* Cells of row ROW (1 = under the head). Text is neutralised; NULL is "". A time T <= 0 is an
 * empty cell. */
void hub_xlsx_text(HubXlsx *x, int row, int col, const char *s);
void hub_xlsx_int(HubXlsx *x, int row, int col, long long v);
void hub_xlsx_time(HubXlsx *x, int row, int col, int64_t t);
/* A bold number (a total row). */
void hub_xlsx_total(HubXlsx *x, int row, int col, long long v);

/* Closes the workbook into *DATA (malloc'd, the caller frees) and *LEN, and frees X whatever
 * happens. AUKIO_ERR with ERR when a cell or the file failed. */
int hub_xlsx_finish(HubXlsx *x, char **data, size_t *len, char *err, size_t n) AUKIO_MUST_CHECK;

/* The Content-Type of an XLSX file. */
extern const char HUB_XLSX_TYPE[];

#endif
