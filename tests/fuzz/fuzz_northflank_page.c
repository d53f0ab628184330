/* One page of a Northflank listing ({"data":{"projects":[...]},"pagination":
 * {"hasNextPage","cursor"}}), appended to a listing that already holds a page
 * and has a small budget. Beyond the sanitizers: the listing never passes its
 * budget, a cursor is handed out only on success and never empty, and a
 * refused page may have added only what came before the fault. */
#include "codec/codec.h"
#include "fuzz.h"
#include "models.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The collection from the length, as the status in the error targets. */
    const char *collection = size % 2 ? "secrets" : "projects";
    struct infisical_northflank_resources list = {0};
    list.max_items = 40;
    list.max_bytes = 4096;
    FUZZ_CHECK(infisical__resources_add(&list, "first-page", "First page") == 0);
    char *cursor = (char *)"unset";
    infisical_error *e = NULL;
    int rc = infisical__decode_northflank_page((const char *)data, size, collection, &list, &cursor, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK(rc == INFISICAL_OK || cursor == NULL);
    FUZZ_CHECK(cursor == NULL || *cursor);
    FUZZ_CHECK(list.count >= 1 && list.count <= list.max_items && list.bytes <= list.max_bytes);
    for (uint32_t i = 0; i < list.count; i++)
        FUZZ_CHECK(list.items[i].id && list.items[i].name);
    FUZZ_CHECK(strcmp(list.items[0].id, "first-page") == 0);
    infisical__free(cursor);
    infisical__resources_clear(&list);
    infisical_error_free(e);
    return 0;
}
