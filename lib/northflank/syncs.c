/* Northflank secret sync operations: check arguments, describe the request,
 * hand the body to the codec and the exchange to the client; and the wait for
 * a job's outcome, which polls the sync until the job it queued has finished. */
#include <string.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "log.h"
#include "northflank/sync_params.h"
#include "util/alloc.h"
#include "validate.h"

#define SYNCS_PATH "/api/v1/secret-syncs/northflank"
#define OPTIONS_PATH "/api/v1/secret-syncs/options"

/* Polls of a wait: the first after this, doubling up to the second. */
#define POLL_FIRST_MS 100
#define POLL_MAX_MS 2000

static int check_sync_id(const char *id, infisical_error **err)
{
    if (!id)
        return infisical__fail_field(err, "syncId", "must not be NULL");
    const char *why = infisical__check_uuid(id);
    return why ? infisical__fail_field(err, "syncId", why) : INFISICAL_OK;
}

/* A required project id for a query (the server: trimmed, "Project ID required"). */
static int check_project(const char *project_id, const char **t, size_t *n, infisical_error **err)
{
    if (!project_id)
        return infisical__fail_field(err, "projectId", "Project ID required");
    int rc = infisical__check_trimmed(err, "projectId", project_id, INFISICAL_PROJECT_ID_MAX,
                                      INFISICAL__CHARS_UTF8_LINE, t, n);
    return rc == INFISICAL_OK && *n == 0 ? infisical__fail_field(err, "projectId", "Project ID required") : rc;
}

/* Append the n bytes at s, escaped as one path segment or query value. */
static int put_escaped(infisical__buf *b, const char *s, size_t n)
{
    char *v = infisical__strndup(s, n);
    int failed = !v || infisical__buf_escape(b, v);
    infisical__free(v);
    return failed;
}

/* SYNCS_PATH + before + escaped segment + after + query key + escaped value;
 * any part may be NULL. */
static int sync_path(infisical__buf *path, const char *before, const char *segment, size_t segment_len,
                     const char *after, const char *query, const char *value, size_t value_len, infisical_error **err)
{
    int failed = infisical__buf_puts(path, SYNCS_PATH) || (before && infisical__buf_puts(path, before)) ||
                 (segment && put_escaped(path, segment, segment_len)) || (after && infisical__buf_puts(path, after)) ||
                 (query && (infisical__buf_puts(path, query) || put_escaped(path, value, value_len)));
    if (!failed)
        return INFISICAL_OK;
    infisical__buf_clear(path);
    return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
}

/* The path of one sync by id, with a suffix ("/sync-secrets") and a query. */
static int id_path(infisical__buf *path, const char *id, const char *suffix, const char *query, const char *value,
                   infisical_error **err)
{
    return sync_path(path, "/", id, strlen(id), suffix, query, value, value ? strlen(value) : 0, err);
}

/* A failed call's error as the caller gets it: the server's 400 "A job for
 * this sync is already in progress" becomes INFISICAL_EBUSY, retryable (the
 * lock frees when the job ends, and nothing was queued). */
static int report(infisical_error **err, infisical_error *e)
{
    if (infisical_error_code(e) == INFISICAL_EBADREQUEST &&
        strstr(infisical_error_message(e), "already in progress") != NULL) {
        e->code = INFISICAL_EBUSY;
        e->retryable = 1;
    }
    return infisical__error_report(err, e);
}

/* The server's job messages may quote what it sent Northflank; mask what this client holds. */
static void redact_messages(const infisical_client *c, struct infisical_sync *s)
{
    struct infisical__secrets secrets = {0};
    infisical__secrets_of_config(&secrets, c->cfg);
    for (int j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++)
        if (s->message[j])
            infisical__redact(s->message[j], &secrets);
}

