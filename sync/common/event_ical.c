/*
 * event_ical.c: iCalendar (RFC 5545) into the event model. libical does every part of reading
 * the calendar (unfolding, escapes, values, time zones, recurrence rules); this file only feeds
 * it lines, picks the VEVENTs out of what it built and maps them onto Events.
 *
 * Feeds met in the wild, and what is done about them:
 *   - a UTF-8 byte-order mark: skipped before libical sees the text (it takes it for a line);
 *   - empty lines (Mozilla folds "DTSTART\n\n ;VALUE=DATE\n :20031225"): dropped, since RFC 5545
 *     has no empty content line and libical would otherwise end the property there;
 *   - a bare VEVENT, two VCALENDARs, components after END:VCALENDAR: libical gives them all
 *     (under an XROOT) and each VEVENT is taken wherever it is;
 *   - no END:VCALENDAR or END:VEVENT: libical's parser is cleaned up and the components it still
 *     held come back marked "Missing END tag"; such a VEVENT is skipped, the others import;
 *   - no UID: the id is derived from a hash of DTSTART and SUMMARY, stable across imports;
 *   - a line libical cannot read (no colon, a bad value): it becomes an X-LIC-ERROR property,
 *     which is reported; if it was the DTSTART, the VEVENT is skipped for want of one.
 * Recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID) is in event_ical_recur.c.
 */
#include "event_ical_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

void event_ical_options_default(EventIcalOptions *o, int64_t now)
{
    memset(o, 0, sizeof *o);
    o->now = now;
    o->past = 86400;
    o->future = 180 * 86400;
    o->source = "ical";
    o->zone = "Europe/Helsinki";
    o->lang = LANG_FI;
    o->max_occurrences = EVENT_ICAL_OCCURRENCES_MAX;
    o->max_events = EVENT_ICAL_FILE_EVENTS_MAX;
}

void ical_note(EventIcalReport *rep, const char *fmt, ...)
{
    if (rep->n_notes >= EVENT_ICAL_NOTES_MAX) {
        rep->notes_lost++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->notes[rep->n_notes++], EVENT_ICAL_NOTE_LEN, fmt, ap);
    va_end(ap);
}

/* ---- Feeding libical ---------------------------------------------------------------------- */

/* The text as libical's parser asks for it: one line (or the part of a long line that fits its
 * buffer) at a time. Line numbers of BEGIN:VEVENT lines are kept so that a skipped VEVENT can be
 * named by its line: libical keeps none, and its VEVENTs come out in the order of the text. */
typedef struct IcalFeed {
    const char *p, *end;
    int line;        /* of the next byte */
    bool line_start; /* the next byte begins a line */
    int *vevent_lines;
    int n_vevents, cap_vevents;
} Feed;

static bool starts_with_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n) return false;
    for (size_t i = 0; i < n; i++)
        if ((p[i] | 0x20) != (word[i] | 0x20)) return false;
    return true;
}

static void note_vevent_line(Feed *f)
{
    if (f->n_vevents == f->cap_vevents) {
        int cap = f->cap_vevents ? 2 * f->cap_vevents : 64;
        int *nl = realloc(f->vevent_lines, (size_t)cap * sizeof *nl);
        if (!nl) return; /* only the line numbers in notes are lost */
        f->vevent_lines = nl;
        f->cap_vevents = cap;
    }
    f->vevent_lines[f->n_vevents++] = f->line;
}

static char *feed_line(char *s, size_t size, void *data)
{
    Feed *f = data;
    if (size < 2) return NULL;
    while (f->line_start && f->p < f->end && (*f->p == '\n' || *f->p == '\r')) {
        /* An empty line: dropped (see the top of the file). */
        if (*f->p == '\n') f->line++;
        f->p++;
    }
    if (f->p >= f->end) return NULL;
    if (f->line_start && starts_with_ci(f->p, f->end, "BEGIN:VEVENT")) note_vevent_line(f);
    size_t n = 0;
    while (f->p < f->end && n + 1 < size) {
        char c = *f->p++;
        /* A NUL would end libical's line early and leave the rest unread: it reads as a space. */
        s[n++] = c ? c : ' ';
        if (c == '\n') break;
    }
    s[n] = '\0';
    f->line_start = s[n - 1] == '\n';
    if (f->line_start) f->line++;
    return s;
}

