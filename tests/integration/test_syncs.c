/* Northflank secret syncs against the devserver: every operation, the merge
 * the server's jobs do in the Northflank stand-in, waiting for a job's outcome
 * (succeeded, failed, timed out, cancelled), the lock, and updates that keep
 * what they do not change. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

#define GROUP_PATH "/v1/projects/proj-0001/secrets/group-0001"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A Northflank connection with the devserver's token; its id in id. */
static void make_connection(infisical_client *c, char *id, size_t cap)
{
    infisical_northflank_params *p = params_for("sync-target", NULL, NULL, NULL);
    infisical_connection *conn = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    snprintf(id, cap, "%s", infisical_connection_id(conn));
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
}

/* Params of a sync from dev:/app to proj-0001/group-0001. */
static infisical_sync_params *sync_params(const char *name, const char *connection_id, uint32_t initial,
                                          const char *key_schema, int auto_sync)
{
    infisical_sync_params *p = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_name(p, name, &err), err);
    assert_ok(infisical_sync_params_set_project_id(p, dev.project_id, &err), err);
    assert_ok(infisical_sync_params_set_connection_id(p, connection_id, &err), err);
    assert_ok(infisical_sync_params_set_source(p, "dev", "/app/", &err), err);
    assert_ok(infisical_sync_params_set_initial_sync_behavior(p, initial, &err), err);
    if (key_schema)
        assert_ok(infisical_sync_params_set_key_schema(p, key_schema, &err), err);
    assert_ok(infisical_sync_params_set_auto_sync(p, auto_sync, &err), err);
    assert_ok(infisical_sync_params_set_destination(p, "proj-0001", "group-0001", "Project 0001", NULL, &err), err);
    return p;
}

static infisical_sync *create_sync(infisical_client *c, const char *name, const char *connection_id,
                                   uint32_t initial, const char *key_schema, int auto_sync)
{
    infisical_sync_params *p = sync_params(name, connection_id, initial, key_schema, auto_sync);
    infisical_sync *s = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_sync_create(c, p, &s, NULL, &err), err);
    infisical_sync_params_free(p);
    return s;
}

/* The secret group's variables, read from the stand-in as Northflank would answer. */
static json_t *group_variables(void)
{
    static char reply[1 << 16];
    long status = dev_request("GET", GROUP_PATH "/details", dev.northflank_token, NULL, reply, sizeof reply);
    assert_int_equal(status, 200);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *vars = json_incref(json_object_get(json_object_get(json_object_get(root, "data"), "secrets"),
                                               "variables"));
    json_decref(root);
    assert_non_null(vars);
    return vars;
}

static const char *var(json_t *vars, const char *key)
{
    return json_string_value(json_object_get(vars, key));
}

/* The source folder's secrets, as an import leaves them. */
static json_t *source_secrets(void)
{
    static char reply[1 << 16];
    assert_int_equal(dev_request("GET", "/__dev/secrets?environment=dev&secretPath=/app", NULL, NULL, reply,
                                 sizeof reply), 200);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *secrets = json_incref(json_object_get(root, "secrets"));
    json_decref(root);
    return secrets;
}

static void seed_source(void)
{
    dev_post("/__dev/secrets", "{\"environment\":\"dev\",\"secretPath\":\"/app\","
                               "\"secrets\":{\"DB_URL\":\"postgres://db\",\"API_KEY\":\"k-123\"}}");
}

static int run(infisical_client *c, const infisical_sync *s, uint32_t action, infisical_sync **out,
               const infisical_call_options *o, infisical_error **err)
{
    return infisical_northflank_sync_trigger(c, infisical_sync_id(s), action, INFISICAL_SYNC_WAIT, out, o, err);
}

/* Create, read every way, sync, and see the secrets land under the key schema,
 * the group's own keys left alone. */
