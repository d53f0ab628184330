/* A program built only from the installed library, through pkg-config: it
 * logs in to the devserver named by the environment and lists connections. */
#include <stdio.h>

#include <infisical/infisical.h>

int main(void)
{
    infisical_config *cfg = NULL;
    infisical_client *client = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    int rc;
    if ((rc = infisical_config_new(&cfg, &err)) || (rc = infisical_config_load_env(cfg, &err)) ||
        (rc = infisical_client_new(&client, cfg, &err)) ||
        (rc = infisical_northflank_list(client, NULL, &list, NULL, &err))) {
        fprintf(stderr, "consumer: %s\n", infisical_error_message(err));
        infisical_error_free(err);
        infisical_config_free(cfg);
        infisical_client_free(client);
        return 1;
    }
    printf("consumer: libinfisical %s, %u connection(s)\n", infisical_version(), infisical_connection_list_count(list));
    infisical_connection_list_free(list);
    infisical_client_free(client);
    infisical_config_free(cfg);
    return 0;
}
