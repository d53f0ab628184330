/* Every Northflank connection operation against the devserver, end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static const char *devserver_path;

static infisical_connection *create(infisical_client *c, const char *name, const char *description,
                                    const char *project_id)
{
    infisical_northflank_params *p = params_for(name, description, project_id, NULL);
    infisical_connection *conn = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    infisical_northflank_params_free(p);
    return conn;
}

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static void test_create_org_level(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_connection *conn = create(c, "  my-northflank  ", "deploys", NULL);
    assert_int_equal(strlen(infisical_connection_id(conn)), 36);
    assert_string_equal(infisical_connection_name(conn), "my-northflank");
    assert_string_equal(infisical_connection_description(conn), "deploys");
    assert_string_equal(infisical_connection_app(conn), "northflank");
    assert_string_equal(infisical_connection_method(conn), "api-token");
    assert_null(infisical_connection_project_id(conn));
    assert_string_equal(infisical_connection_org_id(conn), dev.org_id);
    assert_int_equal(infisical_connection_version(conn), 1);
    assert_true(is_hex64(infisical_connection_credentials_hash(conn)));
    assert_int_equal(infisical_connection_is_platform_managed_credentials(conn), 0);
    assert_null(infisical_connection_gateway_id(conn));
    assert_non_null(infisical_connection_created_at(conn));
    /* Created within the last day, by the server's clock. */
    assert_true(infisical_connection_created_at_ms(conn) > 1700000000000LL);
    assert_true(infisical_connection_updated_at_ms(conn) >= infisical_connection_created_at_ms(conn));
    assert_int_equal(dev_state("appConnections"), 1);
    infisical_connection_free(conn);
    infisical_client_free(c);
}

static void test_create_project_level_and_lookups(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *proj = create(c, "shared", NULL, dev.project_id);
    infisical_connection *org = create(c, "shared", NULL, NULL); /* same name, other scope: allowed */
    assert_string_equal(infisical_connection_project_id(proj), dev.project_id);
    assert_null(infisical_connection_description(proj));

    infisical_connection *got = NULL;
    assert_ok(infisical_northflank_get(c, infisical_connection_id(proj), &got, NULL, &err), err);
    assert_string_equal(infisical_connection_id(got), infisical_connection_id(proj));
    assert_string_equal(infisical_connection_credentials_hash(got), infisical_connection_credentials_hash(proj));
    infisical_connection_free(got);

    assert_ok(infisical_northflank_get_by_name(c, "shared", dev.project_id, &got, NULL, &err), err);
    assert_string_equal(infisical_connection_id(got), infisical_connection_id(proj));
    infisical_connection_free(got);
    assert_ok(infisical_northflank_get_by_name(c, "shared", NULL, &got, NULL, &err), err);
    assert_string_equal(infisical_connection_id(got), infisical_connection_id(org));
    infisical_connection_free(got);

    infisical_connection_free(proj);
    infisical_connection_free(org);
    infisical_client_free(c);
}

static void test_get_by_name_scope_and_escaping(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *conn = create(c, "only-in-project", NULL, dev.project_id), *got = NULL;

    assert_int_equal(infisical_northflank_get_by_name(c, "only-in-project", NULL, &got, NULL, &err), INFISICAL_ENOTFOUND);
    assert_null(got);
    assert_int_equal(infisical_error_http_status(err), 404);
    assert_non_null(strstr(infisical_error_message(err), "in organization scope"));
    assert_non_null(infisical_error_request_id(err));
    infisical_error_free(err);

    /* A name that looks like a path never leaves its segment: the server sees a name lookup. */
    const char *tricky[] = {"../x", "a/b", "..", "a?b=c", "a#b", "%2e%2e"};
    for (size_t i = 0; i < sizeof tricky / sizeof tricky[0]; i++) {
        err = NULL;
        assert_int_equal(infisical_northflank_get_by_name(c, tricky[i], NULL, &got, NULL, &err), INFISICAL_ENOTFOUND);
        char expected[128];
        snprintf(expected, sizeof expected, "Could not find App Connection with name %s in organization scope",
                 tricky[i]);
        if (!strstr(infisical_error_message(err), expected))
            fail_msg("name %s: %s", tricky[i], infisical_error_message(err));
        infisical_error_free(err);
    }
    infisical_connection_free(conn);
    infisical_client_free(c);
}

