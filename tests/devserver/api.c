/* The Infisical API as the contract (/work/shared/spec/infisical-api.md) describes it:
 * Universal Auth, token renew/revoke and the Northflank app-connection routes.
 * Where a comment cites an Infisical file, the behaviour was read there because the
 * contract is silent; where it says "our choice", nothing upstream decides it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "store.h"
#include "syncs.h"
#include "util.h"
#include "validate.h"

#define MSG_TOKEN_MISSING "Token missing"
#define MSG_NO_TOKEN "No identity access token found"
#define MSG_TTL_EXPIRED "Failed to renew MI access token due to TTL expiration"
#define MSG_MAX_TTL_EXPIRED "Failed to renew MI access token due to Max TTL expiration"
#define MSG_PAST_MAX_TTL "Failed to renew MI access token past its Max TTL expiration"

enum { AUTH_NONE, AUTH_IDENTITY, AUTH_SERVICE };

typedef struct {
    int mode;
    int identity;
    size_t session;
} auth_info;

enum {
    R_NONE,
    R_LOGIN,
    R_RENEW,
    R_REVOKE,
    R_LIST_ALL,
    R_OPTIONS,
    R_NF_LIST,
    R_NF_CREATE,
    R_NF_AVAILABLE,
    R_NF_BY_NAME,
    R_NF_GET,
    R_NF_UPDATE,
    R_NF_DELETE,
    R_NF_ROTATE,
    R_NF_PROJECTS,
    R_NF_SECRET_GROUPS,
    /* The secret-sync routes, in the order of DS_SS_* (syncs.h). */
    R_SS_LIST_ALL,
    R_SS_OPTIONS,
    R_SS_LIST,
    R_SS_CREATE,
    R_SS_CHECK,
    R_SS_GET,
    R_SS_BY_NAME,
    R_SS_UPDATE,
    R_SS_DELETE,
    R_SS_TRIGGER,
    R_SS_IMPORT,
    R_SS_REMOVE
};

/* What verifyAuth accepts on a route. */
enum { ROUTE_OPEN, ROUTE_AUTH, ROUTE_JWT_ONLY };

typedef struct {
    int auth;
    int write; /* writeLimit rather than readLimit */
    int body;  /* the route parses a JSON body */
} route_info;

static const route_info routes[] = {
    [R_NONE] = {ROUTE_OPEN, 0, 0},
    [R_LOGIN] = {ROUTE_OPEN, 1, 1},
    [R_RENEW] = {ROUTE_OPEN, 1, 1},
    [R_REVOKE] = {ROUTE_OPEN, 1, 1},
    [R_LIST_ALL] = {ROUTE_AUTH, 0, 0},
    [R_OPTIONS] = {ROUTE_AUTH, 0, 0},
    [R_NF_LIST] = {ROUTE_AUTH, 0, 0},
    [R_NF_CREATE] = {ROUTE_AUTH, 1, 1},
    [R_NF_AVAILABLE] = {ROUTE_AUTH, 0, 0},
    [R_NF_BY_NAME] = {ROUTE_AUTH, 0, 0},
    [R_NF_GET] = {ROUTE_AUTH, 0, 0},
    [R_NF_UPDATE] = {ROUTE_AUTH, 1, 1},
    [R_NF_DELETE] = {ROUTE_AUTH, 1, 0},
    [R_NF_ROTATE] = {ROUTE_AUTH, 1, 0},
    [R_NF_PROJECTS] = {ROUTE_JWT_ONLY, 0, 0},
    [R_NF_SECRET_GROUPS] = {ROUTE_JWT_ONLY, 0, 0},
    /* verifyAuth([JWT, IDENTITY_ACCESS_TOKEN]) on every secret-sync route; the rate
     * classes of contract 1.1. */
    [R_SS_LIST_ALL] = {ROUTE_AUTH, 0, 0},
    [R_SS_OPTIONS] = {ROUTE_AUTH, 0, 0},
    [R_SS_LIST] = {ROUTE_AUTH, 0, 0},
    [R_SS_CREATE] = {ROUTE_AUTH, 1, 1},
    [R_SS_CHECK] = {ROUTE_AUTH, 0, 1},
    [R_SS_GET] = {ROUTE_AUTH, 0, 0},
    [R_SS_BY_NAME] = {ROUTE_AUTH, 0, 0},
    [R_SS_UPDATE] = {ROUTE_AUTH, 1, 1},
    [R_SS_DELETE] = {ROUTE_AUTH, 1, 0},
    [R_SS_TRIGGER] = {ROUTE_AUTH, 1, 0},
    [R_SS_IMPORT] = {ROUTE_AUTH, 1, 0},
    [R_SS_REMOVE] = {ROUTE_AUTH, 1, 0},
};

/* ---- small reply helpers ---- */

static void reply_validation(ds_reply *r, json_t *issues)
{
    ds_reply_error_first(r, 422, "ValidationFailure", issues, NULL);
}

static void reply_token_error(ds_reply *r, const char *jwt_message)
{
    /* error-handler.ts@dddee53 rewrites three jsonwebtoken messages and passes the
     * others through. */
    const char *msg = jwt_message;
    if (strcmp(jwt_message, "jwt expired") == 0)
        msg = "Your token has expired. Please re-authenticate.";
    else if (strcmp(jwt_message, "jwt malformed") == 0)
        msg = "The provided access token is malformed. Please use a valid token or generate a new one and try again.";
    else if (strcmp(jwt_message, "invalid algorithm") == 0)
        msg = "The access token is signed with an invalid algorithm. Please provide a valid token and try again.";
    ds_reply_error_first(r, 403, "TokenError", json_string(msg), NULL);
}

