/* What the unit tests share. Include after <cmocka.h>. */
#ifndef INFISICAL_UNIT_H
#define INFISICAL_UNIT_H

#include <infisical/infisical.h>

/* assert_string_equal that also accepts an expected NULL (and does not crash on a NULL actual). */
#define ASSERT_STR(actual, expected)                      \
    do {                                                  \
        const char *a_ = (actual), *e_ = (expected);      \
        if (!e_) {                                        \
            assert_null(a_);                              \
        } else {                                          \
            assert_non_null(a_);                          \
            assert_string_equal(a_, e_);                  \
        }                                                 \
    } while (0)

/* rc must be INFISICAL_EINVAL with exactly one client issue at `path` and message
 * "<path>: <text>", and no HTTP detail. Returns 1 when so, else prints what
 * happened and returns 0. err is freed either way. */
int check_einval(int rc, infisical_error *err, const char *path, const char *text);

/* check_einval as an assertion. */
void expect_einval(int rc, infisical_error *err, const char *path, const char *text);

/* Evaluate `call` (which passes &err) before looking at err: the order of a
 * call's arguments is unspecified. */
#define EXPECT_EINVAL(call, path, text)                  \
    do {                                                 \
        infisical_error *err = NULL;                     \
        int rc_ = (call);                                \
        expect_einval(rc_, err, path, text);             \
    } while (0)

#endif
