/*
 * mine.c: the I/O behind "My sign-up" (mine.h): the store, then the hub.
 */
#include "mine.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

void mine_from_store(const SignupStatus *st, MineSignup *out)
{
    memset(out, 0, sizeof *out);
    str_copy(out->code, sizeof out->code, st->code);
    str_copy(out->event_id, sizeof out->event_id, st->event_id);
    out->group_size = st->group_size;
    if (st->cancelled) {
        out->state = MINE_CANCELLED_STATE;
    } else if (strcmp(st->hub_status, "confirmed") == 0) {
        out->state = MINE_CONFIRMED;
    } else if (strcmp(st->hub_status, "waitlisted") == 0) {
        out->state = MINE_WAITLISTED;
        out->position = st->hub_position > 0 ? st->hub_position : 1;
    } else if (strcmp(st->hub_status, "rejected") == 0) {
        out->state = MINE_REJECTED;
    } else if (st->local == SIGNUP_WAITLISTED) {
        out->state = MINE_WAITLISTED;
        out->position = st->local_position > 0 ? st->local_position : 1;
    } else {
        out->state = st->local == SIGNUP_PROVISIONAL ? MINE_PROVISIONAL : MINE_CONFIRMED;
    }
}

void mine_from_hub(const WireSignupInfo *in, MineSignup *out)
{
    memset(out, 0, sizeof *out);
    str_copy(out->code, sizeof out->code, in->code);
    str_copy(out->event_id, sizeof out->event_id, in->event_id);
    out->group_size = in->group_size;
    out->remote = true;
    out->state = in->state == WIRE_SIGNUP_CONFIRMED    ? MINE_CONFIRMED
                 : in->state == WIRE_SIGNUP_WAITLISTED ? MINE_WAITLISTED
                                                       : MINE_CANCELLED_STATE;
    out->position = in->state == WIRE_SIGNUP_WAITLISTED && in->position > 0 ? in->position : 0;
    if (out->state == MINE_WAITLISTED && out->position == 0) out->position = 1;
}

int mine_lookup(Store *s, SyncProc *x, const char *code, MineSignup *out)
{
    SignupStatus st;
    char err[256];
    int rc = store_signup_lookup(s, code, &st, err, sizeof err);
    if (rc < 0) fprintf(stderr, "aukio: looking a sign-up up: %s\n", err);
    if (rc == 0) {
        mine_from_store(&st, out);
        return MINE_FOUND_IT;
    }
    /* Not made here (or the store failed): the hub may know it. Without a hub nobody else
     * could have taken it. */
    if (x)
        return sync_proc_lookup_ask(x, code, false, SYNC_EXPRESS_DEADLINE_MS) ? MINE_ASKED
                                                                              : MINE_UNREACHABLE;
    return rc == 1 ? MINE_NOT_FOUND : MINE_UNREACHABLE;
}

int mine_cancel(Store *s, SyncProc *x, const MineSignup *su, int64_t now, bool *poke)
{
    *poke = false;
    if (su->remote)
        return sync_proc_lookup_ask(x, su->code, true, SYNC_EXPRESS_DEADLINE_MS) ? MINE_ASKED
                                                                                 : MINE_UNREACHABLE;
    char err[256];
    int rc = store_signup_cancel(s, su->code, now, err, sizeof err);
    if (rc < 0) fprintf(stderr, "aukio: cancelling a sign-up: %s\n", err);
    *poke = rc == 0;
    /* 2: it was cancelled already (at the hub, say): it is what the visitor wanted. */
    return rc == 0 || rc == 2 ? MINE_FOUND_IT : MINE_UNREACHABLE;
}

int mine_answer(const SyncLookupAnswer *a, MineSignup *out, bool *cancel)
{
    *cancel = a->cancel;
    if (a->result != SYNC_OK) return MINE_UNREACHABLE;
    if (!a->found) return MINE_NOT_FOUND;
    mine_from_hub(&a->info, out);
    if (a->cancel && out->state != MINE_CANCELLED_STATE) return MINE_UNREACHABLE;
    return MINE_FOUND_IT;
}