static void reply_not_found_fmt(ds_reply *r, const char *fmt, const char *arg)
{
    char *msg = ds_printf(fmt, arg);
    ds_reply_error(r, 404, "NotFound", msg);
    free(msg);
}

static void reply_bad_request_fmt(ds_reply *r, const char *fmt, const char *arg)
{
    char *msg = ds_printf(fmt, arg);
    ds_reply_error(r, 400, "BadRequest", msg);
    free(msg);
}

static void reply_permission_denied(ds_reply *r, const char *action)
{
    ds_reply_permission_denied(r, action, "app-connections");
}

/* Fastify's own 404 for an unknown route (not Infisical's error handler). */
static void reply_route_not_found(const ds_call *c, ds_reply *r)
{
    json_t *o = json_object();
    char *msg = ds_printf("Route %s:%s not found", c->method, c->raw_url);
    json_t *m = json_string(msg);
    json_object_set_new(o, "message", m ? m : json_string("Route not found"));
    json_object_set_new(o, "error", json_string("Not Found"));
    json_object_set_new(o, "statusCode", json_integer(404));
    ds_reply_json(r, 404, o);
    free(msg);
}

/* Fastify's onBadUrl answer for a path segment decodeURIComponent refuses. */
static void reply_bad_url(const ds_call *c, ds_reply *r)
{
    json_t *o = json_object();
    char *msg = ds_printf("'%s' is not a valid url component", c->raw_path);
    json_t *m = json_string(msg);
    json_object_set_new(o, "error", json_string("Bad Request"));
    json_object_set_new(o, "code", json_string("FST_ERR_BAD_URL"));
    json_object_set_new(o, "message", m ? m : json_string("Invalid URL"));
    json_object_set_new(o, "statusCode", json_integer(400));
    ds_reply_json(r, 400, o);
    free(msg);
}

/* ---- tokens ---- */

static int b64url_chars(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_'))
            return 0;
    }
    return 1;
}

/* The jsonwebtoken error for a three-part token we never issued, in the order
 * jsonwebtoken's verify() checks: shape, header, signature presence, algorithm,
 * signature. */
static const char *foreign_token_error(const char *tok)
{
    const char *d1 = strchr(tok, '.');
    const char *d2 = strchr(d1 + 1, '.');
    size_t hlen = (size_t)(d1 - tok), plen = (size_t)(d2 - d1 - 1), slen = strlen(d2 + 1);
    unsigned char *raw;
    size_t raw_len;
    json_t *header, *alg;
    const char *err = "invalid signature";

    if (hlen == 0 || plen == 0 || !b64url_chars(tok, hlen) || !b64url_chars(d1 + 1, plen) ||
        !b64url_chars(d2 + 1, slen))
        return "invalid token";
    if (ds_base64url_decode(tok, hlen, &raw, &raw_len) != 0)
        return "invalid token";
    header = json_loadb((const char *)raw, raw_len, 0, NULL);
    free(raw);
    if (!json_is_object(header)) {
        json_decref(header);
        return "invalid token";
    }
    alg = json_object_get(header, "alg");
    if (slen == 0)
        err = "jwt signature is required";
    else if (!json_is_string(alg) || (strcmp(json_string_value(alg), "HS256") != 0 &&
                                      strcmp(json_string_value(alg), "HS384") != 0 &&
                                      strcmp(json_string_value(alg), "HS512") != 0))
        err = "invalid algorithm";
    json_decref(header);
    return err;
}

/* jwt.verify() with the server secret: only tokens in our table carry a valid
 * signature. Lock held. Returns NULL after filling r. */
static ds_token *verify_jwt(const char *tok, ds_reply *r)
{
    const char *d1, *d2;
    ds_token *t;
    if (*tok == '\0') {
        reply_token_error(r, "jwt must be provided");
        return NULL;
    }
    d1 = strchr(tok, '.');
    d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (d1 == NULL || d2 == NULL || strchr(d2 + 1, '.') != NULL) {
        reply_token_error(r, "jwt malformed");
        return NULL;
    }
    t = ds_token_find(tok);
    if (t == NULL) {
        reply_token_error(r, foreign_token_error(tok));
        return NULL;
    }
    /* jsonwebtoken: expired when floor(now / 1000) >= exp. */
    if (t->exp_s > 0 && ds_now_ms() / 1000 >= t->exp_s) {
        reply_token_error(r, "jwt expired");
        return NULL;
    }
    return t;
}

/* validateAccessTokenExp (identity-access-token-service.ts@4af4016): a TTL failure
 * deletes the row, so every JWT of it answers "No identity access token found" after. */
static int session_ttl_ok(ds_session *s, ds_reply *r)
{
    if (s->ttl_s > 0) {
        int64_t base = s->last_renewed_ms ? s->last_renewed_ms : s->created_ms;
        if (ds_now_ms() > base + s->ttl_s * 1000) {
            s->revoked = 1;
            ds_reply_error(r, 401, "UnauthorizedError", MSG_TTL_EXPIRED);
            return 0;
        }
    }
    return 1;
}

/* injectIdentity's onRequest hook (inject-identity.ts@58fbbe0): runs on every API
 * request, before routing, whether or not the route wants a token. */
