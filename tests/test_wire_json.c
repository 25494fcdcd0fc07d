/*
 * test_wire_json.c: the pull page's reader (sync/wire_json.c): the same tree as jansson's, each
 * event's bytes found exactly, and what jansson refuses refused whole.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "wire_json.h"

static json_t *load_yajl(const char *text, WireSpan **sp, size_t *n)
{
    char why[200] = "";
    json_t *j = wire_json_load(text, strlen(text), sp, n, why, sizeof why);
    if (!j) fail_msg("refused (%s): %s", why, text);
    return j;
}

/* The tree is jansson's, and each span re-read is the tree's event. */
static void check_page(const char *text, size_t want_spans)
{
    WireSpan *sp = NULL;
    size_t n = 0;
    json_t *j = load_yajl(text, &sp, &n);
    json_t *ref = json_loads(text, 0, NULL);
    assert_non_null(ref);
    if (!json_equal(j, ref)) fail_msg("trees differ: %s", text);
    assert_int_equal(n, want_spans);
    json_t *changes = json_object_get(j, "changes");
    assert_int_equal(json_array_size(changes), n);
    for (size_t i = 0; i < n; i++) {
        json_t *ev = json_object_get(json_array_get(changes, i), "event");
        if (!json_is_object(ev)) {
            assert_int_equal(sp[i].len, 0);
            continue;
        }
        assert_true(sp[i].len > 0);
        assert_true(sp[i].start + sp[i].len <= strlen(text));
        assert_int_equal(text[sp[i].start], '{');
        assert_int_equal(text[sp[i].start + sp[i].len - 1], '}');
        json_t *again = json_loadb(text + sp[i].start, sp[i].len, 0, NULL);
        if (!json_equal(again, ev)) fail_msg("span %zu is not the event: %s", i, text);
        json_decref(again);
    }
    /* The kiosk's path, with the tree in an arena: the same tree and the same spans. */
    WireArena *arena = wire_arena_new();
    assert_non_null(arena);
    for (int round = 0; round < 2; round++) { /* and again after a reset, in the same memory */
        WireSpan *asp = NULL;
        size_t an = 0;
        char why[200] = "";
        json_t *ja = wire_json_load_arena(text, strlen(text), &asp, &an, arena, why, sizeof why);
        if (!ja) fail_msg("refused in an arena (%s): %s", why, text);
        if (!json_equal(ja, ref)) fail_msg("arena tree differs: %s", text);
        assert_int_equal(an, n);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(asp[i].start, sp[i].start);
            assert_int_equal(asp[i].len, sp[i].len);
        }
        free(asp);
        wire_arena_reset(arena);
        assert_int_equal(wire_arena_used(arena), 0);
    }
    wire_arena_free(arena);
    free(sp);
    json_decref(j);
    json_decref(ref);
}

static void test_spans(void **state)
{
    (void)state;
    check_page("{\"changes\":[],\"cursor\":\"c\",\"more\":false}", 0);
    check_page(
        "{\"changes\":[{\"op\":\"upsert\",\"id\":\"a\",\"event\":{\"id\":\"a\",\"name\":{\"fi\":"
        "\"Lorut \\u00e4\\\"}\"},\"n\":[1,2.5,{\"x\":null}]},\"seats\":{\"capacity\":10}},"
        "{\"op\":\"delete\",\"id\":\"b\"},"
        "{\"op\":\"upsert\",\"id\":\"c\",\"event\":{}},"
        "{\"op\":\"upsert\",\"id\":\"d\",\"seats\":{\"capacity\":-1},\"event\":"
        "{\"event\":{\"nested\":true}}}],"
        "\"cursor\":\"c1.x.2.s\",\"more\":true,\"reset\":true}",
        4);
    /* Whitespace as any hub may send it: the span is the object's bytes, spaces inside kept. */
    /* Every lead byte that needs jansson's second look, in texts it accepts: U+0800, U+D7FF,
     * U+10000, U+10FFFF, and common ones (ä, –, €). */
    check_page("{\"changes\":[{\"event\":{\"\xE0\xA0\x80\":\"\xED\x9F\xBF \xF0\x90\x80\x80 "
               "\xF4\x8F\xBF\xBF \xC3\xA4 \xE2\x80\x93 \xE2\x82\xAC\"}}]}",
               1);
    /* A surrogate pair escaped, and an escaped backslash before a 'u' (no escape). */
    check_page("{\"changes\":[{\"event\":{\"e\":\"\\ud83d\\ude00 \\\\ud800\"}}]}", 1);
    check_page(" { \"changes\" : [ { \"event\" : { \"id\" : \"a\" , \"t\" : [ ] } } ] } ", 1);
    /* A second "event" in one change wins in the tree and in the span; so does a second
     * "changes" (the first one's spans are forgotten). */
    check_page("{\"changes\":[{\"event\":{\"id\":\"old\"},\"event\":{\"id\":\"new\"}}]}", 1);
    check_page("{\"changes\":[{\"event\":{\"id\":\"x\"},\"event\":\"no\"}]}", 1);
    check_page(
        "{\"changes\":[{\"event\":{\"id\":\"a\"}},{}],\"changes\":[{\"event\":{\"id\":\"b\"}}]}",
        1);
    /* Not an object, or elements that are not objects: one span each, empty. */
    check_page("{\"changes\":[1,\"two\",null,[{\"event\":{}}]]}", 4);
    /* No "changes" array: no spans. */
    WireSpan *sp = (WireSpan *)1;
    size_t n = 7;
    json_t *j = load_yajl("{\"changes\":{\"event\":{}}}", &sp, &n);
    assert_null(sp);
    assert_int_equal(n, 0);
    json_decref(j);
    j = load_yajl("{\"changes\":[{\"event\":{}}],\"changes\":5}", &sp, &n);
    assert_null(sp);
    assert_int_equal(n, 0);
    json_decref(j);
    /* Without SPANS, only the tree. */
    char why[200];
    j = wire_json_load("[1,{\"a\":true}]", 14, NULL, NULL, why, sizeof why);
    assert_non_null(j);
    assert_true(json_is_array(j));
    json_decref(j);
}

