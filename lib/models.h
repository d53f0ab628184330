/* The library's models: what a reply decodes into and what the public getters
 * read. The codec fills them, the getters read them; neither knows the other. */
#ifndef INFISICAL_MODELS_H
#define INFISICAL_MODELS_H

#include <stddef.h>
#include <stdint.h>

#include "infisical/connection.h"
#include "infisical/preflight.h"
#include "infisical/sync.h"

/* ---- connections (lib/connection.c) ---- */

/* Every string member is owned (NULL when null or absent). */
struct infisical_connection {
    char *id;
    char *name;
    char *description;
    char *app;
    char *method;
    char *project_id;
    char *org_id;
    char *created_at;
    char *updated_at;
    char *gateway_id;
    char *gateway_pool_id;
    char *credentials_hash;
    char *project_name;
    char *project_slug;
    char *project_type;
    int64_t version;        /* 0 when absent */
    int64_t created_at_ms;  /* INT64_MIN when absent */
    int64_t updated_at_ms;
    int platform_managed;   /* INFISICAL_TRUE, _FALSE, or _ABSENT when null or absent */
    int auto_rotation;
    int in_list;            /* an item of a list: freed with it, never alone */
    char *strings;          /* the decoder's: one block holding every string member
                               above (freed whole); NULL: each is its own allocation */
};

struct infisical_connection_list {
    uint32_t count;
    struct infisical_connection *items;
};

/* Release the members of c, not c itself. */
void infisical__connection_clear(struct infisical_connection *c);

/* ---- Northflank listings and preflight reports (lib/northflank/resources.c, report.c) ---- */

struct infisical__resource {
    char *id;
    char *name;
};

struct infisical_northflank_resources {
    uint32_t count;
    uint32_t cap;
    struct infisical__resource *items;
    uint32_t pages;
    int truncated;
    /* A whole listing's budget, across its pages (0: none): however a server
     * pads its pages, a listing holds at most this many items and bytes. */
    uint32_t max_items;
    size_t max_bytes;
    size_t bytes;          /* what the items hold now, counted as the budget counts */
};

/* Append one item (copies); 0, -1 when out of memory, or 1 when it would pass
 * the budget (nothing is added then). */
int infisical__resources_add(struct infisical_northflank_resources *r, const char *id, const char *name);
/* Free the items and zero r (which itself is not freed). */
void infisical__resources_clear(struct infisical_northflank_resources *r);

struct infisical_preflight_report {
    int authenticated;                        /* 1, or 0 when Northflank answered 401 */
    int state[INFISICAL_PERMISSION_COUNT];    /* INFISICAL_CHECK_* */
    char *reason[INFISICAL_PERMISSION_COUNT];
    char *summary[INFISICAL_PERMISSION_COUNT];
};

/* ---- secret syncs (lib/sync.c) ---- */

/* The string members of a sync, for one loop over them (clear, copy). */
#define INFISICAL__SYNC_STRINGS(X)                                                                           \
    X(id) X(name) X(description) X(destination) X(project_id) X(connection_id) X(connection_name)          \
    X(connection_app) X(folder_id) X(folder_path) X(environment_slug) X(environment_name) X(environment_id) \
    X(created_at) X(updated_at) X(key_schema) X(destination_project_id) X(destination_project_name)        \
    X(destination_secret_group_id) X(destination_secret_group_name)

/* Every string member is owned (NULL when null or absent). */
struct infisical_sync {
#define INFISICAL__MEMBER(m) char *m;
    INFISICAL__SYNC_STRINGS(INFISICAL__MEMBER)
#undef INFISICAL__MEMBER
    int auto_sync;                                   /* 1 or 0 */
    int64_t version;
    int64_t created_at_ms, updated_at_ms;            /* INFISICAL_TIME_ABSENT when absent */
    uint32_t initial_sync_behavior;                  /* INFISICAL_SYNC_INITIAL_* */
    int disable_secret_deletion;                     /* INFISICAL_TRUE, _FALSE, _ABSENT */
    /* The three job lifecycles, by INFISICAL_SYNC_JOB_* index. */
    uint32_t status[INFISICAL_SYNC_JOB_COUNT];       /* INFISICAL_SYNC_STATUS_* */
    char *job_id[INFISICAL_SYNC_JOB_COUNT];
    char *message[INFISICAL_SYNC_JOB_COUNT];
    char *succeeded_at[INFISICAL_SYNC_JOB_COUNT];
    int64_t succeeded_at_ms[INFISICAL_SYNC_JOB_COUNT];
    int in_list;                                     /* an item of a list: freed with it, never alone */
};

struct infisical_sync_list {
    uint32_t count;
    struct infisical_sync *items;
};

/* Release the members of s, not s itself. */
void infisical__sync_clear(struct infisical_sync *s);

/* Hand r to e (an INFISICAL_EPREFLIGHT error), which frees it with itself. */
void infisical__error_attach_report(infisical_error *e, infisical_preflight_report *r);

#endif
