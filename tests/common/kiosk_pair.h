/*
 * kiosk_pair.h: two headless kiosks on one generated catalogue, one holding a page of its list
 * (Kiosk.paged, as every kiosk does) and one the whole list, run through the same scripts; every
 * shot (the PNG's bytes) and dump must be the same (issue 12). The tests test_lazy_list.c,
 * test_lazy_deep.c and test_lazy_edges.c use it.
 */
#ifndef AUKIO_TEST_KIOSK_PAIR_H
#define AUKIO_TEST_KIOSK_PAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime.h"
#include "ui.h"

#define N_EVENTS 6000
#define GEN_NOW 1796112000 /* 2026-12-01 08:00 UTC */
/* The kiosk's clock: a day and two hours on, so that the first day's early events have ended. */
#define CLOCK_S (GEN_NOW + 86400 + 2 * 3600)

/* The scratch directory and the shared catalogue's database (setup_group makes them). */
extern char g_dir[64], g_db[128];
/* The sides' screen: landscape, but for a portrait test. */
extern int g_screen_w, g_screen_h;

typedef struct {
    Kiosk *k;
    char shots[96];
} Side;

/* The shared catalogue (N_EVENTS generated, every seventh staff-only) in g_dir, and its end. */
int setup_group(void **state);
int teardown_group(void **state);
/* A headless kiosk on g_db as main.c starts one: paged when LAZY, else the whole list
 * (AUKIO_WHOLE_LIST); its shots in g_dir/TAG-lazy or TAG-whole. The helpers below are described
 * where they are defined (kiosk_pair.c). */
void side_start(Side *s, bool lazy, const char *venue, bool show_all, const char *tag);
void side_stop(Side *s);
void side_run(Side *s, const char *script);
void assert_same_file(const char *a, const char *b);
void assert_same(const Side *lazy, const Side *whole, const char *name);
void both(Side *lazy, Side *whole, const char *script, const char *const *names);
int count_cards(const Ui *ui);
void both_scroll(Side *lazy, Side *whole, float scroll, const char *name);
void assert_small(const Side *lazy);
void both_dispatch(Side *lazy, Side *whole, Action act);
void both_frac(Side *lazy, Side *whole, double frac, const char *name);
int node_at(const Side *side, ActionKind kind, int nth, int *x, int *y);
int count_nodes(const Side *side, ActionKind kind);
void both_tap_node(Side *lazy, Side *whole, ActionKind kind, int nth, const char *script,
                   const char *const *names);
int shown_ids(const Side *lazy, char (*ids)[RECORD_EVENT_ID_MAX + 1], int max);
void db_exec(const char *sql);
void both_patch(Side *lazy, Side *whole, const char (*ids)[RECORD_EVENT_ID_MAX + 1], int n);
void own_catalogue(const char *name, const char *sql, char *saved, size_t n);

#endif
