/* The transport against the devserver: retries, deadlines, cancel, TLS,
 * redirects, proxies, size limit, connection reuse, threads, logging.
 *
 *   test_transport DEVSERVER              over HTTP/1.1, to the devserver
 *   test_transport DEVSERVER --h2 SERVER  over HTTP/2, to tests/h2/server.js
 *                                         (Node), which forwards to the devserver
 *
 * The behaviour tests run in both; each protocol also has tests of its own.
 * Without `node` the HTTP/2 run exits 77, which meson reports as skipped. */
#define _GNU_SOURCE /* unshare() */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "transport/http.h"

static const char *devserver_path;
static char tls_dir[] = "/tmp/infisical-tls-XXXXXX";
static char cert_path[128], key_path[128];

/* Where the clients of the behaviour tests go: the devserver itself, or the
 * HTTP/2 front (its certificate is cert_path, pinned as the CA). */
static struct {
    int h2;
    char url[256];
    char control[256];          /* the HTTP/2 front's control API */
    pid_t pid;                  /* of node */
} target;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- plain HTTP for the control APIs (the harness's is for short bodies) ---- */

struct sink {
    char *buf;
    size_t cap, len;
};

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    struct sink *s = userp;
    size_t n = size * nmemb;
    if (s->len + n < s->cap) {
        memcpy(s->buf + s->len, data, n);
        s->len += n;
        s->buf[s->len] = '\0';
    }
    return n;
}

/* One request on a connection of its own; the status, or -1 when no reply came. */
static long plain_request(const char *method, const char *url, const char *body, long http_version, char *reply,
                          size_t cap)
{
    char none[1];
    struct sink sink = {reply ? reply : none, reply ? cap : sizeof none, 0};
    sink.buf[0] = '\0';
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, http_version);
    curl_easy_setopt(c, CURLOPT_CAINFO, cert_path);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    long status = -1;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static void control_post(const char *base, const char *path, const char *json)
{
    char url[512], reply[4096];
    snprintf(url, sizeof url, "%s%s", base, path);
    long status = plain_request("POST", url, json, CURL_HTTP_VERSION_1_1, reply, sizeof reply);
    if (status != 200)
        fail_msg("POST %s: HTTP %ld %s", url, status, reply);
}

/* ---- the HTTP/2 front ---- */

static void h2_faults(const char *json_array)
{
    char body[4096];
    snprintf(body, sizeof body, "{\"faults\":%s}", json_array);
    control_post(target.control, "/faults", body);
}

/* GET /state of the HTTP/2 front, parsed (a new reference). */
static json_t *h2_state(void)
{
    char url[512];
    static char reply[1 << 20];
    snprintf(url, sizeof url, "%s/state", target.control);
    if (plain_request("GET", url, NULL, CURL_HTTP_VERSION_1_1, reply, sizeof reply) != 200)
        fail_msg("GET %s failed", url);
    json_t *root = json_loads(reply, 0, NULL);
    if (!root)
        fail_msg("GET %s: not JSON", url);
    return root;
}

static long h2_counter(const char *key)
{
    json_t *root = h2_state();
    json_t *v = json_object_get(root, key);
    if (!json_is_integer(v))
        fail_msg("the HTTP/2 front's state has no counter %s", key);
    long n = (long)json_integer_value(v);
    json_decref(root);
    return n;
}

/* The last stream the front saw for method and path, copied (a new reference), or NULL. */
static json_t *h2_last_stream(const char *method, const char *path)
{
    json_t *root = h2_state(), *found = NULL, *rec;
    size_t i;
    json_array_foreach(json_object_get(root, "recent"), i, rec) {
        if (strcmp(json_string_value(json_object_get(rec, "method")), method) == 0 &&
            strcmp(json_string_value(json_object_get(rec, "path")), path) == 0)
            found = rec;
    }
    if (found)
        found = json_deep_copy(found);
    json_decref(root);
    return found;
}

/* How many `method path` streams the front saw, and how many of them it refused. */
static long h2_streams(const char *method, const char *path, long *refused)
{
    json_t *root = h2_state(), *rec;
    size_t i;
    long n = 0;
    *refused = 0;
    json_array_foreach(json_object_get(root, "recent"), i, rec) {
        if (strcmp(json_string_value(json_object_get(rec, "method")), method) == 0 &&
            strcmp(json_string_value(json_object_get(rec, "path")), path) == 0) {
            n++;
            *refused += json_integer_value(json_object_get(rec, "rstCode")) == 7; /* REFUSED_STREAM */
        }
    }
    json_decref(root);
    return n;
}

static long rec_long(json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static char node_path[4096];

/* Look for node on PATH; 0 when there is none. */
static int find_node(void)
{
    const char *path = getenv("PATH");
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(node_path, sizeof node_path, "%.*s/node", (int)n, p);
        if (n > 0 && access(node_path, X_OK) == 0)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

/* Start `node SERVER` with the test certificate in front of the devserver: 0, or -1. */
static int h2_start(const char *script)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(node_path, "node", script, "--cert", cert_path, "--key", key_path, "--upstream", dev.url, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    target.pid = pid;
    FILE *f = fdopen(fds[0], "r");
    char line[256];
    int ready = 0;
    while (!ready && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "H2_URL=", 7) == 0)
            snprintf(target.url, sizeof target.url, "%s", line + 7);
        else if (strncmp(line, "H2_CONTROL_URL=", 15) == 0)
            snprintf(target.control, sizeof target.control, "%s", line + 15);
        ready = strcmp(line, "H2_READY=1") == 0;
    }
    fclose(f);
    if (!ready) {
        fprintf(stderr, "node %s did not start\n", script);
        return -1;
    }
    return 0;
}

static void h2_stop(void)
{
    if (target.pid > 0) {
        kill(target.pid, SIGTERM);
        waitpid(target.pid, NULL, 0);
        target.pid = 0;
    }
}

/* Each test starts from a clean devserver and, over HTTP/2, a clean front. */
static int reset_target(void **state)
{
    reset_state(state);
    if (target.h2)
        control_post(target.control, "/reset", "{}");
    return 0;
}

/* The config of every behaviour test: Universal Auth, to the target. */
static infisical_config *target_config(void)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    if (target.h2) {
        assert_ok(infisical_config_set_base_url(cfg, target.url, &err), err);
        assert_ok(infisical_config_set_ca_file(cfg, cert_path, &err), err);
    }
    return cfg;
}

/* Connections the library opened to the target. */
static long connections_opened(void)
{
    return target.h2 ? h2_counter("sessions") : dev_state("connectionsAccepted");
}

/* A client whose backoff is short, so retry tests run fast. */
static infisical_config *fast_config(uint32_t attempts)
{
    infisical_config *cfg = target_config();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_max_attempts(cfg, attempts, &err), err);
    assert_ok(infisical_config_set_backoff_ms(cfg, 5, 20, &err), err);
    return cfg;
}

static int list_once(infisical_client *c, infisical_error **err)
{
    infisical_connection_list *list = NULL;
    int rc = infisical_northflank_list(c, NULL, &list, NULL, err);
    infisical_connection_list_free(list);
    return rc;
}

static long method_count(const char *method)
{
    char key[64];
    snprintf(key, sizeof key, "requestsByMethod.%s", method);
    return dev_state(key);
}

#define LIST_URL_PATH "/api/v1/app-connections/northflank"
#define LIST_PATH "\"path\":\"" LIST_URL_PATH "\""
#define JSON_503 "\"status\":503,\"body\":\"{\\\"statusCode\\\":503,\\\"error\\\":\\\"Unavailable\\\",\\\"message\\\":\\\"busy\\\"}\""

/* ---- lifecycle ---- */

