/*
 * ical_api.c: libical opened at its first use (ical_api.h).
 */
#include "ical_api.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

static const char *const names[] = {ICAL_API_FUNCS(LAZYLIB_NAME)};
static IcalApi api;
static bool loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    _Static_assert(sizeof api == LAZYLIB_COUNT(names) * sizeof(void (*)(void)),
                   "IcalApi is its names' pointers");
    char err[256];
    loaded =
        lazylib_open(AUKIO_ICAL_SONAME, names, LAZYLIB_COUNT(names), &api, err, sizeof err) == 0;
    if (!loaded) fprintf(stderr, "aukio: iCalendar: %s\n", err);
}

const IcalApi *ical_api(void)
{
    pthread_once(&once, load);
    return loaded ? &api : NULL;
}