static int extract_auth(const ds_call *c, auth_info *a, ds_reply *r)
{
    const char *tok;
    ds_token *t;
    ds_session *s;

    memset(a, 0, sizeof *a);
    a->mode = AUTH_NONE;
    if (c->api_key != NULL && c->api_key[0] != '\0') {
        ds_reply_error(r, 400, "BadRequest",
                       "API key authentication is not supported anymore. Please switch to identity authentication.");
        return 0;
    }
    if (c->authorization == NULL || c->authorization[0] == '\0')
        return 1;
    /* authHeader.slice(7): whatever the scheme word, the token starts at 7. */
    tok = strlen(c->authorization) > 7 ? c->authorization + 7 : "";
    if (strncmp(tok, "st.", 3) == 0) {
        /* Our choice: every "st." token passes as a valid service token; the contract
         * only says the Northflank routes refuse them. */
        a->mode = AUTH_SERVICE;
        return 1;
    }
    t = verify_jwt(tok, r);
    if (t == NULL)
        return 0;
    s = &g.sessions[t->session];
    if (s->revoked) {
        ds_reply_error(r, 401, "UnauthorizedError", MSG_NO_TOKEN);
        return 0;
    }
    if (!session_ttl_ok(s, r))
        return 0;
    a->mode = AUTH_IDENTITY;
    a->identity = s->identity;
    a->session = t->session;
    return 1;
}

/* verifyAuth (verify-auth.ts@2d51ed3). A wrong mode is a ForbiddenRequestError whose
 * name, and so the "error" field, is "Forbidden access to <req.url>", query included. */
static int verify_auth(const ds_call *c, const auth_info *a, int jwt_only, ds_reply *r)
{
    char *name;
    if (a->mode == AUTH_NONE) {
        ds_reply_error(r, 401, "UnauthorizedError", MSG_TOKEN_MISSING);
        return 0;
    }
    if (jwt_only || a->mode != AUTH_IDENTITY) {
        name = ds_printf("Forbidden access to %s", c->raw_url);
        ds_reply_error(r, 403, name, "You are not allowed to access this resource");
        free(name);
        return 0;
    }
    return 1;
}

/* ---- body and rate limit ---- */

static int parse_body(const ds_call *c, json_t **out, ds_reply *r)
{
    *out = NULL;
    if (c->body_too_large) {
        /* Our choice: fastify's FST_ERR_CTP_BODY_TOO_LARGE would reach Infisical's
         * error handler and come out as a 500; a 413 says what happened. */
        ds_reply_error(r, 413, "PayloadTooLarge", "Request body is too large");
        return 0;
    }
    if (c->body_len == 0)
        return 1; /* req.body is undefined: zod answers "Required" */
    *out = json_loadb(c->body, c->body_len, JSON_DECODE_ANY, NULL);
    if (*out == NULL) {
        /* Our choice (contract 4 leaves it unverified): a 400 in Infisical's envelope. */
        ds_reply_error(r, 400, "BadRequest", "Body is not valid JSON");
        return 0;
    }
    return 1;
}

/* Fastify's JSON parser refuses an empty body sent as application/json
 * (FST_ERR_CTP_EMPTY_JSON_BODY) before validation, and Infisical's error handler
 * turns that unknown error into its 500. Contract 4.2 reports it for a bodiless
 * secret-sync POST (unverified in Infisical's code). Our choice: the secret-sync
 * routes answer it for POST and PATCH; the app-connection routes stay as they were. */
static int empty_json_body(const ds_call *c, ds_reply *r)
{
    json_t *o;
    char req_id[19];
    if (c->body_len > 0 || c->body_too_large || c->content_type == NULL)
        return 0;
    if (strcmp(c->method, "POST") != 0 && strcmp(c->method, "PATCH") != 0)
        return 0;
    if (strncasecmp(c->content_type, "application/json", 16) != 0)
        return 0;
    ds_request_id(req_id);
    o = json_object();
    json_object_set_new(o, "reqId", json_string(req_id));
    json_object_set_new(o, "statusCode", json_integer(500));
    json_object_set_new(o, "error", json_string("InternalServerError"));
    json_object_set_new(o, "message", json_string("Something went wrong"));
    ds_reply_json(r, 500, o);
    return 1;
}

/* @fastify/rate-limit's fixed window, counted on the virtual clock. Off unless a
 * limit is set: self-hosted Infisical registers no limiter (contract 6). One window
 * per class (readLimit, writeLimit): our choice. Lock held. */
static int rate_limit(int write, ds_reply *r)
{
    int64_t limit = write ? g.cur.write_limit : g.cur.read_limit;
    ds_window *w = write ? &g.rl_write : &g.rl_read;
    int64_t now = ds_now_ms();
    int64_t remaining, reset_s;
    char buf[32];

    if (limit <= 0)
        return 1;
    if (w->count == 0 || now >= w->start_ms + 60000 || now < w->start_ms) {
        w->start_ms = now;
        w->count = 0;
    }
    w->count++;
    reset_s = (w->start_ms + 60000 - now + 999) / 1000;
    remaining = limit - w->count;
    if (remaining < 0)
        remaining = 0;
    snprintf(buf, sizeof buf, "%lld", (long long)limit);
    ds_reply_header(r, "x-ratelimit-limit", buf);
    snprintf(buf, sizeof buf, "%lld", (long long)remaining);
    ds_reply_header(r, "x-ratelimit-remaining", buf);
    snprintf(buf, sizeof buf, "%lld", (long long)reset_s);
    ds_reply_header(r, "x-ratelimit-reset", buf);
    if (w->count > limit) {
        char *msg = ds_printf("Rate limit exceeded. Please try again in %lld seconds", (long long)reset_s);
        ds_reply_header(r, "retry-after", buf);
        ds_reply_error(r, 429, "RateLimitExceeded", msg);
        free(msg);
        return 0;
    }
    return 1;
}

