/* The hostile server, in two parts.
 *
 * Every mode of the devserver's hostile listener (tests/devserver/hostile.c,
 * selected through /__dev/hostile), against each decoder it reaches (a get, a
 * list, a login, a sync read, a page of the Northflank API, an error body),
 * one row each, with three checks:
 * the documented status and message, the call's deadline (a 2 s timeout ends
 * within 2.5 s) and peak memory (at most 16 times the largest reply the client
 * accepts, 1 MiB here). The list is in docs/reliability.md.
 *
 * Hostile replies of the largest allowed size (max_response_bytes, 8 MiB by
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
#include <time.h>
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

/* ---- the hostile listener: one row per mode and decoder ---- */

/* The largest reply the hostile rows' clients accept, and their deadline. */
#define HOSTILE_MAX_REPLY ((int64_t)1 << 20)
#define HOSTILE_TIMEOUT_MS 2000
/* How late a call may end after its deadline: a scheduler's slack, not a retry. */
#define DEADLINE_SLACK_MS 500

#define SYNC_ID "5b3c1d2e-7a8b-4c9d-8e0f-a1b2c3d4e5f6"
#define CONNECTION_ID "3f2504e0-4f89-11d3-9a0c-0305e82c3301"

#define NOT_JSON "malformed reply: not JSON"
#define EMPTY "malformed reply: not JSON (an empty body)"
#define TOO_DEEP "malformed reply: JSON nested more than 64 levels deep"
#define OVER_BUDGET "exceed the decoding budget"
#define TOO_LARGE "larger than the maximum of 1048576 bytes"
#define HTML "malformed reply: HTTP 200 with Content-Type text/html; charset=utf-8, expected JSON"
/* What the hostile strings of invalid-utf8 and nul-in-string start with: never
 * quoted back in an error (in a login reply it is the access token). jansson
 * quotes up to 20 bytes of the text it was reading when it stopped. */
#define STRING_MARK "secret-7f3a"

enum call { GET, LIST, LOGIN, SYNC_GET, SYNC_LIST, NF_PROJECTS };
static const char *const call_names[] = {"get", "list", "login", "sync get", "sync list", "Northflank projects"};

struct row {
    const char *mode;
    int status;    /* the status the mode answers with; 400 and up: an error body */
    int64_t bytes; /* 0: the mode's default */
    enum call call;
    int code;
    const char *says; /* a part of the error's message */
};

struct hostile_outcome {
    int rc;
    int warm_rc;
    int recover_rc; /* the same call on the same handle, the mode honest again */
    long served;    /* requests the hostile listener answered for the call */
    int64_t elapsed_ms;
    long growth_kib;
    char message[1024];
};

static char hostile_url[64];

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void select_mode(const char *mode, int status, int64_t bytes)
{
    char body[256];
    if (bytes > 0)
        snprintf(body, sizeof body, "{\"mode\":\"%s\",\"status\":%d,\"bytes\":%lld}", mode, status, (long long)bytes);
    else
        snprintf(body, sizeof body, "{\"mode\":\"%s\",\"status\":%d}", mode, status);
    dev_post("/__dev/hostile", body);
}

static long hostile_served(void)
{
    char reply[8192];
    assert_int_equal(dev_request("GET", "/__dev/hostile", NULL, NULL, reply, sizeof reply), 200);
    json_t *o = json_loads(reply, 0, NULL);
    long served = (long)json_integer_value(json_object_get(o, "served"));
    json_decref(o);
    return served;
}

/* What a row calls: a client of url (Universal Auth for a login, else a
 * fixed token), or a Northflank API handle whose Northflank URL is url. The
 * secret is the client secret of a login, else the access token; NULL: the
 * devserver's. */
struct target {
    infisical_client *client;
    infisical_northflank_api *api;
};

