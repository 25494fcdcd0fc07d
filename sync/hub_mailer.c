/*
 * hub_mailer.c: the thread of `aukio-hub serve` that sends the mail outbox over SMTP (libcurl).
 *
 * Each due row goes through its own transactions (hub_store.h, mail_set):
 *   1. claimed: attempts + 1 and the next attempt's time (exponential backoff with jitter), so a
 *      crash before the message is out only delays it;
 *   2. SENDING, committed in the read callback just before the message's last bytes are handed
 *      to libcurl, which sends the end-of-data marker after them: until then the server cannot
 *      have accepted the message, so any failure or crash leaves a row that is safely sent
 *      again;
 *   3. SENT after the server's 250 to the end of data; or, when the failure proves the server
 *      did not take it (it answered 4xx/5xx, or the data never ended), PENDING (retry) or
 *      FAILED (a permanent 55x, or older than give_up_s). A failure after the end of data
 *      without an answer, and a row found SENDING at start, is UNSURE: SMTP has no idempotency,
 *      so such a row is never sent again (at most once where it cannot be known).
 * Logs carry row ids, counts and curl's generic error texts only: never an address or a name.
 */
#include "hub.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "util.h"

#define BACKOFF_MAX_S 3600
#define POLL_S 1

struct HubMailer {
    HubStore *store;
    const HubMailConfig *cfg;
    char domain[HUB_MAIL_ADDRESS_MAX + 1];
    char epoch[33];
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
};

/* What the read callback needs: the message, and the row to mark SENDING at its end. */
typedef struct {
    HubMailer *mailer;
    const HubMail *m;
    int attempts;
    const Buf *msg;
    size_t off;
    bool ended; /* the whole message was handed over and the row is SENDING */
    bool mark_failed;
} Upload;

static bool stopping(HubMailer *ml)
{
    pthread_mutex_lock(&ml->lock);
    bool s = ml->stop;
    pthread_mutex_unlock(&ml->lock);
    return s;
}

int hub_mailer_check_url(const char *url, char *err, size_t n)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = AUKIO_OK;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
        rc = err_set(err, n, "--smtp: not a URL with a host (smtp://HOST:PORT or smtps://HOST)");
    else if (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0)
        rc = err_set(err, n, "--smtp: the URL must start with smtp:// or smtps://");
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

/* Whether URL's host is this machine, where a plain connection carries no password over a
 * network. */
static bool loopback(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    bool local = false;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        local = strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1]") == 0 ||
                strcmp(host, "localhost") == 0;
    curl_free(host);
    curl_url_cleanup(u);
    return local;
}

/* ---- One message -------------------------------------------------------------------------- */

static size_t on_read(char *dst, size_t size, size_t nitems, void *ud)
{
    Upload *up = ud;
    size_t room = size * nitems, left = up->msg->len - up->off;
    size_t k = left < room ? left : room;
    if (k == left && !up->ended) {
        /* These are the message's last bytes; the end-of-data marker follows them. Until they
         * are handed over the server cannot accept the message; from here on it may. */
        char err[256];
        HubStore *st = up->mailer->store;
        if (st->mail_set(st, up->m->id, HUB_MAIL_PENDING, HUB_MAIL_SENDING, up->attempts, 0,
                         now_s(), err, sizeof err) != AUKIO_OK) {
            up->mark_failed = true;
            return CURL_READFUNC_ABORT;
        }
        up->ended = true;
    }
    memcpy(dst, up->msg->p + up->off, k);
    up->off += k;
    return k;
}

/* Stops a transfer when the hub stops, unless the message's end is already out. */
static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    Upload *up = ud;
    return !up->ended && stopping(up->mailer);
}

/* The delay before attempt ATTEMPTS + 1: backoff_s doubled per attempt, at most an hour, of
 * which a random half (so that many messages failing together do not retry together). */
static int64_t backoff(const HubMailConfig *cfg, int attempts)
{
    int64_t d = cfg->backoff_s > 0 ? cfg->backoff_s : 60;
    for (int i = 1; i < attempts && d < BACKOFF_MAX_S; i++)
        d *= 2;
    if (d > BACKOFF_MAX_S) d = BACKOFF_MAX_S;
    return d - (int64_t)randombytes_uniform((uint32_t)(d / 2 + 1));
}

