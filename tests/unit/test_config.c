/* Unit tests of infisical_config: defaults, setters, the environment, and
 * allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "error_internal.h"
#include "util/alloc.h"


static const char *const ENV_VARS[] = {"INFISICAL_API_URL", "INFISICAL_TOKEN", "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
                                       "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"};

static void clear_env(void)
{
    for (size_t i = 0; i < sizeof ENV_VARS / sizeof ENV_VARS[0]; i++)
        assert_int_equal(unsetenv(ENV_VARS[i]), 0);
}

static int setup_env(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ENV_VARS / sizeof ENV_VARS[0]; i++)
        unsetenv(ENV_VARS[i]);
    return 0;
}

static infisical_config *new_config(void)
{
    infisical_config *cfg = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_new(&cfg, &err), INFISICAL_OK);
    assert_null(err);
    assert_non_null(cfg);
    return cfg;
}

/* Every member of a equals the one of b. */
static void assert_same_config(const infisical_config *a, const infisical_config *b)
{
    ASSERT_STR(a->base_url, b->base_url);
    assert_int_equal(a->timeout_ms, b->timeout_ms);
    ASSERT_STR(a->org_slug, b->org_slug);
    ASSERT_STR(a->ua_suffix, b->ua_suffix);
    ASSERT_STR(a->access_token, b->access_token);
    ASSERT_STR(a->client_id, b->client_id);
    ASSERT_STR(a->client_secret, b->client_secret);
}


/* ------------------------------------------------------------------ defaults and NULLs */

static void defaults(void **state)
{
    (void)state;
    setenv("INFISICAL_API_URL", "https://eu.infisical.com", 1);
    setenv("INFISICAL_TOKEN", "tok", 1);
    infisical_config *cfg = new_config(); /* does not read the environment */
    ASSERT_STR(cfg->base_url, "https://app.infisical.com");
    ASSERT_STR(cfg->base_url, INFISICAL_DEFAULT_BASE_URL);
    assert_int_equal(cfg->timeout_ms, 30000);
    assert_int_equal(cfg->timeout_ms, INFISICAL_DEFAULT_TIMEOUT_MS);
    assert_null(cfg->org_slug);
    assert_null(cfg->ua_suffix);
    assert_null(cfg->access_token);
    assert_null(cfg->client_id);
    assert_null(cfg->client_secret);
    infisical_config_free(cfg);
    infisical_config_free(NULL);
    clear_env();
    /* err may be NULL */
    cfg = NULL;
    assert_int_equal(infisical_config_new(&cfg, NULL), INFISICAL_OK);
    assert_non_null(cfg);
    infisical_config_free(cfg);
}

static void null_arguments(void **state)
{
    (void)state;
    EXPECT_EINVAL(infisical_config_new(NULL, &err), "out", "must not be NULL");
    assert_int_equal(infisical_config_new(NULL, NULL), INFISICAL_EINVAL);
    EXPECT_EINVAL(infisical_config_set_base_url(NULL, "https://x", &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_set_timeout_ms(NULL, 10, &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_set_org_slug(NULL, "o", &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_set_user_agent_suffix(NULL, "u", &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_set_access_token(NULL, "t", &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_set_universal_auth(NULL, "i", "s", &err), "cfg", "must not be NULL");
    EXPECT_EINVAL(infisical_config_load_env(NULL, &err), "cfg", "must not be NULL");
    assert_int_equal(infisical_config_load_env(NULL, NULL), INFISICAL_EINVAL);
}

/* ------------------------------------------------------------------ base URL */

static void base_url_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in, *stored;
    } rows[] = {
        {"https://eu.infisical.com", "https://eu.infisical.com"},
        {"https://eu.infisical.com/", "https://eu.infisical.com"},
        {"https://eu.infisical.com///", "https://eu.infisical.com"},
        {"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
        {"http://localhost:8080/", "http://localhost:8080"},
        {"https://example.com/infisical/", "https://example.com/infisical"},
        {"https://example.com/a/b//", "https://example.com/a/b"},
        {"http://[::1]:8080", "http://[::1]:8080"},
        {"https://x", "https://x"},
    };
    infisical_config *cfg = new_config();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        infisical_error *err = (infisical_error *)&err;
        assert_int_equal(infisical_config_set_base_url(cfg, rows[i].in, &err), INFISICAL_OK);
        assert_null(err); /* cleared on success */
        ASSERT_STR(cfg->base_url, rows[i].stored);
    }
    assert_int_equal(infisical_config_set_base_url(cfg, "https://last.example/", NULL), INFISICAL_OK);
    ASSERT_STR(cfg->base_url, "https://last.example");
    infisical_config_free(cfg);
}

static void base_url_invalid(void **state)
{
    (void)state;
    static const char SCHEME[] = "must start with http:// or https://";
    static const char HOST[] = "has no host";
    static const char CHARS[] = "must not contain spaces, control characters, '?' or '#'";
    static const struct {
        const char *in, *why;
    } rows[] = {
        {"", SCHEME},
        {"eu.infisical.com", SCHEME},
        {"ftp://eu.infisical.com", SCHEME},
        {"file:///etc/passwd", SCHEME},
        {"https:/eu.infisical.com", SCHEME},
        {"https//eu.infisical.com", SCHEME},
        {" https://eu.infisical.com", SCHEME},
        {"https://", HOST},
        {"http://", HOST},
        {"https:///path", HOST},
        {"https://eu.infisical.com ", CHARS},
        {"https://eu infisical.com", CHARS},
        {"https://eu.infisical.com\n", CHARS},
        {"https://eu.infisical.com\r\nX-Evil: 1", CHARS},
        {"https://eu.infisical.com\t", CHARS},
        {"https://eu.infisical.com?x=1", CHARS},
        {"https://eu.infisical.com/#frag", CHARS},
        {"https://eu.infisical.com/\x7f", CHARS},
        {"https://eu.infisical.c\xc3\xb6m", CHARS},
    };
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_base_url(cfg, "https://kept.example", NULL), INFISICAL_OK);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        EXPECT_EINVAL(infisical_config_set_base_url(cfg, rows[i].in, &err), "base_url", rows[i].why);
        ASSERT_STR(cfg->base_url, "https://kept.example");
        assert_int_equal(infisical_config_set_base_url(cfg, rows[i].in, NULL), INFISICAL_EINVAL);
        ASSERT_STR(cfg->base_url, "https://kept.example");
    }
    EXPECT_EINVAL(infisical_config_set_base_url(cfg, NULL, &err), "base_url", "must not be NULL");
    ASSERT_STR(cfg->base_url, "https://kept.example");
    infisical_config_free(cfg);
}

/* ------------------------------------------------------------------ timeout */

static void timeout_bounds(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    static const int64_t ok[] = {1, 2, 999, 30000, 86399999, 86400000};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(infisical_config_set_timeout_ms(cfg, ok[i], NULL), INFISICAL_OK);
        assert_int_equal(cfg->timeout_ms, ok[i]);
    }
    assert_int_equal(infisical_config_set_timeout_ms(cfg, 5000, NULL), INFISICAL_OK);
    static const int64_t bad[] = {0, -1, 86400001, INT64_MAX, INT64_MIN, -86400000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_EINVAL(infisical_config_set_timeout_ms(cfg, bad[i], &err), "timeout_ms",
                      "must be between 1 and 86400000");
        assert_int_equal(cfg->timeout_ms, 5000);
    }
    infisical_config_free(cfg);
}

