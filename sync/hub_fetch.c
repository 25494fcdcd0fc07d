/*
 * hub_fetch.c: one HTTP GET of a source's feed (hub_fetch.h). Only the sources call it.
 */
#include "hub_fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "util.h"

typedef struct {
    HubFetch *f;
    bool over; /* the body passed the cap */
    const atomic_bool *stop;
} Sink;

bool hub_fetch_url_ok(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    Sink *s = ud;
    size_t len = size * nmemb;
    if (buf_add(&s->f->body, p, len) != 0) {
        s->over = true;
        return 0; /* curl fails the transfer with CURLE_WRITE_ERROR */
    }
    return len;
}

/* Keeps the value of header NAME from LINE into OUT (when it fits). */
static void keep_header(const char *line, size_t len, const char *name, char *out)
{
    size_t k = strlen(name);
    if (len <= k || strncasecmp(line, name, k) != 0) return;
    const char *v = line + k;
    size_t vl = len - k;
    while (vl > 0 && (*v == ' ' || *v == '\t'))
        v++, vl--;
    while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
        vl--;
    if (vl > HUB_FETCH_VALIDATOR_MAX) return;
    memcpy(out, v, vl);
    out[vl] = '\0';
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
    Sink *s = ud;
    size_t len = size * nmemb;
    /* A redirect's headers come first: a new status line forgets them. */
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) s->f->etag[0] = s->f->modified[0] = '\0';
    keep_header(p, len, "ETag:", s->f->etag);
    keep_header(p, len, "Last-Modified:", s->f->modified);
    return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    Sink *s = ud;
    return s->stop && atomic_load(s->stop) ? 1 : 0;
}

static long total_timeout(void)
{
    const char *e = getenv("AUKIO_HUB_SOURCE_TIMEOUT_S");
    long v = HUB_FETCH_TOTAL_S;
    if (e && *e && parse_long(e, 1, 3600, &v) != 0) v = HUB_FETCH_TOTAL_S;
    return v;
}

int hub_fetch_get(const char *url, const char *etag, const char *modified, size_t cap,
                  const atomic_bool *stop, HubFetch *f, char *err, size_t n)
{
    memset(f, 0, sizeof *f);
    buf_init(&f->body, cap);
    if (!hub_fetch_url_ok(url)) return err_set(err, n, "only http:// and https:// URLs");
    CURL *h = curl_easy_init();
    if (!h) return err_set(err, n, "libcurl failed to start");
    Sink sink = {.f = f, .stop = stop};
    struct curl_slist *hdr = NULL;
    char line[HUB_FETCH_VALIDATOR_MAX + 32];
    if (etag && *etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        hdr = curl_slist_append(hdr, line);
    }
    if (modified && *modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", modified);
        struct curl_slist *h2 = curl_slist_append(hdr, line);
        if (h2) hdr = h2;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)HUB_FETCH_CONNECT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, total_timeout());
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cap);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "aukio-hub/" AUKIO_VERSION);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    CURLcode cc = curl_easy_perform(h);
    int rc = AUKIO_OK;
    if (sink.over || cc == CURLE_FILESIZE_EXCEEDED)
        rc = err_set(err, n, "larger than %zu bytes", cap);
    else if (cc == CURLE_ABORTED_BY_CALLBACK)
        rc = err_set(err, n, "stopped");
    else if (cc != CURLE_OK)
        rc = err_set(err, n, "%s", curl_easy_strerror(cc));
    else
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &f->status);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return rc;
}

void hub_fetch_deinit(HubFetch *f)
{
    buf_deinit(&f->body);
}
