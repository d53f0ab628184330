/* Unit tests of the Northflank create/update parameters (include/infisical/northflank.h,
 * lib/northflank/params.h): trimming, the server's rules, and "unset" vs "null". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_internal.h"
#include "infisical/northflank.h"
#include "northflank/params.h"
#include "util/alloc.h"


static const char NAME_MIN[] = "name field must be at least 1 lowercase character";
static const char NAME_MAX[] = "name field must be at most 64 lowercase characters";
static const char NAME_CHARS[] = "name field can only contain lowercase letters, numbers, and hyphens";
static const char DESC_MAX[] = "Description cannot exceed 256 characters";
#define EMOJI "\xf0\x9f\x98\x80" /* U+1F600: 4 UTF-8 bytes, 2 UTF-16 units */


static infisical_northflank_params *new_params(void)
{
    infisical_northflank_params *p = NULL;
    infisical_error *err = NULL;
    assert_int_equal(infisical_northflank_params_new(&p, &err), INFISICAL_OK);
    assert_null(err);
    assert_non_null(p);
    return p;
}

/* A string of n copies of unit (a UTF-8 sequence), between `pre` and `post`. */
static char *repeat(const char *pre, const char *unit, size_t n, const char *post)
{
    size_t u = strlen(unit), a = strlen(pre), b = strlen(post);
    char *s = malloc(a + u * n + b + 1);
    assert_non_null(s);
    memcpy(s, pre, a);
    for (size_t i = 0; i < n; i++)
        memcpy(s + a + i * u, unit, u);
    memcpy(s + a + u * n, post, b + 1);
    return s;
}

/* ------------------------------------------------------------------ new / free */

static void new_is_empty(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    assert_null(p->name);
    assert_int_equal(p->set_description, 0);
    assert_null(p->description);
    assert_null(p->project_id);
    assert_null(p->api_token);
    infisical_northflank_params_free(p);
    infisical_northflank_params_free(NULL);

    EXPECT_EINVAL(infisical_northflank_params_new(NULL, &err), "out", "must not be NULL");
    assert_int_equal(infisical_northflank_params_new(NULL, NULL), INFISICAL_EINVAL);
    p = NULL;
    assert_int_equal(infisical_northflank_params_new(&p, NULL), INFISICAL_OK);
    infisical_northflank_params_free(p);
}

static void null_params(void **state)
{
    (void)state;
    EXPECT_EINVAL(infisical_northflank_params_set_name(NULL, "a", &err), "params", "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_description(NULL, "a", &err), "params", "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_description(NULL, NULL, &err), "params", "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(NULL, "a", &err), "params", "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(NULL, "a", &err), "params", "must not be NULL");
}

/* ------------------------------------------------------------------ name */