static void target_open(struct target *t, const char *url, enum call call, const char *secret)
{
    infisical_config *cfg = NULL;
    memset(t, 0, sizeof *t);
    int rc = infisical_config_new(&cfg, NULL);
    if (rc == INFISICAL_OK)
        rc = call == NF_PROJECTS ? infisical_config_set_northflank_url(cfg, url, NULL)
                                 : infisical_config_set_base_url(cfg, url, NULL);
    if (rc == INFISICAL_OK)
        rc = call == LOGIN ? infisical_config_set_universal_auth(cfg, dev.client_id, secret ? secret : dev.client_secret,
                                                                 NULL)
                           : infisical_config_set_access_token(cfg, secret ? secret : dev.access_token, NULL);
    if (rc == INFISICAL_OK)
        rc = infisical_config_set_timeout_ms(cfg, HOSTILE_TIMEOUT_MS, NULL);
    if (rc == INFISICAL_OK)
        rc = infisical_config_set_max_response_bytes(cfg, HOSTILE_MAX_REPLY, NULL);
    if (rc == INFISICAL_OK && call == NF_PROJECTS)
        infisical_northflank_api_new(&t->api, cfg, dev.northflank_token, NULL);
    else if (rc == INFISICAL_OK)
        infisical_client_new(&t->client, cfg, NULL);
    infisical_config_free(cfg);
}

static void target_close(struct target *t)
{
    infisical_client_free(t->client);
    infisical_northflank_api_free(t->api);
}

static int make_call(struct target *t, enum call call, infisical_error **err)
{
    int rc = INFISICAL_ENOMEM;
    infisical_connection *conn = NULL;
    infisical_connection_list *list = NULL;
    infisical_sync *sync = NULL;
    infisical_sync_list *syncs = NULL;
    infisical_northflank_resources *projects = NULL;
    infisical_client *c = t->client;
    if (c == NULL && t->api == NULL)
        return rc;
    switch (call) {
    case GET: rc = infisical_northflank_get(c, CONNECTION_ID, &conn, NULL, err); break;
    case LIST: rc = infisical_northflank_list(c, NULL, &list, NULL, err); break;
    case LOGIN: rc = infisical_client_login(c, NULL, err); break;
    case SYNC_GET: rc = infisical_northflank_sync_get(c, SYNC_ID, &sync, NULL, err); break;
    case SYNC_LIST: rc = infisical_northflank_sync_list(c, dev.project_id, &syncs, NULL, err); break;
    case NF_PROJECTS: rc = infisical_northflank_api_list_projects(t->api, &projects, NULL, err); break;
    }
    infisical_connection_free(conn);
    infisical_connection_list_free(list);
    infisical_sync_free(sync);
    infisical_sync_list_free(syncs);
    infisical_northflank_resources_free(projects);
    return rc;
}

/* In a child: the same call against the honest mode first (libcurl's and
 * jansson's own memory joins the baseline; against the devserver itself, a
 * list or a login that succeeds), then on a new client against the row's
 * mode, timed and measured; then, the mode honest again, once more on the
 * same client: a hostile reply leaves nothing behind that breaks the next. */
static void hostile_child(int fd, const struct row *row, const char *url, const char *secret)
{
    struct hostile_outcome o;
    infisical_error *err = NULL;
    memset(&o, 0, sizeof o);
    if (url == hostile_url)
        select_mode("honest", 200, 0);
    enum call warm_call = url == hostile_url || row->call == LOGIN ? row->call : LIST;
    struct target warm, t;
    target_open(&warm, url, warm_call, NULL);
    o.warm_rc = make_call(&warm, warm_call, &err);
    infisical_error_free(err);
    err = NULL;
    target_close(&warm);
    if (url == hostile_url)
        select_mode(row->mode, row->status, row->bytes);
    target_open(&t, url, row->call, secret);
    long before = maxrss_kib();
    int64_t t0 = mono_ms();
    o.rc = make_call(&t, row->call, &err);
    o.elapsed_ms = mono_ms() - t0;
    o.growth_kib = maxrss_kib() - before;
    snprintf(o.message, sizeof o.message, "%s", err ? infisical_error_message(err) : "");
    infisical_error_free(err);
    err = NULL;
    o.served = 1;
    if (url == hostile_url) {
        o.served = hostile_served();
        select_mode("honest", 200, 0);
        o.recover_rc = make_call(&t, row->call, &err);
        infisical_error_free(err);
    }
    target_close(&t);
    ssize_t n = write(fd, &o, sizeof o);
    close(fd);
    _exit(n == (ssize_t)sizeof o ? 0 : 1);
}

/* Runs a row in a child against url (with secret, see target_open()) and
 * checks the three bounds. */
