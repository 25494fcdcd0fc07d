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
 * A flow may run with settings of the config file by lines "# config [SECTION] KEY = VALUE".
 *
 * A flow may exclude a region of one screenshot from the comparison with a line
 * "# mask SHOT X Y W H", for what differs on every run by design (the random confirmation code).
 *
 * Every flow's kiosk has the staff PIN FLOW_PIN (set with `aukio pin set` from a pipe), so it opens
 * to visitors; a flow with "# no-pin" starts without one, on the first-PIN screen. Staff hold a
 * finger on the kiosk's name to get in: "# config kiosk name = NAME".
 * "# hub" enrols it with a hub that is not there (127.0.0.1, a closed port) and runs one sync round
 * first, so the staff's sync screen has a failure to tell.
 *
 * Every shot is also checked on its own, whatever the reference says: each labelled button, key
 * and checkbox must have ink (pixels unlike its background) in its middle, so a label that is not
 * drawn fails here even when a reference was made with the bug in it (issue 9: blank
 * multiple-choice answers), and each pressable element must have a spoken label, what speech mode
 * says of it (issue 15). The flow is run with a "dump NAME" after every "shot NAME" for that.
 *
 * A flow that speaks (speech mode, "Read aloud") has its transcript, the speech.txt the program
 * writes beside the shots, compared line by line with tests/ref/<flow>/speech.txt, whose lines
 * are fnmatch patterns ("?, ?, ?, ?, ?, ?" for a random code spelt out).
 *
 * AUKIO_UPDATE_REFS=1 writes the references instead of comparing (review them before committing).
 * A failing comparison leaves the actual image beside the build as
 * screens-failed/<flow>/<shot>.png.
 */
#include <dirent.h>
#include <fnmatch.h>
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
#include <jansson.h>

#define FLOW_NOW "2026-03-16T09:00:00+02:00"
#define FLOW_PIN "2468"
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

typedef struct {
    bool no_pin, hub;
} FlowKiosk;

/* The size a flow asks for with a "# size WxH" line (default 1920x1080), and its masks. Its
 * "# config SECTION KEY = VALUE" lines are written to CONFIG as an INI file; returns with
 * *HAS_CONFIG false when there are none. K: "# no-pin" (no staff PIN) and "# hub". */
static int flow_header(const char *path, char *size, size_t n, Mask *masks, int max_masks,
                       const char *config, bool *has_config, FlowKiosk *k)
{
    snprintf(size, n, "1920x1080");
    *has_config = false;
    memset(k, 0, sizeof *k);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[256];
    int n_masks = 0;
    while (fgets(line, sizeof(line), f)) {
        char s[32], section[32], setting[200];
        Mask m;
        if (sscanf(line, "# config %31s %199[^\n]", section, setting) == 2) {
            FILE *c = fopen(config, *has_config ? "a" : "w");
            assert_non_null(c);
            /* "# config kiosk venue = X" or "# config [speech] mode = always". */
            const char *sec = section[0] == '[' ? section + 1 : section;
            size_t len = strlen(sec);
            fprintf(c, "[%.*s]\n%s\n", (int)(len && sec[len - 1] == ']' ? len - 1 : len), sec,
                    setting);
            assert_int_equal(fclose(c), 0);
            *has_config = true;
        } else if (strcmp(line, "# no-pin\n") == 0)
            k->no_pin = true;
        else if (strcmp(line, "# hub\n") == 0)
            k->hub = true;
        else if (sscanf(line, "# size %31s", s) == 1)
            snprintf(size, n, "%.31s", s);
        else if (n_masks < max_masks &&
                 sscanf(line, "# mask %63s %u %u %u %u", m.shot, &m.x, &m.y, &m.w, &m.h) == 5)
            masks[n_masks++] = m;
    }
    fclose(f);
    return n_masks;
}

/* Copies the flow at SRC to DST with "dump NAME" after each "shot NAME". */
static int flow_with_dumps(const char *src, const char *dst)
{
    FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
    char line[4096];
    int rc = in && out ? 0 : -1;
    while (rc == 0 && fgets(line, sizeof line, in)) {
        fputs(line, out);
        char name[256];
        if (sscanf(line, "shot %255s", name) == 1) fprintf(out, "dump %s\n", name);
    }
    if (in) fclose(in);
    if (out && fclose(out) != 0) rc = -1;
    return rc;
}

