/*
 * test_lazy_list.c: a headless run's lazy list (issue 12) shows exactly what the whole list does.
 * A headless kiosk loads a prefix of the list (KIOSK_PREFIX_ROWS rows) and its count, and the
 * rest only when app_list_prefix_answers says the screens need it. Two kiosks on one generated
 * catalogue (tests/bench/common/gen_events.c: 30 venues, eight categories, cancelled and
 * postponed events, titles missing in some languages; here also staff-only events, and a clock
 * a day on, so that some of the list's rows have ended) run the same scripts, one lazy and one
 * with the whole list, and every shot (the PNG's bytes) and dump (the display list) must be the
 * same: the attract screen, the list's top, scrolled, at its end, a venue and a time filter, a
 * minute passing, another language, large text, a home venue (by id, by name, unknown, "show
 * all"; one the prefix first read cannot answer, then a longer one can), staff mode, and a sync
 * patch arriving while scrolled.
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
#include "runtime.h"
#include "script.h"
#include "store.h"
#include "sync_proc.h"
#include "ui.h"
#include "util.h"

#define N_EVENTS 6000
#define GEN_NOW 1796112000 /* 2026-12-01 08:00 UTC */
/* The kiosk's clock: a day and two hours on, so that the first day's early events have ended. */
#define CLOCK_S (GEN_NOW + 86400 + 2 * 3600)

static char g_dir[64], g_db[128];
/* The sides' screen: landscape, but for test_portrait. */
static int g_screen_w = 1920, g_screen_h = 1080;

static int setup_group(void **state)
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

static int teardown_group(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return getenv("KEEP") || system(cmd) == 0 ? 0 : -1;
}

typedef struct {
    Kiosk *k;
    char shots[96];
} Side;

/* A headless kiosk on the catalogue, as main.c starts one; LAZY as `aukio --headless`, else
 * with the whole list (AUKIO_WHOLE_LIST). */
static void side_start(Side *s, bool lazy, const char *venue, bool show_all, const char *tag)
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

static void side_stop(Side *s)
{
    app_deinit(&s->k->app);
    store_page_aux_free(&s->k->page_aux);
    ui_deinit(&s->k->ui);
    gfx_free(s->k->gfx);
    store_close(s->k->store);
    free(s->k);
}

/* Runs SCRIPT (lines) on the side. */
static void side_run(Side *s, const char *script)
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

static void assert_same_file(const char *a, const char *b)
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
static void assert_same(const Side *lazy, const Side *whole, const char *name)
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
static void both(Side *lazy, Side *whole, const char *script, const char *const *names)
{
    side_run(lazy, script);
    side_run(whole, script);
    for (int i = 0; names[i]; i++)
        assert_same(lazy, whole, names[i]);
}

/* The event cards on UI's screen. */
static int count_cards(const Ui *ui)
{
    int n = 0;
    for (int i = 0; i < ui->n; i++)
        n += ui->nodes[i].role == ROLE_CARD && ui->nodes[i].action.kind == ACT_OPEN_EVENT &&
             ui_node_visible(ui, i);
    return n;
}

/* Both sides' list scrolled to SCROLL px (past the end: clamped there), then shot as NAME. */
static void both_scroll(Side *lazy, Side *whole, float scroll, const char *name)
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

static void test_top_then_everything(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "top");
    side_start(&whole, false, "", false, "top");
    assert_false(whole.k->partial_list);
    const char *first[] = {"attract", "list", NULL};
    both(&lazy, &whole, "shot attract\ndump attract\ntap \"Suomi\"\nshot list\ndump list\n", first);
    /* A page, not the list. */
    assert_true(lazy.k->app.list_paged);
    assert_false(whole.k->app.list_paged);
    assert_true(lazy.k->app.n_rows < whole.k->app.n_rows / 4);

    /* A drag down the list: the rest loads, and the list shows what the whole one does. */
    const char *drag[] = {"dragged", NULL};
    both(&lazy, &whole, "drag 960 900 960 300 400\nwait 2000\nshot dragged\ndump dragged\n", drag);
    assert_true(lazy.k->app.n_rows < whole.k->app.n_rows / 4);
    assert_int_equal(app_list_count(&lazy.k->app), whole.k->app.n_visible);
    both_scroll(&lazy, &whole, 1e9f, "end");

    /* A venue, then today only; then back to everything. */
    const char *filters[] = {"picker", "venue", "today", "cleared", NULL};
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\ndump picker\n"
         "tap \"Entressen kirjasto\"\nshot venue\ndump venue\n"
         "tap \"Tänään\"\nshot today\ndump today\ntap \"Kaikki\"\n"
         "tap \"Tapahtumapaikka: Entressen kirjasto\"\ntap \"Kaikki tapahtumapaikat\"\n"
         "shot cleared\ndump cleared\n",
         filters);

    /* A sync patch while scrolled: 40 events' seats and a title, as a pull's page. */
    both_scroll(&lazy, &whole, 3000, "scrolled");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE events SET confirmed_seats = 1, title_fi = 'Vaihtui'"
                                  " WHERE rowid BETWEEN 20 AND 60",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(41, sizeof *ids);
        assert_non_null(ids);
        for (int r = 0; r < 41; r++)
            snprintf(ids[r], sizeof ids[r], "bench:ev-%05d", 19 + r);
        EventRow *rows = NULL;
        int n = 0;
        char err[256];
        assert_int_equal(store_events_rows(k->store, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids,
                                           41, &rows, &n, err, sizeof err),
                         0);
        free(ids);
        kiosk_dispatch(k, &(Action){.kind = ACT_ROWS_PATCHED, .p = rows, .a = n});
        /* As main.c does: a page that did not hold every row reads itself again. */
        if (k->app.rows_reload && k->paged)
            kiosk_dispatch(k, &(Action){.kind = ACT_SYNC_STATUS, .b = SYNC_FLAG_CATALOGUE});
        else
            assert_false(k->app.rows_reload);
    }
    const char *patched[] = {"patched", NULL};
    both(&lazy, &whole, "shot patched\ndump patched\n", patched);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Time moves on while the prefix is up: events end, the minute changes, the list follows. */
