/* Parameters of a secret sync's create or update: every value is checked
 * against the server's rules when it is set, so bad input fails before any
 * request, naming the field in the server's words. */
#include <string.h>

#include "error_internal.h"
#include "northflank/sync_params.h"
#include "util/alloc.h"
#include "validate.h"

int infisical_sync_params_new(infisical_sync_params **out, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if (!(*out = infisical__calloc(1, sizeof **out)))
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

void infisical_sync_params_free(infisical_sync_params *p)
{
    if (!p)
        return;
    char *const strings[] = {p->name, p->description, p->project_id, p->connection_id, p->environment,
                             p->secret_path, p->key_schema, p->dest_project_id, p->dest_group_id,
                             p->dest_project_name, p->dest_group_name};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        infisical__free(strings[i]);
    infisical__free(p);
}

static int store(char **member, const char *s, size_t n, infisical_error **err)
{
    return infisical__replace_string(member, s, n, 0) ? infisical__fail(err, INFISICAL_ENOMEM, "out of memory")
                                                      : INFISICAL_OK;
}

/* A required string the server trims: at most max bytes as passed, `chars`,
 * not empty after trimming (`empty`: the server's message). Sets *t, *n. */
static int check_required(infisical_error **err, const char *field, const char *s, size_t max, int chars,
                          const char *empty, const char **t, size_t *n)
{
    if (!s)
        return infisical__fail_field(err, field, "must not be NULL");
    int rc = infisical__check_trimmed(err, field, s, max, chars, t, n);
    if (rc == INFISICAL_OK && *n == 0)
        rc = infisical__fail_field(err, field, empty);
    return rc;
}

int infisical_sync_params_set_name(infisical_sync_params *p, const char *name, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!name)
        return infisical__fail_field(err, "name", "must not be NULL");
    const char *t;
    size_t n;
    int rc = infisical__check_trimmed(err, "name", name, INFISICAL_SYNC_NAME_MAX * 4, INFISICAL__CHARS_ANY, &t, &n);
    if (rc == INFISICAL_OK)
        rc = infisical__check_slug_of(err, "name", t, n, INFISICAL_SYNC_NAME_MAX);
    return rc == INFISICAL_OK ? store(&p->name, t, n, err) : rc;
}

int infisical_sync_params_set_description(infisical_sync_params *p, const char *description, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!description) {
        infisical__free(p->description);
        p->description = NULL;
        p->set_description = 1;
        return INFISICAL_OK;
    }
    const char *t;
    size_t n, units = 0;
    int rc = infisical__check_trimmed(err, "description", description, INFISICAL_DESCRIPTION_BYTES_MAX,
                                      INFISICAL__CHARS_UTF8, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    (void)infisical__utf8_units(t, n, &units); /* the UTF-8 was checked just above */
    if (units > INFISICAL_DESCRIPTION_MAX)
        return infisical__fail_field(err, "description", "Description cannot exceed 256 characters");
    if ((rc = store(&p->description, t, n, err)) == INFISICAL_OK)
        p->set_description = 1;
    return rc;
}

int infisical_sync_params_set_project_id(infisical_sync_params *p, const char *project_id, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    const char *t;
    size_t n;
    int rc = check_required(err, "projectId", project_id, INFISICAL_PROJECT_ID_MAX, INFISICAL__CHARS_UTF8_LINE,
                            "Project ID required", &t, &n);
    return rc == INFISICAL_OK ? store(&p->project_id, t, n, err) : rc;
}

int infisical_sync_params_set_connection_id(infisical_sync_params *p, const char *connection_id,
                                            infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!connection_id)
        return infisical__fail_field(err, "connectionId", "must not be NULL");
    const char *why = infisical__check_uuid(connection_id);
    if (why)
        return infisical__fail_field(err, "connectionId", why);
    return store(&p->connection_id, connection_id, strlen(connection_id), err);
}

int infisical_sync_params_set_source(infisical_sync_params *p, const char *environment, const char *secret_path,
                                     infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!environment)
        return infisical__fail_field(err, "environment", "must not be NULL");
    const char *env, *path;
    size_t env_len, path_len;
    int rc = infisical__check_trimmed(err, "environment", environment, INFISICAL_ENVIRONMENT_MAX * 4,
                                      INFISICAL__CHARS_ANY, &env, &env_len);
    if (rc == INFISICAL_OK)
        rc = infisical__check_slug_of(err, "environment", env, env_len, INFISICAL_ENVIRONMENT_MAX);
    if (rc == INFISICAL_OK)
        rc = check_required(err, "secretPath", secret_path, INFISICAL_SECRET_PATH_MAX, INFISICAL__CHARS_UTF8_LINE,
                            "Secret path required", &path, &path_len);
    if (rc != INFISICAL_OK)
        return rc;
    /* The server removes a trailing "/" ("/" itself stays): send what it stores. */
    if (path_len > 1 && path[path_len - 1] == '/')
        path_len--;
    char *e = NULL, *s = NULL;
    if ((rc = store(&e, env, env_len, err)) || (rc = store(&s, path, path_len, err))) {
        infisical__free(e);
        return rc;
    }
    infisical__free(p->environment);
    infisical__free(p->secret_path);
    p->environment = e;
    p->secret_path = s;
    return INFISICAL_OK;
}

