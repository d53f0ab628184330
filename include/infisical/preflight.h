/**
 * @file
 * libinfisical: the preflight check of a Northflank token. Before Infisical
 * ever stores a token, ask Northflank whether it authenticates and has every
 * permission a Northflank connection needs:
 *
 *   Projects > Manage > Read
 *   Config & Secrets > Secret Groups > List, Read Values, Update
 *
 * and read the answer from a report.
 */
#ifndef INFISICAL_PREFLIGHT_H
#define INFISICAL_PREFLIGHT_H

#include "northflank_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque, immutable result of a preflight check. */
typedef struct infisical_preflight_report infisical_preflight_report;

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
    INFISICAL_CHECK_UNKNOWN = 0,     /**< no report, or no such permission: nothing is known */
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
 * @param opts per-call options (deadline, cancel hook, attempts), or NULL for the defaults.
 * @param err optional error out parameter.
 * @return INFISICAL_OK with a report, or the error that stopped the check.
 * Ownership: *out is new; free it with infisical_preflight_report_free().
 * Thread-safety: safe to call concurrently on one handle.
 */
INFISICAL_API int infisical_northflank_api_preflight(infisical_northflank_api *api, uint32_t flags,
                                                     infisical_preflight_report **out, const infisical_call_options *opts, infisical_error **err);

/**
 * Whether the token authenticated.
 * @param r a report, or NULL.
 * @return 1 when it did, 0 when Northflank answered 401 (or r is NULL).
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
 * The state of a permission in the report.
 * @param r a report, or NULL.
 * @param permission an INFISICAL_PERMISSION_* value.
 * @return INFISICAL_CHECK_GRANTED, _DENIED or _NOT_CHECKED; INFISICAL_CHECK_UNKNOWN
 *         (0) when r is NULL or permission is out of range. Never a status code.
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

/**
 * The preflight report that made a create with preflight refuse the token
 * (INFISICAL_EPREFLIGHT, from a create or a rotating update), or NULL.
 * @param e an error, or NULL.
 * @return the report, or NULL.
 * Ownership: borrowed from e; copy it with infisical_preflight_report_dup() to keep it.
 * Thread-safety: as infisical_error_code().
 */
INFISICAL_API const infisical_preflight_report *infisical_error_preflight_report(const infisical_error *e);

#ifdef __cplusplus
}
#endif

#endif
