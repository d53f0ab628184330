/* Unit tests of the error object: public getters, status texts, and the
 * internal constructors every fallible call uses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "infisical/config.h"
#include "util/alloc.h"


static void getters_on_null(void **state)
{
    (void)state;
    assert_int_equal(infisical_error_code(NULL), INFISICAL_OK);
    ASSERT_STR(infisical_error_message(NULL), "");
    assert_int_equal(infisical_error_http_status(NULL), 0);
    assert_null(infisical_error_server_error(NULL));
    assert_null(infisical_error_request_id(NULL));
    assert_int_equal(infisical_error_retry_after_ms(NULL), -1);
    assert_int_equal(infisical_error_retryable(NULL), 0);
    assert_null(infisical_error_request(NULL));
    assert_int_equal(infisical_error_issue_count(NULL), 0);
    assert_null(infisical_error_issue_path(NULL, 0));
    assert_null(infisical_error_issue_message(NULL, 0));
    assert_null(infisical_error_issue_code(NULL, 0));
    assert_null(infisical_error_issue_path(NULL, UINT32_MAX));
    assert_null(infisical_error_details_json(NULL));
    infisical_error_free(NULL);
}

static void status_strings(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *text;
    } rows[] = {
        {INFISICAL_OK, "ok"},
        {INFISICAL_EINVAL, "invalid argument"},
        {INFISICAL_ENOMEM, "out of memory"},
        {INFISICAL_ENETWORK, "network error"},
        {INFISICAL_ETIMEOUT, "timed out"},
        {INFISICAL_ETLS, "TLS error"},
        {INFISICAL_EPROTOCOL, "malformed reply"},
        {INFISICAL_EBADREQUEST, "bad request"},
        {INFISICAL_EUNAUTHORIZED, "unauthorized"},
        {INFISICAL_EPERMISSION, "permission denied"},
        {INFISICAL_ETOKEN, "access token expired or malformed"},
        {INFISICAL_EFORBIDDEN, "forbidden"},
        {INFISICAL_ENOTFOUND, "not found"},
        {INFISICAL_EVALIDATION, "validation failed"},
        {INFISICAL_ERATELIMIT, "rate limited"},
        {INFISICAL_ESERVER, "server error"},
        {INFISICAL_EHTTP, "unexpected HTTP status"},
        {INFISICAL_ECANCELLED, "cancelled"},
        {INFISICAL_ETOOLARGE, "reply too large"},
        {INFISICAL_ETRUNCATED, "list cut short"},
        {INFISICAL_EPREFLIGHT, "the token failed its preflight check"},
        {INFISICAL_EBUSY, "a job of this sync is already in progress"},
        {INFISICAL_EJOBFAILED, "the sync's job failed"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ASSERT_STR(infisical_status_str(rows[i].code), rows[i].text);
    static const int unknown[] = {1, 2, -23, -24, 100, -100, INT_MAX, INT_MIN};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        ASSERT_STR(infisical_status_str(unknown[i]), "unknown status");
}

static void status_values_are_abi(void **state)
{
    (void)state;
    /* the numbers are part of the ABI and must never change */
    assert_int_equal(INFISICAL_OK, 0);
    assert_int_equal(INFISICAL_EINVAL, -1);
    assert_int_equal(INFISICAL_ENOMEM, -2);
    assert_int_equal(INFISICAL_ENETWORK, -3);
    assert_int_equal(INFISICAL_ETIMEOUT, -4);
    assert_int_equal(INFISICAL_ETLS, -5);
    assert_int_equal(INFISICAL_EPROTOCOL, -6);
    assert_int_equal(INFISICAL_EBADREQUEST, -7);
    assert_int_equal(INFISICAL_EUNAUTHORIZED, -8);
    assert_int_equal(INFISICAL_EPERMISSION, -9);
    assert_int_equal(INFISICAL_ETOKEN, -10);
    assert_int_equal(INFISICAL_EFORBIDDEN, -11);
    assert_int_equal(INFISICAL_ENOTFOUND, -12);
    assert_int_equal(INFISICAL_EVALIDATION, -13);
    assert_int_equal(INFISICAL_ERATELIMIT, -14);
    assert_int_equal(INFISICAL_ESERVER, -15);
    assert_int_equal(INFISICAL_EBUSY, -21);
    assert_int_equal(INFISICAL_EJOBFAILED, -22);
    assert_int_equal(INFISICAL_EHTTP, -16);
    assert_int_equal(INFISICAL_ECANCELLED, -17);
    assert_int_equal(INFISICAL_ETOOLARGE, -18);
    assert_int_equal(INFISICAL_ETRUNCATED, -19);
    assert_int_equal(INFISICAL_EPREFLIGHT, -20);
}

