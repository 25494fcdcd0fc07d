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

static int parse_signup(WireOp *op, const json_t *o, char *why, size_t whylen)
{
    json_int_t g = 0;
    if (get_str(o, "event_id", RECORD_EVENT_ID_MAX, "", &op->event_id, why, whylen) != 0 ||
        get_int(o, "group_size", 1, RECORD_GROUP_MAX, true, 1, &g, why, whylen) != 0 ||
        get_str(o, "name", SIGNUP_NAME_MAX, "", &op->name, why, whylen) != 0 ||
        get_str(o, "email", SIGNUP_EMAIL_MAX, "", &op->email, why, whylen) != 0 ||
        get_str(o, "phone", SIGNUP_PHONE_MAX, "", &op->phone, why, whylen) != 0 ||
        get_str(o, "code", WIRE_CODE_MAX, "", &op->code, why, whylen) != 0 ||
        get_str(o, "grant", RECORD_UUID_LEN, NULL, &op->grant, why, whylen) != 0)
        return -1;
    op->group_size = (int)g;
    if (!*op->event_id) {
        snprintf(why, whylen, "event_id: missing");
        return -1;
    }
    /* A kiosk blanks the personal data of sign-ups whose event ended longer ago than its
     * retention period, sent or not. Such a sign-up still counts: it arrives marked
     * "personal_wiped" with no name, and the hub keeps the count without a person. */
    op->personal_wiped = json_is_true(json_object_get(o, "personal_wiped"));
    if (!*op->name && !op->personal_wiped) {
        snprintf(why, whylen, "name: missing");
        return -1;
    }
    if (op->grant && !wire_uuid_ok(op->grant)) {
        snprintf(why, whylen, "grant: not a UUID");
        return -1;
    }
    json_t *ans = json_object_get(o, "answers");
    if (ans && !json_is_null(ans)) {
        if (!json_is_object(ans)) {
            snprintf(why, whylen, "answers: not an object");
            return -1;
        }
        if (json_object_size(ans) > EVENT_MAX_QUESTIONS) {
            snprintf(why, whylen, "answers: more than %d", EVENT_MAX_QUESTIONS);
            return -1;
        }
        const char *k;
        json_t *v;
        json_object_foreach(ans, k, v)
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
        op->answers = ans;
    }
    return 0;
}

static int parse_feedback(WireOp *op, const json_t *o, char *why, size_t whylen)
{
    json_int_t score = 0;
    if (get_int(o, "score", 1, 4, true, 0, &score, why, whylen) != 0 ||
        get_str(o, "event_id", RECORD_EVENT_ID_MAX, "", &op->event_id, why, whylen) != 0 ||
        get_str(o, "comment", FEEDBACK_COMMENT_MAX, "", &op->comment, why, whylen) != 0)
        return -1;
    op->score = (int)score;
    return 0;
}

int wire_op_parse(WireOp *op, const void *json, char *why, size_t whylen)
{
    const json_t *o = json;
    memset(op, 0, sizeof *op);
    op->event_id = op->name = op->email = op->phone = op->code = op->comment = op->lang = "";
    if (!json_is_object(o)) {
        snprintf(why, whylen, "op: not an object");
        return -1;
    }
    const char *uuid = NULL;
    if (get_str(o, "uuid", RECORD_UUID_LEN, NULL, &uuid, why, whylen) != 0) return -1;
    if (!uuid || !wire_uuid_ok(uuid)) {
        snprintf(why, whylen, "uuid: missing or not a UUID");
        return -1;
    }
    uuid_copy(op->uuid, uuid);

    const char *kind = NULL;
    json_int_t created = 0;
    if (get_str(o, "kind", 16, "", &kind, why, whylen) != 0 ||
        get_str(o, "lang", 2, "", &op->lang, why, whylen) != 0 ||
        get_int(o, "created_at", 0, INT64_C(253402300799), false, 0, &created, why, whylen) != 0)
        return -1;
    op->created_at = created;
    if (*op->lang && strcmp(op->lang, "fi") != 0 && strcmp(op->lang, "sv") != 0 &&
        strcmp(op->lang, "en") != 0) {
        snprintf(why, whylen, "lang: not fi, sv or en");
        return -1;
    }
    if (strcmp(kind, "signup") == 0) {
        op->kind = WIRE_OP_SIGNUP;
        return parse_signup(op, o, why, whylen);
    }
    if (strcmp(kind, "cancel") == 0) {
        op->kind = WIRE_OP_CANCEL;
        const char *su = NULL;
        if (get_str(o, "signup", RECORD_UUID_LEN, NULL, &su, why, whylen) != 0) return -1;
        if (!su || !wire_uuid_ok(su)) {
            snprintf(why, whylen, "signup: missing or not a UUID");
            return -1;
        }
        uuid_copy(op->signup, su);
        return 0;
    }
    if (strcmp(kind, "feedback") == 0) {
        op->kind = WIRE_OP_FEEDBACK;
        return parse_feedback(op, o, why, whylen);
    }
    snprintf(why, whylen, "kind: not signup, cancel or feedback");
    return -1;
}

/* ---- Answers ------------------------------------------------------------------------------ */

const char *wire_result_name(WireResult r)
{
    switch (r) {
    case WIRE_RES_CONFIRMED:
        return "confirmed";
    case WIRE_RES_WAITLISTED:
        return "waitlisted";
    case WIRE_RES_REJECTED:
        return "rejected";
    case WIRE_RES_OK:
        return "ok";
    }
    return "rejected";
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