static void test_lifecycle(void **state)
{
    (void)state;
    infisical_client *c = client_from(target_config());
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("lifecycle", "first", NULL, NULL);
    infisical_connection *conn = NULL, *got = NULL, *updated = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    assert_ok(infisical_northflank_get(c, infisical_connection_id(conn), &got, NULL, &err), err);
    assert_string_equal(infisical_connection_name(got), "lifecycle");
    infisical_connection_list *list = NULL;
    assert_ok(infisical_northflank_list(c, NULL, &list, NULL, &err), err);
    assert_int_equal(infisical_connection_list_count(list), 1);
    infisical_connection_list_free(list);
    infisical_northflank_params *rename = params_for("lifecycle-renamed", NULL, NULL, NULL);
    assert_ok(infisical_northflank_update(c, infisical_connection_id(conn), rename, &updated, NULL, &err), err);
    assert_string_equal(infisical_connection_name(updated), "lifecycle-renamed");
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), err);
    infisical_connection_free(got);
    got = NULL;
    assert_int_equal(infisical_northflank_get(c, infisical_connection_id(conn), &got, NULL, &err), INFISICAL_ENOTFOUND);
    infisical_error_free(err);
    if (target.h2) /* every request of the lifecycle went over HTTP/2 */
        assert_int_equal(h2_counter("streams"), dev_state("requests"));
    infisical_connection_free(conn);
    infisical_connection_free(updated);
    infisical_northflank_params_free(p);
    infisical_northflank_params_free(rename);
    infisical_client_free(c);
}

/* ---- retries ---- */

static void test_retries_503_then_succeeds(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(4));
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"method\":\"GET\"," JSON_503 ",\"times\":2}]");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(method_count("GET"), 3);
    infisical_client_free(c);
}

static void test_retries_give_up_with_history(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(3));
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH "," JSON_503 ",\"times\":10}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_attempts(err), 3);
    assert_int_equal(infisical_error_http_status(err), 503);
    assert_non_null(strstr(infisical_error_message(err), "3 attempts: HTTP 503; HTTP 503; HTTP 503"));
    infisical_error_free(err);
    assert_int_equal(method_count("GET"), 3);
    infisical_client_free(c);
}

static void test_retry_after_is_honoured(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(3));
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"status\":429,\"headers\":{\"Retry-After\":\"1\"},\"body\":\"{}\"}]");
    int64_t t0 = now_ms();
    assert_ok(list_once(c, &err), err);
    assert_true(now_ms() - t0 >= 1000);
    assert_int_equal(method_count("GET"), 2);

    /* Without Retry-After, X-RateLimit-Reset says when the window reopens. */
    dev_faults("[{" LIST_PATH ",\"status\":429,\"headers\":{\"X-RateLimit-Reset\":\"1\"},\"body\":\"{}\"}]");
    t0 = now_ms();
    assert_ok(list_once(c, &err), err);
    assert_true(now_ms() - t0 >= 1000);

    /* An HTTP date is understood too (a date in the past means "now"). */
    dev_faults("[{" LIST_PATH ",\"status\":429,\"headers\":{\"Retry-After\":\"Wed, 21 Oct 2015 07:28:00 GMT\"},\"body\":\"{}\"}]");
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
}

/* A 503 may say when to come back too (Retry-After, RFC 9110 10.2.3); its
 * X-RateLimit-Reset is not a request to wait (only a 429's is). */
static void test_retry_after_on_503_is_honoured(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(3));
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"status\":503,\"headers\":{\"Retry-After\":\"1\"},\"body\":\"{}\"}]");
    int64_t t0 = now_ms();
    assert_ok(list_once(c, &err), err);
    assert_true(now_ms() - t0 >= 1000);
    assert_int_equal(method_count("GET"), 2);
    infisical_client_free(c);

    /* One attempt: the hint reaches the caller, in milliseconds. */
    c = client_from(fast_config(1));
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"status\":503,\"headers\":{\"Retry-After\":\"7\"},\"body\":\"{}\"}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retry_after_ms(err), 7000);
    assert_int_equal(infisical_error_retryable(err), 1);
    infisical_error_free(err);
    dev_faults("[{" LIST_PATH ",\"status\":503,\"headers\":{\"X-RateLimit-Reset\":\"7\"},\"body\":\"{}\"}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retry_after_ms(err), -1);
    infisical_error_free(err);
    infisical_client_free(c);
}

/* A 429 is refused before the server does anything: a create (POST) or an
 * update (PATCH) that ends on one may be repeated, and the error says so. */
static void test_post_and_patch_ending_on_429_are_retryable(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(2));
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("rate-limited", NULL, NULL, NULL);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{\"method\":\"POST\"," LIST_PATH ",\"status\":429,\"times\":5,\"body\":\"{}\"}]");
    long posts = method_count("POST");
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ERATELIMIT);
    assert_int_equal(infisical_error_retryable(err), 1);
    assert_int_equal(infisical_error_attempts(err), 2);
    assert_int_equal(infisical_error_http_status(err), 429);
    infisical_error_free(err);
    assert_int_equal(method_count("POST") - posts, 2);
    dev_clear_faults();

    infisical_connection *conn = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    dev_faults("[{\"method\":\"PATCH\",\"status\":429,\"times\":5,\"body\":\"{}\"}]");
    long patches = method_count("PATCH");
    assert_int_equal(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err),
                     INFISICAL_ERATELIMIT);
    assert_int_equal(infisical_error_retryable(err), 1);
    assert_int_equal(infisical_error_attempts(err), 2);
    infisical_error_free(err);
    assert_int_equal(method_count("PATCH") - patches, 2);
    dev_clear_faults();
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), err);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_retry_after_beyond_deadline_fails_at_once(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(4);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_timeout_ms(cfg, 2000, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"status\":429,\"headers\":{\"Retry-After\":\"60\"},"
               "\"body\":\"{\\\"statusCode\\\":429,\\\"error\\\":\\\"RateLimitExceeded\\\",\\\"message\\\":\\\"Rate limit exceeded. Please try again in 60 seconds\\\"}\"}]");
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ERATELIMIT);
    assert_true(now_ms() - t0 < 1000);
    assert_int_equal(infisical_error_retry_after_ms(err), 60000);
    assert_int_equal(infisical_error_attempts(err), 1);
    infisical_error_free(err);
    infisical_client_free(c);
}

static void test_rate_limit_headers_mean_wait_only_on_429(void **state)
{
    (void)state;
    /* A rate-limited server sends X-RateLimit-Reset on every reply: a 404 is not a request to wait. */
    dev_post("/__dev/settings", "{\"readLimit\":100}");
    infisical_client *c = client_from(fast_config(1));
    infisical_error *err = NULL;
    infisical_connection *conn = NULL;
    assert_int_equal(infisical_northflank_get(c, "4d7a1c3e-0000-4000-8000-000000000000", &conn, NULL, &err),
                     INFISICAL_ENOTFOUND);
    assert_int_equal(infisical_error_retry_after_ms(err), -1);
    assert_int_equal(infisical_error_retryable(err), 0);
    infisical_error_free(err);
    infisical_client_free(c);
}