/* The components libical made of the text: one, or an XROOT holding several. Caller frees with
 * icalcomponent_free. NULL when libical found nothing at all. */
static icalcomponent *parse_text(Feed *f)
{
    icalparser *parser = icalparser_new();
    if (!parser) return NULL;
    icalparser_set_gen_data(parser, f);
    icalcomponent *root = icalparser_parse(parser, feed_line);
    /* Components still open at the end of the text (no END line) come back from clean(), marked
     * with an X-LIC-ERROR "Missing END tag". */
    icalcomponent *rest = icalparser_clean(parser);
    /* The parser keeps and frees what clean() returns: the caller gets a copy. */
    if (rest && rest != root) rest = icalcomponent_new_clone(rest);
    if (rest && rest != root) {
        if (!root) {
            root = rest;
        } else {
            if (icalcomponent_isa(root) != ICAL_XROOT_COMPONENT) {
                icalcomponent *x = icalcomponent_new(ICAL_XROOT_COMPONENT);
                icalcomponent_add_component(x, root);
                root = x;
            }
            icalcomponent_add_component(root, rest);
        }
    }
    icalparser_free(parser);
    return root;
}

/* ---- Small helpers ------------------------------------------------------------------------ */

/* Cut S to at most MAX bytes at a UTF-8 character boundary, in place. */
static void cut_utf8(char *s, size_t max)
{
    size_t len = strlen(s);
    if (len <= max) return;
    size_t i = max;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    s[i] = '\0';
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xE0) == 0xC0 ? 1
                : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0 || (n == 1 && *p < 0xC2) || (*p > 0xF4)) return false;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80) return false;
    }
    return true;
}

/* A malloc'd copy of S trimmed of surrounding white space and cut to MAX bytes; NULL when empty
 * (or out of memory, which then only loses the text). */
static char *text_copy(const char *s, size_t max)
{
    if (!s) return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t len = strlen(s);
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    if (len == 0) return NULL;
    char *d = malloc(len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    cut_utf8(d, max);
    return d;
}

/* FNV-1a, 64 bits: ids derived from content stay the same from one import to the next. */
static uint64_t hash_add(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        h = (h ^ *p) * UINT64_C(1099511628211);
    return (h ^ 0xff) * UINT64_C(1099511628211);
}

/* The language a property's LANGUAGE parameter names ("fi", "sv-FI", "en-GB"), else DFLT. */
static Lang prop_lang(icalproperty *p, Lang dflt)
{
    icalparameter *lp = icalproperty_get_first_parameter(p, ICAL_LANGUAGE_PARAMETER);
    const char *code = lp ? icalparameter_get_language(lp) : NULL;
    char two[3];
    Lang l;
    if (!code || strlen(code) < 2 || (code[2] && code[2] != '-' && code[2] != '_')) return dflt;
    two[0] = (char)(code[0] | 0x20);
    two[1] = (char)(code[1] | 0x20);
    two[2] = '\0';
    return lang_from_code(two, &l) == 0 ? l : dflt;
}

/* Every property KIND of COMP into LT, by its language; the first of a language wins. A text
 * that is not UTF-8 is an error (jansson, and so the store, would refuse it). */
static int read_ltext(icalcomponent *comp, icalproperty_kind kind, const char *name, size_t max,
                      Lang dflt, LText *lt, char *err, size_t errlen)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, kind); p;
         p = icalcomponent_get_next_property(comp, kind)) {
        Lang l = prop_lang(p, dflt);
        const char *v = icalvalue_get_text(icalproperty_get_value(p));
        if (!v || lt->s[l]) continue;
        if (!valid_utf8(v)) return err_set(err, errlen, "%s: not UTF-8 text", name);
        lt->s[l] = text_copy(v, max);
    }
    return 0;
}

/* ---- Time zones --------------------------------------------------------------------------- */

/* The zone TZID names: a VTIMEZONE of the calendar (or of any calendar in the file), else
 * libical's zoneinfo by IANA name or by libical's own TZID prefix, else the IANA name at the end
 * of a vendor's TZID ("/citadel.org/20260108_1/Europe/Helsinki"). NULL when none. */
