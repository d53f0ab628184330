/* The Northflank API, called directly with an API token: complete listings
 * (cursor pagination under a page cap) and the preflight check of a token. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codec/codec.h"
#include "error_internal.h"
#include "northflank/api.h"
#include "models.h"
#include "util/alloc.h"
#include "validate.h"

#define PER_PAGE "100"
#define PER_PAGE_ITEMS 100u
/* How many projects a preflight looks through for a secret group to probe. */
#define PROJECTS_SEARCHED 10

struct infisical_northflank_api {
    struct infisical_config *cfg;  /* own copy */
    struct infisical__endpoint northflank;
    char *token;                   /* secret */
};

/* The handle as the internal functions see it. */
static struct infisical__northflank as_northflank(infisical_northflank_api *api)
{
    return (struct infisical__northflank){.ep = &api->northflank, .token = api->token};
}

int infisical_northflank_api_new(infisical_northflank_api **out, const infisical_config *cfg, const char *api_token,
                                 infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!cfg)
        return infisical__fail_field(err, "cfg", "must not be NULL");
    if (!api_token)
        return infisical__fail_field(err, "api_token", "must not be NULL");
    /* It goes in the Authorization header: printable ASCII, measured first. */
    size_t n;
    const char *t;
    int rc = infisical__check_trimmed(err, "api_token", api_token, INFISICAL_NORTHFLANK_TOKEN_MAX,
                                      INFISICAL__CHARS_ASCII, &t, &n);
    if (rc != INFISICAL_OK)
        return rc;
    if (n == 0)
        return infisical__fail_field(err, "api_token", "API Token required");
    struct infisical_northflank_api *api = infisical__calloc(1, sizeof *api);
    if (!api || !(api->cfg = infisical__config_dup(cfg)) || !(api->token = infisical__strndup(t, n)) ||
        infisical__endpoint_open(&api->northflank, api->cfg, api->cfg->northflank_url, NULL,
                                 infisical__decode_northflank_error) != INFISICAL_OK) {
        infisical_northflank_api_free(api);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    infisical__warn_risks(api->cfg, api->cfg->northflank_url, NULL);
    *out = api;
    return INFISICAL_OK;
}

void infisical_northflank_api_free(infisical_northflank_api *api)
{
    if (!api)
        return;
    infisical__endpoint_close(&api->northflank);
    infisical__free_secret(api->token);
    infisical_config_free(api->cfg);
    infisical__free(api);
}

/* One request on the Northflank API, with the token, by the call's deadline.
 * `secret_reply`: the reply holds secret values. */
static int send_nf(const struct infisical__northflank *nf, const char *method, const char *path, const char *body,
                   int secret_reply, const struct infisical__call_settings *settings, infisical__http_response *resp,
                   infisical_error **err)
{
    struct infisical__call call = {.settings = settings, .method = method, .path = path, .body = body,
                                   .retry = strcmp(method, "GET") == 0 ? INFISICAL__RETRY_ALWAYS
                                                                       : INFISICAL__RETRY_UNSENT,
                                   .secret_reply = secret_reply};
    return infisical__send(nf->ep, &call, nf->token, resp, err);
}

/* Walk every page of `base` ("/v1/projects") into a new list, by one deadline
 * for all of them. However many items a server packs into its pages, the list
 * keeps at most page cap x PER_PAGE items and as many bytes as the largest
 * reply may have; reaching either ends the walk like the page cap does. */
