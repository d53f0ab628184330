/* The control API for tests under /__dev: no auth, no faults, no counting. Its
 * errors are {"statusCode","error","message"}; it is ours, not Infisical's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chaos.h"
#include "hostile.h"
#include "http.h"
#include "store.h"
#include "syncs.h"
#include "util.h"

static void dev_error(ds_reply *r, int status, const char *message)
{
    json_t *o = json_object();
    json_t *m = json_string(message);
    json_object_set_new(o, "statusCode", json_integer(status));
    json_object_set_new(o, "error", json_string(status == 404 ? "Not Found" : "Bad Request"));
    json_object_set_new(o, "message", m ? m : json_string("invalid request"));
    ds_reply_json(r, status, o);
}

static void dev_errorf(ds_reply *r, const char *fmt, const char *arg)
{
    char *msg = ds_printf(fmt, arg);
    dev_error(r, 400, msg);
    free(msg);
}

static void dev_ok(ds_reply *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_true());
    ds_reply_json(r, 200, o);
}

/* The body as a JSON object; an empty body counts as {}. NULL after filling r. */
static json_t *dev_body(const ds_call *c, ds_reply *r)
{
    json_t *b;
    if (c->body_too_large) {
        dev_error(r, 400, "body too large");
        return NULL;
    }
    if (c->body_len == 0)
        return json_object();
    b = json_loadb(c->body, c->body_len, 0, NULL);
    if (!json_is_object(b)) {
        json_decref(b);
        dev_error(r, 400, "body must be a JSON object");
        return NULL;
    }
    return b;
}

static int nonneg_int(const json_t *v, json_int_t max)
{
    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= max;
}

/* Lock held. */
static void settings_reply(ds_reply *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "accessTokenTTL", json_integer(g.cur.ttl_s));
    json_object_set_new(o, "accessTokenMaxTTL", json_integer(g.cur.max_ttl_s));
    json_object_set_new(o, "northflankOffered", json_boolean(g.cur.northflank_offered));
    /* The accepted tokens are test secrets: only their number is shown. */
    json_object_set_new(o, "northflankTokenCount", json_integer((json_int_t)g.cur.n_nf_tokens));
    json_object_set_new(o, "readLimit", json_integer(g.cur.read_limit));
    json_object_set_new(o, "writeLimit", json_integer(g.cur.write_limit));
    json_object_set_new(o, "renewClampsToMaxTTL", json_boolean(g.cur.renew_clamps));
    json_object_set_new(o, "echoSecrets", json_boolean(g.cur.echo_secrets));
    json_object_set_new(o, "syncJobDelayMs", json_integer(g.cur.sync_job_delay_ms));
    json_object_set_new(o, "syncRetryBaseMs", json_integer(g.cur.sync_retry_base_ms));
    json_object_set_new(o, "blockDuplicateSyncDestinations", json_boolean(g.cur.block_duplicate_destinations));
    json_object_set_new(o, "secretSyncLimit", json_integer(g.cur.secret_sync_limit));
    json_object_set_new(o, "chaos", ds_chaos_json());
    ds_reply_json(r, 200, o);
}

