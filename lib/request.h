/* The request path shared by the Infisical client and the Northflank API
 * handle: an endpoint (a base URL over one transport) and one call on it. */
#ifndef INFISICAL_REQUEST_H
#define INFISICAL_REQUEST_H

#include <stdint.h>

#include "config_internal.h"
#include "transport/http.h"
#include "util/redact.h"

/* Reads an error reply into an error object whose message starts with `what`,
 * masking `secrets` in what the server said before cutting anything. */
typedef infisical_error *(*infisical__error_decoder)(long status, const char *body, size_t len, const char *what,
                                                     const struct infisical__secrets *secrets);

struct infisical__endpoint {
    const struct infisical_config *cfg;  /* the log, timeouts; borrowed from the owner */
    const char *base_url;                /* borrowed from cfg */
    const char *org_slug;                /* X-Infisical-Org, or NULL */
    infisical__error_decoder decode_error;
    infisical__http *http;               /* owned */
};

/* One request, as an operation describes it. */
struct infisical__call {
    const char *method;
    const char *path;      /* from the base URL on, segments escaped, query included */
    const char *body;      /* JSON text or NULL; may carry a secret */
    int64_t deadline_ms;   /* on infisical__now_ms()'s clock; 0: the config's timeout from now */
    enum infisical__retry retry; /* may it be repeated after an ambiguous failure (default: no) */
    const char *secret;    /* a secret inside body (client secret, token), for redaction; or NULL */
    int secret_reply;      /* the reply carries a secret (a token, secret values) */
};

/* now + timeout_ms, or now + the config's timeout when timeout_ms is 0. */
int64_t infisical__deadline_in(const struct infisical__endpoint *ep, int64_t timeout_ms);

/* Open a transport for cfg's settings towards base_url; 0 or INFISICAL_ENOMEM.
 * It says nothing about the risks of cfg: see infisical__warn_risks. */
int infisical__endpoint_open(struct infisical__endpoint *ep, const struct infisical_config *cfg, const char *base_url,
                             const char *org_slug, infisical__error_decoder decode_error);
void infisical__endpoint_close(struct infisical__endpoint *ep);

/* Warn about what cfg exposes on the way to `url` and `other_url` (may be
 * NULL): TLS verification switched off, or plain HTTP to a host that is not
 * this machine, which sends every secret in clear. A client or a handle calls
 * it once, when it is made. */
void infisical__warn_risks(const struct infisical_config *cfg, const char *url, const char *other_url);

/* The deadline of a call that starts now: its own, or the config's timeout from now. */
int64_t infisical__deadline(const struct infisical__endpoint *ep, const struct infisical__call *call);

/* Send one request with an optional bearer token. On INFISICAL_OK resp holds a
 * 2xx JSON reply; an error reply becomes an error object (with the transport's
 * retry history); one line goes to the log either way. Every text of the error
 * and of the log line is redacted with the secrets the request carried (the
 * bearer token, call->secret) and the config's own. */
int infisical__send(const struct infisical__endpoint *ep, const struct infisical__call *call, int64_t deadline_ms,
                    const char *bearer, infisical__http_response *resp, infisical_error **err);

#endif
