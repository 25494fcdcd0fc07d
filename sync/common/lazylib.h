/*
 * lazylib.h: a shared library opened at its first use instead of at the program's start.
 *
 * The kiosk's UI process draws its first frame before it needs iCalendar, libxml2's HTML parser
 * or speech; linked normally, those libraries (and ICU and libstdc++ behind libical and libxml2)
 * are mapped, relocated and initialised before main, and stay resident: 3.7 MiB and 4 ms of a
 * bare SDL program's 21 MiB and 28 ms (README, "Start and the floor"). A module that uses one
 * lists the functions it calls in a struct of pointers typed from the library's own header
 * (`__typeof__(&fn)`, so a changed prototype fails to compile), and fills it once:
 *
 *   #define XML_FUNCS(X) X(htmlReadMemory) X(xmlFreeDoc)
 *   typedef struct { XML_FUNCS(LAZYLIB_MEMBER) } XmlApi;
 *   static const char *const xml_names[] = {XML_FUNCS(LAZYLIB_NAME)};
 *   ... lazylib_open(AUKIO_XML2_SONAME, xml_names, LAZYLIB_COUNT(xml_names), &api, ...)
 *
 * The sonames come from the build (CMakeLists.txt: the library the headers belong to).
 */
#ifndef AUKIO_LAZYLIB_H
#define AUKIO_LAZYLIB_H

#include <stddef.h>

#define LAZYLIB_MEMBER(fn) __typeof__(&fn) fn;
#define LAZYLIB_NAME(fn) #fn,
#define LAZYLIB_COUNT(names) (sizeof(names) / sizeof((names)[0]))

/* Opens SONAME (once per process: a second call finds it loaded) and resolves the N functions
 * NAMES into API, a struct of exactly N function pointers in the same order. Returns 0, or -1
 * with ERR saying which library or function is missing (API is then left zeroed). The library
 * is never closed. Thread-safe, but each caller keeps its own once-guard for API. */
int lazylib_open(const char *soname, const char *const *names, size_t n, void *api, char *err,
                 size_t errlen);

#endif
