/*
 * event_json_write.c: the event model written as JSON, in the form event_json.c reads back equal
 * (the fuzz_import harness checks this on every input it tries). Defaults are written out
 * explicitly, so that no default can change a value on the way back in.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "event_json_internal.h"

static bool has_text(const char *s)
{
    return s && s[0];
}

/* NULL (the key is then left out) when T has no text at all. */
static json_t *ltext_to_json(const LText *t)
{
    if (ltext_empty(t)) return NULL;
    json_t *o = json_object();
    for (int l = 0; o && l < LANG_COUNT; l++)
        if (has_text(t->s[l]) && json_object_set_new(o, lang_code((Lang)l), json_string(t->s[l]))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

static json_t *time_to_json(int64_t t)
{
    char buf[32];
    if (t == 0) return json_null();
    event_format_time(t, buf, sizeof buf);
    return json_string(buf);
}

static json_t *count_to_json(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* Sets KEY unless V is NULL; a failed set (out of memory) clears *OK. */
static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
    if (!v) return;
    if (json_object_set_new(o, key, v)) *ok = false;
}

static json_t *question_to_json(const Question *q, bool *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = false;
        return NULL;
    }
    put(o, "id", json_string(q->id), ok);
    put(o, "type", json_string(EJ_KIND_NAMES[q->kind]), ok);
    put(o, "required", json_boolean(q->required), ok);
    put(o, "label", ltext_to_json(&q->label), ok);
    if (q->n_options > 0) {
        json_t *opts = json_array();
        for (int i = 0; opts && i < q->n_options; i++) {
            json_t *op = json_object();
            if (!op) {
                *ok = false;
                break;
            }
            put(op, "id", json_string(q->options[i].id), ok);
            put(op, "label", ltext_to_json(&q->options[i].label), ok);
            if (json_array_append_new(opts, op)) *ok = false;
        }
        put(o, "options", opts, ok);
    }
    return o;
}

/* info_url, and the folded offers as one offer, which folds to the same when read back. */
static void put_links(json_t *o, const Event *ev, bool *ok)
{
    put(o, "info_url", ltext_to_json(&ev->info_url), ok);
    if (ev->price_kind == EVENT_PRICE_UNKNOWN) return;
    /* jansson's _new setters take the reference even when they fail. */
    json_t *of = json_object();
    json_t *arr = json_array();
    if (!arr || json_object_set_new(o, "offers", arr)) {
        json_decref(of);
        *ok = false;
        return;
    }
    if (!of || json_array_append_new(arr, of)) {
        *ok = false;
        return;
    }
    if (json_object_set_new(of, "is_free", json_boolean(ev->price_kind == EVENT_FREE))) *ok = false;
    put(of, "price", ltext_to_json(&ev->price), ok);
    put(of, "info_url", ltext_to_json(&ev->price_url), ok);
}

void *event_to_json(const Event *ev)
{
    bool ok = true;
    json_t *o = json_object();
    if (!o) return NULL;

    put(o, "id", json_string(ev->id ? ev->id : ""), &ok);
    put(o, "name", ltext_to_json(&ev->name), &ok);
    put(o, "short_description", ltext_to_json(&ev->short_description), &ok);
    put(o, "description", ltext_to_json(&ev->description), &ok);
    put(o, "provider", ltext_to_json(&ev->provider), &ok);

    /* The address goes out as its two parts, which parse back into the same three fields; an
     * event with only a joined address (iCalendar's LOCATION) writes that as street_address. */
    if (ev->location_id || !ltext_empty(&ev->location_name) ||
        !ltext_empty(&ev->location_address)) {
        json_t *loc = json_object();
        if (loc) {
            if (ev->location_id) put(loc, "id", json_string(ev->location_id), &ok);
            put(loc, "name", ltext_to_json(&ev->location_name), &ok);
            bool parts = !ltext_empty(&ev->location_street) || !ltext_empty(&ev->location_locality);
            put(loc, "street_address",
                ltext_to_json(parts ? &ev->location_street : &ev->location_address), &ok);
            if (!ltext_empty(&ev->location_locality))
                put(loc, "address_locality", ltext_to_json(&ev->location_locality), &ok);
        }
        put(o, "location", loc, &ok);
    } else {
        put(o, "location", json_null(), &ok);
    }

    put(o, "location_extra_info", ltext_to_json(&ev->location_extra), &ok);
    put_links(o, ev, &ok);

    json_t *kw = json_array();
    for (int i = 0; kw && i < ev->n_keywords; i++)
        if (json_array_append_new(kw, json_pack("{s:s}", "id", ev->keywords[i]))) ok = false;
    put(o, "keywords", kw, &ok);

    put(o, "event_status", json_string(EJ_STATUS_NAMES[ev->status]), &ok);
    put(o, "start_time", time_to_json(ev->start_time), &ok);
    put(o, "end_time", time_to_json(ev->end_time), &ok);
    put(o, "audience_min_age", count_to_json(ev->audience_min_age), &ok);
    put(o, "audience_max_age", count_to_json(ev->audience_max_age), &ok);
    put(o, "maximum_attendee_capacity", count_to_json(ev->capacity), &ok);
    put(o, "waiting_list_capacity", count_to_json(ev->waitlist_capacity), &ok);
    put(o, "maximum_group_size", json_integer(ev->max_group_size), &ok);
    put(o, "enrolment_start_time", time_to_json(ev->enrolment_start), &ok);
    put(o, "enrolment_end_time", time_to_json(ev->enrolment_end), &ok);

    /* Registration and contact rules go out explicitly so no default can change them on the way
     * back in. */
    json_t *x = json_object();
    if (x) {
        if (ev->category) put(x, "category", json_string(ev->category), &ok);
        put(x, "audience", ltext_to_json(&ev->audience), &ok);
        put(x, "registration", json_boolean(ev->registration), &ok);
        put(x, "contact_fields",
            json_pack("{s:s, s:s}", "email", EJ_RULE_NAMES[ev->email_rule], "phone",
                      EJ_RULE_NAMES[ev->phone_rule]),
            &ok);
        put(x, "reserved_seats", json_integer(ev->reserved_seats), &ok);
        if (ev->all_day) put(x, "all_day", json_true(), &ok);
        put(x, "waitlist_contact", json_boolean(ev->waitlist_contact), &ok);
        put(x, "staff_only", json_boolean(ev->staff_only), &ok);
        if (ev->n_questions > 0) {
            json_t *qs = json_array();
            for (int i = 0; qs && i < ev->n_questions; i++)
                if (json_array_append_new(qs, question_to_json(&ev->questions[i], &ok))) ok = false;
            put(x, "questions", qs, &ok);
        }
    }
    put(o, "x_aukio", x, &ok);
    if (!ok || !x || !kw) {
        json_decref(o);
        return NULL;
    }
    return o;
}