/* One request whose reply is {"secretSync": ...}; *out may be NULL when not wanted. Clears path. */
static int send_for_sync(infisical_client *c, const char *method, infisical__buf *path,
                         const struct infisical__sync_fields *fields, enum infisical__retry retry,
                         const struct infisical__call_settings *settings, infisical_sync **out, infisical_error **err)
{
    char *body = fields ? infisical__encode_sync(fields) : NULL;
    if (fields && !body) {
        infisical__buf_clear(path);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    struct infisical__call call = {.settings = settings, .method = method, .path = path->data, .body = body,
                                   .retry = retry};
    infisical__http_response resp;
    infisical_error *e = NULL;
    int rc = infisical__client_call(c, &call, &resp, &e);
    infisical__free(body);
    infisical__buf_clear(path);
    if (rc != INFISICAL_OK)
        return report(err, e);
    infisical_sync *s = NULL;
    rc = infisical__decode_sync(resp.body.data, resp.body.len, &s, err);
    infisical__http_response_clear(&resp);
    if (rc == INFISICAL_OK)
        redact_messages(c, s);
    if (out)
        *out = s;
    else
        infisical_sync_free(s);
    return rc;
}

static int get_sync(infisical_client *c, const char *id, const struct infisical__call_settings *settings,
                    infisical_sync **out, infisical_error **err)
{
    infisical__buf path = {0};
    int rc = id_path(&path, id, NULL, NULL, NULL, err);
    return rc ? rc : send_for_sync(c, "GET", &path, NULL, INFISICAL__RETRY_ALWAYS, settings, out, err);
}

static int check_client(const infisical_client *c, infisical_error **err)
{
    return c ? INFISICAL_OK : infisical__fail_field(err, "client", "must not be NULL");
}

int infisical_northflank_sync_create(infisical_client *client, const infisical_sync_params *p, infisical_sync **out,
                                     const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)))
        return rc;
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    /* What the server requires, named as it names them. */
    static const char *const missing[] = {"name", "projectId", "connectionId", "environment",
                                          "syncOptions.initialSyncBehavior", "destinationConfig"};
    const int absent[] = {!p->name, !p->project_id, !p->connection_id, !p->environment, !p->initial_sync_behavior,
                          !p->set_destination};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        if (absent[i])
            return infisical__fail_field(err, missing[i], "is required to create a sync");
    struct infisical__sync_fields f = {
        .name = p->name, .project_id = p->project_id, .set_description = p->set_description,
        .description = p->description, .connection_id = p->connection_id, .environment = p->environment,
        .secret_path = p->secret_path, .set_auto_sync = p->set_auto_sync, .auto_sync = p->auto_sync,
        .with_options = 1, .initial_sync_behavior = p->initial_sync_behavior, .key_schema = p->key_schema,
        .disable_secret_deletion = p->set_disable_secret_deletion ? p->disable_secret_deletion : -1,
        .with_destination = 1, .dest_project_id = p->dest_project_id, .dest_group_id = p->dest_group_id,
        .dest_project_name = p->dest_project_name, .dest_group_name = p->dest_group_name,
    };
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    infisical__buf path = {0};
    if ((rc = sync_path(&path, NULL, NULL, 0, NULL, NULL, NULL, 0, err)))
        return rc;
    return send_for_sync(client, "POST", &path, &f, INFISICAL__RETRY_UNSENT, &settings, out, err);
}

int infisical_northflank_sync_get(infisical_client *client, const char *sync_id, infisical_sync **out,
                                  const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)))
        return rc;
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if ((rc = check_sync_id(sync_id, err)))
        return rc;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    return get_sync(client, sync_id, &settings, out, err);
}

