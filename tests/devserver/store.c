#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

ds_state g;

/* Names from APP_CONNECTION_NAME_MAP and SECRET_SYNC_CONNECTION_MAP; which apps
 * and methods besides Northflank is our choice. */
const ds_app_info ds_apps[DS_NAPPS] = {
    {"northflank", "Northflank", "api-token", "northflank"},
    {"github", "GitHub", "github-app", "github"},
    {"aws", "AWS", "access-key", "aws-parameter-store"},
    {"gitlab", "GitLab", "access-token", "gitlab"},
    {"render", "Render", "api-key", "render"},
};

const ds_app_info *ds_app_find(const char *app)
{
    int i;
    for (i = 0; i < DS_NAPPS; i++)
        if (strcmp(ds_apps[i].app, app) == 0)
            return &ds_apps[i];
    return NULL;
}

const ds_app_info *ds_conn_app(const ds_conn *c)
{
    return c->app != NULL ? c->app : &ds_apps[0];
}

int ds_conn_is_northflank(const ds_conn *c)
{
    return ds_conn_app(c) == &ds_apps[0];
}

const char *const ds_nf_perm_names[DS_NF_NPERMS] = {"projects:read", "secret-groups:list",
                                                    "secret-groups:read-values", "secret-groups:update"};

/* The methods /__dev/state always shows, so a test can read a 0 without checking
 * that the key exists; other methods get a key when first seen. */
static json_t *zero_by_method(void)
{
    json_t *o = json_object();
    json_object_set_new(o, "GET", json_integer(0));
    json_object_set_new(o, "POST", json_integer(0));
    json_object_set_new(o, "PATCH", json_integer(0));
    json_object_set_new(o, "DELETE", json_integer(0));
    return o;
}

/* The project's environments, as a new Infisical project has them (our choice: the
 * three defaults, fixed). Each starts with its root folder and no secrets. */
static void seed_folders(void)
{
    int i;
    for (i = 0; i < DS_NENVS; i++)
        ds_folder_ensure(i, "/");
}

static void free_folders(void)
{
    size_t i;
    for (i = 0; i < g.n_folders; i++) {
        free(g.folders[i]->path);
        json_decref(g.folders[i]->secrets);
        free(g.folders[i]);
    }
    free(g.folders);
    g.folders = NULL;
    g.n_folders = 0;
}

static void free_syncs_and_jobs(void)
{
    size_t i;
    ds_job *j, *next;
    for (i = 0; i < g.n_syncs; i++)
        ds_sync_free(g.syncs[i]);
    free(g.syncs);
    g.syncs = NULL;
    g.n_syncs = 0;
    for (j = g.jobs; j != NULL; j = next) {
        next = j->next;
        free(j);
    }
    g.jobs = NULL;
    /* A running job belongs to the worker; the new epoch tells it to drop the job. */
    g.job_epoch++;
}

static void make_identity(ds_identity *id, const char *name, int can_write)
{
    id->name = name;
    id->can_write = can_write;
    ds_uuid4(id->identity_id);
    ds_uuid4(id->client_id);
    ds_uuid4(id->client_secret_id);
    ds_random_hex(id->client_secret, 32);
}

