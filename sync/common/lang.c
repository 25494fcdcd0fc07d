/*
 * lang.c: language codes and the fallback order (see lang.h).
 */
#include "lang.h"

#include <assert.h>
#include <stddef.h>
#include <strings.h>

static const char *const LANG_CODES[LANG_COUNT] = {"fi", "sv", "en"};

/* Finnish first (most events are written in it), then English, which more Swedish speakers
 * read than the other way round. */
static const Lang FALLBACK[LANG_COUNT] = {LANG_FI, LANG_EN, LANG_SV};

const char *lang_code(Lang lang)
{
    assert((int)lang >= 0 && (int)lang < LANG_COUNT);
    return ((int)lang >= 0 && (int)lang < LANG_COUNT) ? LANG_CODES[lang] : LANG_CODES[LANG_FI];
}

int lang_from_code(const char *code, Lang *out)
{
    if (!code) return -1;
    for (int i = 0; i < LANG_COUNT; i++) {
        if (strcasecmp(code, LANG_CODES[i]) == 0) {
            *out = (Lang)i;
            return 0;
        }
    }
    return -1;
}

static int has_text(const char *s)
{
    return s && s[0];
}

const char *lang_pick(const char *const by_lang[LANG_COUNT], Lang lang)
{
    if ((unsigned)lang < LANG_COUNT && has_text(by_lang[lang])) return by_lang[lang];
    for (int i = 0; i < LANG_COUNT; i++)
        if (has_text(by_lang[FALLBACK[i]])) return by_lang[FALLBACK[i]];
    return "";
}