int infisical_northflank_sync_get_by_name(infisical_client *client, const char *name, const char *project_id,
                                          infisical_sync **out, const infisical_call_options *opts,
                                          infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)))
        return rc;
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if (!name)
        return infisical__fail_field(err, "syncName", "Sync name required");
    const char *t, *pid;
    size_t n, pid_len;
    if ((rc = infisical__check_trimmed(err, "syncName", name, INFISICAL_NAME_BYTES_MAX, INFISICAL__CHARS_UTF8_LINE,
                                       &t, &n)))
        return rc;
    if (n == 0)
        return infisical__fail_field(err, "syncName", "Sync name required");
    if ((rc = check_project(project_id, &pid, &pid_len, err)))
        return rc;
    infisical__buf path = {0};
    if ((rc = sync_path(&path, "/sync-name/", t, n, NULL, "?projectId=", pid, pid_len, err)))
        return rc;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    return send_for_sync(client, "GET", &path, NULL, INFISICAL__RETRY_ALWAYS, &settings, out, err);
}

int infisical_northflank_sync_list(infisical_client *client, const char *project_id, infisical_sync_list **out,
                                   const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)))
        return rc;
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    const char *pid;
    size_t pid_len;
    if ((rc = check_project(project_id, &pid, &pid_len, err)))
        return rc;
    infisical__buf path = {0};
    if ((rc = sync_path(&path, NULL, NULL, 0, NULL, "?projectId=", pid, pid_len, err)))
        return rc;
    infisical__http_response resp;
    rc = infisical__client_get(client, path.data, opts, &resp, err);
    infisical__buf_clear(&path);
    if (rc != INFISICAL_OK)
        return rc;
    rc = infisical__decode_sync_list(resp.body.data, resp.body.len, out, err);
    infisical__http_response_clear(&resp);
    for (uint32_t i = 0; rc == INFISICAL_OK && i < (*out)->count; i++)
        redact_messages(client, &(*out)->items[i]);
    return rc;
}

int infisical_northflank_sync_update(infisical_client *client, const char *sync_id, const infisical_sync_params *p,
                                     infisical_sync **out, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)) || (rc = check_sync_id(sync_id, err)))
        return rc;
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (p->project_id)
        return infisical__fail_field(err, "projectId", "cannot be changed by an update (a sync cannot move)");
    int options = p->initial_sync_behavior || p->set_key_schema || p->set_disable_secret_deletion;
    if (!p->name && !p->set_description && !p->connection_id && !p->environment && !p->set_auto_sync && !options &&
        !p->set_destination)
        return infisical__fail_field(err, "params", "set nothing to update");
    struct infisical__sync_fields f = {
        .name = p->name, .set_description = p->set_description, .description = p->description,
        .connection_id = p->connection_id, .environment = p->environment, .secret_path = p->secret_path,
        .set_auto_sync = p->set_auto_sync, .auto_sync = p->auto_sync,
        .with_destination = p->set_destination, .dest_project_id = p->dest_project_id,
        .dest_group_id = p->dest_group_id, .dest_project_name = p->dest_project_name,
        .dest_group_name = p->dest_group_name,
    };
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    /* The server replaces syncOptions whole: send the stored options with the
     * ones set here on top, so changing one keeps the others. */
    infisical_sync *current = NULL;
    if (options) {
        if ((rc = get_sync(client, sync_id, &settings, &current, err)))
            return rc;
        f.with_options = 1;
        f.initial_sync_behavior = p->initial_sync_behavior ? p->initial_sync_behavior : current->initial_sync_behavior;
        f.key_schema = p->set_key_schema ? p->key_schema : current->key_schema;
        f.disable_secret_deletion = p->set_disable_secret_deletion ? p->disable_secret_deletion
                                    : current->disable_secret_deletion == INFISICAL_ABSENT
                                        ? -1
                                        : current->disable_secret_deletion;
        if (!f.initial_sync_behavior) {
            infisical_sync_free(current);
            return infisical__fail(err, INFISICAL_EPROTOCOL, "malformed reply: the stored sync has no "
                                   "syncOptions.initialSyncBehavior to keep; set one in the params");
        }
    }
    infisical__buf path = {0};
    if ((rc = id_path(&path, sync_id, NULL, NULL, NULL, err)) == INFISICAL_OK)
        rc = send_for_sync(client, "PATCH", &path, &f, INFISICAL__RETRY_UNSENT, &settings, out, err);
    infisical_sync_free(current);
    return rc;
}

