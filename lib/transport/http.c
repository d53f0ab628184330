#include "http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "error_internal.h"
#include "util/alloc.h"

/* Idle handles kept for reuse; more than this are freed after use. */
#define POOL_MAX 16
/* How often a waiting call looks at the cancel hook. */
#define CANCEL_POLL_MS 50

/* An easy handle with its own multi handle, so a transfer can be driven in
 * short steps and abandoned when the cancel hook says so. */
struct handle {
    CURL *easy;
    CURLM *multi;
};

struct infisical__http {
    char *user_agent;
    char *ca_file;
    char *ca_dir;
    char *ca_pem;
    char *proxy;
    char *no_proxy;
    int64_t connect_timeout_ms;
    int64_t backoff_base_ms;
    int64_t backoff_max_ms;
    int64_t max_response_bytes;
    int ca_pinned;              /* the caller named the CAs: nothing else is trusted */
    int insecure;
    /* Shares DNS and TLS sessions between handles. Not connections: libcurl
     * does not support one connection cache used by concurrent threads. Each
     * pooled handle keeps its own connections instead, and the pool hands
     * back the most recently used handle, so sequential calls reuse one. */
    CURLSH *share;
    pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
    pthread_mutex_t lock;       /* the pool and the jitter state */
    struct handle pool[POOL_MAX];
    size_t pool_len;
    uint64_t jitter_state;
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

/* Copy an optional string setting; 0 or -1 when out of memory. */
static int copy_opt(char **dst, const char *src)
{
    *dst = NULL;
    return src && !(*dst = infisical__strdup(src)) ? -1 : 0;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int infisical__http_new(infisical__http **out, const struct infisical__http_settings *s)
{
    *out = NULL;
    if (infisical__http_global_init() != INFISICAL_OK)
        return INFISICAL_ENOMEM;
    struct infisical__http *h = infisical__calloc(1, sizeof *h);
    if (!h) {
        infisical__http_global_cleanup();
        return INFISICAL_ENOMEM;
    }
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&h->share_locks[i], NULL);
    pthread_mutex_init(&h->lock, NULL);
    h->connect_timeout_ms = s->connect_timeout_ms;
    h->backoff_base_ms = s->backoff_base_ms;
    h->backoff_max_ms = s->backoff_max_ms;
    h->max_response_bytes = s->max_response_bytes;
    h->ca_pinned = s->ca_file || s->ca_dir || s->ca_pem;
    h->insecure = s->insecure;
    h->jitter_state = (uint64_t)infisical__now_ms() * 0x9E3779B97F4A7C15u ^ (uint64_t)(uintptr_t)h;
    if (!h->jitter_state)
        h->jitter_state = 1;
    /* libcurl is built with a fixed CA bundle and CA path, so OpenSSL's own
     * SSL_CERT_FILE / SSL_CERT_DIR would be ignored: honour them here, each
     * replacing the default it names, as OpenSSL does. */
    const char *ca_file = h->ca_pinned ? s->ca_file : env("SSL_CERT_FILE");
    const char *ca_dir = h->ca_pinned ? s->ca_dir : env("SSL_CERT_DIR");
    if (copy_opt(&h->user_agent, s->user_agent) || copy_opt(&h->ca_file, ca_file) || copy_opt(&h->ca_dir, ca_dir) ||
        copy_opt(&h->ca_pem, s->ca_pem) || copy_opt(&h->proxy, s->proxy) || copy_opt(&h->no_proxy, s->no_proxy) ||
        !(h->share = curl_share_init()) ||
        curl_share_setopt(h->share, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_USERDATA, h) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
        infisical__http_free(h);
        return INFISICAL_ENOMEM;
    }
    *out = h;
    return INFISICAL_OK;
}

static void handle_free(struct handle *hd)
{
    if (hd->multi)
        curl_multi_cleanup(hd->multi);
    if (hd->easy)
        curl_easy_cleanup(hd->easy);
}

void infisical__http_free(infisical__http *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->pool_len; i++)
        handle_free(&h->pool[i]);
    if (h->share)
        curl_share_cleanup(h->share);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&h->share_locks[i]);
    pthread_mutex_destroy(&h->lock);
    infisical__free(h->user_agent);
    infisical__free(h->ca_file);
    infisical__free(h->ca_dir);
    infisical__free(h->ca_pem);
    infisical__free(h->proxy);
    infisical__free(h->no_proxy);
    infisical__free(h);
    infisical__http_global_cleanup();
}