static void fresh_error(void **state)
{
    (void)state;
    infisical_error *e = infisical__error_new(INFISICAL_ENETWORK, "could not reach %s:%d", "host", 443);
    assert_non_null(e);
    assert_int_equal(infisical_error_code(e), INFISICAL_ENETWORK);
    ASSERT_STR(infisical_error_message(e), "could not reach host:443");
    assert_int_equal(infisical_error_http_status(e), 0);
    assert_null(infisical_error_server_error(e));
    assert_null(infisical_error_request_id(e));
    assert_null(infisical_error_request(e));
    assert_null(infisical_error_details_json(e));
    assert_int_equal(infisical_error_retry_after_ms(e), -1);
    assert_int_equal(infisical_error_retryable(e), 0);
    assert_int_equal(infisical_error_issue_count(e), 0);
    assert_null(infisical_error_issue_path(e, 0));

    assert_int_equal(infisical__error_add_issue(e, "credentials.apiToken", "API Token required", "too_small"), 0);
    assert_int_equal(infisical__error_add_issue(e, NULL, NULL, NULL), 0);
    assert_int_equal(infisical_error_issue_count(e), 2);
    ASSERT_STR(infisical_error_issue_path(e, 0), "credentials.apiToken");
    ASSERT_STR(infisical_error_issue_message(e, 0), "API Token required");
    ASSERT_STR(infisical_error_issue_code(e, 0), "too_small");
    ASSERT_STR(infisical_error_issue_path(e, 1), "");
    ASSERT_STR(infisical_error_issue_message(e, 1), "");
    ASSERT_STR(infisical_error_issue_code(e, 1), NULL);
    assert_null(infisical_error_issue_message(e, 2));

    assert_int_equal(infisical__error_set_str(&e->request_id, "req-1"), 0);
    ASSERT_STR(infisical_error_request_id(e), "req-1");
    assert_int_equal(infisical__error_set_str(&e->request_id, "req-2"), 0);
    ASSERT_STR(infisical_error_request_id(e), "req-2");
    assert_int_equal(infisical__error_set_str(&e->request_id, NULL), 0);
    assert_null(infisical_error_request_id(e));
    infisical_error_free(e);
}

/* Cuts fall on character boundaries: a character of 1 to 4 bytes astride the
 * limit is left out whole. */
static void utf8_prefix(void **state)
{
    (void)state;
    assert_int_equal(infisical__utf8_prefix("abc", 3, 3), 3);
    assert_int_equal(infisical__utf8_prefix("abc", 3, 10), 3);
    assert_int_equal(infisical__utf8_prefix("abcd", 4, 3), 3);
    assert_int_equal(infisical__utf8_prefix("abcd", 4, 0), 0);
    /* "aé": é is C3 A9 */
    assert_int_equal(infisical__utf8_prefix("a\xC3\xA9", 3, 1), 1);
    assert_int_equal(infisical__utf8_prefix("a\xC3\xA9", 3, 2), 1);
    assert_int_equal(infisical__utf8_prefix("a\xC3\xA9x", 4, 3), 3);
    /* "a€": € is E2 82 AC */
    assert_int_equal(infisical__utf8_prefix("a\xE2\x82\xAC", 4, 2), 1);
    assert_int_equal(infisical__utf8_prefix("a\xE2\x82\xAC", 4, 3), 1);
    assert_int_equal(infisical__utf8_prefix("a\xE2\x82\xAC!", 5, 4), 4);
    /* "a😀": U+1F600 is F0 9F 98 80 */
    for (size_t max = 1; max <= 4; max++)
        assert_int_equal(infisical__utf8_prefix("a\xF0\x9F\x98\x80!", 6, max), 1);
    assert_int_equal(infisical__utf8_prefix("a\xF0\x9F\x98\x80!", 6, 5), 5);
    assert_int_equal(infisical__utf8_prefix("\xF0\x9F\x98\x80", 4, 3), 0);
    /* Not UTF-8 (continuation bytes only): cut at the limit. */
    assert_int_equal(infisical__utf8_prefix("\x80\x80\x80\x80\x80\x80", 6, 5), 5);
}

