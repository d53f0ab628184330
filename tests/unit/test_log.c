/* Redaction, and the log's delivery rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config_internal.h"
#include "log.h"
#include "util/alloc.h"
#include "util/redact.h"

static void expect_redacted(const struct infisical__secrets *s, const char *in, const char *out)
{
    char line[512];
    snprintf(line, sizeof line, "%s", in);
    infisical__redact(line, s);
    if (strcmp(line, out) != 0)
        fail_msg("redact(\"%s\")\n   gave \"%s\"\n  wanted \"%s\"", in, line, out);
}

static void redacts_patterns(void **state)
{
    (void)state;
    expect_redacted(NULL, "Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [REDACTED]");
    expect_redacted(NULL, "authorization: bearer   abcdefghijklmnop,x", "authorization: bearer   [REDACTED],x");
    expect_redacted(NULL, "sent {\"accessToken\":\"tok-1234567890\"}", "sent {\"accessToken\":\"[REDACTED]\"}");
    expect_redacted(NULL, "{\"clientSecret\":\"s3cr3t-s3cr3t\",\"clientId\":\"id\"}",
                    "{\"clientSecret\":\"[REDACTED]\",\"clientId\":\"id\"}");
    expect_redacted(NULL, "{\"credentials\":{\"apiToken\":\"nf-0123456789abcdef\"}}",
                    "{\"credentials\":{\"apiToken\":\"[REDACTED]\"}}");
    /* White space around the colon, escaped JSON inside a message, query strings, other spellings. */
    expect_redacted(NULL, "{\"apiToken\" : \"nf-0123456789abcdef\"}", "{\"apiToken\" : \"[REDACTED]\"}");
    expect_redacted(NULL, "{\"apiToken\"\t:\t\"nf-0123456789abcdef\"}", "{\"apiToken\"\t:\t\"[REDACTED]\"}");
    expect_redacted(NULL, "body was {\\\"apiToken\\\":\\\"nf-0123456789abcdef\\\"}",
                    "body was {\\\"apiToken\\\":\\\"[REDACTED]\\\"}");
    expect_redacted(NULL, "GET /x?accessToken=abcdefghijklmn&b=1", "GET /x?accessToken=[REDACTED]&b=1");
    expect_redacted(NULL, "GET /x?token=abcdefghijklmn&b=1", "GET /x?token=[REDACTED]&b=1");
    expect_redacted(NULL, "secret: abcdefghijklmn", "secret: [REDACTED]");
    expect_redacted(NULL, "client_secret=abcdefghijklmnopq", "client_secret=[REDACTED]");
    expect_redacted(NULL, "{\"APITOKEN\":\"nf-0123456789abcdef\"}", "{\"APITOKEN\":\"[REDACTED]\"}");
    /* A value with characters a word scanner would stop at is masked whole. */
    expect_redacted(NULL, "{\"apiToken\":\"nf:01/23+45=67~89!ab\"}", "{\"apiToken\":\"[REDACTED]\"}");
    /* A JWT anywhere, by its shape. */
    expect_redacted(NULL, "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here",
                    "token [REDACTED] here");
    /* Short values are starred rather than masked, so the line never grows. */
    expect_redacted(NULL, "Bearer abc", "Bearer ***");
    /* Innocent text is left alone. */
    expect_redacted(NULL, "GET /api/v1/app-connections/northflank -> 200 (1 attempt, 3 ms)",
                    "GET /api/v1/app-connections/northflank -> 200 (1 attempt, 3 ms)");
    expect_redacted(NULL, "eyJ is not a token without two dots", "eyJ is not a token without two dots");
    expect_redacted(NULL, "Insufficient permissions: secret-groups:update; Secret not found; API Token required",
                    "Insufficient permissions: secret-groups:update; Secret not found; API Token required");
}

static void redacts_literal_secrets_longest_first(void **state)
{
    (void)state;
    struct infisical__secrets s = {0};
    infisical__secrets_add(&s, "0123456789abcdef-secret");
    infisical__secrets_add(&s, "plain-fixed-token-value");
    infisical__secrets_add(&s, NULL); /* ignored */
    infisical__secrets_add(&s, "");   /* ignored */
    assert_int_equal(s.count, 2);
    expect_redacted(&s, "oops 0123456789abcdef-secret and plain-fixed-token-value twice 0123456789abcdef-secret",
                    "oops [REDACTED] and [REDACTED] twice [REDACTED]");
    /* A secret that contains another is masked whole, whatever the order they were added in. */
    struct infisical__secrets nested = {0};
    infisical__secrets_add(&nested, "inner-part");
    infisical__secrets_add(&nested, "outer-inner-part-outer");
    expect_redacted(&nested, "x outer-inner-part-outer y inner-part z", "x [REDACTED] y [REDACTED] z");
    /* Any shape: no pattern would know this one. */
    struct infisical__secrets odd = {0};
    infisical__secrets_add(&odd, "~~ weird token with spaces ~~");
    expect_redacted(&odd, "echo: ~~ weird token with spaces ~~.", "echo: [REDACTED].");
    /* A secret with a quote or a backslash, quoted back from a JSON body we
     * sent: escaped there, and masked in either form. */
    struct infisical__secrets quoted = {0};
    infisical__secrets_add(&quoted, "a-long\"secret\\value");
    expect_redacted(&quoted, "got {\"clientSecret\":\"a-long\\\"secret\\\\value\"} and a-long\"secret\\value",
                    "got {\"clientSecret\":\"[REDACTED]\"} and [REDACTED]");
    expect_redacted(&quoted, "value a-long\\\"secret\\\\value!", "value [REDACTED]!");
    expect_redacted(&quoted, "not it: a-long\\\"secret\\value", "not it: a-long\\\"secret\\value");
}

