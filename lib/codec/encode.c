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
