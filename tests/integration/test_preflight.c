/* The Northflank side against the devserver's stand-in: complete listings,
 * the page cap, the preflight report, and create with preflight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

static const char *const ALL[] = {"projects:read", "secret-groups:list", "secret-groups:read-values",
                                  "secret-groups:update"};

/* Register a token with every permission except `missing` (NULL: all). */
static void add_token(const char *token, const char *missing)
{
    char body[512];
    int n = snprintf(body, sizeof body, "{\"token\":\"%s\",\"permissions\":[", token);
    int first = 1;
    for (size_t i = 0; i < 4; i++) {
        if (missing && strcmp(ALL[i], missing) == 0)
            continue;
        n += snprintf(body + n, sizeof body - (size_t)n, "%s\"%s\"", first ? "" : ",", ALL[i]);
        first = 0;
    }
    snprintf(body + n, sizeof body - (size_t)n, "]}");
    dev_post("/__dev/northflank/tokens", body);
}

/* A config whose Northflank URL is the devserver's stand-in. */
static infisical_config *nf_config(void)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_northflank_url(cfg, dev.url, &err), err);
    assert_ok(infisical_config_set_backoff_ms(cfg, 5, 20, &err), err);
    return cfg;
}

static infisical_northflank_api *api_for(infisical_config *cfg, const char *token)
{
    infisical_northflank_api *api = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, token, &err), err);
    infisical_config_free(cfg);
    return api;
}

static void test_complete_listings(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/seed", "{\"projects\":250,\"secretGroups\":120}");
    infisical_northflank_api *api = api_for(nf_config(), dev.northflank_token);
    infisical_northflank_resources *list = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_api_list_projects(api, &list, NULL, &err), err);
    assert_int_equal(infisical_northflank_resources_count(list), 250);
    assert_int_equal(infisical_northflank_resources_pages(list), 3);
    assert_int_equal(infisical_northflank_resources_truncated(list), 0);
    assert_string_equal(infisical_northflank_resources_id(list, 0), "proj-0001");
    assert_string_equal(infisical_northflank_resources_id(list, 249), "proj-0250");
    const char *first = infisical_northflank_resources_id(list, 0);
    infisical_northflank_resources *groups = NULL;
    assert_ok(infisical_northflank_api_list_secret_groups(api, first, &groups, NULL, &err), err);
    assert_int_equal(infisical_northflank_resources_count(groups), 120);
    assert_int_equal(infisical_northflank_resources_pages(groups), 2);
    assert_non_null(infisical_northflank_resources_name(groups, 119));
    assert_int_equal(dev_state("northflankRequests"), 5);
    infisical_northflank_resources_free(groups);
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);
}

static void test_endless_cursor_stops_at_the_cap(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/seed", "{\"projects\":250,\"secretGroups\":0}");
    dev_post("/__dev/northflank/settings", "{\"pagination\":\"endless\"}");
    infisical_config *cfg = nf_config();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_northflank_page_cap(cfg, 7, &err), err);
    infisical_northflank_api *api = api_for(cfg, dev.northflank_token);
    infisical_northflank_resources *list = NULL;
    assert_int_equal(infisical_northflank_api_list_projects(api, &list, NULL, &err), INFISICAL_ETRUNCATED);
    assert_non_null(strstr(infisical_error_message(err), "page cap of 7 pages"));
    assert_non_null(strstr(infisical_error_message(err), "the list is incomplete"));
    infisical_error_free(err);
    /* What was read comes back, marked as cut, never as the whole list. */
    assert_non_null(list);
    assert_int_equal(infisical_northflank_resources_truncated(list), 1);
    assert_int_equal(infisical_northflank_resources_pages(list), 7);
    assert_int_equal(dev_state("northflankRequests"), 7);
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);
}

static void test_has_next_page_without_cursor_stops(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/settings", "{\"pagination\":\"no-cursor\"}");
    infisical_northflank_api *api = api_for(nf_config(), dev.northflank_token);
    infisical_northflank_resources *list = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_api_list_projects(api, &list, NULL, &err), err);
    assert_int_equal(infisical_northflank_resources_count(list), 3);
    assert_int_equal(dev_state("northflankRequests"), 1);
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);
}

static infisical_preflight_report *preflight_of(const char *token, uint32_t flags)
{
    infisical_northflank_api *api = api_for(nf_config(), token);
    infisical_preflight_report *r = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_api_preflight(api, flags, &r, NULL, &err), err);
    infisical_northflank_api_free(api);
    return r;
}

