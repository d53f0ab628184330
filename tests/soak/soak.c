/* soak: a fixed number of operations on one shared client, from several
 * threads, while the devserver injects random faults. It prints what it saw
 * and exits non-zero on any violation of:
 *
 *  1. every call succeeded or failed with a code its header documents, from
 *     the list below, and only where that code is consistent with what the
 *     thread knows (a get of a connection it created and never deleted must
 *     not be "not found");
 *  2. nothing lost, nothing left behind: at the end, after the unknown
 *     outcomes are resolved by name or id with the faults off, the connections
 *     the threads believe exist are exactly the server's (a create that failed
 *     without saying "its outcome is unknown" left nothing behind);
 *  3. open file descriptors and RSS are flat between the first and the last
 *     thousand operations.
 *
 * usage: soak DEVSERVER [OPS [THREADS [SEED [RATE]]]]
 *        (or SOAK_OPS, SOAK_THREADS, SOAK_SEED, SOAK_RATE in the environment)
 *
 * Each thread owns the connections it creates (names soak-t<thread>-<n>), so
 * it can tell what must exist; the client, its token and its connection pool
 * are shared by all. */
#include <curl/curl.h>
#include <dirent.h>
#include <inttypes.h>
#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* Under a sanitizer, memory is the sanitizer's (shadow memory, quarantine,
 * its own allocator): RSS and the heap are reported but not judged. */
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__) || __has_feature(thread_sanitizer) ||          \
    __has_feature(address_sanitizer)
#define SANITIZED 1
#else
#define SANITIZED 0
#endif

/* The operations, in the order their counts are printed. */
enum {
    OP_CREATE, OP_GET, OP_GET_BY_NAME, OP_LIST, OP_ROTATE, OP_DELETE,
    OP_SYNC_CREATE, OP_SYNC_GET, OP_SYNC_GET_BY_NAME, OP_SYNC_TRIGGER, OP_SYNC_DELETE, NOPS
};
static const char *const op_names[NOPS] = {"create", "get", "get_by_name", "list", "rotate", "delete",
                                           "sync_create", "sync_get", "sync_get_by_name", "sync_trigger",
                                           "sync_delete"};

/* The codes documented for each operation, from include/infisical/northflank.h
 * (per function) and common.h (the codes of any request that went out:
 * network, deadline, 429, 5xx, and 403 TokenError when a token the client
 * believed valid was refused twice). Codes that the header documents but that
 * the soak never provokes (EINVAL: every argument is valid; EBADREQUEST: every
 * name is new; EPREFLIGHT: no preflight) are not accepted: seeing one is a
 * defect. ENOTFOUND is accepted only where the thread does not know the
 * connection exists (resolving an unknown outcome). */
#define TRANSIENT                                                                                                      \
    INFISICAL_ENETWORK, INFISICAL_ETIMEOUT, INFISICAL_ERATELIMIT, INFISICAL_ESERVER, INFISICAL_ETOKEN
static const int documented[NOPS][8] = {
    [OP_CREATE] = {TRANSIENT, 1},
    [OP_GET] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    [OP_GET_BY_NAME] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    [OP_LIST] = {TRANSIENT, 1},
    [OP_ROTATE] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    [OP_DELETE] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    [OP_SYNC_CREATE] = {TRANSIENT, 1},
    [OP_SYNC_GET] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    [OP_SYNC_GET_BY_NAME] = {TRANSIENT, INFISICAL_ENOTFOUND, 1},
    /* EBUSY: a job of the sync is in progress (a trigger that timed out
     * waiting leaves one running). */
    [OP_SYNC_TRIGGER] = {TRANSIENT, INFISICAL_EBUSY, 1},
    [OP_SYNC_DELETE] = {TRANSIENT, INFISICAL_ENOTFOUND, INFISICAL_EBUSY, 1},
};
#define NCODES 32 /* -status indexes the counts; INFISICAL_EJOBFAILED is -22 */

enum { LIVE, CREATE_UNKNOWN, DELETE_UNKNOWN };

struct entry {
    char name[64];
    char id[40];
    int state;
};

#define MAX_ENTRIES 64
#define MAX_LIVE 12

struct worker {
    int index;
    uint64_t rng;
    unsigned serial;
    struct entry entries[MAX_ENTRIES];
    int n;
    int64_t ops[NOPS], outcomes[NOPS][NCODES], unknown_outcomes;
    int violations;
};

static infisical_client *client;
static int total_ops, nthreads;
static int next_op; /* taken with __atomic_fetch_add */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
static int printed_violations;

/* Resource samples, one per SAMPLE_EVERY operations, taken by whichever
 * thread starts that operation. */
#define SAMPLE_EVERY 100
static int64_t *sample_fds, *sample_rss_kib, *sample_heap_kib;

