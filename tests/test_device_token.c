/*
 * test_device_token.c: secrets and personal data at rest (issue 14): the device token in a
 * state file of its own, mode 0600, never the config; an old config's token moved there once
 * (and left, ignored, when the config cannot be rewritten); the kiosk's database and its -wal
 * and -shm created 0600, and an old world-readable one narrowed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "device_token.h"
#include "store.h"
#include "util.h"

static char dir[256];

static void write_file(const char *p, const char *text, mode_t mode)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(p, mode), 0);
}

static const char *read_file(const char *p)
{
    static char buf[4096];
    FILE *f = fopen(p, "r");
    if (!f) return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static unsigned mode_of(const char *p)
{
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    return (unsigned)(st.st_mode & 0777);
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* A config at INI naming the database DB, loaded into C. */
static void load(Config *c, const char *ini)
{
    char err[512];
    config_defaults(c);
    assert_int_equal(config_load(c, ini, err, sizeof err), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/aukio-token-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_path_default_and_key(void **state)
{
    (void)state;
    Config c;
    config_defaults(&c);
    char p[600];
    snprintf(c.database, sizeof c.database, "/var/lib/aukio/aukio.db");
    device_token_path(&c, p, sizeof p);
    assert_string_equal(p, "/var/lib/aukio/aukio.db.token");
    snprintf(c.token_file, sizeof c.token_file, "/var/lib/aukio/device-token");
    device_token_path(&c, p, sizeof p);
    assert_string_equal(p, "/var/lib/aukio/device-token");
}

/* An old config's token moves to the state file (0600), and the config loses the line. */
static void test_old_config_moved(void **state)
{
    (void)state;
    char ini[300], db[300], tok[320], text[700], err[512];
    path_in(ini, sizeof ini, "old.ini");
    path_in(db, sizeof db, "old.db");
    snprintf(text, sizeof text,
             "[kiosk]\ndatabase = %s\n[sync]\nhub = http://127.0.0.1:9/\ntoken = aud_old1\n"
             "interval = 60 ; seconds\n",
             db);
    write_file(ini, text, 0644);
    Config c;
    load(&c, ini);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_OK);
    assert_string_equal(c.hub_token, "aud_old1");
    snprintf(tok, sizeof tok, "%s.token", db);
    assert_string_equal(read_file(tok), "aud_old1\n");
    assert_int_equal(mode_of(tok), 0600);
    const char *now = read_file(ini);
    assert_null(strstr(now, "token ="));
    assert_non_null(strstr(now, "interval = 60 ; seconds\n")); /* the rest as it was */
    assert_int_equal(mode_of(ini), 0644);
    /* The next start reads the file. */
    load(&c, ini);
    assert_string_equal(c.hub_token, "");
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_OK);
    assert_string_equal(c.hub_token, "aud_old1");
}

/* A config the kiosk may not rewrite keeps its line, which is ignored: the file's token wins.
 * Root writes anyway, so as root the kiosk's part runs in a child as nobody (65534). */
static void readonly_case(const char *sub, const char *ini, const char *tok)
{
    char text[700], err[512];
    snprintf(text, sizeof text, "[sync]\ntoken = aud_stale\ntoken_file = %s\n", tok);
    write_file(ini, text, 0644);
    assert_int_equal(device_token_save(tok, "aud_new", err, sizeof err), AUKIO_OK);
    assert_int_equal(chmod(sub, 0555), 0); /* no temporary file can be made beside the config */
    Config c;
    load(&c, ini);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_OK);
    assert_string_equal(c.hub_token, "aud_new");
    assert_non_null(strstr(read_file(ini), "token = aud_stale"));
}