static void test_full_token_passes(void **state)
{
    (void)state;
    infisical_preflight_report *r = preflight_of(dev.northflank_token, INFISICAL_PREFLIGHT_CHECK_WRITE);
    assert_int_equal(infisical_preflight_authenticated(r), 1);
    assert_int_equal(infisical_preflight_passed(r), 1);
    for (uint32_t p = 0; p < INFISICAL_PERMISSION_COUNT; p++)
        if (infisical_preflight_state(r, p) != INFISICAL_CHECK_GRANTED)
            fail_msg("%s", infisical_preflight_summary(r, p));
    assert_string_equal(infisical_preflight_summary(r, INFISICAL_PERMISSION_PROJECTS_READ),
                        "Projects > Manage > Read: granted (GET /v1/projects?per_page=100 answered 200)");
    /* The write probe changed nothing but did reach Northflank. */
    assert_int_equal(dev_state("northflankPatches"), 1);
    infisical_preflight_report_free(r);

    /* Without the write flag, Update is not checked and nothing is written. */
    r = preflight_of(dev.northflank_token, 0);
    assert_int_equal(infisical_preflight_state(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE), INFISICAL_CHECK_NOT_CHECKED);
    assert_non_null(strstr(infisical_preflight_reason(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE), "not asked for"));
    assert_int_equal(infisical_preflight_passed(r), 1);
    assert_int_equal(dev_state("northflankPatches"), 1);
    infisical_preflight_report_free(r);
}

/* The first project a token sees may have no secret group: the preflight
 * looks in the next ones before it gives up on Read Values and Update. */
static void test_preflight_looks_past_the_first_project(void **state)
{
    (void)state;
    dev_post("/__dev/northflank/seed", "{\"projects\":3,\"secretGroups\":0,\"secondProjectGroups\":1}");
    infisical_preflight_report *r = preflight_of(dev.northflank_token, INFISICAL_PREFLIGHT_CHECK_WRITE);
    assert_int_equal(infisical_preflight_passed(r), 1);
    for (uint32_t p = 0; p < INFISICAL_PERMISSION_COUNT; p++)
        if (infisical_preflight_state(r, p) != INFISICAL_CHECK_GRANTED)
            fail_msg("%s", infisical_preflight_summary(r, p));
    assert_non_null(strstr(infisical_preflight_summary(r, INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES),
                           "/v1/projects/proj-0002/secrets/group-0001/details"));
    assert_int_equal(dev_state("northflankPatches"), 1);
    infisical_preflight_report_free(r);

    /* With no group anywhere, it says so rather than guessing. */
    dev_post("/__dev/northflank/seed", "{\"projects\":3,\"secretGroups\":0}");
    long before = dev_state("northflankRequests");
    r = preflight_of(dev.northflank_token, INFISICAL_PREFLIGHT_CHECK_WRITE);
    assert_int_equal(infisical_preflight_state(r, INFISICAL_PERMISSION_SECRET_GROUPS_LIST), INFISICAL_CHECK_GRANTED);
    assert_int_equal(infisical_preflight_state(r, INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES),
                     INFISICAL_CHECK_NOT_CHECKED);
    assert_non_null(strstr(infisical_preflight_reason(r, INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES),
                           "no secret group found"));
    assert_int_equal(dev_state("northflankRequests") - before, 1 + 3); /* the projects, then each one's groups */
    infisical_preflight_report_free(r);
}

static void test_each_missing_permission_is_named(void **state)
{
    (void)state;
    static const uint32_t index_of[] = {INFISICAL_PERMISSION_PROJECTS_READ, INFISICAL_PERMISSION_SECRET_GROUPS_LIST,
                                        INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES,
                                        INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE};
    for (size_t m = 0; m < 4; m++) {
        char token[64];
        snprintf(token, sizeof token, "nf-test-without-%zu-0123456789", m);
        add_token(token, ALL[m]);
        infisical_preflight_report *r = preflight_of(token, INFISICAL_PREFLIGHT_CHECK_WRITE);
        assert_int_equal(infisical_preflight_authenticated(r), 1);
        assert_int_equal(infisical_preflight_passed(r), 0);
        for (uint32_t p = 0; p < INFISICAL_PERMISSION_COUNT; p++) {
            int state_p = infisical_preflight_state(r, p);
            if (p == index_of[m] && state_p != INFISICAL_CHECK_DENIED)
                fail_msg("without %s: %s", ALL[m], infisical_preflight_summary(r, p));
            if (p != index_of[m] && state_p == INFISICAL_CHECK_DENIED)
                fail_msg("without %s, another permission is denied: %s", ALL[m], infisical_preflight_summary(r, p));
        }
        const char *summary = infisical_preflight_summary(r, index_of[m]);
        assert_non_null(strstr(summary, infisical_preflight_permission_name(index_of[m])));
        assert_non_null(strstr(summary, "DENIED"));
        assert_non_null(strstr(summary, "403"));
        infisical_preflight_report_free(r);
    }
}

