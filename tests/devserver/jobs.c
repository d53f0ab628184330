/* The secret-sync job queue and what its jobs do, as Infisical's BullMQ queue
 * (secret-sync-queue.ts, contract 7) and its Northflank functions (contract 5) do
 * it, against the devserver's own source secrets and its Northflank stand-in.
 *
 * One worker thread takes the job that is ready first. It works under the store
 * lock, so a job sees and changes the state in one piece; it lets go of the lock
 * only to sleep (a job fault's delayMs), and after that it checks that no reset or
 * shutdown happened meanwhile. Delays are real (monotonic) time; the times a row
 * reports (lastSyncedAt, updatedAt, ...) are on the virtual clock. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syncs.h"
#include "util.h"
#include "validate.h"

#define SYNC_ATTEMPTS 5 /* DEFAULT_SECRET_SYNC_RETRY_CONFIG; import and remove jobs get 1 */
#define MAX_MESSAGE_UNITS 1024 /* parseSyncErrorMessage's MAX_MESSAGE_LENGTH */

/* $getInfisicalSecrets' and $importSecrets' text when the source folder is gone
 * (secret-sync-queue.ts@0158fcb; the contract is silent). */
#define FOLDER_GONE \
    "Invalid Secret Sync source configuration: folder no longer exists. Please update source environment and secret path."

static pthread_t worker;
static int worker_started;

/* How a job attempt ended. */
typedef struct {
    int retry;     /* the error may be retried (it is not a SecretSyncError with shouldRetry false) */
    char *message; /* the row's last*Message, as parseSyncErrorMessage makes it */
} job_error;

/* What a job needs of its sync, copied when the attempt starts: the row may change
 * or go while the job sleeps. */
typedef struct {
    char *token; /* the connection's Northflank API token */
    char *nf_project, *nf_group;
    char *key_schema; /* NULL: none ("" counts as none, as in JavaScript) */
    int disable_deletion;
    int initial;      /* 0: overwrite-destination, 1: import-prioritize-source, 2: ...-destination */
    int never_synced; /* lastSyncedAt is null: the initial import step still applies */
    char folder_id[37];
    char *env_slug; /* NULL when the folder is gone */
} job_ctx;

/* ---- queue ---- */

void ds_job_enqueue(const char *sync_id, int kind, int prioritize_destination, int delete_on_success)
{
    ds_job *j = ds_xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    /* The newest queue gives every job a randomUUID() jobId (contract 3). */
    ds_uuid4(j->id);
    snprintf(j->sync_id, sizeof j->sync_id, "%s", sync_id);
    j->kind = kind;
    j->prioritize_destination = prioritize_destination;
    j->delete_on_success = delete_on_success;
    j->max_attempts = kind == DS_JOB_SYNC ? SYNC_ATTEMPTS : 1;
    j->ready_mono_ms = ds_mono_ms() + g.cur.sync_job_delay_ms;
    j->seq = g.job_seq++;
    j->epoch = g.job_epoch;
    j->next = g.jobs;
    g.jobs = j;
    g.jobs_queued++;
    pthread_cond_signal(&g.jobs_cond);
}

int ds_sync_busy(const char *sync_id)
{
    const ds_job *j;
    for (j = g.jobs; j != NULL; j = j->next)
        if (strcmp(j->sync_id, sync_id) == 0)
            return 1;
    j = g.job_running;
    return j != NULL && j->epoch == g.job_epoch && strcmp(j->sync_id, sync_id) == 0;
}

/* Any change to a row stamps updatedAt, as the database's update trigger does. */
static void touch(ds_sync *s)
{
    s->updated_ms = ds_now_ms();
}

size_t ds_sync_queue_folder(const ds_folder *f)
{
    size_t i, n = 0;
    for (i = 0; i < g.n_syncs; i++) {
        ds_sync *s = g.syncs[i];
        /* Another destination's sync (made through /__dev) has no job here. */
        if (s->auto_sync && strcmp(s->folder_id, f->id) == 0 && ds_sync_is_northflank(s)) {
            s->life[DS_JOB_SYNC].status = DS_LIFE_PENDING;
            touch(s);
            ds_job_enqueue(s->id, DS_JOB_SYNC, 0, 0);
            n++;
        }
    }
    return n;
}

