/* The benchmark: libinfisical against a hand-written libcurl + jansson client
 * (baseline.c), side by side, on a local devserver. It prints figures and
 * ratios; it never passes or fails on them (a noisy machine would make that
 * a coin toss). Only a broken run (a call that fails) exits non-zero.
 *
 *   bench [--quick] DEVSERVER BENCH_CLIENT BENCH_CLIENT_COUNTED [VALGRIND]
 *
 * `meson compile -C build bench` (or `ninja -C build bench`) runs it with the
 * paths filled in; `ninja -C build bench-quick` is the smoke run CI keeps. */
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <infisical/infisical.h>

#include "harness.h"

static const char *client_path, *counted_path, *valgrind_path;
static int quick;
static struct devserver srv;
static char conn_id[64];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    devserver_stop(&srv);
    exit(1);
}

/* ---- seeding, through the library ---- */

struct seeder {
    pthread_t thread;
    int from, to;
    int failed;
};

static void *seed(void *arg)
{
    struct seeder *s = arg;
    infisical_config *cfg = NULL;
    infisical_client *c = NULL;
    infisical_error *err = NULL;
    if (infisical_config_new(&cfg, &err) || infisical_config_set_base_url(cfg, srv.url, &err) ||
        infisical_config_set_access_token(cfg, srv.access_token, &err) || infisical_client_new(&c, cfg, &err)) {
        s->failed = 1;
        infisical_error_free(err);
        infisical_config_free(cfg);
        return NULL;
    }
    infisical_config_free(cfg);
    for (int i = s->from; i < s->to && !s->failed; i++) {
        char name[32];
        snprintf(name, sizeof name, "bench-%05d", i);
        infisical_northflank_params *p = NULL;
        infisical_connection *conn = NULL;
        /* The first 50 belong to the project (the 50-item list), the rest to the org. */
        if (infisical_northflank_params_new(&p, &err) || infisical_northflank_params_set_name(p, name, &err) ||
            infisical_northflank_params_set_description(p, "a connection the benchmark made", &err) ||
            (i < 50 && infisical_northflank_params_set_project_id(p, srv.project_id, &err)) ||
            infisical_northflank_params_set_api_token(p, srv.northflank_token, &err) ||
            infisical_northflank_create(c, p, &conn, NULL, &err)) {
            fprintf(stderr, "bench: seeding %s: %s\n", name, infisical_error_message(err));
            s->failed = 1;
        } else if (i == 0) {
            snprintf(conn_id, sizeof conn_id, "%s", infisical_connection_id(conn));
        }
        infisical_error_free(err);
        err = NULL;
        infisical_connection_free(conn);
        infisical_northflank_params_free(p);
    }
    infisical_client_free(c);
    return NULL;
}

/* Connections [from, to) in four threads. */
static void seed_range(int from, int to)
{
    struct seeder s[4];
    int n = 4, per = (to - from + n - 1) / n;
    for (int i = 0; i < n; i++) {
        s[i] = (struct seeder){.from = from + i * per, .to = from + (i + 1) * per < to ? from + (i + 1) * per : to};
        pthread_create(&s[i].thread, NULL, seed, &s[i]);
    }
    int failed = 0;
    for (int i = 0; i < n; i++) {
        pthread_join(s[i].thread, NULL);
        failed |= s[i].failed;
    }
    if (failed)
        die("seeding failed");
}

/* ---- running bench-client ---- */

struct result {
    char text[4096];
};

/* Run argv (NULL-terminated), its stdout into r; die unless it exits 0. */
static void run(const char *const *argv, struct result *r)
{
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t got;
    while ((got = read(fds[0], r->text + len, sizeof r->text - 1 - len)) > 0)
        len += (size_t)got;
    r->text[len] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench: %s %s %s %s %s failed\n", argv[0], argv[1], argv[2], argv[3], argv[4]);
        die("a measurement failed");
    }
}

static double value(const struct result *r, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = r->text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, key, k) == 0 && p[k] == '=')
            return atof(p + k + 1);
    die("a measurement printed no figure");
    return 0;
}

/* The client's arguments after its path: impl, op, project (may be NULL), then extra pairs. */
static void client_args(const char **argv, size_t *n, const char *impl, const char *op, const char *project)
{
    argv[(*n)++] = "--impl";
    argv[(*n)++] = impl;
    argv[(*n)++] = "--op";
    argv[(*n)++] = op;
    argv[(*n)++] = "--url";
    argv[(*n)++] = srv.url;
    argv[(*n)++] = "--id";
    argv[(*n)++] = conn_id;
    if (project) {
        argv[(*n)++] = "--project";
        argv[(*n)++] = project;
    }
}

