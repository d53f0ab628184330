/* Preflight reports: the getters, copies, and the error that carries one. */
#include <string.h>

#include "error_internal.h"
#include "models.h"
#include "util/alloc.h"

static const char *const permission_names[INFISICAL_PERMISSION_COUNT] = {
    "Projects > Manage > Read",
    "Config & Secrets > Secret Groups > List",
    "Config & Secrets > Secret Groups > Read Values",
    "Config & Secrets > Secret Groups > Update",
};

const char *infisical_preflight_permission_name(uint32_t permission)
{
    return permission < INFISICAL_PERMISSION_COUNT ? permission_names[permission] : NULL;
}

int infisical_preflight_authenticated(const infisical_preflight_report *r)
{
    return r ? r->authenticated == 1 : 0;
}

int infisical_preflight_passed(const infisical_preflight_report *r)
{
    if (!r || r->authenticated != 1)
        return 0;
    for (int p = 0; p < INFISICAL_PERMISSION_COUNT; p++)
        if (r->state[p] == INFISICAL_CHECK_DENIED)
            return 0;
    return 1;
}

int infisical_preflight_state(const infisical_preflight_report *r, uint32_t permission)
{
    return r && permission < INFISICAL_PERMISSION_COUNT ? r->state[permission] : INFISICAL_CHECK_UNKNOWN;
}

const char *infisical_preflight_reason(const infisical_preflight_report *r, uint32_t permission)
{
    return r && permission < INFISICAL_PERMISSION_COUNT ? r->reason[permission] : NULL;
}

const char *infisical_preflight_summary(const infisical_preflight_report *r, uint32_t permission)
{
    return r && permission < INFISICAL_PERMISSION_COUNT ? r->summary[permission] : NULL;
}

void infisical_preflight_report_free(infisical_preflight_report *r)
{
    if (!r)
        return;
    for (int p = 0; p < INFISICAL_PERMISSION_COUNT; p++) {
        infisical__free(r->reason[p]);
        infisical__free(r->summary[p]);
    }
    infisical__free(r);
}

int infisical_preflight_report_dup(infisical_preflight_report **out, const infisical_preflight_report *r,
                                   infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!r)
        return infisical__fail_field(err, "report", "must not be NULL");
    struct infisical_preflight_report *d = infisical__calloc(1, sizeof *d);
    if (!d)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    d->authenticated = r->authenticated;
    for (int p = 0; p < INFISICAL_PERMISSION_COUNT; p++) {
        d->state[p] = r->state[p];
        if ((r->reason[p] && !(d->reason[p] = infisical__strdup(r->reason[p]))) ||
            (r->summary[p] && !(d->summary[p] = infisical__strdup(r->summary[p])))) {
            infisical_preflight_report_free(d);
            return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
        }
    }
    *out = d;
    return INFISICAL_OK;
}

static void report_free(void *r)
{
    infisical_preflight_report_free(r);
}

void infisical__error_attach_report(infisical_error *e, infisical_preflight_report *r)
{
    e->detail = r;
    e->detail_free = report_free;
}

const infisical_preflight_report *infisical_error_preflight_report(const infisical_error *e)
{
    return e && e->detail_free == report_free ? e->detail : NULL;
}
