/**
 * @file
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
/** Default deadline of one call, in milliseconds, retries and waits included. */
#define INFISICAL_DEFAULT_TIMEOUT_MS 30000
/** Default limit on establishing one TCP (and TLS) connection, in milliseconds. */
#define INFISICAL_DEFAULT_CONNECT_TIMEOUT_MS 10000
/** Default number of attempts per call (the first one and up to three retries). */
#define INFISICAL_DEFAULT_MAX_ATTEMPTS 4
/** Default first backoff step and cap of one backoff wait, in milliseconds. */
#define INFISICAL_DEFAULT_BACKOFF_BASE_MS 200
#define INFISICAL_DEFAULT_BACKOFF_MAX_MS 5000 /**< Default cap of one backoff wait, in milliseconds. */
/** Default largest reply body accepted, in bytes (8 MiB). */
#define INFISICAL_DEFAULT_MAX_RESPONSE_BYTES 8388608

/*
 * Longest strings the setters accept, in bytes (not counting the final NUL).
 * A longer string fails with INFISICAL_EINVAL ("<field>: must be at most N
 * bytes") before anything else is done with it.
 */
/** Longest base URL or Northflank URL, in bytes. */
#define INFISICAL_URL_MAX 2048
/** Longest organization slug, in bytes (the API contract, 5.1: X-Infisical-Org is checked with slugSchema, 1 to 64 ASCII characters). */
#define INFISICAL_ORG_SLUG_MAX 64
/** Longest user-agent suffix, in bytes. */
#define INFISICAL_USER_AGENT_SUFFIX_MAX 128
/** Longest fixed access token, in bytes (a JWT with many claims is a few KB). */
#define INFISICAL_ACCESS_TOKEN_MAX 16384
/** Longest Universal Auth client id, in bytes (Infisical issues 36-byte UUIDs). */
#define INFISICAL_CLIENT_ID_MAX 256
/** Longest Universal Auth client secret, in bytes (Infisical issues 64 hex digits). */
#define INFISICAL_CLIENT_SECRET_MAX 1024
/** Longest CA file or CA directory path, in bytes. */
#define INFISICAL_PATH_MAX 4096
/** Longest PEM bundle held in memory, in bytes (1 MiB; a full public CA bundle is about 220 KB). */
#define INFISICAL_CA_PEM_MAX 1048576
/** Longest proxy URL, in bytes. */
#define INFISICAL_PROXY_MAX 2048
/** Longest no_proxy host list, in bytes. */
#define INFISICAL_NO_PROXY_MAX 4096

/**
 * A cancel hook: called from the thread making a call, at least every 50 ms
 * while it waits on the network or between retries. Return nonzero to abort
 * the call with INFISICAL_ECANCELLED. It may read state that another thread
 * sets (an atomic flag, typically); it must not call into the library.
 */
typedef int (*infisical_cancel_fn)(void *user);

/**
 * A log callback: receives one line (no newline) at a level of
 * INFISICAL_LOG_ERROR..INFISICAL_LOG_DEBUG. Lines never contain a secret:
 * Authorization headers, access tokens, client secrets and API tokens are
 * redacted before the callback sees anything. Called from the thread making
 * the call, possibly from several threads at once; it must be thread-safe and
 * must not call into the library. `line` is borrowed for the duration of the
 * call only.
 */
typedef void (*infisical_log_fn)(void *user, int level, const char *line);

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
 * @param cfg the config to free, or NULL.
 * Ownership: takes ownership of cfg.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API void infisical_config_free(infisical_config *cfg);

/**
 * Read the environment into cfg: INFISICAL_API_URL (base URL), INFISICAL_TOKEN
 * (static access token), INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and
 * INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (Universal Auth; both or neither).
 * Unset or empty variables leave cfg as it is. A token and Universal Auth
 * credentials together are refused, as is half a pair. Each value goes
 * through its setter, with the setter's limits and characters.
 * On failure cfg is unchanged.
 * @param cfg the config to fill.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (names the variable) or INFISICAL_ENOMEM.
 * Ownership: values are copied.
 * Thread-safety: reads the environment: do not call while another thread changes it.
 */
INFISICAL_API int infisical_config_load_env(infisical_config *cfg, infisical_error **err);