/* Instructions per call under callgrind, counted only inside the measured loop. */
static double instructions(const char *impl, const char *op, const char *project, long calls)
{
    if (!valgrind_path)
        return -1;
    char out[64], count[32];
    snprintf(out, sizeof out, "/tmp/bench-callgrind.%d", (int)getpid());
    snprintf(count, sizeof count, "%ld", calls);
    char out_arg[96];
    snprintf(out_arg, sizeof out_arg, "--callgrind-out-file=%s", out);
    const char *argv[40] = {valgrind_path, "--tool=callgrind", "--collect-atstart=no", out_arg, "-q", client_path};
    size_t n = 6;
    client_args(argv, &n, impl, op, project);
    argv[n++] = "--n";
    argv[n++] = count;
    argv[n] = NULL;
    struct result r;
    run(argv, &r);
    FILE *f = fopen(out, "r");
    char line[512];
    double total = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "totals:", 7) == 0 || strncmp(line, "summary:", 8) == 0)
            total = atof(line + (line[0] == 't' ? 7 : 8));
    if (f)
        fclose(f);
    unlink(out);
    if (total < 0)
        die("no totals in callgrind's output");
    return total / (double)calls;
}

/* Run `program` for `calls` calls of impl's op. */
static void run_calls(const char *program, const char *impl, const char *op, const char *project, long calls,
                      struct result *r)
{
    char count[32];
    snprintf(count, sizeof count, "%ld", calls);
    const char *argv[40] = {program};
    size_t n = 1;
    client_args(argv, &n, impl, op, project);
    argv[n++] = "--n";
    argv[n++] = count;
    argv[n] = NULL;
    run(argv, r);
}

static double allocations(const char *impl, const char *op, const char *project, long calls)
{
    struct result r;
    run_calls(counted_path, impl, op, project, calls, &r);
    return value(&r, "allocs") / (double)calls;
}

static double per_second(const char *impl, const char *op, const char *project, int threads, double secs)
{
    char t[16], s[32];
    snprintf(t, sizeof t, "%d", threads);
    snprintf(s, sizeof s, "%.2f", secs);
    const char *argv[40] = {client_path};
    size_t n = 1;
    client_args(argv, &n, impl, op, project);
    argv[n++] = "--threads";
    argv[n++] = t;
    argv[n++] = "--seconds";
    argv[n++] = s;
    argv[n] = NULL;
    struct result r;
    run(argv, &r);
    return value(&r, "per_second");
}

/* Calls per second of both, best of `rounds` runs taken in turns, so that a
 * burst of load from elsewhere on the machine hits both alike. */
static void per_second_pair(const char *op, const char *project, int threads, double secs, int rounds, double *lib,
                            double *base)
{
    *lib = *base = 0;
    for (int r = 0; r < rounds; r++) {
        double l = per_second("lib", op, project, threads, secs), b = per_second("base", op, project, threads, secs);
        if (l > *lib)
            *lib = l;
        if (b > *base)
            *base = b;
    }
}

/* ---- the table ---- */

static void row(const char *what, double lib, double base, const char *unit, const char *target)
{
    if (lib < 0 || base < 0) {
        printf("| %-38s | %14s | %14s | %6s | %-16s |\n", what, "n/a", "n/a", "n/a", target);
        return;
    }
    char l[32], b[32];
    snprintf(l, sizeof l, "%.1f%s", lib, unit);
    snprintf(b, sizeof b, "%.1f%s", base, unit);
    printf("| %-38s | %14s | %14s | %6.3f | %-16s |\n", what, l, b, base > 0 ? lib / base : 0.0, target);
}

