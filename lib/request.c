/* The request path: headers, deadline, sending, error replies, the log line
 * of each request. It knows endpoints and bearer tokens, not where a token
 * comes from (that is the client's, in client.c). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "request.h"

#include "codec/codec.h"
#include "error_internal.h"
#include "log.h"
#include "util/alloc.h"

static int is_json(const char *content_type)
{
    return content_type && strstr(content_type, "json") != NULL;
}

/* The error of a non-2xx reply: the codec reads the body; the transport's
 * retry history and hints are added here. */
static infisical_error *reply_error(const struct infisical__endpoint *ep, const infisical__http_response *resp,
                                    const char *what, enum infisical__retry retry,
                                    const struct infisical__secrets *secrets)
{
    infisical_error *e;
    if (resp->status >= 300 && resp->status <= 399)
        e = infisical__error_new(INFISICAL_EHTTP, "%s: HTTP %ld redirect to %s not followed (the Authorization "
                                 "header never leaves the configured host; point the base URL at the final address)",
                                 what, resp->status, resp->location ? resp->location : "(no Location)");
    else
        e = ep->decode_error(resp->status, resp->body.data ? resp->body.data : "", resp->body.len, what, secrets);
    if (!e)
        return NULL;
    e->http_status = (int)resp->status;
    e->retry_after_ms = resp->retry_after_ms;
    /* A 502/503/504 may come after the server did the work: the same rule as
     * the transport's own retries decides whether the caller may repeat it. */
    if (e->retryable && !infisical__http_retryable_status(resp->status, retry))
        e->retryable = 0;
    e->attempts = resp->attempts;
    if (infisical__error_set_str(&e->request, what) != 0)
        goto oom;
    if (resp->history) {
        char *m = NULL;
        size_t n = strlen(e->message) + strlen(resp->history) + 32;
        if (!(m = infisical__malloc(n)))
            goto oom;
        snprintf(m, n, "%s (%u attempts: %s)", e->message, resp->attempts, resp->history);
        infisical__free(e->message);
        e->message = m;
    }
    return e;
oom:
    infisical_error_free(e);
    return NULL;
}

void infisical__error_redact(infisical_error *e, const struct infisical__secrets *secrets)
{
    char *const texts[] = {e->message, e->server_error, e->request_id, e->details_json};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i])
            infisical__redact(texts[i], secrets);
    for (uint32_t i = 0; i < e->issue_count; i++) {
        infisical__redact(e->issues[i].path, secrets);
        infisical__redact(e->issues[i].message, secrets);
        if (e->issues[i].code)
            infisical__redact(e->issues[i].code, secrets);
    }
}

int infisical__endpoint_open(struct infisical__endpoint *ep, const struct infisical_config *cfg, const char *base_url,
                             const char *org_slug, infisical__error_decoder decode_error)
{
    char user_agent[200];
    snprintf(user_agent, sizeof user_agent, "libinfisical/%s%s%s", INFISICAL_VERSION_STRING,
             cfg->ua_suffix ? " " : "", cfg->ua_suffix ? cfg->ua_suffix : "");
    struct infisical__http_settings settings = {
        .user_agent = user_agent,
        .connect_timeout_ms = cfg->connect_timeout_ms,
        .backoff_base_ms = cfg->backoff_base_ms,
        .backoff_max_ms = cfg->backoff_max_ms,
        .max_response_bytes = cfg->max_response_bytes,
        .ca_file = cfg->ca_file,
        .ca_dir = cfg->ca_dir,
        .ca_pem = cfg->ca_pem,
        .insecure = cfg->insecure,
        .proxy = cfg->proxy,
        .no_proxy = cfg->no_proxy,
    };
    *ep = (struct infisical__endpoint){
        .cfg = cfg,
        .base_url = base_url,
        .org_slug = org_slug,
        .decode_error = decode_error,
    };
    return infisical__http_new(&ep->http, &settings) != INFISICAL_OK ? INFISICAL_ENOMEM : INFISICAL_OK;
}

/* The host of an http(s) URL (userinfo, port and path left out) into out. */
static void url_host(const char *url, char *out, size_t cap)
{
    const char *h = strstr(url, "://");
    h = h ? h + 3 : url;
    const char *end = h + strcspn(h, "/?#");
    const char *at = memchr(h, '@', (size_t)(end - h));
    if (at)
        h = at + 1;
    const char *stop = *h == '[' ? memchr(h, ']', (size_t)(end - h)) : NULL;
    stop = stop ? stop + 1 : h + strcspn(h, ":/?#");
    if (stop > end)
        stop = end;
    snprintf(out, cap, "%.*s", (int)(stop - h), h);
}

static int loopback(const char *host)
{
    return strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 || strcmp(host, "[::1]") == 0;
}

