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
    /* RFC 3986's unreserved bytes but '.', which is escaped too, so that "."
     * and ".." can never act as path steps. A table: every id in every path
     * goes through here. */
    static const unsigned char unreserved[256] = {
        ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
        ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
        ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
        ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
        ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
        ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
        ['9'] = 1, ['-'] = 1, ['_'] = 1, ['~'] = 1,
    };
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* A run of unreserved bytes goes in whole. */
        const unsigned char *run = p;
        while (unreserved[*p])
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