static void test_minutes_pass(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "time");
    side_start(&whole, false, "", false, "time");
    const char *names[] = {"second", "later", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\nwait 20000\nshot second\ndump second\n"
         "wait 5400000\ntap \"Suomi\"\nshot later\ndump later\n",
         names);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Another language, large text, staff mode's list (staff-only events too). */
static void test_languages_and_sizes(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "lang");
    side_start(&whole, false, "", false, "lang");
    const char *names[] = {"sv", "large", "en", NULL};
    both(&lazy, &whole,
         "tap \"Svenska\"\nshot sv\ndump sv\ntap \"Stor text\"\nshot large\ndump large\n"
         "tap \"English\"\nshot en\ndump en\n",
         names);
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        /* As the staff's list is: staff mode on, the list filtered again. */
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_GO_LIST});
        sides[i]->k->app.staff_mode = true;
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    }
    const char *staff[] = {"staff", NULL};
    both(&lazy, &whole, "shot staff\ndump staff\n", staff);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A kiosk with a venue of its own: by id, by name, one the catalogue lacks, and "show all". */
static void test_home_venues(void **state)
{
    (void)state;
    static const struct {
        const char *venue;
        bool show_all;
    } cases[] = {{"bench:place-01", false},
                 {"Keskustakirjasto Oodi", false},
                 {"pasilan KIRJASTO", true},
                 {"nowhere", false}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Side lazy, whole;
        char tag[16];
        snprintf(tag, sizeof tag, "home%zu", c);
        side_start(&lazy, true, cases[c].venue, cases[c].show_all, tag);
        side_start(&whole, false, cases[c].venue, cases[c].show_all, tag);
        assert_string_equal(lazy.k->app.home_venue_id, whole.k->app.home_venue_id);
        assert_string_equal(lazy.k->app.venue_id, whole.k->app.venue_id);
        const char *names[] = {"attract", "list", NULL}, *dragged[] = {"dragged", NULL};
        both(&lazy, &whole, "shot attract\ndump attract\ntap \"Suomi\"\nshot list\ndump list\n",
             names);
        both(&lazy, &whole, "drag 960 900 960 300 400\nwait 2000\nshot dragged\ndump dragged\n",
             dragged);
        side_stop(&lazy);
        side_stop(&whole);
    }
}

/* Staff's list of the events with sign-ups (every one from today's start: staff-only ones and
 * those ended today too): its top, deep in it, its end, one event's sign-ups and back. */
static void test_staff_events(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "staffev");
    side_start(&whole, false, "", false, "staffev");
    Side *sides[2] = {&lazy, &whole};
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        kiosk_dispatch(k, &(Action){.kind = ACT_GO_LIST});
        k->app.staff_mode = true;
        k->app.screen = SCREEN_STAFF_HOME;
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_EVENTS});
    }
    const char *top[] = {"top", NULL};
    both(&lazy, &whole, "shot top\ndump top\n", top);
    assert_true(lazy.k->app.list_paged && lazy.k->app.page_for.staff_list);
    assert_true(lazy.k->app.list_total > 1000);
    static const float at[] = {40000, 400000, 1e9f, 120000};
    for (int a = 0; a < 4; a++) {
        char name[16];
        snprintf(name, sizeof name, "at%d", a);
        for (int i = 0; i < 2; i++) {
            Scroll *sc = &sides[i]->k->app.scroll[SCROLL_STAFF];
            assert_true(sc->max > 0);
            sc->pos = at[a] < sc->max ? at[a] : sc->max;
            sides[i]->k->app.dirty = true;
        }
        char script[64];
        snprintf(script, sizeof script, "shot %s\ndump %s\n", name, name);
        const char *names[] = {name, NULL};
        both(&lazy, &whole, script, names);
        assert_true(lazy.k->app.n_rows < 1200);
        assert_true(lazy.k->app.n_visible > 0);
    }
    /* An event of the page opened, its sign-ups, and back to the list where it was. */
    for (int i = 0; i < 2; i++) {
        Kiosk *k = sides[i]->k;
        int row = k->app.visible[k->app.list_paged ? 5 : 0];
        if (!k->app.list_paged) { /* the same event: the same position of the list */
            int p = lazy.k->app.list_first + 5, seen = 0;
            for (int r = 0; r < k->app.n_rows; r++)
                if (app_row_staff_listed(&k->app.rows[r]) && seen++ == p) row = r;
        }
        kiosk_dispatch(k, &(Action){.kind = ACT_STAFF_OPEN_EVENT, .a = row});
    }
    assert_string_equal(lazy.k->app.staff.event_id, whole.k->app.staff.event_id);
    const char *opened[] = {"signups", NULL}, *back[] = {"back", NULL};
    both(&lazy, &whole, "shot signups\ndump signups\n", opened);
    for (int i = 0; i < 2; i++)
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_BACK});
    both(&lazy, &whole, "shot back\ndump back\n", back);
    side_stop(&lazy);
    side_stop(&whole);
}

/* "My sign-up" for an event deep in the list (its row is on the page because the screen has it
 * open), and a page read again after a pull with what the helper's reader thread read for it
 * (SyncPagePrep), and with one read for another list (not taken). */
