/**
 * @file
 * libinfisical: the client handle and its authentication.
 */
#ifndef INFISICAL_CLIENT_H
#define INFISICAL_CLIENT_H

#include "config.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque client: configuration, credentials, token state and connections. */
typedef struct infisical_client infisical_client;

/**
 * Make a client from a config. The config is copied: later changes to cfg do
 * not affect the client, and cfg may be freed at once. No request is sent.
 * @param out receives the new client.
 * @param cfg the options; it must name credentials (a token or Universal Auth).
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (no credentials, NULL arguments) or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_client_free().
 * Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_client_new(infisical_client **out, const infisical_config *cfg,
                                       infisical_error **err);

/**
 * Free a client. Accepts NULL. Secrets it holds are wiped. Does not revoke the
 * access token (see infisical_client_revoke()).
 * @param client the client to free, or NULL.
 * Ownership: takes ownership of client.
 * Thread-safety: no other thread may be using the client.
 */
INFISICAL_API void infisical_client_free(infisical_client *client);

/**
 * Make sure the client holds a valid access token now: with Universal Auth,
 * log in (or renew) if needed; with a fixed token, do nothing. Operations do
 * this themselves; call it to fail early on bad credentials.
 * @param client the client.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or the error of the login.
 * Ownership: none.  Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_client_login(infisical_client *client, const infisical_call_options *opts, infisical_error **err);

/**
 * Revoke the client's current access token on the server
 * (`POST /api/v1/auth/token/revoke`) and forget it. With Universal Auth the
 * next operation logs in again; with a fixed token the client can no longer
 * authenticate. With Universal Auth and no token held, nothing is sent.
 * @param client the client.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or the error of the request.
 * Ownership: none.  Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_client_revoke(infisical_client *client, const infisical_call_options *opts, infisical_error **err);

/**
 * How long the access token the client holds now stays valid, as the client
 * counts it (the server's expiresIn, less the second a JWT's whole-second
 * expiry can cost, from when it was issued). The token itself is never given
 * out. With Universal Auth the client renews or logs in again before this
 * runs out, on the next call.
 * @param client the client.
 * @param ms receives the milliseconds left (0 once expired), or -1 when the
 *        token does not expire (a fixed token, or a TTL of 0); 0 on failure.
 * @param err optional error out parameter.
 * @return INFISICAL_OK; INFISICAL_EUNAUTHORIZED when the client holds no token
 *         (none fetched yet: see infisical_client_login(), or revoked);
 *         INFISICAL_EINVAL when an argument is NULL.
 * Ownership: none.  Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_client_token_lifetime_ms(infisical_client *client, int64_t *ms, infisical_error **err);

#ifdef __cplusplus
}
#endif

#endif
