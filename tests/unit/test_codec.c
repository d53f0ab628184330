/* Unit tests of the codec (lib/codec): replies -> C structs, C structs -> request bodies,
 * error bodies -> error objects, ISO-8601 times. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/budget.h"
#include "codec/codec.h"
#include "models.h"
#include "error_internal.h"
#include "util/alloc.h"
#include "util/buf.h"


/* The contract's sample 200 body (spec section 1.4), with the documentation's
 * 32-hex MD5 placeholder as credentialsHash (spec section 3). */
static const char SAMPLE[] =
    "{\n"
    "  \"appConnection\": {\n"
    "    \"id\": \"a1b2c3d4-5678-90ab-cdef-1234567890ab\",\n"
    "    \"name\": \"my-northflank-connection\",\n"
    "    \"description\": null,\n"
    "    \"projectId\": \"abcdef12-3456-7890-abcd-ef1234567890\",\n"
    "    \"version\": 1,\n"
    "    \"orgId\": \"abcdef12-3456-7890-abcd-ef1234567890\",\n"
    "    \"createdAt\": \"2025-01-23T10:15:00.000Z\",\n"
    "    \"updatedAt\": \"2025-01-23T10:15:00.000Z\",\n"
    "    \"isPlatformManagedCredentials\": false,\n"
    "    \"credentialsHash\": \"d41d8cd98f00b204e9800998ecf8427e\",\n"
    "    \"app\": \"northflank\",\n"
    "    \"method\": \"api-token\",\n"
    "    \"credentials\": {}\n"
    "  }\n"
    "}\n";

#define HASH64 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* A record as the newest server sends it, with fields this library does not know. */
static const char NEWEST_ITEM[] =
    "{\"id\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\",\"name\":\"nf-newest\",\"description\":\"Prod token\","
    "\"projectId\":\"11111111-2222-3333-4444-555555555555\",\"version\":3,"
    "\"orgId\":\"99999999-8888-7777-6666-555555555555\",\"createdAt\":\"2025-06-01T08:00:00.123Z\","
    "\"updatedAt\":\"2025-06-02T09:30:15.5+02:00\",\"isPlatformManagedCredentials\":false,"
    "\"isAutoRotationEnabled\":true,\"gatewayId\":null,"
    "\"gatewayPoolId\":\"abcdefab-cdef-abcd-efab-cdefabcdefab\",\"credentialsHash\":\"" HASH64 "\","
    "\"app\":\"northflank\",\"method\":\"api-token\",\"credentials\":{},"
    "\"project\":{\"id\":\"11111111-2222-3333-4444-555555555555\",\"name\":\"Backend\",\"slug\":\"backend-x1\","
    "\"type\":\"secret-manager\"},"
    "\"rotation\":{\"lastRotationMessage\":null,\"rotationInterval\":30,\"nextRotationAt\":null,"
    "\"rotationStatus\":\"success\",\"rotateAtUtc\":{\"hours\":0,\"minutes\":0}},"
    "\"configuration\":{\"x\":1},\"someFutureField\":[1,2,{\"a\":null}],\"encryptedCredentials\":null}";

static const char WHAT[] = "POST /api/v1/app-connections/northflank";

/* ------------------------------------------------------------------ helpers */

static int decode(const char *body, infisical_connection **c, infisical_error **err)
{
    *err = NULL;
    return infisical__decode_connection(body, strlen(body), c, err);
}

/* The sample with appConnection.<key> replaced by the JSON `value` (NULL: deleted). */
static char *sample_with(const char *key, const char *value)
{
    json_error_t je;
    json_t *root = json_loads(SAMPLE, 0, &je);
    assert_non_null(root);
    json_t *conn = json_object_get(root, "appConnection");
    if (value) {
        json_t *v = json_loads(value, JSON_DECODE_ANY, &je);
        if (!v)
            fail_msg("bad test value %s: %s", value, je.text);
        json_object_set_new(conn, key, v);
    } else {
        json_object_del(conn, key);
    }
    char *s = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    assert_non_null(s);
    return s;
}

/* Decoding `body` (one connection, or a list when list >= 0 with reduced = list)
 * must fail with INFISICAL_EPROTOCOL and exactly `message`. Returns 1 when it
 * does; otherwise prints what happened and returns 0. Frees everything before
 * returning, so that a failing test leaks nothing under valgrind. */
static int check_protocol_error(const char *body, int list, const char *message)
{
    infisical_error *err = NULL;
    int rc, out_null;
    if (list < 0) {
        infisical_connection *c = (infisical_connection *)&c; /* must be reset to NULL */
        rc = infisical__decode_connection(body, strlen(body), &c, &err);
        out_null = c == NULL;
        if (!out_null && rc == INFISICAL_OK)
            infisical_connection_free(c);
    } else {
        infisical_connection_list *l = (infisical_connection_list *)&l;
        rc = infisical__decode_connection_list(body, strlen(body), list, &l, &err);
        out_null = l == NULL;
        if (!out_null && rc == INFISICAL_OK)
            infisical_connection_list_free(l);
    }
    int ok = rc == INFISICAL_EPROTOCOL && out_null && err && infisical_error_code(err) == INFISICAL_EPROTOCOL &&
             strcmp(infisical_error_message(err), message) == 0 && infisical_error_http_status(err) == 0 &&
             infisical_error_retryable(err) == 0;
    if (!ok)
        print_error("body: %s\nexpected: %d %s\n     got: %d %s%s\n", body, INFISICAL_EPROTOCOL, message, rc,
                    err ? infisical_error_message(err) : "(no error)", out_null ? "" : " (out not NULL)");
    infisical_error_free(err);
    return ok;
}

static void expect_protocol_error(const char *body, const char *message)
{
    assert_true(check_protocol_error(body, -1, message));
}

static void expect_list_error(const char *body, int reduced, const char *message)
{
    assert_true(check_protocol_error(body, reduced, message));
}

/* For bodies the test allocated: free the body before asserting. */
static void expect_protocol_error_free(char *body, const char *message)
{
    int ok = check_protocol_error(body, -1, message);
    free(body);
    assert_true(ok);
}

/* ------------------------------------------------------------------ single connection */

static void check_sample(const infisical_connection *c)
{
    ASSERT_STR(infisical_connection_id(c), "a1b2c3d4-5678-90ab-cdef-1234567890ab");
    ASSERT_STR(infisical_connection_name(c), "my-northflank-connection");
    ASSERT_STR(infisical_connection_description(c), NULL);
    ASSERT_STR(infisical_connection_app(c), "northflank");
    ASSERT_STR(infisical_connection_method(c), "api-token");
    ASSERT_STR(infisical_connection_project_id(c), "abcdef12-3456-7890-abcd-ef1234567890");
    ASSERT_STR(infisical_connection_org_id(c), "abcdef12-3456-7890-abcd-ef1234567890");
    assert_int_equal(infisical_connection_version(c), 1);
    ASSERT_STR(infisical_connection_created_at(c), "2025-01-23T10:15:00.000Z");
    assert_int_equal(infisical_connection_created_at_ms(c), 1737627300000LL);
    ASSERT_STR(infisical_connection_updated_at(c), "2025-01-23T10:15:00.000Z");
    assert_int_equal(infisical_connection_updated_at_ms(c), 1737627300000LL);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), 0);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(c), -1);
    ASSERT_STR(infisical_connection_gateway_id(c), NULL);
    ASSERT_STR(infisical_connection_gateway_pool_id(c), NULL);
    ASSERT_STR(infisical_connection_credentials_hash(c), "d41d8cd98f00b204e9800998ecf8427e");
    ASSERT_STR(infisical_connection_project_name(c), NULL);
    ASSERT_STR(infisical_connection_project_slug(c), NULL);
    ASSERT_STR(infisical_connection_project_type(c), NULL);
}

static void decode_sample(void **state)
{
    (void)state;
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(SAMPLE, &c, &err), INFISICAL_OK);
    assert_null(err);
    assert_non_null(c);
    check_sample(c);
    infisical_connection_free(c);
}

static void decode_sample_without_err(void **state)
{
    (void)state;
    infisical_connection *c = NULL;
    assert_int_equal(infisical__decode_connection(SAMPLE, strlen(SAMPLE), &c, NULL), INFISICAL_OK);
    check_sample(c);
    infisical_connection_free(c);
    /* failures without an error object still return the code */
    assert_int_equal(infisical__decode_connection("[]", 2, &c, NULL), INFISICAL_EPROTOCOL);
    assert_null(c);
}

static void decode_uses_len_not_nul(void **state)
{
    (void)state;
    /* trailing garbage after len must not be read */
    char buf[sizeof SAMPLE + 16];
    memcpy(buf, SAMPLE, sizeof SAMPLE - 1);
    memcpy(buf + sizeof SAMPLE - 1, "garbage{{{", 11);
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection(buf, sizeof SAMPLE - 1, &c, &err), INFISICAL_OK);
    check_sample(c);
    infisical_connection_free(c);
    /* a body cut short is not JSON */
    assert_int_equal(infisical__decode_connection(SAMPLE, 40, &c, &err), INFISICAL_EPROTOCOL);
    assert_null(c);
    infisical_error_free(err);
}

static void decode_newest_record(void **state)
{
    (void)state;
    char body[4096];
    snprintf(body, sizeof body, "{\"appConnection\":%s,\"extraTopLevel\":true}", NEWEST_ITEM);
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(infisical_connection_id(c), "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    ASSERT_STR(infisical_connection_name(c), "nf-newest");
    ASSERT_STR(infisical_connection_description(c), "Prod token");
    ASSERT_STR(infisical_connection_app(c), "northflank");
    ASSERT_STR(infisical_connection_method(c), "api-token");
    ASSERT_STR(infisical_connection_project_id(c), "11111111-2222-3333-4444-555555555555");
    ASSERT_STR(infisical_connection_org_id(c), "99999999-8888-7777-6666-555555555555");
    assert_int_equal(infisical_connection_version(c), 3);
    ASSERT_STR(infisical_connection_created_at(c), "2025-06-01T08:00:00.123Z");
    assert_int_equal(infisical_connection_created_at_ms(c), 1748764800123LL);
    ASSERT_STR(infisical_connection_updated_at(c), "2025-06-02T09:30:15.5+02:00");
    assert_int_equal(infisical_connection_updated_at_ms(c), 1748849415500LL);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), 0);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(c), 1);
    ASSERT_STR(infisical_connection_gateway_id(c), NULL);
    ASSERT_STR(infisical_connection_gateway_pool_id(c), "abcdefab-cdef-abcd-efab-cdefabcdefab");
    ASSERT_STR(infisical_connection_credentials_hash(c), HASH64);
    ASSERT_STR(infisical_connection_project_name(c), "Backend");
    ASSERT_STR(infisical_connection_project_slug(c), "backend-x1");
    ASSERT_STR(infisical_connection_project_type(c), "secret-manager");
    infisical_connection_free(c);
}

static void decode_project_fills_missing_project_id(void **state)
{
    (void)state;
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    /* no top-level projectId: the embedded project's id is used */
    char *body = sample_with("projectId", NULL);
    json_t *root = json_loads(body, 0, NULL);
    free(body);
    json_object_set_new(json_object_get(root, "appConnection"), "project",
                        json_pack("{s:s,s:s,s:s,s:s}", "id", "p-embedded", "name", "N", "slug", "s", "type", "kms"));
    body = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    ASSERT_STR(infisical_connection_project_id(c), "p-embedded");
    ASSERT_STR(infisical_connection_project_type(c), "kms");
    infisical_connection_free(c);
    free(body);

    /* a top-level projectId wins over the embedded one */
    root = json_loads(SAMPLE, 0, NULL);
    json_object_set_new(json_object_get(root, "appConnection"), "project", json_pack("{s:s}", "id", "other"));
    body = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    ASSERT_STR(infisical_connection_project_id(c), "abcdef12-3456-7890-abcd-ef1234567890");
    ASSERT_STR(infisical_connection_project_name(c), NULL);
    infisical_connection_free(c);
    free(body);
}

static void decode_nulls(void **state)
{
    (void)state;
    static const char body[] =
        "{\"appConnection\":{\"id\":\"a1b2c3d4-5678-90ab-cdef-1234567890ab\",\"name\":\"n\",\"description\":null,"
        "\"projectId\":null,\"version\":1,\"orgId\":\"o\",\"createdAt\":\"2025-01-23T10:15:00Z\","
        "\"updatedAt\":\"2025-01-23T10:15:00Z\",\"isPlatformManagedCredentials\":null,"
        "\"isAutoRotationEnabled\":null,\"gatewayId\":null,\"gatewayPoolId\":null,\"credentialsHash\":null,"
        "\"project\":null,\"rotation\":null,\"app\":\"northflank\",\"method\":\"api-token\",\"credentials\":{}}}";
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(infisical_connection_name(c), "n");
    ASSERT_STR(infisical_connection_description(c), NULL);
    ASSERT_STR(infisical_connection_project_id(c), NULL);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), -1);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(c), -1);
    ASSERT_STR(infisical_connection_gateway_id(c), NULL);
    ASSERT_STR(infisical_connection_gateway_pool_id(c), NULL);
    ASSERT_STR(infisical_connection_credentials_hash(c), NULL);
    ASSERT_STR(infisical_connection_project_name(c), NULL);
    ASSERT_STR(infisical_connection_project_slug(c), NULL);
    ASSERT_STR(infisical_connection_project_type(c), NULL);
    assert_int_equal(infisical_connection_created_at_ms(c), 1737627300000LL);
    infisical_connection_free(c);
}

