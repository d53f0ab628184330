#include "redact.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char MASK[] = "[REDACTED]";
#define MASK_LEN (sizeof MASK - 1)

void infisical__secrets_add(struct infisical__secrets *s, const char *v)
{
    if (v && *v && s->count < INFISICAL__SECRETS_MAX)
        s->values[s->count++] = v;
}

/* Replace text[at, at+len) by the mask; returns the index just past it. A run
 * shorter than the mask is starred out instead, so the text never grows. */
static size_t mask(char *text, size_t at, size_t len)
{
    if (len < MASK_LEN) {
        memset(text + at, '*', len);
        return at + len;
    }
    memcpy(text + at, MASK, MASK_LEN);
    memmove(text + at + MASK_LEN, text + at + len, strlen(text + at + len) + 1);
    return at + MASK_LEN;
}

/* If text starts with secret as a JSON string holds it ('"' and '\\' behind a
 * backslash; the setters refuse control bytes), the length of that form there,
 * else 0. */
static size_t json_escaped_at(const char *text, const char *secret)
{
    size_t i = 0;
    for (const char *s = secret; *s; s++) {
        if (*s == '"' || *s == '\\') {
            if (text[i] != '\\' || text[i + 1] != *s)
                return 0;
            i += 2;
        } else {
            if (text[i] != *s)
                return 0;
            i++;
        }
    }
    return i;
}

static void mask_literal(char *text, const char *secret)
{
    size_t n = strlen(secret);
    /* A value this short would mask innocent text; no secret we hold is. */
    if (n < 4)
        return;
    for (char *p = strstr(text, secret); p; p = strstr(p, secret))
        p = text + mask(text, (size_t)(p - text), n);
    /* A server that quotes the JSON body it was sent quotes a secret with a
     * quote or a backslash in its escaped form, which the search above misses. */
    if (strpbrk(secret, "\"\\"))
        for (size_t i = 0; text[i];) {
            size_t len = json_escaped_at(text + i, secret);
            i = len ? mask(text, i, len) : i + 1;
        }
}

/* Where a credential value ends: quotes, white space and the separators of
 * JSON, headers and query strings. */
static int value_char(char c)
{
    return c && c != '"' && c != '\'' && c != '\\' && c != ',' && c != ';' && c != '&' && c != '}' && c != ']' &&
           !isspace((unsigned char)c);
}

/* Mask the value that starts at text[at]; returns the index past the mask. */
static size_t mask_value(char *text, size_t at)
{
    size_t len = 0;
    while (value_char(text[at + len]))
        len++;
    return len ? mask(text, at, len) : at;
}

/* After a credential key: an optional closing quote (escaped or not), white
 * space, ':' or '=', white space, an optional opening quote. Returns where the
 * value starts, or 0 when this is not a key followed by a value. */
static size_t value_after_key(const char *text, size_t i)
{
    if (text[i] == '\\')
        i++;
    if (text[i] == '"' || text[i] == '\'')
        i++;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (text[i] != ':' && text[i] != '=')
        return 0;
    i++;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (text[i] == '\\')
        i++;
    if (text[i] == '"' || text[i] == '\'')
        i++;
    return i;
}

static void mask_credential_keys(char *text)
{
    /* The keys of every secret the Infisical and Northflank APIs carry, in the
     * spellings a server or a proxy might echo them. */
    static const char *const keys[] = {"accessToken", "access_token", "clientSecret", "client_secret",
                                       "apiToken",    "api_token",    "token",        "secret"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t n = strlen(keys[k]);
        for (size_t i = 0; text[i];) {
            if (strncasecmp(text + i, keys[k], n) != 0) {
                i++;
                continue;
            }
            size_t v = value_after_key(text, i + n);
            /* Skip a value this pass (or an earlier one) already masked. */
            if (v && strncmp(text + v, MASK, MASK_LEN) != 0)
                i = mask_value(text, v);
            else
                i += n;
        }
    }
}

static void mask_bearer(char *text)
{
    for (size_t i = 0; text[i];) {
        if (strncasecmp(text + i, "bearer", 6) != 0 || (text[i + 6] != ' ' && text[i + 6] != '\t')) {
            i++;
            continue;
        }
        size_t v = i + 6;
        while (text[v] == ' ' || text[v] == '\t')
            v++;
        i = strncmp(text + v, MASK, MASK_LEN) == 0 ? v + MASK_LEN : mask_value(text, v);
    }
}

/* JWTs: base64url words starting with "eyJ" (the encoding of '{"') with two dots. */
static void mask_jwts(char *text)
{
    for (char *p = strstr(text, "eyJ"); p; p = strstr(p, "eyJ")) {
        size_t len = 0, dots = 0;
        while (p[len] && (isalnum((unsigned char)p[len]) || p[len] == '-' || p[len] == '_' || p[len] == '.'))
            dots += p[len++] == '.';
        p = dots >= 2 ? text + mask(text, (size_t)(p - text), len) : p + 3;
    }
}

void infisical__redact(char *text, const struct infisical__secrets *s)
{
    if (s) {
        /* Longest first: a secret that contains another must not be broken up
         * by the shorter one's mask before its own turn. */
        int done[INFISICAL__SECRETS_MAX] = {0};
        for (size_t round = 0; round < s->count; round++) {
            size_t best = s->count;
            for (size_t i = 0; i < s->count; i++)
                if (!done[i] && (best == s->count || strlen(s->values[i]) > strlen(s->values[best])))
                    best = i;
            done[best] = 1;
            mask_literal(text, s->values[best]);
        }
    }
    mask_bearer(text);
    mask_credential_keys(text);
    mask_jwts(text);
}
