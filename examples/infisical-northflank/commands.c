/*
 * infisical-northflank: the commands. Each checks its own arguments first
 * (usage errors cost nothing and send nothing), then makes the library objects
 * it needs, makes one or two calls with the same per-call options (--timeout,
 * Ctrl-C), prints the result and returns the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int session_open(struct cli *cli, struct session *s, int need_client)
{
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = setup_config(cli, &s->cfg)) || (rc = setup_call_options(cli, &s->opts)))
        return rc;
    if (need_client && (rc = setup_client(cli, s->cfg, &s->client, &s->auth_method)))
        return rc;
    return EXIT_OK;
}

void session_close(struct session *s)
{
    infisical_client_free(s->client);
    infisical_call_options_free(s->opts);
    infisical_config_free(s->cfg);
}

int failed(struct cli *cli, int rc, infisical_error *err)
{
    int code = report_error(cli, rc, err, 0);
    infisical_error_free(err);
    return code;
}

/* The result of create, get, update and delete. */
static void show_connection(struct cli *cli, const infisical_connection *c, const char *done)
{
    if (cli->json) {
        out_json(json_pack("{s:o}", "connection", connection_json(c)));
    } else if (cli->quiet) {
        printf("%s\n", infisical_connection_id(c));
    } else {
        if (done) {
            char *name = printable(infisical_connection_name(c));
            printf("%s %s\n\n", done, name ? name : "?");
            free(name);
        }
        print_connection(cli, c);
    }
}

/* ---- login, options ---- */

