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

typedef struct {
    int64_t ttl_s;
    int64_t max_ttl_s;
    int northflank_offered;
    char **nf_tokens;
    size_t n_nf_tokens;
    int64_t read_limit;  /* 0: off */
    int64_t write_limit; /* 0: off */
    int renew_clamps;    /* renew clamps at Max TTL instead of refusing */
} ds_settings;

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
    json_t *requests_by_method; /* {"GET": n, ...}: API requests per method */

    /* Every Northflank token the settings ever accepted, the startup one first. Kept
     * across /__dev/reset: /__dev/issued-tokens lists them for log-leak tests. */
    char **nf_seen;
    size_t n_nf_seen;
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

int ds_nf_token_accepted(const char *token);
/* Adds a token to g.nf_seen unless it is there already. Lock held. */
void ds_nf_token_remember(const char *token);

void ds_settings_copy(ds_settings *dst, const ds_settings *src);
void ds_settings_clear(ds_settings *s);

/* /__dev/reset: back to the state right after startup, keeping the identities and
 * the long-lived token. Lock held. */
void ds_reset(void);

#endif