static void test_create_not_repeated_after_it_reached_the_server(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(4));
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("once-only", NULL, NULL, NULL);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    long before = method_count("POST");
    dev_faults("[{\"method\":\"POST\"," LIST_PATH "," JSON_503 ",\"times\":3}]");
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_attempts(err), 1);
    infisical_error_free(err);
    assert_int_equal(method_count("POST") - before, 1);

    /* A 429 was refused before any work: the create is repeated and succeeds. */
    dev_clear_faults();
    dev_faults("[{\"method\":\"POST\"," LIST_PATH ",\"status\":429,\"headers\":{\"Retry-After\":\"0\"},\"body\":\"{}\"}]");
    before = method_count("POST");
    infisical_connection *conn = NULL;
    assert_ok(infisical_northflank_create(c, p, &conn, NULL, &err), err);
    assert_int_equal(method_count("POST") - before, 2);
    assert_int_equal(dev_state("appConnections"), 1);

    /* An update (a rotation could bump the version twice) is not repeated on 503 either. */
    dev_faults("[{\"method\":\"PATCH\"," JSON_503 ",\"times\":3}]");
    long patches = method_count("PATCH");
    assert_int_equal(infisical_northflank_update(c, infisical_connection_id(conn), p, NULL, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retryable(err), 0); /* it may have rotated: not safe to repeat */
    infisical_error_free(err);
    assert_int_equal(method_count("PATCH") - patches, 1);
    /* Nor is a delete: a 503 may come after the record is gone, and a repeat
     * would then report "not found" for a delete that succeeded. */
    dev_faults("[{\"method\":\"DELETE\"," JSON_503 ",\"times\":1}]");
    long deletes = method_count("DELETE");
    assert_int_equal(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), INFISICAL_ESERVER);
    assert_int_equal(infisical_error_retryable(err), 0);
    infisical_error_free(err);
    assert_int_equal(method_count("DELETE") - deletes, 1);
    assert_ok(infisical_northflank_delete(c, infisical_connection_id(conn), NULL, NULL, &err), err);
    infisical_connection_free(conn);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_dropped_connection(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    /* A fixed token: no login, so the create is the first request of a fresh connection. */
    infisical_config *cfg = fast_config(4);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    infisical_client *c = client_from(cfg);
    infisical_northflank_params *p = params_for("dropped", NULL, NULL, NULL);
    dev_faults("[{\"method\":\"POST\"," LIST_PATH ",\"drop\":true,\"times\":3}]");
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_attempts(err), 1); /* it reached the server: not repeated */
    assert_int_equal(infisical_error_retryable(err), 0); /* nor advertised as safe to repeat */
    infisical_error_free(err);
    assert_int_equal(dev_state("appConnections"), 0);
    dev_clear_faults();
    infisical_client_free(c);

    /* A GET dropped on a fresh connection is repeated by us. */
    cfg = fast_config(4);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    c = client_from(cfg);
    dev_faults("[{\"method\":\"GET\"," LIST_PATH ",\"drop\":true,\"times\":1}]");
    assert_ok(list_once(c, &err), err);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_refused_connection_retried_then_reported(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(3);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_base_url(cfg, "http://127.0.0.1:1", &err), err);
    assert_ok(infisical_config_set_access_token(cfg, "whatever-token", &err), err);
    infisical_client *c = client_from(cfg);
    infisical_northflank_params *p = params_for("never", NULL, NULL, NULL);
    /* Even a create is retried: nothing was sent. */
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_attempts(err), 3);
    assert_non_null(strstr(infisical_error_message(err), "3 attempts"));
    infisical_error_free(err);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

/* ---- deadlines and cancel ---- */

static void test_call_deadline(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(4);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_timeout_ms(cfg, 400, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"delayMs\":3000,\"times\":5}]");
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ETIMEOUT);
    int64_t took = now_ms() - t0;
    assert_true(took >= 350 && took < 1500);
    infisical_error_free(err);

    /* A create with a longer deadline of its own outlives a slower server. */
    dev_faults("[{\"method\":\"POST\"," LIST_PATH ",\"delayMs\":700}]");
    infisical_northflank_params *p = params_for("patient", NULL, NULL, NULL);
    infisical_call_options *patient = opts_timeout(5000);
    assert_ok(infisical_northflank_create(c, p, NULL, patient, &err), err);
    infisical_call_options_free(patient);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

static void test_connect_timeout(void **state)
{
    (void)state;
    /* A listener whose accept queue is full: further SYNs are dropped, so a connect hangs. */
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(lfd, 0), 0);
    getsockname(lfd, (struct sockaddr *)&a, &alen);
    int fillers[4];
    for (int i = 0; i < 4; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fillers[i], (struct sockaddr *)&a, sizeof a);
    }
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
    infisical_config *cfg = fast_config(1);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_base_url(cfg, url, &err), err);
    assert_ok(infisical_config_set_access_token(cfg, "whatever-token", &err), err);
    assert_ok(infisical_config_set_connect_timeout_ms(cfg, 300, &err), err);
    infisical_client *c = client_from(cfg);
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ETIMEOUT);
    int64_t took = now_ms() - t0;
    if (took < 250 || took > 2500)
        fail_msg("the connect timeout of 300 ms took %lld ms: %s", (long long)took, infisical_error_message(err));
    infisical_error_free(err);
    infisical_client_free(c);
    for (int i = 0; i < 4; i++)
        close(fillers[i]);
    close(lfd);
}

static atomic_int cancel_flag;

static int cancel_hook(void *user)
{
    (void)user;
    return atomic_load(&cancel_flag);
}

static void *cancel_later(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
    atomic_store(&cancel_flag, 1);
    return NULL;
}

static void test_cancel_from_another_thread(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(4);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_cancel_hook(cfg, cancel_hook, NULL, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(infisical_client_login(c, NULL, &err), err);

    /* In flight: the server takes 5 s to answer. */
    atomic_store(&cancel_flag, 0);
    dev_faults("[{" LIST_PATH ",\"delayMs\":5000}]");
    pthread_t t;
    pthread_create(&t, NULL, cancel_later, NULL);
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ECANCELLED);
    assert_true(now_ms() - t0 < 1000);
    pthread_join(t, NULL);
    infisical_error_free(err);

    /* Waiting to retry: the server asked for 5 s. */
    atomic_store(&cancel_flag, 0);
    dev_faults("[{" LIST_PATH ",\"status\":429,\"headers\":{\"Retry-After\":\"5\"},\"body\":\"{}\"}]");
    pthread_create(&t, NULL, cancel_later, NULL);
    t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ECANCELLED);
    assert_true(now_ms() - t0 < 1000);
    pthread_join(t, NULL);
    infisical_error_free(err);
    atomic_store(&cancel_flag, 0);
    infisical_client_free(c);
}

/* ---- TLS ---- */

static struct devserver tls;

static infisical_config *tls_config(void)
{
    infisical_config *cfg = fast_config(1);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_base_url(cfg, tls.url, &err), err);
    assert_ok(infisical_config_set_universal_auth(cfg, tls.client_id, tls.client_secret, &err), err);
    return cfg;
}

static void test_tls(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    assert_int_equal(strncmp(tls.url, "https://", 8), 0);

    /* The system store does not know our test CA: a clear TLS error. */
    infisical_client *c = client_from(tls_config());
    assert_int_equal(infisical_client_login(c, NULL, &err), INFISICAL_ETLS);
    assert_int_equal(infisical_error_http_status(err), 0);
    if (!strstr(infisical_error_message(err), "certificate"))
        fail_msg("the TLS error does not say what failed: %s", infisical_error_message(err));
    infisical_error_free(err);
    infisical_client_free(c);

    infisical_config *cfg = tls_config();
    assert_ok(infisical_config_set_ca_file(cfg, cert_path, &err), err);
    c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);

    char pem[8192];
    FILE *f = fopen(cert_path, "r");
    size_t n = fread(pem, 1, sizeof pem - 1, f);
    fclose(f);
    pem[n] = '\0';
    cfg = tls_config();
    assert_ok(infisical_config_set_ca_pem(cfg, pem, &err), err);
    c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);

    setenv("SSL_CERT_FILE", cert_path, 1);
    c = client_from(tls_config());
    unsetenv("SSL_CERT_FILE");
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);

    cfg = tls_config();
    assert_ok(infisical_config_set_insecure_skip_tls_verify(cfg, 1, &err), err);
    c = client_from(cfg);
    assert_non_null(strstr(captured_log(), "TLS verification is OFF"));
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
}

/* ---- a pinned CA pins ---- */

