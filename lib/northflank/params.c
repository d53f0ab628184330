#include <string.h>

#include "error_internal.h"
#include "northflank/params.h"
#include "util/alloc.h"
#include "validate.h"

int infisical_northflank_params_new(infisical_northflank_params **out, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if (!(*out = infisical__calloc(1, sizeof **out)))
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

void infisical_northflank_params_free(infisical_northflank_params *p)
{
    if (!p)
        return;
    infisical__free(p->name);
    infisical__free(p->description);
    infisical__free(p->project_id);
    infisical__free_secret(p->api_token);
    infisical__free(p);
}

/* Store a trimmed copy of s in *member; the old value is wiped when secret. */
static int store(char **member, const char *s, size_t n, int secret, infisical_error **err)
{
    if (infisical__replace_string(member, s, n, secret) != 0)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

int infisical_northflank_params_set_name(infisical_northflank_params *p, const char *name, infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!name)
        return infisical__fail_field(err, "name", "must not be NULL");
    /* The bytes as passed first; the slug rule (the server's words) then judges the trimmed value. */
    size_t n;
    const char *t;
    int rc = infisical__check_trimmed(err, "name", name, INFISICAL_NAME_BYTES_MAX, INFISICAL__CHARS_ANY, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    const char *why = infisical__check_slug("name", t, n);
    if (why)
        return infisical__fail_field(err, "name", why);
    return store(&p->name, t, n, 0, err);
}

int infisical_northflank_params_set_description(infisical_northflank_params *p, const char *description,
                                                infisical_error **err)
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
    /* A JSON string: valid UTF-8, line breaks kept. The server counts UTF-16
     * units after trimming; the byte bound before it keeps a huge string from
     * being scanned at all. */
    size_t n, units = 0;
    const char *t;
    int rc = infisical__check_trimmed(err, "description", description, INFISICAL_DESCRIPTION_BYTES_MAX,
                                      INFISICAL__CHARS_UTF8, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    (void)infisical__utf8_units(t, n, &units); /* cannot fail: the UTF-8 was checked just above */
    if (units > INFISICAL_DESCRIPTION_MAX)
        return infisical__fail_field(err, "description", "Description cannot exceed 256 characters");
    rc = store(&p->description, t, n, 0, err);
    if (rc == INFISICAL_OK)
        p->set_description = 1;
    return rc;
}

/* A required, trimmed, single-line string (the project id and the token):
 * at most max_bytes as passed, then `chars` on the trimmed value. */
static int set_line(char **member, const char *field, const char *empty_message, const char *s, size_t max_bytes,
                    int chars, int secret, infisical_error **err)
{
    if (!s)
        return infisical__fail_field(err, field, "must not be NULL");
    size_t n;
    const char *t;
    int rc = infisical__check_trimmed(err, field, s, max_bytes, chars, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    if (n == 0)
        return infisical__fail_field(err, field, empty_message);
    return store(member, t, n, secret, err);
}

int infisical_northflank_params_set_project_id(infisical_northflank_params *p, const char *project_id,
                                               infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    /* A JSON string: valid UTF-8, one line. */
    return set_line(&p->project_id, "projectId", "must not be empty", project_id, INFISICAL_PROJECT_ID_MAX,
                    INFISICAL__CHARS_UTF8_LINE, 0, err);
}

int infisical_northflank_params_set_api_token(infisical_northflank_params *p, const char *api_token,
                                              infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    /* Sent in a JSON body, but Northflank reads it from an Authorization header
     * (Infisical's check, and a preflight's): printable ASCII, as
     * infisical_northflank_api_new() requires. */
    return set_line(&p->api_token, "credentials.apiToken", "API Token required", api_token,
                    INFISICAL_NORTHFLANK_TOKEN_MAX, INFISICAL__CHARS_ASCII, 1, err);
}

int infisical_northflank_params_set_preflight(infisical_northflank_params *p, int enabled, uint32_t flags,
                                              infisical_error **err)
{
    infisical__error_clear(err);
    if (!p)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (flags & ~(uint32_t)INFISICAL_PREFLIGHT_CHECK_WRITE)
        return infisical__fail_field(err, "flags", "has bits other than INFISICAL_PREFLIGHT_CHECK_WRITE");
    p->preflight = enabled != 0;
    p->preflight_flags = enabled ? flags : 0;
    return INFISICAL_OK;
}