static const char *const kind_names[DS_NJOB_KINDS] = {"sync", "import", "remove"};

static json_t *job_json(const ds_job *j, const char *state)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(j->id));
    json_object_set_new(o, "syncId", json_string(j->sync_id));
    json_object_set_new(o, "kind", json_string(kind_names[j->kind]));
    json_object_set_new(o, "state", json_string(state));
    json_object_set_new(o, "attempts", json_integer(j->attempts));
    json_object_set_new(o, "maxAttempts", json_integer(j->max_attempts));
    return o;
}

json_t *ds_jobs_json(void)
{
    json_t *a = json_array();
    const ds_job *j;
    if (g.job_running != NULL && g.job_running->epoch == g.job_epoch)
        json_array_append_new(a, job_json(g.job_running, "running"));
    /* A job waiting for its retry is still running as far as its row is concerned. */
    for (j = g.jobs; j != NULL; j = j->next)
        json_array_append_new(a, job_json(j, j->attempts > 0 ? "retrying" : "pending"));
    return a;
}

/* Unlinks and returns the job that is ready first (earliest time, then first
 * queued), or NULL with *next_ms set to the earliest time (-1: none queued). */
static ds_job *take_ready(int64_t now, int64_t *next_ms)
{
    ds_job **best = NULL, **pp, *j;
    for (pp = &g.jobs; *pp != NULL; pp = &(*pp)->next) {
        j = *pp;
        if (best == NULL || j->ready_mono_ms < (*best)->ready_mono_ms ||
            (j->ready_mono_ms == (*best)->ready_mono_ms && j->seq < (*best)->seq))
            best = pp;
    }
    if (best == NULL) {
        *next_ms = -1;
        return NULL;
    }
    if ((*best)->ready_mono_ms > now) {
        *next_ms = (*best)->ready_mono_ms;
        return NULL;
    }
    j = *best;
    *best = j->next;
    j->next = NULL;
    return j;
}

/* ---- the text of an error, as parseSyncErrorMessage makes it ---- */

/* Byte length of the first `units` UTF-16 code units of s (never splitting a
 * character), or the whole length when s is shorter. */
static size_t utf16_prefix(const char *s, size_t units)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, u = 0;
    while (p[i] != '\0') {
        size_t n = p[i] < 0x80 ? 1 : (p[i] & 0xe0) == 0xc0 ? 2 : (p[i] & 0xf0) == 0xe0 ? 3 : 4;
        size_t w = n == 4 ? 2 : 1;
        size_t k;
        if (u + w > units)
            break;
        for (k = 1; k < n; k++)
            if (p[i + k] == '\0')
                return i; /* a broken sequence at the end */
        i += n;
        u += w;
    }
    return i;
}

/* At most 1024 characters (UTF-16 units, JavaScript's length), else the first
 * 1021 and "...". Takes s. */
static char *truncate_message(char *s)
{
    size_t head;
    char *out;
    if (js_length(s) <= MAX_MESSAGE_UNITS)
        return s;
    head = utf16_prefix(s, MAX_MESSAGE_UNITS - 3);
    out = ds_xmalloc(head + 4);
    memcpy(out, s, head);
    memcpy(out + head, "...", 4);
    free(s);
    return out;
}

/* JSON.stringify({ message, error }) with error left out when NULL: a
 * SecretSyncError without a secretKey. */
static void fail_json(job_error *e, int retry, const char *message, const json_t *error)
{
    json_t *o = json_object();
    json_object_set_new(o, "message", json_string(message));
    if (error != NULL)
        json_object_set(o, "error", (json_t *)error);
    free(e->message);
    e->message = truncate_message(json_dumps(o, JSON_COMPACT));
    e->retry = retry;
    json_decref(o);
}

/* A plain Error: parseSyncErrorMessage keeps only err.message. */
static void fail_text(job_error *e, int retry, const char *message)
{
    free(e->message);
    e->message = truncate_message(ds_strdup(message));
    e->retry = retry;
}