/* An idle handle (*fresh 0: its handle options are set already), or a new
 * one (*fresh 1): 0, or -1 with hd->easy NULL. */
static int pool_take(struct infisical__http *h, struct handle *hd, int *fresh)
{
    int found = 0;
    pthread_mutex_lock(&h->lock);
    if (h->pool_len) {
        *hd = h->pool[--h->pool_len];
        found = 1;
    }
    pthread_mutex_unlock(&h->lock);
    *fresh = !found;
    if (found)
        return 0;
    hd->easy = curl_easy_init();
    hd->multi = curl_multi_init();
    /* A multi would otherwise trim its connection cache to four times its
     * (single) transfer whenever a transfer ends. */
    if (!hd->easy || !hd->multi || curl_multi_setopt(hd->multi, CURLMOPT_MAXCONNECTS, (long)POOL_MAX) != CURLM_OK) {
        handle_free(hd);
        hd->easy = NULL;
        hd->multi = NULL;
        return -1;
    }
    return 0;
}

static void pool_give(struct infisical__http *h, struct handle *hd)
{
    pthread_mutex_lock(&h->lock);
    int kept = h->pool_len < POOL_MAX;
    if (kept)
        h->pool[h->pool_len++] = *hd;
    pthread_mutex_unlock(&h->lock);
    if (!kept)
        handle_free(hd);
}

/* Full jitter: a uniform wait in [0, min(max, base * 2^(retry-1))]. */
static int64_t backoff_ms(struct infisical__http *h, uint32_t retry)
{
    int64_t step = h->backoff_base_ms;
    for (uint32_t i = 1; i < retry && step < h->backoff_max_ms; i++)
        step *= 2;
    if (step > h->backoff_max_ms)
        step = h->backoff_max_ms;
    pthread_mutex_lock(&h->lock);
    /* xorshift64*: plenty for spreading retries; not for secrets. */
    uint64_t x = h->jitter_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    h->jitter_state = x;
    pthread_mutex_unlock(&h->lock);
    return (int64_t)((x * 0x2545F4914F6CDD1Du) % (uint64_t)(step + 1));
}

static int cancelled(const infisical__http_request *req)
{
    return req->cancel && req->cancel(req->cancel_user);
}