static void test_list_and_available(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *a = create(c, "zeta", NULL, NULL);
    infisical_connection *b = create(c, "alpha", "first", NULL);
    infisical_connection *p = create(c, "middle", NULL, dev.project_id);

    infisical_connection_list *list = NULL;
    assert_ok(infisical_northflank_list(c, NULL, &list, NULL, &err), err);
    assert_int_equal(infisical_connection_list_count(list), 3);
    assert_string_equal(infisical_connection_name(infisical_connection_list_at(list, 0)), "alpha");
    assert_string_equal(infisical_connection_name(infisical_connection_list_at(list, 1)), "middle");
    assert_string_equal(infisical_connection_name(infisical_connection_list_at(list, 2)), "zeta");
    assert_string_equal(infisical_connection_description(infisical_connection_list_at(list, 0)), "first");
    assert_null(infisical_connection_list_at(list, 3));
    infisical_connection_list_free(list);

    assert_ok(infisical_northflank_list(c, dev.project_id, &list, NULL, &err), err);
    assert_int_equal(infisical_connection_list_count(list), 1);
    const infisical_connection *only = infisical_connection_list_at(list, 0);
    assert_string_equal(infisical_connection_id(only), infisical_connection_id(p));
    assert_string_equal(infisical_connection_project_id(only), dev.project_id);
    /* A copy outlives its list. */
    infisical_connection *kept = NULL;
    assert_ok(infisical_connection_dup(&kept, only, &err), err);
    infisical_connection_list_free(list);
    assert_string_equal(infisical_connection_name(kept), "middle");
    infisical_connection_free(kept);

    assert_ok(infisical_northflank_list_available(c, NULL, &list, NULL, &err), err);
    assert_int_equal(infisical_connection_list_count(list), 2); /* org-level only */
    assert_string_equal(infisical_connection_name(infisical_connection_list_at(list, 0)), "alpha");
    assert_int_equal(infisical_connection_version(infisical_connection_list_at(list, 0)), 0); /* reduced shape */
    assert_null(infisical_connection_created_at(infisical_connection_list_at(list, 0)));
    infisical_connection_list_free(list);
    assert_ok(infisical_northflank_list_available(c, dev.project_id, &list, NULL, &err), err);
    assert_int_equal(infisical_connection_list_count(list), 3);
    infisical_connection_list_free(list);

    infisical_connection_free(a);
    infisical_connection_free(b);
    infisical_connection_free(p);
    infisical_client_free(c);
}

