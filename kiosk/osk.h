/*
 * osk.h: the on-screen keyboard as data tables and a pure state machine (no SDL, no drawing).
 *
 * Layouts are rows of keys with relative widths (1.0 = one normal key). The letters page is the
 * Finnish/Swedish QWERTY with å ä ö; a symbols page has digits and punctuation; email fields add
 * "@", ".fi", ".com" helpers; phone fields get a number pad (0-9, +, space, backspace). The view
 * lays the rows out; osk_press applies a key to a text buffer.
 */
#ifndef AUKIO_OSK_H
#define AUKIO_OSK_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { OSK_MODE_TEXT = 0, OSK_MODE_EMAIL, OSK_MODE_PHONE, OSK_MODE_NUMBER } OskMode;
typedef enum { OSK_PAGE_LETTERS = 0, OSK_PAGE_SYMBOLS } OskPage;

typedef enum {
    OSK_KEY_CHAR = 0,  /* inserts .text (upper-cased by shift on the letters page) */
    OSK_KEY_STRING,    /* inserts .text as is (".fi", ".com") */
    OSK_KEY_BACKSPACE, /* deletes one UTF-8 code point */
    OSK_KEY_SHIFT,     /* one-shot shift; pressed twice = caps lock */
    OSK_KEY_PAGE,      /* toggles letters / symbols */
    OSK_KEY_SPACE,
    OSK_KEY_ENTER, /* "next field" / "done" */
    OSK_KEY_HIDE,  /* hides the keyboard */
} OskKeyKind;

typedef struct {
    OskKeyKind kind;
    const char *text; /* UTF-8 to insert (lower case for letters), or NULL */
    const char *label; /* what the key shows when it differs from text ("⌫", "123", "ABC"), or NULL;
                          labels that are words ("space", "next") are i18n keys starting "osk." */
    float width;       /* relative width */
} OskKey;

typedef struct {
    OskMode mode;
    OskPage page;
    bool shift; /* one-shot: cleared after the next character */
    bool caps;  /* caps lock */
} Osk;

#define OSK_MAX_ROWS 5
#define OSK_MAX_KEYS 13

/* Resets to the letters page (or the number pad for PHONE/NUMBER) for a field of MODE. TEXT
 * fields start with shift on, so a name starts with a capital letter. */
void osk_init(Osk *k, OskMode mode);

/* Number of rows in the current layout. */
int osk_row_count(const Osk *k);

/* Keys of row R (0 = top); *N gets the count. Static storage. */
const OskKey *osk_row(const Osk *k, int r, int *n);

/* What a key's cap shows right now: the label, or the text upper-cased when shift/caps is on.
 * Writes into BUF (UTF-8) and returns BUF. */
const char *osk_key_cap(const Osk *k, const OskKey *key, char *buf, size_t n);

typedef enum { OSK_EDITED = 0, OSK_UNCHANGED, OSK_FULL, OSK_ENTER, OSK_HIDE } OskResult;

/* Applies KEY to TEXT (NUL-terminated UTF-8, capacity CAP bytes including the NUL, at most
 * MAX_CHARS code points). Insertions that would exceed either limit leave TEXT unchanged and
 * return OSK_FULL. */
OskResult osk_press(Osk *k, const OskKey *key, char *text, size_t cap, size_t max_chars);

/* Inserts typed UTF-8 (from a physical keyboard or the test script) respecting the same limits;
 * for PHONE/NUMBER only characters on the pad are accepted. Returns OSK_EDITED, OSK_UNCHANGED or
 * OSK_FULL. */
OskResult osk_insert_text(const Osk *k, const char *utf8, char *text, size_t cap, size_t max_chars);

/* UTF-8 helpers: code points in S, and the byte length S would have after deleting its last
 * code point. */
size_t utf8_length(const char *s);
size_t utf8_backspace(const char *s);

/* Upper-cases one UTF-8 string for key caps (ASCII plus å ä ö é ü and the Sámi letters
 * á č đ ŋ š ŧ ž) into BUF. */
const char *utf8_upper(const char *s, char *buf, size_t n);

#endif