/* Every key is checked before any is applied, so a bad request changes nothing. */
static void dev_settings(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    const char *key;
    json_t *v;
    size_t i;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "accessTokenTTL") == 0 || strcmp(key, "accessTokenMaxTTL") == 0) {
            /* Infisical's range for both (contract 5.2). */
            if (!nonneg_int(v, 315360000)) {
                dev_errorf(r, "%s must be an integer from 0 to 315360000", key);
                goto out;
            }
        } else if (strcmp(key, "readLimit") == 0 || strcmp(key, "writeLimit") == 0) {
            if (!nonneg_int(v, 1000000000)) {
                dev_errorf(r, "%s must be a non-negative integer", key);
                goto out;
            }
        } else if (strcmp(key, "syncJobDelayMs") == 0) {
            /* Up to ten minutes: enough to hold a job pending for any test. */
            if (!nonneg_int(v, 600000)) {
                dev_error(r, 400, "syncJobDelayMs must be an integer from 0 to 600000");
                goto out;
            }
        } else if (strcmp(key, "secretSyncLimit") == 0) {
            if (!nonneg_int(v, 1000000)) {
                dev_error(r, 400, "secretSyncLimit must be an integer from 0 (no cap) to 1000000");
                goto out;
            }
        } else if (strcmp(key, "blockDuplicateSyncDestinations") == 0) {
            if (!json_is_boolean(v)) {
                dev_error(r, 400, "blockDuplicateSyncDestinations must be a boolean");
                goto out;
            }
        } else if (strcmp(key, "syncRetryBaseMs") == 0) {
            if (!nonneg_int(v, 60000)) {
                dev_error(r, 400, "syncRetryBaseMs must be an integer from 0 to 60000");
                goto out;
            }
        } else if (strcmp(key, "northflankOffered") == 0 || strcmp(key, "renewClampsToMaxTTL") == 0 ||
                   strcmp(key, "echoSecrets") == 0) {
            if (!json_is_boolean(v)) {
                dev_errorf(r, "%s must be a boolean", key);
                goto out;
            }
        } else if (strcmp(key, "chaos") == 0) {
            const char *problem = ds_chaos_problem(v);
            if (problem != NULL) {
                dev_error(r, 400, problem);
                goto out;
            }
        } else if (strcmp(key, "northflankTokens") == 0) {
            json_t *t;
            if (!json_is_array(v)) {
                dev_error(r, 400, "northflankTokens must be an array of strings");
                goto out;
            }
            json_array_foreach(v, i, t) {
                if (!json_is_string(t) || json_string_value(t)[0] == '\0') {
                    dev_error(r, 400, "northflankTokens must be an array of non-empty strings");
                    goto out;
                }
            }
        } else {
            dev_errorf(r, "unknown setting %s", key);
            goto out;
        }
    }

    ds_lock();
    if ((v = json_object_get(b, "accessTokenTTL")) != NULL)
        g.cur.ttl_s = json_integer_value(v);
    if ((v = json_object_get(b, "accessTokenMaxTTL")) != NULL)
        g.cur.max_ttl_s = json_integer_value(v);
    if ((v = json_object_get(b, "northflankOffered")) != NULL)
        g.cur.northflank_offered = json_is_true(v);
    if ((v = json_object_get(b, "renewClampsToMaxTTL")) != NULL)
        g.cur.renew_clamps = json_is_true(v);
    if ((v = json_object_get(b, "echoSecrets")) != NULL)
        g.cur.echo_secrets = json_is_true(v);
    if ((v = json_object_get(b, "syncJobDelayMs")) != NULL)
        g.cur.sync_job_delay_ms = json_integer_value(v);
    if ((v = json_object_get(b, "syncRetryBaseMs")) != NULL)
        g.cur.sync_retry_base_ms = json_integer_value(v);
    if ((v = json_object_get(b, "secretSyncLimit")) != NULL)
        g.cur.secret_sync_limit = json_integer_value(v);
    if ((v = json_object_get(b, "blockDuplicateSyncDestinations")) != NULL)
        g.cur.block_duplicate_destinations = json_is_true(v);
    if ((v = json_object_get(b, "readLimit")) != NULL) {
        g.cur.read_limit = json_integer_value(v);
        memset(&g.rl_read, 0, sizeof g.rl_read);
    }
    if ((v = json_object_get(b, "writeLimit")) != NULL) {
        g.cur.write_limit = json_integer_value(v);
        memset(&g.rl_write, 0, sizeof g.rl_write);
    }
    if ((v = json_object_get(b, "chaos")) != NULL)
        ds_chaos_set(v);
    if ((v = json_object_get(b, "northflankTokens")) != NULL) {
        /* Kept from before the Northflank stand-in had permissions: the list
         * replaces every token, and each listed one can do everything. */
        json_t *t;
        ds_nf_tokens_clear();
        json_array_foreach(v, i, t) {
            ds_nf_token_set(json_string_value(t), DS_NF_ALL_PERMS);
        }
    }
    settings_reply(r);
    ds_unlock();
out:
    json_decref(b);
}

static void clock_reply(ds_reply *r)
{
    json_t *o = json_object();
    char now[32];
    ds_iso8601(ds_now_ms(), now);
    json_object_set_new(o, "offsetSeconds", json_real((double)g.clock_offset_ms / 1000.0));
    json_object_set_new(o, "now", json_string(now));
    ds_reply_json(r, 200, o);
}

static void dev_clock(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *v;
    double secs;
    if (b == NULL)
        return;
    v = json_object_get(b, "advanceSeconds");
    /* JSON has no NaN or infinity; the upper bound keeps the offset in int64 range. */
    if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1e10) {
        dev_error(r, 400, "advanceSeconds must be a non-negative number");
        json_decref(b);
        return;
    }
    secs = json_number_value(v);
    ds_lock();
    g.clock_offset_ms += (int64_t)(secs * 1000.0 + 0.5);
    clock_reply(r);
    ds_unlock();
    json_decref(b);
}

static int header_name_ok(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("!#$%&'*+-.^_`|~", *s) != NULL))
            return 0;
    return 1;
}

/* NULL if the fault object is usable, else a message about the key at fault;
 * *unknown is set when that key is not a fault key at all. */