static void test_mine_and_prepared_pages(void **state)
{
    (void)state;
    char err[256];
    Store *st = NULL;
    assert_int_equal(store_open(&st, g_db, err, sizeof err), 0);
    SignupResult res = {.outcome = SIGNUP_REJECTED};
    for (int i = 4000; i < 4400 && res.outcome != SIGNUP_CONFIRMED; i++) {
        SignupRequest req = {.group_size = 1, .consent = true, .lang = LANG_FI};
        snprintf(req.event_id, sizeof req.event_id, "bench:ev-%05d", i);
        str_copy(req.name, sizeof req.name, "Testi Henkilö");
        assert_int_equal(store_signup_commit(st, &req, CLOCK_S, &res, err, sizeof err), 0);
    }
    store_close(st);
    assert_int_equal(res.outcome, SIGNUP_CONFIRMED);

    Side lazy, whole;
    side_start(&lazy, true, "", false, "mine");
    side_start(&whole, false, "", false, "mine");
    Side *sides[2] = {&lazy, &whole};
    char script[256];
    snprintf(script, sizeof script,
             "tap \"Suomi\"\ntap \"Oma ilmoittautuminen\"\ntype %s\ntap \"Hae\"\nwait 1000\n"
             "shot mine\ndump mine\n",
             res.code);
    const char *mine[] = {"mine", NULL};
    both(&lazy, &whole, script, mine);
    assert_int_equal(lazy.k->app.mine.step, MINE_FOUND);
    int at = -1; /* the sign-up's event is on the page (the screen shows its title) */
    for (int r = 0; r < lazy.k->app.n_rows; r++)
        if (strcmp(lazy.k->app.rows[r].id, lazy.k->app.mine.found.event_id) == 0) at = r;
    assert_true(at >= 0);
    assert_true(lazy.k->app.n_rows < 1200);

    /* A pull changed titles and seats near the top and deep in the list. */
    for (int i = 0; i < 2; i++)
        kiosk_dispatch(sides[i]->k, &(Action){.kind = ACT_GO_LIST});
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(g_db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE events SET confirmed_seats = 2, title_fi = 'Vaihtui taas'"
                                  " WHERE rowid % 97 = 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    SyncPageSpec spec;
    kiosk_page_spec(&lazy.k->app, &spec);
    for (int round = 0; round < 2; round++) {
        Kiosk *k = lazy.k;
        SyncPagePrep prep;
        SyncPageSpec asked = spec;
        if (round == 1) str_copy(asked.category, sizeof asked.category, "workshop"); /* stale */
        assert_int_equal(sync_page_prep_read(k->store, &asked, k->clock_ms, &prep, err, sizeof err),
                         0);
        k->page_prep = prep;
        k->page_prep_valid = true;
        for (int i = 0; i < 2; i++)
            kiosk_dispatch(sides[i]->k,
                           &(Action){.kind = ACT_SYNC_STATUS, .b = SYNC_FLAG_CATALOGUE});
        assert_false(k->page_prep_valid);
        /* Taken: the page's count is the reader's, as of its moment; not taken: read here. */
        assert_true(k->page_counts_valid);
        if (round == 0) assert_int_equal(k->page_counts_at, prep.at_ms);
        const char *names[] = {round ? "stale" : "prepared", NULL};
        both(&lazy, &whole, round ? "shot stale\ndump stale\n" : "shot prepared\ndump prepared\n",
             names);
    }
    side_stop(&lazy);
    side_stop(&whole);
}

/* ---- Harder cases: deep in the list, the other screens, time, patches --------------------- */

/* A paged kiosk holds a page, not the list, whatever it did (6,000 events; a page is 192 rows
 * and the other screens' few hundred). */
static void assert_small(const Side *lazy)
{
    assert_true(lazy->k->app.list_paged);
    if (lazy->k->app.n_rows >= 1200) fail_msg("the page holds %d rows", lazy->k->app.n_rows);
}

static void both_dispatch(Side *lazy, Side *whole, Action act)
{
    kiosk_dispatch(lazy->k, &act);
    kiosk_dispatch(whole->k, &act);
}

/* Both sides' list scrolled to FRAC of its length, shot as NAME. */
static void both_frac(Side *lazy, Side *whole, double frac, const char *name)
{
    float max = lazy->k->app.scroll[SCROLL_LIST].max;
    assert_true(max == whole->k->app.scroll[SCROLL_LIST].max);
    both_scroll(lazy, whole, (float)(max * frac), name);
    assert_small(lazy);
}

/* The centre of the Nth visible node on SIDE's screen whose action is KIND; -1 when none. */
static int node_at(const Side *side, ActionKind kind, int nth, int *x, int *y)
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
static int count_nodes(const Side *side, ActionKind kind)
{
    int n = 0, x, y;
    while (node_at(side, kind, n, &x, &y) >= 0)
        n++;
    return n;
}

/* Both tap the Nth visible node of KIND on the lazy side's screen (the same place on both),
 * then run SCRIPT. */
static void both_tap_node(Side *lazy, Side *whole, ActionKind kind, int nth, const char *script,
                          const char *const *names)
{
    int x = 0, y = 0;
    assert_true(node_at(lazy, kind, nth, &x, &y) >= 0);
    char s[512];
    snprintf(s, sizeof s, "tap %d %d\nwait 300\n%s", x, y, script);
    both(lazy, whole, s, names);
}

/* The ids of the events whose cards the lazy side shows (at most MAX). */
static int shown_ids(const Side *lazy, char (*ids)[RECORD_EVENT_ID_MAX + 1], int max)
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

static void db_exec(const char *sql)
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
static void both_patch(Side *lazy, Side *whole, const char (*ids)[RECORD_EVENT_ID_MAX + 1], int n)
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

/* The category picker, a category, deep in it; the venue picker in staff mode, its end, a
 * venue, deep in it. */
static void test_pickers_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pick");
    side_start(&whole, false, "", false, "pick");
    const char *cat[] = {"catpicker", "workshops", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\nshot catpicker\ndump catpicker\n"
         "tap \"Työpajat\"\nshot workshops\ndump workshops\n",
         cat);
    assert_int_equal(count_cards(&lazy.k->ui), count_cards(&whole.k->ui));
    both_frac(&lazy, &whole, 0.45, "ws_mid");
    both_frac(&lazy, &whole, 0.8, "ws_deep");
    both_frac(&lazy, &whole, 2, "ws_end");
    both_frac(&lazy, &whole, 0.1, "ws_back");
    /* Staff training is the staff-only rows' topic too: staff mode, deep, then its picker. */
    const char *topic[] = {"training", NULL};
    both(&lazy, &whole,
         "tap \"Aihe: Työpajat\"\ntap \"Henkilöstökoulutukset\"\nshot training\ndump training\n",
         topic);
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_GO_LIST});
    lazy.k->app.staff_mode = whole.k->app.staff_mode = true;
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    both_frac(&lazy, &whole, 0.6, "staff_training");
    const char *venues[] = {"venuepicker", "venuepicker_end", NULL};
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot venuepicker\ndump venuepicker\n"
         "drag 960 800 960 200 300\ndrag 960 800 960 200 300\ndrag 960 800 960 200 300\n"
         "wait 3000\nshot venuepicker_end\ndump venuepicker_end\n",
         venues);
    assert_true(count_nodes(&lazy, ACT_PICK) >= 5);
    assert_true(lazy.k->app.scroll[SCROLL_PICKER].pos > 0);
    both_tap_node(&lazy, &whole, ACT_PICK, 3, "shot venue\ndump venue\n",
                  (const char *const[]){"venue", NULL});
    assert_true(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.7, "venue_deep");
    /* The category picker again, in staff mode, over a page deep in the venue's list. */
    const char *again[] = {"catpicker_staff", NULL};
    both(&lazy, &whole,
         "tap \"Aihe: Henkilöstökoulutukset\"\nshot catpicker_staff\n"
         "dump catpicker_staff\n",
         again);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Drags and flings to the middle, far jumps both ways and back; large text deep; this week
 * deep. */
