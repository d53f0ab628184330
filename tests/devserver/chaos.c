/* Random faults for soak tests: `/__dev/settings {"chaos": {...}}`.
 *
 * Each API request that took no queued fault draws from a seeded generator;
 * with probability `rate` it gets one fault of a kind drawn from `kinds` (a
 * kind named twice is drawn twice as often). The
 * fault is an object in /__dev/faults' own format, so http.c applies it with
 * the one mechanism it has for queued faults. The draws happen under the state
 * lock in the order requests arrive, so one seed gives one stream of faults;
 * which request meets which fault still depends on the clients' timing.
 *
 * Our choice, not Infisical's: the bodies of the 503 and 429 follow the shape
 * of Infisical's error replies (reqId, statusCode, message, error). */
#include "chaos.h"

#include <stdint.h>
#include <string.h>

#include "http.h"
#include "store.h"
#include "util.h"

enum { K503, K429, KDROP, KTRUNCATE, KSLOW, KEXPIRE, NKINDS };
static const char *const kind_names[NKINDS] = {"503", "429", "drop", "truncate", "slow", "expire"};

static struct {
    int on;
    uint64_t seed, state;
    double rate;
    int kinds[NKINDS]; /* the weight of each kind: how often "kinds" names it */
    char *path;        /* only requests whose raw path starts with this */
    int64_t seen, injected, by_kind[NKINDS];
} chaos;

/* splitmix64: small, seedable, and good enough to spread faults. */
static uint64_t next(void)
{
    uint64_t z = (chaos.state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unit(void)
{
    return (double)(next() >> 11) * (1.0 / 9007199254740992.0);
}

static int kind_index(const char *name)
{
    for (int i = 0; i < NKINDS; i++)
        if (strcmp(name, kind_names[i]) == 0)
            return i;
    return -1;
}

const char *ds_chaos_problem(const json_t *v)
{
    const char *key;
    json_t *m;
    if (!json_is_object(v))
        return "chaos must be an object {seed, rate, kinds, path}";
    json_object_foreach((json_t *)v, key, m) {
        if (strcmp(key, "seed") == 0) {
            if (!json_is_integer(m) || json_integer_value(m) < 0)
                return "chaos.seed must be a non-negative integer";
        } else if (strcmp(key, "rate") == 0) {
            if (!json_is_number(m) || json_number_value(m) < 0 || json_number_value(m) > 1)
                return "chaos.rate must be a number from 0 to 1";
        } else if (strcmp(key, "kinds") == 0) {
            size_t i;
            json_t *k;
            if (!json_is_array(m) || json_array_size(m) == 0 || json_array_size(m) > 1000)
                return "chaos.kinds must be an array of 1 to 1000 of 503, 429, drop, truncate, slow, expire";
            json_array_foreach(m, i, k) {
                if (!json_is_string(k) || kind_index(json_string_value(k)) < 0)
                    return "chaos.kinds must be a non-empty array of 503, 429, drop, truncate, slow, expire";
            }
        } else if (strcmp(key, "path") == 0) {
            if (!json_is_string(m))
                return "chaos.path must be a string";
        } else {
            return "chaos takes only seed, rate, kinds and path";
        }
    }
    return NULL;
}

void ds_chaos_reset(void)
{
    free(chaos.path);
    memset(&chaos, 0, sizeof chaos);
}

void ds_chaos_set(const json_t *v)
{
    json_t *kinds = json_object_get(v, "kinds");
    json_t *path = json_object_get(v, "path");
    size_t i;
    json_t *k;
    ds_chaos_reset();
    chaos.seed = (uint64_t)json_integer_value(json_object_get(v, "seed"));
    chaos.state = chaos.seed;
    chaos.rate = json_is_number(json_object_get(v, "rate")) ? json_number_value(json_object_get(v, "rate")) : 0.1;
    if (kinds != NULL) {
        json_array_foreach(kinds, i, k) {
            chaos.kinds[kind_index(json_string_value(k))]++;
        }
    } else {
        for (int n = 0; n < NKINDS; n++)
            chaos.kinds[n] = 1;
    }
    /* The Northflank stand-in is left alone unless asked for: a fault there
     * reaches the client as the preflight's trouble, not the API's. */
    chaos.path = ds_strdup(path ? json_string_value(path) : "/api/");
    chaos.on = chaos.rate > 0;
}

static json_t *error_body(int status, const char *error, const char *message)
{
    char id[19];
    ds_request_id(id);
    json_t *o = json_pack("{s:s,s:i,s:s,s:s}", "reqId", id, "statusCode", status, "message", message, "error", error);
    char *text = json_dumps(o, JSON_COMPACT);
    json_t *s = json_string(text);
    free(text);
    json_decref(o);
    return s;
}

json_t *ds_chaos_fault(const char *raw_path)
{
    int total = 0, kind = 0;
    if (!chaos.on || strncmp(raw_path, chaos.path, strlen(chaos.path)) != 0)
        return NULL;
    chaos.seen++;
    if (unit() >= chaos.rate)
        return NULL;
    for (int i = 0; i < NKINDS; i++)
        total += chaos.kinds[i];
    int draw = (int)(next() % (uint64_t)total);
    while (draw >= chaos.kinds[kind])
        draw -= chaos.kinds[kind++];
    chaos.injected++;
    chaos.by_kind[kind]++;
    json_t *f = json_object();
    switch (kind) {
    case K503:
        json_object_set_new(f, "status", json_integer(503));
        json_object_set_new(f, "body", error_body(503, "ServiceUnavailable", "Service temporarily unavailable"));
        break;
    case K429:
        /* Sub-second and whole-second waits, both of which Retry-After allows. */
        json_object_set_new(f, "status", json_integer(429));
        json_object_set_new(f, "body",
                            error_body(429, "RateLimitExceeded", "Rate limit exceeded. Please try again later"));
        json_object_set_new(f, "headers", json_pack("{s:s}", "Retry-After", next() % 2 ? "1" : "0.2"));
        break;
    case KDROP:
        json_object_set_new(f, "drop", json_true());
        break;
    case KTRUNCATE:
        /* The real handler runs (the work is done), then half its reply is sent. */
        json_object_set_new(f, "truncate", json_true());
        break;
    case KSLOW:
        /* Before the handler or in the middle of the reply, 50 to 1500 ms. */
        json_object_set_new(f, next() % 2 ? "delayMs" : "bodyDelayMs", json_integer((json_int_t)(50 + next() % 1451)));
        break;
    case KEXPIRE:
        /* Every token issued so far dies now: the client meets a real
         * TokenError on this request and has to get a new token. */
        g.clock_offset_ms += (g.cur.ttl_s + 1) * 1000;
        json_decref(f);
        return NULL;
    }
    return f;
}

json_t *ds_chaos_json(void)
{
    json_t *kinds = json_array(), *by = json_object();
    for (int i = 0; i < NKINDS; i++) {
        for (int n = 0; n < chaos.kinds[i]; n++)
            json_array_append_new(kinds, json_string(kind_names[i]));
        json_object_set_new(by, kind_names[i], json_integer(chaos.by_kind[i]));
    }
    return json_pack("{s:b,s:I,s:f,s:o,s:s,s:I,s:I,s:o}", "on", chaos.on, "seed", (json_int_t)chaos.seed, "rate",
                     chaos.rate, "kinds", kinds, "path", chaos.path ? chaos.path : "", "requestsSeen",
                     (json_int_t)chaos.seen, "injected", (json_int_t)chaos.injected, "byKind", by);
}
