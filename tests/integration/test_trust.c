/* Trust at the edges, against the devserver: a server that echoes secrets, a
 * token that would inject a header, lifetimes out of range, auth through a bad
 * minute, a delete whose reply is cut, one deadline and one budget for a whole
 * listing, the preflight of a rotation, and the warnings a risky config earns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define LOGIN "\"path\":\"/api/v1/auth/universal-auth/login\""
#define RENEW "\"path\":\"/api/v1/auth/token/renew\""
#define JSON_503 "\"status\":503,\"body\":\"{\\\"statusCode\\\":503,\\\"error\\\":\\\"Unavailable\\\",\\\"message\\\":\\\"busy\\\"}\""

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int list_once(infisical_client *c, infisical_error **err)
{
    infisical_connection_list *list = NULL;
    int rc = infisical_northflank_list(c, NULL, &list, NULL, err);
    infisical_connection_list_free(list);
    return rc;
}

static infisical_config *quick_config(void)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_backoff_ms(cfg, 5, 20, &err), err);
    assert_ok(infisical_config_set_northflank_url(cfg, dev.url, &err), err);
    return cfg;
}

/* Every text an error carries, one per line, for the secrets check. */
static void append_error_texts(char **acc, const infisical_error *e)
{
    const char *texts[] = {infisical_error_message(e), infisical_error_server_error(e),
                           infisical_error_request_id(e), infisical_error_details_json(e),
                           infisical_error_request(e)};
    size_t have = *acc ? strlen(*acc) : 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *t = texts[i] ? texts[i] : "";
        *acc = realloc(*acc, have + strlen(t) + 2);
        strcpy(*acc + have, t);
        have += strlen(t);
        strcpy(*acc + have++, "\n");
    }
    for (uint32_t i = 0; i < infisical_error_issue_count(e); i++) {
        const char *parts[] = {infisical_error_issue_path(e, i), infisical_error_issue_message(e, i),
                               infisical_error_issue_code(e, i)};
        for (size_t k = 0; k < 3; k++) {
            const char *t = parts[k] ? parts[k] : "";
            *acc = realloc(*acc, have + strlen(t) + 2);
            strcpy(*acc + have, t);
            have += strlen(t);
            strcpy(*acc + have++, "\n");
        }
    }
    const infisical_preflight_report *r = infisical_error_preflight_report(e);
    for (uint32_t p = 0; r && p < INFISICAL_PERMISSION_COUNT; p++) {
        const char *t = infisical_preflight_summary(r, p);
        *acc = realloc(*acc, have + strlen(t) + 2);
        strcpy(*acc + have, t);
        have += strlen(t);
        strcpy(*acc + have++, "\n");
    }
}

