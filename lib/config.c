#include "config_internal.h"

#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "util/alloc.h"
#include "validate.h"

/* Replace *member by a copy of s[0..n) (NULL clears); the old value is wiped
 * when secret. n is the length the setter measured, so nothing is read twice. */
static int replace(char **member, const char *s, size_t n, int secret, infisical_error **err)
{
    if (infisical__replace_string(member, s, s ? n : 0, secret) != 0)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

int infisical_config_new(infisical_config **out, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    infisical_config *cfg = infisical__calloc(1, sizeof *cfg);
    if (!cfg || !(cfg->base_url = infisical__strdup(INFISICAL_DEFAULT_BASE_URL)) ||
        !(cfg->northflank_url = infisical__strdup(INFISICAL_DEFAULT_NORTHFLANK_URL))) {
        infisical_config_free(cfg);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    cfg->northflank_page_cap = INFISICAL_DEFAULT_NORTHFLANK_PAGE_CAP;
    cfg->timeout_ms = INFISICAL_DEFAULT_TIMEOUT_MS;
    cfg->connect_timeout_ms = INFISICAL_DEFAULT_CONNECT_TIMEOUT_MS;
    cfg->max_attempts = INFISICAL_DEFAULT_MAX_ATTEMPTS;
    cfg->backoff_base_ms = INFISICAL_DEFAULT_BACKOFF_BASE_MS;
    cfg->backoff_max_ms = INFISICAL_DEFAULT_BACKOFF_MAX_MS;
    cfg->max_response_bytes = INFISICAL_DEFAULT_MAX_RESPONSE_BYTES;
    *out = cfg;
    return INFISICAL_OK;
}

void infisical_config_free(infisical_config *cfg)
{
    if (!cfg)
        return;
    infisical__free(cfg->base_url);
    infisical__free(cfg->org_slug);
    infisical__free(cfg->ua_suffix);
    infisical__free_secret(cfg->access_token);
    infisical__free(cfg->client_id);
    infisical__free_secret(cfg->client_secret);
    infisical__free(cfg->ca_file);
    infisical__free(cfg->ca_dir);
    infisical__free(cfg->ca_pem);
    infisical__free(cfg->proxy);
    infisical__free(cfg->no_proxy);
    infisical__free(cfg->northflank_url);
    infisical__free(cfg);
}

struct infisical_config *infisical__config_dup(const struct infisical_config *src)
{
    struct infisical_config *d = infisical__calloc(1, sizeof *d);
    if (!d)
        return NULL;
    /* Scalars and callbacks by value; then every string gets its own copy. */
    *d = *src;
    char **const to[] = {&d->base_url, &d->org_slug, &d->ua_suffix, &d->access_token, &d->client_id,
                         &d->client_secret, &d->ca_file, &d->ca_dir, &d->ca_pem, &d->proxy, &d->no_proxy,
                         &d->northflank_url};
    const char *from[sizeof to / sizeof to[0]];
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++) {
        from[i] = *to[i];
        *to[i] = NULL;
    }
    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
        if (from[i] && !(*to[i] = infisical__strdup(from[i]))) {
            infisical_config_free(d);
            return NULL;
        }
    }
    return d;
}

static const char *check_base_url(const char *url)
{
    const char *rest;
    if (strncmp(url, "https://", 8) == 0)
        rest = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        rest = url + 7;
    else
        return "must start with http:// or https://";
    if (*rest == '\0' || *rest == '/')
        return "has no host";
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '?' || *p == '#')
            return "must not contain spaces, control characters, '?' or '#'";
    return NULL;
}

