/* Request bodies, written without jansson so that every byte of a secret lives
 * only in buffers this library wipes. */
#include <stdio.h>

#include "codec.h"
#include "util/alloc.h"
#include "util/buf.h"

/* Append s as a JSON string literal. Inputs are valid UTF-8 (checked by the callers). */
static int put_string(infisical__buf *b, const char *s)
{
    if (infisical__buf_append(b, "\"", 1))
        return -1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        const char *out = esc;
        size_t n = 2;
        esc[0] = '\\';
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                n = 6;
            } else {
                out = (const char *)p;
                n = 1;
            }
        }
        if (infisical__buf_append(b, out, n))
            return -1;
    }
    return infisical__buf_append(b, "\"", 1);
}

/* Append `"key":` followed by a string (or null when value is NULL), with a
 * leading comma unless it is the first member. */
static int put_member(infisical__buf *b, int *first, const char *key, const char *value)
{
    if ((!*first && infisical__buf_append(b, ",", 1)) || put_string(b, key) || infisical__buf_append(b, ":", 1))
        return -1;
    *first = 0;
    return value ? put_string(b, value) : infisical__buf_puts(b, "null");
}

static char *finish(infisical__buf *b, int failed)
{
    if (failed || infisical__buf_append(b, "}", 1)) {
        infisical__buf_clear(b);
        return NULL;
    }
    return infisical__buf_take(b);
}

char *infisical__encode_connection(const struct infisical__connection_fields *f)
{
    infisical__buf b = {0};
    int first = 1;
    int failed = infisical__buf_append(&b, "{", 1);
    if (!failed && f->name)
        failed = put_member(&b, &first, "name", f->name);
    if (!failed && f->with_method)
        failed = put_member(&b, &first, "method", "api-token");
    if (!failed && f->set_description)
        failed = put_member(&b, &first, "description", f->description);
    if (!failed && f->project_id)
        failed = put_member(&b, &first, "projectId", f->project_id);
    if (!failed && f->api_token) {
        int inner = 1;
        failed = (!first && infisical__buf_append(&b, ",", 1)) ||
                 infisical__buf_puts(&b, "\"credentials\":{") ||
                 put_member(&b, &inner, "apiToken", f->api_token) ||
                 infisical__buf_append(&b, "}", 1);
        first = 0;
    }
    return finish(&b, failed);
}

char *infisical__encode_login(const char *client_id, const char *client_secret)
{
    infisical__buf b = {0};
    int first = 1;
    int failed = infisical__buf_append(&b, "{", 1) ||
                 put_member(&b, &first, "clientId", client_id) ||
                 put_member(&b, &first, "clientSecret", client_secret);
    return finish(&b, failed);
}

char *infisical__encode_access_token(const char *token)
{
    infisical__buf b = {0};
    int first = 1;
    int failed = infisical__buf_append(&b, "{", 1) || put_member(&b, &first, "accessToken", token);
    return finish(&b, failed);
}

static const char *const initial_words[] = {"overwrite-destination", "import-prioritize-source",
                                            "import-prioritize-destination"};

/* Append `"key":true|false` with a leading comma unless first. */
static int put_bool(infisical__buf *b, int *first, const char *key, int value)
{
    if ((!*first && infisical__buf_append(b, ",", 1)) || put_string(b, key) || infisical__buf_append(b, ":", 1))
        return -1;
    *first = 0;
    return infisical__buf_puts(b, value ? "true" : "false");
}

/* Open `"key":{` as a member; the caller closes it. */
static int open_object(infisical__buf *b, int *first, const char *key)
{
    if ((!*first && infisical__buf_append(b, ",", 1)) || put_string(b, key))
        return -1;
    *first = 0;
    return infisical__buf_puts(b, ":{");
}

char *infisical__encode_sync(const struct infisical__sync_fields *f)
{
    infisical__buf b = {0};
    int first = 1;
    int failed = infisical__buf_append(&b, "{", 1);
    if (!failed && f->name)
        failed = put_member(&b, &first, "name", f->name);
    if (!failed && f->project_id)
        failed = put_member(&b, &first, "projectId", f->project_id);
    if (!failed && f->set_description)
        failed = put_member(&b, &first, "description", f->description);
    if (!failed && f->connection_id)
        failed = put_member(&b, &first, "connectionId", f->connection_id);
    if (!failed && f->environment)
        failed = put_member(&b, &first, "environment", f->environment) ||
                 put_member(&b, &first, "secretPath", f->secret_path);
    if (!failed && f->set_auto_sync)
        failed = put_bool(&b, &first, "isAutoSyncEnabled", f->auto_sync);
    if (!failed && f->with_options) {
        /* The whole object: the server replaces what it stores with it. */
        int inner = 1;
        failed = open_object(&b, &first, "syncOptions") ||
                 put_member(&b, &inner, "initialSyncBehavior", initial_words[f->initial_sync_behavior - 1]) ||
                 (f->key_schema && put_member(&b, &inner, "keySchema", f->key_schema)) ||
                 (f->disable_secret_deletion >= 0 &&
                  put_bool(&b, &inner, "disableSecretDeletion", f->disable_secret_deletion)) ||
                 infisical__buf_append(&b, "}", 1);
    }
    if (!failed && f->with_destination) {
        int inner = 1;
        failed = open_object(&b, &first, "destinationConfig") ||
                 put_member(&b, &inner, "projectId", f->dest_project_id) ||
                 put_member(&b, &inner, "secretGroupId", f->dest_group_id) ||
                 (f->dest_project_name && put_member(&b, &inner, "projectName", f->dest_project_name)) ||
                 (f->dest_group_name && put_member(&b, &inner, "secretGroupName", f->dest_group_name)) ||
                 infisical__buf_append(&b, "}", 1);
    }
    return finish(&b, failed);
}
