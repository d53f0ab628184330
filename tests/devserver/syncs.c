/* The Northflank secret-sync routes under /api/v1/secret-syncs, as
 * /work/shared/spec/infisical-secret-sync.md describes them (rows 1-12 of 1.1), in
 * the order of checks of secret-sync-service.ts@0041d2d. Where the contract is
 * silent the comment cites the Infisical file read, or says "our choice".
 *
 * The devserver's read-only identity may read (list, get, get by name, options,
 * check-destination) and is refused every write with CASL's 403 on
 * "secret-syncs", after the row was found, as the service checks permissions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syncs.h"
#include "util.h"
#include "validate.h"

#define SUBJECT "secret-syncs"

#define MSG_LOCKED "A job for this sync is already in progress. Please try again shortly."
#define MSG_NO_FOLDER "Invalid source configuration: folder no longer exists. Please configure a valid source and try again."

static const char *const life_names[] = {NULL, "pending", "running", "succeeded", "failed"};
static const char *const import_behaviors[2] = {"prioritize-source", "prioritize-destination"};

/* ---- the reply shape ---- */

static json_t *nullable_string(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *nullable_time(int64_t ms)
{
    char at[32];
    if (ms == 0)
        return json_null();
    ds_iso8601(ms, at);
    return json_string(at);
}

static void put_life(json_t *o, const ds_sync_life *l, const char *status, const char *job, const char *msg,
                     const char *at)
{
    json_object_set_new(o, status, l->status ? json_string(life_names[l->status]) : json_null());
    json_object_set_new(o, job, nullable_string(l->job_id));
    json_object_set_new(o, msg, l->message ? json_string(l->message) : json_null());
    json_object_set_new(o, at, nullable_time(l->at_ms));
}

/* NorthflankSyncSchema: the row's columns in the table's order, then the joins,
 * then destination and destinationConfig, as zod's parse emits them (extend()
 * appends new keys and keeps the place of existing ones). */
json_t *ds_sync_json(const ds_sync *s)
{
    json_t *o = json_object();
    const ds_conn *conn = ds_conn_find_id(s->connection_id);
    const ds_folder *f = ds_folder_find_id(s->folder_id);
    const ds_app_info *app = conn ? ds_conn_app(conn) : &ds_apps[0];
    json_t *c;

    json_object_set_new(o, "id", json_string(s->id));
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "description", s->description ? json_string(s->description) : json_null());
    json_object_set_new(o, "isAutoSyncEnabled", json_boolean(s->auto_sync));
    json_object_set_new(o, "version", json_integer(s->version));
    json_object_set_new(o, "projectId", json_string(g.project_id));
    json_object_set_new(o, "folderId", f ? json_string(f->id) : json_null());
    json_object_set_new(o, "connectionId", json_string(s->connection_id));
    json_object_set_new(o, "createdAt", nullable_time(s->created_ms));
    json_object_set_new(o, "updatedAt", nullable_time(s->updated_ms));
    put_life(o, &s->life[DS_JOB_SYNC], "syncStatus", "lastSyncJobId", "lastSyncMessage", "lastSyncedAt");
    put_life(o, &s->life[DS_JOB_IMPORT], "importStatus", "lastImportJobId", "lastImportMessage", "lastImportedAt");
    put_life(o, &s->life[DS_JOB_REMOVE], "removeStatus", "lastRemoveJobId", "lastRemoveMessage", "lastRemovedAt");
    json_object_set_new(o, "syncOptions", json_deep_copy(s->sync_options));
    c = json_object();
    json_object_set_new(c, "app", json_string(app->app));
    json_object_set_new(c, "name", json_string(conn ? conn->name : ""));
    json_object_set_new(c, "id", json_string(s->connection_id));
    json_object_set_new(o, "connection", c);
    if (f != NULL) {
        json_t *e = json_object(), *fo = json_object();
        json_object_set_new(e, "slug", json_string(g.envs[f->env].slug));
        json_object_set_new(e, "name", json_string(g.envs[f->env].name));
        json_object_set_new(e, "id", json_string(g.envs[f->env].id));
        json_object_set_new(o, "environment", e);
        json_object_set_new(fo, "id", json_string(f->id));
        json_object_set_new(fo, "path", json_string(f->path));
        json_object_set_new(o, "folder", fo);
    } else {
        /* Both joins go through the folder: a deleted folder leaves both null. */
        json_object_set_new(o, "environment", json_null());
        json_object_set_new(o, "folder", json_null());
    }
    json_object_set_new(o, "destination", json_string(app->destination));
    json_object_set_new(o, "destinationConfig", json_deep_copy(s->dest_config));
    return o;
}

