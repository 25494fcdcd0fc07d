/*
 * event_json.c: the event model's JSON form, read strictly and written to read back equal.
 *
 * The JSON is a Linked Events event (https://api.hel.fi/linkedevents/v1/): whatever the API sends
 * imports as it is, and every field we do not use is ignored. What Linked Events has no field for
 * lives under the extension key "x_aukio":
 *
 *   "x_aukio": {
 *     "category": "storytime",        closed list: storytime, workshop, coworking, training,
 *                                     popup, visit, club, other (drives the list's icons)
 *     "audience": {"fi": "Lapsiperheet", "sv": "Barnfamiljer", "en": "Families"},
 *     "registration": true,           default: true iff maximum_attendee_capacity is a number or
 *                                     the event carries a "registration" object (inlined or ref)
 *     "contact_fields": {"email": "required", "phone": "optional"},
 *                                     required | optional | hidden; default email optional,
 *                                     phone hidden; wins over registration.mandatory_fields
 *     "reserved_seats": 12,           seats already taken elsewhere (phone, web): they count
 *                                     against maximum_attendee_capacity
 *     "all_day": true,                the event is on dates (start_time and end_time are local
 *                                     midnights, end exclusive); default false
 *     "waitlist_contact": true,       default true: joining the waiting list needs an email or a
 *                                     phone number (false: the event reaches its queue otherwise)
 *     "staff_only": false,            default false: true keeps the event off visitor screens
 *     "questions": [                  at most EVENT_MAX_QUESTIONS
 *       {"id": "diet", "type": "text" | "single" | "multi" | "yesno", "required": true,
 *        "label": {"fi": ..., "sv": ..., "en": ...},
 *        "options": [{"id": "veg", "label": {...}}]}   single/multi only, 1..QUESTION_MAX_OPTIONS
 *     ]
 *   }
 *
 * The registration fields (maximum_attendee_capacity, waiting_list_capacity, maximum_group_size,
 * enrolment_start_time, enrolment_end_time, audience_min_age, audience_max_age) are read from an
 * inlined "registration" object when it has them, else from the event itself: older Linked Events
 * data has them on the event, current data in the registration. A null or missing
 * waiting_list_capacity means an unlimited waiting list, as in Linked Events.
 *
 * "info_url" (the event's page) and "offers" ([{"is_free", "price", "info_url"}], folded into
 * one price: free when every offer is, else the prices of those that cost) are Linked Events'
 * own; their URLs must be http:// or https://, since a phone opens them from the kiosk's QR code.
 *
 * Writing (event_to_json) is in event_json_write.c.
 *
 * Parsing is strict because a bad import must be caught at the desk, not on the kiosk screen:
 * wrong types, unknown enum values and over-long strings are errors that name the field. Length
 * caps match the fixed-size buffers of EventRow (rules.h) so nothing is ever truncated later.
 */
#include "event.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "event_json_internal.h"
#include "util.h"

/* Byte caps (without the NUL). The first four are the EventRow buffers minus one. */
#define ID_MAX 95
/* Names as long as Linked Events allows (255 characters; of ASCII, bytes): a longer one is cut
 * with "…", never a reason to refuse a file (issue 11). */
#define TITLE_MAX 255
#define VENUE_MAX 255
#define VENUE_ID_MAX 63
#define CATEGORY_MAX 31
#define KEYWORD_ID_MAX 95
#define KEYWORDS_MAX 256
#define PROVIDER_MAX 500
#define AUDIENCE_MAX 255
#define ADDRESS_PART_MAX 255
#define SUMMARY_MAX 4000
#define DESCRIPTION_MAX 65536
#define QUESTION_ID_MAX 31
/* A multi-choice answer is its option ids joined by ','; 8 ids of 23 bytes and 7 commas fit in
 * SIGNUP_ANSWER_MAX (200). */
#define OPTION_ID_MAX 23
#define LABEL_MAX 255
#define OPTION_LABEL_MAX 159
#define SEATS_MAX 100000
#define AGE_MAX 150
#define URL_MAX 500
#define PRICE_MAX 255
#define OFFERS_MAX 16
#define LOCATION_EXTRA_MAX 400 /* Linked Events' own limit */

static const char *const CATEGORIES[] = {"storytime", "workshop", "coworking", "training",
                                         "popup",     "visit",    "club",      "other"};

const char *const EJ_STATUS_NAMES[4] = {"EventScheduled", "EventCancelled", "EventPostponed",
                                        "EventRescheduled"};

const char *const EJ_KIND_NAMES[4] = {"text", "single", "multi", "yesno"};

const char *const EJ_RULE_NAMES[3] = {"hidden", "optional", "required"};

/* ---- Small helpers ------------------------------------------------------------------------ */

static bool has_text(const char *s)
{
    return s && s[0];
}

