/*
 * event_topics.c: Linked Events keywords as the kiosk's topics (x_aukio.category), so that real
 * events are not all "Other". A small built-in table of YSO and Helmet keywords (README.md,
 * "Keywords as topics"), and a source's own pairs tried before it.
 */
#include "event.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The kiosk's topics (x_aukio.category); kept in step with event_json.c's CATEGORIES. */
static const char *const TOPICS[] = {"storytime", "workshop", "coworking", "training",
                                     "popup",     "visit",    "club",      "other"};

/* Keyword ids as Linked Events and the Helmet importers use them (the YSO ontology, and
 * kulke: for the culture centres' own). Only unambiguous ones: a keyword such as "lapset"
 * (children) says who an event is for, not what it is. */
static const struct {
    const char *keyword, *topic;
} BUILT_IN[] = {
    {"yso:p14710", "storytime"}, /* satutunnit: story hours */
    {"kulke:732", "workshop"},   /* Työpajat: workshops */
    {"yso:p9270", "workshop"},   /* kurssit: courses */
    {"yso:p2149", "coworking"},  /* opastus: guidance (digital and job-search help) */
    {"yso:p7642", "club"},       /* kerhot: clubs */
    {"yso:p18105", "club"},      /* keskusteluryhmät: discussion groups, language cafés */
};

static bool topic_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++)
        if (strlen(TOPICS[i]) == len && strncmp(TOPICS[i], s, len) == 0) return true;
    return false;
}

/* The topic TOPICS gives KEYWORD, or NULL: a linear walk of "k=v,k=v" (a source names few). */
static const char *from_pairs(const char *topics, const char *keyword, size_t *len)
{
    size_t kl = strlen(keyword);
    for (const char *p = topics; p && *p;) {
        const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq && (size_t)(eq - p) == kl && strncmp(p, keyword, kl) == 0) {
            *len = (size_t)(end - eq - 1);
            return eq + 1;
        }
        p = comma ? comma + 1 : end;
    }
    return NULL;
}

static const char *topic_of(const char *topics, const char *keyword)
{
    size_t len = 0;
    const char *t = from_pairs(topics, keyword, &len);
    if (t) {
        for (size_t i = 0; i < sizeof TOPICS / sizeof TOPICS[0]; i++)
            if (strlen(TOPICS[i]) == len && strncmp(TOPICS[i], t, len) == 0) return TOPICS[i];
        return NULL;
    }
    for (size_t i = 0; i < sizeof BUILT_IN / sizeof BUILT_IN[0]; i++)
        if (strcmp(BUILT_IN[i].keyword, keyword) == 0) return BUILT_IN[i].topic;
    return NULL;
}

int event_topics_apply(Event *evs, int n, const char *topics)
{
    int got = 0;
    for (int i = 0; i < n; i++) {
        Event *e = &evs[i];
        if (e->category) continue;
        for (int k = 0; k < e->n_keywords; k++) {
            const char *t = topic_of(topics, e->keywords[k]);
            if (!t) continue;
            if ((e->category = strdup(t))) got++;
            break;
        }
    }
    return got;
}

int event_topics_check(const char *topics, char *err, size_t errlen)
{
    int i = 0;
    if (!topics || !*topics) return 0;
    for (const char *p = topics;; i++) {
        const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq || eq == p)
            return err_set(err, errlen, "topic %d: KEYWORD=TOPIC expected (yso:p14710=storytime)",
                           i + 1);
        for (const char *c = p; c < eq; c++)
            if ((unsigned char)*c <= 0x20 || *c == 0x7f)
                return err_set(err, errlen, "topic %d: a keyword id has no spaces or controls",
                               i + 1);
        if (!topic_ok(eq + 1, (size_t)(end - eq - 1)))
            return err_set(err, errlen,
                           "topic %d: \"%.*s\" is no topic (storytime, workshop, coworking, "
                           "training, popup, visit, club or other)",
                           i + 1, (int)(end - eq - 1 > 40 ? 40 : end - eq - 1), eq + 1);
        if (!comma) return 0;
        p = comma + 1;
    }
}
