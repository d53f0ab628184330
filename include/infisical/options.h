/**
 * @file
 * libinfisical: per-call options. Every operation ends with the same two
 * parameters, `const infisical_call_options *opts, infisical_error **err`.
 * opts NULL means the client's (or handle's) defaults, taken from its config;
 * an options object overrides only what was set on it, for that one call. One
 * object may be reused for many calls, from many threads, as long as nobody
 * changes it meanwhile.
 */
#ifndef INFISICAL_OPTIONS_H
#define INFISICAL_OPTIONS_H

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque per-call options. */
typedef struct infisical_call_options infisical_call_options;

/**
 * Make an options object that overrides nothing yet.
 * @param out receives the new object.
 * @param err optional error out parameter.
 * @return INFISICAL_OK, INFISICAL_EINVAL (out is NULL) or INFISICAL_ENOMEM.
 * Ownership: *out is new; free it with infisical_call_options_free().
 * Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_call_options_new(infisical_call_options **out, infisical_error **err);

/**
 * Free an options object. Accepts NULL.
 * @param opts the object to free, or NULL.
 * Ownership: takes opts.  Thread-safety: no call may be using opts.
 */
INFISICAL_API void infisical_call_options_free(infisical_call_options *opts);

/**
 * The call's deadline, measured from its start: everything it does (token
 * refresh, preflight probes, every page of a listing, every retry and wait)
 * ends by then, or the call fails with INFISICAL_ETIMEOUT. Replaces the
 * config's timeout (infisical_config_set_timeout_ms()) for this call.
 * @param opts the options to change.
 * @param timeout_ms 1 to 86400000 (a day).
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure opts is unchanged.
 * Ownership: none.  Thread-safety: not while a call uses opts.
 */
INFISICAL_API int infisical_call_options_set_timeout_ms(infisical_call_options *opts, int64_t timeout_ms,
                                                        infisical_error **err);

/**
 * The call's cancel hook (see infisical_cancel_fn), polled by the calling
 * thread at least every 50 ms while it waits; returning nonzero ends the call
 * with INFISICAL_ECANCELLED. Replaces the config's hook for this call; fn NULL
 * means this call has none.
 * @param opts the options to change.
 * @param fn the hook, or NULL for none.
 * @param user passed to fn as is.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL.
 * Ownership: user stays the caller's; it must outlive the calls that use opts.
 * Thread-safety: not while a call uses opts.
 */
INFISICAL_API int infisical_call_options_set_cancel_hook(infisical_call_options *opts, infisical_cancel_fn fn,
                                                         void *user, infisical_error **err);

/**
 * How many HTTP attempts each request of the call may make (1 means no
 * retry), replacing the config's (infisical_config_set_max_attempts()) for
 * this call. What may be retried does not change.
 * @param opts the options to change.
 * @param attempts 1 to 10.
 * @param err optional error out parameter.
 * @return INFISICAL_OK or INFISICAL_EINVAL; on failure opts is unchanged.
 * Ownership: none.  Thread-safety: not while a call uses opts.
 */
INFISICAL_API int infisical_call_options_set_max_attempts(infisical_call_options *opts, uint32_t attempts,
                                                          infisical_error **err);

#ifdef __cplusplus
}
#endif

#endif
