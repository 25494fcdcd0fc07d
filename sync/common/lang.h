/*
 * lang.h: the languages Aukio speaks, their codes and the order texts fall back in.
 *
 * Shared by both ends: the event model stores a text per language, the kiosk shows them, the
 * hub receives the visitor's language with every record.
 */
#ifndef AUKIO_LANG_H
#define AUKIO_LANG_H

typedef enum { LANG_FI, LANG_SV, LANG_EN, LANG_COUNT } Lang;

/* "fi", "sv" or "en"; "fi" for an out-of-range value (asserted in debug builds). */
const char *lang_code(Lang lang);

/* Parses "fi"/"sv"/"en" (case-insensitive). Returns 0 and sets *out, or -1 if unknown. */
int lang_from_code(const char *code, Lang *out);

/* The text of BY_LANG (one string per language; NULL or "" where absent) for LANG, falling back
 * fi -> en -> sv when that language has none. "" when no language has one. Never NULL. */
const char *lang_pick(const char *const by_lang[LANG_COUNT], Lang lang);

#endif