/* The share of the middle of rectangle (X, Y, W, H) of the W_IMG x H_IMG image PX whose colour
 * is far from the middle's most common colour. The middle leaves out the rounded corners and
 * the border, where a blank button is not blank. */
static double ink(const uint8_t *px, unsigned w_img, unsigned h_img, int x, int y, int w, int h)
{
    int inset_x = w / 8 > 6 ? w / 8 : 6, inset_y = h / 4 > 4 ? h / 4 : 4;
    int x0 = x + inset_x, x1 = x + w - inset_x, y0 = y + inset_y, y1 = y + h - inset_y;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > (int)w_img) x1 = (int)w_img;
    if (y1 > (int)h_img) y1 = (int)h_img;
    if (x1 <= x0 || y1 <= y0) return 1.0; /* nothing of it on screen to judge */
    /* The background: the most common of a coarse histogram of the middle's colours. */
    static unsigned hist[4096];
    memset(hist, 0, sizeof hist);
    for (int yy = y0; yy < y1; yy++)
        for (int xx = x0; xx < x1; xx++) {
            const uint8_t *p = px + ((size_t)yy * w_img + (size_t)xx) * 4;
            hist[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)]++;
        }
    unsigned best = 0;
    for (unsigned i = 1; i < 4096; i++)
        if (hist[i] > hist[best]) best = i;
    int br = (int)(best >> 8) * 16 + 8, bg = (int)((best >> 4) & 15) * 16 + 8,
        bb = (int)(best & 15) * 16 + 8;
    long far = 0, all = 0;
    for (int yy = y0; yy < y1; yy++)
        for (int xx = x0; xx < x1; xx++) {
            const uint8_t *p = px + ((size_t)yy * w_img + (size_t)xx) * 4;
            all++;
            far += abs(p[0] - br) > 64 || abs(p[1] - bg) > 64 || abs(p[2] - bb) > 64;
        }
    return (double)far / (double)all;
}

/* Every pressable element in DUMP has something for speech mode to say (issue 15: a screen is
 * spoken the day it is drawn). Panels that dismiss what lies over them when touched beside it
 * (a dialog's scrim, the attract screen's background) are not elements and are left out.
 * Returns the number without, each named on stderr. */
static int check_spoken(const char *flow, const char *shot, const char *dump)
{
    FILE *f = fopen(dump, "r");
    if (!f) return 1;
    char line[4096];
    int bad = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *n = json_loads(line, 0, NULL);
        if (!n) continue;
        const char *role = json_string_value(json_object_get(n, "role"));
        const char *spoken = json_string_value(json_object_get(n, "spoken"));
        /* The staff's hold place on a kiosk with no name is no visitor's element: it has no
         * label, and says nothing (app_staff.c). */
        bool hold = json_is_true(json_object_get(n, "hold"));
        if (json_is_true(json_object_get(n, "pressable")) && role && strcmp(role, "panel") != 0 &&
            !hold && (!spoken || !spoken[0])) {
            print_error("%s: %s: the %s at %d,%d has nothing for speech to say\n", flow, shot, role,
                        (int)json_integer_value(json_object_get(n, "x")),
                        (int)json_integer_value(json_object_get(n, "y")));
            bad++;
        }
        json_decref(n);
    }
    fclose(f);
    return bad;
}

/* Every labelled button, key and checkbox in DUMP (a "dump" of the shot PNG) has ink. Returns
 * the number that do not, each named on stderr. */
