/* Request validation that reproduces what Infisical's zod schemas report: the same
 * issue objects (code, message, path and the extra keys zod 3 adds), in the order zod
 * finds them, all collected into one 422 body. */
#ifndef DS_VALIDATE_H
#define DS_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

/* A zod path: up to two keys; NULL ends it. Returns a new reference. */
json_t *z_path(const char *a, const char *b);

/* Each adds one issue to `issues` and steals `path`. */
void z_invalid_type(json_t *issues, json_t *path, const char *expected, json_t *value);
void z_too_small(json_t *issues, json_t *path, long long minimum, const char *message);
void z_too_big(json_t *issues, json_t *path, long long maximum, const char *message);
void z_custom(json_t *issues, json_t *path, const char *message);
void z_invalid_uuid(json_t *issues, json_t *path);
void z_invalid_enum(json_t *issues, json_t *path, const char *received, const char *const *options,
                    size_t n);

/* zod's name for the type of a JSON value; NULL stands for an absent key. */
const char *z_typeof(const json_t *v);

/* String.prototype.trim(): strips JavaScript's white space and line terminators,
 * Unicode ones included. Returns a malloc'd copy. */
char *js_trim(const char *s);
/* String.prototype.length: UTF-16 code units. */
size_t js_length(const char *utf8);

/* A Northflank connection's create or update body, after validation. */
typedef struct {
    int has_name;
    char *name;
    int has_description;
    char *description; /* NULL with has_description: set to null */
    char *project_id;  /* NULL or "": organization level */
    int has_credentials;
    char *api_token;
} ds_conn_input;

void ds_conn_input_free(ds_conn_input *in);

/* CreateNorthflankConnectionSchema. Returns the number of issues added. */
size_t ds_validate_create(const json_t *body, ds_conn_input *out, json_t *issues);
/* UpdateNorthflankConnectionSchema. Returns the number of issues added. */
size_t ds_validate_update(const json_t *body, ds_conn_input *out, json_t *issues);

/* z.object({ k1: z.string().trim(), ... }) for the auth bodies. out[i] gets a malloc'd
 * trimmed copy or NULL. Returns the number of issues added. */
size_t ds_validate_strings(const json_t *body, const char *const *keys, size_t n, char **out,
                           json_t *issues);

/* A secret sync's create or update body, after validation. Absent fields are NULL
 * (and has_* 0); sync_options and dest_config are the parsed objects, the whole
 * replacement on an update. */
typedef struct {
    char *name;
    char *project_id;
    int has_description;
    char *description; /* NULL with has_description: set to null */
    char *connection_id;
    char *environment;
    char *secret_path; /* trimmed, one trailing "/" removed */
    int has_auto_sync;
    int auto_sync;
    json_t *sync_options;
    json_t *dest_config;
} ds_sync_input;

void ds_sync_input_free(ds_sync_input *in);
/* CreateNorthflankSyncSchema. Returns the number of issues added. */
size_t ds_validate_sync_create(const json_t *body, ds_sync_input *out, json_t *issues);
/* UpdateNorthflankSyncSchema. Returns the number of issues added. */
size_t ds_validate_sync_update(const json_t *body, ds_sync_input *out, json_t *issues);

#endif
