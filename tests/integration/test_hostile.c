/* Hostile replies of the largest allowed size (max_response_bytes, 8 MiB by
 * default) against the memory bound: whatever a reply holds, a call may raise
 * the peak memory of the process by at most 16 times the reply's size.
 *
 * Peak memory is peak RSS (getrusage's ru_maxrss): jansson allocates with its
 * own malloc, which the library never replaces, so counting through the
 * library's allocator would miss the very memory at stake. Each case runs in a
 * forked child, whose high-water mark starts at its size when forked; the child
 * makes one small call first (so that libcurl's and the connection's own memory
 * is in the baseline), then the measured call, and reports through a pipe.
 *
 * Under valgrind or ThreadSanitizer, RSS measures the tool, not the library:
 * the outcomes are still checked, the bound is not. Under AddressSanitizer the
 * bound is checked at twice its size (see GROWTH_FACTOR). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
#define ASAN 0
#endif

/* The largest reply the default configuration accepts. */
#define REPLY_BYTES ((int64_t)INFISICAL_DEFAULT_MAX_RESPONSE_BYTES)
/* The bound under test: peak memory may grow by at most this many times the
 * reply. AddressSanitizer puts a header and redzones around every allocation
 * (a 24-byte jansson object takes 64 bytes instead of 32) and keeps freed
 * memory in quarantine rather than reusing it: measured, the five cases grow
 * 1.8 to 2.4 times as much under ASan as without it (the densest list: 12.7
 * times the reply without, 23.0 with). The bound is doubled with it, which
 * still catches an amplification defect. */
#if ASAN
#define GROWTH_FACTOR 32
#else
#define GROWTH_FACTOR 16
#endif

#define LIST_PATH "/api/v1/app-connections/northflank"

/* A connection as Infisical sends it (about 640 bytes, 16 fields). */
static const char HONEST_ITEM[] =
    "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"name\":\"northflank-production-deploys\","
    "\"description\":\"Production Northflank account used by the deploy pipeline\",\"version\":1,"
    "\"orgId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeeff\",\"projectId\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\","
    "\"createdAt\":\"2025-01-23T10:15:00.000Z\",\"updatedAt\":\"2025-01-23T10:15:00.000Z\","
    "\"isPlatformManagedCredentials\":false,\"isAutoRotationEnabled\":false,\"gatewayId\":null,"
    "\"gatewayPoolId\":null,\"credentialsHash\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
    "\"app\":\"northflank\",\"method\":\"api-token\",\"project\":{\"name\":\"Deployments\",\"slug\":\"deployments-x1y2\","
    "\"type\":\"secret-manager\",\"id\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\"}}";

/* A connection with every required field and little else: at 9.96 times its
 * size by the decoding budget's estimate, the densest list that still fits the
 * budget, and then decoded into C structs too. */
static const char DENSE_ITEM[] =
    "{\"id\":\"i\",\"name\":\"n\",\"app\":\"northflank\",\"orgId\":\"o\",\"method\":\"m\",\"version\":1,"
    "\"createdAt\":\"2025-01-23T10:15:00Z\",\"updatedAt\":\"2025-01-23T10:15:00Z\","
    "\"description\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}";

/* A zod issue with a long message: cheap enough per byte to pass the decoding
 * budget, so that the error decoder's own caps are what bound it. */
static const char LONG_ISSUE[] =
    "{\"code\":\"custom\",\"path\":[\"credentials\",\"apiToken\"],\"message\":\"The API token was refused: "
    "it must be a Northflank API token with the projects:read, secret-groups:list, secret-groups:read-values and "
    "secret-groups:update permissions, created in the team that owns the projects this connection will manage; "
    "see the Northflank documentation on API roles and tokens for how to create one\"}";

struct outcome {
    int rc;
    uint32_t issues;
    uint32_t count;
    long growth_kib;
    size_t message_len;
    char message[8192];
};

static int measure_bound(void)
{
    return !RUNNING_ON_VALGRIND && (!SANITIZED || ASAN);
}

/* Queue a canned empty list (the child's warm-up call takes it), then the
 * hostile fault `key: REPLY_BYTES` (with `item` when not NULL). */
static void queue(const char *key, const char *item)
{
    json_t *hostile = json_pack("{s:s, s:s, s:I}", "path", LIST_PATH, "method", "GET", key, (json_int_t)REPLY_BYTES);
    if (item)
        json_object_set_new(hostile, "amplifyItem", json_string(item));
    json_t *faults = json_pack("[{s:s, s:s, s:i, s:s}, o]", "path", LIST_PATH, "method", "GET", "status", 200, "body",
                               "{\"appConnections\":[]}", hostile);
    char *text = json_dumps(faults, JSON_COMPACT);
    dev_faults(text);
    free(text);
    json_decref(faults);
}

