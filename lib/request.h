/* The request path shared by the Infisical client and the Northflank API
 * handle: an endpoint (a base URL over one transport) and one call on it. */
#ifndef INFISICAL_REQUEST_H
#define INFISICAL_REQUEST_H

#include <stdint.h>

#include "config_internal.h"
#include "infisical/options.h"
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

/* The settings of one call (an operation as the caller made it), resolved
 * once when it starts from its per-call options and the config: every request
 * the call makes (token refresh, preflight probes, pages) shares them. */
struct infisical__call_settings {
    int64_t deadline_ms;        /* on infisical__now_ms()'s clock */
    infisical_cancel_fn cancel; /* NULL: none */
    void *cancel_user;
    uint32_t max_attempts;
};

/* Resolve a call's settings now (the deadline counts from now). opts may be NULL. */
void infisical__call_settings_resolve(struct infisical__call_settings *out, const struct infisical_config *cfg,
                                      const infisical_call_options *opts);
/* Whether the call's cancel hook asks to stop. */
int infisical__call_cancelled(const struct infisical__call_settings *s);
/* Sleep ms, never past the call's deadline, hearing the cancel hook every
 * 50 ms; 1 when it asked to stop, else 0. */
int infisical__call_sleep(const struct infisical__call_settings *s, int64_t ms);

/* One request, as an operation describes it. */
struct infisical__call {
    const struct infisical__call_settings *settings; /* the call it belongs to */
    const char *method;
    const char *path;      /* from the base URL on, segments escaped, query included */
    const char *body;      /* JSON text or NULL; may carry a secret */
    enum infisical__retry retry; /* may it be repeated after an ambiguous failure (default: no) */
    const char *secret;    /* a secret inside body (client secret, token), for redaction; or NULL */
    int secret_reply;      /* the reply carries a secret (a token, secret values) */
};

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

/* A server may quote back what it received (the body, the Authorization
 * header) in any text of its error, and a reply's field quoted in a decoding
 * error may be one too: mask the secrets in every text of e. */
void infisical__error_redact(infisical_error *e, const struct infisical__secrets *secrets);

/* Send one request with an optional bearer token. On INFISICAL_OK resp holds a
 * 2xx JSON reply; an error reply becomes an error object (with the transport's
 * retry history); one line goes to the log either way. Every text of the error
 * and of the log line is redacted with the secrets the request carried (the
 * bearer token, call->secret) and the config's own. */
int infisical__send(const struct infisical__endpoint *ep, const struct infisical__call *call, const char *bearer,
                    infisical__http_response *resp, infisical_error **err);

#endif