/* A base URL without its trailing '/'s. */
static int set_url(infisical_config *cfg, char **member, const char *field, const char *url, infisical_error **err)
{
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (!url)
        return infisical__fail_field(err, field, "must not be NULL");
    /* The length first; check_base_url judges the characters with its own words. */
    size_t n;
    int rc = infisical__check_text(err, field, url, INFISICAL_URL_MAX, INFISICAL__CHARS_ANY, &n);
    if (rc != INFISICAL_OK)
        return rc;
    const char *why = check_base_url(url);
    if (why)
        return infisical__fail_field(err, field, why);
    while (n > 0 && url[n - 1] == '/')
        n--;
    if (infisical__replace_string(member, url, n, 0) != 0)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

int infisical_config_set_base_url(infisical_config *cfg, const char *url, infisical_error **err)
{
    infisical__error_clear(err);
    return set_url(cfg, cfg ? &cfg->base_url : NULL, "base_url", url, err);
}

int infisical_config_set_northflank_url(infisical_config *cfg, const char *url, infisical_error **err)
{
    infisical__error_clear(err);
    return set_url(cfg, cfg ? &cfg->northflank_url : NULL, "northflank_url", url, err);
}

int infisical_config_set_northflank_page_cap(infisical_config *cfg, uint32_t pages, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    int rc = infisical__check_between(err, "northflank_page_cap", pages, 1, 100000);
    if (rc != INFISICAL_OK)
        return rc;
    cfg->northflank_page_cap = pages;
    return INFISICAL_OK;
}

int infisical_config_set_timeout_ms(infisical_config *cfg, int64_t timeout_ms, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    int rc = infisical__check_between(err, "timeout_ms", timeout_ms, 1, 86400000);
    if (rc != INFISICAL_OK)
        return rc;
    cfg->timeout_ms = timeout_ms;
    return INFISICAL_OK;
}

int infisical_config_set_org_slug(infisical_config *cfg, const char *slug, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    size_t n = 0;
    if (slug) {
        /* It goes in the X-Infisical-Org header; the slug rule (the server's
         * words) allows only lowercase ASCII letters, digits and hyphens, so
         * the length is all that needs checking first. */
        int rc = infisical__check_text(err, "org_slug", slug, INFISICAL_ORG_SLUG_MAX, INFISICAL__CHARS_ANY, &n);
        if (rc != INFISICAL_OK)
            return rc;
        const char *why = infisical__check_slug("slug", slug, n);
        if (why)
            return infisical__fail_field(err, "org_slug", why);
    }
    return replace(&cfg->org_slug, slug, n, 0, err);
}

int infisical_config_set_user_agent_suffix(infisical_config *cfg, const char *suffix, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    size_t n = 0;
    if (suffix) {
        /* It goes in the User-Agent header. */
        int rc = infisical__check_text(err, "user_agent_suffix", suffix, INFISICAL_USER_AGENT_SUFFIX_MAX,
                                       INFISICAL__CHARS_ASCII, &n);
        if (rc != INFISICAL_OK)
            return rc;
        if (n == 0)
            return infisical__fail_field(err, "user_agent_suffix", "must not be empty (pass NULL for none)");
    }
    return replace(&cfg->ua_suffix, suffix, n, 0, err);
}

/* A credential goes into a JSON body (valid UTF-8, one line) or, for the
 * access token, into the Authorization header (printable ASCII). */
static int check_credential(const char *field, const char *s, size_t max_bytes, int in_header, size_t *n,
                            infisical_error **err)
{
    int rc = infisical__check_text(err, field, s, max_bytes,
                                   in_header ? INFISICAL__CHARS_ASCII : INFISICAL__CHARS_UTF8_LINE, n);
    if (rc == INFISICAL_OK && *n == 0)
        rc = infisical__fail_field(err, field, "must not be empty");
    return rc;
}

int infisical_config_set_access_token(infisical_config *cfg, const char *token, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    size_t n = 0;
    int rc;
    if (token && (rc = check_credential("access_token", token, INFISICAL_ACCESS_TOKEN_MAX, 1, &n, err)))
        return rc;
    rc = replace(&cfg->access_token, token, n, 1, err);
    if (rc != INFISICAL_OK)
        return rc;
    if (token) {
        infisical__free(cfg->client_id);
        infisical__free_secret(cfg->client_secret);
        cfg->client_id = cfg->client_secret = NULL;
    }
    return INFISICAL_OK;
}

int infisical_config_set_universal_auth(infisical_config *cfg, const char *client_id,
                                        const char *client_secret, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (!client_id != !client_secret)
        return infisical__fail_field(err, client_id ? "client_secret" : "client_id",
                                     "must be given together with the other half of the pair");
    size_t id_len = 0, secret_len = 0;
    int rc;
    if (client_id && (rc = check_credential("client_id", client_id, INFISICAL_CLIENT_ID_MAX, 0, &id_len, err)))
        return rc;
    if (client_secret &&
        (rc = check_credential("client_secret", client_secret, INFISICAL_CLIENT_SECRET_MAX, 0, &secret_len, err)))
        return rc;
    char *id = NULL, *secret = NULL;
    if (client_id && (!(id = infisical__strndup(client_id, id_len)) ||
                      !(secret = infisical__strndup(client_secret, secret_len)))) {
        infisical__free(id);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    infisical__free(cfg->client_id);
    infisical__free_secret(cfg->client_secret);
    cfg->client_id = id;
    cfg->client_secret = secret;
    if (client_id) {
        infisical__free_secret(cfg->access_token);
        cfg->access_token = NULL;
    }
    return INFISICAL_OK;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int infisical_config_load_env(infisical_config *cfg, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    const char *url = env("INFISICAL_API_URL");
    const char *token = env("INFISICAL_TOKEN");
    const char *id = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
    const char *secret = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    if (token && (id || secret))
        return infisical__fail_field(err, "INFISICAL_TOKEN",
                                     "is set together with INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/SECRET: choose one way to authenticate");
    if (!id != !secret)
        return infisical__fail_field(err, id ? "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET" : "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID",
                                     "is not set, but the other half of the pair is");

    /* Work on a copy so that a failure half-way leaves cfg as it was. */
    struct infisical_config *tmp = infisical__config_dup(cfg);
    if (!tmp)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    int rc = INFISICAL_OK;
    infisical_error *e = NULL;
    if (url)
        rc = infisical_config_set_base_url(tmp, url, &e);
    if (rc == INFISICAL_OK && token)
        rc = infisical_config_set_access_token(tmp, token, &e);
    if (rc == INFISICAL_OK && id)
        rc = infisical_config_set_universal_auth(tmp, id, secret, &e);
    if (rc == INFISICAL_OK) {
        struct infisical_config swap = *cfg;
        *cfg = *tmp;
        *tmp = swap;
        infisical_config_free(tmp);
        return INFISICAL_OK;
    }
    infisical_config_free(tmp);
    if (rc == INFISICAL_EINVAL && e->issue_count == 1) {
        /* Name the variable rather than the setter's parameter. */
        static const char *const vars[][2] = {
            {"base_url", "INFISICAL_API_URL"},
            {"access_token", "INFISICAL_TOKEN"},
            {"client_id", "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"},
            {"client_secret", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"},
        };
        for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
            if (strcmp(e->issues[0].path, vars[i][0]) == 0) {
                rc = infisical__fail_field(err, vars[i][1], e->issues[0].message);
                infisical_error_free(e);
                return rc;
            }
        }
    }
    return infisical__error_report(err, e);
}

int infisical_config_set_connect_timeout_ms(infisical_config *cfg, int64_t timeout_ms, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    int rc = infisical__check_between(err, "connect_timeout_ms", timeout_ms, 1, 86400000);
    if (rc != INFISICAL_OK)
        return rc;
    cfg->connect_timeout_ms = timeout_ms;
    return INFISICAL_OK;
}

int infisical_config_set_max_attempts(infisical_config *cfg, uint32_t attempts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    int rc = infisical__check_between(err, "max_attempts", attempts, 1, 10);
    if (rc != INFISICAL_OK)
        return rc;
    cfg->max_attempts = attempts;
    return INFISICAL_OK;
}

int infisical_config_set_backoff_ms(infisical_config *cfg, int64_t base_ms, int64_t max_ms, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (base_ms < 1 || max_ms < base_ms || max_ms > 600000)
        return infisical__fail_field(err, "backoff_ms", "needs 1 <= base_ms <= max_ms <= 600000");
    cfg->backoff_base_ms = base_ms;
    cfg->backoff_max_ms = max_ms;
    return INFISICAL_OK;
}

int infisical_config_set_max_response_bytes(infisical_config *cfg, int64_t bytes, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    int rc = infisical__check_between(err, "max_response_bytes", bytes, 1024, 1073741824);
    if (rc != INFISICAL_OK)
        return rc;
    cfg->max_response_bytes = bytes;
    return INFISICAL_OK;
}

/* A path or a proxy setting: one line of at most max_bytes, not empty unless
 * allowed (NULL is always allowed). */
static int set_line_option(infisical_config *cfg, char **member, const char *field, const char *value,
                           size_t max_bytes, int chars, int allow_empty, infisical_error **err)
{
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    size_t n = 0;
    if (value) {
        int rc = infisical__check_text(err, field, value, max_bytes, chars, &n);
        if (rc != INFISICAL_OK)
            return rc;
        if (!allow_empty && n == 0)
            return infisical__fail_field(err, field, "must not be empty (pass NULL for the default)");
    }
    return replace(member, value, n, 0, err);
}

/* A path is bytes to the file system: any but control characters. */
int infisical_config_set_ca_file(infisical_config *cfg, const char *path, infisical_error **err)
{
    infisical__error_clear(err);
    return set_line_option(cfg, cfg ? &cfg->ca_file : NULL, "ca_file", path, INFISICAL_PATH_MAX,
                           INFISICAL__CHARS_LINE, 0, err);
}

int infisical_config_set_ca_dir(infisical_config *cfg, const char *path, infisical_error **err)
{
    infisical__error_clear(err);
    return set_line_option(cfg, cfg ? &cfg->ca_dir : NULL, "ca_dir", path, INFISICAL_PATH_MAX,
                           INFISICAL__CHARS_LINE, 0, err);
}

int infisical_config_set_ca_pem(infisical_config *cfg, const char *pem, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    size_t n = 0;
    if (pem) {
        /* Any bytes: a bundle's comment lines may be in any encoding, and libcurl reads only the PEM blocks. */
        int rc = infisical__check_text(err, "ca_pem", pem, INFISICAL_CA_PEM_MAX, INFISICAL__CHARS_ANY, &n);
        if (rc != INFISICAL_OK)
            return rc;
        if (!strstr(pem, "-----BEGIN CERTIFICATE-----"))
            return infisical__fail_field(err, "ca_pem", "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return replace(&cfg->ca_pem, pem, n, 0, err);
}

int infisical_config_set_insecure_skip_tls_verify(infisical_config *cfg, int insecure, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    cfg->insecure = insecure != 0;
    return INFISICAL_OK;
}

int infisical_config_set_proxy(infisical_config *cfg, const char *proxy, infisical_error **err)
{
    infisical__error_clear(err);
    /* A URL (credentials in it percent-encoded): printable ASCII. */
    return set_line_option(cfg, cfg ? &cfg->proxy : NULL, "proxy", proxy, INFISICAL_PROXY_MAX,
                           INFISICAL__CHARS_ASCII, 1, err);
}

int infisical_config_set_no_proxy(infisical_config *cfg, const char *hosts, infisical_error **err)
{
    infisical__error_clear(err);
    /* Host names as libcurl compares them (an IDN in its ASCII form): printable ASCII. */
    return set_line_option(cfg, cfg ? &cfg->no_proxy : NULL, "no_proxy", hosts, INFISICAL_NO_PROXY_MAX,
                           INFISICAL__CHARS_ASCII, 1, err);
}

int infisical_config_set_cancel_hook(infisical_config *cfg, infisical_cancel_fn fn, void *user, infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    cfg->cancel = fn;
    cfg->cancel_user = fn ? user : NULL;
    return INFISICAL_OK;
}

int infisical_config_set_log(infisical_config *cfg, infisical_log_fn fn, void *user, int min_level,
                             infisical_error **err)
{
    infisical__error_clear(err);
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (fn && (min_level < INFISICAL_LOG_ERROR || min_level > INFISICAL_LOG_DEBUG))
        return infisical__fail_field(err, "min_level", "must be INFISICAL_LOG_ERROR to INFISICAL_LOG_DEBUG");
    cfg->log = fn;
    cfg->log_user = fn ? user : NULL;
    cfg->log_level = fn ? min_level : 0;
    return INFISICAL_OK;
}
