/*
 * infisical-northflank: from the command line and the environment to the
 * library's objects. Flags win over the environment; the environment uses the
 * names the Infisical CLI uses (INFISICAL_API_URL, INFISICAL_TOKEN,
 * INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / _SECRET) and NORTHFLANK_API_URL /
 * NORTHFLANK_API_TOKEN for the Northflank side.
 *
 * Everything that fails here fails before any request is sent, and exits
 * with the usage status (2): it is the command line or the environment that
 * needs fixing.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- Ctrl-C ---- */

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
    caught_signal = sig;
}

void setup_signals(void)
{
    /* No SA_RESTART, so a blocking read of a token from stdin returns EINTR
     * and the tool can stop; SA_RESETHAND, so a second Ctrl-C kills at once
     * should anything not notice the first. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int interrupted_exit_code(void)
{
    return caught_signal ? 128 + (int)caught_signal : 0;
}

/* The library polls this at least every 50 ms while a call waits; a signal
 * turns the call in flight into INFISICAL_ECANCELLED. */
static int cancel_hook(void *user)
{
    (void)user;
    return caught_signal != 0;
}

/* ---- failures ---- */

int setup_failed(const struct cli *cli, int status, infisical_error *err)
{
    /* Nothing was sent: the command line or the environment needs fixing
     * (exit 2), unless memory ran out. */
    int rc = report_error(cli, status, err, status == INFISICAL_ENOMEM ? EXIT_FAILURE_GENERAL : EXIT_USAGE);
    infisical_error_free(err);
    return rc;
}

/* ---- the environment ---- */

/* An environment variable, NULL when unset or empty (as the library's _load_env treats them). */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

const char *setup_api_url(const struct cli *cli)
{
    static char url[INFISICAL_URL_MAX + 1];
    const char *given = cli->api_url ? cli->api_url : env("INFISICAL_API_URL");
    if (!given)
        return INFISICAL_DEFAULT_BASE_URL;
    /* The Infisical CLI's INFISICAL_API_URL ends in /api
     * (https://app.infisical.com/api); the library wants the host without it.
     * Accept both, so that one environment serves both tools. */
    size_t n = strlen(given);
    if (n >= sizeof url)
        return given; /* too long: the library refuses it, naming the limit */
    memcpy(url, given, n + 1);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    const char *scheme_end = strstr(url, "://");
    const char *host = scheme_end ? scheme_end + 3 : NULL;
    if (host && n >= 4 && strcmp(url + n - 4, "/api") == 0 && url + n - 4 > host)
        url[n - 4] = '\0';
    return url;
}

/* ---- the config ---- */

static void log_line(void *user, int level, const char *line)
{
    (void)user;
    const char *word = level <= INFISICAL_LOG_ERROR ? "error"
                       : level == INFISICAL_LOG_WARN ? "warning"
                       : level == INFISICAL_LOG_INFO ? "info"
                                                     : "debug";
    /* The library has redacted every secret from the line; printable() keeps
     * a server's text from steering the terminal. */
    char *text = printable(line);
    fprintf(stderr, "%s: libinfisical %s: %s\n", PROG, word, text ? text : "");
    free(text);
}

int setup_config(const struct cli *cli, infisical_config **out)
{
    infisical_config *cfg = NULL;
    infisical_error *err = NULL;
    int rc;
    const char *nf_url = cli->northflank_url ? cli->northflank_url : env("NORTHFLANK_API_URL");
    /* -v: one line per request; -vv: the full error of each failed one too.
     * Without -v the library's warnings still come through here. */
    int level = cli->verbose >= 2 ? INFISICAL_LOG_DEBUG : cli->verbose ? INFISICAL_LOG_INFO : INFISICAL_LOG_WARN;

    *out = NULL;
    if ((rc = infisical_config_new(&cfg, &err)) ||
        (rc = infisical_config_set_base_url(cfg, setup_api_url(cli), &err)) ||
        (nf_url && (rc = infisical_config_set_northflank_url(cfg, nf_url, &err))) ||
        (cli->org_slug && (rc = infisical_config_set_org_slug(cfg, cli->org_slug, &err))) ||
        (rc = infisical_config_set_user_agent_suffix(cfg, PROG "/" INFISICAL_VERSION_STRING, &err)) ||
        (rc = infisical_config_set_log(cfg, log_line, NULL, level, &err)) ||
        (cli->insecure && (rc = infisical_config_set_insecure_skip_tls_verify(cfg, 1, &err)))) {
        infisical_config_free(cfg);
        return setup_failed(cli, rc, err);
    }
    if (cli->insecure)
        warn(cli, "--insecure: TLS certificates are NOT verified. Anyone on the network path can pose as the server "
                  "and read every token this command sends. Use it only against a local test server.");
    *out = cfg;
    return EXIT_OK;
}

int setup_call_options(const struct cli *cli, infisical_call_options **out)
{
    infisical_call_options *opts = NULL;
    infisical_error *err = NULL;
    int rc;
    *out = NULL;
    if ((rc = infisical_call_options_new(&opts, &err)) ||
        (cli->timeout_ms && (rc = infisical_call_options_set_timeout_ms(opts, cli->timeout_ms, &err))) ||
        (rc = infisical_call_options_set_cancel_hook(opts, cancel_hook, NULL, &err))) {
        infisical_call_options_free(opts);
        return setup_failed(cli, rc, err);
    }
    *out = opts;
    return EXIT_OK;
}

/* A secret from the environment, copied so that every secret is freed the same way. */
static int env_secret(const struct cli *cli, const char *value, char **out)
{
    *out = strdup(value);
    if (!*out)
        return report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
    return EXIT_OK;
}

int setup_client(const struct cli *cli, infisical_config *cfg, infisical_client **out, const char **auth_method)
{
    const char *env_token = env("INFISICAL_TOKEN");
    const char *env_id = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
    const char *env_secret_value = env("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
    int flag_token = cli->token_file != NULL;
    int flag_ua = cli->client_id || cli->client_secret_file;
    int use_token;
    infisical_error *err = NULL;
    char *secret = NULL;
    int rc;

    *out = NULL;
    /* A flag picks the way to log in and the other way's variables are
     * ignored; from the environment alone, both ways at once is a mistake
     * the library refuses too (infisical_config_load_env). */
    if (flag_token && flag_ua)
        return usage_error(cli, "--token-file and --client-id/--client-secret-file are two ways to log in: give one");
    if (flag_token)
        use_token = 1;
    else if (flag_ua)
        use_token = 0;
    else if (env_token && (env_id || env_secret_value))
        return usage_error(cli, "INFISICAL_TOKEN and INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/_SECRET are both set: unset one, "
                                "or choose with --token-file or --client-id");
    else if (env_token)
        use_token = 1;
    else if (env_id || env_secret_value)
        use_token = 0;
    else
        return usage_error(cli, "no Infisical credentials: set INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and "
                                "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET (or INFISICAL_TOKEN), or use --client-id with "
                                "--client-secret-file (or --token-file)");

    if (use_token) {
        rc = cli->token_file ? secret_read(cli, cli->token_file, "Infisical access token", INFISICAL_ACCESS_TOKEN_MAX, &secret)
                             : env_secret(cli, env_token, &secret);
        if (rc)
            return rc;
        rc = infisical_config_set_access_token(cfg, secret, &err);
        *auth_method = "access-token";
    } else {
        const char *id = cli->client_id ? cli->client_id : env_id;
        if (!id)
            return usage_error(cli, "the Universal Auth client id is missing: set INFISICAL_UNIVERSAL_AUTH_CLIENT_ID or "
                                    "use --client-id");
        if (!cli->client_secret_file && !env_secret_value)
            return usage_error(cli, "the Universal Auth client secret is missing: set "
                                    "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET or use --client-secret-file PATH");
        rc = cli->client_secret_file
                 ? secret_read(cli, cli->client_secret_file, "Universal Auth client secret", INFISICAL_CLIENT_SECRET_MAX, &secret)
                 : env_secret(cli, env_secret_value, &secret);
        if (rc)
            return rc;
        rc = infisical_config_set_universal_auth(cfg, id, secret, &err);
        *auth_method = "universal-auth";
    }
    secret_free(secret); /* the config holds its own copy, in memory it wipes */
    if (rc == INFISICAL_OK)
        rc = infisical_client_new(out, cfg, &err);
    return rc ? setup_failed(cli, rc, err) : EXIT_OK;
}

int setup_northflank_token(const struct cli *cli, char **out)
{
    const char *from_env = env("NORTHFLANK_API_TOKEN");
    *out = NULL;
    if (cli->api_token_file)
        return secret_read(cli, cli->api_token_file, "Northflank API token", INFISICAL_NORTHFLANK_TOKEN_MAX, out);
    if (from_env)
        return env_secret(cli, from_env, out);
    return usage_error(cli, "no Northflank API token: use --api-token-file PATH (- for stdin) or set NORTHFLANK_API_TOKEN");
}