static void run_row(const struct row *row, const char *url, const char *secret, struct hostile_outcome *o)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        hostile_child(fds[1], row, url, secret);
    }
    close(fds[1]);
    memset(o, 0, sizeof *o);
    ssize_t n = read(fds[0], o, sizeof *o);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(n, (ssize_t)sizeof *o);
    long served = o->served;
    char name[96];
    snprintf(name, sizeof name, "%s%s%.0d, %s", row->mode, row->status != 200 ? " with HTTP " : "",
             row->status != 200 ? row->status : 0, call_names[row->call]);
    print_message("%-38s -> %s (%d) in %lld ms, %ld request(s), peak RSS +%ld KiB: %s\n", name,
                  infisical_status_str(o->rc), o->rc, (long long)o->elapsed_ms, served, o->growth_kib, o->message);
    if (o->warm_rc != INFISICAL_OK)
        fail_msg("%s: the honest call before it failed with %d", name, o->warm_rc);
    if (o->recover_rc != INFISICAL_OK)
        fail_msg("%s: the honest call after it, on the same client, failed with %d", name, o->recover_rc);
    if (o->rc != row->code || strstr(o->message, row->says) == NULL)
        fail_msg("%s: %d \"%s\", wanted %d saying \"%s\"", name, o->rc, o->message, row->code, row->says);
    if (strstr(o->message, STRING_MARK) != NULL)
        fail_msg("%s: the message quotes the reply's string: %s", name, o->message);
    assert_no_secret_in(name, o->message);
    if (secret != NULL && strstr(o->message, secret) != NULL)
        fail_msg("%s: the message holds the client's secret: %s", name, o->message);
    /* The hostile server was reached, and no hostile reply was asked for twice. */
    if (served != 1)
        fail_msg("%s: %ld requests reached the hostile server, wanted 1", name, served);
    if (o->elapsed_ms > HOSTILE_TIMEOUT_MS + DEADLINE_SLACK_MS)
        fail_msg("%s: took %lld ms, past the %d ms deadline", name, (long long)o->elapsed_ms, HOSTILE_TIMEOUT_MS);
    long bound_kib = (long)(GROWTH_FACTOR * HOSTILE_MAX_REPLY / 1024);
    if (measure_bound() && o->growth_kib > bound_kib)
        fail_msg("%s: peak RSS grew by %ld KiB, more than %d times the %lld-byte reply limit", name, o->growth_kib,
                 GROWTH_FACTOR, (long long)HOSTILE_MAX_REPLY);
}

static void run_rows(const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct hostile_outcome o;
        run_row(&rows[i], hostile_url, NULL, &o);
    }
}

#define ROWS(...)                                                                                                  \
    do {                                                                                                           \
        static const struct row rows_[] = {__VA_ARGS__};                                                           \
        run_rows(rows_, sizeof rows_ / sizeof rows_[0]);                                                           \
    } while (0)


/* The shapes as the contract has them decode: the hostile value is what the
 * rows below are refused for. */
static void test_hostile_honest_shapes_decode(void **state)
{
    (void)state;
    ROWS({"honest", 200, 0, GET, INFISICAL_OK, ""}, {"honest", 200, 0, LIST, INFISICAL_OK, ""},
         {"honest", 200, 0, LOGIN, INFISICAL_OK, ""}, {"honest", 200, 0, SYNC_GET, INFISICAL_OK, ""}, {"honest", 200, 0, NF_PROJECTS, INFISICAL_OK, ""},
         {"honest", 200, 0, SYNC_LIST, INFISICAL_OK, ""});
}

/* 100,000 levels of [[[...]]]: refused by the budget's scan, before jansson
 * (which parses recursively) sees it. */
static void test_hostile_deep_nesting(void **state)
{
    (void)state;
    ROWS({"deep-nesting", 200, 0, GET, INFISICAL_EPROTOCOL, TOO_DEEP},
         {"deep-nesting", 200, 0, LIST, INFISICAL_EPROTOCOL, TOO_DEEP},
         {"deep-nesting", 200, 0, LOGIN, INFISICAL_EPROTOCOL, TOO_DEEP},
         {"deep-nesting", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, TOO_DEEP},
         {"deep-nesting", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, TOO_DEEP},
         {"deep-nesting", 422, 0, GET, INFISICAL_EVALIDATION, "HTTP 422 with a body nested too deeply to decode"});
}

