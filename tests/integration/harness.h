/* Integration tests: start infisical-devserver, talk to its control API. */
#ifndef INFISICAL_TEST_HARNESS_H
#define INFISICAL_TEST_HARNESS_H

#include <stddef.h>

#include <infisical/infisical.h>

/* What the devserver printed when it started. */
struct devserver {
    int pid;
    char url[256];
    char client_id[128];
    char client_secret[160];
    char readonly_client_id[128];
    char readonly_client_secret[160];
    char access_token[1024];
    char org_id[64];
    char project_id[64];
    char northflank_token[256];
};

extern struct devserver dev;

/* Start the devserver named by argv[1] (meson passes its path) with extra args
 * as `dev`, the one the control functions talk to; exit(1) on failure. */
void dev_start(const char *path, const char *const *extra_args);
void dev_stop(void);
/* Another devserver (e.g. an HTTPS one). */
void devserver_start(struct devserver *d, const char *path, const char *const *extra_args);
void devserver_stop(struct devserver *d);

/* POST a JSON body to a control endpoint ("/__dev/reset"); aborts the test on failure. */
void dev_post(const char *control_path, const char *json);
/* Read one counter of GET /__dev/state ("logins", "renews", "requests", ...). */
long dev_state(const char *counter);
/* How many API requests the devserver refused with this status (refusedByStatus; 0 when none). */
long dev_refused(int status);
/* Log in as the admin identity directly (not through the library) and copy the access token. */
void dev_login(char *token, size_t cap);
/* Copy a string of GET /__dev/state ("lastUserAgent", "lastOrg"). */
void dev_state_string(const char *key, char *out, size_t cap);
/* Forget every queued fault. */
void dev_clear_faults(void);
/* Queue faults: dev_faults("[{\"status\":503}]"). */
void dev_faults(const char *json_array);

/* A config for `dev` with the admin identity's Universal Auth and the log captured. */
infisical_config *config_ua(void);
/* A client from cfg (which is freed). */
infisical_client *client_from(infisical_config *cfg);
/* A client with Universal Auth (admin identity) / a fixed token / the given credentials / no retries. */
infisical_client *client_ua(void);
infisical_client *client_token(const char *token);
infisical_client *client_with(const char *client_id, const char *client_secret, int64_t timeout_ms);
infisical_client *client_no_retry(void);

/* The log callback every harness client has; the lines are kept. */
void capture_log(void *user, int level, const char *line);
const char *captured_log(void);
/* Fail unless the log is non-empty and holds no secret the devserver ever issued or accepted. */
void assert_log_has_no_secret(void);
/* Fail if text holds any secret the devserver ever issued or accepted. */
void assert_no_secret_in(const char *what, const char *text);
/* The same as the last test of a program: cmocka_unit_test(test_log_holds_no_secret). */
void test_log_holds_no_secret(void **state);

/* Params for a create: name, description (may be NULL: not set), token (NULL: the accepted one). */
infisical_northflank_params *params_for(const char *name, const char *description, const char *project_id,
                                        const char *token);

/* Any request to the devserver (the Northflank stand-in with a bearer token,
 * say), on a connection of its own; returns the HTTP status, the body in reply. */
long dev_request(const char *method, const char *path, const char *bearer, const char *json, char *reply, size_t cap);

/* Per-call options with a deadline of timeout_ms (free with infisical_call_options_free). */
infisical_call_options *opts_timeout(int64_t timeout_ms);

/* cmocka group setup/teardown: reset state before each test. */
int reset_state(void **state);

/* Fail the test with the error's message when rc is not INFISICAL_OK. */
#define assert_ok(rc, err)                                                                   \
    do {                                                                                     \
        int rc_ = (rc);                                                                      \
        if (rc_ != INFISICAL_OK)                                                             \
            fail_msg("%s: %d %s", #rc, rc_, infisical_error_message(err));                  \
    } while (0)

#endif
