/* A growable byte buffer, always NUL-terminated, for reply bodies and built strings. */
#ifndef INFISICAL_UTIL_BUF_H
#define INFISICAL_UTIL_BUF_H

#include <stddef.h>

typedef struct infisical__buf {
    char *data;  /* NULL until the first append */
    size_t len;
    size_t cap;
    /* 0 (the default): the bytes may include a secret, so every block is
     * wiped before it is freed, and growing copies rather than reallocs.
     * 1: the owner has shown the bytes hold no secret (say where you set it
     * why that holds): it grows with realloc and is freed unwiped. Set it
     * before the first append; clearing the buffer sets it back to 0. */
    int plain;
} infisical__buf;

/* 0 on success, -1 when out of memory (the buffer is unchanged). */
int infisical__buf_append(infisical__buf *b, const char *s, size_t n);
int infisical__buf_puts(infisical__buf *b, const char *s);
/* Append s percent-encoded as one URL path segment or query value (RFC 3986 unreserved kept). */
int infisical__buf_escape(infisical__buf *b, const char *s);
/* Make room for n more bytes (and the NUL) now, so that appending them
 * allocates nothing; 0, or -1 when out of memory (the buffer is unchanged). */
int infisical__buf_reserve(infisical__buf *b, size_t n);
/* Hand the string over to the caller ("" when empty); the buffer is reset. NULL when out of memory. */
char *infisical__buf_take(infisical__buf *b);
/* Wipe (unless plain: the body may hold a secret), free and reset. */
void infisical__buf_clear(infisical__buf *b);

#endif