static char *dup_bytes(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

/* Field names are for messages only. A read that succeeds (nearly every one) has no use for
 * them, and formatting them ("x_aukio.questions[2].options[1].label", for every field) was a
 * seventh of event_from_json's instructions in a pull: event_from_json_in reads with them off,
 * and when the read fails, reads again with them on, for the message (the same input fails the
 * same way). Per thread, so the hub's threads do not mix. */
static _Thread_local bool t_names_off;

__attribute__((format(printf, 3, 4))) static void name_at(char *buf, size_t n, const char *fmt, ...)
{
    if (t_names_off) {
        snprintf(buf, n, "?");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

/* ---- Field readers -----------------------------------------------------------------------
 * Each takes the JSON value (NULL when the key is missing), the field's name for messages, and
 * writes "FIELD: why" into ERR on failure. */

typedef enum { STR_TEXT = 0, STR_ID = 1 } StrKind;

/* An optional string: missing, null and "" all give NULL. IDs may not hold control characters,
 * since they end up in SQL keys, file names of logs and comma-joined answers. */
static int read_string(json_t *v, const char *field, size_t max, StrKind kind, char **out,
                       char *err, size_t errlen)
{
    *out = NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return err_set(err, errlen, "%s: must be a string", field);
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) return err_set(err, errlen, "%s: contains a NUL character", field);
    if (len > max)
        return err_set(err, errlen, "%s: %zu bytes long, at most %zu allowed", field, len, max);
    if (kind == STR_ID && str_control_at(s, len) < len)
        return err_set(err, errlen, "%s: contains a control character", field);
    if (len == 0) return 0;
    if (!(*out = dup_bytes(s, len))) return err_set(err, errlen, "%s: out of memory", field);
    return 0;
}

static int read_ltext(json_t *v, const char *field, size_t max, LText *out, char *err,
                      size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (!v || json_is_null(v)) return 0;
    if (!json_is_object(v))
        return err_set(err, errlen, "%s: must be an object of texts keyed fi/sv/en", field);
    for (int l = 0; l < LANG_COUNT; l++) {
        json_t *t = json_object_get(v, lang_code((Lang)l));
        if (read_string(t, field, max, STR_TEXT, &out->s[l], err, errlen)) {
            /* The message names the language: its field name is made only now, and the same
             * read fails again with it (formatting it for every text was 7 % of a pull). */
            char sub[96], *again = NULL;
            snprintf(sub, sizeof sub, "%s.%s", field, lang_code((Lang)l));
            if (read_string(t, sub, max, STR_TEXT, &again, err, errlen) == 0) free(again);
            ltext_deinit(out);
            return -1;
        }
    }
    return 0;
}

/* An integer in [MIN, MAX]; missing or null gives DFLT. WHAT completes "must be ...". */
/* Cuts every text of T longer than MAX bytes at a character boundary, ending it with "…". */
static void cut_ltext(LText *t, size_t max)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        char *s = t->s[l];
        if (!s || strlen(s) <= max) continue;
        size_t k = max - 3;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        memcpy(s + k, "\xE2\x80\xA6", 3);
        s[k + 3] = '\0';
    }
}

/* A name (of an event, of a place): any length is read, one over MAX is cut. */
static int read_name(json_t *v, const char *field, size_t max, LText *out, char *err, size_t errlen)
{
    if (read_ltext(v, field, DESCRIPTION_MAX, out, err, errlen)) return -1;
    cut_ltext(out, max);
    return 0;
}

static int read_int(json_t *v, const char *field, int min, int max, int dflt, const char *what,
                    int *out, char *err, size_t errlen)
{
    if (!v || json_is_null(v)) {
        *out = dflt;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        return err_set(err, errlen, "%s: must be %s", field, what);
    *out = (int)json_integer_value(v);
    return 0;
}

/* A time; one without an offset (or a date) is wall-clock time in ZONE (NULL: the process's). */
static int read_time(json_t *v, const char *field, const char *zone, int64_t *out, char *err,
                     size_t errlen)
{
    *out = 0;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v))
        return err_set(err, errlen, "%s: must be an ISO 8601 time string or null", field);
    int rc = event_parse_time_in(json_string_value(v), zone, out);
    if (rc == EVENT_TIME_RANGE)
        return err_set(err, errlen,
                       "%s: \"%.40s\" is outside the times an event may have "
                       "(2000-01-01 to 9999-12-31 UTC)",
                       field, json_string_value(v));
    if (rc)
        return err_set(err, errlen, "%s: not an ISO 8601 time (\"%.40s\")", field,
                       json_string_value(v));
    return 0;
}

static int read_bool(json_t *v, const char *field, bool dflt, bool *out, char *err, size_t errlen)
{
    if (!v || json_is_null(v)) {
        *out = dflt;
        return 0;
    }
    if (!json_is_boolean(v)) return err_set(err, errlen, "%s: must be true or false", field);
    *out = json_is_true(v);
    return 0;
}