/* ---- auth routes ---- */

static int secret_eq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i;
    unsigned diff = (unsigned)(la ^ lb);
    for (i = 0; i < la && i < lb; i++)
        diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
    return diff == 0;
}

static void reply_token(ds_reply *r, const char *jwt, int64_t expires_in, int64_t max_ttl)
{
    json_t *o = json_object();
    json_object_set_new(o, "accessToken", json_string(jwt));
    json_object_set_new(o, "expiresIn", json_integer(expires_in));
    json_object_set_new(o, "accessTokenMaxTTL", json_integer(max_ttl));
    json_object_set_new(o, "tokenType", json_string("Bearer"));
    ds_reply_json(r, 200, o);
}

static void h_login(json_t *body, ds_reply *r)
{
    static const char *const keys[2] = {"clientId", "clientSecret"};
    char *v[2];
    json_t *issues = json_array();
    int i, who = -1;
    size_t s;
    int64_t now, exp_s;

    if (ds_validate_strings(body, keys, 2, v, issues) > 0) {
        reply_validation(r, issues);
        goto out;
    }
    json_decref(issues);
    for (i = 0; i < 2; i++)
        if (strcmp(g.ident[i].client_id, v[0]) == 0)
            who = i;
    /* identity-ua-service.ts@60887bd: an unknown client id and a wrong secret both
     * give 401 "Invalid credentials" (the contract is silent). */
    if (who < 0 || !secret_eq(g.ident[who].client_secret, v[1])) {
        ds_reply_error(r, 401, "UnauthorizedError", "Invalid credentials");
        goto out;
    }
    s = ds_session_new(who, g.cur.ttl_s, g.cur.max_ttl_s);
    now = g.sessions[s].created_ms;
    exp_s = g.cur.ttl_s > 0 ? now / 1000 + g.cur.ttl_s : 0;
    g.logins++;
    reply_token(r, ds_token_issue(s, exp_s), g.cur.ttl_s, g.cur.max_ttl_s);
out:
    free(v[0]);
    ds_wipe_free(v[1]);
}

/* renewAccessToken, identity-access-token-service.ts@4af4016. */
static void h_renew(json_t *body, ds_reply *r)
{
    static const char *const keys[1] = {"accessToken"};
    char *v[1];
    json_t *issues = json_array();
    ds_token *t;
    ds_session *s;
    size_t sidx;
    int64_t now, exp_s, expires_in;

    if (ds_validate_strings(body, keys, 1, v, issues) > 0) {
        reply_validation(r, issues);
        goto out;
    }
    json_decref(issues);
    t = verify_jwt(v[0], r);
    if (t == NULL)
        goto out;
    sidx = t->session;
    s = &g.sessions[sidx];
    if (s->revoked) {
        ds_reply_error(r, 401, "UnauthorizedError", MSG_NO_TOKEN);
        goto out;
    }
    if (!session_ttl_ok(s, r))
        goto out;
    now = ds_now_ms();
    exp_s = s->ttl_s > 0 ? now / 1000 + s->ttl_s : 0;
    expires_in = s->ttl_s;
    if (s->max_ttl_s > 0) {
        int64_t max_at = s->created_ms + s->max_ttl_s * 1000;
        if (now > max_at) {
            s->revoked = 1;
            ds_reply_error(r, 401, "UnauthorizedError", MSG_MAX_TTL_EXPIRED);
            goto out;
        }
        if (now + s->ttl_s * 1000 > max_at) {
            /* Upstream refuses (and deletes the row) when the new expiry would pass
             * the Max TTL; the renewClampsToMaxTTL setting clamps instead. */
            if (!g.cur.renew_clamps) {
                s->revoked = 1;
                ds_reply_error(r, 401, "UnauthorizedError", MSG_PAST_MAX_TTL);
                goto out;
            }
            exp_s = max_at / 1000;
            expires_in = exp_s - now / 1000;
        }
    }
    s->last_renewed_ms = now;
    g.renews++;
    reply_token(r, ds_token_issue(sidx, exp_s), expires_in, s->max_ttl_s);
out:
    ds_wipe_free(v[0]);
}

static void h_revoke(json_t *body, ds_reply *r)
{
    static const char *const keys[1] = {"accessToken"};
    char *v[1];
    json_t *issues = json_array();
    ds_token *t;
    ds_session *s;
    json_t *o;

    if (ds_validate_strings(body, keys, 1, v, issues) > 0) {
        reply_validation(r, issues);
        goto out;
    }
    json_decref(issues);
    t = verify_jwt(v[0], r);
    if (t == NULL)
        goto out;
    s = &g.sessions[t->session];
    if (s->revoked) {
        ds_reply_error(r, 401, "UnauthorizedError", MSG_NO_TOKEN);
        goto out;
    }
    s->revoked = 1;
    g.revokes++;
    o = json_object();
    json_object_set_new(o, "message", json_string("Successfully revoked access token"));
    ds_reply_json(r, 200, o);
out:
    ds_wipe_free(v[0]);
}

