/* libmicrohttpd plumbing: request bookkeeping, body reading, URL splitting, the
 * fault injection of the control API, and turning a ds_reply into a response. */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "chaos.h"
#include "store.h"
#include "util.h"

/* Fastify's default bodyLimit; Infisical does not change it. */
#define BODY_LIMIT (1024 * 1024)

static int verbose_log;

typedef struct {
    char *raw_uri; /* origin form: an absolute-form target is cut down to its path */
    int proxied;   /* the target was in absolute form, as a client sends to a proxy */
    int started;
    char *body;
    size_t body_len, body_cap;
    int too_large;
} ds_request;

/* ---- replies ---- */

const char *ds_query(const ds_call *c, const char *key)
{
    size_t i;
    for (i = 0; i < c->nq; i++)
        if (strcmp(c->qkey[i], key) == 0)
            return c->qval[i];
    return NULL;
}

void ds_reply_json(ds_reply *r, int status, json_t *j)
{
    free(r->body);
    free(r->gen_item);
    free(r->content_type);
    r->status = status;
    r->body = json_dumps(j, JSON_COMPACT);
    r->body_len = r->body ? strlen(r->body) : 0;
    r->content_type = ds_strdup(DS_JSON_TYPE);
    json_decref(j);
}

void ds_reply_header(ds_reply *r, const char *name, const char *value)
{
    if (r->nh >= DS_MAX_HEADERS)
        return;
    r->hname[r->nh] = ds_strdup(name);
    r->hvalue[r->nh] = ds_strdup(value);
    r->nh++;
}

void ds_reply_free(ds_reply *r)
{
    int i;
    free(r->body);
    free(r->gen_item);
    free(r->content_type);
    for (i = 0; i < r->nh; i++) {
        free(r->hname[i]);
        free(r->hvalue[i]);
    }
    memset(r, 0, sizeof *r);
}

void ds_reply_error(ds_reply *r, int status, const char *error, const char *message)
{
    char req_id[19];
    json_t *o = json_object();
    ds_request_id(req_id);
    json_object_set_new(o, "reqId", json_string(req_id));
    json_object_set_new(o, "statusCode", json_integer(status));
    json_object_set_new(o, "message", json_string(message));
    json_object_set_new(o, "error", json_string(error));
    ds_reply_json(r, status, o);
}

void ds_reply_error_first(ds_reply *r, int status, const char *error, json_t *message, json_t *details)
{
    char req_id[19];
    json_t *o = json_object();
    ds_request_id(req_id);
    json_object_set_new(o, "reqId", json_string(req_id));
    json_object_set_new(o, "statusCode", json_integer(status));
    json_object_set_new(o, "error", json_string(error));
    json_object_set_new(o, "message", message);
    if (details != NULL)
        json_object_set_new(o, "details", details);
    ds_reply_json(r, status, o);
}

void ds_reply_permission_denied(ds_reply *r, const char *action, const char *subject)
{
    char *msg = ds_printf("You are not allowed to %s on %s", action, subject);
    json_t *details = json_array();
    json_t *rule = json_object();
    /* CASL's rulesFor(); the contract leaves the rule's content open (our choice). */
    json_object_set_new(rule, "action", json_string(action));
    json_object_set_new(rule, "inverted", json_false());
    json_object_set_new(rule, "subject", json_string(subject));
    json_object_set_new(rule, "conditions", json_object());
    json_array_append_new(details, rule);
    ds_reply_error_first(r, 403, "PermissionDenied", json_string(msg), details);
    free(msg);
}

/* ---- request parsing ---- */

static int ascii_printable(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return 0;
    return 1;
}

static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        int n, i;
        if (*p < 0x80)
            n = 0;
        else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
            n = 1;
        else if ((*p & 0xf0) == 0xe0)
            n = 2;
        else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
            n = 3;
        else
            return 0;
        p++;
        for (i = 0; i < n; i++, p++)
            if ((*p & 0xc0) != 0x80)
                return 0;
    }
    return 1;
}

static void add_segment(ds_call *c, const char *s, size_t n)
{
    char *d = ds_pct_decode(s, n, 0, 1);
    /* decodeURIComponent refuses what is not UTF-8; find-my-way then answers 400. */
    if (d == NULL || !utf8_valid(d)) {
        free(d);
        d = ds_strndup(s, n);
        c->bad_url = 1;
    }
    c->seg = ds_xrealloc(c->seg, (c->nseg + 1) * sizeof *c->seg);
    c->seg[c->nseg++] = d;
}

