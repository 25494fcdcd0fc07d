/*
 * text.h: turning event texts into something a screen can show.
 */
#ifndef AUKIO_TEXT_H
#define AUKIO_TEXT_H

#include <stddef.h>

/*
 * Linked Events descriptions are HTML fragments ("<p>…</p><p>…<br>…"). This writes the visible
 * text of IN into OUT (N bytes, always NUL-terminated, cut at a UTF-8 boundary): paragraphs
 * become blank lines, <br> and list items new lines, other tags vanish, and the entities
 * &amp; &lt; &gt; &quot; &apos; &#39; &nbsp; and numeric ones (&#8211; &#x2013;) are decoded.
 * Plain text passes through unchanged except for collapsing runs of blank lines. Returns OUT.
 * This is a display filter for a trusted-format field, not an HTML parser: nothing is executed
 * or fetched, and malformed markup only ever loses characters.
 */
char *text_from_html(const char *in, char *out, size_t n);

#endif