/**
 * Set the Infisical base URL (scheme http or https, host, optional port and
 * path prefix; a trailing '/' is dropped), e.g. "https://eu.infisical.com".
 * At most INFISICAL_URL_MAX (2048) bytes of printable ASCII, without spaces,
 * '?' or '#'.
 * @param cfg the config to change.
 * @param url the base URL.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: url is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_base_url(infisical_config *cfg, const char *url,
                                                infisical_error **err);

/**
 * Set the deadline of one call (all its HTTP exchanges, retries, waits and
 * token refresh included), in milliseconds, 1 to 86400000.
 * @param cfg the config to change.
 * @param timeout_ms the deadline in milliseconds.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_timeout_ms(infisical_config *cfg, int64_t timeout_ms,
                                                  infisical_error **err);

/**
 * Set the limit on establishing one connection (TCP and TLS), in milliseconds,
 * 1 to 86400000. The call's deadline still bounds it.
 * @param cfg the config to change.
 * @param timeout_ms the limit in milliseconds.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_connect_timeout_ms(infisical_config *cfg, int64_t timeout_ms,
                                                          infisical_error **err);

/**
 * Set how many attempts one call may make, 1 (no retry) to 10. What is retried:
 * 429 (always: the server refused it before doing anything), and for GET and
 * DELETE also 502, 503, 504, connection failures and timeouts; POST and PATCH
 * are retried on those only when the request provably never reached the server
 * (nothing was sent). Waits honour Retry-After, then X-RateLimit-Reset, else
 * back off exponentially with full jitter; no wait outlives the call's deadline.
 * @param cfg the config to change.
 * @param attempts the number of attempts, the first included.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_max_attempts(infisical_config *cfg, uint32_t attempts,
                                                    infisical_error **err);

/**
 * Set the exponential backoff between retries: the n-th wait is a random time
 * between 0 and min(max_ms, base_ms * 2^(n-1)). 1 <= base_ms <= max_ms <= 600000.
 * A server's Retry-After is honoured as given, not capped by max_ms.
 * @param cfg the config to change.
 * @param base_ms the first backoff step, in milliseconds.
 * @param max_ms the cap of one wait, in milliseconds.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_backoff_ms(infisical_config *cfg, int64_t base_ms, int64_t max_ms,
                                                  infisical_error **err);

/**
 * Set the largest reply body accepted, in bytes, 1024 to 1073741824. A larger
 * reply fails with INFISICAL_ETOOLARGE as soon as it is known to be larger,
 * without buffering it.
 * @param cfg the config to change.
 * @param bytes the largest reply body, in bytes.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure cfg is unchanged.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_max_response_bytes(infisical_config *cfg, int64_t bytes,
                                                          infisical_error **err);

/**
 * Trust the CA certificates of a PEM file instead of the system's. NULL returns
 * to the default: SSL_CERT_FILE / SSL_CERT_DIR when set, else the system store.
 * The path: not empty, at most INFISICAL_PATH_MAX (4096) bytes, no control characters.
 * @param cfg the config to change.
 * @param path the PEM file, or NULL for the default.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: path is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_ca_file(infisical_config *cfg, const char *path, infisical_error **err);

/**
 * Trust the CA certificates of a directory prepared with `openssl rehash`
 * instead of the system's. NULL returns to the default. The path: not empty,
 * at most INFISICAL_PATH_MAX (4096) bytes, no control characters.
 * @param cfg the config to change.
 * @param path the directory, or NULL for the default.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: path is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_ca_dir(infisical_config *cfg, const char *path, infisical_error **err);

/**
 * Trust the CA certificates of a PEM bundle held in memory instead of the
 * system's (takes precedence over a CA file or directory). NULL removes it.
 * At most INFISICAL_CA_PEM_MAX (1 MiB) bytes, holding at least one
 * "-----BEGIN CERTIFICATE-----".
 * @param cfg the config to change.
 * @param pem the PEM text (NUL-terminated), or NULL to remove it.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: pem is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_ca_pem(infisical_config *cfg, const char *pem, infisical_error **err);

/**
 * For local development only: skip TLS certificate and host name verification.
 * Every client and Northflank handle made from such a config logs a warning
 * when it is created (to the log callback, or to stderr when there is none).
 * 0 restores verification.
 * @param cfg the config to change.
 * @param insecure 1 to skip verification, 0 to verify.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_insecure_skip_tls_verify(infisical_config *cfg, int insecure,
                                                                infisical_error **err);

/**
 * Send requests through this proxy ("http://proxy:3128", "socks5h://..."),
 * overriding the http_proxy / https_proxy / all_proxy environment variables,
 * which libcurl honours otherwise. "" means no proxy at all; NULL returns to
 * the environment. At most INFISICAL_PROXY_MAX (2048) bytes of printable ASCII.
 * @param cfg the config to change.
 * @param proxy the proxy URL, "" for no proxy, or NULL for the environment.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_proxy(infisical_config *cfg, const char *proxy, infisical_error **err);

/**
 * Hosts to reach without the proxy, comma-separated ("localhost,.internal"),
 * overriding the no_proxy environment variable; "*" means all, "" none (every
 * host through the proxy, whatever no_proxy says). NULL returns to the environment.
 * At most INFISICAL_NO_PROXY_MAX (4096) bytes of printable ASCII.
 * @param cfg the config to change.
 * @param hosts the host list, or NULL for the environment.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_no_proxy(infisical_config *cfg, const char *hosts, infisical_error **err);

/**
 * Install a cancel hook (see infisical_cancel_fn); NULL removes it.
 * @param cfg the config to change.
 * @param fn the hook, or NULL to remove it.
 * @param user passed to fn on every call.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: neither fn nor user is owned: both must stay valid as long as any
 * client or handle made from cfg lives (a binding must keep its callback object
 * alive that long, not only user).
 * Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_cancel_hook(infisical_config *cfg, infisical_cancel_fn fn, void *user,
                                                   infisical_error **err);

/**
 * Install a log callback (see infisical_log_fn) for lines at min_level or more
 * important (INFISICAL_LOG_INFO gives one line per request: method, path,
 * status, attempts, milliseconds). Without one the library is silent. NULL removes it.
 * @param cfg the config to change.
 * @param fn the callback, or NULL to remove it.
 * @param user passed to fn on every call.
 * @param min_level the least important level passed on, INFISICAL_LOG_ERROR to INFISICAL_LOG_DEBUG.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: neither fn nor user is owned: both must stay valid as long as any
 * client or handle made from cfg lives (a binding must keep its callback object
 * alive that long, not only user).
 * Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_log(infisical_config *cfg, infisical_log_fn fn, void *user,
                                           int min_level, infisical_error **err);

/**
 * Send `X-Infisical-Org: <slug>` on every request (selects a sub-organization).
 * The slug follows the server's slug rules (lowercase letters, digits, single
 * hyphens, 1 to INFISICAL_ORG_SLUG_MAX (64) characters). NULL removes it.
 * @param cfg the config to change.
 * @param slug the organization slug, or NULL.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: slug is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_org_slug(infisical_config *cfg, const char *slug,
                                                infisical_error **err);

/**
 * Append " <suffix>" to the User-Agent "libinfisical/<version>". Printable
 * ASCII (space included; no control characters), 1 to
 * INFISICAL_USER_AGENT_SUFFIX_MAX (128) bytes. NULL removes it.
 * @param cfg the config to change.
 * @param suffix the suffix, or NULL.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: suffix is copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_user_agent_suffix(infisical_config *cfg, const char *suffix,
                                                         infisical_error **err);

/**
 * Authenticate with a fixed access token (a machine identity's token, sent as
 * `Authorization: Bearer <token>`). Replaces Universal Auth credentials set
 * earlier. NULL removes it. Printable ASCII (it goes in a header), 1 to
 * INFISICAL_ACCESS_TOKEN_MAX (16384) bytes.
 * @param cfg the config to change.
 * @param token the access token, or NULL.
 * @param err optional error out parameter.
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
 * Each is valid UTF-8 without control characters (they go in a JSON body), not
 * empty; the id at most INFISICAL_CLIENT_ID_MAX (256) bytes, the secret at most
 * INFISICAL_CLIENT_SECRET_MAX (1024) bytes.
 * @param cfg the config to change.
 * @param client_id the client id (NULL together with client_secret to remove both).
 * @param client_secret the client secret.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: both are copied; the secret into memory that is wiped when freed.
 * Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_universal_auth(infisical_config *cfg, const char *client_id,
                                                      const char *client_secret,
                                                      infisical_error **err);

/* ---- the Northflank side ---- */

/** Default Northflank API base URL. */
#define INFISICAL_DEFAULT_NORTHFLANK_URL "https://api.northflank.com"
/** Default cap on pages read for one listing (100 items a page). */
#define INFISICAL_DEFAULT_NORTHFLANK_PAGE_CAP 100

/**
 * Set the Northflank API base URL (default INFISICAL_DEFAULT_NORTHFLANK_URL),
 * as for infisical_config_set_base_url(): at most INFISICAL_URL_MAX (2048) bytes.
 * @param cfg the config to change.
 * @param url the Northflank API base URL.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM; on failure cfg is unchanged.
 * Ownership: copied.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_northflank_url(infisical_config *cfg, const char *url, infisical_error **err);

/**
 * Set how many pages (of 100 items) one listing may read, 1 to 100000
 * (default INFISICAL_DEFAULT_NORTHFLANK_PAGE_CAP). A listing that would need
 * more fails with INFISICAL_ETRUNCATED.
 * @param cfg the config to change.
 * @param pages the page cap.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: not with concurrent users of cfg.
 */
INFISICAL_API int infisical_config_set_northflank_page_cap(infisical_config *cfg, uint32_t pages,
                                                           infisical_error **err);

#ifdef __cplusplus
}
#endif

#endif