/* A call that must fail: its error's texts are kept; returns the status. */
#define EXPECT_FAIL(acc, call, code)                                                                               \
    do {                                                                                                          \
        infisical_error *e_ = NULL;                                                                                \
        int rc_ = (call);                                                                                          \
        if (rc_ != (code))                                                                                         \
            fail_msg("%s: %d, wanted %d: %s", #call, rc_, (code), infisical_error_message(e_));                  \
        append_error_texts(&(acc), e_);                                                                            \
        infisical_error_free(e_);                                                                                  \
    } while (0)

/* 2. A server that quotes back the body and the Authorization header in every
 * text of its errors: a whole lifecycle, every error and every log line. */
static void test_echoed_secrets_never_come_out(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"echoSecrets\":true}");
    const char *limited = "nf-echo-only-projects-read-0123456789";
    dev_post("/__dev/northflank/tokens", "{\"token\":\"nf-echo-only-projects-read-0123456789\","
                                         "\"permissions\":[\"projects:read\"]}");
    char *texts = NULL;
    infisical_error *err = NULL;

    /* A refused login (the client secret is in the body it echoes). */
    infisical_client *bad = client_with(dev.client_id, "wrong-secret-value", 0);
    EXPECT_FAIL(texts, infisical_client_login(bad, NULL, &e_), INFISICAL_EUNAUTHORIZED);
    infisical_client_free(bad);

    infisical_client *c = client_from(quick_config());
    infisical_northflank_params *p = params_for("echoed", "first", NULL, NULL);
    infisical_connection *conn = NULL;
    assert_ok(infisical_northflank_params_set_preflight(p, 1, INFISICAL_PREFLIGHT_CHECK_WRITE, &err), err);
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    /* A second create with the same name: a 400 that quotes the API token back. */
    EXPECT_FAIL(texts, infisical_northflank_create(c, p, NULL, NULL, &e_), INFISICAL_EBADREQUEST);
    /* A token the preflight refuses (its 403s echo it), and one Infisical refuses. */
    infisical_northflank_params *q = params_for("echoed-two", NULL, NULL, limited);
    assert_ok(infisical_northflank_params_set_preflight(q, 1, 0, &err), err);
    EXPECT_FAIL(texts, infisical_northflank_create(c, q, NULL, NULL, &e_), INFISICAL_EPREFLIGHT);
    infisical_northflank_params_free(q);
    q = params_for("echoed-three", NULL, NULL, "not-a-northflank-token");
    EXPECT_FAIL(texts, infisical_northflank_create(c, q, NULL, NULL, &e_), INFISICAL_EBADREQUEST);
    /* A rotation to a bad token, and a 422 from the server's own rules (a
     * project that does not exist). */
    EXPECT_FAIL(texts, infisical_northflank_update(c, infisical_connection_id(conn), q, NULL, NULL, &e_),
                INFISICAL_EBADREQUEST);
    infisical_northflank_params_free(q);
    assert_ok(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err), err);
    infisical_connection *none = NULL;
    EXPECT_FAIL(texts, infisical_northflank_get(c, "00000000-0000-4000-8000-000000000000", &none, NULL, &e_),
                INFISICAL_ENOTFOUND);
    /* A 422 the server produces from a canned zod body of issues. */
    dev_faults("[{\"method\":\"GET\",\"status\":422,\"body\":\"{\\\"statusCode\\\":422,\\\"error\\\":"
               "\\\"ValidationFailure\\\",\\\"message\\\":[{\\\"code\\\":\\\"custom\\\",\\\"path\\\":[\\\"x\\\"],"
               "\\\"message\\\":\\\"bad\\\"}]}\"}]");
    EXPECT_FAIL(texts, list_once(c, &e_), INFISICAL_EVALIDATION);
    /* The Northflank side with its own token: a 401 and a 403 that echo it. */
    infisical_config *cfg = quick_config();
    infisical_northflank_api *api = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, limited, &err), err);
    infisical_northflank_resources *groups = NULL;
    EXPECT_FAIL(texts, infisical_northflank_api_list_secret_groups(api, "proj-0001", &groups, NULL, &e_),
                INFISICAL_EPERMISSION);
    infisical_northflank_api_free(api);
    assert_ok(infisical_northflank_api_new(&api, cfg, "nf-unknown-token-0123456789abcdef", &err), err);
    infisical_northflank_resources *projects = NULL;
    EXPECT_FAIL(texts, infisical_northflank_api_list_projects(api, &projects, NULL, &e_), INFISICAL_EUNAUTHORIZED);
    infisical_northflank_api_free(api);
    infisical_config_free(cfg);
    /* Revoke, then a call with the revoked token (a 401 that echoes it). */
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), err);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
    infisical_client *fixed = client_token(dev.access_token);
    dev_post("/__dev/revoke-tokens", "{}");
    char token[1024];
    dev_login(token, sizeof token);
    infisical_client *t = client_token(token);
    assert_ok(infisical_client_revoke(t, NULL, &err), err);
    infisical_client_free(t);
    infisical_client *revoked = client_token(token);
    EXPECT_FAIL(texts, list_once(revoked, &e_), INFISICAL_EUNAUTHORIZED);
    infisical_client_free(revoked);
    infisical_client_free(fixed);

    /* The echo mode did echo: the server's texts hold what it was sent... */
    assert_non_null(strstr(texts, "you sent Authorization"));
    assert_non_null(strstr(texts, "[REDACTED]"));
    /* ...and nothing secret came out, in any error text or any log line. */
    assert_no_secret_in("an error text", texts);
    assert_null(strstr(texts, limited));
    assert_null(strstr(texts, token));
    assert_log_has_no_secret();
    assert_null(strstr(captured_log(), limited));
    assert_null(strstr(captured_log(), token));
    free(texts);
}

