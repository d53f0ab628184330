/* Redaction: the one place that decides what in a text may be a secret. It
 * knows nothing of where the text goes (a log line, an error message, a
 * preflight reason); every such text passes through it before it is cut to
 * any length, so a secret can never be half-masked. */
#ifndef INFISICAL_UTIL_REDACT_H
#define INFISICAL_UTIL_REDACT_H

#include <stddef.h>

/* Room for every secret one request can meet: the bearer token, a secret in
 * the body, the client secret, a fixed token, the issued token, a Northflank
 * token, and the token an update rotates to. */
#define INFISICAL__SECRETS_MAX 8

/* Literal secret values, borrowed from their owners for the time of a call. */
struct infisical__secrets {
    const char *values[INFISICAL__SECRETS_MAX];
    size_t count;
};

/* Add v (NULL and empty are ignored; a full set ignores more, which a caller
 * avoids by sizing INFISICAL__SECRETS_MAX above). */
void infisical__secrets_add(struct infisical__secrets *s, const char *v);

/* Mask, in place, what may be a secret: every occurrence of a value of s
 * (may be NULL), the value after "Bearer ", the value of a credential key in
 * JSON, escaped JSON or a query string ("apiToken" : "...", \"accessToken\":
 * \"...\", clientSecret=...), and JWT-shaped words. A masked run becomes
 * "[REDACTED]", or stars when it is shorter than that: the text never grows. */
void infisical__redact(char *text, const struct infisical__secrets *s);

#endif
