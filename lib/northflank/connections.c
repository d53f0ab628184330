/* Northflank connection operations: check arguments, describe the request,
 * hand the body to the codec and the exchange to the request path. */
#include <string.h>

#include "client_internal.h"
#include "codec/codec.h"
#include "error_internal.h"
#include "northflank/api.h"
#include "northflank/params.h"
#include "util/alloc.h"
#include "validate.h"

#define BASE_PATH "/api/v1/app-connections/northflank"
#define OPTIONS_PATH "/api/v1/app-connections/options"

static int check_client(const infisical_client *c, const void *out, infisical_error **err)
{
    if (!c)
        return infisical__fail_field(err, "client", "must not be NULL");
    if (!out)
        return infisical__fail_field(err, "out", "must not be NULL");
    return INFISICAL_OK;
}

static int check_id(const char *id, infisical_error **err)
{
    if (!id)
        return infisical__fail_field(err, "connectionId", "must not be NULL");
    /* The length first, then the UUID shape (the server's words). */
    size_t n;
    int rc = infisical__check_text(err, "connectionId", id, INFISICAL_CONNECTION_ID_MAX, INFISICAL__CHARS_ANY, &n);
    if (rc != INFISICAL_OK)
        return rc;
    const char *why = infisical__check_uuid(id);
    return why ? infisical__fail_field(err, "connectionId", why) : INFISICAL_OK;
}

/* A project id for a query: optional; at most INFISICAL_PROJECT_ID_MAX bytes
 * as passed, trimmed, not empty, one line of UTF-8. Sets *t and *n. */
static int check_project_id(const char *project_id, const char **t, size_t *n, infisical_error **err)
{
    *t = NULL;
    *n = 0;
    if (!project_id)
        return INFISICAL_OK;
    int rc = infisical__check_trimmed(err, "projectId", project_id, INFISICAL_PROJECT_ID_MAX,
                                      INFISICAL__CHARS_UTF8_LINE, t, n);
    if (rc != INFISICAL_OK)
        return rc;
    return *n == 0 ? infisical__fail_field(err, "projectId", "must not be empty (pass NULL for none)") : INFISICAL_OK;
}

/* BASE_PATH + suffix + escaped segment (may be NULL) + optional ?projectId=. */
static int make_path(infisical__buf *path, const char *suffix, const char *segment, size_t segment_len,
                     const char *project_id, size_t project_len, infisical_error **err)
{
    int failed = infisical__buf_puts(path, BASE_PATH) || infisical__buf_puts(path, suffix);
    if (!failed && segment) {
        char *s = infisical__strndup(segment, segment_len);
        failed = !s || infisical__buf_escape(path, s);
        infisical__free(s);
    }
    if (!failed && project_id) {
        char *s = infisical__strndup(project_id, project_len);
        failed = !s || infisical__buf_puts(path, "?projectId=") || infisical__buf_escape(path, s);
        infisical__free(s);
    }
    if (!failed)
        return INFISICAL_OK;
    infisical__buf_clear(path);
    return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
}

/* Send (with a body encoded from `fields`, if any) and decode a single-connection
 * reply; `out` may be NULL when the caller does not want it. Clears path. */
static int send_for_connection(infisical_client *c, const char *method, infisical__buf *path,
                               const struct infisical__connection_fields *fields,
                               const struct infisical__call_settings *settings, infisical_connection **out,
                               infisical_error **err)
{
    char *body = fields ? infisical__encode_connection(fields) : NULL;
    if (fields && !body) {
        infisical__buf_clear(path);
        return infisical__fail(err, INFISICAL_ENOMEM, "out of memory");
    }
    /* Reads repeat freely. A DELETE does not: once it may have reached the
     * server, a repeat would answer 404 for a record this call deleted. */
    struct infisical__call call = {.settings = settings, .method = method, .path = path->data, .body = body,
                                   .retry = strcmp(method, "GET") == 0 ? INFISICAL__RETRY_ALWAYS
                                                                       : INFISICAL__RETRY_UNSENT,
                                   .secret = fields ? fields->api_token : NULL};
    infisical__http_response resp;
    int rc = infisical__client_call(c, &call, &resp, err);
    infisical__free_secret(body);
    infisical__buf_clear(path);
    if (rc != INFISICAL_OK)
        return rc;
    infisical_connection *conn = NULL;
    /* The decoder quotes a wrong app, which a careless server may fill with what it was sent. */
    rc = infisical__client_redact_error(c, call.secret,
                                        infisical__decode_connection(resp.body.data, resp.body.len, &conn, err), err);
    infisical__http_response_clear(&resp);
    if (out)
        *out = conn;
    else
        infisical_connection_free(conn);
    return rc;
}

