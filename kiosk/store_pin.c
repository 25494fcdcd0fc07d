/*
 * store_pin.c: the staff PIN's row (schema v8, table staff_pin): its Argon2id hash, the wrong
 * tries in a row and when the pad opens again. One row at most (id = 1).
 */
#include "store_internal.h"

#include <sodium.h>

#include "staff_pin.h"

int store_pin_state(Store *s, StaffPinState *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT hash, fails, locked_until FROM staff_pin WHERE id = 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sdb_fail(s, err, errlen, "reading the staff PIN");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->set = true;
        str_copy(out->hash, sizeof out->hash, sdb_text(st, 0));
        out->fails = sqlite3_column_int(st, 1);
        out->locked_until_ms = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "reading the staff PIN");
    return 0;
}

int store_pin_set(Store *s, const char *pin, char *err, size_t errlen)
{
    char hash[STAFF_PIN_HASH_MAX];
    if (!staff_pin_valid(pin)) return err_set(err, errlen, "a PIN is 4 to 8 digits");
    if (staff_pin_hash(pin, hash, err, errlen) != 0) return -1;
    int rc = sdb_bound(s,
                       "INSERT INTO staff_pin (id, hash, fails, locked_until) VALUES (1, ?1, 0, 0)"
                       " ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, fails = 0,"
                       " locked_until = 0",
                       hash, NULL, NULL, 0, 0);
    sodium_memzero(hash, sizeof hash);
    if (rc != SQLITE_DONE) return sdb_fail(s, err, errlen, "saving the staff PIN");
    return 0;
}

/* Records the outcome of a try: FAILS wrong in a row, locked until LOCKED_UNTIL. */
static int record(Store *s, int fails, int64_t locked_until, char *err, size_t errlen)
{
    if (sdb_bound(s, "UPDATE staff_pin SET fails = ?4, locked_until = ?5 WHERE id = 1", NULL, NULL,
                  NULL, fails, locked_until) != SQLITE_DONE)
        return sdb_fail(s, err, errlen, "counting a PIN try");
    return 0;
}

int staff_pin_try(Store *s, const char *pin, int64_t now_ms, int64_t *locked_until, int *fails,
                  char *err, size_t errlen)
{
    StaffPinState st;
    *locked_until = 0;
    *fails = 0;
    if (store_pin_state(s, &st, err, errlen) != 0) return -1;
    if (!st.set) return STAFF_PIN_NONE;
    *fails = st.fails;
    /* A clock set back must not lock the pad for longer than the delay itself: the lock is
     * brought back to end one delay from now, and kept so. */
    int64_t longest = now_ms + staff_pin_lock_ms(st.fails);
    if (st.locked_until_ms > longest) {
        st.locked_until_ms = longest;
        if (record(s, st.fails, longest, err, errlen) != 0) return -1;
    }
    if (st.locked_until_ms > now_ms) {
        *locked_until = st.locked_until_ms;
        return STAFF_PIN_LOCKED;
    }
    bool right = staff_pin_valid(pin) && staff_pin_matches(st.hash, pin);
    sodium_memzero(st.hash, sizeof st.hash);
    if (right) {
        if (st.fails != 0 && record(s, 0, 0, err, errlen) != 0) return -1;
        *fails = 0;
        return STAFF_PIN_OK;
    }
    int n = st.fails + 1;
    int64_t lock = staff_pin_lock_ms(n);
    int64_t until = lock > 0 ? now_ms + lock : 0;
    if (record(s, n, until, err, errlen) != 0) return -1;
    *fails = n;
    *locked_until = until;
    return STAFF_PIN_WRONG;
}