/* 1. A token with CR/LF from a login or renewal never reaches a header. */
static void test_injected_token_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "tok\\\\r\\\\nX-Injected: yes", "tok\\\\tab", "t\\\\u00f6k", "tok with space", "tok\\\\u007f",
        "tok\\\\u0001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char faults[1024];
        snprintf(faults, sizeof faults,
                 "[{" LOGIN ",\"status\":200,\"body\":\"{\\\"accessToken\\\":\\\"%s\\\",\\\"expiresIn\\\":100,"
                 "\\\"accessTokenMaxTTL\\\":100,\\\"tokenType\\\":\\\"Bearer\\\"}\"}]",
                 bad[i]);
        dev_faults(faults);
        infisical_client *c = client_ua();
        infisical_error *err = NULL;
        long before = dev_state("requests");
        assert_int_equal(list_once(c, &err), INFISICAL_EPROTOCOL);
        assert_non_null(strstr(infisical_error_message(err), "accessToken"));
        infisical_error_free(err);
        assert_int_equal(dev_state("requests") - before, 1); /* the login only: nothing carried the token */
        infisical_client_free(c);
    }
    /* The same from a renewal. */
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    dev_faults("[{" RENEW ",\"status\":200,\"body\":\"{\\\"accessToken\\\":\\\"tok\\\\r\\\\nX-Injected: yes\\\","
               "\\\"expiresIn\\\":100,\\\"accessTokenMaxTTL\\\":100,\\\"tokenType\\\":\\\"Bearer\\\"}\"}]");
    sleep_ms(2500);
    long logins = dev_state("logins");
    /* The bad reply is not adopted; the current token still works, so the call goes on with it. */
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), logins);
    assert_null(strstr(captured_log(), "X-Injected"));
    infisical_client_free(c);
    /* An overlong token is refused too. */
    char *faults = malloc(20000);
    char *big = malloc(16386);
    memset(big, 'a', 16385);
    big[16385] = '\0';
    snprintf(faults, 20000, "[{" LOGIN ",\"status\":200,\"body\":\"{\\\"accessToken\\\":\\\"%s\\\",\\\"expiresIn\\\":100}\"}]",
             big);
    dev_faults(faults);
    c = client_ua();
    assert_int_equal(infisical_client_login(c, NULL, &err), INFISICAL_EPROTOCOL);
    assert_non_null(strstr(infisical_error_message(err), "accessToken is longer than 16384 bytes"));
    infisical_error_free(err);
    infisical_client_free(c);
    free(big);
    free(faults);
}

/* 9. Lifetimes outside the contract's 0..315360000 s are refused, not overflowed. */
static void test_lifetimes_out_of_range(void **state)
{
    (void)state;
    static const char *const bad[] = {"9223372036854775807", "315360001", "-1", "\\\"99999999999999999999\\\""};
    static const char *const keys[] = {"expiresIn", "accessTokenMaxTTL"};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char faults[512];
            snprintf(faults, sizeof faults,
                     "[{" LOGIN ",\"status\":200,\"body\":\"{\\\"accessToken\\\":\\\"tok-0123456789\\\","
                     "\\\"%s\\\":%s,\\\"%s\\\":100}\"}]",
                     keys[k], bad[i], keys[1 - k]);
            dev_faults(faults);
            infisical_client *c = client_ua();
            infisical_error *err = NULL;
            assert_int_equal(infisical_client_login(c, NULL, &err), INFISICAL_EPROTOCOL);
            assert_non_null(strstr(infisical_error_message(err), keys[k]));
            infisical_error_free(err);
            infisical_client_free(c);
        }
    /* The top of the range is accepted, and the token is then reused, not
     * replaced before every call. */
    dev_post("/__dev/settings", "{\"accessTokenTTL\":315360000,\"accessTokenMaxTTL\":315360000}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    for (int i = 0; i < 3; i++)
        assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 1);
    infisical_client_free(c);
}