static void test_invalid_token_does_not_authenticate(void **state)
{
    (void)state;
    infisical_preflight_report *r = preflight_of("nf-never-issued-0123456789abcdef", INFISICAL_PREFLIGHT_CHECK_WRITE);
    assert_int_equal(infisical_preflight_authenticated(r), 0);
    assert_int_equal(infisical_preflight_passed(r), 0);
    for (uint32_t p = 1; p < INFISICAL_PERMISSION_COUNT; p++) {
        assert_int_equal(infisical_preflight_state(r, p), INFISICAL_CHECK_NOT_CHECKED);
        assert_non_null(strstr(infisical_preflight_reason(r, p), "does not authenticate"));
    }
    assert_non_null(strstr(infisical_preflight_reason(r, INFISICAL_PERMISSION_PROJECTS_READ), "401"));
    infisical_preflight_report_free(r);
}

static void test_errors_in_both_shapes(void **state)
{
    (void)state;
    add_token("nf-test-no-projects-0123456789", "projects:read");
    const char *shapes[] = {"{\"errorShape\":\"nested\"}", "{\"errorShape\":\"flat\"}"};
    for (size_t i = 0; i < 2; i++) {
        dev_post("/__dev/northflank/settings", shapes[i]);
        infisical_northflank_api *api = api_for(nf_config(), "nf-test-no-projects-0123456789");
        infisical_northflank_resources *list = NULL;
        infisical_error *err = NULL;
        assert_int_equal(infisical_northflank_api_list_projects(api, &list, NULL, &err), INFISICAL_EPERMISSION);
        assert_null(list);
        assert_int_equal(infisical_error_http_status(err), 403);
        assert_string_equal(infisical_error_request(err), "GET /v1/projects?per_page=100");
        assert_non_null(strstr(infisical_error_message(err), "on Northflank: Insufficient permissions"));
        infisical_error_free(err);
        infisical_northflank_api_free(api);
    }
}

