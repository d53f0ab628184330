/* The hostile server: a second listener on 127.0.0.1, outside libmicrohttpd,
 * that answers every request with the bytes of one hostile mode, which
 * /__dev/hostile selects. libmicrohttpd produces only well-formed HTTP: headers
 * that never end, a header line that never ends, a reply sent one byte at a
 * time, chunks that never end are beyond it, so this listener writes the socket
 * itself. The modes that are about the JSON of a reply live here too, so that
 * every hostile mode has one name and one place.
 *
 * A content mode builds its body from the shape of a reply the request's path
 * asks for (a login or renewal, a connection, a list of them, a sync, a list of
 * them, a page of Northflank projects, or an error body when the mode's status
 * is 400 or more) with the mode's
 * hostile value put in: in a string field (the name, the access token, the
 * message), in a number (the version, expiresIn), in the app, or as a second
 * member of a key. The same shapes with no hostile value ("honest") decode, so
 * the hostile value is what a client refuses.
 *
 * Every connection gets one reply and is closed. A stream mode that never ends
 * stops when the client hangs up, the server stops, or after STREAM_CAP_BYTES or
 * STREAM_CAP_MS, so that a client that never gives up holds no thread forever. */
#include "hostile.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define STREAM_CAP_BYTES ((uint64_t)256 << 20)
#define STREAM_CAP_MS 60000
#define REQUEST_HEAD_MAX (64 * 1024)
#define BYTES_MAX ((int64_t)64 << 20)

enum kind {
    CONTENT,             /* a body from the shape, with the hostile value in it */
    WHOLE_BODY,          /* a fixed body, whatever the shape */
    OVERSIZE_LENGTH,     /* `bytes` of body, declared in Content-Length */
    OVERSIZE_NO_LENGTH,  /* `bytes` of body, no length: read until the close */
    CHUNKED_FOREVER,     /* chunks of "{}," that never end */
    HEADERS_FOREVER,     /* header lines that never end */
    ENDLESS_HEADER_LINE, /* one header line that never ends */
    SLOWLORIS_HEADERS,   /* header lines, one byte every intervalMs, never ending */
    SLOWLORIS_BODY       /* the honest reply's head at once, then its body one byte every intervalMs */
};

/* What a content mode puts in. NULL: the honest value. NESTED and AMPLIFIED
 * (compared by address): made to measure from `bytes`, [[[...]]] or
 * [{},{},...]. */
static const char NESTED[] = "", AMPLIFIED[] = "";

typedef struct {
    const char *name;
    enum kind kind;
    const char *string; /* a JSON value for the string field */
    const char *number; /* a JSON number text for the number field */
    const char *app;    /* the app (connection) or destination (sync) */
    int duplicate;      /* a second member with the first key of the object */
    int echo;           /* the string field and the app are the request's bearer token */
    const char *body;   /* WHOLE_BODY */
    const char *content_type;
    int64_t default_bytes;
    const char *doc;
} mode;

