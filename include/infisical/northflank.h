/**
 * @file
 * libinfisical: Northflank App Connection operations
 * (`/api/v1/app-connections/northflank` of the Infisical API).
 */
#ifndef INFISICAL_NORTHFLANK_H
#define INFISICAL_NORTHFLANK_H

#include "client.h"
#include "connection.h"
#include "preflight.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Opaque parameters of a create or an update. A field that was never set is
 * left out of the request ("leave unchanged" for an update); a description set
 * to NULL is sent as null ("clear it"). Setters check their value against the
 * server's rules at once, so bad input fails before any request, naming the field.
 */
typedef struct infisical_northflank_params infisical_northflank_params;

/** Longest name, in characters, after trimming (the API contract, 1.3: slugSchema, 1 to 64). */
#define INFISICAL_NAME_MAX 64
/** Longest name string accepted, in bytes as passed (surrounding white space
 *  included): by infisical_northflank_params_set_name() (which also needs a
 *  slug of at most INFISICAL_NAME_MAX characters after trimming) and by
 *  infisical_northflank_get_by_name() (whose names the server only trims). */
#define INFISICAL_NAME_BYTES_MAX 256
/** Longest description, in UTF-16 code units as the server counts, after trimming
 *  (the API contract, 1.3: "Description cannot exceed 256 characters"). */
#define INFISICAL_DESCRIPTION_MAX 256
/** Longest description string accepted, in bytes as passed (surrounding white
 *  space included): 4 bytes for each of INFISICAL_DESCRIPTION_MAX units, so
 *  every description the server allows fits with room for white space. */
#define INFISICAL_DESCRIPTION_BYTES_MAX 1024
/** Longest Infisical project id, in bytes as passed (params, get_by_name,
 *  list, list_available; the contract does not bound it, ids are UUIDs). */
#define INFISICAL_PROJECT_ID_MAX 256
/** Longest connection id, in bytes: a UUID (the API contract, 1.2: z.string().uuid()). */
#define INFISICAL_CONNECTION_ID_MAX 36

/**
 * Make an empty parameters object.
 * @param out receives the new parameters object.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (out is NULL) or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_northflank_params_free().
 * Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_northflank_params_new(infisical_northflank_params **out,
                                                  infisical_error **err);

/**
 * Free a parameters object; the API token it holds is wiped first. Accepts NULL.
 * @param p the parameters object to free, or NULL.
 * Ownership: takes ownership of p.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API void infisical_northflank_params_free(infisical_northflank_params *p);

/**
 * Set the name: at most INFISICAL_NAME_BYTES_MAX (256) bytes as passed; leading
 * and trailing white space is trimmed, then it must be a slug of 1 to
 * INFISICAL_NAME_MAX (64) characters (lowercase letters, digits, single hyphens inside).
 * @param p the parameters to change.
 * @param name the name.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "name") or INFISICAL_ENOMEM;
 *         on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_northflank_params_set_name(infisical_northflank_params *p, const char *name,
                                                       infisical_error **err);

/**
 * Set the description (at most INFISICAL_DESCRIPTION_BYTES_MAX (1024) bytes as
 * passed; trimmed, at most INFISICAL_DESCRIPTION_MAX (256) UTF-16 code units,
 * valid UTF-8), or NULL to clear it (sent as null). It is free text: as the
 * server (the API contract, 1.3: a trimmed string of at most 256), it takes
 * any character, line breaks, tabs and other control characters included
 * (JSON escapes them), and "" (an empty description).
 * @param p the parameters to change.
 * @param description the description, or NULL to clear it.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "description") or INFISICAL_ENOMEM;
 *         on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_northflank_params_set_description(infisical_northflank_params *p,
                                                              const char *description,
                                                              infisical_error **err);

/**
 * Set the Infisical project id (create only: a project-level connection; when
 * never set the connection is organization-level). At most
 * INFISICAL_PROJECT_ID_MAX (256) bytes as passed; trimmed, not empty, valid
 * UTF-8 without control characters.
 * @param p the parameters to change.
 * @param project_id the Infisical project id.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "projectId") or INFISICAL_ENOMEM;
 *         on failure p is unchanged.
 * Ownership: copied.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_northflank_params_set_project_id(infisical_northflank_params *p,
                                                             const char *project_id,
                                                             infisical_error **err);

/**
 * Set the Northflank API token (create: required; update: rotates it). At most
 * INFISICAL_NORTHFLANK_TOKEN_MAX (16384) bytes as passed; trimmed, not empty,
 * printable ASCII (Northflank reads it from an Authorization header). The
 * server checks it against Northflank before storing it.
 * @param p the parameters to change.
 * @param api_token the Northflank API token.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (issue path "credentials.apiToken") or
 *         INFISICAL_ENOMEM; on failure p is unchanged.
 * Ownership: copied into memory that is wiped when freed.
 * Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_northflank_params_set_api_token(infisical_northflank_params *p,
                                                            const char *api_token,
                                                            infisical_error **err);

/**
 * Make a create, or an update that rotates the API token, check the token
 * against Northflank first (see infisical_northflank_api_preflight(); the
 * Northflank URL and page cap come from the client's config) and refuse to
 * register a token that does not authenticate or lacks a permission, with
 * INFISICAL_EPREFLIGHT and the report in the error
 * (infisical_error_preflight_report()); nothing is sent to Infisical then.
 * When Northflank cannot be asked (an outage, say), the call fails with that
 * error instead. The preflight and the call share the call's deadline. An
 * update that does not rotate the token runs no preflight.
 * @param p the parameters to change.
 * @param enabled 1 to run the preflight, 0 not to (the default).
 * @param flags 0 or INFISICAL_PREFLIGHT_CHECK_WRITE (test Update with an empty PATCH too).
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: no concurrent users of p.
 */
