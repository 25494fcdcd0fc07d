/*
 * fuzz_html.c: the HTML-to-text filter of the detail screen (text_from_html, kiosk/text.c).
 * The input's first byte picks the output buffer's size (0 = as big as the input, as the detail
 * view gives it; else 1..255 bytes); the rest, up to its first NUL, is the HTML. Properties: the
 * output is NUL-terminated inside the buffer, and valid UTF-8 whenever the input is.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* True when S is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static bool utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        int more = c < 0x80             ? 0
                   : (c & 0xE0) == 0xC0 ? 1
                   : (c & 0xF0) == 0xE0 ? 2
                   : (c & 0xF8) == 0xF0 ? 3
                                        : -1;
        if (more < 0 || (more == 1 && c < 0xC2) || c > 0xF4) return false;
        uint32_t cp = more == 0 ? c : c & (0x3F >> more);
        for (int i = 1; i <= more; i++) {
            if ((s[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        s += more + 1;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t len = strnlen((const char *)data + 1, size - 1);
    char *in = malloc(len + 1);
    if (!in) return 0;
    memcpy(in, data + 1, len);
    in[len] = '\0';
    size_t cap = data[0] ? data[0] : len + 1;
    char *out = malloc(cap);
    if (!out) {
        free(in);
        return 0;
    }
    if (text_from_html(in, out, cap) != out) abort();
    if (strnlen(out, cap) >= cap) {
        fprintf(stderr, "text_from_html: output not terminated within %zu bytes\n", cap);
        abort();
    }
    if (utf8_ok((const unsigned char *)in) && !utf8_ok((const unsigned char *)out)) {
        fprintf(stderr, "text_from_html: valid UTF-8 in, invalid out: \"%s\"\n", out);
        abort();
    }
    free(out);
    free(in);
    return 0;
}
