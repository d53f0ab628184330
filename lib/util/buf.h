/* A growable byte buffer, always NUL-terminated, for reply bodies and built strings. */
#ifndef INFISICAL_UTIL_BUF_H
#define INFISICAL_UTIL_BUF_H

#include <stddef.h>

typedef struct infisical__buf {
    char *data;  /* NULL until the first append */
    size_t len;
    size_t cap;
} infisical__buf;

/* 0 on success, -1 when out of memory (the buffer is unchanged). */
int infisical__buf_append(infisical__buf *b, const char *s, size_t n);
int infisical__buf_puts(infisical__buf *b, const char *s);
/* Append s percent-encoded as one URL path segment or query value (RFC 3986 unreserved kept). */
int infisical__buf_escape(infisical__buf *b, const char *s);
/* Hand the string over to the caller ("" when empty); the buffer is reset. NULL when out of memory. */
char *infisical__buf_take(infisical__buf *b);
/* Wipe (the body may hold a secret), free and reset. */
void infisical__buf_clear(infisical__buf *b);

#endif
