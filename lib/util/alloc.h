/* Every allocation of the library goes through these, so that a test can make
 * the n-th one fail and prove that each failure path cleans up. */
#ifndef INFISICAL_UTIL_ALLOC_H
#define INFISICAL_UTIL_ALLOC_H

#include <stddef.h>

void *infisical__malloc(size_t n);
void *infisical__calloc(size_t count, size_t size);
void *infisical__realloc(void *p, size_t n);
char *infisical__strdup(const char *s);
char *infisical__strndup(const char *s, size_t n);
void infisical__free(void *p);

/* Replace *member by a copy of the n bytes at s (s NULL: by NULL); the old
 * value is wiped first when `secret`. 0, or -1 when out of memory (then
 * *member is unchanged). */
int infisical__replace_string(char **member, const char *s, size_t n, int secret);

/* Overwrite n bytes in a way the compiler may not drop as a dead store. */
void infisical__wipe(void *p, size_t n);
/* Wipe a NUL-terminated secret, then free it. Accepts NULL. */
void infisical__free_secret(char *s);

/* Test hook: the next `countdown`-th allocation (1 = the next one) and every
 * one after it fail; 0 turns failures off. Returns how many allocations were
 * made since the last call, so a test can learn how many a call makes. */
unsigned long infisical__alloc_fail_after(unsigned long countdown);
/* Test hook: only the nth allocation from now fails (a transient shortage). */
unsigned long infisical__alloc_fail_only(unsigned long nth);

#endif
