/*
 * i18n.h: the translation catalogue (language codes and fallback are in sync/common/lang.h).
 *
 * Every string the kiosk shows comes from the catalogue in i18n.c, where each key carries its
 * Finnish, Swedish and English text side by side so a translator sees all three at once. Keys are
 * dotted ASCII ("list.filter.today"). Format strings take at most one %d or %s, in the same order
 * in every language (tests/test_i18n.c checks this).
 */
#ifndef AUKIO_I18N_H
#define AUKIO_I18N_H

#include <stddef.h>

#include "lang.h"

/* The language's own name, exactly "Suomi", "Svenska", "English". */
const char *i18n_lang_name(Lang lang);

/* The text for KEY in LANG. A key missing from the catalogue returns the key itself, so a
 * forgotten string is visible on screen rather than blank. Never NULL; static storage. */
const char *tr(Lang lang, const char *key);

/* Plural form: looks up "KEY.one" when n == 1, otherwise "KEY.other". */
const char *tr_plural(Lang lang, const char *key, long n);

/* N written as LANG writes a count, into BUF (LEN bytes; returns BUF): Finnish and Swedish group
 * numbers of five digits or more by threes with a no-break space ("10 000"), English numbers of
 * four or more with commas ("1,000"). */
const char *i18n_number(Lang lang, long n, char *buf, size_t len);

/* Catalogue introspection for tests: number of keys and the key / text at index i. */
int i18n_count(void);
const char *i18n_key_at(int i);
const char *i18n_text_at(int i, Lang lang);

#endif