/* One of NAMES (N of them); missing or null gives DFLT. */
static int read_enum(json_t *v, const char *field, const char *const *names, int n, int dflt,
                     int *out, char *err, size_t errlen)
{
    *out = dflt; /* set on every path, so no caller can read an unset value */
    if (!v || json_is_null(v)) return 0;
    if (json_is_string(v))
        for (int i = 0; i < n; i++)
            if (strcmp(json_string_value(v), names[i]) == 0) {
                *out = i;
                return 0;
            }
    char list[200] = "";
    size_t used = 0;
    for (int i = 0; i < n && used < sizeof list; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
    return err_set(err, errlen, "%s: must be one of %s", field, list);
}

/* The last path segment of a Linked Events URL, "https://.../place/tprek:15321/" -> "tprek:15321".
 * A string without '/' is taken as the id itself. */
static int id_from_ref(const char *url, const char *field, size_t max, char **out, char *err,
                       size_t errlen)
{
    size_t end = strlen(url);
    while (end > 0 && url[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && url[start - 1] != '/')
        start--;
    if (start == end) return err_set(err, errlen, "%s: no id at the end of \"%.60s\"", field, url);
    if (end - start > max)
        return err_set(err, errlen, "%s: id %zu bytes long, at most %zu allowed", field,
                       end - start, max);
    for (size_t i = start; i < end; i++)
        if ((unsigned char)url[i] < 0x20 || url[i] == 0x7f)
            return err_set(err, errlen, "%s: contains a control character", field);
    if (!(*out = dup_bytes(url + start, end - start)))
        return err_set(err, errlen, "%s: out of memory", field);
    return 0;
}

/* ---- Parts of an event -------------------------------------------------------------------- */

static int parse_location(Event *ev, json_t *loc, char *err, size_t errlen)
{
    if (!loc || json_is_null(loc)) return 0;
    if (!json_is_object(loc))
        return err_set(err, errlen,
                       "location: must be an object ({\"@id\": url} or a place) or null");

    json_t *id = json_object_get(loc, "id");
    json_t *ref = json_object_get(loc, "@id");
    if (id && !json_is_null(id)) {
        if (read_string(id, "location.id", VENUE_ID_MAX, STR_ID, &ev->location_id, err, errlen))
            return -1;
    } else if (ref && !json_is_null(ref)) {
        if (!json_is_string(ref)) return err_set(err, errlen, "location.@id: must be a URL string");
        if (id_from_ref(json_string_value(ref), "location.@id", VENUE_ID_MAX, &ev->location_id, err,
                        errlen))
            return -1;
    }
    if (read_name(json_object_get(loc, "name"), "location.name", VENUE_MAX, &ev->location_name, err,
                  errlen))
        return -1;
    if (read_ltext(json_object_get(loc, "street_address"), "location.street_address",
                   ADDRESS_PART_MAX, &ev->location_street, err, errlen))
        return -1;
    if (read_ltext(json_object_get(loc, "address_locality"), "location.address_locality",
                   ADDRESS_PART_MAX, &ev->location_locality, err, errlen))
        return -1;
    /* Both parts are kept as given (the writer writes them back so), and per language joined
     * "street, locality" for showing; a part missing in one language is borrowed through the
     * usual fallback, so the Swedish address of a Finnish-only locality still names the town. */
    int rc = 0;
    for (int l = 0; l < LANG_COUNT && rc == 0; l++) {
        if (!has_text(ev->location_street.s[l]) && !has_text(ev->location_locality.s[l])) continue;
        const char *a = has_text(ev->location_street.s[l])
                            ? ev->location_street.s[l]
                            : ltext_get(&ev->location_street, (Lang)l);
        const char *b = has_text(ev->location_locality.s[l])
                            ? ev->location_locality.s[l]
                            : ltext_get(&ev->location_locality, (Lang)l);
        size_t la = strlen(a), lb = strlen(b), sep = la && lb ? 2 : 0;
        char *joined = malloc(la + sep + lb + 1);
        if (!joined) {
            rc = err_set(err, errlen, "location: out of memory");
            break;
        }
        /* "street, locality" (snprintf's "%s%s%s" was a tenth of reading a place) */
        memcpy(joined, a, la);
        memcpy(joined + la, ", ", sep);
        memcpy(joined + la + sep, b, lb + 1);
        ev->location_address.s[l] = joined;
        /* The joined address is what a kiosk shows and an older reader kept as one
         * street_address: it stays under the cap of one part, as it always has. */
        if (strlen(joined) > ADDRESS_PART_MAX)
            rc = err_set(err, errlen,
                         "location: street_address and address_locality (%s) joined are %zu "
                         "bytes long, at most %d allowed",
                         lang_code((Lang)l), strlen(joined), ADDRESS_PART_MAX);
    }
    return rc;
}

static int parse_keywords(Event *ev, json_t *kw, char *err, size_t errlen)
{
    char field[48];
    if (!kw || json_is_null(kw)) return 0;
    if (!json_is_array(kw)) return err_set(err, errlen, "keywords: must be an array");
    size_t n = json_array_size(kw);
    if (n > KEYWORDS_MAX)
        return err_set(err, errlen, "keywords: %zu of them, at most %d allowed", n, KEYWORDS_MAX);
    if (n == 0) return 0;
    if (!(ev->keywords = calloc(n, sizeof *ev->keywords)))
        return err_set(err, errlen, "keywords: out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *k = json_array_get(kw, i);
        json_t *ref = NULL;
        name_at(field, sizeof field, "keywords[%zu]", i);
        if (json_is_string(k)) {
            ref = k;
        } else if (json_is_object(k)) {
            /* An "id" is the id as it is: a calendar's CATEGORIES value may hold a '/', and
             * taking the last path segment of it broke the round trip (fuzz_ical). */
            json_t *id = json_object_get(k, "id");
            if (json_is_string(id) && json_string_length(id) > 0) {
                if (read_string(id, field, KEYWORD_ID_MAX, STR_ID, &ev->keywords[ev->n_keywords],
                                err, errlen))
                    return -1;
                ev->n_keywords++;
                continue;
            }
            ref = json_object_get(k, "@id");
        }
        if (!json_is_string(ref))
            return err_set(err, errlen, "%s: must be a keyword id or {\"@id\": url}", field);
        if (id_from_ref(json_string_value(ref), field, KEYWORD_ID_MAX,
                        &ev->keywords[ev->n_keywords], err, errlen))
            return -1;
        ev->n_keywords++;
    }
    return 0;
}

static int parse_question(Question *q, json_t *jq, int qi, const Event *ev, char *err,
                          size_t errlen)
{
    char field[96], sub[128];
    int kind;
    name_at(field, sizeof field, "x_aukio.questions[%d]", qi);
    if (!json_is_object(jq)) return err_set(err, errlen, "%s: must be an object", field);

    name_at(sub, sizeof sub, "%s.id", field);
    if (read_string(json_object_get(jq, "id"), sub, QUESTION_ID_MAX, STR_ID, &q->id, err, errlen))
        return -1;
    if (!q->id) return err_set(err, errlen, "%s: missing", sub);
    for (int i = 0; i < qi; i++)
        if (strcmp(ev->questions[i].id, q->id) == 0)
            return err_set(err, errlen, "%s: \"%s\" is used by questions[%d] too", sub, q->id, i);

    name_at(sub, sizeof sub, "%s.type", field);
    json_t *jt = json_object_get(jq, "type");
    if (!jt || json_is_null(jt)) return err_set(err, errlen, "%s: missing", sub);
    if (read_enum(jt, sub, EJ_KIND_NAMES, 4, 0, &kind, err, errlen)) return -1;
    q->kind = (QuestionKind)kind;

    name_at(sub, sizeof sub, "%s.required", field);
    if (read_bool(json_object_get(jq, "required"), sub, false, &q->required, err, errlen))
        return -1;

    name_at(sub, sizeof sub, "%s.label", field);
    if (read_ltext(json_object_get(jq, "label"), sub, LABEL_MAX, &q->label, err, errlen)) return -1;
    if (ltext_empty(&q->label)) return err_set(err, errlen, "%s: no text in any language", sub);

    name_at(sub, sizeof sub, "%s.options", field);
    json_t *opts = json_object_get(jq, "options");
    bool choice = q->kind == QUESTION_SINGLE || q->kind == QUESTION_MULTI;
    if (opts && !json_is_null(opts) && !json_is_array(opts))
        return err_set(err, errlen, "%s: must be an array", sub);
    size_t n = opts ? json_array_size(opts) : 0;
    if (!choice) {
        if (n > 0)
            return err_set(err, errlen, "%s: only \"single\" and \"multi\" questions have options",
                           sub);
        return 0;
    }
    if (n == 0)
        return err_set(err, errlen, "%s: a \"%s\" question needs options", sub,
                       EJ_KIND_NAMES[q->kind]);
    if (n > QUESTION_MAX_OPTIONS)
        return err_set(err, errlen, "%s: %zu options, at most %d allowed", sub, n,
                       QUESTION_MAX_OPTIONS);
    for (size_t o = 0; o < n; o++) {
        QuestionOption *op = &q->options[o];
        json_t *jo = json_array_get(opts, o);
        char osub[160];
        name_at(sub, sizeof sub, "%s.options[%zu]", field, o);
        if (!json_is_object(jo)) return err_set(err, errlen, "%s: must be an object", sub);
        name_at(osub, sizeof osub, "%s.id", sub);
        q->n_options++; /* counted before filling so event_deinit frees a half-made option */
        if (read_string(json_object_get(jo, "id"), osub, OPTION_ID_MAX, STR_ID, &op->id, err,
                        errlen))
            return -1;
        if (!op->id) return err_set(err, errlen, "%s: missing", osub);
        if (strchr(op->id, ','))
            return err_set(err, errlen, "%s: may not contain ',' (multi answers are joined by it)",
                           osub);
        for (size_t i = 0; i < o; i++)
            if (strcmp(q->options[i].id, op->id) == 0)
                return err_set(err, errlen, "%s: \"%s\" is used by options[%zu] too", osub, op->id,
                               i);
        name_at(osub, sizeof osub, "%s.label", sub);
        if (read_ltext(json_object_get(jo, "label"), osub, OPTION_LABEL_MAX, &op->label, err,
                       errlen))
            return -1;
        if (ltext_empty(&op->label))
            return err_set(err, errlen, "%s: no text in any language", osub);
    }
    return 0;
}

static int parse_contact_rule(json_t *cf, const char *key, FieldRule *rule, char *err,
                              size_t errlen)
{
    char field[64];
    int v;
    name_at(field, sizeof field, "x_aukio.contact_fields.%s", key);
    if (read_enum(json_object_get(cf, key), field, EJ_RULE_NAMES, 3, (int)*rule, &v, err, errlen))
        return -1;
    *rule = (FieldRule)v;
    return 0;
}

/* The registration object's value for KEY when it has one, else the event's. *FIELD names where it
 * came from, for messages. */
static json_t *reg_field(json_t *obj, json_t *reg, const char *key, char *field, size_t n)
{
    json_t *v = json_is_object(reg) ? json_object_get(reg, key) : NULL;
    if (v) {
        name_at(field, n, "registration.%s", key);
        return v;
    }
    name_at(field, n, "%s", key);
    return json_object_get(obj, key);
}

static int parse_registration(Event *ev, json_t *obj, json_t *x, const char *zone, char *err,
                              size_t errlen)
{
    char f[64];
    json_t *reg = json_object_get(obj, "registration");
    if (reg && !json_is_null(reg) && !json_is_object(reg))
        return err_set(err, errlen, "registration: must be an object or null");
    if (json_is_null(reg)) reg = NULL;

    json_t *cap = reg_field(obj, reg, "maximum_attendee_capacity", f, sizeof f);
    if (read_int(cap, f, 0, SEATS_MAX, -1, "a non-negative integer or null", &ev->capacity, err,
                 errlen))
        return -1;
    json_t *v = reg_field(obj, reg, "waiting_list_capacity", f, sizeof f);
    if (read_int(v, f, 0, SEATS_MAX, -1, "a non-negative integer or null", &ev->waitlist_capacity,
                 err, errlen))
        return -1;
    v = reg_field(obj, reg, "maximum_group_size", f, sizeof f);
    if (read_int(v, f, 1, SEATS_MAX, 1, "a positive integer", &ev->max_group_size, err, errlen))
        return -1;
    v = reg_field(obj, reg, "enrolment_start_time", f, sizeof f);
    if (read_time(v, f, zone, &ev->enrolment_start, err, errlen)) return -1;
    v = reg_field(obj, reg, "enrolment_end_time", f, sizeof f);
    if (read_time(v, f, zone, &ev->enrolment_end, err, errlen)) return -1;
    if (ev->enrolment_start && ev->enrolment_end && ev->enrolment_end < ev->enrolment_start)
        return err_set(err, errlen, "enrolment_end_time: before enrolment_start_time");
    v = reg_field(obj, reg, "audience_min_age", f, sizeof f);
    if (read_int(v, f, 0, AGE_MAX, -1, "an age 0-150 or null", &ev->audience_min_age, err, errlen))
        return -1;
    v = reg_field(obj, reg, "audience_max_age", f, sizeof f);
    if (read_int(v, f, 0, AGE_MAX, -1, "an age 0-150 or null", &ev->audience_max_age, err, errlen))
        return -1;
    if (ev->audience_min_age >= 0 && ev->audience_max_age >= 0 &&
        ev->audience_max_age < ev->audience_min_age)
        return err_set(err, errlen, "audience_max_age: less than audience_min_age");

    /* Contact fields: defaults, then what Linked Events makes mandatory, then x_aukio's word. */
    ev->email_rule = FIELD_OPTIONAL;
    ev->phone_rule = FIELD_HIDDEN;
    json_t *mf = reg ? json_object_get(reg, "mandatory_fields") : NULL;
    if (mf && !json_is_null(mf)) {
        if (!json_is_array(mf))
            return err_set(err, errlen, "registration.mandatory_fields: must be an array of names");
        for (size_t i = 0; i < json_array_size(mf); i++) {
            const char *name = json_string_value(json_array_get(mf, i));
            if (!name)
                return err_set(err, errlen, "registration.mandatory_fields[%zu]: must be a string",
                               i);
            if (strcmp(name, "email") == 0) ev->email_rule = FIELD_REQUIRED;
            if (strcmp(name, "phone_number") == 0) ev->phone_rule = FIELD_REQUIRED;
        }
    }
    json_t *cf = x ? json_object_get(x, "contact_fields") : NULL;
    if (cf && !json_is_null(cf)) {
        if (!json_is_object(cf))
            return err_set(err, errlen, "x_aukio.contact_fields: must be an object");
        if (parse_contact_rule(cf, "email", &ev->email_rule, err, errlen) ||
            parse_contact_rule(cf, "phone", &ev->phone_rule, err, errlen))
            return -1;
    }

    /* A registration given only as {"@id": url} is Linked Events' own sign-up, whose limits this
     * document does not say: it switches on no unlimited sign-ups here. */
    bool reg_given = reg && (json_object_size(reg) > 1 || !json_object_get(reg, "@id"));
    bool dflt = json_is_integer(cap) || reg_given;
    if (read_bool(x ? json_object_get(x, "registration") : NULL, "x_aukio.registration", dflt,
                  &ev->registration, err, errlen))
        return -1;
    return 0;
}

static int parse_x_aukio(Event *ev, json_t *x, char *err, size_t errlen)
{
    if (!x) return 0;
    if (read_string(json_object_get(x, "category"), "x_aukio.category", CATEGORY_MAX, STR_ID,
                    &ev->category, err, errlen))
        return -1;
    if (ev->category) {
        int c;
        json_t *jc = json_object_get(x, "category");
        if (read_enum(jc, "x_aukio.category", CATEGORIES,
                      (int)(sizeof CATEGORIES / sizeof CATEGORIES[0]), 0, &c, err, errlen))
            return -1;
    }
    if (read_ltext(json_object_get(x, "audience"), "x_aukio.audience", AUDIENCE_MAX, &ev->audience,
                   err, errlen))
        return -1;
    if (read_int(json_object_get(x, "reserved_seats"), "x_aukio.reserved_seats", 0, SEATS_MAX, 0,
                 "a non-negative integer", &ev->reserved_seats, err, errlen))
        return -1;
    if (read_bool(json_object_get(x, "all_day"), "x_aukio.all_day", ev->all_day, &ev->all_day, err,
                  errlen) ||
        read_bool(json_object_get(x, "waitlist_contact"), "x_aukio.waitlist_contact", true,
                  &ev->waitlist_contact, err, errlen) ||
        read_bool(json_object_get(x, "staff_only"), "x_aukio.staff_only", false, &ev->staff_only,
                  err, errlen))
        return -1;

    json_t *qs = json_object_get(x, "questions");
    if (!qs || json_is_null(qs)) return 0;
    if (!json_is_array(qs)) return err_set(err, errlen, "x_aukio.questions: must be an array");
    size_t n = json_array_size(qs);
    if (n > EVENT_MAX_QUESTIONS)
        return err_set(err, errlen, "x_aukio.questions: %zu questions, at most %d allowed", n,
                       EVENT_MAX_QUESTIONS);
    if (n == 0) return 0;
    if (!(ev->questions = calloc(n, sizeof *ev->questions)))
        return err_set(err, errlen, "x_aukio.questions: out of memory");
    for (size_t i = 0; i < n; i++) {
        ev->n_questions++; /* counted first so event_deinit frees a half-made question */
        if (parse_question(&ev->questions[i], json_array_get(qs, i), (int)i, ev, err, errlen))
            return -1;
    }
    return 0;
}

/* ---- Links and price (info_url, offers) --------------------------------------------------- */

/* A multilingual URL: like read_ltext, but each text must be an http(s) URL with no spaces. */
static int read_urls(json_t *v, const char *field, LText *out, char *err, size_t errlen)
{
    if (read_ltext(v, field, URL_MAX, out, err, errlen)) return -1;
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *u = out->s[l];
        if (!has_text(u)) continue;
        bool ok = strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
        for (const char *c = u; ok && *c; c++)
            ok = (unsigned char)*c > 0x20 && *c != 0x7f;
        if (!ok) {
            ltext_deinit(out);
            return err_set(err, errlen, "%s.%s: must be an http:// or https:// URL", field,
                           lang_code((Lang)l));
        }
    }
    return 0;
}

/* Appends TEXT to the "; "-joined *JOINED (NULL at first). */
static int join_price(char **joined, const char *text, const char *field, char *err, size_t errlen)
{
    size_t have = *joined ? strlen(*joined) : 0, add = strlen(text);
    if (have + 2 + add > PRICE_MAX)
        return err_set(err, errlen, "%s: the prices are over %d bytes together", field, PRICE_MAX);
    char *n = realloc(*joined, have + 2 + add + 1);
    if (!n) return err_set(err, errlen, "%s: out of memory", field);
    snprintf(n + have, 2 + add + 1, "%s%s", have ? "; " : "", text);
    *joined = n;
    return 0;
}

static int parse_offer(Event *ev, json_t *jo, size_t i, bool *all_free, char *err, size_t errlen)
{
    char f[64];
    bool free_ = false;
    LText price, url;
    name_at(f, sizeof f, "offers[%zu]", i);
    if (!json_is_object(jo)) return err_set(err, errlen, "%s: must be an object", f);
    name_at(f, sizeof f, "offers[%zu].is_free", i);
    if (read_bool(json_object_get(jo, "is_free"), f, false, &free_, err, errlen)) return -1;
    name_at(f, sizeof f, "offers[%zu].price", i);
    if (read_ltext(json_object_get(jo, "price"), f, PRICE_MAX, &price, err, errlen)) return -1;
    name_at(f, sizeof f, "offers[%zu].info_url", i);
    if (read_urls(json_object_get(jo, "info_url"), f, &url, err, errlen)) {
        ltext_deinit(&price);
        return -1;
    }
    int rc = 0;
    *all_free = *all_free && free_;
    for (int l = 0; l < LANG_COUNT && rc == 0; l++) {
        const char *p = ltext_get(&price, (Lang)l);
        if (!free_ && p[0]) rc = join_price(&ev->price.s[l], p, "offers", err, errlen);
    }
    if (rc == 0 && ltext_empty(&ev->price_url)) {
        ev->price_url = url;
        memset(&url, 0, sizeof url);
    }
    ltext_deinit(&price);
    ltext_deinit(&url);
    return rc;
}

static int parse_offers(Event *ev, json_t *offers, char *err, size_t errlen)
{
    if (!offers || json_is_null(offers)) return 0;
    if (!json_is_array(offers)) return err_set(err, errlen, "offers: must be an array or null");
    size_t n = json_array_size(offers);
    if (n > OFFERS_MAX)
        return err_set(err, errlen, "offers: %zu of them, at most %d allowed", n, OFFERS_MAX);
    bool all_free = true;
    for (size_t i = 0; i < n; i++)
        if (parse_offer(ev, json_array_get(offers, i), i, &all_free, err, errlen)) return -1;
    if (n > 0) ev->price_kind = all_free ? EVENT_FREE : EVENT_PRICED;
    return 0;
}

static int parse_links(Event *ev, json_t *obj, char *err, size_t errlen)
{
    if (read_urls(json_object_get(obj, "info_url"), "info_url", &ev->info_url, err, errlen))
        return -1;
    return parse_offers(ev, json_object_get(obj, "offers"), err, errlen);
}

/* ---- Events ------------------------------------------------------------------------------- */

/* Linked Events' "audience" is a list of keywords ("lapset", "perheet"): when they are inlined
 * (include=audience, or resolved by the hub) and x_aukio.audience says nothing, their names
 * joined by ", " are the audience. What would pass AUDIENCE_MAX is left out, never refused. */
static int audience_from_keywords(Event *ev, json_t *aud, char *err, size_t errlen)
{
    for (size_t i = 0; json_is_array(aud) && i < json_array_size(aud); i++) {
        LText name;
        char why[160];
        if (read_ltext(json_object_get(json_array_get(aud, i), "name"), "audience", LABEL_MAX,
                       &name, why, sizeof why))
            continue; /* not an inlined keyword: nothing to show */
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *t = ltext_get(&name, (Lang)l);
            char **have = &ev->audience.s[l];
            size_t hl = *have ? strlen(*have) : 0, tl = strlen(t);
            if (!tl || hl + 2 + tl > AUDIENCE_MAX) continue;
            char *j = realloc(*have, hl + 2 + tl + 1);
            if (!j) {
                ltext_deinit(&name);
                return err_set(err, errlen, "audience: out of memory");
            }
            snprintf(j + hl, 2 + tl + 1, "%s%s", hl ? ", " : "", t);
            *have = j;
        }
        ltext_deinit(&name);
    }
    return 0;
}

