/* Authentication paths against the devserver: login, fixed token, expiry,
 * renewal, max TTL, revoked tokens, revoke. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

#include <cmocka.h>

#include "harness.h"

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* One authenticated call; returns its status. */
static int list_once(infisical_client *c, infisical_error **err)
{
    infisical_connection_list *list = NULL;
    int rc = infisical_northflank_list(c, NULL, &list, NULL, err);
    infisical_connection_list_free(list);
    return rc;
}

static void test_login_once_then_reuse(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_int_equal(dev_state("logins"), 0); /* lazily: nothing sent yet */
    for (int i = 0; i < 5; i++)
        assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 1);
    assert_int_equal(dev_state("renews"), 0);
    infisical_client_free(c);
}

/* The token's remaining lifetime as the client counts it, never the token. */
static void test_token_lifetime(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":100,\"accessTokenMaxTTL\":1000}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    int64_t ms = 7;
    assert_int_equal(infisical_client_token_lifetime_ms(c, &ms, &err), INFISICAL_EUNAUTHORIZED); /* none yet */
    assert_int_equal(ms, 0);
    infisical_error_free(err);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    assert_ok(infisical_client_token_lifetime_ms(c, &ms, &err), err);
    assert_true(ms > 98000 && ms <= 99001); /* 100 s, less the second a JWT's expiry can cost */
    assert_ok(infisical_client_revoke(c, NULL, &err), err);
    assert_int_equal(infisical_client_token_lifetime_ms(c, &ms, NULL), INFISICAL_EUNAUTHORIZED);
    infisical_client_free(c);
    c = client_token(dev.access_token);
    assert_ok(infisical_client_token_lifetime_ms(c, &ms, &err), err);
    assert_int_equal(ms, -1); /* a fixed token: its end is the server's to know */
    assert_int_equal(infisical_client_token_lifetime_ms(NULL, &ms, NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_client_token_lifetime_ms(c, NULL, NULL), INFISICAL_EINVAL);
    infisical_client_free(c);
}

static void test_fixed_token(void **state)
{
    (void)state;
    infisical_client *c = client_token(dev.access_token);
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err); /* nothing to do, no request */
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 0);
    infisical_client_free(c);
}

static void test_bad_credentials(void **state)
{
    (void)state;
    infisical_client *c = client_with(dev.client_id, "wrong-secret-value", 0);
    infisical_error *err = NULL;
    assert_int_equal(infisical_client_login(c, NULL, &err), INFISICAL_EUNAUTHORIZED);
    assert_int_equal(infisical_error_http_status(err), 401);
    assert_string_equal(infisical_error_request(err), "POST /api/v1/auth/universal-auth/login");
    assert_null(strstr(infisical_error_message(err), "wrong-secret-value"));
    infisical_error_free(err);
    assert_int_equal(dev_state("loginsRefused"), 1);
    /* An operation reports the refused login, and does not try it twice: one
     * more refused login, and nothing else sent. */
    long requests = dev_state("requests");
    assert_int_equal(list_once(c, &err), INFISICAL_EUNAUTHORIZED);
    infisical_error_free(err);
    assert_int_equal(dev_state("loginsRefused"), 2);
    assert_int_equal(dev_state("requests") - requests, 1);
    assert_int_equal(dev_refused(401), 2);
    assert_int_equal(dev_state("logins"), 0);
    infisical_client_free(c);
}

static void test_expired_token_relogin(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    /* The server's clock jumps past the 30-day TTL; the client still thinks its token is fresh. */
    dev_post("/__dev/clock", "{\"advanceSeconds\":2600000}");
    assert_ok(list_once(c, &err), err); /* 403 TokenError, new login, repeated once */
    assert_int_equal(dev_state("logins"), 2);
    infisical_client_free(c);
}

/* A token the client knows has expired is not sent for renewal (the server
 * would refuse it): the client logs in at once. */