static void test_jumps(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "jump");
    side_start(&whole, false, "", false, "jump");
    const char *flung[] = {"flung", "flung2", NULL};
    both(&lazy, &whole,
         "tap \"Suomi\"\ndrag 960 950 960 250 60\nwait 4000\nshot flung\ndump flung\n"
         "drag 960 950 960 250 60\ndrag 960 950 960 250 60\ndrag 960 950 960 250 60\n"
         "wait 6000\nshot flung2\ndump flung2\n",
         flung);
    assert_true(lazy.k->app.scroll[SCROLL_LIST].pos > 1000);
    assert_small(&lazy);
    static const double at[] = {0.3, 0.75, 0.5, 0.05, 0.999, 0.2, 0.62};
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
        char name[16];
        snprintf(name, sizeof name, "jump%zu", i);
        both_frac(&lazy, &whole, at[i], name);
        /* A drag from there, as a visitor goes on. */
        snprintf(name, sizeof name, "jumpdrag%zu", i);
        char script[160];
        snprintf(script, sizeof script, "drag 960 %d 960 %d 200\nwait 2500\nshot %s\ndump %s\n",
                 i % 2 ? 300 : 900, i % 2 ? 900 : 300, name, name);
        both(&lazy, &whole, script, (const char *const[]){name, NULL});
        assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    }
    both_scroll(&lazy, &whole, 0, "top");
    assert_small(&lazy);
    /* Large text: fewer columns, the same positions further down. */
    both(&lazy, &whole, "tap \"Iso teksti\"\nshot large\ndump large\n",
         (const char *const[]){"large", NULL});
    assert_true(lazy.k->app.large_text);
    both_frac(&lazy, &whole, 0.4, "large_mid");
    both_frac(&lazy, &whole, 0.9, "large_deep");
    both_frac(&lazy, &whole, 2, "large_end");
    /* This week, deep and at its end. */
    both(&lazy, &whole, "tap \"Iso teksti\"\ntap \"Tällä viikolla\"\nshot week\ndump week\n",
         (const char *const[]){"week", NULL});
    both_frac(&lazy, &whole, 0.6, "week_deep");
    both_frac(&lazy, &whole, 2, "week_end");
    both(&lazy, &whole, "tap \"Tänään\"\nshot today\ndump today\n",
         (const char *const[]){"today", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* An event opened from deep in the list, its detail, Back: the list where it was; a minute
 * passing on the detail first. */
static void test_detail_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "detail");
    side_start(&whole, false, "", false, "detail");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.55, "deep");
    float pos = lazy.k->app.scroll[SCROLL_LIST].pos;
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 4, "shot detail\ndump detail\n",
                  (const char *const[]){"detail", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_DETAIL);
    assert_true(lazy.k->app.detail_loaded);
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"back", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_LIST);
    assert_true(lazy.k->app.scroll[SCROLL_LIST].pos == pos);
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* Another one; a minute on its screen (a new page read for the minute), then Back. */
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 9, "wait 45000\nshot detail2\ndump detail2\n",
                  (const char *const[]){"detail2", NULL});
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back2\ndump back2\n",
         (const char *const[]){"back2", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* From a far place, the detail again, and its event's page dropped while it is open. */
    both_frac(&lazy, &whole, 0.9, "far");
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 0, "shot detail3\ndump detail3\n",
                  (const char *const[]){"detail3", NULL});
    both_patch(&lazy, &whole, NULL, 0); /* a pull's new list while it is open */
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back3\ndump back3\n",
         (const char *const[]){"back3", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* The feedback screen: today's events (some ended, some running, one starting within the
 * hour), one chosen; from deep in the list, and in staff mode (staff-only events too). */
static void test_feedback(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "feedback");
    side_start(&whole, false, "", false, "feedback");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.5, "deep");
    both(&lazy, &whole, "tap \"Anna palautetta\"\nshot feedback\ndump feedback\n",
         (const char *const[]){"feedback", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_FEEDBACK);
    /* Today has events: the library and at least three of them to choose. */
    assert_true(count_nodes(&lazy, ACT_FEEDBACK_TARGET) >= 4);
    both_tap_node(&lazy, &whole, ACT_FEEDBACK_TARGET, 2, "shot chosen\ndump chosen\n",
                  (const char *const[]){"chosen", NULL});
    assert_true(lazy.k->app.feedback_id[0]);
    assert_string_equal(lazy.k->app.feedback_id, whole.k->app.feedback_id);
    /* Its event ends while chosen; minutes on (the list's page read for each). */
    both(&lazy, &whole, "wait 50000\nshot chosen_later\ndump chosen_later\n",
         (const char *const[]){"chosen_later", NULL});
    assert_string_equal(lazy.k->app.feedback_id, whole.k->app.feedback_id);
    both(&lazy, &whole, "tap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"back", NULL});
    /* Staff mode's list and its feedback screen: today's staff-only events too. */
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_GO_LIST});
    lazy.k->app.staff_mode = whole.k->app.staff_mode = true;
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_SET_TIME, .a = TIME_ALL});
    both_frac(&lazy, &whole, 0.3, "staff_deep");
    both(&lazy, &whole, "tap \"Anna palautetta\"\nshot staff_feedback\ndump staff_feedback\n",
         (const char *const[]){"staff_feedback", NULL});
    assert_true(count_nodes(&lazy, ACT_FEEDBACK_TARGET) >= 4);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Time passing while deep in the list: seconds, a minute, an hour (events end, the list's
 * positions move under the scroll). Idle would go to the attract screen: not here. */
