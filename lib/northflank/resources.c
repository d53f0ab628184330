#include <stdio.h>
#include <string.h>

#include "error_internal.h"
#include "northflank/resources.h"
#include "util/alloc.h"

int infisical__resources_add(struct infisical_northflank_resources *r, const char *id, const char *name)
{
    /* Each item costs its strings, their terminators and its slot. */
    size_t cost = strlen(id) + strlen(name) + 2 + sizeof *r->items;
    if ((r->max_items && r->count >= r->max_items) || (r->max_bytes && r->bytes + cost > r->max_bytes))
        return 1;
    if (r->count == r->cap) {
        uint32_t cap = r->cap ? r->cap * 2 : 64;
        struct infisical__resource *grown = infisical__realloc(r->items, cap * sizeof *grown);
        if (!grown)
            return -1;
        r->items = grown;
        r->cap = cap;
    }
    struct infisical__resource *it = &r->items[r->count];
    it->id = infisical__strdup(id);
    it->name = infisical__strdup(name);
    if (!it->id || !it->name) {
        infisical__free(it->id);
        infisical__free(it->name);
        return -1;
    }
    r->count++;
    r->bytes += cost;
    return 0;
}

uint32_t infisical_northflank_resources_count(const infisical_northflank_resources *r)
{
    return r ? r->count : 0;
}

const char *infisical_northflank_resources_id(const infisical_northflank_resources *r, uint32_t i)
{
    return r && i < r->count ? r->items[i].id : NULL;
}

const char *infisical_northflank_resources_name(const infisical_northflank_resources *r, uint32_t i)
{
    return r && i < r->count ? r->items[i].name : NULL;
}

uint32_t infisical_northflank_resources_pages(const infisical_northflank_resources *r)
{
    return r ? r->pages : 0;
}

int infisical_northflank_resources_truncated(const infisical_northflank_resources *r)
{
    return r ? r->truncated : 0;
}

void infisical__resources_clear(struct infisical_northflank_resources *r)
{
    for (uint32_t i = 0; i < r->count; i++) {
        infisical__free(r->items[i].id);
        infisical__free(r->items[i].name);
    }
    infisical__free(r->items);
    memset(r, 0, sizeof *r);
}

void infisical_northflank_resources_free(infisical_northflank_resources *r)
{
    if (!r)
        return;
    infisical__resources_clear(r);
    infisical__free(r);
}

/* ---- preflight reports ---- */

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
    return r ? r->authenticated : -1;
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
    return r && permission < INFISICAL_PERMISSION_COUNT ? r->state[permission] : INFISICAL_EINVAL;
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