static void decode_absent_optionals(void **state)
{
    (void)state;
    static const char body[] =
        "{\"appConnection\":{\"id\":\"i\",\"name\":\"n\",\"version\":7,\"orgId\":\"o\","
        "\"createdAt\":\"2025-01-23T10:15:00Z\",\"updatedAt\":\"2025-01-24T10:15:00Z\","
        "\"app\":\"northflank\",\"method\":\"api-token\",\"credentials\":{}}}";
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    ASSERT_STR(infisical_connection_id(c), "i");
    ASSERT_STR(infisical_connection_org_id(c), "o");
    ASSERT_STR(infisical_connection_description(c), NULL);
    ASSERT_STR(infisical_connection_project_id(c), NULL);
    assert_int_equal(infisical_connection_version(c), 7);
    assert_int_equal(infisical_connection_updated_at_ms(c), 1737627300000LL + 86400000LL);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), -1);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(c), -1);
    ASSERT_STR(infisical_connection_gateway_id(c), NULL);
    ASSERT_STR(infisical_connection_gateway_pool_id(c), NULL);
    ASSERT_STR(infisical_connection_credentials_hash(c), NULL);
    ASSERT_STR(infisical_connection_project_name(c), NULL);
    infisical_connection_free(c);
}

static void decode_platform_managed_true(void **state)
{
    (void)state;
    char *body = sample_with("isPlatformManagedCredentials", "true");
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), 1);
    infisical_connection_free(c);
    free(body);
}

struct wrong_type {
    const char *key;
    const char *value;   /* JSON text */
    const char *got;     /* how the message describes it */
    const char *expected;
};

static void decode_wrong_types(void **state)
{
    (void)state;
    static const struct wrong_type rows[] = {
        {"id", "1", "a number", "a string"},
        {"id", "true", "a boolean", "a string"},
        {"id", "{}", "an object", "a string"},
        {"id", "[\"a\"]", "an array", "a string"},
        {"name", "1.5", "a number", "a string"},
        {"name", "false", "a boolean", "a string"},
        {"name", "[]", "an array", "a string"},
        {"app", "{}", "an object", "a string"},
        {"app", "0", "a number", "a string"},
        {"orgId", "42", "a number", "a string"},
        {"orgId", "[]", "an array", "a string"},
        {"method", "true", "a boolean", "a string"},
        {"method", "[\"api-token\"]", "an array", "a string"},
        {"projectId", "123", "a number", "a string"},
        {"projectId", "{\"id\":\"x\"}", "an object", "a string"},
        {"description", "false", "a boolean", "a string"},
        {"description", "[]", "an array", "a string"},
        {"gatewayId", "0", "a number", "a string"},
        {"gatewayId", "{}", "an object", "a string"},
        {"gatewayPoolId", "true", "a boolean", "a string"},
        {"credentialsHash", "12345", "a number", "a string"},
        {"credentialsHash", "[]", "an array", "a string"},
        {"createdAt", "1737627300000", "a number", "a string"},
        {"createdAt", "{}", "an object", "a string"},
        {"updatedAt", "true", "a boolean", "a string"},
        {"updatedAt", "[]", "an array", "a string"},
        {"isPlatformManagedCredentials", "\"false\"", "a string", "a boolean"},
        {"isPlatformManagedCredentials", "0", "a number", "a boolean"},
        {"isPlatformManagedCredentials", "{}", "an object", "a boolean"},
        {"isAutoRotationEnabled", "\"true\"", "a string", "a boolean"},
        {"isAutoRotationEnabled", "1", "a number", "a boolean"},
        {"version", "true", "a boolean", "a whole number"},
        {"version", "\"abc\"", "a string", "a whole number"},
        {"version", "\"1.5\"", "a string", "a whole number"},
        {"version", "\"-1\"", "a string", "a whole number"},
        {"version", "\"\"", "a string", "a whole number"},
        {"version", "-1", "a number", "a whole number"},
        {"version", "1.5", "a number", "a whole number"},
        {"version", "{}", "an object", "a whole number"},
        {"version", "[1]", "an array", "a whole number"},
        {"project", "\"p\"", "a string", "an object or null"},
        {"project", "1", "a number", "an object or null"},
        {"project", "[]", "an array", "an object or null"},
        {"project", "false", "a boolean", "an object or null"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *body = sample_with(rows[i].key, rows[i].value);
        char message[256];
        snprintf(message, sizeof message, "malformed reply: appConnection.%s is %s, expected %s", rows[i].key,
                 rows[i].got, rows[i].expected);
        expect_protocol_error_free(body, message);
    }
}

/* The embedded project's members must be named by their full path too. */
static void decode_wrong_types_in_project(void **state)
{
    (void)state;
    static const char *const keys[] = {"id", "name", "slug", "type"};
    int ok = 1;
    for (size_t i = 0; i < 4; i++) {
        char value[128];
        snprintf(value, sizeof value, "{\"%s\": 5}", keys[i]);
        char *body = sample_with("project", value);
        char message[256];
        snprintf(message, sizeof message, "malformed reply: appConnection.project.%s is a number, expected a string",
                 keys[i]);
        ok &= check_protocol_error(body, -1, message);
        free(body);
    }
    /* in a list, the item's index is part of the path */
    static const char list[] =
        "{\"appConnections\":[{\"app\":\"northflank\",\"name\":\"n\",\"id\":\"i\",\"orgId\":\"o\"},"
        "{\"app\":\"northflank\",\"name\":\"n\",\"id\":\"i\",\"orgId\":\"o\",\"project\":{\"name\":1}}]}";
    ok &= check_protocol_error(list, 1, "malformed reply: appConnections[1].project.name is a number, expected a string");
    assert_true(ok);
}

static void decode_bad_times(void **state)
{
    (void)state;
    static const char *const keys[] = {"createdAt", "updatedAt"};
    static const char *const values[] = {"\"\"", "\"yesterday\"", "\"2025-13-01T00:00:00Z\"",
                                         "\"2025-01-23 10:15\"", "\"2025-01-23T10:15:00\""};
    for (size_t k = 0; k < 2; k++) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            char *body = sample_with(keys[k], values[v]);
            char message[256];
            snprintf(message, sizeof message, "malformed reply: appConnection.%s is not an ISO-8601 time", keys[k]);
            expect_protocol_error_free(body, message);
        }
    }
}

static void decode_null_in_non_nullable(void **state)
{
    (void)state;
    static const struct wrong_type rows[] = {
        {"id", "null", "null", "a string"},
        {"name", "null", "null", "a string"},
        {"app", "null", "null", "a string"},
        {"orgId", "null", "null", "a string"},
        {"method", "null", "null", "a string"},
        {"createdAt", "null", "null", "a string"},
        {"updatedAt", "null", "null", "a string"},
        {"version", "null", "null", "a whole number"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *body = sample_with(rows[i].key, rows[i].value);
        char message[256];
        snprintf(message, sizeof message, "malformed reply: appConnection.%s is null, expected %s", rows[i].key,
                 rows[i].expected);
        expect_protocol_error_free(body, message);
    }
}

static void decode_missing_required(void **state)
{
    (void)state;
    static const struct {
        const char *key, *expected;
    } rows[] = {
        {"id", "a string"},        {"name", "a string"},      {"app", "a string"},
        {"orgId", "a string"},     {"method", "a string"},    {"version", "a whole number"},
        {"createdAt", "a string"}, {"updatedAt", "a string"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *body = sample_with(rows[i].key, NULL);
        char message[256];
        snprintf(message, sizeof message, "malformed reply: appConnection.%s is missing, expected %s", rows[i].key,
                 rows[i].expected);
        expect_protocol_error_free(body, message);
    }
    /* optional members may all be absent at once (decode_absent_optionals), but a missing
     * wrapper is an error */
    expect_protocol_error("{}", "malformed reply: appConnection is missing, expected an object");
    expect_protocol_error("{\"appConnections\":[]}", "malformed reply: appConnection is missing, expected an object");
    expect_protocol_error("{\"appConnection\":null}", "malformed reply: appConnection is null, expected an object");
    expect_protocol_error("{\"appConnection\":[]}", "malformed reply: appConnection is an array, expected an object");
    expect_protocol_error("{\"appConnection\":\"x\"}", "malformed reply: appConnection is a string, expected an object");
}

static void decode_wrong_app(void **state)
{
    (void)state;
    static const char *const apps[] = {"\"github\"", "\"Northflank\"", "\"\"", "\"northflank \""};
    static const char *const texts[] = {"github", "Northflank", "", "northflank "};
    for (size_t i = 0; i < 4; i++) {
        char *body = sample_with("app", apps[i]);
        char message[256];
        snprintf(message, sizeof message, "malformed reply: appConnection.app is \"%s\", expected \"northflank\"",
                 texts[i]);
        expect_protocol_error_free(body, message);
    }
}

static void expect_not_json(const char *body, size_t len)
{
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection(body, len, &c, &err), INFISICAL_EPROTOCOL);
    assert_null(c);
    assert_int_equal(infisical_error_code(err), INFISICAL_EPROTOCOL);
    const char *m = infisical_error_message(err);
    if (strncmp(m, "malformed reply: not JSON (", 27) != 0)
        fail_msg("unexpected message: %s", m);
    infisical_error_free(err);
}

static void decode_not_json(void **state)
{
    (void)state;
    static const char *const bodies[] = {"", "<html>502 Bad Gateway</html>", "{\"appConnection\":",
                                         "{'a':1}", "null x", "Internal Server Error"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        expect_not_json(bodies[i], strlen(bodies[i]));
    /* an embedded NUL byte is not JSON either */
    expect_not_json("{\"a\":\0}", 7);
}

static void decode_top_level_not_object(void **state)
{
    (void)state;
    expect_protocol_error("[]", "malformed reply: the top level is an array, expected an object");
    expect_protocol_error("[{\"appConnection\":{}}]", "malformed reply: the top level is an array, expected an object");
    /* bare scalars are refused by jansson's default decoder: not JSON */
    expect_not_json("\"x\"", 3);
    expect_not_json("1", 1);
}

static void decode_version_forms(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        int64_t version;
    } rows[] = {
        {"1", 1}, {"0", 0}, {"\"3\"", 3}, {"\"12\"", 12}, {"2.0", 2}, {"4e0", 4}, {"9007199254740991", 9007199254740991LL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *body = sample_with("version", rows[i].value);
        infisical_connection *c = NULL;
        infisical_error *err = NULL;
        int rc = decode(body, &c, &err);
        if (rc != INFISICAL_OK)
            fail_msg("version %s: %s", rows[i].value, infisical_error_message(err));
        assert_int_equal(infisical_connection_version(c), rows[i].version);
        infisical_connection_free(c);
        free(body);
    }
}

static void decode_unicode_passthrough(void **state)
{
    (void)state;
    /* escapes are decoded, UTF-8 is kept byte for byte */
    char *body = sample_with("description", "\"caf\\u00e9 \\\"q\\\" \\\\ \\ud83d\\ude00 \xe2\x82\xac\"");
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_OK);
    ASSERT_STR(infisical_connection_description(c), "caf\xc3\xa9 \"q\" \\ \xf0\x9f\x98\x80 \xe2\x82\xac");
    infisical_connection_free(c);
    free(body);
}

/* ------------------------------------------------------------------ lists */

static void decode_list_full(void **state)
{
    (void)state;
    char *one = sample_with("name", "\"a-first\"");
    json_t *root = json_loads(one, 0, NULL);
    free(one);
    char *first_text = json_dumps(json_object_get(root, "appConnection"), JSON_COMPACT);
    json_decref(root);
    char body[8192];
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s]}", first_text, NEWEST_ITEM);
    free(first_text);

    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection_list(body, strlen(body), 0, &list, &err), INFISICAL_OK);
    assert_null(err);
    assert_int_equal(infisical_connection_list_count(list), 2);
    const infisical_connection *a = infisical_connection_list_at(list, 0);
    const infisical_connection *b = infisical_connection_list_at(list, 1);
    assert_null(infisical_connection_list_at(list, 2));
    assert_null(infisical_connection_list_at(list, UINT32_MAX));
    ASSERT_STR(infisical_connection_name(a), "a-first");
    ASSERT_STR(infisical_connection_credentials_hash(a), "d41d8cd98f00b204e9800998ecf8427e");
    assert_int_equal(infisical_connection_created_at_ms(a), 1737627300000LL);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(a), -1);
    ASSERT_STR(infisical_connection_name(b), "nf-newest");
    ASSERT_STR(infisical_connection_project_slug(b), "backend-x1");
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(b), 1);
    assert_int_equal(infisical_connection_version(b), 3);

    /* dup keeps an entry alive after the list is gone */
    infisical_connection *kept = NULL;
    assert_int_equal(infisical_connection_dup(&kept, b, &err), INFISICAL_OK);
    infisical_connection_list_free(list);
    ASSERT_STR(infisical_connection_name(kept), "nf-newest");
    ASSERT_STR(infisical_connection_project_name(kept), "Backend");
    assert_int_equal(infisical_connection_updated_at_ms(kept), 1748849415500LL);
    infisical_connection_free(kept);
}

