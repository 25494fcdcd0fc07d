/*
 * kiosk_pair.c: two headless kiosks, a paged one and a whole one, side by side (kiosk_pair.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/gen_events.h"
#include "gfx.h"
#include "kiosk_pair.h"
#include "script.h"
#include "store.h"
#include "util.h"

char g_dir[64], g_db[128];
/* The sides' screen: landscape, but for test_portrait. */
int g_screen_w = 1920, g_screen_h = 1080;

int setup_group(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/aukio-test-lazy-XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    char json[128], err[256];
    snprintf(json, sizeof json, "%s/events.json", g_dir);
    snprintf(g_db, sizeof g_db, "%s/kiosk.db", g_dir);
    GenStats gs = {0};
    if (gen_events_write(json, N_EVENTS, GEN_NOW, &gs) != 0) return -1;
    Store *s = NULL;
    int n = 0;
    if (store_open(&s, g_db, err, sizeof err) != 0) return -1;
    if (store_import_file(s, json, 0, &n, err, sizeof err) != 0 || n != N_EVENTS) return -1;
    store_close(s);
    unlink(json);
    /* Every seventh event staff-only: off the visitors' list, on staff mode's. */
    sqlite3 *db = NULL;
    if (sqlite3_open(g_db, &db) != SQLITE_OK ||
        sqlite3_exec(db, "UPDATE events SET staff_only = 1 WHERE rowid % 7 = 0", NULL, NULL,
                     NULL) != SQLITE_OK)
        return -1;
    sqlite3_close(db);
    return 0;
}

int teardown_group(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return getenv("KEEP") || system(cmd) == 0 ? 0 : -1;
}

/* A headless kiosk on the catalogue, as main.c starts one; LAZY as `aukio --headless`, else
 * with the whole list (AUKIO_WHOLE_LIST). */
void side_start(Side *s, bool lazy, const char *venue, bool show_all, const char *tag)
{
    char err[256];
    s->k = calloc(1, sizeof *s->k);
    assert_non_null(s->k);
    Kiosk *k = s->k;
    config_defaults(&k->cfg);
    assert_int_equal(store_open(&k->store, g_db, err, sizeof err), 0);
    k->gfx =
        gfx_new(GFX_HEADLESS, g_screen_w, g_screen_h, false, SOURCE_DIR "/fonts", err, sizeof err);
    assert_non_null(k->gfx);
    ui_init(&k->ui, gfx_measure, k->gfx);
    k->virtual_clock = true;
    k->clock_ms = (int64_t)CLOCK_S * 1000;
    k->paged = lazy;
    app_init(&k->app, k->cfg.language, k->cfg.idle_timeout_s, k->cfg.confirm_timeout_s,
             k->clock_ms);
    str_copy(k->app.home_venue, sizeof k->app.home_venue, venue);
    k->app.venue_show_all = show_all;
    kiosk_dispatch(k, &(Action){.kind = ACT_TICK, .t = k->clock_ms});
    kiosk_dispatch(k, &(Action){.kind = ACT_WAKE});
    kiosk_build(k);
    snprintf(s->shots, sizeof s->shots, "%.63s/%.16s-%s", g_dir, tag, lazy ? "lazy" : "whole");
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", s->shots, s->shots);
    assert_int_equal(system(cmd), 0);
}

void side_stop(Side *s)
{
    app_deinit(&s->k->app);
    store_page_aux_free(&s->k->page_aux);
    ui_deinit(&s->k->ui);
    gfx_free(s->k->gfx);
    store_close(s->k->store);
    free(s->k);
}

