/**
 * @file
 * libinfisical: the Northflank API, called directly with a Northflank API
 * token (through the same transport as the Infisical side: retries,
 * deadlines, TLS, proxies, redacted logs), to list the projects and secret
 * groups the token can see. preflight.h checks a token with it.
 */
#ifndef INFISICAL_NORTHFLANK_API_H
#define INFISICAL_NORTHFLANK_API_H

#include "config.h"
#include "options.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle on the Northflank API for one API token. */
typedef struct infisical_northflank_api infisical_northflank_api;
/** Opaque, immutable list of Northflank projects or secret groups (id and name). */
typedef struct infisical_northflank_resources infisical_northflank_resources;

/** Longest Northflank API token, in bytes as passed (surrounding white space
 *  included); for infisical_northflank_api_new() and
 *  infisical_northflank_params_set_api_token(). */
#define INFISICAL_NORTHFLANK_TOKEN_MAX 16384
/** Longest Northflank project id, in bytes, for
 *  infisical_northflank_api_list_secret_groups() (Northflank's ids are short slugs). */
#define INFISICAL_NORTHFLANK_PROJECT_ID_MAX 256

/**
 * Make a handle on the Northflank API for one API token. The config gives the
 * Northflank URL, the page cap and the transport's settings (timeouts,
 * retries, TLS, proxy, log, cancel); Infisical credentials are not needed.
 * No request is sent.
 * @param out receives the new handle.
 * @param cfg the options (copied).
 * @param api_token the Northflank API token: at most INFISICAL_NORTHFLANK_TOKEN_MAX
 *        (16384) bytes as passed; trimmed, not empty, printable ASCII (it goes
 *        in the Authorization header).
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_northflank_api_free(). The
 *            token is copied into memory that is wiped when freed.
 * Thread-safety: the handle may be shared by threads like a client.
 */
INFISICAL_API int infisical_northflank_api_new(infisical_northflank_api **out, const infisical_config *cfg,
                                               const char *api_token, infisical_error **err);

/**
 * Free a handle (its token is wiped). Accepts NULL.
 * @param api the handle to free, or NULL.
 * Ownership: takes api. Thread-safety: no other users.
 */
INFISICAL_API void infisical_northflank_api_free(infisical_northflank_api *api);

/**
 * List every project the token can see (`GET /v1/projects`, 100 a page,
 * following the cursor while `hasNextPage` is true and a cursor is given).
 * @param api the Northflank handle.
 * @param out receives the projects.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK; INFISICAL_ETRUNCATED when the page cap stopped the
 *         listing (then *out holds the pages read, and the error says how
 *         many); or the error of a request (Northflank's message, the request
 *         path, HTTP status: 401 INFISICAL_EUNAUTHORIZED, 403 INFISICAL_EPERMISSION, ...).
 * Ownership: *out is new; free it with infisical_northflank_resources_free().
 * Thread-safety: safe to call concurrently on one handle.
 */
INFISICAL_API int infisical_northflank_api_list_projects(infisical_northflank_api *api,
                                                         infisical_northflank_resources **out,
                                                         const infisical_call_options *opts, infisical_error **err);

/**
 * List every secret group of a project (`GET /v1/projects/{id}/secrets`), as
 * infisical_northflank_api_list_projects() does.
 * @param api the Northflank handle.
 * @param project_id the Northflank project id: not empty, at most
 *        INFISICAL_NORTHFLANK_PROJECT_ID_MAX (256) bytes, valid UTF-8 without
 *        control characters. INFISICAL_EINVAL otherwise, before any request.
 * @param out receives the secret groups.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return as infisical_northflank_api_list_projects().
 * Ownership: *out is new; free it with infisical_northflank_resources_free().
 * Thread-safety: safe to call concurrently on one handle.
 */
INFISICAL_API int infisical_northflank_api_list_secret_groups(infisical_northflank_api *api, const char *project_id,
                                                              infisical_northflank_resources **out,
                                                              const infisical_call_options *opts, infisical_error **err);

/**
 * Number of items (0 for NULL).
 * @param r a list, or NULL.
 * @return the number of items.
 * Ownership: none. Thread-safety: immutable, any thread.
 */
INFISICAL_API uint32_t infisical_northflank_resources_count(const infisical_northflank_resources *r);
/**
 * Id of item i, or NULL when out of range.
 * @param r a list, or NULL.
 * @param i the item, from 0.
 * @return the id, or NULL.
 * Ownership: borrowed from r. Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_northflank_resources_id(const infisical_northflank_resources *r, uint32_t i);
/**
 * Name of item i, or NULL.
 * @param r a list, or NULL.
 * @param i the item, from 0.
 * @return the name, or NULL.
 * Ownership: borrowed from r. Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_northflank_resources_name(const infisical_northflank_resources *r, uint32_t i);
/**
 * Pages read to make the list.
 * @param r a list, or NULL.
 * @return the number of pages, 0 for NULL.
 * Ownership: none. Thread-safety: any thread.
 */
INFISICAL_API uint32_t infisical_northflank_resources_pages(const infisical_northflank_resources *r);
/**
 * 1 when the page cap cut the list short, else 0.
 * @param r a list, or NULL.
 * @return 1 or 0.
 * Ownership: none. Thread-safety: any thread.
 */
INFISICAL_API int infisical_northflank_resources_truncated(const infisical_northflank_resources *r);
/**
 * Free a list. Accepts NULL.
 * @param r the list to free, or NULL.
 * Ownership: takes r. Thread-safety: no concurrent readers.
 */
INFISICAL_API void infisical_northflank_resources_free(infisical_northflank_resources *r);

#ifdef __cplusplus
}
#endif

#endif