/* `${value}` of a JSON value, as JavaScript prints it. */
static char *js_string(const json_t *v)
{
    if (json_is_string(v))
        return ds_strdup(json_string_value(v));
    if (json_is_object(v))
        return ds_strdup("[object Object]");
    if (json_is_array(v)) {
        /* Array.prototype.toString: the items joined with "," (null prints as ""). */
        size_t i;
        char *out = ds_strdup("");
        for (i = 0; i < json_array_size(v); i++) {
            const json_t *item = json_array_get(v, i);
            char *part = json_is_null(item) ? ds_strdup("") : js_string(item);
            char *next = ds_printf("%s%s%s", out, i ? "," : "", part);
            free(out);
            free(part);
            out = next;
        }
        return out;
    }
    return json_dumps(v, JSON_ENCODE_ANY); /* numbers, true, false, null */
}

/* buildNorthflankAPIErrorMessage (northflank-sync-fns.ts@1db630c): the message of
 * {"error":{...}} or else the top-level one, then "field: detail" for each detail,
 * joined by ". ", after "Northflank API returned an error. ". */
static char *northflank_parts(const json_t *body)
{
    const json_t *nested = json_object_get(body, "error");
    const json_t *msg = json_object_get(nested, "message");
    const json_t *details = json_object_get(nested, "details");
    char *out = ds_strdup("Northflank API returned an error.");
    char *joined = ds_strdup("");
    int first = 1;
    const char *field;
    json_t *v;
    char *next;

    /* JavaScript's truthiness: an empty message counts as none. */
    if (!json_is_string(msg) || json_string_value(msg)[0] == '\0')
        msg = json_object_get(body, "message");
    if (json_is_string(msg) && json_string_value(msg)[0] != '\0') {
        free(joined);
        joined = ds_strdup(json_string_value(msg));
        first = 0;
    }
    if (json_is_object(details)) {
        json_object_foreach((json_t *)details, field, v) {
            size_t i, n = json_is_array(v) ? json_array_size(v) : 1;
            for (i = 0; i < n; i++) {
                char *text = js_string(json_is_array(v) ? json_array_get(v, i) : v);
                next = ds_printf("%s%s%s: %s", joined, first ? "" : ". ", field, text);
                free(text);
                free(joined);
                joined = next;
                first = 0;
            }
        }
    }
    next = ds_printf("%s %s", out, joined);
    free(out);
    free(joined);
    return next;
}

/* A failed call to Northflank: a SecretSyncError (retried) whose error is the
 * response body. what is "fetch" or "update". */
static void fail_northflank(job_error *e, const char *what, const json_t *body)
{
    char *parts = northflank_parts(body);
    char *message = ds_printf("Failed to %s Northflank secrets. %s", what, parts);
    fail_json(e, 1, message, body);
    free(parts);
    free(message);
}

/* ---- key schema (secret-sync-fns.ts@00ba1a7) ---- */

/* Handlebars' escapeExpression, which {{secretKey}} applies to the key. */
static void append_escaped(char **out, size_t *len, const char *s)
{
    for (; *s != '\0'; s++) {
        const char *rep = NULL;
        char one[2] = {*s, '\0'};
        size_t n;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#x27;"; break;
        case '`': rep = "&#x60;"; break;
        case '=': rep = "&#x3D;"; break;
        default: rep = one; break;
        }
        n = strlen(rep);
        *out = ds_xrealloc(*out, *len + n + 1);
        memcpy(*out + *len, rep, n + 1);
        *len += n;
    }
}

/* handlebars.compile(schema)({ secretKey: key, environment }). The schema was
 * checked on the way in: only its own characters and the two placeholders. With
 * key NULL, {{secretKey}} stays as it is (what matchesSchema compiles). */
