#include "harness.h"

#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

struct devserver dev;

/* INFISICAL_TEST_FILTER="test_name" (a cmocka glob) runs only the matching
 * tests of a program: the mutation run (scripts/mutate.py) runs one test per
 * mutant rather than a whole program. */
__attribute__((constructor)) static void test_filter_from_env(void)
{
    const char *filter = getenv("INFISICAL_TEST_FILTER");
    if (filter && *filter)
        cmocka_set_test_filter(filter);
}
static CURL *control_handle;
static void control(const char *method, const char *path, const char *json, char *reply, size_t cap);
static char *log_text;
static size_t log_len;

static void take(char *dst, size_t cap, const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) == 0 && line[k] == '=') {
        /* A value that does not fit is a broken devserver, not something to
         * cut short silently (and a bounded copy keeps gcc -O3's
         * -Wformat-truncation quiet, which the old snprintf did not). */
        const char *value = line + k + 1;
        size_t n = strcspn(value, "\r\n");
        if (n >= cap) {
            fprintf(stderr, "the devserver's %s is %zu bytes, more than the %zu the harness keeps\n", key, n, cap - 1);
            exit(1);
        }
        memcpy(dst, value, n);
        dst[n] = '\0';
    }
}

void dev_start(const char *path, const char *const *extra_args)
{
    devserver_start(&dev, path, extra_args);
}

void devserver_start(struct devserver *d, const char *path, const char *const *extra_args)
{
    int fds[2];
    if (!path || pipe(fds) != 0) {
        fprintf(stderr, "usage: test <path to infisical-devserver>\n");
        exit(1);
    }
    const char *argv[16] = {path};
    size_t n = 1;
    for (const char *const *a = extra_args; a && *a && n < 15; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        /* Die with the test, even when it crashes or a sanitizer stops it. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    d->pid = pid;
    FILE *f = fdopen(fds[0], "r");
    char line[2048];
    int ready = 0;
    while (!ready && fgets(line, sizeof line, f)) {
        take(d->url, sizeof d->url, line, "INFISICAL_API_URL");
        take(d->client_id, sizeof d->client_id, line, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
        take(d->client_secret, sizeof d->client_secret, line, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
        take(d->readonly_client_id, sizeof d->readonly_client_id, line, "INFISICAL_DEV_READONLY_CLIENT_ID");
        take(d->readonly_client_secret, sizeof d->readonly_client_secret, line, "INFISICAL_DEV_READONLY_CLIENT_SECRET");
        take(d->access_token, sizeof d->access_token, line, "INFISICAL_DEV_ACCESS_TOKEN");
        take(d->org_id, sizeof d->org_id, line, "INFISICAL_DEV_ORG_ID");
        take(d->project_id, sizeof d->project_id, line, "INFISICAL_DEV_PROJECT_ID");
        take(d->northflank_token, sizeof d->northflank_token, line, "INFISICAL_DEV_NORTHFLANK_TOKEN");
        ready = strncmp(line, "INFISICAL_DEV_READY=1", 21) == 0;
    }
    fclose(f);
    if (!ready) {
        fprintf(stderr, "the devserver did not start\n");
        exit(1);
    }
}

void devserver_stop(struct devserver *d)
{
    if (d->pid > 0) {
        kill(d->pid, SIGTERM);
        waitpid(d->pid, NULL, 0);
        d->pid = 0;
    }
}

void dev_stop(void)
{
    devserver_stop(&dev);
    if (control_handle) {
        curl_easy_cleanup(control_handle);
        control_handle = NULL;
    }
    free(log_text);
    log_text = NULL;
    log_len = 0;
}

/* ---- the library's log, kept for the secrets check ---- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void capture_log(void *user, int level, const char *line)
{
    (void)user;
    (void)level;
    size_t n = strlen(line);
    pthread_mutex_lock(&log_lock);
    char *grown = realloc(log_text, log_len + n + 2);
    if (grown) {
        log_text = grown;
        memcpy(log_text + log_len, line, n);
        log_len += n;
        log_text[log_len++] = '\n';
        log_text[log_len] = '\0';
    }
    pthread_mutex_unlock(&log_lock);
}

const char *captured_log(void)
{
    return log_text ? log_text : "";
}

/* Fail when `text` holds any secret the devserver ever issued or accepted, or
 * one of the tests' own; returns how many secrets were looked for. */
static size_t assert_secret_free(const char *what, const char *text)
{
    char reply[1 << 16];
    control("GET", "/__dev/issued-tokens", NULL, reply, sizeof reply);
    json_t *root = json_loads(reply, 0, NULL);
    const char *keys[] = {"tokens", "clientSecrets", "northflankTokens"};
    size_t checked = 0;
    for (size_t k = 0; k < 3; k++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(root, keys[k]), i, v) {
            const char *secret = json_string_value(v);
            if (secret && text && strstr(text, secret))
                fail_msg("a secret (%s #%zu) appears in %s", keys[k], i, what);
            checked++;
        }
    }
    json_decref(root);
    const char *ours[] = {dev.client_secret, dev.readonly_client_secret, dev.access_token, dev.northflank_token,
                          "not-a-northflank-token", "wrong-secret-value"};
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
        if (text && strstr(text, ours[i]))
            fail_msg("a secret of the tests (#%zu) appears in %s", i, what);
    return checked;
}

void assert_log_has_no_secret(void)
{
    size_t checked = assert_secret_free("the library's log", log_text);
    if (checked < 3 || log_len == 0)
        fail_msg("the secrets check saw %zu secrets and %zu bytes of log: nothing to check", checked, log_len);
}

void assert_no_secret_in(const char *what, const char *text)
{
    if (assert_secret_free(what, text) < 3)
        fail_msg("the secrets check saw fewer than 3 secrets: nothing to check");
}

struct sink {
    char *buf;
    size_t cap;
};

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    struct sink *s = userp;
    size_t have = strlen(s->buf), n = size * nmemb;
    if (have + n < s->cap) {
        memcpy(s->buf + have, data, n);
        s->buf[have + n] = '\0';
    }
    return n;
}

