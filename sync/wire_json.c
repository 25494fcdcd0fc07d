/*
 * wire_json.c: a pull page parsed by yajl into a jansson tree, with each event's byte span
 * (see wire_json.h).
 */
#include "wire_json.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yajl/yajl_parse.h>

#define KEY_INLINE 48 /* a key this long or shorter needs no allocation */

typedef struct {
    json_t *c;             /* the container being filled (borrowed: its parent holds it) */
    char kbuf[KEY_INLINE]; /* the pending key of an object, when short */
    char *key;             /* kbuf or malloc'd */
    size_t klen;
} Level;

typedef struct {
    yajl_handle h;
    Level lv[WIRE_JSON_DEPTH_MAX];
    int depth;
    json_t *root;
    const json_t *changes; /* the root's "changes" array while it is filled */
    WireSpan *spans;
    size_t n_spans, cap_spans;
    bool in_event; /* inside the last change's "event" object */
    int event_depth;
    size_t root_end; /* the offset just after the root value, once it is read */
    size_t len;      /* the text's, the offset of what complete_parse reads (a number last) */
    bool completing;
    char why[160];
} Loader;

static int fail(Loader *l, const char *what)
{
    if (!l->why[0]) snprintf(l->why, sizeof l->why, "%s", what);
    return 0;
}

static void key_drop(Level *v)
{
    if (v->key && v->key != v->kbuf) free(v->key);
    v->key = NULL;
    v->klen = 0;
}

static bool key_is(const Level *v, const char *name)
{
    size_t n = strlen(name);
    return v->key && v->klen == n && memcmp(v->key, name, n) == 0;
}

/* yajl checks that UTF-8 is well formed (lead and continuation bytes) but lets through what
 * jansson refuses: overlong forms, encoded surrogates, code points past U+10FFFF. Each of those
 * starts with one of these lead bytes; a text that has none needs no second look, one that has
 * any is checked by jansson's own rules (json_stringn, json_object_setn_new), so what is accepted
 * is exactly what json_loadb accepts, and an event's bytes read back when the kiosk opens it. */
static bool lead_needs_check(unsigned char c)
{
    return c >= 0xC0 && (c <= 0xC1 || c == 0xE0 || c == 0xED || c == 0xF0 || c >= 0xF4);
}

static bool needs_utf8_check(const unsigned char *s, size_t n)
{
    size_t i = 0;
    /* Eight bytes at a time; a word with a byte past ASCII (an ä of Finnish text, most often)
     * has its bytes looked at, and the next word is read again whole. */
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        if (!(w & 0x8080808080808080u)) continue;
        for (size_t k = i; k < i + 8; k++)
            if (lead_needs_check(s[k])) return true;
    }
    for (; i < n; i++)
        if (lead_needs_check(s[i])) return true;
    return false;
}

/* A new element of the changes array: its span starts empty. */
static int span_add(Loader *l)
{
    if (l->n_spans == l->cap_spans) {
        size_t cap = l->cap_spans ? l->cap_spans * 2 : 128;
        WireSpan *s = realloc(l->spans, cap * sizeof *s);
        if (!s) return fail(l, "out of memory");
        l->spans = s;
        l->cap_spans = cap;
    }
    l->spans[l->n_spans++] = (WireSpan){0, 0};
    return 1;
}

/* Puts V (a new reference, taken over) into the current container, and notes what it means for
 * the spans. IS_MAP: V is an object whose first byte is the token just read. */