static void test_update_rename_describe_rotate(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *v1 = create(c, "before", "old words", NULL), *v2 = NULL, *v3 = NULL, *v4 = NULL;
    const char *id = infisical_connection_id(v1);
    infisical_northflank_params *p;

    /* Rename only: the description is left as it was, the credentials untouched. */
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    assert_ok(infisical_northflank_params_set_name(p, "after", &err), err);
    assert_ok(infisical_northflank_update(c, id, p, &v2, NULL, &err), err);
    infisical_northflank_params_free(p);
    assert_string_equal(infisical_connection_name(v2), "after");
    assert_string_equal(infisical_connection_description(v2), "old words");
    int changed = -1;
    assert_ok(infisical_connection_credentials_changed(v1, v2, &changed, &err), err);
    assert_int_equal(changed, 0);

    /* Clear the description: null, not "leave unchanged". */
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    assert_ok(infisical_northflank_params_set_description(p, NULL, &err), err);
    assert_ok(infisical_northflank_update(c, id, p, &v3, NULL, &err), err);
    infisical_northflank_params_free(p);
    assert_null(infisical_connection_description(v3));
    assert_string_equal(infisical_connection_name(v3), "after");

    /* Rotate the token (the same one re-submitted still changes the hash). */
    const char *stored_hash = infisical_connection_credentials_hash(v3);
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    assert_ok(infisical_northflank_params_set_api_token(p, dev.northflank_token, &err), err);
    assert_ok(infisical_northflank_update(c, id, p, &v4, NULL, &err), err);
    infisical_northflank_params_free(p);
    assert_true(infisical_connection_version(v4) > infisical_connection_version(v3));
    assert_ok(infisical_connection_credentials_changed(v3, v4, &changed, &err), err);
    assert_int_equal(changed, 1);
    assert_ok(infisical_connection_credentials_changed_since(v4, stored_hash, &changed, &err), err);
    assert_int_equal(changed, 1);
    assert_ok(infisical_connection_credentials_changed_since(v4, infisical_connection_credentials_hash(v4), &changed,
                                                             &err), err);
    assert_int_equal(changed, 0);
    /* Snapshots of different connections are not comparable: a status, never a "yes". */
    infisical_connection *other = create(c, "other", NULL, NULL);
    changed = -1;
    assert_int_equal(infisical_connection_credentials_changed(v4, other, &changed, &err), INFISICAL_EINVAL);
    assert_int_equal(changed, 0);
    infisical_error_free(err);
    err = NULL;
    /* A stored hash past its limit is refused as one. */
    char long_hash[INFISICAL_CREDENTIALS_HASH_MAX + 2];
    memset(long_hash, 'a', sizeof long_hash - 1);
    long_hash[sizeof long_hash - 1] = '\0';
    assert_int_equal(infisical_connection_credentials_changed_since(v4, long_hash, &changed, &err), INFISICAL_EINVAL);
    assert_non_null(strstr(infisical_error_message(err), "stored_hash"));
    infisical_error_free(err);
    err = NULL;
    long_hash[INFISICAL_CREDENTIALS_HASH_MAX] = '\0';
    assert_ok(infisical_connection_credentials_changed_since(v4, long_hash, &changed, &err), err);
    assert_int_equal(changed, 1);

    infisical_connection_free(other);
    infisical_connection_free(v1);
    infisical_connection_free(v2);
    infisical_connection_free(v3);
    infisical_connection_free(v4);
    infisical_client_free(c);
}

static void test_delete_returns_record(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *conn = create(c, "doomed", NULL, NULL), *deleted = NULL, *got = NULL;
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), &deleted, NULL, &err), err);
    assert_string_equal(infisical_connection_id(deleted), infisical_connection_id(conn));
    assert_string_equal(infisical_connection_name(deleted), "doomed");
    assert_int_equal(infisical_northflank_get(c, infisical_connection_id(conn), &got, NULL, &err), INFISICAL_ENOTFOUND);
    assert_non_null(strstr(infisical_error_message(err), "Could not find App Connection with ID"));
    infisical_error_free(err);
    err = NULL;
    assert_int_equal(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    assert_int_equal(dev_state("appConnections"), 0);
    infisical_connection_free(conn);
    infisical_connection_free(deleted);
    infisical_client_free(c);
}

