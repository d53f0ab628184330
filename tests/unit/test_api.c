/* What bindings rely on: status names, every integer constant by name, the
 * version number, and a borrowed list item that cannot be freed by mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "codec/codec.h"
#include "infisical/infisical.h"

static const char *constants_file;

static void status_names(void **state)
{
    (void)state;
    assert_string_equal(infisical_status_name(INFISICAL_OK), "INFISICAL_OK");
    assert_string_equal(infisical_status_name(INFISICAL_ENOTFOUND), "INFISICAL_ENOTFOUND");
    assert_string_equal(infisical_status_name(INFISICAL_EPREFLIGHT), "INFISICAL_EPREFLIGHT");
    assert_null(infisical_status_name(1));
    assert_null(infisical_status_name(-1000));
    /* Every code from 0 down to the last has a name that infisical_constant() maps back to it. */
    for (int code = 0; code >= INFISICAL_EJOBFAILED; code--) {
        const char *name = infisical_status_name(code);
        assert_non_null(name);
        int64_t v = 1;
        assert_int_equal(infisical_constant(name, &v), INFISICAL_OK);
        assert_int_equal(v, code);
        assert_string_not_equal(infisical_status_str(code), "unknown status");
    }
}

/* Every constant the ABI guard knows of (abi/constants.txt, held equal to the
 * headers) is there by name, with the listed value. */
static void every_constant_by_name(void **state)
{
    (void)state;
    FILE *f = fopen(constants_file, "r");
    assert_non_null(f);
    char line[256], name[200];
    long long listed;
    int seen = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || sscanf(line, "%199s %lld", name, &listed) != 2)
            continue;
        int64_t v = 0;
        if (infisical_constant(name, &v) != INFISICAL_OK)
            fail_msg("infisical_constant(\"%s\") does not know it: add it to lib/constants.c", name);
        if (v != listed)
            fail_msg("%s is %lld, abi/constants.txt says %lld", name, (long long)v, listed);
        seen++;
    }
    fclose(f);
    assert_true(seen >= 59);
    int64_t v = 7;
    assert_int_equal(infisical_constant("INFISICAL_NO_SUCH_THING", &v), INFISICAL_EINVAL);
    assert_int_equal(v, 0);
    assert_int_equal(infisical_constant(NULL, &v), INFISICAL_EINVAL);
    assert_int_equal(infisical_constant("INFISICAL_OK", NULL), INFISICAL_EINVAL);
    assert_int_equal(infisical_constant("INFISICAL_TIME_ABSENT", &v), INFISICAL_OK);
    assert_true(v == INT64_MIN);
    /* The string constants, likewise. */
    assert_string_equal(infisical_constant_string("INFISICAL_DEFAULT_BASE_URL"), INFISICAL_DEFAULT_BASE_URL);
    assert_string_equal(infisical_constant_string("INFISICAL_DEFAULT_NORTHFLANK_URL"), INFISICAL_DEFAULT_NORTHFLANK_URL);
    assert_string_equal(infisical_constant_string("INFISICAL_VERSION_STRING"), infisical_version());
    assert_null(infisical_constant_string("INFISICAL_NAME_MAX"));
    assert_null(infisical_constant_string(NULL));
}

static void version_number(void **state)
{
    (void)state;
    assert_int_equal(infisical_version_number(), INFISICAL_VERSION_NUM);
    assert_int_equal(INFISICAL_VERSION_NUM,
                     INFISICAL_VERSION_MAJOR * 10000 + INFISICAL_VERSION_MINOR * 100 + INFISICAL_VERSION_PATCH);
    char text[32];
    snprintf(text, sizeof text, "%d.%d.%d", INFISICAL_VERSION_MAJOR, INFISICAL_VERSION_MINOR, INFISICAL_VERSION_PATCH);
    assert_string_equal(infisical_version(), text);
    assert_string_equal(INFISICAL_VERSION_STRING, text);
}

static infisical_connection_list *two_connections(void)
{
    static const char body[] =
        "{\"appConnections\":[{\"id\":\"a\",\"name\":\"one\",\"app\":\"northflank\",\"orgId\":\"o\"},"
        "{\"id\":\"b\",\"name\":\"two\",\"app\":\"northflank\",\"orgId\":\"o\"}]}";
    infisical_connection_list *list = NULL;
    assert_int_equal(infisical__decode_connection_list(body, sizeof body - 1, 1, &list, NULL), INFISICAL_OK);
    return list;
}

/* Freeing a borrowed list item frees nothing; a debug build says so and aborts. */
static void borrowed_item_is_never_freed(void **state)
{
    (void)state;
    infisical_connection_list *list = two_connections();
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        infisical_connection_free((infisical_connection *)infisical_connection_list_at(list, 0));
        /* Reached only in a build with NDEBUG: the list must still be whole. */
        _exit(strcmp(infisical_connection_name(infisical_connection_list_at(list, 0)), "one") == 0 ? 0 : 3);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
#ifdef NDEBUG
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#else
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
#endif
    /* A copy is the caller's own, and frees like any connection. */
    infisical_connection *copy = NULL;
    assert_int_equal(infisical_connection_dup(&copy, infisical_connection_list_at(list, 1), NULL), INFISICAL_OK);
    infisical_connection_list_free(list);
    assert_string_equal(infisical_connection_name(copy), "two");
    infisical_connection_free(copy);
}

/* credentials_changed_since() refuses a NULL or empty stored hash with
 * INFISICAL_EINVAL, as its header says: found by the generated caller-abuse
 * test, where NULL reached strnlen() (a crash) and "" was compared and
 * reported as a change. */
static void changed_since_refuses_null_and_empty_hash(void **state)
{
    (void)state;
    static const char body[] =
        "{\"appConnection\":{\"id\":\"a1b2c3d4-5678-90ab-cdef-1234567890ab\",\"name\":\"one\",\"version\":1,"
        "\"orgId\":\"o\",\"app\":\"northflank\",\"method\":\"api-token\",\"credentialsHash\":\"h1\","
        "\"createdAt\":\"2025-01-23T10:15:00.000Z\",\"updatedAt\":\"2025-01-23T10:15:00.000Z\"}}";
    infisical_connection *c = NULL;
    assert_int_equal(infisical__decode_connection(body, sizeof body - 1, &c, NULL), INFISICAL_OK);
    int changed = 7;
    infisical_error *err = NULL;
    assert_int_equal(infisical_connection_credentials_changed_since(c, NULL, &changed, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "stored_hash");
    assert_int_equal(changed, 0);
    infisical_error_free(err);
    err = NULL;
    changed = 7;
    assert_int_equal(infisical_connection_credentials_changed_since(c, "", &changed, &err), INFISICAL_EINVAL);
    assert_string_equal(infisical_error_issue_path(err, 0), "stored_hash");
    assert_int_equal(changed, 0);
    infisical_error_free(err);
    assert_int_equal(infisical_connection_credentials_changed_since(c, "h1", &changed, NULL), INFISICAL_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(infisical_connection_credentials_changed_since(c, "h0", &changed, NULL), INFISICAL_OK);
    assert_int_equal(changed, 1);
    infisical_connection_free(c);
}

int main(int argc, char **argv)
{
    constants_file = argc > 1 ? argv[1] : "abi/constants.txt";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_names),
        cmocka_unit_test(every_constant_by_name),
        cmocka_unit_test(version_number),
        cmocka_unit_test(borrowed_item_is_never_freed),
        cmocka_unit_test(changed_since_refuses_null_and_empty_hash),
    };
    return cmocka_run_group_tests_name("unit-api", tests, NULL, NULL);
}
