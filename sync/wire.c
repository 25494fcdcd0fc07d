/*
 * wire.c: validation and formatting of the sync protocol's shapes (see wire.h, PROTOCOL.md).
 */
#include "wire.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <strings.h>

/* ---- Small helpers ------------------------------------------------------------------------ */

bool wire_uuid_ok(const char *s)
{
    if (!s || strlen(s) != RECORD_UUID_LEN) return false;
    for (int i = 0; i < RECORD_UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-') return false;
        } else if (!isxdigit((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

/* Copies a UUID lower-cased into DST (RECORD_UUID_LEN + 1 bytes). */
static void uuid_copy(char *dst, const char *src)
{
    for (int i = 0; i < RECORD_UUID_LEN; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[RECORD_UUID_LEN] = '\0';
}

/* A string member: absent or null gives DEF; a non-string or one longer than MAX bytes fails. */
static int get_str(const json_t *o, const char *key, size_t max, const char *def, const char **out,
                   char *why, size_t whylen)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_string(v)) {
        snprintf(why, whylen, "%s: not a string", key);
        return -1;
    }
    if (json_string_length(v) > max) {
        snprintf(why, whylen, "%s: longer than %zu bytes", key, max);
        return -1;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        snprintf(why, whylen, "%s: contains a NUL character", key);
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

static int get_int(const json_t *o, const char *key, json_int_t min, json_int_t max, bool required,
                   json_int_t def, json_int_t *out, char *why, size_t whylen)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required) {
            snprintf(why, whylen, "%s: missing", key);
            return -1;
        }
        *out = def;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        snprintf(why, whylen,
                 "%s: not an integer in %" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT, key, min,
                 max);
        return -1;
    }
    *out = json_integer_value(v);
    return 0;
}

/* ---- Ops --------------------------------------------------------------------------------- */

typedef enum { T_TIME, T_LANG, T_STR, T_INT, T_OPTID, T_FLAG, T_JSON, T_UUID, T_EVENT } FieldType;

typedef struct {
    unsigned kinds;
    FieldType type;
    size_t offset;
    const char *key;
    int64_t min, max;
} Field;

/* The op's fields, generated from WIRE_OP_FIELDS: the one list both directions walk. */
static const Field OP_FIELDS[] = {
#define FIELD_ROW(kinds, type, member, key, min, max)                                              \
    {kinds, T_##type, offsetof(WireOp, member), key, min, max},
    WIRE_OP_FIELDS(FIELD_ROW)
#undef FIELD_ROW
};

static const char *const KIND_NAMES[] = {"signup", "cancel", "feedback", "checkin", "event"};
static const unsigned KIND_BITS[] = {WIRE_K_S, WIRE_K_C, WIRE_K_F, WIRE_K_K, WIRE_K_E};

const char *wire_op_kind_name(WireOpKind k)
{
    return (unsigned)k < COUNT_OF(KIND_NAMES) ? KIND_NAMES[k] : "";
}

int wire_op_kind_from_name(const char *s)
{
    for (size_t i = 0; s && i < COUNT_OF(KIND_NAMES); i++)
        if (strcmp(s, KIND_NAMES[i]) == 0) return (int)i;
    return -1;
}

#define MEMBER(op, f, type) ((type *)((char *)(op) + (f)->offset))
#define CMEMBER(op, f, type) ((const type *)((const char *)(op) + (f)->offset))

void wire_op_init(WireOp *op, WireOpKind kind)
{
    memset(op, 0, sizeof *op);
    op->kind = kind;
    for (size_t i = 0; i < COUNT_OF(OP_FIELDS); i++) {
        const Field *f = &OP_FIELDS[i];
        if (f->type == T_STR || f->type == T_LANG) *MEMBER(op, f, const char *) = "";
    }
}

static int check_answers(const json_t *ans, int64_t max, char *why, size_t whylen)
{
    if (!json_is_object(ans)) {
        snprintf(why, whylen, "answers: not an object");
        return -1;
    }
    if (json_object_size(ans) > (size_t)max) {
        snprintf(why, whylen, "answers: more than %d", (int)max);
        return -1;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)ans, k, v)
    {
        if (strlen(k) > WIRE_ANSWER_KEY_MAX) {
            snprintf(why, whylen, "answers: a question id is longer than %d bytes",
                     WIRE_ANSWER_KEY_MAX);
            return -1;
        }
        if (!json_is_string(v) || json_string_length(v) > SIGNUP_ANSWER_MAX ||
            strlen(json_string_value(v)) != json_string_length(v)) {
            snprintf(why, whylen, "answers.%.64s: not a string of at most %d bytes", k,
                     SIGNUP_ANSWER_MAX);
            return -1;
        }
    }
    return 0;
}

/* True for "fi", "sv" or "en" exactly (the wire is case-sensitive; lang_from_code is not). */
static bool lang_code_exact(const char *s)
{
    for (int l = 0; l < LANG_COUNT; l++)
        if (strcmp(s, lang_code((Lang)l)) == 0) return true;
    return false;
}

/* Reads field F of object O into OP. */
static int read_field(WireOp *op, const Field *f, const json_t *o, char *why, size_t whylen)
{
    const char *s = NULL;
    json_int_t v = 0;
    json_t *j = json_object_get(o, f->key);
    switch (f->type) {
    case T_STR:
    case T_LANG:
    case T_OPTID:
        if (get_str(o, f->key, (size_t)f->max, f->type == T_OPTID ? NULL : "", &s, why, whylen))
            return -1;
        if (f->type == T_LANG && *s && !lang_code_exact(s)) {
            snprintf(why, whylen, "%s: not fi, sv or en", f->key);
            return -1;
        }
        if (f->type == T_OPTID && s && !wire_uuid_ok(s)) {
            snprintf(why, whylen, "%s: not a UUID", f->key);
            return -1;
        }
        *MEMBER(op, f, const char *) = s;
        return 0;
    case T_INT:
    case T_TIME:
        if (get_int(o, f->key, f->min, f->max, f->type == T_INT && f->min > 0, 0, &v, why, whylen))
            return -1;
        if (f->type == T_INT)
            *MEMBER(op, f, int) = (int)v;
        else
            *MEMBER(op, f, int64_t) = v;
        return 0;
    case T_FLAG:
        *MEMBER(op, f, bool) = json_is_true(j);
        return 0;
    case T_JSON:
        if (!j || json_is_null(j)) return 0;
        if (check_answers(j, f->max, why, whylen)) return -1;
        *MEMBER(op, f, const void *) = j;
        return 0;
    case T_EVENT: {
        /* Its shape here, its meaning at the hub (event_from_json says what is wrong). */
        char *text = json_is_object(j) ? json_dumps(j, JSON_COMPACT) : NULL;
        size_t len = text ? strlen(text) : 0;
        free(text);
        if (!json_is_object(j) || len > (size_t)f->max) {
            snprintf(why, whylen, "%s: missing, not an object or over %d bytes", f->key,
                     (int)f->max);
            return -1;
        }
        *MEMBER(op, f, const void *) = j;
        return 0;
    }
    case T_UUID:
        if (get_str(o, f->key, RECORD_UUID_LEN, NULL, &s, why, whylen) != 0) return -1;
        if (!s || !wire_uuid_ok(s)) {
            snprintf(why, whylen, "%s: missing or not a UUID", f->key);
            return -1;
        }
        uuid_copy(MEMBER(op, f, char), s);
        return 0;
    }
    return 0;
}

/* Rules across fields, after each field was read. */
static int check_op(const WireOp *op, char *why, size_t whylen)
{
    if (op->kind == WIRE_OP_EVENT) {
        const char *id = json_string_value(json_object_get(op->event, "id"));
        if (!id || strncmp(id, WIRE_SPOT_PREFIX, strlen(WIRE_SPOT_PREFIX)) != 0 ||
            strcasecmp(id + strlen(WIRE_SPOT_PREFIX), op->uuid) != 0) {
            snprintf(why, whylen, "event.id: not %s followed by the op's uuid", WIRE_SPOT_PREFIX);
            return -1;
        }
        return 0;
    }
    if (op->kind != WIRE_OP_SIGNUP) return 0;
    if (!*op->event_id) {
        snprintf(why, whylen, "event_id: missing");
        return -1;
    }
    /* A kiosk blanks the personal data of sign-ups whose event ended longer ago than its
     * retention period, sent or not. Such a sign-up still counts: it arrives marked
     * "personal_wiped" with no name, and the hub keeps the count without a person. */
    if (!*op->name && !op->personal_wiped) {
        snprintf(why, whylen, "name: missing");
        return -1;
    }
    return 0;
}

int wire_op_parse(WireOp *op, const void *json, char *why, size_t whylen)
{
    const json_t *o = json;
    wire_op_init(op, WIRE_OP_SIGNUP);
    if (!json_is_object(o)) {
        snprintf(why, whylen, "op: not an object");
        return -1;
    }
    const char *uuid = NULL, *kind = NULL;
    if (get_str(o, "uuid", RECORD_UUID_LEN, NULL, &uuid, why, whylen) != 0) return -1;
    if (!uuid || !wire_uuid_ok(uuid)) {
        snprintf(why, whylen, "uuid: missing or not a UUID");
        return -1;
    }
    uuid_copy(op->uuid, uuid);
    if (get_str(o, "kind", 16, "", &kind, why, whylen) != 0) return -1;
    int k = wire_op_kind_from_name(kind);
    /* Fields common to every kind are checked before the kind, as they always were. */
    for (size_t i = 0; i < COUNT_OF(OP_FIELDS); i++)
        if (OP_FIELDS[i].kinds == WIRE_K_ALL && read_field(op, &OP_FIELDS[i], o, why, whylen))
            return -1;
    if (k < 0) {
        snprintf(why, whylen, "kind: not signup, cancel, feedback, checkin or event");
        return -1;
    }
    op->kind = (WireOpKind)k;
    for (size_t i = 0; i < COUNT_OF(OP_FIELDS); i++) {
        const Field *f = &OP_FIELDS[i];
        if (f->kinds != WIRE_K_ALL && (f->kinds & KIND_BITS[k]) &&
            read_field(op, f, o, why, whylen))
            return -1;
    }
    return check_op(op, why, whylen);
}

/* Adds field F of OP to object O; false when out of memory. */
static bool write_field(json_t *o, const WireOp *op, const Field *f)
{
    json_t *v = NULL;
    switch (f->type) {
    case T_STR:
    case T_LANG: {
        const char *s = *CMEMBER(op, f, const char *);
        v = json_string(s ? s : "");
        break;
    }
    case T_OPTID: {
        const char *s = *CMEMBER(op, f, const char *);
        if (!s) return true;
        v = json_string(s);
        break;
    }
    case T_INT:
        v = json_integer(*CMEMBER(op, f, int));
        break;
    case T_TIME:
        v = json_integer(*CMEMBER(op, f, int64_t));
        break;
    case T_FLAG:
        if (!*CMEMBER(op, f, bool)) return true;
        v = json_true();
        break;
    case T_JSON:
    case T_EVENT: {
        const json_t *j = *CMEMBER(op, f, const void *);
        if (!j) return true;
        v = json_deep_copy(j);
        break;
    }
    case T_UUID:
        v = json_string(CMEMBER(op, f, char));
        break;
    }
    return v && json_object_set_new(o, f->key, v) == 0;
}

char *wire_op_build(const WireOp *op)
{
    if ((unsigned)op->kind >= COUNT_OF(KIND_BITS)) return NULL;
    json_t *o = json_object();
    bool ok = o && json_object_set_new(o, "uuid", json_string(op->uuid)) == 0 &&
              json_object_set_new(o, "kind", json_string(wire_op_kind_name(op->kind))) == 0;
    for (size_t i = 0; ok && i < COUNT_OF(OP_FIELDS); i++)
        if (OP_FIELDS[i].kinds & KIND_BITS[op->kind]) ok = write_field(o, op, &OP_FIELDS[i]);
    char *text = ok ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

int wire_push_begin(Buf *b)
{
    return buf_adds(b, "{\"ops\":[");
}

int wire_push_add(Buf *b, const char *op_json, int index)
{
    if (index > 0 && buf_adds(b, ",") != 0) return -1;
    return buf_adds(b, op_json);
}

int wire_push_end(Buf *b)
{
    return buf_adds(b, "]}");
}

/* ---- Answers ------------------------------------------------------------------------------ */

static const char *const RESULT_NAMES[WIRE_RES_COUNT] = {
    [WIRE_RES_CONFIRMED] = "confirmed",
    [WIRE_RES_WAITLISTED] = "waitlisted",
    [WIRE_RES_REJECTED] = "rejected",
    [WIRE_RES_OK] = "ok",
};

const char *wire_result_name(WireResult r)
{
    return (unsigned)r < WIRE_RES_COUNT ? RESULT_NAMES[r] : RESULT_NAMES[WIRE_RES_REJECTED];
}

int wire_result_from_name(const char *s)
{
    for (int r = 0; s && r < WIRE_RES_COUNT; r++)
        if (strcmp(s, RESULT_NAMES[r]) == 0) return r;
    return -1;
}

int wire_answer_format(char *buf, size_t n, const char *uuid, WireResult r, int position,
                       const char *reason, const char *message)
{
    Buf b;
    buf_init(&b, n - 1);
    int rc = buf_adds(&b, "{\"uuid\":");
    rc = rc ? rc : buf_add_jstr(&b, uuid);
    rc = rc ? rc : buf_addf(&b, ",\"result\":\"%s\"", wire_result_name(r));
    if (r == WIRE_RES_WAITLISTED) rc = rc ? rc : buf_addf(&b, ",\"position\":%d", position);
    if (r == WIRE_RES_REJECTED) {
        rc = rc ? rc : buf_adds(&b, ",\"reason\":");
        rc = rc ? rc : buf_add_jstr(&b, reason ? reason : WIRE_REJ_INVALID);
        if (message) {
            rc = rc ? rc : buf_adds(&b, ",\"message\":");
            rc = rc ? rc : buf_add_jstr(&b, message);
        }
    }
    rc = rc ? rc : buf_adds(&b, "}");
    int len = -1;
    if (rc == 0) {
        memcpy(buf, b.p, b.len + 1);
        len = (int)b.len;
    }
    buf_deinit(&b);
    return len;
}

char *wire_results_build(char *const *answers, int n, size_t max)
{
    Buf b;
    buf_init(&b, max);
    int rc = buf_adds(&b, "{\"results\":[");
    for (int i = 0; i < n && rc == 0; i++) {
        if (i) rc = buf_adds(&b, ",");
        rc = rc ? rc : buf_adds(&b, answers[i]);
    }
    rc = rc ? rc : buf_adds(&b, "]}");
    char *body = rc == 0 ? buf_steal(&b) : NULL;
    buf_deinit(&b);
    return body;
}

int wire_results_parse(const void *root, const char (*uuids)[RECORD_UUID_LEN + 1], int n,
                       WireAnswer *out, char *why, size_t whylen)
{
    json_t *res = json_object_get(root, "results");
    if (!json_is_array(res) || json_array_size(res) != (size_t)n) {
        snprintf(why, whylen, "%d answers expected", n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        json_t *a = json_array_get(res, (size_t)i);
        const char *uuid = json_string_value(json_object_get(a, "uuid"));
        int r = wire_result_from_name(json_string_value(json_object_get(a, "result")));
        if (!uuid || strcasecmp(uuid, uuids[i]) != 0 || r < 0) {
            snprintf(why, whylen, "answer %d does not match its op", i);
            return -1;
        }
        WireAnswer *w = &out[i];
        memset(w, 0, sizeof *w);
        str_copy(w->uuid, sizeof w->uuid, uuids[i]);
        w->result = (WireResult)r;
        json_int_t pos = json_integer_value(json_object_get(a, "position"));
        w->position = pos > 0 && pos <= 1000000 ? (int)pos : 0;
        str_copy(w->reason, sizeof w->reason, json_string_value(json_object_get(a, "reason")));
    }
    return 0;
}

/* ---- Grants ------------------------------------------------------------------------------- */

/* A UUID member, lower-cased into OUT; false when missing or malformed. */
static bool uuid_member(const json_t *o, const char *key, char out[RECORD_UUID_LEN + 1])
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s || !wire_uuid_ok(s)) return false;
    uuid_copy(out, s);
    return true;
}

char *wire_grants_request_build(const WireSettle *settle, int ns, const WireWant *want, int nw)
{
    json_t *req = json_pack("{s:[], s:[]}", "settle", "want");
    bool ok = req != NULL;
    for (int i = 0; ok && i < ns; i++)
        ok = json_array_append_new(
                 json_object_get(req, "settle"),
                 json_pack("{s:s, s:i}", "grant", settle[i].grant, "used", settle[i].used)) == 0;
    for (int i = 0; ok && i < nw; i++)
        ok = json_array_append_new(json_object_get(req, "want"),
                                   json_pack("{s:s, s:s, s:i}", "grant", want[i].grant, "event_id",
                                             want[i].event_id, "seats", want[i].seats)) == 0;
    char *body = ok ? json_dumps(req, JSON_COMPACT) : NULL;
    json_decref(req);
    return body;
}

int wire_grants_request_parse(const void *root, WireSettle **settle_out, int *ns_out,
                              WireWant **want_out, int *nw_out, char *why, size_t whylen)
{
    json_t *settle = json_object_get(root, "settle"), *want = json_object_get(root, "want");
    *settle_out = NULL;
    *want_out = NULL;
    *ns_out = *nw_out = 0;
    if ((settle && !json_is_array(settle)) || (want && !json_is_array(want))) {
        snprintf(why, whylen, "\"settle\" and \"want\" must be arrays");
        return -1;
    }
    size_t ns = json_array_size(settle), nw = json_array_size(want);
    if (ns > WIRE_WANTS_MAX || nw > WIRE_WANTS_MAX) {
        snprintf(why, whylen, "more than %d entries in \"settle\" or \"want\"", WIRE_WANTS_MAX);
        return -1;
    }
    WireSettle *se = *settle_out = calloc(ns ? ns : 1, sizeof *se);
    WireWant *wa = *want_out = calloc(nw ? nw : 1, sizeof *wa);
    if (!se || !wa) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < ns; i++) {
        json_t *o = json_array_get(settle, i);
        json_t *used = json_object_get(o, "used");
        if (!uuid_member(o, "grant", se[i].grant) || !json_is_integer(used) ||
            json_integer_value(used) < 0 || json_integer_value(used) > 100000) {
            snprintf(why, whylen, "settle[]: {\"grant\": uuid, \"used\": integer >= 0} expected");
            return -1;
        }
        se[i].used = (int)json_integer_value(used);
    }
    for (size_t i = 0; i < nw; i++) {
        json_t *o = json_array_get(want, i);
        json_t *seats = json_object_get(o, "seats");
        const char *ev = json_string_value(json_object_get(o, "event_id"));
        if (!uuid_member(o, "grant", wa[i].grant) || !ev || !*ev ||
            strlen(ev) > RECORD_EVENT_ID_MAX || !json_is_integer(seats) ||
            json_integer_value(seats) < 1 || json_integer_value(seats) > 1000) {
            snprintf(why, whylen,
                     "want[]: {\"grant\": uuid, \"event_id\": string, \"seats\": 1..1000} "
                     "expected");
            return -1;
        }
        str_copy(wa[i].event_id, sizeof wa[i].event_id, ev);
        wa[i].seats = (int)json_integer_value(seats);
    }
    *ns_out = (int)ns;
    *nw_out = (int)nw;
    return 0;
}

char *wire_grants_answer_build(const WireSettled *settled, int ns, const WireGrant *grants, int ng,
                               int margin)
{
    Buf b;
    buf_init(&b, 4u * 1024 * 1024);
    int rc = buf_adds(&b, "{\"settled\":[");
    for (int i = 0; i < ns && rc == 0; i++) {
        rc = buf_addf(&b, "%s{\"grant\":\"%s\",\"released\":%d", i ? "," : "", settled[i].grant,
                      settled[i].released);
        if (settled[i].error) {
            rc = rc ? rc : buf_adds(&b, ",\"error\":");
            rc = rc ? rc : buf_add_jstr(&b, settled[i].error);
        }
        rc = rc ? rc : buf_adds(&b, "}");
    }
    rc = rc ? rc : buf_adds(&b, "],\"grants\":[");
    for (int i = 0; i < ng && rc == 0; i++) {
        rc = buf_addf(&b, "%s{\"grant\":\"%s\",\"event_id\":", i ? "," : "", grants[i].grant);
        rc = rc ? rc : buf_add_jstr(&b, grants[i].event_id);
        rc = rc ? rc
                : buf_addf(&b, ",\"seats\":%d,\"expires_in\":%" PRId64, grants[i].seats,
                           grants[i].expires_in);
        if (grants[i].reason) {
            rc = rc ? rc : buf_adds(&b, ",\"reason\":");
            rc = rc ? rc : buf_add_jstr(&b, grants[i].reason);
        }
        rc = rc ? rc : buf_adds(&b, "}");
    }
    rc = rc ? rc : buf_addf(&b, "],\"margin\":%d}", margin);
    char *body = rc == 0 ? buf_steal(&b) : NULL;
    buf_deinit(&b);
    return body;
}

int wire_grants_answer_parse(const void *root, WireSettled **settled_out, int *ns_out,
                             WireGrant **grants_out, int *ng_out, int *margin, char *why,
                             size_t whylen)
{
    json_t *settled = json_object_get(root, "settled"), *grants = json_object_get(root, "grants");
    json_t *margin_j = json_object_get(root, "margin");
    size_t ns = json_array_size(settled), ng = json_array_size(grants);
    WireSettled *se = *settled_out = calloc(ns ? ns : 1, sizeof *se);
    WireGrant *gr = *grants_out = calloc(ng ? ng : 1, sizeof *gr);
    *ns_out = *ng_out = 0;
    if (!se || !gr) {
        snprintf(why, whylen, "grants: out of memory");
        return -1;
    }
    *margin = json_is_integer(margin_j) && json_integer_value(margin_j) > WIRE_GRANT_MARGIN_S &&
                      json_integer_value(margin_j) < 86400
                  ? (int)json_integer_value(margin_j)
                  : WIRE_GRANT_MARGIN_S;
    int n = 0;
    for (size_t i = 0; i < ns; i++) {
        json_t *v = json_array_get(settled, i);
        if (!uuid_member(v, "grant", se[n].grant)) continue;
        json_int_t rel = json_integer_value(json_object_get(v, "released"));
        se[n].released = rel > 0 && rel <= 100000 ? (int)rel : 0;
        se[n].error = json_string_value(json_object_get(v, "error"));
        n++;
    }
    *ns_out = n;
    n = 0;
    for (size_t i = 0; i < ng; i++) {
        json_t *v = json_array_get(grants, i);
        json_t *seats = json_object_get(v, "seats"), *exp = json_object_get(v, "expires_in");
        if (!uuid_member(v, "grant", gr[n].grant) || !json_is_integer(seats)) continue;
        json_int_t k = json_integer_value(seats);
        if (k < 0 || k > 1000) continue;
        gr[n].seats = (int)k;
        json_int_t e = json_is_integer(exp) ? json_integer_value(exp) : 0;
        gr[n].expires_in = e > 0 && e <= 366 * 86400 ? (int64_t)e : 0;
        str_copy(gr[n].event_id, sizeof gr[n].event_id,
                 json_string_value(json_object_get(v, "event_id")));
        gr[n].reason = json_string_value(json_object_get(v, "reason"));
        n++;
    }
    *ng_out = n;
    return 0;
}

/* ---- Enrolment and errors ----------------------------------------------------------------- */

static char *pair_build(const char *k1, const char *v1, const char *k2, const char *v2)
{
    json_t *o = k2 ? json_pack("{s:s, s:s}", k1, v1, k2, v2) : json_pack("{s:s}", k1, v1);
    char *body = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return body;
}

char *wire_enrol_request_build(const char *enrol_token, const char *request_id)
{
    return pair_build("token", enrol_token, request_id ? "request_id" : NULL, request_id);
}

const char *wire_enrol_request_parse(const void *root, const char **request_id, char *why,
                                     size_t whylen)
{
    *request_id = NULL;
    const char *tok = json_string_value(json_object_get(root, "token"));
    if (!tok || strlen(tok) > WIRE_TOKEN_MAX) {
        snprintf(why, whylen, "\"token\": a string is required");
        return NULL;
    }
    const json_t *rid = json_object_get(root, "request_id");
    if (rid && !json_is_null(rid)) {
        const char *r = json_string_value(rid);
        if (!r || !wire_uuid_ok(r)) {
            snprintf(why, whylen, "\"request_id\": a UUID is required");
            return NULL;
        }
        *request_id = r;
    }
    return tok;
}

char *wire_enrol_answer_build(const char *device, const char *token)
{
    return pair_build("device", device, "token", token);
}

int wire_enrol_answer_parse(const void *root, char *device, size_t devlen, char *token,
                            size_t toklen, char *why, size_t whylen)
{
    const char *d = json_string_value(json_object_get(root, "device"));
    const char *t = json_string_value(json_object_get(root, "token"));
    if (!t || !*t || strlen(t) >= toklen || strlen(t) > WIRE_TOKEN_MAX || strpbrk(t, " \t\r\n;#")) {
        snprintf(why, whylen, "the hub's answer has no usable token");
        return -1;
    }
    str_copy(token, toklen, t);
    str_copy(device, devlen, d);
    return 0;
}

char *wire_error_build(const char *code, const char *message)
{
    return pair_build("error", code, "message", message);
}

const char *wire_error_code(const void *root)
{
    return json_string_value(json_object_get(root, "error"));
}

/* ---- Cursors ------------------------------------------------------------------------------ */

void wire_cursor_format(const WireCursor *c, char *buf, size_t n)
{
    snprintf(buf, n, "c1.%s.%" PRId64 ".%c", c->epoch, c->seq, c->snapshot ? 's' : 'i');
}

int wire_cursor_parse(WireCursor *c, const char *s)
{
    if (!s || strlen(s) > WIRE_CURSOR_MAX || strncmp(s, "c1.", 3) != 0) return -1;
    const char *e = s + 3;
    for (int i = 0; i < 32; i++)
        if (!isxdigit((unsigned char)e[i])) return -1;
    if (e[32] != '.') return -1;
    memcpy(c->epoch, e, 32);
    c->epoch[32] = '\0';
    const char *num = e + 33;
    const char *dot = strchr(num, '.');
    if (!dot || dot == num || dot - num > 19) return -1;
    char tmp[24];
    memcpy(tmp, num, (size_t)(dot - num));
    tmp[dot - num] = '\0';
    long v;
    if (parse_long(tmp, 0, INT64_MAX, &v) != 0) return -1;
    c->seq = v;
    if (strcmp(dot + 1, "s") == 0)
        c->snapshot = true;
    else if (strcmp(dot + 1, "i") == 0)
        c->snapshot = false;
    else
        return -1;
    return 0;
}

/* ---- Change pages ------------------------------------------------------------------------- */

int wire_page_begin(Buf *b)
{
    return buf_adds(b, "{\"changes\":[");
}

int wire_page_add(Buf *b, const WireChangeOut *ch, int index)
{
    int rc = buf_adds(b, index ? ",{\"op\":\"" : "{\"op\":\"");
    rc = rc ? rc : buf_adds(b, ch->op);
    rc = rc ? rc : buf_adds(b, "\",\"id\":");
    rc = rc ? rc : buf_add_jstr(b, ch->id);
    if (ch->event_json) {
        rc = rc ? rc : buf_adds(b, ",\"event\":");
        rc = rc ? rc : buf_adds(b, ch->event_json);
        rc = rc ? rc
                : buf_addf(b,
                           ",\"seats\":{\"capacity\":%d,\"confirmed\":%d,\"waitlisted\":%d,"
                           "\"held\":%d}",
                           ch->capacity, ch->confirmed, ch->waitlisted, ch->held);
    }
    return rc ? rc : buf_adds(b, "}");
}

static const char *const SIGNUP_STATE_NAMES[WIRE_SIGNUP_STATE_COUNT] = {"confirmed", "waitlisted",
                                                                        "cancelled"};

const char *wire_signup_state_name(WireSignupState st)
{
    return st >= 0 && st < WIRE_SIGNUP_STATE_COUNT ? SIGNUP_STATE_NAMES[st] : "cancelled";
}

int wire_signup_state_from_name(const char *s)
{
    for (int i = 0; s && i < WIRE_SIGNUP_STATE_COUNT; i++)
        if (strcmp(s, SIGNUP_STATE_NAMES[i]) == 0) return i;
    return -1;
}

int wire_page_end(Buf *b, const char *cursor, bool more, bool reset)
{
    return wire_page_end_signups(b, NULL, 0, cursor, more, reset);
}

int wire_page_end_signups(Buf *b, const WireSignupChange *su, int n, const char *cursor, bool more,
                          bool reset)
{
    int rc = buf_adds(b, "]");
    if (n > 0) rc = rc ? rc : buf_adds(b, ",\"signups\":[");
    for (int i = 0; i < n && !rc; i++) {
        rc = buf_addf(b, "%s{\"uuid\":\"%s\",\"code\":", i ? "," : "", su[i].uuid);
        rc = rc ? rc : buf_add_jstr(b, su[i].code ? su[i].code : "");
        rc = rc ? rc
                : buf_addf(b, ",\"status\":\"%s\",\"position\":%d}",
                           wire_signup_state_name(su[i].state), su[i].position);
    }
    if (n > 0) rc = rc ? rc : buf_adds(b, "]");
    rc = rc ? rc : buf_adds(b, ",\"cursor\":");
    rc = rc ? rc : buf_add_jstr(b, cursor);
    rc = rc ? rc : buf_addf(b, ",\"more\":%s", more ? "true" : "false");
    if (reset) rc = rc ? rc : buf_adds(b, ",\"reset\":true");
    return rc ? rc : buf_adds(b, "}");
}

int wire_page_parse(const void *root, WirePage *page, char *why, size_t whylen)
{
    json_t *changes = json_object_get(root, "changes");
    memset(page, 0, sizeof *page);
    page->cursor = json_string_value(json_object_get(root, "cursor"));
    page->more = json_is_true(json_object_get(root, "more"));
    page->reset = json_is_true(json_object_get(root, "reset"));
    if (!json_is_array(changes) || !page->cursor || strlen(page->cursor) > WIRE_CURSOR_MAX) {
        snprintf(why, whylen, "the page lacks changes or cursor");
        return -1;
    }
    page->n = json_array_size(changes);
    page->n_signups = json_array_size(json_object_get(root, "signups"));
    return 0;
}

/* A seat count of a change; out-of-range numbers read as 0. Only a capacity may be -1
 * (unlimited). */
static int seat_count(const json_t *seats, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(seats, key));
    json_int_t min = strcmp(key, "capacity") == 0 ? -1 : 0;
    return v >= min && v <= 10000000 ? (int)v : 0;
}

