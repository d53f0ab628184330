/* Secret syncs without a server: the reply's shape (the contract, 3), the
 * request body, and every parameter's rule in the server's words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "codec/codec.h"
#include "models.h"
#include "northflank/sync_params.h"
#include "util/alloc.h"

/* The contract's sample response (3), every field present. */
#define SYNC_FIELDS                                                                                              \
    "\"id\":\"5b1c9a2e-0f43-4c3e-9d1a-2b5e7c8d9f01\",\"name\":\"my-northflank-sync\","                           \
    "\"description\":\"an example sync\",\"destination\":\"northflank\",\"isAutoSyncEnabled\":true,"            \
    "\"version\":1,\"destinationConfig\":{\"projectId\":\"my-project-id\",\"secretGroupId\":\"my-secret-group-id\"," \
    "\"projectName\":\"My Project\"},\"syncOptions\":{\"initialSyncBehavior\":\"overwrite-destination\","         \
    "\"keySchema\":\"INFISICAL_{{secretKey}}\",\"disableSecretDeletion\":false},"                                 \
    "\"projectId\":\"8f7e6d5c-4b3a-4291-8e7f-6a5b4c3d2e1f\",\"folderId\":\"11111111-2222-4333-8444-555555555555\"," \
    "\"connectionId\":\"3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99\",\"createdAt\":\"2025-01-23T10:15:00.000Z\","       \
    "\"updatedAt\":\"2025-01-23T10:16:00.000Z\",\"syncStatus\":\"succeeded\",\"lastSyncJobId\":\"123\","           \
    "\"lastSyncMessage\":null,\"lastSyncedAt\":\"2025-01-23T10:15:30.000Z\",\"importStatus\":\"failed\","         \
    "\"lastImportJobId\":\"124\",\"lastImportMessage\":\"Failed to fetch Northflank secrets.\","                  \
    "\"lastImportedAt\":null,\"removeStatus\":null,\"lastRemoveJobId\":null,\"lastRemoveMessage\":null,"         \
    "\"lastRemovedAt\":null,\"connection\":{\"app\":\"northflank\",\"name\":\"my-connection\","                   \
    "\"id\":\"3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99\"},\"environment\":{\"slug\":\"dev\",\"name\":\"Development\"," \
    "\"id\":\"99999999-8888-4777-8666-555555555555\"},\"folder\":{\"id\":\"11111111-2222-4333-8444-555555555555\"," \
    "\"path\":\"/my-secrets\"}"

static void decodes_every_field(void **state)
{
    (void)state;
    static const char body[] = "{\"secretSync\":{" SYNC_FIELDS "}}";
    infisical_sync *s = NULL;
    assert_int_equal(infisical__decode_sync(body, sizeof body - 1, &s, NULL), INFISICAL_OK);
    assert_string_equal(infisical_sync_id(s), "5b1c9a2e-0f43-4c3e-9d1a-2b5e7c8d9f01");
    assert_string_equal(infisical_sync_name(s), "my-northflank-sync");
    assert_string_equal(infisical_sync_description(s), "an example sync");
    assert_string_equal(infisical_sync_destination(s), "northflank");
    assert_int_equal(infisical_sync_is_auto_sync_enabled(s), 1);
    assert_int_equal(infisical_sync_version(s), 1);
    assert_string_equal(infisical_sync_destination_project_id(s), "my-project-id");
    assert_string_equal(infisical_sync_destination_project_name(s), "My Project");
    assert_string_equal(infisical_sync_destination_secret_group_id(s), "my-secret-group-id");
    assert_null(infisical_sync_destination_secret_group_name(s));
    assert_int_equal(infisical_sync_initial_sync_behavior(s), INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION);
    assert_string_equal(infisical_sync_key_schema(s), "INFISICAL_{{secretKey}}");
    assert_int_equal(infisical_sync_disable_secret_deletion(s), INFISICAL_FALSE);
    assert_string_equal(infisical_sync_project_id(s), "8f7e6d5c-4b3a-4291-8e7f-6a5b4c3d2e1f");
    assert_string_equal(infisical_sync_folder_id(s), "11111111-2222-4333-8444-555555555555");
    assert_string_equal(infisical_sync_folder_path(s), "/my-secrets");
    assert_string_equal(infisical_sync_connection_id(s), "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99");
    assert_string_equal(infisical_sync_connection_name(s), "my-connection");
    assert_string_equal(infisical_sync_connection_app(s), "northflank");
    assert_string_equal(infisical_sync_environment_slug(s), "dev");
    assert_string_equal(infisical_sync_environment_name(s), "Development");
    assert_string_equal(infisical_sync_environment_id(s), "99999999-8888-4777-8666-555555555555");
    assert_string_equal(infisical_sync_created_at(s), "2025-01-23T10:15:00.000Z");
    assert_true(infisical_sync_created_at_ms(s) == 1737627300000LL);
    assert_true(infisical_sync_updated_at_ms(s) == 1737627360000LL);
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC), INFISICAL_SYNC_STATUS_SUCCEEDED);
    assert_string_equal(infisical_sync_job_id(s, INFISICAL_SYNC_JOB_SYNC), "123");
    assert_null(infisical_sync_message(s, INFISICAL_SYNC_JOB_SYNC));
    assert_true(infisical_sync_succeeded_at_ms(s, INFISICAL_SYNC_JOB_SYNC) == 1737627330000LL);
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_IMPORT), INFISICAL_SYNC_STATUS_FAILED);
    assert_string_equal(infisical_sync_message(s, INFISICAL_SYNC_JOB_IMPORT), "Failed to fetch Northflank secrets.");
    assert_null(infisical_sync_succeeded_at(s, INFISICAL_SYNC_JOB_IMPORT));
    assert_true(infisical_sync_succeeded_at_ms(s, INFISICAL_SYNC_JOB_IMPORT) == INFISICAL_TIME_ABSENT);
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_REMOVE), INFISICAL_SYNC_STATUS_NONE);
    /* Total getters: out of range and NULL. */
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_COUNT), INFISICAL_SYNC_STATUS_NONE);
    assert_null(infisical_sync_job_id(s, 99));
    assert_null(infisical_sync_name(NULL));
    assert_int_equal(infisical_sync_disable_secret_deletion(NULL), INFISICAL_ABSENT);
    assert_true(infisical_sync_created_at_ms(NULL) == INFISICAL_TIME_ABSENT);
    /* A copy is independent. */
    infisical_sync *copy = NULL;
    assert_int_equal(infisical_sync_dup(&copy, s, NULL), INFISICAL_OK);
    infisical_sync_free(s);
    assert_string_equal(infisical_sync_message(copy, INFISICAL_SYNC_JOB_IMPORT), "Failed to fetch Northflank secrets.");
    assert_string_equal(infisical_sync_folder_path(copy), "/my-secrets");
    infisical_sync_free(copy);
}