static const char AVAILABLE[] =
    "{\"appConnections\":["
    "{\"app\":\"northflank\",\"name\":\"my-conn\",\"id\":\"a1b2c3d4-5678-90ab-cdef-1234567890ab\",\"projectId\":null,"
    "\"orgId\":\"abcdef12-3456-7890-abcd-ef1234567890\"},"
    "{\"app\":\"northflank\",\"name\":\"proj-conn\",\"id\":\"b1b2c3d4-5678-90ab-cdef-1234567890ab\","
    "\"projectId\":\"11111111-2222-3333-4444-555555555555\",\"orgId\":\"abcdef12-3456-7890-abcd-ef1234567890\"},"
    "{\"app\":\"northflank\",\"name\":\"z-conn\",\"id\":\"c1b2c3d4-5678-90ab-cdef-1234567890ab\","
    "\"orgId\":\"abcdef12-3456-7890-abcd-ef1234567890\"}]}";

static void decode_list_reduced(void **state)
{
    (void)state;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection_list(AVAILABLE, strlen(AVAILABLE), 1, &list, &err), INFISICAL_OK);
    assert_null(err);
    assert_int_equal(infisical_connection_list_count(list), 3);
    const infisical_connection *c = infisical_connection_list_at(list, 0);
    ASSERT_STR(infisical_connection_name(c), "my-conn");
    ASSERT_STR(infisical_connection_id(c), "a1b2c3d4-5678-90ab-cdef-1234567890ab");
    ASSERT_STR(infisical_connection_app(c), "northflank");
    ASSERT_STR(infisical_connection_org_id(c), "abcdef12-3456-7890-abcd-ef1234567890");
    ASSERT_STR(infisical_connection_project_id(c), NULL);
    ASSERT_STR(infisical_connection_method(c), NULL);
    ASSERT_STR(infisical_connection_created_at(c), NULL);
    ASSERT_STR(infisical_connection_updated_at(c), NULL);
    assert_int_equal(infisical_connection_version(c), 0);
    assert_int_equal(infisical_connection_created_at_ms(c), INT64_MIN);
    assert_int_equal(infisical_connection_updated_at_ms(c), INT64_MIN);
    assert_int_equal(infisical_connection_is_platform_managed_credentials(c), -1);
    assert_int_equal(infisical_connection_is_auto_rotation_enabled(c), -1);
    ASSERT_STR(infisical_connection_credentials_hash(c), NULL);
    c = infisical_connection_list_at(list, 1);
    ASSERT_STR(infisical_connection_name(c), "proj-conn");
    ASSERT_STR(infisical_connection_project_id(c), "11111111-2222-3333-4444-555555555555");
    c = infisical_connection_list_at(list, 2);
    ASSERT_STR(infisical_connection_name(c), "z-conn");
    ASSERT_STR(infisical_connection_project_id(c), NULL);
    infisical_connection_list_free(list);

    /* the reduced shape is not a full record */
    list = (infisical_connection_list *)&list;
    assert_int_equal(infisical__decode_connection_list(AVAILABLE, strlen(AVAILABLE), 0, &list, &err),
                     INFISICAL_EPROTOCOL);
    assert_null(list);
    ASSERT_STR(infisical_error_message(err), "malformed reply: appConnections[0].method is missing, expected a string");
    infisical_error_free(err);

    /* full records are fine in the reduced decoder */
    char body[4096];
    snprintf(body, sizeof body, "{\"appConnections\":[%s]}", NEWEST_ITEM);
    assert_int_equal(infisical__decode_connection_list(body, strlen(body), 1, &list, &err), INFISICAL_OK);
    assert_int_equal(infisical_connection_list_count(list), 1);
    assert_int_equal(infisical_connection_version(infisical_connection_list_at(list, 0)), 3);
    infisical_connection_list_free(list);
}

static void decode_list_empty(void **state)
{
    (void)state;
    for (int reduced = 0; reduced <= 1; reduced++) {
        infisical_connection_list *list = NULL;
        infisical_error *err = NULL;
        static const char body[] = "{\"appConnections\":[]}";
        assert_int_equal(infisical__decode_connection_list(body, strlen(body), reduced, &list, &err), INFISICAL_OK);
        assert_non_null(list);
        assert_int_equal(infisical_connection_list_count(list), 0);
        assert_null(infisical_connection_list_at(list, 0));
        infisical_connection_list_free(list);
    }
    assert_int_equal(infisical_connection_list_count(NULL), 0);
    assert_null(infisical_connection_list_at(NULL, 0));
    infisical_connection_list_free(NULL);
}

static void decode_list_bad_item(void **state)
{
    (void)state;
    static const char good[] =
        "{\"app\":\"northflank\",\"name\":\"n\",\"id\":\"i\",\"orgId\":\"o\"}";
    char body[1024];
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s,{\"app\":\"northflank\",\"name\":\"n\",\"id\":7,"
             "\"orgId\":\"o\"},%s]}", good, good, good);
    expect_list_error(body, 1, "malformed reply: appConnections[2].id is a number, expected a string");
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s,\"oops\"]}", good, good);
    expect_list_error(body, 1, "malformed reply: appConnections[2] is a string, expected an object");
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s,null]}", good, good);
    expect_list_error(body, 1, "malformed reply: appConnections[2] is null, expected an object");
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s,{\"app\":\"github\",\"name\":\"n\",\"id\":\"i\","
             "\"orgId\":\"o\"}]}", good, good);
    expect_list_error(body, 1, "malformed reply: appConnections[2].app is \"github\", expected \"northflank\"");
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s,{\"app\":\"northflank\",\"name\":\"n\",\"id\":\"i\"}]}",
             good, good);
    expect_list_error(body, 1, "malformed reply: appConnections[2].orgId is missing, expected a string");

    expect_list_error("{}", 0, "malformed reply: appConnections is missing, expected an array");
    expect_list_error("{\"appConnections\":{}}", 0, "malformed reply: appConnections is an object, expected an array");
    expect_list_error("{\"appConnections\":null}", 1, "malformed reply: appConnections is null, expected an array");
    expect_list_error("{\"appConnection\":[]}", 1, "malformed reply: appConnections is missing, expected an array");
    expect_list_error("[]", 0, "malformed reply: the top level is an array, expected an object");

    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection_list("nope", 4, 0, &list, &err), INFISICAL_EPROTOCOL);
    assert_null(list);
    infisical_error_free(err);
}

/* ------------------------------------------------------------------ options */

static int offered(const char *body, infisical_error **err)
{
    int flag = -7;
    *err = NULL;
    int rc = infisical__decode_options(body, strlen(body), &flag, err);
    if (rc != INFISICAL_OK) {
        assert_int_equal(flag, 0);
        return rc;
    }
    assert_null(*err);
    return flag;
}

static void decode_options(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    assert_int_equal(offered("{\"appConnectionOptions\":["
                             "{\"name\":\"AWS\",\"app\":\"aws\",\"methods\":[\"access-key\",\"assume-role\"]},"
                             "{\"name\":\"Northflank\",\"app\":\"northflank\",\"methods\":[\"api-token\"]},"
                             "{\"name\":\"Vercel\",\"app\":\"vercel\",\"methods\":[\"api-token\"]}]}", &err),
                     1);
    /* methods besides api-token, and unknown fields, do not matter */
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"app\":\"northflank\",\"methods\":[\"oauth\",\"api-token\"],"
                             "\"extra\":1}]}", &err),
                     1);
    /* absent */
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"name\":\"Vercel\",\"app\":\"vercel\","
                             "\"methods\":[\"api-token\"]}]}", &err),
                     0);
    assert_int_equal(offered("{\"appConnectionOptions\":[]}", &err), 0);
    /* northflank present, but not with api-token */
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"name\":\"Northflank\",\"app\":\"northflank\","
                             "\"methods\":[\"oauth\"]}]}", &err),
                     0);
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"app\":\"northflank\",\"methods\":[]}]}", &err), 0);
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"app\":\"northflank\"}]}", &err), 0);
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"app\":\"northflank\",\"methods\":\"api-token\"}]}", &err), 0);
    assert_int_equal(offered("{\"appConnectionOptions\":[{\"app\":\"northflank\",\"methods\":[1,null,{}]}]}", &err), 0);
    /* odd entries are skipped, not fatal */
    assert_int_equal(offered("{\"appConnectionOptions\":[\"x\",null,7,{\"app\":5},"
                             "{\"app\":\"northflank\",\"methods\":[\"api-token\"]}]}", &err),
                     1);

    assert_int_equal(offered("{}", &err), INFISICAL_EPROTOCOL);
    ASSERT_STR(infisical_error_message(err), "malformed reply: appConnectionOptions is missing, expected an array");
    infisical_error_free(err);
    assert_int_equal(offered("{\"appConnectionOptions\":{}}", &err), INFISICAL_EPROTOCOL);
    ASSERT_STR(infisical_error_message(err), "malformed reply: appConnectionOptions is an object, expected an array");
    infisical_error_free(err);
    assert_int_equal(offered("<html>", &err), INFISICAL_EPROTOCOL);
    assert_int_equal(infisical_error_code(err), INFISICAL_EPROTOCOL);
    infisical_error_free(err);
    assert_int_equal(offered("[]", &err), INFISICAL_EPROTOCOL);
    ASSERT_STR(infisical_error_message(err), "malformed reply: the top level is an array, expected an object");
    infisical_error_free(err);
}

/* ------------------------------------------------------------------ token replies */

static void decode_token_ok(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *token;
        int64_t expires, max;
    } rows[] = {
        {"{\"accessToken\":\"eyJ.a.b\",\"expiresIn\":2592000,\"accessTokenMaxTTL\":2592000,\"tokenType\":\"Bearer\"}",
         "eyJ.a.b", 2592000, 2592000},
        {"{\"accessToken\":\"t\",\"expiresIn\":\"7200\",\"accessTokenMaxTTL\":\"86400\"}", "t", 7200, 86400},
        {"{\"accessToken\":\"t\",\"expiresIn\":3600.0,\"accessTokenMaxTTL\":0}", "t", 3600, 0},
        {"{\"accessToken\":\"t\",\"expiresIn\":0}", "t", 0, 0},
        {"{\"accessToken\":\"t\",\"expiresIn\":60,\"accessTokenMaxTTL\":null}", "t", 60, 0},
        {"{\"accessToken\":\"t\",\"expiresIn\":315360000,\"accessTokenMaxTTL\":315360000}", "t", 315360000, 315360000},
        {"{\"accessToken\":\"t\",\"expiresIn\":\"0\",\"accessTokenMaxTTL\":\"0\"}", "t", 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct infisical__token_reply r;
        memset(&r, 0x5a, sizeof r);
        infisical_error *err = NULL;
        int rc = infisical__decode_token(rows[i].body, strlen(rows[i].body), &r, &err);
        if (rc != INFISICAL_OK)
            fail_msg("%s: %s", rows[i].body, infisical_error_message(err));
        assert_null(err);
        ASSERT_STR(r.access_token, rows[i].token);
        assert_int_equal(r.expires_in_s, rows[i].expires);
        assert_int_equal(r.max_ttl_s, rows[i].max);
        infisical__free_secret(r.access_token);
    }
}

static void decode_token_bad(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *message; /* NULL: only the "not JSON" prefix is checked */
    } rows[] = {
        {"", NULL},
        {"token", NULL},
        {"{}", "malformed reply: accessToken is missing, expected a non-empty string"},
        {"{\"expiresIn\":60}", "malformed reply: accessToken is missing, expected a non-empty string"},
        {"{\"accessToken\":\"\",\"expiresIn\":60}", "malformed reply: accessToken is a string, expected a non-empty string"},
        {"{\"accessToken\":null,\"expiresIn\":60}", "malformed reply: accessToken is null, expected a non-empty string"},
        {"{\"accessToken\":42,\"expiresIn\":60}", "malformed reply: accessToken is a number, expected a non-empty string"},
        {"{\"accessToken\":\"t\"}", "malformed reply: expiresIn is missing, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":null}", "malformed reply: expiresIn is null, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":\"soon\"}", "malformed reply: expiresIn is a string, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":\"12s\"}", "malformed reply: expiresIn is a string, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":-5}", "malformed reply: expiresIn is a number, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":1.5}", "malformed reply: expiresIn is a number, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":true}", "malformed reply: expiresIn is a boolean, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":60,\"accessTokenMaxTTL\":\"x\"}",
         "malformed reply: accessTokenMaxTTL is a string, expected a whole number"},
        {"{\"accessToken\":\"t\",\"expiresIn\":60,\"accessTokenMaxTTL\":[]}",
         "malformed reply: accessTokenMaxTTL is an array, expected a whole number"},
        {"[\"t\"]", "malformed reply: the top level is an array, expected an object"},
        /* A token goes into a header: a space (or any byte that is not
         * printable ASCII) would split or inject one. */
        {"{\"accessToken\":\"ab cd\",\"expiresIn\":60}",
         "malformed reply: accessToken holds a byte that is not printable ASCII (a control byte, a space, CR, LF or "
         "non-ASCII), which must never reach a header"},
        {"{\"accessToken\":\"ab\\u007fcd\",\"expiresIn\":60}",
         "malformed reply: accessToken holds a byte that is not printable ASCII (a control byte, a space, CR, LF or "
         "non-ASCII), which must never reach a header"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct infisical__token_reply r;
        memset(&r, 0x5a, sizeof r);
        infisical_error *err = NULL;
        int rc = infisical__decode_token(rows[i].body, strlen(rows[i].body), &r, &err);
        assert_int_equal(rc, INFISICAL_EPROTOCOL);
        assert_int_equal(infisical_error_code(err), INFISICAL_EPROTOCOL);
        if (rows[i].message) {
            ASSERT_STR(infisical_error_message(err), rows[i].message);
        } else if (strncmp(infisical_error_message(err), "malformed reply: not JSON", 25) != 0) {
            fail_msg("%s: %s", rows[i].body, infisical_error_message(err));
        }
        /* the reply is reset on failure */
        assert_null(r.access_token);
        assert_int_equal(r.expires_in_s, 0);
        assert_int_equal(r.max_ttl_s, 0);
        infisical_error_free(err);
    }
}

