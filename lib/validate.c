#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "error_internal.h"

/* Length of the JavaScript white space or line terminator that starts at s
 * (String.prototype.trim's set: ASCII space and controls \t\n\v\f\r,
 * U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
 * U+FEFF), or 0. */
static size_t space_at(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
        return 1;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (n < 3)
        return 0;
    unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if ((s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
        return 0;
    int space = cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
                cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
    return space ? 3 : 0;
}

/* Length of the white space that ends s[0..n), or 0. */
static size_t space_before(const unsigned char *s, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (space_at(s + n - k, k) == k)
            return k;
    return 0;
}

const char *infisical__trim(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), k;
    while ((k = space_at(p, n)) != 0) {
        p += k;
        n -= k;
    }
    while ((k = space_before(p, n)) != 0)
        n -= k;
    *len = n;
    return (const char *)p;
}

static int is_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

const char *infisical__check_slug(const char *field, const char *s, size_t len)
{
    /* The server's own texts (backend/src/server/lib/schemas.ts); `field` is
     * only "name" or "slug" here, so the text can be chosen statically. */
    int is_name = strcmp(field, "name") == 0;
    if (len < 1)
        return is_name ? "name field must be at least 1 lowercase character"
                       : "slug field must be at least 1 lowercase character";
    if (len > 64)
        return is_name ? "name field must be at most 64 lowercase characters"
                       : "slug field must be at most 64 lowercase characters";
    for (size_t i = 0; i < len; i++) {
        int ok = is_lower_alnum(s[i]) ||
                 (s[i] == '-' && i > 0 && i + 1 < len && s[i + 1] != '-');
        if (!ok)
            return is_name ? "name field can only contain lowercase letters, numbers, and hyphens"
                           : "slug field can only contain lowercase letters, numbers, and hyphens";
    }
    return NULL;
}

int infisical__check_slug_of(infisical_error **err, const char *field, const char *s, size_t len, size_t max)
{
    /* The server's texts, for any field and bound (slugSchema({field, max})). */
    char text[160];
    int bad = 0;
    if (len < 1)
        snprintf(text, sizeof text, "%s field must be at least 1 lowercase character", field);
    else if (len > max)
        snprintf(text, sizeof text, "%s field must be at most %zu lowercase characters", field, max);
    else
        for (size_t i = 0; i < len && !bad; i++)
            bad = !(is_lower_alnum(s[i]) || (s[i] == '-' && i > 0 && i + 1 < len && s[i + 1] != '-'));
    if (bad)
        snprintf(text, sizeof text, "%s field can only contain lowercase letters, numbers, and hyphens", field);
    return len < 1 || len > max || bad ? infisical__fail_field(err, field, text) : INFISICAL_OK;
}

const char *infisical__check_uuid(const char *s)
{
    /* Each position's class: 1 a hex digit, 2 the '-'; a table, as every call
     * by id checks one. Stops at the first byte out of shape, so it reads no
     * further than the terminator of a shorter string or one byte past a UUID. */
    static const unsigned char class_of[256] = {
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
        ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
        ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['-'] = 2,
    };
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (class_of[p[i]] != (shape[i] == '-' ? 2 : 1))
            return "Invalid uuid";
    return p[sizeof shape - 1] == '\0' ? NULL : "Invalid uuid";
}

int infisical__utf8_units(const char *s, size_t len, size_t *utf16_units)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t units = 0;
    while (p < end) {
        unsigned c = *p;
        size_t n;
        unsigned cp, min;
        if (c < 0x80) {
            n = 1; cp = c; min = 0;
        } else if ((c & 0xE0) == 0xC0) {
            n = 2; cp = c & 0x1F; min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 3; cp = c & 0x0F; min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return -1;
        }
        if ((size_t)(end - p) < n)
            return -1;
        for (size_t i = 1; i < n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        units += cp >= 0x10000 ? 2 : 1;
        p += n;
    }
    *utf16_units = units;
    return 0;
}

const char *infisical__check_chars(const char *s, size_t len, int chars)
{
    if (chars == INFISICAL__CHARS_ANY)
        return NULL;
    if (chars != INFISICAL__CHARS_UTF8) {
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < ' ' || c == 0x7f)
                return "must not contain control characters";
            if (c > 0x7f && chars == INFISICAL__CHARS_ASCII)
                return "must be printable ASCII";
        }
    }
    size_t units;
    if ((chars == INFISICAL__CHARS_UTF8 || chars == INFISICAL__CHARS_UTF8_LINE) &&
        infisical__utf8_units(s, len, &units) != 0)
        return "is not valid UTF-8";
    return NULL;
}

/* The length check alone: INFISICAL_OK and *len, or the error naming the limit. */
static int check_length(infisical_error **err, const char *field, const char *s, size_t max_bytes, size_t *len)
{
    /* strnlen stops at max_bytes + 1: the length of a longer string is never needed. */
    *len = strnlen(s, max_bytes + 1);
    if (*len <= max_bytes)
        return INFISICAL_OK;
    char text[64];
    snprintf(text, sizeof text, "must be at most %zu bytes", max_bytes);
    return infisical__fail_field(err, field, text);
}

int infisical__check_text(infisical_error **err, const char *field, const char *s, size_t max_bytes, int chars,
                          size_t *len)
{
    int rc = check_length(err, field, s, max_bytes, len);
    if (rc != INFISICAL_OK)
        return rc;
    const char *why = infisical__check_chars(s, *len, chars);
    return why ? infisical__fail_field(err, field, why) : INFISICAL_OK;
}

int infisical__check_trimmed(infisical_error **err, const char *field, const char *s, size_t max_bytes, int chars,
                             const char **t, size_t *n)
{
    size_t len;
    int rc = check_length(err, field, s, max_bytes, &len);
    if (rc != INFISICAL_OK)
        return rc;
    *t = infisical__trim(s, n); /* s is known to end within max_bytes */
    const char *why = infisical__check_chars(*t, *n, chars);
    return why ? infisical__fail_field(err, field, why) : INFISICAL_OK;
}
