/* The C side of the Go binding: what cgo cannot write in Go.
 *
 * A Go function exported with //export has a signature without const, so it
 * is not an infisical_log_fn: infisical_go_log is, and forwards. The client's
 * `void *user` carries a runtime/cgo.Handle as an integer, converted here in
 * C, so that no Go code turns an integer into an unsafe.Pointer (go vet).
 *
 * The cancel hook reads a flag in C memory that a goroutine sets when the
 * call's context is done: the hook, polled every 50 ms, never calls into Go. */
#include <stdint.h>
#include <stdlib.h>

#include <infisical/infisical.h>

#include "_cgo_export.h"

static void infisical_go_log(void *user, int level, const char *line)
{
    goInfisicalLog((uintptr_t)user, level, (char *)line);
}

int infisical_go_config_set_log(infisical_config *cfg, uintptr_t handle, int min_level, infisical_error **err)
{
    return infisical_config_set_log(cfg, infisical_go_log, (void *)handle, min_level, err);
}

static int infisical_go_cancelled(void *user)
{
    return __atomic_load_n((int *)user, __ATOMIC_ACQUIRE);
}

int *infisical_go_cancel_flag_new(void)
{
    return calloc(1, sizeof(int));
}

void infisical_go_cancel(int *flag)
{
    __atomic_store_n(flag, 1, __ATOMIC_RELEASE);
}

int infisical_go_call_options_set_cancel_flag(infisical_call_options *opts, int *flag, infisical_error **err)
{
    return infisical_call_options_set_cancel_hook(opts, infisical_go_cancelled, flag, err);
}

/* Wipe a C copy of a secret, then free it: the volatile pointer keeps the
 * compiler from dropping the stores before free(). */
void infisical_go_wipe_free(char *p)
{
    if (!p)
        return;
    for (volatile char *v = p; *v; v++)
        *v = 0;
    free(p);
}
