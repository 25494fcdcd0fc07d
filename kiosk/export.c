/*
 * export.c: sign-ups, attendance and feedback as CSV (export.h). The rows come from the store's
 * staff half (store_staff.h); the event's title and its questions' labels from the event itself,
 * read once per event as the rows go by (they are ordered by event).
 */
#include "export.h"

#include <mntent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store_staff.h"
#include "util.h"

static const char *const KIND_NAMES[] = {"signups", "attendance", "feedback"};

const char *export_kind_name(ExportKind k)
{
    return (unsigned)k < COUNT_OF(KIND_NAMES) ? KIND_NAMES[k] : "";
}

int export_kind_from_name(const char *s)
{
    for (size_t i = 0; s && i < COUNT_OF(KIND_NAMES); i++)
        if (strcmp(s, KIND_NAMES[i]) == 0) return (int)i;
    return -1;
}

/* ---- The event of the rows ---------------------------------------------------------------- */

/* The event whose rows are being written, read when the event id changes. */
typedef struct {
    Store *st;
    char id[RECORD_EVENT_ID_MAX + 1];
    bool have; /* EV holds the event (it may have left the catalogue) */
    Event ev;
} EventCache;

static const Event *event_of(EventCache *c, const char *id)
{
    if (strcmp(c->id, id) == 0) return c->have ? &c->ev : NULL;
    if (c->have) event_deinit(&c->ev);
    c->have = false;
    str_copy(c->id, sizeof c->id, id);
    char err[256];
    if (*id && store_event_get(c->st, id, &c->ev, err, sizeof err) == 0) c->have = true;
    return c->have ? &c->ev : NULL;
}

static void cache_deinit(EventCache *c)
{
    if (c->have) event_deinit(&c->ev);
    c->have = false;
}

/* The label of option ID of question Q, or ID itself. */
static const char *option_label(const Question *q, const char *id)
{
    for (int i = 0; i < q->n_options; i++)
        if (q->options[i].id && strcmp(q->options[i].id, id) == 0) {
            const char *l = ltext_get(&q->options[i].label, LANG_FI);
            return *l ? l : id;
        }
    return id;
}

/* Appends S to B; past B's cap (8 KiB, more than eight answers can take) the text is cut. */
static void add(Buf *b, const char *s)
{
    if (buf_adds(b, s) != 0) return;
}

/* "Question: answer; ..." into B: labels in Finnish (falling back as ltext_get does), a choice's
 * option ids as their labels. Answers to questions the event no longer has keep their ids. */
static void answers_text(const Event *ev, const StaffAttendee *a, Buf *b)
{
    for (int i = 0; i < a->n_answers; i++) {
        const StaffAnswer *ans = &a->answers[i];
        const Question *q = NULL;
        for (int j = 0; ev && j < ev->n_questions; j++)
            if (ev->questions[j].id && strcmp(ev->questions[j].id, ans->question_id) == 0)
                q = &ev->questions[j];
        const char *label = q ? ltext_get(&q->label, LANG_FI) : "";
        if (i > 0) add(b, "; ");
        add(b, *label ? label : ans->question_id);
        add(b, ": ");
        if (!q || (q->kind != QUESTION_SINGLE && q->kind != QUESTION_MULTI)) {
            add(b, ans->text);
            continue;
        }
        /* A multiple choice is the option ids joined by commas. */
        char one[SIGNUP_ANSWER_MAX + 1];
        const char *p = ans->text;
        for (int k = 0; *p; k++) {
            size_t len = strcspn(p, ",");
            str_copy(one, len + 1 < sizeof one ? len + 1 : sizeof one, p);
            if (k > 0) add(b, ", ");
            add(b, option_label(q, one));
            p += len + (p[len] == ',');
        }
    }
}

/* ---- The three exports -------------------------------------------------------------------- */

static void put_event(CsvWriter *w, EventCache *c, const char *id)
{
    const Event *ev = event_of(c, id);
    csv_text(w, id);
    csv_text(w, ev ? ltext_get(&ev->name, LANG_FI) : "");
    csv_time(w, ev ? ev->start_time : 0);
}