void ds_store_init(int64_t ttl_s, int64_t max_ttl_s, int renew_clamps)
{
    size_t s;
    char hex[65];
    pthread_condattr_t ca;
    static const char *const env_slugs[DS_NENVS] = {"dev", "staging", "prod"};
    static const char *const env_names[DS_NENVS] = {"Development", "Staging", "Production"};
    int i;

    memset(&g, 0, sizeof g);
    pthread_mutex_init(&g.lock, NULL);
    /* Job delays are real time: the condition variable waits on the monotonic clock,
     * so that neither a wall-clock step nor /__dev/clock moves them. */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&g.jobs_cond, &ca);
    pthread_condattr_destroy(&ca);
    for (i = 0; i < DS_NENVS; i++) {
        g.envs[i].slug = env_slugs[i];
        g.envs[i].name = env_names[i];
        ds_uuid4(g.envs[i].id);
    }
    ds_uuid4(g.org_id);
    ds_uuid4(g.project_id);
    make_identity(&g.ident[DS_IDENTITY_ADMIN], "admin", 1);
    make_identity(&g.ident[DS_IDENTITY_READONLY], "readonly", 0);

    ds_random_hex(hex, 32);
    g.startup_nf_token = ds_printf("nf-%s", hex);
    ds_wipe(hex, sizeof hex);

    g.startup.ttl_s = ttl_s;
    g.startup.max_ttl_s = max_ttl_s;
    g.startup.northflank_offered = 1;
    g.startup.renew_clamps = renew_clamps;
    g.startup.nf_tokens = ds_xmalloc(sizeof *g.startup.nf_tokens);
    g.startup.nf_tokens[0].token = ds_strdup(g.startup_nf_token);
    g.startup.nf_tokens[0].perms = DS_NF_ALL_PERMS;
    g.startup.n_nf_tokens = 1;
    g.startup.nf_pagination = DS_NF_PAGES_NORMAL;
    /* Our choices: no wait before a job starts (Infisical waits 0-10 s of jitter), and
     * retries after 20, 40, 80 and 160 ms (Infisical: 3, 6, 12 and 24 s). */
    g.startup.sync_job_delay_ms = 0;
    g.startup.sync_retry_base_ms = 20;
    ds_settings_copy(&g.cur, &g.startup);
    ds_nf_token_remember(g.startup_nf_token);

    ds_random_hex(g.nf_uid_prefix, 6);
    ds_random(g.nf_cursor_key, sizeof g.nf_cursor_key);
    ds_nf_seed(3, 2, 1);

    g.faults = json_array();
    g.nf_job_faults = json_array();
    g.requests_by_method = zero_by_method();
    g.refused_by_status = json_object();
    seed_folders();

    /* TTL 0 and Max TTL 0: the JWT carries no exp and renew never refuses it. */
    s = ds_session_new(DS_IDENTITY_ADMIN, 0, 0);
    g.sessions[s].permanent = 1;
    g.dev_token = ds_strdup(ds_token_issue(s, 0));
}

void ds_store_free(void)
{
    size_t i;
    for (i = 0; i < g.n_conns; i++)
        ds_conn_free(g.conns[i]);
    free(g.conns);
    for (i = 0; i < g.n_tokens; i++)
        ds_wipe_free(g.tokens[i].jwt);
    free(g.tokens);
    free(g.sessions);
    ds_settings_clear(&g.cur);
    ds_settings_clear(&g.startup);
    json_decref(g.faults);
    json_decref(g.nf_job_faults);
    json_decref(g.requests_by_method);
    json_decref(g.refused_by_status);
    free_syncs_and_jobs();
    free(g.job_running); /* the worker has stopped; normally NULL */
    free_folders();
    for (i = 0; i < g.n_nf_seen; i++)
        ds_wipe_free(g.nf_seen[i]);
    free(g.nf_seen);
    ds_nf_seed(0, 0, 0); /* no projects: frees the data */
    ds_wipe_free(g.dev_token);
    ds_wipe_free(g.startup_nf_token);
    ds_wipe(g.ident, sizeof g.ident);
    pthread_cond_destroy(&g.jobs_cond);
    pthread_mutex_destroy(&g.lock);
}

void ds_lock(void)
{
    pthread_mutex_lock(&g.lock);
}

void ds_unlock(void)
{
    pthread_mutex_unlock(&g.lock);
}

int64_t ds_now_ms(void)
{
    return ds_real_ms() + g.clock_offset_ms;
}

size_t ds_session_new(int identity, int64_t ttl_s, int64_t max_ttl_s)
{
    ds_session *s;
    if (g.n_sessions == g.cap_sessions) {
        g.cap_sessions = g.cap_sessions ? 2 * g.cap_sessions : 16;
        g.sessions = ds_xrealloc(g.sessions, g.cap_sessions * sizeof *g.sessions);
    }
    s = &g.sessions[g.n_sessions];
    memset(s, 0, sizeof *s);
    ds_uuid4(s->id);
    s->identity = identity;
    s->created_ms = ds_now_ms();
    s->ttl_s = ttl_s;
    s->max_ttl_s = max_ttl_s;
    return g.n_sessions++;
}