/* ------------------------------------------------------------------ organization slug */

static void org_slug(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_set_org_slug(cfg, "my-org", &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(cfg->org_slug, "my-org");
    char s64[65];
    memset(s64, 'o', 64);
    s64[64] = '\0';
    assert_int_equal(infisical_config_set_org_slug(cfg, s64, &err), INFISICAL_OK);
    ASSERT_STR(cfg->org_slug, s64);
    assert_int_equal(infisical_config_set_org_slug(cfg, "sub-org-2", &err), INFISICAL_OK);

    static const struct {
        const char *in, *why;
    } rows[] = {
        {"", "slug field must be at least 1 lowercase character"},
        {"My-Org", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"my--org", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"-org", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"org-", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"my_org", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"my org", "slug field can only contain lowercase letters, numbers, and hyphens"},
        {"org\r\nX-Evil: 1", "slug field can only contain lowercase letters, numbers, and hyphens"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        EXPECT_EINVAL(infisical_config_set_org_slug(cfg, rows[i].in, &err), "org_slug", rows[i].why);
        ASSERT_STR(cfg->org_slug, "sub-org-2");
    }
    char s65[66];
    memset(s65, 'o', 65);
    s65[65] = '\0';
    /* the byte limit is checked first (INFISICAL_ORG_SLUG_MAX is the slug rule's 64) */
    EXPECT_EINVAL(infisical_config_set_org_slug(cfg, s65, &err), "org_slug", "must be at most 64 bytes");
    ASSERT_STR(cfg->org_slug, "sub-org-2");

    assert_int_equal(infisical_config_set_org_slug(cfg, NULL, &err), INFISICAL_OK);
    assert_null(cfg->org_slug);
    assert_int_equal(infisical_config_set_org_slug(cfg, NULL, &err), INFISICAL_OK);
    assert_null(cfg->org_slug);
    infisical_config_free(cfg);
}

/* ------------------------------------------------------------------ user agent */

static void user_agent_suffix(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, "terraform-provider/1.2 (linux)", &err),
                     INFISICAL_OK);
    ASSERT_STR(cfg->ua_suffix, "terraform-provider/1.2 (linux)");
    char s128[129];
    memset(s128, 'u', 128);
    s128[128] = '\0';
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, s128, &err), INFISICAL_OK);
    ASSERT_STR(cfg->ua_suffix, s128);
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, " ~!x ", &err), INFISICAL_OK);
    ASSERT_STR(cfg->ua_suffix, " ~!x ");

    char s129[130];
    memset(s129, 'u', 129);
    s129[129] = '\0';
    static const char CTRL[] = "must not contain control characters";
    static const char PRINTABLE[] = "must be printable ASCII";
    EXPECT_EINVAL(infisical_config_set_user_agent_suffix(cfg, s129, &err), "user_agent_suffix",
                  "must be at most 128 bytes");
    EXPECT_EINVAL(infisical_config_set_user_agent_suffix(cfg, "", &err), "user_agent_suffix",
                  "must not be empty (pass NULL for none)");
    static const struct {
        const char *in, *why;
    } bad[] = {{"a\nb", CTRL}, {"a\rb", CTRL}, {"tab\t", CTRL}, {"\x7f", CTRL}, {"\x1b[31m", CTRL},
               {"x\x01", CTRL}, {"caf\xc3\xa9", PRINTABLE}, {"\xff", PRINTABLE}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_EINVAL(infisical_config_set_user_agent_suffix(cfg, bad[i].in, &err), "user_agent_suffix", bad[i].why);
        ASSERT_STR(cfg->ua_suffix, " ~!x ");
    }
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, NULL, &err), INFISICAL_OK);
    assert_null(cfg->ua_suffix);
    infisical_config_free(cfg);
}

/* ------------------------------------------------------------------ credentials */

