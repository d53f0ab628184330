#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Fault injection for tests; both are zero in production, costing one atomic load. */
static atomic_ulong fail_countdown;
static atomic_int fail_sticky;
static atomic_ulong alloc_count;

static int should_fail(void)
{
    atomic_fetch_add(&alloc_count, 1);
    unsigned long c = atomic_load(&fail_countdown);
    if (c == 0)
        return 0;
    if (c == 1) {
        if (!atomic_load(&fail_sticky))
            atomic_store(&fail_countdown, 0);
        return 1;
    }
    atomic_store(&fail_countdown, c - 1);
    return 0;
}

unsigned long infisical__alloc_fail_after(unsigned long countdown)
{
    atomic_store(&fail_sticky, 1);
    atomic_store(&fail_countdown, countdown);
    return atomic_exchange(&alloc_count, 0);
}

unsigned long infisical__alloc_fail_only(unsigned long nth)
{
    atomic_store(&fail_sticky, 0);
    atomic_store(&fail_countdown, nth);
    return atomic_exchange(&alloc_count, 0);
}

void *infisical__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *infisical__calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *infisical__realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

char *infisical__strndup(const char *s, size_t n)
{
    char *d = infisical__malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *infisical__strdup(const char *s)
{
    return infisical__strndup(s, strlen(s));
}

int infisical__replace_string(char **member, const char *s, size_t n, int secret)
{
    char *copy = NULL;
    if (s && !(copy = infisical__strndup(s, n)))
        return -1;
    if (secret)
        infisical__free_secret(*member);
    else
        infisical__free(*member);
    *member = copy;
    return 0;
}

void infisical__free(void *p)
{
    free(p);
}

void infisical__wipe(void *p, size_t n)
{
    /* A volatile function pointer hides memset from dead-store elimination. */
    static void *(*const volatile memset_v)(void *, int, size_t) = memset;
    if (p && n)
        memset_v(p, 0, n);
}

void infisical__free_secret(char *s)
{
    if (s) {
        infisical__wipe(s, strlen(s));
        free(s);
    }
}
