#include <stdio.h>
#include <string.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "log.h"
#include "util/alloc.h"

int infisical_client_new(infisical_client **out, const infisical_config *cfg, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (!cfg->access_token && !cfg->client_id)
        return infisical__fail_field(err, "cfg",
                                     "names no credentials: set an access token or Universal Auth client id and secret");

    struct infisical_client *c = infisical__calloc(1, sizeof *c);
    if (!c)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    if (infisical__auth_init(&c->auth) != INFISICAL_OK) {
        infisical__free(c);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    if (!(c->cfg = infisical__config_dup(cfg)) ||
        infisical__endpoint_open(&c->infisical, c->cfg, c->cfg->base_url, c->cfg->org_slug,
                                 infisical__decode_error) != INFISICAL_OK ||
        infisical__endpoint_open(&c->northflank, c->cfg, c->cfg->northflank_url, NULL,
                                 infisical__decode_northflank_error) != INFISICAL_OK ||
        (cfg->access_token && !(c->auth.token = infisical__strdup(cfg->access_token)))) {
        infisical_client_free(c);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    /* Once per client, for both of its endpoints. */
    infisical__warn_risks(c->cfg, c->cfg->base_url,
                          strcmp(c->cfg->northflank_url, c->cfg->base_url) != 0 ? c->cfg->northflank_url : NULL);
    *out = c;
    return INFISICAL_OK;
}

void infisical_client_free(infisical_client *client)
{
    if (!client)
        return;
    infisical__auth_destroy(&client->auth);
    infisical__endpoint_close(&client->infisical);
    infisical__endpoint_close(&client->northflank);
    infisical_config_free(client->cfg);
    infisical__free(client);
}

int infisical_client_login(infisical_client *client, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    char *token = NULL;
    uint64_t generation;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    int rc = infisical__auth_token(client, &settings, &token, &generation, err);
    infisical__free_secret(token);
    return rc;
}

int infisical_client_revoke(infisical_client *client, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    return infisical__auth_revoke(client, &settings, err);
}

/* The server's way of saying "this token is no longer good": worth one fresh login. */
static int token_refused(const infisical_error *e)
{
    int code = infisical_error_code(e);
    return code == INFISICAL_EUNAUTHORIZED || code == INFISICAL_ETOKEN;
}

int infisical__client_call(infisical_client *c, const struct infisical__call *call, infisical__http_response *resp,
                    infisical_error **err)
{
    for (int attempt = 0;; attempt++) {
        char *token = NULL;
        uint64_t generation = 0;
        infisical_error *e = NULL;
        int rc = infisical__auth_token(c, call->settings, &token, &generation, &e);
        int sent = rc == INFISICAL_OK;
        if (sent)
            rc = infisical__send(&c->infisical, call, token, resp, &e);
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

int infisical__client_redact_error(infisical_client *c, const char *sent_secret, int rc, infisical_error **err)
{
    if (rc == INFISICAL_OK || !err || !*err || infisical__error_is_static(*err))
        return rc;
    struct infisical__secrets secrets = {0};
    infisical__secrets_add(&secrets, sent_secret);
    infisical__secrets_of_config(&secrets, c->cfg);
    /* The token is borrowed under the lock, for the time of the masking. */
    pthread_mutex_lock(&c->auth.lock);
    infisical__secrets_add(&secrets, c->auth.token);
    infisical__error_redact(*err, &secrets);
    pthread_mutex_unlock(&c->auth.lock);
    return rc;
}

int infisical__client_get(infisical_client *c, const char *path, const infisical_call_options *opts,
                          infisical__http_response *resp, infisical_error **err)
{
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, c->cfg, opts);
    struct infisical__call call = {.settings = &settings, .method = "GET", .path = path,
                                   .retry = INFISICAL__RETRY_ALWAYS};
    return infisical__client_call(c, &call, resp, err);
}

int infisical_client_token_lifetime_ms(infisical_client *client, int64_t *ms, infisical_error **err)
{
    infisical__error_clear(err);
    if (ms)
        *ms = 0;
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    if (!ms)
        return infisical__fail_field(err, "ms", "must not be NULL");
    struct infisical__auth *a = &client->auth;
    pthread_mutex_lock(&a->lock);
    int held = a->token != NULL, expires = a->expires_at != 0;
    int64_t left = a->expires_at - infisical__now_ms();
    pthread_mutex_unlock(&a->lock);
    if (!held)
        return infisical__fail(err, INFISICAL_EUNAUTHORIZED, "the client holds no access token (none fetched yet, "
                               "or revoked): call infisical_client_login() first");
    *ms = !expires ? -1 : left < 0 ? 0 : left;
    return INFISICAL_OK;
}