static void test_time_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "tdeep");
    side_start(&whole, false, "", false, "tdeep");
    lazy.k->app.idle_timeout_ms = whole.k->app.idle_timeout_ms = 86400000;
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.4, "deep");
    both(&lazy, &whole,
         "wait 20000\nshot s20\ndump s20\nwait 60000\nshot m1\ndump m1\n"
         "wait 3600000\nshot h1\ndump h1\n",
         (const char *const[]){"s20", "m1", "h1", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* Near the top, where events end: an hour and a quarter more. */
    both_scroll(&lazy, &whole, 300, "near_top");
    both(&lazy, &whole,
         "wait 4500000\nshot h2\ndump h2\ndrag 960 900 960 300 300\nwait 2000\n"
         "shot h2_dragged\ndump h2_dragged\n",
         (const char *const[]){"h2", "h2_dragged", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* Today, deep in it, as the day goes on. */
    both(&lazy, &whole, "tap \"Tällä viikolla\"\n", (const char *const[]){NULL});
    both_frac(&lazy, &whole, 0.5, "week_deep");
    both(&lazy, &whole, "wait 3600000\nshot week_later\ndump week_later\n",
         (const char *const[]){"week_later", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A pull's patch of seats of eight rows 1,500 positions into the list: off a page deep in
 * it. Then the list there, and at its top. */
static void patch_off_page(Side *lazy, Side *whole, const char *name)
{
    char(*off)[RECORD_EVENT_ID_MAX + 1] = calloc(8, sizeof *off);
    assert_non_null(off);
    for (int i = 0; i < 8; i++)
        str_copy(off[i], sizeof off[i], whole->k->app.rows[whole->k->app.visible[1500 + i]].id);
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity WHERE id IN ('%s', '%s')", off[0],
             off[5]);
    db_exec(sql);
    both_patch(lazy, whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) off, 8);
    free(off);
    char script[160];
    snprintf(script, sizeof script, "shot %s\ndump %s\n", name, name);
    both(lazy, whole, script, (const char *const[]){name, NULL});
    assert_true(count_cards(&lazy->k->ui) > 0);
    snprintf(script, sizeof script, "%s_top", name);
    both_scroll(lazy, whole, 0, script);
}

/* A pull's patches while deep in the list: seats and titles of the rows on screen, an event
 * moved away and one moved into view, a new event, a new list. */
static void test_patch_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pdeep");
    side_start(&whole, false, "", false, "pdeep");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.45, "deep");
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(16, sizeof *ids);
    assert_non_null(ids);
    int n = shown_ids(&lazy, ids, 16);
    assert_true(n >= 6);
    /* (0) Seats of rows off the page: the page reads itself again, the whole list patches
     * them. After a filter (the list filtered again a few seconds into the minute). */
    both(&lazy, &whole, "wait 4000\ntap \"Kaikki\"\n", (const char *const[]){NULL});
    both_frac(&lazy, &whole, 0.45, "deep_again");
    patch_off_page(&lazy, &whole, "offpage");
    n = shown_ids(&lazy, ids, 16);
    /* (a) Seats and titles of the rows on screen: they fit the page. */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity, title_fi = 'Muuttunut ' || id"
             " WHERE id IN ('%s', '%s', '%s')",
             ids[0], ids[2], ids[5]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, n);
    both(&lazy, &whole, "shot seats\ndump seats\n", (const char *const[]){"seats", NULL});
    /* (b) The first card's event a week later; one from the list's top into its place. */
    char top[RECORD_EVENT_ID_MAX + 1];
    str_copy(top, sizeof top, whole.k->app.rows[whole.k->app.visible[5]].id);
    snprintf(sql, sizeof sql,
             "UPDATE events SET start_time = start_time + 7 * 86400,"
             " end_time = CASE WHEN end_time > 0 THEN end_time + 7 * 86400 ELSE 0 END"
             " WHERE id = '%s';"
             "UPDATE events SET (start_time, end_time, title_fi) = (SELECT start_time + 60,"
             " CASE WHEN end_time > 0 THEN end_time + 60 ELSE 0 END, 'Siirtynyt tähän'"
             " FROM events WHERE id = '%s') WHERE id = '%s'",
             ids[1], ids[3], top);
    db_exec(sql);
    char(*moved)[RECORD_EVENT_ID_MAX + 1] = calloc(3, sizeof *moved);
    assert_non_null(moved);
    str_copy(moved[0], sizeof moved[0], ids[1]);
    str_copy(moved[1], sizeof moved[1], top);
    str_copy(moved[2], sizeof moved[2], ids[4]);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) moved, 3);
    both(&lazy, &whole, "shot moved\ndump moved\n", (const char *const[]){"moved", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    /* (c) A new event beside the cards on screen: by a patch, then by a new list. */
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = '%s';"
             "UPDATE t SET id = 'bench:new-1', title_fi = 'Uusi tapahtuma', start_time ="
             " start_time + 30, staff_only = 0;"
             "INSERT INTO events SELECT * FROM t; DROP TABLE t",
             ids[6 < n ? 6 : n - 1]);
    db_exec(sql);
    str_copy(moved[0], sizeof moved[0], "bench:new-1");
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) moved, 1);
    both(&lazy, &whole, "shot inserted\ndump inserted\n", (const char *const[]){"inserted", NULL});
    db_exec("CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = 'bench:new-1';"
            "UPDATE t SET id = 'bench:new-2', title_fi = 'Toinen uusi', start_time ="
            " start_time + 30;"
            "INSERT INTO events SELECT * FROM t; DROP TABLE t");
    both_patch(&lazy, &whole, NULL, 0);
    both(&lazy, &whole, "shot relisted\ndump relisted\n", (const char *const[]){"relisted", NULL});
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* A drag from there, then the end of the list. */
    both(&lazy, &whole, "drag 960 900 960 300 300\nwait 2000\nshot after\ndump after\n",
         (const char *const[]){"after", NULL});
    both_scroll(&lazy, &whole, 1e9f, "end");
    assert_small(&lazy);
    free(ids);
    free(moved);
    /* The other tests' catalogue as it was. */
    db_exec("DELETE FROM events WHERE id IN ('bench:new-1', 'bench:new-2')");
    side_stop(&lazy);
    side_stop(&whole);
}