int wire_page_change(const void *root, size_t i, WireChangeIn *out, char *why, size_t whylen)
{
    json_t *c = json_array_get(json_object_get(root, "changes"), i);
    const char *op = json_string_value(json_object_get(c, "op"));
    memset(out, 0, sizeof *out);
    out->id = json_string_value(json_object_get(c, "id"));
    if (!op || !out->id || strlen(out->id) > RECORD_EVENT_ID_MAX) {
        snprintf(why, whylen, "change %zu lacks op or id", i);
        return -1;
    }
    if (strcmp(op, "delete") == 0) {
        out->kind = WIRE_CHANGE_DELETE;
        return 0;
    }
    out->kind = WIRE_CHANGE_UPSERT;
    out->event = json_object_get(c, "event");
    json_t *seats = json_object_get(c, "seats");
    out->capacity = seat_count(seats, "capacity");
    out->confirmed = seat_count(seats, "confirmed");
    out->waitlisted = seat_count(seats, "waitlisted");
    out->held = seat_count(seats, "held");
    return 0;
}

int wire_page_signup(const void *root, size_t i, WireSignupChange *out, char *why, size_t whylen)
{
    json_t *c = json_array_get(json_object_get(root, "signups"), i);
    memset(out, 0, sizeof *out);
    const char *uuid = json_string_value(json_object_get(c, "uuid"));
    if (!uuid || !wire_uuid_ok(uuid)) {
        snprintf(why, whylen, "sign-up change %zu lacks a uuid", i);
        return -1;
    }
    uuid_copy(out->uuid, uuid);
    int st = wire_signup_state_from_name(json_string_value(json_object_get(c, "status")));
    if (st < 0) {
        snprintf(why, whylen, "sign-up change %zu: unknown status", i);
        return -1;
    }
    out->state = (WireSignupState)st;
    json_t *code = json_object_get(c, "code");
    out->code = code ? json_string_value(code) : "";
    if (!out->code || strlen(out->code) > WIRE_CODE_MAX) {
        snprintf(why, whylen, "sign-up change %zu: code", i);
        return -1;
    }
    json_t *pos = json_object_get(c, "position");
    json_int_t p = pos ? json_integer_value(pos) : 0;
    if ((pos && !json_is_integer(pos)) || p < 0 || p > 1000000) {
        snprintf(why, whylen, "sign-up change %zu: position", i);
        return -1;
    }
    out->position = out->state == WIRE_SIGNUP_WAITLISTED ? (int)p : 0;
    return 0;
}
