/*
 * hub_source_refs.c: resolving a Linked Events page's place and audience references
 * (hub_source_refs.h).
 */
#include "hub_source_refs.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "hub_fetch.h"
#include "util.h"

/* The most bytes of "host:port" kept as the origin. */
#define ORIGIN_MAX 300

struct HubRefs {
    char origin[ORIGIN_MAX + 1]; /* the source's "host[:port]", lower case */
    json_t *docs;                /* URL -> the fetched object, or null when it could not be had */
    int fetched;                 /* documents asked for */
    int resolved;                /* references put in place */
    int unresolved;
    char first_why[256]; /* why the first reference could not be had */
};

/* The host of URL with its port ("api.hel.fi", "127.0.0.1:8080") lower-cased into OUT, the
 * scheme's own port left out, so that an API answering http with https links is one host; ""
 * when it has none. */
static void origin_of(const char *url, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = strstr(url, "://");
    if (!p) return;
    bool https = p - url == 5;
    p += 3;
    size_t len = strcspn(p, "/?#");
    if (len + 1 > n) return;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
    out[len] = '\0';
    const char *dflt = https ? ":443" : ":80";
    size_t dl = strlen(dflt);
    if (len > dl && strcmp(out + len - dl, dflt) == 0) out[len - dl] = '\0';
}

bool hub_refs_same_origin(const char *a, const char *b)
{
    char oa[ORIGIN_MAX + 1], ob[ORIGIN_MAX + 1];
    origin_of(a, oa, sizeof oa);
    origin_of(b, ob, sizeof ob);
    return oa[0] && strcmp(oa, ob) == 0;
}

HubRefs *hub_refs_new(const char *url)
{
    HubRefs *r = calloc(1, sizeof *r);
    if (r && !(r->docs = json_object())) {
        free(r);
        return NULL;
    }
    if (r) origin_of(url, r->origin, sizeof r->origin);
    return r;
}

void hub_refs_free(HubRefs *r, FILE *out, const char *label)
{
    if (!r) return;
    if (out && (r->resolved || r->unresolved)) {
        fprintf(out, "%s: references: %d put in place from %d document(s) fetched", label,
                r->resolved, r->fetched);
        if (r->unresolved) fprintf(out, "; %d left as ids (%s)", r->unresolved, r->first_why);
        fputc('\n', out);
    }
    json_decref(r->docs);
    free(r);
}

/* Whether V is a bare reference {"@id": url} (perhaps with "id"), to be resolved. */
static const char *bare_ref(json_t *v)
{
    if (!json_is_object(v)) return NULL;
    const char *url = json_string_value(json_object_get(v, "@id"));
    if (!url || json_object_get(v, "name")) return NULL;
    return hub_fetch_url_ok(url) ? url : NULL;
}

static void unresolved(HubRefs *r, const char *fmt, const char *a)
{
    if (!r->unresolved) snprintf(r->first_why, sizeof r->first_why, fmt, a);
    r->unresolved++;
}

/* The document at URL from the cache or fetched (borrowed), or NULL. */
static json_t *doc_for(HubRefs *r, const char *url, const atomic_bool *stop)
{
    json_t *d = json_object_get(r->docs, url);
    if (d) return json_is_object(d) ? d : NULL;
    char origin[ORIGIN_MAX + 1];
    origin_of(url, origin, sizeof origin);
    if (!r->origin[0] || strcmp(origin, r->origin) != 0) {
        unresolved(r, "%s", "a reference on another host than the source's");
        json_object_set_new(r->docs, url, json_null());
        return NULL;
    }
    if (r->fetched >= HUB_REFS_FETCH_MAX) {
        unresolved(r, "more than %s documents to fetch", "200");
        return NULL;
    }
    r->fetched++;
    HubFetch f;
    char why[256];
    json_t *doc = NULL;
    if (hub_fetch_get(url, "", "", HUB_REFS_DOC_MAX, stop, &f, why, sizeof why) != AUKIO_OK) {
        unresolved(r, "%s", why);
    } else if (f.status != 200) {
        snprintf(why, sizeof why, "HTTP %ld", f.status);
        unresolved(r, "%s", why);
    } else {
        doc = json_loadb(f.body.p ? f.body.p : "", f.body.len, 0, NULL);
        if (!json_is_object(doc) || !json_object_get(doc, "name")) {
            json_decref(doc);
            doc = NULL;
            unresolved(r, "%s", "a reference's document is no place or keyword");
        }
    }
    hub_fetch_deinit(&f);
    json_object_set_new(r->docs, url, doc ? doc : json_null());
    return doc;
}

/* Puts the document of *SLOT's reference in its place; *CHANGED when it did. */
static void resolve_slot(HubRefs *r, json_t *holder, const char *key, size_t index,
                         const atomic_bool *stop, bool *changed)
{
    json_t *v = key ? json_object_get(holder, key) : json_array_get(holder, index);
    const char *url = bare_ref(v);
    if (!url) return;
    json_t *doc = doc_for(r, url, stop);
    if (!doc) return;
    if (key)
        json_object_set(holder, key, doc);
    else
        json_array_set(holder, index, doc);
    r->resolved++;
    *changed = true;
}

int hub_refs_resolve(HubRefs *r, const char *text, size_t len, const atomic_bool *stop,
                     char **resolved, size_t *rlen, char *err, size_t n)
{
    *resolved = NULL;
    *rlen = 0;
    json_t *root = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    json_t *data = json_is_object(root) ? json_object_get(root, "data") : root;
    if (!json_is_array(data)) {
        json_decref(root);
        return AUKIO_OK;
    }
    bool changed = false;
    for (size_t i = 0; i < json_array_size(data) && !(stop && atomic_load(stop)); i++) {
        json_t *ev = json_array_get(data, i);
        if (!json_is_object(ev)) continue;
        resolve_slot(r, ev, "location", 0, stop, &changed);
        json_t *aud = json_object_get(ev, "audience");
        for (size_t k = 0; json_is_array(aud) && k < json_array_size(aud); k++)
            resolve_slot(r, aud, NULL, k, stop, &changed);
    }
    int rc = AUKIO_OK;
    if (changed) {
        *resolved = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!*resolved)
            rc = err_set(err, n, "out of memory");
        else
            *rlen = strlen(*resolved);
    }
    json_decref(root);
    return rc;
}
