/* The hand-written client the benchmark holds libinfisical against: one easy
 * handle set up once, a reply buffer grown with realloc and reused, jansson
 * for the body, and the same fields checked and copied into its own struct.
 * It sends what libinfisical sends (the same method, URL, Accept,
 * Authorization, User-Agent and Accept-Encoding) and checks what a careful
 * programmer would: the status, the Content-Type, each field's type. */
#include "baseline.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reply buffer that grew past this is given back after decoding rather
 * than kept for the next call. */
#define KEEP_BUFFER_BYTES (64 * 1024)

struct base_client {
    CURL *easy;
    struct curl_slist *headers;
    char *base_url;
    char *url;
    size_t url_cap;
    char *body;
    size_t len, cap;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    struct base_client *b = userp;
    size_t n = size * nmemb;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->body, cap);
        if (!grown)
            return 0;
        b->body = grown;
        b->cap = cap;
    }
    memcpy(b->body + b->len, data, n);
    b->len += n;
    return n;
}

struct base_client *base_new(const char *base_url, const char *token, const char *user_agent)
{
    struct base_client *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    char auth[2048];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    b->base_url = strdup(base_url);
    b->url_cap = strlen(base_url) + 256;
    b->url = malloc(b->url_cap);
    b->easy = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    if (h)
        b->headers = curl_slist_append(h, auth);
    if (!b->base_url || !b->url || !b->easy || !h || !b->headers) {
        if (!b->headers)
            curl_slist_free_all(h);
        base_free(b);
        return NULL;
    }
    curl_easy_setopt(b->easy, CURLOPT_HTTPHEADER, b->headers);
    curl_easy_setopt(b->easy, CURLOPT_USERAGENT, user_agent);
    curl_easy_setopt(b->easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(b->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(b->easy, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(b->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(b->easy, CURLOPT_WRITEDATA, b);
    return b;
}

void base_free(struct base_client *b)
{
    if (!b)
        return;
    if (b->easy)
        curl_easy_cleanup(b->easy);
    curl_slist_free_all(b->headers);
    free(b->base_url);
    free(b->url);
    free(b->body);
    free(b);
}

/* GET base_url + path; the body is in b->body, b->len. 0 on a 200 JSON reply. */
static int fetch(struct base_client *b, const char *path, const char *query_value)
{
    snprintf(b->url, b->url_cap, "%s%s%s", b->base_url, path, query_value ? query_value : "");
    b->len = 0;
    curl_easy_setopt(b->easy, CURLOPT_URL, b->url);
    if (curl_easy_perform(b->easy) != CURLE_OK)
        return -1;
    long status = 0;
    char *type = NULL;
    curl_easy_getinfo(b->easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(b->easy, CURLINFO_CONTENT_TYPE, &type);
    return status == 200 && type && strstr(type, "json") ? 0 : -1;
}

/* Give a big reply buffer back once its text has been parsed. */
static void trim(struct base_client *b)
{
    if (b->cap > KEEP_BUFFER_BYTES) {
        free(b->body);
        b->body = NULL;
        b->cap = b->len = 0;
    }
}

static int str(const json_t *o, const char *key, int required, char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? -1 : 0;
    if (!json_is_string(v))
        return -1;
    return (*out = strdup(json_string_value(v))) ? 0 : -1;
}

static int boolean(const json_t *o, const char *key, int *out)
{
    json_t *v = json_object_get(o, key);
    *out = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return -1;
    *out = json_is_true(v);
    return 0;
}

static int two(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "2025-01-23T10:15:00.000Z" -> Unix ms (UTC only, as the server sends). */
static int iso_ms(const char *s, int64_t *ms)
{
    if (!s || strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return -1;
    int y = two(s) * 100 + two(s + 2), m = two(s + 5), d = two(s + 8);
    int frac = s[19] == '.' && strlen(s) >= 24 ? (s[20] - '0') * 100 + (s[21] - '0') * 10 + (s[22] - '0') : 0;
    /* days from civil (Howard Hinnant's algorithm) */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    *ms = ((days * 24 + two(s + 11)) * 60 + two(s + 14)) * 60000 + (int64_t)two(s + 17) * 1000 + frac;
    return 0;
}

static int conn(const json_t *o, struct base_conn *c)
{
    memset(c, 0, sizeof *c);
    if (!json_is_object(o))
        return -1;
    json_t *v = json_object_get(o, "version");
    if (!json_is_integer(v))
        return -1;
    c->version = json_integer_value(v);
    if (str(o, "id", 1, &c->id) || str(o, "name", 1, &c->name) || str(o, "app", 1, &c->app) ||
        str(o, "orgId", 1, &c->org_id) || str(o, "projectId", 0, &c->project_id) ||
        str(o, "description", 0, &c->description) || str(o, "method", 1, &c->method) ||
        str(o, "createdAt", 1, &c->created_at) || str(o, "updatedAt", 1, &c->updated_at) ||
        iso_ms(c->created_at, &c->created_at_ms) || iso_ms(c->updated_at, &c->updated_at_ms) ||
        boolean(o, "isPlatformManagedCredentials", &c->platform_managed) ||
        boolean(o, "isAutoRotationEnabled", &c->auto_rotation) || str(o, "gatewayId", 0, &c->gateway_id) ||
        str(o, "gatewayPoolId", 0, &c->gateway_pool_id) || str(o, "credentialsHash", 0, &c->credentials_hash) ||
        strcmp(c->app, "northflank") != 0)
        return -1;
    json_t *p = json_object_get(o, "project");
    if (json_is_object(p)) {
        char *pid = NULL;
        if (str(p, "name", 0, &c->project_name) || str(p, "slug", 0, &c->project_slug) ||
            str(p, "type", 0, &c->project_type) || str(p, "id", 0, &pid))
            return -1;
        if (!c->project_id)
            c->project_id = pid;
        else
            free(pid);
    }
    return 0;
}

void base_conn_clear(struct base_conn *c)
{
    char *s[] = {c->id, c->name, c->description, c->app, c->method, c->project_id, c->org_id, c->created_at,
                 c->updated_at, c->gateway_id, c->gateway_pool_id, c->credentials_hash, c->project_name,
                 c->project_slug, c->project_type};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        free(s[i]);
    memset(c, 0, sizeof *c);
}

void base_list_clear(struct base_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        base_conn_clear(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}

int base_get(struct base_client *b, const char *id, struct base_conn *out)
{
    memset(out, 0, sizeof *out);
    if (fetch(b, "/api/v1/app-connections/northflank/", id))
        return -1;
    json_t *root = json_loadb(b->body, b->len, 0, NULL);
    trim(b);
    int rc = root ? conn(json_object_get(root, "appConnection"), out) : -1;
    json_decref(root);
    if (rc)
        base_conn_clear(out);
    return rc;
}

/* The items of a parsed list reply into out; root is given back. */
static int list_items(json_t *root, struct base_list *out)
{
    json_t *items = json_object_get(root, "appConnections");
    int rc = json_is_array(items) ? 0 : -1;
    size_t n = rc ? 0 : json_array_size(items);
    if (!rc && !(out->items = calloc(n ? n : 1, sizeof *out->items)))
        rc = -1;
    for (size_t i = 0; !rc && i < n; i++) {
        rc = conn(json_array_get(items, i), &out->items[i]);
        out->count = i + 1;
    }
    json_decref(root);
    if (rc)
        base_list_clear(out);
    return rc;
}

int base_decode_list(const char *body, size_t len, struct base_list *out)
{
    memset(out, 0, sizeof *out);
    return list_items(json_loadb(body, len, 0, NULL), out);
}

int base_list(struct base_client *b, const char *project_id, struct base_list *out)
{
    memset(out, 0, sizeof *out);
    if (fetch(b, project_id ? "/api/v1/app-connections/northflank?projectId=" : "/api/v1/app-connections/northflank",
              project_id))
        return -1;
    /* Parse, give the text back, then copy the fields out. */
    json_t *root = json_loadb(b->body, b->len, 0, NULL);
    trim(b);
    return list_items(root, out);
}