void test_log_holds_no_secret(void **state)
{
    (void)state;
    assert_log_has_no_secret();
}

/* One kept-alive connection for the control API, so that it adds exactly one
 * to the devserver's count of accepted connections. */
static void control(const char *method, const char *path, const char *json, char *reply, size_t cap)
{
    struct sink sink = {reply, cap};
    char url[512];
    snprintf(url, sizeof url, "%s%s", dev.url, path);
    if (!control_handle)
        control_handle = curl_easy_init();
    CURL *c = control_handle;
    curl_easy_reset(c);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    reply[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L); /* the control API only; the library's TLS is tested elsewhere */
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    if (json)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    if (rc != CURLE_OK || status != 200)
        fail_msg("control %s %s failed: curl %d, HTTP %ld: %s", method, path, rc, status, reply);
}

void dev_post(const char *control_path, const char *json)
{
    char reply[4096];
    control("POST", control_path, json ? json : "{}", reply, sizeof reply);
}

long dev_state(const char *counter)
{
    char reply[4096], key[64];
    control("GET", "/__dev/state", NULL, reply, sizeof reply);
    json_t *root = json_loads(reply, 0, NULL);
    /* "requestsByMethod.GET" names a member of a member. */
    snprintf(key, sizeof key, "%s", counter);
    char *dot = strchr(key, '.');
    if (dot)
        *dot = '\0';
    json_t *v = json_object_get(root, key);
    if (dot)
        v = json_object_get(v, dot + 1);
    if (!json_is_integer(v))
        fail_msg("/__dev/state has no counter %s: %s", counter, reply);
    long n = (long)json_integer_value(v);
    json_decref(root);
    return n;
}

long dev_refused(int status)
{
    char reply[4096], key[16];
    control("GET", "/__dev/state", NULL, reply, sizeof reply);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *by = json_object_get(root, "refusedByStatus");
    if (!json_is_object(by))
        fail_msg("/__dev/state has no refusedByStatus: %s", reply);
    snprintf(key, sizeof key, "%d", status);
    json_t *v = json_object_get(by, key);
    long n = json_is_integer(v) ? (long)json_integer_value(v) : 0;
    json_decref(root);
    return n;
}