static AukioRc write_signups(Store *st, const char *event_id, bool attendance, CsvWriter *w,
                             int *rows, char *err, size_t errlen)
{
    StaffAttendee *list = NULL;
    int n = 0;
    if (store_attendees_list(st, event_id, &list, &n, err, errlen) != AUKIO_OK) return AUKIO_ERR;
    static const char *const SIGNUPS[] = {
        "event_id", "event", "start", "code", "status",  "position",     "group_size",
        "name",     "email", "phone", "lang", "answers", "signed_up_at", "attended"};
    static const char *const ATTENDANCE[] = {"event_id", "event",    "start",
                                             "code",     "name",     "group_size",
                                             "status",   "attended", "attended_at"};
    if (attendance)
        csv_row(w, ATTENDANCE, (int)COUNT_OF(ATTENDANCE));
    else
        csv_row(w, SIGNUPS, (int)COUNT_OF(SIGNUPS));
    EventCache cache = {.st = st};
    Buf b;
    buf_init(&b, 8 * 1024);
    AukioRc rc = AUKIO_OK;
    for (int i = 0; i < n; i++) {
        const StaffAttendee *a = &list[i];
        bool stands = a->status != STAFF_CANCELLED && a->status != STAFF_REJECTED;
        if (attendance && !stands) continue;
        put_event(w, &cache, a->event_id);
        csv_verbatim(w, a->code);
        if (attendance) {
            csv_text(w, a->name);
            csv_int(w, a->group_size);
            csv_text(w, store_staff_status_name(a->status));
            csv_text(w, a->attended ? "yes" : "no");
            csv_time(w, a->attended ? a->attended_at : 0);
        } else {
            csv_text(w, store_staff_status_name(a->status));
            csv_int(w, a->position);
            csv_int(w, a->group_size);
            csv_text(w, a->name);
            csv_text(w, a->email);
            csv_phone(w, a->phone);
            csv_text(w, a->lang);
            b.len = 0;
            answers_text(event_of(&cache, a->event_id), a, &b);
            csv_text(w, b.len ? b.p : "");
            csv_time(w, a->created_at);
            csv_text(w, a->attended ? "yes" : "no");
        }
        csv_end_row(w);
        (*rows)++;
    }
    buf_deinit(&b);
    cache_deinit(&cache);
    store_attendees_free(list, n);
    return rc;
}

typedef struct {
    CsvWriter *w;
    EventCache cache;
    int *rows;
} FeedbackCtx;

static int on_feedback(void *ud, const StaffFeedback *f)
{
    FeedbackCtx *c = ud;
    char score[8];
    snprintf(score, sizeof score, "%d", f->score);
    csv_time(c->w, f->created_at);
    const Event *ev = event_of(&c->cache, f->event_id);
    csv_text(c->w, f->event_id);
    csv_text(c->w, ev ? ltext_get(&ev->name, LANG_FI) : "");
    csv_int(c->w, f->score);
    csv_text(c->w, f->reasons);
    csv_text(c->w, f->comment);
    csv_text(c->w, f->lang);
    csv_end_row(c->w);
    (*c->rows)++;
    return 0;
}

AukioRc export_to_stream(Store *st, ExportKind kind, const char *event_id, CsvDialect dialect,
                         FILE *out, int *rows, char *err, size_t errlen)
{
    CsvWriter w;
    *rows = 0;
    csv_begin(&w, out, dialect);
    AukioRc rc;
    if (kind == EXPORT_FEEDBACK) {
        static const char *const HEAD[] = {"created_at", "event_id", "event", "score",
                                           "reasons",    "comment",  "lang"};
        csv_row(&w, HEAD, (int)COUNT_OF(HEAD));
        FeedbackCtx c = {.w = &w, .cache = {.st = st}, .rows = rows};
        rc = store_feedback_each(st, event_id, on_feedback, &c, err, errlen);
        cache_deinit(&c.cache);
    } else if (kind == EXPORT_SIGNUPS || kind == EXPORT_ATTENDANCE) {
        rc = write_signups(st, event_id, kind == EXPORT_ATTENDANCE, &w, rows, err, errlen);
    } else {
        return err_set(err, errlen, "export: no such export");
    }
    if (rc != AUKIO_OK) return rc;
    return csv_finish(&w, err, errlen);
}

AukioRc export_to_file(Store *st, ExportKind kind, const char *event_id, CsvDialect dialect,
                       const char *path, int *rows, char *err, size_t errlen)
{
    PrivateFile pf;
    if (file_private_open(&pf, path, err, errlen) != AUKIO_OK) return AUKIO_ERR;
    if (export_to_stream(st, kind, event_id, dialect, pf.f, rows, err, errlen) != AUKIO_OK) {
        file_private_abort(&pf);
        return AUKIO_ERR;
    }
    return file_private_commit(&pf, err, errlen);
}

/* ---- Where to ----------------------------------------------------------------------------- */

/* Whether DIR is a folder inside ROOT ("/media/stick", not "/media" itself or "/mediax"). */
static bool inside(const char *dir, const char *root)
{
    size_t n = strlen(root);
    return strncmp(dir, root, n) == 0 && dir[n] == '/' && dir[n + 1] != '\0';
}

int export_drives(const char *mounts, ExportDrive *out, int max)
{
    FILE *f = setmntent(mounts ? mounts : "/proc/self/mounts", "r");
    if (!f) return 0;
    int n = 0;
    struct mntent ent;
    char buf[4096];
    while (n < max && getmntent_r(f, &ent, buf, sizeof buf)) {
        const char *dir = ent.mnt_dir;
        if (!inside(dir, "/media") && !inside(dir, "/run/media")) continue;
        const char *slash = strrchr(dir, '/');
        str_copy(out[n].name, sizeof out[n].name, slash ? slash + 1 : dir);
        str_copy(out[n].path, sizeof out[n].path, dir);
        n++;
    }
    endmntent(f);
    return n;
}

const char *export_file_name(ExportKind kind, bool excel, int64_t now, char *buf, size_t n)
{
    char when[32];
    time_format_local(now, "%Y-%m-%d-%H%M", "undated", when, sizeof when);
    snprintf(buf, n, "aukio-%s%s-%s.csv", export_kind_name(kind), excel ? "-excel" : "", when);
    return buf;
}