int cmd_login(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    int offered = 0, rc;
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    /* With Universal Auth this logs in; with a fixed token it does nothing,
     * so one authenticated request follows to prove that the server accepts
     * the identity either way. */
    if ((rc = infisical_client_login(s.client, s.opts, &err)) ||
        (rc = infisical_northflank_offered(s.client, &offered, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    int64_t lifetime = -1;
    if ((rc = infisical_client_token_lifetime_ms(s.client, &lifetime, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    const char *client_id = NULL;
    if (strcmp(s.auth_method, "universal-auth") == 0)
        client_id = cli->client_id ? cli->client_id : getenv("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "authenticated", json_true());
        json_object_set_new(o, "apiUrl", json_string(setup_api_url(cli)));
        json_object_set_new(o, "authMethod", json_string(s.auth_method));
        json_object_set_new(o, "clientId", client_id ? json_string(client_id) : json_null());
        /* null: the token does not expire (a fixed token, or a TTL of 0). */
        json_object_set_new(o, "tokenExpiresInMs", lifetime >= 0 ? json_integer(lifetime) : json_null());
        out_json(json_pack("{s:o}", "login", o));
    } else if (!cli->quiet) {
        /* The token's remaining lifetime, never the token. */
        char life[64];
        if (lifetime < 0)
            snprintf(life, sizeof life, "does not expire");
        else
            snprintf(life, sizeof life, "%lldh %02lldm %02llds", (long long)(lifetime / 3600000),
                     (long long)(lifetime / 60000 % 60), (long long)(lifetime / 1000 % 60));
        const char *keys[] = {"authenticated", "api url", "auth method", "token lifetime", "client id"};
        const char *values[] = {"yes", setup_api_url(cli), s.auth_method, life, client_id};
        print_pairs(cli, keys, values, client_id ? 5 : 4);
    }
    rc = EXIT_OK;
out:
    session_close(&s);
    return rc;
}

int cmd_options(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    int offered = 0, rc;
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = infisical_northflank_offered(s.client, &offered, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    if (cli->json)
        out_json(json_pack("{s:{s:b}}", "options", "northflankOffered", offered));
    else if (cli->quiet)
        printf("%s\n", offered ? "yes" : "no");
    else
        printf("Northflank connections: %s\n", offered ? "offered (method api-token)" : "NOT offered by this server");
    rc = EXIT_OK;
out:
    session_close(&s);
    return rc;
}

/* ---- preflight ---- */

int cmd_preflight(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_northflank_api *api = NULL;
    infisical_preflight_report *report = NULL;
    char *token = NULL;
    int rc;
    /* Only Northflank is asked: no Infisical credentials are needed. */
    if ((rc = session_open(cli, &s, 0)) || (rc = setup_northflank_token(cli, &token)))
        goto out;
    rc = infisical_northflank_api_new(&api, s.cfg, token, &err);
    secret_free(token); /* the handle holds its own copy */
    token = NULL;
    if (rc) {
        /* A token the library will not even send (empty, not printable ASCII) is the input's fault. */
        rc = setup_failed(cli, rc, err);
        goto out;
    }
    if ((rc = infisical_northflank_api_preflight(api, cli->check_write ? INFISICAL_PREFLIGHT_CHECK_WRITE : 0, &report,
                                                 s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    int passed = infisical_preflight_passed(report);
    if (cli->json)
        out_json(json_pack("{s:o}", "preflight", report_json(report)));
    else if (cli->quiet)
        printf("%s\n", passed ? "passed" : "refused");
    else {
        print_report(cli, report);
        if (!cli->check_write)
            printf("\n(Update is tested only with --check-write.)\n");
    }
    rc = passed ? EXIT_OK : EXIT_PREFLIGHT;
out:
    infisical_preflight_report_free(report);
    infisical_northflank_api_free(api);
    secret_free(token);
    session_close(&s);
    return rc;
}

/* ---- connection create, get, list, available, update, delete ---- */

int cmd_create(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_northflank_params *p = NULL;
    infisical_connection *conn = NULL;
    char *token = NULL;
    int rc;
    if (!cli->name)
        return usage_error(cli, "--name NAME is required");
    if (cli->check_write && !cli->preflight)
        return usage_error(cli, "--check-write is a preflight option: add --preflight");
    memset(&s, 0, sizeof s);
    if ((rc = session_open(cli, &s, 1)) || (rc = setup_northflank_token(cli, &token)))
        goto out;
    /* Bad values fail here, before anything is sent, naming the field (exit 5). */
    if ((rc = infisical_northflank_params_new(&p, &err)) ||
        (rc = infisical_northflank_params_set_name(p, cli->name, &err)) ||
        (cli->description && (rc = infisical_northflank_params_set_description(p, cli->description, &err))) ||
        (cli->project && (rc = infisical_northflank_params_set_project_id(p, cli->project, &err))) ||
        (rc = infisical_northflank_params_set_api_token(p, token, &err)) ||
        (cli->preflight &&
         (rc = infisical_northflank_params_set_preflight(p, 1, cli->check_write ? INFISICAL_PREFLIGHT_CHECK_WRITE : 0,
                                                         &err))) ||
        (rc = infisical_northflank_create(s.client, p, &conn, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_connection(cli, conn, "created");
    rc = EXIT_OK;
out:
    infisical_connection_free(conn);
    infisical_northflank_params_free(p); /* wipes its copy of the token */
    secret_free(token);
    session_close(&s);
    return rc;
}

/* --id, or --name in the organization or --project: the lookups of get and drift. */
static int check_lookup(struct cli *cli, int required)
{
    if (cli->id && cli->name)
        return usage_error(cli, "give --id or --name, not both");
    if (required && !cli->id && !cli->name)
        return usage_error(cli, "which connection? give --id ID, or --name NAME (with --project ID for a project's)");
    if (cli->project && !cli->name)
        return usage_error(cli, "--project applies to a lookup by --name (an id is unique on its own)");
    return EXIT_OK;
}

static int lookup(struct cli *cli, struct session *s, const char *id, infisical_connection **out, infisical_error **err)
{
    if (id)
        return infisical_northflank_get(s->client, id, out, s->opts, err);
    return infisical_northflank_get_by_name(s->client, cli->name, cli->project, out, s->opts, err);
}

int cmd_get(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_connection *conn = NULL;
    int rc;
    if ((rc = check_lookup(cli, 1)))
        return rc;
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = lookup(cli, &s, cli->id, &conn, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_connection(cli, conn, NULL);
    rc = EXIT_OK;
out:
    infisical_connection_free(conn);
    session_close(&s);
    return rc;
}

static int list_common(struct cli *cli, int available)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_connection_list *list = NULL;
    int rc;
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    rc = available ? infisical_northflank_list_available(s.client, cli->project, &list, s.opts, &err)
                   : infisical_northflank_list(s.client, cli->project, &list, s.opts, &err);
    if (rc) {
        rc = failed(cli, rc, err);
        goto out;
    }
    uint32_t n = infisical_connection_list_count(list);
    if (cli->json) {
        json_t *items = json_array();
        for (uint32_t i = 0; items && i < n; i++)
            json_array_append_new(items, connection_json(infisical_connection_list_at(list, i)));
        out_json(json_pack("{s:o}", "connections", items ? items : json_array()));
    } else if (cli->quiet) {
        for (uint32_t i = 0; i < n; i++)
            printf("%s\n", infisical_connection_id(infisical_connection_list_at(list, i)));
    } else {
        print_connection_list(cli, list, available);
    }
    rc = EXIT_OK;
out:
    infisical_connection_list_free(list);
    session_close(&s);
    return rc;
}

int cmd_list(struct cli *cli)
{
    return list_common(cli, 0);
}

int cmd_available(struct cli *cli)
{
    return list_common(cli, 1);
}

int cmd_update(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_northflank_params *p = NULL;
    infisical_connection *conn = NULL;
    char *token = NULL;
    int rc;
    /* --name is the new name here; the connection is named by its id. */
    if (!cli->id)
        return usage_error(cli, "--id ID is required (find it with: %s connection get --name NAME --quiet)", PROG);
    if (cli->description && cli->clear_description)
        return usage_error(cli, "--description and --clear-description contradict each other");
    if (!cli->name && !cli->description && !cli->clear_description && !cli->rotate_token)
        return usage_error(cli, "nothing to change: give --name, --description, --clear-description or --rotate-token");
    if (cli->api_token_file && !cli->rotate_token)
        return usage_error(cli, "--api-token-file without --rotate-token: add --rotate-token to replace the stored token");
    if (cli->preflight && !cli->rotate_token)
        return usage_error(cli, "--preflight checks a new token: it goes with --rotate-token");
    if (cli->check_write && !cli->preflight)
        return usage_error(cli, "--check-write is a preflight option: add --preflight");
    memset(&s, 0, sizeof s);
    if ((rc = session_open(cli, &s, 1)) || (cli->rotate_token && (rc = setup_northflank_token(cli, &token))))
        goto out;
    /* Only what was asked for is set: a field never set is left unchanged by the server. */
    if ((rc = infisical_northflank_params_new(&p, &err)) ||
        (cli->name && (rc = infisical_northflank_params_set_name(p, cli->name, &err))) ||
        (cli->description && (rc = infisical_northflank_params_set_description(p, cli->description, &err))) ||
        (cli->clear_description && (rc = infisical_northflank_params_set_description(p, NULL, &err))) ||
        (token && (rc = infisical_northflank_params_set_api_token(p, token, &err))) ||
        (cli->preflight &&
         (rc = infisical_northflank_params_set_preflight(p, 1, cli->check_write ? INFISICAL_PREFLIGHT_CHECK_WRITE : 0,
                                                         &err))) ||
        (rc = infisical_northflank_update(s.client, cli->id, p, &conn, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_connection(cli, conn, "updated");
    rc = EXIT_OK;
out:
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    secret_free(token);
    session_close(&s);
    return rc;
}

int cmd_delete(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_connection *conn = NULL;
    int rc;
    if (!cli->id)
        return usage_error(cli, "--id ID is required (find it with: %s connection get --name NAME --quiet)", PROG);
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = infisical_northflank_delete(s.client, cli->id, &conn, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_connection(cli, conn, "deleted");
    rc = EXIT_OK;
out:
    infisical_connection_free(conn);
    session_close(&s);
    return rc;
}

/* ---- drift ---- */

/* The id and hash that a previous `get --json` (or create, update) wrote. */
static int read_snapshot(struct cli *cli, char **id, char **hash)
{
    json_error_t jerr;
    const char *path = cli->from_file;
    json_t *doc = strcmp(path, "-") == 0 ? json_loadf(stdin, 0, &jerr) : json_load_file(path, 0, &jerr);
    char *shown = printable(strcmp(path, "-") == 0 ? "stdin" : path);
    int rc = EXIT_OK;
    json_t *conn = doc ? json_object_get(doc, "connection") : NULL;
    json_t *jid = conn ? json_object_get(conn, "id") : NULL;
    json_t *jhash = conn ? json_object_get(conn, "credentialsHash") : NULL;
    if (!doc && strcmp(path, "-") == 0 && interrupted_exit_code())
        rc = report_error(cli, INFISICAL_ECANCELLED, NULL, interrupted_exit_code()); /* Ctrl-C while reading stdin */
    else if (!doc)
        rc = usage_error(cli, "--from %s: not a JSON document (%s, line %d)", shown ? shown : "?", jerr.text, jerr.line);
    else if (!json_is_string(jid) || !json_is_string(jhash))
        rc = usage_error(cli, "--from %s: expected what '%s connection get --json' writes: "
                              "{\"connection\": {\"id\": ..., \"credentialsHash\": ...}}",
                         shown ? shown : "?", PROG);
    else {
        *id = strdup(json_string_value(jid));
        *hash = strdup(json_string_value(jhash));
        if (!*id || !*hash)
            rc = report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
    }
    json_decref(doc);
    free(shown);
    return rc;
}

int cmd_drift(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_connection *conn = NULL;
    char *file_id = NULL, *file_hash = NULL;
    int changed = 0, rc;
    if (!!cli->hash == !!cli->from_file)
        return usage_error(cli, "give the stored hash with --hash HASH, or a file from 'get --json' with --from FILE");
    if ((rc = check_lookup(cli, cli->hash != NULL)))
        return rc;
    memset(&s, 0, sizeof s);
    if (cli->from_file && (rc = read_snapshot(cli, &file_id, &file_hash)))
        goto out;
    if (file_id && cli->id && strcmp(file_id, cli->id) != 0) {
        rc = tool_error(cli, INFISICAL_EINVAL, EXIT_VALIDATION,
                        "--from holds connection %s, not %s: comparing two connections says nothing", file_id, cli->id);
        goto out;
    }
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = lookup(cli, &s, cli->id ? cli->id : cli->name ? NULL : file_id, &conn, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    if (file_id && strcmp(file_id, infisical_connection_id(conn)) != 0) {
        rc = tool_error(cli, INFISICAL_EINVAL, EXIT_VALIDATION,
                        "--from holds connection %s, but that name is connection %s now", file_id,
                        infisical_connection_id(conn));
        goto out;
    }
    const char *stored = cli->hash ? cli->hash : file_hash;
    if ((rc = infisical_connection_credentials_changed_since(conn, stored, &changed, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "changed", json_boolean(changed));
        json_object_set_new(o, "id", json_string(infisical_connection_id(conn)));
        json_object_set_new(o, "name", json_string(infisical_connection_name(conn)));
        json_object_set_new(o, "version", json_integer(infisical_connection_version(conn)));
        json_object_set_new(o, "storedHash", json_string(stored));
        json_object_set_new(o, "currentHash", json_string(infisical_connection_credentials_hash(conn)));
        json_object_set_new(o, "updatedAt", infisical_connection_updated_at(conn)
                                                ? json_string(infisical_connection_updated_at(conn))
                                                : json_null());
        out_json(json_pack("{s:o}", "drift", o));
    } else if (cli->quiet) {
        printf("%s\n", changed ? "changed" : "unchanged");
    } else {
        char version[32];
        snprintf(version, sizeof version, "%lld", (long long)infisical_connection_version(conn));
        const char *keys[] = {"credentials", "connection", "id", "version", "stored hash", "current hash", "updated at"};
        const char *values[] = {changed ? "CHANGED since the stored hash" : "unchanged",
                                infisical_connection_name(conn),
                                infisical_connection_id(conn),
                                version,
                                stored,
                                infisical_connection_credentials_hash(conn),
                                infisical_connection_updated_at(conn)};
        print_pairs(cli, keys, values, (int)(sizeof keys / sizeof keys[0]));
    }
    rc = changed ? EXIT_DRIFT : EXIT_OK;
out:
    infisical_connection_free(conn);
    free(file_id);
    free(file_hash);
    session_close(&s);
    return rc;
}
