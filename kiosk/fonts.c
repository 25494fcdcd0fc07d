/*
 * fonts.c: finding the kiosk's fonts (fonts.h).
 */
#include "fonts.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *const FILES[] = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"};

static bool has_fonts(const char *dir)
{
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        char p[PATH_MAX];
        int k = snprintf(p, sizeof p, "%s/%s", dir, FILES[i]);
        if (k < 0 || (size_t)k >= sizeof p || access(p, R_OK) != 0) return false;
    }
    return true;
}

/* The source tree's fonts/ as seen from the running program: its folder's parent (build/) or
 * its own folder. */
static int source_tree_dirs(char out[2][PATH_MAX])
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return 0;
    *slash = '\0';
    int a = snprintf(out[0], PATH_MAX, "%.4000s/../fonts", exe);
    int b = snprintf(out[1], PATH_MAX, "%.4000s/fonts", exe);
    return a > 0 && b > 0 ? 2 : 0;
}

AukioRc fonts_find(char *out, size_t n, char *err, size_t errlen)
{
    char tree[2][PATH_MAX];
    const char *tried[4];
    int k = 0;
    const char *env = getenv("AUKIO_FONTS");
    if (env && *env) tried[k++] = env;
    tried[k++] = FONTS_DEBIAN_DIR;
    int t = source_tree_dirs(tree);
    for (int i = 0; i < t; i++)
        tried[k++] = tree[i];
    for (int i = 0; i < k; i++) {
        if (has_fonts(tried[i])) {
            char real[PATH_MAX];
            str_copy(out, n, realpath(tried[i], real) ? real : tried[i]);
            return AUKIO_OK;
        }
    }
    char list[3 * PATH_MAX] = "";
    size_t used = 0;
    for (int i = 0; i < k && used < sizeof list; i++) {
        char shown[PATH_MAX];
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                         str_printable(tried[i], shown, sizeof shown));
        if (w < 0) break;
        used += (size_t)w;
    }
    err_set(err, errlen,
            "no fonts: %s and %s are in none of %s (install fonts-noto-core, or set AUKIO_FONTS "
            "to their folder)",
            FILES[0], FILES[1], list);
    return AUKIO_ERR;
}
