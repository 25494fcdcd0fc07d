/*
 * mine.h: the I/O behind "My sign-up" (the app's EFFECT_MINE_LOOKUP and EFFECT_MINE_CANCEL), as
 * runtime.c carries it out: this kiosk's store first, then the hub through the lookup worker
 * (client.h, "Lookup"). Nothing here keeps what it finds: it goes to the app, which shows it
 * and forgets it with the screen. No SDL; no personal data is read or written.
 */
#ifndef AUKIO_MINE_H
#define AUKIO_MINE_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "client.h"
#include "store.h"
#include "sync_proc.h"

/* What a lookup or a cancel came to: a MineAnswer, or MINE_ASKED when the hub was asked (the
 * answer comes from sync_proc_lookup_take, for mine_answer). */
#define MINE_ASKED (-1)

/* The sign-up of this kiosk's store ST as the screen shows it: cancelled here first (the hub may
 * not have heard yet), else the hub's latest word, else what the kiosk told the visitor. */
void mine_from_store(const SignupStatus *st, MineSignup *out);

/* The hub's answer IN as the screen shows it (REMOTE: cancelled through the hub). */
void mine_from_hub(const WireSignupInfo *in, MineSignup *out);

/* Looks CODE (normalised) up in S; when it is not there and X is not NULL, asks the hub within
 * SYNC_EXPRESS_DEADLINE_MS. Fills *OUT when found. */
int mine_lookup(Store *s, SyncProc *x, const char *code, MineSignup *out);

/* Cancels SU: one of this kiosk's in S's outbox at NOW (*POKE: the sync thread should send it
 * soon), a remote one through X. */
int mine_cancel(Store *s, SyncProc *x, const MineSignup *su, int64_t now, bool *poke);

/* The hub's answer A: a MineAnswer, *OUT filled when found, *CANCEL whether it answered a cancel.
 */
int mine_answer(const SyncLookupAnswer *a, MineSignup *out, bool *cancel);

#endif