/* Run a shell command; fail the test when it fails. */
static void run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

struct pin_case {
    const char *what;
    const char *ca_file, *ca_dir, *ca_pem_file; /* relative to the test's directory */
    int expect;
};

static const struct pin_case pin_cases[] = {
    {"nothing pinned: the system store, which holds CA1 here", NULL, NULL, NULL, INFISICAL_OK},
    {"ca_file pins CA2", "ca2.pem", NULL, NULL, INFISICAL_ETLS},
    {"ca_pem pins CA2", NULL, NULL, "ca2.pem", INFISICAL_ETLS},
    {"ca_dir pins a directory holding CA2", NULL, "ca2dir", NULL, INFISICAL_ETLS},
    {"ca_file pins CA1", "ca1.pem", NULL, NULL, INFISICAL_OK},
    {"ca_pem pins CA1", NULL, NULL, "ca1.pem", INFISICAL_OK},
};

static char *slurp(const char *path)
{
    static char text[16384];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    return text;
}

/* The child's part: make CA1 the system's trust in a private mount namespace
 * (bundle and hashed certificates over /etc/ssl/certs, where Debian's
 * libcurl looks), log in under each pin and write "<case> <status> <message>"
 * lines to fd. Exits 77, saying why, when the namespace cannot be made. No
 * cmocka here: a failed assertion would unwind into the parent's test run. */
static void pin_child(int fd, const char *dir, const struct devserver *server)
{
    char store[256];
    snprintf(store, sizeof store, "%s/store", dir);
    /* The type is ignored for these two; "none" rather than NULL keeps valgrind quiet. */
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount(store, "/etc/ssl/certs", "none", MS_BIND, NULL) != 0) {
        dprintf(fd, "a private mount namespace with our own /etc/ssl/certs: %s\n", strerror(errno));
        _exit(77);
    }
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    for (size_t i = 0; i < sizeof pin_cases / sizeof pin_cases[0]; i++) {
        const struct pin_case *pc = &pin_cases[i];
        char path[256];
        infisical_config *cfg = NULL;
        infisical_client *c = NULL;
        infisical_error *err = NULL;
        int rc = infisical_config_new(&cfg, &err);
        if (rc == INFISICAL_OK)
            rc = infisical_config_set_base_url(cfg, server->url, &err);
        if (rc == INFISICAL_OK)
            rc = infisical_config_set_universal_auth(cfg, server->client_id, server->client_secret, &err);
        if (rc == INFISICAL_OK)
            rc = infisical_config_set_max_attempts(cfg, 1, &err);
        if (rc == INFISICAL_OK && pc->ca_file) {
            snprintf(path, sizeof path, "%s/%s", dir, pc->ca_file);
            rc = infisical_config_set_ca_file(cfg, path, &err);
        }
        if (rc == INFISICAL_OK && pc->ca_dir) {
            snprintf(path, sizeof path, "%s/%s", dir, pc->ca_dir);
            rc = infisical_config_set_ca_dir(cfg, path, &err);
        }
        if (rc == INFISICAL_OK && pc->ca_pem_file) {
            snprintf(path, sizeof path, "%s/%s", dir, pc->ca_pem_file);
            rc = infisical_config_set_ca_pem(cfg, slurp(path), &err);
        }
        if (rc == INFISICAL_OK)
            rc = infisical_client_new(&c, cfg, &err);
        if (rc == INFISICAL_OK)
            rc = infisical_client_login(c, NULL, &err);
        dprintf(fd, "%zu %d %s\n", i, rc, err ? infisical_error_message(err) : "");
        infisical_error_free(err);
        infisical_client_free(c);
        infisical_config_free(cfg);
    }
    _exit(0);
}

/* CA1 signs the server's certificate and, inside the namespace, sits where
 * the system store is. Pinning CA2 must fail even so; with nothing pinned the
 * system store is trusted, which shows that CA1 really was in effect. */
static void test_pinned_ca_is_the_only_trust(void **state)
{
    (void)state;
    char dir[] = "/tmp/infisical-pin-XXXXXX";
    assert_non_null(mkdtemp(dir));
    run("(cd %s && mkdir store ca2dir && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ca1 -keyout ca1.key -out ca1.pem && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=ca2 -keyout ca2.key -out ca2.pem && "
        "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr && "
        "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && "
        "openssl x509 -req -in server.csr -CA ca1.pem -CAkey ca1.key -CAcreateserial -days 1 "
        "-extfile san.ext -out server.pem && "
        "cp ca1.pem store/ && openssl rehash store && cp ca1.pem store/ca-certificates.crt && "
        "cp ca2.pem ca2dir/ && openssl rehash ca2dir) >/dev/null 2>&1",
        dir);
    char cert[256], key[256];
    snprintf(cert, sizeof cert, "%s/server.pem", dir);
    snprintf(key, sizeof key, "%s/server.key", dir);
    const char *args[] = {"--tls-cert", cert, "--tls-key", key, NULL};
    struct devserver server = {0};
    devserver_start(&server, devserver_path, args);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        pin_child(fds[1], dir, &server);
    }
    close(fds[1]);
    char out[8192];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof out - 1 && (got = read(fds[0], out + len, sizeof out - 1 - len)) > 0)
        len += (size_t)got;
    out[len] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    devserver_stop(&server);
    run("rm -rf %s", dir);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
        print_message("SKIPPED: cannot test CA pinning without %s", out);
        skip();
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("the namespace child failed (status %d): %s", status, out);

    size_t seen = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), seen++) {
        size_t i;
        int rc, at = 0;
        if (sscanf(line, "%zu %d %n", &i, &rc, &at) != 2 || i >= sizeof pin_cases / sizeof pin_cases[0])
            fail_msg("unexpected line from the child: %s", line);
        if (rc != pin_cases[i].expect)
            fail_msg("%s: expected status %d, got %d (%s)", pin_cases[i].what, pin_cases[i].expect, rc, line + at);
    }
    assert_int_equal(seen, sizeof pin_cases / sizeof pin_cases[0]);
}

/* ---- redirects, proxies, size ---- */

static void test_redirect_not_followed(void **state)
{
    (void)state;
    infisical_client *c = client_from(fast_config(1));
    infisical_error *err = NULL;
    assert_ok(infisical_client_login(c, NULL, &err), err);
    long before = dev_state("requests");
    dev_faults("[{" LIST_PATH ",\"redirect\":\"http://127.0.0.1:1/steal\"}]");
    assert_int_equal(list_once(c, &err), INFISICAL_EHTTP);
    assert_int_equal(infisical_error_http_status(err), 302);
    assert_non_null(strstr(infisical_error_message(err), "not followed"));
    infisical_error_free(err);
    assert_int_equal(dev_state("requests") - before, 1);
    infisical_client_free(c);

    /* A Location that quotes the token back is masked in the error, as any
     * other text a server chose. */
    infisical_config *cfg = fast_config(1);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    c = client_from(cfg);
    char fault[2048];
    snprintf(fault, sizeof fault, "[{" LIST_PATH ",\"redirect\":\"http://127.0.0.1:1/steal?t=%s\"}]", dev.access_token);
    dev_faults(fault);
    assert_int_equal(list_once(c, &err), INFISICAL_EHTTP);
    assert_non_null(strstr(infisical_error_message(err), "http://127.0.0.1:1/steal?t="));
    assert_null(strstr(infisical_error_message(err), dev.access_token));
    infisical_error_free(err);
    infisical_client_free(c);
}