/* Attempts beyond the first, read from the library's per-request log line
 * "METHOD path -> outcome (N attempts, M ms)". */
static int64_t retries, requests_logged;

static void on_log(void *user, int level, const char *line)
{
    (void)user;
    (void)level;
    const char *arrow = strstr(line, " -> ");
    const char *paren = arrow ? strrchr(arrow, '(') : NULL;
    if (!paren)
        return;
    long n = strtol(paren + 1, NULL, 10);
    /* A lock, not 64-bit atomics, which 32-bit targets may lack. */
    pthread_mutex_lock(&report_lock);
    requests_logged++;
    if (n > 1)
        retries += n - 1;
    pthread_mutex_unlock(&report_lock);
}

static uint64_t rnd(struct worker *w)
{
    /* xorshift64*: each thread its own stream, from the seed. */
    w->rng ^= w->rng >> 12;
    w->rng ^= w->rng << 25;
    w->rng ^= w->rng >> 27;
    return w->rng * 0x2545f4914f6cdd1dULL;
}

static void violation(struct worker *w, const char *fmt, const char *a, const char *b, const infisical_error *e)
{
    if (w)
        w->violations++;
    pthread_mutex_lock(&report_lock);
    if (printed_violations++ < 40) {
        fprintf(stderr, "VIOLATION: ");
        fprintf(stderr, fmt, a, b);
        if (e)
            fprintf(stderr, " [%s: %s]", infisical_status_name(infisical_error_code(e)),
                    infisical_error_message(e));
        fprintf(stderr, "\n");
    }
    pthread_mutex_unlock(&report_lock);
}

/* Record the outcome of one call; 0 if the code is documented for op. */
static int record(struct worker *w, int op, int rc, const infisical_error *e)
{
    w->ops[op]++;
    w->outcomes[op][-rc < NCODES ? -rc : NCODES - 1]++;
    if (rc == INFISICAL_OK)
        return 0;
    for (int i = 0; documented[op][i] != 1; i++)
        if (documented[op][i] == rc)
            return 0;
    violation(w, "%s failed with a code not documented for it (%s)", op_names[op], infisical_status_name(rc), e);
    return -1;
}

/* What the library says when a request that it does not repeat blindly may
 * have done its work (lib/transport/http.c); the flags must agree with it. */
static int outcome_unknown(struct worker *w, const infisical_error *e)
{
    int said = strstr(infisical_error_message(e), "its outcome is unknown") != NULL;
    int code = infisical_error_code(e);
    int flags = (code == INFISICAL_ENETWORK || code == INFISICAL_ETIMEOUT) && !infisical_error_retryable(e) &&
                infisical_error_attempts(e) > 0;
    if (said && !flags)
        violation(w, "an error says the outcome is unknown but is %s or retryable%s", infisical_status_name(code), "",
                  e);
    if (said)
        w->unknown_outcomes++;
    return said;
}

static void remove_entry(struct worker *w, int i)
{
    w->entries[i] = w->entries[--w->n];
}

static int count_state(const struct worker *w, int state)
{
    int n = 0;
    for (int i = 0; i < w->n; i++)
        n += w->entries[i].state == state;
    return n;
}

/* An entry in the given state, at random, or -1. */
static int pick(struct worker *w, int state)
{
    int n = count_state(w, state);
    if (n == 0)
        return -1;
    int k = (int)(rnd(w) % (uint64_t)n);
    for (int i = 0; i < w->n; i++)
        if (w->entries[i].state == state && k-- == 0)
            return i;
    return -1;
}

static infisical_northflank_params *token_params(const char *name)
{
    infisical_northflank_params *p = NULL;
    if (infisical_northflank_params_new(&p, NULL) != INFISICAL_OK ||
        (name && infisical_northflank_params_set_name(p, name, NULL) != INFISICAL_OK) ||
        infisical_northflank_params_set_api_token(p, dev.northflank_token, NULL) != INFISICAL_OK) {
        fprintf(stderr, "soak: cannot make params\n");
        exit(1);
    }
    return p;
}

static void op_create(struct worker *w)
{
    struct entry *en = &w->entries[w->n];
    snprintf(en->name, sizeof en->name, "soak-t%d-%u", w->index, w->serial++);
    infisical_northflank_params *p = token_params(en->name);
    infisical_connection *c = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_create(client, p, &c, NULL, &e);
    record(w, OP_CREATE, rc, e);
    if (rc == INFISICAL_OK) {
        if (strcmp(infisical_connection_name(c), en->name) != 0)
            violation(w, "create of %s answered %s", en->name, infisical_connection_name(c), NULL);
        snprintf(en->id, sizeof en->id, "%s", infisical_connection_id(c));
        en->state = LIVE;
        w->n++;
    } else if (outcome_unknown(w, e)) {
        en->id[0] = '\0';
        en->state = CREATE_UNKNOWN;
        w->n++;
    }
    /* Any other failure: the name is forgotten; the final comparison shows
     * whether it was left behind. */
    infisical_connection_free(c);
    infisical_error_free(e);
    infisical_northflank_params_free(p);
}

