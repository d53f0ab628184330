/* {"appConnectionOptions": [...]} and {"secretSyncOptions": [...]}. Beyond
 * the sanitizers: "offered" is 0 or 1, and 0 whenever the call fails. */
#include "codec/codec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    int offered = -1;
    infisical_error *e = NULL;
    int rc = infisical__decode_options(body, size, &offered, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK(offered == 0 || (offered == 1 && rc == INFISICAL_OK));
    infisical_error_free(e);

    offered = -1;
    e = NULL;
    rc = infisical__decode_sync_options(body, size, &offered, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK(offered == 0 || (offered == 1 && rc == INFISICAL_OK));
    infisical_error_free(e);
    return 0;
}
