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
    k->gfx = gfx_new(GFX_HEADLESS, 1920, 1080, false, SOURCE_DIR "/fonts", err, sizeof err);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_then_everything), cmocka_unit_test(test_minutes_pass),
        cmocka_unit_test(test_languages_and_sizes), cmocka_unit_test(test_home_venues),
        cmocka_unit_test(test_staff_events),        cmocka_unit_test(test_mine_and_prepared_pages),
    };
    return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
