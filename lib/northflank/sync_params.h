#ifndef INFISICAL_NORTHFLANK_SYNC_PARAMS_H
#define INFISICAL_NORTHFLANK_SYNC_PARAMS_H

#include "infisical/sync.h"

/* Values are stored trimmed and already checked; NULL or 0 and set_* 0: never set. */
struct infisical_sync_params {
    char *name;
    int set_description;            /* 1: send "description" (NULL description: null) */
    char *description;
    char *project_id;
    char *connection_id;
    char *environment;              /* set with secret_path, both or neither */
    char *secret_path;
    int set_auto_sync;
    int auto_sync;
    uint32_t initial_sync_behavior; /* 0: not set */
    int set_key_schema;             /* 1: key_schema is set (NULL: none) */
    char *key_schema;
    int set_disable_secret_deletion;
    int disable_secret_deletion;
    int set_destination;            /* 1: the four below are set (ids required, names optional) */
    char *dest_project_id;
    char *dest_group_id;
    char *dest_project_name;
    char *dest_group_name;
};

#endif
