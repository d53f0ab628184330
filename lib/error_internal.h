/* Building error objects inside the library. */
#ifndef INFISICAL_ERROR_INTERNAL_H
#define INFISICAL_ERROR_INTERNAL_H

#include <stdint.h>

#include "infisical/error.h"

struct infisical__issue {
    char *path;
    char *message;
    char *code;
};

struct infisical_error {
    int code;
    char *message;
    int http_status;
    char *server_error;
    char *request_id;
    char *request;
    char *details_json;
    int64_t retry_after_ms;
    int retryable;
    uint32_t attempts;
    uint32_t issue_count;
    struct infisical__issue *issues;
    struct infisical_preflight_report *preflight;  /* owned; INFISICAL_EPREFLIGHT only */
};

#if defined(__GNUC__)
#define INFISICAL__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define INFISICAL__PRINTF(f, a)
#endif

/* A new, empty error with `code` and a formatted message; NULL when out of memory. */
infisical_error *infisical__error_new(int code, const char *fmt, ...) INFISICAL__PRINTF(2, 3);

/* Hand e to the caller through err (or free it when err is NULL) and return its
 * code. When e is NULL (its allocation failed), the caller gets the static
 * out-of-memory error and INFISICAL_ENOMEM: the return value always equals
 * the code of *err. */
int infisical__error_report(infisical_error **err, infisical_error *e);

/* The common case: make and report an error in one step; returns code (or
 * INFISICAL_ENOMEM when the error itself could not be allocated). */
int infisical__fail(infisical_error **err, int code, const char *fmt, ...) INFISICAL__PRINTF(3, 4);

/* A client-side INFISICAL_EINVAL about one field: message "<field>: <text>",
 * and one issue {path = field, message = text, code = "client"}. */
int infisical__fail_field(infisical_error **err, const char *field, const char *text);

/* INFISICAL_OK when lo <= value <= hi, else a client-side INFISICAL_EINVAL
 * about `field`: "must be between <lo> and <hi>". */
int infisical__check_between(infisical_error **err, const char *field, int64_t value, int64_t lo, int64_t hi);

/* Append an issue; 0 or -1 when out of memory. */
int infisical__error_add_issue(infisical_error *e, const char *path, const char *message, const char *code);

/* Replace a string member (e.g. &e->request_id) with a copy of s; 0 or -1. */
int infisical__error_set_str(char **member, const char *s);

/* Map an HTTP status and the body's `error` name to a status code. */
int infisical__code_for_http(long http_status, const char *server_error);

/* Whether e is the static out-of-memory error (read-only, never freed). */
int infisical__error_is_static(const infisical_error *e);

/* Set *err to NULL when the caller asked for errors (calls start with it). */
void infisical__error_clear(infisical_error **err);

#endif