static void token_and_universal_auth_replace_each_other(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_set_universal_auth(cfg, "client-id", "client-secret", &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(cfg->client_id, "client-id");
    ASSERT_STR(cfg->client_secret, "client-secret");
    assert_null(cfg->access_token);

    assert_int_equal(infisical_config_set_access_token(cfg, "eyJhbGciOi.token", &err), INFISICAL_OK);
    ASSERT_STR(cfg->access_token, "eyJhbGciOi.token");
    assert_null(cfg->client_id);
    assert_null(cfg->client_secret);

    assert_int_equal(infisical_config_set_universal_auth(cfg, "id-2", "secret-2", &err), INFISICAL_OK);
    ASSERT_STR(cfg->client_id, "id-2");
    ASSERT_STR(cfg->client_secret, "secret-2");
    assert_null(cfg->access_token);

    /* replacing a pair with a pair */
    assert_int_equal(infisical_config_set_universal_auth(cfg, "id-3", "secret-3", &err), INFISICAL_OK);
    ASSERT_STR(cfg->client_id, "id-3");
    ASSERT_STR(cfg->client_secret, "secret-3");

    /* removing the token leaves Universal Auth alone, and the other way round */
    assert_int_equal(infisical_config_set_access_token(cfg, NULL, &err), INFISICAL_OK);
    ASSERT_STR(cfg->client_id, "id-3");
    assert_null(cfg->access_token);
    assert_int_equal(infisical_config_set_access_token(cfg, "t1", &err), INFISICAL_OK);
    assert_int_equal(infisical_config_set_access_token(cfg, "t2", &err), INFISICAL_OK);
    ASSERT_STR(cfg->access_token, "t2");
    assert_int_equal(infisical_config_set_universal_auth(cfg, NULL, NULL, &err), INFISICAL_OK);
    ASSERT_STR(cfg->access_token, "t2");
    assert_null(cfg->client_id);
    assert_null(cfg->client_secret);
    assert_int_equal(infisical_config_set_access_token(cfg, NULL, &err), INFISICAL_OK);
    assert_null(cfg->access_token);
    assert_null(cfg->client_id);
    infisical_config_free(cfg);
}

static void bad_credentials_refused(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_set_universal_auth(cfg, "id", "secret", &err), INFISICAL_OK);
    static const char HALF[] = "must be given together with the other half of the pair";

    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "id-new", NULL, &err), "client_secret", HALF);
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, NULL, "secret-new", &err), "client_id", HALF);
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "", "s", &err), "client_id", "must not be empty");
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "i", "", &err), "client_secret", "must not be empty");
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "i\n", "s", &err), "client_id",
                  "must not contain control characters");
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "i", "s\x7f", &err), "client_secret",
                  "must not contain control characters");
    /* nothing changed, and no token appeared */
    ASSERT_STR(cfg->client_id, "id");
    ASSERT_STR(cfg->client_secret, "secret");
    assert_null(cfg->access_token);

    EXPECT_EINVAL(infisical_config_set_access_token(cfg, "", &err), "access_token", "must not be empty");
    EXPECT_EINVAL(infisical_config_set_access_token(cfg, "tok\r\nX-Evil: 1", &err), "access_token",
                  "must not contain control characters");
    EXPECT_EINVAL(infisical_config_set_access_token(cfg, "tok\t", &err), "access_token",
                  "must not contain control characters");
    /* a refused token does not drop the Universal Auth pair */
    ASSERT_STR(cfg->client_id, "id");
    ASSERT_STR(cfg->client_secret, "secret");
    assert_null(cfg->access_token);

    assert_int_equal(infisical_config_set_access_token(cfg, "good", &err), INFISICAL_OK);
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "x", NULL, &err), "client_secret", HALF);
    ASSERT_STR(cfg->access_token, "good"); /* a refused pair does not drop the token */
    assert_null(cfg->client_id);
    infisical_config_free(cfg);
}

/* Client id, client secret and access token end up inside JSON request bodies
 * (login: {"clientId","clientSecret"}; revoke: {"accessToken"}), which the
 * encoder writes byte for byte on the promise that callers checked UTF-8
 * (lib/codec/encode.c). So the setters must refuse malformed UTF-8. */
static void credentials_must_be_utf8(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    static const char *const bad[] = {"id\xff", "\xc3", "\xed\xa0\x80", "\xc0\xaf", "tok\xf0\x9f\x98"};
    int ok = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* Call first, then check: the order of a call's arguments is unspecified. */
        infisical_error *err = NULL;
        int rc = infisical_config_set_universal_auth(cfg, bad[i], "secret", &err);
        ok &= check_einval(rc, err, "client_id", "is not valid UTF-8");
        err = NULL;
        rc = infisical_config_set_universal_auth(cfg, "id", bad[i], &err);
        ok &= check_einval(rc, err, "client_secret", "is not valid UTF-8");
        err = NULL;
        rc = infisical_config_set_access_token(cfg, bad[i], &err);
        ok &= check_einval(rc, err, "access_token", "must be printable ASCII");
    }
    ok &= cfg->client_id == NULL && cfg->client_secret == NULL && cfg->access_token == NULL;
    /* well-formed non-ASCII is fine */
    ok &= infisical_config_set_universal_auth(cfg, "caf\xc3\xa9", "\xf0\x9f\x98\x80", NULL) == INFISICAL_OK;
    infisical_config_free(cfg);
    assert_true(ok);
}

/* ------------------------------------------------------------------ the environment */

static void env_empty_changes_nothing(void **state)
{
    (void)state;
    clear_env();
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_access_token(cfg, "kept", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_base_url(cfg, "http://kept:1", NULL), INFISICAL_OK);
    infisical_config *before = infisical__config_dup(cfg);
    infisical_error *err = (infisical_error *)&err;
    assert_int_equal(infisical_config_load_env(cfg, &err), INFISICAL_OK);
    assert_null(err);
    assert_same_config(cfg, before);

    /* empty variables count as unset */
    setenv("INFISICAL_API_URL", "", 1);
    setenv("INFISICAL_TOKEN", "", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "", 1);
    assert_int_equal(infisical_config_load_env(cfg, &err), INFISICAL_OK);
    assert_same_config(cfg, before);
    infisical_config_free(before);
    infisical_config_free(cfg);
    clear_env();
}