/* ------------------------------------------------------------------ error replies */

struct error_row {
    long status;
    const char *body;
    int code;
    const char *message;
    const char *server_error;
    const char *request_id;
    int retryable;
};

static void check_error_row(const struct error_row *row)
{
    infisical_error *e = infisical__decode_error(row->status, row->body, strlen(row->body), WHAT, NULL);
    assert_non_null(e);
    if (infisical_error_code(e) != row->code || strcmp(infisical_error_message(e), row->message) != 0)
        print_error("HTTP %ld\nexpected: %d %s\n     got: %d %s\n", row->status, row->code, row->message,
                    infisical_error_code(e), infisical_error_message(e));
    assert_int_equal(infisical_error_code(e), row->code);
    ASSERT_STR(infisical_error_message(e), row->message);
    assert_int_equal(infisical_error_http_status(e), row->status);
    ASSERT_STR(infisical_error_server_error(e), row->server_error);
    ASSERT_STR(infisical_error_request_id(e), row->request_id);
    ASSERT_STR(infisical_error_request(e), WHAT);
    assert_int_equal(infisical_error_retryable(e), row->retryable);
    assert_int_equal(infisical_error_retry_after_ms(e), -1);
    infisical_error_free(e);
}

static void decode_error_table(void **state)
{
    (void)state;
    static const struct error_row rows[] = {
        {400,
         "{\"reqId\":\"req-400\",\"statusCode\":400,\"message\":\"Failed to validate Northflank credentials: Request "
         "failed with status code 401\",\"error\":\"BadRequest\"}",
         INFISICAL_EBADREQUEST,
         "POST /api/v1/app-connections/northflank: Failed to validate Northflank credentials: Request failed with "
         "status code 401 (HTTP 400 BadRequest)",
         "BadRequest", "req-400", 0},
        {400,
         "{\"reqId\":\"r\",\"statusCode\":400,\"message\":\"An App Connection with the name \\\"x\\\" already "
         "exists\",\"error\":\"BadRequest\"}",
         INFISICAL_EBADREQUEST,
         "POST /api/v1/app-connections/northflank: An App Connection with the name \"x\" already exists (HTTP 400 "
         "BadRequest)",
         "BadRequest", "r", 0},
        {400, "{\"reqId\":\"r\",\"statusCode\":400,\"message\":\"bad key\",\"error\":\"CryptographyError\"}",
         INFISICAL_EBADREQUEST, "POST /api/v1/app-connections/northflank: bad key (HTTP 400 CryptographyError)",
         "CryptographyError", "r", 0},
        {401, "{\"reqId\":\"req-401\",\"statusCode\":401,\"message\":\"Token missing\",\"error\":\"UnauthorizedError\"}",
         INFISICAL_EUNAUTHORIZED, "POST /api/v1/app-connections/northflank: Token missing (HTTP 401 UnauthorizedError)",
         "UnauthorizedError", "req-401", 0},
        {401,
         "{\"reqId\":\"q\",\"statusCode\":401,\"message\":\"No identity access token found\",\"error\":"
         "\"UnauthorizedError\"}",
         INFISICAL_EUNAUTHORIZED,
         "POST /api/v1/app-connections/northflank: No identity access token found (HTTP 401 UnauthorizedError)",
         "UnauthorizedError", "q", 0},
        {403,
         "{\"reqId\":\"req-403t\",\"statusCode\":403,\"message\":\"Your token has expired. Please "
         "re-authenticate.\",\"error\":\"TokenError\"}",
         INFISICAL_ETOKEN,
         "POST /api/v1/app-connections/northflank: Your token has expired. Please re-authenticate. (HTTP 403 "
         "TokenError)",
         "TokenError", "req-403t", 0},
        {403,
         "{\"reqId\":\"req-403f\",\"statusCode\":403,\"message\":\"You are not allowed to access this resource\","
         "\"error\":\"Forbidden access to /api/v1/app-connections/northflank/x/projects\"}",
         INFISICAL_EFORBIDDEN,
         "POST /api/v1/app-connections/northflank: You are not allowed to access this resource (HTTP 403 Forbidden "
         "access to /api/v1/app-connections/northflank/x/projects)",
         "Forbidden access to /api/v1/app-connections/northflank/x/projects", "req-403f", 0},
        {403, "{\"statusCode\":403,\"message\":\"nope\"}", INFISICAL_EFORBIDDEN,
         "POST /api/v1/app-connections/northflank: nope", NULL, NULL, 0},
        {404,
         "{\"reqId\":\"req-404\",\"statusCode\":404,\"message\":\"Could not find App Connection with ID "
         "a1b2c3d4-5678-90ab-cdef-1234567890ab\",\"error\":\"NotFound\"}",
         INFISICAL_ENOTFOUND,
         "POST /api/v1/app-connections/northflank: Could not find App Connection with ID "
         "a1b2c3d4-5678-90ab-cdef-1234567890ab (HTTP 404 NotFound)",
         "NotFound", "req-404", 0},
        {410, "{\"reqId\":\"g\",\"statusCode\":410,\"message\":\"gone\",\"error\":\"GoneError\"}", INFISICAL_EHTTP,
         "POST /api/v1/app-connections/northflank: gone (HTTP 410 GoneError)", "GoneError", "g", 0},
        {429,
         "{\"reqId\":\"req-429\",\"statusCode\":429,\"message\":\"Rate limit exceeded. Please try again in 60 "
         "seconds\",\"error\":\"RateLimitExceeded\"}",
         INFISICAL_ERATELIMIT,
         "POST /api/v1/app-connections/northflank: Rate limit exceeded. Please try again in 60 seconds (HTTP 429 "
         "RateLimitExceeded)",
         "RateLimitExceeded", "req-429", 1},
        {500,
         "{\"reqId\":\"req-500\",\"statusCode\":500,\"message\":\"Something went wrong\",\"error\":"
         "\"InternalServerError\"}",
         INFISICAL_ESERVER,
         "POST /api/v1/app-connections/northflank: Something went wrong (HTTP 500 InternalServerError)",
         "InternalServerError", "req-500", 0},
        {500, "{\"reqId\":\"d\",\"statusCode\":500,\"message\":\"Something went wrong\",\"error\":\"DatabaseError\"}",
         INFISICAL_ESERVER, "POST /api/v1/app-connections/northflank: Something went wrong (HTTP 500 DatabaseError)",
         "DatabaseError", "d", 0},
        {502, "{\"reqId\":\"b\",\"statusCode\":502,\"message\":\"bad gateway\",\"error\":\"BadGateway\"}",
         INFISICAL_ESERVER, "POST /api/v1/app-connections/northflank: bad gateway (HTTP 502 BadGateway)", "BadGateway",
         "b", 1},
        {503, "{\"reqId\":\"u\",\"statusCode\":503,\"message\":\"unavailable\",\"error\":\"ServiceUnavailable\"}",
         INFISICAL_ESERVER, "POST /api/v1/app-connections/northflank: unavailable (HTTP 503 ServiceUnavailable)",
         "ServiceUnavailable", "u", 1},
        {504, "{\"reqId\":\"t\",\"statusCode\":504,\"message\":\"timed out\",\"error\":\"GatewayTimeoutError\"}",
         INFISICAL_ESERVER, "POST /api/v1/app-connections/northflank: timed out (HTTP 504 GatewayTimeoutError)",
         "GatewayTimeoutError", "t", 1},
        {418, "{\"reqId\":\"tea\",\"statusCode\":418,\"message\":\"I'm a teapot\",\"error\":\"Teapot\"}",
         INFISICAL_EHTTP, "POST /api/v1/app-connections/northflank: I'm a teapot (HTTP 418 Teapot)", "Teapot", "tea", 0},
        {502, "<html><body>502 Bad Gateway</body></html>", INFISICAL_ESERVER,
         "POST /api/v1/app-connections/northflank: HTTP 502 with a non-JSON body (41 bytes)", NULL, NULL, 1},
        {503, "", INFISICAL_ESERVER, "POST /api/v1/app-connections/northflank: HTTP 503 with a non-JSON body (0 bytes)",
         NULL, NULL, 1},
        {500, "{\"oops\":1}", INFISICAL_ESERVER,
         "POST /api/v1/app-connections/northflank: HTTP 500 with an unrecognised JSON body (10 bytes)", NULL, NULL, 0},
        {400, "[1,2]", INFISICAL_EBADREQUEST,
         "POST /api/v1/app-connections/northflank: HTTP 400 with an unrecognised JSON body (5 bytes)", NULL, NULL, 0},
        {401, "{\"reqId\":5,\"error\":7,\"message\":{}}", INFISICAL_EUNAUTHORIZED,
         "POST /api/v1/app-connections/northflank: HTTP 401 with an unrecognised JSON body (34 bytes)", NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_error_row(&rows[i]);
}

static void decode_error_permission_details(void **state)
{
    (void)state;
    static const char body[] =
        "{\"reqId\":\"req-403p\",\"statusCode\":403,\"error\":\"PermissionDenied\","
        "\"message\":\"You are not allowed to create on app-connections\","
        "\"details\":[ { \"subject\": \"app-connections\", \"inverted\": false, \"action\": \"create\","
        " \"conditions\": {\"connectionId\": \"x\"} } ]}";
    infisical_error *e = infisical__decode_error(403, body, strlen(body), WHAT, NULL);
    assert_non_null(e);
    assert_int_equal(infisical_error_code(e), INFISICAL_EPERMISSION);
    ASSERT_STR(infisical_error_message(e), "POST /api/v1/app-connections/northflank: You are not allowed to create on "
                                           "app-connections (HTTP 403 PermissionDenied)");
    ASSERT_STR(infisical_error_server_error(e), "PermissionDenied");
    ASSERT_STR(infisical_error_request_id(e), "req-403p");
    assert_int_equal(infisical_error_http_status(e), 403);
    assert_int_equal(infisical_error_retryable(e), 0);
    assert_int_equal(infisical_error_issue_count(e), 0);
    ASSERT_STR(infisical_error_details_json(e),
               "[{\"action\":\"create\",\"conditions\":{\"connectionId\":\"x\"},\"inverted\":false,"
               "\"subject\":\"app-connections\"}]");
    infisical_error_free(e);

    /* details: null or absent -> NULL */
    static const char body2[] = "{\"reqId\":\"r\",\"statusCode\":403,\"error\":\"PermissionDenied\",\"message\":\"m\","
                                "\"details\":null}";
    e = infisical__decode_error(403, body2, strlen(body2), WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EPERMISSION);
    ASSERT_STR(infisical_error_details_json(e), NULL);
    infisical_error_free(e);

    /* details on another kind of 403 are kept too */
    static const char body3[] = "{\"statusCode\":403,\"error\":\"Forbidden\",\"message\":\"m\",\"details\":{\"b\":1,\"a\":[]}}";
    e = infisical__decode_error(403, body3, strlen(body3), WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EFORBIDDEN);
    ASSERT_STR(infisical_error_details_json(e), "{\"a\":[],\"b\":1}");
    infisical_error_free(e);
}

static void decode_error_validation(void **state)
{
    (void)state;
    static const char body[] =
        "{\"reqId\":\"req-422\",\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":["
        "{\"code\":\"too_small\",\"minimum\":1,\"type\":\"string\",\"inclusive\":true,\"exact\":false,"
        "\"message\":\"API Token required\",\"path\":[\"credentials\",\"apiToken\"]},"
        "{\"code\":\"custom\",\"message\":\"name field can only contain lowercase letters, numbers, and hyphens\","
        "\"path\":[\"name\"]},"
        "{\"code\":\"too_big\",\"message\":\"Description cannot exceed 256 characters\",\"path\":[\"description\"]},"
        "{\"code\":\"invalid_type\",\"message\":\"Required\",\"path\":[\"items\",0,\"id\"]},"
        "{\"code\":\"custom\",\"message\":\"Not supported for Northflank Connections\",\"path\":[]}]}";
    infisical_error *e = infisical__decode_error(422, body, strlen(body), WHAT, NULL);
    assert_non_null(e);
    assert_int_equal(infisical_error_code(e), INFISICAL_EVALIDATION);
    assert_int_equal(infisical_error_http_status(e), 422);
    ASSERT_STR(infisical_error_server_error(e), "ValidationFailure");
    ASSERT_STR(infisical_error_request_id(e), "req-422");
    assert_int_equal(infisical_error_retryable(e), 0);
    ASSERT_STR(infisical_error_message(e),
               "POST /api/v1/app-connections/northflank: validation failed: credentials.apiToken: API Token required; "
               "name: name field can only contain lowercase letters, numbers, and hyphens; description: Description "
               "cannot exceed 256 characters; items.0.id: Required; Not supported for Northflank Connections "
               "(HTTP 422 ValidationFailure)");
    assert_int_equal(infisical_error_issue_count(e), 5);
    static const char *const paths[] = {"credentials.apiToken", "name", "description", "items.0.id", ""};
    static const char *const messages[] = {"API Token required",
                                           "name field can only contain lowercase letters, numbers, and hyphens",
                                           "Description cannot exceed 256 characters", "Required",
                                           "Not supported for Northflank Connections"};
    static const char *const codes[] = {"too_small", "custom", "too_big", "invalid_type", "custom"};
    for (uint32_t i = 0; i < 5; i++) {
        ASSERT_STR(infisical_error_issue_path(e, i), paths[i]);
        ASSERT_STR(infisical_error_issue_message(e, i), messages[i]);
        ASSERT_STR(infisical_error_issue_code(e, i), codes[i]);
    }
    assert_null(infisical_error_issue_path(e, 5));
    assert_null(infisical_error_issue_message(e, 5));
    assert_null(infisical_error_issue_code(e, UINT32_MAX));
    infisical_error_free(e);

    /* odd issues: no message, no code, no path, odd path segments */
    static const char odd[] =
        "{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":["
        "{\"path\":[\"a\",true,1.5]},\"not-an-object\",{\"message\":\"m\",\"code\":3,\"path\":\"x\"}]}";
    e = infisical__decode_error(422, odd, strlen(odd), WHAT, NULL);
    assert_non_null(e);
    assert_int_equal(infisical_error_issue_count(e), 3);
    ASSERT_STR(infisical_error_issue_path(e, 0), "a.?.?");
    ASSERT_STR(infisical_error_issue_message(e, 0), "invalid");
    ASSERT_STR(infisical_error_issue_code(e, 0), NULL);
    ASSERT_STR(infisical_error_issue_path(e, 1), "");
    ASSERT_STR(infisical_error_issue_message(e, 1), "invalid");
    ASSERT_STR(infisical_error_issue_path(e, 2), "");
    ASSERT_STR(infisical_error_issue_message(e, 2), "m");
    ASSERT_STR(infisical_error_issue_code(e, 2), NULL);
    ASSERT_STR(infisical_error_message(e), "POST /api/v1/app-connections/northflank: validation failed: a.?.?: invalid; "
                                           "invalid; m (HTTP 422 ValidationFailure)");
    infisical_error_free(e);

    /* an empty issue list */
    static const char none[] = "{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":[]}";
    e = infisical__decode_error(422, none, strlen(none), WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EVALIDATION);
    assert_int_equal(infisical_error_issue_count(e), 0);
    ASSERT_STR(infisical_error_message(e),
               "POST /api/v1/app-connections/northflank: validation failed:  (HTTP 422 ValidationFailure)");
    infisical_error_free(e);
}

/* What an error keeps of a reply is bounded, and it says what it left out. */
static void decode_error_caps(void **state)
{
    (void)state;
    /* 100 issues: 64 kept, in order; the message says how many more there were. */
    infisical__buf b = {0};
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":["), 0);
    for (int i = 0; i < 100; i++) {
        char item[96];
        snprintf(item, sizeof item, "%s{\"code\":\"custom\",\"message\":\"bad %d\",\"path\":[\"f%d\"]}", i ? "," : "", i,
                 i);
        assert_int_equal(infisical__buf_puts(&b, item), 0);
    }
    assert_int_equal(infisical__buf_puts(&b, "]}"), 0);
    infisical_error *e = infisical__decode_error(422, b.data, b.len, WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EVALIDATION);
    assert_int_equal(infisical_error_issue_count(e), 64);
    ASSERT_STR(infisical_error_issue_path(e, 63), "f63");
    ASSERT_STR(infisical_error_issue_message(e, 63), "bad 63");
    const char *m = infisical_error_message(e);
    assert_non_null(strstr(m, "validation failed: f0: bad 0; f1: bad 1; "));
    assert_non_null(strstr(m, "; f63: bad 63 (and 36 more issues not kept) (HTTP 422 ValidationFailure)"));
    assert_null(strstr(m, "f64"));
    infisical_error_free(e);
    infisical__buf_clear(&b);

    /* The server's message is cut at 4096 bytes, between characters: here a
     * 4-byte character sits astride the limit and is left out whole. */
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":500,\"error\":\"InternalServerError\",\"message\":\""), 0);
    for (int i = 0; i < 4094; i++)
        assert_int_equal(infisical__buf_puts(&b, "m"), 0);
    assert_int_equal(infisical__buf_puts(&b, "\xF0\x9F\x98\x80 and more\",\"reqId\":\"r\"}"), 0);
    e = infisical__decode_error(500, b.data, b.len, WHAT, NULL);
    m = infisical_error_message(e);
    size_t prefix = strlen(WHAT) + 2;
    assert_int_equal(strlen(m), prefix + 4094 + strlen(" [message cut at 4096 bytes] (HTTP 500 InternalServerError)"));
    ASSERT_STR(m + prefix + 4094, " [message cut at 4096 bytes] (HTTP 500 InternalServerError)");
    assert_int_equal(m[prefix + 4093], 'm');
    ASSERT_STR(infisical_error_request_id(e), "r");
    infisical_error_free(e);
    infisical__buf_clear(&b);

    /* Exactly 4096 bytes, ending with a 2-byte character: kept whole. */
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":500,\"message\":\""), 0);
    for (int i = 0; i < 4094; i++)
        assert_int_equal(infisical__buf_puts(&b, "m"), 0);
    assert_int_equal(infisical__buf_puts(&b, "\xC3\xA9\"}"), 0);
    e = infisical__decode_error(500, b.data, b.len, WHAT, NULL);
    m = infisical_error_message(e);
    assert_int_equal(strlen(m), prefix + 4096);
    ASSERT_STR(m + prefix + 4094, "\xC3\xA9");
    infisical_error_free(e);
    infisical__buf_clear(&b);

    /* A long name, reqId, issue text and path: each cut; details over 16 KiB
     * are not kept at all (JSON cut short is not JSON), and the message says so. */
    char big[3000];
    memset(big, 'n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":422,\"error\":\""), 0);
    assert_int_equal(infisical__buf_puts(&b, big), 0);
    assert_int_equal(infisical__buf_puts(&b, "\",\"reqId\":\""), 0);
    assert_int_equal(infisical__buf_puts(&b, big), 0);
    assert_int_equal(infisical__buf_puts(&b, "\",\"message\":[{\"code\":\""), 0);
    assert_int_equal(infisical__buf_puts(&b, big), 0);
    assert_int_equal(infisical__buf_puts(&b, "\",\"message\":\""), 0);
    assert_int_equal(infisical__buf_puts(&b, big), 0);
    assert_int_equal(infisical__buf_puts(&b, "\",\"path\":["), 0);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(infisical__buf_puts(&b, i ? ",\"seg\"" : "\"seg\""), 0);
    assert_int_equal(infisical__buf_puts(&b, "]}],\"details\":{\"x\":\""), 0);
    for (int i = 0; i < 6; i++)
        assert_int_equal(infisical__buf_puts(&b, big), 0);
    assert_int_equal(infisical__buf_puts(&b, "\"}}"), 0);
    e = infisical__decode_error(422, b.data, b.len, WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EVALIDATION);
    const char *name = infisical_error_server_error(e);
    assert_int_equal(strlen(name), 256 + strlen(" [cut at 256 bytes]"));
    ASSERT_STR(name + 256, " [cut at 256 bytes]");
    assert_int_equal(strlen(infisical_error_request_id(e)), 256 + strlen(" [cut at 256 bytes]"));
    ASSERT_STR(infisical_error_issue_message(e, 0) + 1024, " [cut at 1024 bytes]");
    ASSERT_STR(infisical_error_issue_code(e, 0) + 1024, " [cut at 1024 bytes]");
    ASSERT_STR(infisical_error_issue_path(e, 0) + 1024, " [cut at 1024 bytes]");
    assert_int_equal(strncmp(infisical_error_issue_path(e, 0), "seg.seg.seg.", 12), 0);
    assert_null(infisical_error_details_json(e));
    m = infisical_error_message(e);
    char note[64];
    snprintf(note, sizeof note, " [details not kept: %zu bytes of JSON]", (size_t)(6 * 2999 + 8));
    assert_non_null(strstr(m, note));
    assert_true(strlen(m) < 4096 + 600);
    infisical_error_free(e);
    infisical__buf_clear(&b);

    /* details of exactly 16 KiB are kept */
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":403,\"message\":\"m\",\"details\":\""), 0);
    for (int i = 0; i < 16 * 1024 - 2; i++)
        assert_int_equal(infisical__buf_puts(&b, "d"), 0);
    assert_int_equal(infisical__buf_puts(&b, "\"}"), 0);
    e = infisical__decode_error(403, b.data, b.len, WHAT, NULL);
    assert_int_equal(strlen(infisical_error_details_json(e)), 16 * 1024);
    ASSERT_STR(infisical_error_message(e), "POST /api/v1/app-connections/northflank: m");
    infisical_error_free(e);
    infisical__buf_clear(&b);
}

