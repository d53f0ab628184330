/* The Northflank API handle, for the create-with-preflight path. */
#ifndef INFISICAL_NORTHFLANK_API_H
#define INFISICAL_NORTHFLANK_API_H

#include "infisical/preflight.h"
#include "request.h"

/* infisical_northflank_api_preflight without the argument checks, under a
 * deadline of the caller's (on infisical__now_ms()'s clock). */
int infisical__northflank_preflight(infisical_northflank_api *api, uint32_t flags, int64_t deadline_ms,
                                    infisical_preflight_report **out, infisical_error **err);

#endif
