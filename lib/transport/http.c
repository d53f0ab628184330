#include "http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "error_internal.h"
#include "util/alloc.h"

/* Idle easy handles kept for reuse; more than this are freed after use. */
#define POOL_MAX 16

struct infisical__http {
    char *user_agent;
    int64_t connect_timeout_ms;
    /* Shares the connection cache, DNS and TLS sessions between easy handles,
     * so that threads reuse each other's connections. */
    CURLSH *share;
    pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
    pthread_mutex_t pool_lock;
    CURL *pool[POOL_MAX];
    size_t pool_len;
};

static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long global_refs;

int infisical__http_global_init(void)
{
    int rc = INFISICAL_OK;
    pthread_mutex_lock(&global_lock);
    if (global_refs == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        rc = INFISICAL_ENOMEM;
    else
        global_refs++;
    pthread_mutex_unlock(&global_lock);
    return rc;
}

void infisical__http_global_cleanup(void)
{
    pthread_mutex_lock(&global_lock);
    if (global_refs > 0 && --global_refs == 0)
        curl_global_cleanup();
    pthread_mutex_unlock(&global_lock);
}

int64_t infisical__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *userp)
{
    (void)handle;
    (void)access;
    struct infisical__http *h = userp;
    pthread_mutex_lock(&h->share_locks[data]);
}

static void share_unlock(CURL *handle, curl_lock_data data, void *userp)
{
    (void)handle;
    struct infisical__http *h = userp;
    pthread_mutex_unlock(&h->share_locks[data]);
}

int infisical__http_new(infisical__http **out, const struct infisical__http_settings *settings)
{
    *out = NULL;
    if (infisical__http_global_init() != INFISICAL_OK)
        return INFISICAL_ENOMEM;
    struct infisical__http *h = infisical__calloc(1, sizeof *h);
    if (!h)
        goto oom;
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&h->share_locks[i], NULL);
    pthread_mutex_init(&h->pool_lock, NULL);
    h->connect_timeout_ms = settings->connect_timeout_ms;
    if (!(h->user_agent = infisical__strdup(settings->user_agent)) || !(h->share = curl_share_init()))
        goto oom;
    if (curl_share_setopt(h->share, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_USERDATA, h) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)
        goto oom;
    *out = h;
    return INFISICAL_OK;
oom:
    infisical__http_free(h);
    if (!h)
        infisical__http_global_cleanup();
    return INFISICAL_ENOMEM;
}

void infisical__http_free(infisical__http *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->pool_len; i++)
        curl_easy_cleanup(h->pool[i]);
    if (h->share)
        curl_share_cleanup(h->share);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&h->share_locks[i]);
    pthread_mutex_destroy(&h->pool_lock);
    infisical__free(h->user_agent);
    infisical__free(h);
    infisical__http_global_cleanup();
}

static CURL *pool_take(struct infisical__http *h)
{
    CURL *c = NULL;
    pthread_mutex_lock(&h->pool_lock);
    if (h->pool_len)
        c = h->pool[--h->pool_len];
    pthread_mutex_unlock(&h->pool_lock);
    if (c)
        curl_easy_reset(c);
    else
        c = curl_easy_init();
    return c;
}

static void pool_give(struct infisical__http *h, CURL *c)
{
    pthread_mutex_lock(&h->pool_lock);
    if (h->pool_len < POOL_MAX) {
        h->pool[h->pool_len++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&h->pool_lock);
    if (c)
        curl_easy_cleanup(c);
}

struct exchange {
    infisical__http_response *resp;
    int oom;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct exchange *x = userp;
    size_t n = size * nmemb;
    if (infisical__buf_append(&x->resp->body, data, n) != 0) {
        x->oom = 1;
        return 0;
    }
    return n;
}

/* Keep the value of `name` when the header line is "name: value". */
static int capture(char **slot, const char *name, const char *line, size_t n)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return 0;
    const char *v = line + k + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    char *copy = infisical__strndup(v, (size_t)(end - v));
    if (!copy)
        return -1;
    infisical__free(*slot);
    *slot = copy;
    return 1;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userp)
{
    struct exchange *x = userp;
    size_t n = size * nmemb;
    infisical__http_response *r = x->resp;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* A new status line (after a 1xx): forget the earlier headers. */
        infisical__free(r->content_type);
        infisical__free(r->retry_after);
        infisical__free(r->ratelimit_reset);
        r->content_type = r->retry_after = r->ratelimit_reset = NULL;
        return n;
    }
    if (capture(&r->content_type, "content-type", line, n) < 0 ||
        capture(&r->retry_after, "retry-after", line, n) < 0 ||
        capture(&r->ratelimit_reset, "x-ratelimit-reset", line, n) < 0) {
        x->oom = 1;
        return 0;
    }
    return n;
}

