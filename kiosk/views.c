/*
 * views.c: the one entry to the screens. view_build picks the screen's view; the views call the
 * helpers in view_common.c, which call no view, so the calls only go one way.
 */
#include "views.h"

void view_build(Ui *ui, const App *app)
{
    /* In portrait the screen's controls are at the bottom: the view lays out above them. */
    int reach = view_reach_height(ui, app);
    ui->h = ui->screen_h - reach;
    switch (app->screen) {
    case SCREEN_ATTRACT:
        view_attract(ui, app);
        break;
    case SCREEN_LIST:
        view_list(ui, app);
        break;
    case SCREEN_DETAIL:
        view_detail(ui, app);
        break;
    case SCREEN_FORM:
        view_form(ui, app);
        break;
    case SCREEN_CONFIRM:
        view_confirm(ui, app);
        break;
    case SCREEN_FEEDBACK:
        view_feedback(ui, app);
        break;
    case SCREEN_THANKS:
        view_thanks(ui, app);
        break;
    case SCREEN_MINE:
        view_mine(ui, app);
        break;
    case SCREEN_STAFF_PAD:
        view_staff_pad(ui, app);
        break;
    case SCREEN_STAFF_HOME:
        view_staff_home(ui, app);
        break;
    case SCREEN_STAFF_SYNC:
        view_staff_sync(ui, app);
        break;
    case SCREEN_STAFF_EVENTS:
        view_staff_events(ui, app);
        break;
    case SCREEN_STAFF_SIGNUPS:
        view_staff_signups(ui, app);
        break;
    case SCREEN_STAFF_EXPORT:
        view_staff_export(ui, app);
        break;
    case SCREEN_STAFF_SPOT:
        view_staff_spot(ui, app);
        break;
    case SCREEN_STAFF_VENUE:
        view_staff_venue(ui, app);
        break;
    case SCREEN_STAFF_HUB:
        view_staff_hub(ui, app);
        break;
    }
    ui->h = ui->screen_h;
    if (reach) view_reach_bar(ui, app, ui->h - reach, reach);
    /* The list's topic or venue picker, over everything (the reach bar too). */
    if (app->screen == SCREEN_LIST && app->picker != PICKER_NONE) view_picker(ui, app);
    /* A staff question, over everything likewise. */
    if (app->screen == SCREEN_STAFF_HOME) view_staff_home_ask(ui, app);
    if (app->screen == SCREEN_STAFF_SIGNUPS) view_staff_signups_ask(ui, app);
    /* Over any screen: the question being asked, and the are-you-still-there warning. */
    view_overlays(ui, app);
    /* After the screen is built: the element under a finger is drawn pressed. */
    ui_mark_pressed(ui);
}
