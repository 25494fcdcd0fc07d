/*
 * app_picker.c: the order of a picker's choices: alphabetical by what the visitor reads, in the
 * screen's language, with "Other" last, and this kiosk's own venue first. Part of the app's state
 * (app_internal.h): app.c's app_picker_choices calls it, so the view and ACT_PICK see the same
 * order.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app_internal.h"
#include "i18n.h"

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
