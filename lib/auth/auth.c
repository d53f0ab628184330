/* Access tokens: a fixed one, or Universal Auth with login, renewal before
 * expiry, a new login when renewal is refused or the max TTL is near, and revoke. */
#include <string.h>
#include <time.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "log.h"
#include "util/alloc.h"

#define LOGIN_PATH "/api/v1/auth/universal-auth/login"
#define RENEW_PATH "/api/v1/auth/token/renew"
#define REVOKE_PATH "/api/v1/auth/token/revoke"

int infisical__auth_init(struct infisical__auth *a)
{
    memset(a, 0, sizeof *a);
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return INFISICAL_ENOMEM;
    /* Waits are measured on the same monotonic clock as deadlines. */
    int ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 && pthread_cond_init(&a->refreshed, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok)
        return INFISICAL_ENOMEM;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        pthread_cond_destroy(&a->refreshed);
        return INFISICAL_ENOMEM;
    }
    return INFISICAL_OK;
}

void infisical__auth_destroy(struct infisical__auth *a)
{
    infisical__free_secret(a->token);
    a->token = NULL;
    pthread_cond_destroy(&a->refreshed);
    pthread_mutex_destroy(&a->lock);
}

static int universal(const infisical_client *c)
{
    return c->cfg->client_id != NULL;
}

/* After a refresh failed while the token still worked, wait this long (or a
 * quarter of what is left of the token's life, if less) before trying again. */
#define REFRESH_HOLDOFF_MS 5000

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

/* POST a token-bearing body (which is wiped and freed) and read the token of
 * the reply. Runs without the lock: other threads wait on `refreshing`. */
static int exchange(infisical_client *c, const char *path, char *body, const char *secret,
                    const struct infisical__call_settings *settings,
                    struct infisical__token_reply *reply, int64_t *sent_at, infisical_error **err)
{
    if (!body)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    /* A repeated login or renewal only issues another token: harmless. */
    struct infisical__call call = {.settings = settings, .method = "POST", .path = path, .body = body,
                                   .retry = INFISICAL__RETRY_ALWAYS, .secret = secret, .secret_reply = 1};
    infisical__http_response resp;
    *sent_at = infisical__now_ms();
    int rc = infisical__send(&c->infisical, &call, NULL, &resp, err);
    infisical__free_secret(body);
    if (rc != INFISICAL_OK)
        return rc;
    rc = infisical__decode_token(resp.body.data, resp.body.len, reply, err);
    infisical__http_response_clear(&resp);
    return rc;
}

/* Renew `old` (when given) or log in; *fresh_login says which gave the token,
 * *refused whether the server refused to renew `old` (it may have deleted it:
 * past the max TTL, newer servers do). */
static int fetch(infisical_client *c, const char *old, const struct infisical__call_settings *settings,
                 struct infisical__token_reply *reply,
                 int64_t *sent_at, int *fresh_login, int *refused, infisical_error **err)
{
    *refused = 0;
    if (old) {
        infisical_error *e = NULL;
        int rc = exchange(c, RENEW_PATH, infisical__encode_access_token(old), old, settings, reply, sent_at, &e);
        if (rc == INFISICAL_OK) {
            *fresh_login = 0;
            return INFISICAL_OK;
        }
        /* The server said no (400, or any 401/403): a login may still work. A
         * network failure or a 5xx would hit the login too: report it. */
        int status = infisical_error_http_status(e);
        if (status != 400 && status != 401 && status != 403)
            return infisical__error_report(err, e);
        *refused = 1;
        infisical_error_free(e);
    }
    *fresh_login = 1;
    return exchange(c, LOGIN_PATH, infisical__encode_login(c->cfg->client_id, c->cfg->client_secret),
                    c->cfg->client_secret, settings, reply, sent_at, err);
}

static int usable(const struct infisical__auth *a, int64_t now)
{
    return a->token && (a->expires_at == 0 || now < a->expires_at - refresh_margin(a) || now < a->retry_refresh_at);
}

/* Still accepted by the server, though due for renewal. */
static int alive(const struct infisical__auth *a, int64_t now)
{
    return a->token && (a->expires_at == 0 || now < a->expires_at);
}

/* Lock held: wait while another thread refreshes the token, in short steps
 * that heed this call's deadline and the cancel hook. */
static int wait_for_refresh(infisical_client *c, const struct infisical__call_settings *settings,
                            infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    while (a->refreshing) {
        int64_t now = infisical__now_ms();
        int64_t deadline = settings->deadline_ms;
        if (now >= deadline)
            return infisical__fail(err, INFISICAL_ETIMEOUT,
                                   "the call's deadline passed while another thread was getting a token");
        if (infisical__call_cancelled(settings))
            return infisical__fail(err, INFISICAL_ECANCELLED,
                                   "cancelled by the cancel hook while another thread was getting a token");
        int64_t step = deadline - now < 50 ? deadline - now : 50;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long)(step % 1000) * 1000000L;
        until.tv_sec += step / 1000 + until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&a->refreshed, &a->lock, &until);
    }
    return INFISICAL_OK;
}