INFISICAL_API int infisical_northflank_params_set_preflight(infisical_northflank_params *p, int enabled,
                                                            uint32_t flags, infisical_error **err);

/**
 * Create a connection (`POST /api/v1/app-connections/northflank`). The params
 * must have a name and an API token; description and project id are optional.
 * @param client the client.
 * @param params what to create: name and API token at least.
 * @param out optional: receives the created connection.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or an error: INFISICAL_EINVAL before sending,
 *         INFISICAL_EBADREQUEST for an invalid token or a name already used, ...
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_create(infisical_client *client,
                                              const infisical_northflank_params *params,
                                              infisical_connection **out, const infisical_call_options *opts, infisical_error **err);

/**
 * Get a connection by id (`GET .../northflank/{id}`). The id must be a UUID
 * (INFISICAL_CONNECTION_ID_MAX, 36 bytes).
 * @param client the client.
 * @param connection_id the connection id, a UUID.
 * @param out receives the connection.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, ...
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_get(infisical_client *client, const char *connection_id,
                                           infisical_connection **out, const infisical_call_options *opts, infisical_error **err);

/**
 * Get a connection by name (`GET .../northflank/connection-name/{name}`).
 * @param client the client.
 * @param name at most INFISICAL_NAME_BYTES_MAX (256) bytes as passed; trimmed,
 *        not empty, valid UTF-8 without control characters (no slug check: the
 *        server does none here).
 * @param project_id the project to look in (as for infisical_northflank_list()),
 *        or NULL for organization-level connections.
 * @param out receives the connection.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, ...
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_get_by_name(infisical_client *client, const char *name,
                                                   const char *project_id,
                                                   infisical_connection **out, const infisical_call_options *opts, infisical_error **err);

/**
 * List the connections the identity may read (`GET .../northflank`), sorted by name.
 * @param client the client.
 * @param project_id only this project's connections, or NULL for the whole
 *        organization: at most INFISICAL_PROJECT_ID_MAX (256) bytes as passed;
 *        trimmed, not empty, valid UTF-8 without control characters.
 * @param out receives the list.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or the error of the request.
 * Ownership: *out is new; free it with infisical_connection_list_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_list(infisical_client *client, const char *project_id,
                                            infisical_connection_list **out, const infisical_call_options *opts, infisical_error **err);

/**
 * List the connections the identity may use (`GET .../northflank/available`):
 * organization-level ones, plus the project's when project_id is given. Entries
 * carry only id, name, app, project id and org id. project_id as for
 * infisical_northflank_list().
 * @param client the client.
 * @param project_id the project whose connections to add, or NULL for organization-level ones only.
 * @param out receives the list.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or the error of the request.
 * Ownership: *out is new; free it with infisical_connection_list_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_list_available(infisical_client *client, const char *project_id,
                                                      infisical_connection_list **out,
                                                      const infisical_call_options *opts, infisical_error **err);

/**
 * Update a connection (`PATCH .../northflank/{id}`): rename, set or clear the
 * description, rotate the API token. Only the fields set in params are sent;
 * a project id in params is refused (a connection cannot move). Params with
 * nothing set are refused too. connection_id as for infisical_northflank_get().
 * @param client the client.
 * @param connection_id the connection to update.
 * @param params the fields to change.
 * @param out optional: receives the updated connection.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, INFISICAL_EPREFLIGHT, ...
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_update(infisical_client *client, const char *connection_id,
                                              const infisical_northflank_params *params,
                                              infisical_connection **out, const infisical_call_options *opts, infisical_error **err);

/**
 * Delete a connection (`DELETE .../northflank/{id}`), connection_id as for
 * infisical_northflank_get(). A delete is not repeated
 * once it may have reached the server (a repeat would answer "not found" for a
 * record this call deleted): when the connection is cut or the server answers
 * 502/503/504 after the request went out, the call fails with that error,
 * which says that the outcome is unknown; get the connection to find out.
 * @param client the client.
 * @param connection_id the connection to delete.
 * @param out optional: receives the deleted record.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL, INFISICAL_ENOTFOUND, ...
 * Ownership: *out is new; free it with infisical_connection_free().
 * Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_delete(infisical_client *client, const char *connection_id,
                                              infisical_connection **out, const infisical_call_options *opts, infisical_error **err);

/**
 * Ask the server whether it offers Northflank connections at all
 * (`GET /api/v1/app-connections/options`).
 * @param client the client.
 * @param offered receives 1 when the options list Northflank with the
 *        "api-token" method, else 0.
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or the error of the request.
 * Ownership: none.  Thread-safety: safe to call concurrently on one client.
 */
INFISICAL_API int infisical_northflank_offered(infisical_client *client, int *offered,
                                               const infisical_call_options *opts, infisical_error **err);

#ifdef __cplusplus
}
#endif

#endif