icaltimezone *ical_zone(const IcalCtx *c, icalcomponent *cal, const char *tzid)
{
    icaltimezone *z = NULL;
    if (!tzid || !*tzid) return NULL;
    if (cal) z = icalcomponent_get_timezone(cal, tzid);
    if (!z && c->root && c->root != cal) z = icalcomponent_get_timezone(c->root, tzid);
    if (c->root && icalcomponent_isa(c->root) == ICAL_XROOT_COMPONENT)
        for (icalcompiter it = icalcomponent_begin_component(c->root, ICAL_VCALENDAR_COMPONENT);
             !z && icalcompiter_deref(&it); icalcompiter_next(&it))
            if (icalcompiter_deref(&it) != cal)
                z = icalcomponent_get_timezone(icalcompiter_deref(&it), tzid);
    if (!z) z = icaltimezone_get_builtin_timezone(tzid);
    if (!z) z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
    for (const char *s = strchr(tzid, '/'); !z && s; s = strchr(s + 1, '/'))
        if (s[1] && strchr(s + 1, '/')) z = icaltimezone_get_builtin_timezone(s + 1);
    return z;
}

/* The Unix time of T, a DATE-TIME or DATE value of a property with time zone ZONE (NULL:
 * floating or UTC). Floating times are in the calendar's zone, dates midnight in the kiosk's. */
int64_t ical_instant(const IcalCtx *c, const IcalEventCtx *e, struct icaltimetype t,
                     icaltimezone *zone)
{
    /* Far from the horizon the exact zone offset does not matter (the event is left out or
     * refused as before 2000), and finding it would make libical expand the zone's rules to
     * that year: a DTSTART in 9999 cost seconds and hundreds of MB per zone. */
    if (t.year > c->year_hi || t.year < 1900) {
        t.is_date = 0;
        return (int64_t)icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
    }
    if (t.is_date) {
        t.is_date = 0;
        t.hour = t.minute = t.second = 0;
        return (int64_t)icaltime_as_timet_with_zone(t, c->date_zone);
    }
    if (icaltime_is_utc(t))
        return (int64_t)icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone());
    return (int64_t)icaltime_as_timet_with_zone(t, zone ? zone : e->floating);
}

/* The value of the first property KIND of COMP and the zone of its TZID (*ZONE NULL when it has
 * none). Returns 0, 1 when there is no such property, -1 with ERR when its TZID is unknown. */
int ical_prop_time(const IcalCtx *c, const IcalEventCtx *e, icalproperty *p, struct icaltimetype *t,
                   icaltimezone **zone, char *err, size_t errlen)
{
    *zone = NULL;
    icalvalue *v = icalproperty_get_value(p);
    if (!v) return 1;
    *t = icalvalue_get_datetime(v);
    if (icaltime_is_null_time(*t) || !icaltime_is_valid_time(*t)) return 1;
    icalparameter *tp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    if (tp && !icaltime_is_utc(*t) && !t->is_date) {
        const char *tzid = icalparameter_get_tzid(tp);
        if (!(*zone = ical_zone(c, e->cal, tzid))) {
            char shown[64];
            return err_set(err, errlen, "%s: unknown time zone \"%s\"",
                           icalproperty_kind_to_string(icalproperty_isa(p)),
                           str_printable(tzid ? tzid : "", shown, sizeof shown));
        }
    }
    return 0;
}

/* ---- One VEVENT's texts ------------------------------------------------------------------- */

static bool looks_like_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

/* LOCATION: the venue's name; a second line (or, for one too long to be a name, what follows its
 * first comma) becomes the address. A URL is a web page, not a venue, and is left out. */
static void read_location(icalcomponent *comp, Lang dflt, Event *ev)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_LOCATION_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_LOCATION_PROPERTY)) {
        Lang l = prop_lang(p, dflt);
        const char *v = icalproperty_get_location(p);
        if (!v || ev->location_name.s[l] || !valid_utf8(v) || looks_like_url(v)) continue;
        char *all = text_copy(v, ICAL_ADDRESS_MAX + ICAL_VENUE_MAX);
        if (!all) continue;
        char *cut = strchr(all, '\n');
        if (!cut && strlen(all) > ICAL_VENUE_MAX) cut = strchr(all, ',');
        if (cut) {
            *cut = '\0';
            for (char *q = cut + 1; *q; q++)
                if (*q == '\n') *q = ',';
            char *rest = cut + 1;
            while (*rest == ' ' || *rest == ',')
                rest++;
            /* "12764 Happyville,Denmark" from lines: a space after each joining comma. */
            size_t n = strlen(rest) * 2 + 1;
            char *addr = malloc(n);
            if (addr) {
                size_t k = 0;
                for (const char *q = rest; *q; q++) {
                    addr[k++] = *q;
                    if (*q == ',' && q[1] != ' ') addr[k++] = ' ';
                }
                addr[k] = '\0';
                ev->location_address.s[l] = text_copy(addr, ICAL_ADDRESS_MAX);
                free(addr);
            }
        }
        ev->location_name.s[l] = text_copy(all, ICAL_VENUE_MAX);
        free(all);
    }
}

