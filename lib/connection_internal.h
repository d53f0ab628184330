#ifndef INFISICAL_CONNECTION_INTERNAL_H
#define INFISICAL_CONNECTION_INTERNAL_H

#include <stdint.h>

#include "infisical/connection.h"

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
    int platform_managed;   /* 1, 0, -1 when null or absent */
    int auto_rotation;
};

struct infisical_connection_list {
    uint32_t count;
    struct infisical_connection *items;
};

/* Release the members of c, not c itself. */
void infisical__connection_clear(struct infisical_connection *c);

#endif
