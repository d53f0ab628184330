#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"

/* INFISICAL_TEST_FILTER="name" (a cmocka glob) runs only the matching tests of
 * a program, as in the integration harness: the mutation run
 * (scripts/mutate.py) runs one test per mutant. */
__attribute__((constructor)) static void test_filter_from_env(void)
{
    const char *filter = getenv("INFISICAL_TEST_FILTER");
    if (filter && *filter)
        cmocka_set_test_filter(filter);
}

int check_einval(int rc, infisical_error *err, const char *path, const char *text)
{
    char message[1024];
    snprintf(message, sizeof message, "%s: %s", path, text);
    const char *p0 = infisical_error_issue_path(err, 0), *m0 = infisical_error_issue_message(err, 0),
               *c0 = infisical_error_issue_code(err, 0);
    int ok = rc == INFISICAL_EINVAL && err && infisical_error_code(err) == INFISICAL_EINVAL &&
             strcmp(infisical_error_message(err), message) == 0 && infisical_error_issue_count(err) == 1 &&
             p0 && strcmp(p0, path) == 0 && m0 && strcmp(m0, text) == 0 && c0 && strcmp(c0, "client") == 0 &&
             infisical_error_http_status(err) == 0 && infisical_error_request(err) == NULL;
    if (!ok)
        print_error("expected: %d %s [issue %s]\n     got: %d %s [issue %s]\n", INFISICAL_EINVAL, message, path, rc,
                    err ? infisical_error_message(err) : "(no error)", p0 ? p0 : "(none)");
    infisical_error_free(err);
    return ok;
}

void expect_einval(int rc, infisical_error *err, const char *path, const char *text)
{
    assert_true(check_einval(rc, err, path, text));
}