static void test_server_rejections(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *out = NULL, *first = create(c, "taken", NULL, NULL);

    infisical_northflank_params *p = params_for("fresh", NULL, NULL, "not-a-northflank-token");
    assert_int_equal(infisical_northflank_create(c, p, &out, NULL, &err), INFISICAL_EBADREQUEST);
    assert_null(out);
    assert_int_equal(infisical_error_http_status(err), 400);
    assert_string_equal(infisical_error_server_error(err), "BadRequest");
    assert_non_null(strstr(infisical_error_message(err), "Failed to validate Northflank credentials"));
    /* The rejected token never appears in what the caller is told. */
    assert_null(strstr(infisical_error_message(err), "not-a-northflank-token"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);

    p = params_for("taken", NULL, NULL, NULL);
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_EBADREQUEST);
    assert_non_null(strstr(infisical_error_message(err), "An App Connection with the name \"taken\" already exists"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);

    p = params_for("elsewhere", NULL, "4d7a1c3e-0000-4000-8000-000000000000", NULL);
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_EBADREQUEST);
    assert_non_null(strstr(infisical_error_message(err), "Could not find project with ID"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);

    infisical_connection_free(first);
    infisical_client_free(c);
}

static void test_client_side_validation_sends_nothing(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    infisical_connection *out = NULL;
    long before = dev_state("requests");

    infisical_northflank_params *p;
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    assert_int_equal(infisical_northflank_create(c, p, &out, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "name");
    infisical_error_free(err);
    assert_ok(infisical_northflank_params_set_name(p, "ok-name", &err), err);
    assert_int_equal(infisical_northflank_create(c, p, &out, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "credentials.apiToken");
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_params_set_name(p, "Bad Name", &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_message(err), "name: name field can only contain lowercase letters, numbers, and hyphens");
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_get(c, "not-a-uuid", &out, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "connectionId");
    infisical_error_free(err);
    assert_ok(infisical_northflank_params_set_project_id(p, dev.project_id, &err), err);
    assert_int_equal(infisical_northflank_update(c, "4d7a1c3e-0000-4000-8000-000000000000", p, &out, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "projectId");
    infisical_error_free(err);
    infisical_northflank_params_free(p);
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    assert_int_equal(infisical_northflank_update(c, "4d7a1c3e-0000-4000-8000-000000000000", p, &out, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "params");
    infisical_error_free(err);
    infisical_northflank_params_free(p);

    assert_int_equal(dev_state("requests"), before);
    infisical_client_free(c);
}

/* ------------------------------------------------------------------ argument limits */

static char *filled(size_t n, char c)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* rc is INFISICAL_EINVAL about `path` with `text`, and the devserver saw no request since `before`. */
static void expect_refused_unsent(int rc, infisical_error *err, const char *path, const char *text, long before)
{
    char message[256];
    snprintf(message, sizeof message, "%s: %s", path, text);
    if (rc != INFISICAL_EINVAL || !err || strcmp(infisical_error_message(err), message) != 0 ||
        infisical_error_issue_count(err) != 1 || strcmp(infisical_error_issue_path(err, 0), path) != 0)
        fail_msg("expected %s, got %d %.200s", message, rc, err ? infisical_error_message(err) : "(no error)");
    infisical_error_free(err);
    assert_int_equal(dev_state("requests"), before);
}

/* rc is not a client-side refusal, and exactly one request reached the devserver since `before`. */
static void expect_sent_once(int rc, infisical_error *err, long before)
{
    if (rc == INFISICAL_EINVAL)
        fail_msg("refused: %s", infisical_error_message(err));
    infisical_error_free(err);
    assert_int_equal(dev_state("requests"), before + 1);
}

/* Make the call (which passes &err) before looking at err: the order of a
 * call's arguments is unspecified. */
#define REFUSED_UNSENT(call, path, text, before)                 \
    do {                                                          \
        infisical_error *err = NULL;                              \
        int rc_ = (call);                                         \
        expect_refused_unsent(rc_, err, path, text, before);      \
    } while (0)
#define SENT_ONCE(call, before)                                   \
    do {                                                          \
        infisical_error *err = NULL;                              \
        int rc_ = (call);                                         \
        expect_sent_once(rc_, err, before);                       \
    } while (0)

/* The hardening issue's case: a 10 MB name given to get_by_name used to go
 * out and come back as a retryable INFISICAL_ENETWORK. Every string argument
 * of an operation is now measured first and refused above its limit, with
 * nothing sent; exactly at the limit it is sent. */
static void test_argument_limits_send_nothing(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_connection *out = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_list(c, NULL, &list, NULL, &err), err); /* logged in: later counts are the calls' own */
    infisical_connection_list_free(list);
    list = NULL;

    char *ten_mb = filled(10u * 1024 * 1024, 'a');
    char *name_at = filled(INFISICAL_NAME_BYTES_MAX, 'n'), *name_over = filled(INFISICAL_NAME_BYTES_MAX + 1, 'n');
    char *pid_at = filled(INFISICAL_PROJECT_ID_MAX, 'p'), *pid_over = filled(INFISICAL_PROJECT_ID_MAX + 1, 'p');
    char *id_over = filled(INFISICAL_CONNECTION_ID_MAX + 1, 'a');
    const char *id_at = "4d7a1c3e-0000-4000-8000-000000000000";
    assert_int_equal(strlen(id_at), INFISICAL_CONNECTION_ID_MAX);
    static const char NAME_OVER[] = "must be at most 256 bytes";
    static const char PID_OVER[] = "must be at most 256 bytes";
    static const char ID_OVER[] = "must be at most 36 bytes";
    long before = dev_state("requests");

    /* get_by_name: the name */
    REFUSED_UNSENT(infisical_northflank_get_by_name(c, ten_mb, NULL, &out, NULL, &err), "connectionName",
                   NAME_OVER, before);
    REFUSED_UNSENT(infisical_northflank_get_by_name(c, name_over, NULL, &out, NULL, &err), "connectionName",
                   NAME_OVER, before);
    static const struct {
        const char *in, *why;
    } bad_names[] = {
        {"a\r\nX-Evil: 1", "must not contain control characters"},
        {"a\tb", "must not contain control characters"},
        {"a\x7f", "must not contain control characters"},
        {"a\xff", "is not valid UTF-8"},
        {"  ", "must not be empty"},
    };
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        REFUSED_UNSENT(infisical_northflank_get_by_name(c, bad_names[i].in, NULL, &out, NULL, &err),
                       "connectionName", bad_names[i].why, before);
    }
    SENT_ONCE(infisical_northflank_get_by_name(c, name_at, NULL, &out, NULL, &err), before);
    assert_null(out);

    /* get_by_name, list and list_available: the project id */
    before = dev_state("requests");
    REFUSED_UNSENT(infisical_northflank_get_by_name(c, "x", pid_over, &out, NULL, &err), "projectId", PID_OVER,
                   before);
    REFUSED_UNSENT(infisical_northflank_get_by_name(c, "x", ten_mb, &out, NULL, &err), "projectId", PID_OVER,
                   before);
    REFUSED_UNSENT(infisical_northflank_list(c, pid_over, &list, NULL, &err), "projectId", PID_OVER, before);
    REFUSED_UNSENT(infisical_northflank_list_available(c, ten_mb, &list, NULL, &err), "projectId", PID_OVER,
                   before);
    REFUSED_UNSENT(infisical_northflank_list(c, "p\nq", &list, NULL, &err), "projectId",
                   "must not contain control characters", before);
    REFUSED_UNSENT(infisical_northflank_list_available(c, "p\xc3", &list, NULL, &err), "projectId",
                   "is not valid UTF-8", before);
    SENT_ONCE(infisical_northflank_get_by_name(c, "x", pid_at, &out, NULL, &err), before);
    before = dev_state("requests");
    SENT_ONCE(infisical_northflank_list(c, pid_at, &list, NULL, &err), before);
    infisical_connection_list_free(list);
    list = NULL;
    before = dev_state("requests");
    SENT_ONCE(infisical_northflank_list_available(c, pid_at, &list, NULL, &err), before);
    infisical_connection_list_free(list);
    list = NULL;

    /* get, update, delete: the connection id */
    infisical_northflank_params *p = params_for("renamed", NULL, NULL, NULL);
    before = dev_state("requests");
    const char *const ids[] = {id_over, ten_mb};
    for (size_t i = 0; i < 2; i++) {
        REFUSED_UNSENT(infisical_northflank_get(c, ids[i], &out, NULL, &err), "connectionId", ID_OVER, before);
        REFUSED_UNSENT(infisical_northflank_update(c, ids[i], p, &out, NULL, &err), "connectionId", ID_OVER,
                       before);
        REFUSED_UNSENT(infisical_northflank_delete(c, ids[i], &out, NULL, &err), "connectionId", ID_OVER,
                       before);
    }
    SENT_ONCE(infisical_northflank_get(c, id_at, &out, NULL, &err), before);
    before = dev_state("requests");
    SENT_ONCE(infisical_northflank_delete(c, id_at, &out, NULL, &err), before);
    infisical_northflank_params_free(p);

    free(ten_mb);
    free(name_at);
    free(name_over);
    free(pid_at);
    free(pid_over);
    free(id_over);
    infisical_client_free(c);
}

/* The hardening issue's other case: a 1 MB fixed token used to be accepted,
 * then fail every call with INFISICAL_ENOMEM. It is refused where it is set;
 * a token at the limit is sent and answered. */
static void test_token_limits(void **state)
{
    (void)state;
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    char *mb = filled(1024 * 1024, 't');
    long before = dev_state("requests");
    REFUSED_UNSENT(infisical_config_set_access_token(cfg, mb, &err), "access_token",
                   "must be at most 16384 bytes", before);
    free(mb);

    char *at = filled(INFISICAL_ACCESS_TOKEN_MAX, 't');
    err = NULL;
    assert_ok(infisical_config_set_access_token(cfg, at, &err), err);
    free(at);
    infisical_client *c = client_from(cfg);
    infisical_connection_list *list = NULL;
    err = NULL;
    int rc = infisical_northflank_list(c, NULL, &list, NULL, &err);
    /* the devserver does not know the token: an answer from it, not a local failure */
    if (rc != INFISICAL_EUNAUTHORIZED && rc != INFISICAL_ETOKEN)
        fail_msg("a token at the limit: %d %s", rc, infisical_error_message(err));
    assert_true(infisical_error_http_status(err) > 0);
    infisical_error_free(err);
    assert_true(dev_state("requests") > before);
    infisical_client_free(c);
}

/* The Northflank handle: its token and list_secret_groups' project id. */
static void test_northflank_api_limits(void **state)
{
    (void)state;
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_northflank_url(cfg, dev.url, &err), err);
    infisical_northflank_api *api = NULL;
    long before = dev_state("requests");

    char *token_over = filled(INFISICAL_NORTHFLANK_TOKEN_MAX + 1, 't');
    REFUSED_UNSENT(infisical_northflank_api_new(&api, cfg, token_over, &err), "api_token",
                   "must be at most 16384 bytes", before);
    assert_null(api);
    free(token_over);
    REFUSED_UNSENT(infisical_northflank_api_new(&api, cfg, "tok\r\nX-Evil: 1", &err), "api_token",
                   "must not contain control characters", before);
    char *token_at = filled(INFISICAL_NORTHFLANK_TOKEN_MAX, 't');
    err = NULL;
    assert_ok(infisical_northflank_api_new(&api, cfg, token_at, &err), err);
    infisical_northflank_api_free(api);
    free(token_at);

    assert_ok(infisical_northflank_api_new(&api, cfg, dev.northflank_token, &err), err);
    infisical_config_free(cfg);
    char *pid_at = filled(INFISICAL_NORTHFLANK_PROJECT_ID_MAX, 'p');
    char *pid_over = filled(INFISICAL_NORTHFLANK_PROJECT_ID_MAX + 1, 'p');
    char *ten_mb = filled(10u * 1024 * 1024, 'p');
    infisical_northflank_resources *groups = NULL;
    REFUSED_UNSENT(infisical_northflank_api_list_secret_groups(api, pid_over, &groups, NULL, &err),
                   "project_id", "must be at most 256 bytes", before);
    REFUSED_UNSENT(infisical_northflank_api_list_secret_groups(api, ten_mb, &groups, NULL, &err), "project_id",
                   "must be at most 256 bytes", before);
    REFUSED_UNSENT(infisical_northflank_api_list_secret_groups(api, "p\tq", &groups, NULL, &err),
                   "project_id", "must not contain control characters", before);
    assert_null(groups);
    err = NULL;
    int rc = infisical_northflank_api_list_secret_groups(api, pid_at, &groups, NULL, &err);
    infisical_northflank_resources_free(groups);
    expect_sent_once(rc, err, before);
    free(pid_at);
    free(pid_over);
    free(ten_mb);
    infisical_northflank_api_free(api);
}

static void test_offered(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    int offered = -1;
    assert_ok(infisical_northflank_offered(c, &offered, NULL, &err), err);
    assert_int_equal(offered, 1);
    dev_post("/__dev/settings", "{\"northflankOffered\":false}");
    assert_ok(infisical_northflank_offered(c, &offered, NULL, &err), err);
    assert_int_equal(offered, 0);
    infisical_client_free(c);
}

static void test_permission_and_auth_mode_errors(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    infisical_client *ro = client_with(dev.readonly_client_id, dev.readonly_client_secret, 0);
    infisical_northflank_params *p = params_for("nope", NULL, NULL, NULL);
    assert_int_equal(infisical_northflank_create(ro, p, NULL, NULL, &err), INFISICAL_EPERMISSION);
    assert_int_equal(infisical_error_http_status(err), 403);
    assert_string_equal(infisical_error_server_error(err), "PermissionDenied");
    assert_non_null(infisical_error_details_json(err));
    assert_non_null(strstr(infisical_error_details_json(err), "\"subject\""));
    infisical_error_free(err);
    infisical_connection_list *list = NULL;
    assert_ok(infisical_northflank_list(ro, NULL, &list, NULL, &err), err); /* reading is allowed */
    infisical_connection_list_free(list);
    infisical_client_free(ro);

    infisical_client *st = client_token("st.service-token.not-for-this-route");
    assert_int_equal(infisical_northflank_list(st, NULL, &list, NULL, &err), INFISICAL_EFORBIDDEN);
    infisical_error_free(err);
    infisical_client_free(st);

    infisical_client *bad = client_token("garbage");
    assert_int_equal(infisical_northflank_list(bad, NULL, &list, NULL, &err), INFISICAL_ETOKEN);
    assert_string_equal(infisical_error_server_error(err), "TokenError");
    infisical_error_free(err);
    infisical_client_free(bad);
    infisical_northflank_params_free(p);
}

/* Each class of the contract's error table and each client-side failure, through faults. */
static void test_error_classes(void **state)
{
    (void)state;
    infisical_client *c = client_no_retry(); /* each fault is seen once, as the caller would see it */
    infisical_error *err = NULL;
    infisical_connection_list *list = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":429,"
               "\"headers\":{\"Retry-After\":\"3\"},"
               "\"body\":\"{\\\"reqId\\\":\\\"req-9\\\",\\\"statusCode\\\":429,\\\"error\\\":\\\"RateLimitExceeded\\\","
               "\\\"message\\\":\\\"Rate limit exceeded. Please try again in 3 seconds\\\"}\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ERATELIMIT);
    assert_int_equal(infisical_error_retry_after_ms(err), 3000);
    assert_int_equal(infisical_error_retryable(err), 1);
    assert_string_equal(infisical_error_request_id(err), "req-9");
    assert_string_equal(infisical_error_request(err), "GET /api/v1/app-connections/northflank");
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":422,"
               "\"body\":\"{\\\"reqId\\\":\\\"r\\\",\\\"statusCode\\\":422,\\\"error\\\":\\\"ValidationFailure\\\","
               "\\\"message\\\":[{\\\"code\\\":\\\"too_big\\\",\\\"message\\\":\\\"Description cannot exceed 256 characters\\\","
               "\\\"path\\\":[\\\"description\\\"]},{\\\"code\\\":\\\"too_small\\\",\\\"message\\\":\\\"API Token required\\\","
               "\\\"path\\\":[\\\"credentials\\\",\\\"apiToken\\\"]}]}\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_EVALIDATION);
    assert_int_equal(infisical_error_issue_count(err), 2);
    assert_string_equal(infisical_error_issue_path(err, 0), "description");
    assert_string_equal(infisical_error_issue_code(err, 0), "too_big");
    assert_string_equal(infisical_error_issue_path(err, 1), "credentials.apiToken");
    assert_string_equal(infisical_error_issue_message(err, 1), "API Token required");
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":500,\"contentType\":\"text/html\",\"body\":\"<h1>oops</h1>\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_http_status(err), 500);
    assert_int_equal(infisical_error_retryable(err), 0);
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":503,\"body\":\"{}\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retryable(err), 1);
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"invalidJson\":true}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_EPROTOCOL);
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":200,\"contentType\":\"text/plain\",\"body\":\"{\\\"appConnections\\\":[]}\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_EPROTOCOL);
    assert_non_null(strstr(infisical_error_message(err), "text/plain"));
    infisical_error_free(err);

    /* libcurl itself re-sends once on a fresh connection when a reused one dies
     * before any reply byte (a stale keep-alive), so drop twice. */
    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"drop\":true,\"times\":2}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_retryable(err), 1);
    infisical_error_free(err);

    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"status\":418,\"body\":\"{\\\"message\\\":\\\"teapot\\\"}\"}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_EHTTP);
    assert_non_null(strstr(infisical_error_message(err), "teapot"));
    infisical_error_free(err);
    assert_null(list);
    infisical_client_free(c);
}

static void test_user_agent_and_org_header(void **state)
{
    (void)state;
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_user_agent_suffix(cfg, "deployer/2.3", &err), err);
    assert_ok(infisical_config_set_org_slug(cfg, "sub-org-1", &err), err);
    infisical_client *c = client_from(cfg);
    infisical_connection_list *list = NULL;
    assert_ok(infisical_northflank_list(c, NULL, &list, NULL, &err), err);
    infisical_connection_list_free(list);
    char seen[256];
    dev_state_string("lastUserAgent", seen, sizeof seen);
    assert_string_equal(seen, "libinfisical/" INFISICAL_VERSION_STRING " deployer/2.3");
    dev_state_string("lastOrg", seen, sizeof seen);
    assert_string_equal(seen, "sub-org-1");
    infisical_client_free(c);

    /* Without them: the plain agent, and no org header at all. */
    c = client_ua();
    assert_ok(infisical_northflank_list(c, NULL, &list, NULL, &err), err);
    infisical_connection_list_free(list);
    dev_state_string("lastUserAgent", seen, sizeof seen);
    assert_string_equal(seen, "libinfisical/" INFISICAL_VERSION_STRING);
    dev_state_string("lastOrg", seen, sizeof seen);
    assert_string_equal(seen, "");
    infisical_client_free(c);
}

static void test_timeout_and_refused(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    infisical_connection_list *list = NULL;
    infisical_client *c = client_with(dev.client_id, dev.client_secret, 300);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{\"path\":\"/api/v1/app-connections\",\"delayMs\":1500,\"times\":5}]");
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ETIMEOUT);
    infisical_error_free(err);
    infisical_client_free(c);

    infisical_config *cfg;
    assert_ok(infisical_config_new(&cfg, &err), err);
    assert_ok(infisical_config_set_base_url(cfg, "http://127.0.0.1:1", &err), err);
    assert_ok(infisical_config_set_access_token(cfg, "whatever", &err), err);
    assert_ok(infisical_client_new(&c, cfg, &err), err);
    infisical_config_free(cfg);
    assert_int_equal(infisical_northflank_list(c, NULL, &list, NULL, &err), INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_http_status(err), 0);
    infisical_error_free(err);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    devserver_path = argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER");
    dev_start(devserver_path, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_create_org_level, reset_state),
        cmocka_unit_test_setup(test_create_project_level_and_lookups, reset_state),
        cmocka_unit_test_setup(test_get_by_name_scope_and_escaping, reset_state),
        cmocka_unit_test_setup(test_list_and_available, reset_state),
        cmocka_unit_test_setup(test_update_rename_describe_rotate, reset_state),
        cmocka_unit_test_setup(test_delete_returns_record, reset_state),
        cmocka_unit_test_setup(test_server_rejections, reset_state),
        cmocka_unit_test_setup(test_client_side_validation_sends_nothing, reset_state),
        cmocka_unit_test_setup(test_argument_limits_send_nothing, reset_state),
        cmocka_unit_test_setup(test_token_limits, reset_state),
        cmocka_unit_test_setup(test_northflank_api_limits, reset_state),
        cmocka_unit_test_setup(test_offered, reset_state),
        cmocka_unit_test_setup(test_permission_and_auth_mode_errors, reset_state),
        cmocka_unit_test_setup(test_error_classes, reset_state),
        cmocka_unit_test_setup(test_user_agent_and_org_header, reset_state),
        cmocka_unit_test_setup(test_timeout_and_refused, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-connections", tests, NULL, NULL);
    dev_stop();
    return failed;
}
