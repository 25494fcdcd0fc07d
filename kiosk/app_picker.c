/*
 * app_picker.c: the order of a picker's choices: alphabetical by what the visitor reads, in the
 * screen's language, with "Other" last, and this kiosk's own venue first. Part of the app's state
 * (app_internal.h): app.c's app_picker_choices calls it, so the view and ACT_PICK see the same
 * order; and the open picker's cache of them (app_picker_refresh).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app_internal.h"
#include "i18n.h"
#include "util.h"

/* What the picker shows for choice KEY (ROW's): the topic's name or the venue's, in the screen's
 * language, as the sort key. "Other" sorts last, where visitors look for it. */
static const char *choice_name(const App *app, const char *key, int row, char *buf, size_t n)
{
    if (app->picker != PICKER_CATEGORY) {
        const EventRow *r = &app->rows[row];
        const char *t[LANG_COUNT] = {r->venue[0], r->venue[1], r->venue[2]};
        return lang_pick(t, app->lang);
    }
    if (strcmp(key, "other") == 0) return "\x7f";
    snprintf(buf, n, "cat.%s", key);
    const char *name = tr(app->lang, buf);
    return strcmp(name, buf) == 0 ? key : name;
}

void app_sort_choices(const App *app, const char **ids, int *rows, int n)
{
    /* Insertion sort: a few dozen choices. */
    for (int i = 1; i < n; i++) {
        const char *id = ids[i];
        int row = rows[i], j = i;
        char a[48], b[48];
        const char *name = choice_name(app, id, row, a, sizeof a);
        while (j > 0 &&
               strcasecmp(choice_name(app, ids[j - 1], rows[j - 1], b, sizeof b), name) > 0) {
            ids[j] = ids[j - 1];
            rows[j] = rows[j - 1];
            j--;
        }
        ids[j] = id;
        rows[j] = row;
    }
    if (app->picker != PICKER_VENUE || !app->home_venue_id[0]) return;
    for (int i = 1; i < n; i++)
        if (strcmp(ids[i], app->home_venue_id) == 0) {
            const char *id = ids[i];
            int row = rows[i];
            memmove(ids + 1, ids, (size_t)i * sizeof *ids);
            memmove(rows + 1, rows, (size_t)i * sizeof *rows);
            ids[0] = id;
            rows[0] = row;
            break;
        }
}

/* The choices computed afresh: one pass over every row (6 ms a frame at 100,000 events). */
static int picker_scan(const App *app, const char **ids, int *rows, int max)
{
    int n = 0;
    for (int i = 0; i < app->n_rows && n < max; i++) {
        const EventRow *r = &app->rows[i];
        if (app_row_ended(app, r) || (r->staff_only && !app->staff_mode)) continue;
        const char *key = app->picker == PICKER_CATEGORY ? r->category : r->venue_id;
        if (!key[0]) continue;
        bool seen = false;
        for (int j = 0; j < n && !seen; j++)
            seen = strcmp(ids[j], key) == 0;
        if (seen) continue;
        ids[n] = key;
        rows[n] = i;
        n++;
    }
    app_sort_choices(app, ids, rows, n);
    return n;
}

/* What the open picker's choices depend on; the cache holds while it is the same. */
static bool picker_key_is(const App *app, const PickerKey *k)
{
    return k->rows == app->rows && k->n_rows == app->n_rows && k->picker == (int)app->picker &&
           k->lang == (int)app->lang && k->staff_mode == app->staff_mode &&
           k->minute == app->now_ms / 60000 && strcmp(k->home, app->home_venue_id) == 0;
}

/* Keeps App.picker_cache for the open picker: scanned when it opens and when what it depends
 * on changed (a reload, the language, staff mode, a minute in which events may have ended), so
 * a frame with the picker open reads a few dozen entries, not the catalogue. */
void app_picker_refresh(App *app)
{
    PickerCache *c = &app->picker_cache;
    if (app->picker == PICKER_NONE) {
        c->valid = false;
        return;
    }
    if (c->valid && picker_key_is(app, &c->key)) return;
    c->key = (PickerKey){
        app->rows,           app->n_rows, (int)app->picker, (int)app->lang, app->staff_mode,
        app->now_ms / 60000, ""};
    str_copy(c->key.home, sizeof c->key.home, app->home_venue_id);
    c->n = picker_scan(app, c->ids, c->rows, APP_MAX_CHOICES);
    c->valid = true;
}

int app_picker_choices(const App *app, const char **ids, int *rows, int max)
{
    const PickerCache *c = &app->picker_cache;
    if (!c->valid || !picker_key_is(app, &c->key)) return picker_scan(app, ids, rows, max);
    int n = c->n < max ? c->n : max;
    memcpy(ids, c->ids, (size_t)n * sizeof *ids);
    memcpy(rows, c->rows, (size_t)n * sizeof *rows);
    return n;
}