static char *apply_schema(const char *schema, const char *key, const char *env)
{
    char *out = ds_strdup("");
    if (env == NULL)
        env = ""; /* secretSync.environment?.slug || "" */
    size_t len = 0;
    const char *p = schema;
    while (*p != '\0') {
        if (strncmp(p, "{{secretKey}}", 13) == 0) {
            if (key != NULL) {
                append_escaped(&out, &len, key);
            } else {
                out = ds_xrealloc(out, len + 14);
                memcpy(out + len, "{{secretKey}}", 14);
                len += 13;
            }
            p += 13;
        } else if (strncmp(p, "{{environment}}", 15) == 0) {
            append_escaped(&out, &len, env);
            p += 15;
        } else {
            /* Template text is copied as it is; only values are escaped. */
            out = ds_xrealloc(out, len + 2);
            out[len++] = *p++;
            out[len] = '\0';
        }
    }
    return out;
}

/* The prefix and suffix around {{secretKey}} in the compiled schema (before the
 * first placeholder, after the last). 0 when the pattern has no placeholder. */
static int schema_parts(const char *schema, const char *env, char **prefix, char **suffix, char **pattern)
{
    char *pat = apply_schema(schema, NULL, env);
    char *first = strstr(pat, "{{secretKey}}");
    char *last = first, *at;
    *pattern = pat;
    if (first == NULL)
        return 0;
    while ((at = strstr(last + 13, "{{secretKey}}")) != NULL)
        last = at;
    *prefix = ds_strndup(pat, (size_t)(first - pat));
    *suffix = ds_strdup(last + 13);
    return 1;
}

/* matchesSchema: whether a destination key looks like one the schema makes. */
static int matches_schema(const char *key, const char *env, const char *schema)
{
    char *prefix, *suffix, *pattern;
    size_t kl = strlen(key), pl, sl;
    int ok = 1;
    if (schema == NULL || schema[0] == '\0')
        return 1;
    if (!schema_parts(schema, env, &prefix, &suffix, &pattern)) {
        ok = strcmp(key, pattern) == 0; /* "this edge-case shouldn't be possible" */
        free(pattern);
        return ok;
    }
    pl = strlen(prefix);
    sl = strlen(suffix);
    if (pl == 0 && sl == 0)
        ok = 1;
    else if (pl > 0 && strncmp(key, prefix, pl) != 0)
        ok = 0;
    else if (sl > 0 && (kl < sl || strcmp(key + kl - sl, suffix) != 0))
        ok = 0;
    else if (kl < pl + sl)
        ok = 0;
    else if (strchr(prefix, '/') != NULL || strchr(suffix, '/') != NULL) {
        /* A schema with path separators: the key part may not hold any. */
        size_t i;
        for (i = pl; i < kl - sl; i++)
            if (key[i] == '/')
                ok = 0;
    }
    free(prefix);
    free(suffix);
    free(pattern);
    return ok;
}

/* addSchema: the Infisical map with every key put through the schema (a new object). */
static json_t *add_schema(const json_t *map, const job_ctx *ctx)
{
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)map, key, v) {
        if (ctx->key_schema != NULL && ctx->key_schema[0] != '\0') {
            char *k = apply_schema(ctx->key_schema, key, ctx->env_slug);
            json_object_set(out, k, v);
            free(k);
        } else {
            json_object_set(out, key, v);
        }
    }
    return out;
}

/* filterForSchema then stripSchema, as getSecrets returns an import's map. */
static json_t *strip_schema(const json_t *dest, const job_ctx *ctx)
{
    json_t *out = json_object();
    const char *key;
    json_t *v;
    char *prefix = NULL, *suffix = NULL, *pattern = NULL;
    int has_schema = ctx->key_schema != NULL && ctx->key_schema[0] != '\0';
    int parts = has_schema && schema_parts(ctx->key_schema, ctx->env_slug, &prefix, &suffix, &pattern);

    json_object_foreach((json_t *)dest, key, v) {
        size_t kl = strlen(key), pl, sl;
        char *stripped;
        if (!matches_schema(key, ctx->env_slug, ctx->key_schema))
            continue;
        if (!has_schema) {
            json_object_set(out, key, v);
            continue;
        }
        /* stripSchema splits the pattern on {{secretKey}}: without one, prefix and
         * suffix are both the whole pattern. */
        pl = parts ? strlen(prefix) : strlen(pattern);
        sl = parts ? strlen(suffix) : strlen(pattern);
        if (kl < pl || kl < sl || kl - sl < pl) {
            json_object_set(out, "", v); /* a key that is all prefix and suffix */
            continue;
        }
        stripped = ds_strndup(key + pl, kl - sl - pl);
        json_object_set(out, stripped, v);
        free(stripped);
    }
    free(prefix);
    free(suffix);
    free(pattern);
    return out;
}