/* Whether s shows a finished job of kind `job` other than the one with id prev. */
static int finished(const infisical_sync *s, uint32_t job, const char *prev)
{
    uint32_t st = infisical_sync_status(s, job);
    const char *id = infisical_sync_job_id(s, job);
    return (st == INFISICAL_SYNC_STATUS_SUCCEEDED || st == INFISICAL_SYNC_STATUS_FAILED) && id &&
           (!prev || strcmp(id, prev) != 0);
}

static const char *const job_words[] = {"sync", "import", "removal"};

/* Poll the sync until a job of kind `job` other than prev has finished, or
 * (gone_is_done) the sync is gone. *out: the last state seen (on OK and
 * INFISICAL_EJOBFAILED). */
static int wait_for_job(infisical_client *c, const char *id, uint32_t job, const char *prev, int gone_is_done,
                        const struct infisical__call_settings *settings, infisical_sync **out, infisical_error **err)
{
    int64_t interval = POLL_FIRST_MS;
    for (;;) {
        if (infisical__call_sleep(settings, interval))
            return infisical__fail(err, INFISICAL_ECANCELLED, "cancelled by the cancel hook while waiting for the %s "
                                   "job of sync %s", job_words[job], id);
        if (infisical__now_ms() >= settings->deadline_ms)
            return infisical__fail(err, INFISICAL_ETIMEOUT, "the call's deadline passed before the %s job of sync "
                                   "%s finished (%s)", job_words[job], id,
                                   *out ? "it is queued or running" : "no state was read");
        infisical_sync *s = NULL;
        infisical_error *e = NULL;
        int rc = get_sync(c, id, settings, &s, &e);
        if (rc == INFISICAL_ENOTFOUND && gone_is_done) {
            infisical_error_free(e);
            return INFISICAL_OK; /* removed, then deleted */
        }
        if (rc != INFISICAL_OK)
            return infisical__error_report(err, e);
        infisical_sync_free(*out);
        *out = s;
        if (finished(s, job, prev)) {
            if (infisical_sync_status(s, job) == INFISICAL_SYNC_STATUS_SUCCEEDED)
                return INFISICAL_OK;
            const char *why = infisical_sync_message(s, job);
            return infisical__fail(err, INFISICAL_EJOBFAILED, "the %s job %s of sync %s failed: %s", job_words[job],
                                   infisical_sync_job_id(s, job), id, why ? why : "(the server gave no message)");
        }
        interval = interval * 2 > POLL_MAX_MS ? POLL_MAX_MS : interval * 2;
    }
}

/* Queue (with `method` on `path`, which is cleared) a job of kind `job` and,
 * with INFISICAL_SYNC_WAIT, wait for its outcome. */
static int queue_job(infisical_client *c, const char *id, const char *method, infisical__buf *path, uint32_t job,
                     uint32_t flags, int gone_is_done, const struct infisical__call_settings *settings,
                     infisical_sync **out, infisical_error **err)
{
    char *prev = NULL;
    int rc = INFISICAL_OK;
    if (flags & INFISICAL_SYNC_WAIT) {
        /* The server's reply to a trigger does not name the new job: remember the last one's id. */
        infisical_sync *before = NULL;
        if ((rc = get_sync(c, id, settings, &before, err)) == INFISICAL_OK && infisical_sync_job_id(before, job) &&
            !(prev = infisical__strdup(infisical_sync_job_id(before, job))))
            rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        infisical_sync_free(before);
        if (rc != INFISICAL_OK) {
            infisical__buf_clear(path);
            return rc;
        }
    }
    infisical_sync *s = NULL;
    rc = send_for_sync(c, method, path, NULL, INFISICAL__RETRY_UNSENT, settings, &s, err);
    if (rc == INFISICAL_OK && (flags & INFISICAL_SYNC_WAIT)) {
        rc = wait_for_job(c, id, job, prev, gone_is_done, settings, &s, err);
        if (rc != INFISICAL_OK && rc != INFISICAL_EJOBFAILED) {
            infisical_sync_free(s);
            s = NULL;
        }
    }
    infisical__free(prev);
    if (out)
        *out = s;
    else
        infisical_sync_free(s);
    return rc;
}