int infisical_sync_params_set_auto_sync(infisical_sync_params *p, int enabled, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    p->auto_sync = enabled ? 1 : 0;
    p->set_auto_sync = 1;
    return INFISICAL_OK;
}

int infisical_sync_params_set_initial_sync_behavior(infisical_sync_params *p, uint32_t behavior,
                                                    infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (behavior < INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION ||
        behavior > INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_DESTINATION)
        return infisical__fail_field(err, "syncOptions.initialSyncBehavior",
                                     "must be overwrite-destination, import-prioritize-source or "
                                     "import-prioritize-destination (an INFISICAL_SYNC_INITIAL_* value)");
    p->initial_sync_behavior = behavior;
    return INFISICAL_OK;
}

/* The key schema's rule (the contract, 2.3): the placeholders, else only
 * [a-zA-Z0-9_-/], and {{secretKey}} at least once. */
static int key_schema_ok(const char *s, size_t n)
{
    int has_key = 0;
    for (size_t i = 0; i < n;) {
        if (n - i >= 13 && strncmp(s + i, "{{secretKey}}", 13) == 0) {
            has_key = 1;
            i += 13;
        } else if (n - i >= 15 && strncmp(s + i, "{{environment}}", 15) == 0) {
            i += 15;
        } else {
            char c = s[i++];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '/'))
                return 0;
        }
    }
    return has_key;
}

int infisical_sync_params_set_key_schema(infisical_sync_params *p, const char *key_schema, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!key_schema) {
        infisical__free(p->key_schema);
        p->key_schema = NULL;
        p->set_key_schema = 1;
        return INFISICAL_OK;
    }
    const char *t;
    size_t n;
    int rc = infisical__check_trimmed(err, "syncOptions.keySchema", key_schema, INFISICAL_KEY_SCHEMA_MAX * 4,
                                      INFISICAL__CHARS_ANY, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    if (n > INFISICAL_KEY_SCHEMA_MAX)
        return infisical__fail_field(err, "syncOptions.keySchema", "must be at most 255 characters");
    if (!key_schema_ok(t, n))
        return infisical__fail_field(err, "syncOptions.keySchema",
                                     "Key schema must include exactly one {{secretKey}} placeholder. It can also "
                                     "include {{environment}} placeholders. Only alphanumeric characters (a-z, A-Z, "
                                     "0-9), dashes (-), underscores (_), and slashes (/) are allowed besides the "
                                     "placeholders.");
    if ((rc = store(&p->key_schema, t, n, err)) == INFISICAL_OK)
        p->set_key_schema = 1;
    return rc;
}

int infisical_sync_params_set_disable_secret_deletion(infisical_sync_params *p, int disabled, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    p->disable_secret_deletion = disabled ? 1 : 0;
    p->set_disable_secret_deletion = 1;
    return INFISICAL_OK;
}

/* An optional display name: NULL, or at most the limit, one line of UTF-8. */
static int check_optional(infisical_error **err, const char *field, const char *s, const char **t, size_t *n)
{
    *t = NULL;
    *n = 0;
    return s ? infisical__check_trimmed(err, field, s, INFISICAL_DESTINATION_FIELD_MAX, INFISICAL__CHARS_UTF8_LINE,
                                        t, n)
             : INFISICAL_OK;
}

int infisical_sync_params_set_destination(infisical_sync_params *p, const char *project_id,
                                          const char *secret_group_id, const char *project_name,
                                          const char *secret_group_name, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    const char *v[4];
    size_t n[4];
    int rc;
    if ((rc = check_required(err, "destinationConfig.projectId", project_id, INFISICAL_DESTINATION_FIELD_MAX,
                             INFISICAL__CHARS_UTF8_LINE, "Project ID is required", &v[0], &n[0])) ||
        (rc = check_required(err, "destinationConfig.secretGroupId", secret_group_id,
                             INFISICAL_DESTINATION_FIELD_MAX, INFISICAL__CHARS_UTF8_LINE,
                             "Secret Group ID is required", &v[1], &n[1])) ||
        (rc = check_optional(err, "destinationConfig.projectName", project_name, &v[2], &n[2])) ||
        (rc = check_optional(err, "destinationConfig.secretGroupName", secret_group_name, &v[3], &n[3])))
        return rc;
    char *copies[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < 4; i++)
        if (v[i] && (rc = store(&copies[i], v[i], n[i], err))) {
            for (int k = 0; k < i; k++)
                infisical__free(copies[k]);
            return rc;
        }
    char **members[4] = {&p->dest_project_id, &p->dest_group_id, &p->dest_project_name, &p->dest_group_name};
    for (int i = 0; i < 4; i++) {
        infisical__free(*members[i]);
        *members[i] = copies[i];
    }
    p->set_destination = 1;
    return INFISICAL_OK;
}