static void name_trimmed(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    infisical_error *err = (infisical_error *)&err;
    assert_int_equal(infisical_northflank_params_set_name(p, "my-northflank-connection", &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(p->name, "my-northflank-connection");
    assert_int_equal(infisical_northflank_params_set_name(p, "  \t my-conn \r\n ", &err), INFISICAL_OK);
    ASSERT_STR(p->name, "my-conn");
    /* 64 characters after trimming are fine, however much space surrounds them */
    char *s = repeat("   ", "a", 64, "\t\t");
    assert_int_equal(infisical_northflank_params_set_name(p, s, &err), INFISICAL_OK);
    assert_int_equal(strlen(p->name), 64);
    assert_int_equal(p->name[0], 'a');
    free(s);
    assert_int_equal(infisical_northflank_params_set_name(p, "x", NULL), INFISICAL_OK);
    ASSERT_STR(p->name, "x");
    /* nothing else was touched */
    assert_int_equal(p->set_description, 0);
    assert_null(p->api_token);
    infisical_northflank_params_free(p);
}

static void name_refused(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    assert_int_equal(infisical_northflank_params_set_name(p, "old-name", NULL), INFISICAL_OK);
    static const struct {
        const char *in, *why;
    } rows[] = {
        {"", NAME_MIN},
        {"   ", NAME_MIN},
        {" \t\r\n ", NAME_MIN},
        {"a--b", NAME_CHARS},
        {"-a", NAME_CHARS},
        {"a-", NAME_CHARS},
        {" a- ", NAME_CHARS},
        {"A", NAME_CHARS},
        {"My-Connection", NAME_CHARS},
        {"a_b", NAME_CHARS},
        {"a b", NAME_CHARS},
        {"a.b", NAME_CHARS},
        {"caf\xc3\xa9", NAME_CHARS},
        {"conn\xc2\xa0x", NAME_CHARS},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        EXPECT_EINVAL(infisical_northflank_params_set_name(p, rows[i].in, &err), "name", rows[i].why);
        ASSERT_STR(p->name, "old-name");
        assert_int_equal(infisical_northflank_params_set_name(p, rows[i].in, NULL), INFISICAL_EINVAL);
        ASSERT_STR(p->name, "old-name");
    }
    char *s65 = repeat("", "a", 65, "");
    EXPECT_EINVAL(infisical_northflank_params_set_name(p, s65, &err), "name", NAME_MAX);
    free(s65);
    s65 = repeat(" ", "b", 65, " ");
    EXPECT_EINVAL(infisical_northflank_params_set_name(p, s65, &err), "name", NAME_MAX);
    free(s65);
    EXPECT_EINVAL(infisical_northflank_params_set_name(p, NULL, &err), "name", "must not be NULL");
    ASSERT_STR(p->name, "old-name");
    infisical_northflank_params_free(p);
}

/* ------------------------------------------------------------------ description */

static void description_limits(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    infisical_error *err = NULL;
    struct {
        char *s;
        size_t stored_len; /* bytes kept after trimming; 0: refused */
    } rows[] = {
        {repeat("", "d", 256, ""), 256},
        {repeat("", "d", 257, ""), 0},
        {repeat("  ", "d", 256, " \n"), 256},           /* the limit counts after trimming */
        {repeat("", "d", 254, EMOJI), 258},             /* 254 + 2 = 256 units */
        {repeat("", "d", 255, EMOJI), 0},               /* 255 + 2 = 257 units, only 259 bytes */
        {repeat("", EMOJI, 128, ""), 512},              /* 128 astral = 256 units */
        {repeat("", EMOJI, 129, ""), 0},
        {repeat("", "\xc3\xa9", 256, ""), 512},          /* é: 2 bytes, 1 unit */
        {repeat("", "\xe2\x82\xac", 256, ""), 768},      /* €: 3 bytes, 1 unit */
        {repeat("", "\xe2\x82\xac", 257, ""), 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].stored_len) {
            int rc = infisical_northflank_params_set_description(p, rows[i].s, &err);
            if (rc != INFISICAL_OK)
                fail_msg("row %zu refused: %s", i, infisical_error_message(err));
            assert_int_equal(p->set_description, 1);
            assert_non_null(p->description);
            assert_int_equal(strlen(p->description), rows[i].stored_len);
        } else {
            assert_int_equal(infisical_northflank_params_set_description(p, "kept", NULL), INFISICAL_OK);
            EXPECT_EINVAL(infisical_northflank_params_set_description(p, rows[i].s, &err), "description", DESC_MAX);
            ASSERT_STR(p->description, "kept");
        }
        free(rows[i].s);
    }
    infisical_northflank_params_free(p);
}

static void description_values(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    infisical_error *err = NULL;
    assert_int_equal(infisical_northflank_params_set_description(p, "  Production token\t", &err), INFISICAL_OK);
    assert_null(err);
    assert_int_equal(p->set_description, 1);
    ASSERT_STR(p->description, "Production token");
    /* quotes, newlines inside and non-ASCII are kept as they are */
    assert_int_equal(infisical_northflank_params_set_description(p, "line 1\n\"line\" 2 " EMOJI, &err), INFISICAL_OK);
    ASSERT_STR(p->description, "line 1\n\"line\" 2 " EMOJI);
    /* all white space: an empty description (the server allows it) */
    assert_int_equal(infisical_northflank_params_set_description(p, "   ", &err), INFISICAL_OK);
    assert_int_equal(p->set_description, 1);
    ASSERT_STR(p->description, "");
    /* NULL: set to null */
    assert_int_equal(infisical_northflank_params_set_description(p, "x", &err), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_description(p, NULL, &err), INFISICAL_OK);
    assert_null(err);
    assert_int_equal(p->set_description, 1);
    assert_null(p->description);
    infisical_northflank_params_free(p);

    /* NULL on fresh params: "set to null" differs from "never set" */
    p = new_params();
    assert_int_equal(p->set_description, 0);
    assert_int_equal(infisical_northflank_params_set_description(p, NULL, NULL), INFISICAL_OK);
    assert_int_equal(p->set_description, 1);
    assert_null(p->description);
    infisical_northflank_params_free(p);
}

static void description_refused_leaves_state(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    char *long_one = repeat("", "d", 257, "");
    /* never set: a refused value keeps it unset (no null is sent) */
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, long_one, &err), "description", DESC_MAX);
    assert_int_equal(p->set_description, 0);
    assert_null(p->description);
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, "bad \xc3\x28 utf8", &err), "description",
                  "is not valid UTF-8");
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, "\xed\xa0\x80", &err), "description",
                  "is not valid UTF-8");
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, "cut " "\xf0\x9f\x98", &err), "description",
                  "is not valid UTF-8");
    assert_int_equal(p->set_description, 0);
    /* set to null: a refused value keeps the null */
    assert_int_equal(infisical_northflank_params_set_description(p, NULL, NULL), INFISICAL_OK);
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, long_one, &err), "description", DESC_MAX);
    assert_int_equal(p->set_description, 1);
    assert_null(p->description);
    /* set to a value: a refused value keeps it */
    assert_int_equal(infisical_northflank_params_set_description(p, "old", NULL), INFISICAL_OK);
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, long_one, &err), "description", DESC_MAX);
    ASSERT_STR(p->description, "old");
    free(long_one);
    infisical_northflank_params_free(p);
}