static void test_rate_limit_headers_feed_retries(void **state)
{
    (void)state;
    char faults[512];
    /* Northflank's reset is an epoch time: the window reopens in ~2 s. */
    snprintf(faults, sizeof faults,
             "[{\"path\":\"/v1/projects\",\"status\":429,\"headers\":{\"x-ratelimit-limit\":\"1000\","
             "\"x-ratelimit-remaining\":\"0\",\"x-ratelimit-reset\":\"%lld\"},"
             "\"body\":\"{\\\"error\\\":{\\\"message\\\":\\\"Too many requests\\\"}}\"}]",
             (long long)time(NULL) + 2);
    dev_faults(faults);
    infisical_northflank_api *api = api_for(nf_config(), dev.northflank_token);
    infisical_northflank_resources *list = NULL;
    infisical_error *err = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_ok(infisical_northflank_api_list_projects(api, &list, NULL, &err), err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    assert_true(waited >= 900);
    assert_int_equal(dev_state("northflankRequests"), 2);
    infisical_northflank_resources_free(list);
    infisical_northflank_api_free(api);
}

static void test_outage_is_an_error_not_a_finding(void **state)
{
    (void)state;
    infisical_config *cfg = nf_config();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_max_attempts(cfg, 2, &err), err);
    infisical_client *c = client_from(cfg);
    dev_faults("[{\"path\":\"/v1/projects\",\"status\":503,\"times\":10,"
               "\"body\":\"{\\\"error\\\":{\\\"message\\\":\\\"Service unavailable\\\"}}\"}]");
    infisical_northflank_params *p = params_for("during-outage", NULL, NULL, NULL);
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    /* Northflank says nothing about the token: the create fails with the outage, retryable, not EPREFLIGHT. */
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retryable(err), 1);
    assert_int_equal(infisical_error_attempts(err), 2);
    assert_null(infisical_error_preflight_report(err));
    assert_non_null(strstr(infisical_error_message(err), "on Northflank: Service unavailable"));
    infisical_error_free(err);
    assert_int_equal(dev_state("appConnections"), 0);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_create_with_preflight_keeps_one_deadline(void **state)
{
    (void)state;
    /* Each probe takes 300 ms; the create's own deadline of 700 ms covers them all. */
    dev_faults("[{\"path\":\"/v1/\",\"delayMs\":300,\"times\":20}]");
    infisical_client *c = client_from(nf_config());
    infisical_northflank_params *p = params_for("in-time", NULL, NULL, NULL);
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_params_set_preflight(p, 1, INFISICAL_PREFLIGHT_CHECK_WRITE, &err), err);
    infisical_call_options *o = opts_timeout(700);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(infisical_northflank_create(c, p, NULL, o, &err), INFISICAL_ETIMEOUT);
    infisical_call_options_free(o);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long took = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    if (took > 1100)
        fail_msg("a create with a 700 ms deadline took %ld ms: %s", took, infisical_error_message(err));
    infisical_error_free(err);
    assert_int_equal(dev_state("appConnections"), 0);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_create_with_preflight(void **state)
{
    (void)state;
    add_token("nf-test-no-update-0123456789", "secret-groups:update");
    infisical_client *c = client_from(nf_config());
    infisical_northflank_params *p = params_for("checked", NULL, NULL, "nf-test-no-update-0123456789");
    infisical_error *err = NULL;
    infisical_connection *conn = NULL;

    /* Asked to test writes: refused before Infisical hears of it, with the report. */
    assert_ok(infisical_northflank_params_set_preflight(p, 1, INFISICAL_PREFLIGHT_CHECK_WRITE, &err), err);
    long posts = dev_state("requestsByMethod.POST");
    assert_int_equal(infisical_northflank_create(c, p, &conn, NULL, &err), INFISICAL_EPREFLIGHT);
    assert_null(conn);
    assert_non_null(strstr(infisical_error_message(err), "Config & Secrets > Secret Groups > Update"));
    const infisical_preflight_report *r = infisical_error_preflight_report(err);
    assert_non_null(r);
    assert_int_equal(infisical_preflight_state(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE), INFISICAL_CHECK_DENIED);
    infisical_preflight_report *kept = NULL;
    assert_ok(infisical_preflight_report_dup(&kept, r, NULL), NULL);
    infisical_error_free(err);
    assert_int_equal(infisical_preflight_state(kept, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE), INFISICAL_CHECK_DENIED);
    infisical_preflight_report_free(kept);
    assert_int_equal(dev_state("appConnections"), 0);
    assert_int_equal(dev_state("requestsByMethod.POST") - posts, 0); /* the PATCH probe is not a POST; no create */

    /* Not asked to test writes: Update is not checked, and the create goes ahead. */
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    assert_int_equal(dev_state("appConnections"), 1);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);

    /* A token Northflank does not know is refused by the preflight, not by Infisical. */
    p = params_for("unknown", NULL, NULL, "nf-never-issued-0123456789abcdef");
    assert_ok(infisical_northflank_params_set_preflight(p, 1, 0, &err), err);
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_EPREFLIGHT);
    assert_non_null(strstr(infisical_error_message(err), "Northflank does not accept the token"));
    assert_int_equal(infisical_preflight_authenticated(infisical_error_preflight_report(err)), 0);
    infisical_error_free(err);
    /* Without the preflight the server's own check gives its 400. */
    assert_ok(infisical_northflank_params_set_preflight(p, 0, 0, &err), err);
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_EBADREQUEST);
    assert_non_null(strstr(infisical_error_message(err),
                           "Failed to validate Northflank credentials: Request failed with status code 401"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_complete_listings, reset_state),
        cmocka_unit_test_setup(test_endless_cursor_stops_at_the_cap, reset_state),
        cmocka_unit_test_setup(test_has_next_page_without_cursor_stops, reset_state),
        cmocka_unit_test_setup(test_full_token_passes, reset_state),
        cmocka_unit_test_setup(test_preflight_looks_past_the_first_project, reset_state),
        cmocka_unit_test_setup(test_each_missing_permission_is_named, reset_state),
        cmocka_unit_test_setup(test_invalid_token_does_not_authenticate, reset_state),
        cmocka_unit_test_setup(test_errors_in_both_shapes, reset_state),
        cmocka_unit_test_setup(test_rate_limit_headers_feed_retries, reset_state),
        cmocka_unit_test_setup(test_create_with_preflight, reset_state),
        cmocka_unit_test_setup(test_outage_is_an_error_not_a_finding, reset_state),
        cmocka_unit_test_setup(test_create_with_preflight_keeps_one_deadline, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-preflight", tests, NULL, NULL);
    dev_stop();
    return failed;
}
