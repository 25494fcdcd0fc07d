/*
 * text.c: HTML fragments to display text, through libxml2's HTML parser (entities, broken markup,
 * quoted '>' and script/style content are the parser's business, never ours). libxml2 is opened
 * at the first description (lazylib.h): with ICU behind it, it is the largest library the UI
 * process used to load before its first frame.
 */
#include "text.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <stdio.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "lazylib.h"

#define XML_FUNCS(X) X(htmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlStrcasecmp)

typedef struct {
    XML_FUNCS(LAZYLIB_MEMBER)
} XmlApi;

static const char *const xml_names[] = {XML_FUNCS(LAZYLIB_NAME)};
static XmlApi xml;
static bool xml_loaded;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_load(void)
{
    char err[256];
    xml_loaded = lazylib_open(AUKIO_XML2_SONAME, xml_names, LAZYLIB_COUNT(xml_names), &xml, err,
                              sizeof err) == 0;
    if (!xml_loaded) fprintf(stderr, "aukio: descriptions are not shown: %s\n", err);
}

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

/* Writes the text of node N's content; HTML collapses white space, plain text keeps its lines. */
static void put_text(Out *o, const char *p, bool html)
{
    while (*p) {
        if (html && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
            /* In HTML any run of white space is one space, and none starts a line. */
            if (o->len && o->out[o->len - 1] != ' ' && o->out[o->len - 1] != '\n') put(o, " ", 1);
            p++;
        } else if (*p == '\n' || *p == '\r') {
            /* Plain text: a line break is a line, two are a blank line. */
            newline(o, *p == '\n' && p[1] == '\n' ? 2 : 1);
            if (p[1] == '\n') p++;
            p++;
        } else if ((unsigned char)*p == 0xC2 && (unsigned char)p[1] == 0xA0) {
            put(o, " ", 1); /* &nbsp; */
            p += 2;
        } else {
            size_t len = 1;
            while ((p[len] & 0xC0) == 0x80)
                len++;
            put(o, p, len);
            p += len;
        }
    }
}

static bool is(const xmlNode *n, const char *name)
{
    return xml.xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

/* The breaks an element makes around itself: 2 a paragraph, 1 a line, 0 none. */
static int breaks(const xmlNode *n)
{
    static const char *const para[] = {"p",  "div", "ul", "ol", "table",      "h1",      "h2",
                                       "h3", "h4",  "h5", "h6", "blockquote", "section", "article"};
    static const char *const line[] = {"br", "li", "tr", "dt", "dd"};
    for (size_t i = 0; i < sizeof para / sizeof para[0]; i++)
        if (is(n, para[i])) return 2;
    for (size_t i = 0; i < sizeof line / sizeof line[0]; i++)
        if (is(n, line[i])) return 1;
    return 0;
}

static void walk(Out *o, const xmlNode *n, bool html, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) put_text(o, (const char *)n->content, html);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE) continue;
        /* What a browser does not show is not shown. */
        if (is(n, "script") || is(n, "style") || is(n, "head") || is(n, "title") ||
            is(n, "template") || is(n, "noscript"))
            continue;
        int b = breaks(n);
        if (b) newline(o, b);
        if (is(n, "li")) put(o, "\xE2\x80\xA2 ", 4);
        /* libxml2 limits its own tree's depth; this keeps the walk's stack as small. */
        if (depth < 256) walk(o, n->children, html, depth + 1);
        if (b == 2) newline(o, 2);
    }
}

char *text_from_html(const char *in, char *out, size_t n)
{
    Out o = {out, n, 0};
    if (n == 0) return out;
    out[0] = '\0';
    const char *p = in ? in : "";
    size_t len = strlen(p);
    if (len == 0) return out;
    /* Plain text is read by the parser too (for its entities), but keeps its line breaks. */
    bool html = strchr(p, '<') != NULL;
    if (len > INT_MAX) len = INT_MAX;
    pthread_once(&xml_once, xml_load);
    if (!xml_loaded) return out;
    htmlDocPtr doc = xml.htmlReadMemory(p, (int)len, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                            HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc) walk(&o, xml.xmlDocGetRootElement(doc), html, 0);
    xml.xmlFreeDoc(doc);
    /* No trailing blank lines. */
    while (o.len && (out[o.len - 1] == '\n' || out[o.len - 1] == ' '))
        out[--o.len] = '\0';
    return out;
}
