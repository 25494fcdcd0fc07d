/*
 * test_config.c: the INI config: a good file, every kind of error with its line number, the
 * Config untouched on error, and config_set's line-preserving rewrite.
 *
 * Files are written into a fresh temporary directory per test run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static char dir[256];
static char path[320];

/* ---- Helpers ----------------------------------------------------------------------------- */

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Reads P into a static buffer. */
static const char *read_file(const char *p)
{
    static char buf[8192];
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int count_dir_entries(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/aukio-test-config-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/aukio.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char p[600];
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
    return 0;
}

/* ---- Loading ----------------------------------------------------------------------------- */

static const char GOOD[] = "; Aukio kiosk configuration\n"
                           "[kiosk]\n"
                           "name = Lahden pääkirjasto, aula\n"
                           "venue = Lahden pääkirjasto\n"
                           "language = sv                ; fi | sv | en: the language after idle\n"
                           "database = /var/lib/aukio/aukio.db\n"
                           "timezone = Europe/Helsinki\n"
                           "retention_days = 30          ; days\n"
                           "\n"
                           "# timeouts in seconds\n"
                           "[timeouts]\n"
                           "idle = 90\n"
                           "confirmation = 15\n"
                           "[sync]\n"
                           "hub = https://hub.example.fi:8443\n"
                           "token = s3cr3t;token\n"
                           "interval = 120\n"
                           "ca_file = /etc/aukio/hub-ca.pem\n";

static void test_defaults(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    assert_int_equal(c.language, LANG_FI);
    assert_string_equal(c.database, "aukio.db");
    assert_string_equal(c.timezone, "Europe/Helsinki");
    assert_int_equal(c.idle_timeout_s, 60);
    assert_int_equal(c.confirm_timeout_s, 20);
    assert_int_equal(c.retention_days, 14);
    assert_int_equal(c.sync_interval_s, 60);
    assert_string_equal(c.hub_url, "");
    assert_string_equal(c.hub_token, "");
}

static void test_good_file(void **state)
{
    (void)state;
    write_file(path, GOOD);
    Config c;
    config_defaults(&c);
    char err[256] = "";
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_string_equal(c.kiosk_name, "Lahden pääkirjasto, aula");
    assert_string_equal(c.venue, "Lahden pääkirjasto");
    assert_int_equal(c.language, LANG_SV);
    assert_string_equal(c.database, "/var/lib/aukio/aukio.db");
    assert_string_equal(c.timezone, "Europe/Helsinki");
    assert_int_equal(c.retention_days, 30);
    assert_int_equal(c.idle_timeout_s, 90);
    assert_int_equal(c.confirm_timeout_s, 15);
    assert_string_equal(c.hub_url, "https://hub.example.fi:8443");
    assert_string_equal(c.hub_token, "s3cr3t;token"); /* ';' without a blank is not a comment */
    assert_int_equal(c.sync_interval_s, 120);
    assert_string_equal(c.ca_file, "/etc/aukio/hub-ca.pem");
}

static void test_partial_file_keeps_other_values(void **state)
{
    (void)state;
    write_file(path, "[timeouts]\r\nidle = 45\r\n"); /* CRLF as Notepad writes it */
    Config c, want;
    config_defaults(&c);
    config_defaults(&want);
    want.idle_timeout_s = 45;
    char err[256];
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_memory_equal(&c, &want, sizeof c);

    write_file(path, "");
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_memory_equal(&c, &want, sizeof c);

    write_file(path, "\xEF\xBB\xBF[kiosk]\nlanguage = EN\n"); /* with a byte order mark */
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.language, LANG_EN);
}