/* Lock held: hand out a copy of the current token. */
static int hand_out(struct infisical__auth *a, char **token, uint64_t *generation, infisical_error **err)
{
    *generation = a->generation;
    if (!(*token = infisical__strdup(a->token)))
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

int infisical__auth_token(infisical_client *c, const struct infisical__call_settings *settings, char **token,
                          uint64_t *generation,
                          infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    *token = NULL;
    pthread_mutex_lock(&a->lock);
    int rc = wait_for_refresh(c, settings, err);
    int64_t now = infisical__now_ms();
    if (rc != INFISICAL_OK || usable(a, now) || (!universal(c) && a->token)) {
        /* A fixed token is used as given: the server judges it. */
        if (rc == INFISICAL_OK)
            rc = hand_out(a, token, generation, err);
        pthread_mutex_unlock(&a->lock);
        return rc;
    }
    if (!universal(c)) {
        pthread_mutex_unlock(&a->lock);
        return infisical__fail(err, INFISICAL_EUNAUTHORIZED,
                               "the client's fixed access token was revoked by infisical_client_revoke()");
    }
    /* This thread refreshes; the others wait for it (without holding the lock
     * across the network, so their deadlines and cancel hooks still count).
     * Renew while the token is alive and a full new lifetime fits under the
     * max TTL; otherwise the server would refuse or cut it short: log in. */
    int renewable = a->token && now < a->expires_at &&
                    (a->max_expires_at == 0 || now + a->ttl_ms <= a->max_expires_at);
    char *old = renewable ? infisical__strdup(a->token) : NULL;
    if (renewable && !old) {
        pthread_mutex_unlock(&a->lock);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    a->refreshing = 1;
    pthread_mutex_unlock(&a->lock);

    struct infisical__token_reply reply;
    int64_t sent_at = 0;
    int fresh_login = 0, refused = 0;
    infisical_error *e = NULL;
    rc = fetch(c, old, settings, &reply, &sent_at, &fresh_login, &refused, &e);
    infisical__free_secret(old);

    pthread_mutex_lock(&a->lock);
    now = infisical__now_ms();
    if (rc == INFISICAL_OK) {
        adopt(a, &reply, sent_at, fresh_login);
        a->retry_refresh_at = 0;
        /* The new token, even if its lifetime is too short to pass usable(). */
        rc = hand_out(a, token, generation, err);
    } else if (!refused && rc != INFISICAL_ECANCELLED && alive(a, now)) {
        /* A bad minute (5xx, network, timeout) must not fail a call that the
         * current token can still make. Try again a little later, not on
         * every call meanwhile. */
        int64_t left = a->expires_at ? a->expires_at - now : REFRESH_HOLDOFF_MS * 4;
        a->retry_refresh_at = now + (left / 4 < REFRESH_HOLDOFF_MS ? left / 4 : REFRESH_HOLDOFF_MS);
        infisical__log(c->cfg, NULL, INFISICAL_LOG_WARN,
                       "could not refresh the access token (%s); going on with the current one, valid for %lld ms more",
                       infisical_error_message(e), (long long)left);
        infisical_error_free(e);
        e = NULL;
        rc = hand_out(a, token, generation, err);
    } else {
        rc = infisical__error_report(err, e);
    }
    a->refreshing = 0;
    pthread_cond_broadcast(&a->refreshed);
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

int infisical__auth_revoke(infisical_client *c, const struct infisical__call_settings *settings, infisical_error **err)
{
    struct infisical__auth *a = &c->auth;
    struct infisical__call call = {.settings = settings, .method = "POST", .path = REVOKE_PATH};
    pthread_mutex_lock(&a->lock);
    int rc = wait_for_refresh(c, settings, err);
    uint64_t generation = a->generation;
    /* A copy: another thread may replace a->token while this one sends. */
    char *copy = rc == INFISICAL_OK && a->token ? infisical__strdup(a->token) : NULL;
    char *body = copy ? infisical__encode_access_token(copy) : NULL;
    int has_token = a->token != NULL;
    pthread_mutex_unlock(&a->lock);
    if (rc != INFISICAL_OK || !has_token)
        return rc;
    if (!body) {
        infisical__free_secret(copy);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    call.body = body;
    call.secret = copy;
    infisical__http_response resp;
    rc = infisical__send(&c->infisical, &call, NULL, &resp, err);
    infisical__free_secret(body);
    infisical__free_secret(copy);
    if (rc != INFISICAL_OK)
        return rc;
    infisical__http_response_clear(&resp);
    pthread_mutex_lock(&a->lock);
    /* Forget it unless another thread has replaced it meanwhile. */
    if (a->generation == generation) {
        infisical__free_secret(a->token);
        a->token = NULL;
        a->generation++;
    }
    pthread_mutex_unlock(&a->lock);
    return INFISICAL_OK;
}
