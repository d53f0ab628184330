/* A listing: {"appConnections": [...]} in the full and in the reduced
 * (/available) shape, and {"secretSyncs": [...]}. Beyond the sanitizers: a
 * decoded list holds as many items as the reply's array, each one whole. */
#include "codec/codec.h"
#include "fuzz.h"

static size_t array_size(const char *body, size_t size, const char *key)
{
    json_t *root = json_loadb(body, size, 0, NULL);
    size_t n = json_array_size(json_object_get(root, key));
    json_decref(root);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    for (int reduced = 0; reduced <= 1; reduced++) {
        infisical_connection_list *list = NULL;
        infisical_error *e = NULL;
        int rc = infisical__decode_connection_list(body, size, reduced, &list, &e);
        fuzz_check_status(rc, e);
        FUZZ_CHECK((rc == INFISICAL_OK) == (list != NULL));
        if (list) {
            uint32_t n = infisical_connection_list_count(list);
            FUZZ_CHECK(n == array_size(body, size, "appConnections"));
            for (uint32_t i = 0; i < n; i++) {
                const infisical_connection *c = infisical_connection_list_at(list, i);
                FUZZ_CHECK(c && infisical_connection_id(c) && infisical_connection_name(c));
                FUZZ_CHECK(strcmp(infisical_connection_app(c), "northflank") == 0);
                FUZZ_CHECK(reduced || infisical_connection_method(c));
            }
            FUZZ_CHECK(infisical_connection_list_at(list, n) == NULL);
        }
        infisical_connection_list_free(list);
        infisical_error_free(e);
    }

    infisical_sync_list *syncs = NULL;
    infisical_error *e = NULL;
    int rc = infisical__decode_sync_list(body, size, &syncs, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK((rc == INFISICAL_OK) == (syncs != NULL));
    if (syncs) {
        uint32_t n = infisical_sync_list_count(syncs);
        FUZZ_CHECK(n == array_size(body, size, "secretSyncs"));
        for (uint32_t i = 0; i < n; i++)
            FUZZ_CHECK(infisical_sync_id(infisical_sync_list_at(syncs, i)) != NULL);
    }
    infisical_sync_list_free(syncs);
    infisical_error_free(e);
    return 0;
}
