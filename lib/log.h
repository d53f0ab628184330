/* The log callback's one door: format, redact, deliver. */
#ifndef INFISICAL_LOG_H
#define INFISICAL_LOG_H

#include "config_internal.h"
#include "error_internal.h"

/* Deliver a line at `level` to cfg's callback when it wants that level. The
 * line is redacted first (see infisical__redact), whatever it holds. */
void infisical__log(const struct infisical_config *cfg, int level, const char *fmt, ...) INFISICAL__PRINTF(3, 4);

/* Replace, in place, what may be a secret with "[REDACTED]" (shortening the
 * line): the value after "Bearer ", JWT-shaped words, the value of JSON keys
 * that hold credentials, and the config's own client secret and access token. */
void infisical__redact(const struct infisical_config *cfg, char *line);

#endif
