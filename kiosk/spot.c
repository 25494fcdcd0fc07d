/*
 * spot.c: an event made on the spot, from its form to an Event (spot.h).
 */
#include "spot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

void spot_form_default(SpotForm *f, int64_t now)
{
    memset(f, 0, sizeof *f);
    f->text_lang = LANG_FI;
    f->start = (now / 900 + 1) * 900;
    f->end = f->start + 3600;
    f->capacity = 20;
    f->waitlist = 10;
    f->max_group = 1;
    f->email = FIELD_OPTIONAL;
    f->phone = FIELD_HIDDEN;
}

int spot_parse_clock(const char *text, int64_t day, int64_t *out)
{
    int h, m, len = 0;
    if (!text || sscanf(text, "%2d:%2d%n", &h, &m, &len) != 2 || text[len] || h < 0 || h > 23 ||
        m < 0 || m > 59)
        return -1;
    time_t t = (time_t)day;
    struct tm tm;
    if (!localtime_r(&t, &tm)) return -1;
    tm.tm_hour = h;
    tm.tm_min = m;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t v = mktime(&tm);
    if (v == (time_t)-1) return -1;
    *out = (int64_t)v;
    return 0;
}

/* True when S has no control character (a title must not write escapes to a terminal). */
static bool clean(const char *s)
{
    return str_control_at(s, strlen(s)) == strlen(s);
}

static AukioRc invalid(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return AUKIO_ERR_INVALID;
}

/* T as an LText in LANG alone, copied ("" or NULL: empty). */
static int one_text(LText *out, Lang lang, const char *t)
{
    memset(out, 0, sizeof *out);
    if (!t || !*t) return 0;
    return (out->s[lang] = strdup(t)) ? 0 : -1;
}

static AukioRc check_form(const SpotForm *f, char *err, size_t errlen)
{
    bool titled = false;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (f->title[l][0]) titled = true;
        if (!clean(f->title[l])) return invalid(err, errlen, "title: a control character");
    }
    if (!titled) return invalid(err, errlen, "title: none in any language");
    if (f->end <= f->start) return invalid(err, errlen, "end: not after the start");
    if (f->end - f->start > 24 * 3600)
        return invalid(err, errlen, "end: over a day after the start");
    if (f->capacity != -1 && (f->capacity < 1 || f->capacity > SPOT_CAPACITY_MAX))
        return invalid(err, errlen, "capacity: not 1 to 1000 or unlimited");
    if (f->waitlist < -1 || f->waitlist > SPOT_CAPACITY_MAX)
        return invalid(err, errlen, "waiting list: not 0 to 1000 or unlimited");
    if (f->max_group < 1 || f->max_group > SPOT_GROUP_MAX)
        return invalid(err, errlen, "group: not 1 to 10 people");
    if (f->n_questions < 0 || f->n_questions > SPOT_QUESTIONS_MAX)
        return invalid(err, errlen, "questions: at most 4");
    for (int i = 0; i < f->n_questions; i++) {
        const SpotQuestion *q = &f->questions[i];
        if (!q->text[0] || !clean(q->text))
            return invalid(err, errlen, "question: no text, or a control character");
        if (q->kind == SPOT_Q_CHOICE && (q->n_options < 2 || q->n_options > QUESTION_MAX_OPTIONS))
            return invalid(err, errlen, "question: a choice needs 2 to 8 answers");
        for (int k = 0; q->kind == SPOT_Q_CHOICE && k < q->n_options; k++)
            if (!q->options[k][0] || !clean(q->options[k]))
                return invalid(err, errlen, "question: an empty answer to choose");
    }
    return AUKIO_OK;
}

/* The question Q as the event model has it, with id "qN". */
static int build_question(const SpotQuestion *q, int n, Lang lang, Question *out)
{
    static const QuestionKind KINDS[] = {QUESTION_YESNO, QUESTION_SINGLE, QUESTION_TEXT};
    char id[16];
    snprintf(id, sizeof id, "q%d", n + 1);
    memset(out, 0, sizeof *out);
    out->kind = KINDS[q->kind];
    /* A yes or a no, and a choice, cost a tap; a typed answer is the visitor's to give. */
    out->required = q->kind != SPOT_Q_TEXT;
    if (!(out->id = strdup(id)) || one_text(&out->label, lang, q->text)) return -1;
    out->n_options = q->kind == SPOT_Q_CHOICE ? q->n_options : 0;
    for (int k = 0; k < out->n_options; k++) {
        snprintf(id, sizeof id, "%d", k + 1);
        if (!(out->options[k].id = strdup(id)) ||
            one_text(&out->options[k].label, lang, q->options[k]))
            return -1;
    }
    return 0;
}