static void test_lifecycle(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    int offered = 0;
    assert_ok(infisical_northflank_sync_offered(c, &offered, NULL, &err), err);
    assert_int_equal(offered, 1);

    infisical_sync *s = create_sync(c, "app-to-northflank", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION,
                                    "INFISICAL_{{secretKey}}", 0);
    assert_string_equal(infisical_sync_name(s), "app-to-northflank");
    assert_string_equal(infisical_sync_folder_path(s), "/app");
    assert_string_equal(infisical_sync_environment_slug(s), "dev");
    assert_string_equal(infisical_sync_connection_name(s), "sync-target");
    assert_string_equal(infisical_sync_destination_project_name(s), "Project 0001");
    assert_int_equal(infisical_sync_is_auto_sync_enabled(s), 0);
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC), INFISICAL_SYNC_STATUS_NONE);

    infisical_sync *got = NULL;
    assert_ok(infisical_northflank_sync_get(c, infisical_sync_id(s), &got, NULL, &err), err);
    assert_string_equal(infisical_sync_id(got), infisical_sync_id(s));
    infisical_sync_free(got);
    assert_ok(infisical_northflank_sync_get_by_name(c, " app-to-northflank ", dev.project_id, &got, NULL, &err), err);
    assert_string_equal(infisical_sync_id(got), infisical_sync_id(s));
    infisical_sync_free(got);
    infisical_sync_list *list = NULL;
    assert_ok(infisical_northflank_sync_list(c, dev.project_id, &list, NULL, &err), err);
    assert_int_equal(infisical_sync_list_count(list), 1);
    assert_string_equal(infisical_sync_name(infisical_sync_list_at(list, 0)), "app-to-northflank");
    infisical_sync_list_free(list);

    infisical_sync *done = NULL;
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &done, NULL, &err), err);
    assert_int_equal(infisical_sync_status(done, INFISICAL_SYNC_JOB_SYNC), INFISICAL_SYNC_STATUS_SUCCEEDED);
    assert_non_null(infisical_sync_job_id(done, INFISICAL_SYNC_JOB_SYNC));
    assert_null(infisical_sync_message(done, INFISICAL_SYNC_JOB_SYNC));
    assert_true(infisical_sync_succeeded_at_ms(done, INFISICAL_SYNC_JOB_SYNC) != INFISICAL_TIME_ABSENT);
    json_t *vars = group_variables();
    assert_string_equal(var(vars, "INFISICAL_DB_URL"), "postgres://db");
    assert_string_equal(var(vars, "INFISICAL_API_KEY"), "k-123");
    assert_non_null(var(vars, "GROUP_ID")); /* does not fit the schema: not Infisical's to delete */
    assert_null(var(vars, "DB_URL"));
    json_decref(vars);

    /* A second run is another job: the wait tells them apart by id. */
    infisical_sync *again = NULL;
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &again, NULL, &err), err);
    assert_string_not_equal(infisical_sync_job_id(again, INFISICAL_SYNC_JOB_SYNC),
                            infisical_sync_job_id(done, INFISICAL_SYNC_JOB_SYNC));
    infisical_sync_free(again);
    infisical_sync_free(done);

    /* A plain delete is at once; the sync is gone, the secrets stay. */
    infisical_sync *deleted = NULL;
    assert_ok(infisical_northflank_sync_delete(c, infisical_sync_id(s), 0, &deleted, NULL, &err), err);
    assert_string_equal(infisical_sync_id(deleted), infisical_sync_id(s));
    infisical_sync_free(deleted);
    assert_int_equal(infisical_northflank_sync_get(c, infisical_sync_id(s), &got, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    vars = group_variables();
    assert_string_equal(var(vars, "INFISICAL_DB_URL"), "postgres://db");
    json_decref(vars);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* Without a key schema every key Infisical does not hold is deleted, unless
 * secret deletion is disabled. */
static void test_merge_without_schema(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "keep-nothing", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, NULL, NULL, &err), err);
    json_t *vars = group_variables();
    assert_int_equal(json_object_size(vars), 2);
    assert_string_equal(var(vars, "DB_URL"), "postgres://db");
    json_decref(vars);

    /* Put an unmanaged key back, turn deletion off: it survives the next sync. */
    dev_request("PATCH", GROUP_PATH, dev.northflank_token,
                "{\"secrets\":{\"variables\":{\"DB_URL\":\"old\",\"MINE\":\"keep\"}}}", (char[4096]){0}, 4096);
    infisical_sync_params *p = NULL;
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_disable_secret_deletion(p, 1, &err), err);
    infisical_sync *updated = NULL;
    assert_ok(infisical_northflank_sync_update(c, infisical_sync_id(s), p, &updated, NULL, &err), err);
    infisical_sync_params_free(p);
    assert_int_equal(infisical_sync_disable_secret_deletion(updated), INFISICAL_TRUE);
    assert_int_equal(infisical_sync_initial_sync_behavior(updated), INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION);
    infisical_sync_free(updated);
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, NULL, NULL, &err), err);
    vars = group_variables();
    assert_string_equal(var(vars, "MINE"), "keep");
    assert_string_equal(var(vars, "DB_URL"), "postgres://db"); /* Infisical wins a conflict */
    json_decref(vars);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* The server replaces syncOptions whole; an update that sets one keeps the others. */