static void wipe_slist(struct curl_slist *list)
{
    for (struct curl_slist *l = list; l; l = l->next)
        infisical__wipe(l->data, strlen(l->data));
    curl_slist_free_all(list);
}

static int code_for_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_OUT_OF_MEMORY:
        return INFISICAL_ENOMEM;
    case CURLE_OPERATION_TIMEDOUT:
        return INFISICAL_ETIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
        return INFISICAL_ETLS;
    default:
        return INFISICAL_ENETWORK;
    }
}

int infisical__http_send(infisical__http *h, const infisical__http_request *req, const char *what,
                         infisical__http_response *resp, infisical_error **err)
{
    memset(resp, 0, sizeof *resp);
    int64_t left = req->deadline_ms - infisical__now_ms();
    if (left <= 0)
        return infisical__fail(err, INFISICAL_ETIMEOUT, "%s: the call's deadline passed before the request was sent", what);

    CURL *c = pool_take(h);
    if (!c)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    struct curl_slist *headers = NULL;
    for (const char *const *p = req->headers; p && *p; p++) {
        struct curl_slist *grown = curl_slist_append(headers, *p);
        if (!grown) {
            wipe_slist(headers);
            pool_give(h, c);
            return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        }
        headers = grown;
    }

    struct exchange x = {.resp = resp};
    char curl_msg[CURL_ERROR_SIZE] = "";
    int64_t connect_ms = h->connect_timeout_ms < left ? h->connect_timeout_ms : left;
    CURLcode rc = CURLE_OK;
#define SET(opt, val) if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val)
    SET(CURLOPT_URL, req->url);
    SET(CURLOPT_SHARE, h->share);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_USERAGENT, h->user_agent);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_CUSTOMREQUEST, req->method);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_TIMEOUT_MS, (long)left);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)connect_ms);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, &x);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, &x);
    SET(CURLOPT_ERRORBUFFER, curl_msg);
    if (req->body) {
        SET(CURLOPT_POSTFIELDS, req->body);
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    } else if (strcmp(req->method, "GET") == 0) {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    if (rc == CURLE_OK)
        rc = curl_easy_perform(c);
    long status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);

    /* Drop the pointers into this call's memory before the handle goes back to the pool. */
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    pool_give(h, c);
    wipe_slist(headers);

    if (rc != CURLE_OK || x.oom) {
        infisical__http_response_clear(resp);
        if (x.oom)
            return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        int code = code_for_curl(rc);
        infisical_error *e = infisical__error_new(code, "%s: %s", what,
                                                  curl_msg[0] ? curl_msg : curl_easy_strerror(rc));
        if (e) {
            e->retryable = code == INFISICAL_ENETWORK || code == INFISICAL_ETIMEOUT;
            if (infisical__error_set_str(&e->request, what) != 0) {
                infisical_error_free(e);
                e = NULL;
            }
        }
        return infisical__error_report(err, e);
    }
    resp->status = status;
    return INFISICAL_OK;
}

void infisical__http_response_clear(infisical__http_response *resp)
{
    infisical__buf_clear(&resp->body);
    infisical__free(resp->content_type);
    infisical__free(resp->retry_after);
    infisical__free(resp->ratelimit_reset);
    resp->content_type = resp->retry_after = resp->ratelimit_reset = NULL;
    resp->status = 0;
}
