/*
 * fuzz_ini.c: the kiosk's INI configuration reader (config_load, kiosk/config.c) over a file of
 * the fuzzed bytes. Properties: no crash or leak; a load that fails leaves the Config as it was
 * (config.h promises that), and every string of a loaded Config is terminated within its field.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char path[64];

static void remove_file(void)
{
    if (path[0]) unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/aukio-fuzz-ini-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        abort();
    }
    close(fd);
    atexit(remove_file);
    return 0;
}

#define TERMINATED(field) (strnlen((field), sizeof(field)) < sizeof(field))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) LLVMFuzzerInitialize(NULL, NULL);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    if (fclose(f) != 0) abort();

    Config c, before;
    char err[512];
    config_defaults(&c);
    before = c;
    if (config_load(&c, path, err, sizeof err) != 0) {
        if (memcmp(&c, &before, sizeof c) != 0) {
            fprintf(stderr, "config_load failed (%s) but changed the config\n", err);
            abort();
        }
        if (strnlen(err, sizeof err) == 0) {
            fprintf(stderr, "config_load failed with no message\n");
            abort();
        }
        return 0;
    }
    if (!TERMINATED(c.kiosk_name) || !TERMINATED(c.venue) || !TERMINATED(c.database) ||
        !TERMINATED(c.timezone) || !TERMINATED(c.hub_url) || !TERMINATED(c.hub_token) ||
        !TERMINATED(c.ca_file) || !TERMINATED(c.token_file))
        abort();
    return 0;
}