static void capped_text(void **state)
{
    (void)state;
    infisical__buf b = {0};
    assert_int_equal(infisical__buf_put_capped(&b, "hello", 5, 5, "message"), 0);
    ASSERT_STR(b.data, "hello");
    assert_int_equal(infisical__buf_put_capped(&b, "|a\xC3\xA9", 4, 3, "message"), 0);
    ASSERT_STR(b.data, "hello|a [message cut at 3 bytes]");
    assert_int_equal(infisical__buf_put_capped(&b, "|xyz", 4, 2, NULL), 0);
    ASSERT_STR(b.data, "hello|a [message cut at 3 bytes]|x [cut at 2 bytes]");
    infisical__buf_clear(&b);

    char *member = NULL;
    assert_int_equal(infisical__error_set_capped(&member, "req-1", 5, 256), 0);
    ASSERT_STR(member, "req-1");
    assert_int_equal(infisical__error_set_capped(&member, "\xE2\x82\xAC\xE2\x82\xAC", 6, 4), 0);
    ASSERT_STR(member, "\xE2\x82\xAC [cut at 4 bytes]");
    assert_int_equal(infisical__error_set_capped(&member, NULL, 0, 4), 0);
    assert_null(member);
    infisical__alloc_fail_after(1);
    assert_int_equal(infisical__error_set_capped(&member, "x", 1, 4), -1);
    infisical__alloc_fail_after(0);
    assert_null(member);
}

/* An error keeps at most INFISICAL__ISSUES_MAX issues, each of bounded size. */
static void issue_caps(void **state)
{
    (void)state;
    infisical_error *e = infisical__error_new(INFISICAL_EVALIDATION, "m");
    for (int i = 0; i < INFISICAL__ISSUES_MAX + 10; i++) {
        char path[16];
        snprintf(path, sizeof path, "f%d", i);
        assert_int_equal(infisical__error_add_issue(e, path, "m", "c"), 0);
    }
    assert_int_equal(infisical_error_issue_count(e), 64);
    ASSERT_STR(infisical_error_issue_path(e, 63), "f63");
    assert_null(infisical_error_issue_path(e, 64));
    infisical_error_free(e);

    /* Path, message and code are each cut at 1024 bytes, between characters. */
    char long_text[1100];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    memcpy(long_text + 1022, "\xC3\xA9", 2); /* é at bytes 1022-1023: kept */
    memcpy(long_text + 1023 + 1, "\xE2\x82\xAC", 3);
    char expected[1100];
    memcpy(expected, long_text, 1024);
    strcpy(expected + 1024, " [cut at 1024 bytes]");
    e = infisical__error_new(INFISICAL_EVALIDATION, "m");
    assert_int_equal(infisical__error_add_issue(e, long_text, long_text, long_text), 0);
    ASSERT_STR(infisical_error_issue_path(e, 0), expected);
    ASSERT_STR(infisical_error_issue_message(e, 0), expected);
    ASSERT_STR(infisical_error_issue_code(e, 0), expected);
    infisical_error_free(e);

    /* é astride the limit (bytes 1023-1024) is left out whole. */
    memset(long_text, 'b', sizeof long_text - 1);
    memcpy(long_text + 1023, "\xC3\xA9", 2);
    memcpy(expected, long_text, 1023);
    strcpy(expected + 1023, " [cut at 1024 bytes]");
    e = infisical__error_new(INFISICAL_EVALIDATION, "m");
    assert_int_equal(infisical__error_add_issue(e, "", long_text, NULL), 0);
    ASSERT_STR(infisical_error_issue_message(e, 0), expected);
    infisical_error_free(e);
}

