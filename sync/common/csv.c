/*
 * csv.c: RFC 4180 and Finnish-Excel CSV with formula neutralisation (csv.h).
 */
#include "csv.h"

#include <errno.h>
#include <string.h>

#include "event.h"
#include "util.h"

static char separator(const CsvWriter *w)
{
    return w->dialect == CSV_EXCEL ? ';' : ',';
}

void csv_begin(CsvWriter *w, FILE *out, CsvDialect dialect)
{
    w->out = out;
    w->dialect = dialect;
    w->col = 0;
    if (dialect == CSV_EXCEL) fputs("\xEF\xBB\xBF", out);
}

/* Whether a spreadsheet could take a cell starting with C as a formula. */
static bool formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool csv_formula_start(const char *s)
{
    return s && formula_start(s[0]);
}

/* Writes S as one cell, with a leading apostrophe when APOSTROPHE. */
static void put_cell(CsvWriter *w, const char *s, bool apostrophe)
{
    if (w->col++ > 0) fputc(separator(w), w->out);
    bool quote = strpbrk(s, ",;\"\r\n") != NULL;
    if (quote) fputc('"', w->out);
    if (apostrophe) fputc('\'', w->out);
    for (const char *p = s; *p; p++) {
        if (*p == '"') fputc('"', w->out);
        fputc(*p, w->out);
    }
    if (quote) fputc('"', w->out);
}

void csv_text(CsvWriter *w, const char *s)
{
    if (!s) s = "";
    put_cell(w, s, formula_start(s[0]));
}

/* Whether Excel would read S as a number: digits only, or digits, one E and digits (scientific
 * notation). Signs and decimal marks start with a formula character or are not in codes. */
static bool numeric_looking(const char *s)
{
    size_t a = strspn(s, "0123456789");
    if (a == 0) return false;
    if (s[a] == '\0') return true;
    if (s[a] != 'E' && s[a] != 'e') return false;
    size_t b = strspn(s + a + 1, "0123456789");
    return b > 0 && s[a + 1 + b] == '\0';
}

void csv_verbatim(CsvWriter *w, const char *s)
{
    if (!s) s = "";
    put_cell(w, s, formula_start(s[0]) || (w->dialect == CSV_EXCEL && numeric_looking(s)));
}

void csv_phone(CsvWriter *w, const char *s)
{
    csv_verbatim(w, s);
}

void csv_int(CsvWriter *w, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    put_cell(w, buf, false);
}

void csv_time(CsvWriter *w, int64_t t)
{
    char buf[40] = "";
    if (t > 0) {
        if (w->dialect == CSV_EXCEL)
            time_format_local(t, "%Y-%m-%d %H:%M", "", buf, sizeof buf);
        else
            event_format_time(t, buf, sizeof buf);
    }
    put_cell(w, buf, false);
}

void csv_end_row(CsvWriter *w)
{
    fputs("\r\n", w->out);
    w->col = 0;
}

void csv_row(CsvWriter *w, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++)
        csv_text(w, cells[i]);
    csv_end_row(w);
}

AukioRc csv_finish(CsvWriter *w, char *err, size_t errlen)
{
    if (fflush(w->out) != 0 || ferror(w->out))
        return err_set(err, errlen, "writing CSV: %s", strerror(errno ? errno : EIO));
    return AUKIO_OK;
}
