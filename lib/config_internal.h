#ifndef INFISICAL_CONFIG_INTERNAL_H
#define INFISICAL_CONFIG_INTERNAL_H

#include <stdint.h>

#include "infisical/config.h"

struct infisical_config {
    char *base_url;       /* no trailing '/' */
    int64_t timeout_ms;
    char *org_slug;       /* NULL: no X-Infisical-Org header */
    char *ua_suffix;      /* NULL: plain "libinfisical/<version>" */
    char *access_token;   /* secret */
    char *client_id;
    char *client_secret;  /* secret */
};

/* A deep copy for a client to own; NULL when out of memory. */
struct infisical_config *infisical__config_dup(const struct infisical_config *src);

#endif