int main(int argc, char **argv)
{
    int a = 1;
    if (a < argc && strcmp(argv[a], "--quick") == 0) {
        quick = 1;
        a++;
    }
    if (argc - a < 3) {
        fprintf(stderr, "usage: bench [--quick] DEVSERVER BENCH_CLIENT BENCH_CLIENT_COUNTED [VALGRIND]\n");
        return 2;
    }
    client_path = argv[a + 1];
    counted_path = argv[a + 2];
    valgrind_path = argc - a > 3 && argv[a + 3][0] ? argv[a + 3] : NULL;
    double t0 = now_s();
    setvbuf(stdout, NULL, _IOLBF, 0); /* a row as soon as it is measured */

    devserver_start(&srv, argv[a], NULL);
    setenv("BENCH_TOKEN", srv.access_token, 1); /* the clients read it there, never from argv */
    const int big = quick ? 1000 : 10000;
    const long n_get = quick ? 10 : 200, n_list = quick ? 5 : 100, n_decode = quick ? 2 : 7;
    const double secs = quick ? 0.3 : 1.5;
    const int rounds = quick ? 1 : 3;
    seed_range(0, 50);

    struct utsname u;
    uname(&u);
    printf("libinfisical %s against a hand-written libcurl + jansson client (tests/bench/baseline.c)\n",
           infisical_version());
    printf("%s %s, %ld CPUs online, libcurl %s, jansson %s%s\n\n", u.sysname, u.release, sysconf(_SC_NPROCESSORS_ONLN),
           curl_version_info(CURLVERSION_NOW)->version, JANSSON_VERSION, quick ? "; QUICK: smoke run, figures are rough" : "");
    printf("| %-38s | %14s | %14s | %6s | %-16s |\n", "measure", "libinfisical", "hand-written", "ratio", "target");
    printf("|%s|%s|%s|%s|%s|\n", "----------------------------------------", "----------------", "----------------",
           "--------", "------------------");

    const char *p = srv.project_id;
    row("instructions per get-by-id", instructions("lib", "get", NULL, n_get), instructions("base", "get", NULL, n_get),
        "", "<= 1.05");
    row("instructions per list (50 items)", instructions("lib", "list", p, n_list),
        instructions("base", "list", p, n_list), "", "<= 1.03");
    double al = allocations("lib", "get", NULL, n_get), ab = allocations("base", "get", NULL, n_get);
    char target[32];
    snprintf(target, sizeof target, "<= %.0f (base+10)", ab + 10);
    row("allocations per get-by-id", al, ab, "", target);
    row("allocations per list (50 items)", allocations("lib", "list", p, n_list), allocations("base", "list", p, n_list),
        "", "");
    double l, b;
    char what[80];
    per_second_pair("list", p, 1, secs, rounds, &l, &b);
    row("lists (50) per second, 1 thread", l, b, "", "");

    /* The threads too run before the big seeding, so that every per-call
     * figure meets the same server (a store of 50 connections). */
    static const int thread_counts[] = {1, 2, 4, 8};
    for (size_t i = 0; i < 4; i++) {
        snprintf(what, sizeof what, "gets per second, %d thread%s", thread_counts[i], thread_counts[i] > 1 ? "s" : "");
        per_second_pair("get", NULL, thread_counts[i], secs, rounds, &l, &b);
        row(what, l, b, "", "");
    }
    seed_range(50, big);
    struct result lr, br, jr;
    run_calls(client_path, "all", "decode", NULL, n_decode, &jr);
    snprintf(what, sizeof what, "decoding a %d-item list (%.1f MB)", big, value(&jr, "bytes") / 1e6);
    row(what, value(&jr, "decode_ms_lib"), value(&jr, "decode_ms_base"), " ms", "");
    row("  the same, against json_loadb alone", value(&jr, "decode_ms_lib"), value(&jr, "decode_ms_json"), " ms", "");
    if (!quick) {
        row("  instructions per decode", instructions("lib", "decode", NULL, 1), instructions("base", "decode", NULL, 1),
            "", "");
        row("  against json_loadb alone", instructions("lib", "decode", NULL, 1), instructions("json", "decode", NULL, 1),
            "", "");
    }
    run_calls(client_path, "lib", "rss", NULL, 1, &lr);
    run_calls(client_path, "base", "rss", NULL, 1, &br);
    snprintf(what, sizeof what, "peak RSS of a %d-item list call", big);
    row(what, value(&lr, "peak_kb") / 1024, value(&br, "peak_kb") / 1024, " MiB", "<= 1.05");
    row("  growth during the call", value(&lr, "growth_kb") / 1024, value(&br, "growth_kb") / 1024, " MiB", "");
    printf("\nlibinfisical's threads share one client; the hand-written client's each have their own easy handle.\n"
           "Calls per second: the best of %d runs each, taken in turns; wall-clock figures move with the load on the "
           "machine,\ninstructions (callgrind) and allocations do not.\n", rounds);
    if (!valgrind_path)
        printf("valgrind was not found: no instruction counts.\n");
    printf("%.1f s in all\n", now_s() - t0);
    devserver_stop(&srv);
    return 0;
}
