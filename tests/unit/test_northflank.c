/* The Northflank side of the codec: pages and error replies; and the preflight report's getters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

#include "codec/codec.h"
#include "models.h"
#include "util/alloc.h"

static int decode(const char *body, const char *collection, struct infisical_northflank_resources *list,
                  char **cursor, infisical_error **err)
{
    return infisical__decode_northflank_page(body, strlen(body), collection, list, cursor, err);
}

static void page_with_cursor(void **state)
{
    (void)state;
    struct infisical_northflank_resources *list = calloc(1, sizeof *list);
    char *cursor = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode("{\"data\":{\"projects\":[{\"id\":\"p1\",\"uid\":\"u\",\"name\":\"One\",\"lifecycleStatus\":\"x\"},"
                            "{\"id\":\"p2\",\"name\":\"Two\",\"description\":\"d\"}]},"
                            "\"pagination\":{\"hasNextPage\":true,\"cursor\":\"abcdefabcdefabcdefabcdef\",\"count\":2}}",
                            "projects", list, &cursor, &err),
                     INFISICAL_OK);
    assert_string_equal(cursor, "abcdefabcdefabcdefabcdef");
    assert_int_equal(infisical_northflank_resources_count(list), 2);
    assert_string_equal(infisical_northflank_resources_id(list, 1), "p2");
    assert_string_equal(infisical_northflank_resources_name(list, 0), "One");
    assert_null(infisical_northflank_resources_id(list, 2));
    free(cursor);
    /* A second page appends; no hasNextPage ends the walk. */
    assert_int_equal(decode("{\"data\":{\"projects\":[{\"id\":\"p3\",\"name\":\"Three\"}]},\"pagination\":{\"hasNextPage\":false,\"count\":1}}",
                            "projects", list, &cursor, &err),
                     INFISICAL_OK);
    assert_null(cursor);
    assert_int_equal(infisical_northflank_resources_count(list), 3);
    infisical_northflank_resources_free(list);
}

static void stop_rules(void **state)
{
    (void)state;
    struct infisical_northflank_resources list = {0};
    char *cursor = (char *)"unchanged";
    infisical_error *err = NULL;
    /* hasNextPage without a cursor, an empty cursor, a false flag with a cursor, no pagination: all stop. */
    const char *bodies[] = {
        "{\"data\":{\"secrets\":[]},\"pagination\":{\"hasNextPage\":true}}",
        "{\"data\":{\"secrets\":[]},\"pagination\":{\"hasNextPage\":true,\"cursor\":\"\"}}",
        "{\"data\":{\"secrets\":[]},\"pagination\":{\"hasNextPage\":false,\"cursor\":\"c\"}}",
        "{\"data\":{\"secrets\":[]}}",
        "{\"data\":{\"secrets\":[]},\"pagination\":{\"hasNextPage\":\"true\",\"cursor\":\"c\"}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        assert_int_equal(decode(bodies[i], "secrets", &list, &cursor, &err), INFISICAL_OK);
        assert_null(cursor);
    }
}

static void malformed_pages(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *message;
    } rows[] = {
        {"[]", "malformed reply: the top level is an array, expected an object"},
        {"{}", "malformed reply: data is missing, expected an object"},
        {"{\"data\":{}}", "malformed reply: data.projects is missing, expected an array"},
        {"{\"data\":{\"projects\":[{\"name\":\"x\"}]}}", "malformed reply: data.projects[0].id is missing, expected a string"},
        {"{\"data\":{\"projects\":[{\"id\":\"a\",\"name\":\"x\"},{\"id\":\"b\",\"name\":7}]}}",
         "malformed reply: data.projects[1].name is a number, expected a string"},
        {"{\"data\":{\"projects\":[]},\"pagination\":[]}", "malformed reply: pagination is an array, expected an object"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct infisical_northflank_resources list = {0};
        char *cursor = NULL;
        infisical_error *err = NULL;
        assert_int_equal(decode(rows[i].body, "projects", &list, &cursor, &err), INFISICAL_EPROTOCOL);
        ASSERT_STR(infisical_error_message(err), rows[i].message);
        infisical_error_free(err);
        infisical__resources_clear(&list);
    }
}

static infisical_error *nf_error(long status, const char *body)
{
    return infisical__decode_northflank_error(status, body, strlen(body), "GET /v1/projects", NULL);
}

