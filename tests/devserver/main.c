/* infisical-devserver: a local Infisical-compatible API server for libinfisical's
 * tests. This file: options, startup, the printed environment, shutdown. */
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "http.h"
#include "store.h"
#include "syncs.h"
#include "util.h"

static void usage(FILE *to)
{
    fprintf(to,
            "usage: infisical-devserver [--port N] [--tls-cert FILE --tls-key FILE]\n"
            "                           [--token-ttl SECONDS] [--token-max-ttl SECONDS]\n"
            "                           [--renew-clamps] [--verbose]\n");
}

static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    long long v;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    if (f == NULL)
        return NULL;
    do {
        if (cap - len < 4096) {
            cap = cap ? 2 * cap : 8192;
            buf = ds_xrealloc(buf, cap + 1);
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

int main(int argc, char **argv)
{
    long long port = 0, ttl = 2592000, max_ttl = 2592000;
    const char *cert_path = NULL, *key_path = NULL;
    char *cert = NULL, *key = NULL;
    int verbose = 0, renew_clamps = 0, i, sig, bound;
    sigset_t stop_signals;
    struct MHD_Daemon *d;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(a, "--renew-clamps") == 0) {
            renew_clamps = 1;
        } else if (strcmp(a, "--port") == 0 && next && parse_int(next, 0, 65535, &port)) {
            i++;
        } else if (strcmp(a, "--token-ttl") == 0 && next && parse_int(next, 0, 315360000, &ttl)) {
            i++;
        } else if (strcmp(a, "--token-max-ttl") == 0 && next && parse_int(next, 0, 315360000, &max_ttl)) {
            i++;
        } else if (strcmp(a, "--tls-cert") == 0 && next) {
            cert_path = next;
            i++;
        } else if (strcmp(a, "--tls-key") == 0 && next) {
            key_path = next;
            i++;
        } else {
            fprintf(stderr, "infisical-devserver: bad argument: %s\n", a);
            usage(stderr);
            return 2;
        }
    }
    if ((cert_path == NULL) != (key_path == NULL)) {
        fprintf(stderr, "infisical-devserver: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (cert_path != NULL) {
        cert = read_file(cert_path);
        key = read_file(key_path);
        if (cert == NULL || key == NULL) {
            fprintf(stderr, "infisical-devserver: cannot read %s\n", cert == NULL ? cert_path : key_path);
            free(cert);
            ds_wipe_free(key);
            return 2;
        }
    }

    ds_util_init();
    ds_store_init(ttl, max_ttl, renew_clamps);

    /* Blocked before the daemon starts, so every libmicrohttpd thread inherits the
     * mask and only sigwait() below sees SIGTERM/SIGINT. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    d = ds_http_start((int)port, cert, key, verbose);
    if (d == NULL) {
        fprintf(stderr, "infisical-devserver: cannot serve on 127.0.0.1:%lld%s\n", port,
                cert ? " (TLS: check the certificate and key)" : "");
        ds_store_free();
        ds_util_cleanup();
        free(cert);
        ds_wipe_free(key);
        return 1;
    }
    bound = ds_http_port(d);
    if (ds_hostile_start() != 0) {
        fprintf(stderr, "infisical-devserver: cannot open the hostile listener on 127.0.0.1\n");
        MHD_stop_daemon(d);
        ds_store_free();
        ds_util_cleanup();
        free(cert);
        ds_wipe_free(key);
        return 1;
    }
    ds_jobs_start();

    ds_lock();
    printf("INFISICAL_API_URL=%s://127.0.0.1:%d\n", cert ? "https" : "http", bound);
    printf("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=%s\n", g.ident[DS_IDENTITY_ADMIN].client_id);
    printf("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=%s\n", g.ident[DS_IDENTITY_ADMIN].client_secret);
    printf("INFISICAL_DEV_READONLY_CLIENT_ID=%s\n", g.ident[DS_IDENTITY_READONLY].client_id);
    printf("INFISICAL_DEV_READONLY_CLIENT_SECRET=%s\n", g.ident[DS_IDENTITY_READONLY].client_secret);
    printf("INFISICAL_DEV_ACCESS_TOKEN=%s\n", g.dev_token);
    printf("INFISICAL_DEV_ORG_ID=%s\n", g.org_id);
    printf("INFISICAL_DEV_PROJECT_ID=%s\n", g.project_id);
    printf("INFISICAL_DEV_NORTHFLANK_TOKEN=%s\n", g.startup_nf_token);
    printf("INFISICAL_DEV_READY=1\n");
    fflush(stdout);
    ds_unlock();

    for (;;) {
        if (sigwait(&stop_signals, &sig) == 0 && (sig == SIGTERM || sig == SIGINT))
            break;
    }

    /* Sleepers first (a fault's delay, a job fault's), then the worker, then the
     * connections: nothing waits on a timer once SIGTERM has arrived. */
    ds_wake_sleepers();
    ds_hostile_stop();
    ds_jobs_stop();
    MHD_stop_daemon(d);
    ds_store_free();
    ds_util_cleanup();
    free(cert);
    ds_wipe_free(key);
    return 0;
}