static const mode modes[] = {
    {"honest", CONTENT, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, "the shape as the contract has it"},
    {"deep-nesting", CONTENT, NESTED, NULL, NULL, 0, 0, NULL, NULL, 200000,
     "the string field is [[[...]]], bytes/2 levels deep"},
    {"invalid-utf8", CONTENT, "\"secret-7f3a \xc3\x28 \xff\xfe\"", NULL, NULL, 0, 0, NULL, NULL, 0,
     "the string field holds bytes that are not UTF-8"},
    {"nul-in-string", CONTENT, "\"secret-7f3a\\u0000\"", NULL, NULL, 0, 0, NULL, NULL, 0,
     "the string field holds \\u0000"},
    {"number-huge", CONTENT, NULL, "1e400", NULL, 0, 0, NULL, NULL, 0, "the number field is 1e400"},
    {"number-2p64", CONTENT, NULL, "18446744073709551616", NULL, 0, 0, NULL, NULL, 0, "the number field is 2^64"},
    {"number-negative", CONTENT, NULL, "-1", NULL, 0, 0, NULL, NULL, 0, "the number field is -1"},
    {"number-fraction", CONTENT, NULL, "1.5", NULL, 0, 0, NULL, NULL, 0, "the number field is 1.5"},
    {"duplicate-keys", CONTENT, NULL, NULL, NULL, 1, 0, NULL, NULL, 0,
     "the object's first key comes twice, with another value"},
    {"wrong-app", CONTENT, NULL, NULL, "\"github\"", 0, 0, NULL, NULL, 0,
     "app (a connection) or destination (a sync) is \"github\""},
    {"echo-token", CONTENT, NULL, NULL, NULL, 0, 1, NULL, NULL, 0,
     "the string field and the app are the request's bearer token, as a careless server quotes it"},
    {"token-crlf", CONTENT, "\"tok-0123\\r\\nX-Injected: yes\"", NULL, NULL, 0, 0, NULL, NULL, 0,
     "the string field (the access token of a login) holds CR LF and a header"},
    {"token-control", CONTENT, "\"tok-0123\\u0001\\u007f\\t\"", NULL, NULL, 0, 0, NULL, NULL, 0,
     "the string field (the access token of a login) holds control bytes"},
    {"amplify", CONTENT, AMPLIFIED, NULL, NULL, 0, 0, NULL, NULL, 1000000,
     "the string field is [{},{},...], the whole body about `bytes` long"},
    {"empty", WHOLE_BODY, NULL, NULL, NULL, 0, 0, "", NULL, 0, "an empty body (Content-Length: 0)"},
    {"html", WHOLE_BODY, NULL, NULL, NULL, 0, 0,
     "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n",
     "text/html; charset=utf-8", 0, "an HTML page, text/html"},
    {"oversize-length", OVERSIZE_LENGTH, NULL, NULL, NULL, 0, 0, NULL, NULL, 2097152,
     "a body of `bytes`, with its Content-Length"},
    {"oversize-no-length", OVERSIZE_NO_LENGTH, NULL, NULL, NULL, 0, 0, NULL, NULL, 2097152,
     "a body of `bytes`, no Content-Length, ended by the close"},
    {"chunked-forever", CHUNKED_FOREVER, NULL, NULL, NULL, 0, 0, NULL, NULL, 0,
     "Transfer-Encoding: chunked, {\"appConnections\":[ then {},{},... that never ends"},
    {"headers-forever", HEADERS_FOREVER, NULL, NULL, NULL, 0, 0, NULL, NULL, 0,
     "a status line, then 1 KiB header lines that never end"},
    {"endless-header-line", ENDLESS_HEADER_LINE, NULL, NULL, NULL, 0, 0, NULL, NULL, 0,
     "a status line, then one header line that never ends"},
    {"slowloris-headers", SLOWLORIS_HEADERS, NULL, NULL, NULL, 0, 0, NULL, NULL, 0,
     "a status line and header lines, one byte every intervalMs, never ending"},
    {"slowloris-body", SLOWLORIS_BODY, NULL, NULL, NULL, 0, 0, NULL, NULL, 0,
     "the honest head at once, then its body one byte every intervalMs"},
};
#define NMODES (sizeof modes / sizeof modes[0])

/* The shapes. %S the string field, %N the number field, %A the app, %D where
 * the duplicate goes (after the object's first member), %C the status. */
#define CONNECTION_OBJECT                                                                                          \
    "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"%D,\"name\":%S,\"description\":null,\"version\":%N,"           \
    "\"orgId\":\"a1b2c3d4-e5f6-4711-8899-aabbccddeeff\",\"projectId\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\","    \
    "\"createdAt\":\"2025-01-23T10:15:00.000Z\",\"updatedAt\":\"2025-01-23T10:15:00.000Z\","                        \
    "\"isPlatformManagedCredentials\":false,\"isAutoRotationEnabled\":false,\"gatewayId\":null,"                   \
    "\"gatewayPoolId\":null,\"credentialsHash\":\"9f86d081884c7d659a2feaa0c55ad015\",\"app\":%A,"                    \
    "\"method\":\"api-token\"}"