/* CATEGORIES, each value a keyword ("Meeting, John" stays one: libical splits at the commas
 * that are not escaped). */
static int read_categories(icalcomponent *comp, Event *ev, char *err, size_t errlen)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_CATEGORIES_PROPERTY)) {
        const char *v = icalproperty_get_categories(p);
        if (!v || !valid_utf8(v)) continue;
        char *k = text_copy(v, ICAL_KEYWORD_MAX);
        if (!k) continue;
        bool bad = str_control_at(k, strlen(k)) < strlen(k), dup = false;
        for (int i = 0; i < ev->n_keywords && !dup; i++)
            dup = strcmp(ev->keywords[i], k) == 0;
        if (bad || dup || ev->n_keywords >= ICAL_KEYWORDS_MAX) {
            free(k);
            continue;
        }
        char **nk = realloc(ev->keywords, (size_t)(ev->n_keywords + 1) * sizeof *nk);
        if (!nk) {
            free(k);
            return err_set(err, errlen, "CATEGORIES: out of memory");
        }
        ev->keywords = nk;
        ev->keywords[ev->n_keywords++] = k;
    }
    return 0;
}

/* The organiser's name (ORGANIZER;CN=...), else the calendar's (X-WR-CALNAME). */
static void read_provider(icalcomponent *comp, const IcalEventCtx *e, Lang dflt, Event *ev)
{
    icalproperty *p = icalcomponent_get_first_property(comp, ICAL_ORGANIZER_PROPERTY);
    icalparameter *cn = p ? icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER) : NULL;
    const char *name = cn ? icalparameter_get_cn(cn) : NULL;
    if (!name || !*name) name = e->calname;
    if (name && valid_utf8(name)) ev->provider.s[dflt] = text_copy(name, ICAL_PROVIDER_MAX);
}

/* URL as the event's page (info_url), when it is an http(s) URL a phone can open from the kiosk's
 * QR code; anything else (a file:, a mailto:, a space in it) is left out, not the event. */
static void read_url(icalcomponent *comp, Lang dflt, Event *ev)
{
    icalproperty *p = icalcomponent_get_first_property(comp, ICAL_URL_PROPERTY);
    const char *u = p ? icalproperty_get_url(p) : NULL;
    if (!u || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) ||
        strlen(u) > ICAL_URL_MAX)
        return;
    for (const char *c = u; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7f) return;
    free(ev->info_url.s[dflt]);
    ev->info_url.s[dflt] = strdup(u);
}

/* The texts of COMP (a VEVENT) into EV: name, description, venue, organiser, keywords and
 * status. FALLBACK (the master of an overridden occurrence, or NULL) lends what COMP lacks. */
