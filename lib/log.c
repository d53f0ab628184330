#include "log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

static const char MASK[] = "[REDACTED]";

/* Replace line[at, at+len) by MASK when that is shorter or equal; a longer
 * secret is always at least as long as the mask, so the line never grows. */
static void mask(char *line, size_t at, size_t len)
{
    size_t m = sizeof MASK - 1;
    if (len < m) {
        memset(line + at, '*', len); /* too short for the mask: star it out */
        return;
    }
    memcpy(line + at, MASK, m);
    memmove(line + at + m, line + at + len, strlen(line + at + len) + 1);
}

static int token_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' ||
           c == '=';
}

/* Mask the word that starts at line[at] (token characters). */
static size_t mask_word(char *line, size_t at)
{
    size_t len = 0;
    while (line[at + len] && token_char(line[at + len]))
        len++;
    if (len)
        mask(line, at, len);
    return len ? (len < sizeof MASK - 1 ? len : sizeof MASK - 1) : 0;
}

static void mask_literal(char *line, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    if (n < 4) /* a very short value would mask innocent text; such secrets are refused anyway */
        return;
    for (char *p = strstr(line, secret); p; p = strstr(p, secret)) {
        mask(line, (size_t)(p - line), n);
        p += sizeof MASK - 1 < n ? sizeof MASK - 1 : n;
    }
}

void infisical__redact(const struct infisical_config *cfg, char *line)
{
    if (cfg) {
        mask_literal(line, cfg->client_secret);
        mask_literal(line, cfg->access_token);
    }
    static const char *const after[] = {"Bearer ", "bearer ", "\"accessToken\":\"", "\"clientSecret\":\"",
                                        "\"apiToken\":\"", "accessToken=", "apiToken="};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        size_t k = strlen(after[i]);
        for (char *p = strstr(line, after[i]); p; p = strstr(p, after[i])) {
            size_t at = (size_t)(p - line) + k;
            p = line + at + mask_word(line, at);
        }
    }
    /* JWTs: base64url words starting with "eyJ" ({"...) with two dots. */
    for (char *p = strstr(line, "eyJ"); p; p = strstr(p, "eyJ")) {
        size_t len = 0, dots = 0;
        while (p[len] && (isalnum((unsigned char)p[len]) || p[len] == '-' || p[len] == '_' || p[len] == '.'))
            dots += p[len++] == '.';
        if (dots >= 2) {
            mask(line, (size_t)(p - line), len);
            p += sizeof MASK - 1 < len ? sizeof MASK - 1 : len;
        } else {
            p += 3;
        }
    }
}

void infisical__log(const struct infisical_config *cfg, int level, const char *fmt, ...)
{
    if (!cfg->log || level > cfg->log_level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    infisical__redact(cfg, line);
    cfg->log(cfg->log_user, level, line);
    infisical__wipe(line, sizeof line);
}