static int check_labels_drawn(const char *flow, const char *shot, const char *png, const char *dump)
{
    unsigned w, h;
    uint8_t *px = read_png(png, &w, &h);
    FILE *f = fopen(dump, "r");
    if (!px || !f) {
        print_error("%s: %s: no screenshot or dump to check labels in\n", flow, shot);
        free(px);
        if (f) fclose(f);
        return 1;
    }
    /* The dump lists elements in drawing order. An element whose middle (where its label is
     * drawn) lies under a later unlabelled panel (the picker's scrim, a dialog, the keyboard over
     * a form scrolled under it) is covered by it and not judged. */
    json_t *nodes = json_array();
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        json_t *n = json_loads(line, 0, NULL);
        if (n) json_array_append_new(nodes, n);
    }
    int bad = 0;
    size_t count = json_array_size(nodes);
    for (size_t i = 0; i < count; i++) {
        json_t *n = json_array_get(nodes, i);
        const char *role = json_string_value(json_object_get(n, "role"));
        const char *label = json_string_value(json_object_get(n, "label"));
        if (!role || !label || !*label ||
            (strcmp(role, "button") && strcmp(role, "key") && strcmp(role, "checkbox")))
            continue;
        int x = (int)json_integer_value(json_object_get(n, "x"));
        int y = (int)json_integer_value(json_object_get(n, "y"));
        int nw = (int)json_integer_value(json_object_get(n, "w"));
        int nh = (int)json_integer_value(json_object_get(n, "h"));
        bool covered = false;
        for (size_t j = i + 1; j < count && !covered; j++) {
            json_t *o = json_array_get(nodes, j);
            int ox = (int)json_integer_value(json_object_get(o, "x"));
            int oy = (int)json_integer_value(json_object_get(o, "y"));
            int ow = (int)json_integer_value(json_object_get(o, "w"));
            int oh = (int)json_integer_value(json_object_get(o, "h"));
            int cx = x + nw / 2, cy = y + nh / 2;
            covered = !strcmp(json_string_value(json_object_get(o, "role")), "panel") &&
                      !json_string_value(json_object_get(o, "label")) && ox <= cx && oy <= cy &&
                      ox + ow > cx && oy + oh > cy && ow * oh > 4 * nw * nh;
        }
        if (covered) continue;
        /* A full stop on a key is the smallest label there is: about 0.4 % of its middle. */
        double share = ink(px, w, h, x, y, nw, nh);
        if (share < 0.001) {
            print_error("%s: %s: the %s \"%.60s\" at %d,%d %dx%d is drawn blank (%.2f %% ink)\n",
                        flow, shot, role, label, x, y, nw, nh, share * 100);
            bad++;
        }
    }
    json_decref(nodes);
    fclose(f);
    free(px);
    return bad;
}

/* The lines of the file at PATH (caller frees with free_lines), NULL-terminated; *N their count.
 * A missing file has none. */
static char **read_lines(const char *path, int *n)
{
    *n = 0;
    char **lines = calloc(1, sizeof *lines);
    FILE *f = fopen(path, "r");
    char line[8192];
    while (f && lines && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char **more = realloc(lines, (size_t)(*n + 2) * sizeof *lines);
        if (!more) break;
        lines = more;
        lines[(*n)++] = strdup(line);
        lines[*n] = NULL;
    }
    if (f) fclose(f);
    return lines;
}

