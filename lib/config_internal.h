#ifndef INFISICAL_CONFIG_INTERNAL_H
#define INFISICAL_CONFIG_INTERNAL_H

#include <stdint.h>

#include "infisical/config.h"
#include "infisical/config.h"

struct infisical_config {
    char *base_url;       /* no trailing '/' */
    int64_t timeout_ms;
    char *org_slug;       /* NULL: no X-Infisical-Org header */
    char *ua_suffix;      /* NULL: plain "libinfisical/<version>" */
    char *access_token;   /* secret */
    char *client_id;
    char *client_secret;  /* secret */

    /* transport */
    int64_t connect_timeout_ms;
    uint32_t max_attempts;
    int64_t backoff_base_ms;
    int64_t backoff_max_ms;
    int64_t max_response_bytes;
    char *ca_file;        /* NULL: SSL_CERT_FILE or the system's */
    char *ca_dir;
    char *ca_pem;
    int insecure;
    char *proxy;          /* NULL: the environment; "": none */
    char *no_proxy;
    infisical_cancel_fn cancel;
    void *cancel_user;
    infisical_log_fn log;
    void *log_user;
    int log_level;

    /* the Northflank side */
    char *northflank_url;  /* no trailing '/' */
    uint32_t northflank_page_cap;
};

/* A deep copy for a client to own; NULL when out of memory. */
struct infisical_config *infisical__config_dup(const struct infisical_config *src);

#endif
