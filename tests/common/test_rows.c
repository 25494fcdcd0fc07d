/*
 * test_rows.c: an event's row of the list made by hand (test_rows.h).
 */
#include "test_rows.h"

#include <stdbool.h>
#include <string.h>

EventRow test_event_row(const char *id, const char *venue_id, const char *category, int64_t start)
{
    EventRow r;
    memset(&r, 0, sizeof r);
    r.id = id;
    r.title[LANG_FI] = r.title[LANG_SV] = r.title[LANG_EN] = "Tapahtuma";
    bool lahti = strcmp(venue_id, "lahti") == 0;
    r.venue[LANG_FI] = lahti ? "Lahden pääkirjasto" : "Kouvolan pääkirjasto";
    r.venue[LANG_SV] = lahti ? "Lahtis huvudbibliotek" : "Kouvola huvudbibliotek";
    r.venue[LANG_EN] = "";
    r.venue_id = venue_id;
    r.category = category;
    r.start_time = start;
    r.end_time = start ? start + 3600 : 0;
    r.status = start ? EVENT_SCHEDULED : EVENT_POSTPONED;
    r.registration = true;
    r.capacity = 20;
    r.max_group_size = 4;
    return r;
}