/* Runs SCRIPT (lines) on the side. */
void side_run(Side *s, const char *script)
{
    char path[96];
    snprintf(path, sizeof path, "%.63s/script.txt", g_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(script, f);
    assert_int_equal(fclose(f), 0);
    ScriptHost host = kiosk_script_host(s->k);
    assert_int_equal(script_run(path, &host, s->shots, stderr), 0);
}

void assert_same_file(const char *a, const char *b)
{
    char *ta = NULL, *tb = NULL, err[256];
    size_t la = 0, lb = 0;
    assert_int_equal(file_read(a, 64 << 20, &ta, &la, err, sizeof err), AUKIO_OK);
    assert_int_equal(file_read(b, 64 << 20, &tb, &lb, err, sizeof err), AUKIO_OK);
    if (la != lb || memcmp(ta, tb, la) != 0) fail_msg("%s and %s differ", a, b);
    free(ta);
    free(tb);
}

/* Shot and dump NAME of both sides are the same. */
void assert_same(const Side *lazy, const Side *whole, const char *name)
{
    const char *ext[] = {"png", "jsonl"};
    for (int i = 0; i < 2; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/%s.%s", lazy->shots, name, ext[i]);
        snprintf(b, sizeof b, "%s/%s.%s", whole->shots, name, ext[i]);
        assert_same_file(a, b);
    }
}

/* Both sides run SCRIPT, then their shots and dumps NAMES (NULL-ended) are compared. */
void both(Side *lazy, Side *whole, const char *script, const char *const *names)
{
    side_run(lazy, script);
    side_run(whole, script);
    for (int i = 0; names[i]; i++)
        assert_same(lazy, whole, names[i]);
}

/* The event cards on UI's screen. */
int count_cards(const Ui *ui)
{
    int n = 0;
    for (int i = 0; i < ui->n; i++)
        n += ui->nodes[i].role == ROLE_CARD && ui->nodes[i].action.kind == ACT_OPEN_EVENT &&
             ui_node_visible(ui, i);
    return n;
}

/* Both sides' list scrolled to SCROLL px (past the end: clamped there), then shot as NAME. */
void both_scroll(Side *lazy, Side *whole, float scroll, const char *name)
{
    char script[96];
    snprintf(script, sizeof script, "shot %s\ndump %s\n", name, name);
    Side *sides[2] = {lazy, whole};
    for (int i = 0; i < 2; i++) {
        /* As a drag does (ACT_SCROLL_BY): within the limit the layout found. */
        Scroll *sc = &sides[i]->k->app.scroll[SCROLL_LIST];
        assert_true(sc->max > 0);
        sc->pos = scroll < sc->max ? scroll : sc->max;
        sides[i]->k->app.dirty = true;
        side_run(sides[i], script);
        /* Cards, not an empty screen (a blank shot once passed for both). */
        assert_true(count_cards(&sides[i]->k->ui) > 0);
    }
    const char *names[] = {name, NULL};
    both(lazy, whole, "", names);
}

/* ---- Harder cases: deep in the list, the other screens, time, patches --------------------- */

/* A paged kiosk holds a page, not the list, whatever it did (6,000 events; a page is 192 rows
 * and the other screens' few hundred). */
void assert_small(const Side *lazy)
{
    assert_true(lazy->k->app.list_paged);
    if (lazy->k->app.n_rows >= 1200) fail_msg("the page holds %d rows", lazy->k->app.n_rows);
}

void both_dispatch(Side *lazy, Side *whole, Action act)
{
    kiosk_dispatch(lazy->k, &act);
    kiosk_dispatch(whole->k, &act);
}

/* Both sides' list scrolled to FRAC of its length, shot as NAME. */
void both_frac(Side *lazy, Side *whole, double frac, const char *name)
{
    float max = lazy->k->app.scroll[SCROLL_LIST].max;
    assert_true(max == whole->k->app.scroll[SCROLL_LIST].max);
    both_scroll(lazy, whole, (float)(max * frac), name);
    assert_small(lazy);
}

/* The centre of the Nth visible node on SIDE's screen whose action is KIND; -1 when none. */
int node_at(const Side *side, ActionKind kind, int nth, int *x, int *y)
{
    const Ui *ui = &side->k->ui;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *nd = &ui->nodes[i];
        if (nd->action.kind != kind || !ui_node_visible(ui, i) || nth-- > 0) continue;
        /* The middle of what shows of it (a card may be cut by the list's edge). */
        UiRect c = ui->clips[nd->clip];
        int x0 = nd->r.x > c.x ? nd->r.x : c.x, y0 = nd->r.y > c.y ? nd->r.y : c.y;
        int x1 = nd->r.x + nd->r.w < c.x + c.w ? nd->r.x + nd->r.w : c.x + c.w;
        int y1 = nd->r.y + nd->r.h < c.y + c.h ? nd->r.y + nd->r.h : c.y + c.h;
        *x = (x0 + x1) / 2;
        *y = (y0 + y1) / 2;
        return i;
    }
    return -1;
}