/* GET or DELETE one connection by id. */
static int by_id(infisical_client *client, const char *method, const char *connection_id, int need_out,
                 infisical_connection **out, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    if (need_out && !out)
        return infisical__fail_field(err, "out", "must not be NULL");
    if ((rc = check_id(connection_id, err)))
        return rc;
    infisical__buf path = {0};
    if ((rc = make_path(&path, "/", connection_id, strlen(connection_id), NULL, 0, err)))
        return rc;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    return send_for_connection(client, method, &path, NULL, &settings, out, err);
}

/* Check the token against Northflank; INFISICAL_EPREFLIGHT with the report
 * when it does not authenticate or lacks a permission. */
static int preflight(infisical_client *client, const infisical_northflank_params *params,
                     const struct infisical__call_settings *settings, infisical_error **err)
{
    struct infisical__northflank nf = {.ep = &client->northflank, .token = params->api_token};
    infisical_preflight_report *report = NULL;
    int rc = infisical__northflank_preflight(&nf, params->preflight_flags, settings, &report, err);
    if (rc != INFISICAL_OK || infisical_preflight_passed(report)) {
        infisical_preflight_report_free(report);
        return rc;
    }
    infisical__buf denied = {0};
    int failed = 0;
    for (uint32_t p = 0; p < INFISICAL_PERMISSION_COUNT; p++)
        if (infisical_preflight_state(report, p) == INFISICAL_CHECK_DENIED)
            failed |= (denied.len && infisical__buf_puts(&denied, ", ")) ||
                      infisical__buf_puts(&denied, infisical_preflight_permission_name(p));
    infisical_error *e = failed ? NULL
                       : infisical_preflight_authenticated(report) == 0
                           ? infisical__error_new(INFISICAL_EPREFLIGHT, "credentials.apiToken: Northflank does not "
                                                  "accept the token (%s); nothing was sent to Infisical",
                                                  infisical_preflight_reason(report, INFISICAL_PERMISSION_PROJECTS_READ))
                           : infisical__error_new(INFISICAL_EPREFLIGHT, "credentials.apiToken: the token lacks %s; "
                                                  "nothing was sent to Infisical",
                                                  denied.data ? denied.data : "a permission");
    infisical__buf_clear(&denied);
    if (e)
        infisical__error_attach_report(e, report);
    else
        infisical_preflight_report_free(report);
    return infisical__error_report(err, e);
}

int infisical_northflank_create(infisical_client *client, const infisical_northflank_params *params,
                                infisical_connection **out, const infisical_call_options *opts,
                                infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    if (!params)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (!params->name)
        return infisical__fail_field(err, "name", "is required to create a connection");
    if (!params->api_token)
        return infisical__fail_field(err, "credentials.apiToken", "is required to create a connection");
    struct infisical__connection_fields f = {
        .name = params->name,
        .set_description = params->set_description,
        .description = params->description,
        .project_id = params->project_id,
        .api_token = params->api_token,
        .with_method = 1,
    };
    /* One deadline for the whole create, the preflight included. */
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    int rc;
    if (params->preflight && (rc = preflight(client, params, &settings, err)) != INFISICAL_OK)
        return rc;
    infisical__buf path = {0};
    if ((rc = make_path(&path, "", NULL, 0, NULL, 0, err)))
        return rc;
    return send_for_connection(client, "POST", &path, &f, &settings, out, err);
}

int infisical_northflank_get(infisical_client *client, const char *connection_id, infisical_connection **out,
                             const infisical_call_options *opts, infisical_error **err)
{
    return by_id(client, "GET", connection_id, 1, out, opts, err);
}