static void test_update_keeps_other_options(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "options-kept", conn, INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE,
                                    "NF_{{secretKey}}", 0);
    infisical_sync_params *p = NULL;
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_disable_secret_deletion(p, 1, &err), err);
    infisical_sync *u = NULL;
    assert_ok(infisical_northflank_sync_update(c, infisical_sync_id(s), p, &u, NULL, &err), err);
    assert_string_equal(infisical_sync_key_schema(u), "NF_{{secretKey}}");
    assert_int_equal(infisical_sync_initial_sync_behavior(u), INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE);
    assert_int_equal(infisical_sync_disable_secret_deletion(u), INFISICAL_TRUE);
    infisical_sync_free(u);
    infisical_sync_params_free(p);
    /* Clearing the schema keeps the rest too; a description alone sends no options. */
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_key_schema(p, NULL, &err), err);
    assert_ok(infisical_sync_params_set_description(p, "pushed by CI", &err), err);
    assert_ok(infisical_northflank_sync_update(c, infisical_sync_id(s), p, &u, NULL, &err), err);
    assert_null(infisical_sync_key_schema(u));
    assert_int_equal(infisical_sync_disable_secret_deletion(u), INFISICAL_TRUE);
    assert_string_equal(infisical_sync_description(u), "pushed by CI");
    infisical_sync_free(u);
    infisical_sync_params_free(p);
    /* Nothing to update, or a project id: refused, nothing sent. */
    long before = dev_state("requests");
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_int_equal(infisical_northflank_sync_update(c, infisical_sync_id(s), p, NULL, NULL, &err), INFISICAL_EINVAL);
    infisical_error_free(err);
    assert_ok(infisical_sync_params_set_project_id(p, dev.project_id, &err), err);
    assert_int_equal(infisical_northflank_sync_update(c, infisical_sync_id(s), p, NULL, NULL, &err), INFISICAL_EINVAL);
    infisical_error_free(err);
    infisical_sync_params_free(p);
    assert_int_equal(dev_state("requests"), before);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* Any update of an auto-sync sync queues a sync on the server; create does too. */
static void test_auto_sync_queues_jobs(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    long queued = dev_state("syncJobs.queued");
    infisical_sync *s = create_sync(c, "auto", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, "A_{{secretKey}}",
                                    1);
    assert_int_equal(infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC), INFISICAL_SYNC_STATUS_PENDING);
    assert_int_equal(dev_state("syncJobs.queued"), queued + 1);
    infisical_sync_params *p = NULL;
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_description(p, "only words", &err), err);
    assert_ok(infisical_northflank_sync_update(c, infisical_sync_id(s), p, NULL, NULL, &err), err);
    infisical_sync_params_free(p);
    assert_int_equal(dev_state("syncJobs.queued"), queued + 2);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* Import, prioritizing the source and then the destination; removal of only the keys the source holds. */
