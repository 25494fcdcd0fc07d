/*
 * spot_cli.c: `aukio event add`, an event made on the spot from the shell (spot_cli.h). It reads
 * the options into a SpotForm (spot.h), the same form the staff screen fills, and hands the
 * event to store_spot_create.
 */
#include "spot_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_spot.h"
#include "util.h"

static const char USAGE[] =
    "usage: aukio event add --title-fi|--title-sv|--title-en TEXT ... --start HH:MM --end HH:MM\n"
    "         [--date YYYY-MM-DD] [--capacity N|unlimited] [--waitlist N|unlimited]\n"
    "         [--group N] [--email required|optional|hidden] [--phone required|optional|hidden]\n"
    "         [--question yesno:TEXT | choice:TEXT:ANSWER|ANSWER... | text:TEXT] ...\n"
    "         [--description TEXT] [--language fi|sv|en] [--staff-only]\n";

static int bad(const char *what, const char *why)
{
    fprintf(stderr, "aukio: %s: %s; nothing was made\n", what, why);
    return 1;
}

static int parse_count(const char *s, int max, bool zero_ok, int *out)
{
    if (strcmp(s, "unlimited") == 0) {
        *out = -1;
        return 0;
    }
    long v;
    if (parse_long(s, zero_ok ? 0 : 1, max, &v)) return -1;
    *out = (int)v;
    return 0;
}

static int parse_rule(const char *s, FieldRule *out)
{
    static const char *const NAMES[] = {"hidden", "optional", "required"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, NAMES[i]) == 0) {
            *out = (FieldRule)i;
            return 0;
        }
    return -1;
}

/* "yesno:TEXT", "text:TEXT" or "choice:TEXT:A|B|C" into Q. */
static int parse_question(const char *s, SpotQuestion *q)
{
    memset(q, 0, sizeof *q);
    const char *colon = strchr(s, ':');
    if (!colon) return -1;
    size_t kl = (size_t)(colon - s);
    const char *text = colon + 1, *answers = NULL;
    if (kl == 5 && strncmp(s, "yesno", 5) == 0) {
        q->kind = SPOT_Q_YESNO;
    } else if (kl == 4 && strncmp(s, "text", 4) == 0) {
        q->kind = SPOT_Q_TEXT;
    } else if (kl == 6 && strncmp(s, "choice", 6) == 0) {
        q->kind = SPOT_Q_CHOICE;
        if (!(answers = strchr(text, ':'))) return -1;
    } else {
        return -1;
    }
    size_t tl = answers ? (size_t)(answers - text) : strlen(text);
    if (tl == 0 || tl > SPOT_TEXT_MAX) return -1;
    memcpy(q->text, text, tl);
    for (const char *p = answers ? answers + 1 : NULL; p; q->n_options++) {
        const char *bar = strchr(p, '|');
        size_t al = bar ? (size_t)(bar - p) : strlen(p);
        if (q->n_options == QUESTION_MAX_OPTIONS || al == 0 || al > SPOT_OPTION_MAX) return -1;
        memcpy(q->options[q->n_options], p, al);
        p = bar ? bar + 1 : NULL;
    }
    return 0;
}

