/*
 * text.h: turning event texts into something a screen can show.
 */
#ifndef AUKIO_TEXT_H
#define AUKIO_TEXT_H

#include <stddef.h>

/*
 * Linked Events descriptions are HTML fragments ("<p>…</p><p>…<br>…"). This writes the visible
 * text of IN into OUT (N bytes, always NUL-terminated, cut at a UTF-8 boundary), read by
 * libxml2's HTML parser: paragraphs (and headings, lists, tables) become blank lines, <br> and
 * list items new lines, links and other inline tags leave their text, <script> and <style>
 * vanish with their content, and every entity of HTML is decoded. Plain text (no '<') keeps its
 * line breaks, collapsing runs of blank lines. Returns OUT. Nothing is executed or fetched.
 */
char *text_from_html(const char *in, char *out, size_t n);

#endif
