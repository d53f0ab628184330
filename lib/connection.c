#include "models.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "validate.h"
#include "util/alloc.h"

#define STRING_MEMBERS(X)                                                                          \
    X(id) X(name) X(description) X(app) X(method) X(project_id) X(org_id) X(created_at)           \
    X(updated_at) X(gateway_id) X(gateway_pool_id) X(credentials_hash) X(project_name)            \
    X(project_slug) X(project_type)

#define GETTER(m) \
    const char *infisical_connection_##m(const infisical_connection *c) { return c ? c->m : NULL; }
STRING_MEMBERS(GETTER)
#undef GETTER

int64_t infisical_connection_version(const infisical_connection *c) { return c ? c->version : 0; }
int64_t infisical_connection_created_at_ms(const infisical_connection *c)
{
    return c ? c->created_at_ms : INFISICAL_TIME_ABSENT;
}
int64_t infisical_connection_updated_at_ms(const infisical_connection *c)
{
    return c ? c->updated_at_ms : INFISICAL_TIME_ABSENT;
}
int infisical_connection_is_platform_managed_credentials(const infisical_connection *c)
{
    return c ? c->platform_managed : INFISICAL_ABSENT;
}
int infisical_connection_is_auto_rotation_enabled(const infisical_connection *c)
{
    return c ? c->auto_rotation : INFISICAL_ABSENT;
}

void infisical__connection_clear(struct infisical_connection *c)
{
    if (c->strings) {
        infisical__free(c->strings);
    } else {
#define FREE_MEMBER(m) infisical__free(c->m);
        STRING_MEMBERS(FREE_MEMBER)
#undef FREE_MEMBER
    }
    memset(c, 0, sizeof *c);
}

void infisical_connection_free(infisical_connection *c)
{
    if (!c)
        return;
    if (c->in_list) {
        /* A borrowed item: freeing it would free the list's memory under it.
         * Refuse, and make the mistake loud where it can be fixed. */
#ifndef NDEBUG
        fprintf(stderr, "libinfisical: infisical_connection_free() was given a connection borrowed from a list "
                        "(infisical_connection_list_at()); it is freed with its list. Aborting (a debug build).\n");
        abort();
#else
        return;
#endif
    }
    infisical__connection_clear(c);
    infisical__free(c);
}

int infisical_connection_dup(infisical_connection **out, const infisical_connection *c, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!c)
        return infisical__fail_field(err, "connection", "must not be NULL");
    struct infisical_connection *d = infisical__malloc(sizeof *d);
    if (!d)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    *d = *c;
    d->in_list = 0; /* the copy is the caller's own */
    d->strings = NULL; /* its members are copied one by one below */
#define FORGET_MEMBER(m) d->m = NULL;
    STRING_MEMBERS(FORGET_MEMBER)
#undef FORGET_MEMBER
#define COPY_MEMBER(m) if (c->m && !(d->m = infisical__strdup(c->m))) goto oom;
    STRING_MEMBERS(COPY_MEMBER)
#undef COPY_MEMBER
    *out = d;
    return INFISICAL_OK;
oom:
    infisical_connection_free(d);
    return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
}

int infisical_connection_credentials_changed(const infisical_connection *before,
                                             const infisical_connection *after, int *changed, infisical_error **err)
{
    infisical__error_clear(err);
    if (!changed)
        return infisical__fail_field(err, "changed", "must not be NULL");
    *changed = 0;
    if (!before || !after)
        return infisical__fail_field(err, before ? "after" : "before", "must not be NULL");
    if (!before->id || !after->id || strcmp(before->id, after->id) != 0)
        return infisical__fail_field(err, "after", "is a snapshot of a different connection than before");
    if (!before->credentials_hash || !after->credentials_hash)
        return infisical__fail_field(err, before->credentials_hash ? "after" : "before",
                                     "has no credentials hash (the server did not send one)");
    *changed = strcmp(before->credentials_hash, after->credentials_hash) != 0;
    return INFISICAL_OK;
}

int infisical_connection_credentials_changed_since(const infisical_connection *c, const char *stored_hash,
                                                   int *changed, infisical_error **err)
{
    infisical__error_clear(err);
    if (!changed)
        return infisical__fail_field(err, "changed", "must not be NULL");
    *changed = 0;
    if (!c)
        return infisical__fail_field(err, "connection", "must not be NULL");
    if (!stored_hash)
        return infisical__fail_field(err, "stored_hash", "must not be NULL");
    size_t len;
    int rc = infisical__check_text(err, "stored_hash", stored_hash, INFISICAL_CREDENTIALS_HASH_MAX,
                                   INFISICAL__CHARS_ASCII, &len);
    if (rc != INFISICAL_OK)
        return rc;
    /* An empty hash is no hash: compared, it would say "changed" for any connection. */
    if (len == 0)
        return infisical__fail_field(err, "stored_hash", "must not be empty");
    if (!c->credentials_hash)
        return infisical__fail_field(err, "connection", "has no credentials hash (the server did not send one)");
    *changed = strcmp(stored_hash, c->credentials_hash) != 0;
    return INFISICAL_OK;
}

uint32_t infisical_connection_list_count(const infisical_connection_list *list)
{
    return list ? list->count : 0;
}

const infisical_connection *infisical_connection_list_at(const infisical_connection_list *list, uint32_t i)
{
    return list && i < list->count ? &list->items[i] : NULL;
}

void infisical_connection_list_free(infisical_connection_list *list)
{
    if (!list)
        return;
    for (uint32_t i = 0; i < list->count; i++)
        infisical__connection_clear(&list->items[i]);
    infisical__free(list->items);
    infisical__free(list);
}