static void reply_sync(ds_reply *r, const ds_sync *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "secretSync", ds_sync_json(s));
    ds_reply_json(r, 200, o);
}

/* ---- small helpers ---- */

static void reply_validation(ds_reply *r, json_t *issues)
{
    ds_reply_error_first(r, 422, "ValidationFailure", issues, NULL);
}

static void reply_400(ds_reply *r, const char *msg)
{
    ds_reply_error(r, 400, "BadRequest", msg);
}

/* getProjectPermission on an unknown project (permission-service.ts@5c5be1d), as
 * the app-connection routes answer it. */
static int project_known(const char *project_id, ds_reply *r)
{
    char *msg;
    if (strcmp(project_id, g.project_id) == 0)
        return 1;
    msg = ds_printf("Project with %s not found", project_id);
    ds_reply_error(r, 404, "NotFound", msg);
    free(msg);
    return 0;
}

/* params: z.object({ syncId: z.string().uuid() }) */
static int sync_id_ok(const char *id, ds_reply *r)
{
    json_t *issues;
    if (ds_is_uuid(id))
        return 1;
    issues = json_array();
    z_invalid_uuid(issues, z_path("syncId", NULL));
    reply_validation(r, issues);
    return 0;
}

/* After the permission check: the row must be a Northflank sync (its connection's
 * app), else 400. */
static int northflank_sync(const ds_sync *s, ds_reply *r)
{
    char *msg;
    if (ds_sync_is_northflank(s))
        return 1;
    msg = ds_printf("Secret sync with ID \"%s\" is not configured for Northflank", s->id);
    reply_400(r, msg);
    free(msg);
    return 0;
}

/* The 404 of get, delete, trigger, import and remove: the id in quotes. */
static ds_sync *find_quoted(const char *id, ds_reply *r)
{
    ds_sync *s = ds_sync_find_id(id);
    if (s == NULL) {
        char *msg = ds_printf("Could not find Northflank Sync with ID \"%s\"", id);
        ds_reply_error(r, 404, "NotFound", msg);
        free(msg);
    }
    return s;
}

/* querystring: z.object({ projectId: z.string().trim().min(1, "Project ID required") }).
 * Returns the trimmed value or NULL after answering 422. */
static char *project_query(const ds_call *c, ds_reply *r)
{
    const char *v = ds_query(c, "projectId");
    json_t *issues;
    char *t;
    if (v == NULL) {
        issues = json_array();
        z_invalid_type(issues, z_path("projectId", NULL), "string", NULL);
        reply_validation(r, issues);
        return NULL;
    }
    t = js_trim(v);
    if (js_length(t) < 1) {
        issues = json_array();
        z_too_small(issues, z_path("projectId", NULL), 1, "Project ID required");
        reply_validation(r, issues);
        free(t);
        return NULL;
    }
    return t;
}

/* validateAppConnectionUsageById (app-connection-service.ts): the connection must
 * exist, be a Northflank one, and be the organization's or this project's. The
 * devserver only holds Northflank connections in its one project. */
static const ds_conn *connection_usable(const char *conn_id, const char *project_id, ds_reply *r)
{
    const ds_conn *conn = ds_conn_find_id(conn_id);
    char *msg;
    if (conn == NULL) {
        msg = ds_printf("Could not find App Connection with ID %s", conn_id);
        ds_reply_error(r, 404, "NotFound", msg);
        free(msg);
        return NULL;
    }
    if (!ds_conn_is_northflank(conn)) {
        msg = ds_printf("%s Connection with ID %s cannot be used to connect to Northflank", ds_conn_app(conn)->name,
                        conn_id);
        reply_400(r, msg);
        free(msg);
        return NULL;
    }
    if (conn->project_id[0] != '\0' && strcmp(conn->project_id, project_id) != 0) {
        msg = ds_printf("You cannot connect project App Connection with ID \"%s\" from project with ID \"%s\" "
                        "to project with ID \"%s\"",
                        conn_id, conn->project_id, project_id);
        reply_400(r, msg);
        free(msg);
        return NULL;
    }
    return conn;
}