static void test_import_and_remove(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    dev_post("/__dev/secrets", "{\"environment\":\"dev\",\"secretPath\":\"/app\",\"secrets\":{\"LOG_LEVEL\":\"debug\"}}");
    infisical_sync *s = create_sync(c, "importer", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    /* The group holds GROUP_ID and LOG_LEVEL=info. */
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_SOURCE, NULL, NULL, &err), err);
    json_t *src = source_secrets();
    assert_string_equal(json_string_value(json_object_get(src, "GROUP_ID")), "group-0001");
    assert_string_equal(json_string_value(json_object_get(src, "LOG_LEVEL")), "debug"); /* the source won */
    json_decref(src);
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_DESTINATION, NULL, NULL, &err), err);
    src = source_secrets();
    assert_string_equal(json_string_value(json_object_get(src, "LOG_LEVEL")), "info"); /* now the destination did */
    json_decref(src);
    /* The source now drops GROUP_ID: a removal takes only what it holds now. */
    dev_post("/__dev/secrets", "{\"environment\":\"dev\",\"secretPath\":\"/app\",\"secrets\":{\"LOG_LEVEL\":\"info\"}}");
    infisical_sync *removed = NULL;
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_REMOVE, &removed, NULL, &err), err);
    assert_int_equal(infisical_sync_status(removed, INFISICAL_SYNC_JOB_REMOVE), INFISICAL_SYNC_STATUS_SUCCEEDED);
    infisical_sync_free(removed);
    json_t *vars = group_variables();
    assert_null(var(vars, "LOG_LEVEL"));
    assert_string_equal(var(vars, "GROUP_ID"), "group-0001");
    json_decref(vars);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* A job that fails with Northflank's error is INFISICAL_EJOBFAILED, the final
 * state and the server's message at hand. */
static void test_failed_job(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "doomed", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    dev_post("/__dev/northflank/job-faults", "{\"op\":\"write\",\"status\":503,\"message\":\"Northflank is down\","
                                             "\"times\":5}");
    infisical_sync *final = NULL;
    assert_int_equal(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &final, NULL, &err), INFISICAL_EJOBFAILED);
    assert_non_null(strstr(infisical_error_message(err), "Failed to update Northflank secrets"));
    assert_non_null(strstr(infisical_error_message(err), "Northflank is down"));
    assert_int_equal(infisical_error_retryable(err), 0);
    infisical_error_free(err);
    assert_int_equal(infisical_sync_status(final, INFISICAL_SYNC_JOB_SYNC), INFISICAL_SYNC_STATUS_FAILED);
    assert_non_null(strstr(infisical_sync_message(final, INFISICAL_SYNC_JOB_SYNC), "Northflank is down"));
    assert_true(infisical_sync_succeeded_at_ms(final, INFISICAL_SYNC_JOB_SYNC) == INFISICAL_TIME_ABSENT);
    infisical_sync_free(final);
    /* A job message that quotes the credential it sent is masked before the
     * caller sees it, in the sync and in the error. */
    char fault[512];
    snprintf(fault, sizeof fault, "{\"op\":\"write\",\"status\":401,\"message\":\"refused Authorization: Bearer %s\","
             "\"times\":5}", dev.northflank_token);
    dev_post("/__dev/northflank/job-faults", fault);
    assert_int_equal(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &final, NULL, &err), INFISICAL_EJOBFAILED);
    const char *said = infisical_sync_message(final, INFISICAL_SYNC_JOB_SYNC);
    assert_non_null(strstr(said, "refused Authorization: Bearer [REDACTED]"));
    assert_null(strstr(said, dev.northflank_token));
    assert_null(strstr(infisical_error_message(err), dev.northflank_token));
    infisical_error_free(err);
    infisical_sync_free(final);
    /* Retries ride out a shorter outage. */
    dev_post("/__dev/northflank/job-faults", "{\"op\":\"read\",\"status\":500,\"times\":2}");
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, NULL, NULL, &err), err);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* Asks to stop once the monotonic time in *user has passed. */
static int after_hook(void *user)
{
    return now_ms() >= *(const int64_t *)user;
}

