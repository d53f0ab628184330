#include "buf.h"

#include <string.h>

#include "alloc.h"

int infisical__buf_reserve(infisical__buf *b, size_t n)
{
    if (n >= (size_t)-1 / 2 - b->len)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    if (b->plain) {
        char *d = infisical__realloc(b->data, cap);
        if (!d)
            return -1;
        b->data = d;
    } else {
        /* Grow by copy, not realloc, so the old block can be wiped: it may hold a token. */
        char *d = infisical__malloc(cap);
        if (!d)
            return -1;
        if (b->data) {
            memcpy(d, b->data, b->len);
            infisical__wipe(b->data, b->len);
            infisical__free(b->data);
        }
        b->data = d;
    }
    b->cap = cap;
    b->data[b->len] = '\0';
    return 0;
}

int infisical__buf_append(infisical__buf *b, const char *s, size_t n)
{
    if (infisical__buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int infisical__buf_puts(infisical__buf *b, const char *s)
{
    return infisical__buf_append(b, s, strlen(s));
}

int infisical__buf_escape(infisical__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* A run of unreserved bytes goes in whole; '.' is escaped too, so
         * that "." and ".." can never act as path steps. */
        const unsigned char *run = p;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
               *p == '_' || *p == '~')
            p++;
        if (p > run && infisical__buf_append(b, (const char *)run, (size_t)(p - run)))
            return -1;
        if (!*p)
            break;
        char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        if (infisical__buf_append(b, enc, 3))
            return -1;
        p++;
    }
    return 0;
}

char *infisical__buf_take(infisical__buf *b)
{
    char *s = b->data;
    if (!s)
        s = infisical__strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    b->plain = 0;
    return s;
}

void infisical__buf_clear(infisical__buf *b)
{
    if (b->data) {
        if (!b->plain)
            infisical__wipe(b->data, b->cap);
        infisical__free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
    b->plain = 0;
}
