/*
 * store_venue.c: the kiosk's venue as staff set it (schema v9, table kiosk_venue) and its own
 * pop-up venue (v11, kiosk_popup_venue).
 */
#include "store_venue.h"

#include <string.h>

#include "store_internal.h"
#include "util.h"

/* The pop-up venue's row into OUT's names (and ID, STORE_VENUE_MAX bytes, when not NULL): 1 when
 * there is one, 0 when not, -1 on failure. */
static int popup_row(Store *s, StoreVenue *out, char *id, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT venue_id, name_fi, name_sv, name_en, note_fi, note_sv, note_en"
                           " FROM kiosk_popup_venue WHERE id = 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "reading the pop-up venue");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (id) str_copy(id, STORE_VENUE_MAX, sdb_text(st, 0));
        for (int l = 0; out && l < LANG_COUNT; l++) {
            str_copy(out->name[l], sizeof out->name[l], sdb_text(st, 1 + l));
            str_copy(out->note[l], sizeof out->note[l], sdb_text(st, 4 + l));
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "reading the pop-up venue");
    return rc == SQLITE_ROW ? 1 : 0;
}

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
    if (out->set && strncmp(out->venue, STORE_VENUE_POPUP, strlen(STORE_VENUE_POPUP)) == 0) {
        char id[STORE_VENUE_MAX] = "";
        int got = popup_row(s, out, id, err, errlen);
        if (got < 0) return AUKIO_ERR;
        out->popup = got == 1 && strcmp(id, out->venue) == 0;
    }
    return AUKIO_OK;
}

/* Checks TEXT (WHAT names it): at most STORE_VENUE_MAX - 1 bytes, no control characters, and
 * not empty when REQUIRED. */
static AukioRc check_text(const char *text, const char *what, bool required, char *err,
                          size_t errlen)
{
    size_t len = strlen(text);
    if ((required && len == 0) || len >= STORE_VENUE_MAX) {
        err_set(err, errlen, "%s is %d to %d bytes", what, required ? 1 : 0, STORE_VENUE_MAX - 1);
        return AUKIO_ERR_INVALID;
    }
    size_t bad = str_control_at(text, len);
    if (bad < len) {
        err_set(err, errlen, "%s has a control character at byte %zu", what, bad + 1);
        return AUKIO_ERR_INVALID;
    }
    return AUKIO_OK;
}

static AukioRc check_language(const char *l, char *err, size_t errlen)
{
    if (l[0] && strcmp(l, "fi") != 0 && strcmp(l, "sv") != 0 && strcmp(l, "en") != 0) {
        err_set(err, errlen, "the language is fi, sv or en, not '%.8s'", l);
        return AUKIO_ERR_INVALID;
    }
    return AUKIO_OK;
}

/* The kiosk_venue row: VENUE, V's show_all and language. */
static int write_venue(Store *s, const char *venue, const StoreVenue *v)
{
    return sdb_bound(
        s,
        "INSERT INTO kiosk_venue (id, venue, show_all, language) VALUES (1, ?1, ?4, ?2)"
        " ON CONFLICT(id) DO UPDATE SET venue = excluded.venue,"
        " show_all = excluded.show_all, language = excluded.language",
        venue, v->language, NULL, v->show_all ? 1 : 0, 0);
}

AukioRc store_venue_set(Store *s, const StoreVenue *v, char *err, size_t errlen)
{
    AukioRc rc = check_text(v->venue, "a venue", true, err, errlen);
    if (rc == AUKIO_OK) rc = check_language(v->language, err, errlen);
    if (rc != AUKIO_OK) return rc;
    if (write_venue(s, v->venue, v) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "saving the kiosk's venue");
    return AUKIO_OK;
}

static AukioRc check_popup(const StoreVenue *v, char *err, size_t errlen)
{
    static const char *const NAME[LANG_COUNT] = {"the Finnish name", "the Swedish name",
                                                 "the English name"};
    static const char *const NOTE[LANG_COUNT] = {
        "the Finnish description", "the Swedish description", "the English description"};
    bool named = false;
    for (int l = 0; l < LANG_COUNT; l++) {
        AukioRc rc = check_text(v->name[l], NAME[l], false, err, errlen);
        if (rc == AUKIO_OK) rc = check_text(v->note[l], NOTE[l], false, err, errlen);
        if (rc != AUKIO_OK) return rc;
        if (v->name[l][0]) named = true;
    }
    if (!named) {
        err_set(err, errlen, "a pop-up venue needs a name in at least one language");
        return AUKIO_ERR_INVALID;
    }
    return check_language(v->language, err, errlen);
}