static long maxrss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* In a child: warm up, then list once under measurement. */
static void child(int fd)
{
    struct outcome o;
    memset(&o, 0, sizeof o);
    infisical_config *cfg = NULL;
    infisical_client *c = NULL;
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    o.rc = infisical_config_new(&cfg, NULL);
    if (o.rc == INFISICAL_OK)
        o.rc = infisical_config_set_base_url(cfg, dev.url, NULL);
    if (o.rc == INFISICAL_OK)
        o.rc = infisical_config_set_access_token(cfg, dev.access_token, NULL);
    if (o.rc == INFISICAL_OK)
        o.rc = infisical_config_set_max_attempts(cfg, 1, NULL);
    if (o.rc == INFISICAL_OK)
        o.rc = infisical_client_new(&c, cfg, NULL);
    if (o.rc == INFISICAL_OK)
        o.rc = infisical_northflank_list(c, NULL, &list, NULL, &err);
    infisical_connection_list_free(list);
    list = NULL;
    if (o.rc == INFISICAL_OK) {
        long before = maxrss_kib();
        o.rc = infisical_northflank_list(c, NULL, &list, NULL, &err);
        o.growth_kib = maxrss_kib() - before;
        o.count = infisical_connection_list_count(list);
    }
    o.issues = infisical_error_issue_count(err);
    o.message_len = strlen(infisical_error_message(err));
    snprintf(o.message, sizeof o.message, "%s", infisical_error_message(err));
    infisical_error_free(err);
    infisical_connection_list_free(list);
    infisical_client_free(c);
    infisical_config_free(cfg);
    ssize_t n = write(fd, &o, sizeof o);
    close(fd);
    _exit(n == (ssize_t)sizeof o ? 0 : 1);
}

static void run_case(const char *name, const char *key, const char *item, struct outcome *o)
{
    queue(key, item);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child(fds[1]);
    }
    close(fds[1]);
    memset(o, 0, sizeof *o);
    ssize_t n = read(fds[0], o, sizeof *o);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    /* A non-zero exit is also how valgrind reports an error or a leak in the child. */
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(n, (ssize_t)sizeof *o);
    long bound_kib = (long)(GROWTH_FACTOR * REPLY_BYTES / 1024);
    print_message("%s: %lld-byte reply -> %d, peak RSS +%ld KiB (%.1f times the reply; bound %d times%s)\n", name,
                  (long long)REPLY_BYTES, o->rc, o->growth_kib, o->growth_kib * 1024.0 / (double)REPLY_BYTES,
                  GROWTH_FACTOR, measure_bound() ? "" : ", not checked under valgrind or TSan");
    print_message("%s: message (%zu bytes): %.200s%s%s\n", name, o->message_len, o->message,
                  o->message_len > 400 ? " ... " : "", o->message_len > 400 ? o->message + o->message_len - 200 : "");
    if (measure_bound() && o->growth_kib > bound_kib)
        fail_msg("%s: peak RSS grew by %ld KiB, more than %d times the %lld-byte reply (%ld KiB)", name,
                 o->growth_kib, GROWTH_FACTOR, (long long)REPLY_BYTES, bound_kib);
}

/* {"appConnections":[{},{},...]}: about 2.8 million objects in 8 MiB. */
static void test_list_of_empty_objects(void **state)
{
    (void)state;
    struct outcome o;
    run_case("list of {}", "amplify", NULL, &o);
    assert_int_equal(o.rc, INFISICAL_EPROTOCOL);
    assert_non_null(strstr(o.message, "exceed the decoding budget"));
}

/* A 422 whose message is [{},{},...]: the error decoder refuses to parse it
 * and still says what happened. */
static void test_issues_of_empty_objects(void **state)
{
    (void)state;
    struct outcome o;
    run_case("issues [{},...]", "amplifyIssues", NULL, &o);
    assert_int_equal(o.rc, INFISICAL_EVALIDATION);
    char expected[128];
    snprintf(expected, sizeof expected, "HTTP 422 with a body too large to decode (%lld bytes)", (long long)REPLY_BYTES);
    assert_non_null(strstr(o.message, expected));
    assert_int_equal(o.issues, 0);
}

/* A 422 with some 23,000 long issues, which the budget lets through: the error
 * keeps 64 of them, a message of bounded length, and says what it left out. */
static void test_many_issues_that_fit_the_budget(void **state)
{
    (void)state;
    struct outcome o;
    run_case("issues with long messages", "amplifyIssues", LONG_ISSUE, &o);
    assert_int_equal(o.rc, INFISICAL_EVALIDATION);
    assert_int_equal(o.issues, 64);
    assert_non_null(strstr(o.message, "more issues not kept)"));
    assert_non_null(strstr(o.message, "[message cut at 4096 bytes]"));
    assert_true(o.message_len < 4096 + 512);
}

/* An honest list of the largest allowed size (about 13,000 connections) is
 * decoded, within the same bound. */
static void test_honest_list_of_largest_size(void **state)
{
    (void)state;
    struct outcome o;
    run_case("honest list", "amplify", HONEST_ITEM, &o);
    if (o.rc != INFISICAL_OK)
        fail_msg("the honest list failed: %s", o.message);
    assert_true(o.count > (uint32_t)(REPLY_BYTES / (int64_t)sizeof HONEST_ITEM) - 2);
}

/* The densest list the budget lets through is decoded, within the bound. */
static void test_densest_list_that_fits(void **state)
{
    (void)state;
    struct outcome o;
    run_case("densest list that fits", "amplify", DENSE_ITEM, &o);
    if (o.rc != INFISICAL_OK)
        fail_msg("the list failed: %s", o.message);
    assert_true(o.count > (uint32_t)(REPLY_BYTES / (int64_t)sizeof DENSE_ITEM) - 2);
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    /* No log-secrets test here: every call is made in a child process. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_list_of_empty_objects, reset_state),
        cmocka_unit_test_setup(test_issues_of_empty_objects, reset_state),
        cmocka_unit_test_setup(test_many_issues_that_fit_the_budget, reset_state),
        cmocka_unit_test_setup(test_honest_list_of_largest_size, reset_state),
        cmocka_unit_test_setup(test_densest_list_that_fits, reset_state),
    };
    int failed = cmocka_run_group_tests_name("integration-hostile", tests, NULL, NULL);
    dev_stop();
    return failed;
}