/* ------------------------------------------------------------------ project id and API token */

static void project_id(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    infisical_error *err = NULL;
    assert_int_equal(infisical_northflank_params_set_project_id(p, " abcdef12-3456-7890-abcd-ef1234567890 ", &err),
                     INFISICAL_OK);
    ASSERT_STR(p->project_id, "abcdef12-3456-7890-abcd-ef1234567890");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, "", &err), "projectId", "must not be empty");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, " \t ", &err), "projectId", "must not be empty");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, NULL, &err), "projectId", "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, "a\x01" "b", &err), "projectId",
                  "must not contain control characters");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, "a\nb", &err), "projectId",
                  "must not contain control characters");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, "\xff", &err), "projectId", "is not valid UTF-8");
    ASSERT_STR(p->project_id, "abcdef12-3456-7890-abcd-ef1234567890");
    infisical_northflank_params_free(p);
}

static void api_token(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    infisical_error *err = (infisical_error *)&err;
    assert_int_equal(infisical_northflank_params_set_api_token(p, "  nf-token-123\n", &err), INFISICAL_OK);
    assert_null(err);
    ASSERT_STR(p->api_token, "nf-token-123");
    assert_int_equal(infisical_northflank_params_set_api_token(p, "nf-token-456", NULL), INFISICAL_OK);
    ASSERT_STR(p->api_token, "nf-token-456");

    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "", &err), "credentials.apiToken", "API Token required");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "  \t\n ", &err), "credentials.apiToken",
                  "API Token required");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, NULL, &err), "credentials.apiToken",
                  "must not be NULL");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "tok\r\nen", &err), "credentials.apiToken",
                  "must not contain control characters");
    /* Northflank reads it from an Authorization header: printable ASCII only */
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "tok\xc0\x80", &err), "credentials.apiToken",
                  "must be printable ASCII");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "tok\xc3\xa9", &err), "credentials.apiToken",
                  "must be printable ASCII");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "to\tken", &err), "credentials.apiToken",
                  "must not contain control characters");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, "token\x7f", &err), "credentials.apiToken",
                  "must not contain control characters");
    /* a failed setter keeps the old token, and no message carries the token */
    ASSERT_STR(p->api_token, "nf-token-456");
    err = NULL;
    assert_int_equal(infisical_northflank_params_set_api_token(p, "secret-value\x01", &err), INFISICAL_EINVAL);
    assert_null(strstr(infisical_error_message(err), "secret-value"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);
}