/* A body over the limit: with Content-Length it is refused from the header,
 * without one (read until the close) or chunked without end, once the limit
 * is passed; never buffered whole. */
static void test_hostile_oversized_bodies(void **state)
{
    (void)state;
    ROWS({"oversize-length", 200, 0, LIST, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"oversize-length", 200, 0, LOGIN, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"oversize-no-length", 200, 0, LIST, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"oversize-no-length", 200, 0, LOGIN, INFISICAL_ETOOLARGE, TOO_LARGE},
         /* 64 MiB sent, about 1 MiB read: memory follows the limit, not the reply. */
         {"oversize-no-length", 200, 64 << 20, GET, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"chunked-forever", 200, 0, LIST, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"chunked-forever", 200, 0, LOGIN, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"chunked-forever", 200, 0, NF_PROJECTS, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"chunked-forever", 503, 0, LIST, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"chunked-forever", 422, 0, GET, INFISICAL_ETOOLARGE, TOO_LARGE},
         {"oversize-no-length", 500, 0, LIST, INFISICAL_ETOOLARGE, TOO_LARGE});
}

static void test_hostile_headers_forever(void **state)
{
    (void)state;
    ROWS({"headers-forever", 200, 0, GET, INFISICAL_EPROTOCOL, "more than 262144 bytes of header lines"},
         {"headers-forever", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "more than 262144 bytes of header lines"},
         {"headers-forever", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, "more than 262144 bytes of header lines"},
         {"headers-forever", 503, 0, LIST, INFISICAL_EPROTOCOL, "more than 262144 bytes of header lines"});
}

static void test_hostile_endless_header_line(void **state)
{
    (void)state;
    ROWS({"endless-header-line", 200, 0, GET, INFISICAL_EPROTOCOL, "a header line longer than 102400 bytes"},
         {"endless-header-line", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "a header line longer than 102400 bytes"});
}

/* One byte every 100 ms: every byte is progress, so only the call's deadline
 * ends it. */
static void test_hostile_slowloris(void **state)
{
    (void)state;
    ROWS({"slowloris-headers", 200, 0, GET, INFISICAL_ETIMEOUT, ""},
         {"slowloris-body", 200, 0, GET, INFISICAL_ETIMEOUT, ""},
         {"slowloris-body", 200, 0, LOGIN, INFISICAL_ETIMEOUT, ""},
         {"slowloris-body", 200, 0, NF_PROJECTS, INFISICAL_ETIMEOUT, ""},
         {"slowloris-body", 503, 0, LIST, INFISICAL_ETIMEOUT, ""});
}

static void test_hostile_invalid_utf8(void **state)
{
    (void)state;
    ROWS({"invalid-utf8", 200, 0, GET, INFISICAL_EPROTOCOL, NOT_JSON},
         {"invalid-utf8", 200, 0, LIST, INFISICAL_EPROTOCOL, NOT_JSON},
         {"invalid-utf8", 200, 0, LOGIN, INFISICAL_EPROTOCOL, NOT_JSON},
         {"invalid-utf8", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, NOT_JSON},
         {"invalid-utf8", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, NOT_JSON},
         {"invalid-utf8", 400, 0, GET, INFISICAL_EBADREQUEST, "HTTP 400 with a non-JSON body"},
         {"invalid-utf8", 400, 0, NF_PROJECTS, INFISICAL_EBADREQUEST, "HTTP 400 with a non-JSON body"});
}

static void test_hostile_nul_in_string(void **state)
{
    (void)state;
    ROWS({"nul-in-string", 200, 0, GET, INFISICAL_EPROTOCOL, NOT_JSON},
         {"nul-in-string", 200, 0, LIST, INFISICAL_EPROTOCOL, NOT_JSON},
         {"nul-in-string", 200, 0, LOGIN, INFISICAL_EPROTOCOL, NOT_JSON},
         {"nul-in-string", 200, 0, SYNC_LIST, INFISICAL_EPROTOCOL, NOT_JSON},
         {"nul-in-string", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, NOT_JSON},
         {"nul-in-string", 400, 0, GET, INFISICAL_EBADREQUEST, "HTTP 400 with a non-JSON body"});
}

