/*
 * libinfisical: the options a client is made from.
 */
#ifndef INFISICAL_CONFIG_H
#define INFISICAL_CONFIG_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque set of client options. Each setter copies its input. */
typedef struct infisical_config infisical_config;

/** Default base URL of the Infisical API. */
#define INFISICAL_DEFAULT_BASE_URL "https://app.infisical.com"
/** Default deadline of one call, in milliseconds. */
#define INFISICAL_DEFAULT_TIMEOUT_MS 30000

/**
 * Make a config with the defaults: base URL INFISICAL_DEFAULT_BASE_URL, timeout
 * INFISICAL_DEFAULT_TIMEOUT_MS, no organization slug, no user-agent suffix, no
 * credentials. The environment is not read (see infisical_config_load_env()).
 * @param out receives the new config.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (out is NULL) or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_config_free().
 * Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_config_new(infisical_config **out, infisical_error **err);

/**
 * Free a config. Accepts NULL. Secrets it holds are wiped first.
 * Ownership: takes ownership of cfg.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API void infisical_config_free(infisical_config *cfg);

/**
 * Read the environment into cfg: INFISICAL_API_URL (base URL), INFISICAL_TOKEN
 * (static access token), INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and
 * INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (Universal Auth; both or neither).
 * Unset or empty variables leave cfg as it is. A token and Universal Auth
 * credentials together are refused, as is half a pair.
 * On failure cfg is unchanged.
 * @return INFISICAL_OK, INFISICAL_EINVAL (names the variable) or INFISICAL_ENOMEM.
 * Ownership: values are copied.
 * Thread-safety: reads the environment: do not call while another thread changes it.
 */
INFISICAL_API int infisical_config_load_env(infisical_config *cfg, infisical_error **err);

/**
 * Set the Infisical base URL (scheme http or https, host, optional port and
 * path prefix; a trailing '/' is dropped), e.g. "https://eu.infisical.com".
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: url is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_base_url(infisical_config *cfg, const char *url,
                                                infisical_error **err);

/**
 * Set the deadline of one call (all its HTTP exchanges, token refresh included),
 * in milliseconds, 1 to 86400000.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_timeout_ms(infisical_config *cfg, int64_t timeout_ms,
                                                  infisical_error **err);

/**
 * Send `X-Infisical-Org: <slug>` on every request (selects a sub-organization).
 * The slug follows the server's slug rules (lowercase letters, digits, single
 * hyphens, 1 to 64 characters). NULL removes it.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: slug is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_org_slug(infisical_config *cfg, const char *slug,
                                                infisical_error **err);

/**
 * Append " <suffix>" to the User-Agent "libinfisical/<version>". Printable
 * ASCII, at most 128 characters. NULL removes it.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: suffix is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_user_agent_suffix(infisical_config *cfg, const char *suffix,
                                                         infisical_error **err);

/**
 * Authenticate with a fixed access token (a machine identity's token, sent as
 * `Authorization: Bearer <token>`). Replaces Universal Auth credentials set
 * earlier. NULL removes it.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: token is copied into memory that is wiped when freed.
 * Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_access_token(infisical_config *cfg, const char *token,
                                                    infisical_error **err);

/**
 * Authenticate with Universal Auth (machine identity client id and secret). The
 * client logs in on first use, renews its token before it expires and logs in
 * again when needed. Replaces a fixed access token set earlier. Both NULL removes them.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: both are copied; the secret into memory that is wiped when freed.
 * Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_universal_auth(infisical_config *cfg, const char *client_id,
                                                      const char *client_secret,
                                                      infisical_error **err);

#ifdef __cplusplus
}
#endif

#endif
