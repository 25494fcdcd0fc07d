/*
 * i18n_internal.h: the catalogue's entries, shared by i18n.c and i18n_staff.c only.
 */
#ifndef AUKIO_I18N_INTERNAL_H
#define AUKIO_I18N_INTERNAL_H

#include "lang.h"

typedef struct {
    const char *key;
    const char *text[LANG_COUNT]; /* indexed by Lang: fi, sv, en */
} I18nEntry;

/* The catalogue from the key "staff." on (i18n_staff.c): it goes on, in strcmp order, where
 * i18n.c's table ends. */
extern const I18nEntry i18n_staff[];
extern const int i18n_staff_count;

#endif