/* Get a connection the thread knows exists, or find out whether an unknown
 * delete happened. */
static void op_get(struct worker *w, int i)
{
    struct entry *en = &w->entries[i];
    infisical_connection *c = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_get(client, en->id, &c, NULL, &e);
    if (record(w, OP_GET, rc, e) == 0) {
        if (rc == INFISICAL_OK && strcmp(infisical_connection_name(c), en->name) != 0)
            violation(w, "get of %s answered %s", en->name, infisical_connection_name(c), NULL);
        if (rc == INFISICAL_OK)
            en->state = LIVE;
        else if (rc == INFISICAL_ENOTFOUND && en->state == DELETE_UNKNOWN)
            remove_entry(w, i);
        else if (rc == INFISICAL_ENOTFOUND)
            violation(w, "connection %s (%s) was lost: get says not found", en->name, en->id, e);
    }
    infisical_connection_free(c);
    infisical_error_free(e);
}

/* Find out whether a create with an unknown outcome made its connection. */
static void op_get_by_name(struct worker *w, int i)
{
    struct entry *en = &w->entries[i];
    infisical_connection *c = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_get_by_name(client, en->name, NULL, &c, NULL, &e);
    if (record(w, OP_GET_BY_NAME, rc, e) == 0) {
        if (rc == INFISICAL_OK) {
            snprintf(en->id, sizeof en->id, "%s", infisical_connection_id(c));
            en->state = LIVE;
        } else if (rc == INFISICAL_ENOTFOUND) {
            remove_entry(w, i);
        }
    }
    infisical_connection_free(c);
    infisical_error_free(e);
}

static void op_list(struct worker *w)
{
    infisical_connection_list *l = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_list(client, NULL, &l, NULL, &e);
    if (record(w, OP_LIST, rc, e) == 0 && rc == INFISICAL_OK) {
        /* This thread's connections are its own: the list must hold every
         * one it knows to exist and no other of its names. */
        char prefix[32];
        int n = snprintf(prefix, sizeof prefix, "soak-t%d-", w->index);
        int seen_live = 0;
        for (uint32_t k = 0; k < infisical_connection_list_count(l); k++) {
            const infisical_connection *c = infisical_connection_list_at(l, k);
            const char *name = infisical_connection_name(c);
            if (strncmp(name, prefix, (size_t)n) != 0)
                continue;
            int known = -1;
            for (int i = 0; i < w->n && known < 0; i++)
                if (strcmp(w->entries[i].name, name) == 0)
                    known = i;
            if (known < 0)
                violation(w, "list shows %s (%s), which no call of this thread created", name,
                          infisical_connection_id(c), NULL);
            else if (w->entries[known].state == LIVE)
                seen_live++;
        }
        if (seen_live != count_state(w, LIVE)) {
            char listed[16], known[16];
            snprintf(listed, sizeof listed, "%d", seen_live);
            snprintf(known, sizeof known, "%d", count_state(w, LIVE));
            violation(w, "list shows %s of this thread's live connections, it knows %s", listed, known, NULL);
        }
    }
    infisical_connection_list_free(l);
    infisical_error_free(e);
}

static void op_rotate(struct worker *w, int i)
{
    struct entry *en = &w->entries[i];
    infisical_northflank_params *p = token_params(NULL);
    infisical_connection *c = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_update(client, en->id, p, &c, NULL, &e);
    if (record(w, OP_ROTATE, rc, e) == 0 && rc == INFISICAL_ENOTFOUND)
        violation(w, "connection %s (%s) was lost: rotate says not found", en->name, en->id, e);
    infisical_connection_free(c);
    infisical_error_free(e);
    infisical_northflank_params_free(p);
}

static void op_delete(struct worker *w, int i)
{
    struct entry *en = &w->entries[i];
    infisical_connection *c = NULL;
    infisical_error *e = NULL;
    int rc = infisical_northflank_delete(client, en->id, &c, NULL, &e);
    if (record(w, OP_DELETE, rc, e) == 0) {
        if (rc == INFISICAL_OK) {
            remove_entry(w, i);
        } else if (rc == INFISICAL_ENOTFOUND) {
            violation(w, "connection %s (%s) was lost: delete says not found", en->name, en->id, e);
            remove_entry(w, i);
        } else if (outcome_unknown(w, e) || infisical_error_code(e) == INFISICAL_ESERVER) {
            /* The header: a 502/503/504 after the request went out leaves the
             * outcome unknown too; a get finds out. */
            en->state = DELETE_UNKNOWN;
        }
    }
    infisical_connection_free(c);
    infisical_error_free(e);
}