static void add_query(ds_call *c, const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    size_t klen = eq ? (size_t)(eq - s) : n;
    char *k = ds_pct_decode(s, klen, 1, 0);
    char *v = eq ? ds_pct_decode(eq + 1, n - klen - 1, 1, 0) : ds_strdup("");
    /* A query parser keeps what it cannot decode; raw text is ASCII, so JSON-safe. */
    if (!utf8_valid(k)) {
        free(k);
        k = ds_strndup(s, klen);
    }
    if (!utf8_valid(v)) {
        free(v);
        v = eq ? ds_strndup(eq + 1, n - klen - 1) : ds_strdup("");
    }
    c->qkey = ds_xrealloc(c->qkey, (c->nq + 1) * sizeof *c->qkey);
    c->qval = ds_xrealloc(c->qval, (c->nq + 1) * sizeof *c->qval);
    c->qkey[c->nq] = k;
    c->qval[c->nq] = v;
    c->nq++;
}

static void call_init(ds_call *c, ds_request *rq, struct MHD_Connection *con, const char *method)
{
    const char *uri = rq->raw_uri ? rq->raw_uri : "/";
    const char *q = strchr(uri, '?');
    size_t plen = q ? (size_t)(q - uri) : strlen(uri);
    const char *p, *end;

    memset(c, 0, sizeof *c);
    c->method = method;
    c->raw_url = uri;
    c->raw_path = ds_strndup(uri, plen);
    c->body = rq->body ? rq->body : "";
    c->body_len = rq->body_len;
    c->body_too_large = rq->too_large;
    c->authorization = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    c->api_key = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "x-api-key");
    c->content_type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ascii_printable(uri))
        c->bad_url = 1;

    /* Split the raw path before decoding, so that "a%2Fb" stays one segment. Fastify
     * runs with ignoreTrailingSlash (backend/src/server/app.ts), hence the strip. */
    p = c->raw_path;
    end = c->raw_path + plen;
    if (p < end && *p == '/')
        p++;
    if (end > p && end[-1] == '/')
        end--;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *stop = slash ? slash : end;
        add_segment(c, p, (size_t)(stop - p));
        p = slash ? slash + 1 : end;
        if (slash && p == end)
            add_segment(c, p, 0);
    }

    if (q != NULL) {
        const char *s = q + 1;
        while (*s != '\0') {
            const char *amp = strchr(s, '&');
            size_t n = amp ? (size_t)(amp - s) : strlen(s);
            if (n > 0)
                add_query(c, s, n);
            s += n;
            if (*s == '&')
                s++;
        }
    }
}

static void call_free(ds_call *c)
{
    size_t i;
    for (i = 0; i < c->nseg; i++)
        free(c->seg[i]);
    free(c->seg);
    for (i = 0; i < c->nq; i++) {
        free(c->qkey[i]);
        free(c->qval[i]);
    }
    free(c->qkey);
    free(c->qval);
    free(c->raw_path);
}

/* ---- faults ---- */

/* Takes the first queued fault that matches, counting down its "times". Lock held.
 * Returns a private copy or NULL. */
static json_t *take_fault(const ds_call *c)
{
    size_t i;
    for (i = 0; i < json_array_size(g.faults); i++) {
        json_t *f = json_array_get(g.faults, i);
        json_t *path = json_object_get(f, "path");
        json_t *method = json_object_get(f, "method");
        json_t *times = json_object_get(f, "times");
        json_int_t left = times ? json_integer_value(times) : 1;
        json_t *copy;
        if (path && strncmp(c->raw_path, json_string_value(path), strlen(json_string_value(path))) != 0)
            continue;
        if (method && strcasecmp(c->method, json_string_value(method)) != 0)
            continue;
        copy = json_deep_copy(f);
        if (left <= 1)
            json_array_remove(g.faults, i);
        else
            json_object_set_new(f, "times", json_integer(left - 1));
        return copy;
    }
    return NULL;
}

static json_int_t fault_int(const json_t *f, const char *key)
{
    json_t *v = f ? json_object_get(f, key) : NULL;
    return json_is_integer(v) ? json_integer_value(v) : 0;
}

static int fault_flag(const json_t *f, const char *key)
{
    return f != NULL && json_is_true(json_object_get(f, key));
}