static bool date_only(json_t *v)
{
    return json_is_string(v) && json_string_length(v) == 10;
}

/* Linked Events' dates: "has_start_time": false (or a start_time that is a date) makes the event
 * all-day from local midnight of its first day; then "has_end_time": false, an end that is a
 * date, or none ends it at the midnight after its last day (exclusive, as x_aukio.all_day). */
static int parse_date_only(Event *ev, json_t *obj, const char *zone, char *err, size_t errlen)
{
    json_t *st = json_object_get(obj, "start_time"), *et = json_object_get(obj, "end_time");
    if (ev->start_time == 0) return 0;
    if (!json_is_false(json_object_get(obj, "has_start_time")) && !date_only(st)) return 0;
    ev->all_day = true;
    int rc = event_midnight_in(ev->start_time, zone, 0, &ev->start_time);
    if (rc == 0 &&
        (json_is_false(json_object_get(obj, "has_end_time")) || date_only(et) || !ev->end_time))
        rc =
            event_midnight_in(ev->end_time ? ev->end_time : ev->start_time, zone, 1, &ev->end_time);
    if (rc)
        return err_set(err, errlen,
                       "start_time: the dates are outside the times an event may have");
    if (ev->end_time <= ev->start_time) return err_set(err, errlen, "end_time: before start_time");
    return 0;
}

