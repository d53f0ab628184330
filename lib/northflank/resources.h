/* Northflank listings and preflight reports as the public getters see them. */
#ifndef INFISICAL_NORTHFLANK_RESOURCES_H
#define INFISICAL_NORTHFLANK_RESOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "infisical/preflight.h"

struct infisical__resource {
    char *id;
    char *name;
};

struct infisical_northflank_resources {
    uint32_t count;
    uint32_t cap;
    struct infisical__resource *items;
    uint32_t pages;
    int truncated;
    /* A whole listing's budget, across its pages (0: none): however a server
     * pads its pages, a listing holds at most this many items and bytes. */
    uint32_t max_items;
    size_t max_bytes;
    size_t bytes;          /* what the items hold now, counted as the budget counts */
};

/* Append one item (copies); 0, -1 when out of memory, or 1 when it would pass
 * the budget (nothing is added then). */
int infisical__resources_add(struct infisical_northflank_resources *r, const char *id, const char *name);
/* Free the items and zero r (which itself is not freed). */
void infisical__resources_clear(struct infisical_northflank_resources *r);

struct infisical_preflight_report {
    int authenticated;                        /* 1, or 0 when Northflank answered 401 */
    int state[INFISICAL_PERMISSION_COUNT];    /* INFISICAL_CHECK_* */
    char *reason[INFISICAL_PERMISSION_COUNT];
    char *summary[INFISICAL_PERMISSION_COUNT];
};

#endif