/* The version of a connection or a sync, or a login's expiresIn. */
static void test_hostile_numbers_out_of_range(void **state)
{
    (void)state;
    ROWS({"number-huge", 200, 0, GET, INFISICAL_EPROTOCOL, NOT_JSON},
         {"number-huge", 200, 0, LOGIN, INFISICAL_EPROTOCOL, NOT_JSON},
         {"number-2p64", 200, 0, LIST, INFISICAL_EPROTOCOL, NOT_JSON},
         {"number-2p64", 200, 0, LOGIN, INFISICAL_EPROTOCOL, NOT_JSON},
         {"number-negative", 200, 0, GET, INFISICAL_EPROTOCOL, "appConnection.version is a number, expected a whole number"},
         {"number-negative", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, "secretSync.version is a number, expected a whole number"},
         {"number-negative", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "expiresIn is a number, expected a whole number"},
         {"number-fraction", 200, 0, LIST, INFISICAL_EPROTOCOL, "version is a number, expected a whole number"},
         {"number-fraction", 200, 0, SYNC_LIST, INFISICAL_EPROTOCOL, "version is a number, expected a whole number"},
         {"number-fraction", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "expiresIn is a number, expected a whole number"});
}

/* Two values for one key: which one a parser keeps is a choice two parsers can
 * make differently, so the reply is refused. */
static void test_hostile_duplicate_keys(void **state)
{
    (void)state;
    ROWS({"duplicate-keys", 200, 0, GET, INFISICAL_EPROTOCOL, "duplicate object key"},
         {"duplicate-keys", 200, 0, LIST, INFISICAL_EPROTOCOL, "duplicate object key"},
         {"duplicate-keys", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "duplicate object key"},
         {"duplicate-keys", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, "duplicate object key"},
         {"duplicate-keys", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, "duplicate object key"},
         {"duplicate-keys", 400, 0, GET, INFISICAL_EBADREQUEST, "HTTP 400 with"});
}

static void test_hostile_wrong_app(void **state)
{
    (void)state;
    ROWS({"wrong-app", 200, 0, GET, INFISICAL_EPROTOCOL, "appConnection.app is \"github\", expected \"northflank\""},
         {"wrong-app", 200, 0, LIST, INFISICAL_EPROTOCOL, "appConnections[0].app is \"github\""},
         {"wrong-app", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, "secretSync.destination is not \"northflank\""});
}

/* A 200 that quotes the caller's token where the client quotes the reply (a
 * connection's app, in "app is ..., expected northflank"): a token short
 * enough to be quoted is masked, a longer one is not quoted at all. */
static void test_hostile_echoed_token_in_a_reply(void **state)
{
    (void)state;
    static const char short_token[] = "tok-short-0123456789abcdef";
    static const struct row quoted[] = {
        {"echo-token", 200, 0, GET, INFISICAL_EPROTOCOL, "appConnection.app is \"[REDACTED]\""},
        {"echo-token", 200, 0, LIST, INFISICAL_EPROTOCOL, "appConnections[0].app is \"[REDACTED]\""},
    };
    for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++) {
        struct hostile_outcome o;
        run_row(&quoted[i], hostile_url, short_token, &o);
    }
    ROWS({"echo-token", 200, 0, GET, INFISICAL_EPROTOCOL, "appConnection.app is a string of 384 bytes"},
         {"echo-token", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, "secretSync.destination is not \"northflank\""});
}

static void test_hostile_empty_200(void **state)
{
    (void)state;
    ROWS({"empty", 200, 0, GET, INFISICAL_EPROTOCOL, EMPTY}, {"empty", 200, 0, LIST, INFISICAL_EPROTOCOL, EMPTY},
         {"empty", 200, 0, LOGIN, INFISICAL_EPROTOCOL, EMPTY}, {"empty", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, EMPTY},
         {"empty", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, EMPTY});
}

static void test_hostile_html_200(void **state)
{
    (void)state;
    ROWS({"html", 200, 0, GET, INFISICAL_EPROTOCOL, HTML}, {"html", 200, 0, LOGIN, INFISICAL_EPROTOCOL, HTML},
         {"html", 200, 0, SYNC_LIST, INFISICAL_EPROTOCOL, HTML}, {"html", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, HTML});
}