static void reply_no_folder(ds_reply *r, const char *path, const char *env, const char *project_id)
{
    char *msg = ds_printf("Could not find folder with path \"%s\" in environment \"%s\" for project with ID \"%s\"",
                          path, env, project_id);
    reply_400(r, msg);
    free(msg);
}

/* folderDAL.findBySecretPath: the folder of an environment slug and a path. */
static ds_folder *folder_by_path(const char *env_slug, const char *path)
{
    int env = ds_env_find(env_slug);
    char *canon;
    ds_folder *f;
    if (env < 0)
        return NULL;
    canon = ds_path_canon(path);
    f = ds_folder_find(env, canon);
    free(canon);
    return f;
}

static void reply_name_taken(ds_reply *r, const char *name)
{
    char *msg = ds_printf("A Secret Sync with the name \"%s\" already exists for the project with ID \"%s\"", name,
                          g.project_id);
    reply_400(r, msg);
    free(msg);
}

/* Whether another Northflank sync writes to the same place. Which configs count as
 * the same destination is our choice (areSecretSyncDestinationConfigsEqual was not
 * read): the same Northflank projectId and secretGroupId, whatever the connection. */
static int duplicate_destination(const json_t *dc, const char *exclude)
{
    const json_t *p = json_object_get(dc, "projectId"), *sg = json_object_get(dc, "secretGroupId");
    size_t i;
    if (!json_is_string(p) || !json_is_string(sg))
        return 0;
    for (i = 0; i < g.n_syncs; i++) {
        const ds_sync *s = g.syncs[i];
        if ((exclude != NULL && strcmp(s->id, exclude) == 0) || !ds_sync_is_northflank(s))
            continue;
        if (strcmp(json_string_value(json_object_get(s->dest_config, "projectId")), json_string_value(p)) == 0 &&
            strcmp(json_string_value(json_object_get(s->dest_config, "secretGroupId")), json_string_value(sg)) == 0)
            return 1;
    }
    return 0;
}

/* With the organization's blockDuplicateSecretSyncDestinations (the setting
 * blockDuplicateSyncDestinations), create and update refuse a second sync to one
 * place. The devserver's caller can always see the one project, so the message
 * names it. Returns 0 after answering 400. */
static int destination_free(const json_t *dc, const char *exclude, ds_reply *r)
{
    char *msg;
    if (!g.cur.block_duplicate_destinations || !duplicate_destination(dc, exclude))
        return 1;
    msg = ds_printf("A secret sync with this destination already exists in project %s.", g.project_id);
    reply_400(r, msg);
    free(msg);
    return 0;
}

/* ---- list, get, options ---- */

/* Rows 1 and 12: the project's Northflank syncs, or every sync of the project, in
 * creation order (our choice: the DAL sets no order). */
static void h_list(const ds_call *c, int all, ds_reply *r)
{
    char *pid = project_query(c, r);
    json_t *arr, *o;
    size_t i;
    if (pid == NULL)
        return;
    if (project_known(pid, r)) {
        arr = json_array();
        for (i = 0; i < g.n_syncs; i++)
            if (all || ds_sync_is_northflank(g.syncs[i]))
                json_array_append_new(arr, ds_sync_json(g.syncs[i]));
        o = json_object();
        json_object_set_new(o, "secretSyncs", arr);
        ds_reply_json(r, 200, o);
    }
    free(pid);
}

static json_t *option(const char *name, const char *connection, const char *destination, int can_import,
                      int can_remove)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "connection", json_string(connection));
    json_object_set_new(o, "destination", json_string(destination));
    json_object_set_new(o, "canImportSecrets", json_boolean(can_import));
    if (can_remove)
        json_object_set_new(o, "canRemoveSecretsOnDeletion", json_true());
    return o;
}