/* A wait ends by the call's deadline or its cancel hook; a second trigger
 * while a job is queued is INFISICAL_EBUSY, retryable, with nothing queued. */
static void test_wait_deadline_cancel_and_busy(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "slow", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    dev_post("/__dev/settings", "{\"syncJobDelayMs\":1500}");
    infisical_call_options *o = opts_timeout(400);
    int64_t t0 = now_ms();
    infisical_sync *out = NULL;
    assert_int_equal(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &out, o, &err), INFISICAL_ETIMEOUT);
    assert_true(now_ms() - t0 < 1000);
    assert_null(out);
    infisical_error_free(err);
    infisical_call_options_free(o);

    /* The job is still queued: the lock refuses another. */
    long queued = dev_state("syncJobs.queued");
    assert_int_equal(infisical_northflank_sync_trigger(c, infisical_sync_id(s), INFISICAL_SYNC_ACTION_SYNC, 0, NULL,
                                                       NULL, &err), INFISICAL_EBUSY);
    assert_int_equal(infisical_error_retryable(err), 1);
    assert_int_equal(infisical_error_http_status(err), 400);
    assert_string_equal(infisical_status_name(infisical_error_code(err)), "INFISICAL_EBUSY");
    infisical_error_free(err);
    assert_int_equal(dev_state("syncJobs.queued"), queued);

    /* Once it has run, a wait with a cancel hook is cut short by it. */
    while (dev_state("syncJobs.active") > 0)
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    int64_t stop_at = now_ms() + 300; /* while the new job waits out its 1.5 s delay */
    assert_ok(infisical_call_options_new(&o, &err), err);
    assert_ok(infisical_call_options_set_cancel_hook(o, after_hook, &stop_at, &err), err);
    t0 = now_ms();
    assert_int_equal(run(c, s, INFISICAL_SYNC_ACTION_SYNC, &out, o, &err), INFISICAL_ECANCELLED);
    assert_true(now_ms() - t0 < 1000);
    assert_non_null(strstr(infisical_error_message(err), "waiting for the sync job"));
    infisical_error_free(err);
    infisical_call_options_free(o);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* Delete with removal: the secrets leave Northflank, then the sync goes. */
