#include <stdio.h>
#include <string.h>

#include "client_internal.h"
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
    char user_agent[200];
    snprintf(user_agent, sizeof user_agent, "libinfisical/%s%s%s", INFISICAL_VERSION_STRING,
             cfg->ua_suffix ? " " : "", cfg->ua_suffix ? cfg->ua_suffix : "");
    struct infisical__http_settings settings = {
        .user_agent = user_agent,
        .connect_timeout_ms = cfg->connect_timeout_ms,
        .max_attempts = cfg->max_attempts,
        .backoff_base_ms = cfg->backoff_base_ms,
        .backoff_max_ms = cfg->backoff_max_ms,
        .max_response_bytes = cfg->max_response_bytes,
        .ca_file = cfg->ca_file,
        .ca_dir = cfg->ca_dir,
        .ca_pem = cfg->ca_pem,
        .insecure = cfg->insecure,
        .proxy = cfg->proxy,
        .no_proxy = cfg->no_proxy,
        .cancel = cfg->cancel,
        .cancel_user = cfg->cancel_user,
    };
    if (infisical__auth_init(&c->auth) != INFISICAL_OK) {
        infisical__free(c);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    if (!(c->cfg = infisical__config_dup(cfg)) || infisical__http_new(&c->http, &settings) != INFISICAL_OK ||
        (cfg->access_token && !(c->auth.token = infisical__strdup(cfg->access_token)))) {
        infisical_client_free(c);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    if (cfg->insecure) {
        static const char warning[] = "TLS verification is OFF for this client (insecure_skip_tls_verify): "
                                      "anyone on the network path can read its secrets; use it for local development only";
        if (cfg->log)
            infisical__log(cfg, INFISICAL_LOG_WARN, "%s", warning);
        else
            fprintf(stderr, "libinfisical: warning: %s\n", warning);
    }
    *out = c;
    return INFISICAL_OK;
}

void infisical_client_free(infisical_client *client)
{
    if (!client)
        return;
    infisical__auth_destroy(&client->auth);
    infisical__http_free(client->http);
    infisical_config_free(client->cfg);
    infisical__free(client);
}

int infisical_client_login(infisical_client *client, infisical_error **err)
{
    infisical__error_clear(err);
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    char *token = NULL;
    uint64_t generation;
    int rc = infisical__auth_token(client, infisical__now_ms() + client->cfg->timeout_ms, &token, &generation, err);
    infisical__free_secret(token);
    return rc;
}

int infisical_client_revoke(infisical_client *client, infisical_error **err)
{
    infisical__error_clear(err);
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    return infisical__auth_revoke(client, err);
}
