/* Caller abuse, generated from the headers: every public function with NULL
 * in each pointer parameter in turn, and every string parameter with CR/LF,
 * TAB, DEL, invalid UTF-8 (three kinds), "" and one byte over each of its limits. Each such
 * call is INFISICAL_EINVAL with nothing sent (the devserver's request counter
 * does not move), unless the header documents it as accepted; then it
 * succeeds. The cases come from tests/integration/gen_abuse.py (run by meson
 * at build time), which holds the exception tables and says why each entry
 * is there. This file holds the live objects the cases use as their valid
 * arguments, and the checks.
 *
 * Every case runs twice: with an error out parameter (the error must say
 * INFISICAL_EINVAL, or be NULL on success) and with err NULL (allowed
 * everywhere). A case whose call goes to the server and must succeed gets a
 * fresh devserver state and fresh objects first.
 *
 * Usage: test_abuse DEVSERVER EXPORTS (tests/abi/exports.txt: every exported
 * function must have cases, so a prototype the generator failed to read
 * fails here). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

/* The Northflank stand-in's project and secret group. */
#define NF_PROJECT "proj-0001"
#define NF_GROUP "group-0001"
/* A PEM bundle as the setter sees it (the setter does not parse it). */
#define ABUSE_PEM "-----BEGIN CERTIFICATE-----\nMIIBabuse\n-----END CERTIFICATE-----\n"

enum { ABUSE_CRLF, ABUSE_TAB, ABUSE_DEL, ABUSE_UTF8, ABUSE_OVERLONG, ABUSE_SURROGATE, ABUSE_EMPTY };

enum {
    ABUSE_EXPECT_EINVAL,       /* INFISICAL_EINVAL, nothing sent */
    ABUSE_EXPECT_EINVAL_LIMIT, /* the same, and the message names the limit */
    ABUSE_EXPECT_OK,           /* INFISICAL_OK: the documented meaning of the value */
    ABUSE_EXPECT_ABSENT,       /* a getter's "absent" result (the case returns 1), nothing sent */
    ABUSE_EXPECT_VOID,         /* a _free given NULL: returns, nothing sent */
    ABUSE_EXPECT_VALUE         /* no pointer parameter: a call with valid arguments works */
};

struct abuse_case {
    const char *function;
    const char *label;
    int expect;
    int sends;   /* takes a client or a Northflank handle: may reach the server */
    int has_err; /* has an `infisical_error **err` parameter */
    int (*run)(infisical_error **err);
};

/* The live objects the cases use as valid arguments. */
static struct {
    infisical_config *cfg, *scratch_cfg;
    infisical_client *client;
    infisical_call_options *opts, *scratch_opts;
    infisical_northflank_params *scratch_nf, *nf_create, *nf_update;
    infisical_sync_params *scratch_sync, *sync_create, *sync_update;
    infisical_connection *conn;
    infisical_connection_list *conn_list;
    infisical_sync *sync;
    infisical_sync_list *sync_list;
    infisical_northflank_api *api;
    infisical_northflank_resources *resources;
    infisical_preflight_report *report;
    infisical_error *error;
    char conn_id[64], conn_name[80], conn_hash[300], sync_id[64], sync_name[80], sync_conn_id[64];
} fx;

/* The limit of the current over-long case, for its message. */
static int64_t abuse_limit;

static int abuse_cancel(void *user)
{
    (void)user;
    return 0;
}

static void abuse_log(void *user, int level, const char *line)
{
    (void)user;
    (void)level;
    (void)line;
}

/* v with the abusive characters in its middle (at an end, trimming would
 * drop the white space ones), or "" for ABUSE_EMPTY. */
static char *abuse_variant(const char *v, int kind)
{
    static const char *const bytes[] = {"\r\n", "\t", "\x7f", "\xff", "\xc0\xaf", "\xed\xa0\x80", ""};
    size_t n = strlen(v), half = n / 2, k = strlen(bytes[kind]);
    char *s = malloc(n + k + 1);
    if (!s)
        fail_msg("out of memory");
    if (kind == ABUSE_EMPTY) {
        s[0] = '\0';
        return s;
    }
    memcpy(s, v, half);
    memcpy(s + half, bytes[kind], k);
    memcpy(s + half + k, v + half, n - half + 1);
    return s;
}

