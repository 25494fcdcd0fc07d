/*
 * script.h: the headless runner's script language, one command a line:
 *
 *   tap X Y | tap "LABEL" | tap-any "LABEL" "LABEL"... | drag X1 Y1 X2 Y2 MS | type "TEXT" | key
 * NAME | wait MS | expect "TEXT" | expect-not "TEXT" | shot NAME | dump NAME | # comment
 *
 * Coordinates are pixels of the screen. "drag" lasts MS in all (the finger moving in steps of
 * 16 ms); a drag that starts and ends at one point holds a finger still there for MS. "tap LABEL"
 * taps the centre of the visible element whose text is exactly LABEL; "tap-any" the first of its
 * labels that is visible. "type" presses the on-screen keyboard's keys when it is up (switching
 * shift and pages as a person would), and otherwise types as a physical keyboard does. Three
 * `tap X Y` lines in a row near each other are a triple tap (speech mode, speech_touch.h); any
 * command that reads the screen ends a tap sequence first, so held taps have acted before a
 * label is looked up or a text expected. The runner knows nothing of SDL or the database: the
 * kiosk provides a ScriptHost.
 */
#ifndef AUKIO_SCRIPT_H
#define AUKIO_SCRIPT_H

#include <stdint.h>
#include <stdio.h>

#include "ui.h"

typedef struct {
    void *ctx;
    /* Pointer input at the current virtual time: KIND 0 = down, 1 = move, 2 = up. */
    void (*pointer)(void *ctx, int kind, int x, int y);
    /* Text from a physical keyboard. */
    void (*text)(void *ctx, const char *utf8);
    /* A named key (backspace, enter, tab, escape). */
    void (*key)(void *ctx, AppKey key);
    /* Moves the virtual clock forward by MS, ticking the app as real time would. */
    void (*advance)(void *ctx, int64_t ms);
    /* The display list of the current screen, rebuilt if anything changed. */
    const Ui *(*ui)(void *ctx);
    /* Writes a screenshot. Returns 0 or -1 with ERR. */
    int (*shot)(void *ctx, const char *path, char *err, size_t errlen);
} ScriptHost;

/* Runs the script at PATH. Screenshots and dumps go to SHOTS_DIR (NULL: the current directory).
 * Failures are reported on LOG as "FILE:LINE: what failed". Returns 0 when every command ran
 * and every expectation held, 1 otherwise (it stops at the first failure). */
int script_run(const char *path, const ScriptHost *host, const char *shots_dir, FILE *log);

/* Writes the visible elements of UI as JSON lines (role, label, x, y, w, h; for a pressable
 * one also "pressable" and "spoken", what speech mode says of it) to PATH. */
int script_dump(const Ui *ui, const char *path, char *err, size_t errlen);

#endif
