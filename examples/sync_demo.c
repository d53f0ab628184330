/*
 * From a Northflank token to secrets in a Northflank secret group: register
 * the token as a connection, create a secret sync from an Infisical folder to
 * the group, queue a sync and wait for its outcome. Against the Infisical
 * named by the environment:
 *
 *   INFISICAL_API_URL                        (default https://app.infisical.com)
 *   INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/SECRET or INFISICAL_TOKEN
 *   INFISICAL_PROJECT_ID                     the Infisical project the sync belongs to
 *   INFISICAL_ENVIRONMENT, INFISICAL_SECRET_PATH   the source (default dev and /app)
 *   NORTHFLANK_API_TOKEN                     the token to register (never on the command line)
 *   NORTHFLANK_PROJECT_ID, NORTHFLANK_SECRET_GROUP_ID   the destination
 *   SYNC_DEMO_CLEANUP=1                      optional: remove the synced secrets and delete
 *                                            the sync and the connection at the end
 *
 * The synced keys are named by the key schema INFISICAL_{{secretKey}}, so the
 * group's other keys are left alone.
 *
 * Build: cc sync_demo.c $(pkg-config --cflags --libs infisical)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <infisical/infisical.h>

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static int failed(const char *step, int rc, infisical_error *err)
{
    fprintf(stderr, "%s failed: %s (%s)\n", step, infisical_error_message(err), infisical_status_name(rc));
    infisical_error_free(err);
    return 1;
}

static const char *status_word(uint32_t status)
{
    static const char *const words[] = {"none", "pending", "running", "succeeded", "failed"};
    return status <= INFISICAL_SYNC_STATUS_FAILED ? words[status] : "?";
}

int main(void)
{
    const char *nf_token = getenv("NORTHFLANK_API_TOKEN"), *project = getenv("INFISICAL_PROJECT_ID");
    const char *nf_project = getenv("NORTHFLANK_PROJECT_ID"), *nf_group = getenv("NORTHFLANK_SECRET_GROUP_ID");
    if (!nf_token || !project || !nf_project || !nf_group) {
        fprintf(stderr, "set NORTHFLANK_API_TOKEN, INFISICAL_PROJECT_ID, NORTHFLANK_PROJECT_ID and "
                        "NORTHFLANK_SECRET_GROUP_ID\n");
        return 2;
    }
    infisical_config *cfg = NULL;
    infisical_client *client = NULL;
    infisical_northflank_params *cp = NULL;
    infisical_sync_params *sp = NULL;
    infisical_connection *conn = NULL;
    infisical_sync *sync = NULL, *done = NULL;
    infisical_error *err = NULL;
    int rc, status = 1;
    char name[64];
    /* Unique enough for names that must not collide: the time and the process. */
    snprintf(name, sizeof name, "sync-demo-%ld-%ld", (long)time(NULL), (long)getpid());

    if ((rc = infisical_config_new(&cfg, &err)) || (rc = infisical_config_load_env(cfg, &err)) ||
        (rc = infisical_client_new(&client, cfg, &err))) {
        status = failed("configure", rc, err);
        goto out;
    }
    /* 1. The connection that holds the Northflank token. */
    if ((rc = infisical_northflank_params_new(&cp, &err)) || (rc = infisical_northflank_params_set_name(cp, name, &err)) ||
        (rc = infisical_northflank_params_set_project_id(cp, project, &err)) ||
        (rc = infisical_northflank_params_set_api_token(cp, nf_token, &err)) ||
        (rc = infisical_northflank_create(client, cp, &conn, NULL, &err))) {
        status = failed("create the connection", rc, err);
        goto out;
    }
    printf("connection %s (%s)\n", infisical_connection_name(conn), infisical_connection_id(conn));

    /* 2. The sync: the folder's secrets into the group, under a key schema. */
    if ((rc = infisical_sync_params_new(&sp, &err)) || (rc = infisical_sync_params_set_name(sp, name, &err)) ||
        (rc = infisical_sync_params_set_project_id(sp, project, &err)) ||
        (rc = infisical_sync_params_set_connection_id(sp, infisical_connection_id(conn), &err)) ||
        (rc = infisical_sync_params_set_source(sp, env_or("INFISICAL_ENVIRONMENT", "dev"),
                                               env_or("INFISICAL_SECRET_PATH", "/app"), &err)) ||
        (rc = infisical_sync_params_set_initial_sync_behavior(sp, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION,
                                                              &err)) ||
        (rc = infisical_sync_params_set_key_schema(sp, "INFISICAL_{{secretKey}}", &err)) ||
        (rc = infisical_sync_params_set_auto_sync(sp, 0, &err)) ||
        (rc = infisical_sync_params_set_destination(sp, nf_project, nf_group, NULL, NULL, &err)) ||
        (rc = infisical_northflank_sync_create(client, sp, &sync, NULL, &err))) {
        status = failed("create the sync", rc, err);
        goto out;
    }
    printf("sync       %s (%s): %s:%s -> %s/%s\n", infisical_sync_name(sync), infisical_sync_id(sync),
           infisical_sync_environment_slug(sync), infisical_sync_folder_path(sync),
           infisical_sync_destination_project_id(sync), infisical_sync_destination_secret_group_id(sync));

    /* 3. Queue a sync and wait for its outcome, by the call's deadline. */
    rc = infisical_northflank_sync_trigger(client, infisical_sync_id(sync), INFISICAL_SYNC_ACTION_SYNC,
                                           INFISICAL_SYNC_WAIT, &done, NULL, &err);
    if (rc != INFISICAL_OK && rc != INFISICAL_EJOBFAILED) {
        status = failed("sync", rc, err);
        goto out;
    }
    printf("job        %s: %s%s%s\n", infisical_sync_job_id(done, INFISICAL_SYNC_JOB_SYNC),
           status_word(infisical_sync_status(done, INFISICAL_SYNC_JOB_SYNC)), rc ? ": " : "",
           rc ? infisical_error_message(err) : "");
    infisical_error_free(err);
    err = NULL;
    status = rc == INFISICAL_OK ? 0 : 1;

    if (getenv("SYNC_DEMO_CLEANUP")) {
        /* Take the secrets back out of Northflank, then the sync and the connection go. */
        if ((rc = infisical_northflank_sync_delete(client, infisical_sync_id(sync),
                                                   INFISICAL_SYNC_REMOVE_SECRETS | INFISICAL_SYNC_WAIT, NULL, NULL,
                                                   &err)) ||
            (rc = infisical_northflank_delete(client, infisical_connection_id(conn), NULL, NULL, &err))) {
            status = failed("clean up", rc, err);
            goto out;
        }
        printf("cleaned up: the synced secrets removed, the sync and the connection deleted\n");
    }
out:
    infisical_sync_free(done);
    infisical_sync_free(sync);
    infisical_sync_params_free(sp);
    infisical_connection_free(conn);
    infisical_northflank_params_free(cp);
    infisical_client_free(client);
    infisical_config_free(cfg);
    return status;
}