static int add(Loader *l, json_t *v, bool is_map)
{
    if (!v) return fail(l, "out of memory");
    if (l->depth == 0) {
        l->root = v;
        /* A container's pop moves it on; a number at the very end is read by complete_parse,
         * whose count of bytes starts again at 0. */
        l->root_end = l->completing ? l->len : yajl_get_bytes_consumed(l->h);
        return 1;
    }
    Level *top = &l->lv[l->depth - 1];
    if (json_is_array(top->c)) {
        if (top->c == l->changes && !span_add(l)) {
            json_decref(v);
            return 0;
        }
        return json_array_append_new(top->c, v) == 0 ? 1 : fail(l, "out of memory");
    }
    if (!top->key) {
        json_decref(v);
        return fail(l, "a value without a key");
    }
    if (l->depth == 1 && key_is(top, "changes")) {
        /* A later "changes" replaces an earlier one, in the tree as in the spans. */
        l->changes = json_is_array(v) ? v : NULL;
        l->n_spans = 0;
    } else if (l->depth >= 2 && l->lv[l->depth - 2].c == l->changes && l->changes &&
               key_is(top, "event") && l->n_spans > 0) {
        WireSpan *sp = &l->spans[l->n_spans - 1];
        *sp = (WireSpan){0, 0};
        if (is_map) {
            sp->start = yajl_get_bytes_consumed(l->h) - 1;
            l->in_event = true;
            l->event_depth = l->depth + 1;
        }
    }
    /* Checked as on_string's values are. */
    const unsigned char *k = (const unsigned char *)top->key;
    int rc = needs_utf8_check(k, top->klen)
                 ? json_object_setn_new(top->c, top->key, top->klen, v)
                 : json_object_setn_new_nocheck(top->c, top->key, top->klen, v);
    key_drop(top);
    return rc == 0 ? 1 : fail(l, "a key is not valid UTF-8");
}

static int push(Loader *l, json_t *v, bool is_map)
{
    if (!v) return fail(l, "out of memory");
    if (l->depth >= WIRE_JSON_DEPTH_MAX) {
        json_decref(v);
        return fail(l, "nested too deep");
    }
    if (!add(l, json_incref(v), is_map)) {
        json_decref(v);
        return 0;
    }
    Level *nv = &l->lv[l->depth++];
    nv->c = v;
    nv->key = NULL;
    nv->klen = 0;
    json_decref(v); /* its parent (or l->root) holds it */
    return 1;
}

static int pop(Loader *l)
{
    if (l->depth <= 0) return fail(l, "unbalanced");
    if (l->in_event && l->depth == l->event_depth) {
        WireSpan *sp = &l->spans[l->n_spans - 1];
        sp->len = yajl_get_bytes_consumed(l->h) - sp->start;
        l->in_event = false;
    }
    key_drop(&l->lv[--l->depth]);
    if (l->depth == 0) l->root_end = yajl_get_bytes_consumed(l->h);
    return 1;
}

static int on_null(void *ud)
{
    return add(ud, json_null(), false);
}

static int on_bool(void *ud, int b)
{
    return add(ud, json_boolean(b), false);
}

static int on_integer(void *ud, long long v)
{
    return add(ud, json_integer((json_int_t)v), false);
}

static int on_double(void *ud, double v)
{
    return add(ud, json_real(v), false);
}

static int on_string(void *ud, const unsigned char *s, size_t n)
{
    if (memchr(s, 0, n)) return fail(ud, "a string holds U+0000");
    json_t *v = needs_utf8_check(s, n) ? json_stringn((const char *)s, n)
                                       : json_stringn_nocheck((const char *)s, n);
    return v ? add(ud, v, false) : fail(ud, "a string is not valid UTF-8");
}

static int on_start_map(void *ud)
{
    return push(ud, json_object(), true);
}

static int on_map_key(void *ud, const unsigned char *s, size_t n)
{
    Loader *l = ud;
    if (memchr(s, 0, n)) return fail(l, "a key holds U+0000");
    Level *top = &l->lv[l->depth - 1];
    key_drop(top);
    top->key = n < KEY_INLINE ? top->kbuf : malloc(n + 1);
    if (!top->key) return fail(l, "out of memory");
    memcpy(top->key, s, n);
    top->key[n] = '\0';
    top->klen = n;
    return 1;
}

static int on_end(void *ud)
{
    return pop(ud);
}

static int on_start_array(void *ud)
{
    return push(ud, json_array(), false);
}

static const yajl_callbacks CALLBACKS = {
    on_null,      on_bool,    on_integer, on_double,      NULL,   on_string,
    on_start_map, on_map_key, on_end,     on_start_array, on_end,
};

/* True when TEXT has an escaped UTF-16 surrogate (\\uD800-\\uDFFF). yajl turns a lone one into
 * '?' where jansson refuses it; a hub never writes one (it sends UTF-8), so such a page is
 * first read by jansson too, which decides. */
static bool has_surrogate_escape(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while ((p = memchr(p, '\\', (size_t)(end - p))) && end - p >= 4) {
        if (p[1] == '\\') {
            p += 2;
            continue;
        }
        if (p[1] == 'u' && (p[2] == 'd' || p[2] == 'D') && strchr("89abcdefABCDEF", p[3]) &&
            p[3] != '\0')
            return true;
        p += 2;
    }
    return false;
}

