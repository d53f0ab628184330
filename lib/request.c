/* The request path: headers, deadline, sending, error replies, one re-authentication. */
#include <stdio.h>
#include <string.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "util/alloc.h"

/* Retry-After (seconds or an HTTP date) or X-RateLimit-Reset (seconds) in ms; -1 when neither parses. */
static int64_t retry_after_ms(const infisical__http_response *resp)
{
    const char *v = resp->retry_after ? resp->retry_after : resp->ratelimit_reset;
    if (!v || *v < '0' || *v > '9')
        return -1;
    int64_t s = 0;
    for (; *v >= '0' && *v <= '9'; v++)
        if ((s = s * 10 + (*v - '0')) > 86400 * 365)
            return -1;
    return *v == '\0' ? s * 1000 : -1;
}

static int is_json(const char *content_type)
{
    return content_type && strstr(content_type, "json") != NULL;
}

int infisical__request_send(infisical_client *c, const struct infisical__call *call, int64_t deadline_ms,
                            const char *bearer, infisical__http_response *resp, infisical_error **err)
{
    const struct infisical_config *cfg = c->cfg;
    infisical__buf url = {0}, what = {0}, auth = {0}, org = {0};
    int rc = INFISICAL_OK;
    if (infisical__buf_puts(&url, cfg->base_url) || infisical__buf_puts(&url, call->path) ||
        infisical__buf_puts(&what, call->method) || infisical__buf_puts(&what, " ") ||
        infisical__buf_puts(&what, call->path) ||
        (bearer && (infisical__buf_puts(&auth, "Authorization: Bearer ") || infisical__buf_puts(&auth, bearer))) ||
        (cfg->org_slug && (infisical__buf_puts(&org, "X-Infisical-Org: ") || infisical__buf_puts(&org, cfg->org_slug)))) {
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
        .deadline_ms = deadline_ms,
    };
    rc = infisical__http_send(c->http, &req, what.data, resp, err);
    if (rc != INFISICAL_OK)
        goto done;
    if (resp->status >= 200 && resp->status <= 299) {
        if (!is_json(resp->content_type))
            rc = infisical__fail(err, INFISICAL_EPROTOCOL, "%s: malformed reply: HTTP %ld with Content-Type %s, expected JSON",
                                 what.data, resp->status, resp->content_type ? resp->content_type : "(none)");
    } else {
        infisical_error *e = infisical__decode_error(resp->status, resp->body.data ? resp->body.data : "",
                                                     resp->body.len, what.data);
        if (e)
            e->retry_after_ms = retry_after_ms(resp);
        rc = infisical__error_report(err, e);
    }
    if (rc != INFISICAL_OK)
        infisical__http_response_clear(resp);
done:
    infisical__buf_clear(&url);
    infisical__buf_clear(&what);
    infisical__buf_clear(&auth);
    infisical__buf_clear(&org);
    return rc;
}

/* The server's way of saying "this token is no longer good": worth one fresh login. */
static int token_refused(const infisical_error *e)
{
    int code = infisical_error_code(e);
    return code == INFISICAL_EUNAUTHORIZED || code == INFISICAL_ETOKEN;
}

int infisical__call(infisical_client *c, const struct infisical__call *call, infisical__http_response *resp,
                    infisical_error **err)
{
    int64_t deadline = infisical__now_ms() + c->cfg->timeout_ms;
    for (int attempt = 0;; attempt++) {
        char *token = NULL;
        uint64_t generation = 0;
        infisical_error *e = NULL;
        int rc = infisical__auth_token(c, deadline, &token, &generation, &e);
        int sent = rc == INFISICAL_OK;
        if (sent)
            rc = infisical__request_send(c, call, deadline, token, resp, &e);
        infisical__free_secret(token);
        if (rc == INFISICAL_OK)
            return INFISICAL_OK;
        /* A refused login is final; only a refused token is worth a new one. */
        if (attempt == 0 && sent && token_refused(e) && infisical__auth_invalidate(c, generation)) {
            infisical_error_free(e);
            continue;
        }
        return infisical__error_report(err, e);
    }
}