static void test_expired_token_is_not_renewed(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":2,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2200);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 2);
    assert_int_equal(dev_state("renews"), 0);
    assert_int_equal(dev_state("renewsRefused"), 0);
    assert_int_equal(dev_state("refused"), 0);
    infisical_client_free(c);
}

static void test_renews_before_expiry(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500); /* in the last quarter of the ~3 s the client counts on (JWT seconds truncate) */
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("logins"), 1);
    assert_int_equal(dev_state("renews"), 1);
    assert_ok(list_once(c, &err), err); /* the renewed token is fresh again */
    assert_int_equal(dev_state("renews"), 1);
    infisical_client_free(c);
}

static void test_max_ttl_forces_login(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":4}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2500);
    assert_ok(list_once(c, &err), err); /* renewal could not outlive the max TTL: log in afresh */
    assert_int_equal(dev_state("logins"), 2);
    assert_int_equal(dev_state("renews"), 0);
    /* The client knew: it did not send a renewal for the server to refuse. */
    assert_int_equal(dev_state("renewsRefused"), 0);
    assert_int_equal(dev_state("refused"), 0);
    infisical_client_free(c);
}

/* The max TTL counts from the login: a renewal does not restart it. With a
 * TTL of 4 s and a max TTL of 8 s, the first renewal fits under the max TTL
 * and the second would not, so the client logs in instead. A client that
 * restarted the clock on renewal would send the second renewal, and the
 * server would refuse it. */
static void test_renewal_keeps_the_max_ttl_clock(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":8}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    sleep_ms(2400); /* past the renewal margin of the ~3 s the client counts on */
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("renews"), 1);
    assert_int_equal(dev_state("logins"), 1);
    sleep_ms(2400); /* 4.8 s after the login: a renewal now would end past 8 s */
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("renews"), 1);
    assert_int_equal(dev_state("logins"), 2);
    assert_int_equal(dev_state("renewsRefused"), 0);
    assert_int_equal(dev_state("refused"), 0);
    infisical_client_free(c);
}

static void test_refused_renewal_falls_back_to_login(void **state)
{
    (void)state;
    dev_post("/__dev/settings", "{\"accessTokenTTL\":4,\"accessTokenMaxTTL\":100}");
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    dev_post("/__dev/revoke-tokens", "{}");
    sleep_ms(2500);
    assert_ok(list_once(c, &err), err); /* renew answers 401, login works */
    assert_int_equal(dev_state("renewsRefused"), 1);
    assert_int_equal(dev_state("logins"), 2);
    assert_int_equal(dev_state("renews"), 0);
    infisical_client_free(c);
}

static void test_revoked_on_server_relogin_once(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    dev_post("/__dev/revoke-tokens", "{}");
    assert_ok(list_once(c, &err), err); /* 401, new login, repeated */
    assert_int_equal(dev_state("logins"), 2);

    /* A server that refuses every token: one fresh login, then the error, no loop. */
    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":401,\"times\":5,"
               "\"body\":\"{\\\"statusCode\\\":401,\\\"error\\\":\\\"UnauthorizedError\\\",\\\"message\\\":\\\"No identity access token found\\\"}\"}]");
    assert_int_equal(list_once(c, &err), INFISICAL_EUNAUTHORIZED);
    assert_non_null(strstr(infisical_error_message(err), "No identity access token found"));
    infisical_error_free(err);
    assert_int_equal(dev_state("logins"), 3);
    infisical_client_free(c);
}

static void test_client_revoke(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_client_revoke(c, NULL, &err), err); /* no token yet: nothing sent */
    assert_int_equal(dev_state("revokes"), 0);
    assert_ok(list_once(c, &err), err);
    assert_ok(infisical_client_revoke(c, NULL, &err), err);
    assert_int_equal(dev_state("revokes"), 1);
    assert_ok(list_once(c, &err), err); /* logs in again */
    assert_int_equal(dev_state("logins"), 2);
    infisical_client_free(c);
}