/* prefix, then 'a' up to limit + 1 bytes: too long by one, nothing else wrong. */
static char *abuse_over(const char *prefix, int64_t limit)
{
    size_t n = (size_t)limit + 1, p = strlen(prefix);
    char *s = malloc(n + 1);
    if (!s)
        fail_msg("out of memory");
    memset(s, 'a', n);
    memcpy(s, prefix, p < n ? p : n);
    s[n] = '\0';
    return s;
}

static int abuse_is_absent(int64_t v)
{
    return v == 0 || v == -1 || v == INFISICAL_TIME_ABSENT;
}

static int abuse_is_string(const char *got, const char *want)
{
    return got && strcmp(got, want) == 0;
}

#include "test_abuse_cases.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void fx_free(void)
{
    infisical_config_free(fx.cfg);
    infisical_config_free(fx.scratch_cfg);
    infisical_client_free(fx.client);
    infisical_call_options_free(fx.opts);
    infisical_call_options_free(fx.scratch_opts);
    infisical_northflank_params_free(fx.scratch_nf);
    infisical_northflank_params_free(fx.nf_create);
    infisical_northflank_params_free(fx.nf_update);
    infisical_sync_params_free(fx.scratch_sync);
    infisical_sync_params_free(fx.sync_create);
    infisical_sync_params_free(fx.sync_update);
    infisical_connection_free(fx.conn);
    infisical_connection_list_free(fx.conn_list);
    infisical_sync_free(fx.sync);
    infisical_sync_list_free(fx.sync_list);
    infisical_northflank_api_free(fx.api);
    infisical_northflank_resources_free(fx.resources);
    infisical_preflight_report_free(fx.report);
    infisical_error_free(fx.error);
    memset(&fx, 0, sizeof fx);
}

static infisical_sync_params *sync_params_for(const char *name)
{
    infisical_sync_params *p = NULL;
    infisical_error *err = NULL;
    assert_ok(infisical_sync_params_new(&p, &err), err);
    assert_ok(infisical_sync_params_set_name(p, name, &err), err);
    assert_ok(infisical_sync_params_set_project_id(p, dev.project_id, &err), err);
    assert_ok(infisical_sync_params_set_connection_id(p, fx.sync_conn_id, &err), err);
    assert_ok(infisical_sync_params_set_source(p, "dev", "/app", &err), err);
    assert_ok(infisical_sync_params_set_initial_sync_behavior(p, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, &err),
              err);
    assert_ok(infisical_sync_params_set_auto_sync(p, 0, &err), err);
    assert_ok(infisical_sync_params_set_destination(p, NF_PROJECT, NF_GROUP, NULL, NULL, &err), err);
    return p;
}