static void test_proxies(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    /* An explicit proxy: the devserver serves the absolute-form request itself. */
    infisical_config *cfg = fast_config(1);
    assert_ok(infisical_config_set_base_url(cfg, "http://infisical.invalid", &err), err);
    assert_ok(infisical_config_set_proxy(cfg, dev.url, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("proxiedRequests"), 2); /* login and list */
    infisical_client_free(c);

    /* libcurl's environment variables work too. */
    setenv("http_proxy", dev.url, 1);
    cfg = fast_config(1);
    assert_ok(infisical_config_set_base_url(cfg, "http://infisical.invalid", &err), err);
    c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("proxiedRequests"), 4);
    infisical_client_free(c);

    /* no_proxy overrides them. */
    cfg = fast_config(1);
    assert_ok(infisical_config_set_no_proxy(cfg, "127.0.0.1", &err), err);
    c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(dev_state("proxiedRequests"), 4);
    infisical_client_free(c);
    unsetenv("http_proxy");
}

static void test_oversized_reply_refused(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(1);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_max_response_bytes(cfg, 1 << 20, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"oversizeBytes\":50000000}]");
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ETOOLARGE);
    assert_true(now_ms() - t0 < 2000);
    assert_non_null(strstr(infisical_error_message(err), "larger than the maximum of 1048576 bytes"));
    infisical_error_free(err);
    /* Under the limit it is read and decoded. */
    dev_faults("[{" LIST_PATH ",\"oversizeBytes\":500000}]");
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
}

/* The limit is the largest reply read: one of exactly that size is read, one
 * byte more is refused. */
static void test_reply_of_exactly_the_maximum_size(void **state)
{
    (void)state;
    infisical_config *cfg = fast_config(1);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_max_response_bytes(cfg, 100000, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(infisical_client_login(c, NULL, &err), err);
    dev_faults("[{" LIST_PATH ",\"oversizeBytes\":100000}]");
    assert_ok(list_once(c, &err), err);
    dev_faults("[{" LIST_PATH ",\"oversizeBytes\":100001}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ETOOLARGE);
    assert_non_null(strstr(infisical_error_message(err), "larger than the maximum of 100000 bytes"));
    assert_int_equal(infisical_error_retryable(err), 0);
    infisical_error_free(err);
    infisical_client_free(c);
}

/* ---- header limits ---- */

/* A server on 127.0.0.1 that reads a request and answers every connection
 * with `head`, then `repeat` again and again (up to 2 MiB), then closes. */
struct raw_server {
    int fd;
    char url[64];
    const char *head;
    const char *repeat;
    pthread_t thread;
};

static void *raw_serve(void *arg)
{
    struct raw_server *r = arg;
    int c;
    while ((c = accept(r->fd, NULL, NULL)) >= 0) {
        char req[8192];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof req - 1 && (n = recv(c, req + got, sizeof req - 1 - got, 0)) > 0) {
            got += (size_t)n;
            req[got] = '\0';
            if (strstr(req, "\r\n\r\n"))
                break;
        }
        int ok = send(c, r->head, strlen(r->head), MSG_NOSIGNAL) >= 0;
        for (size_t sent = 0; ok && r->repeat && sent < (2u << 20); sent += strlen(r->repeat))
            ok = send(c, r->repeat, strlen(r->repeat), MSG_NOSIGNAL) >= 0;
        close(c);
    }
    return NULL;
}

static void raw_start(struct raw_server *r, const char *head, const char *repeat)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    r->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(r->fd, 8), 0);
    getsockname(r->fd, (struct sockaddr *)&a, &alen);
    snprintf(r->url, sizeof r->url, "http://127.0.0.1:%d", ntohs(a.sin_port));
    r->head = head;
    r->repeat = repeat;
    assert_int_equal(pthread_create(&r->thread, NULL, raw_serve, r), 0);
}

static void raw_stop(struct raw_server *r)
{
    shutdown(r->fd, SHUT_RDWR); /* wakes the accept */
    pthread_join(r->thread, NULL);
    close(r->fd);
}

/* A client with a fixed token (no login) for url, retrying up to 4 times. */
static infisical_client *client_for(const char *url)
{
    infisical_config *cfg = fast_config(4);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_base_url(cfg, url, &err), err);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    return client_from(cfg);
}

/* A reply the client refuses: status `want`, one attempt, said quickly. */
static void assert_refused_reply(const char *url, int want, const char *says)
{
    infisical_client *c = client_for(url);
    infisical_error *err = NULL;
    int64_t t0 = now_ms();
    int rc = list_once(c, &err);
    if (rc != want || !strstr(infisical_error_message(err), says))
        fail_msg("expected status %d saying \"%s\", got %d: %s", want, says, rc, infisical_error_message(err));
    assert_int_equal(infisical_error_attempts(err), 1);
    assert_int_equal(infisical_error_retryable(err), 0);
    assert_true(now_ms() - t0 < 3000);
    infisical_error_free(err);
    infisical_client_free(c);
}

/* Headers of an interim reply (a 1xx) belong to it alone: a Retry-After or
 * X-RateLimit-Reset there must not become the final reply's wait. */
static void test_interim_reply_headers_do_not_leak(void **state)
{
    (void)state;
    struct raw_server r;
    raw_start(&r,
              "HTTP/1.1 103 Early Hints\r\nRetry-After: 30\r\nX-RateLimit-Reset: 30\r\n"
              "Content-Type: text/html\r\n\r\n"
              "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
              "Connection: close\r\n\r\n{}",
              NULL);
    infisical_client *c = client_for(r.url);
    infisical_error *err = NULL;
    int64_t t0 = now_ms();
    assert_int_equal(list_once(c, &err), INFISICAL_ERATELIMIT);
    assert_int_equal(infisical_error_retry_after_ms(err), -1);
    assert_int_equal(infisical_error_attempts(err), 4); /* by backoff, not by a 30 s hint */
    assert_true(now_ms() - t0 < 3000);
    infisical_error_free(err);
    infisical_client_free(c);

    /* The interim's Content-Type is not the final one's either. */
    raw_stop(&r);
    raw_start(&r,
              "HTTP/1.1 100 Continue\r\nContent-Type: application/json\r\n\r\n"
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
              NULL);
    c = client_for(r.url);
    assert_int_equal(list_once(c, &err), INFISICAL_EPROTOCOL);
    assert_non_null(strstr(infisical_error_message(err), "Content-Type (none)"));
    infisical_error_free(err);
    infisical_client_free(c);
    raw_stop(&r);
}

/* Over HTTP/2 libcurl 7.88 applies its own limits before a header reaches
 * us (a header block over 128 KiB, a field over about 100 KB): the
 * connection fails, reported as a receive error or an empty reply. What
 * holds there: no success, no "out of memory", no stall. */
static void assert_h2_header_refused(const char *fault)
{
    infisical_client *c = client_for(target.url);
    infisical_error *err = NULL;
    h2_faults(fault);
    int64_t t0 = now_ms();
    int rc = list_once(c, &err);
    if (rc == INFISICAL_OK || rc == INFISICAL_ENOMEM)
        fail_msg("oversized headers over HTTP/2: status %d %s", rc, err ? infisical_error_message(err) : "");
    assert_true(now_ms() - t0 < 3000);
    print_message("over HTTP/2: %s\n", infisical_error_message(err));
    infisical_error_free(err);
    infisical_client_free(c);
}

/* libcurl 7.88 refuses a header line over 100 KiB (CURL_MAX_HTTP_HEADER) and
 * calls that "out of memory": the server's reply is at fault. */
