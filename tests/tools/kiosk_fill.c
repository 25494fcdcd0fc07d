/*
 * kiosk_fill.c: queues many records in a kiosk's database through the store's own API, the way
 * the UI records them (store_signup_commit, store_feedback_commit: one transaction each, the
 * outbox row with the record). For the sync tests that need more records than a scripted UI
 * run can make in reasonable time. Not part of the product.
 *
 * usage: kiosk_fill DB EVENT_ID SIGNUPS FEEDBACK [--escrow]
 *
 * The event must already be in the database (pulled from the hub). Sign-ups are parties of one,
 * "Visitor N" with an email; feedback is scored 1..4 in turn with a comment. --escrow records
 * the sign-ups as an enrolled kiosk would (confirmed only within a grant). Prints how many
 * records were queued and how long it took; exits 1 on the first failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_sync.h"

static int parse_count(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 10000000) return -1;
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    long n_signups, n_feedback;
    if ((argc != 5 && argc != 6) || parse_count(argv[3], &n_signups) ||
        parse_count(argv[4], &n_feedback) || (argc == 6 && strcmp(argv[5], "--escrow") != 0)) {
        fprintf(stderr, "usage: kiosk_fill DB EVENT_ID SIGNUPS FEEDBACK [--escrow]\n");
        return 2;
    }
    char err[512];
    Store *s = NULL;
    if (store_open(&s, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "kiosk_fill: %s\n", err);
        return 1;
    }
    store_set_escrow(s, argc == 6);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t now = (int64_t)time(NULL);
    int rc = 0;
    for (long i = 0; rc == 0 && i < n_signups; i++) {
        SignupRequest req;
        SignupResult res;
        memset(&req, 0, sizeof req);
        snprintf(req.event_id, sizeof req.event_id, "%s", argv[2]);
        snprintf(req.name, sizeof req.name, "Visitor %ld", i);
        snprintf(req.email, sizeof req.email, "v%ld@example.fi", i);
        req.group_size = 1;
        req.consent = true;
        req.lang = (Lang)(i % LANG_COUNT);
        if (store_signup_commit(s, &req, now, &res, err, sizeof err) != 0) {
            fprintf(stderr, "kiosk_fill: sign-up %ld: %s\n", i, err);
            rc = 1;
        } else if (res.outcome == SIGNUP_REJECTED) {
            fprintf(stderr, "kiosk_fill: sign-up %ld rejected (availability %d)\n", i,
                    (int)res.reason);
            rc = 1;
        }
    }
    for (long i = 0; rc == 0 && i < n_feedback; i++) {
        FeedbackRequest fb;
        char uuid[37];
        memset(&fb, 0, sizeof fb);
        fb.score = (int)(i % 4) + 1;
        snprintf(fb.comment, sizeof fb.comment, "Palaute %ld", i);
        fb.lang = (Lang)(i % LANG_COUNT);
        if (store_feedback_commit(s, &fb, now, uuid, err, sizeof err) != 0) {
            fprintf(stderr, "kiosk_fill: feedback %ld: %s\n", i, err);
            rc = 1;
        }
    }
    (void)store_checkpoint(s);
    store_close(s);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (rc == 0)
        printf("queued %ld sign-ups and %ld feedback in %.0f ms\n", n_signups, n_feedback, ms);
    return rc;
}