/* A clean devserver and one of every object, live on it. */
static void fx_renew(void)
{
    infisical_error *err = NULL;
    fx_free();
    dev_post("/__dev/reset", "{}");
    /* The source folder of the syncs. */
    dev_post("/__dev/secrets", "{\"environment\":\"dev\",\"secretPath\":\"/app\",\"secrets\":{\"K\":\"v\"}}");
    fx.cfg = config_ua();
    assert_ok(infisical_config_set_northflank_url(fx.cfg, dev.url, &err), err);
    assert_ok(infisical_config_new(&fx.scratch_cfg, &err), err);
    assert_ok(infisical_client_new(&fx.client, fx.cfg, &err), err);
    fx.opts = opts_timeout(10000);
    assert_ok(infisical_call_options_new(&fx.scratch_opts, &err), err);

    infisical_northflank_params *p = params_for("abuse-conn", NULL, dev.project_id, NULL);
    assert_ok(infisical_northflank_create(fx.client, p, &fx.conn, fx.opts, &err), err);
    infisical_northflank_params_free(p);
    snprintf(fx.conn_id, sizeof fx.conn_id, "%s", infisical_connection_id(fx.conn));
    snprintf(fx.conn_name, sizeof fx.conn_name, "%s", infisical_connection_name(fx.conn));
    snprintf(fx.conn_hash, sizeof fx.conn_hash, "%s", infisical_connection_credentials_hash(fx.conn));
    assert_ok(infisical_northflank_list(fx.client, NULL, &fx.conn_list, fx.opts, &err), err);

    /* The syncs go through a connection of their own, of the same name at the
     * organization level: fx.conn has no sync (so that it can be deleted),
     * and its name is found with and without a project id. */
    infisical_connection *org_conn = NULL;
    p = params_for(fx.conn_name, NULL, NULL, NULL);
    assert_ok(infisical_northflank_create(fx.client, p, &org_conn, fx.opts, &err), err);
    infisical_northflank_params_free(p);
    snprintf(fx.sync_conn_id, sizeof fx.sync_conn_id, "%s", infisical_connection_id(org_conn));
    infisical_connection_free(org_conn);

    infisical_sync_params *sp = sync_params_for("abuse-sync");
    assert_ok(infisical_northflank_sync_create(fx.client, sp, &fx.sync, fx.opts, &err), err);
    infisical_sync_params_free(sp);
    snprintf(fx.sync_id, sizeof fx.sync_id, "%s", infisical_sync_id(fx.sync));
    snprintf(fx.sync_name, sizeof fx.sync_name, "%s", infisical_sync_name(fx.sync));
    assert_ok(infisical_northflank_sync_list(fx.client, dev.project_id, &fx.sync_list, fx.opts, &err), err);

    assert_ok(infisical_northflank_api_new(&fx.api, fx.cfg, dev.northflank_token, &err), err);
    assert_ok(infisical_northflank_api_list_projects(fx.api, &fx.resources, fx.opts, &err), err);
    assert_ok(infisical_northflank_api_preflight(fx.api, 0, &fx.report, fx.opts, &err), err);
    infisical_connection *none = NULL;
    assert_int_equal(infisical_northflank_get(fx.client, "00000000-0000-4000-8000-000000000000", &none, fx.opts,
                                              &fx.error),
                     INFISICAL_ENOTFOUND);

    fx.scratch_nf = params_for(NULL, NULL, NULL, NULL);
    fx.nf_create = params_for("abuse-new", "made by a case", dev.project_id, NULL);
    assert_ok(infisical_northflank_params_new(&fx.nf_update, &err), err);
    assert_ok(infisical_northflank_params_set_description(fx.nf_update, "changed by a case", &err), err);
    assert_ok(infisical_sync_params_new(&fx.scratch_sync, &err), err);
    fx.sync_create = sync_params_for("abuse-new-sync");
    assert_ok(infisical_sync_params_new(&fx.sync_update, &err), err);
    assert_ok(infisical_sync_params_set_description(fx.sync_update, "changed by a case", &err), err);
}

static const char *expect_name(int expect)
{
    static const char *const names[] = {"INFISICAL_EINVAL, nothing sent", "INFISICAL_EINVAL naming the limit",
                                        "INFISICAL_OK", "the absent value", "a return", "a valid result"};
    return names[expect];
}

/* Run case c once, with an error out parameter or without; 0 when it did
 * what it must, else 1 (and says why). */
