/* The in-memory state of infisical-devserver. Everything here is guarded by one
 * mutex (ds_lock/ds_unlock): the server is small, and one lock cannot deadlock. */
#ifndef DS_STORE_H
#define DS_STORE_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define DS_IDENTITY_ADMIN 0
#define DS_IDENTITY_READONLY 1

typedef struct {
    const char *name;
    char identity_id[37];
    char client_id[37];
    char client_secret[65];
    char client_secret_id[37];
    int can_write;
} ds_identity;

/* One row of Infisical's identity access token table. Several JWTs may point at it:
 * a renew signs a new JWT for the same row, and the old JWT stays valid until its
 * own exp (identity-access-token-service.ts@4af4016). */
typedef struct {
    char id[37];
    int identity;
    int64_t created_ms;
    int64_t last_renewed_ms; /* 0: never renewed */
    int64_t ttl_s;           /* 0: no expiry */
    int64_t max_ttl_s;       /* 0: no max */
    int revoked;             /* revoked, or deleted by a failed TTL check */
    int permanent;           /* the INFISICAL_DEV_ACCESS_TOKEN row */
} ds_session;

typedef struct {
    char *jwt;
    size_t session;
    int64_t exp_s; /* 0: the JWT has no exp claim */
} ds_token;

/* An app a connection can be for. The devserver serves only Northflank's routes;
 * the others exist so that a test can make a connection (and a sync) of another
 * app through /__dev and see the errors Infisical gives for one. */
typedef struct {
    const char *app;         /* "northflank", "github", ... */
    const char *name;        /* APP_CONNECTION_NAME_MAP */
    const char *method;      /* the method a connection of it reports */
    const char *destination; /* the secret-sync destination that uses it */
} ds_app_info;

#define DS_NAPPS 5
extern const ds_app_info ds_apps[DS_NAPPS]; /* ds_apps[0] is Northflank */
const ds_app_info *ds_app_find(const char *app);

typedef struct {
    char id[37];
    const ds_app_info *app; /* NULL: Northflank */
    char *name;
    char *description; /* NULL: JSON null */
    int64_t version;
    char project_id[37]; /* "": organization-level */
    int64_t created_ms;
    int64_t updated_ms;
    char credentials_hash[65];
    char *api_token; /* never leaves the server; wiped when dropped */
    uint64_t seq;    /* creation order, the tie-break of the name sort */
} ds_conn;

/* The permissions a Northflank API token can carry, as bits. The names are the
 * ones the Northflank stand-in and the control API use (ds_nf_perm_names). */
#define DS_NF_PROJECTS_READ 1u
#define DS_NF_GROUPS_LIST 2u
#define DS_NF_GROUPS_READ_VALUES 4u
#define DS_NF_GROUPS_UPDATE 8u
#define DS_NF_ALL_PERMS 15u
#define DS_NF_NPERMS 4
extern const char *const ds_nf_perm_names[DS_NF_NPERMS]; /* index i is bit 1 << i */

typedef struct {
    char *token; /* a test secret: wiped when dropped, listed only by /__dev/issued-tokens */
    unsigned perms;
} ds_nf_token;

/* How the Northflank stand-in pages (POST /__dev/northflank/settings). */
enum { DS_NF_PAGES_NORMAL, DS_NF_PAGES_ENDLESS, DS_NF_PAGES_NO_CURSOR };

typedef struct {
    int64_t ttl_s;
    int64_t max_ttl_s;
    int northflank_offered;
    ds_nf_token *nf_tokens; /* the Northflank API tokens that exist */
    size_t n_nf_tokens;
    int nf_pagination;      /* DS_NF_PAGES_* */
    int nf_error_flat;      /* {"message"} instead of {"error":{status,message,details}} */
    int64_t nf_rate_limit;  /* per 3600 s window; 0: not enforced */
    int64_t read_limit;  /* 0: off */
    int64_t write_limit; /* 0: off */
    int renew_clamps;    /* renew clamps at Max TTL instead of refusing */
    int echo_secrets;    /* error replies quote the request's Authorization and body back */
    int64_t sync_job_delay_ms;  /* real-time wait before a queued secret-sync job may start */
    int64_t sync_retry_base_ms; /* backoff of a failed sync job's retries: base, 2 x base, ... */
    int block_duplicate_destinations; /* the organization's blockDuplicateSecretSyncDestinations */
    int64_t secret_sync_limit;        /* the plan's secretSyncLimit; 0: uncapped */
} ds_settings;

/* A Northflank secret group. variables is a JSON object of strings. */
typedef struct {
    char *id;
    char *name;
    char *description; /* NULL: absent */
    int64_t priority;
    json_t *variables;
    int64_t created_ms, updated_ms; /* virtual clock */
} ds_nf_group;