/* [speech]: the mode by name, the volume in its range, a bad value named with its line. */
static void test_speech_settings(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    assert_int_equal(c.speech_mode, 0);
    assert_int_equal(c.speech_volume, 80);
    char err[256];
    write_file(path, "[speech]\nmode = always\nvolume = 50\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.speech_mode, 2);
    assert_int_equal(c.speech_volume, 50);
    write_file(path, "[speech]\nmode = offered\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.speech_mode, 1);
    write_file(path, "[speech]\nvolume = 50\nmode = loud\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":3:"));
    assert_non_null(strstr(err, "expected off, offered or always"));
    assert_int_equal(c.speech_mode, 1); /* unchanged by the failed load */
    write_file(path, "[speech]\nvolume = 5\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
}

typedef struct {
    const char *text;
    const char *want; /* expected message after "PATH:" */
} BadCase;

static void test_errors(void **state)
{
    (void)state;
    char long_line[400];
    snprintf(long_line, sizeof long_line, "[kiosk]\ndatabase = /%0300d\n", 0);
    char long_name[300];
    snprintf(long_name, sizeof long_name, "[kiosk]\nname = %0150d\n", 0);

    const BadCase cases[] = {
        {"[kiosk]\nname = x\nnmae = y\n", "3: unknown key 'nmae' in [kiosk]"},
        {"[kiosk]\nname = x\n\n[kiosks]\nname = y\n", "4: unknown section [kiosks]"},
        {"[Kiosk]\n", "1: unknown section [Kiosk]"}, /* empty, still an error */
        {"\xEF\xBB\xBF[kiosks]\n", "1: unknown section [kiosks]"},
        {"\xEF\xBB\xBF  [kiosk]\n", "1: indented section header"},
        {"name = x\n[kiosk]\n", "1: key 'name' outside any section"},
        {"[timeouts]\nidle = abc\n",
         "2: bad value 'abc' for 'idle' in [timeouts]: expected 10..3600 seconds"},
        {"[timeouts]\nidle = 60s\n", "2: bad value '60s' for 'idle'"},
        {"[timeouts]\nidle = 5\n", "2: bad value '5' for 'idle'"},
        {"[timeouts]\nidle =\n", "2: bad value '' for 'idle'"},
        {"[timeouts]\nconfirmation = 99999999999999999999\n", "2: bad value '9999"},
        {"[timeouts]\nidle = 0x20\n", "2: bad value '0x20'"},
        {"[sync]\ninterval = -60\n", "2: bad value '-60' for 'interval' in [sync]"},
        {"[kiosk]\nretention_days = 4000\n", "2: bad value '4000' for 'retention_days'"},
        {"[kiosk]\nlanguage = de\n", "2: bad value 'de' for 'language' in [kiosk]: expected fi"},
        {"[kiosk]\ntimezone = ../../etc/passwd\n", "2: bad value '../../etc/passwd' for"},
        {"[kiosk]\ntimezone = Europe/Helsinki\ntimezone = UTC\n",
         "3: key 'timezone' in [kiosk] is set twice"},
        {"[kiosk]\ndatabase =\n", "2: 'database' in [kiosk] must not be empty"},
        {"[sync]\nhub = ftp://hub.example.fi\n", "2: bad value for 'hub' in [sync]"},
        {"[kiosk]\nname = x\nthis is not a setting\n", "3: syntax error"},
        {"[kiosk\nname = x\n", "1: syntax error"},
        {"[kiosk]\n  name = x\n", "2: indented line"},
        {"[kiosk]\nname = x\n  continued\n", "3: indented line"},
        {"  [kiosk]\n", "1: indented section header"},
        {long_line, "2: line too long"},
        {long_name, "2: value of 'name' in [kiosk] is too long (at most 127 bytes)"},
        /* The first error wins, whether ours or inih's. */
        {"[kiosk]\nbogus\nnmae = y\n", "2: syntax error"},
        {"[kiosk]\nnmae = y\nbogus\n", "2: unknown key 'nmae'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].text);
        Config c;
        config_defaults(&c);
        char err[256] = "";
        if (config_load(&c, path, err, sizeof err) != -1)
            fail_msg("case %zu: accepted \"%s\"", i, cases[i].text);
        char want[512];
        snprintf(want, sizeof want, "%s:%s", path, cases[i].want);
        if (strncmp(err, want, strlen(want)) != 0)
            fail_msg("case %zu: got \"%s\", want \"%s...\"", i, err, want);
    }
}

static void test_timezone_must_exist(void **state)
{
    (void)state;
    struct stat st;
    if (stat("/usr/share/zoneinfo/Europe/Helsinki", &st) != 0 || getenv("TZDIR"))
        skip(); /* no zone database to check against */
    write_file(path, "[kiosk]\ntimezone = Europe/Helsnki\n");
    Config c;
    config_defaults(&c);
    char err[256];
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: bad value 'Europe/Helsnki' for 'timezone'"));
    write_file(path, "[kiosk]\ntimezone = UTC\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.timezone, "UTC");
}

static void test_unchanged_on_error(void **state)
{
    (void)state;
    write_file(path, GOOD);
    Config c, before;
    config_defaults(&c);
    char err[256];
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    before = c;
    /* Valid settings before the bad line must not leak into C. */
    write_file(path, "[kiosk]\nname = Other\nlanguage = en\n[timeouts]\nidle = 30\nidle2 = 1\n");
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":6: unknown key 'idle2' in [timeouts]"));
    assert_memory_equal(&c, &before, sizeof c);
}

static void test_missing_file(void **state)
{
    (void)state;
    Config c, before;
    config_defaults(&c);
    before = c;
    char err[256];
    char missing[400];
    snprintf(missing, sizeof missing, "%s/nope.ini", dir);
    assert_int_equal(config_load(&c, missing, err, sizeof err), -1);
    assert_non_null(strstr(err, missing));
    assert_non_null(strstr(err, "No such file"));
    assert_memory_equal(&c, &before, sizeof c);
    /* A short error buffer is still terminated. */
    char tiny[8];
    assert_int_equal(config_load(&c, missing, tiny, sizeof tiny), -1);
    assert_int_equal(strlen(tiny), 7);
}

/* Issue 7: "at most 197 characters" said of a line, but a line of 197 was refused (the limit was
 * counted with the line break). */
static void test_line_length_limit(void **state)
{
    (void)state;
    char text[512], err[256] = "";
    Config c;
    for (int n = 197; n <= 198; n++) {
        /* A comment line of N characters, ended by "\r\n" as Notepad writes it. */
        int k = snprintf(text, sizeof text, "[kiosk]\n;");
        memset(text + k, 'x', (size_t)(n - 1));
        snprintf(text + k + n - 1, sizeof text - (size_t)(k + n - 1), "\r\nname = Lahti\n");
        write_file(path, text);
        config_defaults(&c);
        int rc = config_load(&c, path, err, sizeof err);
        if (n == 197) {
            if (rc != 0) fail_msg("a line of 197 characters refused: %s", err);
            assert_string_equal(c.kiosk_name, "Lahti");
        } else {
            assert_int_equal(rc, -1);
            assert_non_null(strstr(err, ":2: line too long (at most 197 characters)"));
        }
    }
}

/* Found by fuzz_ini: a line ending in many carriage returns was counted as short and copied
 * whole into inih's 200-byte line buffer, overwriting the stack. */
static void test_carriage_returns_are_characters(void **state)
{
    (void)state;
    char text[600];
    int k = snprintf(text, sizeof text, "[kiosk]\n;x");
    memset(text + k, '\r', 400);
    snprintf(text + k + 400, sizeof text - (size_t)(k + 400), "\nname = Lahti\n");
    write_file(path, text);
    Config c;
    char err[256];
    config_defaults(&c);
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: line too long"));
}

/* Issue 7: a NUL byte cut a value short without a word; `hub = http://` named no host. */
static void test_nul_and_hostless_hub(void **state)
{
    (void)state;
    static const char NUL_TEXT[] = "[kiosk]\nname = Lahti\0Hollola\n";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(NUL_TEXT, 1, sizeof NUL_TEXT - 1, f), sizeof NUL_TEXT - 1);
    fclose(f);
    Config c;
    char err[256];
    config_defaults(&c);
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, ":2: contains a NUL byte"));
    static const char *const BAD_HUBS[] = {"http://", "https://", "https://:8443", "ftp://hub.fi",
                                           "https://hub .fi"};
    for (size_t i = 0; i < sizeof BAD_HUBS / sizeof BAD_HUBS[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "[sync]\nhub = %s\n", BAD_HUBS[i]);
        write_file(path, text);
        config_defaults(&c);
        if (config_load(&c, path, err, sizeof err) != -1)
            fail_msg("accepted hub = %s", BAD_HUBS[i]);
        assert_non_null(strstr(err, "with a host"));
    }
    write_file(path, "[sync]\nhub = http://127.0.0.1:8080\n");
    config_defaults(&c);
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    /* A value with a control character would not read back as written. */
    assert_int_equal(config_set(path, "kiosk", "name", "a\fb", err, sizeof err), -1);
}

/* ---- config_set -------------------------------------------------------------------------- */

static const char SET_BASE[] = "; Aukio kiosk configuration\n"
                               "[kiosk]\n"
                               "name = Lahti\n"
                               "language = fi ; after idle\n"
                               "\n"
                               "; how long before the kiosk gives up\n"
                               "[timeouts]\n"
                               "idle = 60\n"
                               "# end\n";

static void load_ok(Config *c)
{
    char err[256] = "";
    config_defaults(c);
    if (config_load(c, path, err, sizeof err) != 0) fail_msg("%s", err);
}

static void test_set_replaces_keeping_comments(void **state)
{
    (void)state;
    write_file(path, SET_BASE);
    char err[256];
    assert_int_equal(config_set(path, "kiosk", "language", "sv", err, sizeof err), 0);
    assert_string_equal(read_file(path), "; Aukio kiosk configuration\n"
                                         "[kiosk]\n"
                                         "name = Lahti\n"
                                         "language = sv ; after idle\n"
                                         "\n"
                                         "; how long before the kiosk gives up\n"
                                         "[timeouts]\n"
                                         "idle = 60\n"
                                         "# end\n");
    assert_int_equal(config_set(path, "timeouts", "idle", "120", err, sizeof err), 0);
    Config c;
    load_ok(&c);
    assert_int_equal(c.language, LANG_SV);
    assert_int_equal(c.idle_timeout_s, 120);
    assert_string_equal(c.kiosk_name, "Lahti");
    assert_int_equal(count_dir_entries(), 1); /* no temporary file left behind */
}

static void test_set_adds_key_to_section(void **state)
{
    (void)state;
    write_file(path, SET_BASE);
    char err[256];
    assert_int_equal(
        config_set(path, "kiosk", "database", "/var/lib/aukio/aukio.db", err, sizeof err), 0);
    /* After the section's last key, not after the comment that heads [timeouts]. */
    assert_string_equal(read_file(path), "; Aukio kiosk configuration\n"
                                         "[kiosk]\n"
                                         "name = Lahti\n"
                                         "language = fi ; after idle\n"
                                         "database = /var/lib/aukio/aukio.db\n"
                                         "\n"
                                         "; how long before the kiosk gives up\n"
                                         "[timeouts]\n"
                                         "idle = 60\n"
                                         "# end\n");
    assert_int_equal(config_set(path, "timeouts", "confirmation", "30", err, sizeof err), 0);
    assert_string_equal(read_file(path), "; Aukio kiosk configuration\n"
                                         "[kiosk]\n"
                                         "name = Lahti\n"
                                         "language = fi ; after idle\n"
                                         "database = /var/lib/aukio/aukio.db\n"
                                         "\n"
                                         "; how long before the kiosk gives up\n"
                                         "[timeouts]\n"
                                         "idle = 60\n"
                                         "confirmation = 30\n"
                                         "# end\n");
}

static void test_set_adds_section(void **state)
{
    (void)state;
    write_file(path, "[kiosk]\nname = Lahti"); /* no final newline */
    char err[256];
    assert_int_equal(
        config_set(path, "sync", "hub", "https://hub.example.fi:8443", err, sizeof err), 0);
    assert_int_equal(config_set(path, "sync", "token", "abc", err, sizeof err), 0);
    assert_string_equal(read_file(path), "[kiosk]\n"
                                         "name = Lahti\n"
                                         "\n"
                                         "[sync]\n"
                                         "hub = https://hub.example.fi:8443\n"
                                         "token = abc\n");
    Config c;
    load_ok(&c);
    assert_string_equal(c.hub_token, "abc");
}

static void test_set_after_byte_order_mark(void **state)
{
    (void)state;
    write_file(path, "\xEF\xBB\xBF[kiosk]\nname = Lahti\n");
    char err[256];
    assert_int_equal(config_set(path, "kiosk", "name", "Hollola", err, sizeof err), 0);
    assert_int_equal(config_set(path, "kiosk", "venue", "Hollola", err, sizeof err), 0);
    assert_string_equal(read_file(path), "\xEF\xBB\xBF[kiosk]\nname = Hollola\nvenue = Hollola\n");
}

static void test_set_creates_file(void **state)
{
    (void)state;
    char err[256];
    unlink(path);
    assert_int_equal(config_set(path, "sync", "token", "t0k3n", err, sizeof err), 0);
    assert_string_equal(read_file(path), "[sync]\ntoken = t0k3n\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* it holds a secret */
    Config c;
    load_ok(&c);
    assert_string_equal(c.hub_token, "t0k3n");
}

static void test_set_keeps_mode(void **state)
{
    (void)state;
    write_file(path, SET_BASE);
    assert_int_equal(chmod(path, 0640), 0);
    char err[256];
    assert_int_equal(config_set(path, "kiosk", "name", "Lahti, aula", err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

static void test_set_rejects_bad_results(void **state)
{
    (void)state;
    write_file(path, SET_BASE);
    char err[256];
    static const struct {
        const char *section, *key, *value, *want;
    } cases[] = {
        {"timeouts", "idle", "abc", ":8: bad value 'abc' for 'idle'"},
        {"kiosk", "nmae", "x", ":5: unknown key 'nmae' in [kiosk]"},
        {"kiosks", "name", "x", ":11: unknown section [kiosks]"},
        {"kiosk", "name", "two\nlines", "cannot be written"},
        {"kiosk", "name", " padded", "cannot be written"},
        {"kiosk", "name", "a ; b", "cannot be written"},
        {"kiosk", "na me", "x", "bad section or key name"},
        {"", "name", "x", "bad section or key name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err[0] = '\0';
        assert_int_equal(
            config_set(path, cases[i].section, cases[i].key, cases[i].value, err, sizeof err), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, cases[i].want);
        assert_string_equal(read_file(path), SET_BASE);
        assert_int_equal(count_dir_entries(), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_partial_file_keeps_other_values),
        cmocka_unit_test(test_speech_settings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_timezone_must_exist),
        cmocka_unit_test(test_unchanged_on_error),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_line_length_limit),
        cmocka_unit_test(test_carriage_returns_are_characters),
        cmocka_unit_test(test_nul_and_hostless_hub),
        cmocka_unit_test(test_set_replaces_keeping_comments),
        cmocka_unit_test(test_set_adds_key_to_section),
        cmocka_unit_test(test_set_adds_section),
        cmocka_unit_test(test_set_after_byte_order_mark),
        cmocka_unit_test(test_set_creates_file),
        cmocka_unit_test(test_set_keeps_mode),
        cmocka_unit_test(test_set_rejects_bad_results),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
