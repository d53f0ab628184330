/* Every integer constant of the public headers by name, for bindings that
 * cannot read C macros. The values come from the headers as compiled; the
 * list of names is held complete by tests/unit/test_constants.c against
 * abi/constants.txt, which the ABI guard holds equal to the headers. */
#include <string.h>

#include "infisical/infisical.h"

static const struct {
    const char *name;
    int64_t value;
} constants[] = {
#define C(n) {#n, (int64_t)(n)},
    C(INFISICAL_ABSENT)
    C(INFISICAL_ACCESS_TOKEN_MAX)
    C(INFISICAL_CA_PEM_MAX)
    C(INFISICAL_CHECK_DENIED)
    C(INFISICAL_CHECK_GRANTED)
    C(INFISICAL_CHECK_NOT_CHECKED)
    C(INFISICAL_CHECK_UNKNOWN)
    C(INFISICAL_CLIENT_ID_MAX)
    C(INFISICAL_CLIENT_SECRET_MAX)
    C(INFISICAL_CONNECTION_ID_MAX)
    C(INFISICAL_CREDENTIALS_HASH_MAX)
    C(INFISICAL_DEFAULT_BACKOFF_BASE_MS)
    C(INFISICAL_DEFAULT_BACKOFF_MAX_MS)
    C(INFISICAL_DEFAULT_CONNECT_TIMEOUT_MS)
    C(INFISICAL_DEFAULT_MAX_ATTEMPTS)
    C(INFISICAL_DEFAULT_MAX_RESPONSE_BYTES)
    C(INFISICAL_DEFAULT_NORTHFLANK_PAGE_CAP)
    C(INFISICAL_DEFAULT_TIMEOUT_MS)
    C(INFISICAL_DESCRIPTION_BYTES_MAX)
    C(INFISICAL_DESCRIPTION_MAX)
    C(INFISICAL_EBADREQUEST)
    C(INFISICAL_ECANCELLED)
    C(INFISICAL_EFORBIDDEN)
    C(INFISICAL_EHTTP)
    C(INFISICAL_EINVAL)
    C(INFISICAL_ENETWORK)
    C(INFISICAL_ENOMEM)
    C(INFISICAL_ENOTFOUND)
    C(INFISICAL_EPERMISSION)
    C(INFISICAL_EPREFLIGHT)
    C(INFISICAL_EPROTOCOL)
    C(INFISICAL_ERATELIMIT)
    C(INFISICAL_ESERVER)
    C(INFISICAL_ETIMEOUT)
    C(INFISICAL_ETLS)
    C(INFISICAL_ETOKEN)
    C(INFISICAL_ETOOLARGE)
    C(INFISICAL_ETRUNCATED)
    C(INFISICAL_EUNAUTHORIZED)
    C(INFISICAL_EVALIDATION)
    C(INFISICAL_FALSE)
    C(INFISICAL_LOG_DEBUG)
    C(INFISICAL_LOG_ERROR)
    C(INFISICAL_LOG_INFO)
    C(INFISICAL_LOG_WARN)
    C(INFISICAL_NAME_BYTES_MAX)
    C(INFISICAL_NAME_MAX)
    C(INFISICAL_NORTHFLANK_PROJECT_ID_MAX)
    C(INFISICAL_NORTHFLANK_TOKEN_MAX)
    C(INFISICAL_NO_PROXY_MAX)
    C(INFISICAL_OK)
    C(INFISICAL_ORG_SLUG_MAX)
    C(INFISICAL_PATH_MAX)
    C(INFISICAL_PERMISSION_COUNT)
    C(INFISICAL_PERMISSION_PROJECTS_READ)
    C(INFISICAL_PERMISSION_SECRET_GROUPS_LIST)
    C(INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES)
    C(INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE)
    C(INFISICAL_PREFLIGHT_CHECK_WRITE)
    C(INFISICAL_PROJECT_ID_MAX)
    C(INFISICAL_PROXY_MAX)
    C(INFISICAL_TIME_ABSENT)
    C(INFISICAL_TRUE)
    C(INFISICAL_URL_MAX)
    C(INFISICAL_USER_AGENT_SUFFIX_MAX)
    C(INFISICAL_VERSION_MAJOR)
    C(INFISICAL_VERSION_MINOR)
    C(INFISICAL_VERSION_NUM)
    C(INFISICAL_VERSION_PATCH)
#undef C
};

int infisical_constant(const char *name, int64_t *value)
{
    if (value)
        *value = 0;
    if (!name || !value)
        return INFISICAL_EINVAL;
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        if (strcmp(constants[i].name, name) == 0) {
            *value = constants[i].value;
            return INFISICAL_OK;
        }
    return INFISICAL_EINVAL;
}

const char *infisical_constant_string(const char *name)
{
    static const struct {
        const char *name, *value;
    } strings[] = {
        {"INFISICAL_DEFAULT_BASE_URL", INFISICAL_DEFAULT_BASE_URL},
        {"INFISICAL_DEFAULT_NORTHFLANK_URL", INFISICAL_DEFAULT_NORTHFLANK_URL},
        {"INFISICAL_VERSION_STRING", INFISICAL_VERSION_STRING},
    };
    for (size_t i = 0; name && i < sizeof strings / sizeof strings[0]; i++)
        if (strcmp(strings[i].name, name) == 0)
            return strings[i].value;
    return NULL;
}