AukioRc spot_event_build(const SpotForm *f, Event *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    AukioRc rc = check_form(f, err, errlen);
    if (rc != AUKIO_OK) return rc;
    out->status = EVENT_SCHEDULED;
    out->start_time = f->start;
    out->end_time = f->end;
    out->audience_min_age = out->audience_max_age = -1;
    out->registration = true;
    out->capacity = f->capacity;
    out->waitlist_capacity = f->waitlist;
    out->max_group_size = f->max_group;
    out->email_rule = f->email;
    out->phone_rule = f->phone;
    /* The waiting list asks for a way to reach people only when the form asks for one. */
    out->waitlist_contact = f->email != FIELD_HIDDEN || f->phone != FIELD_HIDDEN;
    out->staff_only = f->staff_only;
    int bad = 0;
    for (int l = 0; l < LANG_COUNT && !bad; l++) {
        if (f->title[l][0] && !(out->name.s[l] = strdup(f->title[l]))) bad = 1;
        if (f->venue[l][0] && !(out->location_name.s[l] = strdup(f->venue[l]))) bad = 1;
    }
    for (int l = 0; l < LANG_COUNT && !bad; l++)
        if (f->venue_note[l][0] && !(out->location_extra.s[l] = strdup(f->venue_note[l]))) bad = 1;
    if (!bad && f->venue_id[0] && !(out->location_id = strdup(f->venue_id))) bad = 1;
    if (!bad && one_text(&out->short_description, f->text_lang, f->description)) bad = 1;
    if (!bad && f->n_questions > 0) {
        out->questions = calloc((size_t)f->n_questions, sizeof *out->questions);
        if (!out->questions) bad = 1;
        for (int i = 0; !bad && i < f->n_questions; i++, out->n_questions++)
            if (build_question(&f->questions[i], i, f->text_lang, &out->questions[i])) bad = 1;
    }
    if (!bad) return AUKIO_OK;
    event_deinit(out);
    return err_set(err, errlen, "event: out of memory");
}

/* T moved by DAYS local days at the same wall-clock time. */
static int64_t add_days(int64_t t, int days)
{
    time_t v = (time_t)t;
    struct tm tm;
    if (!localtime_r(&v, &tm)) return t + (int64_t)days * 86400;
    tm.tm_mday += days;
    tm.tm_isdst = -1;
    time_t r = mktime(&tm);
    return r == (time_t)-1 ? t + (int64_t)days * 86400 : (int64_t)r;
}

/* Local midnight of T's day. */
static int64_t day_start(int64_t t)
{
    time_t v = (time_t)t;
    struct tm tm;
    if (!localtime_r(&v, &tm)) return t - t % 86400;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t r = mktime(&tm);
    return r == (time_t)-1 ? t - t % 86400 : (int64_t)r;
}

/* The next count from V by DELTA: 1 at a time to 20, then 5 to 100, then 10. */
static int count_step(int v, int delta, int min, int max)
{
    int step = (delta > 0 ? v : v - 1) >= 100 ? 10 : (delta > 0 ? v : v - 1) >= 20 ? 5 : 1;
    int n = v + (delta > 0 ? step : -step);
    if (n % step) n = delta > 0 ? n - n % step : n - n % step + step;
    return n < min ? min : n > max ? max : n;
}

bool spot_form_step(SpotForm *f, SpotStep which, int delta, int64_t now)
{
    SpotForm before = *f;
    int64_t len = f->end - f->start, earliest = now - now % 900;
    switch (which) {
    case SPOT_STEP_DAY: {
        int64_t s = add_days(f->start, delta > 0 ? 1 : -1);
        if (day_start(s) < day_start(now) || day_start(s) > add_days(day_start(now), 13)) break;
        if (s < earliest) s = earliest + 900;
        f->start = s;
        f->end = s + len;
        break;
    }
    case SPOT_STEP_START: {
        int64_t s = f->start + (delta > 0 ? 900 : -900);
        if (s < earliest || day_start(s) != day_start(f->start)) break;
        f->start = s;
        f->end = s + len;
        break;
    }
    case SPOT_STEP_END: {
        int64_t e = f->end + (delta > 0 ? 900 : -900);
        if (e - f->start >= 900 && e - f->start <= 12 * 3600) f->end = e;
        break;
    }
    case SPOT_STEP_CAPACITY:
        f->capacity = count_step(f->capacity < 1 ? 1 : f->capacity, delta, 1, SPOT_CAPACITY_MAX);
        break;
    case SPOT_STEP_WAITLIST:
        f->waitlist = count_step(f->waitlist < 0 ? 0 : f->waitlist, delta, 0, SPOT_CAPACITY_MAX);
        break;
    case SPOT_STEP_GROUP:
        f->max_group = count_step(f->max_group, delta, 1, SPOT_GROUP_MAX);
        break;
    case SPOT_STEP_EMAIL:
    case SPOT_STEP_PHONE: {
        /* optional -> required -> not asked -> optional */
        static const FieldRule NEXT[] = {FIELD_OPTIONAL, FIELD_REQUIRED, FIELD_HIDDEN};
        FieldRule *r = which == SPOT_STEP_EMAIL ? &f->email : &f->phone;
        *r = NEXT[*r];
        break;
    }
    default:
        break;
    }
    return memcmp(&before, f, sizeof before) != 0;
}
