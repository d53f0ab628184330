/**
 * @file
 * libinfisical: the Northflank side. Talk to the Northflank API directly with
 * an API token (through the same transport as the Infisical side: retries,
 * deadlines, TLS, proxies, redacted logs) to list what the token can see and
 * to check, before Infisical ever stores it, that the token has every
 * permission a Northflank connection needs:
 *
 *   Projects > Manage > Read
 *   Config & Secrets > Secret Groups > List, Read Values, Update
 */
#ifndef INFISICAL_PREFLIGHT_H
#define INFISICAL_PREFLIGHT_H

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle on the Northflank API for one API token. */
typedef struct infisical_northflank_api infisical_northflank_api;
/** Opaque, immutable list of Northflank projects or secret groups (id and name). */
typedef struct infisical_northflank_resources infisical_northflank_resources;
/** Opaque, immutable result of a preflight check. */
typedef struct infisical_preflight_report infisical_preflight_report;

/** Default Northflank API base URL. */
#define INFISICAL_DEFAULT_NORTHFLANK_URL "https://api.northflank.com"
/** Default cap on pages read for one listing (100 items a page). */
#define INFISICAL_DEFAULT_NORTHFLANK_PAGE_CAP 100

/** Longest Northflank API token, in bytes as passed (surrounding white space
 *  included); for infisical_northflank_api_new() and
 *  infisical_northflank_params_set_api_token(). */
#define INFISICAL_NORTHFLANK_TOKEN_MAX 16384
/** Longest Northflank project id, in bytes, for
 *  infisical_northflank_api_list_secret_groups() (Northflank's ids are short slugs). */
#define INFISICAL_NORTHFLANK_PROJECT_ID_MAX 256

/** The permissions a preflight checks, as indexes for the report's getters. */
enum {
    INFISICAL_PERMISSION_PROJECTS_READ = 0,          /**< Projects > Manage > Read */
    INFISICAL_PERMISSION_SECRET_GROUPS_LIST = 1,     /**< Config & Secrets > Secret Groups > List */
    INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES = 2, /**< ... > Read Values */
    INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE = 3,   /**< ... > Update */
    INFISICAL_PERMISSION_COUNT = 4
};

/** The state of one permission in a report. */
enum {
    INFISICAL_CHECK_GRANTED = 1,     /**< Northflank answered the probe with success */
    INFISICAL_CHECK_DENIED = 2,      /**< Northflank answered 403 (or 401) */
    INFISICAL_CHECK_NOT_CHECKED = 3  /**< not probed (nothing to probe it on, or no write test asked for): see the reason */
};

/** Preflight flags. */
enum {
    /** Also test Update, by sending an empty PATCH (which changes nothing) to
     *  the first secret group found. Without it Update is reported as not checked. */
    INFISICAL_PREFLIGHT_CHECK_WRITE = 1
};

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
                                                         infisical_error **err);

/**
 * List every secret group of a project (`GET /v1/projects/{id}/secrets`), as
 * infisical_northflank_api_list_projects() does.
 * @param api the Northflank handle.
 * @param project_id the Northflank project id: not empty, at most
 *        INFISICAL_NORTHFLANK_PROJECT_ID_MAX (256) bytes, valid UTF-8 without
 *        control characters. INFISICAL_EINVAL otherwise, before any request.
 * @param out receives the secret groups.
 * @param err optional error out parameter.
 * @return as infisical_northflank_api_list_projects().
 * Ownership: *out is new; free it with infisical_northflank_resources_free().
 * Thread-safety: safe to call concurrently on one handle.
 */
INFISICAL_API int infisical_northflank_api_list_secret_groups(infisical_northflank_api *api, const char *project_id,
                                                              infisical_northflank_resources **out,
                                                              infisical_error **err);