/* 4. Auth that survives a bad minute. */
static void test_renewal_outage_keeps_the_current_token(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500); /* due for renewal, still valid */
    dev_faults("[{" RENEW "," JSON_503 ",\"times\":20}]");
    long posts = dev_state("requestsByMethod.POST");
    assert_ok(list_once(c, &err), err);                              /* the call goes on with the current token */
    assert_int_equal(dev_state("requestsByMethod.POST") - posts, 4); /* the renewal was retried, as a read is */
    assert_int_equal(dev_state("logins"), 1);
    assert_non_null(strstr(captured_log(), "could not refresh the access token"));
    /* The next call does not hammer the outage again at once. */
    posts = dev_state("requestsByMethod.POST");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("requestsByMethod.POST") - posts, 0);
    infisical_client_free(c);

    /* A renewal that fails once is retried and succeeds. */
    dev_clear_faults();
    c = client_from(quick_config());
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500);
    dev_faults("[{" RENEW "," JSON_503 ",\"times\":1}]");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("renews"), 1);
    infisical_client_free(c);
}

static void test_login_is_retried_on_5xx_and_network(void **state)
{
    (void)state;
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    dev_faults("[{" LOGIN "," JSON_503 ",\"times\":1},{" LOGIN ",\"drop\":true,\"times\":1}]");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 1);
    infisical_client_free(c);
    /* A refused login is not repeated. */
    c = client_with(dev.client_id, "wrong-secret-value", 0);
    assert_int_equal(infisical_client_login(c, NULL, &err), INFISICAL_EUNAUTHORIZED);
    infisical_error_free(err);
    assert_int_equal(dev_state("loginsRefused"), 1);
    infisical_client_free(c);
}

/* The real server refuses a renewal that would pass the max TTL with 401 (and
 * deletes the token); the client logs in again. Here the client's own clock
 * thinks the renewal fits, the server's does not. */
static void test_renewal_past_max_ttl_logs_in_again(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    dev_post("/__dev/clock", "{\"advanceSeconds\":97}");
    sleep_ms(2500);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("renewsRefused"), 1);
    assert_int_equal(dev_state("renews"), 0);
    assert_int_equal(dev_state("logins"), 2);
    infisical_client_free(c);
}

/* Any 401 or 403 on renewal falls back to a login, not only TokenError. */
static void test_renewal_refused_with_403_logs_in_again(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500);
    dev_faults("[{" RENEW ",\"status\":403,\"body\":\"{\\\"statusCode\\\":403,\\\"error\\\":\\\"PermissionDenied\\\","
               "\\\"message\\\":\\\"no\\\"}\"}]");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 2);
    infisical_client_free(c);
}

/* A 400 on renewal (the server cannot read the token it was sent) is a
 * refusal too: the client logs in rather than going on with the old token. */
static void test_renewal_refused_with_400_logs_in_again(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500);
    dev_faults("[{" RENEW ",\"status\":400,\"body\":\"{\\\"statusCode\\\":400,\\\"error\\\":\\\"BadRequest\\\","
               "\\\"message\\\":\\\"malformed token\\\"}\"}]");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_refused(400), 1);
    assert_int_equal(dev_state("requestsByMethod.POST"), 3); /* login, the refused renewal, login */
    assert_int_equal(dev_state("logins"), 2);
    assert_int_equal(dev_state("renews"), 0);
    infisical_client_free(c);
}

