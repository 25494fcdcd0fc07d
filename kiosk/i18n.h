/*
 * i18n.h: languages and the translation catalogue.
 *
 * Every string the kiosk shows comes from the catalogue in i18n.c, where each key carries its
 * Finnish, Swedish and English text side by side so a translator sees all three at once. Keys are
 * dotted ASCII ("list.filter.today"). Format strings take at most one %d or %s, in the same order
 * in every language (tests/test_i18n.c checks this).
 */
#ifndef AUKIO_I18N_H
#define AUKIO_I18N_H

#include <stddef.h>

typedef enum { LANG_FI, LANG_SV, LANG_EN, LANG_COUNT } Lang;

/* "fi", "sv" or "en". */
const char *i18n_lang_code(Lang lang);

/* The language's own name, exactly "Suomi", "Svenska", "English". */
const char *i18n_lang_name(Lang lang);

/* Parses "fi"/"sv"/"en" (case-insensitive). Returns 0 and sets *out, or -1 if unknown. */
int i18n_lang_from_code(const char *code, Lang *out);

/* The text for KEY in LANG. A key missing from the catalogue returns the key itself, so a
 * forgotten string is visible on screen rather than blank. Never NULL; static storage. */
const char *tr(Lang lang, const char *key);

/* Plural form: looks up "KEY.one" when n == 1, otherwise "KEY.other". */
const char *tr_plural(Lang lang, const char *key, long n);

/* Catalogue introspection for tests: number of keys and the key / text at index i. */
int i18n_count(void);
const char *i18n_key_at(int i);
const char *i18n_text_at(int i, Lang lang);

#endif
