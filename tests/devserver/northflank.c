/* A stand-in for the part of Northflank's API that Infisical calls (contract 7):
 * list projects, list a project's secret groups, read a group's values and PATCH
 * them. It is served under /v1 on the devserver's own port, so a client's Northflank
 * base URL can point at INFISICAL_API_URL. Field sets and pagination follow
 * Northflank's API docs as the contract quotes them; where they are silent (texts of
 * messages, order of checks), the comment says "our choice". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "store.h"
#include "util.h"

#define NF_WINDOW_MS 3600000  /* Northflank counts requests per hour (contract 7) ... */
#define NF_DEFAULT_LIMIT 1000 /* ... 1000 by default: what the headers show when no limit is set */
#define NF_PER_PAGE_DEFAULT 50
#define NF_PER_PAGE_MAX 100
#define NF_PAGE_MAX 1000000 /* our choice: keeps every offset inside a cursor's 8 hex digits */
#define NF_CURSOR_LEN 24

int ds_is_nf_path(const char *raw_path)
{
    return strcmp(raw_path, "/v1") == 0 || strncmp(raw_path, "/v1/", 4) == 0;
}

/* ---- replies ---- */

/* Northflank's error body. Infisical's buildNorthflankAPIErrorMessage reads two
 * shapes (contract 7), so a client must too: the errorShape setting picks one.
 * Steals details (NULL: {}). Lock held. */
json_t *ds_nf_error_body(int status, const char *message, json_t *details)
{
    json_t *o = json_object();
    if (g.cur.nf_error_flat) {
        json_object_set_new(o, "message", json_string(message));
        json_decref(details);
    } else {
        json_t *e = json_object();
        json_object_set_new(e, "status", json_integer(status));
        json_object_set_new(e, "message", json_string(message));
        json_object_set_new(e, "details", details ? details : json_object());
        json_object_set_new(o, "error", e);
    }
    return o;
}

static void nf_error(ds_reply *r, int status, const char *message, json_t *details)
{
    ds_reply_json(r, status, ds_nf_error_body(status, message, details));
}

/* A 400 for one bad field, {"<field>": ["<problem>"]} in details. The message names
 * the field too, because the flat shape has no details. */
static void nf_invalid(ds_reply *r, const char *field, const char *problem)
{
    json_t *details = json_object();
    json_t *list = json_array();
    char *msg = ds_printf("Validation failed: %s %s", field, problem);
    json_array_append_new(list, json_string(problem));
    json_object_set_new(details, field, list);
    nf_error(r, 400, msg, details);
    free(msg);
}

/* ---- rate limit ---- */

/* Whether the window would refuse the next request. Lock held. */
static int nf_window_full(int64_t now)
{
    const ds_window *w = &g.nf_rl;
    if (g.cur.nf_rate_limit <= 0)
        return 0;
    if (w->count == 0 || now >= w->start_ms + NF_WINDOW_MS || now < w->start_ms)
        return 0; /* the next request opens a fresh window */
    return w->count >= g.cur.nf_rate_limit;
}

/* Counts one call in the window, opening a new window when the old one has ended.
 * Returns whether the call is within the limit. Lock held. */
static int nf_window_take(int64_t now)
{
    ds_window *w = &g.nf_rl;
    int full = nf_window_full(now);
    if (w->count == 0 || now >= w->start_ms + NF_WINDOW_MS || now < w->start_ms) {
        w->start_ms = now;
        w->count = 0;
    }
    w->count++;
    return !full;
}

/* One fixed window on the virtual clock for every /v1 request, whatever its token
 * (our choice: tests use one token at a time). Every reply carries the headers, as
 * Northflank's do; with no limit set they show Northflank's default and nothing is
 * refused. Lock held. Returns 0 after answering 429. */