/* Sleep ms, looking at the cancel hook meanwhile; 1 when cancelled. */
static int wait_ms(const infisical__http_request *req, int64_t ms)
{
    int64_t end = infisical__now_ms() + ms;
    for (;;) {
        if (cancelled(req))
            return 1;
        int64_t left = end - infisical__now_ms();
        if (left <= 0)
            return 0;
        if (left > CANCEL_POLL_MS)
            left = CANCEL_POLL_MS;
        struct timespec ts = {left / 1000, (long)(left % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* Seconds (a delay, or an epoch time when huge) or an HTTP date -> ms from now; -1 when unusable. */
static int64_t parse_wait(const char *v)
{
    if (!v || !*v)
        return -1;
    if (*v >= '0' && *v <= '9') {
        char *end;
        double secs = strtod(v, &end);
        while (*end == ' ')
            end++;
        if (*end != '\0' || secs < 0)
            return -1;
        if (secs > 1e9) /* an epoch time, as some servers send in X-RateLimit-Reset */
            secs -= (double)time(NULL);
        return secs <= 0 ? 0 : secs > 86400.0 * 365 ? -1 : (int64_t)(secs * 1000.0);
    }
    time_t at = curl_getdate(v, NULL);
    if (at == (time_t)-1)
        return -1;
    time_t now = time(NULL);
    return at <= now ? 0 : (int64_t)(at - now) * 1000;
}

/* All header lines of one reply, interim (1xx) replies included, may hold
 * this much; a server that sends more is broken, or feeding us forever. */
#define MAX_HEADER_BYTES (256 * 1024)

struct exchange {
    infisical__http_response *resp;
    CURL *easy;
    int64_t max_bytes;
    int secret_reply;           /* the request's: the reply's contract shape carries a secret */
    long status;                /* of the status line being read */
    char *retry_after;
    char *ratelimit_reset;
    size_t header_bytes;
    int interim;                /* the status line being read is a 1xx */
    int headers_done;           /* the final reply's headers have ended */
    int oom;
    int too_large;
    int too_many_header_bytes;
};

/* Before the first byte of a body: may its buffer skip the wipes, and how
 * much room will it need? The status line is known by then.
 *
 * The buffer is plain (grown by realloc, freed unwiped) only for a 2xx reply
 * to a request whose operation declared that its reply carries no secret
 * (secret_reply 0: no token, no secret value in the contract's shape). Such a
 * reply's bytes are also in libcurl's receive buffer and in jansson's tree,
 * which are freed unwiped, so wiping this one copy would protect nothing.
 * Every other reply keeps the wiping buffer: a login or renew reply, secret
 * values, and any error reply, which may quote back a secret the request sent
 * (the codec masks those in its own copies, see infisical__decode_error).
 *
 * The room is the Content-Length, when the server gave one within the
 * maximum: one allocation, where doubling from 256 bytes would allocate and
 * copy a dozen times for a big list and hold up to twice the body meanwhile.
 * A body decoded from a compressed one may outgrow it; the buffer then grows
 * as usual. Only a plain buffer is sized so: a wiping one is wiped whole when
 * cleared, and a Content-Length that lies (a big one before a short body)
 * would then cost a wipe of the whole reservation; the replies that wipe
 * (tokens, errors) are small anyway. */
static int start_body(struct exchange *x)
{
    infisical__buf *b = &x->resp->body;
    b->plain = !x->secret_reply && x->status >= 200 && x->status <= 299;
    if (!b->plain)
        return 0;
    curl_off_t length = -1;
    if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) != CURLE_OK || length <= 0 ||
        length > x->max_bytes || (uint64_t)length >= SIZE_MAX / 2)
        return 0;
    return infisical__buf_reserve(b, (size_t)length);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct exchange *x = userp;
    size_t n = size * nmemb;
    if ((int64_t)(x->resp->body.len + n) > x->max_bytes) {
        x->too_large = 1;
        return 0;
    }
    if (!x->resp->body.data && start_body(x) != 0) {
        x->oom = 1;
        return 0;
    }
    if (infisical__buf_append(&x->resp->body, data, n) != 0) {
        x->oom = 1;
        return 0;
    }
    return n;
}

/* Keep the value of `name` when the header line is "name: value": 1 taken, 0 not this one, -1 OOM. */
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

static void forget_headers(struct exchange *x)
{
    infisical__free(x->resp->content_type);
    infisical__free(x->resp->location);
    infisical__free(x->retry_after);
    infisical__free(x->ratelimit_reset);
    x->resp->content_type = x->resp->location = x->retry_after = x->ratelimit_reset = NULL;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userp)
{
    struct exchange *x = userp;
    size_t n = size * nmemb;
    x->header_bytes += n;
    if (x->header_bytes > MAX_HEADER_BYTES) {
        x->too_many_header_bytes = 1;
        return 0;
    }
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* A new status line (after a 1xx or a proxy's reply): "HTTP/1.1 100 ..." */
        const char *code = memchr(line, ' ', n);
        x->interim = code && (size_t)(code - line) + 1 < n && code[1] == '1';
        x->status = 0;
        for (size_t k = code ? (size_t)(code - line) + 1 : n, end = k + 3; k < n && k < end; k++) {
            if (line[k] < '0' || line[k] > '9')
                break;
            x->status = x->status * 10 + (line[k] - '0');
        }
        x->headers_done = 0;
        forget_headers(x);
        return n;
    }
    if (n <= 2 && (line[0] == '\r' || line[0] == '\n')) {
        x->headers_done = !x->interim;
        return n;
    }
    /* Most lines are none of the four: a look at the first letter skips them. */
    char first = (char)(line[0] | 0x20);
    if (first != 'c' && first != 'l' && first != 'r' && first != 'x')
        return n;
    if (capture(&x->resp->content_type, "content-type", line, n) < 0 ||
        capture(&x->resp->location, "location", line, n) < 0 ||
        capture(&x->retry_after, "retry-after", line, n) < 0 ||
        capture(&x->ratelimit_reset, "x-ratelimit-reset", line, n) < 0) {
        x->oom = 1;
        return 0;
    }
    return n;
}

/* What a libcurl failure means for the caller. Only what happened on the
 * way to the server and back is a network error (and so may be retried):
 *
 *   INFISICAL_EINVAL    libcurl cannot take the configuration or was used
 *                       wrongly: nothing was sent, and repeating cannot help.
 *                       URL_MALFORMAT, UNSUPPORTED_PROTOCOL, NOT_BUILT_IN,
 *                       BAD_FUNCTION_ARGUMENT, UNKNOWN_OPTION,
 *                       SETOPT_OPTION_SYNTAX, FAILED_INIT, FUNCTION_NOT_FOUND,
 *                       INTERFACE_FAILED, RECURSIVE_API_CALL, READ_ERROR,
 *                       SEND_FAIL_REWIND, and the TLS files and engines it
 *                       was given: SSL_CACERT_BADFILE (a CA file, directory
 *                       or PEM it cannot load), SSL_CRL_BADFILE,
 *                       SSL_CERTPROBLEM, SSL_CIPHER, SSL_ENGINE_*
 *   INFISICAL_ETLS      the handshake or the server's certificate failed:
 *                       SSL_CONNECT_ERROR, PEER_FAILED_VERIFICATION,
 *                       SSL_ISSUER_ERROR, SSL_PINNEDPUBKEYNOTMATCH,
 *                       SSL_INVALIDCERTSTATUS, SSL_CLIENTCERT, USE_SSL_FAILED,
 *                       SSL_SHUTDOWN_FAILED
 *   INFISICAL_EPROTOCOL the server's reply is malformed: WEIRD_SERVER_REPLY,
 *                       BAD_CONTENT_ENCODING (and, decided by the caller, a
 *                       header line or header block over the limits)
 *   INFISICAL_ETIMEOUT  OPERATION_TIMEDOUT
 *   INFISICAL_ETOOLARGE FILESIZE_EXCEEDED
 *   INFISICAL_ENOMEM    OUT_OF_MEMORY
 *   INFISICAL_ENETWORK  everything else libcurl reports while it resolves,
 *                       connects, sends and receives: COULDNT_RESOLVE_HOST,
 *                       COULDNT_RESOLVE_PROXY, COULDNT_CONNECT, SEND_ERROR,
 *                       RECV_ERROR, GOT_NOTHING, PARTIAL_FILE, HTTP2,
 *                       HTTP2_STREAM, PROXY, UPLOAD_FAILED, AGAIN, ... */
static int code_for_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_FAILED_INIT:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_SETOPT_OPTION_SYNTAX:
    case CURLE_FUNCTION_NOT_FOUND:
    case CURLE_INTERFACE_FAILED:
    case CURLE_RECURSIVE_API_CALL:
    case CURLE_READ_ERROR:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
        return INFISICAL_EINVAL;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return INFISICAL_ETLS;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
        return INFISICAL_EPROTOCOL;
    case CURLE_OPERATION_TIMEDOUT:
        return INFISICAL_ETIMEOUT;
    case CURLE_FILESIZE_EXCEEDED:
        return INFISICAL_ETOOLARGE;
    case CURLE_OUT_OF_MEMORY:
        return INFISICAL_ENOMEM;
    default:
        return INFISICAL_ENETWORK;
    }
}