static void env_values_applied(void **state)
{
    (void)state;
    clear_env();
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_universal_auth(cfg, "old-id", "old-secret", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_timeout_ms(cfg, 1234, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_org_slug(cfg, "org", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, "ua", NULL), INFISICAL_OK);

    setenv("INFISICAL_API_URL", "https://eu.infisical.com/", 1);
    setenv("INFISICAL_TOKEN", "env-token", 1);
    infisical_error *err = NULL;
    assert_int_equal(infisical_config_load_env(cfg, &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(cfg->base_url, "https://eu.infisical.com");
    ASSERT_STR(cfg->access_token, "env-token");
    assert_null(cfg->client_id); /* the token replaced the pair */
    assert_null(cfg->client_secret);
    assert_int_equal(cfg->timeout_ms, 1234); /* the rest is untouched */
    ASSERT_STR(cfg->org_slug, "org");
    ASSERT_STR(cfg->ua_suffix, "ua");

    clear_env();
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "env-id", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "env-secret", 1);
    assert_int_equal(infisical_config_load_env(cfg, &err), INFISICAL_OK);
    ASSERT_STR(cfg->client_id, "env-id");
    ASSERT_STR(cfg->client_secret, "env-secret");
    assert_null(cfg->access_token); /* the pair replaced the token */
    ASSERT_STR(cfg->base_url, "https://eu.infisical.com");
    infisical_config_free(cfg);
    clear_env();
}

/* Every member of a equals the one of b (no asserts). */
static int same_string(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_config(const infisical_config *a, const infisical_config *b)
{
    return same_string(a->base_url, b->base_url) && a->timeout_ms == b->timeout_ms &&
           same_string(a->org_slug, b->org_slug) && same_string(a->ua_suffix, b->ua_suffix) &&
           same_string(a->access_token, b->access_token) && same_string(a->client_id, b->client_id) &&
           same_string(a->client_secret, b->client_secret);
}

/* load_env must fail with `path: text`, leaving cfg exactly as it was; 1 when so. */
static int check_env_refused(infisical_config *cfg, const char *path, const char *text)
{
    infisical_config *before = infisical__config_dup(cfg);
    assert_non_null(before);
    infisical_error *err = NULL;
    int rc = infisical_config_load_env(cfg, &err);
    int ok = check_einval(rc, err, path, text) && same_config(cfg, before);
    ok &= infisical_config_load_env(cfg, NULL) == INFISICAL_EINVAL && same_config(cfg, before);
    infisical_config_free(before);
    return ok;
}

static void expect_env_refused(infisical_config *cfg, const char *path, const char *text)
{
    assert_true(check_env_refused(cfg, path, text));
}

static void env_refused(void **state)
{
    (void)state;
    static const char BOTH[] =
        "is set together with INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/SECRET: choose one way to authenticate";
    static const char HALF[] = "is not set, but the other half of the pair is";
    clear_env();
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_access_token(cfg, "orig-token", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_base_url(cfg, "https://orig.example", NULL), INFISICAL_OK);

    /* a token and Universal Auth together */
    setenv("INFISICAL_TOKEN", "env-token", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "env-id", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "env-secret", 1);
    setenv("INFISICAL_API_URL", "https://new.example", 1);
    expect_env_refused(cfg, "INFISICAL_TOKEN", BOTH);
    /* a token and half a pair */
    unsetenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    expect_env_refused(cfg, "INFISICAL_TOKEN", BOTH);
    unsetenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "env-secret", 1);
    expect_env_refused(cfg, "INFISICAL_TOKEN", BOTH);

    /* half a pair */
    clear_env();
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "env-id", 1);
    expect_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", HALF);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "", 1); /* empty is unset */
    expect_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", HALF);
    clear_env();
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "env-secret", 1);
    expect_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", HALF);

    /* a bad URL names the variable; the valid token beside it is not applied */
    clear_env();
    setenv("INFISICAL_API_URL", "ftp://files.example", 1);
    setenv("INFISICAL_TOKEN", "env-token", 1);
    expect_env_refused(cfg, "INFISICAL_API_URL", "must start with http:// or https://");
    setenv("INFISICAL_API_URL", "https://x.example/a b", 1);
    expect_env_refused(cfg, "INFISICAL_API_URL", "must not contain spaces, control characters, '?' or '#'");
    setenv("INFISICAL_API_URL", "https://", 1);
    expect_env_refused(cfg, "INFISICAL_API_URL", "has no host");

    /* a bad token after a good URL: the URL is not applied either */
    setenv("INFISICAL_API_URL", "https://new.example", 1);
    setenv("INFISICAL_TOKEN", "tok\nen", 1);
    expect_env_refused(cfg, "INFISICAL_TOKEN", "must not contain control characters");

    ASSERT_STR(cfg->access_token, "orig-token");
    ASSERT_STR(cfg->base_url, "https://orig.example");
    infisical_config_free(cfg);
    clear_env();
}

/* A bad Universal Auth variable is named exactly, not as a pair. */
static void env_bad_universal_auth_names_the_variable(void **state)
{
    (void)state;
    clear_env();
    infisical_config *cfg = new_config();
    setenv("INFISICAL_API_URL", "https://new.example", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "good-id", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "bad\tsecret", 1);
    int ok = check_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "must not contain control characters");
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "bad\x01id", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "good-secret", 1);
    ok &= check_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "must not contain control characters");
    ok &= same_string(cfg->base_url, "https://app.infisical.com");
    infisical_config_free(cfg);
    clear_env();
    assert_true(ok);
}

/* ------------------------------------------------------------------ string limits */

/* `pre` followed by 'x's up to n bytes in all, then `post` (n counts everything). */
static char *sized(const char *pre, size_t n, const char *post)
{
    size_t a = strlen(pre), b = strlen(post);
    assert_true(a + b <= n);
    char *s = malloc(n + 1);
    assert_non_null(s);
    memcpy(s, pre, a);
    memset(s + a, 'x', n - a - b);
    memcpy(s + n - b, post, b + 1);
    assert_int_equal(strlen(s), n);
    return s;
}