/* ------------------------------------------------------------------ byte limits */

static const char *over_message(size_t max)
{
    static char text[64];
    snprintf(text, sizeof text, "must be at most %zu bytes", max);
    return text;
}

/* Each string setter: exactly its byte limit as passed (white space included)
 * is accepted, one byte more is refused naming the field and the limit, and
 * the old value stays. */
static void byte_limits(void **state)
{
    (void)state;
    assert_int_equal(INFISICAL_NAME_BYTES_MAX, 256);
    assert_int_equal(INFISICAL_DESCRIPTION_BYTES_MAX, 4 * INFISICAL_DESCRIPTION_MAX);
    assert_int_equal(INFISICAL_PROJECT_ID_MAX, 256);
    assert_int_equal(INFISICAL_NORTHFLANK_TOKEN_MAX, 16384);
    infisical_northflank_params *p = new_params();
    infisical_error *err = NULL;

    /* name: 64 slug characters inside 192 bytes of white space */
    char *at = repeat("", " ", INFISICAL_NAME_BYTES_MAX - 64, ""), *s = repeat(at, "n", 64, "");
    free(at);
    assert_int_equal(strlen(s), INFISICAL_NAME_BYTES_MAX);
    assert_int_equal(infisical_northflank_params_set_name(p, s, &err), INFISICAL_OK);
    assert_int_equal(strlen(p->name), 64);
    char *over = repeat(" ", "", 0, s);
    EXPECT_EINVAL(infisical_northflank_params_set_name(p, over, &err), "name", over_message(INFISICAL_NAME_BYTES_MAX));
    assert_int_equal(strlen(p->name), 64);
    free(s);
    free(over);
    /* between the slug limit and the byte limit, the server's words */
    s = repeat("", "n", 65, "");
    EXPECT_EINVAL(infisical_northflank_params_set_name(p, s, &err), "name", NAME_MAX);
    free(s);

    /* description: 256 three-byte characters (768 bytes) and 256 bytes of white space */
    at = repeat("", "\xe2\x82\xac", INFISICAL_DESCRIPTION_MAX, "");
    s = repeat(at, " ", INFISICAL_DESCRIPTION_BYTES_MAX - strlen(at), "");
    free(at);
    assert_int_equal(strlen(s), INFISICAL_DESCRIPTION_BYTES_MAX);
    assert_int_equal(infisical_northflank_params_set_description(p, s, &err), INFISICAL_OK);
    assert_int_equal(strlen(p->description), 3 * INFISICAL_DESCRIPTION_MAX);
    over = repeat("\n", "", 0, s);
    EXPECT_EINVAL(infisical_northflank_params_set_description(p, over, &err), "description",
                  over_message(INFISICAL_DESCRIPTION_BYTES_MAX));
    assert_int_equal(strlen(p->description), 3 * INFISICAL_DESCRIPTION_MAX);
    free(s);
    free(over);

    /* project id */
    s = repeat("", "p", INFISICAL_PROJECT_ID_MAX, "");
    assert_int_equal(infisical_northflank_params_set_project_id(p, s, &err), INFISICAL_OK);
    ASSERT_STR(p->project_id, s);
    over = repeat("", "p", INFISICAL_PROJECT_ID_MAX + 1, "");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, over, &err), "projectId",
                  over_message(INFISICAL_PROJECT_ID_MAX));
    ASSERT_STR(p->project_id, s);
    free(s);
    free(over);

    /* API token, white space around it counted */
    s = repeat(" ", "t", INFISICAL_NORTHFLANK_TOKEN_MAX - 2, "\n");
    assert_int_equal(infisical_northflank_params_set_api_token(p, s, &err), INFISICAL_OK);
    assert_int_equal(strlen(p->api_token), INFISICAL_NORTHFLANK_TOKEN_MAX - 2);
    over = repeat(" ", "t", INFISICAL_NORTHFLANK_TOKEN_MAX - 1, "\n");
    EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, over, &err), "credentials.apiToken",
                  over_message(INFISICAL_NORTHFLANK_TOKEN_MAX));
    assert_int_equal(strlen(p->api_token), INFISICAL_NORTHFLANK_TOKEN_MAX - 2);
    free(s);
    free(over);
    infisical_northflank_params_free(p);
}