/* Row 11: sorted by name. Which other destinations are listed is our choice (two,
 * with their upstream list items); Northflank's item is NorthflankSyncListItemSchema
 * @02fdd1d, and it follows the northflankOffered setting as the connection options do. */
static void h_options(ds_reply *r)
{
    json_t *arr = json_array(), *o = json_object();
    json_array_append_new(arr, option("AWS Parameter Store", "aws", "aws-parameter-store", 1, 0));
    json_array_append_new(arr, option("GitHub", "github", "github", 0, 0));
    if (g.cur.northflank_offered)
        json_array_append_new(arr, option("Northflank", "northflank", "northflank", 1, 1));
    json_object_set_new(o, "secretSyncOptions", arr);
    ds_reply_json(r, 200, o);
}

static void h_get(const char *id, ds_reply *r)
{
    ds_sync *s;
    if (!sync_id_ok(id, r))
        return;
    s = find_quoted(id, r);
    if (s != NULL && northflank_sync(s, r))
        reply_sync(r, s);
}

/* Row 3: params before the query (fastify); the name is looked up trimmed, across
 * every destination of the project. */
static void h_by_name(const ds_call *c, const char *raw_name, ds_reply *r)
{
    char *name = js_trim(raw_name), *pid;
    ds_sync *s;
    if (js_length(name) < 1) {
        json_t *issues = json_array();
        z_too_small(issues, z_path("syncName", NULL), 1, "Sync name required");
        reply_validation(r, issues);
        free(name);
        return;
    }
    pid = project_query(c, r);
    if (pid == NULL) {
        free(name);
        return;
    }
    s = strcmp(pid, g.project_id) == 0 ? ds_sync_find_name(name) : NULL;
    if (s == NULL) {
        char *msg = ds_printf("Could not find Northflank Sync with name \"%s\"", name);
        ds_reply_error(r, 404, "NotFound", msg);
        free(msg);
    } else if (northflank_sync(s, r)) {
        reply_sync(r, s);
    }
    free(name);
    free(pid);
}

/* ---- create, update, delete ---- */

/* createSecretSync: the plan's cap, project, permission, folder, duplicate
 * destination, connection, then the insert (a name clash is the unique index's
 * violation). */
static void h_create(int can_write, json_t *body, ds_reply *r)
{
    ds_sync_input in;
    json_t *issues = json_array();
    ds_folder *f;
    ds_sync *s;

    if (ds_validate_sync_create(body, &in, issues) > 0) {
        reply_validation(r, issues);
        ds_sync_input_free(&in);
        return;
    }
    json_decref(issues);
    /* The plan's cap comes before the project is even looked up (newest service). */
    if (g.cur.secret_sync_limit > 0 && (int64_t)g.n_syncs >= g.cur.secret_sync_limit) {
        reply_400(r, "Failed to create secret sync due to plan limit reached. Upgrade plan to add more secret syncs.");
        goto out;
    }
    if (!project_known(in.project_id, r))
        goto out;
    if (!can_write) {
        ds_reply_permission_denied(r, "create", SUBJECT);
        goto out;
    }
    f = folder_by_path(in.environment, in.secret_path);
    if (f == NULL) {
        reply_no_folder(r, in.secret_path, in.environment, in.project_id);
        goto out;
    }
    if (!destination_free(in.dest_config, NULL, r))
        goto out;
    if (connection_usable(in.connection_id, in.project_id, r) == NULL)
        goto out;
    if (ds_sync_find_name(in.name) != NULL) {
        reply_name_taken(r, in.name);
        goto out;
    }
    s = ds_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    ds_uuid4(s->id);
    s->name = in.name;
    in.name = NULL;
    s->description = in.description;
    in.description = NULL;
    s->auto_sync = in.auto_sync;
    s->version = 1;
    snprintf(s->connection_id, sizeof s->connection_id, "%s", in.connection_id);
    snprintf(s->folder_id, sizeof s->folder_id, "%s", f->id);
    s->sync_options = in.sync_options;
    in.sync_options = NULL;
    s->dest_config = in.dest_config;
    in.dest_config = NULL;
    s->created_ms = s->updated_ms = ds_now_ms();
    ds_sync_add(s);
    if (s->auto_sync) {
        s->life[DS_JOB_SYNC].status = DS_LIFE_PENDING;
        ds_job_enqueue(s->id, DS_JOB_SYNC, 0, 0);
    }
    reply_sync(r, s);
out:
    ds_sync_input_free(&in);
}

