/* An Infisical error body ({"statusCode","message","error","reqId","details"},
 * with `message` a string or a zod 422 issue array), decoded with the request's
 * secrets known. Beyond the sanitizers: the error is bounded, its details are
 * JSON, and FUZZ_SECRET, which the server may quote anywhere, never survives
 * into any of its texts (fuzz.h). */
#include "codec/codec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The status from the input's length, so a corpus file stays plain JSON
     * and every status path is still reached. */
    static const long statuses[] = {400, 401, 403, 404, 409, 422, 429, 500, 503, 302, 418};
    long status = statuses[size % (sizeof statuses / sizeof statuses[0])];
    struct infisical__secrets secrets = {0};
    infisical__secrets_add(&secrets, FUZZ_SECRET);
    infisical_error *e = infisical__decode_error(status, (const char *)data, size,
                                                 "POST /api/v1/app-connections/northflank", &secrets);
    fuzz_check_reply_error(e);
    FUZZ_CHECK(infisical_error_http_status(e) == status);
    FUZZ_CHECK(infisical_error_retryable(e) == (status == 429 || status == 502 || status == 503 || status == 504));
    infisical_error_free(e);
    return 0;
}