/* ---- talking to the stand-in ---- */

/* Takes the first job fault for this operation, counting down its times. */
static json_t *take_job_fault(const char *op)
{
    size_t i;
    for (i = 0; i < json_array_size(g.nf_job_faults); i++) {
        json_t *f = json_array_get(g.nf_job_faults, i);
        json_t *times = json_object_get(f, "times");
        json_int_t left = times ? json_integer_value(times) : 1;
        json_t *copy;
        if (strcmp(json_string_value(json_object_get(f, "op")), op) != 0)
            continue;
        copy = json_deep_copy(f);
        if (left <= 1)
            json_array_remove(g.nf_job_faults, i);
        else
            json_object_set_new(f, "times", json_integer(left - 1));
        return copy;
    }
    return NULL;
}

/* Whether the job must stop: the server is stopping, or a reset dropped the job. */
static int job_dropped(const ds_job *j)
{
    return g.jobs_stopping || j->epoch != g.job_epoch;
}

/* One call to Northflank: a read (vars_in NULL, *vars_out set on 200) or a write.
 * A job fault comes first: it may sleep (the lock is let go), then answer in
 * Northflank's place. Returns the status, or -1 when the job was dropped meanwhile. */
static int nf_call(ds_job *j, const job_ctx *ctx, const json_t *vars_in, json_t **vars_out, json_t **err)
{
    json_t *f = take_job_fault(vars_in ? "write" : "read");
    int status;
    *err = NULL;
    if (vars_out)
        *vars_out = NULL;
    if (vars_in)
        g.nf_job_writes++;
    else
        g.nf_job_reads++;
    if (f != NULL) {
        json_int_t delay = json_integer_value(json_object_get(f, "delayMs"));
        json_t *st = json_object_get(f, "status");
        if (delay > 0) {
            ds_unlock();
            ds_sleep_ms(delay);
            ds_lock();
            if (job_dropped(j)) {
                json_decref(f);
                return -1;
            }
        }
        if (st != NULL) {
            json_t *msg = json_object_get(f, "message");
            json_t *details = json_object_get(f, "details");
            status = (int)json_integer_value(st);
            *err = ds_nf_error_body(status, msg ? json_string_value(msg) : "Injected fault",
                                    details ? json_deep_copy(details) : NULL);
            json_decref(f);
            return status;
        }
        json_decref(f);
    }
    if (vars_in)
        return ds_nf_job_write(ctx->token, ctx->nf_project, ctx->nf_group, vars_in, err);
    return ds_nf_job_read(ctx->token, ctx->nf_project, ctx->nf_group, vars_out, err);
}

/* ---- job bodies ---- */

/* The source folder's secrets (a new object), or NULL when the folder is gone. */
static json_t *source_secrets(const job_ctx *ctx)
{
    ds_folder *f = ds_folder_find_id(ctx->folder_id);
    return f ? json_deep_copy(f->secrets) : NULL;
}

/* SecretNameSchema (server/lib/schemas.ts, newest): trimmed, at least 1 character,
 * no ":" and no "/". NULL when the name is fine, else zod's first message. */
static const char *secret_name_problem(const char *name)
{
    char *t = js_trim(name);
    const char *problem = NULL;
    if (t[0] == '\0')
        problem = "String must contain at least 1 character(s)";
    else if (strchr(t, ':') != NULL || strchr(t, '/') != NULL)
        problem = "Secret name cannot contain colon or forward slash.";
    free(t);
    return problem;
}

/* $importSecrets: reads the destination, keeps the keys the schema makes (stripped
 * of it), writes the new ones into the source folder, and with prioritize-destination
 * also the ones whose destination value is non-empty and different. Returns the map
 * of what it imported (a new object), or NULL after filling e; *dropped is set when
 * the job was dropped meanwhile. */