/* 5. A delete that succeeded is never reported as "not found". */
static void test_delete_with_cut_reply(void **state)
{
    (void)state;
    infisical_client *c = client_from(quick_config());
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("cut-delete", NULL, NULL, NULL);
    infisical_connection *conn = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    infisical_northflank_params_free(p);
    dev_faults("[{\"method\":\"DELETE\",\"truncate\":true,\"times\":3}]");
    long deletes = dev_state("requestsByMethod.DELETE");
    int rc = infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err);
    assert_int_not_equal(rc, INFISICAL_ENOTFOUND);
    assert_int_equal(rc, INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_retryable(err), 0);
    assert_non_null(strstr(infisical_error_message(err), "outcome is unknown"));
    infisical_error_free(err);
    assert_int_equal(dev_state("requestsByMethod.DELETE") - deletes, 1);
    assert_int_equal(dev_state("appConnections"), 0); /* it did happen */
    infisical_connection *gone = NULL;
    assert_int_equal(infisical_northflank_get(c, infisical_connection_id(conn), &gone, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    infisical_connection_free(conn);
    infisical_client_free(c);
}

/* 6. One deadline for a whole listing: 1 s, 20 pages of 0.8 s. */
static void test_listing_keeps_one_deadline(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/seed", "{\"projects\":2000}");
    dev_faults("[{\"path\":\"/v1/projects\",\"delayMs\":800,\"times\":20}]");
    infisical_config *cfg = quick_config();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_timeout_ms(cfg, 1000, &err), err);
    infisical_northflank_api *api = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err), err);
    infisical_config_free(cfg);
    infisical_northflank_resources *list = NULL;
    int64_t t0 = now_ms();
    assert_int_equal(infisical_northflank_api_list_projects(api, &list, NULL, &err), INFISICAL_ETIMEOUT);
    int64_t took = now_ms() - t0;
    infisical_error_free(err);
    assert_null(list);
    assert_true(took < 1600);
    infisical_northflank_api_free(api);
}

/* 7. A listing's memory is bounded across its pages, however a server packs them. */
static void test_listing_budget(void **state)
{
    (void)state;
    infisical_config *cfg = quick_config();
    infisical_error *err = NULL;
    /* A page cap of 2 allows 200 items: a single page of 300 stops at 200. */
    assert_ok(infisical_config_set_northflank_page_cap(cfg, 2, &err), err);
    char *body = malloc(64 * 300 + 256), *at = body;
    at += sprintf(at, "{\\\"data\\\":{\\\"projects\\\":[");
    for (int i = 0; i < 300; i++)
        at += sprintf(at, "%s{\\\"id\\\":\\\"p%d\\\",\\\"name\\\":\\\"n%d\\\"}", i ? "," : "", i, i);
    sprintf(at, "]},\\\"pagination\\\":{\\\"hasNextPage\\\":false}}");
    char *faults = malloc(strlen(body) + 128);
    sprintf(faults, "[{\"path\":\"/v1/projects\",\"status\":200,\"body\":\"%s\"}]", body);
    dev_faults(faults);
    free(faults);
    free(body);
    infisical_northflank_api *api = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err), err);
    infisical_northflank_resources *list = NULL;
    assert_int_equal(infisical_northflank_api_list_projects(api, &list, NULL, &err), INFISICAL_ETRUNCATED);
    assert_non_null(strstr(infisical_error_message(err), "budget of 200 items"));
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_resources_count(list), 200);
    assert_true(infisical_northflank_resources_truncated(list));
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);

    /* Bytes: with 4 KiB replies, pages of ~3 KiB names add up past 4 KiB on the second page. */
    assert_ok(infisical_config_set_northflank_page_cap(cfg, 100, &err), err);
    assert_ok(infisical_config_set_max_response_bytes(cfg, 4096, &err), err);
    char name[1001];
    memset(name, 'n', 1000);
    name[1000] = '\0';
    faults = malloc(8192);
    sprintf(faults, "[{\"path\":\"/v1/projects\",\"status\":200,\"times\":5,\"body\":\"{\\\"data\\\":{\\\"projects\\\":["
                    "{\\\"id\\\":\\\"a\\\",\\\"name\\\":\\\"%s\\\"},{\\\"id\\\":\\\"b\\\",\\\"name\\\":\\\"%s\\\"},"
                    "{\\\"id\\\":\\\"c\\\",\\\"name\\\":\\\"%s\\\"}]},\\\"pagination\\\":{\\\"hasNextPage\\\":true,"
                    "\\\"cursor\\\":\\\"cccccccccccccccccccccccc\\\"}}\"}]",
            name, name, name);
    dev_faults(faults);
    free(faults);
    assert_ok(infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err), err);
    assert_int_equal(infisical_northflank_api_list_projects(api, &list, NULL, &err), INFISICAL_ETRUNCATED);
    assert_non_null(strstr(infisical_error_message(err), "4096 bytes"));
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_resources_pages(list), 2);
    assert_true(infisical_northflank_resources_count(list) < 6);
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);
    infisical_config_free(cfg);
}

/* 11. A rotation honours the preflight flag; a client keeps one Northflank
 * endpoint; the insecure-TLS warning comes once. */