static void test_big_numbers_and_keys(void **state)
{
    (void)state;
    /* Long keys (past the inline buffer), long strings, the integer limits. */
    char key[300], text[1200];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    snprintf(text, sizeof text,
             "{\"%s\":\"%s\",\"max\":9223372036854775807,\"min\":-9223372036854775807,"
             "\"r\":1e300,\"z\":-0.0}",
             key, key);
    check_page(text, 0);
}

static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        const char *why;
    } bad[] = {
        {"", 0, "invalid JSON"},
        {"{\"changes\":[", 0, "invalid JSON"},
        {"{\"a\":1} x", 0, "invalid JSON"},
        {"{\"a\":1}{}", 0, "invalid JSON"},
        {"{/* c */\"a\":1}", 0, "invalid JSON"},
        {"{\"a\":\"\\u0000\"}", 0, "U+0000"},
        {"{\"a\\u0000b\":1}", 0, "U+0000"},
        {"{\"a\":\"\xC3\x28\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xED\xA0\x80\"}", 0, "invalid JSON"},
        {"{\"a\":99999999999999999999}", 0, "invalid JSON"},
        {"{\"a\":1e999}", 0, "invalid JSON"},
        {"{\"a\":01}", 0, "invalid JSON"},
        {"{\"a\":NaN}", 0, "invalid JSON"},
        {"{\"a\":1,}", 0, "invalid JSON"},
        {"{\"a\":1}\0", 8, "invalid JSON"},
        {"{\"a\":\"line\nbreak\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xC0\x80\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xC1\xBF\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xE0\x80\x80\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xF0\x80\x80\x80\"}", 0, "invalid JSON"},
        {"{\"a\":\"\xF5\x80\x80\x80\"}", 0, "invalid JSON"},
        {"{\"\xC0\x80\":1}", 0, "invalid JSON"},
        {"{\"a\":\"\xF4\x90\x80\x80\"}", 0, "invalid JSON"},
        {"{\"\xED\xA0\x80\":1}", 0, "invalid JSON"},
        {"{\"a\":\"\\uD800\"}", 0, "invalid JSON"},
        {"{\"a\":\"x\\udfff\"}", 0, "invalid JSON"},
        /* Spaces that yajl skips but JSON does not have (found by fuzz_wire_json). */
        {"\fnull", 0, "invalid JSON near byte 0"},
        {"{\"a\":\v1}", 0, "invalid JSON near byte 5"},
        {"{\"a\":\"x\fy\"}", 0, "invalid JSON"},
        /* A string left open after the root, which yajl would wait for (fuzz_wire_json). */
        {"{\"a\":1} \"", 0, "near byte 7: something after the value"},
        {"{\"changes\":[]}\n\"x", 0, "something after the value"},
        {"1 \"", 0, "something after the value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char why[200] = "";
        WireSpan *sp = (WireSpan *)1;
        size_t n = 3, len = bad[i].len ? bad[i].len : strlen(bad[i].text);
        json_t *j = wire_json_load(bad[i].text, len, &sp, &n, why, sizeof why);
        if (j) fail_msg("case %zu accepted: %s", i, bad[i].text);
        if (!strstr(why, bad[i].why)) fail_msg("case %zu: '%s' lacks '%s'", i, why, bad[i].why);
        if (!strstr(why, "near byte")) fail_msg("case %zu: '%s' says not where", i, why);
        assert_null(sp);
        assert_int_equal(n, 0);
        /* Refused the same in an arena. */
        char awhy[200] = "";
        WireArena *arena = wire_arena_new();
        sp = (WireSpan *)1;
        n = 3;
        if (wire_json_load_arena(bad[i].text, len, &sp, &n, arena, awhy, sizeof awhy))
            fail_msg("case %zu accepted in an arena: %s", i, bad[i].text);
        wire_arena_free(arena);
        assert_string_equal(awhy, why);
        assert_null(sp);
        assert_int_equal(n, 0);
    }
    /* Nested deeper than WIRE_JSON_DEPTH_MAX. */
    char deep[2 * WIRE_JSON_DEPTH_MAX + 8];
    size_t k = 0;
    for (int i = 0; i <= WIRE_JSON_DEPTH_MAX; i++)
        deep[k++] = '[';
    for (int i = 0; i <= WIRE_JSON_DEPTH_MAX; i++)
        deep[k++] = ']';
    char why[200] = "";
    assert_null(wire_json_load(deep, k, NULL, NULL, why, sizeof why));
    assert_non_null(strstr(why, "nested too deep"));
    /* As deep as allowed is read. */
    json_t *j = wire_json_load(deep + 1, k - 2, NULL, NULL, why, sizeof why);
    assert_non_null(j);
    json_decref(j);
}