static void fail_and_report(void **state)
{
    (void)state;
    infisical_error *err = (infisical_error *)&err;
    assert_int_equal(infisical__fail(&err, INFISICAL_ETIMEOUT, "after %d ms", 30000), INFISICAL_ETIMEOUT);
    assert_int_equal(infisical_error_code(err), INFISICAL_ETIMEOUT);
    ASSERT_STR(infisical_error_message(err), "after 30000 ms");
    infisical_error_free(err);

    /* err NULL: nothing is allocated, the code still comes back */
    infisical__alloc_fail_after(0);
    assert_int_equal(infisical__fail(NULL, INFISICAL_ETLS, "x"), INFISICAL_ETLS);
    assert_int_equal(infisical__fail_field(NULL, "f", "bad"), INFISICAL_EINVAL);
    assert_int_equal(infisical__alloc_fail_after(0), 0);

    /* report hands the object over, or frees it */
    infisical_error *e = infisical__error_new(INFISICAL_ENOTFOUND, "gone");
    err = NULL;
    assert_int_equal(infisical__error_report(&err, e), INFISICAL_ENOTFOUND);
    assert_ptr_equal(err, e);
    infisical_error_free(err);
    e = infisical__error_new(INFISICAL_ENOTFOUND, "gone");
    assert_int_equal(infisical__error_report(NULL, e), INFISICAL_ENOTFOUND); /* freed: valgrind checks */

    /* a NULL error (its allocation failed) becomes the static out-of-memory error */
    err = NULL;
    assert_int_equal(infisical__error_report(&err, NULL), INFISICAL_ENOMEM);
    assert_non_null(err);
    assert_int_equal(infisical_error_code(err), INFISICAL_ENOMEM);
    ASSERT_STR(infisical_error_message(err), "out of memory");
    assert_int_equal(infisical_error_retry_after_ms(err), -1);
    assert_int_equal(infisical_error_issue_count(err), 0);
    infisical_error_free(err); /* must be harmless */
    infisical_error_free(err);
    assert_int_equal(infisical__error_report(NULL, NULL), INFISICAL_ENOMEM);

    err = (infisical_error *)&err;
    infisical__error_clear(&err);
    assert_null(err);
    infisical__error_clear(NULL);
}

static void fail_field(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    assert_int_equal(infisical__fail_field(&err, "credentials.apiToken", "API Token required"), INFISICAL_EINVAL);
    assert_int_equal(infisical_error_code(err), INFISICAL_EINVAL);
    ASSERT_STR(infisical_error_message(err), "credentials.apiToken: API Token required");
    assert_int_equal(infisical_error_http_status(err), 0);
    assert_int_equal(infisical_error_retryable(err), 0);
    assert_int_equal(infisical_error_issue_count(err), 1);
    ASSERT_STR(infisical_error_issue_path(err, 0), "credentials.apiToken");
    ASSERT_STR(infisical_error_issue_message(err, 0), "API Token required");
    ASSERT_STR(infisical_error_issue_code(err, 0), "client");
    assert_null(infisical_error_issue_path(err, 1));
    infisical_error_free(err);
}

static void code_for_http(void **state)
{
    (void)state;
    static const struct {
        long status;
        const char *name;
        int code;
    } rows[] = {
        {400, "BadRequest", INFISICAL_EBADREQUEST},
        {400, NULL, INFISICAL_EBADREQUEST},
        {400, "CryptographyError", INFISICAL_EBADREQUEST},
        {401, "UnauthorizedError", INFISICAL_EUNAUTHORIZED},
        {401, NULL, INFISICAL_EUNAUTHORIZED},
        {403, "PermissionDenied", INFISICAL_EPERMISSION},
        {403, "TokenError", INFISICAL_ETOKEN},
        {403, "Forbidden access to /api/v1/app-connections/northflank/x/projects", INFISICAL_EFORBIDDEN},
        {403, "permissiondenied", INFISICAL_EFORBIDDEN},
        {403, "TokenError ", INFISICAL_EFORBIDDEN},
        {403, "", INFISICAL_EFORBIDDEN},
        {403, NULL, INFISICAL_EFORBIDDEN},
        {404, "NotFound", INFISICAL_ENOTFOUND},
        {422, "ValidationFailure", INFISICAL_EVALIDATION},
        {429, "RateLimitExceeded", INFISICAL_ERATELIMIT},
        {500, "InternalServerError", INFISICAL_ESERVER},
        {501, NULL, INFISICAL_ESERVER},
        {502, NULL, INFISICAL_ESERVER},
        {503, NULL, INFISICAL_ESERVER},
        {504, "GatewayTimeoutError", INFISICAL_ESERVER},
        {599, NULL, INFISICAL_ESERVER},
        {600, NULL, INFISICAL_EHTTP},
        {418, "Teapot", INFISICAL_EHTTP},
        {410, "GoneError", INFISICAL_EHTTP},
        {405, NULL, INFISICAL_EHTTP},
        {409, NULL, INFISICAL_EHTTP},
        {499, NULL, INFISICAL_EHTTP},
        {302, NULL, INFISICAL_EHTTP},
        {200, NULL, INFISICAL_EHTTP},
        {100, NULL, INFISICAL_EHTTP},
        {0, NULL, INFISICAL_EHTTP},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int code = infisical__code_for_http(rows[i].status, rows[i].name);
        if (code != rows[i].code)
            fail_msg("HTTP %ld %s: got %d, expected %d", rows[i].status, rows[i].name ? rows[i].name : "(none)", code,
                     rows[i].code);
    }
}