int ical_read_texts(const IcalCtx *c, const IcalEventCtx *e, icalcomponent *comp,
                    icalcomponent *fallback, Event *ev, char *err, size_t errlen)
{
    Lang dflt = e->lang_set ? e->lang : c->opt->lang;
    if (read_ltext(comp, ICAL_SUMMARY_PROPERTY, "SUMMARY", ICAL_TITLE_MAX, dflt, &ev->name, err,
                   errlen) ||
        read_ltext(comp, ICAL_DESCRIPTION_PROPERTY, "DESCRIPTION", ICAL_DESCRIPTION_MAX, dflt,
                   &ev->description, err, errlen))
        return -1;
    read_location(comp, dflt, ev);
    if (fallback) {
        if (ltext_empty(&ev->name) && read_ltext(fallback, ICAL_SUMMARY_PROPERTY, "SUMMARY",
                                                 ICAL_TITLE_MAX, dflt, &ev->name, err, errlen))
            return -1;
        if (ltext_empty(&ev->description) &&
            read_ltext(fallback, ICAL_DESCRIPTION_PROPERTY, "DESCRIPTION", ICAL_DESCRIPTION_MAX,
                       dflt, &ev->description, err, errlen))
            return -1;
        if (ltext_empty(&ev->location_name)) read_location(fallback, dflt, ev);
    }
    if (ltext_empty(&ev->name)) return err_set(err, errlen, "no SUMMARY (an event needs a name)");
    read_url(fallback && !icalcomponent_get_first_property(comp, ICAL_URL_PROPERTY) ? fallback
                                                                                    : comp,
             dflt, ev);
    read_provider(fallback && !icalcomponent_get_first_property(comp, ICAL_ORGANIZER_PROPERTY)
                      ? fallback
                      : comp,
                  e, dflt, ev);
    if (read_categories(
            fallback && !icalcomponent_get_first_property(comp, ICAL_CATEGORIES_PROPERTY) ? fallback
                                                                                          : comp,
            ev, err, errlen))
        return -1;
    ev->status =
        icalcomponent_get_status(comp) == ICAL_STATUS_CANCELLED ? EVENT_CANCELLED : EVENT_SCHEDULED;
    /* No registration: a calendar says when and where, not who may come. */
    ev->registration = false;
    ev->capacity = -1;
    ev->waitlist_capacity = -1;
    ev->max_group_size = 1;
    ev->audience_min_age = ev->audience_max_age = -1;
    ev->email_rule = FIELD_OPTIONAL;
    ev->phone_rule = FIELD_HIDDEN;
    return 0;
}

/* ---- Ids ---------------------------------------------------------------------------------- */

/* "ics:SOURCE:UID", or "ics:SOURCE:UID@20260318T163000Z" (…@20260318 for a date) for one
 * occurrence of a recurring event. A UID that would not fit in an id, or holds control bytes, is
 * replaced by "~" and its hash. Returns a malloc'd id or NULL (out of memory). */
char *ical_make_id(const IcalCtx *c, const char *uid, bool recurring, int64_t start, bool date)
{
    char suffix[24] = "", key[40];
    if (recurring) {
        struct icaltimetype t = icaltime_from_timet_with_zone(
            (time_t)start, 0, date ? c->date_zone : icaltimezone_get_utc_timezone());
        if (date)
            snprintf(suffix, sizeof suffix, "@%04d%02d%02d", t.year, t.month, t.day);
        else
            snprintf(suffix, sizeof suffix, "@%04d%02d%02dT%02d%02d%02dZ", t.year, t.month, t.day,
                     t.hour, t.minute, t.second);
    }
    size_t fixed = 4 + strlen(c->source) + 1 + strlen(suffix);
    bool ok = strlen(uid) + fixed <= ICAL_ID_MAX && str_control_at(uid, strlen(uid)) == strlen(uid);
    if (!ok) {
        snprintf(key, sizeof key, "~%016llx",
                 (unsigned long long)hash_add(UINT64_C(14695981039346656037), uid));
        uid = key;
    }
    size_t n = fixed + strlen(uid) + 1;
    char *id = malloc(n);
    if (id) snprintf(id, n, "ics:%s:%s%s", c->source, uid, suffix);
    return id;
}

/* The UID of COMP, or one derived from its DTSTART and SUMMARY when it has none (LibCal and
 * hand-written feeds): into BUF, returns BUF. */
const char *ical_uid(icalcomponent *comp, char *buf, size_t n)
{
    const char *uid = icalcomponent_get_uid(comp);
    if (uid && *uid) {
        str_copy(buf, n, uid);
        return buf;
    }
    icalproperty *dp = icalcomponent_get_first_property(comp, ICAL_DTSTART_PROPERTY);
    icalproperty *sp = icalcomponent_get_first_property(comp, ICAL_SUMMARY_PROPERTY);
    uint64_t h = UINT64_C(14695981039346656037);
    h = hash_add(h, dp ? icalproperty_get_value_as_string(dp) : "");
    h = hash_add(h, sp ? icalproperty_get_summary(sp) : "");
    snprintf(buf, n, "~%016llx", (unsigned long long)h);
    return buf;
}

/* ---- The whole calendar ------------------------------------------------------------------- */

/* The first X-LIC-ERROR of COMP itself (not of its children), or NULL. */
static const char *first_error(icalcomponent *comp, int *count)
{
    const char *first = NULL;
    *count = 0;
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        if (!first) first = icalproperty_get_xlicerror(p);
        (*count)++;
    }
    return first;
}

