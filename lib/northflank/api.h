/* The Northflank API as the library's operations use it: one token over an
 * endpoint, which a Northflank API handle or a client owns. */
#ifndef INFISICAL_LIB_NORTHFLANK_API_H
#define INFISICAL_LIB_NORTHFLANK_API_H

#include "infisical/preflight.h"
#include "request.h"

struct infisical__northflank {
    const struct infisical__endpoint *ep;  /* borrowed; its config gives the page cap and the budgets */
    const char *token;                     /* secret, borrowed */
};

/* infisical_northflank_api_preflight without the argument checks, as part of
 * a call whose settings (deadline, cancel hook) the caller resolved. */
int infisical__northflank_preflight(const struct infisical__northflank *nf, uint32_t flags,
                                    const struct infisical__call_settings *settings,
                                    infisical_preflight_report **out, infisical_error **err);

#endif
