/* Building error objects inside the library. */
#ifndef INFISICAL_ERROR_INTERNAL_H
#define INFISICAL_ERROR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "infisical/error.h"
#include "util/buf.h"

/* Bounds on what an error keeps of a reply, so that an error built from a
 * hostile reply of the largest allowed size stays small. Whatever is cut is
 * said: in the text that was cut, or in the error's message. */

/* Issues kept per error. Infisical's 422 lists one issue per field at fault
 * (a request has fewer than 10 fields); 64 leaves room and keeps an error a
 * few tens of KiB at most. The message says how many more there were. */
#define INFISICAL__ISSUES_MAX 64
/* Bytes of the server's text in a message (its `message`, or the summary of
 * its issues); longer text is cut and ends with " [message cut at 4096 bytes]".
 * The request line, the status and the notes around it are ours and short. */
#define INFISICAL__MESSAGE_MAX 4096
/* Bytes of each issue's path, message and code (zod messages are one sentence). */
#define INFISICAL__ISSUE_TEXT_MAX 1024
/* Bytes of a short field of a reply kept in an error or quoted in a message:
 * the server's `error` name, its reqId, a mismatched `app`. */
#define INFISICAL__REPLY_FIELD_MAX 256
/* Bytes of details_json. Longer details are not kept at all (details_json is
 * NULL and the message says so): JSON cut short is not JSON. */
#define INFISICAL__DETAILS_MAX (16 * 1024)

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
    /* Something an error of one kind carries (a preflight report for
     * INFISICAL_EPREFLIGHT), owned and released with detail_free. The error
     * layer does not know its type, so it depends on nothing above it. */
    void *detail;
    void (*detail_free)(void *);
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

/* Append an issue; 0 or -1 when out of memory. Path, message and code are cut
 * at INFISICAL__ISSUE_TEXT_MAX bytes (see infisical__buf_put_capped). An error
 * holds at most INFISICAL__ISSUES_MAX issues: beyond that nothing is added and
 * 0 is returned; the caller says in the message how many it left out. */
int infisical__error_add_issue(infisical_error *e, const char *path, const char *message, const char *code);

/* Replace a string member (e.g. &e->request_id) with a copy of s; 0 or -1. */
int infisical__error_set_str(char **member, const char *s);
/* The same with at most max bytes of the len at s (see infisical__buf_put_capped). */
int infisical__error_set_capped(char **member, const char *s, size_t len, size_t max);

/* The length of the longest prefix of the len bytes at s that is at most max
 * bytes long and does not split a UTF-8 character (on text that is not UTF-8
 * it may; then it is max). */
size_t infisical__utf8_prefix(const char *s, size_t len, size_t max);

/* Append the len bytes at s to b; when len > max, only their first max bytes
 * (cut on a character boundary) and " [<noun> cut at <max> bytes]", or
 * " [cut at <max> bytes]" when noun is NULL. 0, or -1 when out of memory. */
int infisical__buf_put_capped(infisical__buf *b, const char *s, size_t len, size_t max, const char *noun);

/* Map an HTTP status and the body's `error` name to a status code. */
int infisical__code_for_http(long http_status, const char *server_error);

/* Whether e is the static out-of-memory error (read-only, never freed). */
int infisical__error_is_static(const infisical_error *e);

/* Set *err to NULL when the caller asked for errors (calls start with it). */
void infisical__error_clear(infisical_error **err);

#endif