int infisical_northflank_get_by_name(infisical_client *client, const char *name, const char *project_id,
                                     infisical_connection **out, const infisical_call_options *opts,
                                     infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    const char *pid;
    size_t pid_len, name_len;
    if ((rc = check_client(client, out, err)) || (rc = check_project_id(project_id, &pid, &pid_len, err)))
        return rc;
    if (!name)
        return infisical__fail_field(err, "connectionName", "must not be NULL");
    /* The server only trims and requires one character here (no slug check):
     * any other name is looked up, safely escaped as one path segment. A
     * stored name is a slug, so a long one or one with control characters
     * could never match: those fail here, measured before anything else. */
    const char *t;
    if ((rc = infisical__check_trimmed(err, "connectionName", name, INFISICAL_NAME_BYTES_MAX,
                                       INFISICAL__CHARS_UTF8_LINE, &t, &name_len)))
        return rc;
    if (name_len == 0)
        return infisical__fail_field(err, "connectionName", "must not be empty");
    infisical__buf path = {0};
    if ((rc = make_path(&path, "/connection-name/", t, name_len, pid, pid_len, err)))
        return rc;
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    return send_for_connection(client, "GET", &path, NULL, &settings, out, err);
}

static int list(infisical_client *client, const char *suffix, int reduced, const char *project_id,
                infisical_connection_list **out, const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    const char *pid;
    size_t pid_len;
    if ((rc = check_client(client, out, err)) || (rc = check_project_id(project_id, &pid, &pid_len, err)))
        return rc;
    infisical__buf path = {0};
    if ((rc = make_path(&path, suffix, NULL, 0, pid, pid_len, err)))
        return rc;
    infisical__http_response resp;
    rc = infisical__client_get(client, path.data, opts, &resp, err);
    infisical__buf_clear(&path);
    if (rc != INFISICAL_OK)
        return rc;
    /* The body is released once parsed, before the list is built. */
    rc = infisical__client_redact_error(
        client, NULL, infisical__decode_connection_list_take(&resp.body, reduced, out, err), err);
    infisical__http_response_clear(&resp);
    return rc;
}

int infisical_northflank_list(infisical_client *client, const char *project_id, infisical_connection_list **out,
                              const infisical_call_options *opts, infisical_error **err)
{
    return list(client, "", 0, project_id, out, opts, err);
}

int infisical_northflank_list_available(infisical_client *client, const char *project_id,
                                        infisical_connection_list **out, const infisical_call_options *opts,
                                        infisical_error **err)
{
    return list(client, "/available", 1, project_id, out, opts, err);
}

int infisical_northflank_update(infisical_client *client, const char *connection_id,
                                const infisical_northflank_params *params, infisical_connection **out,
                                const infisical_call_options *opts, infisical_error **err)
{
    infisical__error_clear(err);
    if (out)
        *out = NULL;
    int rc;
    if (!client)
        return infisical__fail_field(err, "client", "must not be NULL");
    if ((rc = check_id(connection_id, err)))
        return rc;
    if (!params)
        return infisical__fail_field(err, "params", "must not be NULL");
    if (params->project_id)
        return infisical__fail_field(err, "projectId", "cannot be changed by an update (a connection cannot move)");
    if (!params->name && !params->set_description && !params->api_token)
        return infisical__fail_field(err, "params", "set nothing to update (name, description or API token)");
    struct infisical__connection_fields f = {
        .name = params->name,
        .set_description = params->set_description,
        .description = params->description,
        .api_token = params->api_token,
    };
    /* A rotation is where a bad token hurts most: check it first when asked,
     * by the update's own deadline. */
    struct infisical__call_settings settings;
    infisical__call_settings_resolve(&settings, client->cfg, opts);
    if (params->preflight && params->api_token && (rc = preflight(client, params, &settings, err)) != INFISICAL_OK)
        return rc;
    infisical__buf path = {0};
    if ((rc = make_path(&path, "/", connection_id, strlen(connection_id), NULL, 0, err)))
        return rc;
    return send_for_connection(client, "PATCH", &path, &f, &settings, out, err);
}

int infisical_northflank_delete(infisical_client *client, const char *connection_id, infisical_connection **out,
                                const infisical_call_options *opts, infisical_error **err)
{
    return by_id(client, "DELETE", connection_id, 0, out, opts, err);
}

int infisical_northflank_offered(infisical_client *client, int *offered, const infisical_call_options *opts,
                                 infisical_error **err)
{
    infisical__error_clear(err);
    int rc;
    if ((rc = check_client(client, offered, err)))
        return rc;
    *offered = 0;
    infisical__http_response resp;
    if ((rc = infisical__client_get(client, OPTIONS_PATH, opts, &resp, err)) != INFISICAL_OK)
        return rc;
    rc = infisical__decode_options(resp.body.data, resp.body.len, offered, err);
    infisical__http_response_clear(&resp);
    return rc;
}
