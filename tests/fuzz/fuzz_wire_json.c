/*
 * fuzz_wire_json.c: the kiosk's pull page reader (sync/wire_json.c) against jansson's. The input
 * is the page's text. Properties (an abort() when broken):
 *   - what wire_json_load_arena accepts (the kiosk's reading, the tree in an arena), json_loadb
 *     accepts too, and the trees are equal;
 *   - each span lies inside the text, starts with '{' and ends with '}', and json_loadb of those
 *     bytes alone is the change's "event" (so the stored copy reads back as what was applied);
 *   - one span per element of the root's "changes" array, none without one.
 * (json_loadb may accept what wire_json_load refuses: nesting past WIRE_JSON_DEPTH_MAX and
 * -2^63, which no hub writes.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "wire_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    WireSpan *sp = NULL;
    size_t n = 0;
    char why[256];
    /* As the kiosk reads a page: the tree in an arena (wire_arena.h). */
    WireArena *arena = wire_arena_new();
    if (!arena) abort();
    json_t *j = wire_json_load_arena(text, size, &sp, &n, arena, why, sizeof why);
    if (!j) {
        wire_arena_free(arena);
        if (sp || n) abort();
        return 0;
    }
    json_t *ref = json_loadb(text, size, JSON_DECODE_ANY, NULL);
    if (!ref || !json_equal(j, ref)) abort();
    json_t *changes = json_object_get(j, "changes");
    if ((!json_is_array(changes) && (sp || n)) || n != json_array_size(changes)) abort();
    for (size_t i = 0; i < n; i++) {
        json_t *ev = json_object_get(json_array_get(changes, i), "event");
        if (!json_is_object(ev)) {
            if (sp[i].len != 0) abort();
            continue;
        }
        if (sp[i].len < 2 || sp[i].start > size || sp[i].len > size - sp[i].start) abort();
        if (text[sp[i].start] != '{' || text[sp[i].start + sp[i].len - 1] != '}') abort();
        json_t *again = json_loadb(text + sp[i].start, sp[i].len, 0, NULL);
        if (!again || !json_equal(again, ev)) abort();
        json_decref(again);
    }
    free(sp);
    json_decref(ref);
    wire_arena_free(arena);
    return 0;
}
