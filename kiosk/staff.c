/*
 * staff.c: staff mode's reads for the app (staff.h).
 */
#include "staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "i18n.h"
#include "staff_pin.h"
#include "store_staff.h"
#include "store_sync.h"
#include "util.h"

int staff_pin_status(Store *s, bool *set, int64_t *locked_until)
{
    StaffPinState st;
    char err[256];
    *set = true;
    *locked_until = 0;
    if (store_pin_state(s, &st, err, sizeof err) != 0) {
        fprintf(stderr, "aukio: %s\n", err);
        return -1;
    }
    sodium_memzero(st.hash, sizeof st.hash);
    *set = st.set;
    *locked_until = st.locked_until_ms;
    return 0;
}

void staff_sync_load(Store *s, bool hub, StaffSync *out)
{
    SyncStatus st;
    memset(out, 0, sizeof *out);
    out->hub = hub;
    if (store_sync_status(s, &st) != 0) {
        out->queued = store_outbox_pending(s);
        return;
    }
    out->last_ok = st.last_ok;
    out->queued = st.queued;
    out->error_at = st.last_error_at;
    out->error = st.last_error_kind;
}

/* The words of answer TEXT to question Q in LANG: an option's label, yes or no, or the text. */
static const char *answer_words(const Question *q, const char *text, Lang lang, char *buf, size_t n)
{
    if (q->kind == QUESTION_YESNO)
        return tr(lang, strcmp(text, "yes") == 0 ? "form.yes" : "form.no");
    if (q->kind == QUESTION_TEXT) return text;
    /* A comma list of option ids (one for a single choice). */
    size_t used = 0;
    buf[0] = '\0';
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",");
        const char *label = NULL;
        for (int i = 0; i < q->n_options && !label; i++)
            if (strlen(q->options[i].id) == len && strncmp(q->options[i].id, p, len) == 0)
                label = ltext_get(&q->options[i].label, lang);
        int w = snprintf(buf + used, n - used, "%s%.*s", used ? ", " : "",
                         label ? (int)strlen(label) : (int)len, label ? label : p);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
        p += len + (p[len] == ',');
    }
    return buf;
}

/* "Question: answer" lines of A into OUT, in the event's order of questions. */
static void format_answers(const Event *ev, const StaffAttendee *a, Lang lang, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (int qi = 0; ev && qi < ev->n_questions; qi++) {
        const Question *q = &ev->questions[qi];
        for (int i = 0; i < a->n_answers; i++) {
            if (strcmp(a->answers[i].question_id, q->id) != 0 || !a->answers[i].text[0]) continue;
            char words[SIGNUP_ANSWER_MAX + 1];
            const char *w = answer_words(q, a->answers[i].text, lang, words, sizeof words);
            /* "Question? Answer", "Question: Answer". */
            const char *label = ltext_get(&q->label, lang);
            size_t ll = strlen(label);
            bool ends = ll > 0 && strchr("?!:.", label[ll - 1]);
            int k = snprintf(out + used, n - used, "%s%s%s %s", used ? "\n" : "", label,
                             ends ? "" : ":", w);
            if (k < 0 || (size_t)k >= n - used) return;
            used += (size_t)k;
        }
    }
}

static StaffSignupState state_of(StaffStatus s)
{
    switch (s) {
    case STAFF_CONFIRMED:
        return STAFF_SU_CONFIRMED;
    case STAFF_WAITLISTED:
        return STAFF_SU_WAITLISTED;
    case STAFF_PROVISIONAL:
        return STAFF_SU_PROVISIONAL;
    case STAFF_CANCELLED:
        return STAFF_SU_CANCELLED;
    case STAFF_REJECTED:
        return STAFF_SU_REJECTED;
    }
    return STAFF_SU_REJECTED;
}

int staff_signups_load(Store *s, const char *event_id, Lang lang, bool local_only,
                       StaffSignup **out, int *n)
{
    char err[256];
    StaffAttendee *list = NULL;
    int count = 0;
    *out = NULL;
    *n = 0;
    if (store_attendees_list(s, event_id, &list, &count, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio: reading the attendee list: %s\n", err);
        return -1;
    }
    Event ev;
    memset(&ev, 0, sizeof ev);
    bool have_event = store_event_get(s, event_id, &ev, err, sizeof err) == 0;
    StaffSignup *rows = count > 0 ? calloc((size_t)count, sizeof *rows) : NULL;
    if (count > 0 && !rows) {
        store_attendees_free(list, count);
        if (have_event) event_deinit(&ev);
        return -1;
    }
    for (int i = 0; i < count; i++) {
        const StaffAttendee *a = &list[i];
        StaffSignup *r = &rows[i];
        str_copy(r->uuid, sizeof r->uuid, a->uuid);
        str_copy(r->code, sizeof r->code, a->code);
        str_copy(r->name, sizeof r->name, a->name);
        r->group_size = a->group_size;
        r->state = state_of(a->status);
        r->position = a->position;
        r->checked_in = a->attended;
        r->local_only = local_only;
        format_answers(have_event ? &ev : NULL, a, lang, r->answers, sizeof r->answers);
    }
    store_attendees_free(list, count);
    if (have_event) event_deinit(&ev);
    *out = rows;
    *n = count;
    return 0;
}

/* ---- The venue screen ----------------------------------------------------------------------- */

int staff_venue_save(Store *s, const StaffVenue *sv, char id[STORE_VENUE_MAX], char *err,
                     size_t errlen)
{
    StoreVenue v = {.show_all = sv->show_all};
    str_copy(v.language, sizeof v.language, lang_code((Lang)sv->lang));
    id[0] = '\0';
    if (sv->popup) {
        memcpy(v.name, sv->name, sizeof v.name);
        memcpy(v.note, sv->note, sizeof v.note);
        return store_venue_set_popup(s, &v, id, err, errlen) == AUKIO_OK ? 0 : -1;
    }
    str_copy(v.venue, sizeof v.venue, sv->venue);
    if (store_venue_set(s, &v, err, errlen) != AUKIO_OK) return -1;
    str_copy(id, STORE_VENUE_MAX, sv->venue);
    return 0;
}