const char *ds_token_issue(size_t session, int64_t exp_s)
{
    /* {"alg":"HS256","typ":"JWT"}: the header every Infisical token carries. */
    static const char header[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
    const ds_session *s = &g.sessions[session];
    const ds_identity *id = &g.ident[s->identity];
    unsigned char sig[32];
    char sig64[44];
    char *payload, *payload64;
    ds_token *t;
    int64_t iat = ds_now_ms() / 1000;

    /* The claims Infisical puts in an identity access token. Nothing checks them:
     * the token table is the authority, the signature is random bytes. */
    if (exp_s > 0)
        payload = ds_printf("{\"identityId\":\"%s\",\"clientSecretId\":\"%s\",\"identityAccessTokenId\":\"%s\","
                            "\"authTokenType\":\"identityAccessToken\",\"iat\":%lld,\"exp\":%lld}",
                            id->identity_id, id->client_secret_id, s->id, (long long)iat, (long long)exp_s);
    else
        payload = ds_printf("{\"identityId\":\"%s\",\"clientSecretId\":\"%s\",\"identityAccessTokenId\":\"%s\","
                            "\"authTokenType\":\"identityAccessToken\",\"iat\":%lld}",
                            id->identity_id, id->client_secret_id, s->id, (long long)iat);
    payload64 = ds_xmalloc(4 * ((strlen(payload) + 2) / 3) + 1);
    ds_base64url((const unsigned char *)payload, strlen(payload), payload64);
    ds_random(sig, sizeof sig);
    ds_base64url(sig, sizeof sig, sig64);

    if (g.n_tokens == g.cap_tokens) {
        g.cap_tokens = g.cap_tokens ? 2 * g.cap_tokens : 16;
        g.tokens = ds_xrealloc(g.tokens, g.cap_tokens * sizeof *g.tokens);
    }
    t = &g.tokens[g.n_tokens++];
    t->jwt = ds_printf("%s.%s.%s", header, payload64, sig64);
    t->session = session;
    t->exp_s = exp_s;
    free(payload);
    free(payload64);
    ds_wipe(sig64, sizeof sig64);
    return t->jwt;
}

ds_token *ds_token_find(const char *jwt)
{
    size_t i;
    for (i = 0; i < g.n_tokens; i++)
        if (strcmp(g.tokens[i].jwt, jwt) == 0)
            return &g.tokens[i];
    return NULL;
}

void ds_revoke_all_sessions(void)
{
    size_t i;
    for (i = 0; i < g.n_sessions; i++)
        if (!g.sessions[i].permanent)
            g.sessions[i].revoked = 1;
}

ds_conn *ds_conn_find_id(const char *id)
{
    size_t i;
    for (i = 0; i < g.n_conns; i++)
        if (strcmp(g.conns[i]->id, id) == 0)
            return g.conns[i];
    return NULL;
}

ds_conn *ds_conn_find_name(const char *name, const char *project_id)
{
    size_t i;
    if (project_id == NULL)
        project_id = "";
    for (i = 0; i < g.n_conns; i++)
        if (strcmp(g.conns[i]->name, name) == 0 && strcmp(g.conns[i]->project_id, project_id) == 0)
            return g.conns[i];
    return NULL;
}

void ds_conn_add(ds_conn *c)
{
    if (g.n_conns == g.cap_conns) {
        g.cap_conns = g.cap_conns ? 2 * g.cap_conns : 16;
        g.conns = ds_xrealloc(g.conns, g.cap_conns * sizeof *g.conns);
    }
    c->seq = g.next_seq++;
    g.conns[g.n_conns++] = c;
}

void ds_conn_remove(ds_conn *c)
{
    size_t i;
    for (i = 0; i < g.n_conns; i++) {
        if (g.conns[i] == c) {
            memmove(&g.conns[i], &g.conns[i + 1], (g.n_conns - i - 1) * sizeof *g.conns);
            g.n_conns--;
            return;
        }
    }
}

void ds_conn_free(ds_conn *c)
{
    if (c == NULL)
        return;
    free(c->name);
    free(c->description);
    ds_wipe_free(c->api_token);
    free(c);
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int conn_cmp(const void *a, const void *b)
{
    const ds_conn *x = *(const ds_conn *const *)a;
    const ds_conn *y = *(const ds_conn *const *)b;
    const unsigned char *p = (const unsigned char *)x->name;
    const unsigned char *q = (const unsigned char *)y->name;
    /* Names are slugs ([a-z0-9-]), for which byte order is localeCompare's order. */
    while (*p && lower(*p) == lower(*q)) {
        p++;
        q++;
    }
    if (lower(*p) != lower(*q))
        return lower(*p) < lower(*q) ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return 0;
}

ds_conn **ds_conn_sorted(int (*keep)(const ds_conn *, const void *), const void *arg, size_t *n)
{
    ds_conn **out = ds_xmalloc((g.n_conns + 1) * sizeof *out);
    size_t i, k = 0;
    for (i = 0; i < g.n_conns; i++)
        if (keep(g.conns[i], arg))
            out[k++] = g.conns[i];
    qsort(out, k, sizeof *out, conn_cmp);
    *n = k;
    return out;
}

ds_nf_token *ds_nf_token_find(const char *token)
{
    size_t i;
    for (i = 0; i < g.cur.n_nf_tokens; i++)
        if (strcmp(g.cur.nf_tokens[i].token, token) == 0)
            return &g.cur.nf_tokens[i];
    return NULL;
}

void ds_nf_token_set(const char *token, unsigned perms)
{
    ds_nf_token *t = ds_nf_token_find(token);
    if (t == NULL) {
        g.cur.nf_tokens = ds_xrealloc(g.cur.nf_tokens, (g.cur.n_nf_tokens + 1) * sizeof *g.cur.nf_tokens);
        t = &g.cur.nf_tokens[g.cur.n_nf_tokens++];
        t->token = ds_strdup(token);
    }
    t->perms = perms;
    ds_nf_token_remember(token);
}

void ds_nf_tokens_clear(void)
{
    size_t i;
    for (i = 0; i < g.cur.n_nf_tokens; i++)
        ds_wipe_free(g.cur.nf_tokens[i].token);
    free(g.cur.nf_tokens);
    g.cur.nf_tokens = NULL;
    g.cur.n_nf_tokens = 0;
}

void ds_nf_token_remember(const char *token)
{
    size_t i;
    for (i = 0; i < g.n_nf_seen; i++)
        if (strcmp(g.nf_seen[i], token) == 0)
            return;
    g.nf_seen = ds_xrealloc(g.nf_seen, (g.n_nf_seen + 1) * sizeof *g.nf_seen);
    g.nf_seen[g.n_nf_seen++] = ds_strdup(token);
}

static void nf_free_data(void)
{
    size_t i, j;
    for (i = 0; i < g.n_nf_projects; i++) {
        ds_nf_project *p = &g.nf_projects[i];
        for (j = 0; j < p->n_groups; j++) {
            free(p->groups[j].id);
            free(p->groups[j].name);
            free(p->groups[j].description);
            json_decref(p->groups[j].variables);
        }
        free(p->groups);
        free(p->id);
        free(p->name);
        free(p->description);
    }
    free(g.nf_projects);
    g.nf_projects = NULL;
    g.n_nf_projects = 0;
}

/* Made-up but deterministic data, so that a test can name what it expects: project
 * ids proj-0001..., group ids numbered across all projects (group-0001...), every
 * other one with a description so that both shapes of the optional key show up. */
void ds_nf_seed(size_t projects, size_t first_groups, size_t second_groups)
{
    size_t i, j, next_group = 1;
    nf_free_data();
    if (projects == 0)
        return;
    g.nf_projects = ds_xmalloc(projects * sizeof *g.nf_projects);
    g.n_nf_projects = projects;
    for (i = 0; i < projects; i++) {
        ds_nf_project *p = &g.nf_projects[i];
        size_t n = i == 0 ? first_groups : i == 1 ? second_groups : 0;
        memset(p, 0, sizeof *p);
        p->id = ds_printf("proj-%04zu", i + 1);
        /* 24 characters, as Northflank's uid; the index keeps it the same for the
         * same project after a reseed or a reset. */
        snprintf(p->uid, sizeof p->uid, "%.12s%012x", g.nf_uid_prefix, (unsigned)(i + 1));
        p->name = ds_printf("Project %04zu", i + 1);
        p->description = i % 2 == 0 ? ds_printf("Seeded project %zu", i + 1) : NULL;
        p->groups = ds_xmalloc((n + 1) * sizeof *p->groups);
        p->n_groups = n;
        for (j = 0; j < n; j++, next_group++) {
            ds_nf_group *sg = &p->groups[j];
            sg->id = ds_printf("group-%04zu", next_group);
            sg->name = ds_printf("Secret Group %04zu", next_group);
            sg->description = j % 2 == 0 ? ds_printf("Seeded secret group %zu", next_group) : NULL;
            sg->priority = 10;
            sg->created_ms = sg->updated_ms = ds_now_ms();
            sg->variables = json_object();
            json_object_set_new(sg->variables, "GROUP_ID", json_string(sg->id));
            json_object_set_new(sg->variables, "LOG_LEVEL", json_string("info"));
        }
    }
}

ds_nf_project *ds_nf_project_find(const char *id)
{
    size_t i;
    for (i = 0; i < g.n_nf_projects; i++)
        if (strcmp(g.nf_projects[i].id, id) == 0)
            return &g.nf_projects[i];
    return NULL;
}

ds_nf_group *ds_nf_group_find(ds_nf_project *p, const char *id)
{
    size_t i;
    for (i = 0; i < p->n_groups; i++)
        if (strcmp(p->groups[i].id, id) == 0)
            return &p->groups[i];
    return NULL;
}

void ds_settings_copy(ds_settings *dst, const ds_settings *src)
{
    size_t i;
    *dst = *src;
    dst->nf_tokens = ds_xmalloc((src->n_nf_tokens + 1) * sizeof *dst->nf_tokens);
    for (i = 0; i < src->n_nf_tokens; i++) {
        dst->nf_tokens[i].token = ds_strdup(src->nf_tokens[i].token);
        dst->nf_tokens[i].perms = src->nf_tokens[i].perms;
    }
}

void ds_settings_clear(ds_settings *s)
{
    size_t i;
    for (i = 0; i < s->n_nf_tokens; i++)
        ds_wipe_free(s->nf_tokens[i].token);
    free(s->nf_tokens);
    s->nf_tokens = NULL;
    s->n_nf_tokens = 0;
}

void ds_reset(void)
{
    size_t i;
    free_syncs_and_jobs();
    free_folders();
    seed_folders();
    json_array_clear(g.nf_job_faults);
    g.jobs_queued = g.jobs_run = g.jobs_succeeded = g.jobs_failed = g.jobs_retried = g.jobs_skipped = 0;
    g.nf_job_reads = g.nf_job_writes = 0;
    for (i = 0; i < g.n_conns; i++)
        ds_conn_free(g.conns[i]);
    g.n_conns = 0;
    ds_revoke_all_sessions();
    /* A test may have revoked the long-lived token through the API; reset brings it back. */
    for (i = 0; i < g.n_sessions; i++)
        if (g.sessions[i].permanent)
            g.sessions[i].revoked = 0;
    json_array_clear(g.faults);
    g.logins = g.renews = g.revokes = g.requests = g.connections_accepted = g.proxied_requests = 0;
    g.refused = g.logins_refused = g.renews_refused = 0;
    json_object_clear(g.refused_by_status);
    g.last_user_agent[0] = g.last_org[0] = '\0';
    json_decref(g.requests_by_method);
    g.requests_by_method = zero_by_method();
    g.clock_offset_ms = 0;
    memset(&g.rl_read, 0, sizeof g.rl_read);
    memset(&g.rl_write, 0, sizeof g.rl_write);
    ds_settings_clear(&g.cur);
    ds_settings_copy(&g.cur, &g.startup);
    ds_nf_seed(3, 2, 1);
    g.nf_requests = g.nf_patches = 0;
    memset(&g.nf_rl, 0, sizeof g.nf_rl);
}

/* ---- environments and folders ---- */

int ds_env_find(const char *slug)
{
    int i;
    for (i = 0; i < DS_NENVS; i++)
        if (strcmp(g.envs[i].slug, slug) == 0)
            return i;
    return -1;
}

char *ds_path_canon(const char *path)
{
    size_t n = strlen(path), o = 0, i = 0;
    char *out = ds_xmalloc(n + 2);
    /* findBySecretPath splits the path on "/" and drops empty segments, so "app",
     * "/app/" and "//app" all name "/app". */
    while (i < n) {
        size_t start;
        while (i < n && path[i] == '/')
            i++;
        start = i;
        while (i < n && path[i] != '/')
            i++;
        if (i > start) {
            out[o++] = '/';
            memcpy(out + o, path + start, i - start);
            o += i - start;
        }
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = '\0';
    return out;
}

ds_folder *ds_folder_find(int env, const char *path)
{
    size_t i;
    for (i = 0; i < g.n_folders; i++)
        if (g.folders[i]->env == env && strcmp(g.folders[i]->path, path) == 0)
            return g.folders[i];
    return NULL;
}

ds_folder *ds_folder_find_id(const char *id)
{
    size_t i;
    if (id == NULL || id[0] == '\0')
        return NULL;
    for (i = 0; i < g.n_folders; i++)
        if (strcmp(g.folders[i]->id, id) == 0)
            return g.folders[i];
    return NULL;
}

ds_folder *ds_folder_ensure(int env, const char *path)
{
    ds_folder *f = ds_folder_find(env, path);
    const char *slash;
    if (f != NULL)
        return f;
    /* The parent first, as Infisical's folders form a tree. */
    slash = strrchr(path, '/');
    if (slash != NULL && slash != path) {
        char *parent = ds_strndup(path, (size_t)(slash - path));
        ds_folder_ensure(env, parent);
        free(parent);
    } else if (strcmp(path, "/") != 0) {
        ds_folder_ensure(env, "/");
    }
    f = ds_xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    ds_uuid4(f->id);
    f->env = env;
    f->path = ds_strdup(path);
    f->secrets = json_object();
    g.folders = ds_xrealloc(g.folders, (g.n_folders + 1) * sizeof *g.folders);
    g.folders[g.n_folders++] = f;
    return f;
}

/* Whether path is base or lies under it. */
static int path_under(const char *path, const char *base)
{
    size_t n = strlen(base);
    return strcmp(path, base) == 0 || (strncmp(path, base, n) == 0 && path[n] == '/');
}

size_t ds_folder_delete(ds_folder *f)
{
    size_t i, k, gone = 0;
    int env = f->env;
    char *base;
    if (strcmp(f->path, "/") == 0)
        return 0;
    base = ds_strdup(f->path);
    for (i = 0, k = 0; i < g.n_folders; i++) {
        ds_folder *x = g.folders[i];
        if (x->env == env && path_under(x->path, base)) {
            /* folderId becomes null on the syncs of a deleted folder (contract 3). */
            size_t s;
            for (s = 0; s < g.n_syncs; s++)
                if (strcmp(g.syncs[s]->folder_id, x->id) == 0)
                    g.syncs[s]->folder_id[0] = '\0';
            free(x->path);
            json_decref(x->secrets);
            free(x);
            gone++;
        } else {
            g.folders[k++] = x;
        }
    }
    g.n_folders = k;
    free(base);
    return gone;
}

/* ---- secret syncs ---- */

ds_sync *ds_sync_find_id(const char *id)
{
    size_t i;
    for (i = 0; i < g.n_syncs; i++)
        if (strcmp(g.syncs[i]->id, id) == 0)
            return g.syncs[i];
    return NULL;
}

ds_sync *ds_sync_find_name(const char *name)
{
    size_t i;
    for (i = 0; i < g.n_syncs; i++)
        if (strcmp(g.syncs[i]->name, name) == 0)
            return g.syncs[i];
    return NULL;
}

void ds_sync_add(ds_sync *s)
{
    s->seq = g.next_seq++;
    g.syncs = ds_xrealloc(g.syncs, (g.n_syncs + 1) * sizeof *g.syncs);
    g.syncs[g.n_syncs++] = s;
}

void ds_sync_remove(ds_sync *s)
{
    size_t i;
    for (i = 0; i < g.n_syncs; i++) {
        if (g.syncs[i] == s) {
            memmove(&g.syncs[i], &g.syncs[i + 1], (g.n_syncs - i - 1) * sizeof *g.syncs);
            g.n_syncs--;
            return;
        }
    }
}

void ds_sync_free(ds_sync *s)
{
    int k;
    if (s == NULL)
        return;
    free(s->name);
    free(s->description);
    json_decref(s->sync_options);
    json_decref(s->dest_config);
    for (k = 0; k < DS_NJOB_KINDS; k++)
        free(s->life[k].message);
    free(s);
}

int ds_sync_is_northflank(const ds_sync *s)
{
    const ds_conn *c = ds_conn_find_id(s->connection_id);
    return c == NULL || ds_conn_is_northflank(c);
}

int ds_conn_in_use(const char *conn_id)
{
    size_t i;
    for (i = 0; i < g.n_syncs; i++)
        if (strcmp(g.syncs[i]->connection_id, conn_id) == 0)
            return 1;
    return 0;
}