/* Whether libcurl says the server refused the request without processing
 * it: an HTTP/2 stream above the last-stream-id of a GOAWAY (RFC 9113
 * section 6.8: the server did not process it), which nghttp2 closes with
 * REFUSED_STREAM. libcurl 7.88 has no CURLINFO for it and does not retry it:
 * it ends the transfer with CURLE_HTTP2 and an empty error buffer, its one
 * report of a stream that nghttp2 closed with an error code by itself as the
 * connection ended. A stream the server resets is CURLE_HTTP2_STREAM or
 * CURLE_PARTIAL_FILE, a broken connection a receive error or an empty reply.
 * The one other stream nghttp2 closes by itself is one whose reply it finds
 * malformed; that would have to arrive together with a GOAWAY to be reported
 * alike. A stream refused by RST_STREAM REFUSED_STREAM (section 8.7) libcurl
 * sends again itself on a new connection, up to five times; when it gives up
 * that is a receive error, not counted here, as the first of those sends may
 * have gone on a reused connection that died after the server acted. */
static int refused_unprocessed(CURLcode rc, const char *curl_msg)
{
    return rc == CURLE_HTTP2 && curl_msg[0] == '\0';
}

/* The outcome of one attempt that got no HTTP reply. */
struct failure {
    int code;                   /* INFISICAL_E* */
    int nothing_sent;           /* the server cannot have seen the request */
    char reason[CURL_ERROR_SIZE + 64]; /* room for our words around libcurl's message */
};

