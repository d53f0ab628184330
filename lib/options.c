/* Per-call options, and the settings of one call resolved from them. */
#include <time.h>

#include "error_internal.h"
#include "request.h"
#include "transport/http.h"
#include "util/alloc.h"

struct infisical_call_options {
    int64_t timeout_ms;        /* 0: the config's */
    int has_cancel;            /* the hook below replaces the config's, even when NULL */
    infisical_cancel_fn cancel;
    void *cancel_user;
    uint32_t max_attempts;     /* 0: the config's */
};

int infisical_call_options_new(infisical_call_options **out, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if (!(*out = infisical__calloc(1, sizeof **out)))
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return INFISICAL_OK;
}

void infisical_call_options_free(infisical_call_options *opts)
{
    infisical__free(opts);
}

int infisical_call_options_set_timeout_ms(infisical_call_options *opts, int64_t timeout_ms, infisical_error **err)
{
    infisical__error_clear(err);
    if (!opts)
        return infisical__fail_field(err, "opts", "must not be NULL");
    int rc = infisical__check_between(err, "timeout_ms", timeout_ms, 1, 86400000);
    if (rc == INFISICAL_OK)
        opts->timeout_ms = timeout_ms;
    return rc;
}

int infisical_call_options_set_cancel_hook(infisical_call_options *opts, infisical_cancel_fn fn, void *user,
                                           infisical_error **err)
{
    infisical__error_clear(err);
    if (!opts)
        return infisical__fail_field(err, "opts", "must not be NULL");
    opts->has_cancel = 1;
    opts->cancel = fn;
    opts->cancel_user = fn ? user : NULL;
    return INFISICAL_OK;
}

int infisical_call_options_set_max_attempts(infisical_call_options *opts, uint32_t attempts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!opts)
        return infisical__fail_field(err, "opts", "must not be NULL");
    int rc = infisical__check_between(err, "max_attempts", attempts, 1, 10);
    if (rc == INFISICAL_OK)
        opts->max_attempts = attempts;
    return rc;
}

void infisical__call_settings_resolve(struct infisical__call_settings *out, const struct infisical_config *cfg,
                                      const infisical_call_options *opts)
{
    int64_t timeout = opts && opts->timeout_ms ? opts->timeout_ms : cfg->timeout_ms;
    *out = (struct infisical__call_settings){
        .deadline_ms = infisical__now_ms() + timeout,
        .cancel = opts && opts->has_cancel ? opts->cancel : cfg->cancel,
        .cancel_user = opts && opts->has_cancel ? opts->cancel_user : cfg->cancel_user,
        .max_attempts = opts && opts->max_attempts ? opts->max_attempts : cfg->max_attempts,
    };
}

int infisical__call_cancelled(const struct infisical__call_settings *s)
{
    return s->cancel && s->cancel(s->cancel_user);
}

int infisical__call_sleep(const struct infisical__call_settings *s, int64_t ms)
{
    int64_t end = infisical__now_ms() + ms;
    if (end > s->deadline_ms)
        end = s->deadline_ms;
    for (;;) {
        if (infisical__call_cancelled(s))
            return 1;
        int64_t left = end - infisical__now_ms();
        if (left <= 0)
            return 0;
        if (left > 50)
            left = 50; /* hear the cancel hook at least this often */
        struct timespec ts = {0, (long)left * 1000000L};
        nanosleep(&ts, NULL);
    }
}