/* Names VEVENT number K (from 0) for notes: "VEVENT 3 (line 41, UID x)". */
void ical_where(const IcalCtx *c, int k, const char *uid, char *buf, size_t n)
{
    char shown[80], line[24] = "";
    const Feed *f = c->feed;
    if (k < f->n_vevents) snprintf(line, sizeof line, "line %d, ", f->vevent_lines[k]);
    snprintf(buf, n, "VEVENT %d (%sUID %s)", k + 1, line,
             uid && *uid ? str_printable(uid, shown, sizeof shown) : "none");
}

static bool missing_end(icalcomponent *comp)
{
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        const char *m = icalproperty_get_xlicerror(p);
        if (m && strstr(m, "Missing END")) return true;
    }
    return false;
}

/* Why COMP cannot be read at all (cut short, or private), or NULL. */
const char *ical_unreadable(icalcomponent *comp)
{
    if (missing_end(comp)) return "no END:VEVENT (the file is cut short?)";
    /* A kiosk is public: an event its calendar marks private is not shown there. */
    icalproperty *cp = icalcomponent_get_first_property(comp, ICAL_CLASS_PROPERTY);
    enum icalproperty_class cls = cp ? icalproperty_get_class(cp) : ICAL_CLASS_PUBLIC;
    if (cls == ICAL_CLASS_PRIVATE) return "CLASS:PRIVATE (not for a public kiosk)";
    if (cls == ICAL_CLASS_CONFIDENTIAL) return "CLASS:CONFIDENTIAL (not for a public kiosk)";
    return NULL;
}

/* The calendar's name, language and zone (X-WR-CALNAME, X-WR-TIMEZONE) into E. */
static void calendar_names(const IcalCtx *c, icalcomponent *cal, IcalEventCtx *e)
{
    e->floating = c->floating;
    e->calname = NULL;
    if (!cal) return;
    for (icalproperty *p = icalcomponent_get_first_property(cal, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(cal, ICAL_X_PROPERTY)) {
        const char *xn = icalproperty_get_x_name(p);
        const char *xv = icalproperty_get_x(p);
        if (!xn || !xv) continue;
        if (strcmp(xn, "X-WR-CALNAME") == 0) {
            e->calname = xv;
            /* The calendar's language, when its name says (X-WR-CALNAME;LANGUAGE=sv:...). */
            if (icalproperty_get_first_parameter(p, ICAL_LANGUAGE_PARAMETER)) {
                e->lang = prop_lang(p, c->opt->lang);
                e->lang_set = true;
            }
        }
        /* Google and LibCal name the calendar's zone here: floating times are in it. */
        if (strcmp(xn, "X-WR-TIMEZONE") == 0) {
            icaltimezone *z = icaltimezone_get_builtin_timezone(xv);
            if (z) e->floating = z;
        }
    }
}

/* One VEVENT: skipped with a note when it is cut short or malformed, else expanded. A skipped
 * master takes its overrides with it; a skipped override takes its occurrence. */
static int take_vevent(IcalCtx *c, icalcomponent *cal, icalcomponent *comp)
{
    char where[160], why[200], uidbuf[256];
    int k = c->rep->vevents++;
    const char *uid = icalcomponent_get_uid(comp);
    bool is_override = icalcomponent_get_first_property(comp, ICAL_RECURRENCEID_PROPERTY);
    ical_where(c, k, uid, where, sizeof where);
    IcalEventCtx e = {.cal = cal, .index = k, .uid = ical_uid(comp, uidbuf, sizeof uidbuf)};
    const char *bad = ical_unreadable(comp);
    if (bad) {
        c->rep->skipped++;
        ical_note(c->rep, "%s: skipped: %s", where, bad);
        ical_overrides_drop(c, is_override ? comp : NULL, e.uid);
        return 0;
    }
    int n_err;
    const char *e1 = first_error(comp, &n_err);
    if (e1) {
        char shown[120];
        ical_note(c->rep, "%s: %d line%s libical could not read, ignored (%s)", where, n_err,
                  n_err == 1 ? "" : "s", str_printable(e1, shown, sizeof shown));
    }
    /* An override is read with its master (event_ical_recur.c). */
    if (is_override) return 0;
    calendar_names(c, cal, &e);
    int rc = ical_expand(c, &e, comp, why, sizeof why);
    if (rc == ICAL_SKIP) {
        c->rep->skipped++;
        ical_note(c->rep, "%s: skipped: %s", where, why);
        ical_overrides_drop(c, NULL, e.uid);
        return 0;
    }
    return rc ? -1 : 0; /* a fatal error has set the context's message */
}

/* Every VEVENT under COMP, in the order of the text; CAL is the calendar holding them. */
static int walk(IcalCtx *c, icalcomponent *cal, icalcomponent *comp)
{
    icalcomponent_kind kind = icalcomponent_isa(comp);
    if (kind == ICAL_VEVENT_COMPONENT) return take_vevent(c, cal, comp);
    if (kind == ICAL_VCALENDAR_COMPONENT) {
        cal = comp;
        int n_err;
        const char *e1 = first_error(comp, &n_err);
        if (missing_end(comp)) {
            ical_note(c->rep, "VCALENDAR: no END:VCALENDAR (the file is cut short?); the "
                              "complete VEVENTs in it are read");
        } else if (e1) {
            char shown[120];
            ical_note(c->rep, "VCALENDAR: %d line%s libical could not read, ignored (%s)", n_err,
                      n_err == 1 ? "" : "s", str_printable(e1, shown, sizeof shown));
        }
    }
    if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT) return 0;
    /* An iterator of our own: libical's built-in one is shared by every caller (ical_zone walks
     * the root's calendars while this walks the root). */
    for (icalcompiter it = icalcomponent_begin_component(comp, ICAL_ANY_COMPONENT);
         icalcompiter_deref(&it); icalcompiter_next(&it))
        if (walk(c, cal, icalcompiter_deref(&it))) return -1;
    return 0;
}