static int nf_rate_limit(ds_reply *r)
{
    ds_window *w = &g.nf_rl;
    int64_t now = ds_now_ms();
    int64_t limit = g.cur.nf_rate_limit > 0 ? g.cur.nf_rate_limit : NF_DEFAULT_LIMIT;
    int64_t remaining;
    int ok = nf_window_take(now);
    char buf[32];

    remaining = limit - w->count;
    if (remaining < 0)
        remaining = 0;
    snprintf(buf, sizeof buf, "%lld", (long long)limit);
    ds_reply_header(r, "x-ratelimit-limit", buf);
    snprintf(buf, sizeof buf, "%lld", (long long)remaining);
    ds_reply_header(r, "x-ratelimit-remaining", buf);
    /* Epoch seconds of the window's end, rounded up so that waiting until then is
     * always enough. */
    snprintf(buf, sizeof buf, "%lld", (long long)((w->start_ms + NF_WINDOW_MS + 999) / 1000));
    ds_reply_header(r, "x-ratelimit-reset", buf);
    if (!ok) {
        nf_error(r, 429, "Rate limit exceeded", NULL);
        return 0;
    }
    return 1;
}

/* ---- tokens ---- */

/* The token of "Authorization: Bearer <token>", or NULL when the header is missing
 * or has another scheme. The scheme word is case-insensitive (RFC 9110 11.1). */
static const char *bearer(const ds_call *c)
{
    const char *h = c->authorization;
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    return h + 7;
}

int ds_nf_projects_status(const char *token)
{
    const ds_nf_token *t;
    /* The same order as a /v1 request: rate limit, token, permission. */
    if (nf_window_full(ds_now_ms()))
        return 429;
    t = ds_nf_token_find(token);
    if (t == NULL)
        return 401;
    if ((t->perms & DS_NF_PROJECTS_READ) == 0)
        return 403;
    return 200;
}

/* Returns the token's permissions, or -1 after answering 401. Lock held. */
static int nf_auth(const ds_call *c, ds_reply *r)
{
    const char *tok = bearer(c);
    const ds_nf_token *t;
    if (c->authorization == NULL || c->authorization[0] == '\0') {
        nf_error(r, 401, "Unauthorized: missing API token", NULL);
        return -1;
    }
    t = tok != NULL && tok[0] != '\0' ? ds_nf_token_find(tok) : NULL;
    if (t == NULL) {
        nf_error(r, 401, "Unauthorized: invalid API token", NULL);
        return -1;
    }
    return (int)t->perms;
}

/* "Insufficient permissions: <name>" for one DS_NF_* bit. */
static char *nf_forbidden_text(unsigned need)
{
    int i;
    for (i = 0; i < DS_NF_NPERMS - 1; i++)
        if (need == 1u << i)
            break;
    return ds_printf("Insufficient permissions: %s", ds_nf_perm_names[i]);
}

/* need is one DS_NF_* bit. Returns 0 after answering 403. */
static int nf_allowed(int perms, unsigned need, ds_reply *r)
{
    char *msg;
    if (((unsigned)perms & need) != 0)
        return 1;
    msg = nf_forbidden_text(need);
    nf_error(r, 403, msg, NULL);
    free(msg);
    return 0;
}

/* ---- pagination ---- */

/* FNV-1a over the per-process key, the list's name and the offset: a check that
 * refuses made-up or foreign cursors, not a security measure. */
static uint64_t nf_cursor_check(const char *list, uint32_t offset)
{
    uint64_t h = 14695981039346656037ULL;
    size_t i;
    for (i = 0; i < sizeof g.nf_cursor_key; i++)
        h = (h ^ g.nf_cursor_key[i]) * 1099511628211ULL;
    for (i = 0; list[i] != '\0'; i++)
        h = (h ^ (unsigned char)list[i]) * 1099511628211ULL;
    for (i = 0; i < 4; i++)
        h = (h ^ ((offset >> (8 * i)) & 0xff)) * 1099511628211ULL;
    return h;
}

/* Northflank's cursors are opaque and 24 characters long. Ours: the offset of the
 * next item (8 hex digits) and the check (16), so a cursor belongs to one list. */
static void nf_cursor_make(const char *list, size_t offset, char out[NF_CURSOR_LEN + 1])
{
    uint32_t off = (uint32_t)offset;
    snprintf(out, NF_CURSOR_LEN + 1, "%08lx%016llx", (unsigned long)off,
             (unsigned long long)nf_cursor_check(list, off));
}