/* How many visible nodes on SIDE's screen have action KIND. */
int count_nodes(const Side *side, ActionKind kind)
{
    int n = 0, x, y;
    while (node_at(side, kind, n, &x, &y) >= 0)
        n++;
    return n;
}

/* Both tap the Nth visible node of KIND on the lazy side's screen (the same place on both),
 * then run SCRIPT. */
void both_tap_node(Side *lazy, Side *whole, ActionKind kind, int nth, const char *script,
                   const char *const *names)
{
    int x = 0, y = 0;
    assert_true(node_at(lazy, kind, nth, &x, &y) >= 0);
    char s[512];
    snprintf(s, sizeof s, "tap %d %d\nwait 300\n%s", x, y, script);
    both(lazy, whole, s, names);
}

/* The ids of the events whose cards the lazy side shows (at most MAX). */
int shown_ids(const Side *lazy, char (*ids)[RECORD_EVENT_ID_MAX + 1], int max)
{
    const Ui *ui = &lazy->k->ui;
    const App *a = &lazy->k->app;
    int n = 0;
    for (int i = 0; i < ui->n && n < max; i++)
        if (ui->nodes[i].role == ROLE_CARD && ui->nodes[i].action.kind == ACT_OPEN_EVENT &&
            ui_node_visible(ui, i))
            str_copy(ids[n++], sizeof ids[0], a->rows[ui->nodes[i].action.a].id);
    return n;
}

void db_exec(const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_db, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* A pull's patch of the events IDS on both sides, as main.c hands it over: the rows, then the
 * sync status, with SYNC_FLAG_CATALOGUE when the patch did not fit (a paged kiosk reads its
 * page again; a whole one its list, as sync_proc_reload's list would). N 0: only the status,
 * with the flag (a pull's new list). */
void both_patch(Side *lazy, Side *whole, const char (*ids)[RECORD_EVENT_ID_MAX + 1], int n)
{
    Side *sides[2] = {lazy, whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        bool reload = n == 0;
        if (n > 0) {
            EventRow *rows = NULL;
            int got = 0;
            char err[256];
            assert_int_equal(store_events_rows(k->store, ids, n, &rows, &got, err, sizeof err), 0);
            kiosk_dispatch(k, &(Action){.kind = ACT_ROWS_PATCHED, .p = rows, .a = got});
            reload = k->app.rows_reload;
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_SYNC_STATUS,
                                    .t = CLOCK_S,
                                    .b = reload ? SYNC_FLAG_CATALOGUE : 0});
        assert_false(k->app.rows_reload);
    }
}

/* A catalogue of its own (a copy of the shared one, SQL run on it), for a test's sides. */
void own_catalogue(const char *name, const char *sql, char *saved, size_t n)
{
    str_copy(saved, n, g_db);
    char path[128], q[256];
    snprintf(path, sizeof path, "%.63s/%s.db", g_dir, name);
    unlink(path);
    snprintf(q, sizeof q, "VACUUM INTO '%s'", path);
    db_exec(q);
    str_copy(g_db, sizeof g_db, path);
    assert_int_equal(chmod(path, 0600), 0);
    db_exec(sql);
}