/* Ten megabytes into each setter: refused by the byte limit, whatever the
 * content (white space that trimming would remove, or text that is otherwise valid). */
static void huge_strings_refused(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    size_t ten_mb = 10u * 1024 * 1024;
    char *spaces = repeat("", " ", ten_mb, "a"), *letters = repeat("", "a", ten_mb, "");
    for (int i = 0; i < 2; i++) {
        const char *s = i == 0 ? spaces : letters;
        EXPECT_EINVAL(infisical_northflank_params_set_name(p, s, &err), "name", over_message(INFISICAL_NAME_BYTES_MAX));
        EXPECT_EINVAL(infisical_northflank_params_set_description(p, s, &err), "description",
                      over_message(INFISICAL_DESCRIPTION_BYTES_MAX));
        EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, s, &err), "projectId",
                      over_message(INFISICAL_PROJECT_ID_MAX));
        EXPECT_EINVAL(infisical_northflank_params_set_api_token(p, s, &err), "credentials.apiToken",
                      over_message(INFISICAL_NORTHFLANK_TOKEN_MAX));
    }
    free(spaces);
    free(letters);
    assert_null(p->name);
    assert_int_equal(p->set_description, 0);
    assert_null(p->project_id);
    assert_null(p->api_token);
    infisical_northflank_params_free(p);
}

/* Project ids go into JSON: one line of valid UTF-8. */
static void project_id_characters(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    static const char *const ctrl[] = {"a\rb", "a\tb", "a\x7f", "a\033b"};
    for (size_t i = 0; i < sizeof ctrl / sizeof ctrl[0]; i++)
        EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, ctrl[i], &err), "projectId",
                      "must not contain control characters");
    EXPECT_EINVAL(infisical_northflank_params_set_project_id(p, "p\xed\xa0\x80", &err), "projectId",
                  "is not valid UTF-8");
    assert_null(p->project_id);
    /* well-formed UTF-8 is a valid JSON string */
    assert_int_equal(infisical_northflank_params_set_project_id(p, "proj-\xc3\xa9", NULL), INFISICAL_OK);
    infisical_northflank_params_free(p);
}