static json_t *do_import(ds_job *j, const job_ctx *ctx, int prioritize_destination, job_error *e, int *dropped)
{
    json_t *dest = NULL, *err = NULL, *imported, *out, *v;
    ds_folder *f;
    const char *key, *first_problem = NULL;
    size_t invalid = 0;
    int status = nf_call(j, ctx, NULL, &dest, &err);

    if (status < 0) {
        *dropped = 1;
        return NULL;
    }
    if (status != 200) {
        fail_northflank(e, "fetch", err);
        json_decref(err);
        return NULL;
    }
    imported = strip_schema(dest, ctx);
    json_decref(dest);
    out = json_object();
    if (json_object_size(imported) == 0) {
        json_decref(imported);
        return out;
    }
    json_object_foreach(imported, key, v) {
        const char *problem = secret_name_problem(key);
        if (problem != NULL) {
            invalid++;
            if (first_problem == NULL)
                first_problem = problem;
        }
    }
    if (invalid > 0) {
        char *msg = ds_printf("Found %zu invalid secret name%s. %s", invalid, invalid == 1 ? "" : "s", first_problem);
        fail_json(e, 0, msg, NULL); /* shouldRetry: false */
        free(msg);
        json_decref(imported);
        json_decref(out);
        return NULL;
    }
    f = ds_folder_find_id(ctx->folder_id);
    if (f == NULL) {
        /* Deleted while the job waited on a fault's delay. */
        fail_json(e, 0, FOLDER_GONE, NULL);
        json_decref(imported);
        json_decref(out);
        return NULL;
    }
    json_object_foreach(imported, key, v) {
        json_t *cur = json_object_get(f->secrets, key);
        const char *value = json_string_value(v);
        if (cur != NULL) {
            /* Only a non-empty destination value that differs counts as a change. */
            if (value[0] != '\0' && strcmp(value, json_string_value(cur)) != 0 && prioritize_destination) {
                json_object_set(out, key, v);
                json_object_set(f->secrets, key, v);
            }
        } else {
            json_object_set(out, key, v);
            json_object_set(f->secrets, key, v);
        }
    }
    json_decref(imported);
    return out;
}

/* Writes the full map (contract 5.2). Returns 0 on success, 1 after filling e, -1
 * when dropped. */
static int write_map(ds_job *j, const job_ctx *ctx, const json_t *map, job_error *e)
{
    json_t *err = NULL;
    int status = nf_call(j, ctx, map, NULL, &err);
    if (status < 0)
        return -1;
    if (status != 200) {
        fail_northflank(e, "update", err);
        json_decref(err);
        return 1;
    }
    return 0;
}

/* The sync job (contract 5.3, 6): the source map, the initial import while no sync
 * has succeeded, then the merge: unmanaged keys stay when secret deletion is off or
 * when they do not fit the key schema, Infisical's keys win, the full map is
 * written. Returns 0, 1 (failed, e filled) or -1 (dropped). */
static int run_sync(ds_job *j, const job_ctx *ctx, job_error *e)
{
    json_t *source = source_secrets(ctx), *managed, *dest = NULL, *err = NULL, *result, *v;
    const char *key;
    int status, rc;

    if (source == NULL) {
        fail_json(e, 0, FOLDER_GONE, NULL);
        return 1;
    }
    if (ctx->never_synced && ctx->initial != 0) {
        int dropped = 0;
        json_t *imported = do_import(j, ctx, ctx->initial == 2, e, &dropped);
        if (imported == NULL) {
            json_decref(source);
            return dropped ? -1 : 1;
        }
        json_object_update(source, imported);
        json_decref(imported);
    }
    managed = add_schema(source, ctx);
    json_decref(source);
    status = nf_call(j, ctx, NULL, &dest, &err);
    if (status != 200) {
        if (status > 0) {
            fail_northflank(e, "fetch", err);
            json_decref(err);
        }
        json_decref(managed);
        return status < 0 ? -1 : 1;
    }
    result = json_object();
    json_object_foreach(dest, key, v) {
        int keep = json_object_get(managed, key) == NULL &&
                   (ctx->disable_deletion || !matches_schema(key, ctx->env_slug, ctx->key_schema));
        if (keep)
            json_object_set(result, key, v);
    }
    json_object_update(result, managed); /* Infisical always wins on conflict */
    rc = write_map(j, ctx, result, e);
    json_decref(dest);
    json_decref(managed);
    json_decref(result);
    return rc;
}

