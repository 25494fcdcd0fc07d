/*
 * wire_arena.h: a pull page's jansson tree in one arena of memory, dropped at once.
 *
 * A page of 1,000 events is about 300,000 jansson values, each its own malloc, and as many frees
 * when the tree goes: malloc and free were a quarter of a 10,000-event pull's instructions
 * (issue 12). Through jansson's own hook (json_set_alloc_funcs) the values a thread makes while
 * it uses an arena are cut from large blocks, a free of one of them does nothing, and the whole
 * tree goes with wire_arena_reset or wire_arena_free. Everything else is malloc'd and freed as
 * before: the hook hands any pointer that is not in a live arena to free(), so installing it
 * late, beside values made before, is safe, and with no arena live a free is free() at once.
 *
 * Rules: a value made in an arena must not outlive it (nothing may keep a json_incref of it past
 * wire_arena_reset / wire_arena_free); a json_decref of such a value is harmless, but not
 * needed. An arena makes values for one thread at a time; it may be reset or freed on another
 * thread once that one has stopped using it (a pull reads pages on one thread and stores them
 * on another).
 */
#ifndef AUKIO_WIRE_ARENA_H
#define AUKIO_WIRE_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct WireArena WireArena;

/* Installs the hook (once; wire_arena_new does it too). A program calls it before it starts
 * threads that use jansson, so the hook is never set while one of them allocates: the sync
 * client's sync_global_init does. */
void wire_arena_install(void);

/* A new, live arena (making no values yet), or NULL when out of memory. Caller frees with
 * wire_arena_free. */
WireArena *wire_arena_new(void);

/* From now on the jansson values the calling thread makes are cut from A (NULL: malloc'd as
 * usual). Returns the arena used before, to be put back. */
WireArena *wire_arena_use(WireArena *a);

/* Bytes handed out from A (for tests and figures). */
size_t wire_arena_used(const WireArena *a);

/* Drops every value made in A but keeps its blocks for the next values (a pull's next page:
 * the same memory again, without giving it back to the system and faulting it in anew). */
void wire_arena_reset(WireArena *a);

/* Drops A and every value made in it. NULL is allowed. */
void wire_arena_free(WireArena *a);

#endif