/* Runs the SMTP transaction of MSG for M; *CODE gets the server's last reply code. */
static CURLcode smtp_send(HubMailer *ml, Upload *up, long *code)
{
    const HubMailConfig *cfg = ml->cfg;
    CURL *h = curl_easy_init();
    if (!h) return CURLE_OUT_OF_MEMORY;
    char from[HUB_MAIL_ADDRESS_MAX + 3], to[HUB_MAIL_ADDRESS_MAX + 3];
    snprintf(from, sizeof from, "<%s>", cfg->from);
    snprintf(to, sizeof to, "<%s>", up->m->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    bool secret = cfg->password && *cfg->password;
    curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    /* STARTTLS when the server offers it; a password never crosses a network in the clear. */
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     secret && !loopback(cfg->smtp_url) ? (long)CURLUSESSL_ALL
                                                        : (long)CURLUSESSL_TRY);
    if (cfg->user) curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
    if (secret) curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up->msg->len);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, up);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, up);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 300L);
    CURLcode res = rcpt ? curl_easy_perform(h) : CURLE_OUT_OF_MEMORY;
    *code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    return res;
}

/* A server's answer that no retry will change: the mailbox does not exist or will not take it. */
static bool permanent(long code)
{
    return code >= 550 && code <= 554;
}

static void set_state(HubMailer *ml, const HubMail *m, int from, int to, int attempts,
                      int64_t next_at)
{
    char err[256];
    HubStore *st = ml->store;
    if (st->mail_set(st, m->id, from, to, attempts, next_at, now_s(), err, sizeof err) != AUKIO_OK)
        fprintf(stderr, "aukio-hub: mail %lld: %s\n", (long long)m->id, err);
}

/* Sends row M (claimed by the caller) as attempt ATTEMPTS, next try at NEXT_AT if it fails.
 * Returns false when the attempt failed for a reason that is not this message's (the server is
 * down, refuses the hub): the caller then pauses before the next row. */
static bool send_one(HubMailer *ml, const HubMail *m, int attempts, int64_t next_at)
{
    const HubMailConfig *cfg = ml->cfg;
    HubMailEnv env = {.from = cfg->from, .domain = ml->domain, .epoch = ml->epoch};
    char err[256];
    Buf msg;
    buf_init(&msg, 4 * 1024 * 1024);
    if (hub_mail_build(m, &env, &msg, err, sizeof err) != AUKIO_OK) {
        fprintf(stderr, "aukio-hub: %s; marked failed\n", err);
        set_state(ml, m, HUB_MAIL_PENDING, HUB_MAIL_FAILED, attempts, 0);
        buf_deinit(&msg);
        return true;
    }
    Upload up = {.mailer = ml, .m = m, .attempts = attempts, .msg = &msg};
    long code = 0;
    CURLcode res = smtp_send(ml, &up, &code);
    buf_deinit(&msg);
    long long id = (long long)m->id;
    /* After the end of data the last reply is the server's answer to it, or to the QUIT that
     * follows a 250: either way the message was accepted, whatever failed after. */
    if (res == CURLE_OK || (up.ended && (code == 250 || code == 221))) {
        set_state(ml, m, HUB_MAIL_SENDING, HUB_MAIL_SENT, attempts, 0);
        fprintf(stderr, "aukio-hub: mail %lld sent\n", id);
        return true;
    }
    int from = up.ended ? HUB_MAIL_SENDING : HUB_MAIL_PENDING;
    if (up.ended && code < 400) {
        /* The end of the message went out and no answer came back: the server may have it. */
        set_state(ml, m, HUB_MAIL_SENDING, HUB_MAIL_UNSURE, attempts, 0);
        fprintf(stderr,
                "aukio-hub: mail %lld: no answer after the end of data (%s); unsure, "
                "not sent again\n",
                id, curl_easy_strerror(res));
        return true;
    }
    bool give_up = permanent(code) || now_s() - m->created_at >= cfg->give_up_s;
    if (give_up) {
        set_state(ml, m, from, HUB_MAIL_FAILED, attempts, 0);
    } else if (up.ended) {
        set_state(ml, m, HUB_MAIL_SENDING, HUB_MAIL_PENDING, attempts, next_at);
    }
    if (res == CURLE_ABORTED_BY_CALLBACK && !up.mark_failed) return true; /* stopping */
    fprintf(stderr, "aukio-hub: mail %lld: attempt %d failed (%s, SMTP %ld); %s\n", id, attempts,
            curl_easy_strerror(res), code, give_up ? "marked failed" : "will retry");
    return permanent(code);
}