static void test_fixed_token_revoke(void **state)
{
    (void)state;
    char token[1024];
    dev_login(token, sizeof token); /* a token of our own: the long-lived one is shared by tests */
    infisical_client *c = client_token(token), *other = client_token(token);
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    assert_ok(infisical_client_revoke(c, NULL, &err), err);
    assert_int_equal(dev_state("revokes"), 1);

    /* The revoking client says so without a request... */
    long requests = dev_state("requests");
    assert_int_equal(list_once(c, &err), INFISICAL_EUNAUTHORIZED);
    assert_non_null(strstr(infisical_error_message(err), "revoked"));
    infisical_error_free(err);
    assert_int_equal(dev_state("requests"), requests);
    /* ...and another holder of the token hears it from the server, with no login attempt. */
    assert_int_equal(list_once(other, &err), INFISICAL_EUNAUTHORIZED);
    assert_int_equal(infisical_error_http_status(err), 401);
    infisical_error_free(err);
    assert_int_equal(dev_state("logins"), 1); /* only dev_login's */

    infisical_client *garbage = client_token("garbage");
    assert_int_equal(list_once(garbage, &err), INFISICAL_ETOKEN);
    infisical_error_free(err);
    infisical_client_free(garbage);
    infisical_client_free(other);
    infisical_client_free(c);
}

struct slow_login {
    infisical_client *client;
    int rc;
};

static void *log_in(void *arg)
{
    struct slow_login *s = arg;
    infisical_error *err = NULL;
    s->rc = infisical_client_login(s->client, NULL, &err);
    infisical_error_free(err);
    return NULL;
}

static void test_waiting_for_another_threads_login_keeps_the_deadline(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    dev_faults("[{\"path\":\"/api/v1/auth/universal-auth/login\",\"delayMs\":2000}]");
    struct slow_login first = {.client = c};
    pthread_t t;
    pthread_create(&t, NULL, log_in, &first);
    sleep_ms(200); /* the first thread is now inside its slow login */

    /* A second thread's create with a 300 ms deadline does not wait 2 s for it. */
    infisical_northflank_params *p = params_for("hurried", NULL, NULL, NULL);
    infisical_error *err = NULL;
    infisical_call_options *hurried = opts_timeout(300);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(infisical_northflank_create(c, p, NULL, hurried, &err), INFISICAL_ETIMEOUT);
    infisical_call_options_free(hurried);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long took = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (took > 700)
        fail_msg("waited %ld ms for another thread's login with a 300 ms deadline", took);
    assert_non_null(strstr(infisical_error_message(err), "another thread"));
    infisical_error_free(err);

    pthread_join(t, NULL);
    assert_int_equal(first.rc, INFISICAL_OK);
    assert_ok(list_once(c, &err), err); /* and the first thread's token serves everyone */
    assert_int_equal(dev_state("logins"), 1);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_login_once_then_reuse, reset_state),
        cmocka_unit_test_setup(test_token_lifetime, reset_state),
        cmocka_unit_test_setup(test_fixed_token, reset_state),
        cmocka_unit_test_setup(test_bad_credentials, reset_state),
        cmocka_unit_test_setup(test_expired_token_relogin, reset_state),
        cmocka_unit_test_setup(test_expired_token_is_not_renewed, reset_state),
        cmocka_unit_test_setup(test_renews_before_expiry, reset_state),
        cmocka_unit_test_setup(test_max_ttl_forces_login, reset_state),
        cmocka_unit_test_setup(test_renewal_keeps_the_max_ttl_clock, reset_state),
        cmocka_unit_test_setup(test_refused_renewal_falls_back_to_login, reset_state),
        cmocka_unit_test_setup(test_revoked_on_server_relogin_once, reset_state),
        cmocka_unit_test_setup(test_client_revoke, reset_state),
        cmocka_unit_test_setup(test_fixed_token_revoke, reset_state),
        cmocka_unit_test_setup(test_waiting_for_another_threads_login_keeps_the_deadline, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-auth", tests, NULL, NULL);
    dev_stop();
    return failed;
}
