/**
 * @file
 * libinfisical: the error object every fallible call can hand back.
 */
#ifndef INFISICAL_ERROR_H
#define INFISICAL_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque error object: code, message, HTTP status, request id, retry hint, issues. */
typedef struct infisical_error infisical_error;

/**
 * The status code (a negative INFISICAL_E* value).
 * @param e an error, or NULL (gives INFISICAL_OK).
 * @return the status code, or INFISICAL_OK for NULL.
 * Ownership: none.  Thread-safety: safe on distinct objects; read-only use may be shared.
 */
INFISICAL_API int infisical_error_code(const infisical_error *e);

/**
 * A one-line English message naming what went wrong: the field, the server's
 * message, the HTTP method and path. Never contains a secret.
 * @param e an error, or NULL (gives "").
 * @return the message; "" for NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_message(const infisical_error *e);

/**
 * The HTTP status of the reply that caused the error, 0 when no reply was received.
 * @param e an error, or NULL.
 * @return the HTTP status, or 0.
 * Ownership: none.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API int infisical_error_http_status(const infisical_error *e);

/**
 * The server's `error` field ("BadRequest", "PermissionDenied", "TokenError", ...),
 * or NULL when there was none.
 * @param e an error, or NULL.
 * @return the server's error name, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_server_error(const infisical_error *e);

/**
 * The server's request id (`reqId` of the error body), or NULL.
 * @param e an error, or NULL.
 * @return the request id, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_request_id(const infisical_error *e);

/**
 * How long the server asked the caller to wait before retrying, in milliseconds
 * (from Retry-After, else X-RateLimit-Reset), or -1 when it gave no hint.
 * @param e an error, or NULL.
 * @return milliseconds to wait, or -1.
 * Ownership: none.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API int64_t infisical_error_retry_after_ms(const infisical_error *e);

/**
 * 1 when repeating the same call later may succeed (network trouble, timeouts,
 * 429, 502/503/504), else 0.
 * @param e an error, or NULL.
 * @return 1 or 0.
 * Ownership: none.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API int infisical_error_retryable(const infisical_error *e);

/**
 * The HTTP method and path of the request that failed ("GET /api/v1/..."), or
 * NULL when the error happened before a request was built.
 * @param e an error, or NULL.
 * @return the method and path, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_request(const infisical_error *e);

/**
 * How many HTTP attempts the call made before it gave up (retries included),
 * 0 when it failed before sending anything. The message lists why each failed.
 * @param e an error, or NULL.
 * @return the number of attempts.
 * Ownership: none.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API uint32_t infisical_error_attempts(const infisical_error *e);

/**
 * Number of validation issues: the 422 body's issues, or the single issue of a
 * client-side INFISICAL_EINVAL that concerns one field. 0 otherwise.
 * @param e an error, or NULL.
 * @return the number of issues.
 * Ownership: none.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API uint32_t infisical_error_issue_count(const infisical_error *e);

/**
 * The path of issue i, its segments joined with '.' ("credentials.apiToken"),
 * or NULL when i is out of range. An issue about the whole body has path "".
 * @param e an error, or NULL.
 * @param i the issue, from 0.
 * @return the path, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_issue_path(const infisical_error *e, uint32_t i);

/**
 * The message of issue i ("Description cannot exceed 256 characters"), or NULL.
 * @param e an error, or NULL.
 * @param i the issue, from 0.
 * @return the message, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_issue_message(const infisical_error *e, uint32_t i);

/**
 * The zod code of issue i ("too_big", "custom", ...), or NULL; client-side
 * issues use "client".
 * @param e an error, or NULL.
 * @param i the issue, from 0.
 * @return the code, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_issue_code(const infisical_error *e, uint32_t i);

/**
 * The `details` member of the error body as compact JSON text (for 403
 * PermissionDenied: the array of {action, inverted, subject, conditions}),
 * or NULL when the body had none.
 * @param e an error, or NULL.
 * @return the JSON text, or NULL.
 * Ownership: borrowed from e.  Thread-safety: as infisical_error_code().
 */
INFISICAL_API const char *infisical_error_details_json(const infisical_error *e);

/**
 * Free an error. Accepts NULL.
 * @param e the error to free, or NULL.
 * Ownership: takes ownership of e.  Thread-safety: not with concurrent readers of e.
 */
INFISICAL_API void infisical_error_free(infisical_error *e);

#ifdef __cplusplus
}
#endif

#endif
