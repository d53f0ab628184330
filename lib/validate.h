/* Client-side checks that mirror the server's rules, so bad input fails before
 * any request is sent. Each returns NULL when the value is fine, else the
 * message the server would give (or our own where the server has none). */
#ifndef INFISICAL_VALIDATE_H
#define INFISICAL_VALIDATE_H

#include <stddef.h>

/* Trim white space the way JavaScript's String.prototype.trim does (the
 * server trims every string field); returns the start and sets *len. */
const char *infisical__trim(const char *s, size_t *len);

/* slugSchema: 1..64 characters, lowercase letters, digits, single inner hyphens. */
const char *infisical__check_slug(const char *field, const char *s, size_t len);

/* z.string().uuid(): 8-4-4-4-12 hex digits. */
const char *infisical__check_uuid(const char *s);

/* Well-formed UTF-8 (JSON text needs it); sets *utf16_units to the length the
 * server's JavaScript would see. Returns 0 or -1 when malformed. */
int infisical__utf8_units(const char *s, size_t len, size_t *utf16_units);

#endif