static int nf_cursor_read(const char *list, const char *cur, size_t *offset)
{
    char head[9], want[NF_CURSOR_LEN + 1];
    unsigned long off;
    size_t i;
    for (i = 0; i < NF_CURSOR_LEN; i++)
        if (!((cur[i] >= '0' && cur[i] <= '9') || (cur[i] >= 'a' && cur[i] <= 'f')))
            return 0;
    memcpy(head, cur, 8);
    head[8] = '\0';
    off = strtoul(head, NULL, 16);
    nf_cursor_make(list, off, want);
    if (strcmp(want, cur) != 0)
        return 0;
    *offset = off;
    return 1;
}

/* A count in a query parameter: digits only. Values too long to matter are capped,
 * so that the range check below reports them. -1: not a count. */
static long long nf_count(const char *s)
{
    long long v = 0;
    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        if (v < 1000000000LL)
            v = v * 10 + (*s - '0');
    }
    return v;
}

/* per_page, cursor and page as Northflank's list endpoints take them; a cursor
 * wins over page. Returns 0 after answering 400. */
static int nf_page_params(const ds_call *c, const char *list, size_t *offset, size_t *per_page, ds_reply *r)
{
    const char *pp = ds_query(c, "per_page");
    const char *cur = ds_query(c, "cursor");
    const char *page = ds_query(c, "page");
    long long v;

    *offset = 0;
    *per_page = NF_PER_PAGE_DEFAULT;
    if (pp != NULL) {
        v = nf_count(pp);
        if (v < 0) {
            nf_invalid(r, "per_page", "must be an integer");
            return 0;
        }
        if (v < 1) {
            nf_invalid(r, "per_page", "must be at least 1");
            return 0;
        }
        if (v > NF_PER_PAGE_MAX) {
            nf_invalid(r, "per_page", "must be at most 100");
            return 0;
        }
        *per_page = (size_t)v;
    }
    if (cur != NULL) {
        if (strlen(cur) != NF_CURSOR_LEN) {
            nf_invalid(r, "cursor", "must be 24 characters long");
            return 0;
        }
        if (!nf_cursor_read(list, cur, offset)) {
            nf_invalid(r, "cursor", "is not a valid cursor");
            return 0;
        }
    } else if (page != NULL) {
        v = nf_count(page);
        if (v < 1 || v > NF_PAGE_MAX) {
            nf_invalid(r, "page", v < 0 ? "must be an integer" : v < 1 ? "must be at least 1"
                                                                       : "must be at most 1000000");
            return 0;
        }
        *offset = (size_t)(v - 1) * *per_page;
    }
    return 1;
}

/* The pagination object for a list of total items, asked for at offset, as the
 * pagination setting wants it. Sets *from and *count to the slice to serve. Lock held. */
static json_t *nf_pagination(const char *list, size_t total, size_t offset, size_t per_page, size_t *from,
                             size_t *count)
{
    json_t *p = json_object();
    char cursor[NF_CURSOR_LEN + 1];
    size_t at = offset, n;
    int more;

    /* A server whose cursor never ends: the pages run through the data and start
     * over at its end, so each has items when there are any, and each cursor is new
     * (it counts on), so only a client's page cap stops the walk. */
    if (g.cur.nf_pagination == DS_NF_PAGES_ENDLESS && total > 0)
        at = offset % total;
    n = at < total ? total - at : 0;
    if (n > per_page)
        n = per_page;
    *from = at;
    *count = n;
    if (g.cur.nf_pagination == DS_NF_PAGES_ENDLESS) {
        more = 1;
        nf_cursor_make(list, offset + (n > 0 ? n : per_page), cursor);
    } else if (g.cur.nf_pagination == DS_NF_PAGES_NO_CURSOR) {
        more = 1; /* a next page is claimed, but there is no way to ask for it */
    } else {
        more = at + n < total;
        nf_cursor_make(list, at + n, cursor);
    }
    json_object_set_new(p, "hasNextPage", json_boolean(more));
    if (more && g.cur.nf_pagination != DS_NF_PAGES_NO_CURSOR)
        json_object_set_new(p, "cursor", json_string(cursor));
    json_object_set_new(p, "count", json_integer((json_int_t)n));
    return p;
}