static int run_case(const struct abuse_case *c, int with_err)
{
    int must_succeed = c->expect == ABUSE_EXPECT_OK || c->expect == ABUSE_EXPECT_VALUE;
    if (must_succeed && c->sends)
        fx_renew();
    infisical_error *e = NULL;
    abuse_limit = -1;
    long before = dev_state("requests");
    int rc = c->run(with_err ? &e : NULL);
    long sent = dev_state("requests") - before;
    char why[512] = "";
    switch (c->expect) {
    case ABUSE_EXPECT_EINVAL:
    case ABUSE_EXPECT_EINVAL_LIMIT:
        if (rc != INFISICAL_EINVAL)
            snprintf(why, sizeof why, "returned %d (%s)", rc, infisical_status_name(rc));
        else if (with_err && infisical_error_code(e) != INFISICAL_EINVAL)
            snprintf(why, sizeof why, "its error says %d", infisical_error_code(e));
        else if (with_err && infisical_error_message(e)[0] == '\0')
            snprintf(why, sizeof why, "its error has no message");
        else if (with_err && c->expect == ABUSE_EXPECT_EINVAL_LIMIT) {
            char limit[32];
            snprintf(limit, sizeof limit, "%" PRId64, abuse_limit);
            if (!strstr(infisical_error_message(e), limit))
                snprintf(why, sizeof why, "its message does not name the limit %s: %s", limit,
                         infisical_error_message(e));
        }
        if (sent != 0) {
            size_t used = strlen(why);
            snprintf(why + used, sizeof why - used, "%ssent %ld requests", used ? "; " : "", sent);
        }
        break;
    case ABUSE_EXPECT_OK:
        if (rc != INFISICAL_OK)
            snprintf(why, sizeof why, "returned %d: %s", rc, with_err ? infisical_error_message(e) : "(no error asked)");
        else if (e)
            snprintf(why, sizeof why, "succeeded but left an error");
        break;
    case ABUSE_EXPECT_ABSENT:
    case ABUSE_EXPECT_VOID:
    case ABUSE_EXPECT_VALUE:
        if (rc != (c->expect == ABUSE_EXPECT_VOID ? 0 : 1))
            snprintf(why, sizeof why, "gave another result");
        else if (c->expect != ABUSE_EXPECT_VALUE && sent != 0)
            snprintf(why, sizeof why, "sent %ld requests", sent);
        break;
    }
    infisical_error_free(e);
    if (!why[0])
        return 0;
    print_message("FAIL %s(%s) %s: expected %s, %s\n", c->function, c->label, with_err ? "with err" : "err NULL",
                  expect_name(c->expect), why);
    return 1;
}

static void test_every_case(void **state)
{
    (void)state;
    fx_renew();
    size_t failed = 0, by_expect[6] = {0};
    for (size_t i = 0; i < COUNT(abuse_cases); i++) {
        failed += (size_t)run_case(&abuse_cases[i], 0);
        if (abuse_cases[i].has_err)
            failed += (size_t)run_case(&abuse_cases[i], 1);
        by_expect[abuse_cases[i].expect]++;
    }
    fx_free();
    print_message("%zu cases over %zu functions (each run with and without err): %zu refused with "
                  "INFISICAL_EINVAL (%zu of them over a limit), %zu accepted as documented, %zu getters "
                  "absent, %zu frees of NULL, %zu plain calls\n",
                  COUNT(abuse_cases), COUNT(abuse_functions), by_expect[ABUSE_EXPECT_EINVAL] +
                  by_expect[ABUSE_EXPECT_EINVAL_LIMIT], by_expect[ABUSE_EXPECT_EINVAL_LIMIT],
                  by_expect[ABUSE_EXPECT_OK], by_expect[ABUSE_EXPECT_ABSENT], by_expect[ABUSE_EXPECT_VOID],
                  by_expect[ABUSE_EXPECT_VALUE]);
    if (failed)
        fail_msg("%zu runs of the abuse cases failed (listed above)", failed);
}

static const char *exports_path;

/* Every exported function has cases, and every function with cases is exported. */
static void test_every_export_has_cases(void **state)
{
    (void)state;
    FILE *f = fopen(exports_path, "r");
    if (!f)
        fail_msg("cannot open %s", exports_path);
    char line[256];
    size_t exports = 0, missing = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        exports++;
        size_t cases = 0;
        for (size_t i = 0; i < COUNT(abuse_cases); i++)
            cases += strcmp(abuse_cases[i].function, line) == 0;
        if (!cases) {
            print_message("exported function %s has no abuse case\n", line);
            missing++;
        }
    }
    fclose(f);
    assert_int_equal(missing, 0);
    assert_int_equal(exports, COUNT(abuse_functions));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_abuse DEVSERVER EXPORTS\n");
        return 2;
    }
    exports_path = argv[2];
    dev_start(argv[1], NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_export_has_cases),
        cmocka_unit_test(test_every_case),
    };
    int failed = cmocka_run_group_tests_name("integration-abuse", tests, NULL, NULL);
    dev_stop();
    return failed;
}
