/*
 * The whole life of a Northflank connection, against the Infisical named by
 * the environment:
 *
 *   INFISICAL_API_URL                        (default https://app.infisical.com)
 *   INFISICAL_UNIVERSAL_AUTH_CLIENT_ID/SECRET or INFISICAL_TOKEN
 *   NORTHFLANK_API_TOKEN                     the token to register (never on the command line)
 *   INFISICAL_PROJECT_ID                     optional: make a project-level connection
 *   NORTHFLANK_API_URL                       optional: where the preflight asks Northflank
 *                                            (default https://api.northflank.com)
 *
 * Build: cc quickstart.c $(pkg-config --cflags --libs infisical)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <infisical/infisical.h>

static int failed(const char *step, int rc, infisical_error *err)
{
    fprintf(stderr, "%s failed: %s (%s)\n", step, infisical_error_message(err), infisical_status_str(rc));
    if (infisical_error_request_id(err))
        fprintf(stderr, "  server request id: %s\n", infisical_error_request_id(err));
    for (uint32_t i = 0; i < infisical_error_issue_count(err); i++)
        fprintf(stderr, "  %s: %s\n", infisical_error_issue_path(err, i), infisical_error_issue_message(err, i));
    infisical_error_free(err);
    return 1;
}

static void show(const char *step, const infisical_connection *c)
{
    const char *desc = infisical_connection_description(c);
    printf("%-8s id=%s name=%s version=%lld description=%s%s%s\n", step, infisical_connection_id(c),
           infisical_connection_name(c), (long long)infisical_connection_version(c), desc ? "\"" : "",
           desc ? desc : "null", desc ? "\"" : "");
    printf("%-8s credentialsHash=%s updatedAt=%s\n", "", infisical_connection_credentials_hash(c),
           infisical_connection_updated_at(c));
}

int main(void)
{
    infisical_config *cfg = NULL;
    infisical_client *client = NULL;
    infisical_northflank_params *p = NULL;
    infisical_connection *created = NULL, *renamed = NULL, *rotated = NULL, *deleted = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    int rc, offered = 0, status = 1;
    const char *nf_token = getenv("NORTHFLANK_API_TOKEN");
    const char *project = getenv("INFISICAL_PROJECT_ID");
    char name[64];

    if (!nf_token || !*nf_token) {
        fprintf(stderr, "set NORTHFLANK_API_TOKEN to the Northflank API token to register\n");
        return 2;
    }
    snprintf(name, sizeof name, "quickstart-%ld", (long)time(NULL));

    const char *nf_url = getenv("NORTHFLANK_API_URL");
    if ((rc = infisical_config_new(&cfg, &err)) || (rc = infisical_config_load_env(cfg, &err)) ||
        (rc = infisical_config_set_user_agent_suffix(cfg, "quickstart", &err)) ||
        (nf_url && (rc = infisical_config_set_northflank_url(cfg, nf_url, &err))) ||
        (rc = infisical_client_new(&client, cfg, &err)))
        return failed("setup", rc, err);
    printf("libinfisical %s\n", infisical_version());

    /* Ask Northflank first: does the token have every permission a connection needs? */
    infisical_northflank_api *api = NULL;
    infisical_preflight_report *report = NULL;
    if ((rc = infisical_northflank_api_new(&api, cfg, nf_token, &err)) ||
        (rc = infisical_northflank_api_preflight(api, 0, &report, NULL, &err)))
        return failed("preflight", rc, err);
    printf("preflight token %s Northflank's check:\n", infisical_preflight_passed(report) ? "passes" : "FAILS");
    for (uint32_t i = 0; i < INFISICAL_PERMISSION_COUNT; i++)
        printf("         %s\n", infisical_preflight_summary(report, i));
    infisical_preflight_report_free(report);
    infisical_northflank_api_free(api);
    infisical_config_free(cfg);

    if ((rc = infisical_client_login(client, NULL, &err)))
        return failed("login", rc, err);
    printf("login    ok\n");
    if ((rc = infisical_northflank_offered(client, &offered, NULL, &err)))
        return failed("options", rc, err);
    printf("options  server offers Northflank connections: %s\n", offered ? "yes" : "no");

    if ((rc = infisical_northflank_params_new(&p, &err)) || (rc = infisical_northflank_params_set_name(p, name, &err)) ||
        (rc = infisical_northflank_params_set_description(p, "made by examples/quickstart.c", &err)) ||
        (project && (rc = infisical_northflank_params_set_project_id(p, project, &err))) ||
        (rc = infisical_northflank_params_set_api_token(p, nf_token, &err)) ||
        (rc = infisical_northflank_params_set_preflight(p, 1, 0, &err)) ||
        (rc = infisical_northflank_create(client, p, &created, NULL, &err))) {
        status = failed("create", rc, err);
        goto out;
    }
    infisical_northflank_params_free(p);
    p = NULL;
    show("create", created);
    const char *id = infisical_connection_id(created);

    if ((rc = infisical_northflank_list(client, project, &list, NULL, &err))) {
        status = failed("list", rc, err);
        goto out;
    }
    printf("list     %u connection(s):", infisical_connection_list_count(list));
    for (uint32_t i = 0; i < infisical_connection_list_count(list); i++)
        printf(" %s", infisical_connection_name(infisical_connection_list_at(list, i)));
    printf("\n");

    /* Rename and clear the description; the token is left as it is. */
    char new_name[80];
    snprintf(new_name, sizeof new_name, "%s-renamed", name);
    if ((rc = infisical_northflank_params_new(&p, &err)) || (rc = infisical_northflank_params_set_name(p, new_name, &err)) ||
        (rc = infisical_northflank_params_set_description(p, NULL, &err)) ||
        (rc = infisical_northflank_update(client, id, p, &renamed, NULL, &err))) {
        status = failed("rename", rc, err);
        goto out;
    }
    infisical_northflank_params_free(p);
    p = NULL;
    show("rename", renamed);
    int changed = 0;
    if ((rc = infisical_connection_credentials_changed(created, renamed, &changed, &err))) {
        status = failed("compare", rc, err);
        goto out;
    }
    printf("%-8s credentials changed: %s\n", "", changed ? "yes" : "no");

    /* Rotate the token: the version goes up and the credentials hash changes. */
    if ((rc = infisical_northflank_params_new(&p, &err)) || (rc = infisical_northflank_params_set_api_token(p, nf_token, &err)) ||
        (rc = infisical_northflank_update(client, id, p, &rotated, NULL, &err))) {
        status = failed("rotate", rc, err);
        goto out;
    }
    show("rotate", rotated);
    if ((rc = infisical_connection_credentials_changed(renamed, rotated, &changed, &err))) {
        status = failed("compare", rc, err);
        goto out;
    }
    printf("%-8s version %lld -> %lld, credentials changed: %s\n", "", (long long)infisical_connection_version(renamed),
           (long long)infisical_connection_version(rotated), changed ? "yes" : "no");

    if ((rc = infisical_northflank_delete(client, id, &deleted, NULL, &err))) {
        status = failed("delete", rc, err);
        goto out;
    }
    show("delete", deleted);
    status = 0;
out:
    infisical_northflank_params_free(p);
    infisical_connection_list_free(list);
    infisical_connection_free(created);
    infisical_connection_free(renamed);
    infisical_connection_free(rotated);
    infisical_connection_free(deleted);
    infisical_client_free(client);
    return status;
}
