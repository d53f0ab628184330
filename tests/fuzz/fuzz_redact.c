/* The log door (lib/log.c) and the redaction behind it (lib/util/redact.c).
 * The input is "secret\0secret\0...\0text": the first two secrets are the
 * config's client secret and access token, up to six more are the call's
 * secrets, the last part is the text logged. Oracles on every delivered line:
 * no planted secret survives whole; no JWT-shaped word, no value after
 * "Bearer " and no value of a credential key survives; the line is at most INFISICAL__LOG_LINE_MAX bytes and,
 * when everything given was UTF-8, it is UTF-8 still (the cut never splits a
 * character). */
#include <strings.h>

#include "config_internal.h"
#include "fuzz.h"
#include "log.h"
#include "validate.h"

static const char *planted[INFISICAL__SECRETS_MAX];
static size_t planted_count;
static int all_utf8;
static int delivered;

/* A secret the oracle can judge: one that masking other text cannot make.
 * Masks are "[REDACTED]" or stars, so a value with '[', ']' or '*', or one
 * inside the word REDACTED, could appear without having leaked; shorter than
 * 4 bytes, the redaction leaves it alone by design (redact.c). */
static int judged(const char *s)
{
    return strlen(s) >= 4 && !strpbrk(s, "[]*") && !strstr("[REDACTED]", s);
}

static int value_char(char c)
{
    return c && !strchr("\"'\\,;&}]", c) && !(c == ' ' || (c >= '\t' && c <= '\r'));
}

/* Whether a value starts at v, unmasked. A mask may be cut short by the end
 * of the line (the cut comes after redaction). */
static int unmasked(const char *v)
{
    size_t n = strnlen(v, 10);
    return value_char(*v) && *v != '*' && strncmp(v, "[REDACTED]", n) != 0;
}

static void on_line(void *user, int level, const char *line)
{
    (void)user;
    (void)level;
    delivered++;
    size_t len = strlen(line);
    FUZZ_CHECK(len <= INFISICAL__LOG_LINE_MAX);
    for (size_t i = 0; i < planted_count; i++)
        FUZZ_CHECK(!judged(planted[i]) || !strstr(line, planted[i]));
    for (const char *p = strstr(line, "eyJ"); p; p = strstr(p + 1, "eyJ")) {
        size_t n = 0, dots = 0;
        while (p[n] && ((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
                        p[n] == '-' || p[n] == '_' || p[n] == '.'))
            dots += p[n++] == '.';
        FUZZ_CHECK(dots < 2);
    }
    for (size_t i = 0; i + 6 < len; i++) {
        if (strncasecmp(line + i, "bearer", 6) != 0 || (line[i + 6] != ' ' && line[i + 6] != '\t'))
            continue;
        const char *v = line + i + 6;
        while (*v == ' ' || *v == '\t')
            v++;
        FUZZ_CHECK(!unmasked(v));
    }
    /* A credential key followed by its separator ("apiToken" : "...",
     * \"accessToken\":\"...\", clientSecret=...) is followed by a mask. */
    static const char *const keys[] = {"accessToken", "access_token", "clientSecret", "client_secret",
                                       "apiToken",    "api_token",    "token",        "secret"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t kn = strlen(keys[k]);
        for (size_t i = 0; i + kn <= len; i++) {
            if (strncasecmp(line + i, keys[k], kn) != 0)
                continue;
            const char *v = line + i + kn;
            v += *v == '\\';
            v += *v == '"' || *v == '\'';
            while (*v == ' ' || *v == '\t')
                v++;
            if (*v != ':' && *v != '=')
                continue;
            v++;
            while (*v == ' ' || *v == '\t')
                v++;
            v += *v == '\\';
            v += *v == '"' || *v == '\'';
            FUZZ_CHECK(!unmasked(v));
        }
    }
    size_t units;
    FUZZ_CHECK(!all_utf8 || infisical__utf8_units(line, len, &units) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, data, size);
    copy[size] = '\0';
    /* Split at NULs: parts before the last one are secrets. */
    const char *parts[INFISICAL__SECRETS_MAX + 1];
    size_t nparts = 0;
    char *p = copy, *end = copy + size;
    while (nparts < INFISICAL__SECRETS_MAX) {
        char *nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul || nul == end)
            break;
        parts[nparts++] = p;
        p = nul + 1;
    }
    const char *text = p; /* the rest, up to its first NUL */

    struct infisical_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.log = on_line;
    cfg.log_level = INFISICAL_LOG_DEBUG;
    struct infisical__secrets call = {0};
    planted_count = 0;
    all_utf8 = infisical__check_chars(text, strlen(text), INFISICAL__CHARS_UTF8) == NULL;
    for (size_t i = 0; i < nparts; i++) {
        if (i == 0)
            cfg.client_secret = (char *)parts[i];
        else if (i == 1)
            cfg.access_token = (char *)parts[i];
        else
            infisical__secrets_add(&call, parts[i]);
        planted[planted_count++] = parts[i];
        all_utf8 &= infisical__check_chars(parts[i], strlen(parts[i]), INFISICAL__CHARS_UTF8) == NULL;
    }

    delivered = 0;
    infisical__log(&cfg, &call, INFISICAL_LOG_INFO, "%s", text);
    infisical__log(&cfg, &call, INFISICAL_LOG_DEBUG, "GET /api/v1/x -> %s (attempt %d)", text, 2);
    /* A warning has no call behind it: only the config's secrets are known. */
    planted_count = nparts < 2 ? nparts : 2;
    infisical__warn(&cfg, "%s", text);
    FUZZ_CHECK(delivered == 3);
    free(copy);
    return 0;
}
