/*
 * fsync_delay.c: an LD_PRELOAD shim that makes this VM's disk as slow to flush as an SD card or
 * eMMC (issue 12, target 6): every fsync and fdatasync waits AUKIO_FSYNC_DELAY_MS milliseconds
 * (default 0) before the real call, and counts. A benchmark in the same process reads the count
 * through fsync_delay_count() (dlsym; absent without the shim). Only benchmarks load it.
 *
 *   LD_PRELOAD=build/tests/libfsync_delay.so AUKIO_FSYNC_DELAY_MS=20 build/tests/bench_kiosk
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_ulong g_count;

unsigned long fsync_delay_count(void);
int fsync(int fd);
int fdatasync(int fd);

unsigned long fsync_delay_count(void)
{
    return atomic_load(&g_count);
}

static void delay(void)
{
    atomic_fetch_add(&g_count, 1);
    const char *v = getenv("AUKIO_FSYNC_DELAY_MS");
    long ms = v ? strtol(v, NULL, 10) : 0;
    if (ms <= 0) return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    delay();
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    delay();
    return real(fd);
}
