/* The C side of the Go log callback. A Go function exported with //export has
 * a signature without const (goLogLine(int, char *)), so it is not an
 * infisical_log_fn; this trampoline is. It lives in its own file because a
 * cgo preamble may hold no definitions once the package exports a function. */
#include <infisical/infisical.h>

#include "_cgo_export.h"

void infisical_go_log(void *user, int level, const char *line)
{
    (void)user;
    goLogLine(level, (char *)line);
}
