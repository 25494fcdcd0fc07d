/*
 * osk.c: on-screen keyboard layouts and the key state machine.
 *
 * The layouts are data: rows of keys with widths in "normal key" units. Every row of a page adds
 * up to the same total (11 units for the text pages, 3 for the number pads; tests/test_osk.c
 * checks it), so the view can scale a row to the keyboard's width and keys line up in columns.
 * No key is narrower than 1.0: the view sizes 1.0 to at least the 48 dp touch target.
 */
#include "osk.h"

#include <assert.h>
#include <string.h>

/* ---- Layouts ----------------------------------------------------------------------------- */

/* Key caps that are words are i18n keys ("osk.space"); the view translates labels that start
 * with "osk.". The enter key is labelled "osk.next"; the view shows "osk.done" instead on a
 * form's last field. */
/* clang-format off */
#define CH(t, w) {OSK_KEY_CHAR, t, NULL, w}
#define STR(t, w) {OSK_KEY_STRING, t, NULL, w}
#define BKSP(w) {OSK_KEY_BACKSPACE, NULL, "\xE2\x8C\xAB", w} /* ⌫ */
#define SHIFT(w) {OSK_KEY_SHIFT, NULL, "\xE2\x87\xA7", w}    /* ⇧ */
#define PAGE(l, w) {OSK_KEY_PAGE, NULL, l, w}
#define SPACE(w) {OSK_KEY_SPACE, " ", "osk.space", w}
#define ENTER(w) {OSK_KEY_ENTER, NULL, "osk.next", w}
#define HIDE(w) {OSK_KEY_HIDE, NULL, "osk.hide", w}

static const OskKey LET0[] = {
    CH("q", 1), CH("w", 1), CH("e", 1), CH("r", 1), CH("t", 1), CH("y", 1), CH("u", 1),
    CH("i", 1), CH("o", 1), CH("p", 1), CH("å", 1)};
static const OskKey LET1[] = {
    CH("a", 1), CH("s", 1), CH("d", 1), CH("f", 1), CH("g", 1), CH("h", 1), CH("j", 1),
    CH("k", 1), CH("l", 1), CH("ö", 1), CH("ä", 1)};
static const OskKey LET2[] = {
    SHIFT(2), CH("z", 1), CH("x", 1), CH("c", 1), CH("v", 1), CH("b", 1), CH("n", 1),
    CH("m", 1), BKSP(2)};
static const OskKey LET3_TEXT[] = {
    PAGE("123", 1.5f), CH(",", 1), SPACE(4), CH(".", 1), ENTER(2), HIDE(1.5f)};
/* Email addresses have no spaces, so the space bar gives its room to the domain helpers; it
 * stays because people do type "etu suku@..." and then see the error. */
static const OskKey LET3_EMAIL[] = {
    PAGE("123", 1.5f), CH("@", 1), SPACE(1.5f), STR(".fi", 1.5f), STR(".com", 1.5f),
    CH(".", 1), ENTER(1.5f), HIDE(1.5f)};

static const OskKey SYM0[] = {
    CH("1", 1.1f), CH("2", 1.1f), CH("3", 1.1f), CH("4", 1.1f), CH("5", 1.1f),
    CH("6", 1.1f), CH("7", 1.1f), CH("8", 1.1f), CH("9", 1.1f), CH("0", 1.1f)};
static const OskKey SYM1[] = {
    CH("-", 1.1f), CH("/", 1.1f), CH(":", 1.1f), CH(";", 1.1f), CH("(", 1.1f),
    CH(")", 1.1f), CH("€", 1.1f), CH("&", 1.1f), CH("@", 1.1f), CH("\"", 1.1f)};
static const OskKey SYM2[] = {
    CH("_", 1), CH("+", 1), CH(".", 1), CH(",", 1), CH("?", 1), CH("!", 1), CH("'", 1),
    CH("#", 1), CH("%", 1), BKSP(2)};
static const OskKey SYM3[] = {
    PAGE("ABC", 2), SPACE(5.5f), ENTER(2), HIDE(1.5f)};

static const OskKey PAD0[] = {CH("1", 1), CH("2", 1), CH("3", 1)};
static const OskKey PAD1[] = {CH("4", 1), CH("5", 1), CH("6", 1)};
static const OskKey PAD2[] = {CH("7", 1), CH("8", 1), CH("9", 1)};
static const OskKey PAD3_PHONE[] = {CH("+", 1), CH("0", 1), BKSP(1)};
static const OskKey PAD4_PHONE[] = {SPACE(1), ENTER(2)};
static const OskKey PAD3_NUMBER[] = {CH("0", 2), BKSP(1)};
static const OskKey PAD4_NUMBER[] = {ENTER(3)};
/* clang-format on */

