/*
 * wire_arena.c: jansson values in one arena (see wire_arena.h).
 */
#include "wire_arena.h"

#include <pthread.h>
#include <stdalign.h>
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
    WireArena *next_live; /* the thread's other live arenas */
    size_t next_size, used;
    bool on;
};

/* The calling thread's live arenas, newest first: the one making values is the first that is
 * on. Thread-local, so the hooks need no lock. */
static _Thread_local WireArena *t_live;

static char *block_start(Block *b)
{
    /* The header is a multiple of the alignment on the usual ABIs; rounded up anyway. */
    const uintptr_t align = alignof(max_align_t);
    return (char *)(((uintptr_t)(b + 1) + align - 1) & ~(align - 1));
}

static bool in_arena(const void *p)
{
    const char *c = p;
    for (const WireArena *a = t_live; a; a = a->next_live)
        for (const Block *b = a->first; b; b = b->next)
            if (c >= (const char *)(b + 1) && c < b->end) return true;
    return false;
}

static void *arena_alloc(WireArena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
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
        if (a->last)
            a->last->next = b;
        else
            a->first = b;
        a->last = a->cur = b;
    }
    void *p = b->at;
    b->at += n;
    a->used += n;
    return p;
}

static void *hook_malloc(size_t n)
{
    for (WireArena *a = t_live; a; a = a->next_live)
        if (a->on) return arena_alloc(a, n ? n : 1);
    return malloc(n);
}

static void hook_free(void *p)
{
    if (p && !in_arena(p)) free(p);
}

static void install(void)
{
    json_set_alloc_funcs(hook_malloc, hook_free);
}

WireArena *wire_arena_new(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
    WireArena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->next_size = BLOCK_FIRST;
    a->next_live = t_live;
    t_live = a;
    return a;
}

bool wire_arena_use(WireArena *a, bool on)
{
    bool was = a->on;
    a->on = on;
    return was;
}

size_t wire_arena_used(const WireArena *a)
{
    return a ? a->used : 0;
}

void wire_arena_reset(WireArena *a)
{
    if (!a) return;
    a->cur = a->first;
    if (a->first) a->first->at = block_start(a->first);
    a->used = 0;
}

void wire_arena_free(WireArena *a)
{
    if (!a) return;
    for (WireArena **pp = &t_live; *pp; pp = &(*pp)->next_live)
        if (*pp == a) {
            *pp = a->next_live;
            break;
        }
    for (Block *b = a->first, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}
