/* The log callback's one door: format, redact, cut, deliver. */
#ifndef INFISICAL_LOG_H
#define INFISICAL_LOG_H

#include "config_internal.h"
#include "error_internal.h"
#include "util/redact.h"

/* The longest line the callback receives, in bytes (a longer one is cut after
 * redaction, on a UTF-8 character boundary). */
#define INFISICAL__LOG_LINE_MAX 1023

/* Deliver a line at `level` to cfg's callback when it wants that level. The
 * whole line is redacted first (infisical__redact, with cfg's own client
 * secret and access token and the call's `secrets`, which may be NULL). */
void infisical__log(const struct infisical_config *cfg, const struct infisical__secrets *secrets, int level,
                    const char *fmt, ...) INFISICAL__PRINTF(4, 5);

/* Whether cfg's callback wants lines at `level`: a caller with a costly line
 * to format asks first. */
int infisical__log_wanted(const struct infisical_config *cfg, int level);

/* The secrets a config holds, added to s. */
void infisical__secrets_of_config(struct infisical__secrets *s, const struct infisical_config *cfg);

/* Say something that must be heard even without a log callback (a risk the
 * caller took on): to the callback when there is one, else to stderr. */
void infisical__warn(const struct infisical_config *cfg, const char *fmt, ...) INFISICAL__PRINTF(2, 3);

#endif
