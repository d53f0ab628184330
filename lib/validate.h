/* Client-side checks that mirror the server's rules, so bad input fails before
 * any request is sent. Each returns NULL when the value is fine, else the
 * message the server would give (or our own where the server has none). */
#ifndef INFISICAL_VALIDATE_H
#define INFISICAL_VALIDATE_H

#include <stddef.h>

#include "infisical/error.h"

/* Which characters a caller's string may hold, chosen by where it goes. */
enum {
    INFISICAL__CHARS_ANY = 0,       /* any bytes: a PEM bundle (its comment lines may be in any encoding) */
    INFISICAL__CHARS_LINE = 1,      /* no control characters (C0, DEL): a file path, bytes to the OS */
    INFISICAL__CHARS_UTF8 = 2,      /* valid UTF-8, line breaks allowed: a JSON string (the encoder escapes them) */
    INFISICAL__CHARS_UTF8_LINE = 3, /* valid UTF-8 without control characters: ids, names (JSON, URL segments) */
    INFISICAL__CHARS_ASCII = 4      /* printable ASCII, space included: HTTP header values, URLs */
};

/* Trim white space the way JavaScript's String.prototype.trim does (the
 * server trims every string field); returns the start and sets *len. */
const char *infisical__trim(const char *s, size_t *len);

/* slugSchema: 1..64 characters, lowercase letters, digits, single inner hyphens. */
const char *infisical__check_slug(const char *field, const char *s, size_t len);

/* slugSchema({field, max}) for any field: INFISICAL_OK, or a client-side
 * INFISICAL_EINVAL about `field` in the server's words. */
int infisical__check_slug_of(infisical_error **err, const char *field, const char *s, size_t len, size_t max);

/* z.string().uuid(): 8-4-4-4-12 hex digits. */
const char *infisical__check_uuid(const char *s);

/* Well-formed UTF-8 (JSON text needs it); sets *utf16_units to the length the
 * server's JavaScript would see. Returns 0 or -1 when malformed. */
int infisical__utf8_units(const char *s, size_t len, size_t *utf16_units);

/* The character rule `chars` (INFISICAL__CHARS_*) on s[0..len): NULL when
 * it holds, else "must not contain control characters", "must be printable
 * ASCII" or "is not valid UTF-8". */
const char *infisical__check_chars(const char *s, size_t len, int chars);

/* A caller's string (not NULL), measured before anything else is done with
 * it: at most max_bytes bytes, found without reading past s[max_bytes], so a
 * 10 MB argument costs no more than one at the limit. Then its characters.
 * Sets *len. INFISICAL_OK, or a client-side INFISICAL_EINVAL about `field`
 * ("must be at most 256 bytes", or the character rule's message). Emptiness
 * is the caller's to judge: its wording differs by field. */
int infisical__check_text(infisical_error **err, const char *field, const char *s, size_t max_bytes, int chars,
                          size_t *len);

/* The same for a value the server trims: max_bytes counts the string as
 * passed, white space included (measured first, as above); the characters
 * are those of the trimmed value, which *t and *n receive. */
int infisical__check_trimmed(infisical_error **err, const char *field, const char *s, size_t max_bytes, int chars,
                             const char **t, size_t *n);

#endif