/* ---- app connections ---- */

/* SanitizedNorthflankConnectionSchema, keys in the order zod's parse emits them. */
static json_t *conn_json(const ds_conn *c, int with_project)
{
    json_t *o = json_object();
    char created[32], updated[32];
    ds_iso8601(c->created_ms, created);
    ds_iso8601(c->updated_ms, updated);
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "name", json_string(c->name));
    json_object_set_new(o, "description", c->description ? json_string(c->description) : json_null());
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "orgId", json_string(g.org_id));
    json_object_set_new(o, "createdAt", json_string(created));
    json_object_set_new(o, "updatedAt", json_string(updated));
    json_object_set_new(o, "isPlatformManagedCredentials", json_false());
    json_object_set_new(o, "gatewayId", json_null());
    json_object_set_new(o, "projectId", c->project_id[0] ? json_string(c->project_id) : json_null());
    json_object_set_new(o, "isAutoRotationEnabled", json_false());
    json_object_set_new(o, "gatewayPoolId", json_null());
    json_object_set_new(o, "credentialsHash", json_string(c->credentials_hash));
    if (with_project) {
        if (c->project_id[0]) {
            json_t *p = json_object();
            json_object_set_new(p, "name", json_string("Dev Project"));
            json_object_set_new(p, "id", json_string(c->project_id));
            json_object_set_new(p, "type", json_string("secret-manager"));
            json_object_set_new(p, "slug", json_string("dev-project"));
            json_object_set_new(o, "project", p);
        } else {
            json_object_set_new(o, "project", json_null());
        }
    }
    json_object_set_new(o, "app", json_string(ds_conn_app(c)->app));
    json_object_set_new(o, "method", json_string(ds_conn_app(c)->method));
    json_object_set_new(o, "credentials", json_object());
    return o;
}

static void reply_conn(ds_reply *r, const ds_conn *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "appConnection", conn_json(c, 0));
    ds_reply_json(r, 200, o);
}

static int keep_all(const ds_conn *c, const void *arg)
{
    (void)c;
    (void)arg;
    return 1;
}

static int keep_project(const ds_conn *c, const void *arg)
{
    return strcmp(c->project_id, (const char *)arg) == 0;
}

/* The Northflank routes see Northflank connections only; row 12 sees every app. */
static int keep_all_nf(const ds_conn *c, const void *arg)
{
    return ds_conn_is_northflank(c) && keep_all(c, arg);
}

static int keep_project_nf(const ds_conn *c, const void *arg)
{
    return ds_conn_is_northflank(c) && keep_project(c, arg);
}

static int keep_available(const ds_conn *c, const void *arg)
{
    return ds_conn_is_northflank(c) &&
           (c->project_id[0] == '\0' || (arg != NULL && strcmp(c->project_id, (const char *)arg) == 0));
}

/* findAppConnectionById and the delete compare the app (contract 1.3, Delete). */
static int conn_app_ok(const ds_conn *c, ds_reply *r)
{
    if (ds_conn_is_northflank(c))
        return 1;
    reply_bad_request_fmt(r, "App Connection with ID %s is not for App \"northflank\"", c->id);
    return 0;
}

/* getProjectPermission (permission-service.ts@5c5be1d) on an unknown project. */
static int project_known(const char *project_id, ds_reply *r)
{
    if (strcmp(project_id, g.project_id) == 0)
        return 1;
    reply_not_found_fmt(r, "Project with %s not found", project_id);
    return 0;
}

/* Rows 1 and 12: without projectId the query filters on the org only, so project
 * connections are listed too; list queries add "project". */
static void h_list(const ds_call *c, int all_apps, ds_reply *r)
{
    const char *pid = ds_query(c, "projectId");
    ds_conn **list;
    size_t n, i;
    json_t *arr, *o;

    if (pid != NULL && pid[0] != '\0') {
        if (!project_known(pid, r))
            return;
        list = ds_conn_sorted(all_apps ? keep_project : keep_project_nf, pid, &n);
    } else {
        list = ds_conn_sorted(all_apps ? keep_all : keep_all_nf, NULL, &n);
    }
    arr = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(arr, conn_json(list[i], 1));
    free(list);
    o = json_object();
    json_object_set_new(o, "appConnections", arr);
    ds_reply_json(r, 200, o);
}

static void h_available(const ds_call *c, ds_reply *r)
{
    const char *pid = ds_query(c, "projectId");
    ds_conn **list;
    size_t n, i;
    json_t *arr, *o;

    if (pid != NULL && pid[0] == '\0')
        pid = NULL;
    if (pid != NULL && !project_known(pid, r))
        return;
    list = ds_conn_sorted(keep_available, pid, &n);
    arr = json_array();
    for (i = 0; i < n; i++) {
        json_t *item = json_object();
        json_object_set_new(item, "app", json_string("northflank"));
        json_object_set_new(item, "name", json_string(list[i]->name));
        json_object_set_new(item, "id", json_string(list[i]->id));
        json_object_set_new(item, "projectId",
                            list[i]->project_id[0] ? json_string(list[i]->project_id) : json_null());
        json_object_set_new(item, "orgId", json_string(g.org_id));
        json_array_append_new(arr, item);
    }
    free(list);
    o = json_object();
    json_object_set_new(o, "appConnections", arr);
    ds_reply_json(r, 200, o);
}