/* One string setter of a config, by name. */
typedef int (*setter_fn)(infisical_config *cfg, const char *value, infisical_error **err);

static int set_client_id(infisical_config *cfg, const char *id, infisical_error **err)
{
    return infisical_config_set_universal_auth(cfg, id, "secret", err);
}

static int set_client_secret(infisical_config *cfg, const char *secret, infisical_error **err)
{
    return infisical_config_set_universal_auth(cfg, "id", secret, err);
}

#define PEM_HEAD "-----BEGIN CERTIFICATE-----\n"
#define PEM_TAIL "\n-----END CERTIFICATE-----\n"

/* Every string setter: a value of exactly its limit is accepted (and stored
 * whole), one byte more is INFISICAL_EINVAL naming the field and the limit,
 * and the refused value changes nothing. */
static void string_setters_at_and_over_the_limit(void **state)
{
    (void)state;
    static const struct {
        const char *field;
        setter_fn set;
        size_t max;
        const char *pre, *post;
        char x; /* filler */
    } rows[] = {
        {"base_url", infisical_config_set_base_url, INFISICAL_URL_MAX, "https://", "", 'x'},
        {"northflank_url", infisical_config_set_northflank_url, INFISICAL_URL_MAX, "http://", "", 'x'},
        {"org_slug", infisical_config_set_org_slug, INFISICAL_ORG_SLUG_MAX, "", "", 'x'},
        {"user_agent_suffix", infisical_config_set_user_agent_suffix, INFISICAL_USER_AGENT_SUFFIX_MAX, "", "", 'x'},
        {"access_token", infisical_config_set_access_token, INFISICAL_ACCESS_TOKEN_MAX, "eyJ", "", 'x'},
        {"client_id", set_client_id, INFISICAL_CLIENT_ID_MAX, "", "", 'x'},
        {"client_secret", set_client_secret, INFISICAL_CLIENT_SECRET_MAX, "", "", 'x'},
        {"ca_file", infisical_config_set_ca_file, INFISICAL_PATH_MAX, "/", ".pem", 'x'},
        {"ca_dir", infisical_config_set_ca_dir, INFISICAL_PATH_MAX, "/", "/", 'x'},
        {"ca_pem", infisical_config_set_ca_pem, INFISICAL_CA_PEM_MAX, PEM_HEAD, PEM_TAIL, 'x'},
        {"proxy", infisical_config_set_proxy, INFISICAL_PROXY_MAX, "http://", ":3128", 'x'},
        {"no_proxy", infisical_config_set_no_proxy, INFISICAL_NO_PROXY_MAX, "localhost,.", "", 'x'},
    };
    /* the limits the headers promise */
    assert_int_equal(INFISICAL_URL_MAX, 2048);
    assert_int_equal(INFISICAL_ORG_SLUG_MAX, 64);
    assert_int_equal(INFISICAL_USER_AGENT_SUFFIX_MAX, 128);
    assert_int_equal(INFISICAL_ACCESS_TOKEN_MAX, 16384);
    assert_int_equal(INFISICAL_CLIENT_ID_MAX, 256);
    assert_int_equal(INFISICAL_CLIENT_SECRET_MAX, 1024);
    assert_int_equal(INFISICAL_PATH_MAX, 4096);
    assert_int_equal(INFISICAL_CA_PEM_MAX, 1048576);
    assert_int_equal(INFISICAL_PROXY_MAX, 2048);
    assert_int_equal(INFISICAL_NO_PROXY_MAX, 4096);

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        infisical_config *cfg = new_config();
        char *at = sized(rows[i].pre, rows[i].max, rows[i].post);
        char *over = sized(rows[i].pre, rows[i].max + 1, rows[i].post);
        infisical_error *err = NULL;
        int rc = rows[i].set(cfg, at, &err);
        if (rc != INFISICAL_OK)
            fail_msg("%s of %zu bytes refused: %s", rows[i].field, rows[i].max, infisical_error_message(err));
        infisical_config *before = infisical__config_dup(cfg);
        assert_non_null(before);
        char text[64];
        snprintf(text, sizeof text, "must be at most %zu bytes", (size_t)rows[i].max);
        err = NULL;
        rc = rows[i].set(cfg, over, &err);
        if (!check_einval(rc, err, rows[i].field, text))
            fail_msg("%s of %zu bytes", rows[i].field, rows[i].max + 1);
        assert_true(same_config(cfg, before));
        infisical_config_free(before);
        free(at);
        free(over);
        infisical_config_free(cfg);
    }

    /* the values at the limit are stored whole */
    infisical_config *cfg = new_config();
    char *token = sized("", INFISICAL_ACCESS_TOKEN_MAX, "");
    assert_int_equal(infisical_config_set_access_token(cfg, token, NULL), INFISICAL_OK);
    assert_int_equal(strlen(cfg->access_token), INFISICAL_ACCESS_TOKEN_MAX);
    free(token);
    char *pem = sized(PEM_HEAD, INFISICAL_CA_PEM_MAX, PEM_TAIL);
    assert_int_equal(infisical_config_set_ca_pem(cfg, pem, NULL), INFISICAL_OK);
    assert_int_equal(strlen(cfg->ca_pem), INFISICAL_CA_PEM_MAX);
    free(pem);
    char *url = sized("https://", INFISICAL_URL_MAX, "");
    assert_int_equal(infisical_config_set_base_url(cfg, url, NULL), INFISICAL_OK);
    ASSERT_STR(cfg->base_url, url);
    free(url);
    infisical_config_free(cfg);
}

/* The hardening issue's case: a 1 MB fixed token used to be accepted and then
 * fail every call with INFISICAL_ENOMEM. It is refused where it is given. */