/**
 * Check the token: whether it authenticates, and for each required permission
 * whether it is granted, denied or not checked, and why. Read Values is probed
 * on the first secret group found; Update only with
 * INFISICAL_PREFLIGHT_CHECK_WRITE. Northflank's 2xx, 401 and 403 answers are
 * findings in the report; any other outcome (network, TLS, timeout, cancel,
 * 5xx, 429 after retries) says nothing about the token and fails the call with
 * that error instead. All probes share one deadline: the config's timeout.
 * @param api the Northflank handle.
 * @param flags 0 or INFISICAL_PREFLIGHT_CHECK_WRITE.
 * @param out receives the report.
 * @param err optional error out parameter.
 * @return INFISICAL_OK with a report, or the error that stopped the check.
 * Ownership: *out is new; free it with infisical_preflight_report_free().
 * Thread-safety: safe to call concurrently on one handle.
 */
INFISICAL_API int infisical_northflank_api_preflight(infisical_northflank_api *api, uint32_t flags,
                                                     infisical_preflight_report **out, infisical_error **err);

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

/**
 * Whether the token authenticated: 1 yes, 0 no (Northflank answered 401); -1 for NULL.
 * @param r a report, or NULL.
 * @return 1, 0 or -1.
 * Ownership: none.  Thread-safety: a report is immutable; any thread.
 */
INFISICAL_API int infisical_preflight_authenticated(const infisical_preflight_report *r);

/**
 * 1 when the token authenticated and no permission was denied (permissions
 * not checked do not count against it), else 0. This is the test that
 * create-with-preflight applies.
 * @param r a report, or NULL.
 * @return 1 or 0 (0 for NULL).
 * Ownership: none.  Thread-safety: any thread.
 */
INFISICAL_API int infisical_preflight_passed(const infisical_preflight_report *r);

/**
 * The state of permission p (INFISICAL_PERMISSION_*): INFISICAL_CHECK_GRANTED,
 * _DENIED or _NOT_CHECKED; INFISICAL_EINVAL when p is out of range or r NULL.
 * @param r a report.
 * @param permission an INFISICAL_PERMISSION_* value.
 * @return an INFISICAL_CHECK_* value, or INFISICAL_EINVAL.
 * Ownership: none.  Thread-safety: any thread.
 */
INFISICAL_API int infisical_preflight_state(const infisical_preflight_report *r, uint32_t permission);

/**
 * The permission's name as Northflank's role editor shows it
 * ("Config & Secrets > Secret Groups > List"), or NULL when out of range.
 * @param permission an INFISICAL_PERMISSION_* value.
 * @return the name, or NULL.
 * Ownership: borrowed (static).  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_preflight_permission_name(uint32_t permission);

/**
 * Why the permission has its state: the probe and Northflank's answer
 * ("GET /v1/projects/p1/secrets answered 403: Insufficient permissions"),
 * or why it was not probed. NULL when out of range.
 * @param r a report.
 * @param permission an INFISICAL_PERMISSION_* value.
 * @return the reason, or NULL.
 * Ownership: borrowed from r.  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_preflight_reason(const infisical_preflight_report *r, uint32_t permission);

/**
 * A one-line human summary of the permission: "<name>: granted|DENIED|not
 * checked (<reason>)". NULL when out of range.
 * @param r a report.
 * @param permission an INFISICAL_PERMISSION_* value.
 * @return the summary, or NULL.
 * Ownership: borrowed from r.  Thread-safety: any thread.
 */
INFISICAL_API const char *infisical_preflight_summary(const infisical_preflight_report *r, uint32_t permission);

/**
 * Make an independent copy of a report.
 * @param out receives the copy.
 * @param r the report to copy.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL or INFISICAL_ENOMEM.
 * Ownership: *out is new. Thread-safety: any thread.
 */
INFISICAL_API int infisical_preflight_report_dup(infisical_preflight_report **out, const infisical_preflight_report *r,
                                                 infisical_error **err);

/**
 * Free a report. Accepts NULL.
 * @param r the report to free, or NULL.
 * Ownership: takes r. Thread-safety: no concurrent readers.
 */
INFISICAL_API void infisical_preflight_report_free(infisical_preflight_report *r);

#ifdef __cplusplus
}
#endif

#endif
