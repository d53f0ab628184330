#include "infisical/common.h"
#include "transport/http.h"
#include "util/alloc.h"

const char *infisical_status_str(int status)
{
    switch (status) {
    case INFISICAL_OK: return "ok";
    case INFISICAL_EINVAL: return "invalid argument";
    case INFISICAL_ENOMEM: return "out of memory";
    case INFISICAL_ENETWORK: return "network error";
    case INFISICAL_ETIMEOUT: return "timed out";
    case INFISICAL_ETLS: return "TLS error";
    case INFISICAL_EPROTOCOL: return "malformed reply";
    case INFISICAL_EBADREQUEST: return "bad request";
    case INFISICAL_EUNAUTHORIZED: return "unauthorized";
    case INFISICAL_EPERMISSION: return "permission denied";
    case INFISICAL_ETOKEN: return "access token expired or malformed";
    case INFISICAL_EFORBIDDEN: return "forbidden";
    case INFISICAL_ENOTFOUND: return "not found";
    case INFISICAL_EVALIDATION: return "validation failed";
    case INFISICAL_ERATELIMIT: return "rate limited";
    case INFISICAL_ESERVER: return "server error";
    case INFISICAL_EHTTP: return "unexpected HTTP status";
    case INFISICAL_ECANCELLED: return "cancelled";
    case INFISICAL_ETOOLARGE: return "reply too large";
    case INFISICAL_ETRUNCATED: return "list cut short";
    case INFISICAL_EPREFLIGHT: return "the token failed its preflight check";
    case INFISICAL_EBUSY: return "a job of this sync is already in progress";
    case INFISICAL_EJOBFAILED: return "the sync's job failed";
    default: return "unknown status";
    }
}

const char *infisical_status_name(int status)
{
    switch (status) {
#define NAME(code) case code: return #code;
    NAME(INFISICAL_OK) NAME(INFISICAL_EINVAL) NAME(INFISICAL_ENOMEM) NAME(INFISICAL_ENETWORK)
    NAME(INFISICAL_ETIMEOUT) NAME(INFISICAL_ETLS) NAME(INFISICAL_EPROTOCOL) NAME(INFISICAL_EBADREQUEST)
    NAME(INFISICAL_EUNAUTHORIZED) NAME(INFISICAL_EPERMISSION) NAME(INFISICAL_ETOKEN) NAME(INFISICAL_EFORBIDDEN)
    NAME(INFISICAL_ENOTFOUND) NAME(INFISICAL_EVALIDATION) NAME(INFISICAL_ERATELIMIT) NAME(INFISICAL_ESERVER)
    NAME(INFISICAL_EHTTP) NAME(INFISICAL_ECANCELLED) NAME(INFISICAL_ETOOLARGE) NAME(INFISICAL_ETRUNCATED)
    NAME(INFISICAL_EPREFLIGHT) NAME(INFISICAL_EBUSY) NAME(INFISICAL_EJOBFAILED)
#undef NAME
    default: return NULL;
    }
}

const char *infisical_version(void)
{
    return INFISICAL_VERSION_STRING;
}

/* The macro binding generators read is a plain number; it must agree with its parts. */
_Static_assert(INFISICAL_VERSION_NUM ==
                   INFISICAL_VERSION_MAJOR * 10000 + INFISICAL_VERSION_MINOR * 100 + INFISICAL_VERSION_PATCH,
               "INFISICAL_VERSION_NUM disagrees with INFISICAL_VERSION_MAJOR/MINOR/PATCH");

uint32_t infisical_version_number(void)
{
    return INFISICAL_VERSION_MAJOR * 10000u + INFISICAL_VERSION_MINOR * 100u + INFISICAL_VERSION_PATCH;
}

int infisical_global_init(void)
{
    return infisical__http_global_init();
}

void infisical_global_cleanup(void)
{
    infisical__http_global_cleanup();
}

void infisical_free(void *p)
{
    infisical__free(p);
}