/* updateSecretSync: the 404 without quotes, permission, connection, the source
 * (both halves needed, the folder must exist), the name, then the write. Every
 * successful update of an auto-sync row queues a sync, a description change too. */
static void h_update(int can_write, const char *id, json_t *body, ds_reply *r)
{
    ds_sync_input in;
    json_t *issues;
    ds_sync *s, *other;
    ds_folder *cur, *f;
    const char *cur_env, *cur_path, *env, *path;
    char folder_id[37];
    int source_changed, recursive;

    if (!sync_id_ok(id, r))
        return;
    issues = json_array();
    if (ds_validate_sync_update(body, &in, issues) > 0) {
        reply_validation(r, issues);
        ds_sync_input_free(&in);
        return;
    }
    json_decref(issues);
    s = ds_sync_find_id(id);
    if (s == NULL) {
        char *msg = ds_printf("Could not find Northflank Sync with ID %s", id);
        ds_reply_error(r, 404, "NotFound", msg);
        free(msg);
        goto out;
    }
    if (!can_write) {
        ds_reply_permission_denied(r, "edit", SUBJECT);
        goto out;
    }
    if (!northflank_sync(s, r))
        goto out;
    if ((in.dest_config != NULL || in.connection_id != NULL) &&
        !destination_free(in.dest_config ? in.dest_config : s->dest_config, s->id, r))
        goto out;
    if (in.connection_id != NULL && connection_usable(in.connection_id, g.project_id, r) == NULL)
        goto out;

    cur = ds_folder_find_id(s->folder_id);
    cur_env = cur ? g.envs[cur->env].slug : NULL;
    cur_path = cur ? cur->path : NULL;
    source_changed = (in.secret_path != NULL && (cur_path == NULL || strcmp(in.secret_path, cur_path) != 0)) ||
                     (in.environment != NULL && (cur_env == NULL || strcmp(in.environment, cur_env) != 0));
    env = in.environment ? in.environment : cur_env;
    path = in.secret_path ? in.secret_path : cur_path;
    snprintf(folder_id, sizeof folder_id, "%s", s->folder_id);
    if (source_changed) {
        if (env == NULL || path == NULL) {
            reply_400(r, "Must specify both source environment and secret path");
            goto out;
        }
        f = folder_by_path(env, path);
        if (f == NULL) {
            reply_no_folder(r, path, env, g.project_id);
            goto out;
        }
        snprintf(folder_id, sizeof folder_id, "%s", f->id);
    }
    /* A recursive sync is checked again on every update (newest service). */
    recursive = json_is_true(json_object_get(in.sync_options ? in.sync_options : s->sync_options, "recursive"));
    if (recursive && !source_changed) {
        if (env == NULL || path == NULL) {
            reply_400(r, "Must specify both source environment and secret path");
            goto out;
        }
        if (folder_id[0] == '\0') {
            reply_no_folder(r, path, env, g.project_id);
            goto out;
        }
    }
    if (in.name != NULL) {
        other = ds_sync_find_name(in.name);
        if (other != NULL && other != s) {
            reply_name_taken(r, in.name);
            goto out;
        }
        free(s->name);
        s->name = in.name;
        in.name = NULL;
    }
    if (in.has_description) {
        free(s->description);
        s->description = in.description;
        in.description = NULL;
    }
    if (in.connection_id != NULL)
        snprintf(s->connection_id, sizeof s->connection_id, "%s", in.connection_id);
    if (in.has_auto_sync)
        s->auto_sync = in.auto_sync;
    if (in.sync_options != NULL) {
        json_decref(s->sync_options);
        s->sync_options = in.sync_options;
        in.sync_options = NULL;
    }
    if (in.dest_config != NULL) {
        json_decref(s->dest_config);
        s->dest_config = in.dest_config;
        in.dest_config = NULL;
    }
    snprintf(s->folder_id, sizeof s->folder_id, "%s", folder_id);
    s->updated_ms = ds_now_ms();
    /* { ...(isAutoSyncEnabled && folderId && { syncStatus: Pending }) }, then the queue
     * whenever auto-sync is on: without a folder the job fails on its own. */
    if (s->auto_sync && s->folder_id[0] != '\0')
        s->life[DS_JOB_SYNC].status = DS_LIFE_PENDING;
    if (s->auto_sync)
        ds_job_enqueue(s->id, DS_JOB_SYNC, 0, 0);
    reply_sync(r, s);
out:
    ds_sync_input_free(&in);
}

