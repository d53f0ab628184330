/**
 * @file
 * libinfisical: export macro, status codes, version, library memory.
 *
 * Ownership rules for the whole API (repeated per function):
 *  - input strings are copied before the call returns; the caller keeps its own;
 *  - a returned `const char *` is borrowed from the object it came from and lives
 *    until that object is freed;
 *  - a returned `char *` is owned by the caller and released with infisical_free();
 *  - every object made through an out parameter is released with its own _free,
 *    which accepts NULL.
 *
 * Input strings have limits: each has a maximum length in bytes, a plain
 * INFISICAL_..._MAX macro named in its function's comment. It is measured
 * before anything else is done with the string; a longer one fails with
 * INFISICAL_EINVAL ("<field>: must be at most N bytes") and nothing is sent.
 * Characters follow where a value goes: printable ASCII for header values and
 * URLs, valid UTF-8 for JSON, no control characters in ids, names and paths.
 *
 * Errors: every fallible call returns an int status (INFISICAL_OK or a negative
 * INFISICAL_E* value) and takes an optional last parameter `infisical_error **err`.
 * Pass NULL when the detail is not wanted; otherwise *err is set to a new error
 * object on failure (and to NULL on success), which the caller frees with
 * infisical_error_free().
 */
#ifndef INFISICAL_COMMON_H
#define INFISICAL_COMMON_H

/*
 * INFISICAL_CDEF: plain declarations for binding generators (cffi, and any
 * tool that parses C declarations but not compiler extensions). With it
 * defined, INFISICAL_API expands to nothing and <stdint.h> is not included,
 * so
 *
 *     cc -E -P -DINFISICAL_CDEF include/infisical/infisical.h
 *
 * prints only this library's own typedefs, enums and prototypes (int64_t and
 * uint32_t stay as names: such tools know the fixed-width types). It is for
 * preprocessing only, never for compiling a program. The build makes one file
 * from it that cffi's ffi.cdef() takes as is, the declarations plus a
 * `#define NAME VALUE` for every integer-literal macro, and installs it as
 * <datadir>/libinfisical/infisical.cdef (scripts/gen-cdef.sh,
 * docs/bindings.md). Macros whose value is an expression
 * (INFISICAL_TIME_ABSENT) are not in it: infisical_constant() gives them.
 */
#ifndef INFISICAL_CDEF
#  include <stdint.h>
#endif

#if defined(INFISICAL_CDEF) || defined(INFISICAL_STATIC)
#  define INFISICAL_API
#elif defined(_WIN32)
#  if defined(INFISICAL_BUILDING)
#    define INFISICAL_API __declspec(dllexport)
#  else
#    define INFISICAL_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define INFISICAL_API __attribute__((visibility("default")))
#else
#  define INFISICAL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of the headers; compare with infisical_version_number() at run time. */
#define INFISICAL_VERSION_MAJOR 0
#define INFISICAL_VERSION_MINOR 2 /**< Minor version of the headers. */
#define INFISICAL_VERSION_PATCH 0 /**< Patch version of the headers. */
#define INFISICAL_VERSION_STRING "0.2.0" /**< The headers' version as text; compare with infisical_version(). */
/** The headers' version as one number to compare, MAJOR*10000 + MINOR*100 +
 *  PATCH (`#if INFISICAL_VERSION_NUM >= 200` for 0.2.0 and later); the
 *  library's own is infisical_version_number(). */
#define INFISICAL_VERSION_NUM 200

/**
 * Status codes. The values are part of the ABI: they are never renumbered and a
 * retired code keeps its number. New codes are only ever added at the end.
 */
enum {
    INFISICAL_OK = 0,
    /** A caller's argument is invalid; nothing was sent. */
    INFISICAL_EINVAL = -1,
    /** An allocation failed. */
    INFISICAL_ENOMEM = -2,
    /** Could not connect, send or receive (DNS, refused, reset, closed early). */
    INFISICAL_ENETWORK = -3,
    /** A connect timeout or the call's deadline passed. */
    INFISICAL_ETIMEOUT = -4,
    /** TLS handshake or certificate verification failed. */
    INFISICAL_ETLS = -5,
    /** The server's reply is not what the contract says (not JSON, wrong shape). */
    INFISICAL_EPROTOCOL = -6,
    /** HTTP 400 BadRequest: e.g. invalid Northflank token, name already used. */
    INFISICAL_EBADREQUEST = -7,
    /** HTTP 401: missing, revoked or exhausted access token, bad credentials. */
    INFISICAL_EUNAUTHORIZED = -8,
    /** HTTP 403 PermissionDenied: the identity lacks a permission. */
    INFISICAL_EPERMISSION = -9,
    /** HTTP 403 TokenError: the access token is expired or malformed. */
    INFISICAL_ETOKEN = -10,
    /** HTTP 403 of another kind: e.g. this auth mode may not call this route. */
    INFISICAL_EFORBIDDEN = -11,
    /** HTTP 404: no such connection (or route). */
    INFISICAL_ENOTFOUND = -12,
    /** HTTP 422 ValidationFailure: see infisical_error_issue_count(). */
    INFISICAL_EVALIDATION = -13,
    /** HTTP 429: rate limited; see infisical_error_retry_after_ms(). */
    INFISICAL_ERATELIMIT = -14,
    /** HTTP 5xx. */
    INFISICAL_ESERVER = -15,
    /** Any other unexpected HTTP status (a redirect, which is never followed, included). */
    INFISICAL_EHTTP = -16,
    /** The caller's cancel hook asked to stop the call. */
    INFISICAL_ECANCELLED = -17,
    /** The reply is larger than the configured maximum response size. */
    INFISICAL_ETOOLARGE = -18,
    /** A listing stopped at its page cap: what was read is not the whole list. */
    INFISICAL_ETRUNCATED = -19,
    /** A create with preflight refused a token (see infisical_error_preflight_report()). */
    INFISICAL_EPREFLIGHT = -20,
    /** HTTP 400: a job of this secret sync is already in progress; nothing was queued. Retryable. */
    INFISICAL_EBUSY = -21,
    /** A secret sync's job ran and failed; the error carries the server's message. */
    INFISICAL_EJOBFAILED = -22
};