typedef struct {
    const OskKey *keys;
    int n;
} Row;

typedef struct {
    int n_rows;
    Row rows[OSK_MAX_ROWS];
} Layout;

/* clang-format off */
#define ROW(a) {a, (int)(sizeof(a) / sizeof(a[0]))}
/* clang-format on */

static const Layout TEXT_LETTERS = {4, {ROW(LET0), ROW(LET1), ROW(LET2), ROW(LET3_TEXT)}};
static const Layout EMAIL_LETTERS = {4, {ROW(LET0), ROW(LET1), ROW(LET2), ROW(LET3_EMAIL)}};
static const Layout SYMBOLS = {4, {ROW(SYM0), ROW(SYM1), ROW(SYM2), ROW(SYM3)}};
static const Layout PHONE_PAD = {
    5, {ROW(PAD0), ROW(PAD1), ROW(PAD2), ROW(PAD3_PHONE), ROW(PAD4_PHONE)}};
static const Layout NUMBER_PAD = {
    5, {ROW(PAD0), ROW(PAD1), ROW(PAD2), ROW(PAD3_NUMBER), ROW(PAD4_NUMBER)}};

static const Layout *layout(const Osk *k)
{
    switch (k->mode) {
    case OSK_MODE_PHONE:
        return &PHONE_PAD;
    case OSK_MODE_NUMBER:
        return &NUMBER_PAD;
    case OSK_MODE_EMAIL:
        return k->page == OSK_PAGE_SYMBOLS ? &SYMBOLS : &EMAIL_LETTERS;
    case OSK_MODE_TEXT:
    default:
        return k->page == OSK_PAGE_SYMBOLS ? &SYMBOLS : &TEXT_LETTERS;
    }
}

/* ---- UTF-8 ------------------------------------------------------------------------------- */

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

size_t utf8_backspace(const char *s)
{
    size_t len = strlen(s);
    while (len > 0 && ((unsigned char)s[len - 1] & 0xC0) == 0x80)
        len--;
    return len > 0 ? len - 1 : 0;
}

/* Length of the well-formed UTF-8 sequence at S (1-4), or 0 if it is malformed: a stray
 * continuation byte, a truncated sequence, an overlong form, a surrogate or > U+10FFFF. Typed
 * text ends up in the database and on other screens, so bad bytes stop here. */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

/* Lower/upper pairs beyond ASCII that the keyboard and the Finnish national languages need;
 * each pair has the same encoded length. */
static const struct {
    const char *lower, *upper;
} CASE_PAIRS[] = {
    {"å", "Å"}, {"ä", "Ä"}, {"ö", "Ö"}, {"é", "É"}, {"ü", "Ü"}, {"á", "Á"},
    {"č", "Č"}, {"đ", "Đ"}, {"ŋ", "Ŋ"}, {"š", "Š"}, {"ŧ", "Ŧ"}, {"ž", "Ž"},
};

const char *utf8_upper(const char *s, char *buf, size_t n)
{
    if (n == 0) return buf;
    size_t o = 0;
    while (*s) {
        /* Copy one code point (or one stray byte) at a time so truncation never splits one. */
        size_t len = 1;
        while (s[len] && ((unsigned char)s[len] & 0xC0) == 0x80)
            len++;
        const char *out = s;
        char ascii;
        if (len == 1 && *s >= 'a' && *s <= 'z') {
            ascii = (char)(*s - 'a' + 'A');
            out = &ascii;
        } else {
            for (size_t i = 0; i < sizeof CASE_PAIRS / sizeof CASE_PAIRS[0]; i++) {
                if (strlen(CASE_PAIRS[i].lower) == len &&
                    memcmp(s, CASE_PAIRS[i].lower, len) == 0) {
                    out = CASE_PAIRS[i].upper;
                    break;
                }
            }
        }
        if (o + len + 1 > n) break;
        memcpy(buf + o, out, len);
        o += len;
        s += len;
    }
    buf[o] = '\0';
    return buf;
}

/* ---- State machine ----------------------------------------------------------------------- */

void osk_init(Osk *k, OskMode mode)
{
    memset(k, 0, sizeof *k);
    k->mode = mode;
    k->page = OSK_PAGE_LETTERS;
    /* Names start with a capital; an email address must not. */
    k->shift = mode == OSK_MODE_TEXT;
    k->caps = false;
}

