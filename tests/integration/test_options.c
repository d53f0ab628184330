/* Per-call options against the devserver: one call on a shared client gets
 * its own deadline, cancel hook and attempts, and the others keep the
 * client's defaults. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define LIST_PATH "\"path\":\"/api/v1/app-connections/northflank\""
#define JSON_503 "\"status\":503,\"body\":\"{\\\"statusCode\\\":503,\\\"error\\\":\\\"Unavailable\\\",\\\"message\\\":\\\"busy\\\"}\""

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int list_with(infisical_client *c, const infisical_call_options *opts, infisical_error **err)
{
    infisical_connection_list *list = NULL;
    int rc = infisical_northflank_list(c, NULL, &list, opts, err);
    infisical_connection_list_free(list);
    return rc;
}

static void test_options_are_checked(void **state)
{
    (void)state;
    infisical_call_options *o = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical_call_options_new(NULL, &err), INFISICAL_EINVAL);
    infisical_error_free(err);
    assert_ok(infisical_call_options_new(&o, &err), err);
    assert_int_equal(infisical_call_options_set_timeout_ms(o, 0, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "timeout_ms");
    infisical_error_free(err);
    assert_int_equal(infisical_call_options_set_timeout_ms(o, 86400001, NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_call_options_set_max_attempts(o, 0, NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_call_options_set_max_attempts(o, 11, NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_call_options_set_timeout_ms(NULL, 5, NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_call_options_set_cancel_hook(NULL, NULL, NULL, NULL), INFISICAL_EINVAL);
    /* Options that override nothing behave like NULL. */
    infisical_client *c = client_ua();
    assert_ok(list_with(c, o, &err), err);
    infisical_client_free(c);
    infisical_call_options_free(o);
    infisical_call_options_free(NULL);
}

/* One call's deadline on a shared client; the next call has the client's. */
static void test_per_call_deadline(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"method\":\"GET\",\"delayMs\":1500,\"times\":2}]");
    infisical_call_options *hurried = opts_timeout(300);
    int64_t t0 = now_ms();
    assert_int_equal(list_with(c, hurried, &err), INFISICAL_ETIMEOUT);
    assert_true(now_ms() - t0 < 900);
    infisical_error_free(err);
    assert_ok(list_with(c, NULL, &err), err); /* the config's 30 s */
    infisical_call_options_free(hurried);
    infisical_client_free(c);
}

/* The deadline covers the token refresh too. */
static void test_deadline_covers_the_login(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    dev_faults("[{\"path\":\"/api/v1/auth/universal-auth/login\",\"delayMs\":2000}]");
    infisical_call_options *hurried = opts_timeout(300);
    int64_t t0 = now_ms();
    assert_int_equal(infisical_client_login(c, hurried, &err), INFISICAL_ETIMEOUT);
    assert_true(now_ms() - t0 < 900);
    infisical_error_free(err);
    infisical_call_options_free(hurried);
    infisical_client_free(c);
}

static int flag_hook(void *user)
{
    return __atomic_load_n((int *)user, __ATOMIC_SEQ_CST);
}

struct slow_call {
    infisical_client *client;
    const infisical_call_options *opts;
    int rc;
    int64_t took;
};

static void *run_list(void *arg)
{
    struct slow_call *s = arg;
    infisical_error *err = NULL;
    int64_t t0 = now_ms();
    s->rc = list_with(s->client, s->opts, &err);
    s->took = now_ms() - t0;
    infisical_error_free(err);
    return NULL;
}

/* One call on a shared client is cancelled alone; the other goes on. */
static void test_per_call_cancel(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"method\":\"GET\",\"delayMs\":1200,\"times\":2}]");
    int stop = 0;
    infisical_call_options *cancellable = NULL;
    assert_ok(infisical_call_options_new(&cancellable, &err), err);
    assert_ok(infisical_call_options_set_cancel_hook(cancellable, flag_hook, &stop, &err), err);
    struct slow_call a = {.client = c, .opts = cancellable}, b = {.client = c, .opts = NULL};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, run_list, &a);
    pthread_create(&tb, NULL, run_list, &b);
    sleep_ms(200);
    __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.rc, INFISICAL_ECANCELLED);
    assert_true(a.took < 700);
    assert_int_equal(b.rc, INFISICAL_OK);
    assert_true(b.took >= 1200);
    infisical_call_options_free(cancellable);
    infisical_client_free(c);
}

