/* The log's redaction pass and its delivery rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config_internal.h"
#include "log.h"

static void expect_redacted(const struct infisical_config *cfg, const char *in, const char *out)
{
    char line[512];
    snprintf(line, sizeof line, "%s", in);
    infisical__redact(cfg, line);
    if (strcmp(line, out) != 0)
        fail_msg("redact(\"%s\")\n   gave \"%s\"\n  wanted \"%s\"", in, line, out);
}

static void redacts_patterns(void **state)
{
    (void)state;
    expect_redacted(NULL, "Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [REDACTED]");
    expect_redacted(NULL, "sent {\"accessToken\":\"tok-1234567890\"}", "sent {\"accessToken\":\"[REDACTED]\"}");
    expect_redacted(NULL, "{\"clientSecret\":\"s3cr3t-s3cr3t\",\"clientId\":\"id\"}",
                    "{\"clientSecret\":\"[REDACTED]\",\"clientId\":\"id\"}");
    expect_redacted(NULL, "{\"credentials\":{\"apiToken\":\"nf-0123456789abcdef\"}}",
                    "{\"credentials\":{\"apiToken\":\"[REDACTED]\"}}");
    /* A JWT anywhere, by its shape. */
    expect_redacted(NULL, "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here",
                    "token [REDACTED] here");
    /* Short values are starred rather than masked, so the line never grows. */
    expect_redacted(NULL, "Bearer abc", "Bearer ***");
    /* Innocent text is left alone. */
    expect_redacted(NULL, "GET /api/v1/app-connections/northflank -> 200 (1 attempt, 3 ms)",
                    "GET /api/v1/app-connections/northflank -> 200 (1 attempt, 3 ms)");
    expect_redacted(NULL, "eyJ is not a token without two dots", "eyJ is not a token without two dots");
}

static void redacts_the_configs_own_secrets(void **state)
{
    (void)state;
    struct infisical_config cfg = {0};
    cfg.client_secret = (char *)"0123456789abcdef-secret";
    cfg.access_token = (char *)"plain-fixed-token-value";
    expect_redacted(&cfg, "oops 0123456789abcdef-secret and plain-fixed-token-value twice 0123456789abcdef-secret",
                    "oops [REDACTED] and [REDACTED] twice [REDACTED]");
}

static char seen[1024];
static int seen_level, calls;

static void sink(void *user, int level, const char *line)
{
    (void)user;
    calls++;
    seen_level = level;
    snprintf(seen, sizeof seen, "%s", line);
}

static void delivers_by_level_and_redacted(void **state)
{
    (void)state;
    struct infisical_config cfg = {0};
    calls = 0;
    infisical__log(&cfg, INFISICAL_LOG_ERROR, "no callback: %d", 1); /* silent by default */
    cfg.log = sink;
    cfg.log_level = INFISICAL_LOG_INFO;
    infisical__log(&cfg, INFISICAL_LOG_DEBUG, "too detailed");
    assert_int_equal(calls, 0);
    infisical__log(&cfg, INFISICAL_LOG_WARN, "header %s", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz");
    assert_int_equal(calls, 1);
    assert_int_equal(seen_level, INFISICAL_LOG_WARN);
    assert_string_equal(seen, "header Authorization: Bearer [REDACTED]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(redacts_patterns),
        cmocka_unit_test(redacts_the_configs_own_secrets),
        cmocka_unit_test(delivers_by_level_and_redacted),
    };
    return cmocka_run_group_tests_name("unit-log", tests, NULL, NULL);
}