/* ---- a sync or two, by the main thread while the workers run ---- */

#define STEP_TRIES 60

static int transient(int rc)
{
    return rc == INFISICAL_ENETWORK || rc == INFISICAL_ETIMEOUT || rc == INFISICAL_ERATELIMIT ||
           rc == INFISICAL_ESERVER || rc == INFISICAL_ETOKEN || rc == INFISICAL_EBUSY;
}

static infisical_sync_params *sync_params(const char *name, const char *connection_id)
{
    infisical_sync_params *p = NULL;
    if (infisical_sync_params_new(&p, NULL) || infisical_sync_params_set_name(p, name, NULL) ||
        infisical_sync_params_set_project_id(p, dev.project_id, NULL) ||
        infisical_sync_params_set_connection_id(p, connection_id, NULL) ||
        infisical_sync_params_set_source(p, "dev", "/", NULL) ||
        infisical_sync_params_set_initial_sync_behavior(p, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, NULL) ||
        infisical_sync_params_set_auto_sync(p, 0, NULL) ||
        infisical_sync_params_set_destination(p, "proj-0001", "group-0001", NULL, NULL, NULL)) {
        fprintf(stderr, "soak: cannot make sync params\n");
        exit(1);
    }
    return p;
}

/* Create the sync; *id gets its id. 0 when it exists. */
static int sync_create(struct worker *m, const char *name, const char *connection_id, char *id, size_t cap)
{
    infisical_sync_params *p = sync_params(name, connection_id);
    int done = -1, check = 0;
    for (int t = 0; t < STEP_TRIES && done != 0; t++) {
        infisical_sync *s = NULL;
        infisical_error *e = NULL;
        int rc;
        if (check) {
            /* The last create's outcome is unknown: it may have made the sync. */
            rc = infisical_northflank_sync_get_by_name(client, name, dev.project_id, &s, NULL, &e);
            if (record(m, OP_SYNC_GET_BY_NAME, rc, e) == 0 && rc == INFISICAL_ENOTFOUND)
                check = 0;
        } else {
            rc = infisical_northflank_sync_create(client, p, &s, NULL, &e);
            if (record(m, OP_SYNC_CREATE, rc, e) == 0 && rc != INFISICAL_OK)
                check = outcome_unknown(m, e);
        }
        if (rc == INFISICAL_OK) {
            snprintf(id, cap, "%s", infisical_sync_id(s));
            done = 0;
        } else if (!transient(rc) && rc != INFISICAL_ENOTFOUND) {
            t = STEP_TRIES;
        }
        infisical_sync_free(s);
        infisical_error_free(e);
    }
    infisical_sync_params_free(p);
    return done;
}

/* Run a sync job and wait for it. 0 when a job succeeded. */
static int sync_run(struct worker *m, const char *id)
{
    infisical_call_options *opts = NULL;
    int done = -1;
    if (infisical_call_options_new(&opts, NULL) || infisical_call_options_set_timeout_ms(opts, 15000, NULL))
        exit(1);
    for (int t = 0; t < STEP_TRIES && done != 0; t++) {
        infisical_sync *s = NULL;
        infisical_error *e = NULL;
        int rc = infisical_northflank_sync_trigger(client, id, INFISICAL_SYNC_ACTION_SYNC, INFISICAL_SYNC_WAIT, &s,
                                                   opts, &e);
        record(m, OP_SYNC_TRIGGER, rc, e);
        if (rc == INFISICAL_OK && infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC) != INFISICAL_SYNC_STATUS_SUCCEEDED)
            violation(m, "a sync job was waited for but its status is %s%s", "not succeeded", "", NULL);
        if (rc == INFISICAL_OK)
            done = 0;
        else if (!transient(rc))
            t = STEP_TRIES;
        infisical_sync_free(s);
        infisical_error_free(e);
        if (rc == INFISICAL_EBUSY)
            nanosleep(&(struct timespec){0, 100 * 1000000L}, NULL);
    }
    infisical_call_options_free(opts);
    return done;
}

/* Delete the sync. 0 when it is gone. */
static int sync_delete(struct worker *m, const char *id)
{
    int done = -1, check = 0;
    for (int t = 0; t < STEP_TRIES && done != 0; t++) {
        infisical_sync *s = NULL;
        infisical_error *e = NULL;
        int rc;
        if (check) {
            rc = infisical_northflank_sync_get(client, id, &s, NULL, &e);
            if (record(m, OP_SYNC_GET, rc, e) == 0 && rc == INFISICAL_OK)
                check = 0;
            if (rc == INFISICAL_ENOTFOUND)
                done = 0;
        } else {
            rc = infisical_northflank_sync_delete(client, id, 0, &s, NULL, &e);
            if (record(m, OP_SYNC_DELETE, rc, e) == 0) {
                if (rc == INFISICAL_OK)
                    done = 0;
                else if (rc == INFISICAL_ENOTFOUND)
                    violation(m, "sync %s was lost: delete says not found%s", id, "", e);
                else
                    check = outcome_unknown(m, e) || rc == INFISICAL_ESERVER;
            }
        }
        if (rc != INFISICAL_OK && !transient(rc) && rc != INFISICAL_ENOTFOUND)
            t = STEP_TRIES;
        infisical_sync_free(s);
        infisical_error_free(e);
    }
    return done;
}