/* {"secretSync":{SYNC_FIELDS}} with the members of `change` put in (replacing
 * the ones of the same key: a key twice is refused on its own). */
static char *sync_body_with(const char *change)
{
    json_t *sync = json_loads("{" SYNC_FIELDS "}", 0, NULL);
    json_t *over = json_loads(change, 0, NULL);
    assert_non_null(sync);
    assert_non_null(over);
    assert_int_equal(json_object_update(sync, over), 0);
    json_t *root = json_pack("{s:o}", "secretSync", sync);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    json_decref(over);
    return text;
}

static void refuses_what_the_contract_does_not_say(void **state)
{
    (void)state;
    static const struct {
        const char *change, *says;
    } changed[] = {
        {"{\"destination\":\"render\"}", "destination"},
        {"{\"syncStatus\":\"done\"}", "syncStatus"},
        {"{\"syncOptions\":{\"initialSyncBehavior\":\"merge\"}}", "initialSyncBehavior"},
        {"{\"destinationConfig\":{\"projectId\":\"p\"}}", "secretGroupId"},
        {"{\"isAutoSyncEnabled\":null}", "isAutoSyncEnabled"},
        {"{\"lastSyncJobId\":5}", "lastSyncJobId"},
    };
    char *bodies[sizeof changed / sizeof changed[0] + 3];
    const char *says[sizeof bodies / sizeof bodies[0]];
    size_t n = 0;
    for (; n < sizeof changed / sizeof changed[0]; n++) {
        bodies[n] = sync_body_with(changed[n].change);
        says[n] = changed[n].says;
    }
    bodies[n] = strdup("{\"secretSync\":[]}");
    says[n++] = "secretSync";
    bodies[n] = strdup("{\"secretSyncs\":{}}");
    says[n++] = "secretSyncs";
    /* A key twice: jansson would keep the second destination silently. */
    bodies[n] = strdup("{\"secretSync\":{" SYNC_FIELDS ",\"destination\":\"render\"}}");
    says[n++] = "duplicate object key";
    for (size_t i = 0; i < n; i++) {
        infisical_error *err = NULL;
        int rc;
        if (strstr(bodies[i], "secretSyncs")) {
            infisical_sync_list *list = NULL;
            rc = infisical__decode_sync_list(bodies[i], strlen(bodies[i]), &list, &err);
            assert_null(list);
        } else {
            infisical_sync *s = NULL;
            rc = infisical__decode_sync(bodies[i], strlen(bodies[i]), &s, &err);
            assert_null(s);
        }
        assert_int_equal(rc, INFISICAL_EPROTOCOL);
        if (!strstr(infisical_error_message(err), says[i]))
            fail_msg("case %zu: \"%s\" does not name %s", i, infisical_error_message(err), says[i]);
        infisical_error_free(err);
        free(bodies[i]);
    }
}

