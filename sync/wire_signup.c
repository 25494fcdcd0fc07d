/*
 * wire_signup.c: the one-sign-up message of the protocol (wire.h, "One sign-up by its code"):
 * what the hub answers a kiosk that looks a confirmation code up or cancels by it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "wire.h"

bool wire_code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > WIRE_CODE_MAX) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return false;
    return true;
}

char *wire_signup_info_build(const WireSignupInfo *in)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i}", "code", in->code, "event_id", in->event_id,
                          "status", wire_signup_state_name(in->state), "position",
                          in->state == WIRE_SIGNUP_WAITLISTED ? in->position : 0, "group_size",
                          in->group_size);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return s;
}

/* Integer member KEY of O in LO..HI into *OUT; false when absent, not an integer or outside. */
static bool int_member(const json_t *o, const char *key, int lo, int hi, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) return false;
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) return false;
    *out = (int)x;
    return true;
}

int wire_signup_info_parse(const void *root, WireSignupInfo *out, char *why, size_t whylen)
{
    memset(out, 0, sizeof *out);
    const json_t *o = root;
    const char *code = json_string_value(json_object_get(o, "code"));
    const char *event = json_string_value(json_object_get(o, "event_id"));
    int st = wire_signup_state_from_name(json_string_value(json_object_get(o, "status")));
    if (!json_is_object(o)) {
        snprintf(why, whylen, "the sign-up answer is not an object");
        return -1;
    }
    if (!wire_code_ok(code)) {
        snprintf(why, whylen, "sign-up: code");
        return -1;
    }
    if (!event || !event[0] || strlen(event) > RECORD_EVENT_ID_MAX) {
        snprintf(why, whylen, "sign-up: event_id");
        return -1;
    }
    if (st < 0) {
        snprintf(why, whylen, "sign-up: unknown status");
        return -1;
    }
    if (!int_member(o, "position", 0, 1000000, &out->position) ||
        !int_member(o, "group_size", 1, 10000, &out->group_size)) {
        snprintf(why, whylen, "sign-up: position or group_size");
        return -1;
    }
    str_copy(out->code, sizeof out->code, code);
    str_copy(out->event_id, sizeof out->event_id, event);
    out->state = (WireSignupState)st;
    if (out->state != WIRE_SIGNUP_WAITLISTED) out->position = 0;
    return 0;
}
