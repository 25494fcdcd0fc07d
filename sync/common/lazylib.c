/*
 * lazylib.c: dlopen and dlsym for lazylib.h.
 */
#include "lazylib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int lazylib_open(const char *soname, const char *const *names, size_t n, void *api, char *err,
                 size_t errlen)
{
    typedef void (*Fn)(void);
    Fn *slots = api;
    memset(slots, 0, n * sizeof *slots);
    /* RTLD_LOCAL: its symbols serve only the pointers below, never another library's lookups. */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(err, errlen, "%s: %s", soname, why ? why : "cannot be loaded");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        void *sym = dlsym(lib, names[i]);
        if (!sym) {
            snprintf(err, errlen, "%s: has no %s", soname, names[i]);
            memset(slots, 0, n * sizeof *slots);
            return -1;
        }
        /* POSIX guarantees a function's address survives the round trip through void *. */
        memcpy(&slots[i], &sym, sizeof sym);
    }
    return 0;
}