static void decodes_lists_and_options(void **state)
{
    (void)state;
    static const char body[] = "{\"secretSyncs\":[{" SYNC_FIELDS "},{" SYNC_FIELDS "}]}";
    infisical_sync_list *list = NULL;
    assert_int_equal(infisical__decode_sync_list(body, sizeof body - 1, &list, NULL), INFISICAL_OK);
    assert_int_equal(infisical_sync_list_count(list), 2);
    assert_string_equal(infisical_sync_name(infisical_sync_list_at(list, 1)), "my-northflank-sync");
    assert_null(infisical_sync_list_at(list, 2));
    infisical_sync_list_free(list);
    int offered = -1;
    static const char options[] = "{\"secretSyncOptions\":[{\"name\":\"GitHub\",\"destination\":\"github\"},"
                                  "{\"name\":\"Northflank\",\"connection\":\"northflank\",\"destination\":"
                                  "\"northflank\",\"canImportSecrets\":true}]}";
    assert_int_equal(infisical__decode_sync_options(options, sizeof options - 1, &offered, NULL), INFISICAL_OK);
    assert_int_equal(offered, 1);
    static const char none[] = "{\"secretSyncOptions\":[{\"name\":\"GitHub\",\"destination\":\"github\"}]}";
    assert_int_equal(infisical__decode_sync_options(none, sizeof none - 1, &offered, NULL), INFISICAL_OK);
    assert_int_equal(offered, 0);
}

static void encodes_a_create_body(void **state)
{
    (void)state;
    struct infisical__sync_fields f = {
        .name = "my-sync", .project_id = "p1", .set_description = 1, .description = "say \"hi\"",
        .connection_id = "c1", .environment = "dev", .secret_path = "/app", .set_auto_sync = 1, .auto_sync = 0,
        .with_options = 1, .initial_sync_behavior = INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE,
        .key_schema = "NF_{{secretKey}}", .disable_secret_deletion = 1, .with_destination = 1,
        .dest_project_id = "np", .dest_group_id = "ng", .dest_group_name = "Group",
    };
    char *body = infisical__encode_sync(&f);
    assert_string_equal(body, "{\"name\":\"my-sync\",\"projectId\":\"p1\",\"description\":\"say \\\"hi\\\"\","
                              "\"connectionId\":\"c1\",\"environment\":\"dev\",\"secretPath\":\"/app\","
                              "\"isAutoSyncEnabled\":false,\"syncOptions\":{\"initialSyncBehavior\":"
                              "\"import-prioritize-source\",\"keySchema\":\"NF_{{secretKey}}\","
                              "\"disableSecretDeletion\":true},\"destinationConfig\":{\"projectId\":\"np\","
                              "\"secretGroupId\":\"ng\",\"secretGroupName\":\"Group\"}}");
    infisical__free(body);
    /* An update of the description alone: nothing else is sent. */
    struct infisical__sync_fields g = {.set_description = 1, .description = NULL};
    body = infisical__encode_sync(&g);
    assert_string_equal(body, "{\"description\":null}");
    infisical__free(body);
}

/* Expect EINVAL naming `path` with `says` in the message. */
static void check_einval(int rc, infisical_error *err, const char *path, const char *says)
{
    if (rc != INFISICAL_EINVAL)
        fail_msg("expected INFISICAL_EINVAL, got %d", rc);
    assert_string_equal(infisical_error_issue_path(err, 0), path);
    if (!strstr(infisical_error_message(err), says))
        fail_msg("\"%s\" does not say \"%s\"", infisical_error_message(err), says);
    infisical_error_free(err);
}

/* The call first, then its error: an argument list has no order of evaluation. */
#define expect_einval(call, e, path, says)                                                                      \
    do {                                                                                                      \
        int rc_ = (call);                                                                                     \
        check_einval(rc_, e, path, says);                                                                     \
    } while (0)