static void one_megabyte_token_refused(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_access_token(cfg, "kept", NULL), INFISICAL_OK);
    char *big = sized("eyJ", 1024 * 1024, "");
    EXPECT_EINVAL(infisical_config_set_access_token(cfg, big, &err), "access_token", "must be at most 16384 bytes");
    ASSERT_STR(cfg->access_token, "kept");
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, "id", big, &err), "client_secret",
                  "must be at most 1024 bytes");
    EXPECT_EINVAL(infisical_config_set_universal_auth(cfg, big, "s", &err), "client_id", "must be at most 256 bytes");
    EXPECT_EINVAL(infisical_config_set_user_agent_suffix(cfg, big, &err), "user_agent_suffix",
                  "must be at most 128 bytes");
    ASSERT_STR(cfg->access_token, "kept");
    assert_null(cfg->client_id);
    free(big);
    infisical_config_free(cfg);
}

/* Characters by destination: headers and URLs take printable ASCII, paths
 * anything but control characters. */
static void string_setters_characters(void **state)
{
    (void)state;
    static const char CTRL[] = "must not contain control characters";
    static const char PRINTABLE[] = "must be printable ASCII";
    infisical_config *cfg = new_config();
    static const struct {
        const char *field;
        setter_fn set;
        const char *in, *why;
    } rows[] = {
        {"proxy", infisical_config_set_proxy, "http://p:3128\r\n", CTRL},
        {"proxy", infisical_config_set_proxy, "http://p\t:3128", CTRL},
        {"proxy", infisical_config_set_proxy, "http://p\x7f", CTRL},
        {"proxy", infisical_config_set_proxy, "http://pr\xc3\xb6xy:3128", PRINTABLE},
        {"no_proxy", infisical_config_set_no_proxy, "a,\nb", CTRL},
        {"no_proxy", infisical_config_set_no_proxy, "\xff", PRINTABLE},
        {"ca_file", infisical_config_set_ca_file, "/etc/ssl/a\nb.pem", CTRL},
        {"ca_file", infisical_config_set_ca_file, "/etc/ssl/\x7f", CTRL},
        {"ca_dir", infisical_config_set_ca_dir, "/etc/ssl\tcerts", CTRL},
        {"access_token", infisical_config_set_access_token, "eyJ\x7f", CTRL},
        {"access_token", infisical_config_set_access_token, "eyJ\xc3\xa9", PRINTABLE},
        {"client_id", set_client_id, "id\r", CTRL},
        {"client_secret", set_client_secret, "s\x7f", CTRL},
        {"ca_dir", infisical_config_set_ca_dir, "", "must not be empty (pass NULL for the default)"},
        {"access_token", infisical_config_set_access_token, "", "must not be empty"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        infisical_error *err = NULL;
        int rc = rows[i].set(cfg, rows[i].in, &err);
        if (!check_einval(rc, err, rows[i].field, rows[i].why))
            fail_msg("row %zu", i);
    }
    /* a path is bytes to the file system: UTF-8 and space are fine */
    assert_int_equal(infisical_config_set_ca_file(cfg, "/home/b\xc3\xa9" "a/my certs.pem", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_ca_dir(cfg, "/tmp/\xff", NULL), INFISICAL_OK);
    /* a bundle may hold anything around its PEM blocks (comments in UTF-8, CRLF) */
    assert_int_equal(infisical_config_set_ca_pem(cfg, "# F\xc5\x91\r\n" PEM_HEAD "AA==" PEM_TAIL, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_no_proxy(cfg, "localhost, .internal", NULL), INFISICAL_OK);
    assert_null(cfg->access_token);
    assert_null(cfg->client_id);
    infisical_config_free(cfg);
}

/* load_env's values go through the setters, limits included, and the error
 * names the variable. */
static void env_values_have_the_setters_limits(void **state)
{
    (void)state;
    clear_env();
    infisical_config *cfg = new_config();
    char *big = sized("eyJ", 1024 * 1024, "");
    setenv("INFISICAL_TOKEN", big, 1);
    int ok = check_env_refused(cfg, "INFISICAL_TOKEN", "must be at most 16384 bytes");
    free(big);
    char *at = sized("", INFISICAL_ACCESS_TOKEN_MAX, "");
    setenv("INFISICAL_TOKEN", at, 1);
    ok &= infisical_config_load_env(cfg, NULL) == INFISICAL_OK && cfg->access_token &&
          strlen(cfg->access_token) == INFISICAL_ACCESS_TOKEN_MAX;
    free(at);
    clear_env();

    char *url = sized("https://", INFISICAL_URL_MAX + 1, "");
    setenv("INFISICAL_API_URL", url, 1);
    ok &= check_env_refused(cfg, "INFISICAL_API_URL", "must be at most 2048 bytes");
    free(url);
    clear_env();

    char *id = sized("", INFISICAL_CLIENT_ID_MAX + 1, ""), *secret = sized("", INFISICAL_CLIENT_SECRET_MAX + 1, "");
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", id, 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "s", 1);
    ok &= check_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "must be at most 256 bytes");
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "i", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", secret, 1);
    ok &= check_env_refused(cfg, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "must be at most 1024 bytes");
    free(id);
    free(secret);
    infisical_config_free(cfg);
    clear_env();
    assert_true(ok);
}

/* ------------------------------------------------------------------ allocation failures */

/* config_new and every setter in turn, with allocation n failing. */
static int build_config(infisical_config **out, infisical_error **err)
{
    int rc;
    *out = NULL;
    if ((rc = infisical_config_new(out, err)) ||
        (rc = infisical_config_set_base_url(*out, "https://eu.infisical.com/", err)) ||
        (rc = infisical_config_set_timeout_ms(*out, 5000, err)) ||
        (rc = infisical_config_set_org_slug(*out, "my-org", err)) ||
        (rc = infisical_config_set_user_agent_suffix(*out, "app/1.0", err)) ||
        (rc = infisical_config_set_universal_auth(*out, "cid", "csecret", err)) ||
        (rc = infisical_config_set_access_token(*out, "tok", err)) ||
        (rc = infisical_config_set_universal_auth(*out, "cid2", "csecret2", err)) ||
        (rc = infisical_config_set_org_slug(*out, NULL, err)) ||
        (rc = infisical_config_load_env(*out, err)))
        return rc;
    return INFISICAL_OK;
}

static void alloc_fail_config_chain(void **state)
{
    (void)state;
    clear_env();
    setenv("INFISICAL_API_URL", "http://127.0.0.1:9999", 1);
    setenv("INFISICAL_TOKEN", "env-token", 1);

    infisical__alloc_fail_after(0);
    infisical_config *cfg = NULL;
    infisical_error *err = NULL;
    assert_int_equal(build_config(&cfg, &err), INFISICAL_OK);
    unsigned long allocations = infisical__alloc_fail_after(0);
    infisical_config_free(cfg);
    assert_true(allocations >= 10);

    unsigned long n;
    for (n = 1;; n++) {
        cfg = NULL;
        err = NULL;
        infisical__alloc_fail_after(n);
        int rc = build_config(&cfg, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            assert_null(err);
            ASSERT_STR(cfg->base_url, "http://127.0.0.1:9999");
            ASSERT_STR(cfg->access_token, "env-token");
            assert_null(cfg->client_id);
            assert_null(cfg->org_slug);
            ASSERT_STR(cfg->ua_suffix, "app/1.0");
            assert_int_equal(cfg->timeout_ms, 5000);
            infisical_config_free(cfg);
            break;
        }
        if (rc != INFISICAL_ENOMEM || infisical_error_code(err) != rc)
            fail_msg("allocation %lu failing: rc %d, error %d %s", n, rc, infisical_error_code(err),
                     infisical_error_message(err));
        ASSERT_STR(infisical_error_message(err), "out of memory");
        infisical_error_free(err);
        infisical_config_free(cfg);
        assert_true(n <= allocations);
    }
    assert_int_equal(n, allocations + 1);
    clear_env();
}

static void alloc_fail_load_env_leaves_config(void **state)
{
    (void)state;
    clear_env();
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_org_slug(cfg, "org", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, "ua", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_access_token(cfg, "old-token", NULL), INFISICAL_OK);
    infisical_config *before = infisical__config_dup(cfg);
    setenv("INFISICAL_API_URL", "https://env.example/", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "env-id", 1);
    setenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "env-secret", 1);

    unsigned long n;
    for (n = 1;; n++) {
        infisical_error *err = NULL;
        infisical__alloc_fail_after(n);
        int rc = infisical_config_load_env(cfg, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            assert_null(err);
            break;
        }
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), rc);
        infisical_error_free(err);
        assert_same_config(cfg, before);
        /* and without an error object */
        infisical__alloc_fail_after(n);
        rc = infisical_config_load_env(cfg, NULL);
        infisical__alloc_fail_after(0);
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_same_config(cfg, before);
        assert_true(n < 50);
    }
    /* 9 allocations succeed: the copy (struct + 5 strings, the Northflank URL
     * among them), the URL, id and secret */
    assert_int_equal(n, 10);
    ASSERT_STR(cfg->base_url, "https://env.example");
    ASSERT_STR(cfg->client_id, "env-id");
    ASSERT_STR(cfg->client_secret, "env-secret");
    assert_null(cfg->access_token);
    ASSERT_STR(cfg->org_slug, "org");
    ASSERT_STR(cfg->ua_suffix, "ua");
    infisical_config_free(before);
    infisical_config_free(cfg);
    clear_env();
}