/* libcurl's receive buffer. Its default (16 KiB) makes libcurl 7.88 stall
 * until the deadline on an HTTP/2 reply whose header line is longer than the
 * buffer; with this size every header line that libcurl accepts at all (100
 * KiB, CURL_MAX_HTTP_HEADER) fits. */
#define RECEIVE_BUFFER_BYTES (128L * 1024)

#define SET(opt, val)                                                                                 \
    do {                                                                                              \
        if (rc == CURLE_OK && (rc = curl_easy_setopt(c, opt, val)) != CURLE_OK)                       \
            *failed = #opt;                                                                           \
    } while (0)

/* Set the options that are the same for every transfer of this transport,
 * once, when a handle is made; on failure *failed names the option. A pooled
 * handle keeps them: curl_easy_reset and setting all of them again on every
 * call cost about 4 % of a small GET, and allocations (libcurl copies each
 * string option, and the reset copies its default CA paths again). */
static CURLcode set_handle_options(struct infisical__http *h, CURL *c, const char **failed)
{
    CURLcode rc = CURLE_OK;
    SET(CURLOPT_SHARE, h->share);
    SET(CURLOPT_MAXCONNECTS, (long)POOL_MAX);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_USERAGENT, h->user_agent);
    /* Never follow a redirect: the Authorization header must not reach another host. */
    SET(CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_BUFFERSIZE, RECEIVE_BUFFER_BYTES);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_response_bytes);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_SSL_VERIFYPEER, h->insecure ? 0L : 1L);
    SET(CURLOPT_SSL_VERIFYHOST, h->insecure ? 0L : 2L);
    /* A pinned CA is the only trust. libcurl keeps its built-in CA bundle and
     * CA path (Debian's: /etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs)
     * next to whatever is set, unless each is switched off: NULL does that.
     * Unpinned, the environment's file or path replaces only the default it
     * names (h->ca_file / h->ca_dir then come from SSL_CERT_FILE / _DIR). */
    if (h->ca_pinned || h->ca_file)
        SET(CURLOPT_CAINFO, h->ca_file);
    if (h->ca_pinned || h->ca_dir)
        SET(CURLOPT_CAPATH, h->ca_dir);
    if (h->ca_pem) {
#if LIBCURL_VERSION_NUM >= 0x074d00
        struct curl_blob blob = {.data = h->ca_pem, .len = strlen(h->ca_pem), .flags = CURL_BLOB_COPY};
        SET(CURLOPT_CAINFO_BLOB, &blob);
#else
        if (rc == CURLE_OK) {
            rc = CURLE_NOT_BUILT_IN;
            *failed = "CURLOPT_CAINFO_BLOB";
        }
#endif
    }
    if (h->proxy)
        SET(CURLOPT_PROXY, h->proxy);
    if (h->no_proxy)
        SET(CURLOPT_NOPROXY, h->no_proxy);
    return rc;
}

/* Set what differs between transfers. Every one of these is set on every
 * call, so nothing of the previous transfer on a pooled handle carries over:
 * a request without a body sets HTTPGET, which undoes an earlier POSTFIELDS
 * (and release_transfer clears that pointer anyway). */
static CURLcode set_transfer_options(struct infisical__http *h, CURL *c, const infisical__http_request *req,
                                     struct curl_slist *headers, struct exchange *x, char *curl_msg, int64_t left,
                                     const char **failed)
{
    int64_t connect_ms = h->connect_timeout_ms < left ? h->connect_timeout_ms : left;
    CURLcode rc = CURLE_OK;
    SET(CURLOPT_URL, req->url);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_TIMEOUT_MS, (long)left);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)connect_ms);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_HEADERDATA, x);
    SET(CURLOPT_ERRORBUFFER, curl_msg);
    if (req->body) {
        SET(CURLOPT_POSTFIELDS, req->body);
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
    /* A GET needs no custom verb (and libcurl then copies no string). */
    SET(CURLOPT_CUSTOMREQUEST, strcmp(req->method, "GET") == 0 ? NULL : req->method);
    return rc;
}
#undef SET