static void skip_bom(const char **text, size_t *len)
{
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
}

int event_ical_parse(const char *text, size_t len, const EventIcalOptions *opt, Event **out, int *n,
                     EventIcalReport *rep, char *err, size_t errlen)
{
    memset(rep, 0, sizeof *rep);
    if (len > EVENT_ICAL_TEXT_MAX)
        return err_set(err, errlen, "%zu bytes, more than the %u MiB a calendar may be", len,
                       EVENT_ICAL_TEXT_MAX / (1024 * 1024));
    skip_bom(&text, &len);
    /* libical's default is to abort() on some errors; a hostile file must only be refused. */
    icalerror_set_errors_are_fatal(0);

    IcalCtx c = {.opt = opt, .rep = rep, .err = err, .errlen = errlen};
    c.source = opt->source && *opt->source ? opt->source : "ical";
    c.date_zone = icaltimezone_get_builtin_timezone(opt->zone ? opt->zone : "Europe/Helsinki");
    if (!c.date_zone)
        return err_set(err, errlen, "time zone \"%s\" is not in libical's zoneinfo",
                       opt->zone ? opt->zone : "");
    c.floating = c.date_zone;
    c.year_hi = icaltime_from_timet_with_zone((time_t)(opt->now + opt->future), 0,
                                              icaltimezone_get_utc_timezone())
                    .year +
                1;
    Feed feed = {.p = text, .end = text + len, .line = 1, .line_start = true};
    c.feed = &feed;
    c.root = parse_text(&feed);
    int rc = -1;
    if (!c.root) {
        err_set(err, errlen,
                "not an iCalendar file libical can read (no complete VCALENDAR or "
                "VEVENT: END:VCALENDAR missing?)");
        goto cleanup;
    }
    if (ical_overrides_collect(&c) || walk(&c, NULL, c.root) || ical_overrides_rest(&c))
        goto cleanup;
    if (rep->vevents == 0 && icalcomponent_isa(c.root) != ICAL_VCALENDAR_COMPONENT &&
        icalcomponent_isa(c.root) != ICAL_XROOT_COMPONENT) {
        err_set(err, errlen, "not a calendar: a %s with no VEVENT",
                icalcomponent_kind_to_string(icalcomponent_isa(c.root)));
        goto cleanup;
    }
    if (ical_check_ids(&c)) goto cleanup;
    *out = c.evs;
    *n = c.n;
    c.evs = NULL;
    c.n = 0;
    rc = 0;
cleanup:
    for (int i = 0; i < c.n; i++)
        event_deinit(&c.evs[i]);
    free(c.evs);
    ical_overrides_free(&c);
    if (c.root) icalcomponent_free(c.root);
    free(feed.vevent_lines);
    return rc;
}