static const char *fault_problem(json_t *f, const char **unknown)
{
    const char *key;
    json_t *v;
    if (!json_is_object(f))
        return "each fault must be an object";
    json_object_foreach(f, key, v) {
        if (strcmp(key, "path") == 0 || strcmp(key, "method") == 0 || strcmp(key, "body") == 0 ||
            strcmp(key, "contentType") == 0 || strcmp(key, "amplifyItem") == 0) {
            if (!json_is_string(v))
                return "path, method, body, contentType and amplifyItem must be strings";
            if (strcmp(key, "contentType") == 0 && strpbrk(json_string_value(v), "\r\n") != NULL)
                return "contentType must not contain CR or LF";
        } else if (strcmp(key, "redirect") == 0) {
            if (!json_is_string(v) || strpbrk(json_string_value(v), "\r\n") != NULL)
                return "redirect must be a URL string";
        } else if (strcmp(key, "status") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 100 || json_integer_value(v) > 999)
                return "status must be an integer from 100 to 999";
        } else if (strcmp(key, "times") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1)
                return "times must be a positive integer";
        } else if (strcmp(key, "delayMs") == 0 || strcmp(key, "bodyDelayMs") == 0 ||
                   strcmp(key, "oversizeBytes") == 0 || strcmp(key, "amplify") == 0 ||
                   strcmp(key, "amplifyIssues") == 0) {
            if (!nonneg_int(v, (json_int_t)1 << 40))
                return "delayMs, bodyDelayMs, oversizeBytes, amplify and amplifyIssues must be non-negative integers";
        } else if (strcmp(key, "truncate") == 0 || strcmp(key, "drop") == 0 ||
                   strcmp(key, "invalidJson") == 0) {
            if (!json_is_boolean(v))
                return "truncate, drop and invalidJson must be booleans";
        } else if (strcmp(key, "headers") == 0) {
            const char *hk;
            json_t *hv;
            if (!json_is_object(v))
                return "headers must be an object of strings";
            json_object_foreach(v, hk, hv) {
                if (!header_name_ok(hk) || !json_is_string(hv) ||
                    strpbrk(json_string_value(hv), "\r\n") != NULL)
                    return "headers must map header names to single-line strings";
            }
        } else {
            *unknown = key;
            return "unknown fault key";
        }
    }
    return NULL;
}

static void dev_faults_add(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *list, *f, *o;
    size_t i;
    if (b == NULL)
        return;
    list = json_object_get(b, "faults");
    if (!json_is_array(list)) {
        dev_error(r, 400, "body must be {\"faults\": [...]}");
        json_decref(b);
        return;
    }
    json_array_foreach(list, i, f) {
        const char *unknown = NULL;
        const char *problem = fault_problem(f, &unknown);
        if (unknown != NULL) {
            dev_errorf(r, "unknown fault key %s", unknown);
            json_decref(b);
            return;
        }
        if (problem != NULL) {
            dev_error(r, 400, problem);
            json_decref(b);
            return;
        }
    }
    ds_lock();
    json_array_foreach(list, i, f) {
        json_array_append_new(g.faults, json_deep_copy(f));
    }
    o = json_object();
    json_object_set_new(o, "queued", json_integer((json_int_t)json_array_size(g.faults)));
    ds_reply_json(r, 200, o);
    ds_unlock();
    json_decref(b);
}

/* The job counters. Lock held. */
static json_t *sync_jobs_counters(void)
{
    json_t *o = json_object();
    json_t *jobs = ds_jobs_json();
    json_object_set_new(o, "queued", json_integer(g.jobs_queued));
    json_object_set_new(o, "run", json_integer(g.jobs_run));
    json_object_set_new(o, "succeeded", json_integer(g.jobs_succeeded));
    json_object_set_new(o, "failed", json_integer(g.jobs_failed));
    json_object_set_new(o, "retried", json_integer(g.jobs_retried));
    json_object_set_new(o, "skipped", json_integer(g.jobs_skipped));
    json_object_set_new(o, "active", json_integer((json_int_t)json_array_size(jobs)));
    json_object_set_new(o, "northflankReads", json_integer(g.nf_job_reads));
    json_object_set_new(o, "northflankWrites", json_integer(g.nf_job_writes));
    json_decref(jobs);
    return o;
}

static void dev_state(ds_reply *r)
{
    json_t *o = json_object();
    char now[32];
    ds_lock();
    ds_iso8601(ds_now_ms(), now);
    json_object_set_new(o, "logins", json_integer(g.logins));
    json_object_set_new(o, "renews", json_integer(g.renews));
    json_object_set_new(o, "loginsRefused", json_integer(g.logins_refused));
    json_object_set_new(o, "renewsRefused", json_integer(g.renews_refused));
    json_object_set_new(o, "refused", json_integer(g.refused));
    json_object_set_new(o, "refusedByStatus", json_deep_copy(g.refused_by_status));
    json_object_set_new(o, "revokes", json_integer(g.revokes));
    json_object_set_new(o, "requests", json_integer(g.requests));
    json_object_set_new(o, "connectionsAccepted", json_integer(g.connections_accepted));
    json_object_set_new(o, "proxiedRequests", json_integer(g.proxied_requests));
    json_object_set_new(o, "requestsByMethod", json_deep_copy(g.requests_by_method));
    json_object_set_new(o, "lastUserAgent", json_string(g.last_user_agent));
    json_object_set_new(o, "lastOrg", json_string(g.last_org));
    json_object_set_new(o, "appConnections", json_integer((json_int_t)g.n_conns));
    json_object_set_new(o, "faultsQueued", json_integer((json_int_t)json_array_size(g.faults)));
    json_object_set_new(o, "northflankRequests", json_integer(g.nf_requests));
    json_object_set_new(o, "northflankPatches", json_integer(g.nf_patches));
    json_object_set_new(o, "clockOffsetSeconds", json_real((double)g.clock_offset_ms / 1000.0));
    json_object_set_new(o, "now", json_string(now));
    json_object_set_new(o, "secretSyncs", json_integer((json_int_t)g.n_syncs));
    json_object_set_new(o, "syncJobs", sync_jobs_counters());
    json_object_set_new(o, "chaos", ds_chaos_json());
    ds_unlock();
    ds_reply_json(r, 200, o);
}

