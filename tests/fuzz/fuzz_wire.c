/*
 * fuzz_wire.c: every decoder of the sync protocol (sync/wire.h), as the hub and the kiosk meet
 * them from the network. The input's first byte picks the message; the rest is its text (JSON,
 * or a cursor). Where a builder exists the property is: what a decoder accepts, its builder writes
 * in a form the decoder reads, and that reading builds the same bytes again
 * (build(decode(build(decode(x)))) == build(decode(x))), so a message survives being read and
 * re-sent. A difference or an unreadable build is an abort().
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "wire.h"

/* Decodes TEXT as one kind of message and builds it again: the built text (caller frees), or
 * NULL when the decoder rejects TEXT. */
typedef char *(*Normalise)(const char *text, size_t len);

static json_t *load(const char *text, size_t len)
{
    return json_loadb(text, len, JSON_DECODE_ANY, NULL);
}

static char *op_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    WireOp op;
    char why[256], *out = NULL;
    if (root && wire_op_parse(&op, root, why, sizeof why) == 0) out = wire_op_build(&op);
    json_decref(root);
    return out;
}

/* The kiosk reads a push's answer against the uuids it sent: here, those the answer names. */
static char *results_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    json_t *res = json_object_get(root, "results");
    size_t n = json_array_size(res);
    char *out = NULL, why[256];
    char(*uuids)[RECORD_UUID_LEN + 1] = NULL;
    WireAnswer *ans = NULL;
    char **texts = NULL;
    if (!root || n > WIRE_OPS_MAX) goto done;
    uuids = calloc(n ? n : 1, sizeof *uuids);
    ans = calloc(n ? n : 1, sizeof *ans);
    texts = calloc(n ? n : 1, sizeof *texts);
    if (!uuids || !ans || !texts) goto done;
    for (size_t i = 0; i < n; i++)
        str_copy(uuids[i], sizeof uuids[i],
                 json_string_value(json_object_get(json_array_get(res, i), "uuid")));
    if (wire_results_parse(root, (const char(*)[RECORD_UUID_LEN + 1]) uuids, (int)n, ans, why,
                           sizeof why) != 0)
        goto done;
    for (size_t i = 0; i < n; i++) {
        char one[512];
        if (wire_answer_format(one, sizeof one, ans[i].uuid, ans[i].result, ans[i].position,
                               ans[i].reason, NULL) < 0)
            abort(); /* a uuid and a 31-byte reason always fit */
        if (!(texts[i] = strdup(one))) goto done;
    }
    out = wire_results_build(texts, (int)n, WIRE_BODY_MAX);
done:
    for (size_t i = 0; texts && i < n; i++)
        free(texts[i]);
    free(texts);
    free(ans);
    free(uuids);
    json_decref(root);
    return out;
}

static char *grants_request_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    WireSettle *se = NULL;
    WireWant *wa = NULL;
    int ns = 0, nw = 0;
    char why[256], *out = NULL;
    if (root && wire_grants_request_parse(root, &se, &ns, &wa, &nw, why, sizeof why) == 0)
        out = wire_grants_request_build(se, ns, wa, nw);
    free(se);
    free(wa);
    json_decref(root);
    return out;
}

static char *grants_answer_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    WireSettled *se = NULL;
    WireGrant *gr = NULL;
    int ns = 0, ng = 0, margin = 0;
    char why[256], *out = NULL;
    if (root && wire_grants_answer_parse(root, &se, &ns, &gr, &ng, &margin, why, sizeof why) == 0)
        out = wire_grants_answer_build(se, ns, gr, ng, margin);
    free(se);
    free(gr);
    json_decref(root);
    return out;
}

static char *page_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    WirePage page;
    char why[256], *out = NULL;
    Buf b;
    buf_init(&b, 64u * 1024 * 1024);
    if (!root || wire_page_parse(root, &page, why, sizeof why) != 0 || wire_page_begin(&b) != 0)
        goto done;
    for (size_t i = 0; i < page.n; i++) {
        WireChangeIn in;
        if (wire_page_change(root, i, &in, why, sizeof why) != 0) goto done;
        WireChangeOut ch = {.op = in.kind == WIRE_CHANGE_DELETE ? "delete" : "upsert",
                            .id = in.id,
                            .capacity = in.capacity,
                            .confirmed = in.confirmed,
                            .waitlisted = in.waitlisted,
                            .held = in.held};
        char *event = NULL;
        /* An upsert always carries an event; null stands in for a missing one. */
        if (in.kind == WIRE_CHANGE_UPSERT &&
            !(event = json_dumps(in.event ? in.event : json_null(),
                                 JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)))
            goto done;
        ch.event_json = event;
        int rc = wire_page_add(&b, &ch, (int)i);
        free(event);
        if (rc != 0) goto done;
    }
    if (wire_page_end(&b, page.cursor, page.more, page.reset) == 0) out = buf_steal(&b);
done:
    buf_deinit(&b);
    json_decref(root);
    return out;
}

static char *cursor_norm(const char *text, size_t len)
{
    char s[WIRE_CURSOR_MAX + 2];
    WireCursor c;
    if (len >= sizeof s || memchr(text, '\0', len)) return NULL;
    memcpy(s, text, len);
    s[len] = '\0';
    if (wire_cursor_parse(&c, s) != 0) return NULL;
    char *out = malloc(WIRE_CURSOR_MAX + 1);
    if (out) wire_cursor_format(&c, out, WIRE_CURSOR_MAX + 1);
    return out;
}

static char *enrol_answer_norm(const char *text, size_t len)
{
    json_t *root = load(text, len);
    char device[128], token[WIRE_TOKEN_MAX + 1], why[256], *out = NULL;
    if (root && wire_enrol_answer_parse(root, device, sizeof device, token, sizeof token, why,
                                        sizeof why) == 0)
        out = wire_enrol_answer_build(device, token);
    json_decref(root);
    return out;
}

/* The decoders with no builder of their own: read, and nothing more is promised. */
static char *no_builder(const char *text, size_t len)
{
    json_t *root = load(text, len);
    char why[256];
    if (root) {
        const char *rid;
        (void)wire_enrol_request_parse(root, &rid, why, sizeof why);
        (void)wire_error_code(root);
    }
    json_decref(root);
    return NULL;
}

static const struct {
    const char *name;
    Normalise norm;
} DECODERS[] = {
    {"op", op_norm},
    {"results", results_norm},
    {"grants_request", grants_request_norm},
    {"grants_answer", grants_answer_norm},
    {"page", page_norm},
    {"cursor", cursor_norm},
    {"enrol_answer", enrol_answer_norm},
    {"enrol_request/error", no_builder},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t d = data[0] % COUNT_OF(DECODERS);
    const char *text = (const char *)data + 1;
    char *first = DECODERS[d].norm(text, size - 1);
    if (!first) return 0;
    char *second = DECODERS[d].norm(first, strlen(first));
    if (!second || strcmp(first, second) != 0) {
        fprintf(stderr, "%s: built \"%s\", which %s \"%s\"\n", DECODERS[d].name, first,
                second ? "builds again as" : "does not read back", second ? second : "");
        abort();
    }
    free(first);
    free(second);
    return 0;
}