static void params_follow_the_servers_rules(void **state)
{
    (void)state;
    infisical_sync_params *p = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical_sync_params_new(&p, NULL), INFISICAL_OK);
    /* name: slugSchema max 256 */
    expect_einval(infisical_sync_params_set_name(p, "Bad Name", &err), err, "name",
                  "name field can only contain lowercase letters, numbers, and hyphens");
    expect_einval(infisical_sync_params_set_name(p, "  ", &err), err, "name",
                  "name field must be at least 1 lowercase character");
    char long_name[258];
    memset(long_name, 'a', 257);
    long_name[257] = '\0';
    expect_einval(infisical_sync_params_set_name(p, long_name, &err), err, "name",
                  "name field must be at most 256 lowercase characters");
    long_name[256] = '\0';
    assert_int_equal(infisical_sync_params_set_name(p, long_name, NULL), INFISICAL_OK);
    assert_int_equal(infisical_sync_params_set_name(p, "  my-sync ", NULL), INFISICAL_OK);
    assert_string_equal(p->name, "my-sync");
    /* environment: slug max 64; path: required, trailing slash removed */
    expect_einval(infisical_sync_params_set_source(p, "Dev", "/app", &err), err, "environment",
                  "environment field can only contain lowercase letters, numbers, and hyphens");
    char long_env[66];
    memset(long_env, 'e', 65);
    long_env[65] = '\0';
    expect_einval(infisical_sync_params_set_source(p, long_env, "/app", &err), err, "environment",
                  "environment field must be at most 64 lowercase characters");
    expect_einval(infisical_sync_params_set_source(p, "dev", " ", &err), err, "secretPath", "Secret path required");
    assert_null(p->environment); /* a failed setter changes nothing */
    assert_int_equal(infisical_sync_params_set_source(p, "dev", "/app/", NULL), INFISICAL_OK);
    assert_string_equal(p->secret_path, "/app");
    assert_int_equal(infisical_sync_params_set_source(p, "dev", "/", NULL), INFISICAL_OK);
    assert_string_equal(p->secret_path, "/");
    /* key schema */
    const char *schema_message = "Key schema must include exactly one {{secretKey}} placeholder";
    expect_einval(infisical_sync_params_set_key_schema(p, "PREFIX_", &err), err, "syncOptions.keySchema",
                  schema_message);
    expect_einval(infisical_sync_params_set_key_schema(p, "A.{{secretKey}}", &err), err, "syncOptions.keySchema",
                  schema_message);
    assert_int_equal(infisical_sync_params_set_key_schema(p, " {{environment}}/NF-{{secretKey}}_x ", NULL),
                     INFISICAL_OK);
    assert_string_equal(p->key_schema, "{{environment}}/NF-{{secretKey}}_x");
    char long_schema[300] = "{{secretKey}}";
    memset(long_schema + 13, 'k', 243);
    long_schema[256] = '\0';
    expect_einval(infisical_sync_params_set_key_schema(p, long_schema, &err), err, "syncOptions.keySchema",
                  "at most 255");
    assert_int_equal(infisical_sync_params_set_key_schema(p, NULL, NULL), INFISICAL_OK);
    assert_null(p->key_schema);
    assert_int_equal(p->set_key_schema, 1);
    /* initial behavior, destination, connection id, description */
    expect_einval(infisical_sync_params_set_initial_sync_behavior(p, 0, &err), err,
                  "syncOptions.initialSyncBehavior", "overwrite-destination");
    expect_einval(infisical_sync_params_set_initial_sync_behavior(p, 4, &err), err,
                  "syncOptions.initialSyncBehavior", "overwrite-destination");
    expect_einval(infisical_sync_params_set_destination(p, " ", "g", NULL, NULL, &err), err,
                  "destinationConfig.projectId", "Project ID is required");
    expect_einval(infisical_sync_params_set_destination(p, "p", NULL, NULL, NULL, &err), err,
                  "destinationConfig.secretGroupId", "must not be NULL");
    expect_einval(infisical_sync_params_set_destination(p, "p", "", NULL, NULL, &err), err,
                  "destinationConfig.secretGroupId", "Secret Group ID is required");
    assert_int_equal(p->set_destination, 0);
    assert_int_equal(infisical_sync_params_set_destination(p, " p ", "g", NULL, "Group", NULL), INFISICAL_OK);
    assert_string_equal(p->dest_project_id, "p");
    assert_string_equal(p->dest_group_name, "Group");
    expect_einval(infisical_sync_params_set_connection_id(p, "not-a-uuid", &err), err, "connectionId",
                  "Invalid uuid");
    char long_description[300];
    memset(long_description, 'd', 257);
    long_description[257] = '\0';
    expect_einval(infisical_sync_params_set_description(p, long_description, &err), err, "description",
                  "Description cannot exceed 256 characters");
    expect_einval(infisical_sync_params_set_project_id(p, "  ", &err), err, "projectId", "Project ID required");
    infisical_sync_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_every_field),
        cmocka_unit_test(refuses_what_the_contract_does_not_say),
        cmocka_unit_test(decodes_lists_and_options),
        cmocka_unit_test(encodes_a_create_body),
        cmocka_unit_test(params_follow_the_servers_rules),
    };
    return cmocka_run_group_tests_name("unit-sync", tests, NULL, NULL);
}