/* Northflank's errors are bounded the same way. */
static void decode_northflank_error_caps(void **state)
{
    (void)state;
    infisical__buf b = {0};
    assert_int_equal(infisical__buf_puts(&b, "{\"error\":{\"status\":400,\"message\":\""), 0);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(infisical__buf_puts(&b, "\xC3\xA9"), 0); /* é: the cut at 4096 falls between two */
    assert_int_equal(infisical__buf_puts(&b, "\",\"details\":{"), 0);
    for (int i = 0; i < 50; i++) {
        char field[64];
        snprintf(field, sizeof field, "%s\"f%02d\":[\"one\",\"two\"]", i ? "," : "", i);
        assert_int_equal(infisical__buf_puts(&b, field), 0);
    }
    assert_int_equal(infisical__buf_puts(&b, "}}}"), 0);
    infisical_error *e = infisical__decode_northflank_error(400, b.data, b.len, "GET /v1/projects", NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EBADREQUEST);
    assert_int_equal(infisical_error_issue_count(e), 64);
    ASSERT_STR(infisical_error_issue_path(e, 63), "f31");
    ASSERT_STR(infisical_error_issue_message(e, 63), "two");
    const char *m = infisical_error_message(e);
    const char *head = "GET /v1/projects on Northflank: ";
    assert_int_equal(strncmp(m, head, strlen(head)), 0);
    ASSERT_STR(m + strlen(head) + 4096,
               " [message cut at 4096 bytes] (HTTP 400) (and 36 more issues not kept)");
    assert_non_null(infisical_error_details_json(e));
    infisical_error_free(e);
    infisical__buf_clear(&b);
}

/* A wrong `app` is quoted in the message, whole or (when long) not at all: a
 * quote cut short could hold the start of a secret that redaction, which
 * finds secrets whole, would miss. */
static void decode_wrong_app_quote_is_bounded(void **state)
{
    (void)state;
    char value[400];
    value[0] = '"';
    memset(value + 1, 'z', 300);
    memcpy(value + 1 + 300, "\"", 2);
    char *body = sample_with("app", value);
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(body, &c, &err), INFISICAL_EPROTOCOL);
    ASSERT_STR(infisical_error_message(err),
               "malformed reply: appConnection.app is a string of 300 bytes, expected \"northflank\"");
    infisical_error_free(err);
    free(body);
}

static void decode_error_uses_len(void **state)
{
    (void)state;
    static const char body[] = "{\"reqId\":\"r1\",\"message\":\"m\",\"error\":\"NotFound\"}TRAILING";
    infisical_error *e = infisical__decode_error(404, body, strlen(body) - 8, "GET /x", NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_ENOTFOUND);
    ASSERT_STR(infisical_error_message(e), "GET /x: m (HTTP 404 NotFound)");
    ASSERT_STR(infisical_error_request_id(e), "r1");
    ASSERT_STR(infisical_error_request(e), "GET /x");
    infisical_error_free(e);
}

/* ------------------------------------------------------------------ ISO-8601 */

/* ------------------------------------------------------------------ the decoding budget */

/* head, then item repeated with commas between as often as fits in `size`
 * bytes, then tail (malloc'd, NUL-terminated); *len is its length. */
static char *repeat(const char *head, const char *item, const char *tail, size_t size, size_t *len)
{
    size_t h = strlen(head), n = strlen(item), t = strlen(tail), at = h;
    char *text = malloc(size + h + n + t + 2);
    assert_non_null(text);
    memcpy(text, head, h);
    for (int first = 1; at + n + 1 + t <= size; first = 0) {
        if (!first)
            text[at++] = ',';
        memcpy(text + at, item, n);
        at += n;
    }
    memcpy(text + at, tail, t + 1);
    *len = at + t;
    return text;
}

static int scan(const char *text, struct infisical__json_scan *out)
{
    return infisical__json_scan(text, strlen(text), out);
}

/* Valid JSON of every shape: each value, member and level is counted once,
 * whatever the strings hold. */