/* Idle while deep in the list: the attract screen (its first events, not the page's), then
 * the list again from its top. Once at a quarter past, a second after the events that end then
 * have ended (the page was read at the minute's first second, when they had not). */
static void test_idle_deep(void **state)
{
    (void)state;
    /* 0: deep; 1: deep, at a quarter past; 2: at the list's top, at a quarter past (the page
     * holds the top: the list on return asks for none). */
    static const char *const tags[] = {"idle", "idle15", "idle15top"};
    for (int v = 0; v < 3; v++) {
        Side lazy, whole;
        side_start(&lazy, true, "", false, tags[v]);
        side_start(&whole, false, "", false, tags[v]);
        /* 10:14:02 UTC: the idle timeout (a minute) comes at 10:15:02. */
        const char *go = v ? "tap \"Suomi\"\nwait 842000\ntap \"Suomi\"\n" : "tap \"Suomi\"\n";
        side_run(&lazy, go);
        side_run(&whole, go);
        if (v < 2) both_frac(&lazy, &whole, 0.6, "deep");
        both(&lazy, &whole,
             "wait 61000\nshot attract\ndump attract\nwait 9000\nshot attract2\ndump attract2\n",
             (const char *const[]){"attract", "attract2", NULL});
        assert_int_equal(lazy.k->app.screen, SCREEN_ATTRACT);
        assert_true(lazy.k->ui.n > 0 && count_nodes(&lazy, ACT_OPEN_EVENT) == 1);
        both(&lazy, &whole, "tap \"Suomi\"\nshot list\ndump list\n",
             (const char *const[]){"list", NULL});
        assert_true(count_cards(&lazy.k->ui) > 0);
        assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
        both_frac(&lazy, &whole, 0.3, "deep2");
        assert_small(&lazy);
        side_stop(&lazy);
        side_stop(&whole);
    }
}

/* Staff's venue screen (staff mode as a right PIN enters it, the list's page deep): every
 * venue of the catalogue, staff-only events' too, in the list's order. */
static void test_staff_venue(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "svenue");
    side_start(&whole, false, "", false, "svenue");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.7, "deep");
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK});
    assert_true(lazy.k->app.staff_mode);
    both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_VENUE});
    assert_int_equal(lazy.k->app.screen, SCREEN_STAFF_VENUE);
    both(&lazy, &whole,
         "wait 2000\nshot venues\ndump venues\ndrag 960 900 960 200 300\nwait 2000\n"
         "shot venues2\ndump venues2\ndrag 960 900 960 200 300\nwait 2000\n"
         "shot venues3\ndump venues3\n",
         (const char *const[]){"venues", "venues2", "venues3", NULL});
    int rows[APP_MAX_CHOICES], wrows[APP_MAX_CHOICES];
    int n = app_staff_venues(&lazy.k->app, rows, APP_MAX_CHOICES);
    assert_int_equal(n, 30);
    assert_int_equal(app_staff_venues(&whole.k->app, wrows, APP_MAX_CHOICES), n);
    for (int i = 0; i < n; i++)
        assert_string_equal(lazy.k->app.rows[rows[i]].venue_id,
                            whole.k->app.rows[wrows[i]].venue_id);
    /* A quarter of an hour on (venues whose first events end), the screen again. */
    both(&lazy, &whole, "wait 900000\nshot venues_later\ndump venues_later\n",
         (const char *const[]){"venues_later", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A catalogue of its own (a copy of the shared one, SQL run on it), for a test's sides. */
static void own_catalogue(const char *name, const char *sql, char *saved, size_t n)
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

/* Twelve events at a venue of their own, one topic: eight end at 10:15 UTC, four (cancelled:
 * not the attract screen's) run on. At a quarter past, the page is read in the minute's first
 * second, when the eight have not ended; a second later they have, and the attract screen reads
 * the list's first events after them, the venue picker and staff's venues the four, which are
 * no group's first row then. */
#define QUARTER_EVENTS                                                                             \
    "CREATE TEMP TABLE t AS SELECT * FROM events WHERE id = 'bench:ev-00033';"                     \
    "UPDATE t SET venue_id = 'bench:place-99', venue_fi = 'Testikirjasto',"                        \
    " venue_sv = 'Testbiblioteket', venue_en = 'Test Library', category = 'club',"                 \
    " staff_only = 0, status = 'scheduled';"                                                       \
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"                 \
    " INSERT INTO events SELECT * FROM (SELECT 'bench:q-' || printf('%02d', i), title_fi,"         \
    " title_sv, title_en, venue_fi, venue_sv, venue_en, venue_id, category,"                       \
    " 1796112000 + 86400 - 4 * 3600 + (i > 8) * 300,"                                              \
    " 1796112000 + 86400 + 2 * 3600 + 900 + (i > 8) * 2700,"                                       \
    " CASE WHEN i > 8 THEN 'cancelled' ELSE status END, registration, capacity,"                   \
    " waitlist_capacity, max_group_size, enrolment_start, enrolment_end, reserved_seats,"          \
    " confirmed_seats, waitlisted_seats, waitlisted_count, question_ids, imported_at, hub_seen,"   \
    " hub_confirmed, hub_waitlisted, hub_held, hub_gen, gone, grant_left, pend_wait_seats,"        \
    " pend_wait_count, pend_prov_seats, staff_only, spot, spot_reason, all_day FROM t, n);"        \
    "DROP TABLE t"

static void test_quarter_past(void **state)
{
    (void)state;
    char saved[sizeof g_db];
    own_catalogue("quarter", QUARTER_EVENTS, saved, sizeof saved);
    for (int part = 0; part < 4; part++) {
        Side lazy, whole;
        char tag[24];
        snprintf(tag, sizeof tag, "quarter%d", part);
        side_start(&lazy, true, "", false, tag);
        side_start(&whole, false, "", false, tag);
        /* 10:14:02 UTC at the list's top (3: 10:14:00, so that idle returns to the attract
         * screen within the second the minute's page was read); deep in it; idle ends at
         * 10:15:02 (10:15:00). */
        const char *go = part == 3 ? "tap \"Suomi\"\nwait 840000\ntap \"Suomi\"\n"
                                   : "tap \"Suomi\"\nwait 842000\ntap \"Suomi\"\n";
        side_run(&lazy, go);
        side_run(&whole, go);
        both_frac(&lazy, &whole, 0.6, "deep");
        if (part == 0 || part == 3) {
            both(&lazy, &whole,
                 "wait 61000\nshot attract\ndump attract\nwait 6000\nshot attract2\n"
                 "dump attract2\n",
                 (const char *const[]){"attract", "attract2", NULL});
            assert_int_equal(lazy.k->app.screen, SCREEN_ATTRACT);
            assert_true(count_nodes(&lazy, ACT_OPEN_EVENT) == 1);
        } else if (part == 1) {
            both(&lazy, &whole,
                 "wait 59000\ntap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\n"
                 "dump picker\n",
                 (const char *const[]){"picker", NULL});
            assert_int_equal(lazy.k->app.picker, PICKER_VENUE);
        } else {
            both(&lazy, &whole, "wait 55000\n", (const char *const[]){NULL});
            both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK});
            both_dispatch(&lazy, &whole, (Action){.kind = ACT_STAFF_GO, .a = SCREEN_STAFF_VENUE});
            both(&lazy, &whole, "wait 5000\nshot venues\ndump venues\n",
                 (const char *const[]){"venues", NULL});
        }
        assert_small(&lazy);
        side_stop(&lazy);
        side_stop(&whole);
    }
    str_copy(g_db, sizeof g_db, saved);
}