static int parse_event(Event *ev, json_t *obj, const char *zone, char *err, size_t errlen)
{
    if (!json_is_object(obj)) return err_set(err, errlen, "an event must be a JSON object");

    if (read_string(json_object_get(obj, "id"), "id", ID_MAX, STR_ID, &ev->id, err, errlen))
        return -1;
    if (!ev->id) return err_set(err, errlen, "id: missing");

    if (read_name(json_object_get(obj, "name"), "name", TITLE_MAX, &ev->name, err, errlen))
        return -1;
    if (ltext_empty(&ev->name)) return err_set(err, errlen, "name: no text in any language");
    if (read_ltext(json_object_get(obj, "short_description"), "short_description", SUMMARY_MAX,
                   &ev->short_description, err, errlen) ||
        read_ltext(json_object_get(obj, "description"), "description", DESCRIPTION_MAX,
                   &ev->description, err, errlen) ||
        read_ltext(json_object_get(obj, "provider"), "provider", PROVIDER_MAX, &ev->provider, err,
                   errlen))
        return -1;
    if (parse_location(ev, json_object_get(obj, "location"), err, errlen)) return -1;
    if (read_ltext(json_object_get(obj, "location_extra_info"), "location_extra_info",
                   LOCATION_EXTRA_MAX, &ev->location_extra, err, errlen))
        return -1;
    if (parse_links(ev, obj, err, errlen)) return -1;
    if (parse_keywords(ev, json_object_get(obj, "keywords"), err, errlen)) return -1;

    int status;
    if (read_enum(json_object_get(obj, "event_status"), "event_status", EJ_STATUS_NAMES, 4,
                  EVENT_SCHEDULED, &status, err, errlen))
        return -1;
    ev->status = (EventStatus)status;
    if (read_time(json_object_get(obj, "start_time"), "start_time", zone, &ev->start_time, err,
                  errlen) ||
        read_time(json_object_get(obj, "end_time"), "end_time", zone, &ev->end_time, err, errlen))
        return -1;
    if (parse_date_only(ev, obj, zone, err, errlen)) return -1;
    /* Only a postponed event may lack its time: any other would never show up in the list. */
    if (ev->start_time == 0 && ev->status != EVENT_POSTPONED)
        return err_set(err, errlen, "start_time: missing (only a postponed event may have none)");
    if (ev->start_time && ev->end_time && ev->end_time < ev->start_time)
        return err_set(err, errlen, "end_time: before start_time");

    json_t *x = json_object_get(obj, "x_aukio");
    if (json_is_null(x)) x = NULL;
    if (x && !json_is_object(x)) return err_set(err, errlen, "x_aukio: must be an object");
    if (parse_registration(ev, obj, x, zone, err, errlen)) return -1;
    ev->waitlist_contact = true; /* also without an x_aukio object */
    if (parse_x_aukio(ev, x, err, errlen)) return -1;
    if (ltext_empty(&ev->audience))
        return audience_from_keywords(ev, json_object_get(obj, "audience"), err, errlen);
    return 0;
}

int event_from_json(Event *ev, const void *json_obj, char *err, size_t errlen)
{
    return event_from_json_in(ev, json_obj, NULL, err, errlen);
}

int event_from_json_in(Event *ev, const void *json_obj, const char *zone, char *err, size_t errlen)
{
    memset(ev, 0, sizeof *ev);
    /* jansson's getters take non-const pointers but do not modify. */
    json_t *obj = (json_t *)(uintptr_t)json_obj;
    bool was = t_names_off;
    t_names_off = true;
    int rc = parse_event(ev, obj, zone, err, errlen);
    t_names_off = was;
    if (rc && !was) {
        /* Again with the fields' names, for the message. */
        event_deinit(ev);
        memset(ev, 0, sizeof *ev);
        rc = parse_event(ev, obj, zone, err, errlen);
    }
    if (rc) {
        event_deinit(ev);
        return -1;
    }
    return 0;
}