void dev_login(char *token, size_t cap)
{
    char body[1024], reply[4096];
    snprintf(body, sizeof body, "{\"clientId\":\"%s\",\"clientSecret\":\"%s\"}", dev.client_id, dev.client_secret);
    control("POST", "/api/v1/auth/universal-auth/login", body, reply, sizeof reply);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *t = json_object_get(root, "accessToken");
    if (!json_is_string(t))
        fail_msg("login reply has no accessToken: %s", reply);
    snprintf(token, cap, "%s", json_string_value(t));
    json_decref(root);
}

void dev_state_string(const char *key, char *out, size_t cap)
{
    char reply[4096];
    control("GET", "/__dev/state", NULL, reply, sizeof reply);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *v = json_object_get(root, key);
    if (!json_is_string(v))
        fail_msg("/__dev/state has no string %s: %s", key, reply);
    snprintf(out, cap, "%s", json_string_value(v));
    json_decref(root);
}

void dev_clear_faults(void)
{
    char reply[4096];
    control("DELETE", "/__dev/faults", NULL, reply, sizeof reply);
}

void dev_faults(const char *json_array)
{
    size_t n = strlen(json_array) + 16;
    char *body = malloc(n);
    if (!body)
        fail_msg("out of memory");
    snprintf(body, n, "{\"faults\":%s}", json_array);
    dev_post("/__dev/faults", body);
    free(body);
}

infisical_config *config_ua(void)
{
    infisical_config *cfg;
    infisical_error *err = NULL;
    assert_ok(infisical_config_new(&cfg, &err), err);
    assert_ok(infisical_config_set_base_url(cfg, dev.url, &err), err);
    assert_ok(infisical_config_set_universal_auth(cfg, dev.client_id, dev.client_secret, &err), err);
    assert_ok(infisical_config_set_log(cfg, capture_log, NULL, INFISICAL_LOG_DEBUG, &err), err);
    return cfg;
}

infisical_client *client_from(infisical_config *cfg)
{
    infisical_client *c = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_client_new(&c, cfg, &err), err);
    infisical_config_free(cfg);
    return c;
}

infisical_client *client_with(const char *client_id, const char *client_secret, int64_t timeout_ms)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_universal_auth(cfg, client_id, client_secret, &err), err);
    if (timeout_ms)
        assert_ok(infisical_config_set_timeout_ms(cfg, timeout_ms, &err), err);
    return client_from(cfg);
}

infisical_client *client_no_retry(void)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_max_attempts(cfg, 1, &err), err);
    return client_from(cfg);
}

infisical_client *client_ua(void)
{
    return client_with(dev.client_id, dev.client_secret, 0);
}

infisical_client *client_token(const char *token)
{
    infisical_config *cfg = config_ua();
    infisical_error *err = NULL;
    assert_ok(infisical_config_set_access_token(cfg, token, &err), err);
    return client_from(cfg);
}

infisical_northflank_params *params_for(const char *name, const char *description, const char *project_id,
                                        const char *token)
{
    infisical_northflank_params *p;
    infisical_error *err = NULL;
    assert_ok(infisical_northflank_params_new(&p, &err), err);
    if (name)
        assert_ok(infisical_northflank_params_set_name(p, name, &err), err);
    if (description)
        assert_ok(infisical_northflank_params_set_description(p, description, &err), err);
    if (project_id)
        assert_ok(infisical_northflank_params_set_project_id(p, project_id, &err), err);
    assert_ok(infisical_northflank_params_set_api_token(p, token ? token : dev.northflank_token, &err), err);
    return p;
}

int reset_state(void **state)
{
    (void)state;
    dev_post("/__dev/reset", "{}");
    return 0;
}

infisical_call_options *opts_timeout(int64_t timeout_ms)
{
    infisical_call_options *o = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_call_options_new(&o, &err), err);
    assert_ok(infisical_call_options_set_timeout_ms(o, timeout_ms, &err), err);
    return o;
}

long dev_request(const char *method, const char *path, const char *bearer, const char *json, char *reply, size_t cap)
{
    struct sink sink = {reply, cap};
    char url[1024], auth[512];
    snprintf(url, sizeof url, "%s%s", dev.url, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (bearer) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
        h = curl_slist_append(h, auth);
    }
    reply[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (json)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        fail_msg("%s %s failed: curl %d", method, path, rc);
    return status;
}