static void nf_reply_list(ds_reply *r, const char *key, json_t *items, json_t *pagination)
{
    json_t *o = json_object();
    json_t *data = json_object();
    json_object_set_new(data, key, items);
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "pagination", pagination);
    ds_reply_json(r, 200, o);
}

/* ---- handlers ---- */

static void h_projects(const ds_call *c, ds_reply *r)
{
    size_t offset, per_page, from, n, i;
    json_t *pagination, *items;

    if (!nf_page_params(c, "projects", &offset, &per_page, r))
        return;
    pagination = nf_pagination("projects", g.n_nf_projects, offset, per_page, &from, &n);
    items = json_array();
    for (i = 0; i < n; i++) {
        const ds_nf_project *p = &g.nf_projects[from + i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(p->id));
        json_object_set_new(o, "uid", json_string(p->uid));
        json_object_set_new(o, "name", json_string(p->name));
        if (p->description != NULL)
            json_object_set_new(o, "description", json_string(p->description));
        json_object_set_new(o, "lifecycleStatus", json_string("created"));
        json_array_append_new(items, o);
    }
    nf_reply_list(r, "projects", items, pagination);
}

/* The fields of a secret group that the list and the details share. */
static json_t *group_json(const ds_nf_project *p, const ds_nf_group *sg)
{
    json_t *o = json_object();
    json_t *restrictions = json_object();
    json_object_set_new(o, "id", json_string(sg->id));
    json_object_set_new(o, "projectId", json_string(p->id));
    json_object_set_new(o, "name", json_string(sg->name));
    if (sg->description != NULL)
        json_object_set_new(o, "description", json_string(sg->description));
    json_object_set_new(o, "tags", json_array());
    json_object_set_new(o, "type", json_string("secret"));
    json_object_set_new(o, "secretType", json_string("environment-arguments"));
    json_object_set_new(o, "priority", json_integer(sg->priority));
    json_object_set_new(restrictions, "restricted", json_false());
    json_object_set_new(o, "restrictions", restrictions);
    return o;
}

static ds_nf_project *project_param(const char *id, ds_reply *r)
{
    ds_nf_project *p = ds_nf_project_find(id);
    if (p == NULL)
        nf_error(r, 404, "Project not found", NULL);
    return p;
}

static ds_nf_group *group_param(ds_nf_project *p, const char *id, ds_reply *r)
{
    ds_nf_group *sg = ds_nf_group_find(p, id);
    if (sg == NULL)
        nf_error(r, 404, "Secret not found", NULL);
    return sg;
}

static void h_groups(const ds_call *c, const char *project_id, ds_reply *r)
{
    ds_nf_project *p = project_param(project_id, r);
    size_t offset, per_page, from, n, i;
    char *list;
    json_t *pagination, *items;

    if (p == NULL)
        return;
    /* A cursor of one project's list is no good for another's. */
    list = ds_printf("secrets:%s", p->id);
    if (nf_page_params(c, list, &offset, &per_page, r)) {
        pagination = nf_pagination(list, p->n_groups, offset, per_page, &from, &n);
        items = json_array();
        for (i = 0; i < n; i++)
            json_array_append_new(items, group_json(p, &p->groups[from + i]));
        nf_reply_list(r, "secrets", items, pagination);
    }
    free(list);
}

/* The group with its times, as the details, PATCH and POST replies carry it. */
static json_t *group_json_times(const ds_nf_project *p, const ds_nf_group *sg)
{
    json_t *o = group_json(p, sg);
    char at[32];
    ds_iso8601(sg->created_ms, at);
    json_object_set_new(o, "createdAt", json_string(at));
    ds_iso8601(sg->updated_ms, at);
    json_object_set_new(o, "updatedAt", json_string(at));
    return o;
}

/* GetSecretdetailsResult of @northflank/js-client 0.9.5: the group, its times, its
 * own secrets and the linked addons' (none here). */
static void h_details(const char *project_id, const char *group_id, ds_reply *r)
{
    ds_nf_project *p = project_param(project_id, r);
    ds_nf_group *sg = p ? group_param(p, group_id, r) : NULL;
    json_t *o, *data, *secrets;

    if (sg == NULL)
        return;
    data = group_json_times(p, sg);
    secrets = json_object();
    json_object_set_new(secrets, "variables", json_deep_copy(sg->variables));
    json_object_set_new(secrets, "files", json_object());
    json_object_set_new(data, "secrets", secrets);
    json_object_set_new(data, "addonSecrets", json_array());
    o = json_object();
    json_object_set_new(o, "data", data);
    ds_reply_json(r, 200, o);
}

