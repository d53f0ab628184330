#include <string.h>

#include "error_internal.h"
#include "models.h"
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