#define CONNECTION_DUPLICATE ",\"id\":\"00000000-0000-4000-8000-00000000d0b1\""
#define SYNC_OBJECT                                                                                                \
    "{\"id\":\"5b3c1d2e-7a8b-4c9d-8e0f-a1b2c3d4e5f6\"%D,\"name\":%S,\"description\":null,\"destination\":%A,"       \
    "\"projectId\":\"0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0ff\",\"connectionId\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"," \
    "\"folderId\":\"9a8b7c6d-0000-4000-8000-000000000001\",\"isAutoSyncEnabled\":true,\"version\":%N,"              \
    "\"createdAt\":\"2025-01-23T10:15:00.000Z\",\"updatedAt\":\"2025-01-23T10:15:00.000Z\","                        \
    "\"destinationConfig\":{\"projectId\":\"proj-0001\",\"secretGroupId\":\"group-0001\"},"                        \
    "\"syncOptions\":{\"initialSyncBehavior\":\"overwrite-destination\"},\"syncStatus\":\"succeeded\","            \
    "\"lastSyncJobId\":null,\"lastSyncMessage\":null,\"lastSyncedAt\":\"2025-01-23T10:16:00.000Z\","               \
    "\"importStatus\":null,\"removeStatus\":null}"
#define SYNC_DUPLICATE ",\"id\":\"00000000-0000-4000-8000-00000000d0b1\""

static const struct {
    const char *name;
    const char *template;
    const char *duplicate;
} shapes[] = {
    {"token", "{\"accessToken\":%S%D,\"expiresIn\":%N,\"accessTokenMaxTTL\":2592000,\"tokenType\":\"Bearer\"}",
     ",\"accessToken\":\"tok-0123-the-second-one\""},
    {"connection", "{\"appConnection\":" CONNECTION_OBJECT "}", CONNECTION_DUPLICATE},
    {"connection-list", "{\"appConnections\":[" CONNECTION_OBJECT "]}", CONNECTION_DUPLICATE},
    {"sync", "{\"secretSync\":" SYNC_OBJECT "}", SYNC_DUPLICATE},
    {"sync-list", "{\"secretSyncs\":[" SYNC_OBJECT "]}", SYNC_DUPLICATE},
    {"northflank-page",
     "{\"data\":{\"projects\":[{\"id\":\"proj-0001\"%D,\"name\":%S,\"description\":\"a project\"}]},"
     "\"pagination\":{\"hasNextPage\":false,\"cursor\":null}}",
     ",\"id\":\"proj-0002\""},
    {"error", "{\"reqId\":\"req-hostile0000001\"%D,\"statusCode\":%C,\"error\":\"Hostile\",\"message\":%S}",
     ",\"reqId\":\"req-hostile0000002\""},
};
enum { SHAPE_TOKEN, SHAPE_CONNECTION, SHAPE_LIST, SHAPE_SYNC, SHAPE_SYNC_LIST, SHAPE_NORTHFLANK_PAGE, SHAPE_ERROR };

/* The selected mode and its parameters, and what was served. */
static struct {
    pthread_mutex_t lock;
    size_t mode;
    int status;
    int64_t bytes; /* 0: the mode's default */
    int64_t interval_ms;
    int64_t served;
    int fd;
    int port;
    pthread_t thread;
    int running;
} h = {PTHREAD_MUTEX_INITIALIZER, 0, 200, 0, 100, 0, -1, 0, 0, 0};
/* Read by every connection's thread, set once by ds_hostile_stop(). */
static atomic_int stopping;

typedef struct {
    size_t mode;
    int status;
    int64_t bytes;
    int64_t interval_ms;
} settings;

/* ---- building bodies ---- */

typedef struct {
    char *data;
    size_t len, cap;
} sbuf;

