/*
 * csv.h: the one CSV writer of both programs (the kiosk's `aukio export`, the hub's `--csv`
 * reports), in two dialects:
 *
 *   CSV_RFC4180  RFC 4180: UTF-8 without BOM, ',' between cells, CRLF after each row, a cell
 *                quoted ("...", a '"' doubled) when it holds ',', ';', '"', CR or LF; times as
 *                ISO 8601 UTC ("2026-03-18T16:30:00Z").
 *   CSV_EXCEL    for Finnish Excel, which reads a CSV file by the locale's list separator and
 *                guesses the encoding: a UTF-8 BOM first, ';' between cells (Finnish uses ',' as
 *                the decimal mark), the same quoting and CRLF, times in local time
 *                ("2026-03-18 18:30", a form Excel takes as a date in any locale), and phone
 *                numbers and codes kept as text (see csv_verbatim).
 *
 * Formulas: a spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a formula (and
 * some trim a leading tab or CR first), so a visitor's name "-1+HYPERLINK(...)" typed on the
 * kiosk could run on the coordinator's machine. Every text cell starting with one of those six
 * characters is written with a single quote (') in front: the cell then reads as text, showing
 * the apostrophe. Numbers written with csv_int are numbers and are not touched.
 *
 * Errors of the stream are collected: csv_finish says whether everything was written.
 */
#ifndef AUKIO_CSV_H
#define AUKIO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "result.h"

typedef enum { CSV_RFC4180 = 0, CSV_EXCEL } CsvDialect;

typedef struct {
    FILE *out;
    CsvDialect dialect;
    int col; /* cells written in the current row */
} CsvWriter;

/* Whether a spreadsheet could run text S as a formula: it starts with one of the six characters
 * above. The XLSX writer (sync/hub_xlsx.c) neutralises its cells by this too. */
bool csv_formula_start(const char *s);

/* Starts writing to OUT (the caller's; not closed here). CSV_EXCEL writes the BOM. */
void csv_begin(CsvWriter *w, FILE *out, CsvDialect dialect);

/* One text cell (NULL = ""), quoted as needed and neutralised against formulas. */
void csv_text(CsvWriter *w, const char *s);

/* One value that must reach the sheet as written: a phone number or a confirmation code.
 * CSV_EXCEL: a value Excel would turn into a number gets the same single quote as a formula, so
 * it stays text: digits only ("0401234567", whose leading 0 it would drop) or digits around one
 * E ("2345E6", a code Excel would show as 2.345E+09). "040 123 4567" and "K7M4QX" are text
 * already, and "+358 ..." is neutralised as every text cell. CSV_RFC4180: as csv_text. */
void csv_verbatim(CsvWriter *w, const char *s);

/* A phone number: csv_verbatim. */
void csv_phone(CsvWriter *w, const char *s);

/* One integer cell. */
void csv_int(CsvWriter *w, long long v);

/* One time (Unix s) as the dialect writes times; "" when T <= 0. */
void csv_time(CsvWriter *w, int64_t t);

/* Ends the row (CRLF). */
void csv_end_row(CsvWriter *w);

/* A whole row of N text cells, then csv_end_row. */
void csv_row(CsvWriter *w, const char *const *cells, int n);

/* AUKIO_OK when every byte reached the stream (flushed), else AUKIO_ERR with ERR. */
AukioRc csv_finish(CsvWriter *w, char *err, size_t errlen) AUKIO_MUST_CHECK;

#endif
