/*
 * hub_xlsx.c: one sheet of an XLSX workbook over libxlsxwriter (hub_xlsx.h).
 */
#include "hub_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libical/ical.h>
#include <xlsxwriter.h>

#include "csv.h"
#include "util.h"

/* The largest workbook read back: far above 100,000 rows of attendees. */
#define XLSX_MAX (64 * 1024 * 1024)

const char HUB_XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct HubXlsx {
    char dir[64], path[96];
    lxw_workbook *book;
    lxw_worksheet *sheet;
    lxw_format *bold, *date;
    bool failed; /* a cell could not be written */
};

static void cleanup(HubXlsx *x)
{
    unlink(x->path);
    rmdir(x->dir);
    free(x);
}

HubXlsx *hub_xlsx_new(const char *sheet, char *err, size_t n)
{
    HubXlsx *x = calloc(1, sizeof *x);
    if (!x) {
        err_set(err, n, "out of memory");
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp || strlen(tmp) > 32) tmp = "/tmp";
    snprintf(x->dir, sizeof x->dir, "%s/aukio-xlsx-XXXXXX", tmp);
    if (!mkdtemp(x->dir)) {
        err_set(err, n, "a folder for the workbook: %s", strerror(errno));
        free(x);
        return NULL;
    }
    /* The file exists, 0600, before libxlsxwriter opens it (fopen "wb" keeps the mode). */
    snprintf(x->path, sizeof x->path, "%s/book.xlsx", x->dir);
    int fd = open(x->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = x->dir};
    x->book = fd >= 0 ? workbook_new_opt(x->path, &opt) : NULL;
    x->sheet = x->book ? workbook_add_worksheet(x->book, sheet) : NULL;
    if (!x->sheet) {
        err_set(err, n, "the workbook could not be made");
        if (x->book) workbook_close(x->book);
        cleanup(x);
        return NULL;
    }
    x->bold = workbook_add_format(x->book);
    format_set_bold(x->bold);
    x->date = workbook_add_format(x->book);
    format_set_num_format(x->date, "yyyy-mm-dd hh:mm");
    return x;
}

void hub_xlsx_head(HubXlsx *x, const char *const *heads, const double *widths, int n)
{
    for (int i = 0; i < n; i++) {
        if (worksheet_write_string(x->sheet, 0, (lxw_col_t)i, heads[i], x->bold) != LXW_NO_ERROR)
            x->failed = true;
        worksheet_set_column(x->sheet, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
    }
    worksheet_freeze_panes(x->sheet, 1, 0);
}

void hub_xlsx_text(HubXlsx *x, int row, int col, const char *s)
{
    if (!s || !*s) return; /* an empty cell */
    lxw_error e;
    if (csv_formula_start(s)) {
        /* As the CSV writer does: a leading apostrophe, so the cell reads as text anywhere. */
        size_t len = strlen(s);
        char *q = malloc(len + 2);
        if (!q) {
            x->failed = true;
            return;
        }
        q[0] = '\'';
        memcpy(q + 1, s, len + 1);
        e = worksheet_write_string(x->sheet, (lxw_row_t)row, (lxw_col_t)col, q, NULL);
        free(q);
    } else {
        e = worksheet_write_string(x->sheet, (lxw_row_t)row, (lxw_col_t)col, s, NULL);
    }
    if (e != LXW_NO_ERROR) x->failed = true;
}

void hub_xlsx_int(HubXlsx *x, int row, int col, long long v)
{
    if (worksheet_write_number(x->sheet, (lxw_row_t)row, (lxw_col_t)col, (double)v, NULL) !=
        LXW_NO_ERROR)
        x->failed = true;
}

void hub_xlsx_total(HubXlsx *x, int row, int col, long long v)
{
    if (worksheet_write_number(x->sheet, (lxw_row_t)row, (lxw_col_t)col, (double)v, x->bold) !=
        LXW_NO_ERROR)
        x->failed = true;
}

void hub_xlsx_time(HubXlsx *x, int row, int col, int64_t t)
{
    if (t <= 0) return;
    icaltimezone *tz = icaltimezone_get_builtin_timezone("Europe/Helsinki");
    if (!tz) tz = icaltimezone_get_utc_timezone();
    struct icaltimetype l = icaltime_from_timet_with_zone((time_t)t, 0, tz);
    lxw_datetime d = {l.year, l.month, l.day, l.hour, l.minute, (double)l.second};
    if (worksheet_write_datetime(x->sheet, (lxw_row_t)row, (lxw_col_t)col, &d, x->date) !=
        LXW_NO_ERROR)
        x->failed = true;
}

int hub_xlsx_finish(HubXlsx *x, char **data, size_t *len, char *err, size_t n)
{
    *data = NULL;
    *len = 0;
    bool failed = x->failed;
    lxw_error e = workbook_close(x->book);
    int rc = AUKIO_OK;
    if (failed || e != LXW_NO_ERROR)
        rc = err_set(err, n, "the workbook could not be written: %s",
                     failed ? "a cell" : lxw_strerror(e));
    if (rc == AUKIO_OK) rc = file_read(x->path, XLSX_MAX, data, len, err, n);
    cleanup(x);
    return rc;
}
