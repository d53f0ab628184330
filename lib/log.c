#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

void infisical__secrets_of_config(struct infisical__secrets *s, const struct infisical_config *cfg)
{
    infisical__secrets_add(s, cfg->client_secret);
    infisical__secrets_add(s, cfg->access_token);
}

/* Format, redact, then cut: a secret is masked whole before any length limit
 * applies. NULL when out of memory (the line is then dropped). */
static char *render(const struct infisical_config *cfg, const struct infisical__secrets *secrets, const char *fmt,
                    va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *line = n < 0 ? NULL : infisical__malloc((size_t)n + 1);
    if (!line)
        return NULL;
    vsnprintf(line, (size_t)n + 1, fmt, ap);
    struct infisical__secrets all = {0};
    infisical__secrets_of_config(&all, cfg);
    for (size_t i = 0; secrets && i < secrets->count; i++)
        infisical__secrets_add(&all, secrets->values[i]);
    infisical__redact(line, &all);
    size_t len = strlen(line);
    if (len > INFISICAL__LOG_LINE_MAX) {
        len = INFISICAL__LOG_LINE_MAX;
        while (len > 0 && ((unsigned char)line[len] & 0xC0) == 0x80) /* not inside a UTF-8 character */
            len--;
        line[len] = '\0';
    }
    return line;
}

static void release(char *line)
{
    infisical__free_secret(line); /* it held the unredacted text for a moment */
}

int infisical__log_wanted(const struct infisical_config *cfg, int level)
{
    return cfg->log && level <= cfg->log_level;
}

void infisical__log(const struct infisical_config *cfg, const struct infisical__secrets *secrets, int level,
                    const char *fmt, ...)
{
    if (!infisical__log_wanted(cfg, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    char *line = render(cfg, secrets, fmt, ap);
    va_end(ap);
    if (line)
        cfg->log(cfg->log_user, level, line);
    release(line);
}

void infisical__warn(const struct infisical_config *cfg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line = render(cfg, NULL, fmt, ap);
    va_end(ap);
    if (!line)
        return;
    if (cfg->log) {
        if (INFISICAL_LOG_WARN <= cfg->log_level)
            cfg->log(cfg->log_user, INFISICAL_LOG_WARN, line);
    } else
        fprintf(stderr, "libinfisical: warning: %s\n", line);
    release(line);
}