/* A patch off the page a few seconds into a quarter past's minute. The list was last filtered
 * at the minute's first second (10:00:00 UTC, the clock's start), when the events that end then
 * were on; the whole list patches the rows in place, the paged one reads its page again. Both
 * show the same because whether an event has ended is decided by the minute (app_row_ended,
 * and the page's moment in runtime_list.c: the minute's start); found by this test. */
static void test_patch_off_page_at_second(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "psecond");
    side_start(&whole, false, "", false, "psecond");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    both_frac(&lazy, &whole, 0.45, "deep");
    both(&lazy, &whole, "wait 4000\n", (const char *const[]){NULL});
    patch_off_page(&lazy, &whole, "offpage");
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    side_stop(&lazy);
    side_stop(&whole);
}

/* More patches deep in the list: an event on screen deleted at the hub (a patch without its
 * row, then a new list), one moved to another topic while that topic is the filter, one made
 * staff-only, the open event's seats. */
static void test_patch_keys(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "pkeys");
    side_start(&whole, false, "", false, "pkeys");
    side_run(&lazy, "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\ntap \"Kerhot\"\n");
    side_run(&whole, "tap \"Suomi\"\ntap \"Aihe: Kaikki aiheet\"\ntap \"Kerhot\"\n");
    both_frac(&lazy, &whole, 0.5, "deep");
    char(*ids)[RECORD_EVENT_ID_MAX + 1] = calloc(16, sizeof *ids);
    assert_non_null(ids);
    int n = shown_ids(&lazy, ids, 16);
    assert_true(n >= 8);
    char sql[1024];
    snprintf(sql, sizeof sql, "UPDATE events SET gone = 1 WHERE id = '%s'", ids[1]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, n);
    both(&lazy, &whole, "shot deleted\ndump deleted\n", (const char *const[]){"deleted", NULL});
    both_patch(&lazy, &whole, NULL, 0);
    both(&lazy, &whole, "shot relisted\ndump relisted\n", (const char *const[]){"relisted", NULL});
    /* Another topic, staff-only: both leave the visitors' list of clubs. */
    snprintf(sql, sizeof sql,
             "UPDATE events SET category = 'visit' WHERE id = '%s';"
             "UPDATE events SET staff_only = 1 WHERE id = '%s'",
             ids[3], ids[5]);
    db_exec(sql);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids + 2, 5);
    both(&lazy, &whole, "shot rekeyed\ndump rekeyed\n", (const char *const[]){"rekeyed", NULL});
    assert_int_equal(lazy.k->app.list_total, whole.k->app.n_visible);
    /* The event of a card opened, its seats taken while it is open, Back. */
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 2, "shot detail\ndump detail\n",
                  (const char *const[]){"detail", NULL});
    char open[RECORD_EVENT_ID_MAX + 1];
    str_copy(open, sizeof open, lazy.k->app.detail_id);
    snprintf(sql, sizeof sql,
             "UPDATE events SET confirmed_seats = capacity, registration = 1 WHERE id = '%s'",
             open);
    db_exec(sql);
    str_copy(ids[0], sizeof ids[0], open);
    both_patch(&lazy, &whole, (const char(*)[RECORD_EVENT_ID_MAX + 1]) ids, 1);
    both(&lazy, &whole,
         "shot detail_full\ndump detail_full\ntap \"Takaisin\"\nshot back\ndump back\n",
         (const char *const[]){"detail_full", "back", NULL});
    assert_small(&lazy);
    free(ids);
    side_stop(&lazy);
    side_stop(&whole);
}

/* Midnight while deep in this week's list: today becomes tomorrow, the feedback screen's today
 * too; the attract screen at 00:00. */