/* The import job: $importSecrets alone, nothing is pushed afterwards. */
static int run_import(ds_job *j, const job_ctx *ctx, job_error *e)
{
    int dropped = 0;
    json_t *imported;
    if (ctx->env_slug == NULL) {
        fail_text(e, 0, FOLDER_GONE); /* a plain Error here, not a SecretSyncError */
        return 1;
    }
    imported = do_import(j, ctx, j->prioritize_destination, e, &dropped);
    if (imported == NULL)
        return dropped ? -1 : 1;
    json_decref(imported);
    return 0;
}

/* The remove job (contract 5.5): drops from the group exactly the keys the source
 * holds now (put through the schema); every other key stays. */
static int run_remove(ds_job *j, const job_ctx *ctx, job_error *e)
{
    json_t *source = source_secrets(ctx), *managed, *dest = NULL, *err = NULL, *result, *v;
    const char *key;
    int status, rc;

    if (source == NULL) {
        fail_json(e, 0, FOLDER_GONE, NULL);
        return 1;
    }
    managed = add_schema(source, ctx);
    json_decref(source);
    status = nf_call(j, ctx, NULL, &dest, &err);
    if (status != 200) {
        if (status > 0) {
            fail_northflank(e, "fetch", err);
            json_decref(err);
        }
        json_decref(managed);
        return status < 0 ? -1 : 1;
    }
    result = json_object();
    json_object_foreach(dest, key, v) {
        if (json_object_get(managed, key) == NULL)
            json_object_set(result, key, v);
    }
    rc = write_map(j, ctx, result, e);
    json_decref(dest);
    json_decref(managed);
    json_decref(result);
    return rc;
}

/* ---- running a job ---- */

static char *opt_string(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? ds_strdup(json_string_value(v)) : NULL;
}

static void ctx_load(job_ctx *ctx, const ds_sync *s)
{
    const ds_conn *conn = ds_conn_find_id(s->connection_id);
    const ds_folder *f = ds_folder_find_id(s->folder_id);
    const char *ib = json_string_value(json_object_get(s->sync_options, "initialSyncBehavior"));

    memset(ctx, 0, sizeof *ctx);
    /* A connection in use cannot be deleted (api.c); a reset drops both together. */
    ctx->token = conn ? ds_strdup(conn->api_token) : NULL;
    ctx->nf_project = opt_string(s->dest_config, "projectId");
    ctx->nf_group = opt_string(s->dest_config, "secretGroupId");
    ctx->key_schema = opt_string(s->sync_options, "keySchema");
    ctx->disable_deletion = json_is_true(json_object_get(s->sync_options, "disableSecretDeletion"));
    ctx->initial = ib == NULL ? 0 : strcmp(ib, "import-prioritize-source") == 0 ? 1
                                  : strcmp(ib, "import-prioritize-destination") == 0 ? 2 : 0;
    ctx->never_synced = s->life[DS_JOB_SYNC].at_ms == 0;
    if (f != NULL) {
        snprintf(ctx->folder_id, sizeof ctx->folder_id, "%s", f->id);
        ctx->env_slug = ds_strdup(g.envs[f->env].slug);
    }
}

static void ctx_free(job_ctx *ctx)
{
    ds_wipe_free(ctx->token);
    free(ctx->nf_project);
    free(ctx->nf_group);
    free(ctx->key_schema);
    free(ctx->env_slug);
    memset(ctx, 0, sizeof *ctx);
}

/* A retry waits base, 2 x base, 4 x base, ... (BullMQ's exponential backoff). */
static int64_t backoff_ms(int attempts_made)
{
    int64_t d = g.cur.sync_retry_base_ms;
    int i;
    for (i = 1; i < attempts_made && d < 3600000; i++)
        d *= 2;
    return d;
}