/* Values made in an arena go with it; values made outside it, before, during (another arena
 * off) or after, are malloc'd and freed as ever (ASan in CI's sanitizer build would see a free of
 * an arena's pointer, or a leak). */
static void test_arena(void **state)
{
    (void)state;
    json_t *before = json_pack("{s:[i,s]}", "a", 1, "kept");
    WireArena *outer = wire_arena_new();
    assert_non_null(outer);
    assert_null(wire_arena_use(outer));
    json_t *in = json_pack("{s:s, s:[i,i,i]}", "x", "in the arena", "n", 1, 2, 3);
    assert_non_null(in);
    size_t used = wire_arena_used(outer);
    assert_true(used > 0);
    /* A second arena: it makes the values now, and the first one again once put back. */
    WireArena *inner = wire_arena_new();
    assert_ptr_equal(wire_arena_use(inner), outer);
    json_t *in2 = json_string("inner");
    assert_int_equal(wire_arena_used(outer), used);
    assert_true(wire_arena_used(inner) > 0);
    assert_ptr_equal(wire_arena_use(outer), inner);
    /* A value freed from an arena (a replaced key) is a no-op. */
    assert_int_equal(json_object_set_new(in, "x", json_string("replaced")), 0);
    assert_true(wire_arena_used(outer) > used);
    assert_ptr_equal(wire_arena_use(NULL), outer);
    json_t *after = json_string("after");
    /* A value made before is freed while arenas live: free(), not an arena. */
    json_decref(before);
    json_decref(in); /* harmless: the arena keeps it until wire_arena_free */
    assert_string_equal(json_string_value(in2), "inner");
    wire_arena_free(inner);
    wire_arena_free(outer);
    assert_string_equal(json_string_value(after), "after");
    json_decref(after);
    wire_arena_free(NULL);
    /* Big values, past the first block; after a reset the blocks are used again, and one
     * bigger than all of them is made anew. */
    WireArena *big = wire_arena_new();
    char *text = malloc(4u << 20);
    assert_non_null(text);
    memset(text, 'a', (4u << 20) - 1);
    text[(4u << 20) - 1] = '\0';
    for (int round = 0; round < 3; round++) {
        wire_arena_use(big);
        size_t len = round == 2 ? (4u << 20) - 1 : 300000;
        json_t *a = json_stringn(text, len), *b = json_stringn(text, len);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(json_string_length(a), len);
        assert_true(json_equal(a, b));
        assert_true(wire_arena_used(big) >= 2 * len);
        wire_arena_use(NULL);
        wire_arena_reset(big);
    }
    free(text);
    wire_arena_free(big);
}

/* A tree made on one thread is read, and its values dropped, on another (the pull's reader and
 * its storer), and the arena freed there. */
static void *make_tree(void *arg)
{
    WireArena *a = arg;
    wire_arena_use(a);
    json_t *t = json_pack("{s:[s,s], s:{s:i}}", "texts", "one", "two", "n", "k", 7);
    wire_arena_use(NULL);
    return t;
}

static void test_arena_threads(void **state)
{
    (void)state;
    WireArena *a = wire_arena_new();
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, make_tree, a), 0);
    void *t = NULL;
    assert_int_equal(pthread_join(th, &t), 0);
    assert_non_null(t);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(t, "n"), "k")), 7);
    json_object_del(t, "texts"); /* freed here: the arena's, so nothing */
    json_t *mine = json_string("this thread's, malloc'd");
    json_decref(mine);
    wire_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans),         cmocka_unit_test(test_big_numbers_and_keys),
        cmocka_unit_test(test_refused),       cmocka_unit_test(test_arena),
        cmocka_unit_test(test_arena_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