static void budget_counts_every_shape(void **state)
{
    (void)state;
    struct infisical__json_scan s;
    assert_int_equal(scan("{}", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 1);
    assert_int_equal(s.members, 0);
    assert_int_equal(s.depth, 0);
    /* object 224 + the lexer's 64; no tokens */
    assert_int_equal(s.cost, 224 + 64);
    assert_int_equal(s.budget, 10 * 2 + 256 * 1024);

    /* [{}]: array 128, object 224 and its slot 24, lexer 64 */
    assert_int_equal(scan(" [ {} ] ", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 2);
    assert_int_equal(s.cost, 128 + 224 + 24 + 64);

    /* strings with escapes (an escaped quote, an escaped backslash before the
     * closing quote, \u0000, a surrogate pair), brackets and commas inside
     * strings, numbers of every form, literals, nesting */
    static const char text[] =
        "{\"a\":\"x\\\"y\\\\\",\"b\\n\":\"\\u0000[{,:}]\",\"c\":[1,-0.5,1e300,-0,2E-3,true,false,null,"
        "\"\\ud83d\\ude00\"],\"d\":{\"e\":{\"f\":[[],{}]}},\"g\":\"\\\\\"}";
    assert_int_equal(scan(text, &s), INFISICAL__JSON_FITS);
    /* root, a's, b's, c's array and its 9 items, d, e, f's array, [] and {}, g's */
    assert_int_equal(s.values, 1 + 1 + 1 + 1 + 9 + 1 + 1 + 1 + 2 + 1);
    assert_int_equal(s.members, 7); /* a b c d e f g */
    /* The final depth is 0 again; jansson parses it, as the scan said. */
    assert_int_equal(s.depth, 0);
    json_t *v = json_loads(text, JSON_ALLOW_NUL, NULL);
    assert_non_null(v);
    json_decref(v);

    /* 1e400 is a number to the scan; jansson refuses it (it overflows a double). */
    assert_int_equal(scan("{\"version\":1e400}", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 2);
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode("{\"version\":1e400}", &c, &err), INFISICAL_EPROTOCOL);
    assert_non_null(strstr(infisical_error_message(err), "malformed reply: not JSON (real number overflow"));
    infisical_error_free(err);

    /* A string holding what would be a whole document does not count as one. */
    assert_int_equal(scan("{\"k\":\"{\\\"a\\\":[1,2,3,{},[]]}\"}", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 2);
    assert_int_equal(s.members, 1);

    /* A top-level scalar (jansson then refuses it without JSON_DECODE_ANY). */
    assert_int_equal(scan("  42 ", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 1);
    assert_int_equal(scan("", &s), INFISICAL__JSON_FITS);
    assert_int_equal(s.values, 0);
}

/* Text that is not JSON is left to jansson, which names the fault, unless
 * what comes before the fault is already over the budget. */
static void budget_truncated_and_broken_input(void **state)
{
    (void)state;
    struct infisical__json_scan s;
    static const char *const broken[] = {
        "{\"appConnections\":[{},{",   /* cut inside a list */
        "{\"appConnection\":{\"id\":\"ab", /* cut inside a string */
        "{\"a\":\"\\",                  /* cut after a backslash */
        "]]]{}",                        /* closes what was never opened */
        "{\"a\" 1 2 3}",                /* no colon, bare tokens */
        "{\"a\":tru}",                  /* a literal that is not one */
        "\x01\x02\xff",                 /* not text at all */
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        assert_int_equal(scan(broken[i], &s), INFISICAL__JSON_FITS);
        infisical_connection *c = NULL;
        infisical_error *err = NULL;
        assert_int_equal(decode(broken[i], &c, &err), INFISICAL_EPROTOCOL);
        if (!strstr(infisical_error_message(err), "malformed reply: not JSON ("))
            fail_msg("%s: %s", broken[i], infisical_error_message(err));
        infisical_error_free(err);
    }

    /* 1 MiB of [{},{},... that never closes is refused before jansson sees it. */
    size_t len;
    char *text = repeat("{\"appConnections\":[", "{}", "", 1 << 20, &len);
    assert_int_equal(infisical__json_scan(text, len, &s), INFISICAL__JSON_TOO_COSTLY);
    assert_int_equal(s.depth, 2);
    free(text);
    /* So is a string that never ends after enough values. */
    text = repeat("[", "[]", ",\"abc", 1 << 20, &len);
    assert_int_equal(infisical__json_scan(text, len, &s), INFISICAL__JSON_TOO_COSTLY);
    free(text);
}

static void budget_depth(void **state)
{
    (void)state;
    char text[2 * 70 + 1];
    struct infisical__json_scan s;
    /* 64 levels: allowed; 65: refused, arrays and objects alike. */
    for (int levels = 63; levels <= 66; levels++) {
        size_t n = 0;
        for (int i = 0; i < levels; i++)
            text[n++] = '[';
        for (int i = 0; i < levels; i++)
            text[n++] = ']';
        text[n] = '\0';
        assert_int_equal(scan(text, &s), levels <= INFISICAL__JSON_MAX_DEPTH ? INFISICAL__JSON_FITS
                                                                              : INFISICAL__JSON_TOO_DEEP);
    }
    assert_int_equal(s.depth, 65);
    /* {"a":{"a":...}} 65 deep */
    infisical__buf b = {0};
    for (int i = 0; i < 65; i++)
        assert_int_equal(infisical__buf_puts(&b, "{\"a\":"), 0);
    assert_int_equal(infisical__buf_puts(&b, "1"), 0);
    for (int i = 0; i < 65; i++)
        assert_int_equal(infisical__buf_puts(&b, "}"), 0);
    assert_int_equal(infisical__json_scan(b.data, b.len, &s), INFISICAL__JSON_TOO_DEEP);

    /* The decoders refuse it and say why. */
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection(b.data, b.len, &c, &err), INFISICAL_EPROTOCOL);
    ASSERT_STR(infisical_error_message(err), "malformed reply: JSON nested more than 64 levels deep");
    infisical_error_free(err);
    infisical_error *e = infisical__decode_error(500, b.data, b.len, WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_ESERVER);
    char expected[160];
    snprintf(expected, sizeof expected, "%s: HTTP 500 with a body nested too deeply to decode (%zu bytes)", WHAT, b.len);
    ASSERT_STR(infisical_error_message(e), expected);
    infisical_error_free(e);
    infisical__buf_clear(&b);

    /* A million opening brackets: refused at level 65, without reading on. */
    size_t len = 1 << 20;
    char *deep = malloc(len);
    assert_non_null(deep);
    memset(deep, '[', len);
    assert_int_equal(infisical__json_scan(deep, len, &s), INFISICAL__JSON_TOO_DEEP);
    assert_int_equal(s.values, 64);
    free(deep);
}

/* Shapes that cost jansson many times their size are refused; shapes that cost
 * little fit; small texts fit whatever their shape (the 256 KiB base). */
static void budget_amplification(void **state)
{
    (void)state;
    static const struct {
        const char *head, *item, *tail;
        int verdict;
    } rows[] = {
        {"{\"appConnections\":[", "{}", "]}", INFISICAL__JSON_TOO_COSTLY},
        {"{\"statusCode\":422,\"message\":[", "{}", "]}", INFISICAL__JSON_TOO_COSTLY},
        {"[", "[]", "]", INFISICAL__JSON_TOO_COSTLY},
        {"[", "0", "]", INFISICAL__JSON_TOO_COSTLY},
        {"[", "\"\"", "]", INFISICAL__JSON_TOO_COSTLY},
        {"[", "{\"a\":0}", "]", INFISICAL__JSON_TOO_COSTLY},
        {"{\"k\":{", "\"a\":{}", "}}", INFISICAL__JSON_TOO_COSTLY}, /* duplicate keys are charged each time */
        {"[", "true", "]", INFISICAL__JSON_FITS},
        {"[", "null", "]", INFISICAL__JSON_FITS},
        {"[", "\"a string of some length, as a description would be\"", "]", INFISICAL__JSON_FITS},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len;
        struct infisical__json_scan s;
        char *text = repeat(rows[i].head, rows[i].item, rows[i].tail, 1 << 20, &len);
        int verdict = infisical__json_scan(text, len, &s);
        if (verdict != rows[i].verdict)
            fail_msg("%s%s...: verdict %d, cost %llu, budget %llu", rows[i].head, rows[i].item, verdict,
                     (unsigned long long)s.cost, (unsigned long long)s.budget);
        free(text);
        /* 2 KiB of anything fits. */
        text = repeat(rows[i].head, rows[i].item, rows[i].tail, 2048, &len);
        assert_int_equal(infisical__json_scan(text, len, NULL), INFISICAL__JSON_FITS);
        free(text);
    }

    /* The decoders refuse 1 MiB of [{},{},...] and say why. */
    size_t len;
    char *text = repeat("{\"appConnections\":[", "{}", "]}", 1 << 20, &len);
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection_list(text, len, 0, &list, &err), INFISICAL_EPROTOCOL);
    assert_null(list);
    char expected[200];
    snprintf(expected, sizeof expected,
             "malformed reply: %zu JSON values in %zu bytes exceed the decoding budget (about 82 MiB to decode, "
             "10 MiB allowed)",
             (len - 20) / 3 + 2, len); /* the items, the list and the top object */
    ASSERT_STR(infisical_error_message(err), expected);
    infisical_error_free(err);
    int flag = 0;
    assert_int_equal(infisical__decode_options(text, len, &flag, NULL), INFISICAL_EPROTOCOL);
    struct infisical__token_reply token;
    assert_int_equal(infisical__decode_token(text, len, &token, NULL), INFISICAL_EPROTOCOL);
    struct infisical_northflank_resources resources = {0};
    char *cursor = NULL;
    assert_int_equal(infisical__decode_northflank_page(text, len, "projects", &resources, &cursor, NULL),
                     INFISICAL_EPROTOCOL);
    assert_null(cursor);
    free(text);

    /* The error decoders still make a useful error of such a body. */
    text = repeat("{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":[", "{}", "]}", 1 << 20, &len);
    infisical_error *e = infisical__decode_error(422, text, len, WHAT, NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_EVALIDATION);
    assert_int_equal(infisical_error_http_status(e), 422);
    assert_int_equal(infisical_error_issue_count(e), 0);
    snprintf(expected, sizeof expected, "%s: HTTP 422 with a body too large to decode (%zu bytes)", WHAT, len);
    ASSERT_STR(infisical_error_message(e), expected);
    infisical_error_free(e);
    e = infisical__decode_northflank_error(503, text, len, "GET /v1/projects", NULL);
    assert_int_equal(infisical_error_code(e), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retryable(e), 1);
    snprintf(expected, sizeof expected, "GET /v1/projects on Northflank: HTTP 503 with a body too large to decode "
             "(%zu bytes)", len);
    ASSERT_STR(infisical_error_message(e), expected);
    infisical_error_free(e);
    free(text);
}

/* jansson's live and peak bytes, each allocation counted as the chunk glibc's
 * malloc makes of it on a 64-bit machine (the request plus an 8-byte header,
 * rounded up to 16, at least 32), through allocation functions set for this
 * test only. The size is kept in front of each block to count its free. */
static size_t jansson_live, jansson_peak;
static size_t chunk_of(size_t n)
{
    size_t c = (n + 8 + 15) & ~(size_t)15;
    return c < 32 ? 32 : c;
}
static void *counting_malloc(size_t n)
{
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    if ((jansson_live += chunk_of(n)) > jansson_peak)
        jansson_peak = jansson_live;
    return (char *)p + 16;
}
static void counting_free(void *q)
{
    if (!q)
        return;
    size_t *p = (size_t *)(void *)((char *)q - 16);
    jansson_live -= chunk_of(*p);
    free(p);
}

/* The scan's charges are upper bounds of what this jansson asks for: if a
 * newer jansson takes more, this fails, and the charges in budget.c must be
 * measured again. (jansson must not hold a block from before the switch of
 * allocation functions: this runs between decodes, with none alive.) */
static void budget_charges_bound_jansson(void **state)
{
    (void)state;
    static const struct {
        const char *head, *item, *tail;
    } shapes[] = {
        {"{\"appConnections\":[", "{}", "]}"},
        {"[", "[]", "]"},
        {"[", "0", "]"},
        {"[", "-0.5e10", "]"},
        {"[", "\"\"", "]"},
        {"[", "\"\\u00e9\\n\\ud83d\\ude00\"", "]"},
        {"[", "true", "]"},
        {"[", "{\"a\":0}", "]"},
        {"[", "{\"\":\"\"}", "]"},
        {"[", "{\"a\":[{\"b\":[1,{}]}]}", "]"},
        {"[", "\"abcdefghijklmnopqrstuvwxyz0123456789\"", "]"},
        {"{\"s\":\"", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\"}"},
        {"{\"appConnections\":[", "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"name\":\"n\",\"app\":\"northflank\","
         "\"projectId\":null,\"orgId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeeff\",\"version\":1}", "]}"},
    };
    static const size_t sizes[] = {100, 4096, 100000, 1 << 20};
    json_set_alloc_funcs(counting_malloc, counting_free);
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t len;
            char *text = repeat(shapes[i].head, shapes[i].item, shapes[i].tail, sizes[k], &len);
            if (i == 11) /* one long string rather than a list: drop the commas */
                for (char *p = text + 6; p < text + len - 2; p++)
                    *p = 'x';
            struct infisical__json_scan scanned;
            infisical__json_scan(text, len, &scanned);
            jansson_live = jansson_peak = 0;
            json_error_t je;
            json_t *v = json_loadb(text, len, 0, &je);
            size_t peak = jansson_peak;
            json_decref(v);
            if (!v)
                fail_msg("shape %zu: %s", i, je.text);
            if (scanned.cost < peak)
                fail_msg("%s%s...%s in %zu bytes: jansson took %zu bytes, the scan charged %llu", shapes[i].head,
                         shapes[i].item, shapes[i].tail, len, peak, (unsigned long long)scanned.cost);
            free(text);
        }
    }
    json_set_alloc_funcs(malloc, free);
}