/* A Northflank project and its secret groups, in list order. */
typedef struct {
    char *id;
    char uid[25];
    char *name;
    char *description; /* NULL: absent */
    ds_nf_group *groups;
    size_t n_groups;
} ds_nf_project;

typedef struct {
    int64_t start_ms;
    int64_t count;
} ds_window;

/* ---- the source side of secret syncs: environments, folders and their secrets ---- */

/* The environments of the devserver's one project (fixed: dev, staging, prod). */
#define DS_NENVS 3
typedef struct {
    const char *slug;
    const char *name;
    char id[37];
} ds_env;

/* A folder of one environment. The root "/" of every environment always exists. */
typedef struct {
    char id[37];
    int env;         /* index into g.envs */
    char *path;      /* canonical: "/" or "/a/b", no trailing slash */
    json_t *secrets; /* object of strings: key -> value */
} ds_folder;

/* ---- secret syncs and their jobs ---- */

/* A sync row's three lifecycles: sync, import, remove (indexed by DS_JOB_*). */
enum { DS_JOB_SYNC, DS_JOB_IMPORT, DS_JOB_REMOVE, DS_NJOB_KINDS };
enum { DS_LIFE_NONE, DS_LIFE_PENDING, DS_LIFE_RUNNING, DS_LIFE_SUCCEEDED, DS_LIFE_FAILED };

typedef struct {
    int status;      /* DS_LIFE_*; NONE is JSON null */
    char job_id[37]; /* "": null */
    char *message;   /* NULL: null */
    int64_t at_ms;   /* lastSyncedAt / lastImportedAt / lastRemovedAt; 0: null */
} ds_sync_life;

typedef struct {
    char id[37];
    char *name;
    char *description; /* NULL: null */
    int auto_sync;
    int64_t version;
    char connection_id[37];
    char folder_id[37]; /* "": null, the source folder was deleted */
    json_t *sync_options;
    json_t *dest_config;
    int64_t created_ms, updated_ms;
    ds_sync_life life[DS_NJOB_KINDS];
    uint64_t seq; /* creation order, the order of lists */
} ds_sync;

/* A queued job. The queue is a list; the worker takes the one ready first. */
typedef struct ds_job {
    char id[37]; /* a fresh UUID per job, kept across retries (lastSyncJobId) */
    char sync_id[37];
    int kind;                   /* DS_JOB_* */
    int prioritize_destination; /* import jobs: importBehavior */
    int delete_on_success;      /* remove jobs queued by DELETE ?removeSecrets=true */
    int attempts, max_attempts;
    int64_t ready_mono_ms;      /* real (monotonic) time at which it may start */
    uint64_t seq, epoch;
    struct ds_job *next;
} ds_job;

typedef struct {
    pthread_mutex_t lock;

    char org_id[37];
    char project_id[37];
    ds_identity ident[2];
    char *dev_token;     /* the long-lived admin token printed at startup */
    char *startup_nf_token;

    ds_settings startup;
    ds_settings cur;
    int64_t clock_offset_ms;

    ds_session *sessions;
    size_t n_sessions, cap_sessions;
    ds_token *tokens;
    size_t n_tokens, cap_tokens;

    ds_conn **conns;
    size_t n_conns, cap_conns;
    uint64_t next_seq;

    json_t *faults; /* FIFO of validated fault objects */

    ds_window rl_read, rl_write;

    int64_t logins, renews, revokes, requests, connections_accepted, proxied_requests;
    /* Every API request answered with a status of 400 or more, counted where
     * the reply is sent (http.c): in all, by status ({"401": n, ...}), and on
     * the login and renew routes (the server's own refusals, not faults). */
    int64_t refused, logins_refused, renews_refused;
    json_t *refused_by_status;
    json_t *requests_by_method; /* {"GET": n, ...}: API requests per method */
    /* The User-Agent and X-Infisical-Org of the last API request ("" when absent),
     * so tests can see what a client sends. */
    char last_user_agent[256];
    char last_org[128];

    /* Every Northflank token that ever existed, the startup one first. Kept across
     * /__dev/reset: /__dev/issued-tokens lists them for log-leak tests. */
    char **nf_seen;
    size_t n_nf_seen;

    /* The Northflank stand-in's data, counters and rate-limit window. */
    ds_nf_project *nf_projects;
    size_t n_nf_projects;
    char nf_uid_prefix[13]; /* random per process: uids stay put across reseeds */
    unsigned char nf_cursor_key[16];
    int64_t nf_requests, nf_patches;
    ds_window nf_rl;
    json_t *nf_job_faults; /* FIFO of faults for the sync jobs' Northflank calls */

    /* Secret syncs: the source environments and folders, the rows, the job queue. */
    ds_env envs[DS_NENVS];
    ds_folder **folders;
    size_t n_folders;
    ds_sync **syncs;
    size_t n_syncs;
    ds_job *jobs;          /* queued jobs, retries waiting for their backoff included */
    ds_job *job_running;   /* the job the worker runs now (not in the list), or NULL */
    uint64_t job_epoch;    /* bumped by /__dev/reset: a job of an older epoch is dropped */
    uint64_t job_seq;
    pthread_cond_t jobs_cond; /* signalled on enqueue and on stop; waits on g.lock */
    int jobs_stopping;
    int64_t jobs_queued, jobs_run, jobs_succeeded, jobs_failed, jobs_retried, jobs_skipped;
    int64_t nf_job_reads, nf_job_writes;
} ds_state;