/**
 * The values of a boolean field that a server may leave out (e.g.
 * infisical_connection_is_auto_rotation_enabled()): compare with these, never
 * test such a value as a C boolean (INFISICAL_ABSENT is nonzero).
 */
enum {
    INFISICAL_FALSE = 0,
    INFISICAL_TRUE = 1,
    INFISICAL_ABSENT = -1
};

/** What a time getter in milliseconds returns when the server sent no time (INT64_MIN). */
#define INFISICAL_TIME_ABSENT (-9223372036854775807LL - 1)

/** Log levels of the log callback (see infisical_config_set_log()). */
enum {
    INFISICAL_LOG_ERROR = 1,
    INFISICAL_LOG_WARN = 2,
    INFISICAL_LOG_INFO = 3,
    INFISICAL_LOG_DEBUG = 4
};

/**
 * Static English text for a status code ("invalid argument", ...).
 * @param status a status returned by this library.
 * @return a static string; unknown values give "unknown status".
 * Ownership: static, never freed.
 * Thread-safety: safe from any thread.
 */
INFISICAL_API const char *infisical_status_str(int status);

/**
 * The name of a status code as it is spelled in C ("INFISICAL_ENOTFOUND"),
 * for bindings that map codes to exception classes or names.
 * @param status a status returned by this library.
 * @return a static string, or NULL when status is no status code.
 * Ownership: static, never freed.
 * Thread-safety: safe from any thread.
 */
INFISICAL_API const char *infisical_status_name(int status);

/**
 * The value of an integer constant of these headers by its name, for
 * bindings that cannot read C macros (ctypes): every status code, limit
 * (INFISICAL_..._MAX), default (INFISICAL_DEFAULT_...), flag, level, state
 * and count, e.g. infisical_constant("INFISICAL_NAME_MAX", &v) gives 64. The
 * values are those the library was built with.
 * @param name the constant's name, as spelled in C.
 * @param value receives the value.
 * @return INFISICAL_OK, or INFISICAL_EINVAL when name is NULL or no such
 *         integer constant exists (*value is then 0).
 * Ownership: none.  Thread-safety: safe from any thread.
 */
INFISICAL_API int infisical_constant(const char *name, int64_t *value);

/**
 * The value of a string constant of these headers by its name, for bindings
 * that cannot read C macros: INFISICAL_DEFAULT_BASE_URL,
 * INFISICAL_DEFAULT_NORTHFLANK_URL and INFISICAL_VERSION_STRING.
 * @param name the constant's name, as spelled in C.
 * @return the value, or NULL when name is NULL or no such string constant exists.
 * Ownership: static, never freed.  Thread-safety: safe from any thread.
 */
INFISICAL_API const char *infisical_constant_string(const char *name);

/**
 * The library's version as "MAJOR.MINOR.PATCH".
 * @return a static string, e.g. "0.1.0".
 * Ownership: static.  Thread-safety: safe from any thread.
 */
INFISICAL_API const char *infisical_version(void);

/**
 * The library's version as MAJOR*10000 + MINOR*100 + PATCH.
 * @return MAJOR*10000 + MINOR*100 + PATCH of the library in use.
 * Ownership: none.  Thread-safety: safe from any thread.
 */
INFISICAL_API uint32_t infisical_version_number(void);

/**
 * Initialise the library's dependencies (libcurl's global state). Optional:
 * infisical_client_new() does it lazily and thread-safely. Calls are counted;
 * each successful call needs one infisical_global_cleanup().
 * @return INFISICAL_OK, or INFISICAL_ENOMEM when libcurl could not initialise.
 * Ownership: none.
 * Thread-safety: safe from any thread (serialised internally).
 */
INFISICAL_API int infisical_global_init(void);

/**
 * Release what infisical_global_init() set up, when the count drops to zero.
 * Call it only when no client exists.
 * Ownership: none.  Thread-safety: safe from any thread (serialised internally).
 */
INFISICAL_API void infisical_global_cleanup(void);

/**
 * Free memory that the library returned as an owned `char *`. Accepts NULL.
 * @param p memory the library returned as an owned `char *`, or NULL.
 * Ownership: takes ownership of p.  Thread-safety: safe from any thread.
 */
INFISICAL_API void infisical_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