/* Every secret the server has handed out or accepted, so that a test can check that
 * none of them ever shows up in the library's log output. Unlike the rest of the
 * state, this survives /__dev/reset: a secret logged before a reset is still a leak. */
static void dev_issued_tokens(ds_reply *r)
{
    json_t *o = json_object();
    json_t *tokens = json_array();
    json_t *secrets = json_array();
    json_t *nf = json_array();
    size_t i;

    ds_lock();
    /* The token table only grows; INFISICAL_DEV_ACCESS_TOKEN was not issued by a
     * login or renew, and the test has it from the environment already. */
    for (i = 0; i < g.n_tokens; i++)
        if (strcmp(g.tokens[i].jwt, g.dev_token) != 0)
            json_array_append_new(tokens, json_string(g.tokens[i].jwt));
    json_array_append_new(secrets, json_string(g.ident[DS_IDENTITY_ADMIN].client_secret));
    json_array_append_new(secrets, json_string(g.ident[DS_IDENTITY_READONLY].client_secret));
    for (i = 0; i < g.n_nf_seen; i++)
        json_array_append_new(nf, json_string(g.nf_seen[i]));
    ds_unlock();
    json_object_set_new(o, "tokens", tokens);
    json_object_set_new(o, "clientSecrets", secrets);
    json_object_set_new(o, "northflankTokens", nf);
    ds_reply_json(r, 200, o);
}

/* ---- the Northflank stand-in's controls: /__dev/northflank/... ---- */

/* A token travels in an Authorization header: printable ASCII without spaces, so
 * that what a client sends is byte for byte what was registered. */
static int nf_token_ok(const json_t *v)
{
    const char *s = json_string_value(v);
    if (s == NULL || *s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return 0;
    return 1;
}

static json_t *nf_perms_json(unsigned perms)
{
    json_t *a = json_array();
    int i;
    for (i = 0; i < DS_NF_NPERMS; i++)
        if (perms & (1u << i))
            json_array_append_new(a, json_string(ds_nf_perm_names[i]));
    return a;
}

/* POST {"token": "...", "permissions": [...]}: adds the token or replaces its
 * permissions. The token is not echoed: it is a test secret. */
static void dev_nf_tokens(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *tok, *list, *p, *o;
    const char *key;
    unsigned perms = 0;
    size_t i;
    int k;

    if (b == NULL)
        return;
    json_object_foreach(b, key, p) {
        if (strcmp(key, "token") != 0 && strcmp(key, "permissions") != 0) {
            dev_errorf(r, "unknown key %s", key);
            goto out;
        }
    }
    tok = json_object_get(b, "token");
    list = json_object_get(b, "permissions");
    if (!nf_token_ok(tok)) {
        dev_error(r, 400, "token must be a non-empty string of printable ASCII without spaces");
        goto out;
    }
    if (!json_is_array(list)) {
        dev_error(r, 400, "permissions must be an array (it may be empty)");
        goto out;
    }
    json_array_foreach(list, i, p) {
        for (k = 0; k < DS_NF_NPERMS; k++)
            if (json_is_string(p) && strcmp(json_string_value(p), ds_nf_perm_names[k]) == 0)
                break;
        if (k == DS_NF_NPERMS) {
            dev_error(r, 400, "permissions must be out of projects:read, secret-groups:list, "
                              "secret-groups:read-values, secret-groups:update");
            goto out;
        }
        perms |= 1u << k;
    }
    ds_lock();
    ds_nf_token_set(json_string_value(tok), perms);
    o = json_object();
    json_object_set_new(o, "permissions", nf_perms_json(perms));
    json_object_set_new(o, "tokenCount", json_integer((json_int_t)g.cur.n_nf_tokens));
    ds_unlock();
    ds_reply_json(r, 200, o);
out:
    json_decref(b);
}

/* POST {"projects": N, "secretGroups": M, "secondProjectGroups": K}: N projects,
 * the first with M groups, the second with K (default 0). */
static void dev_nf_seed(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *v, *o;
    const char *key;
    json_int_t projects = 0, groups = 0, second = 0;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "projects") != 0 && strcmp(key, "secretGroups") != 0 &&
            strcmp(key, "secondProjectGroups") != 0) {
            dev_errorf(r, "unknown key %s", key);
            goto out;
        }
        /* Enough for any paging test, small enough to stay cheap. */
        if (!nonneg_int(v, 10000)) {
            dev_errorf(r, "%s must be an integer from 0 to 10000", key);
            goto out;
        }
    }
    if ((v = json_object_get(b, "projects")) != NULL)
        projects = json_integer_value(v);
    if ((v = json_object_get(b, "secretGroups")) != NULL)
        groups = json_integer_value(v);
    if ((v = json_object_get(b, "secondProjectGroups")) != NULL)
        second = json_integer_value(v);
    if (groups > 0 && projects == 0) {
        dev_error(r, 400, "secretGroups needs at least one project to belong to");
        goto out;
    }
    if (second > 0 && projects < 2) {
        dev_error(r, 400, "secondProjectGroups needs at least two projects");
        goto out;
    }
    ds_lock();
    ds_nf_seed((size_t)projects, (size_t)groups, (size_t)second);
    ds_unlock();
    o = json_object();
    json_object_set_new(o, "projects", json_integer(projects));
    json_object_set_new(o, "secretGroups", json_integer(groups));
    json_object_set_new(o, "secondProjectGroups", json_integer(second));
    ds_reply_json(r, 200, o);