/* True when BODY[FROM, LEN) is only JSON's space. yajl takes a string left open after the root
 * value ('{} "') for input still to come, and its complete_parse does not refuse it. */
static bool only_space(const char *body, size_t from, size_t len)
{
    for (size_t i = from; i < len; i++)
        if (!strchr(" \t\n\r", body[i]) || body[i] == '\0') return false;
    return true;
}

/* Where BODY has a vertical tab or a form feed, or -1: yajl skips them as space, but JSON has
 * neither between its tokens, nor bare in a string, so jansson refuses a text holding one. */
static long bare_vt_ff(const char *body, size_t len)
{
    /* Two memchr, not one loop testing both: a byte loop over a 2.5 MB page was 7 % of a pull. */
    const char *vt = memchr(body, '\v', len);
    const char *ff = memchr(body, '\f', vt ? (size_t)(vt - body) : len);
    const char *first = ff ? ff : vt;
    return first ? (long)(first - body) : -1;
}

void *wire_json_load(const char *body, size_t len, WireSpan **spans, size_t *n_spans, char *why,
                     size_t whylen)
{
    long bad = bare_vt_ff(body, len);
    if (bad >= 0) {
        if (spans) *spans = NULL;
        if (n_spans) *n_spans = 0;
        snprintf(why, whylen, "invalid JSON near byte %ld: a control character", bad);
        return NULL;
    }
    if (has_surrogate_escape(body, len)) {
        /* jansson's check tree is malloc'd even while an arena makes the values (freed at
         * once: in the arena it would stay until the page's reset, twice the page's tree). */
        json_error_t je;
        WireArena *was = wire_arena_use(NULL);
        json_t *ref = json_loadb(body, len, 0, &je);
        wire_arena_use(was);
        if (!ref) {
            if (spans) *spans = NULL;
            if (n_spans) *n_spans = 0;
            snprintf(why, whylen, "invalid JSON near byte %d: %s", je.position, je.text);
            return NULL;
        }
        json_decref(ref);
    }
    Loader *l = calloc(1, sizeof *l);
    if (spans) *spans = NULL;
    if (n_spans) *n_spans = 0;
    if (!l || !(l->h = yajl_alloc(&CALLBACKS, NULL, l))) {
        free(l);
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    /* yajl's defaults are JSON as jansson reads it: no comments, one value, nothing after it,
     * UTF-8 checked. */
    l->len = len;
    yajl_status st = yajl_parse(l->h, (const unsigned char *)body, len);
    l->completing = true;
    if (st == yajl_status_ok) st = yajl_complete_parse(l->h);
    json_t *root = l->root;
    bool trailing = st == yajl_status_ok && root && l->depth == 0 && !l->why[0] &&
                    !only_space(body, l->root_end, len);
    if (trailing) fail(l, "something after the value");
    if (st != yajl_status_ok || !root || l->depth != 0 || l->why[0]) {
        size_t at = trailing ? l->root_end : yajl_get_bytes_consumed(l->h);
        if (l->why[0] || st == yajl_status_ok) {
            snprintf(why, whylen, "invalid JSON near byte %zu: %s", at,
                     l->why[0] ? l->why : "truncated");
        } else {
            unsigned char *e = yajl_get_error(l->h, 0, (const unsigned char *)body, len);
            char *nl = e ? strchr((char *)e, '\n') : NULL;
            if (nl) *nl = '\0';
            snprintf(why, whylen, "invalid JSON near byte %zu: %s", at, e ? (char *)e : "?");
            if (e) yajl_free_error(l->h, e);
        }
        for (int i = 0; i < l->depth; i++)
            key_drop(&l->lv[i]);
        json_decref(root);
        root = NULL;
    } else if (spans && l->changes) {
        *spans = l->spans;
        *n_spans = l->n_spans;
        l->spans = NULL;
    }
    yajl_free(l->h);
    free(l->spans);
    free(l);
    return root;
}

void *wire_json_load_arena(const char *body, size_t len, WireSpan **spans, size_t *n_spans,
                           WireArena *arena, char *why, size_t whylen)
{
    WireArena *was = wire_arena_use(arena);
    void *root = wire_json_load(body, len, spans, n_spans, why, whylen);
    wire_arena_use(was);
    return root;
}