/* Room for n more bytes and a NUL. */
static void reserve(sbuf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : 1024;
    if (b->len + n + 1 <= b->cap)
        return;
    while (cap < b->len + n + 1)
        cap *= 2;
    b->data = ds_xrealloc(b->data, cap);
    b->cap = cap;
}

static void put(sbuf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* n bytes of c. */
static void fill(sbuf *b, char c, size_t n)
{
    reserve(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A made-to-measure value of about `room` bytes. */
static void generated_value(sbuf *b, const char *kind, int64_t room)
{
    int64_t i;
    if (room < 8)
        room = 8;
    if (kind == NESTED) {
        fill(b, '[', (size_t)(room / 2));
        fill(b, ']', (size_t)(room / 2));
    } else {
        put(b, "[{}", 3);
        for (i = 3; i + 4 <= room; i += 3)
            put(b, ",{}", 3);
        put(b, "]", 1);
    }
}

/* The shape of the reply a request's path asks for. */
static int shape_for(const char *path, int status)
{
    size_t plen = strcspn(path, "?");
    static const char conns[] = "/api/v1/app-connections/northflank";
    static const char syncs[] = "/api/v1/secret-syncs/northflank";
    if (status >= 400)
        return SHAPE_ERROR;
    if (strstr(path, "/auth/") != NULL)
        return SHAPE_TOKEN;
    if (strncmp(path, "/v1/", 4) == 0)
        return SHAPE_NORTHFLANK_PAGE;
    if (strncmp(path, syncs, strlen(syncs)) == 0)
        return plen <= strlen(syncs) + 1 ? SHAPE_SYNC_LIST : SHAPE_SYNC;
    if (strncmp(path, conns, strlen(conns)) == 0 && plen <= strlen(conns) + 1)
        return SHAPE_LIST;
    return SHAPE_CONNECTION;
}

/* s as a JSON string; s is printable ASCII (it came in a header). */
static void put_json_string(sbuf *b, const char *s)
{
    put(b, "\"", 1);
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            put(b, "\\", 1);
        put(b, s, 1);
    }
    put(b, "\"", 1);
}

/* A content mode's body for a shape; bearer is the request's token ("" if none). */
static void content_body(sbuf *b, const mode *m, int shape, const settings *s, const char *bearer)
{
    const char *t = shapes[shape].template;
    char status[16];
    snprintf(status, sizeof status, "%d", s->status);
    for (; *t != '\0'; t++) {
        if (*t != '%') {
            put(b, t, 1);
            continue;
        }
        t++;
        if ((*t == 'S' || *t == 'A') && m->echo) {
            put_json_string(b, bearer);
        } else if (*t == 'S') {
            if (m->string == NESTED || m->string == AMPLIFIED)
                generated_value(b, m->string,
                                (s->bytes ? s->bytes : m->default_bytes) - (int64_t)strlen(shapes[shape].template));
            else
                puts_(b, m->string ? m->string : "\"hostile-0123456789\"");
        } else if (*t == 'N') {
            puts_(b, m->number ? m->number : "100");
        } else if (*t == 'A') {
            puts_(b, m->app ? m->app : "\"northflank\"");
        } else if (*t == 'D') {
            if (m->duplicate)
                puts_(b, shapes[shape].duplicate);
        } else if (*t == 'C') {
            puts_(b, status);
        }
    }
}

/* ---- the socket side ---- */

static int send_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Reads the request head and any body (wiped: a login's body holds a client
 * secret); the method, the path and the bearer token (cut to bcap - 1 bytes;
 * "" without one) go into the buffers. -1 when there is no request. */
static int read_request(int fd, char *method, size_t mcap, char *path, size_t pcap, char *bearer, size_t bcap)
{
    char *head = ds_xmalloc(REQUEST_HEAD_MAX + 1);
    size_t got = 0;
    char *end = NULL;
    int rc = -1;
    while (got < REQUEST_HEAD_MAX) {
        ssize_t n = recv(fd, head + got, REQUEST_HEAD_MAX - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
        head[got] = '\0';
        if ((end = strstr(head, "\r\n\r\n")) != NULL)
            break;
    }
    if (end != NULL) {
        char fmt[32];
        const char *cl;
        long long left = 0;
        snprintf(fmt, sizeof fmt, "%%%zus %%%zus", mcap - 1, pcap - 1);
        if (sscanf(head, fmt, method, path) == 2)
            rc = 0;
        for (cl = head; (cl = strchr(cl, '\n')) != NULL && cl < end;) {
            cl++;
            if (strncasecmp(cl, "Content-Length:", 15) == 0)
                left = strtoll(cl + 15, NULL, 10);
            if (strncasecmp(cl, "Authorization: Bearer ", 22) == 0) {
                size_t n = strcspn(cl + 22, "\r\n");
                snprintf(bearer, bcap, "%.*s", (int)(n < bcap ? n : bcap - 1), cl + 22);
            }
        }
        left -= (long long)(got - (size_t)(end + 4 - head));
        while (left > 0) {
            char body[4096];
            ssize_t n = recv(fd, body, sizeof body, 0);
            ds_wipe(body, sizeof body);
            if (n <= 0)
                break;
            left -= n;
        }
    }
    ds_wipe(head, got);
    free(head);
    return rc;
}

static void sleep_interval(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Sends `unit` again and again until the client hangs up, the server stops or
 * a cap is reached; one byte at a time, interval_ms apart, when slow. */
static void send_forever(int fd, const char *unit, size_t n, int64_t slow_ms)
{
    uint64_t sent = 0;
    int64_t start = ds_mono_ms();
    while (!atomic_load(&stopping) && sent < STREAM_CAP_BYTES && ds_mono_ms() - start < STREAM_CAP_MS) {
        if (slow_ms > 0) {
            if (send_all(fd, unit + sent % n, 1) != 0)
                return;
            sent++;
            sleep_interval(slow_ms);
        } else {
            if (send_all(fd, unit, n) != 0)
                return;
            sent += n;
        }
    }
}

static void send_head(int fd, int status, const char *type, const char *extra)
{
    char head[512];
    snprintf(head, sizeof head, "HTTP/1.1 %d Hostile\r\nContent-Type: %s\r\n%sConnection: close\r\n\r\n", status,
             type, extra);
    send_all(fd, head, strlen(head));
}

static void serve(int fd, const settings *s, const char *path, const char *bearer)
{
    const mode *m = &modes[s->mode];
    int64_t bytes = s->bytes ? s->bytes : m->default_bytes;
    const char *json = "application/json; charset=utf-8";
    sbuf body = {0};
    char extra[128], status_line[64];
    int64_t i;

    snprintf(status_line, sizeof status_line, "HTTP/1.1 %d Hostile\r\n", s->status);
    switch (m->kind) {
    case CONTENT:
    case WHOLE_BODY:
    case SLOWLORIS_BODY:
        if (m->kind == WHOLE_BODY)
            puts_(&body, m->body);
        else
            content_body(&body, m, shape_for(path, s->status), s, bearer);
        snprintf(extra, sizeof extra, "Content-Length: %zu\r\n", body.len);
        send_head(fd, s->status, m->content_type ? m->content_type : json, extra);
        if (m->kind == SLOWLORIS_BODY)
            send_forever(fd, body.data, body.len, s->interval_ms);
        else
            send_all(fd, body.data, body.len);
        break;
    case OVERSIZE_LENGTH:
    case OVERSIZE_NO_LENGTH: {
        /* {"appConnections":[],"pad":"xxx..."}: valid JSON of exactly `bytes`
         * (at least its 31 bytes of frame), the pad sent as it is made. */
        static const char head[] = "{\"appConnections\":[],\"pad\":\"";
        uint64_t frame = sizeof head - 1 + 2;
        uint64_t pad = (uint64_t)bytes > frame ? (uint64_t)bytes - frame : 0;
        snprintf(extra, sizeof extra, "Content-Length: %llu\r\n", (unsigned long long)(pad + frame));
        send_head(fd, s->status, json, m->kind == OVERSIZE_LENGTH ? extra : "");
        fill(&body, 'x', 64 * 1024);
        int ok = send_all(fd, head, sizeof head - 1) == 0;
        while (ok && pad > 0 && !atomic_load(&stopping)) {
            size_t n = pad < body.len ? (size_t)pad : body.len;
            ok = send_all(fd, body.data, n) == 0;
            pad -= n;
        }
        if (ok)
            send_all(fd, "\"}", 2);
        break;
    }
    case CHUNKED_FOREVER: {
        const char *first = "14\r\n{\"appConnections\":[\r\n";
        send_head(fd, s->status, json, "Transfer-Encoding: chunked\r\n");
        if (send_all(fd, first, strlen(first)) != 0)
            break;
        puts_(&body, "BB8\r\n");
        for (i = 0; i < 1000; i++)
            put(&body, "{},", 3);
        puts_(&body, "\r\n");
        send_forever(fd, body.data, body.len, 0);
        break;
    }
    case HEADERS_FOREVER:
    case SLOWLORIS_HEADERS:
        send_all(fd, status_line, strlen(status_line));
        if (m->kind == SLOWLORIS_HEADERS) {
            send_forever(fd, "X-Slow: a\r\n", 11, s->interval_ms);
            break;
        }
        puts_(&body, "X-Flood: ");
        fill(&body, 'f', 1000);
        puts_(&body, "\r\n");
        send_forever(fd, body.data, body.len, 0);
        break;
    case ENDLESS_HEADER_LINE:
        send_all(fd, status_line, strlen(status_line));
        send_all(fd, "X-Endless: ", 11);
        fill(&body, 'e', 16384);
        send_forever(fd, body.data, body.len, 0);
        break;
    }
    free(body.data);
}

static void *serve_connection(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char method[16], path[2048], bearer[2048] = "";
    settings s;
    /* A client that sends nothing, or stops reading, holds the thread 5 s at most. */
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (read_request(fd, method, sizeof method, path, sizeof path, bearer, sizeof bearer) == 0) {
        pthread_mutex_lock(&h.lock);
        s.mode = h.mode;
        s.status = h.status;
        s.bytes = h.bytes;
        s.interval_ms = h.interval_ms;
        h.served++;
        pthread_mutex_unlock(&h.lock);
        serve(fd, &s, path, bearer);
    }
    ds_wipe(bearer, sizeof bearer);
    /* A clean close: the client sees the end of what was sent, not a reset. */
    shutdown(fd, SHUT_WR);
    close(fd);
    return NULL;
}

static void *accept_loop(void *arg)
{
    (void)arg;
    while (!atomic_load(&stopping)) {
        int c = accept(h.fd, NULL, NULL);
        pthread_t t;
        pthread_attr_t attr;
        if (c < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            break;
        }
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&t, &attr, serve_connection, (void *)(intptr_t)c) != 0)
            close(c);
        pthread_attr_destroy(&attr);
    }
    return NULL;
}

int ds_hostile_start(void)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    h.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (h.fd < 0 || bind(h.fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(h.fd, 64) != 0 ||
        getsockname(h.fd, (struct sockaddr *)&a, &alen) != 0) {
        if (h.fd >= 0)
            close(h.fd);
        h.fd = -1;
        return -1;
    }
    h.port = ntohs(a.sin_port);
    if (pthread_create(&h.thread, NULL, accept_loop, NULL) != 0) {
        close(h.fd);
        h.fd = -1;
        return -1;
    }
    h.running = 1;
    return 0;
}

void ds_hostile_stop(void)
{
    if (!h.running)
        return;
    atomic_store(&stopping, 1);
    shutdown(h.fd, SHUT_RDWR); /* wakes the accept */
    pthread_join(h.thread, NULL);
    close(h.fd);
    h.running = 0;
}

/* ---- /__dev/hostile ---- */

static void dev_reply(ds_reply *r, int status, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "statusCode", json_integer(status));
    json_object_set_new(o, "error", json_string("Bad Request"));
    json_object_set_new(o, "message", json_string(message));
    ds_reply_json(r, status, o);
}

static int int_in(const json_t *v, json_int_t lo, json_int_t hi)
{
    return json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi;
}

/* Lock held. */
static json_t *state_json(void)
{
    json_t *o = json_object(), *list = json_object();
    char url[64];
    size_t i;
    snprintf(url, sizeof url, "http://127.0.0.1:%d", h.port);
    json_object_set_new(o, "url", json_string(url));
    json_object_set_new(o, "mode", json_string(modes[h.mode].name));
    json_object_set_new(o, "status", json_integer(h.status));
    json_object_set_new(o, "bytes", json_integer(h.bytes ? h.bytes : modes[h.mode].default_bytes));
    json_object_set_new(o, "intervalMs", json_integer(h.interval_ms));
    json_object_set_new(o, "served", json_integer(h.served));
    for (i = 0; i < NMODES; i++)
        json_object_set_new(list, modes[i].name, json_string(modes[i].doc));
    json_object_set_new(o, "modes", list);
    return o;
}

/* GET: the listener's URL, the mode and the modes. POST {"mode", "status",
 * "bytes", "intervalMs"}: selects a mode (the others back to their defaults
 * when absent) and sets `served` to 0. Every key is checked first. */
void ds_hostile_handle(const ds_call *c, ds_reply *r, int post)
{
    json_t *b, *v;
    const char *key;
    size_t i, mode = NMODES;
    if (!post) {
        pthread_mutex_lock(&h.lock);
        ds_reply_json(r, 200, state_json());
        pthread_mutex_unlock(&h.lock);
        return;
    }
    b = c->body_too_large ? NULL : json_loadb(c->body, c->body_len, 0, NULL);
    if (!json_is_object(b)) {
        json_decref(b);
        dev_reply(r, 400, "body must be a JSON object");
        return;
    }
    json_object_foreach(b, key, v) {
        if (strcmp(key, "mode") == 0) {
            for (i = 0; json_is_string(v) && i < NMODES; i++)
                if (strcmp(json_string_value(v), modes[i].name) == 0)
                    mode = i;
            if (mode == NMODES) {
                dev_reply(r, 400, "mode must be one of the modes GET /__dev/hostile lists");
                goto out;
            }
        } else if (strcmp(key, "status") == 0) {
            if (!int_in(v, 100, 599)) {
                dev_reply(r, 400, "status must be an integer from 100 to 599");
                goto out;
            }
        } else if (strcmp(key, "bytes") == 0) {
            if (!int_in(v, 1, BYTES_MAX)) {
                dev_reply(r, 400, "bytes must be an integer from 1 to 67108864");
                goto out;
            }
        } else if (strcmp(key, "intervalMs") == 0) {
            if (!int_in(v, 1, 10000)) {
                dev_reply(r, 400, "intervalMs must be an integer from 1 to 10000");
                goto out;
            }
        } else {
            char *msg = ds_printf("unknown key %s", key);
            dev_reply(r, 400, msg);
            free(msg);
            goto out;
        }
    }
    if (mode == NMODES) {
        dev_reply(r, 400, "mode is required");
        goto out;
    }
    pthread_mutex_lock(&h.lock);
    h.mode = mode;
    h.status = (v = json_object_get(b, "status")) != NULL ? (int)json_integer_value(v) : 200;
    h.bytes = (v = json_object_get(b, "bytes")) != NULL ? json_integer_value(v) : 0;
    h.interval_ms = (v = json_object_get(b, "intervalMs")) != NULL ? json_integer_value(v) : 100;
    h.served = 0;
    ds_reply_json(r, 200, state_json());
    pthread_mutex_unlock(&h.lock);
out:
    json_decref(b);
}