/* The checks trigger, import, remove and delete-with-remove share after the
 * permission: the source folder, then the lock. */
static int can_queue(const ds_sync *s, ds_reply *r)
{
    if (s->folder_id[0] == '\0') {
        reply_400(r, MSG_NO_FOLDER);
        return 0;
    }
    if (ds_sync_busy(s->id)) {
        reply_400(r, MSG_LOCKED);
        return 0;
    }
    return 1;
}

/* querystring removeSecrets: z.enum(["true", "false"]).default("false").
 * Returns 0 or 1, or -1 after answering 422. */
static int remove_secrets_query(const ds_call *c, ds_reply *r)
{
    static const char *const options[2] = {"true", "false"};
    const char *v = ds_query(c, "removeSecrets");
    json_t *issues;
    if (v == NULL || strcmp(v, "false") == 0)
        return 0;
    if (strcmp(v, "true") == 0)
        return 1;
    issues = json_array();
    z_invalid_enum(issues, z_path("removeSecrets", NULL), v, options, 2);
    reply_validation(r, issues);
    return -1;
}

static void h_delete(const ds_call *c, int can_write, const char *id, ds_reply *r)
{
    ds_sync *s;
    int remove;
    if (!sync_id_ok(id, r))
        return;
    remove = remove_secrets_query(c, r);
    if (remove < 0)
        return;
    s = find_quoted(id, r);
    if (s == NULL)
        return;
    if (!can_write) {
        ds_reply_permission_denied(r, "delete", SUBJECT);
        return;
    }
    if (!northflank_sync(s, r))
        return;
    if (remove) {
        /* The row stays until the remove job succeeds; a failed one keeps it. */
        if (!can_queue(s, r))
            return;
        ds_job_enqueue(s->id, DS_JOB_REMOVE, 0, 1);
        s->life[DS_JOB_REMOVE].status = DS_LIFE_PENDING;
        s->updated_ms = ds_now_ms();
        reply_sync(r, s);
        return;
    }
    /* The deleted row is the answer. A job still queued for it will find no row. */
    reply_sync(r, s);
    ds_sync_remove(s);
    ds_sync_free(s);
}

/* ---- trigger, import, remove (rows 7-9) ---- */

/* querystring importBehavior: z.nativeEnum(SecretSyncImportBehavior), required.
 * Returns 0 (prioritize-source) or 1, or -1 after answering 422. */
static int import_behavior_query(const ds_call *c, ds_reply *r)
{
    const char *v = ds_query(c, "importBehavior");
    json_t *issues;
    if (v != NULL && strcmp(v, import_behaviors[0]) == 0)
        return 0;
    if (v != NULL && strcmp(v, import_behaviors[1]) == 0)
        return 1;
    issues = json_array();
    if (v == NULL)
        z_invalid_type(issues, z_path("importBehavior", NULL), "'prioritize-source' | 'prioritize-destination'",
                       NULL);
    else
        z_invalid_enum(issues, z_path("importBehavior", NULL), v, import_behaviors, 2);
    reply_validation(r, issues);
    return -1;
}

