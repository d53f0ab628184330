#include "error_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

/* Handed out when the error object itself cannot be allocated; never freed. */
static infisical_error oom_error = {
    .code = INFISICAL_ENOMEM,
    .message = (char *)"out of memory",
    .retry_after_ms = -1,
};

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = infisical__malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static infisical_error *error_vnew(int code, const char *fmt, va_list ap)
{
    infisical_error *e = infisical__calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->code = code;
    e->retry_after_ms = -1;
    e->message = vformat(fmt, ap);
    if (!e->message) {
        infisical__free(e);
        return NULL;
    }
    return e;
}

infisical_error *infisical__error_new(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    infisical_error *e = error_vnew(code, fmt, ap);
    va_end(ap);
    return e;
}

int infisical__error_report(infisical_error **err, infisical_error *e)
{
    if (!e) {
        if (err)
            *err = &oom_error;
        return INFISICAL_ENOMEM;
    }
    int code = e->code;
    if (err)
        *err = e;
    else
        infisical_error_free(e);
    return code;
}

int infisical__fail(infisical_error **err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    infisical_error *e = error_vnew(code, fmt, ap);
    va_end(ap);
    return infisical__error_report(err, e);
}

int infisical__fail_field(infisical_error **err, const char *field, const char *text)
{
    if (!err)
        return INFISICAL_EINVAL;
    infisical_error *e = infisical__error_new(INFISICAL_EINVAL, "%s: %s", field, text);
    if (e && infisical__error_add_issue(e, field, text, "client") != 0) {
        infisical_error_free(e);
        e = NULL;
    }
    return infisical__error_report(err, e);
}

int infisical__check_between(infisical_error **err, const char *field, int64_t value, int64_t lo, int64_t hi)
{
    if (value >= lo && value <= hi)
        return INFISICAL_OK;
    char text[64];
    snprintf(text, sizeof text, "must be between %lld and %lld", (long long)lo, (long long)hi);
    return infisical__fail_field(err, field, text);
}

size_t infisical__utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    /* s[n] is the first byte left out: while it continues a character
     * (10xxxxxx), leave that character out too. A character has at most 3
     * continuation bytes. */
    size_t n = max;
    while (n > 0 && max - n < 3 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return ((unsigned char)s[n] & 0xC0) == 0x80 ? max : n;
}

/* " [<noun> cut at <max> bytes]", or " [cut at <max> bytes]" without a noun. */
static void cut_note(char *note, size_t cap, const char *noun, size_t max)
{
    snprintf(note, cap, " [%s%scut at %zu bytes]", noun ? noun : "", noun ? " " : "", max);
}

int infisical__buf_put_capped(infisical__buf *b, const char *s, size_t len, size_t max, const char *noun)
{
    size_t keep = infisical__utf8_prefix(s, len, max);
    char note[64] = "";
    if (keep < len)
        cut_note(note, sizeof note, noun, max);
    return infisical__buf_append(b, s, keep) || infisical__buf_puts(b, note) ? -1 : 0;
}

int infisical__error_set_capped(char **member, const char *s, size_t len, size_t max)
{
    char *copy = NULL;
    if (s) {
        size_t keep = infisical__utf8_prefix(s, len, max);
        char note[64] = "";
        if (keep < len)
            cut_note(note, sizeof note, NULL, max);
        size_t n = strlen(note);
        if (!(copy = infisical__malloc(keep + n + 1)))
            return -1;
        memcpy(copy, s, keep);
        memcpy(copy + keep, note, n + 1);
    }
    infisical__free(*member);
    *member = copy;
    return 0;
}

static char *copy_capped(const char *s)
{
    char *copy = NULL;
    return infisical__error_set_capped(&copy, s, strlen(s), INFISICAL__ISSUE_TEXT_MAX) ? NULL : copy;
}

