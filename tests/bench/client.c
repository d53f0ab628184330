/* One measurement, in a process of its own, so that callgrind, the allocation
 * counter and the peak-RSS reading each see one implementation doing one
 * thing. bench.c runs it and reads the key=value lines it prints.
 *
 *   bench-client --impl lib|base|json|all --op get|list|decode|rss
 *                --url URL [--id ID] [--project ID]
 *                [--n CALLS | --seconds S] [--threads T]
 *
 * get: GET one connection by id; list: GET the list (of --project, or all);
 * decode: fetch the whole list once, then time decoding it from memory (json:
 * json_loadb alone; all: lib, base and json in turns); rss: one list call after the peak-RSS mark is reset.
 * The access token comes in BENCH_TOKEN (never in argv, where ps shows it).
 * Under callgrind (--collect-atstart=no) only the measured loop is counted. */
#include <curl/curl.h>
#include <jansson.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include <infisical/infisical.h>

#include "baseline.h"
#include "codec/codec.h"

#ifdef BENCH_COUNT_ALLOCS
void bench_count_allocs(int on);
unsigned long bench_allocs(void);
#else
static void bench_count_allocs(int on) { (void)on; }
static unsigned long bench_allocs(void) { return 0; }
#endif

static const char *impl = "lib", *op = "get", *url, *token, *conn_id, *project;
static long calls = 100;
static double seconds;
static int threads = 1;
static infisical_client *shared_client;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench-client: %s\n", what);
    exit(1);
}

static infisical_client *lib_client(void)
{
    infisical_config *cfg = NULL;
    infisical_client *c = NULL;
    infisical_error *err = NULL;
    if (infisical_config_new(&cfg, &err) || infisical_config_set_base_url(cfg, url, &err) ||
        infisical_config_set_access_token(cfg, token, &err) || infisical_client_new(&c, cfg, &err))
        die(infisical_error_message(err));
    infisical_config_free(cfg);
    return c;
}

static struct base_client *base_client(void)
{
    struct base_client *b = base_new(url, token, "libinfisical/" INFISICAL_VERSION_STRING);
    if (!b)
        die("base_new failed");
    return b;
}

/* One call of the chosen kind; 0 on success. */
static int one_call(infisical_client *c, struct base_client *b)
{
    int rc;
    if (c && strcmp(op, "get") == 0) {
        infisical_connection *conn = NULL;
        rc = infisical_northflank_get(c, conn_id, &conn, NULL, NULL);
        rc = rc || infisical_connection_version(conn) < 1;
        infisical_connection_free(conn);
    } else if (c) {
        infisical_connection_list *list = NULL;
        rc = infisical_northflank_list(c, project, &list, NULL, NULL);
        rc = rc || infisical_connection_list_count(list) == 0;
        infisical_connection_list_free(list);
    } else if (strcmp(op, "get") == 0) {
        struct base_conn conn;
        rc = base_get(b, conn_id, &conn);
        rc = rc || conn.version < 1;
        base_conn_clear(&conn);
    } else {
        struct base_list list;
        rc = base_list(b, project, &list);
        rc = rc || list.count == 0;
        base_list_clear(&list);
    }
    return rc;
}

struct worker {
    pthread_t thread;
    long done;
    int failed;
    double until;
};

/* A thread of the throughput run: libinfisical shares one client between its
 * threads (that is its promise); the baseline gives each thread its own easy
 * handle (libcurl's rule). */
static void *work(void *arg)
{
    struct worker *w = arg;
    struct base_client *b = strcmp(impl, "base") == 0 ? base_client() : NULL;
    while (now_s() < w->until) {
        if (one_call(b ? NULL : shared_client, b)) {
            w->failed = 1;
            break;
        }
        w->done++;
    }
    base_free(b);
    return NULL;
}

static void run_calls(void)
{
    infisical_client *c = strcmp(impl, "lib") == 0 ? (shared_client = lib_client()) : NULL;
    struct base_client *b = c ? NULL : base_client();
    for (int i = 0; i < 3; i++) /* connect, resolve, fill the caches */
        if (one_call(c, b))
            die("a warm-up call failed");
    if (seconds > 0) {
        struct worker w[64];
        double start = now_s();
        for (int i = 0; i < threads; i++) {
            w[i] = (struct worker){.until = start + seconds};
            pthread_create(&w[i].thread, NULL, work, &w[i]);
        }
        long total = 0;
        for (int i = 0; i < threads; i++) {
            pthread_join(w[i].thread, NULL);
            if (w[i].failed)
                die("a call failed");
            total += w[i].done;
        }
        printf("calls=%ld\nper_second=%.1f\n", total, (double)total / (now_s() - start));
    } else {
        bench_count_allocs(1);
        CALLGRIND_TOGGLE_COLLECT;
        for (long i = 0; i < calls; i++)
            if (one_call(c, b))
                die("a call failed");
        CALLGRIND_TOGGLE_COLLECT;
        bench_count_allocs(0);
        printf("calls=%ld\nallocs=%lu\n", calls, bench_allocs());
    }
    base_free(b);
    infisical_client_free(c);
}