/* One attempt of j, which the worker owns (g.job_running). Afterwards the job is
 * freed, or queued again for its retry. Lock held. */
static void run_attempt(ds_job *j)
{
    ds_sync *s = ds_sync_find_id(j->sync_id);
    ds_sync_life *life;
    job_ctx ctx;
    job_error e = {0, NULL};
    int rc;

    if (s == NULL) {
        /* The sync was deleted meanwhile: the job just ends. */
        g.jobs_skipped++;
        free(j);
        return;
    }
    j->attempts++;
    g.jobs_run++;
    s->life[j->kind].status = DS_LIFE_RUNNING;
    touch(s);
    ctx_load(&ctx, s);
    s = NULL; /* the row may go while the job sleeps: found again below */

    if (j->kind == DS_JOB_SYNC)
        rc = run_sync(j, &ctx, &e);
    else if (j->kind == DS_JOB_IMPORT)
        rc = run_import(j, &ctx, &e);
    else
        rc = run_remove(j, &ctx, &e);
    ctx_free(&ctx);

    if (rc < 0 || job_dropped(j)) {
        free(e.message);
        free(j);
        return;
    }
    s = ds_sync_find_id(j->sync_id);
    if (s == NULL) {
        g.jobs_skipped++;
        free(e.message);
        free(j);
        return;
    }
    life = &s->life[j->kind];
    if (rc == 0) {
        g.jobs_succeeded++;
        if (j->delete_on_success) {
            /* DELETE ?removeSecrets=true: the row goes once its secrets are removed. */
            ds_sync_remove(s);
            ds_sync_free(s);
        } else {
            life->status = DS_LIFE_SUCCEEDED;
            snprintf(life->job_id, sizeof life->job_id, "%s", j->id);
            free(life->message);
            life->message = NULL;
            life->at_ms = ds_now_ms();
            touch(s);
        }
        free(j);
        return;
    }
    if (e.retry && j->attempts < j->max_attempts) {
        /* A retried failure leaves the row alone: it stays "running" through the backoff. */
        g.jobs_retried++;
        free(e.message);
        j->ready_mono_ms = ds_mono_ms() + backoff_ms(j->attempts);
        j->next = g.jobs;
        g.jobs = j;
        return;
    }
    g.jobs_failed++;
    life->status = DS_LIFE_FAILED;
    snprintf(life->job_id, sizeof life->job_id, "%s", j->id);
    free(life->message);
    life->message = e.message;
    touch(s);
    free(j);
}

/* Waits on the job condition until abs_mono_ms (monotonic), or forever when < 0. */
static void wait_until(int64_t abs_mono_ms)
{
    struct timespec ts;
    if (abs_mono_ms < 0) {
        pthread_cond_wait(&g.jobs_cond, &g.lock);
        return;
    }
    ts.tv_sec = (time_t)(abs_mono_ms / 1000);
    ts.tv_nsec = (long)(abs_mono_ms % 1000) * 1000000L;
    pthread_cond_timedwait(&g.jobs_cond, &g.lock, &ts);
}

static void *worker_main(void *arg)
{
    (void)arg;
    ds_lock();
    while (!g.jobs_stopping) {
        int64_t next;
        ds_job *j = take_ready(ds_mono_ms(), &next);
        if (j == NULL) {
            wait_until(next);
            continue;
        }
        g.job_running = j;
        run_attempt(j);
        g.job_running = NULL;
    }
    ds_unlock();
    return NULL;
}

void ds_jobs_start(void)
{
    if (pthread_create(&worker, NULL, worker_main, NULL) != 0) {
        fprintf(stderr, "infisical-devserver: cannot start the secret-sync worker\n");
        exit(1);
    }
    worker_started = 1;
}

void ds_jobs_stop(void)
{
    if (!worker_started)
        return;
    ds_lock();
    g.jobs_stopping = 1;
    pthread_cond_broadcast(&g.jobs_cond);
    ds_unlock();
    pthread_join(worker, NULL);
    worker_started = 0;
}