static void oom_while_making_errors(void **state)
{
    (void)state;
    unsigned long n;
    for (n = 1;; n++) {
        infisical__alloc_fail_after(n);
        infisical_error *e = infisical__error_new(INFISICAL_EINVAL, "m %d", 1);
        int added = e ? infisical__error_add_issue(e, "p", "m", "c") : -1;
        int set = e ? infisical__error_set_str(&e->request, "GET /x") : -1;
        infisical__alloc_fail_after(0);
        if (e && added == 0 && set == 0) {
            assert_int_equal(infisical_error_issue_count(e), 1);
            ASSERT_STR(infisical_error_issue_code(e, 0), "c");
            ASSERT_STR(infisical_error_request(e), "GET /x");
            infisical_error_free(e);
            break;
        }
        if (e) {
            /* a failed add leaves the count as it was, a failed set leaves the member */
            assert_int_equal(infisical_error_issue_count(e), added == 0 ? 1 : 0);
            if (set != 0)
                assert_null(infisical_error_request(e));
        }
        infisical_error_free(e);
        assert_true(n < 20);
    }
    assert_int_equal(n, 8); /* 7 allocations succeed: error + message, issues array + 3 strings, request */
}

/* The error a caller gets must always carry the code the call returned
 * (error_internal.h: "the return value always equals the code of *err"),
 * also when the error object itself cannot be allocated. */
static void oom_error_code_matches_return(void **state)
{
    (void)state;
    int ok = 1;
    for (unsigned long n = 1;; n++) {
        infisical_error *err = NULL;
        infisical__alloc_fail_after(n);
        int rc = infisical__fail_field(&err, "timeout_ms", "must be between 1 and 86400000");
        infisical__alloc_fail_after(0);
        assert_non_null(err);
        if (rc != infisical_error_code(err)) {
            print_error("infisical__fail_field, allocation %lu failing: returned %d, but the error says %d (%s)\n", n,
                        rc, infisical_error_code(err), infisical_error_message(err));
            ok = 0;
        }
        uint32_t issues = infisical_error_issue_count(err);
        infisical_error_free(err);
        if (issues == 1)
            break;
        assert_true(n < 10);
    }
    /* the same through public setters that refuse their argument */
    infisical_config *cfg = NULL;
    assert_int_equal(infisical_config_new(&cfg, NULL), INFISICAL_OK);
    for (int which = 0; which < 3; which++) {
        infisical_error *err = NULL;
        infisical__alloc_fail_after(1);
        int rc = which == 0   ? infisical_config_set_timeout_ms(cfg, 0, &err)
                 : which == 1 ? infisical_config_set_base_url(cfg, "ftp://x", &err)
                              : infisical_config_set_access_token(cfg, "", &err);
        infisical__alloc_fail_after(0);
        if (!err || rc != infisical_error_code(err)) {
            print_error("setter %d under memory pressure: returned %d, but the error says %d (%s)\n", which, rc,
                        infisical_error_code(err), infisical_error_message(err));
            ok = 0;
        }
        infisical_error_free(err);
    }
    infisical_config_free(cfg);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(getters_on_null),
        cmocka_unit_test(status_strings),
        cmocka_unit_test(status_values_are_abi),
        cmocka_unit_test(fresh_error),
        cmocka_unit_test(utf8_prefix),
        cmocka_unit_test(capped_text),
        cmocka_unit_test(issue_caps),
        cmocka_unit_test(fail_and_report),
        cmocka_unit_test(fail_field),
        cmocka_unit_test(code_for_http),
        cmocka_unit_test(oom_while_making_errors),
        cmocka_unit_test(oom_error_code_matches_return),
    };
    return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