static int fault_answers(const json_t *f)
{
    return json_object_get(f, "status") != NULL || json_object_get(f, "redirect") != NULL ||
           fault_flag(f, "invalidJson") || json_object_get(f, "oversizeBytes") != NULL ||
           json_object_get(f, "amplify") != NULL || json_object_get(f, "amplifyIssues") != NULL;
}

/* A body of `want` bytes (at least head + tail) made as it is sent. */
static void generate(ds_reply *r, uint64_t want, const char *head, const char *item, const char *sep,
                     const char *tail)
{
    uint64_t least = strlen(head) + strlen(tail);
    r->generated_len = want > least ? want : least;
    r->gen_head = head;
    r->gen_item = ds_strdup(item);
    r->gen_sep = sep;
    r->gen_tail = tail;
}

/* The canned response of a fault. Precedence when several are given: redirect,
 * invalidJson, oversizeBytes, amplify, amplifyIssues, then status with body. */
static void fault_reply(const json_t *f, ds_reply *r)
{
    json_t *status = json_object_get(f, "status");
    json_t *ctype = json_object_get(f, "contentType");
    json_t *redirect = json_object_get(f, "redirect");
    const char *type = ctype ? json_string_value(ctype) : DS_JSON_TYPE;

    if (redirect != NULL) {
        r->status = status ? (int)json_integer_value(status) : 302;
        ds_reply_header(r, "Location", json_string_value(redirect));
        return;
    }
    r->status = status ? (int)json_integer_value(status) : 200;
    r->content_type = ds_strdup(type);
    if (fault_flag(f, "invalidJson")) {
        r->body = ds_strdup("{\"appConnection\": {\"id\": ");
        r->body_len = strlen(r->body);
    } else if (json_object_get(f, "oversizeBytes") != NULL) {
        generate(r, (uint64_t)fault_int(f, "oversizeBytes"), "{\"appConnections\":[],\"pad\":\"", "x", "", "\"}");
    } else if (json_object_get(f, "amplify") != NULL || json_object_get(f, "amplifyIssues") != NULL) {
        /* Few bytes per value, much memory per value in a JSON parser (a hostile reply). */
        json_t *item = json_object_get(f, "amplifyItem");
        const char *unit = item ? json_string_value(item) : "{}";
        if (json_object_get(f, "amplify") != NULL) {
            generate(r, (uint64_t)fault_int(f, "amplify"), "{\"appConnections\":[", unit, ",", "]}");
        } else {
            r->status = status ? (int)json_integer_value(status) : 422;
            generate(r, (uint64_t)fault_int(f, "amplifyIssues"),
                     "{\"reqId\":\"req-amplify\",\"statusCode\":422,\"error\":\"ValidationFailure\",\"message\":[",
                     unit, ",", "]}");
        }
    } else {
        json_t *body = json_object_get(f, "body");
        r->body = ds_strdup(body ? json_string_value(body) : "");
        r->body_len = strlen(r->body);
    }
}

/* ---- sending ---- */

typedef struct {
    char *buf; /* NULL: generated from head, item, sep and tail */
    const char *head, *sep, *tail;
    char *item;
    uint64_t total;
    uint64_t half;
    int64_t delay_ms;
    int delayed;
    int truncate;
} body_reader;

/* Byte `at` of a generated body: head, item, (sep item)..., spaces, tail. */
static char generated_byte(const body_reader *b, uint64_t at)
{
    uint64_t head = strlen(b->head), tail_at = b->total - strlen(b->tail);
    uint64_t item = strlen(b->item), unit = strlen(b->sep) + item;
    if (at < head)
        return b->head[at];
    if (at >= tail_at)
        return b->tail[at - tail_at];
    uint64_t o = at - head, middle = tail_at - head;
    if (item == 0 || middle < item)
        return ' ';
    if (o < item)
        return b->item[o];
    o -= item;
    if (o >= (middle - item) / unit * unit)
        return ' ';
    o %= unit;
    return o < strlen(b->sep) ? b->sep[o] : b->item[o - strlen(b->sep)];
}

static ssize_t read_body(void *cls, uint64_t pos, char *out, size_t max)
{
    body_reader *b = cls;
    uint64_t limit = b->total;
    uint64_t i, n;

    if (pos >= b->total)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (pos < b->half) {
        if (b->truncate || b->delay_ms > 0)
            limit = b->half;
    } else {
        if (b->truncate)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        if (b->delay_ms > 0 && !b->delayed) {
            b->delayed = 1;
            ds_sleep_ms(b->delay_ms);
        }
    }
    n = limit - pos;
    if (n > max)
        n = max;
    if (b->buf != NULL)
        memcpy(out, b->buf + pos, (size_t)n);
    else
        for (i = 0; i < n; i++)
            out[i] = generated_byte(b, pos + i);
    return (ssize_t)n;
}