int infisical_northflank_sync_trigger(infisical_client *client, const char *sync_id, uint32_t action, uint32_t flags,
                                      infisical_sync **out, const infisical_call_options *opts,
                                      infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)) || (rc = check_sync_id(sync_id, err)))
        return rc;
    if (flags & ~(uint32_t)INFISICAL_SYNC_WAIT)
        return infisical__fail_field(err, "flags", "has bits other than INFISICAL_SYNC_WAIT");
    const char *suffix, *behavior = NULL;
    uint32_t job;
    switch (action) {
    case INFISICAL_SYNC_ACTION_SYNC: suffix = "/sync-secrets"; job = INFISICAL_SYNC_JOB_SYNC; break;
    case INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_SOURCE:
        suffix = "/import-secrets", behavior = "prioritize-source", job = INFISICAL_SYNC_JOB_IMPORT;
        break;
    case INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_DESTINATION:
        suffix = "/import-secrets", behavior = "prioritize-destination", job = INFISICAL_SYNC_JOB_IMPORT;
        break;
    case INFISICAL_SYNC_ACTION_REMOVE: suffix = "/remove-secrets"; job = INFISICAL_SYNC_JOB_REMOVE; break;
    default: return infisical__fail_field(err, "action", "must be an INFISICAL_SYNC_ACTION_* value");
    }
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    infisical__buf path = {0};
    if ((rc = id_path(&path, sync_id, suffix, behavior ? "?importBehavior=" : NULL, behavior, err)))
        return rc;
    return queue_job(client, sync_id, "POST", &path, job, flags, 0, &settings, out, err);
}

int infisical_northflank_sync_delete(infisical_client *client, const char *sync_id, uint32_t flags,
                                     infisical_sync **out, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if ((rc = check_client(client, err)) || (rc = check_sync_id(sync_id, err)))
        return rc;
    if (flags & ~(uint32_t)(INFISICAL_SYNC_WAIT | INFISICAL_SYNC_REMOVE_SECRETS))
        return infisical__fail_field(err, "flags", "has bits other than INFISICAL_SYNC_REMOVE_SECRETS and _WAIT");
    if ((flags & INFISICAL_SYNC_WAIT) && !(flags & INFISICAL_SYNC_REMOVE_SECRETS))
        return infisical__fail_field(err, "flags", "INFISICAL_SYNC_WAIT goes with INFISICAL_SYNC_REMOVE_SECRETS "
                                     "(a plain delete finishes at once)");
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    int remove = (flags & INFISICAL_SYNC_REMOVE_SECRETS) != 0;
    infisical__buf path = {0};
    if ((rc = id_path(&path, sync_id, NULL, "?removeSecrets=", remove ? "true" : "false", err)))
        return rc;
    return queue_job(client, sync_id, "DELETE", &path, INFISICAL_SYNC_JOB_REMOVE, flags, 1, &settings, out, err);
}

int infisical_northflank_sync_offered(infisical_client *client, int *offered, const infisical_call_options *opts,
                                      infisical_error **err)
{
    infisical__error_clear(err);
    int rc;
    if ((rc = check_client(client, err)))
        return rc;
    if (!offered)
        return infisical__fail_field(err, "offered", "must not be NULL");
    *offered = 0;
    infisical__http_response resp;
    if ((rc = infisical__client_get(client, OPTIONS_PATH, opts, &resp, err)) != INFISICAL_OK)
        return rc;
    rc = infisical__decode_sync_options(resp.body.data, resp.body.len, offered, err);
    infisical__http_response_clear(&resp);
    return rc;
}
