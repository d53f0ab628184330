/* Small helpers of infisical-devserver: randomness, encodings, time, memory. */
#ifndef DS_UTIL_H
#define DS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Opens /dev/urandom and the sleep machinery; exits the process on failure. */
void ds_util_init(void);
void ds_util_cleanup(void);

void ds_random(void *buf, size_t n);
/* Writes 2*nbytes lowercase hex chars and a NUL. */
void ds_random_hex(char *out, size_t nbytes);
void ds_hex(const unsigned char *in, size_t n, char *out);
void ds_uuid4(char out[37]);
/* zod's uuid check (3.22): 8-4-4-4-12 hex digits, any version. */
int ds_is_uuid(const char *s);
/* Returns the length written; out needs 4*((n+2)/3)+1 bytes. */
size_t ds_base64url(const unsigned char *in, size_t n, char *out);
/* 0 on success (*out malloc'd and NUL-terminated), -1 on a character outside the alphabet. */
int ds_base64url_decode(const char *in, size_t n, unsigned char **out, size_t *outlen);
/* Fastify's request id as Infisical generates it: "req-" and 14 alphanumerics. */
void ds_request_id(char out[19]);

int64_t ds_real_ms(void);
/* CLOCK_MONOTONIC in milliseconds: for waits that no clock change may move. */
int64_t ds_mono_ms(void);
/* ISO-8601 UTC with milliseconds, as JavaScript's Date.toJSON() prints it. */
void ds_iso8601(int64_t ms, char out[32]);

/* Percent-decoding. strict: NULL on a bad escape or an encoded NUL (used for path
 * segments); otherwise bad escapes are kept as they are, as a query parser does. */
char *ds_pct_decode(const char *in, size_t n, int plus_is_space, int strict);

/* Sleeps, but returns at once when the server is stopping, so that a fault's delay
 * never holds up a SIGTERM. */
void ds_sleep_ms(int64_t ms);
void ds_wake_sleepers(void);

void ds_wipe(void *p, size_t n);
void ds_wipe_free(char *s);

void *ds_xmalloc(size_t n);
void *ds_xrealloc(void *p, size_t n);
char *ds_strdup(const char *s);
char *ds_strndup(const char *s, size_t n);
char *ds_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