int infisical__error_add_issue(infisical_error *e, const char *path, const char *message, const char *code)
{
    if (e->issue_count >= INFISICAL__ISSUES_MAX)
        return 0;
    struct infisical__issue *grown = infisical__realloc(e->issues, (e->issue_count + 1) * sizeof *grown);
    if (!grown)
        return -1;
    e->issues = grown;
    struct infisical__issue *is = &grown[e->issue_count];
    is->path = copy_capped(path ? path : "");
    is->message = copy_capped(message ? message : "");
    is->code = code ? copy_capped(code) : NULL;
    if (!is->path || !is->message || (code && !is->code)) {
        infisical__free(is->path);
        infisical__free(is->message);
        infisical__free(is->code);
        return -1;
    }
    e->issue_count++;
    return 0;
}

int infisical__error_set_str(char **member, const char *s)
{
    char *copy = NULL;
    if (s && !(copy = infisical__strdup(s)))
        return -1;
    infisical__free(*member);
    *member = copy;
    return 0;
}

int infisical__code_for_http(long http_status, const char *server_error)
{
    switch (http_status) {
    case 400: return INFISICAL_EBADREQUEST;
    case 401: return INFISICAL_EUNAUTHORIZED;
    case 403:
        if (server_error && strcmp(server_error, "PermissionDenied") == 0)
            return INFISICAL_EPERMISSION;
        if (server_error && strcmp(server_error, "TokenError") == 0)
            return INFISICAL_ETOKEN;
        return INFISICAL_EFORBIDDEN;
    case 404: return INFISICAL_ENOTFOUND;
    case 422: return INFISICAL_EVALIDATION;
    case 429: return INFISICAL_ERATELIMIT;
    default:
        return http_status >= 500 && http_status <= 599 ? INFISICAL_ESERVER : INFISICAL_EHTTP;
    }
}

int infisical__error_is_static(const infisical_error *e)
{
    return e == &oom_error;
}

void infisical__error_clear(infisical_error **err)
{
    if (err)
        *err = NULL;
}

/* ---- public getters ---- */

int infisical_error_code(const infisical_error *e) { return e ? e->code : INFISICAL_OK; }
const char *infisical_error_message(const infisical_error *e) { return e ? e->message : ""; }
int infisical_error_http_status(const infisical_error *e) { return e ? e->http_status : 0; }
const char *infisical_error_server_error(const infisical_error *e) { return e ? e->server_error : NULL; }
const char *infisical_error_request_id(const infisical_error *e) { return e ? e->request_id : NULL; }
int64_t infisical_error_retry_after_ms(const infisical_error *e) { return e ? e->retry_after_ms : -1; }
int infisical_error_retryable(const infisical_error *e) { return e ? e->retryable : 0; }
const char *infisical_error_request(const infisical_error *e) { return e ? e->request : NULL; }
const char *infisical_error_details_json(const infisical_error *e) { return e ? e->details_json : NULL; }
uint32_t infisical_error_issue_count(const infisical_error *e) { return e ? e->issue_count : 0; }
uint32_t infisical_error_attempts(const infisical_error *e) { return e ? e->attempts : 0; }

static const struct infisical__issue *issue_at(const infisical_error *e, uint32_t i)
{
    return e && i < e->issue_count ? &e->issues[i] : NULL;
}

const char *infisical_error_issue_path(const infisical_error *e, uint32_t i)
{
    const struct infisical__issue *is = issue_at(e, i);
    return is ? is->path : NULL;
}

const char *infisical_error_issue_message(const infisical_error *e, uint32_t i)
{
    const struct infisical__issue *is = issue_at(e, i);
    return is ? is->message : NULL;
}

const char *infisical_error_issue_code(const infisical_error *e, uint32_t i)
{
    const struct infisical__issue *is = issue_at(e, i);
    return is ? is->code : NULL;
}

void infisical_error_free(infisical_error *e)
{
    if (!e || e == &oom_error)
        return;
    for (uint32_t i = 0; i < e->issue_count; i++) {
        infisical__free(e->issues[i].path);
        infisical__free(e->issues[i].message);
        infisical__free(e->issues[i].code);
    }
    infisical__free(e->issues);
    infisical__free(e->message);
    infisical__free(e->server_error);
    infisical__free(e->request_id);
    infisical__free(e->request);
    infisical__free(e->details_json);
    if (e->detail)
        e->detail_free(e->detail);
    infisical__free(e);
}