static size_t keep(char *data, size_t size, size_t nmemb, void *userp)
{
    char **buf = userp;
    size_t n = size * nmemb, old = *buf ? strlen(*buf) : 0;
    char *grown = realloc(*buf, old + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + old, data, n);
    grown[old + n] = '\0';
    *buf = grown;
    return n;
}

/* Decoding alone: the body comes once over plain libcurl, then each
 * implementation turns it into its structs `calls` times; the fastest run counts. */
static void run_decode(void)
{
    char *body = NULL, u[1024], auth[2048];
    snprintf(u, sizeof u, "%s/api/v1/app-connections/northflank%s%s", url, project ? "?projectId=" : "",
             project ? project : "");
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    CURL *e = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, auth);
    curl_easy_setopt(e, CURLOPT_URL, u);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
    if (curl_easy_perform(e) != CURLE_OK || !body)
        die("could not fetch the list");
    curl_easy_cleanup(e);
    curl_slist_free_all(h);
    size_t len = strlen(body);
    /* Keep freed memory in the heap between runs: otherwise glibc gives the
     * top of the heap back after each run (and serves big blocks by mmap),
     * and each run's page faults depend on how its blocks happened to
     * interleave rather than on the decoder. */
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_MMAP_THRESHOLD, 16 << 20); /* the most glibc takes on 32-bit */
    /* --impl all: the three in turns in this one process, so that they meet
     * the same machine; the fastest run of each counts. */
    static const char *const all[] = {"lib", "base", "json"};
    int every = strcmp(impl, "all") == 0;
    double best[3] = {1e9, 1e9, 1e9};
    for (long i = 0; i < calls; i++) {
        for (int k = 0; k < 3; k++) {
            const char *which = every ? all[k] : impl;
            if (!every && k > 0)
                break;
            double t0 = now_s();
            int rc = 0;
            CALLGRIND_TOGGLE_COLLECT;
            if (strcmp(which, "lib") == 0) {
                infisical_connection_list *list = NULL;
                rc = infisical__decode_connection_list(body, len, 0, &list, NULL);
                infisical_connection_list_free(list);
            } else if (strcmp(which, "base") == 0) {
                struct base_list list;
                rc = base_decode_list(body, len, &list);
                base_list_clear(&list);
            } else {
                json_t *root = json_loadb(body, len, 0, NULL);
                rc = !root;
                json_decref(root);
            }
            CALLGRIND_TOGGLE_COLLECT;
            double t = now_s() - t0;
            if (rc)
                die("decoding failed");
            if (t < best[k])
                best[k] = t;
        }
    }
    printf("bytes=%zu\n", len);
    if (every)
        printf("decode_ms_lib=%.3f\ndecode_ms_base=%.3f\ndecode_ms_json=%.3f\n", best[0] * 1e3, best[1] * 1e3,
               best[2] * 1e3);
    else
        printf("decode_ms=%.3f\n", best[0] * 1e3);
    free(body);
}

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t k = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, k) == 0)
            kb = strtol(line + k, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Peak RSS of one list call: the high-water mark is reset just before it
 * (writing 5 to clear_refs, Linux 4.0 and later). */
static void run_rss(void)
{
    infisical_client *c = strcmp(impl, "lib") == 0 ? lib_client() : NULL;
    struct base_client *b = c ? NULL : base_client();
    const char *saved = op;
    op = "get";
    if (one_call(c, b)) /* connect first: the connection is not the list's cost */
        die("the warm-up call failed");
    op = saved;
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f || fputs("5", f) < 0 || fclose(f) != 0)
        die("cannot reset the peak RSS mark (/proc/self/clear_refs)");
    long before = status_kb("VmRSS:");
    if (one_call(c, b))
        die("the list call failed");
    long peak = status_kb("VmHWM:");
    printf("rss_before_kb=%ld\npeak_kb=%ld\ngrowth_kb=%ld\n", before, peak, peak - before);
    base_free(b);
    infisical_client_free(c);
}

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--impl")) impl = v;
        else if (!strcmp(k, "--op")) op = v;
        else if (!strcmp(k, "--url")) url = v;
        else if (!strcmp(k, "--id")) conn_id = v;
        else if (!strcmp(k, "--project")) project = v;
        else if (!strcmp(k, "--n")) calls = atol(v);
        else if (!strcmp(k, "--seconds")) seconds = atof(v);
        else if (!strcmp(k, "--threads")) threads = atoi(v);
        else die("unknown option");
    }
    token = getenv("BENCH_TOKEN");
    if (!url || !token || threads < 1 || threads > 64)
        die("usage: see the comment at the top of tests/bench/client.c");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (!strcmp(op, "decode"))
        run_decode();
    else if (!strcmp(op, "rss"))
        run_rss();
    else
        run_calls();
    curl_global_cleanup();
    return 0;
}
