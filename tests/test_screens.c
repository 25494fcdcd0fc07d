/*
 * test_screens.c: every flow in tests/flows/ run by the real program, headless, with screenshots
 * compared against the references in tests/ref/<flow>/.
 *
 * Each flow gets a fresh database with the demo catalogue imported as of FLOW_NOW (the catalogue's
 * anchor Monday, 09:00 in Helsinki), so dates on screen are the same on every run. A flow's
 * expect/expect-not lines must hold (the program's exit code), and each screenshot must match its
 * reference: at most 0.2 % of pixels may differ by more than 24 in a channel, which absorbs
 * anti-aliasing noise but not a moved button or a changed word.
 *
 * A flow may exclude a region of one screenshot from the comparison with a line
 * "# mask SHOT X Y W H", for what differs on every run by design (the random confirmation code).
 *
 * AUKIO_UPDATE_REFS=1 writes the references instead of comparing (review them before committing).
 * A failing comparison leaves the actual image beside the build as
 * screens-failed/<flow>/<shot>.png.
 */
#include <dirent.h>
#include <glob.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define FLOW_NOW "2026-03-16T09:00:00+02:00"
#define MAX_DIFF 24
#define MAX_BAD_RATIO 0.002

static char tmp_root[256];

static int run(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Reads PATH as 8-bit RGBA. Returns the pixels (caller frees) or NULL. */
static uint8_t *read_png(const char *path, unsigned *w, unsigned *h)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) return NULL;
    img.format = PNG_FORMAT_RGBA;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&img);
        return NULL;
    }
    *w = img.width;
    *h = img.height;
    return buf;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int rc = in && out ? 0 : -1;
    char buf[65536];
    size_t n;
    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, n, out) != n) rc = -1;
    if (in) fclose(in);
    if (out && fclose(out) != 0) rc = -1;
    return rc;
}

typedef struct {
    char shot[64];
    unsigned x, y, w, h;
} Mask;

static bool masked(const Mask *masks, int n, const char *shot, unsigned x, unsigned y)
{
    for (int i = 0; i < n; i++)
        if (strcmp(masks[i].shot, shot) == 0 && x >= masks[i].x && y >= masks[i].y &&
            x < masks[i].x + masks[i].w && y < masks[i].y + masks[i].h)
            return true;
    return false;
}

/* Compares ACTUAL with EXPECTED outside the masks; on a mismatch prints why and returns -1. */
static int compare(const char *flow, const char *shot, const char *actual, const char *expected,
                   const Mask *masks, int n_masks)
{
    unsigned aw, ah, ew, eh;
    uint8_t *a = read_png(actual, &aw, &ah);
    uint8_t *e = read_png(expected, &ew, &eh);
    int rc = 0;
    if (!a) {
        print_error("%s: %s: the program wrote no readable screenshot\n", flow, shot);
        rc = -1;
    } else if (!e) {
        print_error("%s: %s: no reference %s (run with AUKIO_UPDATE_REFS=1 and review it)\n", flow,
                    shot, expected);
        rc = -1;
    } else if (aw != ew || ah != eh) {
        print_error("%s: %s: size %ux%u, reference %ux%u\n", flow, shot, aw, ah, ew, eh);
        rc = -1;
    } else {
        size_t bad = 0, n = (size_t)aw * ah;
        for (size_t i = 0; i < n; i++) {
            if (n_masks && masked(masks, n_masks, shot, (unsigned)(i % aw), (unsigned)(i / aw)))
                continue;
            for (int c = 0; c < 3; c++) {
                if (abs((int)a[i * 4 + c] - (int)e[i * 4 + c]) > MAX_DIFF) {
                    bad++;
                    break;
                }
            }
        }
        if ((double)bad > MAX_BAD_RATIO * (double)n) {
            print_error("%s: %s: %zu of %zu pixels differ from the reference (%.2f %%)\n", flow,
                        shot, bad, n, 100.0 * (double)bad / (double)n);
            rc = -1;
        }
    }
    if (rc != 0 && a) {
        char dir[300], dst[1024];
        snprintf(dir, sizeof(dir), "screens-failed/%.200s", flow);
        mkdir("screens-failed", 0755);
        mkdir(dir, 0755);
        snprintf(dst, sizeof(dst), "%s/%.500s.png", dir, shot);
        if (copy_file(actual, dst) == 0) print_error("  actual image kept as %s\n", dst);
    }
    free(a);
    free(e);
    return rc;
}

