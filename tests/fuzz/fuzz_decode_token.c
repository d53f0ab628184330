/* A login or renew reply ({"accessToken","expiresIn","accessTokenMaxTTL",
 * "tokenType"}). Beyond the sanitizers: an accepted token is one a header can
 * carry (non-empty printable ASCII without spaces, at most the maximum) and
 * its lifetimes lie in the contract's range; a refused reply leaves nothing. */
#include "codec/codec.h"
#include "fuzz.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct infisical__token_reply r;
    infisical_error *e = NULL;
    int rc = infisical__decode_token((const char *)data, size, &r, &e);
    fuzz_check_status(rc, e);
    if (rc == INFISICAL_OK) {
        size_t n = strlen(r.access_token);
        FUZZ_CHECK(n > 0 && n <= INFISICAL__TOKEN_REPLY_MAX);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(r.access_token[i] > ' ' && r.access_token[i] < 0x7f);
        FUZZ_CHECK(r.expires_in_s >= 0 && r.expires_in_s <= INFISICAL__TTL_MAX_S);
        FUZZ_CHECK(r.max_ttl_s >= 0 && r.max_ttl_s <= INFISICAL__TTL_MAX_S);
    } else {
        FUZZ_CHECK(r.access_token == NULL && r.expires_in_s == 0 && r.max_ttl_s == 0);
    }
    infisical__free_secret(r.access_token);
    infisical_error_free(e);
    return 0;
}
