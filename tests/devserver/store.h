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

typedef struct {
    char id[37];
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
} ds_settings;

/* A Northflank secret group. variables is a JSON object of strings. */
typedef struct {
    char *id;
    char *name;
    char *description; /* NULL: absent */
    json_t *variables;
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
    /* Every login and renew request, refused ones included (refused = these
     * minus the successful ones), so a test sees attempts the client made. */
    int64_t login_requests, renew_requests;
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

void ds_settings_copy(ds_settings *dst, const ds_settings *src);
void ds_settings_clear(ds_settings *s);

/* /__dev/reset: back to the state right after startup, keeping the identities and
 * the long-lived token. Lock held. */
void ds_reset(void);

#endif