/* Honest replies always fit: a 10,000-item connection list (about 700 bytes
 * and 16 fields each), the /available shape, the options list, a Northflank
 * page, an error with issues. The large ones keep a margin under the budget's
 * factor of 10, so that a change of the charges that eats it shows here. */
static void budget_honest_replies_fit(void **state)
{
    (void)state;
    infisical__buf b = {0};
    assert_int_equal(infisical__buf_puts(&b, "{\"appConnections\":["), 0);
    for (int i = 0; i < 10000; i++) {
        char item[1024];
        snprintf(item, sizeof item,
                 "%s{\"id\":\"%08x-4f89-11d3-9a0c-0305e82c3301\",\"name\":\"nf-%d\",\"description\":null,"
                 "\"version\":1,\"orgId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeeff\",\"projectId\":"
                 "\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\",\"createdAt\":\"2025-01-23T10:15:00.000Z\","
                 "\"updatedAt\":\"2025-01-23T10:15:00.000Z\",\"isPlatformManagedCredentials\":false,"
                 "\"isAutoRotationEnabled\":false,\"gatewayId\":null,\"gatewayPoolId\":null,\"credentialsHash\":\"" HASH64
                 "\",\"app\":\"northflank\",\"method\":\"api-token\",\"credentials\":{},\"project\":{\"name\":\"D\","
                 "\"slug\":\"d-x1y2\",\"type\":\"secret-manager\",\"id\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\"}}",
                 i ? "," : "", (unsigned)i, i);
        assert_int_equal(infisical__buf_puts(&b, item), 0);
    }
    assert_int_equal(infisical__buf_puts(&b, "]}"), 0);
    struct infisical__json_scan s;
    assert_int_equal(infisical__json_scan(b.data, b.len, &s), INFISICAL__JSON_FITS);
    assert_true(b.len > 10000 * 600);
    assert_true(s.cost < 8 * (uint64_t)b.len);
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical__decode_connection_list(b.data, b.len, 0, &list, &err), INFISICAL_OK);
    assert_int_equal(infisical_connection_list_count(list), 10000);
    ASSERT_STR(infisical_connection_name(infisical_connection_list_at(list, 9999)), "nf-9999");
    infisical_connection_list_free(list);
    infisical__buf_clear(&b);

    /* /available: five fields, short names, no project */
    assert_int_equal(infisical__buf_puts(&b, "{\"appConnections\":["), 0);
    for (int i = 0; i < 10000; i++) {
        char item[256];
        snprintf(item, sizeof item,
                 "%s{\"app\":\"northflank\",\"name\":\"%c\",\"id\":\"%08x-5678-90ab-cdef-1234567890ab\","
                 "\"projectId\":null,\"orgId\":\"abcdef12-3456-7890-abcd-ef1234567890\"}",
                 i ? "," : "", 'a' + i % 26, (unsigned)i);
        assert_int_equal(infisical__buf_puts(&b, item), 0);
    }
    assert_int_equal(infisical__buf_puts(&b, "]}"), 0);
    assert_int_equal(infisical__json_scan(b.data, b.len, &s), INFISICAL__JSON_FITS);
    assert_true(s.cost < 9 * (uint64_t)b.len);
    assert_int_equal(infisical__decode_connection_list(b.data, b.len, 1, &list, &err), INFISICAL_OK);
    assert_int_equal(infisical_connection_list_count(list), 10000);
    infisical_connection_list_free(list);
    infisical__buf_clear(&b);

    /* Small replies of dense shapes: options, a Northflank page of 100, 20 issues. */
    assert_int_equal(infisical__buf_puts(&b, "{\"appConnectionOptions\":["), 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(infisical__buf_puts(&b, i ? ",{\"name\":\"AWS\",\"app\":\"aws\",\"methods\":[\"a\",\"b\"]}"
                                                   : "{\"name\":\"NF\",\"app\":\"northflank\",\"methods\":[\"api-token\"]}"),
                         0);
    assert_int_equal(infisical__buf_puts(&b, "]}"), 0);
    int flag = 0;
    assert_int_equal(infisical__decode_options(b.data, b.len, &flag, NULL), INFISICAL_OK);
    assert_int_equal(flag, 1);
    infisical__buf_clear(&b);

    assert_int_equal(infisical__buf_puts(&b, "{\"data\":{\"projects\":["), 0);
    for (int i = 0; i < 100; i++) {
        char item[128];
        snprintf(item, sizeof item, "%s{\"id\":\"p%d\",\"uid\":\"5f3c2a1b0e9d8c7b6a594837\",\"name\":\"P\","
                 "\"lifecycleStatus\":\"created\"}", i ? "," : "", i);
        assert_int_equal(infisical__buf_puts(&b, item), 0);
    }
    assert_int_equal(infisical__buf_puts(&b, "]},\"pagination\":{\"hasNextPage\":false,\"count\":100}}"), 0);
    struct infisical_northflank_resources resources = {0};
    char *cursor = NULL;
    assert_int_equal(infisical__decode_northflank_page(b.data, b.len, "projects", &resources, &cursor, NULL),
                     INFISICAL_OK);
    assert_int_equal(resources.count, 100);
    infisical__resources_clear(&resources);
    infisical__buf_clear(&b);

    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":["), 0);
    for (int i = 0; i < 20; i++)
        assert_int_equal(infisical__buf_puts(&b, i ? ",{\"code\":\"c\",\"message\":\"m\",\"path\":[\"a\",0]}"
                                                   : "{\"code\":\"c\",\"message\":\"m\",\"path\":[\"a\",0]}"),
                         0);
    assert_int_equal(infisical__buf_puts(&b, "]}"), 0);
    infisical_error *e = infisical__decode_error(422, b.data, b.len, WHAT, NULL);
    assert_int_equal(infisical_error_issue_count(e), 20);
    infisical_error_free(e);
    infisical__buf_clear(&b);
}

static void iso8601_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t ms;
    } rows[] = {
        {"2025-01-23T10:15:00.000Z", 1737627300000LL},
        {"2025-01-23T10:15:00Z", 1737627300000LL},
        {"2025-01-23t10:15:00z", 1737627300000LL},
        {"2025-01-23 10:15:00Z", 1737627300000LL},
        {"2025-01-23T10:15:00.5Z", 1737627300500LL},
        {"2025-01-23T10:15:00.12Z", 1737627300120LL},
        {"2025-01-23T10:15:00.123Z", 1737627300123LL},
        {"2025-01-23T10:15:00.1234Z", 1737627300123LL},
        {"2025-01-23T10:15:00.12345Z", 1737627300123LL},
        {"2025-01-23T10:15:00.123456Z", 1737627300123LL},
        {"2025-01-23T10:15:00.999999Z", 1737627300999LL},
        {"2025-01-23T11:15:00.000+01:00", 1737627300000LL},
        {"2025-01-23T15:45:00+05:30", 1737627300000LL},
        {"2025-01-23T04:45:00-05:30", 1737627300000LL},
        {"2025-01-23T10:15:00+00:00", 1737627300000LL},
        {"2025-01-23T10:15:00-00:00", 1737627300000LL},
        {"2025-01-24T00:15:00+14:00", 1737627300000LL},
        {"2025-01-22T22:15:00-12:00", 1737627300000LL},
        {"2025-01-23T10:15:00.250+01:00", 1737627300250LL - 3600000LL},
        {"1970-01-01T00:00:00Z", 0},
        {"1969-12-31T23:59:59.000Z", -1000},
        {"2024-02-29T00:00:00Z", 1709164800000LL},
        {"2000-02-29T23:59:59Z", 951868799000LL},
        {"2025-12-31T23:59:59Z", 1767225599000LL},
        {"2025-06-02T09:30:15.5+02:00", 1748849415500LL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t ms = 42;
        if (infisical__parse_iso8601(rows[i].text, &ms) != 0)
            fail_msg("refused: %s", rows[i].text);
        if (ms != rows[i].ms)
            fail_msg("%s: got %lld, expected %lld", rows[i].text, (long long)ms, (long long)rows[i].ms);
    }
}

static void iso8601_invalid(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "",
        "garbage",
        "2025",
        "2025-01-23",
        "2025-01-23T10:15:00",       /* no zone */
        "2025-01-23T10:15Z",
        "2025-01-23T10:15:00.Z",     /* a '.' needs a digit */
        "2025-01-23T10:15:00.000",   /* no zone */
        "2025-01-23T10:15:00.000ZZ",
        "2025-01-23T10:15:00.000Z ",
        "2025-01-23T10:15:00+0100",
        "2025-01-23T10:15:00+01",
        "2025-01-23T10:15:00+1:00",
        "2025-01-23T10:15:00+01:0",
        "2025-01-23T10:15:00+24:00",
        "2025-01-23T10:15:00+01:60",
        "2025-01-23T10:15:00+01:00Z",
        "2025-01-23X10:15:00Z",
        "2025/01/23T10:15:00Z",
        "2025-01-23T10-15-00Z",
        "abcd-01-23T10:15:00Z",
        "2025-1-23T10:15:00.000Z",
        "+2025-01-23T10:15:00Z",
        " 2025-01-23T10:15:00Z",
        "2025-00-10T00:00:00Z",       /* month 0 */
        "2025-13-10T00:00:00Z",       /* month 13 */
        "2025-01-00T00:00:00Z",       /* day 0 */
        "2025-01-32T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-06-31T00:00:00Z",
        "2025-09-31T00:00:00Z",
        "2025-11-31T00:00:00Z",
        "2025-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",       /* not a leap year */
        "1900-02-29T00:00:00Z",       /* divisible by 100 */
        "2100-02-29T00:00:00Z",
        "2025-01-23T24:00:00Z",
        "2025-01-23T10:60:00Z",
        "2025-01-23T10:15:61Z",
        "2025-01-23T-1:15:00Z",
        "2025-01-23T10:15:00.12a4Z",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t ms = 42;
        if (infisical__parse_iso8601(rows[i], &ms) == 0)
            fail_msg("accepted: \"%s\" as %lld", rows[i], (long long)ms);
        assert_int_equal(ms, 42); /* untouched on failure */
    }
}

/* ------------------------------------------------------------------ encoders */

/* Parse an encoder's output strictly (duplicates refused) as an object. */
static json_t *parse_body(const char *text)
{
    json_error_t je;
    assert_non_null(text);
    json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    if (!v)
        fail_msg("encoder output is not JSON: %s (%s)", text, je.text);
    assert_true(json_is_object(v));
    return v;
}

static void expect_member(json_t *obj, const char *key, const char *value)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        fail_msg("member %s is missing", key);
    if (!value) {
        assert_true(json_is_null(v));
        return;
    }
    assert_true(json_is_string(v));
    assert_int_equal(json_string_length(v), strlen(value));
    assert_memory_equal(json_string_value(v), value, strlen(value));
}

static void encode_exact_text(void **state)
{
    (void)state;
    char *s = infisical__encode_access_token("abc");
    ASSERT_STR(s, "{\"accessToken\":\"abc\"}");
    infisical__free_secret(s);
    s = infisical__encode_login("id-1", "secret-1");
    ASSERT_STR(s, "{\"clientId\":\"id-1\",\"clientSecret\":\"secret-1\"}");
    infisical__free_secret(s);

    struct infisical__connection_fields f = {0};
    s = infisical__encode_connection(&f);
    ASSERT_STR(s, "{}");
    infisical__free_secret(s);

    f.name = "n";
    f.with_method = 1;
    f.set_description = 1;
    f.description = "d";
    f.project_id = "p";
    f.api_token = "t";
    s = infisical__encode_connection(&f);
    ASSERT_STR(s, "{\"name\":\"n\",\"method\":\"api-token\",\"description\":\"d\",\"projectId\":\"p\","
                  "\"credentials\":{\"apiToken\":\"t\"}}");
    infisical__free_secret(s);

    memset(&f, 0, sizeof f);
    f.api_token = "t";
    s = infisical__encode_connection(&f);
    ASSERT_STR(s, "{\"credentials\":{\"apiToken\":\"t\"}}");
    infisical__free_secret(s);

    memset(&f, 0, sizeof f);
    f.set_description = 1;
    s = infisical__encode_connection(&f);
    ASSERT_STR(s, "{\"description\":null}");
    infisical__free_secret(s);

    /* description given but not marked as set: left out */
    memset(&f, 0, sizeof f);
    f.description = "ignored";
    f.name = "x";
    s = infisical__encode_connection(&f);
    ASSERT_STR(s, "{\"name\":\"x\"}");
    infisical__free_secret(s);

    /* control characters are escaped, never raw */
    s = infisical__encode_access_token("\x01\n\t\"\\\x1f");
    ASSERT_STR(s, "{\"accessToken\":\"\\u0001\\n\\t\\\"\\\\\\u001f\"}");
    infisical__free_secret(s);
}

