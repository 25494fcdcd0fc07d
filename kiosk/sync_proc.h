/*
 * sync_proc.h: the kiosk's side of its sync helper process, aukio-sync (README, "Processes").
 *
 * libcurl and its TLS stack live in aukio-sync, never in the UI process: the kiosk starts the
 * helper with one end of a socketpair as its fd 3, supervises it (a helper that dies is started
 * again after a backoff of 0.5 s doubling to 60 s, and the kiosk works offline meanwhile), and
 * stops it on exit (closing the socket; SIGKILL after 5 s). Over the socket go JSON lines
 * (jansson; sync/client_serve.c has the other end): the kiosk's "sync now" pokes and the express
 * and lookup requests; back come the sync status and the answers.
 *
 * A thread of this module reads the socket. After a pull that changed the catalogue it reads the
 * list (store_events_upcoming) with its own Store, off the UI thread, before the UI sees the new
 * catalogue_gen; the UI takes it by swapping a pointer (sync_proc_take_rows). When the helper
 * named the events the pull changed (at most SYNC_CHANGED_MAX, none deleted), it reads only
 * their rows instead, which the UI patches into its list in place (sync_proc_take_patch,
 * ACT_ROWS_PATCHED); when a patch does not fit the list, the UI asks for the whole list
 * (sync_proc_reload).
 *
 * The functions mirror client.h's sync_thread_*, sync_express_* and sync_lookup_*; all may be
 * called with a NULL SyncProc (no hub: nothing is asked).
 */
#ifndef AUKIO_SYNC_PROC_H
#define AUKIO_SYNC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "client.h"
#include "store.h"

typedef struct SyncProc SyncProc;

typedef struct {
    const char *config; /* the kiosk's --config, NULL for none */
    const char *db;     /* the database path */
    bool rounds;        /* run sync rounds (a window); false: express and lookup only (headless) */
    /* The UI holds a page of the list (runtime.h, Kiosk.paged): a changed catalogue is only
     * said (sync_proc_take_rows gives nothing; the UI reads its page), changed rows are read. */
    bool paged;
    void (*notify)(void *ctx); /* called from the reader thread when anything changed, or NULL */
    void *ctx;
} SyncProcOptions;

/* The helper's path into OUT: $AUKIO_SYNC_HELPER, else aukio-sync beside this program. */
void sync_proc_helper_path(char *out, size_t n);

/* Starts the reader thread, which starts the helper. NULL with ERR on failure. */
SyncProc *sync_proc_start(const SyncProcOptions *o, char *err, size_t errlen);

/* Stops the helper (its transfer under way is aborted) and the thread, and frees P. */
void sync_proc_stop(SyncProc *p);

/* Something new is in the outbox: sync soon. While the helper is down, the queue's count is
 * read here instead, for the status. */
void sync_proc_poke(SyncProc *p);

/* The current status (as sync_thread_status; failing while the helper is down). */
void sync_proc_status(SyncProc *p, SyncThreadStatus *out);

/* As sync_thread_take_rows: the list read after the last catalogue change, caller frees. */
bool sync_proc_take_rows(SyncProc *p, EventRow **rows, int *n);

/* The rows of the events the last catalogue change named, caller frees (or ACT_ROWS_PATCHED
 * takes them). At most one of this and sync_proc_take_rows has something after a change. */
bool sync_proc_take_patch(SyncProc *p, EventRow **rows, int *n);

/* Reads the whole list again on the reader thread (a patch did not fit): sync_proc_take_rows
 * has it after the next catalogue_gen. */
void sync_proc_reload(SyncProc *p);

/* A paged UI's list (runtime_list.c), all its page is read for but the moment. */
typedef struct {
    int64_t until;
    bool staff, show_all, groups, staff_list;
    char category[32], venue_id[64], home_venue[128];
} SyncPageSpec;

/* What a paged UI's next page takes after a catalogue change, read on the reader thread before
 * the UI sees the change (at 100,000 events the count alone is 12 ms): the list's counts and the
 * rows every page takes (store_page_count, store_page_aux), for SPEC as of AT_MS. */
typedef struct {
    SyncPageSpec spec;
    int64_t at_ms;
    unsigned gen; /* the SyncThreadStatus.catalogue_gen it is for */
    int counts[2];
    StorePageAux aux;
} SyncPagePrep;

/* The query of SPEC's list as of AT_MS (wall ms; the minute's start: app_row_ended) into Q, its
 * strings SPEC's; no position, rows or pinned events (the UI's page adds those). */
void sync_page_query(const SyncPageSpec *spec, int64_t at_ms, StorePageQuery *q);

/* Reads the preparation for SPEC as of AT_MS (wall ms) into OUT (its gen left 0): 0, or -1 with
 * ERR (the reader's own, and bench_sync_frame's). */
int sync_page_prep_read(Store *s, const SyncPageSpec *spec, int64_t at_ms, SyncPagePrep *out,
                        char *err, size_t errlen);

/* The UI's list now (copied): the reader prepares for it after each catalogue change. */
void sync_proc_page_spec(SyncProc *p, const SyncPageSpec *spec);
/* The last preparation, if any: true with *OUT (whose aux is the caller's to free). */
bool sync_proc_take_page_prep(SyncProc *p, SyncPagePrep *out);

/* Frees BLOCK (malloc'd; NULL is fine) on the reader thread, soon: the list's old rows, whose
 * free (an munmap of tens of MB at 100,000 events) should not take a UI frame. */
void sync_proc_free_later(SyncProc *p, void *block);

/* As sync_express_ask / sync_express_take. False also while the helper is down; a request under
 * way when it dies is answered SYNC_ERR_NET. */
bool sync_proc_express_ask(SyncProc *p, const char *uuid, int deadline_ms);
bool sync_proc_express_take(SyncProc *p, bool wait, SyncExpressAnswer *out);

/* As sync_lookup_ask / sync_lookup_take, likewise. */
bool sync_proc_lookup_ask(SyncProc *p, const char *code, bool cancel, int deadline_ms);
bool sync_proc_lookup_take(SyncProc *p, bool wait, SyncLookupAnswer *out);

/* The helper's process id, 0 while it is down (for tests and the log). */
pid_t sync_proc_pid(SyncProc *p);

/* Runs the helper once with ARGV (ARGV[0] is replaced by the helper's path), IN (or NULL) on its
 * standard input, its standard output into OUT (up to N-1 bytes, NUL-terminated) and the first
 * line of its standard error into ERR. Returns its exit code, or -1 with ERR when it could not
 * be run. */
int sync_proc_run_once(char *const *argv, const char *in, char *out, size_t n, char *err,
                       size_t errlen);

#endif
