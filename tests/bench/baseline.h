/* The yardstick: what a careful programmer would write by hand with libcurl
 * and jansson for the same two requests. No libinfisical inside. */
#ifndef BENCH_BASELINE_H
#define BENCH_BASELINE_H

#include <stddef.h>
#include <stdint.h>

/* The fields libinfisical decodes, into the baseline's own struct. */
struct base_conn {
    char *id, *name, *description, *app, *method, *project_id, *org_id, *created_at, *updated_at, *gateway_id,
        *gateway_pool_id, *credentials_hash, *project_name, *project_slug, *project_type;
    int64_t version, created_at_ms, updated_at_ms;
    int platform_managed, auto_rotation;
};

struct base_list {
    size_t count;
    struct base_conn *items;
};

struct base_client;

/* One easy handle, configured once; the reply buffer is kept between calls. */
struct base_client *base_new(const char *base_url, const char *token, const char *user_agent);
void base_free(struct base_client *b);
/* 0 on a 200 JSON reply decoded whole, else -1. */
int base_get(struct base_client *b, const char *id, struct base_conn *out);
/* project_id NULL: every connection of the organisation. */
int base_list(struct base_client *b, const char *project_id, struct base_list *out);
/* The decoding alone, from a body in memory. */
int base_decode_list(const char *body, size_t len, struct base_list *out);
void base_conn_clear(struct base_conn *c);
void base_list_clear(struct base_list *l);

#endif