static void free_reader(void *cls)
{
    body_reader *b = cls;
    free(b->buf);
    free(b->item);
    free(b);
}

static enum MHD_Result send_reply(struct MHD_Connection *con, const ds_call *c, ds_reply *r,
                                  const json_t *fault)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    int64_t body_delay = fault_int(fault, "bodyDelayMs");
    int truncate = fault_flag(fault, "truncate");
    int i;

    if (r->generated_len > 0 || body_delay > 0 || truncate) {
        body_reader *b = ds_xmalloc(sizeof *b);
        memset(b, 0, sizeof *b);
        if (r->generated_len > 0) {
            b->total = r->generated_len; /* b->buf stays NULL: read_body makes the bytes */
            b->head = r->gen_head;
            b->sep = r->gen_sep;
            b->tail = r->gen_tail;
            b->item = r->gen_item;
            r->gen_item = NULL;
        } else {
            b->buf = r->body;
            b->total = r->body_len;
            r->body = NULL;
        }
        b->half = b->total / 2;
        b->delay_ms = body_delay;
        b->truncate = truncate;
        resp = MHD_create_response_from_callback(b->total, 16 * 1024, read_body, b, free_reader);
        if (resp == NULL)
            free_reader(b);
    } else if (r->body != NULL) {
        resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
        if (resp != NULL)
            r->body = NULL;
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (resp == NULL)
        return MHD_NO;

    if (r->content_type != NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (i = 0; i < r->nh; i++)
        MHD_add_response_header(resp, r->hname[i], r->hvalue[i]);
    if (fault != NULL) {
        json_t *headers = json_object_get(fault, "headers");
        const char *key;
        json_t *value;
        json_object_foreach(headers, key, value) {
            MHD_add_response_header(resp, key, json_string_value(value));
        }
    }
    ret = MHD_queue_response(con, (unsigned int)r->status, resp);
    MHD_destroy_response(resp);
    if (verbose_log)
        fprintf(stderr, "%s %s %d\n", c->method, c->raw_path, r->status);
    return ret;
}

static int is_dev_path(const char *path)
{
    return strcmp(path, "/__dev") == 0 || strncmp(path, "/__dev/", 7) == 0;
}

/* CONNECT asks for a TLS tunnel through us as a proxy. We do not tunnel: the
 * request is counted and refused, and the client's proxy code sees a failure. */
static enum MHD_Result refuse_connect(struct MHD_Connection *con, const ds_call *c)
{
    ds_reply r;
    json_t *o = json_object();
    enum MHD_Result ret;

    ds_lock();
    g.proxied_requests++;
    ds_unlock();
    memset(&r, 0, sizeof r);
    json_object_set_new(o, "statusCode", json_integer(405));
    json_object_set_new(o, "error", json_string("Method Not Allowed"));
    json_object_set_new(o, "message", json_string("CONNECT is not supported: this proxy does not tunnel"));
    ds_reply_json(&r, 405, o);
    ds_reply_header(&r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST, PATCH, DELETE");
    ret = send_reply(con, c, &r, NULL);
    ds_reply_free(&r);
    return ret;
}

/* Keep a header's value (cut to fit), "" when absent. Lock held. */
static void remember_header(struct MHD_Connection *con, const char *name, char *dst, size_t cap)
{
    const char *v = MHD_lookup_connection_value(con, MHD_HEADER_KIND, name);
    snprintf(dst, cap, "%s", v ? v : "");
}

/* Lock held. */
static void count_method(const char *method)
{
    json_t *n = json_object_get(g.requests_by_method, method);
    /* A method that is not UTF-8 cannot be a key; set_new then drops the value. */
    json_object_set_new(g.requests_by_method, method, json_integer(n ? json_integer_value(n) + 1 : 1));
}

/* The echoSecrets setting: a careless (or hostile) server that quotes back what
 * it received in every text of its error: the message (Infisical's string or
 * issue array, Northflank's nested or flat one), the request id and
 * Northflank's details. Tests check that none of it reaches a caller. */
static void echo_request(const ds_call *c, ds_reply *r)
{
    json_t *o = r->body ? json_loadb(r->body, r->body_len, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return;
    }
    char *echo = ds_printf("you sent Authorization: %s; body: %.*s", c->authorization ? c->authorization : "(none)",
                           (int)c->body_len, c->body ? c->body : "");
    json_t *nested = json_object_get(o, "error");
    json_t *holder = json_is_object(nested) ? nested : o;
    json_t *msg = json_object_get(holder, "message");
    if (json_is_string(msg)) {
        char *m = ds_printf("%s (%s)", json_string_value(msg), echo);
        json_object_set_new(holder, "message", json_string(m));
        free(m);
    } else if (json_is_array(msg)) {
        json_t *issue = json_object();
        json_object_set_new(issue, "code", json_string("custom"));
        json_object_set_new(issue, "path", json_pack("[s]", echo));
        json_object_set_new(issue, "message", json_string(echo));
        json_array_append_new(msg, issue);
    }
    if (json_object_get(o, "reqId"))
        json_object_set_new(o, "reqId", json_string(c->authorization ? c->authorization : echo));
    if (json_is_object(nested))
        json_object_set_new(nested, "details", json_pack("{s:[s]}", "echo", echo));
    free(echo);
    int status = r->status;
    free(r->body);
    r->body = NULL;
    ds_reply_json(r, status, o);
}

/* The one place a refusal is counted: every API request answered with 400 or
 * more, whoever answered it (a handler, the rate limiter, a queued fault).
 * The login and renew routes also count their own refusals apart from the
 * faults, so a test sees each attempt the server turned down. Lock held. */
static void count_refusal(const ds_call *c, int status, int faulted)
{
    char key[16];
    if (status < 400)
        return;
    g.refused++;
    snprintf(key, sizeof key, "%d", status);
    json_t *n = json_object_get(g.refused_by_status, key);
    json_object_set_new(g.refused_by_status, key, json_integer(n ? json_integer_value(n) + 1 : 1));
    if (faulted)
        return;
    if (strcmp(c->raw_path, "/api/v1/auth/universal-auth/login") == 0)
        g.logins_refused++;
    else if (strcmp(c->raw_path, "/api/v1/auth/token/renew") == 0)
        g.renews_refused++;
}

static enum MHD_Result handle(struct MHD_Connection *con, ds_request *rq, const char *method)
{
    ds_call c;
    ds_reply r;
    json_t *fault = NULL;
    enum MHD_Result ret;

    memset(&r, 0, sizeof r);
    call_init(&c, rq, con, method);
    if (strcmp(method, MHD_HTTP_METHOD_CONNECT) == 0) {
        ret = refuse_connect(con, &c);
        call_free(&c);
        return ret;
    }
    if (is_dev_path(c.raw_path)) {
        ds_dev_handle(&c, &r);
    } else {
        int northflank = ds_is_nf_path(c.raw_path);
        ds_lock();
        g.requests++;
        count_method(method);
        remember_header(con, MHD_HTTP_HEADER_USER_AGENT, g.last_user_agent, sizeof g.last_user_agent);
        remember_header(con, "X-Infisical-Org", g.last_org, sizeof g.last_org);
        if (northflank)
            g.nf_requests++;
        /* Only API requests: the test harness's own /__dev calls may go through a
         * proxy picked up from the environment, and must not change the count. */
        if (rq->proxied)
            g.proxied_requests++;
        fault = take_fault(&c);
        if (fault == NULL)
            fault = ds_chaos_fault(c.raw_path);
        ds_unlock();
        if (fault != NULL)
            ds_sleep_ms(fault_int(fault, "delayMs"));
        if (fault_flag(fault, "drop")) {
            if (verbose_log)
                fprintf(stderr, "%s %s dropped\n", c.method, c.raw_path);
            json_decref(fault);
            call_free(&c);
            return MHD_NO;
        }
        int faulted = fault != NULL && fault_answers(fault);
        if (faulted)
            fault_reply(fault, &r);
        else if (northflank)
            ds_nf_handle(&c, &r);
        else
            ds_api_handle(&c, &r);
        ds_lock();
        count_refusal(&c, r.status, faulted);
        ds_unlock();
    }
    ds_lock();
    int echo = g.cur.echo_secrets;
    ds_unlock();
    if (echo && r.status >= 400)
        echo_request(&c, &r);
    ret = send_reply(con, &c, &r, fault);
    json_decref(fault);
    ds_reply_free(&r);
    call_free(&c);
    return ret;
}

/* ---- libmicrohttpd callbacks ---- */

/* A client talking to an HTTP proxy sends the absolute form of the target
 * ("GET http://host:port/path?q HTTP/1.1", RFC 9112 3.2.2). libmicrohttpd 0.9.75
 * passes it on untouched, to this callback and as the access handler's url. We act
 * as the proxy and as the origin at once: whatever the host, the path part is
 * served as if it had been requested directly. NULL: not absolute form. */
static char *origin_form(const char *uri)
{
    const char *auth, *end;
    if (strncasecmp(uri, "http://", 7) == 0)
        auth = uri + 7;
    else if (strncasecmp(uri, "https://", 8) == 0)
        auth = uri + 8;
    else
        return NULL;
    end = auth + strcspn(auth, "/?#");
    /* An empty path is "/" (RFC 9112 3.2.1); the query, if any, follows it. */
    return *end == '/' ? ds_strdup(end) : ds_printf("/%s", end);
}

/* Called with the request target before libmicrohttpd unescapes it in place: the
 * raw copy is what routing needs (see call_init). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    ds_request *rq = ds_xmalloc(sizeof *rq);
    (void)cls;
    (void)con;
    memset(rq, 0, sizeof *rq);
    rq->raw_uri = origin_form(uri);
    if (rq->raw_uri != NULL)
        rq->proxied = 1;
    else
        rq->raw_uri = ds_strdup(uri);
    return rq;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *con, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
    ds_request *rq = *con_cls;
    (void)cls;
    (void)url;
    (void)version;

    if (rq == NULL)
        return MHD_NO;
    if (!rq->started) {
        rq->started = 1;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        if (rq->too_large || rq->body_len + n > BODY_LIMIT) {
            rq->too_large = 1;
        } else {
            if (rq->body_len + n + 1 > rq->body_cap) {
                size_t cap = rq->body_cap ? rq->body_cap : 1024;
                char *bigger;
                while (cap < rq->body_len + n + 1)
                    cap *= 2;
                /* Not realloc: the old buffer may hold a secret and must be wiped. */
                bigger = ds_xmalloc(cap);
                if (rq->body != NULL) {
                    memcpy(bigger, rq->body, rq->body_len);
                    ds_wipe(rq->body, rq->body_len);
                    free(rq->body);
                }
                rq->body = bigger;
                rq->body_cap = cap;
            }
            memcpy(rq->body + rq->body_len, upload_data, n);
            rq->body_len += n;
            rq->body[rq->body_len] = '\0';
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    return handle(con, rq, method);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    ds_request *rq = *con_cls;
    (void)cls;
    (void)con;
    (void)toe;
    if (rq == NULL)
        return;
    if (rq->body != NULL) {
        ds_wipe(rq->body, rq->body_len);
        free(rq->body);
    }
    free(rq->raw_uri);
    free(rq);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)con;
    (void)socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        ds_lock();
        g.connections_accepted++;
        ds_unlock();
    }
}

