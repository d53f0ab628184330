/* A reply that carries one object: {"appConnection": {...}} and
 * {"secretSync": {...}}. Beyond the sanitizers: a decoded object holds what
 * the contract requires, its times agree with the ISO-8601 parser, and a copy
 * of it equals it. */
#include "codec/codec.h"
#include "fuzz.h"
#include "models.h"

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_time(const char *text, int64_t ms)
{
    int64_t parsed;
    FUZZ_CHECK(text ? infisical__parse_iso8601(text, &parsed) == 0 && parsed == ms : ms == INFISICAL_TIME_ABSENT);
}

static void check_connection(const infisical_connection *c)
{
    FUZZ_CHECK(infisical_connection_id(c) && infisical_connection_name(c) && infisical_connection_org_id(c));
    FUZZ_CHECK(strcmp(infisical_connection_app(c), "northflank") == 0);
    FUZZ_CHECK(infisical_connection_method(c) != NULL);
    FUZZ_CHECK(infisical_connection_version(c) >= 0);
    check_time(infisical_connection_created_at(c), infisical_connection_created_at_ms(c));
    check_time(infisical_connection_updated_at(c), infisical_connection_updated_at_ms(c));
    int pm = infisical_connection_is_platform_managed_credentials(c);
    FUZZ_CHECK(pm == 0 || pm == 1 || pm == INFISICAL_ABSENT);

    infisical_connection *copy = NULL;
    infisical_error *e = NULL;
    int rc = infisical_connection_dup(&copy, c, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK(rc == INFISICAL_OK);
    FUZZ_CHECK(same(infisical_connection_id(copy), infisical_connection_id(c)) &&
               same(infisical_connection_name(copy), infisical_connection_name(c)) &&
               same(infisical_connection_description(copy), infisical_connection_description(c)) &&
               same(infisical_connection_project_id(copy), infisical_connection_project_id(c)) &&
               same(infisical_connection_credentials_hash(copy), infisical_connection_credentials_hash(c)) &&
               same(infisical_connection_project_name(copy), infisical_connection_project_name(c)) &&
               infisical_connection_created_at_ms(copy) == infisical_connection_created_at_ms(c));
    /* A snapshot with a hash has not changed against its own copy. */
    int changed = -1;
    infisical_error *ce = NULL;
    rc = infisical_connection_credentials_changed(c, copy, &changed, &ce);
    fuzz_check_status(rc, ce);
    FUZZ_CHECK(infisical_connection_credentials_hash(c) ? rc == INFISICAL_OK && changed == 0 : rc == INFISICAL_EINVAL);
    infisical_error_free(ce);
    infisical_connection_free(copy);
}

static void check_sync(const infisical_sync *s)
{
    FUZZ_CHECK(infisical_sync_id(s) != NULL);
    check_time(infisical_sync_created_at(s), infisical_sync_created_at_ms(s));
    check_time(infisical_sync_updated_at(s), infisical_sync_updated_at_ms(s));
    int a = infisical_sync_is_auto_sync_enabled(s);
    FUZZ_CHECK(a == 0 || a == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *body = (const char *)data;
    infisical_error *e = NULL;

    infisical_connection *c = NULL;
    int rc = infisical__decode_connection(body, size, &c, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK((rc == INFISICAL_OK) == (c != NULL));
    if (c)
        check_connection(c);
    infisical_connection_free(c);
    infisical_error_free(e);
    e = NULL;

    infisical_sync *s = NULL;
    rc = infisical__decode_sync(body, size, &s, &e);
    fuzz_check_status(rc, e);
    FUZZ_CHECK((rc == INFISICAL_OK) == (s != NULL));
    if (s)
        check_sync(s);
    infisical_sync_free(s);
    infisical_error_free(e);
    return 0;
}