static void test_readonly_config_ignored(void **state)
{
    (void)state;
    char sub[300], ini[400], tok[400];
    path_in(sub, sizeof sub, "etc");
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(ini, sizeof ini, "%s/kiosk.ini", sub);
    snprintf(tok, sizeof tok, "%s/state/device-token", dir);
    char state_dir[400];
    snprintf(state_dir, sizeof state_dir, "%s/state", dir);
    assert_int_equal(mkdir(state_dir, 0700), 0);
    if (geteuid() != 0) {
        readonly_case(sub, ini, tok);
        assert_int_equal(chmod(sub, 0755), 0);
        return;
    }
    assert_int_equal(chmod(dir, 0755), 0);
    assert_int_equal(chown(sub, 65534, 65534), 0);
    assert_int_equal(chown(state_dir, 65534, 65534), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
        readonly_case(sub, ini, tok); /* a failed assert ends the child with a non-zero status */
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(chmod(sub, 0755), 0);
}

static void test_bad_token_files(void **state)
{
    (void)state;
    char ini[300], tok[300], text[700], err[512];
    path_in(ini, sizeof ini, "bad.ini");
    path_in(tok, sizeof tok, "bad-token");
    snprintf(text, sizeof text, "[sync]\ntoken_file = %s\n", tok);
    write_file(ini, text, 0644);
    Config c;
    load(&c, ini);
    write_file(tok, "aud_x\n", 0644);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_ERR);
    assert_non_null(strstr(err, "mode 644 lets others read the device token"));
    assert_non_null(strstr(err, "bad-token"));
    write_file(tok, "\n", 0600);
    load(&c, ini);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_ERR);
    assert_non_null(strstr(err, "holds no device token"));
    write_file(tok, "aud with a space\n", 0600);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_ERR);
    /* Not enrolled: no file, no token, nothing written. */
    unlink(tok);
    load(&c, ini);
    assert_int_equal(device_token_load(&c, ini, err, sizeof err), AUKIO_OK);
    assert_string_equal(c.hub_token, "");
    assert_int_equal(access(tok, F_OK), -1);
}

static void test_config_unset(void **state)
{
    (void)state;
    char ini[300], err[256];
    path_in(ini, sizeof ini, "unset.ini");
    write_file(ini, "; head\n[sync]\nhub = http://x/\ntoken = t ; old\n[kiosk]\nname = L\n", 0640);
    assert_int_equal(config_unset(ini, "sync", "token", err, sizeof err), 0);
    assert_string_equal(read_file(ini), "; head\n[sync]\nhub = http://x/\n[kiosk]\nname = L\n");
    assert_int_equal(mode_of(ini), 0640);
    assert_int_equal(config_unset(ini, "sync", "token", err, sizeof err), 0); /* nothing to do */
    unlink(ini);
    assert_int_equal(config_unset(ini, "sync", "token", err, sizeof err), 0);
    assert_int_equal(access(ini, F_OK), -1); /* not created */
}

/* The kiosk's database, -wal and -shm: 0600 whatever the umask; an old 0644 one narrowed. */
static void test_database_modes(void **state)
{
    (void)state;
    char db[300], p[400], err[512];
    path_in(db, sizeof db, "k.db");
    mode_t old = umask(022);
    Store *s;
    assert_int_equal(store_open(&s, db, err, sizeof err), 0);
    assert_int_equal(mode_of(db), 0600);
    snprintf(p, sizeof p, "%s-wal", db);
    assert_int_equal(mode_of(p), 0600);
    snprintf(p, sizeof p, "%s-shm", db);
    assert_int_equal(mode_of(p), 0600);
    store_close(s);
    assert_int_equal(chmod(db, 0644), 0);
    assert_int_equal(store_open(&s, db, err, sizeof err), 0);
    assert_int_equal(mode_of(db), 0600);
    store_close(s);
    bool narrowed = true;
    assert_int_equal(file_db_private(":memory:", &narrowed, err, sizeof err), AUKIO_OK);
    assert_false(narrowed);
    umask(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_default_and_key),
        cmocka_unit_test(test_old_config_moved),
        cmocka_unit_test(test_readonly_config_ignored),
        cmocka_unit_test(test_bad_token_files),
        cmocka_unit_test(test_config_unset),
        cmocka_unit_test(test_database_modes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
