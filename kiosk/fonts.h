/*
 * fonts.h: where the kiosk's fonts (Noto Sans, regular and bold) are found (issue 14). No path
 * of the build machine is compiled in: the places are tried in this order and the first that
 * holds both files is taken:
 *   1. $AUKIO_FONTS, when set;
 *   2. Debian's fonts-noto-core, /usr/share/fonts/truetype/noto (what the package depends on);
 *   3. the source tree's fonts/, found from the running program (build/aukio -> ../fonts), for
 *      a kiosk run from a checkout.
 */
#ifndef AUKIO_FONTS_H
#define AUKIO_FONTS_H

#include <stddef.h>

#include "result.h"

#define FONTS_DEBIAN_DIR "/usr/share/fonts/truetype/noto"

/* The folder holding NotoSans-Regular.ttf and NotoSans-Bold.ttf into OUT. AUKIO_ERR when none
 * does, with ERR naming every place tried and what to install. */
AukioRc fonts_find(char *out, size_t n, char *err, size_t errlen) AUKIO_MUST_CHECK;

#endif