static void test_delete_with_removal(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "leaving", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, "X_{{secretKey}}",
                                    0);
    assert_ok(run(c, s, INFISICAL_SYNC_ACTION_SYNC, NULL, NULL, &err), err);
    json_t *vars = group_variables();
    assert_non_null(var(vars, "X_DB_URL"));
    json_decref(vars);
    assert_ok(infisical_northflank_sync_delete(c, infisical_sync_id(s), INFISICAL_SYNC_REMOVE_SECRETS |
                                                                            INFISICAL_SYNC_WAIT,
                                               NULL, NULL, &err), err);
    infisical_sync *gone = NULL;
    assert_int_equal(infisical_northflank_sync_get(c, infisical_sync_id(s), &gone, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    vars = group_variables();
    assert_null(var(vars, "X_DB_URL"));
    assert_non_null(var(vars, "GROUP_ID"));
    json_decref(vars);
    /* WAIT alone means nothing for a plain delete: refused. */
    assert_int_equal(infisical_northflank_sync_delete(c, infisical_sync_id(s), INFISICAL_SYNC_WAIT, NULL, NULL, &err),
                     INFISICAL_EINVAL);
    infisical_error_free(err);
    infisical_sync_free(s);
    infisical_client_free(c);
}

/* The contract's errors, and client-side refusals that send nothing. */
static void test_errors(void **state)
{
    (void)state;
    infisical_client *c = client_ua();
    infisical_error *err = NULL;
    char conn[64];
    make_connection(c, conn, sizeof conn);
    seed_source();
    infisical_sync *s = create_sync(c, "taken", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    infisical_sync_params *p = sync_params("taken", conn, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL, 0);
    assert_int_equal(infisical_northflank_sync_create(c, p, NULL, NULL, &err), INFISICAL_EBADREQUEST);
    assert_non_null(strstr(infisical_error_message(err), "A Secret Sync with the name \"taken\" already exists"));
    infisical_error_free(err);
    /* A folder that does not exist. */
    assert_ok(infisical_sync_params_set_name(p, "no-folder", &err), err);
    assert_ok(infisical_sync_params_set_source(p, "dev", "/nowhere", &err), err);
    assert_int_equal(infisical_northflank_sync_create(c, p, NULL, NULL, &err), INFISICAL_EBADREQUEST);
    assert_non_null(strstr(infisical_error_message(err), "Could not find folder with path \"/nowhere\""));
    infisical_error_free(err);
    /* A connection that does not exist. */
    assert_ok(infisical_sync_params_set_source(p, "dev", "/app", &err), err);
    assert_ok(infisical_sync_params_set_connection_id(p, "00000000-0000-4000-8000-000000000000", &err), err);
    assert_int_equal(infisical_northflank_sync_create(c, p, NULL, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    infisical_sync_params_free(p);
    infisical_sync *none = NULL;
    assert_int_equal(infisical_northflank_sync_get(c, "00000000-0000-4000-8000-000000000000", &none, NULL, &err),
                     INFISICAL_ENOTFOUND);
    assert_non_null(strstr(infisical_error_message(err), "Could not find Northflank Sync with ID"));
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_sync_get_by_name(c, "missing", dev.project_id, &none, NULL, &err),
                     INFISICAL_ENOTFOUND);
    infisical_error_free(err);

    /* Refused before sending. */
    long before = dev_state("requests");
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_int_equal(infisical_northflank_sync_create(c, p, NULL, NULL, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "name");
    infisical_error_free(err);
    infisical_sync_params_free(p);
    assert_int_equal(infisical_northflank_sync_get(c, "not-a-uuid", &none, NULL, &err), INFISICAL_EINVAL);
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_sync_list(c, " ", NULL, NULL, &err), INFISICAL_EINVAL);
    infisical_error_free(err);
    infisical_sync_list *list = NULL;
    assert_int_equal(infisical_northflank_sync_list(c, NULL, &list, NULL, &err), INFISICAL_EINVAL);
    assert_non_null(strstr(infisical_error_message(err), "Project ID required"));
    infisical_error_free(err);
    assert_int_equal(infisical_northflank_sync_trigger(c, infisical_sync_id(s), 99, 0, NULL, NULL, &err),
                     INFISICAL_EINVAL);
    infisical_error_free(err);
    assert_int_equal(dev_state("requests"), before);
    infisical_sync_free(s);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_lifecycle, reset_state),
        cmocka_unit_test_setup(test_merge_without_schema, reset_state),
        cmocka_unit_test_setup(test_update_keeps_other_options, reset_state),
        cmocka_unit_test_setup(test_auto_sync_queues_jobs, reset_state),
        cmocka_unit_test_setup(test_import_and_remove, reset_state),
        cmocka_unit_test_setup(test_failed_job, reset_state),
        cmocka_unit_test_setup(test_wait_deadline_cancel_and_busy, reset_state),
        cmocka_unit_test_setup(test_delete_with_removal, reset_state),
        cmocka_unit_test_setup(test_errors, reset_state),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    int failed = cmocka_run_group_tests_name("integration-syncs", tests, NULL, NULL);
    dev_stop();
    return failed;
}
