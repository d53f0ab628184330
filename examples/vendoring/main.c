/* The vendoring example's program: it prints the version of the library it
 * was linked with and, when INFISICAL_API_URL and Universal Auth credentials
 * are in the environment (the devserver prints them), lists the Northflank
 * connections. Linked statically: `ldd vendored-app` names no libinfisical. */
#include <stdio.h>
#include <stdlib.h>

#include <infisical/infisical.h>

int main(void)
{
    printf("vendored libinfisical %s\n", infisical_version());
    if (!getenv("INFISICAL_API_URL"))
        return 0;

    infisical_config *cfg = NULL;
    infisical_client *client = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    int rc;
    if ((rc = infisical_config_new(&cfg, &err)) || (rc = infisical_config_load_env(cfg, &err)) ||
        (rc = infisical_client_new(&client, cfg, &err)) ||
        (rc = infisical_northflank_list(client, NULL, &list, NULL, &err)))
        fprintf(stderr, "vendored-app: %s (%s)\n", infisical_error_message(err), infisical_status_name(rc));
    else
        printf("%u connection(s)\n", infisical_connection_list_count(list));
    infisical_error_free(err);
    infisical_connection_list_free(list);
    infisical_client_free(client);
    infisical_config_free(cfg);
    return rc ? 1 : 0;
}
