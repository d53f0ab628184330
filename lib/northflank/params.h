#ifndef INFISICAL_NORTHFLANK_PARAMS_H
#define INFISICAL_NORTHFLANK_PARAMS_H

#include "infisical/northflank.h"

/* Values are stored trimmed and already checked. */
struct infisical_northflank_params {
    char *name;
    int set_description;  /* 1: send "description" (NULL description: send null) */
    char *description;
    char *project_id;
    char *api_token;      /* secret */
    int preflight;        /* create: check the token against Northflank first */
    uint32_t preflight_flags;
};

#endif