out:
    json_decref(b);
}

/* POST {"op": "read"|"write", "status": N, "message": "...", "details": {...},
 * "times": n, "delayMs": n}: a fault for the sync jobs' calls to the stand-in. */
static void dev_nf_job_faults_add(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *v, *o;
    const char *key;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "op") == 0) {
            if (!json_is_string(v) ||
                (strcmp(json_string_value(v), "read") != 0 && strcmp(json_string_value(v), "write") != 0)) {
                dev_error(r, 400, "op must be \"read\" or \"write\"");
                goto out;
            }
        } else if (strcmp(key, "status") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 400 || json_integer_value(v) > 599) {
                dev_error(r, 400, "status must be an integer from 400 to 599");
                goto out;
            }
        } else if (strcmp(key, "message") == 0) {
            if (!json_is_string(v)) {
                dev_error(r, 400, "message must be a string");
                goto out;
            }
        } else if (strcmp(key, "details") == 0) {
            if (!json_is_object(v)) {
                dev_error(r, 400, "details must be an object");
                goto out;
            }
        } else if (strcmp(key, "times") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1) {
                dev_error(r, 400, "times must be a positive integer");
                goto out;
            }
        } else if (strcmp(key, "delayMs") == 0) {
            if (!nonneg_int(v, 600000)) {
                dev_error(r, 400, "delayMs must be an integer from 0 to 600000");
                goto out;
            }
        } else {
            dev_errorf(r, "unknown job fault key %s", key);
            goto out;
        }
    }
    if (json_object_get(b, "op") == NULL) {
        dev_error(r, 400, "op is required");
        goto out;
    }
    if (json_object_get(b, "status") == NULL && json_object_get(b, "delayMs") == NULL) {
        dev_error(r, 400, "a job fault needs status or delayMs");
        goto out;
    }
    ds_lock();
    json_array_append(g.nf_job_faults, b);
    o = json_object();
    json_object_set_new(o, "queued", json_integer((json_int_t)json_array_size(g.nf_job_faults)));
    ds_unlock();
    ds_reply_json(r, 200, o);
out:
    json_decref(b);
}

static const char *const nf_pagination_names[] = {
    [DS_NF_PAGES_NORMAL] = "normal",
    [DS_NF_PAGES_ENDLESS] = "endless",
    [DS_NF_PAGES_NO_CURSOR] = "no-cursor",
};

/* Lock held. */
static void nf_settings_reply(ds_reply *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "pagination", json_string(nf_pagination_names[g.cur.nf_pagination]));
    json_object_set_new(o, "errorShape", json_string(g.cur.nf_error_flat ? "flat" : "nested"));
    json_object_set_new(o, "rateLimit", json_integer(g.cur.nf_rate_limit));
    ds_reply_json(r, 200, o);
}

static int nf_pagination_mode(const json_t *v)
{
    int i;
    for (i = 0; i < 3; i++)
        if (json_is_string(v) && strcmp(json_string_value(v), nf_pagination_names[i]) == 0)
            return i;
    return -1;
}

/* Every key is checked before any is applied, as in /__dev/settings. */
static void dev_nf_settings(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r);
    json_t *v;
    const char *key;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "pagination") == 0) {
            if (nf_pagination_mode(v) < 0) {
                dev_error(r, 400, "pagination must be \"normal\", \"endless\" or \"no-cursor\"");
                goto out;
            }
        } else if (strcmp(key, "errorShape") == 0) {
            if (!json_is_string(v) || (strcmp(json_string_value(v), "nested") != 0 &&
                                       strcmp(json_string_value(v), "flat") != 0)) {
                dev_error(r, 400, "errorShape must be \"nested\" or \"flat\"");
                goto out;
            }
        } else if (strcmp(key, "rateLimit") == 0) {
            if (!nonneg_int(v, 1000000000)) {
                dev_error(r, 400, "rateLimit must be a non-negative integer");
                goto out;
            }
        } else {
            dev_errorf(r, "unknown setting %s", key);
            goto out;
        }
    }
    ds_lock();
    if ((v = json_object_get(b, "pagination")) != NULL)
        g.cur.nf_pagination = nf_pagination_mode(v);
    if ((v = json_object_get(b, "errorShape")) != NULL)
        g.cur.nf_error_flat = strcmp(json_string_value(v), "flat") == 0;
    if ((v = json_object_get(b, "rateLimit")) != NULL) {
        g.cur.nf_rate_limit = json_integer_value(v);
        memset(&g.nf_rl, 0, sizeof g.nf_rl);
    }
    nf_settings_reply(r);
    ds_unlock();
out:
    json_decref(b);
}