/* A login reply whose token would inject a header (test_trust.c has the same
 * from a renewal, through the fault injector). */
static void test_hostile_token_bytes(void **state)
{
    (void)state;
    ROWS({"token-crlf", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "accessToken holds a byte that is not printable ASCII"},
         {"token-control", 200, 0, LOGIN, INFISICAL_EPROTOCOL, "accessToken holds a byte that is not printable ASCII"});
}

/* [{},{},...] of 1 MB in the string field of every shape. */
static void test_hostile_amplify(void **state)
{
    (void)state;
    ROWS({"amplify", 200, 0, GET, INFISICAL_EPROTOCOL, OVER_BUDGET},
         {"amplify", 200, 0, LOGIN, INFISICAL_EPROTOCOL, OVER_BUDGET},
         {"amplify", 200, 0, SYNC_GET, INFISICAL_EPROTOCOL, OVER_BUDGET},
         {"amplify", 200, 0, NF_PROJECTS, INFISICAL_EPROTOCOL, OVER_BUDGET},
         {"amplify", 400, 0, GET, INFISICAL_EBADREQUEST, "HTTP 400 with a body too large to decode"},
         {"amplify", 422, 0, NF_PROJECTS, INFISICAL_EVALIDATION, "HTTP 422 with a body too large to decode"});
}

/* A server that quotes back what it was sent (the devserver's echoSecrets
 * setting; test_trust.c walks a whole lifecycle through it): a refused login
 * echoes the client secret, a 404 the token. Bounded, and nothing secret
 * comes out in the message. These rows go to the devserver itself, so their
 * mode and status only name them. */
static void test_hostile_echoed_secrets(void **state)
{
    (void)state;
    static const char wrong[] = "wrong-secret-value-0123456789abcdef";
    static const struct row rows[] = {
        {"echo-secrets", 401, 0, LOGIN, INFISICAL_EUNAUTHORIZED, "\"clientSecret\":\"[REDACTED]\""},
        {"echo-secrets", 404, 0, GET, INFISICAL_ENOTFOUND, "you sent Authorization: Bearer [REDACTED]"},
    };
    dev_post("/__dev/settings", "{\"echoSecrets\":true}");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct hostile_outcome o;
        /* The login with a wrong client secret, the get with the right token. */
        run_row(&rows[i], dev.url, rows[i].call == LOGIN ? wrong : NULL, &o);
        assert_null(strstr(o.message, dev.access_token));
    }
}

int main(int argc, char **argv)
{
    dev_start(argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER"), NULL);
    /* No log-secrets test here: every call is made in a child process. */
    char reply[8192];
    assert_int_equal(dev_request("GET", "/__dev/hostile", NULL, NULL, reply, sizeof reply), 200);
    json_t *o = json_loads(reply, 0, NULL);
    snprintf(hostile_url, sizeof hostile_url, "%s", json_string_value(json_object_get(o, "url")));
    json_decref(o);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_hostile_honest_shapes_decode, reset_state),
        cmocka_unit_test_setup(test_hostile_deep_nesting, reset_state),
        cmocka_unit_test_setup(test_hostile_oversized_bodies, reset_state),
        cmocka_unit_test_setup(test_hostile_headers_forever, reset_state),
        cmocka_unit_test_setup(test_hostile_endless_header_line, reset_state),
        cmocka_unit_test_setup(test_hostile_slowloris, reset_state),
        cmocka_unit_test_setup(test_hostile_invalid_utf8, reset_state),
        cmocka_unit_test_setup(test_hostile_nul_in_string, reset_state),
        cmocka_unit_test_setup(test_hostile_numbers_out_of_range, reset_state),
        cmocka_unit_test_setup(test_hostile_duplicate_keys, reset_state),
        cmocka_unit_test_setup(test_hostile_wrong_app, reset_state),
        cmocka_unit_test_setup(test_hostile_echoed_token_in_a_reply, reset_state),
        cmocka_unit_test_setup(test_hostile_empty_200, reset_state),
        cmocka_unit_test_setup(test_hostile_html_200, reset_state),
        cmocka_unit_test_setup(test_hostile_token_bytes, reset_state),
        cmocka_unit_test_setup(test_hostile_amplify, reset_state),
        cmocka_unit_test_setup(test_hostile_echoed_secrets, reset_state),
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
