/* A Northflank error body ({"error":{"message","details"}} or {"message"}),
 * decoded with the token's value known. Beyond the sanitizers: the checks of
 * fuzz.h (bounded, details are JSON, FUZZ_SECRET never survives). */
#include "codec/codec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const long statuses[] = {400, 401, 403, 404, 409, 422, 429, 500, 502, 504, 418};
    long status = statuses[size % (sizeof statuses / sizeof statuses[0])];
    struct infisical__secrets secrets = {0};
    infisical__secrets_add(&secrets, FUZZ_SECRET);
    infisical_error *e = infisical__decode_northflank_error(status, (const char *)data, size,
                                                            "GET /v1/projects", &secrets);
    fuzz_check_reply_error(e);
    FUZZ_CHECK(infisical_error_http_status(e) == status);
    infisical_error_free(e);
    return 0;
}