static void encode_round_trip(void **state)
{
    (void)state;
    char all_controls[32];
    for (int i = 1; i < 32; i++)
        all_controls[i - 1] = (char)i;
    all_controls[31] = '\0';
    static const char tricky[] = "q\"uo\"te \\back\\slash\\ /sl/ash \x7f del "
                                 "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87 <>&'";
    const char *const values[] = {"", "plain", tricky, all_controls, "\\u0000 not an escape", "\"", "\\"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const char *v = values[i];
        char *s = infisical__encode_access_token(v);
        json_t *o = parse_body(s);
        assert_int_equal(json_object_size(o), 1);
        expect_member(o, "accessToken", v);
        json_decref(o);
        infisical__free_secret(s);

        s = infisical__encode_login(v, tricky);
        o = parse_body(s);
        assert_int_equal(json_object_size(o), 2);
        expect_member(o, "clientId", v);
        expect_member(o, "clientSecret", tricky);
        json_decref(o);
        infisical__free_secret(s);

        struct infisical__connection_fields f = {
            .name = v, .set_description = 1, .description = tricky, .project_id = v, .api_token = v, .with_method = 1};
        s = infisical__encode_connection(&f);
        o = parse_body(s);
        assert_int_equal(json_object_size(o), 5);
        expect_member(o, "name", v);
        expect_member(o, "method", "api-token");
        expect_member(o, "description", tricky);
        expect_member(o, "projectId", v);
        json_t *cred = json_object_get(o, "credentials");
        assert_true(json_is_object(cred));
        assert_int_equal(json_object_size(cred), 1);
        expect_member(cred, "apiToken", v);
        json_decref(o);
        infisical__free_secret(s);
    }
}

static void encode_field_combinations(void **state)
{
    (void)state;
    /* every subset of the five fields gives valid JSON with exactly those members */
    for (unsigned mask = 0; mask < 64; mask++) {
        struct infisical__connection_fields f = {0};
        size_t expected = 0;
        if (mask & 1) { f.name = "my-conn"; expected++; }
        if (mask & 2) { f.with_method = 1; expected++; }
        if (mask & 4) { f.set_description = 1; f.description = (mask & 32) ? NULL : "desc"; expected++; }
        if (mask & 8) { f.project_id = "proj"; expected++; }
        if (mask & 16) { f.api_token = "tok"; expected++; }
        char *s = infisical__encode_connection(&f);
        json_t *o = parse_body(s);
        assert_int_equal(json_object_size(o), expected);
        if (mask & 1) expect_member(o, "name", "my-conn");
        else assert_null(json_object_get(o, "name"));
        if (mask & 2) expect_member(o, "method", "api-token");
        else assert_null(json_object_get(o, "method"));
        if (mask & 4) expect_member(o, "description", (mask & 32) ? NULL : "desc");
        else assert_null(json_object_get(o, "description"));
        if (mask & 8) expect_member(o, "projectId", "proj");
        else assert_null(json_object_get(o, "projectId"));
        if (mask & 16) expect_member(json_object_get(o, "credentials"), "apiToken", "tok");
        else assert_null(json_object_get(o, "credentials"));
        json_decref(o);
        infisical__free_secret(s);
    }
}

static void encode_long_values(void **state)
{
    (void)state;
    /* longer than the buffer's first block, to cross a growth step */
    size_t n = 5000;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i % 7 == 0 ? '"' : 'a' + (int)(i % 26));
    big[n] = '\0';
    char *s = infisical__encode_login(big, big);
    json_t *o = parse_body(s);
    expect_member(o, "clientId", big);
    expect_member(o, "clientSecret", big);
    json_decref(o);
    infisical__free_secret(s);
    free(big);
}

/* ------------------------------------------------------------------ allocation failures */

static void alloc_fail_decode_connection(void **state)
{
    (void)state;
    /* how many allocations one successful decode makes */
    infisical__alloc_fail_after(0);
    infisical_connection *c = NULL;
    infisical_error *err = NULL;
    assert_int_equal(decode(SAMPLE, &c, &err), INFISICAL_OK);
    unsigned long allocations = infisical__alloc_fail_after(0);
    infisical_connection_free(c);
    assert_true(allocations >= 2); /* the connection, and one block for all its strings */

    unsigned long n;
    for (n = 1;; n++) {
        c = NULL;
        err = NULL;
        infisical__alloc_fail_after(n);
        int rc = decode(SAMPLE, &c, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            assert_null(err);
            check_sample(c);
            infisical_connection_free(c);
            break;
        }
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), rc);
        ASSERT_STR(infisical_error_message(err), "out of memory");
        assert_null(c);
        infisical_error_free(err);
        assert_true(n <= allocations);
    }
    assert_int_equal(n, allocations + 1);

    /* without an error object */
    for (n = 1; n <= allocations; n++) {
        infisical__alloc_fail_after(n);
        int rc = infisical__decode_connection(SAMPLE, strlen(SAMPLE), &c, NULL);
        infisical__alloc_fail_after(0);
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_null(c);
    }
}

static void alloc_fail_decode_list(void **state)
{
    (void)state;
    char body[4096];
    snprintf(body, sizeof body, "{\"appConnections\":[%s,%s]}", NEWEST_ITEM, NEWEST_ITEM);
    for (unsigned long n = 1;; n++) {
        infisical_connection_list *list = NULL;
        infisical_error *err = NULL;
        infisical__alloc_fail_after(n);
        int rc = infisical__decode_connection_list(body, strlen(body), 0, &list, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            assert_true(n > 2);
            assert_int_equal(infisical_connection_list_count(list), 2);
            ASSERT_STR(infisical_connection_project_type(infisical_connection_list_at(list, 1)), "secret-manager");
            infisical_connection_list_free(list);
            break;
        }
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), rc);
        assert_null(list);
        infisical_error_free(err);
        assert_true(n < 200);
    }
}

static void alloc_fail_decode_token_and_error(void **state)
{
    (void)state;
    static const char tok[] = "{\"accessToken\":\"secret\",\"expiresIn\":\"60\",\"accessTokenMaxTTL\":120}";
    for (unsigned long n = 1;; n++) {
        struct infisical__token_reply r;
        infisical_error *err = NULL;
        infisical__alloc_fail_after(n);
        int rc = infisical__decode_token(tok, strlen(tok), &r, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            ASSERT_STR(r.access_token, "secret");
            assert_int_equal(r.expires_in_s, 60);
            assert_int_equal(r.max_ttl_s, 120);
            infisical__free_secret(r.access_token);
            break;
        }
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), rc);
        assert_null(r.access_token);
        infisical_error_free(err);
        assert_true(n < 50);
    }

    static const char body[] =
        "{\"reqId\":\"req-422\",\"statusCode\":422,\"error\":\"ValidationFailure\",\"details\":[1],\"message\":["
        "{\"code\":\"too_small\",\"message\":\"API Token required\",\"path\":[\"credentials\",\"apiToken\"]},"
        "{\"code\":\"custom\",\"message\":\"bad\",\"path\":[\"name\",0]}]}";
    unsigned long n;
    for (n = 1;; n++) {
        infisical__alloc_fail_after(n);
        infisical_error *e = infisical__decode_error(422, body, strlen(body), WHAT, NULL);
        infisical__alloc_fail_after(0);
        if (e) {
            assert_int_equal(infisical_error_issue_count(e), 2);
            ASSERT_STR(infisical_error_issue_path(e, 1), "name.0");
            ASSERT_STR(infisical_error_details_json(e), "[1]");
            infisical_error_free(e);
            break;
        }
        assert_true(n < 200);
    }
    assert_true(n > 5);
}

static void alloc_fail_encoders(void **state)
{
    (void)state;
    struct infisical__connection_fields f = {
        .name = "n", .set_description = 1, .description = "d", .project_id = "p", .api_token = "t", .with_method = 1};
    unsigned long n;
    for (n = 1;; n++) {
        infisical__alloc_fail_after(n);
        char *a = infisical__encode_connection(&f);
        infisical__alloc_fail_after(0);
        if (a) {
            ASSERT_STR(a, "{\"name\":\"n\",\"method\":\"api-token\",\"description\":\"d\",\"projectId\":\"p\","
                          "\"credentials\":{\"apiToken\":\"t\"}}");
            infisical__free_secret(a);
            break;
        }
        assert_true(n < 50);
    }
    assert_true(n > 1);
    infisical__alloc_fail_after(1);
    char *a = infisical__encode_login("i", "s");
    char *b = infisical__encode_access_token("t");
    infisical__alloc_fail_after(0);
    assert_null(a);
    assert_null(b);
}

/* A secret the server quotes back is masked before the message, an issue or a
 * key is cut to length: no prefix of it survives the cut. */
static void decode_error_redacts_before_cutting(void **state)
{
    (void)state;
    const char *secret = "SECRETSECRETSECRETSECRET-0123456789";
    struct infisical__secrets s = {0};
    infisical__secrets_add(&s, secret);
    /* The message: the secret starts 10 bytes before the 4096-byte cut. */
    infisical__buf b = {0};
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":400,\"error\":\"BadRequest\",\"message\":\""), 0);
    for (int i = 0; i < 4096 - 10; i++)
        assert_int_equal(infisical__buf_puts(&b, "x"), 0);
    assert_int_equal(infisical__buf_puts(&b, secret), 0);
    assert_int_equal(infisical__buf_puts(&b, "\",\"reqId\":\""), 0);
    assert_int_equal(infisical__buf_puts(&b, secret), 0);
    assert_int_equal(infisical__buf_puts(&b, "\"}"), 0);
    infisical_error *e = infisical__decode_error(400, b.data, b.len, WHAT, &s);
    assert_non_null(e);
    assert_null(strstr(infisical_error_message(e), "SECRET"));
    assert_null(strstr(infisical_error_request_id(e), "SECRET"));
    infisical_error_free(e);
    infisical__buf_clear(&b);
    /* An issue message cut at 1024 bytes, and a secret as a Northflank details key. */
    assert_int_equal(infisical__buf_puts(&b, "{\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":[{"
                                             "\"code\":\"custom\",\"path\":[\"a\"],\"message\":\""), 0);
    for (int i = 0; i < 1024 - 5; i++)
        assert_int_equal(infisical__buf_puts(&b, "y"), 0);
    assert_int_equal(infisical__buf_puts(&b, secret), 0);
    assert_int_equal(infisical__buf_puts(&b, "\"}]}"), 0);
    e = infisical__decode_error(422, b.data, b.len, WHAT, &s);
    assert_int_equal(infisical_error_issue_count(e), 1);
    assert_null(strstr(infisical_error_issue_message(e, 0), "SECRET"));
    assert_null(strstr(infisical_error_message(e), "SECRET"));
    infisical_error_free(e);
    infisical__buf_clear(&b);
    char body[512];
    snprintf(body, sizeof body, "{\"error\":{\"message\":\"bad %s\",\"details\":{\"%s\":[\"x %s\"]}}}", secret, secret,
             secret);
    e = infisical__decode_northflank_error(400, body, strlen(body), "GET /v1/projects", &s);
    assert_null(strstr(infisical_error_message(e), "SECRET"));
    assert_int_equal(infisical_error_issue_count(e), 1);
    assert_null(strstr(infisical_error_issue_path(e, 0), "SECRET"));
    assert_null(strstr(infisical_error_issue_message(e, 0), "SECRET"));
    assert_null(strstr(infisical_error_details_json(e), "SECRET"));
    infisical_error_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_sample),
        cmocka_unit_test(decode_sample_without_err),
        cmocka_unit_test(decode_uses_len_not_nul),
        cmocka_unit_test(decode_newest_record),
        cmocka_unit_test(decode_project_fills_missing_project_id),
        cmocka_unit_test(decode_nulls),
        cmocka_unit_test(decode_absent_optionals),
        cmocka_unit_test(decode_platform_managed_true),
        cmocka_unit_test(decode_wrong_types),
        cmocka_unit_test(decode_wrong_types_in_project),
        cmocka_unit_test(decode_bad_times),
        cmocka_unit_test(decode_null_in_non_nullable),
        cmocka_unit_test(decode_missing_required),
        cmocka_unit_test(decode_wrong_app),
        cmocka_unit_test(decode_not_json),
        cmocka_unit_test(decode_top_level_not_object),
        cmocka_unit_test(decode_version_forms),
        cmocka_unit_test(decode_unicode_passthrough),
        cmocka_unit_test(decode_list_full),
        cmocka_unit_test(decode_list_reduced),
        cmocka_unit_test(decode_list_empty),
        cmocka_unit_test(decode_list_bad_item),
        cmocka_unit_test(decode_options),
        cmocka_unit_test(decode_token_ok),
        cmocka_unit_test(decode_token_bad),
        cmocka_unit_test(decode_error_table),
        cmocka_unit_test(decode_error_permission_details),
        cmocka_unit_test(decode_error_validation),
        cmocka_unit_test(decode_error_caps),
        cmocka_unit_test(decode_error_redacts_before_cutting),
        cmocka_unit_test(decode_northflank_error_caps),
        cmocka_unit_test(decode_wrong_app_quote_is_bounded),
        cmocka_unit_test(decode_error_uses_len),
        cmocka_unit_test(budget_counts_every_shape),
        cmocka_unit_test(budget_truncated_and_broken_input),
        cmocka_unit_test(budget_depth),
        cmocka_unit_test(budget_amplification),
        cmocka_unit_test(budget_honest_replies_fit),
        cmocka_unit_test(budget_charges_bound_jansson),
        cmocka_unit_test(iso8601_valid),
        cmocka_unit_test(iso8601_invalid),
        cmocka_unit_test(encode_exact_text),
        cmocka_unit_test(encode_round_trip),
        cmocka_unit_test(encode_field_combinations),
        cmocka_unit_test(encode_long_values),
        cmocka_unit_test(alloc_fail_decode_connection),
        cmocka_unit_test(alloc_fail_decode_list),
        cmocka_unit_test(alloc_fail_decode_token_and_error),
        cmocka_unit_test(alloc_fail_encoders),
    };
    return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