static void test_midnight(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "midnight");
    side_start(&whole, false, "", false, "midnight");
    lazy.k->app.idle_timeout_ms = whole.k->app.idle_timeout_ms = 86400000;
    /* 12:00 local (the clock's start) to 23:58:30. */
    const char *go = "tap \"Suomi\"\ntap \"Tällä viikolla\"\nwait 43110000\n";
    side_run(&lazy, go);
    side_run(&whole, go);
    both_frac(&lazy, &whole, 0.5, "deep");
    both(&lazy, &whole,
         "shot before\ndump before\nwait 120000\nshot after\ndump after\n"
         "tap \"Tänään\"\nshot today\ndump today\ntap \"Anna palautetta\"\nshot feedback\n"
         "dump feedback\n",
         (const char *const[]){"before", "after", "today", "feedback", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* A kiosk with a venue of its own, deep in its list, idle: its attract screen, its list
 * again; the venue picker (its own venue first) over a page deep in every venue's list. */
static void test_home_deep(void **state)
{
    (void)state;
    Side lazy, whole;
    side_start(&lazy, true, "bench:place-05", false, "homedeep");
    side_start(&whole, false, "bench:place-05", false, "homedeep");
    side_run(&lazy, "tap \"Suomi\"\n");
    side_run(&whole, "tap \"Suomi\"\n");
    assert_true(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.7, "deep");
    both(&lazy, &whole,
         "wait 61000\nshot attract\ndump attract\ntap \"Svenska\"\nshot list\ndump list\n",
         (const char *const[]){"attract", "list", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    both_frac(&lazy, &whole, 0.9, "deep_sv");
    both(&lazy, &whole, "tap \"Evenemangsplats: Nordsjö bibliotek\"\nshot picker\ndump picker\n",
         (const char *const[]){"picker", NULL});
    /* Every venue's list ("all venues", the picker's first), deep, the pickers over it in
     * English. */
    both_tap_node(&lazy, &whole, ACT_PICK, 0, "", (const char *const[]){NULL});
    assert_false(lazy.k->app.venue_id[0]);
    both_frac(&lazy, &whole, 0.5, "all_deep");
    both(&lazy, &whole,
         "tap \"English\"\ntap \"Venue: All venues\"\nshot picker_en\ndump picker_en\n"
         "tap \"Close\"\ntap \"Topic: All topics\"\nshot topics_en\ndump topics_en\n",
         (const char *const[]){"picker_en", "topics_en", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
}

/* "My sign-up": a code looked up whose event is deep in the list (not on the page the list's
 * top read): the screen names its event, time and place, as the whole list's does. On a copy of
 * the catalogue with the sign-up in it (a commit the other tests' sides must not see); and
 * from deep in the list, and a minute later. */
static void test_mine_deep(void **state)
{
    (void)state;
    char saved[sizeof g_db];
    own_catalogue("mine",
                  "INSERT INTO signups (uuid, code, event_id, status, group_size, name, email,"
                  " phone, lang, created_at) SELECT 'u-mine', 'K7M4QX', id, 'confirmed', 2,"
                  " 'Testi Henkilö', '', '', 'fi', 1796112000 FROM events WHERE gone = 0"
                  " AND staff_only = 0 AND start_time > 1796112000 + 86400 * 30"
                  " ORDER BY start_time, end_time, id LIMIT 1",
                  saved, sizeof saved);
    Side lazy, whole;
    side_start(&lazy, true, "", false, "mine");
    side_start(&whole, false, "", false, "mine");
    both(&lazy, &whole,
         "tap \"Suomi\"\ntap \"Oma ilmoittautuminen\"\ntype \"K7M4QX\"\ntap \"Hae\"\n"
         "expect \"Paikkasi on vahvistettu\"\nshot found\ndump found\n",
         (const char *const[]){"found", NULL});
    assert_int_equal(lazy.k->app.screen, SCREEN_MINE);
    /* From deep in the list too, and a minute later (a page read for the minute). */
    both(&lazy, &whole, "tap \"Valmis\"\ntap \"Suomi\"\nshot list\ndump list\n",
         (const char *const[]){"list", NULL});
    both_frac(&lazy, &whole, 0.8, "deep");
    both(&lazy, &whole,
         "tap \"Oma ilmoittautuminen\"\ntype \"K7M4QX\"\ntap \"Hae\"\nshot found_deep\n"
         "dump found_deep\nwait 30000\nshot found_later\ndump found_later\n",
         (const char *const[]){"found_deep", "found_later", NULL});
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
    str_copy(g_db, sizeof g_db, saved);
}

/* A portrait screen (1080 x 1920: fewer columns, the reach bar at the bottom): flung deep, a
 * far jump, large text (one column) deep, the venue picker over it, an event opened and Back. */
static void test_portrait(void **state)
{
    (void)state;
    g_screen_w = 1080;
    g_screen_h = 1920;
    Side lazy, whole;
    side_start(&lazy, true, "", false, "portrait");
    side_start(&whole, false, "", false, "portrait");
    both(&lazy, &whole,
         "tap \"Suomi\"\nshot list\ndump list\ndrag 540 1500 540 300 60\nwait 5000\n"
         "shot flung\ndump flung\n",
         (const char *const[]){"list", "flung", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    both_frac(&lazy, &whole, 0.66, "far");
    both(&lazy, &whole, "tap \"Iso teksti\"\nshot large\ndump large\n",
         (const char *const[]){"large", NULL});
    both_frac(&lazy, &whole, 0.35, "large_deep");
    both_frac(&lazy, &whole, 2, "large_end");
    both_frac(&lazy, &whole, 0.8, "large_deep2");
    both(&lazy, &whole,
         "tap \"Tapahtumapaikka: Kaikki tapahtumapaikat\"\nshot picker\ndump picker\n"
         "tap \"Sulje\"\n",
         (const char *const[]){"picker", NULL});
    both_tap_node(&lazy, &whole, ACT_OPEN_EVENT, 0,
                  "shot detail\ndump detail\ntap \"Takaisin\"\nshot back\ndump back\n",
                  (const char *const[]){"detail", "back", NULL});
    assert_true(count_cards(&lazy.k->ui) > 0);
    assert_small(&lazy);
    side_stop(&lazy);
    side_stop(&whole);
    g_screen_w = 1920;
    g_screen_h = 1080;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_then_everything),
        cmocka_unit_test(test_minutes_pass),
        cmocka_unit_test(test_languages_and_sizes),
        cmocka_unit_test(test_home_venues),
        cmocka_unit_test(test_staff_events),
        cmocka_unit_test(test_mine_and_prepared_pages),
        cmocka_unit_test(test_pickers_deep),
        cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_detail_deep),
        cmocka_unit_test(test_feedback),
        cmocka_unit_test(test_time_deep),
        cmocka_unit_test(test_idle_deep),
        cmocka_unit_test(test_staff_venue),
        cmocka_unit_test(test_quarter_past),
        cmocka_unit_test(test_patch_off_page_at_second),
        cmocka_unit_test(test_patch_deep),
        cmocka_unit_test(test_patch_keys),
        cmocka_unit_test(test_midnight),
        cmocka_unit_test(test_home_deep),
        cmocka_unit_test(test_mine_deep),
        cmocka_unit_test(test_portrait),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