static void test_long_header_line_is_a_protocol_error(void **state)
{
    (void)state;
    if (target.h2) {
        assert_h2_header_refused("[{\"bigHeader\":200000,\"times\":10}]");
        return;
    }
    size_t big = 200000;
    char *head = malloc(big + 256);
    int n = sprintf(head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Big: ");
    memset(head + n, 'a', big);
    strcpy(head + n + big, "\r\nContent-Length: 2\r\n\r\n{}");
    struct raw_server r;
    raw_start(&r, head, NULL);
    assert_refused_reply(r.url, INFISICAL_EPROTOCOL, "malformed reply: a header line longer than 102400 bytes");
    raw_stop(&r);
    free(head);
}

/* A long header line that libcurl accepts is read, over either protocol:
 * libcurl 7.88 stalled on an HTTP/2 header line longer than its receive
 * buffer (16 KiB by default) until the deadline. */
static void test_long_header_line_within_limits_is_read(void **state)
{
    (void)state;
    size_t big = 60000;
    struct raw_server r;
    char *head = NULL;
    if (target.h2) {
        h2_faults("[{\"bigHeader\":60000}]");
    } else {
        head = malloc(big + 256);
        int n = sprintf(head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Big: ");
        memset(head + n, 'a', big);
        strcpy(head + n + big, "\r\nContent-Length: 21\r\n\r\n{\"appConnections\":[]}");
        raw_start(&r, head, NULL);
    }
    infisical_config *cfg = fast_config(1);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_base_url(cfg, target.h2 ? target.url : r.url, &err), err);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    assert_ok(infisical_config_set_timeout_ms(cfg, 3000, &err), err);
    infisical_client *c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
    if (!target.h2) {
        raw_stop(&r);
        free(head);
    }
}

/* Headers that never end, or interim replies that never end, are bounded:
 * 256 KiB of header lines in all, then the reply is refused. */
static void test_endless_headers_are_a_protocol_error(void **state)
{
    (void)state;
    if (target.h2) {
        assert_h2_header_refused("[{\"manyHeaders\":{\"count\":20,\"bytes\":15000},\"times\":10}]");
        return;
    }
    char line[1100];
    snprintf(line, sizeof line, "X-Flood: %01000d\r\n", 0);
    struct raw_server r;
    raw_start(&r, "HTTP/1.1 200 OK\r\n", line);
    assert_refused_reply(r.url, INFISICAL_EPROTOCOL, "malformed reply: more than 262144 bytes of header lines");
    raw_stop(&r);

    char interim[1200];
    snprintf(interim, sizeof interim, "HTTP/1.1 100 Continue\r\nX-Interim: %01000d\r\n\r\n", 0);
    raw_start(&r, "", interim);
    assert_refused_reply(r.url, INFISICAL_EPROTOCOL, "malformed reply: more than 262144 bytes of header lines");
    raw_stop(&r);
}

/* ---- what libcurl cannot take ---- */

static infisical__http *transport_for(const char *ca_file)
{
    struct infisical__http_settings settings = {
        .user_agent = "test_transport",
        .connect_timeout_ms = 5000,
        .backoff_base_ms = 5,
        .backoff_max_ms = 20,
        .max_response_bytes = 1 << 20,
        .ca_file = ca_file,
    };
    infisical__http *h = NULL;
    assert_int_equal(infisical__http_new(&h, &settings), INFISICAL_OK);
    return h;
}

/* Send a GET that may be repeated at will; the status, the error in *err. */
static int transport_get(infisical__http *h, const char *url, int secret_reply, infisical_error **err)
{
    infisical__http_request req = {
        .method = "GET",
        .url = url,
        .deadline_ms = infisical__now_ms() + 5000,
        .max_attempts = 4,
        .retry = INFISICAL__RETRY_ALWAYS,
        .secret_reply = secret_reply,
    };
    infisical__http_response resp;
    int rc = infisical__http_send(h, &req, "GET test", &resp, err);
    if (rc == INFISICAL_OK)
        infisical__http_response_clear(&resp);
    return rc;
}

static void assert_einval(int rc, infisical_error *err, const char *says)
{
    if (rc != INFISICAL_EINVAL || !strstr(infisical_error_message(err), says))
        fail_msg("expected INFISICAL_EINVAL saying \"%s\", got %d: %s", says, rc, err ? infisical_error_message(err) : "(no error)");
    assert_int_equal(infisical_error_attempts(err), 1); /* never retried */
    assert_int_equal(infisical_error_retryable(err), 0);
    print_message("%s\n", infisical_error_message(err));
    infisical_error_free(err);
}

/* What libcurl refuses to do is the caller's configuration, never the network. */
static void test_what_libcurl_cannot_take_is_einval(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    infisical__http *h = transport_for(NULL);
    int rc = transport_get(h, "ftp://127.0.0.1/x", 0, &err);
    assert_einval(rc, err, "libcurl cannot use this configuration: ");
    rc = transport_get(h, "http://127.0.0.1:99999/x", 0, &err);
    assert_einval(rc, err, "URL using bad/illegal format");
    infisical__http_free(h);

    /* A CA that libcurl cannot load, given as PEM or as a file. */
    infisical_config *cfg = fast_config(4);
    assert_ok(infisical_config_set_base_url(cfg, tls.url, &err), err);
    assert_ok(infisical_config_set_ca_pem(cfg, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
                                               "-----END CERTIFICATE-----\n", &err), err);
    infisical_client *c = client_from(cfg);
    rc = infisical_client_login(c, NULL, &err);
    assert_einval(rc, err, "libcurl cannot use this configuration: ");
    infisical_client_free(c);
    cfg = fast_config(4);
    assert_ok(infisical_config_set_base_url(cfg, tls.url, &err), err);
    assert_ok(infisical_config_set_ca_file(cfg, "/nonexistent/ca.pem", &err), err);
    c = client_from(cfg);
    rc = infisical_client_login(c, NULL, &err);
    assert_einval(rc, err, "/nonexistent/ca.pem");
    infisical_client_free(c);
}

/* ---- a reply that carries a secret ---- */

/* The handle that read a secret reply is freed, not pooled: the next request
 * cannot reuse its connection, so the server sees a new one. */
static void test_secret_reply_is_not_kept_in_the_pool(void **state)
{
    (void)state;
    infisical__http *h = transport_for(target.h2 ? cert_path : NULL);
    infisical_error *err = NULL;
    char url[512];
    snprintf(url, sizeof url, "%s/api/v1/app-connections/options", target.url); /* a 401: any reply will do */
    long before = connections_opened();
    assert_ok(transport_get(h, url, 0, &err), err);
    assert_ok(transport_get(h, url, 0, &err), err);
    assert_int_equal(connections_opened() - before, 1); /* pooled and reused */
    assert_ok(transport_get(h, url, 1, &err), err);
    assert_int_equal(connections_opened() - before, 1); /* it took the pooled handle... */
    assert_ok(transport_get(h, url, 0, &err), err);
    assert_int_equal(connections_opened() - before, 2); /* ...which is gone now */
    assert_ok(transport_get(h, url, 0, &err), err);
    assert_int_equal(connections_opened() - before, 2);
    infisical__http_free(h);
}

/* ---- reuse and threads ---- */

static void test_sequential_calls_share_one_connection(void **state)
{
    (void)state;
    infisical_client *c = client_from(target_config());
    infisical_error *err = NULL;
    long before = connections_opened();
    for (int i = 0; i < 100; i++)
        assert_ok(list_once(c, &err), err);
    /* One for the login, whose connection is closed with the token in its
     * buffers, and one for the 100 calls; the control API keeps its own one. */
    assert_int_equal(connections_opened() - before, 2);
    assert_int_equal(dev_state("logins"), 1);
    infisical_client_free(c);
}

#define THREADS 8
#define CALLS 200

struct worker {
    infisical_client *client;
    int failures;
    char first_error[256];
};

static void *work(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < CALLS; i++) {
        infisical_error *err = NULL;
        if (list_once(w->client, &err) != INFISICAL_OK) {
            if (!w->failures++)
                snprintf(w->first_error, sizeof w->first_error, "%s", infisical_error_message(err));
            infisical_error_free(err);
        }
    }
    return NULL;
}