static void free_lines(char **lines, int n)
{
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* What the flow said (SAID, the shots folder's speech.txt) against the reference WANT, line by
 * line; a reference line is a pattern (fnmatch: "?" for each character of a random code). With
 * UPDATE the reference is rewritten: lines that still match keep their pattern. Returns the
 * number of failures, each printed. */
static int check_transcript(const char *flow, const char *said, const char *want, bool update)
{
    int ns, nw, bad = 0;
    char **s = read_lines(said, &ns), **w = read_lines(want, &nw);
    if (update) {
        if (ns > 0) {
            FILE *f = fopen(want, "w");
            for (int i = 0; f && i < ns; i++) {
                if (i < nw && fnmatch(w[i], s[i], 0) == 0) {
                    fprintf(f, "%s\n", w[i]);
                    continue;
                }
                /* A new line is the pattern of itself: "[", "*" and "\\" escaped. */
                for (const char *c = s[i]; *c; c++)
                    fprintf(f, "%s%c", strchr("[*\\", *c) ? "\\" : "", *c);
                fputc('\n', f);
            }
            if (f) fclose(f);
        }
    } else if (ns > 0 && nw == 0) {
        print_error("%s: it spoke, and there is no reference transcript %s\n", flow, want);
        bad++;
    } else {
        for (int i = 0; i < ns || i < nw; i++) {
            if (i < ns && i < nw && fnmatch(w[i], s[i], 0) == 0) continue;
            print_error("%s: speech.txt line %d:\n  said:     %.300s\n  expected: %.300s\n", flow,
                        i + 1, i < ns ? s[i] : "(nothing)", i < nw ? w[i] : "(nothing)");
            bad++;
            break; /* the first difference; the rest usually follows from it */
        }
    }
    free_lines(s, ns);
    free_lines(w, nw);
    return bad;
}

static void test_flow(void **state)
{
    const char *flow_path = *state;
    char flow[128];
    const char *base = strrchr(flow_path, '/');
    snprintf(flow, sizeof(flow), "%s", base ? base + 1 : flow_path);
    char *dot = strrchr(flow, '.');
    if (dot) *dot = '\0';

    char dir[512], db[600], shots[600], size[32], config[600];
    snprintf(dir, sizeof(dir), "%s/%s", tmp_root, flow);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(db, sizeof(db), "%s/kiosk.db", dir);
    snprintf(shots, sizeof(shots), "%s/shots", dir);
    assert_int_equal(mkdir(shots, 0700), 0);
    snprintf(config, sizeof(config), "%s/kiosk.ini", dir);
    Mask masks[8];
    bool has_config;
    FlowKiosk fk;
    int n_masks = flow_header(flow_path, size, sizeof(size), masks, 8, config, &has_config, &fk);

    char *import[] = {
        AUKIO_BIN, "--db", db, "--now", FLOW_NOW, "import", SOURCE_DIR "/assets/demo/events.json",
        NULL};
    assert_int_equal(run(import), 0);
    if (!fk.no_pin) {
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "%s --db '%s' pin set 2>/dev/null", AUKIO_BIN, db);
        FILE *p = popen(cmd, "w");
        assert_non_null(p);
        fputs(FLOW_PIN "\n", p);
        assert_int_equal(pclose(p), 0);
    }
    if (fk.hub) {
        FILE *c = fopen(config, has_config ? "a" : "w");
        assert_non_null(c);
        fprintf(c, "[sync]\nhub = http://127.0.0.1:9/\ntoken = flow-token\n");
        assert_int_equal(fclose(c), 0);
        has_config = true;
        /* Port 9 (discard) is closed on a test machine: the round fails with no answer. */
        char *sync[] = {AUKIO_BIN, "--config", config, "--db",   db,
                        "--now",   FLOW_NOW,   "sync", "--once", NULL};
        assert_int_equal(run(sync), 1);
    }
    char script[700];
    snprintf(script, sizeof(script), "%s/flow.txt", dir);
    assert_int_equal(flow_with_dumps(flow_path, script), 0);
    char *play[] = {AUKIO_BIN, "--headless", "--db", db,       "--script",
                    script,    "--shots",    shots,  "--size", size,
                    "--now",   FLOW_NOW,     NULL,   NULL,     NULL};
    if (has_config) {
        play[12] = "--config";
        play[13] = config;
    }
    /* The staff's export screen writes into the flow's own folder "export" (AUKIO_EXPORT_DIR),
     * whatever USB sticks the machine has. */
    char export_dir[600];
    snprintf(export_dir, sizeof export_dir, "%s/export", dir);
    assert_int_equal(mkdir(export_dir, 0700), 0);
    setenv("AUKIO_EXPORT_DIR", export_dir, 1);
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
        char dump[1024];
        snprintf(dump, sizeof(dump), "%s/%s.jsonl", shots, shot);
        failures += check_labels_drawn(flow, shot, actual, dump);
        failures += check_spoken(flow, shot, dump);
        if (update) {
            assert_int_equal(copy_file(actual, expected), 0);
        } else if (compare(flow, shot, actual, expected, masks, n_masks) != 0) {
            failures++;
        }
    }
    closedir(d);
    /* What a blind visitor heard: the transcript, line by line (speech flows). */
    char said[700], want[700];
    snprintf(said, sizeof said, "%s/speech.txt", shots);
    snprintf(want, sizeof want, "%s/speech.txt", ref_dir);
    failures += check_transcript(flow, said, want, update);
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
