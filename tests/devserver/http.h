/* The HTTP side: what a handler sees of a request (ds_call), what it hands back
 * (ds_reply), and the daemon's start/stop. */
#ifndef DS_HTTP_H
#define DS_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define DS_MAX_HEADERS 16
#define DS_JSON_TYPE "application/json; charset=utf-8"

typedef struct {
    const char *method;
    const char *raw_url;  /* the request target as received, query included */
    char *raw_path;       /* raw_url without the query, still percent-encoded */
    char **seg;           /* path segments, each decoded on its own */
    size_t nseg;
    int bad_url;          /* a segment had a bad percent escape */
    char **qkey, **qval;  /* decoded query parameters, in order */
    size_t nq;
    const char *body;
    size_t body_len;
    int body_too_large;
    const char *authorization; /* header value or NULL */
    const char *api_key;       /* x-api-key header value or NULL */
    const char *content_type;  /* header value or NULL */
} ds_call;

typedef struct {
    int status;
    char *body; /* malloc'd; NULL: empty */
    size_t body_len;
    char *content_type; /* malloc'd; NULL: none */
    char *hname[DS_MAX_HEADERS];
    char *hvalue[DS_MAX_HEADERS];
    int nh;
    uint64_t generated_len; /* >0: a generated body of this length (oversizeBytes, amplify...) */
    /* The generated body: gen_head, gen_item repeated with gen_sep between two
     * items as often as fits, spaces, then gen_tail. gen_item is malloc'd. */
    const char *gen_head, *gen_sep, *gen_tail;
    char *gen_item;
} ds_reply;

/* First value of a query parameter, or NULL. */
const char *ds_query(const ds_call *c, const char *key);

/* Sets status and a compact JSON body; steals j. Headers already added stay. */
void ds_reply_json(ds_reply *r, int status, json_t *j);
void ds_reply_header(ds_reply *r, const char *name, const char *value);
void ds_reply_free(ds_reply *r);

/* Infisical's error body, {reqId, statusCode, message, error} (BadRequest, NotFound,
 * Unauthorized, RateLimit, ForbiddenRequest) ... */
void ds_reply_error(ds_reply *r, int status, const char *error, const char *message);
/* ... and the branches that put error before message (TokenError, ValidationFailure,
 * PermissionDenied). Steals message and details (details may be NULL). */
void ds_reply_error_first(ds_reply *r, int status, const char *error, json_t *message, json_t *details);
/* CASL's 403: "You are not allowed to <action> on <subject>" with one rule in details. */
void ds_reply_permission_denied(ds_reply *r, const char *action, const char *subject);

/* api.c, northflank.c and devapi.c */
void ds_api_handle(const ds_call *c, ds_reply *r);
void ds_nf_handle(const ds_call *c, ds_reply *r);
void ds_dev_handle(const ds_call *c, ds_reply *r);

/* Whether a path belongs to the Northflank stand-in (/v1 and below). */
int ds_is_nf_path(const char *raw_path);
/* The status GET /v1/projects with this token would get right now (200, 401, 403
 * or 429), without counting it as a request. Infisical's live token check. Lock held. */
int ds_nf_projects_status(const char *token);
/* Northflank's error body in the current errorShape; steals details (NULL: {}). Lock held. */
json_t *ds_nf_error_body(int status, const char *message, json_t *details);
/* A sync job's read of a group's values and its write of them (contract 5.1, 5.2),
 * judged as the HTTP call would be: rate limit, token, permission, project, group.
 * Returns the status; on 200 a read sets *vars (a new object), otherwise *err gets
 * the error body Northflank would send. Not counted as requests. Lock held. */
int ds_nf_job_read(const char *token, const char *project_id, const char *group_id, json_t **vars, json_t **err);
int ds_nf_job_write(const char *token, const char *project_id, const char *group_id, const json_t *vars,
                    json_t **err);

struct MHD_Daemon;
struct MHD_Daemon *ds_http_start(int port, const char *tls_cert, const char *tls_key, int verbose);
int ds_http_port(struct MHD_Daemon *d);

#endif