static void error_shapes(void **state)
{
    (void)state;
    infisical_error *e = nf_error(403, "{\"error\":{\"status\":403,\"message\":\"Insufficient permissions\",\"details\":{}}}");
    assert_int_equal(infisical_error_code(e), INFISICAL_EPERMISSION);
    ASSERT_STR(infisical_error_message(e), "GET /v1/projects on Northflank: Insufficient permissions (HTTP 403)");
    ASSERT_STR(infisical_error_request(e), "GET /v1/projects");
    assert_null(infisical_error_details_json(e));
    infisical_error_free(e);

    e = nf_error(401, "{\"message\":\"Unauthorized: invalid API token\"}");
    assert_int_equal(infisical_error_code(e), INFISICAL_EUNAUTHORIZED);
    ASSERT_STR(infisical_error_message(e), "GET /v1/projects on Northflank: Unauthorized: invalid API token (HTTP 401)");
    infisical_error_free(e);

    e = nf_error(400, "{\"error\":{\"message\":\"Validation failed\",\"details\":{\"per_page\":[\"must be at most 100\",\"must be a number\"]}}}");
    assert_int_equal(infisical_error_code(e), INFISICAL_EBADREQUEST);
    assert_int_equal(infisical_error_issue_count(e), 2);
    ASSERT_STR(infisical_error_issue_path(e, 0), "per_page");
    ASSERT_STR(infisical_error_issue_message(e, 1), "must be a number");
    ASSERT_STR(infisical_error_details_json(e), "{\"per_page\":[\"must be at most 100\",\"must be a number\"]}");
    infisical_error_free(e);

    e = nf_error(429, "{\"message\":\"Too many requests\"}");
    assert_int_equal(infisical_error_code(e), INFISICAL_ERATELIMIT);
    assert_int_equal(infisical_error_retryable(e), 1);
    infisical_error_free(e);

    e = nf_error(502, "<html>bad gateway</html>");
    assert_int_equal(infisical_error_code(e), INFISICAL_ESERVER);
    ASSERT_STR(infisical_error_message(e), "GET /v1/projects on Northflank: HTTP 502 with a non-JSON body (24 bytes)");
    infisical_error_free(e);

    e = nf_error(404, "{\"error\":{\"message\":\"Not found\"}}");
    assert_int_equal(infisical_error_code(e), INFISICAL_ENOTFOUND);
    infisical_error_free(e);
}

static void report_getters(void **state)
{
    (void)state;
    assert_string_equal(infisical_preflight_permission_name(INFISICAL_PERMISSION_PROJECTS_READ), "Projects > Manage > Read");
    assert_string_equal(infisical_preflight_permission_name(INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE),
                        "Config & Secrets > Secret Groups > Update");
    assert_null(infisical_preflight_permission_name(INFISICAL_PERMISSION_COUNT));
    /* Total getters: NULL and out-of-range give "nothing known", never a status code. */
    assert_int_equal(infisical_preflight_state(NULL, 0), INFISICAL_CHECK_UNKNOWN);
    assert_int_equal(infisical_preflight_passed(NULL), 0);
    assert_int_equal(infisical_preflight_authenticated(NULL), 0);

    struct infisical_preflight_report *r = calloc(1, sizeof *r);
    r->authenticated = 1;
    for (int p = 0; p < INFISICAL_PERMISSION_COUNT; p++)
        r->state[p] = INFISICAL_CHECK_GRANTED;
    r->state[INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE] = INFISICAL_CHECK_NOT_CHECKED;
    assert_int_equal(infisical_preflight_passed(r), 1); /* not checked does not count against */
    r->state[INFISICAL_PERMISSION_SECRET_GROUPS_LIST] = INFISICAL_CHECK_DENIED;
    assert_int_equal(infisical_preflight_passed(r), 0);
    r->state[INFISICAL_PERMISSION_SECRET_GROUPS_LIST] = INFISICAL_CHECK_GRANTED;
    r->authenticated = 0;
    assert_int_equal(infisical_preflight_passed(r), 0);
    assert_int_equal(infisical_preflight_state(r, 4), INFISICAL_CHECK_UNKNOWN);
    assert_int_equal(infisical_preflight_state(r, UINT32_MAX), INFISICAL_CHECK_UNKNOWN);
    assert_int_equal(infisical_preflight_authenticated(r), 0);
    infisical_preflight_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(page_with_cursor),
        cmocka_unit_test(stop_rules),
        cmocka_unit_test(malformed_pages),
        cmocka_unit_test(error_shapes),
        cmocka_unit_test(report_getters),
    };
    return cmocka_run_group_tests_name("unit-northflank", tests, NULL, NULL);
}
