/* A secret sync snapshot and lists of them: the public getters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "models.h"
#include "util/alloc.h"

#define GETTER(m) \
    const char *infisical_sync_##m(const infisical_sync *s) { return s ? s->m : NULL; }
INFISICAL__SYNC_STRINGS(GETTER)
#undef GETTER

int infisical_sync_is_auto_sync_enabled(const infisical_sync *s)
{
    return s ? s->auto_sync : 0;
}

int64_t infisical_sync_version(const infisical_sync *s)
{
    return s ? s->version : 0;
}

int64_t infisical_sync_created_at_ms(const infisical_sync *s)
{
    return s ? s->created_at_ms : INFISICAL_TIME_ABSENT;
}

int64_t infisical_sync_updated_at_ms(const infisical_sync *s)
{
    return s ? s->updated_at_ms : INFISICAL_TIME_ABSENT;
}

uint32_t infisical_sync_initial_sync_behavior(const infisical_sync *s)
{
    return s ? s->initial_sync_behavior : INFISICAL_SYNC_INITIAL_NONE;
}

int infisical_sync_disable_secret_deletion(const infisical_sync *s)
{
    return s ? s->disable_secret_deletion : INFISICAL_ABSENT;
}

uint32_t infisical_sync_status(const infisical_sync *s, uint32_t job)
{
    return s && job < INFISICAL_SYNC_JOB_COUNT ? s->status[job] : INFISICAL_SYNC_STATUS_NONE;
}

const char *infisical_sync_job_id(const infisical_sync *s, uint32_t job)
{
    return s && job < INFISICAL_SYNC_JOB_COUNT ? s->job_id[job] : NULL;
}

const char *infisical_sync_message(const infisical_sync *s, uint32_t job)
{
    return s && job < INFISICAL_SYNC_JOB_COUNT ? s->message[job] : NULL;
}

const char *infisical_sync_succeeded_at(const infisical_sync *s, uint32_t job)
{
    return s && job < INFISICAL_SYNC_JOB_COUNT ? s->succeeded_at[job] : NULL;
}

int64_t infisical_sync_succeeded_at_ms(const infisical_sync *s, uint32_t job)
{
    return s && job < INFISICAL_SYNC_JOB_COUNT ? s->succeeded_at_ms[job] : INFISICAL_TIME_ABSENT;
}

void infisical__sync_clear(struct infisical_sync *s)
{
#define FREE_MEMBER(m) infisical__free(s->m);
    INFISICAL__SYNC_STRINGS(FREE_MEMBER)
#undef FREE_MEMBER
    for (int j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++) {
        infisical__free(s->job_id[j]);
        infisical__free(s->message[j]);
        infisical__free(s->succeeded_at[j]);
    }
    memset(s, 0, sizeof *s);
}

void infisical_sync_free(infisical_sync *s)
{
    if (!s)
        return;
    if (s->in_list) {
        /* A borrowed item: freeing it would free the list's memory under it. */
#ifndef NDEBUG
        fprintf(stderr, "libinfisical: infisical_sync_free() was given a sync borrowed from a list "
                        "(infisical_sync_list_at()); it is freed with its list. Aborting (a debug build).\n");
        abort();
#else
        return;
#endif
    }
    infisical__sync_clear(s);
    infisical__free(s);
}

static int copy(char **dst, const char *src)
{
    *dst = NULL;
    return src && !(*dst = infisical__strdup(src)) ? -1 : 0;
}

int infisical_sync_dup(infisical_sync **out, const infisical_sync *s, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!s)
        return infisical__fail_field(err, "sync", "must not be NULL");
    struct infisical_sync *d = infisical__malloc(sizeof *d);
    if (!d)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    *d = *s;
    d->in_list = 0; /* the copy is the caller's own */
    int failed = 0;
#define COPY_MEMBER(m) failed |= copy(&d->m, s->m);
    INFISICAL__SYNC_STRINGS(COPY_MEMBER)
#undef COPY_MEMBER
    for (int j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++)
        failed |= copy(&d->job_id[j], s->job_id[j]) | copy(&d->message[j], s->message[j]) |
                  copy(&d->succeeded_at[j], s->succeeded_at[j]);
    if (failed) {
        infisical__sync_clear(d);
        infisical__free(d);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    *out = d;
    return INFISICAL_OK;
}

uint32_t infisical_sync_list_count(const infisical_sync_list *list)
{
    return list ? list->count : 0;
}

const infisical_sync *infisical_sync_list_at(const infisical_sync_list *list, uint32_t i)
{
    return list && i < list->count ? &list->items[i] : NULL;
}

void infisical_sync_list_free(infisical_sync_list *list)
{
    if (!list)
        return;
    for (uint32_t i = 0; i < list->count; i++)
        infisical__sync_clear(&list->items[i]);
    infisical__free(list->items);
    infisical__free(list);
}