/* Drop the pointers into this call's memory before the handle is kept. */
static void release_transfer(CURL *c, const infisical__http_request *req)
{
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    if (req->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
}

/* A failure of the multi handle as an easy handle's code, libcurl's words in curl_msg. */
static CURLcode multi_failure(CURLMcode mc, char *curl_msg)
{
    snprintf(curl_msg, CURL_ERROR_SIZE, "%s", curl_multi_strerror(mc));
    return mc == CURLM_OUT_OF_MEMORY ? CURLE_OUT_OF_MEMORY : CURLE_BAD_FUNCTION_ARGUMENT;
}

/* Drive one transfer to its end in short steps, so the cancel hook is heard. */
static CURLcode perform(const infisical__http_request *req, struct handle *hd, char *curl_msg, int *was_cancelled)
{
    CURLcode result = CURLE_OK;
    *was_cancelled = 0;
    CURLMcode mc = curl_multi_add_handle(hd->multi, hd->easy);
    if (mc != CURLM_OK)
        return multi_failure(mc, curl_msg);
    int running = 1;
    while (running) {
        if ((mc = curl_multi_perform(hd->multi, &running)) != CURLM_OK) {
            result = multi_failure(mc, curl_msg);
            break;
        }
        if (!running)
            break;
        if (cancelled(req)) {
            *was_cancelled = 1;
            break;
        }
        if ((mc = curl_multi_poll(hd->multi, NULL, 0, req->cancel ? CANCEL_POLL_MS : 1000, NULL)) != CURLM_OK) {
            result = multi_failure(mc, curl_msg);
            break;
        }
    }
    int queued;
    CURLMsg *m;
    while (!*was_cancelled && result == CURLE_OK && (m = curl_multi_info_read(hd->multi, &queued)))
        if (m->msg == CURLMSG_DONE)
            result = m->data.result;
    curl_multi_remove_handle(hd->multi, hd->easy);
    return result;
}

/* Why an attempt that got no usable reply failed: f->code and f->reason. */
static void describe_failure(const struct infisical__http *h, CURLcode rc, const char *failed_option,
                             const char *curl_msg, const struct exchange *x, int was_cancelled, long request_size,
                             struct failure *f)
{
    const char *said = curl_msg[0] ? curl_msg : curl_easy_strerror(rc);
    f->nothing_sent = request_size == 0;
    if (was_cancelled) {
        f->code = INFISICAL_ECANCELLED;
        snprintf(f->reason, sizeof f->reason, "cancelled by the cancel hook");
    } else if (x->oom) {
        f->code = INFISICAL_ENOMEM;
        snprintf(f->reason, sizeof f->reason, "out of memory");
    } else if (failed_option) {
        f->code = rc == CURLE_OUT_OF_MEMORY ? INFISICAL_ENOMEM : INFISICAL_EINVAL;
        snprintf(f->reason, sizeof f->reason, "libcurl refused %s: %s", failed_option, curl_easy_strerror(rc));
    } else if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        f->code = INFISICAL_ETOOLARGE;
        snprintf(f->reason, sizeof f->reason, "the reply is larger than the maximum of %lld bytes",
                 (long long)h->max_response_bytes);
    } else if (x->too_many_header_bytes) {
        f->code = INFISICAL_EPROTOCOL;
        snprintf(f->reason, sizeof f->reason, "malformed reply: more than %d bytes of header lines",
                 MAX_HEADER_BYTES);
    } else if (rc == CURLE_OUT_OF_MEMORY && request_size > 0 && !x->headers_done) {
        /* libcurl 7.88 reports a header line over its cap as out of memory
         * (newer versions as CURLE_TOO_LARGE); while a reply's headers are
         * read, that cap is by far the likelier cause. */
        f->code = INFISICAL_EPROTOCOL;
        snprintf(f->reason, sizeof f->reason, "malformed reply: a header line longer than %d bytes",
                 CURL_MAX_HTTP_HEADER);
    } else if (refused_unprocessed(rc, curl_msg)) {
        f->code = INFISICAL_ENETWORK;
        f->nothing_sent = 1;
        snprintf(f->reason, sizeof f->reason,
                 "the server refused the request without processing it (HTTP/2 GOAWAY)");
    } else {
        f->code = code_for_curl(rc);
        if (f->code == INFISICAL_EINVAL)
            snprintf(f->reason, sizeof f->reason, "libcurl cannot use this configuration: %s", said);
        else
            snprintf(f->reason, sizeof f->reason, "%s", said);
    }
}