static int list_all(const struct infisical__northflank *nf, const char *base, const char *collection,
                    const infisical_call_options *opts, infisical_northflank_resources **out,
                    infisical_error **err)
{
    const struct infisical_config *cfg = nf->ep->cfg;
    struct infisical_northflank_resources *list = infisical__calloc(1, sizeof *list);
    if (!list)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    uint64_t max_items = (uint64_t)cfg->northflank_page_cap * PER_PAGE_ITEMS;
    list->max_items = max_items > UINT32_MAX ? UINT32_MAX : (uint32_t)max_items;
    list->max_bytes = (size_t)cfg->max_response_bytes;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, cfg, opts);
    char *cursor = NULL;
    int rc = INFISICAL_OK;
    do {
        if (list->pages == cfg->northflank_page_cap) {
            list->truncated = 1;
            rc = infisical__fail(err, INFISICAL_ETRUNCATED,
                                 "GET %s on Northflank: stopped at the page cap of %u pages with %u items read and "
                                 "more announced; the list is incomplete (see infisical_config_set_northflank_page_cap)",
                                 base, list->pages, list->count);
            break;
        }
        infisical__buf path = {0};
        if (infisical__buf_puts(&path, base) || infisical__buf_puts(&path, "?per_page=" PER_PAGE) ||
            (cursor && (infisical__buf_puts(&path, "&cursor=") || infisical__buf_escape(&path, cursor)))) {
            infisical__buf_clear(&path);
            rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
            break;
        }
        infisical__http_response resp;
        rc = send_nf(nf, "GET", path.data, NULL, 0, &settings, &resp, err);
        infisical__buf_clear(&path);
        infisical__free(cursor);
        cursor = NULL;
        if (rc != INFISICAL_OK)
            break;
        list->pages++;
        infisical_error *e = NULL;
        rc = infisical__decode_northflank_page(resp.body.data, resp.body.len, collection, list, &cursor, &e);
        infisical__http_response_clear(&resp);
        if (rc == INFISICAL_ETRUNCATED) {
            infisical_error_free(e);
            list->truncated = 1;
            rc = infisical__fail(err, INFISICAL_ETRUNCATED,
                                 "GET %s on Northflank: stopped after %u pages at the listing's budget of %u items or "
                                 "%zu bytes (the page cap times %s items a page, and the largest reply's size); the "
                                 "list is incomplete", base, list->pages, list->max_items, list->max_bytes, PER_PAGE);
        } else if (rc != INFISICAL_OK) {
            infisical__error_report(err, e);
        }
    } while (rc == INFISICAL_OK && cursor);
    infisical__free(cursor);
    if (rc == INFISICAL_OK || rc == INFISICAL_ETRUNCATED) {
        *out = list; /* a truncated list is handed over too, with the error that says so */
        return rc;
    }
    infisical_northflank_resources_free(list);
    return rc;
}

int infisical_northflank_api_list_projects(infisical_northflank_api *api, infisical_northflank_resources **out,
                                           const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!api)
        return infisical__fail_field(err, "api", "must not be NULL");
    struct infisical__northflank nf = as_northflank(api);
    return list_all(&nf, "/v1/projects", "projects", opts, out, err);
}

/* "/v1/projects/<escaped id>/secrets" */
static char *secrets_path(const char *project_id)
{
    infisical__buf b = {0};
    if (infisical__buf_puts(&b, "/v1/projects/") || infisical__buf_escape(&b, project_id) ||
        infisical__buf_puts(&b, "/secrets")) {
        infisical__buf_clear(&b);
        return NULL;
    }
    return infisical__buf_take(&b);
}

int infisical_northflank_api_list_secret_groups(infisical_northflank_api *api, const char *project_id,
                                                infisical_northflank_resources **out,
                                                const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!api)
        return infisical__fail_field(err, "api", "must not be NULL");
    if (!project_id)
        return infisical__fail_field(err, "project_id", "must not be NULL or empty");
    /* Escaped into the path: any UTF-8 line is safe there; measured first. */
    size_t n;
    int checked = infisical__check_text(err, "project_id", project_id, INFISICAL_NORTHFLANK_PROJECT_ID_MAX,
                                        INFISICAL__CHARS_UTF8_LINE, &n);
    if (checked != INFISICAL_OK)
        return checked;
    if (n == 0)
        return infisical__fail_field(err, "project_id", "must not be NULL or empty");
    char *base = secrets_path(project_id);
    if (!base)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    struct infisical__northflank nf = as_northflank(api);
    int rc = list_all(&nf, base, "secrets", opts, out, err);
    infisical__free(base);
    return rc;
}

/* ---- preflight ---- */

static const char *const state_words[] = {"", "granted", "DENIED", "not checked"};


/* Record the state of permission p with a formatted reason, and its summary line. */
static int record(struct infisical_preflight_report *r, int p, int state, const char *fmt, ...)
    INFISICAL__PRINTF(4, 5);

