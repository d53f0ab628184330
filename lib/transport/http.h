/* The transport: one HTTP exchange over libcurl. It knows methods, URLs,
 * headers, bodies and deadlines; it knows nothing of JSON or of Infisical. */
#ifndef INFISICAL_TRANSPORT_HTTP_H
#define INFISICAL_TRANSPORT_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "infisical/error.h"
#include "util/buf.h"

typedef struct infisical__http infisical__http;

struct infisical__http_settings {
    const char *user_agent;
    int64_t connect_timeout_ms;
};

typedef struct infisical__http_request {
    const char *method;          /* "GET", "POST", "PATCH", "DELETE" */
    const char *url;             /* absolute; path segments already escaped */
    const char *const *headers;  /* "Name: value" lines, NULL-terminated; may hold a
                                    secret (Authorization), so copies are wiped */
    const char *body;            /* NULL: no body */
    size_t body_len;
    int64_t deadline_ms;         /* on infisical__now_ms()'s clock */
} infisical__http_request;

typedef struct infisical__http_response {
    long status;
    infisical__buf body;
    char *content_type;          /* the header values the layers above need; NULL when absent */
    char *retry_after;
    char *ratelimit_reset;
} infisical__http_response;

/* Counted libcurl global initialisation (see infisical_global_init()). */
int infisical__http_global_init(void);
void infisical__http_global_cleanup(void);

/* 0, or INFISICAL_ENOMEM. */
int infisical__http_new(infisical__http **out, const struct infisical__http_settings *settings);
void infisical__http_free(infisical__http *h);

/* Send one request and read the whole reply. INFISICAL_OK means a reply with
 * some HTTP status arrived (resp is filled; clear it with
 * infisical__http_response_clear); otherwise a network, timeout, TLS or memory
 * error naming `what` (e.g. "GET /api/v1/...") and resp is empty. */
int infisical__http_send(infisical__http *h, const infisical__http_request *req, const char *what,
                         infisical__http_response *resp, infisical_error **err);

void infisical__http_response_clear(infisical__http_response *resp);

/* Monotonic milliseconds, for deadlines and token lifetimes. */
int64_t infisical__now_ms(void);

#endif