int osk_row_count(const Osk *k)
{
    return layout(k)->n_rows;
}

const OskKey *osk_row(const Osk *k, int r, int *n)
{
    const Layout *l = layout(k);
    assert(r >= 0 && r < l->n_rows);
    if (r < 0 || r >= l->n_rows) {
        *n = 0;
        return NULL;
    }
    *n = l->rows[r].n;
    return l->rows[r].keys;
}

static bool shifted(const Osk *k, const OskKey *key)
{
    return key->kind == OSK_KEY_CHAR && k->page == OSK_PAGE_LETTERS && (k->shift || k->caps);
}

const char *osk_key_cap(const Osk *k, const OskKey *key, char *buf, size_t n)
{
    if (n == 0) return buf;
    const char *src = key->label ? key->label : key->text ? key->text : "";
    if (!key->label && shifted(k, key)) return utf8_upper(src, buf, n);
    /* Plain copy, cut on a code point boundary. */
    size_t len = strlen(src);
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(buf, src, len);
    buf[len] = '\0';
    return buf;
}

/* Appends S to TEXT within both limits, all or nothing. */
static OskResult insert(const char *s, char *text, size_t cap, size_t max_chars)
{
    size_t add = strlen(s);
    if (add == 0) return OSK_UNCHANGED;
    size_t have = strlen(text);
    if (have + add + 1 > cap || utf8_length(text) + utf8_length(s) > max_chars) return OSK_FULL;
    memcpy(text + have, s, add + 1);
    return OSK_EDITED;
}

OskResult osk_press(Osk *k, const OskKey *key, char *text, size_t cap, size_t max_chars)
{
    char up[16];
    OskResult r;
    switch (key->kind) {
    case OSK_KEY_CHAR:
        if (!key->text) return OSK_UNCHANGED;
        r = insert(shifted(k, key) ? utf8_upper(key->text, up, sizeof up) : key->text, text, cap,
                   max_chars);
        /* One-shot shift is spent only by a letter actually typed; OSK_FULL keeps it. */
        if (r == OSK_EDITED && k->page == OSK_PAGE_LETTERS) k->shift = false;
        return r;
    case OSK_KEY_STRING:
    case OSK_KEY_SPACE:
        return key->text ? insert(key->text, text, cap, max_chars) : OSK_UNCHANGED;
    case OSK_KEY_BACKSPACE:
        if (!text[0]) return OSK_UNCHANGED;
        text[utf8_backspace(text)] = '\0';
        return OSK_EDITED;
    case OSK_KEY_SHIFT:
        /* Without timing, "pressed twice" is the cycle off -> shift -> caps lock -> off. A text
         * field starts at shift, so one press there gives caps lock and a second turns it off. */
        if (k->caps) {
            k->caps = false;
            k->shift = false;
        } else if (k->shift) {
            k->caps = true;
            k->shift = false;
        } else {
            k->shift = true;
        }
        return OSK_UNCHANGED;
    case OSK_KEY_PAGE:
        if (k->mode == OSK_MODE_TEXT || k->mode == OSK_MODE_EMAIL)
            k->page = k->page == OSK_PAGE_LETTERS ? OSK_PAGE_SYMBOLS : OSK_PAGE_LETTERS;
        return OSK_UNCHANGED;
    case OSK_KEY_ENTER:
        return OSK_ENTER;
    case OSK_KEY_HIDE:
        return OSK_HIDE;
    }
    return OSK_UNCHANGED;
}

static bool on_pad(OskMode mode, unsigned cp)
{
    if (cp >= '0' && cp <= '9') return true;
    return mode == OSK_MODE_PHONE && (cp == '+' || cp == ' ');
}

OskResult osk_insert_text(const Osk *k, const char *utf8, char *text, size_t cap, size_t max_chars)
{
    bool pad = k->mode == OSK_MODE_PHONE || k->mode == OSK_MODE_NUMBER;
    /* Check the whole input first: a paste with one bad character is refused as a whole,
     * like one that does not fit. Control characters (tab, newline) never belong in a field. */
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) {
        unsigned cp;
        size_t len = utf8_seq(p, &cp);
        if (len == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return OSK_UNCHANGED;
        if (pad && !on_pad(k->mode, cp)) return OSK_UNCHANGED;
        p += len;
    }
    return insert(utf8, text, cap, max_chars);
}