extern ds_state g;

void ds_store_init(int64_t ttl_s, int64_t max_ttl_s, int renew_clamps);
void ds_store_free(void);

void ds_lock(void);
void ds_unlock(void);

/* The virtual clock: real time plus the offset /__dev/clock advances. Lock held. */
int64_t ds_now_ms(void);

/* Returns the index of a new session row. Lock held. */
size_t ds_session_new(int identity, int64_t ttl_s, int64_t max_ttl_s);
/* Signs (well, makes up) a JWT for a session row; the string is owned by the table. */
const char *ds_token_issue(size_t session, int64_t exp_s);
ds_token *ds_token_find(const char *jwt);
void ds_revoke_all_sessions(void);

ds_conn *ds_conn_find_id(const char *id);
/* The connection's app (Northflank unless made through /__dev/app-connections). */
const ds_app_info *ds_conn_app(const ds_conn *c);
int ds_conn_is_northflank(const ds_conn *c);
/* project_id NULL or "": organization-level connections only. */
ds_conn *ds_conn_find_name(const char *name, const char *project_id);
void ds_conn_add(ds_conn *c);
void ds_conn_remove(ds_conn *c);
void ds_conn_free(ds_conn *c);
/* A malloc'd array of the connections for which keep() says yes, sorted by name
 * case-insensitively (then by creation), as listAppConnections sorts them. */
ds_conn **ds_conn_sorted(int (*keep)(const ds_conn *, const void *), const void *arg, size_t *n);

/* The token's entry in the current settings, or NULL. Lock held. */
ds_nf_token *ds_nf_token_find(const char *token);
/* Adds a token with these permissions, or changes the permissions of an existing
 * one; remembers it for /__dev/issued-tokens. Lock held. */
void ds_nf_token_set(const char *token, unsigned perms);
/* Drops every token (the settings key northflankTokens replaces the set). Lock held. */
void ds_nf_tokens_clear(void);
/* Adds a token to g.nf_seen unless it is there already. Lock held. */
void ds_nf_token_remember(const char *token);

/* Replaces the Northflank data: `projects` projects, the first with first_groups
 * secret groups, the second with second_groups, the rest with none. Lock held. */
void ds_nf_seed(size_t projects, size_t first_groups, size_t second_groups);
ds_nf_project *ds_nf_project_find(const char *id);
ds_nf_group *ds_nf_group_find(ds_nf_project *p, const char *id);

/* The environment with this slug (an index into g.envs), or -1. */
int ds_env_find(const char *slug);
/* A path as Infisical resolves it: segments split on "/", empty ones ignored.
 * Returns a malloc'd "/a/b" ("/" for none). */
char *ds_path_canon(const char *path);
/* Lock held. NULL when there is no such folder. */
ds_folder *ds_folder_find(int env, const char *path);
ds_folder *ds_folder_find_id(const char *id);
/* Finds or creates the folder and its missing ancestors. path is canonical. */
ds_folder *ds_folder_ensure(int env, const char *path);
/* Deletes the folder and every folder under it; syncs on them lose their folder.
 * Returns how many folders went. The root cannot be deleted (returns 0). */
size_t ds_folder_delete(ds_folder *f);

/* Lock held. */
ds_sync *ds_sync_find_id(const char *id);
ds_sync *ds_sync_find_name(const char *name);
void ds_sync_add(ds_sync *s);
void ds_sync_remove(ds_sync *s);
void ds_sync_free(ds_sync *s);
/* Whether a sync is a Northflank one: its connection is (a sync made through
 * /__dev/secret-syncs with another app's connection is not). */
int ds_sync_is_northflank(const ds_sync *s);
/* Whether any sync uses this app connection (a connection delete is refused then). */
int ds_conn_in_use(const char *conn_id);

void ds_settings_copy(ds_settings *dst, const ds_settings *src);
void ds_settings_clear(ds_settings *s);

/* /__dev/reset: back to the state right after startup, keeping the identities and
 * the long-lived token. Lock held. */
void ds_reset(void);

#endif
