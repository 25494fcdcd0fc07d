/*
 * store_venue.c: the kiosk's venue as staff set it (schema v9, table kiosk_venue).
 */
#include "store_venue.h"

#include <string.h>

#include "store_internal.h"
#include "util.h"

AukioRc store_venue_get(Store *s, StoreVenue *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT venue, show_all, language FROM kiosk_venue WHERE id = 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "reading the kiosk's venue");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->set = true;
        str_copy(out->venue, sizeof out->venue, sdb_text(st, 0));
        out->show_all = sqlite3_column_int(st, 1) != 0;
        str_copy(out->language, sizeof out->language, sdb_text(st, 2));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "reading the kiosk's venue");
    return AUKIO_OK;
}

AukioRc store_venue_set(Store *s, const StoreVenue *v, char *err, size_t errlen)
{
    size_t len = strlen(v->venue);
    if (len == 0 || len >= sizeof v->venue) {
        err_set(err, errlen, "a venue is 1 to %zu bytes", sizeof v->venue - 1);
        return AUKIO_ERR_INVALID;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)v->venue[i] < 0x20 || v->venue[i] == 0x7f) {
            err_set(err, errlen, "the venue has a control character at byte %zu", i + 1);
            return AUKIO_ERR_INVALID;
        }
    const char *l = v->language;
    if (l[0] && strcmp(l, "fi") != 0 && strcmp(l, "sv") != 0 && strcmp(l, "en") != 0) {
        err_set(err, errlen, "the language is fi, sv or en, not '%.8s'", l);
        return AUKIO_ERR_INVALID;
    }
    if (sdb_bound(s,
                  "INSERT INTO kiosk_venue (id, venue, show_all, language) VALUES (1, ?1, ?4, ?2)"
                  " ON CONFLICT(id) DO UPDATE SET venue = excluded.venue,"
                  " show_all = excluded.show_all, language = excluded.language",
                  v->venue, l, NULL, v->show_all ? 1 : 0, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "saving the kiosk's venue");
    return AUKIO_OK;
}

AukioRc store_venue_clear(Store *s, char *err, size_t errlen)
{
    if (sdb_bound(s, "DELETE FROM kiosk_venue", NULL, NULL, NULL, 0, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "forgetting the kiosk's venue");
    return AUKIO_OK;
}