static int record(struct infisical_preflight_report *r, int p, int state, const char *fmt, ...)
{
    char reason[512], summary[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    snprintf(summary, sizeof summary, "%s: %s (%s)", infisical_preflight_permission_name((uint32_t)p),
             state_words[state], reason);
    r->state[p] = state;
    return infisical__replace_string(&r->reason[p], reason, strlen(reason), 0) ||
           infisical__replace_string(&r->summary[p], summary, strlen(summary), 0);
}

/* What one probe found: Northflank's answer, as a permission state. */
struct finding {
    int state;        /* INFISICAL_CHECK_* */
    long status;      /* HTTP status of the answer */
    char text[512];   /* the request and the answer */
};

/* Send a probe. A 2xx is a grant and a 401 or 403 a refusal, both findings
 * (with `into`, the items of a 2xx page are added to it); anything else
 * (network, TLS, 5xx, 429 after retries, memory, cancel) says nothing about
 * the token and is the error of the preflight itself. */
static int probe(const struct infisical__northflank *nf, const char *method, const char *path, const char *body,
                 const struct infisical__call_settings *settings, const char *collection, struct infisical_northflank_resources *into,
                 struct finding *f, infisical_error **err)
{
    infisical__http_response resp;
    infisical_error *e = NULL;
    /* Only a page is read; any other 2xx body (a details reply holds secret values) is wiped unread. */
    int rc = send_nf(nf, method, path, body, into == NULL, settings, &resp, &e);
    if (rc == INFISICAL_OK) {
        f->state = INFISICAL_CHECK_GRANTED;
        f->status = resp.status;
        snprintf(f->text, sizeof f->text, "%s %s answered %ld", method, path, resp.status);
        if (into) {
            char *cursor = NULL; /* one page is enough to find something to probe */
            rc = infisical__decode_northflank_page(resp.body.data, resp.body.len, collection, into, &cursor, err);
            infisical__free(cursor);
        }
        infisical__http_response_clear(&resp); /* a details body holds secret values: wiped, never read */
        return rc;
    }
    f->status = infisical_error_http_status(e);
    if (f->status != 401 && f->status != 403)
        return infisical__error_report(err, e);
    f->state = INFISICAL_CHECK_DENIED;
    snprintf(f->text, sizeof f->text, "%s", infisical_error_message(e));
    infisical_error_free(e);
    return INFISICAL_OK;
}

/* The probes, in order; each later one needs what an earlier one found. */
static int run_preflight(const struct infisical__northflank *nf, uint32_t flags,
                         const struct infisical__call_settings *settings,
                         struct infisical_preflight_report *r, infisical_error **err)
{
    struct finding f;
    struct infisical_northflank_resources projects = {0}, groups = {0};
    char *project = NULL, *group = NULL;
    infisical__buf path = {0};
    int failed = 0;
    const char *why_not = NULL;

    /* 1. Projects > Read, and whether the token authenticates at all. */
    int rc = probe(nf, "GET", "/v1/projects?per_page=" PER_PAGE, NULL, settings, "projects", &projects, &f, err);
    if (rc != INFISICAL_OK)
        goto out;
    r->authenticated = f.status != 401;
    failed |= record(r, INFISICAL_PERMISSION_PROJECTS_READ,
                     f.status == 401 ? INFISICAL_CHECK_NOT_CHECKED : f.state, "%s", f.text);
    if (f.status == 401)
        why_not = "the token does not authenticate";
    else if (f.state != INFISICAL_CHECK_GRANTED)
        why_not = "no project to probe: listing projects was not granted";
    else if (projects.count == 0)
        why_not = "the token sees no project to probe";

    /* 2. Secret Groups > List, on the first project; then look a little further for a group. */
    if (!why_not) {
        for (uint32_t i = 0; i < projects.count && i < PROJECTS_SEARCHED && !group; i++) {
            char *base = secrets_path(projects.items[i].id);
            failed |= !base || infisical__buf_puts(&path, base) || infisical__buf_puts(&path, "?per_page=1");
            infisical__free(base);
            if (failed)
                goto out;
            rc = probe(nf, "GET", path.data, NULL, settings, "secrets", &groups, &f, err);
            infisical__buf_clear(&path);
            if (rc != INFISICAL_OK)
                goto out;
            if (i == 0)
                failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_LIST, f.state, "%s", f.text);
            if (f.state != INFISICAL_CHECK_GRANTED)
                break;
            if (groups.count) {
                project = infisical__strdup(projects.items[i].id);
                group = infisical__strdup(groups.items[0].id);
                failed |= !project || !group;
            }
            infisical__resources_clear(&groups);
        }
        if (r->state[INFISICAL_PERMISSION_SECRET_GROUPS_LIST] != INFISICAL_CHECK_GRANTED)
            why_not = "no secret group to probe: listing secret groups was not granted";
        else if (!group)
            why_not = "no secret group found to probe (in the first projects the token sees)";
    } else {
        failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_LIST, INFISICAL_CHECK_NOT_CHECKED, "%s", why_not);
    }

    /* 3. Read Values and 4. Update, on the first secret group found. */
    const char *no_write = "a write test was not asked for: pass INFISICAL_PREFLIGHT_CHECK_WRITE";
    if (why_not || failed) {
        failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES, INFISICAL_CHECK_NOT_CHECKED, "%s",
                         why_not ? why_not : "");
        failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE, INFISICAL_CHECK_NOT_CHECKED, "%s",
                         flags & INFISICAL_PREFLIGHT_CHECK_WRITE && why_not ? why_not : no_write);
        goto out;
    }
    char *base = secrets_path(project);
    failed |= !base || infisical__buf_puts(&path, base) || infisical__buf_puts(&path, "/") ||
              infisical__buf_escape(&path, group);
    infisical__free(base);
    size_t group_path_len = path.len;
    if (failed || infisical__buf_puts(&path, "/details")) {
        failed = 1;
        goto out;
    }
    if ((rc = probe(nf, "GET", path.data, NULL, settings, NULL, NULL, &f, err)) != INFISICAL_OK)
        goto out;
    failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_READ_VALUES, f.state, "%s", f.text);
    if (!(flags & INFISICAL_PREFLIGHT_CHECK_WRITE)) {
        failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE, INFISICAL_CHECK_NOT_CHECKED, "%s", no_write);
        goto out;
    }
    /* An empty PATCH changes nothing but still needs the Update permission. */
    path.data[group_path_len] = '\0';
    path.len = group_path_len;
    if ((rc = probe(nf, "PATCH", path.data, "{}", settings, NULL, NULL, &f, err)) != INFISICAL_OK)
        goto out;
    failed |= record(r, INFISICAL_PERMISSION_SECRET_GROUPS_UPDATE, f.state, "%s, with an empty body", f.text);
