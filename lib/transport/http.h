/* The transport: HTTP exchanges over libcurl, with retries, deadlines, TLS
 * settings, connection reuse and cancellation. It knows methods, URLs,
 * headers, bodies and statuses; it knows nothing of JSON or of Infisical. */
#ifndef INFISICAL_TRANSPORT_HTTP_H
#define INFISICAL_TRANSPORT_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "infisical/config.h"
#include "infisical/error.h"
#include "util/buf.h"

typedef struct infisical__http infisical__http;

/* Copied by infisical__http_new: the caller's strings may go away. */
struct infisical__http_settings {
    const char *user_agent;
    int64_t connect_timeout_ms;
    int64_t backoff_base_ms;
    int64_t backoff_max_ms;
    int64_t max_response_bytes;
    /* Any of the three pins the trust: then only the named CAs are trusted,
     * libcurl's built-in bundle and CA path are not. With none of them,
     * SSL_CERT_FILE and SSL_CERT_DIR replace libcurl's default file and path. */
    const char *ca_file;
    const char *ca_dir;
    const char *ca_pem;
    int insecure;
    const char *proxy;         /* NULL: libcurl's environment variables */
    const char *no_proxy;
};

/* Whether a request may be sent again after an attempt whose outcome is
 * unknown (a cut connection, a timeout, a 502/503/504). Each operation
 * declares its class once; infisical__http_send is the one place that
 * decides. A 429 is always retried: the rate limiter refuses before any work. */
enum infisical__retry {
    INFISICAL__RETRY_UNSENT = 0, /* only when the request provably never left (the safe default) */
    INFISICAL__RETRY_ALWAYS,     /* repeating it is harmless: reads, login, renewal */
};

typedef struct infisical__http_request {
    const char *method;          /* "GET", "POST", "PATCH", "DELETE" */
    const char *url;             /* absolute; path segments already escaped */
    const char *const *headers;  /* "Name: value" lines, NULL-terminated; may hold a
                                    secret (Authorization), so copies are wiped */
    const char *body;            /* NULL: no body */
    size_t body_len;
    int64_t deadline_ms;         /* on infisical__now_ms()'s clock */
    infisical_cancel_fn cancel;  /* polled while waiting; NULL: none */
    void *cancel_user;
    uint32_t max_attempts;       /* 1 or more */
    enum infisical__retry retry;
    int secret_reply;            /* the reply carries a secret (a token, secret values):
                                    the handle that read it is freed, not pooled */
} infisical__http_request;

typedef struct infisical__http_response {
    long status;
    infisical__buf body;
    char *content_type;          /* NULL when absent */
    char *location;              /* of a redirect, which is never followed */
    int64_t retry_after_ms;      /* Retry-After, else X-RateLimit-Reset; -1 when neither */
    uint32_t attempts;           /* HTTP attempts made, this one included */
    char *history;               /* why earlier attempts failed ("HTTP 503; connection refused"), or NULL */
} infisical__http_response;

/* Counted libcurl global initialisation (see infisical_global_init()). */
int infisical__http_global_init(void);
void infisical__http_global_cleanup(void);

/* 0, or INFISICAL_ENOMEM. */
int infisical__http_new(infisical__http **out, const struct infisical__http_settings *settings);
void infisical__http_free(infisical__http *h);

/* Send a request, retrying what the settings allow, and read the whole reply.
 * INFISICAL_OK means a reply with some HTTP status arrived (the last one, when
 * retries ran out); resp is then filled and must be cleared with
 * infisical__http_response_clear(). Otherwise a network, timeout, TLS, size,
 * cancel or memory error naming `what` (e.g. "GET /api/v1/...") with the
 * attempts made, and resp is empty. */
int infisical__http_send(infisical__http *h, const infisical__http_request *req, const char *what,
                         infisical__http_response *resp, infisical_error **err);

void infisical__http_response_clear(infisical__http_response *resp);

/* Whether a reply with this status is worth another attempt under `retry`. */
int infisical__http_retryable_status(long status, enum infisical__retry retry);

/* Monotonic milliseconds, for deadlines and token lifetimes. */
int64_t infisical__now_ms(void);

#endif