static void dev_nf_handle(const ds_call *c, ds_reply *r, int get, int post)
{
    const char *what = c->seg[2];
    if (strcmp(what, "job-faults") == 0 && post) {
        dev_nf_job_faults_add(c, r);
    } else if (strcmp(what, "job-faults") == 0 && strcmp(c->method, "DELETE") == 0) {
        ds_lock();
        json_array_clear(g.nf_job_faults);
        ds_unlock();
        dev_ok(r);
    } else if (strcmp(what, "job-faults") == 0 && get) {
        json_t *o = json_object();
        ds_lock();
        json_object_set_new(o, "faults", json_deep_copy(g.nf_job_faults));
        ds_unlock();
        ds_reply_json(r, 200, o);
    } else if (strcmp(what, "tokens") == 0 && post) {
        dev_nf_tokens(c, r);
    } else if (strcmp(what, "seed") == 0 && post) {
        dev_nf_seed(c, r);
    } else if (strcmp(what, "settings") == 0 && post) {
        dev_nf_settings(c, r);
    } else if (strcmp(what, "settings") == 0 && get) {
        ds_lock();
        nf_settings_reply(r);
        ds_unlock();
    } else {
        char *msg = ds_printf("Route %s:%s not found", c->method, c->raw_url);
        dev_error(r, 404, msg);
        free(msg);
    }
}

/* ---- source secrets: /__dev/secrets ---- */

/* A folder name the admin endpoint creates: letters, digits, "-", "_" and "."
 * (our choice; Infisical's own rules are not part of the contract). */
static int folder_path_ok(const char *canon)
{
    const char *p;
    for (p = canon; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("/-_.", *p) != NULL))
            return 0;
    return 1;
}

/* What Infisical could hold as a secret name (SecretNameSchema: trimmed, not empty,
 * no ":" or "/"); here the name must also come without surrounding white space. */
static int secret_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || strpbrk(name, ":/") != NULL)
        return 0;
    return !(strchr(" \t\r\n", name[0]) != NULL || strchr(" \t\r\n", name[n - 1]) != NULL);
}

static json_t *folder_json(const ds_folder *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "environment", json_string(g.envs[f->env].slug));
    json_object_set_new(o, "secretPath", json_string(f->path));
    json_object_set_new(o, "folderId", json_string(f->id));
    json_object_set_new(o, "secrets", json_deep_copy(f->secrets));
    return o;
}

/* The environment and canonical path of ?environment=&secretPath=, or of a body.
 * Returns the env index, or -1 after answering 400. *canon is malloc'd. */
static int env_and_path(ds_reply *r, const char *env, const char *path, char **canon)
{
    int e;
    *canon = NULL;
    if (env == NULL || path == NULL) {
        dev_error(r, 400, "environment and secretPath are required");
        return -1;
    }
    e = ds_env_find(env);
    if (e < 0) {
        dev_errorf(r, "unknown environment %s (dev, staging and prod exist)", env);
        return -1;
    }
    *canon = ds_path_canon(path);
    return e;
}

/* POST {"environment", "secretPath", "secrets": {...}, "queueAutoSyncs": true}:
 * replaces the folder's secrets (creating the folder and its parents), then queues
 * the auto-syncs of that folder, as a secret change in Infisical does. */
static void dev_secrets_set(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r), *v, *secrets, *o;
    const char *key;
    char *canon = NULL;
    int env;
    ds_folder *f;
    size_t queued = 0;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "environment") != 0 && strcmp(key, "secretPath") != 0 && strcmp(key, "secrets") != 0 &&
            strcmp(key, "queueAutoSyncs") != 0) {
            dev_errorf(r, "unknown key %s", key);
            goto out;
        }
    }
    v = json_object_get(b, "queueAutoSyncs");
    if (v != NULL && !json_is_boolean(v)) {
        dev_error(r, 400, "queueAutoSyncs must be a boolean");
        goto out;
    }
    secrets = json_object_get(b, "secrets");
    if (!json_is_object(secrets)) {
        dev_error(r, 400, "secrets must be an object of strings");
        goto out;
    }
    json_object_foreach(secrets, key, v) {
        if (!json_is_string(v)) {
            dev_error(r, 400, "secrets must be an object of strings");
            goto out;
        }
        if (!secret_name_ok(key)) {
            dev_errorf(r, "%s is not a secret name Infisical accepts (empty, white space around, ':' or '/')",
                       key);
            goto out;
        }
    }
    env = env_and_path(r, json_string_value(json_object_get(b, "environment")),
                       json_string_value(json_object_get(b, "secretPath")), &canon);
    if (env < 0)
        goto out;
    if (!folder_path_ok(canon)) {
        dev_error(r, 400, "folder names may hold letters, digits, '-', '_' and '.'");
        goto out;
    }
    ds_lock();
    f = ds_folder_ensure(env, canon);
    json_decref(f->secrets);
    f->secrets = json_deep_copy(secrets);
    if (!json_is_false(json_object_get(b, "queueAutoSyncs")))
        queued = ds_sync_queue_folder(f);
    o = folder_json(f);
    json_object_set_new(o, "autoSyncsQueued", json_integer((json_int_t)queued));
    ds_unlock();
    ds_reply_json(r, 200, o);
