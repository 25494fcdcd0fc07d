/*
 * test_export.c: where staff's exports go (kiosk/export.h): USB sticks found in a mount table
 * (under /media and /run/media only, a label with a space as the table escapes it, the folders
 * themselves and look-alikes left out, at most the number asked), the export's file name, and an
 * export of an empty kiosk (the header alone) in both dialects.
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

#include "export.h"

static void test_drives(void **state)
{
    (void)state;
    char path[] = "/tmp/aukio-test-mounts-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("proc /proc proc rw 0 0\n"
          "/dev/sda1 / ext4 rw 0 0\n"
          "/dev/sdb1 /media/KIRJASTO vfat rw,nosuid 0 0\n"
          "tmpfs /media tmpfs rw 0 0\n"
          "/dev/sdc1 /mediax/evil vfat rw 0 0\n"
          "/dev/sdd1 /run/media/staff/USB\\040STICK exfat rw 0 0\n"
          "/dev/sde1 /media/a vfat rw 0 0\n",
          f);
    fclose(f);
    ExportDrive d[EXPORT_DRIVES_MAX];
    int n = export_drives(path, d, EXPORT_DRIVES_MAX);
    assert_int_equal(n, 3);
    assert_string_equal(d[0].name, "KIRJASTO");
    assert_string_equal(d[0].path, "/media/KIRJASTO");
    assert_string_equal(d[1].name, "USB STICK");
    assert_string_equal(d[1].path, "/run/media/staff/USB STICK");
    assert_string_equal(d[2].name, "a");
    assert_int_equal(export_drives(path, d, 1), 1);
    unlink(path);
    assert_int_equal(export_drives("/nonexistent/mounts", d, EXPORT_DRIVES_MAX), 0);
}

static void test_file_name(void **state)
{
    (void)state;
    char buf[96];
    /* 2026-03-18 16:30 UTC is 18:30 in Helsinki (ctest sets TZ). */
    assert_string_equal(export_file_name(EXPORT_SIGNUPS, false, 1773851400, buf, sizeof buf),
                        "aukio-signups-2026-03-18-1830.csv");
    assert_string_equal(export_file_name(EXPORT_ATTENDANCE, true, 1773851400, buf, sizeof buf),
                        "aukio-attendance-excel-2026-03-18-1830.csv");
    assert_int_equal(export_kind_from_name("feedback"), EXPORT_FEEDBACK);
    assert_int_equal(export_kind_from_name("everything"), -1);
}

static void test_empty(void **state)
{
    (void)state;
    Store *st = NULL;
    char err[256];
    assert_int_equal(store_open(&st, ":memory:", err, sizeof err), 0);
    for (int k = 0; k < 3; k++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int rows = -1;
        assert_int_equal(
            export_to_stream(st, (ExportKind)k, NULL, CSV_EXCEL, f, &rows, err, sizeof err),
            AUKIO_OK);
        fclose(f);
        assert_int_equal(rows, 0);
        assert_memory_equal(buf, "\xEF\xBB\xBF", 3);
        assert_non_null(strchr(buf, ';'));
        assert_string_equal(buf + len - 2, "\r\n");
        int lines = 0;
        for (size_t i = 0; i < len; i++)
            lines += buf[i] == '\n';
        assert_int_equal(lines, 1); /* the header alone */
        free(buf);
    }
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drives),
        cmocka_unit_test(test_file_name),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
