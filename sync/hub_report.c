/*
 * hub_report.c: an event's sign-ups as a report (hub_report.h).
 */
#include "hub_report.h"

#include <stdio.h>

const char *const HUB_SIGNUP_CSV_HEAD[HUB_SIGNUP_CSV_COLS] = {
    "event_id", "uuid", "code",   "status",     "group_size",  "name",           "email",   "phone",
    "answers",  "lang", "device", "created_at", "received_at", "released_grant", "attended"};

void hub_signup_status_text(const HubSignupRow *r, char *out, size_t n)
{
    char pos[16] = "";
    if (r->position > 0) snprintf(pos, sizeof pos, " #%d", r->position);
    const char *flag = r->late_grant       ? " (late grant)"
                       : r->over_capacity  ? " (released grant, over capacity)"
                       : r->released_grant ? " (released grant)"
                                           : "";
    char at[48] = "";
    /* A visitor cancelled it by its code at another kiosk ("My sign-up"). */
    if (r->cancelled_at && r->cancelled_at[0])
        snprintf(at, sizeof at, " (at %.32s)", r->cancelled_at);
    snprintf(out, n, "%s%s%s%s", r->status, pos, flag, at);
}

void hub_signup_csv_row(CsvWriter *w, const HubSignupRow *r)
{
    char status[128], group[16];
    hub_signup_status_text(r, status, sizeof status);
    snprintf(group, sizeof group, "%d", r->group_size);
    const char *released = r->over_capacity ? "over" : r->released_grant ? "1" : "0";
    csv_text(w, r->event_id);
    csv_text(w, r->uuid);
    csv_verbatim(w, r->code);
    const char *f[] = {status, group, r->name, r->email};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        csv_text(w, f[i]);
    csv_phone(w, r->phone);
    csv_text(w, r->answers);
    csv_text(w, r->lang);
    csv_text(w, r->device);
    csv_time(w, r->created_at);
    csv_time(w, r->received_at);
    csv_text(w, released);
    csv_text(w, r->attended ? "yes" : "no");
    csv_end_row(w);
}
