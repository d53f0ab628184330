/* A user's own shared object (a plugin) that links libinfisical.a. Its one
 * export is plugin_check(); the library inside must stay private to it: none
 * of the infisical_* symbols may reach the plugin's dynamic symbol table,
 * where they would clash with another copy of the library in the process. */
#include <stdio.h>

#include <infisical/infisical.h>

__attribute__((visibility("default"))) int plugin_check(char *buf, size_t size)
{
    infisical_config *cfg = NULL;
    infisical_error *err = NULL;
    int rc = infisical_config_new(&cfg, &err);
    if (rc == INFISICAL_OK)
        rc = infisical_config_set_base_url(cfg, "not a url", &err);   /* fails, naming the field */
    snprintf(buf, size, "libinfisical %s inside the plugin: %s (%s)", infisical_version(),
             infisical_status_name(rc), infisical_error_message(err));
    infisical_error_free(err);
    infisical_config_free(cfg);
    return rc;
}