/* Replaces a group's variables (a whole-map replace: what Infisical's sync assumes,
 * contract 5.2), stamps the write. Lock held. */
static void group_write(ds_nf_group *sg, const json_t *vars)
{
    json_decref(sg->variables);
    sg->variables = json_deep_copy(vars);
    sg->updated_ms = ds_now_ms();
}

/* PATCH (the client's patch.secret, and what Infisical's sync sends:
 * {"secrets":{"variables":{...}}}, the full map) and POST (the client's
 * update.secret). Both take the same body here: secrets.variables replaces the
 * values, description and priority replace theirs, any other key is accepted and
 * changes nothing (our choice). The reply is the group without its values
 * (PatchSecretResult's fields; our choice for POST, whose result type is any). */
static void h_write(const ds_call *c, const char *project_id, const char *group_id, ds_reply *r)
{
    ds_nf_project *p = project_param(project_id, r);
    ds_nf_group *sg = p ? group_param(p, group_id, r) : NULL;
    json_t *body, *secrets, *vars, *v, *desc, *prio, *o;
    const char *key;

    if (sg == NULL)
        return;
    if (c->body_too_large) {
        nf_error(r, 413, "Request body too large", NULL);
        return;
    }
    body = json_loadb(c->body, c->body_len, 0, NULL);
    if (!json_is_object(body)) {
        nf_invalid(r, "body", "must be a JSON object");
        json_decref(body);
        return;
    }
    secrets = json_object_get(body, "secrets");
    vars = json_object_get(secrets, "variables");
    desc = json_object_get(body, "description");
    prio = json_object_get(body, "priority");
    if (secrets != NULL && !json_is_object(secrets)) {
        nf_invalid(r, "secrets", "must be an object");
        goto out;
    }
    if (vars != NULL) {
        if (!json_is_object(vars)) {
            nf_invalid(r, "secrets.variables", "must be an object of strings");
            goto out;
        }
        json_object_foreach(vars, key, v) {
            if (!json_is_string(v)) {
                nf_invalid(r, "secrets.variables", "must be an object of strings");
                goto out;
            }
        }
    }
    if (desc != NULL && !json_is_string(desc)) {
        nf_invalid(r, "description", "must be a string");
        goto out;
    }
    if (prio != NULL && !json_is_integer(prio)) {
        nf_invalid(r, "priority", "must be an integer");
        goto out;
    }
    if (vars != NULL)
        group_write(sg, vars);
    if (desc != NULL) {
        free(sg->description);
        sg->description = ds_strdup(json_string_value(desc));
    }
    if (prio != NULL)
        sg->priority = json_integer_value(prio);
    sg->updated_ms = ds_now_ms();
    g.nf_patches++;
    o = json_object();
    json_object_set_new(o, "data", group_json_times(p, sg));
    ds_reply_json(r, 200, o);
out:
    json_decref(body);
}

/* ---- the sync jobs' calls, in process ---- */

/* The checks a request gets, in the same order (rate limit, token, permission,
 * project, group), for a call made by Infisical's sync job rather than over HTTP.
 * Returns the group, or NULL with *status and *err (the error body) set. A job's
 * call counts in the rate-limit window like any call to Northflank, but not as a
 * request. Lock held. */