out:
    free(canon);
    json_decref(b);
}

static void dev_secrets(const ds_call *c, ds_reply *r, int get)
{
    const char *env_q = ds_query(c, "environment");
    const char *path_q = ds_query(c, "secretPath");
    char *canon = NULL;
    int env;
    ds_folder *f;
    size_t i;

    if (strcmp(c->method, "POST") == 0) {
        dev_secrets_set(c, r);
        return;
    }
    if (get && env_q == NULL && path_q == NULL) {
        json_t *o = json_object(), *a = json_array();
        ds_lock();
        for (i = 0; i < g.n_folders; i++)
            json_array_append_new(a, folder_json(g.folders[i]));
        ds_unlock();
        json_object_set_new(o, "folders", a);
        ds_reply_json(r, 200, o);
        return;
    }
    env = env_and_path(r, env_q, path_q, &canon);
    if (env < 0)
        return;
    ds_lock();
    f = ds_folder_find(env, canon);
    if (f == NULL) {
        char *msg = ds_printf("no folder %s in %s", canon, env_q);
        dev_error(r, 404, msg);
        free(msg);
    } else if (get) {
        ds_reply_json(r, 200, folder_json(f));
    } else if (strcmp(f->path, "/") == 0) {
        dev_error(r, 400, "the root folder cannot be deleted");
    } else {
        /* DELETE: the folder and everything under it; syncs on them lose their source. */
        json_t *o = json_object();
        json_object_set_new(o, "foldersDeleted", json_integer((json_int_t)ds_folder_delete(f)));
        ds_reply_json(r, 200, o);
    }
    ds_unlock();
    free(canon);
}

/* ---- another app's connections and syncs: /__dev/app-connections, /__dev/secret-syncs ---- */

static int slug_name_ok(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

/* POST {"app": "github", "name": "...", "projectId": "..."}: a connection of an app
 * the devserver has no routes for, so that a test can meet the errors a sync gets
 * for one ("... cannot be used to connect to Northflank"). */
static void dev_app_connection(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r), *v, *o;
    const char *key, *name, *pid = "";
    const ds_app_info *app;
    ds_conn *conn;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "app") != 0 && strcmp(key, "name") != 0 && strcmp(key, "projectId") != 0) {
            dev_errorf(r, "unknown key %s", key);
            goto out;
        }
    }
    app = ds_app_find(json_string_value(json_object_get(b, "app")) ? json_string_value(json_object_get(b, "app"))
                                                                    : "");
    if (app == NULL || app == &ds_apps[0]) {
        dev_error(r, 400, "app must be one of github, aws, gitlab, render (Northflank connections are made "
                          "through the API)");
        goto out;
    }
    name = json_string_value(json_object_get(b, "name"));
    if (name == NULL || !slug_name_ok(name)) {
        dev_error(r, 400, "name must be a slug");
        goto out;
    }
    v = json_object_get(b, "projectId");
    if (v != NULL) {
        pid = json_string_value(v);
        if (pid == NULL || (pid[0] != '\0' && strcmp(pid, g.project_id) != 0)) {
            dev_error(r, 400, "projectId must be INFISICAL_DEV_PROJECT_ID or empty");
            goto out;
        }
    }
    ds_lock();
    if (ds_conn_find_name(name, pid) != NULL) {
        ds_unlock();
        dev_errorf(r, "a connection named %s exists already", name);
        goto out;
    }
    conn = ds_xmalloc(sizeof *conn);
    memset(conn, 0, sizeof *conn);
    ds_uuid4(conn->id);
    conn->app = app;
    conn->name = ds_strdup(name);
    conn->version = 1;
    snprintf(conn->project_id, sizeof conn->project_id, "%s", pid);
    conn->created_ms = conn->updated_ms = ds_now_ms();
    ds_random_hex(conn->credentials_hash, 32);
    ds_conn_add(conn);
    o = json_object();
    json_object_set_new(o, "id", json_string(conn->id));
    json_object_set_new(o, "app", json_string(app->app));
    json_object_set_new(o, "name", json_string(conn->name));
    json_object_set_new(o, "projectId", pid[0] ? json_string(pid) : json_null());
    ds_unlock();
    ds_reply_json(r, 200, o);
out:
    json_decref(b);
}

/* POST {"name", "connectionId", "environment", "secretPath"}: a sync of another
 * destination (the connection's app's), with auto-sync off. The Northflank routes
 * answer "not configured for Northflank" for it; it never gets a job here. */