/* ---- The thread ----------------------------------------------------------------------------- */

static void wait_s(HubMailer *ml, int s)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += s;
    pthread_mutex_lock(&ml->lock);
    if (!ml->stop) pthread_cond_timedwait(&ml->cond, &ml->lock, &ts);
    pthread_mutex_unlock(&ml->lock);
}

static void *mailer_main(void *ud)
{
    HubMailer *ml = ud;
    HubStore *st = ml->store;
    char err[256];
    while (!stopping(ml)) {
        HubMail m;
        int64_t now = now_s();
        int rc = st->mail_due(st, now, &m, err, sizeof err);
        if (rc == AUKIO_ERR_NOT_FOUND) {
            wait_s(ml, POLL_S);
            continue;
        }
        if (rc != AUKIO_OK) {
            fprintf(stderr, "aukio-hub: mail: %s\n", err);
            wait_s(ml, 5 * POLL_S);
            continue;
        }
        int attempts = m.attempts + 1;
        int64_t next_at = now + backoff(ml->cfg, attempts);
        /* Claimed: a crash from here until the end of the message only delays it. */
        if (st->mail_set(st, m.id, HUB_MAIL_PENDING, HUB_MAIL_PENDING, attempts, next_at, now, err,
                         sizeof err) != AUKIO_OK)
            fprintf(stderr, "aukio-hub: mail %lld: %s\n", (long long)m.id, err);
        else if (!send_one(ml, &m, attempts, next_at))
            /* The server is in trouble, not this message: the other rows wait a while too
             * rather than each failing in turn. */
            wait_s(ml, (int)(next_at - now < 60 ? next_at - now : 60));
        hub_mail_deinit(&m);
    }
    return NULL;
}

int hub_mailer_start(HubMailer **out, HubStore *store, const HubMailConfig *cfg, char *err,
                     size_t n)
{
    *out = NULL;
    int unsure = 0, counts[HUB_MAIL_STATES];
    if (store->mail_enable(store, cfg->smtp_url != NULL, &unsure, err, n) != AUKIO_OK ||
        store->mail_counts(store, counts, err, n) != AUKIO_OK)
        return AUKIO_ERR;
    if (unsure)
        fprintf(stderr,
                "aukio-hub: mail: %d message(s) were being sent when the hub stopped; marked "
                "unsure, not sent again\n",
                unsure);
    if (!cfg->smtp_url) {
        if (counts[HUB_MAIL_PENDING])
            fprintf(stderr, "aukio-hub: mail is off (no --smtp); %d message(s) wait unsent\n",
                    counts[HUB_MAIL_PENDING]);
        return AUKIO_OK;
    }
    HubMailer *ml = calloc(1, sizeof *ml);
    if (!ml) return err_set(err, n, "out of memory");
    ml->store = store;
    ml->cfg = cfg;
    const char *at = strchr(cfg->from, '@');
    str_copy(ml->domain, sizeof ml->domain, at ? at + 1 : "localhost");
    int64_t seq, floor;
    if (store->meta(store, ml->epoch, &seq, &floor, err, n) != AUKIO_OK) {
        free(ml);
        return AUKIO_ERR;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pthread_mutex_init(&ml->lock, NULL);
    pthread_cond_init(&ml->cond, NULL);
    if (pthread_create(&ml->thread, NULL, mailer_main, ml) != 0) {
        pthread_cond_destroy(&ml->cond);
        pthread_mutex_destroy(&ml->lock);
        free(ml);
        return err_set(err, n, "cannot start the mail thread");
    }
    fprintf(stderr, "aukio-hub: mail on; %d message(s) waiting\n", counts[HUB_MAIL_PENDING]);
    *out = ml;
    return AUKIO_OK;
}

void hub_mailer_stop(HubMailer *ml)
{
    if (!ml) return;
    pthread_mutex_lock(&ml->lock);
    ml->stop = true;
    pthread_cond_signal(&ml->cond);
    pthread_mutex_unlock(&ml->lock);
    pthread_join(ml->thread, NULL);
    pthread_cond_destroy(&ml->cond);
    pthread_mutex_destroy(&ml->lock);
    hub_mail_cleanup();
    curl_global_cleanup();
    free(ml);
}