/* A setter that fails for lack of memory leaves the old value. */
static void alloc_fail_setters_keep_old_values(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    assert_int_equal(infisical_config_set_org_slug(cfg, "old-org", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_user_agent_suffix(cfg, "old-ua", NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_universal_auth(cfg, "old-id", "old-secret", NULL), INFISICAL_OK);
    infisical_config *before = infisical__config_dup(cfg);
    infisical_error *err = NULL;

    infisical__alloc_fail_after(1);
    int r1 = infisical_config_set_base_url(cfg, "https://new.example", &err);
    infisical_error_free(err);
    int r2 = infisical_config_set_org_slug(cfg, "new-org", &err);
    infisical_error_free(err);
    int r3 = infisical_config_set_user_agent_suffix(cfg, "new-ua", &err);
    infisical_error_free(err);
    int r4 = infisical_config_set_access_token(cfg, "new-token", &err);
    infisical_error_free(err);
    int r5 = infisical_config_set_universal_auth(cfg, "new-id", "new-secret", &err);
    infisical_error_free(err);
    infisical__alloc_fail_after(0);
    assert_int_equal(r1, INFISICAL_ENOMEM);
    assert_int_equal(r2, INFISICAL_ENOMEM);
    assert_int_equal(r3, INFISICAL_ENOMEM);
    assert_int_equal(r4, INFISICAL_ENOMEM);
    assert_int_equal(r5, INFISICAL_ENOMEM);
    assert_same_config(cfg, before);

    /* Universal Auth: the secret's copy fails after the id's succeeded */
    infisical__alloc_fail_after(2);
    assert_int_equal(infisical_config_set_universal_auth(cfg, "new-id", "new-secret", NULL), INFISICAL_ENOMEM);
    infisical__alloc_fail_after(0);
    assert_same_config(cfg, before);

    /* config_new under failure leaves *out NULL */
    for (unsigned long n = 1; n <= 2; n++) {
        infisical_config *c = (infisical_config *)&c;
        infisical__alloc_fail_after(n);
        int rc = infisical_config_new(&c, &err);
        infisical__alloc_fail_after(0);
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), INFISICAL_ENOMEM);
        assert_null(c);
        infisical_error_free(err);
    }
    infisical_config_free(before);
    infisical_config_free(cfg);
}