AukioRc store_venue_set_popup(Store *s, const StoreVenue *v, char *id_out, char *err, size_t errlen)
{
    AukioRc rc = check_popup(v, err, errlen);
    if (rc != AUKIO_OK) return rc;
    if (sdb_begin(s, err, errlen)) return AUKIO_ERR;
    char id[STORE_VENUE_MAX] = "";
    sqlite3_stmt *st = NULL;
    int got = popup_row(s, NULL, id, err, errlen);
    if (got < 0) goto fail;
    if (got == 0) { /* the first pop-up venue: its id, for good */
        char uuid[RECORD_UUID_LEN + 1];
        sdb_uuid_v4(uuid);
        snprintf(id, sizeof id, "%s%s", STORE_VENUE_POPUP, uuid);
    }
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO kiosk_popup_venue (id, venue_id, name_fi, name_sv,"
                           " name_en, note_fi, note_sv, note_en) VALUES (1, ?1, ?2, ?3, ?4, ?5,"
                           " ?6, ?7) ON CONFLICT(id) DO UPDATE SET name_fi = excluded.name_fi,"
                           " name_sv = excluded.name_sv, name_en = excluded.name_en,"
                           " note_fi = excluded.note_fi, note_sv = excluded.note_sv,"
                           " note_en = excluded.note_en",
                           -1, &st, NULL) != SQLITE_OK) {
        sdb_fail(s, err, errlen, "saving the pop-up venue");
        goto fail;
    }
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    for (int l = 0; l < LANG_COUNT; l++) {
        sqlite3_bind_text(st, 2 + l, v->name[l], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5 + l, v->note[l], -1, SQLITE_TRANSIENT);
    }
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "saving the pop-up venue");
        goto fail;
    }
    if (write_venue(s, id, v) != SQLITE_DONE) {
        sdb_fail(s, err, errlen, "saving the kiosk's venue");
        goto fail;
    }
    if (sdb_commit(s, err, errlen)) goto fail;
    if (id_out) str_copy(id_out, STORE_VENUE_MAX, id);
    return AUKIO_OK;
fail:
    sdb_rollback(s);
    return AUKIO_ERR;
}

AukioRc store_venue_clear(Store *s, char *err, size_t errlen)
{
    if (sdb_bound(s, "DELETE FROM kiosk_venue", NULL, NULL, NULL, 0, 0) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "forgetting the kiosk's venue");
    return AUKIO_OK;
}

/* Fills every empty text of BY_LANG from another language (lang_pick's order). */
static void fall_back(char (*by_lang)[STORE_VENUE_MAX]) /* LANG_COUNT of them */
{
    const char *src[LANG_COUNT];
    char copy[LANG_COUNT][STORE_VENUE_MAX];
    memcpy(copy, by_lang, sizeof copy);
    for (int l = 0; l < LANG_COUNT; l++)
        src[l] = copy[l];
    for (int l = 0; l < LANG_COUNT; l++)
        str_copy(by_lang[l], STORE_VENUE_MAX, lang_pick(src, (Lang)l));
}

/* A catalogue venue VENUE (an id, or a name in any language): its id and names from the first
 * event at it. */
static AukioRc catalogue_venue(Store *s, const char *venue, StoreVenuePlace *out, char *err,
                               size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT venue_id, venue_fi, venue_sv, venue_en FROM events"
                           " WHERE venue_id <> '' AND (venue_id = ?1 OR venue_fi = ?1 COLLATE"
                           " NOCASE OR venue_sv = ?1 COLLATE NOCASE OR venue_en = ?1 COLLATE"
                           " NOCASE) ORDER BY venue_id = ?1 DESC, start_time DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "looking the kiosk's venue up");
    sqlite3_bind_text(st, 1, venue, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        str_copy(out->id, sizeof out->id, sdb_text(st, 0));
        for (int l = 0; l < LANG_COUNT; l++)
            str_copy(out->name[l], sizeof out->name[l], sdb_text(st, 1 + l));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "looking the kiosk's venue up");
    if (rc == SQLITE_DONE)
        for (int l = 0; l < LANG_COUNT; l++) /* not in the catalogue: the name as given */
            str_copy(out->name[l], sizeof out->name[l], venue);
    return AUKIO_OK;
}

AukioRc store_venue_current(Store *s, const char *config_venue, StoreVenuePlace *out, char *err,
                            size_t errlen)
{
    memset(out, 0, sizeof *out);
    StoreVenue v;
    AukioRc rc = store_venue_get(s, &v, err, errlen);
    if (rc != AUKIO_OK) return rc;
    if (v.popup) {
        out->popup = true;
        str_copy(out->id, sizeof out->id, v.venue);
        memcpy(out->name, v.name, sizeof out->name);
        memcpy(out->note, v.note, sizeof out->note);
        fall_back(out->name);
        fall_back(out->note);
        return AUKIO_OK;
    }
    const char *venue = v.set ? v.venue : config_venue ? config_venue : "";
    if (!venue[0]) return AUKIO_OK;
    rc = catalogue_venue(s, venue, out, err, errlen);
    if (rc == AUKIO_OK) fall_back(out->name);
    return rc;
}