/* params: z.object({ connectionId: z.string().uuid() }); fastify validates params
 * before the body, and stops at the first part that fails. */
static int uuid_param_ok(const char *id, ds_reply *r)
{
    json_t *issues;
    if (ds_is_uuid(id))
        return 1;
    issues = json_array();
    z_invalid_uuid(issues, z_path("connectionId", NULL));
    reply_validation(r, issues);
    return 0;
}

static ds_conn *conn_by_id_param(const char *id, ds_reply *r)
{
    ds_conn *conn;
    if (!uuid_param_ok(id, r))
        return NULL;
    conn = ds_conn_find_id(id);
    if (conn == NULL)
        reply_not_found_fmt(r, "Could not find App Connection with ID %s", id);
    else if (!conn_app_ok(conn, r))
        conn = NULL;
    return conn;
}

static void h_get(const char *id, ds_reply *r)
{
    ds_conn *conn = conn_by_id_param(id, r);
    if (conn != NULL)
        reply_conn(r, conn);
}

/* findAppConnectionByName, app-connection-service.ts@11a65b3. */
static void h_by_name(const ds_call *c, const char *raw_name, ds_reply *r)
{
    char *name = js_trim(raw_name);
    const char *pid_raw = ds_query(c, "projectId");
    char *pid = pid_raw ? js_trim(pid_raw) : NULL;
    ds_conn *conn;

    if (js_length(name) < 1) {
        json_t *issues = json_array();
        z_too_small(issues, z_path("connectionName", NULL), 1, "Connection name required");
        reply_validation(r, issues);
        goto out;
    }
    if (pid != NULL && pid[0] == '\0') {
        free(pid);
        pid = NULL;
    }
    conn = ds_conn_find_name(name, pid);
    if (conn == NULL) {
        char *msg = ds_printf("Could not find App Connection with name %s in %s scope.", name,
                              pid ? "project" : "organization");
        ds_reply_error(r, 404, "NotFound", msg);
        free(msg);
        goto out;
    }
    if (!conn_app_ok(conn, r))
        goto out;
    reply_conn(r, conn);
out:
    free(name);
    free(pid);
}

/* Contract 1.3 step 2: Infisical sends GET /v1/projects to Northflank with the token
 * and fails on anything but a 2xx, quoting axios' message. The answer is the one
 * our Northflank stand-in would give, so a test sets up a token there and sees the
 * same status here. */
static int nf_token_valid(const char *token, ds_reply *r)
{
    int status = ds_nf_projects_status(token);
    char *msg;
    if (status == 200)
        return 1;
    msg = ds_printf("Failed to validate Northflank credentials: Request failed with status code %d", status);
    ds_reply_error(r, 400, "BadRequest", msg);
    free(msg);
    return 0;
}

static void new_hash(ds_conn *c)
{
    /* Upstream hashes a ciphertext with a random IV: a fresh random value is the same
     * thing to a client, changing on every credentials write (contract 3). */
    ds_random_hex(c->credentials_hash, 32);
}

/* createAppConnection, app-connection-service.ts@11a65b3, in its order: project,
 * permission, live token check, name clash. */
static void h_create(const auth_info *a, json_t *body, ds_reply *r)
{
    ds_conn_input in;
    json_t *issues = json_array();
    const char *pid;
    ds_conn *c;

    if (ds_validate_create(body, &in, issues) > 0) {
        reply_validation(r, issues);
        ds_conn_input_free(&in);
        return;
    }
    json_decref(issues);
    pid = in.project_id != NULL && in.project_id[0] != '\0' ? in.project_id : NULL;
    if (pid != NULL && strcmp(pid, g.project_id) != 0) {
        reply_bad_request_fmt(r, "Could not find project with ID %s", pid);
        goto out;
    }
    if (!g.ident[a->identity].can_write) {
        reply_permission_denied(r, "create");
        goto out;
    }
    if (!nf_token_valid(in.api_token, r))
        goto out;
    /* The unique index's columns are unverified (contract 2): a clash is the same
     * name in the same scope, the organization or one project. */
    if (ds_conn_find_name(in.name, pid) != NULL) {
        reply_bad_request_fmt(r, "An App Connection with the name \"%s\" already exists", in.name);
        goto out;
    }
    c = ds_xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    ds_uuid4(c->id);
    c->name = in.name;
    in.name = NULL;
    c->description = in.description;
    in.description = NULL;
    c->version = 1;
    if (pid != NULL)
        snprintf(c->project_id, sizeof c->project_id, "%s", pid);
    c->created_ms = c->updated_ms = ds_now_ms();
    new_hash(c);
    c->api_token = in.api_token;
    in.api_token = NULL;
    ds_conn_add(c);
    reply_conn(r, c);
out:
    ds_conn_input_free(&in);
}