void infisical__warn_risks(const struct infisical_config *cfg, const char *url, const char *other_url)
{
    if (cfg->insecure)
        infisical__warn(cfg, "TLS verification is OFF (insecure_skip_tls_verify): anyone on the network path can "
                        "read the secrets this client sends; use it for local development only");
    const char *urls[] = {url, other_url};
    for (size_t i = 0; i < 2; i++) {
        char host[256];
        if (!urls[i] || strncasecmp(urls[i], "http://", 7) != 0)
            continue;
        url_host(urls[i], host, sizeof host);
        if (!loopback(host))
            infisical__warn(cfg, "%s is reached over plain HTTP: the secrets sent there (access token, client "
                            "secret, Northflank token) cross the network in clear; use https:// for anything but "
                            "this machine", host);
    }
}

void infisical__endpoint_close(struct infisical__endpoint *ep)
{
    infisical__http_free(ep->http);
    ep->http = NULL;
}

int infisical__send(const struct infisical__endpoint *ep, const struct infisical__call *call, const char *bearer,
                    infisical__http_response *resp, infisical_error **err)
{
    const struct infisical_config *cfg = ep->cfg;
    struct infisical__secrets secrets = {0};
    infisical__secrets_add(&secrets, bearer);
    infisical__secrets_add(&secrets, call->secret);
    infisical__secrets_of_config(&secrets, cfg);
    /* A URL never carries a secret (tokens go in headers and bodies only), so
     * the URL and "METHOD path" need no wiping; the Authorization line does. */
    infisical__buf url = {.plain = 1}, what = {.plain = 1}, auth = {0}, org = {0};
    int64_t started = infisical__now_ms();
    int rc = INFISICAL_OK;
    if (infisical__buf_puts(&url, ep->base_url) || infisical__buf_puts(&url, call->path) ||
        infisical__buf_puts(&what, call->method) || infisical__buf_puts(&what, " ") ||
        infisical__buf_puts(&what, call->path) ||
        (bearer && (infisical__buf_puts(&auth, "Authorization: Bearer ") || infisical__buf_puts(&auth, bearer))) ||
        (ep->org_slug && (infisical__buf_puts(&org, "X-Infisical-Org: ") || infisical__buf_puts(&org, ep->org_slug)))) {
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        goto done;
    }
    const char *headers[5];
    size_t n = 0;
    headers[n++] = "Accept: application/json";
    if (call->body)
        headers[n++] = "Content-Type: application/json";
    if (auth.data)
        headers[n++] = auth.data;
    if (org.data)
        headers[n++] = org.data;
    headers[n] = NULL;

    infisical__http_request req = {
        .method = call->method,
        .url = url.data,
        .headers = headers,
        .body = call->body,
        .body_len = call->body ? strlen(call->body) : 0,
        .deadline_ms = call->settings->deadline_ms,
        .cancel = call->settings->cancel,
        .cancel_user = call->settings->cancel_user,
        .max_attempts = call->settings->max_attempts,
        .retry = call->retry,
        .secret_reply = call->secret_reply,
    };
    infisical_error *e = NULL;
    rc = infisical__http_send(ep->http, &req, what.data, resp, &e);
    long status = rc == INFISICAL_OK ? resp->status : 0;
    uint32_t attempts = rc == INFISICAL_OK ? resp->attempts : infisical_error_attempts(e);
    /* error_report(&e, e) swaps a NULL (unallocatable) error for the static
     * out-of-memory one, so e is never NULL on failure below. */
    if (rc == INFISICAL_OK && status >= 200 && status <= 299 && !is_json(resp->content_type)) {
        e = infisical__error_new(INFISICAL_EPROTOCOL, "%s: malformed reply: HTTP %ld with Content-Type %s, expected JSON",
                                 what.data, status, resp->content_type ? resp->content_type : "(none)");
        rc = infisical__error_report(&e, e);
    } else if (rc == INFISICAL_OK && (status < 200 || status > 299)) {
        e = reply_error(ep, resp, what.data, req.retry, &secrets);
        rc = infisical__error_report(&e, e);
    }
    if (rc != INFISICAL_OK && !infisical__error_is_static(e))
        infisical__error_redact(e, &secrets);
    /* The line is formatted only for a log that wants it. */
    if (infisical__log_wanted(cfg, INFISICAL_LOG_INFO)) {
        char outcome[64];
        if (rc == INFISICAL_OK)
            snprintf(outcome, sizeof outcome, "%ld", status);
        else if (status)
            snprintf(outcome, sizeof outcome, "%ld %s", status, infisical_status_str(rc));
        else
            snprintf(outcome, sizeof outcome, "%s", infisical_status_str(rc));
        infisical__log(cfg, &secrets, INFISICAL_LOG_INFO, "%s -> %s (%u attempt%s, %lld ms)", what.data, outcome,
                       attempts, attempts == 1 ? "" : "s", (long long)(infisical__now_ms() - started));
    }
    if (rc != INFISICAL_OK) {
        infisical__log(cfg, &secrets, INFISICAL_LOG_DEBUG, "%s", infisical_error_message(e));
        infisical__http_response_clear(resp);
        rc = infisical__error_report(err, e);
    }
done:
    infisical__buf_clear(&url);
    infisical__buf_clear(&what);
    infisical__buf_clear(&auth);
    infisical__buf_clear(&org);
    return rc;
}