/* One option (ARG, with its value VAL) into F; -1 with *WHY when it is wrong. */
static int parse_option(SpotForm *f, const char *arg, const char *val, const char **date,
                        const char **start, const char **end, const char **why)
{
    static const char *const TITLES[LANG_COUNT] = {"--title-fi", "--title-sv", "--title-en"};
    for (int l = 0; l < LANG_COUNT; l++)
        if (strcmp(arg, TITLES[l]) == 0) {
            *why = "1 to 80 bytes";
            if (!*val || strlen(val) > SPOT_TITLE_MAX) return -1;
            str_copy(f->title[l], sizeof f->title[l], val);
            return 0;
        }
    *why = "not a value it takes";
    if (strcmp(arg, "--date") == 0)
        *date = val;
    else if (strcmp(arg, "--start") == 0)
        *start = val;
    else if (strcmp(arg, "--end") == 0)
        *end = val;
    else if (strcmp(arg, "--capacity") == 0)
        return parse_count(val, SPOT_CAPACITY_MAX, false, &f->capacity);
    else if (strcmp(arg, "--waitlist") == 0)
        return parse_count(val, SPOT_CAPACITY_MAX, true, &f->waitlist);
    else if (strcmp(arg, "--group") == 0) {
        long v;
        if (parse_long(val, 1, SPOT_GROUP_MAX, &v)) return -1;
        f->max_group = (int)v;
    } else if (strcmp(arg, "--email") == 0)
        return parse_rule(val, &f->email);
    else if (strcmp(arg, "--phone") == 0)
        return parse_rule(val, &f->phone);
    else if (strcmp(arg, "--question") == 0) {
        *why = "at most 4, each yesno:TEXT, text:TEXT or choice:TEXT:ANSWER|ANSWER (2 to 8)";
        if (f->n_questions == SPOT_QUESTIONS_MAX) return -1;
        return parse_question(val, &f->questions[f->n_questions++]);
    } else if (strcmp(arg, "--description") == 0) {
        *why = "at most 160 bytes";
        if (strlen(val) > SPOT_TEXT_MAX) return -1;
        str_copy(f->description, sizeof f->description, val);
    } else if (strcmp(arg, "--language") == 0)
        return lang_from_code(val, &f->text_lang) ? -1 : 0;
    else {
        *why = "unknown option";
        return -1;
    }
    return 0;
}

/* The day DATE names ("YYYY-MM-DD", local), or NOW's day when DATE is NULL: noon of it. */
static int parse_day(const char *date, int64_t now, int64_t *out)
{
    if (!date) {
        *out = now;
        return 0;
    }
    char noon[32];
    int y, m, d, len = 0;
    if (sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || date[len]) return -1;
    snprintf(noon, sizeof noon, "%04d-%02d-%02dT12:00:00", y, m, d);
    return event_parse_time_in(noon, NULL, out);
}

static int cmd_add(Store *st, const Config *cfg, char *const *args, int n, int64_t now)
{
    SpotForm f;
    spot_form_default(&f, now);
    const char *date = NULL, *start = NULL, *end = NULL, *why = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(args[i], "--staff-only") == 0) {
            f.staff_only = true;
            continue;
        }
        if (i + 1 >= n || strncmp(args[i], "--", 2) != 0) {
            fputs(USAGE, stderr);
            return 2;
        }
        char shown[64];
        if (parse_option(&f, args[i], args[i + 1], &date, &start, &end, &why))
            return bad(str_printable(args[i], shown, sizeof shown), why);
        i++;
    }
    int64_t day;
    if (!start || !end) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (parse_day(date, now, &day)) return bad("--date", "not a date YYYY-MM-DD");
    if (spot_parse_clock(start, day, &f.start)) return bad("--start", "not a time HH:MM");
    if (spot_parse_clock(end, day, &f.end)) return bad("--end", "not a time HH:MM");
    if (f.end <= f.start) return bad("--end", "not after --start");

    char err[512], id[RECORD_EVENT_ID_MAX + 1], shown[256];
    AukioRc rc = store_spot_make(st, &f, cfg->venue, now, id, err, sizeof err);
    if (rc == AUKIO_ERR_INVALID) return bad("event", str_printable(err, shown, sizeof shown));
    if (rc != AUKIO_OK) {
        fprintf(stderr, "aukio: %s; nothing was made\n", err);
        return 1;
    }
    printf("event made: %s; visitors can sign up now, and the hub gets it at the next sync\n", id);
    return 0;
}

int spot_cli_run(Store *st, const Config *cfg, char *const *args, int n, int64_t now)
{
    for (int i = 0; i < n; i++)
        if (strcmp(args[i], "--help") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
    if (n >= 1 && strcmp(args[0], "add") == 0) return cmd_add(st, cfg, args + 1, n - 1, now);
    fputs(USAGE, stderr);
    return 2;
}