/* updateAppConnection, app-connection-service.ts@11a65b3. */
static void h_update(const auth_info *a, const char *id, json_t *body, ds_reply *r)
{
    ds_conn_input in;
    json_t *issues;
    ds_conn *c, *other;

    if (!uuid_param_ok(id, r))
        return;
    issues = json_array();
    if (ds_validate_update(body, &in, issues) > 0) {
        reply_validation(r, issues);
        ds_conn_input_free(&in);
        return;
    }
    json_decref(issues);
    c = ds_conn_find_id(id);
    if (c == NULL) {
        reply_not_found_fmt(r, "Could not find App Connection with ID %s", id);
        goto out;
    }
    if (!g.ident[a->identity].can_write) {
        reply_permission_denied(r, "edit");
        goto out;
    }
    if (in.has_credentials && !nf_token_valid(in.api_token, r))
        goto out;
    if (in.has_name) {
        other = ds_conn_find_name(in.name, c->project_id);
        if (other != NULL && other != c) {
            reply_bad_request_fmt(r, "An App Connection with the name \"%s\" already exists", in.name);
            goto out;
        }
        free(c->name);
        c->name = in.name;
        in.name = NULL;
    }
    if (in.has_description) {
        free(c->description);
        c->description = in.description;
        in.description = NULL;
    }
    if (in.has_credentials) {
        ds_wipe_free(c->api_token);
        c->api_token = in.api_token;
        in.api_token = NULL;
        new_hash(c);
    }
    c->version++;
    c->updated_ms = ds_now_ms();
    reply_conn(r, c);
out:
    ds_conn_input_free(&in);
}

static void h_delete(const auth_info *a, const char *id, ds_reply *r)
{
    ds_conn *c = conn_by_id_param(id, r);
    if (c == NULL)
        return;
    if (!g.ident[a->identity].can_write) {
        reply_permission_denied(r, "delete");
        return;
    }
    /* The database's foreign key from a secret sync (contract 1.3, Delete). */
    if (ds_conn_in_use(c->id)) {
        ds_reply_error(r, 400, "BadRequest",
                       "Cannot delete App Connection with existing connections. Remove all existing connections and "
                       "try again.");
        return;
    }
    reply_conn(r, c);
    ds_conn_remove(c);
    ds_conn_free(c);
}

static void h_rotate(const auth_info *a, const char *id, ds_reply *r)
{
    ds_conn *c = conn_by_id_param(id, r);
    if (c == NULL)
        return;
    if (!g.ident[a->identity].can_write) {
        reply_permission_denied(r, "edit");
        return;
    }
    /* Our choice: the contract (1.1 row 8) leaves this unverified; Northflank has no
     * rotation config, so the request can only be refused. */
    ds_reply_error(r, 400, "BadRequest", "Credential rotation is not supported for Northflank Connections");
}

static json_t *option(const char *name, const char *app, const char *m1, const char *m2)
{
    json_t *o = json_object();
    json_t *methods = json_array();
    json_array_append_new(methods, json_string(m1));
    if (m2 != NULL)
        json_array_append_new(methods, json_string(m2));
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "app", json_string(app));
    json_object_set_new(o, "methods", methods);
    return o;
}

/* Row 11. A short list sorted by name; which apps each project type gets is our
 * choice, except Northflank, which belongs to secret-manager (contract 1.4). */
static void h_options(const ds_call *c, ds_reply *r)
{
    static const char *const types[] = {"secret-manager", "cert-manager", "kms", "ssh",
                                        "secret-scanning", "pam", "ai"};
    const char *pt = ds_query(c, "projectType");
    json_t *arr, *o;
    int secrets = 1, certs = 0;
    size_t i;

    if (pt != NULL) {
        for (i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(pt, types[i]) == 0)
                break;
        if (i == sizeof types / sizeof types[0]) {
            json_t *issues = json_array();
            z_invalid_enum(issues, z_path("projectType", NULL), pt, types, sizeof types / sizeof types[0]);
            reply_validation(r, issues);
            return;
        }
        secrets = strcmp(pt, "secret-manager") == 0;
        certs = strcmp(pt, "cert-manager") == 0;
    }
    arr = json_array();
    if (secrets || certs)
        json_array_append_new(arr, option("AWS", "aws", "assume-role", "access-key"));
    if (secrets)
        json_array_append_new(arr, option("GitHub", "github", "github-app", "oauth"));
    if (secrets && g.cur.northflank_offered)
        json_array_append_new(arr, option("Northflank", "northflank", "api-token", NULL));
    o = json_object();
    json_object_set_new(o, "appConnectionOptions", arr);
    ds_reply_json(r, 200, o);
}

/* ---- routing ---- */

static int seg_is(const ds_call *c, size_t i, const char *s)
{
    return i < c->nseg && strcmp(c->seg[i], s) == 0;
}

/* /api/v1/secret-syncs/... (n >= 3 segments). */
static int sync_route_match(const ds_call *c, const char **p1, int get, int post, int patch, int del)
{
    size_t n = c->nseg;
    if (n == 3)
        return get ? R_SS_LIST_ALL : R_NONE;
    if (n == 4 && seg_is(c, 3, "options"))
        return get ? R_SS_OPTIONS : R_NONE;
    if (!seg_is(c, 3, "northflank"))
        return R_NONE;
    if (n == 4)
        return get ? R_SS_LIST : post ? R_SS_CREATE : R_NONE;
    if (n == 5) {
        if (seg_is(c, 4, "check-destination") && post)
            return R_SS_CHECK;
        *p1 = c->seg[4];
        return get ? R_SS_GET : patch ? R_SS_UPDATE : del ? R_SS_DELETE : R_NONE;
    }
    if (n == 6) {
        if (seg_is(c, 4, "sync-name") && get) {
            *p1 = c->seg[5];
            return R_SS_BY_NAME;
        }
        *p1 = c->seg[4];
        if (!post)
            return R_NONE;
        if (seg_is(c, 5, "sync-secrets"))
            return R_SS_TRIGGER;
        if (seg_is(c, 5, "import-secrets"))
            return R_SS_IMPORT;
        if (seg_is(c, 5, "remove-secrets"))
            return R_SS_REMOVE;
    }
    return R_NONE;
}