struct MHD_Daemon *ds_http_start(int port, const char *tls_cert, const char *tls_key, int verbose)
{
    struct sockaddr_in addr;
    /* Thread per connection: a fault's delay sleeps in its own thread and holds up no
     * other client. MHD_USE_ITC lets MHD_stop_daemon wake the poller at once. */
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO |
                         MHD_USE_ITC;

    verbose_log = verbose;
    if (verbose)
        flags |= MHD_USE_ERROR_LOG;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    if (tls_cert != NULL) {
        return MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, &on_access, NULL,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                MHD_OPTION_URI_LOG_CALLBACK, &on_uri, NULL,
                                MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL,
                                MHD_OPTION_NOTIFY_CONNECTION, &on_connection, NULL,
                                MHD_OPTION_HTTPS_MEM_KEY, tls_key,
                                MHD_OPTION_HTTPS_MEM_CERT, tls_cert,
                                MHD_OPTION_END);
    }
    return MHD_start_daemon(flags, 0, NULL, NULL, &on_access, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_URI_LOG_CALLBACK, &on_uri, NULL,
                            MHD_OPTION_NOTIFY_COMPLETED, &on_completed, NULL,
                            MHD_OPTION_NOTIFY_CONNECTION, &on_connection, NULL,
                            MHD_OPTION_END);
}

int ds_http_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    return info ? (int)info->port : -1;
}
