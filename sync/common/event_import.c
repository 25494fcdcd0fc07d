/*
 * event_import.c: telling the import formats apart and reading either. Detection looks only at
 * the first bytes: a file is refused whole when it is neither, before any parser sees it.
 */
#include "event_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static size_t skip_bom_and_space(const char *text, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
        i++;
    return i;
}

static bool prefix_ci(const char *p, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len < n) return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]) != word[i]) return false;
    return true;
}

EventFormat event_format_detect(const char *text, size_t len)
{
    size_t i = skip_bom_and_space(text, len);
    if (i < len && (text[i] == '[' || text[i] == '{')) return EVENT_FORMAT_JSON;
    if (prefix_ci(text + i, len - i, "BEGIN:VCALENDAR") ||
        prefix_ci(text + i, len - i, "BEGIN:VEVENT"))
        return EVENT_FORMAT_ICAL;
    return EVENT_FORMAT_NONE;
}

const char *event_format_name(EventFormat f)
{
    return f == EVENT_FORMAT_ICAL   ? "iCalendar"
           : f == EVENT_FORMAT_JSON ? "Linked Events JSON"
                                    : "unknown";
}

/* REP's next note: the first of COUNT events' NOTE, "(and more events)" after it when there were
 * more; cut rather than lost when the text is long. */
static void add_note(EventIcalReport *rep, const char *note, int count)
{
    char *out = rep->notes[rep->n_notes++];
    if (snprintf(out, EVENT_ICAL_NOTE_LEN, "%s%s", note, count > 1 ? " (and more events)" : "") >=
        EVENT_ICAL_NOTE_LEN)
        out[EVENT_ICAL_NOTE_LEN - 1] = '\0';
}

int event_import_parse(const char *text, size_t len, const EventIcalOptions *opt,
                       int64_t rebase_now, Event **out, int *n, EventFormat *fmt,
                       EventIcalReport *rep, char *err, size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    *fmt = event_format_detect(text, len);
    if (*fmt == EVENT_FORMAT_ICAL) {
        if (event_ical_parse(text, len, opt, out, n, rep, err, errlen)) return -1;
        /* CATEGORIES are the events' keywords: a source's pairs make topics of them too. */
        rep->topics = opt->topics ? event_topics_apply(*out, *n, opt->topics) : 0;
        return 0;
    }
    if (*fmt == EVENT_FORMAT_NONE) {
        size_t i = skip_bom_and_space(text, len), k = 0;
        char head[24], shown[100];
        while (i + k < len && k < 16 && text[i + k] != '\n' && text[i + k] != '\r' && text[i + k])
            k++;
        memcpy(head, text + i, k);
        head[k] = '\0';
        if (k == 0)
            return err_set(err, errlen, "not iCalendar or Linked Events JSON (it is empty)");
        return err_set(err, errlen, "not iCalendar or Linked Events JSON (it starts with \"%s\")",
                       str_printable(head, shown, sizeof shown));
    }
    /* jansson reads no byte-order mark: the JSON starts after it. */
    size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    Event *evs = NULL;
    int ne = 0;
    EventJsonOptions jo = {
        .zone = opt->zone, .topics = opt->topics, .skip_bad = opt->skip_bad_json};
    EventJsonReport jr;
    if (event_parse_document_opts(text + bom, len - bom, &jo, &evs, &ne, &jr, err, errlen))
        return -1;
    rep->hidden = jr.drafts + jr.deleted + jr.super_events;
    rep->skipped = jr.skipped;
    rep->skipped_ids = jr.skipped_ids; /* handed over */
    rep->n_skipped_ids = jr.n_skipped_ids;
    if (jr.skipped) add_note(rep, jr.skipped_note, jr.skipped);
    rep->topics = jr.topics;
    if (jr.unaskable) add_note(rep, jr.unaskable_note, jr.unaskable);
    if (rep->hidden)
        snprintf(rep->notes[rep->n_notes++], EVENT_ICAL_NOTE_LEN,
                 "not shown: %d draft(s), %d deleted, %d recurring super-event(s) (their "
                 "sub-events are the events)",
                 jr.drafts, jr.deleted, jr.super_events);
    if (rebase_now != 0 &&
        event_document_rebase(text + bom, len - bom, evs, ne, rebase_now, err, errlen)) {
        for (int i = 0; i < ne; i++)
            event_deinit(&evs[i]);
        free(evs);
        event_import_report_deinit(rep);
        return -1;
    }
    *out = evs;
    *n = ne;
    return 0;
}

void event_import_report_deinit(EventIcalReport *rep)
{
    for (int i = 0; i < rep->n_skipped_ids; i++)
        free(rep->skipped_ids[i]);
    free(rep->skipped_ids);
    rep->skipped_ids = NULL;
    rep->n_skipped_ids = 0;
}

const char *event_import_summary(EventFormat f, int n, const EventIcalReport *rep, char *buf,
                                 size_t len)
{
    int w =
        snprintf(buf, len, "read %d event%s from %s", n, n == 1 ? "" : "s", event_format_name(f));
    if (f == EVENT_FORMAT_ICAL && w >= 0 && (size_t)w < len)
        w +=
            snprintf(buf + w, len - (size_t)w, " (%d VEVENT%s; %d skipped, %d outside the horizon)",
                     rep->vevents, rep->vevents == 1 ? "" : "s", rep->skipped, rep->outside);
    if (f == EVENT_FORMAT_JSON && rep->hidden && w >= 0 && (size_t)w < len)
        w += snprintf(buf + w, len - (size_t)w, " (%d not shown)", rep->hidden);
    return buf;
}

const char *event_import_source(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot ? (size_t)(dot - base) : strlen(base);
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < n && k < 32; i++) {
        char ch = base[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
        if (ok) buf[k++] = ch;
    }
    if (k == 0)
        str_copy(buf, n, "ical");
    else
        buf[k] = '\0';
    return buf;
}
