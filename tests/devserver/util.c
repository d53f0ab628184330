#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int urandom_fd = -1;

static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sleep_cond = PTHREAD_COND_INITIALIZER;
static int stopping;

void ds_util_init(void)
{
    urandom_fd = open("/dev/urandom", O_RDONLY);
    if (urandom_fd < 0) {
        fprintf(stderr, "infisical-devserver: cannot open /dev/urandom: %s\n", strerror(errno));
        exit(1);
    }
}

void ds_util_cleanup(void)
{
    if (urandom_fd >= 0)
        close(urandom_fd);
    urandom_fd = -1;
}

void ds_random(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t got = read(urandom_fd, p, n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            /* Predictable ids and secrets would be worse than no server. */
            fprintf(stderr, "infisical-devserver: reading /dev/urandom failed\n");
            abort();
        }
        p += got;
        n -= (size_t)got;
    }
}

void ds_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * n] = '\0';
}

void ds_random_hex(char *out, size_t nbytes)
{
    unsigned char buf[64];
    while (nbytes > 0) {
        size_t chunk = nbytes < sizeof buf ? nbytes : sizeof buf;
        ds_random(buf, chunk);
        ds_hex(buf, chunk, out);
        out += 2 * chunk;
        nbytes -= chunk;
    }
    ds_wipe(buf, sizeof buf);
}

void ds_uuid4(char out[37])
{
    unsigned char b[16];
    char hex[33];
    ds_random(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    ds_hex(b, sizeof b, hex);
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int ds_is_uuid(const char *s)
{
    static const int groups[5] = {8, 4, 4, 4, 12};
    int g, i;
    for (g = 0; g < 5; g++) {
        for (i = 0; i < groups[g]; i++, s++)
            if (!is_hex(*s))
                return 0;
        if (g < 4) {
            if (*s != '-')
                return 0;
            s++;
        }
    }
    return *s == '\0';
}

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t ds_base64url(const unsigned char *in, size_t n, char *out)
{
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
        out[o++] = b64url_alphabet[(v >> 6) & 63];
        out[o++] = b64url_alphabet[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8);
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
        out[o++] = b64url_alphabet[(v >> 6) & 63];
    }
    out[o] = '\0';
    return o;
}

static int b64url_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int ds_base64url_decode(const char *in, size_t n, unsigned char **out, size_t *outlen)
{
    unsigned char *buf = ds_xmalloc(n * 3 / 4 + 4);
    size_t i, o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (i = 0; i < n; i++) {
        int v = b64url_value(in[i]);
        if (v < 0) {
            free(buf);
            return -1;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    buf[o] = '\0';
    *out = buf;
    *outlen = o;
    return 0;
}

void ds_request_id(char out[19])
{
    static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    int i = 0;
    memcpy(out, "req-", 4);
    while (i < 14) {
        unsigned char b;
        ds_random(&b, 1);
        /* 248 = 4 * 62: rejecting the rest keeps every character equally likely. */
        if (b >= 248)
            continue;
        out[4 + i++] = alnum[b % 62];
    }
    out[18] = '\0';
}

int64_t ds_real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ds_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ds_iso8601(int64_t ms, char out[32])
{
    time_t secs = (time_t)(ms / 1000);
    int millis = (int)(ms % 1000);
    struct tm tm;
    size_t n;
    if (millis < 0) {
        millis += 1000;
        secs -= 1;
    }
    gmtime_r(&secs, &tm);
    n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    out[n++] = '.';
    out[n++] = (char)('0' + millis / 100);
    out[n++] = (char)('0' + millis / 10 % 10);
    out[n++] = (char)('0' + millis % 10);
    out[n++] = 'Z';
    out[n] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *ds_pct_decode(const char *in, size_t n, int plus_is_space, int strict)
{
    char *out = ds_xmalloc(n + 1);
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        if (in[i] == '%') {
            int hi = i + 2 < n ? hex_value(in[i + 1]) : -1;
            int lo = i + 2 < n ? hex_value(in[i + 2]) : -1;
            /* An encoded NUL would silently cut a C string short, so it counts as bad. */
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                if (strict) {
                    free(out);
                    return NULL;
                }
                out[o++] = in[i];
                continue;
            }
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (in[i] == '+' && plus_is_space) {
            out[o++] = ' ';
        } else {
            out[o++] = in[i];
        }
    }
    out[o] = '\0';
    return out;
}

void ds_sleep_ms(int64_t ms)
{
    struct timespec deadline;
    if (ms <= 0)
        return;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += (time_t)(ms / 1000);
    deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&sleep_lock);
    while (!stopping) {
        if (pthread_cond_timedwait(&sleep_cond, &sleep_lock, &deadline) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&sleep_lock);
}

void ds_wake_sleepers(void)
{
    pthread_mutex_lock(&sleep_lock);
    stopping = 1;
    pthread_cond_broadcast(&sleep_cond);
    pthread_mutex_unlock(&sleep_lock);
}

void ds_wipe(void *p, size_t n)
{
    /* volatile so that the stores are not dropped as dead before free(). */
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

void ds_wipe_free(char *s)
{
    if (s == NULL)
        return;
    ds_wipe(s, strlen(s));
    free(s);
}

void *ds_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "infisical-devserver: out of memory\n");
        abort();
    }
    return p;
}

void *ds_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL) {
        fprintf(stderr, "infisical-devserver: out of memory\n");
        abort();
    }
    return q;
}

char *ds_strdup(const char *s)
{
    return ds_strndup(s, strlen(s));
}

char *ds_strndup(const char *s, size_t n)
{
    char *d = ds_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ds_printf(const char *fmt, ...)
{
    va_list ap;
    int len;
    char *s;
    va_start(ap, fmt);
    len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        abort();
    s = ds_xmalloc((size_t)len + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return s;
}
