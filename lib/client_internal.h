/* The client handle and the request path every operation goes through. */
#ifndef INFISICAL_CLIENT_INTERNAL_H
#define INFISICAL_CLIENT_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "config_internal.h"
#include "infisical/client.h"
#include "request.h"

/* Token state, guarded by `lock`. One thread at a time refreshes the token
 * (`refreshing`), without the lock held across the network; the others wait
 * on `refreshed`, so many threads needing a token cause one refresh. */
struct infisical__auth {
    pthread_mutex_t lock;
    pthread_cond_t refreshed;
    int refreshing;
    char *token;             /* secret; NULL before login or after revoke */
    uint64_t generation;     /* bumped whenever the token changes */
    int64_t expires_at;      /* monotonic ms; 0: never */
    int64_t max_expires_at;  /* monotonic ms past which renewal is refused; 0: no limit */
    int64_t ttl_ms;
    int64_t retry_refresh_at; /* monotonic ms before which a failed refresh is not tried again; 0: none */
};

struct infisical_client {
    struct infisical_config *cfg;  /* the client's own copy */
    struct infisical__endpoint infisical;
    /* For the preflight of a create or an update: one endpoint for the
     * client's life, so its connections and TLS sessions are reused. */
    struct infisical__endpoint northflank;
    struct infisical__auth auth;
};

/* Send with the client's access token, refreshing it first when needed, and
 * once more after a fresh login when the server says the token is no longer
 * good (401, or 403 TokenError) and Universal Auth can get a new one. */
int infisical__client_call(infisical_client *c, const struct infisical__call *call, infisical__http_response *resp,
                           infisical_error **err);

/* For an error made from a 2xx reply after infisical__client_call() returned
 * (a decoding error that quotes a field of the reply): mask what the request
 * carried, as infisical__send() masks an error reply's texts: the config's
 * secrets, the client's current token and sent_secret (may be NULL). Returns rc. */
int infisical__client_redact_error(infisical_client *c, const char *sent_secret, int rc, infisical_error **err);

/* A read that stands alone (a list, the options): a GET of path with the
 * call's own settings from opts, repeated freely. The reply in resp. */
int infisical__client_get(infisical_client *c, const char *path, const infisical_call_options *opts,
                          infisical__http_response *resp, infisical_error **err);

/* ---- auth (lib/auth) ---- */
int infisical__auth_init(struct infisical__auth *a);
void infisical__auth_destroy(struct infisical__auth *a);
/* A copy of a valid token (free it with infisical__free_secret) and its generation. */
int infisical__auth_token(infisical_client *c, const struct infisical__call_settings *settings, char **token,
                          uint64_t *generation, infisical_error **err);
/* Forget the token of `generation` (the server refused it); 1 when a new one can be had. */
int infisical__auth_invalidate(infisical_client *c, uint64_t generation);
int infisical__auth_revoke(infisical_client *c, const struct infisical__call_settings *settings, infisical_error **err);

#endif