/* One exchange: INFISICAL_OK with resp filled, or a failure described in *f. */
static int attempt(struct infisical__http *h, const infisical__http_request *req, infisical__http_response *resp,
                   struct failure *f)
{
    memset(f, 0, sizeof *f);
    f->nothing_sent = 1;
    int64_t left = req->deadline_ms - infisical__now_ms();
    if (left <= 0) {
        f->code = INFISICAL_ETIMEOUT;
        snprintf(f->reason, sizeof f->reason, "the call's deadline passed");
        return f->code;
    }
    /* The header list points at the caller's strings rather than copying
     * them (libcurl reads the list, never changes or keeps it): no
     * allocation, and no second copy of the Authorization header to wipe. */
    struct curl_slist stack_nodes[8], *nodes = stack_nodes, *headers = NULL;
    size_t header_count = 0;
    while (req->headers && req->headers[header_count])
        header_count++;
    if (header_count > sizeof stack_nodes / sizeof stack_nodes[0] &&
        !(nodes = infisical__malloc(header_count * sizeof *nodes))) {
        f->code = INFISICAL_ENOMEM;
        snprintf(f->reason, sizeof f->reason, "out of memory");
        return f->code;
    }
    for (size_t i = header_count; i-- > 0;) {
        nodes[i].data = (char *)req->headers[i];
        nodes[i].next = headers;
        headers = &nodes[i];
    }
    struct handle hd;
    int fresh = 0;
    if (pool_take(h, &hd, &fresh) != 0) {
        if (nodes != stack_nodes)
            infisical__free(nodes);
        f->code = INFISICAL_ENOMEM;
        snprintf(f->reason, sizeof f->reason, "out of memory");
        return f->code;
    }

