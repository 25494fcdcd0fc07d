/*
 * driver.c: runs a libFuzzer harness without libFuzzer, for the normal gcc builds (plain and
 * ASan + UBSan), so that every seed and every reproducer of a past bug runs in ctest.
 *
 *   fuzz_NAME PATH...    each PATH a file or a directory (its regular files, in name order,
 *                        files starting with '.' skipped)
 *
 * Each input is handed to LLVMFuzzerTestOneInput in a buffer of exactly its size, so the
 * sanitizer sees a read past the end. A harness reports a broken property by calling abort(), as
 * under libFuzzer. Exits 0 when every input ran, 1 when a path cannot be read or there were none.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#define INPUT_MAX (16u * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path)
{
    char *text = NULL, err[512];
    size_t len = 0;
    if (file_read(path, INPUT_MAX, &text, &len, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    /* An exact-size copy: file_read's terminating NUL would hide a one-byte over-read. */
    uint8_t *data = malloc(len ? len : 1);
    if (!data) {
        free(text);
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    memcpy(data, text, len);
    free(text);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of DIR; returns how many, or -1. */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown) {
                rc = -1;
                break;
            }
            names = grown;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0) qsort(names, n, sizeof *names, cmp_names);
    int ran = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (run_file(path)) rc = -1;
        ran++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc ? -1 : ran;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    int total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 1;
        }
        int ran = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : (run_file(argv[i]) ? -1 : 1);
        if (ran < 0) return 1;
        printf("%s: %d inputs\n", argv[i], ran);
        total += ran;
    }
    if (total == 0) {
        fprintf(stderr, "%s: no inputs given\n", argv[0]);
        return 1;
    }
    printf("%d inputs ran\n", total);
    return 0;
}