static void dev_foreign_sync(const ds_call *c, ds_reply *r)
{
    json_t *b = dev_body(c, r), *v, *o;
    const char *key, *name, *conn_id, *env_slug, *path;
    ds_conn *conn;
    ds_folder *f;
    ds_sync *s;
    int env;
    char *canon;

    if (b == NULL)
        return;
    json_object_foreach(b, key, v) {
        if (strcmp(key, "name") != 0 && strcmp(key, "connectionId") != 0 && strcmp(key, "environment") != 0 &&
            strcmp(key, "secretPath") != 0) {
            dev_errorf(r, "unknown key %s", key);
            goto out;
        }
    }
    name = json_string_value(json_object_get(b, "name"));
    conn_id = json_string_value(json_object_get(b, "connectionId"));
    env_slug = json_string_value(json_object_get(b, "environment"));
    path = json_string_value(json_object_get(b, "secretPath"));
    if (name == NULL || !slug_name_ok(name) || conn_id == NULL || env_slug == NULL || path == NULL) {
        dev_error(r, 400, "name (a slug), connectionId, environment and secretPath are required");
        goto out;
    }
    env = ds_env_find(env_slug);
    if (env < 0) {
        dev_errorf(r, "unknown environment %s (dev, staging and prod exist)", env_slug);
        goto out;
    }
    canon = ds_path_canon(path);
    ds_lock();
    conn = ds_conn_find_id(conn_id);
    f = ds_folder_find(env, canon);
    free(canon);
    if (conn == NULL || ds_conn_is_northflank(conn)) {
        ds_unlock();
        dev_error(r, 400, "connectionId must name a connection made through /__dev/app-connections");
        goto out;
    }
    if (f == NULL || ds_sync_find_name(name) != NULL) {
        ds_unlock();
        dev_error(r, 400, f == NULL ? "no such folder" : "a sync of that name exists already");
        goto out;
    }
    s = ds_xmalloc(sizeof *s);
    memset(s, 0, sizeof *s);
    ds_uuid4(s->id);
    s->name = ds_strdup(name);
    s->version = 1;
    snprintf(s->connection_id, sizeof s->connection_id, "%s", conn->id);
    snprintf(s->folder_id, sizeof s->folder_id, "%s", f->id);
    s->sync_options = json_pack("{s:s}", "initialSyncBehavior", "overwrite-destination");
    s->dest_config = json_object();
    s->created_ms = s->updated_ms = ds_now_ms();
    ds_sync_add(s);
    o = json_object();
    json_object_set_new(o, "secretSync", ds_sync_json(s));
    ds_unlock();
    ds_reply_json(r, 200, o);
out:
    json_decref(b);
}

void ds_dev_handle(const ds_call *c, ds_reply *r)
{
    const char *m = c->method;
    const char *what = c->nseg == 2 ? c->seg[1] : "";
    int get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
    int post = strcmp(m, "POST") == 0;

    if (c->nseg == 3 && strcmp(c->seg[1], "northflank") == 0) {
        dev_nf_handle(c, r, get, post);
    } else if (c->nseg == 2 && strcmp(what, "state") == 0 && get) {
        dev_state(r);
    } else if (c->nseg == 2 && strcmp(what, "secrets") == 0 && (get || post || strcmp(m, "DELETE") == 0)) {
        dev_secrets(c, r, get);
    } else if (c->nseg == 2 && strcmp(what, "app-connections") == 0 && post) {
        dev_app_connection(c, r);
    } else if (c->nseg == 2 && strcmp(what, "secret-syncs") == 0 && post) {
        dev_foreign_sync(c, r);
    } else if (c->nseg == 2 && strcmp(what, "sync-jobs") == 0 && get) {
        json_t *o = json_object();
        ds_lock();
        json_object_set_new(o, "jobs", ds_jobs_json());
        ds_unlock();
        ds_reply_json(r, 200, o);
    } else if (c->nseg == 2 && strcmp(what, "issued-tokens") == 0 && get) {
        dev_issued_tokens(r);
    } else if (c->nseg == 2 && strcmp(what, "reset") == 0 && post) {
        ds_lock();
        ds_reset();
        ds_chaos_reset();
        ds_unlock();
        dev_ok(r);
    } else if (c->nseg == 2 && strcmp(what, "settings") == 0 && (get || post)) {
        if (post) {
            dev_settings(c, r);
        } else {
            ds_lock();
            settings_reply(r);
            ds_unlock();
        }
    } else if (c->nseg == 2 && strcmp(what, "clock") == 0 && (get || post)) {
        if (post) {
            dev_clock(c, r);
        } else {
            ds_lock();
            clock_reply(r);
            ds_unlock();
        }
    } else if (c->nseg == 2 && strcmp(what, "revoke-tokens") == 0 && post) {
        ds_lock();
        ds_revoke_all_sessions();
        ds_unlock();
        dev_ok(r);
    } else if (c->nseg == 2 && strcmp(what, "hostile") == 0 && (get || post)) {
        ds_hostile_handle(c, r, post);
    } else if (c->nseg == 2 && strcmp(what, "faults") == 0 && post) {
        dev_faults_add(c, r);
    } else if (c->nseg == 2 && strcmp(what, "faults") == 0 && strcmp(m, "DELETE") == 0) {
        ds_lock();
        json_array_clear(g.faults);
        ds_unlock();
        dev_ok(r);
    } else if (c->nseg == 2 && strcmp(what, "faults") == 0 && get) {
        json_t *o = json_object();
        ds_lock();
        json_object_set_new(o, "faults", json_deep_copy(g.faults));
        ds_unlock();
        ds_reply_json(r, 200, o);
    } else {
        char *msg = ds_printf("Route %s:%s not found", m, c->raw_url);
        dev_error(r, 404, msg);
        free(msg);
    }
}
