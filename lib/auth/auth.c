/* Access tokens: a fixed one, or Universal Auth with login, renewal before
 * expiry, a new login when renewal is refused or the max TTL is near, and revoke. */
#include <string.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "util/alloc.h"

#define LOGIN_PATH "/api/v1/auth/universal-auth/login"
#define RENEW_PATH "/api/v1/auth/token/renew"
#define REVOKE_PATH "/api/v1/auth/token/revoke"

int infisical__auth_init(struct infisical__auth *a)
{
    memset(a, 0, sizeof *a);
    return pthread_mutex_init(&a->lock, NULL) == 0 ? INFISICAL_OK : INFISICAL_ENOMEM;
}

void infisical__auth_destroy(struct infisical__auth *a)
{
    infisical__free_secret(a->token);
    a->token = NULL;
    pthread_mutex_destroy(&a->lock);
}

static int universal(const infisical_client *c)
{
    return c->cfg->client_id != NULL;
}

/* Renew this long before expiry: a quarter of the lifetime, at most a minute,
 * so that a token is never sent in its last moments. */
static int64_t refresh_margin(const struct infisical__auth *a)
{
    int64_t m = a->ttl_ms / 4;
    return m < 60000 ? m : 60000;
}

/* A lifetime in seconds as this client may count on it: JWT expiry claims are
 * whole seconds after a truncated issue time, so a token can die up to a
 * second before `expires_in` has passed. 0 stays "never". */
static int64_t usable_ms(int64_t seconds)
{
    return seconds <= 0 ? 0 : seconds * 1000 - 999;
}

static void adopt(struct infisical__auth *a, struct infisical__token_reply *r, int64_t sent_at, int fresh_login)
{
    infisical__free_secret(a->token);
    a->token = r->access_token;
    r->access_token = NULL;
    a->generation++;
    a->ttl_ms = usable_ms(r->expires_in_s);
    a->expires_at = r->expires_in_s ? sent_at + a->ttl_ms : 0;
    /* The max TTL counts from the login; a renewal keeps the login's limit. */
    if (fresh_login)
        a->max_expires_at = r->max_ttl_s ? sent_at + usable_ms(r->max_ttl_s) : 0;
}

/* POST a token-bearing body and adopt the token of the reply. Lock held. */
static int exchange(infisical_client *c, const char *path, char *body, int fresh_login, int64_t deadline,
                    infisical_error **err)
{
    if (!body)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    struct infisical__call call = {.method = "POST", .path = path, .body = body};
    infisical__http_response resp;
    int64_t sent_at = infisical__now_ms();
    int rc = infisical__send(&c->infisical, &call, deadline, NULL, &resp, err);
    infisical__free_secret(body);
    if (rc != INFISICAL_OK)
        return rc;
    struct infisical__token_reply reply;
    rc = infisical__decode_token(resp.body.data, resp.body.len, &reply, err);
    infisical__http_response_clear(&resp);
    if (rc == INFISICAL_OK)
        adopt(&c->auth, &reply, sent_at, fresh_login);
    return rc;
}

static int login(infisical_client *c, int64_t deadline, infisical_error **err)
{
    return exchange(c, LOGIN_PATH, infisical__encode_login(c->cfg->client_id, c->cfg->client_secret), 1,
                    deadline, err);
}

static int renew(infisical_client *c, int64_t deadline, infisical_error **err)
{
    return exchange(c, RENEW_PATH, infisical__encode_access_token(c->auth.token), 0, deadline, err);
}

/* With the lock held: make sure a.token is usable for a while. */
static int refresh(infisical_client *c, int64_t deadline, infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    int64_t now = infisical__now_ms();
    if (a->token && (a->expires_at == 0 || now < a->expires_at - refresh_margin(a)))
        return INFISICAL_OK;
    if (!universal(c)) {
        if (a->token)
            return INFISICAL_OK; /* a fixed token is used as given; the server judges it */
        return infisical__fail(err, INFISICAL_EUNAUTHORIZED,
                               "the client's fixed access token was revoked by infisical_client_revoke()");
    }
    /* Renew while the token is alive and a full new lifetime fits under the max TTL;
     * otherwise the server would refuse or cut it short, so log in afresh. */
    int renewable = a->token && now < a->expires_at &&
                    (a->max_expires_at == 0 || now + a->ttl_ms <= a->max_expires_at);
    if (renewable) {
        infisical_error *e = NULL;
        int rc = renew(c, deadline, &e);
        if (rc == INFISICAL_OK)
            return INFISICAL_OK;
        /* The server said no (401/403): a login may still work. A network failure would hit the login too. */
        int code = infisical_error_code(e);
        if (code != INFISICAL_EUNAUTHORIZED && code != INFISICAL_ETOKEN && code != INFISICAL_EBADREQUEST)
            return infisical__error_report(err, e);
        infisical_error_free(e);
    }
    return login(c, deadline, err);
}

int infisical__auth_token(infisical_client *c, int64_t deadline_ms, char **token, uint64_t *generation,
                          infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    *token = NULL;
    pthread_mutex_lock(&a->lock);
    int rc = refresh(c, deadline_ms, err);
    if (rc == INFISICAL_OK) {
        *generation = a->generation;
        if (!(*token = infisical__strdup(a->token)))
            rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int infisical__auth_invalidate(infisical_client *c, uint64_t generation)
{
    if (!universal(c))
        return 0;
    struct infisical__auth *a = &c->auth;
    pthread_mutex_lock(&a->lock);
    /* Another thread may already have replaced the refused token. */
    if (a->generation == generation && a->token) {
        infisical__free_secret(a->token);
        a->token = NULL;
        a->generation++;
    }
    pthread_mutex_unlock(&a->lock);
    return 1;
}

int infisical__auth_revoke(infisical_client *c, infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    pthread_mutex_lock(&a->lock);
    int rc = INFISICAL_OK;
    if (a->token) {
        char *body = infisical__encode_access_token(a->token);
        struct infisical__call call = {.method = "POST", .path = REVOKE_PATH, .body = body};
        infisical__http_response resp;
        if (!body)
            rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        else
            rc = infisical__send(&c->infisical, &call, infisical__deadline(&c->infisical, &call), NULL, &resp, err);
        infisical__free_secret(body);
        if (rc == INFISICAL_OK) {
            infisical__http_response_clear(&resp);
            infisical__free_secret(a->token);
            a->token = NULL;
            a->generation++;
        }
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}
