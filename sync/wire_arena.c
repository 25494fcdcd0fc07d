/*
 * wire_arena.c: jansson values in one arena (see wire_arena.h).
 */
#include "wire_arena.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#define BLOCK_FIRST (256u * 1024)
#define BLOCK_MAX (8u * 1024 * 1024)

typedef struct Block {
    struct Block *next; /* the next newer block */
    char *end;          /* one past the block's last byte */
    char *at;           /* the next free byte */
} Block;

struct WireArena {
    Block *first, *last;  /* in the order they were made */
    Block *cur;           /* the one values are cut from; those after it are free */
    WireArena *next_live; /* the other live arenas */
    size_t next_size, used;
};

/* The arena making this thread's values, if any: thread-local, so allocating takes no lock. */
static _Thread_local WireArena *t_on;

/* Every live arena, of any thread: a value is freed on whichever thread drops it (a pull's
 * pages are read on one thread and stored on another), so a free looks here, under the lock. No
 * live arena (the hub, the UI, a kiosk between pulls): free() at once. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static WireArena *g_live;
static atomic_int g_n_live;

static char *block_start(Block *b)
{
    /* The header is a multiple of the alignment on the usual ABIs; rounded up anyway. */
    const uintptr_t align = alignof(max_align_t);
    return (char *)(((uintptr_t)(b + 1) + align - 1) & ~(align - 1));
}

static bool in_arena(const void *p)
{
    const char *c = p;
    for (const WireArena *a = g_live; a; a = a->next_live)
        for (const Block *b = a->first; b; b = b->next)
            if (c >= (const char *)(b + 1) && c < b->end) return true;
    return false;
}

static void *arena_alloc(WireArena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    /* No value of a page is near this (the pages are capped far below); a size that would wrap
     * the sums below is refused, as malloc refuses it. */
    if (n > SIZE_MAX / 4) return NULL;
    n = (n + align - 1) & ~(align - 1);
    Block *b = a->cur;
    /* After a reset the blocks already made are used again, in order. */
    while (b && (size_t)(b->end - b->at) < n && b->next) {
        b = b->next;
        b->at = block_start(b);
        a->cur = b;
    }
    if (!b || (size_t)(b->end - b->at) < n) {
        size_t size = a->next_size;
        while (size - sizeof *b - align < n)
            size *= 2;
        if (a->next_size < BLOCK_MAX) a->next_size *= 2;
        if (!(b = malloc(size))) return NULL;
        b->next = NULL;
        b->end = (char *)b + size;
        b->at = block_start(b);
        pthread_mutex_lock(&g_lock); /* another thread's free may be walking the blocks */
        if (a->last)
            a->last->next = b;
        else
            a->first = b;
        pthread_mutex_unlock(&g_lock);
        a->last = a->cur = b;
    }
    void *p = b->at;
    b->at += n;
    a->used += n;
    return p;
}

static void *hook_malloc(size_t n)
{
    return t_on ? arena_alloc(t_on, n ? n : 1) : malloc(n);
}

static void hook_free(void *p)
{
    if (!p) return;
    if (atomic_load_explicit(&g_n_live, memory_order_acquire) == 0) {
        free(p);
        return;
    }
    pthread_mutex_lock(&g_lock);
    bool mine = in_arena(p);
    pthread_mutex_unlock(&g_lock);
    if (!mine) free(p);
}

static void install(void)
{
    json_set_alloc_funcs(hook_malloc, hook_free);
}

void wire_arena_install(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
}

WireArena *wire_arena_new(void)
{
    wire_arena_install();
    WireArena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->next_size = BLOCK_FIRST;
    pthread_mutex_lock(&g_lock);
    a->next_live = g_live;
    g_live = a;
    atomic_fetch_add(&g_n_live, 1);
    pthread_mutex_unlock(&g_lock);
    return a;
}

WireArena *wire_arena_use(WireArena *a)
{
    WireArena *was = t_on;
    t_on = a;
    return was;
}

size_t wire_arena_used(const WireArena *a)
{
    return a ? a->used : 0;
}

void wire_arena_reset(WireArena *a)
{
    if (!a) return;
    /* Blocks are not made nor given back here, so a concurrent free's look is unaffected. */
    a->cur = a->first;
    if (a->first) a->first->at = block_start(a->first);
    a->used = 0;
}

void wire_arena_free(WireArena *a)
{
    if (!a) return;
    if (t_on == a) t_on = NULL;
    pthread_mutex_lock(&g_lock);
    for (WireArena **pp = &g_live; *pp; pp = &(*pp)->next_live)
        if (*pp == a) {
            *pp = a->next_live;
            break;
        }
    atomic_fetch_sub(&g_n_live, 1);
    pthread_mutex_unlock(&g_lock);
    for (Block *b = a->first, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}