static void fields_are_independent(void **state)
{
    (void)state;
    infisical_northflank_params *p = new_params();
    assert_int_equal(infisical_northflank_params_set_name(p, "n", NULL), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_description(p, "d", NULL), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_project_id(p, "p", NULL), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_api_token(p, "t", NULL), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_name(p, "BAD", NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_northflank_params_set_api_token(p, "", NULL), INFISICAL_EINVAL);
    ASSERT_STR(p->name, "n");
    ASSERT_STR(p->description, "d");
    ASSERT_STR(p->project_id, "p");
    ASSERT_STR(p->api_token, "t");
    assert_int_equal(p->set_description, 1);
    infisical_northflank_params_free(p);
}

/* ------------------------------------------------------------------ allocation failures */

static int fill(infisical_northflank_params **p, infisical_error **err)
{
    int rc;
    *p = NULL;
    if ((rc = infisical_northflank_params_new(p, err)) ||
        (rc = infisical_northflank_params_set_name(*p, " my-conn ", err)) ||
        (rc = infisical_northflank_params_set_description(*p, " desc ", err)) ||
        (rc = infisical_northflank_params_set_project_id(*p, "proj", err)) ||
        (rc = infisical_northflank_params_set_api_token(*p, "tok", err)) ||
        (rc = infisical_northflank_params_set_name(*p, "renamed", err)) ||
        (rc = infisical_northflank_params_set_description(*p, NULL, err)))
        return rc;
    return INFISICAL_OK;
}

static void alloc_failures(void **state)
{
    (void)state;
    unsigned long n;
    for (n = 1;; n++) {
        infisical_northflank_params *p = NULL;
        infisical_error *err = NULL;
        infisical__alloc_fail_after(n);
        int rc = fill(&p, &err);
        infisical__alloc_fail_after(0);
        if (rc == INFISICAL_OK) {
            assert_null(err);
            ASSERT_STR(p->name, "renamed");
            assert_int_equal(p->set_description, 1);
            assert_null(p->description);
            ASSERT_STR(p->project_id, "proj");
            ASSERT_STR(p->api_token, "tok");
            infisical_northflank_params_free(p);
            break;
        }
        assert_int_equal(rc, INFISICAL_ENOMEM);
        assert_int_equal(infisical_error_code(err), rc);
        infisical_error_free(err);
        infisical_northflank_params_free(p);
        assert_true(n < 20);
    }
    assert_int_equal(n, 7); /* 6 allocations: the object and 5 copies */

    /* a setter that runs out of memory keeps the old value */
    infisical_northflank_params *p = new_params();
    assert_int_equal(infisical_northflank_params_set_name(p, "old", NULL), INFISICAL_OK);
    assert_int_equal(infisical_northflank_params_set_api_token(p, "old-token", NULL), INFISICAL_OK);
    infisical_error *err = NULL;
    infisical__alloc_fail_after(1);
    int r1 = infisical_northflank_params_set_name(p, "new", &err);
    infisical_error_free(err);
    int r2 = infisical_northflank_params_set_api_token(p, "new-token", &err);
    infisical_error_free(err);
    int r3 = infisical_northflank_params_set_description(p, "new", &err);
    infisical_error_free(err);
    infisical__alloc_fail_after(0);
    assert_int_equal(r1, INFISICAL_ENOMEM);
    assert_int_equal(r2, INFISICAL_ENOMEM);
    assert_int_equal(r3, INFISICAL_ENOMEM);
    ASSERT_STR(p->name, "old");
    ASSERT_STR(p->api_token, "old-token");
    assert_int_equal(p->set_description, 0);
    infisical_northflank_params_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_is_empty),
        cmocka_unit_test(null_params),
        cmocka_unit_test(name_trimmed),
        cmocka_unit_test(name_refused),
        cmocka_unit_test(description_limits),
        cmocka_unit_test(description_values),
        cmocka_unit_test(description_refused_leaves_state),
        cmocka_unit_test(project_id),
        cmocka_unit_test(api_token),
        cmocka_unit_test(byte_limits),
        cmocka_unit_test(huge_strings_refused),
        cmocka_unit_test(project_id_characters),
        cmocka_unit_test(fields_are_independent),
        cmocka_unit_test(alloc_failures),
    };
    return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