out:
    infisical__resources_clear(&projects);
    infisical__resources_clear(&groups);
    infisical__buf_clear(&path);
    infisical__free(project);
    infisical__free(group);
    if (rc == INFISICAL_OK && failed)
        rc = infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    return rc;
}

int infisical__northflank_preflight(const struct infisical__northflank *nf, uint32_t flags,
                                    const struct infisical__call_settings *settings,
                                    infisical_preflight_report **out, infisical_error **err)
{
    struct infisical_preflight_report *r = infisical__calloc(1, sizeof *r);
    if (!r)
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    int rc = run_preflight(nf, flags, settings, r, err);
    if (rc != INFISICAL_OK) {
        infisical_preflight_report_free(r);
        return rc;
    }
    *out = r;
    return INFISICAL_OK;
}

int infisical_northflank_api_preflight(infisical_northflank_api *api, uint32_t flags, infisical_preflight_report **out,
                                       const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    *out = NULL;
    if (!api)
        return infisical__fail_field(err, "api", "must not be NULL");
    if (flags & ~(uint32_t)INFISICAL_PREFLIGHT_CHECK_WRITE)
        return infisical__fail_field(err, "flags", "has bits other than INFISICAL_PREFLIGHT_CHECK_WRITE");
    /* One deadline for every probe: the call's timeout covers the whole check. */
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, api->cfg, opts);
    struct infisical__northflank nf = as_northflank(api);
    return infisical__northflank_preflight(&nf, flags, &settings, out, err);
}