/* One round: a connection of its own, a sync on it, a job run and waited
 * for, the sync and the connection deleted, all with the faults on. */
static void sync_round(struct worker *m, int round)
{
    char name[64], id[40];
    for (int t = 0; t < STEP_TRIES && count_state(m, LIVE) == 0; t++) {
        int i = pick(m, CREATE_UNKNOWN);
        if (i >= 0)
            op_get_by_name(m, i);
        else
            op_create(m);
    }
    int c = pick(m, LIVE);
    if (c < 0) {
        violation(m, "sync round %s: no connection after %s tries", "", "many", NULL);
        return;
    }
    snprintf(name, sizeof name, "soak-sync-%d", round);
    if (sync_create(m, name, m->entries[c].id, id, sizeof id) != 0) {
        violation(m, "sync %s: could not create it in %s tries", name, "many", NULL);
        return;
    }
    if (sync_run(m, id) != 0)
        violation(m, "sync %s: no job succeeded in %s tries", name, "many", NULL);
    if (sync_delete(m, id) != 0)
        violation(m, "sync %s: could not delete it in %s tries", name, "many", NULL);
    for (int t = 0; t < STEP_TRIES && m->n > 0; t++) {
        int i = pick(m, LIVE);
        if (i >= 0)
            op_delete(m, i);
        else if ((i = pick(m, CREATE_UNKNOWN)) >= 0)
            op_get_by_name(m, i);
        else
            op_get(m, pick(m, DELETE_UNKNOWN));
    }
}

static int64_t count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int64_t n = 0;
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n - 3; /* ".", ".." and the directory's own descriptor */
}

