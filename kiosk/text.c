/*
 * text.c: HTML fragments to display text.
 */
#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest entity looked for, from '&' to ';' ("&#x10FFFF;" is 9, "&hellip;" 7). */
#define ENTITY_MAX 10

typedef struct {
    char *out;
    size_t n, len;
} Out;

static void put(Out *o, const char *s, size_t len)
{
    if (o->len + len + 1 > o->n) return; /* drop what does not fit, whole characters only */
    memcpy(o->out + o->len, s, len);
    o->len += len;
    o->out[o->len] = '\0';
}

/* Ends the current line so that WANT line breaks stand at the end (2 = a blank line), never at
 * the top, and never more than WANT in a row. */
static void newline(Out *o, int want)
{
    if (o->len == 0) return;
    while (o->len && o->out[o->len - 1] == ' ')
        o->out[--o->len] = '\0';
    /* Counting stops at WANT: a run of decoded "&#10;" before each <br> would make it
     * quadratic. */
    int have = 0;
    for (size_t i = o->len; i > 0 && o->out[i - 1] == '\n' && have < want; i--)
        have++;
    for (; have < want; have++)
        put(o, "\n", 1);
}

static void put_codepoint(Out *o, uint32_t cp)
{
    char b[4];
    size_t len;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
    if (cp < 0x80) {
        b[0] = (char)cp;
        len = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        len = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        len = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        len = 4;
    }
    put(o, b, len);
}

/* The tag name at P (after '<' and an optional '/'), lower-cased into NAME. */
static void tag_name(const char *p, char *name, size_t n)
{
    size_t i = 0;
    while (*p && i + 1 < n &&
           ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
        char c = *p++;
        name[i++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    name[i] = '\0';
}

char *text_from_html(const char *in, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n == 0) return out;
    out[0] = '\0';
    const char *p = in ? in : "";
    bool html = strchr(p, '<') != NULL;
    while (*p) {
        if (*p == '<') {
            const char *end = strchr(p, '>');
            if (!end) break; /* an unclosed tag: drop the rest */
            bool closing = p[1] == '/';
            char name[16];
            tag_name(p + 1 + closing, name, sizeof(name));
            if (strcmp(name, "br") == 0 || strcmp(name, "li") == 0 || strcmp(name, "tr") == 0)
                newline(&o, 1);
            else if (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 ||
                     strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 ||
                     (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]))
                newline(&o, 2);
            if (strcmp(name, "li") == 0 && !closing) put(&o, "\xE2\x80\xA2 ", 4);
            p = end + 1;
        } else if (*p == '&') {
            static const struct {
                const char *name;
                uint32_t cp;
            } ents[] = {{"amp", '&'},       {"lt", '<'},     {"gt", '>'},       {"quot", '"'},
                        {"apos", '\''},     {"nbsp", 0xA0},  {"ndash", 0x2013}, {"mdash", 0x2014},
                        {"hellip", 0x2026}, {"euro", 0x20AC}};
            /* An entity is at most 10 bytes to its ';'. Looking no further keeps the whole
             * conversion linear: strchr to the next ';' made 64 KiB of '&' quadratic. */
            const char *semi = NULL;
            for (size_t i = 1; i <= ENTITY_MAX && p[i]; i++)
                if (p[i] == ';') {
                    semi = p + i;
                    break;
                }
            uint32_t cp = 0;
            if (semi) {
                if (p[1] == '#') {
                    char *e;
                    unsigned long v = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &e, 16)
                                                                   : strtoul(p + 2, &e, 10);
                    if (e == semi) cp = (uint32_t)v;
                } else {
                    for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
                        if ((size_t)(semi - p - 1) == strlen(ents[i].name) &&
                            strncmp(p + 1, ents[i].name, strlen(ents[i].name)) == 0)
                            cp = ents[i].cp;
                }
            }
            if (cp) {
                put_codepoint(&o, cp == 0xA0 ? ' ' : cp);
                p = semi + 1;
            } else {
                put(&o, "&", 1);
                p++;
            }
        } else if (html && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
            /* In HTML any run of white space is one space, and none starts a line. */
            if (o.len && out[o.len - 1] != ' ' && out[o.len - 1] != '\n') put(&o, " ", 1);
            p++;
        } else if (*p == '\n' || *p == '\r') {
            /* Plain text: a line break is a line, two are a blank line. */
            newline(&o, *p == '\n' && p[1] == '\n' ? 2 : 1);
            if (p[1] == '\n') p++;
            p++;
        } else {
            size_t len = 1;
            while ((p[len] & 0xC0) == 0x80)
                len++;
            put(&o, p, len);
            p += len;
        }
    }
    /* No trailing blank lines. */
    while (o.len && (out[o.len - 1] == '\n' || out[o.len - 1] == ' '))
        out[--o.len] = '\0';
    return out;
}