static ds_nf_group *nf_job_target(const char *token, const char *project_id, const char *group_id,
                                  unsigned need, int *status, json_t **err)
{
    const ds_nf_token *t;
    ds_nf_project *p;
    ds_nf_group *sg;
    char *msg;

    if (!nf_window_take(ds_now_ms())) {
        *status = 429;
        *err = ds_nf_error_body(429, "Rate limit exceeded", NULL);
        return NULL;
    }
    t = token != NULL && token[0] != '\0' ? ds_nf_token_find(token) : NULL;
    if (t == NULL) {
        *status = 401;
        *err = ds_nf_error_body(401, "Unauthorized: invalid API token", NULL);
        return NULL;
    }
    if ((t->perms & need) == 0) {
        msg = nf_forbidden_text(need);
        *status = 403;
        *err = ds_nf_error_body(403, msg, NULL);
        free(msg);
        return NULL;
    }
    p = ds_nf_project_find(project_id);
    if (p == NULL) {
        *status = 404;
        *err = ds_nf_error_body(404, "Project not found", NULL);
        return NULL;
    }
    sg = ds_nf_group_find(p, group_id);
    if (sg == NULL) {
        *status = 404;
        *err = ds_nf_error_body(404, "Secret not found", NULL);
        return NULL;
    }
    return sg;
}

int ds_nf_job_read(const char *token, const char *project_id, const char *group_id, json_t **vars, json_t **err)
{
    int status = 200;
    ds_nf_group *sg = nf_job_target(token, project_id, group_id, DS_NF_GROUPS_READ_VALUES, &status, err);
    *vars = sg ? json_deep_copy(sg->variables) : NULL;
    return status;
}

int ds_nf_job_write(const char *token, const char *project_id, const char *group_id, const json_t *vars,
                    json_t **err)
{
    int status = 200;
    ds_nf_group *sg = nf_job_target(token, project_id, group_id, DS_NF_GROUPS_UPDATE, &status, err);
    if (sg != NULL)
        group_write(sg, vars);
    return status;
}

/* ---- routing ---- */

enum { NF_NONE, NF_PROJECTS, NF_GROUPS, NF_DETAILS, NF_PATCH, NF_UPDATE };

static int seg_is(const ds_call *c, size_t i, const char *s)
{
    return i < c->nseg && strcmp(c->seg[i], s) == 0;
}

static int nf_route(const ds_call *c)
{
    int get = strcmp(c->method, "GET") == 0 || strcmp(c->method, "HEAD") == 0;
    int patch = strcmp(c->method, "PATCH") == 0;
    int post = strcmp(c->method, "POST") == 0;
    if (!seg_is(c, 0, "v1") || !seg_is(c, 1, "projects"))
        return NF_NONE;
    if (c->nseg == 2 && get)
        return NF_PROJECTS;
    if (!seg_is(c, 3, "secrets"))
        return NF_NONE;
    if (c->nseg == 4 && get)
        return NF_GROUPS;
    if (c->nseg == 5 && patch)
        return NF_PATCH;
    if (c->nseg == 5 && post)
        return NF_UPDATE;
    if (c->nseg == 6 && seg_is(c, 5, "details") && get)
        return NF_DETAILS;
    return NF_NONE;
}

/* The order of checks is our choice: rate limit (so that every reply has its
 * headers), URL, token, route, permission, then parameters and the resource. A
 * permission is checked before the project is looked up, so a 403 does not tell
 * whether the project exists. */
void ds_nf_handle(const ds_call *c, ds_reply *r)
{
    static const unsigned need[] = {
        [NF_PROJECTS] = DS_NF_PROJECTS_READ,
        [NF_GROUPS] = DS_NF_GROUPS_LIST,
        [NF_DETAILS] = DS_NF_GROUPS_READ_VALUES,
        [NF_PATCH] = DS_NF_GROUPS_UPDATE,
        [NF_UPDATE] = DS_NF_GROUPS_UPDATE,
    };
    int perms, route;

    ds_lock();
    if (!nf_rate_limit(r))
        goto out;
    if (c->bad_url) {
        nf_invalid(r, "url", "is not a valid URL");
        goto out;
    }
    perms = nf_auth(c, r);
    if (perms < 0)
        goto out;
    route = nf_route(c);
    if (route == NF_NONE) {
        nf_error(r, 404, "Not found", NULL);
        goto out;
    }
    if (!nf_allowed(perms, need[route], r))
        goto out;
    switch (route) {
    case NF_PROJECTS:
        h_projects(c, r);
        break;
    case NF_GROUPS:
        h_groups(c, c->seg[2], r);
        break;
    case NF_DETAILS:
        h_details(c->seg[2], c->seg[4], r);
        break;
    default:
        h_write(c, c->seg[2], c->seg[4], r);
        break;
    }
out:
    ds_unlock();
}
