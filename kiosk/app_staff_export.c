/*
 * app_staff_export.c: the staff's export screen's part of app_update: which place is chosen,
 * what is asked to be written, and what runtime.c answered. The writing itself is
 * EFFECT_STAFF_EXPORT (staff_export.c, run by runtime.c); this stays pure.
 */
#include <string.h>

#include "app_internal.h"
#include "util.h"

void app_staff_export_update(App *app, const Action *act)
{
    StaffExport *ex = &app->staff.ex;
    switch (act->kind) {
    case ACT_STAFF_EXPORT_TARGET:
        if (app->screen != SCREEN_STAFF_EXPORT || ex->busy || act->a < 0 || act->a >= ex->targets.n)
            break;
        ex->target = act->a;
        ex->result = STAFF_EX_NONE;
        ex->import_result = STAFF_IMPORT_NONE;
        app->dirty = true;
        break;
    case ACT_STAFF_EXPORT:
        /* One at a time, and only to a place that is there. */
        if (app->screen != SCREEN_STAFF_EXPORT || ex->busy || !ex->loaded ||
            ex->target >= ex->targets.n || act->a < 0 || act->a >= STAFF_EX_COUNT)
            break;
        if (ex->importing) break;
        ex->what = (StaffExportWhat)act->a;
        ex->busy = true;
        ex->result = STAFF_EX_NONE;
        ex->import_result = STAFF_IMPORT_NONE;
        app->dirty = true;
        app_push_effect(app, EFFECT_STAFF_EXPORT);
        break;
    case ACT_STAFF_IMPORT:
        if (app->screen != SCREEN_STAFF_EXPORT || ex->busy || ex->importing || !ex->loaded ||
            ex->target >= ex->targets.n)
            break;
        ex->importing = true;
        ex->result = STAFF_EX_NONE;
        ex->import_result = STAFF_IMPORT_NONE;
        app->dirty = true;
        app_push_effect(app, EFFECT_STAFF_IMPORT);
        break;
    case ACT_STAFF_IMPORT_DONE:
        ex->importing = false;
        if (!app->staff_mode || app->screen != SCREEN_STAFF_EXPORT) break;
        ex->import_result = act->a >= STAFF_IMPORT_OK && act->a <= STAFF_IMPORT_NONE_FOUND
                                ? (StaffImportResult)act->a
                                : STAFF_IMPORT_REFUSED;
        ex->imported = act->b;
        str_copy(ex->import_file, sizeof ex->import_file, act->s ? act->s : "");
        app->dirty = true;
        /* The catalogue changed: the list, the attract screen and the attendees say it. */
        if (ex->import_result == STAFF_IMPORT_OK) app_push_effect(app, EFFECT_LOAD_EVENTS);
        break;
    case ACT_STAFF_EXPORT_TARGETS:
        if (!app->staff_mode || app->screen != SCREEN_STAFF_EXPORT || !act->p) break;
        ex->targets = *(const StaffExportTargets *)act->p;
        if (ex->targets.n > STAFF_EX_TARGETS_MAX) ex->targets.n = STAFF_EX_TARGETS_MAX;
        if (ex->targets.n < 0) ex->targets.n = 0;
        ex->target = 0;
        ex->loaded = true;
        app->dirty = true;
        break;
    case ACT_STAFF_EXPORT_DONE:
        ex->busy = false;
        if (!app->staff_mode || app->screen != SCREEN_STAFF_EXPORT) break;
        ex->result = act->a == STAFF_EX_OK || act->a == STAFF_EX_NOT_ENROLLED
                         ? (StaffExportResult)act->a
                         : STAFF_EX_FAILED;
        ex->rows = act->b;
        str_copy(ex->file, sizeof ex->file, act->s ? act->s : "");
        app->dirty = true;
        break;
    default:
        break;
    }
}