static void test_rotation_preflight_and_one_endpoint(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/tokens", "{\"token\":\"nf-rotate-only-read-0123456789\",\"permissions\":"
                                         "[\"projects:read\"]}");
    infisical_config *cfg = quick_config();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_insecure_skip_tls_verify(cfg, 1, &err), err);
    infisical_client *c = client_from(cfg);
    infisical_northflank_params *p = params_for("rotated", NULL, NULL, NULL);
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    infisical_connection *conn = NULL;
    /* No secret group to probe: no reply with secret values, whose connection
     * would be closed after it; the probes' connections can then be reused. */
    dev_post("/__dev/northflank/seed", "{\"projects\":1,\"secretGroups\":0}");
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    infisical_northflank_params_free(p);
    long accepted = dev_state("connectionsAccepted");
    for (int i = 0; i < 3; i++) {
        p = params_for(NULL, NULL, NULL, dev.northflank_token);
        assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
        assert_ok(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err), err);
        infisical_northflank_params_free(p);
    }
    /* The connections to Infisical and to the Northflank endpoint are reused:
     * no new one per preflight. */
    assert_int_equal(dev_state("connectionsAccepted") - accepted, 0);

    /* A rotation to a token that lacks a permission is refused before Infisical hears of it. */
    p = params_for(NULL, NULL, NULL, "nf-rotate-only-read-0123456789");
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    long patches = dev_state("requestsByMethod.PATCH");
    assert_int_equal(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err),
                     INFISICAL_EPREFLIGHT);
    infisical_error_free(err);
    assert_int_equal(dev_state("requestsByMethod.PATCH"), patches);
    /* Without the flag it goes to Infisical (which checks only projects:read, and takes it). */
    assert_ok(infisical_northflank_params_set_preflight(p, 0, 0, &err), err);
    assert_ok(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err), err);
    infisical_northflank_params_free(p);
    infisical_connection_free(conn);
    infisical_client_free(c);

    /* The warning came once for the client's whole life. */
    size_t warnings = 0;
    for (const char *w = strstr(captured_log(), "TLS verification is OFF"); w;
         w = strstr(w + 1, "TLS verification is OFF"))
        warnings++;
    assert_int_equal(warnings, 1);
}

/* 12. Plain HTTP to a host that is not this machine is warned about, once. */
static void test_plain_http_warning(void **state)
{
    (void)state;
    static const char *const w = "infisical.invalid is reached over plain HTTP";
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    /* The devserver acts as a forward proxy, so the client really talks to "infisical.invalid". */
    assert_ok(infisical_config_set_base_url(cfg, "http://infisical.invalid", &err), err);
    assert_ok(infisical_config_set_proxy(cfg, dev.url, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
    const char *first = strstr(captured_log(), w);
    assert_non_null(first);
    assert_null(strstr(first + 1, w));
    assert_null(strstr(captured_log(), "127.0.0.1 is reached over plain HTTP")); /* loopback is fine */
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_echoed_secrets_never_come_out, reset_state),
        cmocka_unit_test_setup(test_injected_token_is_refused, reset_state),
        cmocka_unit_test_setup(test_lifetimes_out_of_range, reset_state),
        cmocka_unit_test_setup(test_renewal_outage_keeps_the_current_token, reset_state),
        cmocka_unit_test_setup(test_login_is_retried_on_5xx_and_network, reset_state),
        cmocka_unit_test_setup(test_renewal_past_max_ttl_logs_in_again, reset_state),
        cmocka_unit_test_setup(test_renewal_refused_with_403_logs_in_again, reset_state),
        cmocka_unit_test_setup(test_renewal_refused_with_400_logs_in_again, reset_state),
        cmocka_unit_test_setup(test_delete_with_cut_reply, reset_state),
        cmocka_unit_test_setup(test_listing_keeps_one_deadline, reset_state),
        cmocka_unit_test_setup(test_listing_budget, reset_state),
        cmocka_unit_test_setup(test_rotation_preflight_and_one_endpoint, reset_state),
        cmocka_unit_test_setup(test_plain_http_warning, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-trust", tests, NULL, NULL);
    dev_stop();
    return failed;
}