static int64_t rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long long size = 0, resident = 0;
    if (!f)
        return -1;
    if (fscanf(f, "%lld %lld", &size, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The bytes malloc has handed out and not had back, over all arenas: unlike
 * RSS, blind to fragmentation and to pages malloc keeps. */
static int64_t heap_kib(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (int64_t)(mi.uordblks / 1024);
#else
    return -1;
#endif
}

static void *run(void *arg)
{
    struct worker *w = arg;
    for (;;) {
        int k = __atomic_fetch_add(&next_op, 1, __ATOMIC_RELAXED);
        if (k >= total_ops)
            break;
        if (k % SAMPLE_EVERY == 0) {
            sample_fds[k / SAMPLE_EVERY] = count_fds();
            sample_rss_kib[k / SAMPLE_EVERY] = rss_kib();
            sample_heap_kib[k / SAMPLE_EVERY] = heap_kib();
        }
        int live = count_state(w, LIVE);
        int unknown = w->n - live;
        int r = (int)(rnd(w) % 100);
        /* Unknown outcomes are resolved as the run goes, with faults still on. */
        if (unknown > 0 && (r < 30 || w->n >= MAX_ENTRIES - 1)) {
            int i = pick(w, CREATE_UNKNOWN);
            if (i >= 0)
                op_get_by_name(w, i);
            else
                op_get(w, pick(w, DELETE_UNKNOWN));
            continue;
        }
        r = (int)(rnd(w) % 100);
        if (live == 0 || (r < 25 && live < MAX_LIVE))
            op_create(w);
        else if (r < 45)
            op_get(w, pick(w, LIVE));
        else if (r < 60)
            op_list(w);
        else if (r < 80)
            op_rotate(w, pick(w, LIVE));
        else
            op_delete(w, pick(w, LIVE));
    }
    return NULL;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int env_or(const char *arg, const char *name, int fallback)
{
    const char *v = arg ? arg : getenv(name);
    return v && *v ? atoi(v) : fallback;
}

/* GET /__dev/state as JSON. */
static json_t *server_state(void)
{
    static char reply[1 << 16];
    if (dev_request("GET", "/__dev/state", NULL, NULL, reply, sizeof reply) != 200) {
        fprintf(stderr, "soak: /__dev/state failed\n");
        exit(1);
    }
    return json_loads(reply, 0, NULL);
}

/* The largest sample among operations [from, to). */
static int64_t window_max(const int64_t *samples, int from, int to)
{
    int64_t m = -1;
    for (int k = from; k < to; k += SAMPLE_EVERY)
        if (k % SAMPLE_EVERY == 0 && samples[k / SAMPLE_EVERY] > m)
            m = samples[k / SAMPLE_EVERY];
    return m;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: soak DEVSERVER [OPS [THREADS [SEED [RATE]]]]\n");
        return 2;
    }
    total_ops = env_or(argc > 2 ? argv[2] : NULL, "SOAK_OPS", 2000);
    nthreads = env_or(argc > 3 ? argv[3] : NULL, "SOAK_THREADS", 8);
    int seed = env_or(argc > 4 ? argv[4] : NULL, "SOAK_SEED", 1);
    int sync_rounds = env_or(NULL, "SOAK_SYNCS", 2);
    const char *rate_text = argc > 5 ? argv[5] : getenv("SOAK_RATE");
    double rate = rate_text && *rate_text ? atof(rate_text) : 0.15;
    if (total_ops < 2000 || nthreads < 1 || nthreads > 64 || rate < 0 || rate > 1) {
        fprintf(stderr, "soak: OPS must be at least 2000 (two windows of 1000 are compared), THREADS 1 to 64, "
                        "RATE 0 to 1\n");
        return 2;
    }
    sample_fds = calloc((size_t)total_ops / SAMPLE_EVERY + 1, sizeof *sample_fds);
    sample_rss_kib = calloc((size_t)total_ops / SAMPLE_EVERY + 1, sizeof *sample_rss_kib);
    sample_heap_kib = calloc((size_t)total_ops / SAMPLE_EVERY + 1, sizeof *sample_heap_kib);
    /* The workers, and one more for the main thread's sync rounds. */
    int nworkers = nthreads + 1;
    struct worker *workers = calloc((size_t)nworkers, sizeof *workers);
    pthread_t *tids = calloc((size_t)nthreads, sizeof *tids);
    if (!sample_fds || !sample_rss_kib || !sample_heap_kib || !workers || !tids)
        return 1;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    /* A 2-second token: the client renews it when a quarter of its life is
     * left, several times a second, unless an "expire" fault kills it first. */
    const char *const dev_args[] = {"--token-ttl", "2", NULL};
    dev_start(argv[1], dev_args);

    infisical_config *cfg = NULL;
    infisical_error *e = NULL;
    /* Deadlines short enough to keep the run quick, long enough for a slow
     * fault (up to 1.5 s) and a 1 s Retry-After in one call, sometimes not. */
    if (infisical_config_new(&cfg, &e) || infisical_config_set_base_url(cfg, dev.url, &e) ||
        infisical_config_set_universal_auth(cfg, dev.client_id, dev.client_secret, &e) ||
        infisical_config_set_timeout_ms(cfg, 2500, &e) || infisical_config_set_max_attempts(cfg, 4, &e) ||
        infisical_config_set_backoff_ms(cfg, 20, 400, &e) ||
        infisical_config_set_log(cfg, on_log, NULL, INFISICAL_LOG_INFO, &e) ||
        infisical_client_new(&client, cfg, &e) || infisical_client_login(client, NULL, &e)) {
        fprintf(stderr, "soak: setting up the client: %s\n", infisical_error_message(e));
        return 1;
    }
    infisical_config_free(cfg);

    /* Every kind twice as often as "expire", which kills every token at once:
     * as often as the others, it would leave few tokens old enough to renew.
     * SOAK_KINDS (a JSON array) picks others, to aim at one kind. */
    const char *kinds = getenv("SOAK_KINDS");
    if (!kinds || !*kinds)
        kinds = "[\"503\",\"503\",\"429\",\"429\",\"drop\",\"drop\",\"truncate\",\"truncate\",\"slow\",\"slow\","
                "\"expire\"]";
    char chaos[1024];
    snprintf(chaos, sizeof chaos, "{\"chaos\":{\"seed\":%d,\"rate\":%g,\"kinds\":%s}}", seed, rate, kinds);
    dev_post("/__dev/settings", chaos);

    int64_t started = now_ms();
    for (int t = 0; t < nthreads; t++) {
        workers[t].index = t;
        workers[t].rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(seed * 1000 + t + 1);
        if (pthread_create(&tids[t], NULL, run, &workers[t]) != 0) {
            fprintf(stderr, "soak: pthread_create failed\n");
            return 1;
        }
    }
    struct worker *m = &workers[nthreads];
    m->index = nthreads;
    m->rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(seed * 1000 + nthreads + 1);
    for (int round = 0; round < sync_rounds; round++)
        sync_round(m, round);
    for (int t = 0; t < nthreads; t++)
        pthread_join(tids[t], NULL);
    int64_t elapsed = now_ms() - started;

    /* The faults' counts, then the faults off for the reckoning. */
    json_t *state = server_state();
    json_t *by_kind = json_deep_copy(json_object_get(json_object_get(state, "chaos"), "byKind"));
    int64_t injected = json_integer_value(json_object_get(json_object_get(state, "chaos"), "injected"));
    int64_t seen = json_integer_value(json_object_get(json_object_get(state, "chaos"), "requestsSeen"));
    int64_t logins = json_integer_value(json_object_get(state, "logins"));
    int64_t renews = json_integer_value(json_object_get(state, "renews"));
    int64_t renews_refused = json_integer_value(json_object_get(state, "renewsRefused"));
    json_decref(state);
    dev_post("/__dev/settings", "{\"chaos\":{\"rate\":0}}");

    /* Resolve what is still unknown, without faults: each attempt now has an
     * answer, so a second failure is a violation (record() says which). */
    int violations = 0;
    for (int t = 0; t < nworkers; t++) {
        struct worker *w = &workers[t];
        for (int guard = 0; guard < 4 * MAX_ENTRIES && w->n > count_state(w, LIVE); guard++) {
            int i = pick(w, CREATE_UNKNOWN);
            if (i >= 0)
                op_get_by_name(w, i);
            else
                op_get(w, pick(w, DELETE_UNKNOWN));
        }
        if (w->n > count_state(w, LIVE)) {
            char thread[16];
            snprintf(thread, sizeof thread, "%d", t);
            violation(w, "thread %s still has unresolved outcomes with the faults off%s", thread, "", NULL);
        }
    }

    /* The client's view against the server's: by id and name, through the API,
     * and by count through /__dev/state (reset at start: only ours exist). */
    int believed = 0;
    for (int t = 0; t < nworkers; t++)
        believed += count_state(&workers[t], LIVE);
    infisical_connection_list *l = NULL;
    if (infisical_northflank_list(client, NULL, &l, NULL, &e) != INFISICAL_OK) {
        fprintf(stderr, "soak: the final list failed: %s\n", infisical_error_message(e));
        return 1;
    }
    uint32_t on_server = infisical_connection_list_count(l);
    for (uint32_t k = 0; k < on_server; k++) {
        const infisical_connection *c = infisical_connection_list_at(l, k);
        int found = 0;
        for (int t = 0; t < nworkers && !found; t++)
            for (int i = 0; i < workers[t].n && !found; i++)
                found = strcmp(workers[t].entries[i].id, infisical_connection_id(c)) == 0 &&
                        strcmp(workers[t].entries[i].name, infisical_connection_name(c)) == 0;
        if (!found) {
            violation(NULL, "the server has %s (%s), which the client believes does not exist",
                      infisical_connection_name(c), infisical_connection_id(c), NULL);
            violations++;
        }
    }
    infisical_connection_list_free(l);
    state = server_state();
    int64_t dev_count = json_integer_value(json_object_get(state, "appConnections"));
    int64_t syncs_left = json_integer_value(json_object_get(state, "secretSyncs"));
    int64_t jobs_succeeded = json_integer_value(json_object_get(json_object_get(state, "syncJobs"), "succeeded"));
    json_decref(state);
    if ((int64_t)on_server != believed || dev_count != believed) {
        char a[64], b[64];
        snprintf(a, sizeof a, "%d", believed);
        snprintf(b, sizeof b, "%" PRIu32 " (list) and %" PRId64 " (/__dev/state)", on_server, dev_count);
        violation(NULL, "the client believes %s connections exist, the server has %s", a, b, NULL);
        violations++;
    }

    if (syncs_left != 0) {
        violation(NULL, "%s secret syncs are left on the server%s", "some", "", NULL);
        violations++;
    }

    /* The report. */
    int64_t ops[NOPS] = {0}, outcomes[NCODES] = {0}, unknown = 0, all = 0;
    for (int t = 0; t < nworkers; t++) {
        violations += workers[t].violations;
        unknown += workers[t].unknown_outcomes;
        for (int o = 0; o < NOPS; o++) {
            ops[o] += workers[t].ops[o];
            all += workers[t].ops[o];
            for (int c = 0; c < NCODES; c++)
                outcomes[c] += workers[t].outcomes[o][c];
        }
    }
    printf("soak: %d operations (%" PRId64 " calls with the final reckoning), %d threads, seed %d, fault rate %g, "
           "%.1f s\n",
           total_ops, all, nthreads, seed, rate, (double)elapsed / 1000.0);
    printf("operations:");
    for (int o = 0; o < NOPS; o++)
        printf(" %s %" PRId64, op_names[o], ops[o]);
    printf("\naccepted failures:");
    for (int o = 0; o < NOPS; o++) {
        printf(" %s", op_names[o]);
        for (int i = 0; documented[o][i] != 1; i++)
            printf("%c%s", i ? ',' : '=', infisical_status_name(documented[o][i]) + strlen("INFISICAL_"));
        printf(o + 1 < NOPS ? ";" : "");
    }
    printf("\noutcomes:");
    for (int c = 0; c < NCODES; c++)
        if (outcomes[c])
            printf(" %s %" PRId64, infisical_status_name(-c), outcomes[c]);
    printf("\nfaults injected: %" PRId64 " of %" PRId64 " API requests:", injected, seen);
    const char *kind;
    json_t *v;
    json_object_foreach(by_kind, kind, v) {
        printf(" %s %" PRId64, kind, (int64_t)json_integer_value(v));
    }
    json_decref(by_kind);
    printf("\nrequests logged %" PRId64 ", retries %" PRId64 ", outcomes unknown %" PRId64
           ", logins %" PRId64 ", renewals %" PRId64 " (refused %" PRId64 ")\n",
           requests_logged, retries, unknown, logins, renews, renews_refused);
    printf("connections: the client believes %d exist, the server lists %" PRIu32 "\n", believed, on_server);
    printf("secret syncs: %d rounds, %" PRId64 " jobs succeeded, %" PRId64 " syncs left\n", sync_rounds,
           jobs_succeeded, syncs_left);

    /* Flatness. The first window's largest sample against the last's:
     * - descriptors: up to one more per thread. The library keeps at most
     *   one handle per concurrent call, each with its own connection; a drop
     *   or a cut reply closes that connection and the handle's next call opens
     *   another, so at the moment of a sample each handle may hold one or
     *   none. A leak of one per fault would add hundreds;
     * - the heap in use (mallinfo2): up to 50 % or 1 MiB more, whichever is
     *   larger. A sample counts the replies and lists that calls hold at that
     *   moment (up to 8 lists of ~80 connections), which makes it swing by
     *   about that much; a leak of 100 bytes per operation adds 1.9 MiB
     *   over 20,000;
     * - RSS: up to 25 % or 4 MiB more, whichever is larger. glibc gives
     *   each thread an arena, and with 8 threads RSS creeps up by some
     *   fragmentation while the heap in use stays flat: +1.7 MiB (13 %) by
     *   20,000 operations, most of it in the first 5,000. The heap check is
     *   the one that catches a leak in malloc'd memory; this one catches
     *   what malloc does not see (mmap, thread stacks) and gross growth. */
    int last_from = (total_ops - 1000) / SAMPLE_EVERY * SAMPLE_EVERY;
    int64_t fd0 = window_max(sample_fds, 0, 1000), fd1 = window_max(sample_fds, last_from, total_ops);
    int64_t rss0 = window_max(sample_rss_kib, 0, 1000), rss1 = window_max(sample_rss_kib, last_from, total_ops);
    int64_t rss_slack = rss0 / 4 > 4096 ? rss0 / 4 : 4096;
    int64_t heap0 = window_max(sample_heap_kib, 0, 1000), heap1 = window_max(sample_heap_kib, last_from, total_ops);
    int64_t heap_slack = heap0 / 2 > 1024 ? heap0 / 2 : 1024;
    printf("descriptors: first 1000 ops at most %" PRId64 ", last 1000 at most %" PRId64 " (tolerance +%d)\n", fd0,
           fd1, nthreads);
    printf("RSS: first 1000 ops at most %" PRId64 " KiB, last 1000 at most %" PRId64 " KiB (tolerance +%" PRId64
           " KiB)\n",
           rss0, rss1, rss_slack);
    if (fd0 < 0 || rss0 < 0 || fd1 > fd0 + nthreads) {
        violation(NULL, "open descriptors grew: %s then %s", "first window", "last window", NULL);
        violations++;
    }
    printf("heap in use: first 1000 ops at most %" PRId64 " KiB, last 1000 at most %" PRId64
           " KiB (tolerance +%" PRId64 " KiB)\n",
           heap0, heap1, heap_slack);
    if (SANITIZED) {
        printf("RSS and heap not judged: built with a sanitizer\n");
    } else {
        if (rss1 > rss0 + rss_slack) {
            violation(NULL, "RSS grew beyond the tolerance%s%s", "", "", NULL);
            violations++;
        }
        if (heap0 >= 0 && heap1 > heap0 + heap_slack) {
            violation(NULL, "the heap in use grew beyond the tolerance%s%s", "", "", NULL);
            violations++;
        }
    }
    printf("trajectory (ops: descriptors, RSS KiB, heap in use KiB):");
    for (int k = 0; k < total_ops; k += total_ops / 10 / SAMPLE_EVERY * SAMPLE_EVERY)
        printf(" %d: %" PRId64 ", %" PRId64 ", %" PRId64 ";", k, sample_fds[k / SAMPLE_EVERY],
               sample_rss_kib[k / SAMPLE_EVERY], sample_heap_kib[k / SAMPLE_EVERY]);
    printf("\n");
    printf("violations: %d\n", violations);

    infisical_client_free(client);
    dev_stop();
    curl_global_cleanup();
    free(sample_fds);
    free(sample_rss_kib);
    free(sample_heap_kib);
    free(workers);
    free(tids);
    return violations ? 1 : 0;
}
