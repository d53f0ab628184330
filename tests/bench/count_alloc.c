/* Counts malloc, calloc and realloc of the whole process (libcurl, OpenSSL,
 * jansson, libinfisical, the baseline alike) by glibc's documented way of
 * replacing malloc: these definitions in the executable win over libc's, and
 * libc's own callers reach them too. Linked only into bench-client-counted, so
 * the callgrind figures of bench-client carry no counting cost. */
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static atomic_int counting;
static atomic_ulong allocations;

void bench_count_allocs(int on)
{
    atomic_store(&counting, on);
}

unsigned long bench_allocs(void)
{
    return atomic_load(&allocations);
}

static void count(void)
{
    if (atomic_load_explicit(&counting, memory_order_relaxed))
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
}

void *malloc(size_t n)
{
    count();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    count();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    count();
    return __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}