static void test_threads_share_one_client(void **state)
{
    (void)state;
    infisical_client *c = client_from(target_config());
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    long before = connections_opened();
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.client = c};
        pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < THREADS; i++)
        if (workers[i].failures)
            fail_msg("thread %d: %d failures, first: %s", i, workers[i].failures, workers[i].first_error);
    assert_int_equal(dev_state("logins"), 1);
    assert_int_equal(dev_state("requestsByMethod.GET"), THREADS * CALLS);
    long connections = connections_opened() - before;
    /* At most one a thread, and the login's, closed after it read the token. */
    if (connections < 2 || connections > THREADS + 1)
        fail_msg("%d threads opened %ld connections", THREADS, connections);
    print_message("%d threads x %d calls on one client: %ld connections, 1 login\n", THREADS, CALLS, connections);
    infisical_client_free(c);
}

/* ---- HTTP/2 only ---- */

/* The front speaks nothing but HTTP/2, so every exchange that succeeds through
 * it was HTTP/2; and it counts the streams. */
static void test_h2_is_spoken(void **state)
{
    (void)state;
    infisical_client *c = client_from(target_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    /* Two sessions: the login's is closed after it, with the token in its buffers. */
    assert_int_equal(h2_counter("sessions"), 2);
    assert_int_equal(h2_counter("streams"), 2);
    assert_ok(list_once(c, &err), err);
    assert_int_equal(h2_counter("sessions"), 2); /* the list's session is reused */
    assert_int_equal(h2_counter("streams"), 3);
    char url[512];
    snprintf(url, sizeof url, "%s/__dev/state", target.url);
    assert_int_equal(plain_request("GET", url, NULL, CURL_HTTP_VERSION_1_1, NULL, 0), -1);
    assert_int_equal(plain_request("GET", url, NULL, CURL_HTTP_VERSION_2TLS, NULL, 0), 200);
    infisical_client_free(c);
}

/* A client with the admin's fixed token: its first request opens the connection. */
static infisical_client *token_client(uint32_t attempts)
{
    infisical_config *cfg = fast_config(attempts);
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    return client_from(cfg);
}

/* RST_STREAM holds a request to the same rules as a cut connection. */
static void test_h2_stream_reset(void **state)
{
    (void)state;
    infisical_client *c = token_client(4);
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("reset", NULL, NULL, NULL);
    assert_ok(list_once(c, &err), err); /* the create below is stream 3 of this connection */

    /* A create reset after it reached the server: not repeated, not advertised as safe. */
    h2_faults("[{\"method\":\"POST\"," LIST_PATH ",\"rst\":2}]");
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ENETWORK);
    assert_int_equal(infisical_error_attempts(err), 1);
    assert_int_equal(infisical_error_retryable(err), 0);
    assert_non_null(strstr(infisical_error_message(err), "INTERNAL_ERROR"));
    infisical_error_free(err);

    /* A read is repeated. */
    h2_faults("[{\"method\":\"GET\"," LIST_PATH ",\"rst\":2}]");
    long gets = method_count("GET");
    assert_ok(list_once(c, &err), err);
    assert_int_equal(method_count("GET") - gets, 1); /* the reset one never reached the devserver */

    /* REFUSED_STREAM says the server did not act: libcurl sends it again itself. */
    h2_faults("[{\"method\":\"POST\"," LIST_PATH ",\"rst\":7}]");
    long posts = method_count("POST");
    assert_ok(infisical_northflank_create(c, p, NULL, NULL, &err), err);
    assert_int_equal(method_count("POST") - posts, 1);
    assert_int_equal(dev_state("appConnections"), 1);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

/* A request whose stream a GOAWAY refuses (its id above the GOAWAY's
 * last-stream-id: RFC 9113 section 6.8, the server did not process it)
 * provably never ran, so even a create is sent again. */
static void test_h2_goaway_refused_request_is_unsent(void **state)
{
    (void)state;
    infisical_client *c = token_client(4);
    infisical_error *err = NULL;
    infisical_northflank_params *p = params_for("refused", NULL, NULL, NULL);
    assert_ok(list_once(c, &err), err); /* stream 1: the create below is stream 3 */
    h2_faults("[{\"method\":\"POST\"," LIST_PATH ",\"goaway\":true}]");
    long posts = method_count("POST");
    assert_ok(infisical_northflank_create(c, p, NULL, NULL, &err), err);
    long refused, streams = h2_streams("POST", LIST_URL_PATH, &refused);
    assert_int_equal(streams, 2);
    assert_int_equal(refused, 1);
    assert_int_equal(method_count("POST") - posts, 1); /* the refused one never reached the devserver */
    assert_int_equal(dev_state("appConnections"), 1);
    assert_non_null(strstr(captured_log(), "POST " LIST_URL_PATH " -> 200 (2 attempts, "));
    infisical_northflank_params_free(p);
    infisical_client_free(c);

    /* With no attempt left: the error says what happened, and that a repeat is safe. */
    c = token_client(1);
    p = params_for("refused-again", NULL, NULL, NULL);
    assert_ok(list_once(c, &err), err);
    h2_faults("[{\"method\":\"POST\"," LIST_PATH ",\"goaway\":true}]");
    posts = method_count("POST");
    assert_int_equal(infisical_northflank_create(c, p, NULL, NULL, &err), INFISICAL_ENETWORK);
    const char *msg = infisical_error_message(err);
    if (!strstr(msg, "refused the request without processing it") || strstr(msg, "may have reached the server"))
        fail_msg("the refused create is not reported as unsent: %s", msg);
    assert_int_equal(infisical_error_retryable(err), 1);
    infisical_error_free(err);
    assert_int_equal(method_count("POST") - posts, 0);
    infisical_northflank_params_free(p);
    infisical_client_free(c);
}

/* Milliseconds from now until the front reports the last `method path`
 * stream closed (polled), or -1 when it is still open after 3 s; its record
 * (a new reference) in *rec. */
static long ms_until_closed(const char *method, const char *path, json_t **rec)
{
    int64_t t0 = now_ms();
    for (;;) {
        *rec = h2_last_stream(method, path);
        if (!*rec)
            fail_msg("the front saw no %s %s", method, path);
        if (json_is_true(json_object_get(*rec, "closed")))
            return (long)(now_ms() - t0);
        if (now_ms() - t0 > 3000)
            return -1;
        json_decref(*rec);
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* A transfer the client gives up on must end its stream at once, or the
 * server goes on sending into a connection that sits idle in the pool. */
static void test_h2_abort_ends_the_stream_at_once(void **state)
{
    (void)state;
    infisical_error *err = NULL;
    json_t *rec;

    /* Too large: refused at 1 MiB of a 64 MiB reply. */
    infisical_config *cfg = fast_config(1);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    assert_ok(infisical_config_set_max_response_bytes(cfg, 1 << 20, &err), err);
    infisical_client *c = client_from(cfg);
    h2_faults("[{" LIST_PATH ",\"oversizeBytes\":67108864}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ETOOLARGE);
    infisical_error_free(err);
    /* The client stays alive meanwhile: freeing it would close its connections anyway. */
    rec = h2_last_stream("GET", LIST_URL_PATH);
    long written_before = rec_long(rec, "bytesWritten");
    json_decref(rec);
    long ms = ms_until_closed("GET", LIST_URL_PATH, &rec);
    long written = rec_long(rec, "bytesWritten");
    json_decref(rec);
    /* The bytes are for the record only: how many the server manages to
     * queue before the client reads 1 MiB depends on the machine. */
    print_message("too large: stream closed %ld ms after the call returned; %ld bytes written to it, %ld of them "
                  "after the call returned\n",
                  ms, written, written - written_before);
    if (ms < 0 || ms > 500)
        fail_msg("the refused reply's stream was still open %ld ms after the call returned", ms < 0 ? 3000 : ms);
    infisical_client_free(c);

    /* The deadline: the server would answer after 5 s. */
    cfg = fast_config(1);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    assert_ok(infisical_config_set_timeout_ms(cfg, 500, &err), err);
    c = client_from(cfg);
    h2_faults("[{" LIST_PATH ",\"delayMs\":5000,\"status\":200}]");
    assert_int_equal(list_once(c, &err), INFISICAL_ETIMEOUT);
    infisical_error_free(err);
    ms = ms_until_closed("GET", LIST_URL_PATH, &rec);
    print_message("deadline: stream closed %ld ms after the call returned\n", ms);
    json_decref(rec);
    if (ms < 0 || ms > 500)
        fail_msg("the timed-out stream was still open %ld ms after the call returned", ms < 0 ? 3000 : ms);
    infisical_client_free(c);

    /* Cancel, from another thread. */
    cfg = fast_config(1);
    assert_ok(infisical_config_set_access_token(cfg, dev.access_token, &err), err);
    assert_ok(infisical_config_set_cancel_hook(cfg, cancel_hook, NULL, &err), err);
    c = client_from(cfg);
    atomic_store(&cancel_flag, 0);
    h2_faults("[{" LIST_PATH ",\"delayMs\":5000,\"status\":200}]");
    pthread_t t;
    pthread_create(&t, NULL, cancel_later, NULL);
    assert_int_equal(list_once(c, &err), INFISICAL_ECANCELLED);
    pthread_join(t, NULL);
    atomic_store(&cancel_flag, 0);
    infisical_error_free(err);
    ms = ms_until_closed("GET", LIST_URL_PATH, &rec);
    print_message("cancel: stream closed %ld ms after the call returned\n", ms);
    json_decref(rec);
    if (ms < 0 || ms > 500)
        fail_msg("the cancelled stream was still open %ld ms after the call returned", ms < 0 ? 3000 : ms);
    infisical_client_free(c);
}

/* ---- logging ---- */

static void test_one_log_line_per_request(void **state)
{
    (void)state;
    infisical_client *c = client_from(target_config());
    infisical_error *err = NULL;
    assert_ok(list_once(c, &err), err);
    const char *log = captured_log();
    assert_non_null(strstr(log, "POST /api/v1/auth/universal-auth/login -> 200 (1 attempt, "));
    assert_non_null(strstr(log, "GET /api/v1/app-connections/northflank -> 200 (1 attempt, "));
    infisical_client_free(c);

    /* Silent by default: a client without a callback calls nobody (nothing to observe but no crash). */
    infisical_config *cfg = target_config();
    assert_ok(infisical_config_set_log(cfg, NULL, NULL, 0, &err), err);
    c = client_from(cfg);
    assert_ok(list_once(c, &err), err);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    devserver_path = argc > 1 ? argv[1] : getenv("INFISICAL_DEVSERVER");
    const char *h2_script = argc > 3 && strcmp(argv[2], "--h2") == 0 ? argv[3] : NULL;
    if (h2_script && !find_node()) {
        fprintf(stderr, "SKIP: the HTTP/2 transport tests need node (Node.js 18 or later) on PATH, and there is "
                        "none: install the nodejs package\n");
        return 77; /* meson: skipped */
    }
    dev_start(devserver_path, NULL);
    if (!mkdtemp(tls_dir))
        return 1;
    snprintf(cert_path, sizeof cert_path, "%s/cert.pem", tls_dir);
    snprintf(key_path, sizeof key_path, "%s/key.pem", tls_dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -keyout %s -out %s 2>/dev/null",
             key_path, cert_path);
    if (system(cmd) != 0) {
        fprintf(stderr, "openssl could not make a test certificate\n");
        return 1;
    }

    const struct CMUnitTest both[] = {
        cmocka_unit_test_setup(test_lifecycle, reset_target),
        cmocka_unit_test_setup(test_retries_503_then_succeeds, reset_target),
        cmocka_unit_test_setup(test_retries_give_up_with_history, reset_target),
        cmocka_unit_test_setup(test_retry_after_is_honoured, reset_target),
        cmocka_unit_test_setup(test_retry_after_on_503_is_honoured, reset_target),
        cmocka_unit_test_setup(test_post_and_patch_ending_on_429_are_retryable, reset_target),
        cmocka_unit_test_setup(test_retry_after_beyond_deadline_fails_at_once, reset_target),
        cmocka_unit_test_setup(test_rate_limit_headers_mean_wait_only_on_429, reset_target),
        cmocka_unit_test_setup(test_create_not_repeated_after_it_reached_the_server, reset_target),
        cmocka_unit_test_setup(test_dropped_connection, reset_target),
        cmocka_unit_test_setup(test_call_deadline, reset_target),
        cmocka_unit_test_setup(test_cancel_from_another_thread, reset_target),
        cmocka_unit_test_setup(test_redirect_not_followed, reset_target),
        cmocka_unit_test_setup(test_oversized_reply_refused, reset_target),
        cmocka_unit_test_setup(test_reply_of_exactly_the_maximum_size, reset_target),
        cmocka_unit_test_setup(test_long_header_line_is_a_protocol_error, reset_target),
        cmocka_unit_test_setup(test_long_header_line_within_limits_is_read, reset_target),
        cmocka_unit_test_setup(test_endless_headers_are_a_protocol_error, reset_target),
        cmocka_unit_test_setup(test_secret_reply_is_not_kept_in_the_pool, reset_target),
        cmocka_unit_test_setup(test_sequential_calls_share_one_connection, reset_target),
        cmocka_unit_test_setup(test_threads_share_one_client, reset_target),
        cmocka_unit_test_setup(test_one_log_line_per_request, reset_target),
    };
    const struct CMUnitTest h1_only[] = {
        cmocka_unit_test_setup(test_refused_connection_retried_then_reported, reset_target),
        cmocka_unit_test_setup(test_connect_timeout, reset_target),
        cmocka_unit_test_setup(test_tls, reset_target),
        cmocka_unit_test_setup(test_pinned_ca_is_the_only_trust, reset_target),
        cmocka_unit_test_setup(test_proxies, reset_target),
        cmocka_unit_test_setup(test_what_libcurl_cannot_take_is_einval, reset_target),
        cmocka_unit_test_setup(test_interim_reply_headers_do_not_leak, reset_target),
        cmocka_unit_test(test_log_holds_no_secret),
    };
    const struct CMUnitTest h2_only[] = {
        cmocka_unit_test_setup(test_h2_is_spoken, reset_target),
        cmocka_unit_test_setup(test_h2_stream_reset, reset_target),
        cmocka_unit_test_setup(test_h2_abort_ends_the_stream_at_once, reset_target),
        cmocka_unit_test_setup(test_h2_goaway_refused_request_is_unsent, reset_target),
        cmocka_unit_test(test_log_holds_no_secret),
    };

    int failed;
    if (h2_script) {
        if (h2_start(h2_script) != 0) {
            dev_stop();
            unlink(cert_path);
            unlink(key_path);
            rmdir(tls_dir);
            return 1;
        }
        target.h2 = 1;
        failed = cmocka_run_group_tests_name("integration-transport-h2", both, NULL, NULL);
        failed += cmocka_run_group_tests_name("integration-transport-h2-only", h2_only, NULL, NULL);
        h2_stop();
    } else {
        snprintf(target.url, sizeof target.url, "%s", dev.url);
        const char *tls_args[] = {"--tls-cert", cert_path, "--tls-key", key_path, NULL};
        devserver_start(&tls, devserver_path, tls_args);
        failed = cmocka_run_group_tests_name("integration-transport", both, NULL, NULL);
        failed += cmocka_run_group_tests_name("integration-transport-h1-only", h1_only, NULL, NULL);
        devserver_stop(&tls);
    }
    dev_stop();
    unlink(cert_path);
    unlink(key_path);
    rmdir(tls_dir);
    return failed;
}
