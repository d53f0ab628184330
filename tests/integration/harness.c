#include "harness.h"

#include <curl/curl.h>
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

struct devserver dev;

static void take(char *dst, size_t cap, const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) == 0 && line[k] == '=') {
        snprintf(dst, cap, "%s", line + k + 1);
        dst[strcspn(dst, "\r\n")] = '\0';
    }
}

void dev_start(const char *path, const char *const *extra_args)
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
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    dev.pid = pid;
    FILE *f = fdopen(fds[0], "r");
    char line[2048];
    int ready = 0;
    while (!ready && fgets(line, sizeof line, f)) {
        take(dev.url, sizeof dev.url, line, "INFISICAL_API_URL");
        take(dev.client_id, sizeof dev.client_id, line, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");
        take(dev.client_secret, sizeof dev.client_secret, line, "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");
        take(dev.readonly_client_id, sizeof dev.readonly_client_id, line, "INFISICAL_DEV_READONLY_CLIENT_ID");
        take(dev.readonly_client_secret, sizeof dev.readonly_client_secret, line, "INFISICAL_DEV_READONLY_CLIENT_SECRET");
        take(dev.access_token, sizeof dev.access_token, line, "INFISICAL_DEV_ACCESS_TOKEN");
        take(dev.org_id, sizeof dev.org_id, line, "INFISICAL_DEV_ORG_ID");
        take(dev.project_id, sizeof dev.project_id, line, "INFISICAL_DEV_PROJECT_ID");
        take(dev.northflank_token, sizeof dev.northflank_token, line, "INFISICAL_DEV_NORTHFLANK_TOKEN");
        ready = strncmp(line, "INFISICAL_DEV_READY=1", 21) == 0;
    }
    fclose(f);
    if (!ready) {
        fprintf(stderr, "the devserver did not start\n");
        exit(1);
    }
}

void dev_stop(void)
{
    if (dev.pid > 0) {
        kill(dev.pid, SIGTERM);
        waitpid(dev.pid, NULL, 0);
        dev.pid = 0;
    }
}

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
    char *buf = userp;
    size_t have = strlen(buf), n = size * nmemb;
    if (have + n < 4096) {
        memcpy(buf + have, data, n);
        buf[have + n] = '\0';
    }
    return n;
}

static void control(const char *method, const char *path, const char *json, char reply[4096])
{
    char url[512];
    snprintf(url, sizeof url, "%s%s", dev.url, path);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    reply[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L); /* the control API only; the library's TLS is tested elsewhere */
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    if (json)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK || status != 200)
        fail_msg("control %s %s failed: curl %d, HTTP %ld: %s", method, path, rc, status, reply);
}

void dev_post(const char *control_path, const char *json)
{
    char reply[4096];
    control("POST", control_path, json ? json : "{}", reply);
}

long dev_state(const char *counter)
{
    char reply[4096];
    control("GET", "/__dev/state", NULL, reply);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *v = json_object_get(root, counter);
    if (!json_is_integer(v))
        fail_msg("/__dev/state has no counter %s: %s", counter, reply);
    long n = (long)json_integer_value(v);
    json_decref(root);
    return n;
}

void dev_login(char *token, size_t cap)
{
    char body[1024], reply[4096];
    snprintf(body, sizeof body, "{\"clientId\":\"%s\",\"clientSecret\":\"%s\"}", dev.client_id, dev.client_secret);
    control("POST", "/api/v1/auth/universal-auth/login", body, reply);
    json_t *root = json_loads(reply, 0, NULL);
    json_t *t = json_object_get(root, "accessToken");
    if (!json_is_string(t))
        fail_msg("login reply has no accessToken: %s", reply);
    snprintf(token, cap, "%s", json_string_value(t));
    json_decref(root);
}

void dev_faults(const char *json_array)
{
    char body[4096];
    snprintf(body, sizeof body, "{\"faults\":%s}", json_array);
    dev_post("/__dev/faults", body);
}

infisical_client *client_with(const char *client_id, const char *client_secret, int64_t timeout_ms)
{
    infisical_config *cfg;
    infisical_client *c = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_config_new(&cfg, &err), err);
    assert_ok(infisical_config_set_base_url(cfg, dev.url, &err), err);
    assert_ok(infisical_config_set_universal_auth(cfg, client_id, client_secret, &err), err);
    if (timeout_ms)
        assert_ok(infisical_config_set_timeout_ms(cfg, timeout_ms, &err), err);
    assert_ok(infisical_client_new(&c, cfg, &err), err);
    infisical_config_free(cfg);
    return c;
}

infisical_client *client_ua(void)
{
    return client_with(dev.client_id, dev.client_secret, 0);
}

infisical_client *client_token(const char *token)
{
    infisical_config *cfg;
    infisical_client *c = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_config_new(&cfg, &err), err);
    assert_ok(infisical_config_set_base_url(cfg, dev.url, &err), err);
    assert_ok(infisical_config_set_access_token(cfg, token, &err), err);
    assert_ok(infisical_client_new(&c, cfg, &err), err);
    infisical_config_free(cfg);
    return c;
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