/* The size a flow asks for with a "# size WxH" line (default 1920x1080), and its masks. */
static int flow_header(const char *path, char *size, size_t n, Mask *masks, int max_masks)
{
    snprintf(size, n, "1920x1080");
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[256];
    int n_masks = 0;
    while (fgets(line, sizeof(line), f)) {
        char s[32];
        Mask m;
        if (sscanf(line, "# size %31s", s) == 1)
            snprintf(size, n, "%.31s", s);
        else if (n_masks < max_masks &&
                 sscanf(line, "# mask %63s %u %u %u %u", m.shot, &m.x, &m.y, &m.w, &m.h) == 5)
            masks[n_masks++] = m;
    }
    fclose(f);
    return n_masks;
}

static void test_flow(void **state)
{
    const char *flow_path = *state;
    char flow[128];
    const char *base = strrchr(flow_path, '/');
    snprintf(flow, sizeof(flow), "%s", base ? base + 1 : flow_path);
    char *dot = strrchr(flow, '.');
    if (dot) *dot = '\0';

    char dir[512], db[600], shots[600], size[32];
    snprintf(dir, sizeof(dir), "%s/%s", tmp_root, flow);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(db, sizeof(db), "%s/kiosk.db", dir);
    snprintf(shots, sizeof(shots), "%s/shots", dir);
    assert_int_equal(mkdir(shots, 0700), 0);
    Mask masks[8];
    int n_masks = flow_header(flow_path, size, sizeof(size), masks, 8);

    char *import[] = {
        AUKIO_BIN, "--db", db, "--now", FLOW_NOW, "import", SOURCE_DIR "/assets/demo/events.json",
        NULL};
    assert_int_equal(run(import), 0);
    char *play[] = {AUKIO_BIN,         "--headless", "--db", db,       "--script",
                    (char *)flow_path, "--shots",    shots,  "--size", size,
                    "--now",           FLOW_NOW,     NULL};
    int rc = run(play);
    if (rc != 0) print_error("%s: the script failed (exit %d); see the line above\n", flow, rc);
    assert_int_equal(rc, 0);

    bool update = getenv("AUKIO_UPDATE_REFS") && strcmp(getenv("AUKIO_UPDATE_REFS"), "1") == 0;
    char ref_dir[512];
    snprintf(ref_dir, sizeof(ref_dir), "%s/ref/%s", TESTS_DIR, flow);
    if (update) mkdir(ref_dir, 0755);
    DIR *d = opendir(shots);
    assert_non_null(d);
    struct dirent *ent;
    int failures = 0, count = 0;
    while ((ent = readdir(d))) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".png") != 0) continue;
        char actual[1024], expected[1024], shot[256];
        snprintf(shot, sizeof(shot), "%.*s", (int)(len - 4), ent->d_name);
        snprintf(actual, sizeof(actual), "%s/%s", shots, ent->d_name);
        snprintf(expected, sizeof(expected), "%s/%s", ref_dir, ent->d_name);
        count++;
        if (update) {
            assert_int_equal(copy_file(actual, expected), 0);
        } else if (compare(flow, shot, actual, expected, masks, n_masks) != 0) {
            failures++;
        }
    }
    closedir(d);
    if (!update) {
        /* Every reference must still be produced: a shot that disappeared is a failure too. */
        char pattern[600];
        snprintf(pattern, sizeof(pattern), "%s/*.png", ref_dir);
        glob_t g;
        if (glob(pattern, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) {
                const char *name = strrchr(g.gl_pathv[i], '/') + 1;
                char actual[1024];
                snprintf(actual, sizeof(actual), "%s/%s", shots, name);
                if (access(actual, R_OK) != 0) {
                    print_error("%s: reference %s was not produced by the flow\n", flow, name);
                    failures++;
                }
            }
            globfree(&g);
        }
    }
    assert_true(count > 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    snprintf(tmp_root, sizeof(tmp_root), "/tmp/aukio-screens-XXXXXX");
    if (!mkdtemp(tmp_root)) return 1;
    glob_t g;
    if (glob(TESTS_DIR "/flows/*.txt", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
        fprintf(stderr, "no flows in %s/flows\n", TESTS_DIR);
        return 1;
    }
    struct CMUnitTest *tests = calloc(g.gl_pathc, sizeof(*tests));
    char **names = calloc(g.gl_pathc, sizeof(*names));
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        names[i] = strdup(base);
        tests[i] = (struct CMUnitTest){names[i], test_flow, NULL, NULL, g.gl_pathv[i]};
    }
    int rc = _cmocka_run_group_tests("screens", tests, g.gl_pathc, NULL, NULL);
    for (size_t i = 0; i < g.gl_pathc; i++)
        free(names[i]);
    free(names);
    free(tests);
    globfree(&g);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_root);
    return rc;
}