    struct exchange x = {.resp = resp, .easy = hd.easy, .max_bytes = h->max_response_bytes,
                         .secret_reply = req->secret_reply};
    char curl_msg[CURL_ERROR_SIZE] = "";
    const char *failed_option = NULL;
    int was_cancelled = 0;
    CURLcode rc = fresh ? set_handle_options(h, hd.easy, &failed_option) : CURLE_OK;
    if (rc == CURLE_OK)
        rc = set_transfer_options(h, hd.easy, req, headers, &x, curl_msg, left, &failed_option);
    if (rc == CURLE_OK)
        rc = perform(req, &hd, curl_msg, &was_cancelled);
    long status = 0;
    long request_size = 0;
    curl_easy_getinfo(hd.easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(hd.easy, CURLINFO_REQUEST_SIZE, &request_size);
    int clean = rc == CURLE_OK && !was_cancelled && !x.oom && !x.too_large && !x.too_many_header_bytes;

    release_transfer(hd.easy, req);
    /* Only a handle whose exchange ended cleanly and whose reply held no
     * secret goes back to the pool; any other is closed now, its
     * connections with it:
     * - after an abort (too large, deadline, cancel, a failure) an HTTP/2
     *   stream would stay open: libcurl 7.88 queues the RST_STREAM but sends
     *   it only when the connection is next used, and the server goes on
     *   sending until then;
     * - libcurl's receive buffer (and, over HTTP/2, the connection's) still
     *   holds the last reply, and an idle pooled handle would keep a secret
     *   there for as long as it waits. Freeing releases it now; libcurl and
     *   OpenSSL free without wiping, so the bytes stay in freed memory until
     *   it is reused. */
    if (clean && !req->secret_reply)
        pool_give(h, &hd);
    else
        handle_free(&hd);
    if (nodes != stack_nodes)
        infisical__free(nodes);

    /* X-RateLimit-Reset comes on every reply of a rate-limited server: it
     * means "wait" only on a 429. Retry-After means it on a 429 or a 503. */
    resp->retry_after_ms = status == 429 ? parse_wait(x.retry_after ? x.retry_after : x.ratelimit_reset)
                         : status == 503 ? parse_wait(x.retry_after)
                                         : -1;
    infisical__free(x.retry_after);
    infisical__free(x.ratelimit_reset);
    if (clean) {
        resp->status = status;
        return INFISICAL_OK;
    }
    describe_failure(h, rc, failed_option, curl_msg, &x, was_cancelled, request_size, f);
    return f->code;
}

int infisical__http_retryable_status(long status, enum infisical__retry retry)
{
    /* A 429 is refused before the server does anything, so even a create may repeat. */
    return status == 429 || (retry == INFISICAL__RETRY_ALWAYS && (status == 502 || status == 503 || status == 504));
}

static int retryable_failure(const struct failure *f, enum infisical__retry retry)
{
    return (f->code == INFISICAL_ENETWORK || f->code == INFISICAL_ETIMEOUT) &&
           (retry == INFISICAL__RETRY_ALWAYS || f->nothing_sent);
}

static int note(infisical__buf *history, const char *reason)
{
    return (history->len && infisical__buf_puts(history, "; ")) || infisical__buf_puts(history, reason);
}

int infisical__http_send(infisical__http *h, const infisical__http_request *req, const char *what,
                         infisical__http_response *resp, infisical_error **err)
{
    memset(resp, 0, sizeof *resp);
    /* Why attempts failed: libcurl's words and statuses, never a secret. */
    infisical__buf history = {.plain = 1};
    struct failure f;
    uint32_t n;
    int rc = INFISICAL_OK;
    for (n = 1;; n++) {
        infisical__http_response_clear(resp);
        rc = attempt(h, req, resp, &f);
        int retry;
        int64_t wait;
        if (rc == INFISICAL_OK) {
            retry = infisical__http_retryable_status(resp->status, req->retry);
            wait = resp->retry_after_ms; /* the server's own hint, when it gave one */
        } else {
            retry = retryable_failure(&f, req->retry);
            wait = -1;
        }
        int last = !retry || n >= req->max_attempts;
        /* The history is read only when there was more than one attempt:
         * a call that ends at its first attempt (nearly every call) writes none. */
        if (!(last && n == 1)) {
            char reason[sizeof f.reason + 16];
            if (rc == INFISICAL_OK)
                snprintf(reason, sizeof reason, "HTTP %ld", resp->status);
            else
                snprintf(reason, sizeof reason, "%s", f.reason);
            if (note(&history, reason)) {
                rc = INFISICAL_ENOMEM;
                snprintf(f.reason, sizeof f.reason, "out of memory");
                break;
            }
        }
        if (last)
            break;
        if (wait < 0)
            wait = backoff_ms(h, n);
        /* A wait that would outlive the deadline is pointless: report what we have. */
        if (infisical__now_ms() + wait >= req->deadline_ms) {
            (void)note(&history, "no time left for another attempt before the deadline");
            break;
        }
        if (wait_ms(req, wait)) {
            rc = INFISICAL_ECANCELLED;
            snprintf(f.reason, sizeof f.reason, "cancelled by the cancel hook while waiting to retry");
            break;
        }
    }
    resp->attempts = n;
    if (rc == INFISICAL_OK) {
        if (n > 1)
            resp->history = infisical__buf_take(&history);
        infisical__buf_clear(&history);
        return INFISICAL_OK;
    }
    infisical__http_response_clear(resp);
    /* Say so when a request that is not repeated blindly may have done its work. */
    const char *unknown = req->retry != INFISICAL__RETRY_ALWAYS && !f.nothing_sent &&
                                  (rc == INFISICAL_ENETWORK || rc == INFISICAL_ETIMEOUT)
                              ? "; the request may have reached the server: its outcome is unknown"
                              : "";
    infisical_error *e = n > 1 ? infisical__error_new(rc, "%s: %s%s (%u attempts: %s)", what, f.reason, unknown, n,
                                                      history.data ? history.data : "")
                               : infisical__error_new(rc, "%s: %s%s", what, f.reason, unknown);
    infisical__buf_clear(&history);
    if (e) {
        e->attempts = n;
        /* The same rule as our own retries: a POST or PATCH that may have
         * reached the server is not safe to repeat. */
        e->retryable = rc == f.code && retryable_failure(&f, req->retry);
        if (infisical__error_set_str(&e->request, what) != 0) {
            infisical_error_free(e);
            e = NULL;
        }
    }
    return infisical__error_report(err, e);
}

void infisical__http_response_clear(infisical__http_response *resp)
{
    infisical__buf_clear(&resp->body);
    infisical__free(resp->content_type);
    infisical__free(resp->location);
    infisical__free(resp->history);
    resp->content_type = resp->location = resp->history = NULL;
    resp->status = 0;
    resp->retry_after_ms = -1;
}