static int always(void *user)
{
    (void)user;
    return 1;
}

/* A hook of NULL in the options means "no hook for this call", not "the config's". */
static void test_null_hook_overrides_the_configs(void **state)
{
    (void)state;
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_cancel_hook(cfg, always, NULL, &err), err);
    infisical_client *c = client_from(cfg);
    assert_int_equal(list_with(c, NULL, &err), INFISICAL_ECANCELLED);
    infisical_error_free(err);
    infisical_call_options *o = NULL;
    assert_ok(infisical_call_options_new(&o, &err), err);
    assert_ok(infisical_call_options_set_cancel_hook(o, NULL, NULL, &err), err);
    assert_ok(list_with(c, o, &err), err);
    infisical_call_options_free(o);
    infisical_client_free(c);
}

/* Attempts per call: 1 means no retry for that call only. */
static void test_per_call_attempts(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    infisical_call_options *once = NULL;
    assert_ok(infisical_call_options_new(&once, &err), err);
    assert_ok(infisical_call_options_set_max_attempts(once, 1, &err), err);
    dev_faults("[{" LIST_PATH "," JSON_503 ",\"times\":1}]");
    assert_int_equal(list_with(c, once, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_attempts(err), 1);
    infisical_error_free(err);
    dev_faults("[{" LIST_PATH "," JSON_503 ",\"times\":1}]");
    assert_ok(list_with(c, NULL, &err), err); /* the config's 4 attempts ride it out */
    infisical_call_options_free(once);
    infisical_client_free(c);
}

/* One options object serves every kind of call, the Northflank handle's too. */
static void test_options_on_every_kind_of_call(void **state)
{
    (void)state;
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_northflank_url(cfg, dev.url, &err), err);
    infisical_northflank_api *api = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err), err);
    infisical_client *c = client_from(cfg);
    infisical_call_options *o = opts_timeout(5000);
    infisical_northflank_params *p = params_for("with-options", NULL, NULL, NULL);
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    infisical_connection *conn = NULL, *got = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, o, &err), err);
    assert_ok(infisical_northflank_get(c, infisical_connection_id(conn), &got, o, &err), err);
    infisical_connection_free(got);
    assert_ok(infisical_northflank_get_by_name(c, "with-options", NULL, &got, o, &err), err);
    infisical_connection_free(got);
    infisical_connection_list *list = NULL;
    assert_ok(infisical_northflank_list_available(c, NULL, &list, o, &err), err);
    infisical_connection_list_free(list);
    int offered = 0;
    assert_ok(infisical_northflank_offered(c, &offered, o, &err), err);
    assert_int_equal(offered, 1);
    infisical_northflank_resources *r = NULL;
    assert_ok(infisical_northflank_api_list_projects(api, &r, o, &err), err);
    infisical_northflank_resources_free(r);
    assert_ok(infisical_northflank_api_list_secret_groups(api, "proj-0001", &r, o, &err), err);
    infisical_northflank_resources_free(r);
    infisical_preflight_report *rep = NULL;
    assert_ok(infisical_northflank_api_preflight(api, 0, &rep, o, &err), err);
    infisical_preflight_report_free(rep);
    assert_ok(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, o, &err), err);
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, o, &err), err);
    assert_ok(infisical_client_revoke(c, o, &err), err);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_call_options_free(o);
    infisical_northflank_api_free(api);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_options_are_checked, reset_state),
        cmocka_unit_test_setup(test_per_call_deadline, reset_state),
        cmocka_unit_test_setup(test_deadline_covers_the_login, reset_state),
        cmocka_unit_test_setup(test_per_call_cancel, reset_state),
        cmocka_unit_test_setup(test_null_hook_overrides_the_configs, reset_state),
        cmocka_unit_test_setup(test_per_call_attempts, reset_state),
        cmocka_unit_test_setup(test_options_on_every_kind_of_call, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-options", tests, NULL, NULL);
    dev_stop();
    return failed;
}
