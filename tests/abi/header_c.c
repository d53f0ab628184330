/* The public header alone, as a strict C99 consumer compiles it. */
#include <infisical/infisical.h>

/* Every string limit is a plain integer macro, as bindings need (ctypes and
 * cgo read them as constants): the preprocessor can evaluate each one, and
 * each is positive. A limit that became an expression of types, a function
 * or an enum would fail here. */
#if !(INFISICAL_URL_MAX > 0 && INFISICAL_ORG_SLUG_MAX > 0 && INFISICAL_USER_AGENT_SUFFIX_MAX > 0 && \
      INFISICAL_ACCESS_TOKEN_MAX > 0 && INFISICAL_CLIENT_ID_MAX > 0 && INFISICAL_CLIENT_SECRET_MAX > 0 && \
      INFISICAL_PATH_MAX > 0 && INFISICAL_CA_PEM_MAX > 0 && INFISICAL_PROXY_MAX > 0 && \
      INFISICAL_NO_PROXY_MAX > 0 && INFISICAL_NAME_MAX > 0 && INFISICAL_NAME_BYTES_MAX > 0 && \
      INFISICAL_DESCRIPTION_MAX > 0 && INFISICAL_DESCRIPTION_BYTES_MAX > 0 && INFISICAL_PROJECT_ID_MAX > 0 && \
      INFISICAL_CONNECTION_ID_MAX > 0 && INFISICAL_NORTHFLANK_TOKEN_MAX > 0 && \
      INFISICAL_NORTHFLANK_PROJECT_ID_MAX > 0)
#error "a string limit is not a positive integer macro"
#endif

/* ... and usable where C needs an integer constant expression. */
static const char limits_fit[INFISICAL_NAME_BYTES_MAX >= INFISICAL_NAME_MAX &&
                             INFISICAL_DESCRIPTION_BYTES_MAX >= INFISICAL_DESCRIPTION_MAX ? 1 : -1] = {0};

int main(void)
{
    return infisical_status_str(INFISICAL_OK)[0] == 'o' ? limits_fit[0] : 1;
}
