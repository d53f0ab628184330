/* Every allocation the library makes on a whole lifecycle fails in turn (the
 * first, then the second, ...): each call must fail with INFISICAL_ENOMEM or
 * succeed, never crash, never leak (valgrind runs this too), and leave the
 * client usable. libcurl's and jansson's own allocations are theirs: the
 * library never replaces their allocators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "util/alloc.h"

/* rc must be OK or ENOMEM, and agree with err; returns 1 when OK. */
static int ok_or_oom(const char *what, int rc, infisical_error *err, unsigned long n)
{
    if (rc != INFISICAL_OK && rc != INFISICAL_ENOMEM)
        fail_msg("allocation %lu failing: %s gave %d (%s)", n, what, rc, infisical_error_message(err));
    if (rc != infisical_error_code(err))
        fail_msg("allocation %lu failing: %s returned %d but its error says %d", n, what, rc, infisical_error_code(err));
    infisical_error_free(err);
    return rc == INFISICAL_OK;
}

/* One lifecycle; returns 1 when every step succeeded. */
static int lifecycle(infisical_config *cfg, unsigned long n)
{
    infisical_client *c = NULL;
    infisical_northflank_params *p = NULL;
    infisical_connection *conn = NULL;
    infisical_connection_list *list = NULL;
    infisical_northflank_api *api = NULL;
    infisical_preflight_report *report = NULL;
    int all = 0;
    /* The call runs before err is looked at: argument order is unspecified. */
#define STEP(what, call)                                   \
    do {                                                   \
        infisical_error *err = NULL;                       \
        int rc_ = (call);                                  \
        if (!ok_or_oom(what, rc_, err, n))                 \
            goto out;                                      \
    } while (0)
    STEP("client_new", infisical_client_new(&c, cfg, &err));
    STEP("params", infisical_northflank_params_new(&p, &err));
    STEP("set_name", infisical_northflank_params_set_name(p, "chaos", &err));
    STEP("set_token", infisical_northflank_params_set_api_token(p, dev.northflank_token, &err));
    STEP("create", infisical_northflank_create(c, p, &conn, NULL, &err));
    STEP("list", infisical_northflank_list(c, NULL, &list, NULL, &err));
    STEP("update", infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err));
    STEP("delete", infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err));
    STEP("api_new", infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err));
    STEP("preflight", infisical_northflank_api_preflight(api, 0, &report, NULL, &err));
#undef STEP
    all = 1;
out:
    infisical_preflight_report_free(report);
    infisical_northflank_api_free(api);
    infisical_connection_list_free(list);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
    return all;
}

/* sticky: from the nth allocation on, every one fails; else only the nth. */
static void run(int sticky)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_northflank_url(cfg, dev.url, &err), err);
    assert_ok(infisical_config_set_log(cfg, NULL, NULL, 0, &err), err);
    unsigned long n, made = 0;
    int done = 0;
    for (n = 1; n < 20000; n++) {
        dev_post("/__dev/reset", "{}");
        if (sticky)
            infisical__alloc_fail_after(n);
        else
            infisical__alloc_fail_only(n);
        done = lifecycle(cfg, n);
        made = infisical__alloc_fail_after(0); /* allocations made, and failures off */
        if (made < n)
            break; /* the nth allocation never came: that was a clean run */
    }
    assert_true(n < 20000);
    if (!done)
        fail_msg("the clean run (%lu allocations) did not complete", made);
    print_message("%s: a lifecycle makes %lu allocations; a failure at each one was handled\n",
                  sticky ? "every allocation from the nth on fails" : "only the nth allocation fails", made);
    infisical_config_free(cfg);
}

static void test_every_allocation_fails_in_turn(void **state)
{
    (void)state;
    run(1);
}

static void test_one_transient_failure_at_each_allocation(void **state)
{
    (void)state;
    run(0);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_allocation_fails_in_turn),
        cmocka_unit_test(test_one_transient_failure_at_each_allocation),
    };
    int failed = cmocka_run_group_tests_name("integration-chaos", tests, NULL, NULL);
    dev_stop();
    return failed;
}