static int fake_cancel(void *user)
{
    (void)user;
    return 0;
}

static void fake_log(void *user, int level, const char *line)
{
    (void)user;
    (void)level;
    (void)line;
}

/* The transport's options: defaults, bounds, and that a refused value changes nothing. */
static void transport_options(void **state)
{
    (void)state;
    infisical_config *cfg = new_config();
    assert_int_equal(cfg->connect_timeout_ms, INFISICAL_DEFAULT_CONNECT_TIMEOUT_MS);
    assert_int_equal(cfg->max_attempts, INFISICAL_DEFAULT_MAX_ATTEMPTS);
    assert_int_equal(cfg->backoff_base_ms, INFISICAL_DEFAULT_BACKOFF_BASE_MS);
    assert_int_equal(cfg->backoff_max_ms, INFISICAL_DEFAULT_BACKOFF_MAX_MS);
    assert_int_equal(cfg->max_response_bytes, INFISICAL_DEFAULT_MAX_RESPONSE_BYTES);
    assert_int_equal(cfg->insecure, 0);
    assert_null(cfg->proxy);

    EXPECT_EINVAL(infisical_config_set_connect_timeout_ms(cfg, 0, &err), "connect_timeout_ms", "must be between 1 and 86400000");
    EXPECT_EINVAL(infisical_config_set_max_attempts(cfg, 0, &err), "max_attempts", "must be between 1 and 10");
    EXPECT_EINVAL(infisical_config_set_max_attempts(cfg, 11, &err), "max_attempts", "must be between 1 and 10");
    EXPECT_EINVAL(infisical_config_set_backoff_ms(cfg, 100, 50, &err), "backoff_ms", "needs 1 <= base_ms <= max_ms <= 600000");
    EXPECT_EINVAL(infisical_config_set_backoff_ms(cfg, 0, 50, &err), "backoff_ms", "needs 1 <= base_ms <= max_ms <= 600000");
    EXPECT_EINVAL(infisical_config_set_max_response_bytes(cfg, 1023, &err), "max_response_bytes",
                  "must be between 1024 and 1073741824");
    EXPECT_EINVAL(infisical_config_set_ca_pem(cfg, "not a certificate", &err), "ca_pem",
                  "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    EXPECT_EINVAL(infisical_config_set_ca_file(cfg, "", &err), "ca_file", "must not be empty (pass NULL for the default)");
    EXPECT_EINVAL(infisical_config_set_proxy(cfg, "http://p\n", &err), "proxy", "must not contain control characters");
    EXPECT_EINVAL(infisical_config_set_log(cfg, fake_log, NULL, 0, &err), "min_level",
                  "must be INFISICAL_LOG_ERROR to INFISICAL_LOG_DEBUG");
    assert_int_equal(cfg->max_attempts, INFISICAL_DEFAULT_MAX_ATTEMPTS);
    assert_int_equal(cfg->backoff_base_ms, INFISICAL_DEFAULT_BACKOFF_BASE_MS);
    assert_null(cfg->log);

    assert_int_equal(infisical_config_set_max_attempts(cfg, 1, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_backoff_ms(cfg, 7, 7, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_proxy(cfg, "", NULL), INFISICAL_OK); /* "" = no proxy at all */
    assert_int_equal(infisical_config_set_cancel_hook(cfg, fake_cancel, cfg, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_log(cfg, fake_log, cfg, INFISICAL_LOG_DEBUG, NULL), INFISICAL_OK);
    assert_int_equal(infisical_config_set_insecure_skip_tls_verify(cfg, 5, NULL), INFISICAL_OK);
    assert_int_equal(cfg->insecure, 1);
    /* A copy (what a client keeps) carries every option and owns its strings. */
    struct infisical_config *copy = infisical__config_dup(cfg);
    assert_non_null(copy);
    assert_int_equal(copy->max_attempts, 1);
    assert_int_equal(copy->backoff_max_ms, 7);
    assert_string_equal(copy->proxy, "");
    assert_true(copy->proxy != cfg->proxy);
    assert_true(copy->cancel == fake_cancel && copy->cancel_user == cfg);
    assert_true(copy->log == fake_log && copy->log_level == INFISICAL_LOG_DEBUG);
    infisical_config_free(copy);
    /* Removing the hooks forgets their user data too. */
    assert_int_equal(infisical_config_set_cancel_hook(cfg, NULL, cfg, NULL), INFISICAL_OK);
    assert_null(cfg->cancel_user);
    infisical_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(transport_options),
        cmocka_unit_test(defaults),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(base_url_valid),
        cmocka_unit_test(base_url_invalid),
        cmocka_unit_test(timeout_bounds),
        cmocka_unit_test(org_slug),
        cmocka_unit_test(user_agent_suffix),
        cmocka_unit_test(token_and_universal_auth_replace_each_other),
        cmocka_unit_test(bad_credentials_refused),
        cmocka_unit_test(credentials_must_be_utf8),
        cmocka_unit_test(env_empty_changes_nothing),
        cmocka_unit_test(env_values_applied),
        cmocka_unit_test(env_refused),
        cmocka_unit_test(env_bad_universal_auth_names_the_variable),
        cmocka_unit_test(string_setters_at_and_over_the_limit),
        cmocka_unit_test(one_megabyte_token_refused),
        cmocka_unit_test(string_setters_characters),
        cmocka_unit_test(env_values_have_the_setters_limits),
        cmocka_unit_test(alloc_fail_config_chain),
        cmocka_unit_test(alloc_fail_load_env_leaves_config),
        cmocka_unit_test(alloc_fail_setters_keep_old_values),
    };
    return cmocka_run_group_tests_name("config", tests, setup_env, setup_env);
}