static char seen[4096];
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
    infisical__log(&cfg, NULL, INFISICAL_LOG_ERROR, "no callback: %d", 1); /* silent by default */
    cfg.log = sink;
    cfg.log_level = INFISICAL_LOG_INFO;
    infisical__log(&cfg, NULL, INFISICAL_LOG_DEBUG, "too detailed");
    assert_int_equal(calls, 0);
    infisical__log(&cfg, NULL, INFISICAL_LOG_WARN, "header %s", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz");
    assert_int_equal(calls, 1);
    assert_int_equal(seen_level, INFISICAL_LOG_WARN);
    assert_string_equal(seen, "header Authorization: Bearer [REDACTED]");
    /* The config's secrets and the call's. */
    cfg.client_secret = (char *)"0123456789abcdef-secret";
    struct infisical__secrets s = {0};
    infisical__secrets_add(&s, "the-calls-own-token");
    infisical__log(&cfg, &s, INFISICAL_LOG_INFO, "a %s b %s", "0123456789abcdef-secret", "the-calls-own-token");
    assert_string_equal(seen, "a [REDACTED] b [REDACTED]");
    /* A warning respects the level too. */
    cfg.log_level = INFISICAL_LOG_ERROR;
    calls = 0;
    infisical__warn(&cfg, "careful");
    assert_int_equal(calls, 0);
    cfg.log_level = INFISICAL_LOG_WARN;
    infisical__warn(&cfg, "careful %d", 2);
    assert_int_equal(calls, 1);
    assert_string_equal(seen, "careful 2");
}

/* A secret that straddles the length limit is masked before the line is cut:
 * no prefix of it survives. */
static void redacts_before_cutting(void **state)
{
    (void)state;
    struct infisical_config cfg = {0};
    cfg.log = sink;
    cfg.log_level = INFISICAL_LOG_DEBUG;
    const char *secret = "SECRETSECRETSECRETSECRET-0123456789";
    struct infisical__secrets s = {0};
    infisical__secrets_add(&s, secret);
    char pad[INFISICAL__LOG_LINE_MAX];
    memset(pad, 'x', sizeof pad - 11);
    pad[sizeof pad - 11] = '\0'; /* the secret starts 10 bytes before the limit */
    infisical__log(&cfg, &s, INFISICAL_LOG_INFO, "%s%s and more", pad, secret);
    assert_null(strstr(seen, "SECRET"));
    assert_non_null(strstr(seen, "[REDACTED]"));
    assert_true(strlen(seen) <= INFISICAL__LOG_LINE_MAX);
    /* An overlong line is cut on a character boundary. */
    char wide[3 * INFISICAL__LOG_LINE_MAX];
    size_t n = 0;
    while (n + 2 < sizeof wide) {
        wide[n++] = (char)0xC3; /* é */
        wide[n++] = (char)0xA9;
    }
    wide[n] = '\0';
    infisical__log(&cfg, NULL, INFISICAL_LOG_INFO, "%s", wide);
    size_t len = strlen(seen);
    assert_true(len <= INFISICAL__LOG_LINE_MAX);
    assert_int_equal(len % 2, 0);
}

/* Secrets are wiped before their memory is freed: the wipe clears every byte
 * it is given, and not one more. */
static void wipe_clears_every_byte(void **state)
{
    (void)state;
    char buf[40];
    memset(buf, 'x', sizeof buf);
    infisical__wipe(buf + 1, 37);
    assert_int_equal(buf[0], 'x');
    for (size_t i = 1; i < 38; i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(buf[38], 'x');
    infisical__wipe(NULL, 5); /* NULL and empty are allowed */
    infisical__wipe(buf, 0);
    assert_int_equal(buf[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(redacts_patterns),
        cmocka_unit_test(redacts_literal_secrets_longest_first),
        cmocka_unit_test(delivers_by_level_and_redacted),
        cmocka_unit_test(redacts_before_cutting),
        cmocka_unit_test(wipe_clears_every_byte),
    };
    return cmocka_run_group_tests_name("unit-log", tests, NULL, NULL);
}