static void h_queue(const ds_call *c, int kind, int can_write, const char *id, ds_reply *r)
{
    static const char *const actions[DS_NJOB_KINDS] = {"sync-secrets", "import-secrets", "remove-secrets"};
    ds_sync *s;
    int behavior = 0;
    if (!sync_id_ok(id, r))
        return;
    if (kind == DS_JOB_IMPORT && (behavior = import_behavior_query(c, r)) < 0)
        return;
    s = find_quoted(id, r);
    if (s == NULL)
        return;
    if (!can_write) {
        ds_reply_permission_denied(r, actions[kind], SUBJECT);
        return;
    }
    if (!northflank_sync(s, r))
        return;
    if (!can_queue(s, r))
        return;
    ds_job_enqueue(s->id, kind, behavior, 0);
    s->life[kind].status = DS_LIFE_PENDING;
    s->updated_ms = ds_now_ms();
    reply_sync(r, s);
}

/* ---- check-destination (row 10) ---- */

/* z.string().uuid().optional() or required; returns 0 after adding an issue. */
static int uuid_field(json_t *issues, const json_t *body, const char *key, int required)
{
    const json_t *v = json_object_get(body, key);
    if (v == NULL && !required)
        return 1;
    if (!json_is_string(v)) {
        z_invalid_type(issues, z_path(key, NULL), "string", (json_t *)v);
        return 0;
    }
    if (!ds_is_uuid(json_string_value(v))) {
        z_invalid_uuid(issues, z_path(key, NULL));
        return 0;
    }
    return 1;
}

/* JavaScript's truthiness of a JSON value. */
static int js_truthy(const json_t *v)
{
    if (v == NULL || json_is_null(v) || json_is_false(v))
        return 0;
    if (json_is_string(v))
        return json_string_value(v)[0] != '\0';
    if (json_is_number(v))
        return json_number_value(v) != 0;
    return 1;
}

/* checkDuplicateDestination: an absent (falsy) config has nothing to compare. */
static void h_check(json_t *body, ds_reply *r)
{
    json_t *issues = json_array(), *dc, *ex, *o;
    const char *pid;
    int dup;

    if (!json_is_object(body)) {
        z_invalid_type(issues, z_path(NULL, NULL), "object", body);
    } else {
        uuid_field(issues, body, "connectionId", 0);
        uuid_field(issues, body, "excludeSyncId", 0);
        uuid_field(issues, body, "projectId", 1);
    }
    if (json_array_size(issues) > 0) {
        reply_validation(r, issues);
        return;
    }
    json_decref(issues);
    pid = json_string_value(json_object_get(body, "projectId"));
    if (!project_known(pid, r))
        return;
    dc = json_object_get(body, "destinationConfig");
    ex = json_object_get(body, "excludeSyncId");
    dup = js_truthy(dc) && duplicate_destination(dc, ex ? json_string_value(ex) : NULL);
    o = json_object();
    json_object_set_new(o, "hasDuplicate", json_boolean(dup));
    if (dup)
        json_object_set_new(o, "duplicateProjectId", json_string(g.project_id));
    ds_reply_json(r, 200, o);
}

void ds_sync_handle(int route, const ds_call *c, int can_write, json_t *body, const char *p1, ds_reply *r)
{
    switch (route) {
    case DS_SS_LIST_ALL:
    case DS_SS_LIST:
        h_list(c, route == DS_SS_LIST_ALL, r);
        break;
    case DS_SS_OPTIONS:
        h_options(r);
        break;
    case DS_SS_CREATE:
        h_create(can_write, body, r);
        break;
    case DS_SS_CHECK:
        h_check(body, r);
        break;
    case DS_SS_GET:
        h_get(p1, r);
        break;
    case DS_SS_BY_NAME:
        h_by_name(c, p1, r);
        break;
    case DS_SS_UPDATE:
        h_update(can_write, p1, body, r);
        break;
    case DS_SS_DELETE:
        h_delete(c, can_write, p1, r);
        break;
    case DS_SS_TRIGGER:
        h_queue(c, DS_JOB_SYNC, can_write, p1, r);
        break;
    case DS_SS_IMPORT:
        h_queue(c, DS_JOB_IMPORT, can_write, p1, r);
        break;
    default:
        h_queue(c, DS_JOB_REMOVE, can_write, p1, r);
        break;
    }
}