/* find-my-way's choice for our routes: static segments beat parameters, a method
 * without a route is a 404, and HEAD follows GET. */
static int route_match(const ds_call *c, const char **p1)
{
    int get = strcmp(c->method, "GET") == 0 || strcmp(c->method, "HEAD") == 0;
    int post = strcmp(c->method, "POST") == 0;
    int patch = strcmp(c->method, "PATCH") == 0;
    int del = strcmp(c->method, "DELETE") == 0;
    size_t n = c->nseg;

    if (!seg_is(c, 0, "api") || !seg_is(c, 1, "v1"))
        return R_NONE;
    if (n == 5 && seg_is(c, 2, "auth") && post) {
        if (seg_is(c, 3, "universal-auth") && seg_is(c, 4, "login"))
            return R_LOGIN;
        if (seg_is(c, 3, "token") && seg_is(c, 4, "renew"))
            return R_RENEW;
        if (seg_is(c, 3, "token") && seg_is(c, 4, "revoke"))
            return R_REVOKE;
        return R_NONE;
    }
    if (seg_is(c, 2, "secret-syncs"))
        return sync_route_match(c, p1, get, post, patch, del);
    if (!seg_is(c, 2, "app-connections"))
        return R_NONE;
    if (n == 3)
        return get ? R_LIST_ALL : R_NONE;
    if (n == 4 && seg_is(c, 3, "options"))
        return get ? R_OPTIONS : R_NONE;
    if (!seg_is(c, 3, "northflank"))
        return R_NONE;
    if (n == 4)
        return get ? R_NF_LIST : post ? R_NF_CREATE : R_NONE;
    if (n == 5) {
        if (seg_is(c, 4, "available") && get)
            return R_NF_AVAILABLE;
        *p1 = c->seg[4];
        return get ? R_NF_GET : patch ? R_NF_UPDATE : del ? R_NF_DELETE : R_NONE;
    }
    if (n == 6) {
        if (seg_is(c, 4, "connection-name") && get) {
            *p1 = c->seg[5];
            return R_NF_BY_NAME;
        }
        *p1 = c->seg[4];
        if (seg_is(c, 5, "rotate-credentials") && post)
            return R_NF_ROTATE;
        if (seg_is(c, 5, "projects") && get)
            return R_NF_PROJECTS;
        return R_NONE;
    }
    if (n == 8 && seg_is(c, 5, "projects") && seg_is(c, 7, "secret-groups") && get) {
        *p1 = c->seg[4];
        return R_NF_SECRET_GROUPS;
    }
    return R_NONE;
}

/* Fastify's order: router (bad URL, 404), onRequest hooks (identity, verifyAuth),
 * body parsing, preValidation (rate limit), validation and the handler. */
void ds_api_handle(const ds_call *c, ds_reply *r)
{
    auth_info a;
    const char *p1 = NULL;
    json_t *body = NULL;
    int id;

    if (c->bad_url) {
        reply_bad_url(c, r);
        return;
    }
    ds_lock();
    if (!extract_auth(c, &a, r))
        goto out;
    id = route_match(c, &p1);
    if (id == R_NONE) {
        reply_route_not_found(c, r);
        goto out;
    }
    if (routes[id].auth != ROUTE_OPEN && !verify_auth(c, &a, routes[id].auth == ROUTE_JWT_ONLY, r))
        goto out;
    if (id >= R_SS_LIST_ALL && empty_json_body(c, r))
        goto out;
    if (routes[id].body && !parse_body(c, &body, r))
        goto out;
    if (!rate_limit(routes[id].write, r))
        goto out;

    switch (id) {
    case R_LOGIN:
        h_login(body, r);
        break;
    case R_RENEW:
        h_renew(body, r);
        break;
    case R_REVOKE:
        h_revoke(body, r);
        break;
    case R_LIST_ALL:
    case R_NF_LIST:
        h_list(c, id == R_LIST_ALL, r);
        break;
    case R_OPTIONS:
        h_options(c, r);
        break;
    case R_NF_CREATE:
        h_create(&a, body, r);
        break;
    case R_NF_AVAILABLE:
        h_available(c, r);
        break;
    case R_NF_BY_NAME:
        h_by_name(c, p1, r);
        break;
    case R_NF_GET:
        h_get(p1, r);
        break;
    case R_NF_UPDATE:
        h_update(&a, p1, body, r);
        break;
    case R_NF_DELETE:
        h_delete(&a, p1, r);
        break;
    case R_NF_ROTATE:
        h_rotate(&a, p1, r);
        break;
    case R_SS_LIST_ALL:
    case R_SS_OPTIONS:
    case R_SS_LIST:
    case R_SS_CREATE:
    case R_SS_CHECK:
    case R_SS_GET:
    case R_SS_BY_NAME:
    case R_SS_UPDATE:
    case R_SS_DELETE:
    case R_SS_TRIGGER:
    case R_SS_IMPORT:
    case R_SS_REMOVE:
        ds_sync_handle(id - R_SS_LIST_ALL, c, g.ident[a.identity].can_write, body, p1, r);
        break;
    default:
        /* /projects and /secret-groups accept user JWTs only, which this server
         * never issues: verify_auth has already answered. */
        reply_route_not_found(c, r);
        break;
    }
out:
    ds_unlock();
    json_decref(body);
}
