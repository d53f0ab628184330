/*
 * infisical-northflank: everything the tool prints. Results go to stdout (a
 * table, or one JSON document with --json); errors and warnings go to stderr,
 * and with --json the error is also the JSON document on stdout, so that a
 * script always gets exactly one document to parse.
 *
 * No secret ever reaches this file: the tool never holds a secret in anything
 * it prints from (connections, reports and errors carry none; the library
 * redacts what a server quotes back).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define BOLD "\033[1m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

static int colour_wanted(int fd)
{
    /* https://no-color.org: NO_COLOR set and not empty turns colour off. */
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no_color && *no_color)
        return 0;
    if (term && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fd);
}

void out_init(struct cli *cli)
{
    cli->color_out = colour_wanted(1);
    cli->color_err = colour_wanted(2);
    cli->tty_err = isatty(2);
}

void out_json(json_t *doc)
{
    if (!doc) {
        fprintf(stderr, PROG ": out of memory while writing JSON\n");
        return;
    }
    /* Insertion order is the documented order; two-space indent reads well
     * and every JSON parser takes it. */
    json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    fflush(stdout);
    json_decref(doc);
}

char *printable(const char *s)
{
    if (!s)
        s = "";
    char *copy = strdup(s);
    if (!copy)
        return NULL;
    for (unsigned char *c = (unsigned char *)copy; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            *c = '?';
    return copy;
}

/* Columns a string takes on a terminal, near enough: UTF-8 continuation bytes take none. */
static int width(const char *s)
{
    int w = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if ((*c & 0xc0) != 0x80)
            w++;
    return w;
}

/* Print s (sanitised) padded to w columns. */
static void cell(const char *s, int w, const char *colour)
{
    char *p = printable(s ? s : "-");
    const char *text = p ? p : "?";
    if (colour)
        printf("%s%s%s", colour, text, RESET);
    else
        printf("%s", text);
    for (int pad = w - width(text); pad > 0; pad--)
        putchar(' ');
    free(p);
}

int exit_code_for_status(int status)
{
    switch (status) {
    case INFISICAL_OK: return EXIT_OK;
    case INFISICAL_EUNAUTHORIZED:
    case INFISICAL_ETOKEN:
    case INFISICAL_EFORBIDDEN:
    case INFISICAL_EPERMISSION: return EXIT_AUTH;
    case INFISICAL_ENOTFOUND: return EXIT_NOT_FOUND;
    case INFISICAL_EINVAL:
    case INFISICAL_EVALIDATION:
    case INFISICAL_EBADREQUEST: return EXIT_VALIDATION;
    case INFISICAL_ERATELIMIT: return EXIT_RATE_LIMIT;
    case INFISICAL_ENETWORK:
    case INFISICAL_ETIMEOUT:
    case INFISICAL_ETLS: return EXIT_NETWORK;
    case INFISICAL_ESERVER:
    case INFISICAL_EPROTOCOL:
    case INFISICAL_EHTTP:
    case INFISICAL_ETOOLARGE: return EXIT_SERVER;
    case INFISICAL_EPREFLIGHT: return EXIT_PREFLIGHT;
    case INFISICAL_EJOBFAILED: return EXIT_JOB_FAILED;
    case INFISICAL_EBUSY: return EXIT_BUSY;
    case INFISICAL_ECANCELLED: return EXIT_INTERRUPTED;
    default: return EXIT_FAILURE_GENERAL; /* ENOMEM, ETRUNCATED, anything newer than this tool */
    }
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *tristate(int v)
{
    return v == INFISICAL_TRUE ? json_true() : v == INFISICAL_FALSE ? json_false() : json_null();
}

json_t *connection_json(const infisical_connection *c)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int64_t version = infisical_connection_version(c);
    const char *pname = infisical_connection_project_name(c);
    const char *pslug = infisical_connection_project_slug(c);
    const char *ptype = infisical_connection_project_type(c);
    json_t *project = json_null();
    if (pname || pslug || ptype)
        project = json_pack("{s:o,s:o,s:o}", "name", string_or_null(pname), "slug", string_or_null(pslug), "type",
                            string_or_null(ptype));
    /* Every key is always present (null when the server sent nothing), so
     * the shape never depends on the server's version. */
    json_object_set_new(o, "id", string_or_null(infisical_connection_id(c)));
    json_object_set_new(o, "name", string_or_null(infisical_connection_name(c)));
    json_object_set_new(o, "description", string_or_null(infisical_connection_description(c)));
    json_object_set_new(o, "app", string_or_null(infisical_connection_app(c)));
    json_object_set_new(o, "method", string_or_null(infisical_connection_method(c)));
    json_object_set_new(o, "projectId", string_or_null(infisical_connection_project_id(c)));
    json_object_set_new(o, "orgId", string_or_null(infisical_connection_org_id(c)));
    json_object_set_new(o, "version", version > 0 ? json_integer(version) : json_null());
    json_object_set_new(o, "createdAt", string_or_null(infisical_connection_created_at(c)));
    json_object_set_new(o, "updatedAt", string_or_null(infisical_connection_updated_at(c)));
    json_object_set_new(o, "credentialsHash", string_or_null(infisical_connection_credentials_hash(c)));
    json_object_set_new(o, "isPlatformManagedCredentials",
                        tristate(infisical_connection_is_platform_managed_credentials(c)));
    json_object_set_new(o, "isAutoRotationEnabled", tristate(infisical_connection_is_auto_rotation_enabled(c)));
    json_object_set_new(o, "gatewayId", string_or_null(infisical_connection_gateway_id(c)));
    json_object_set_new(o, "gatewayPoolId", string_or_null(infisical_connection_gateway_pool_id(c)));
    json_object_set_new(o, "project", project ? project : json_null());
    return o;
}

static const char *state_word(int state)
{
    switch (state) {
    case INFISICAL_CHECK_GRANTED: return "granted";
    case INFISICAL_CHECK_DENIED: return "denied";
    case INFISICAL_CHECK_NOT_CHECKED: return "not-checked";
    default: return "unknown";
    }
}

/* Stable ids for the permissions, independent of the library's display names. */
static const char *const permission_ids[INFISICAL_PERMISSION_COUNT] = {
    "projects-read", "secret-groups-list", "secret-groups-read-values", "secret-groups-update"};

json_t *report_json(const infisical_preflight_report *r)
{
    json_t *perms = json_array();
    for (uint32_t i = 0; perms && i < INFISICAL_PERMISSION_COUNT; i++)
        json_array_append_new(perms, json_pack("{s:s,s:o,s:s,s:o}", "id", permission_ids[i], "name",
                                               string_or_null(infisical_preflight_permission_name(i)), "state",
                                               state_word(infisical_preflight_state(r, i)), "reason",
                                               string_or_null(infisical_preflight_reason(r, i))));
    return json_pack("{s:b,s:b,s:o}", "passed", infisical_preflight_passed(r), "authenticated",
                     infisical_preflight_authenticated(r), "permissions", perms ? perms : json_array());
}

void print_pairs(const struct cli *cli, const char *const *keys, const char *const *values, int n)
{
    int w = 0;
    for (int i = 0; i < n; i++)
        if (width(keys[i]) > w)
            w = width(keys[i]);
    for (int i = 0; i < n; i++) {
        cell(keys[i], w + 2, cli->color_out ? BOLD : NULL);
        cell(values[i], 0, NULL);
        putchar('\n');
    }
}

static const char *tristate_word(int v)
{
    return v == INFISICAL_TRUE ? "yes" : v == INFISICAL_FALSE ? "no" : NULL;
}

void print_connection(const struct cli *cli, const infisical_connection *c)
{
    char version[32];
    snprintf(version, sizeof version, "%lld", (long long)infisical_connection_version(c));
    const char *project = infisical_connection_project_id(c);
    const char *keys[] = {"id",           "name",         "description", "scope",      "org",
                          "app",          "method",       "version",     "created at", "updated at",
                          "credentials hash", "auto rotation"};
    const char *values[] = {infisical_connection_id(c),
                            infisical_connection_name(c),
                            infisical_connection_description(c),
                            project ? project : "organization",
                            infisical_connection_org_id(c),
                            infisical_connection_app(c),
                            infisical_connection_method(c),
                            version,
                            infisical_connection_created_at(c),
                            infisical_connection_updated_at(c),
                            infisical_connection_credentials_hash(c),
                            tristate_word(infisical_connection_is_auto_rotation_enabled(c))};
    print_pairs(cli, keys, values, (int)(sizeof keys / sizeof keys[0]));
}

/* The cells of one row of the list: NAME ID SCOPE VERSION UPDATED. */
static void list_row(const infisical_connection *c, char version[24], const char *v[5])
{
    const char *project = infisical_connection_project_id(c);
    snprintf(version, 24, "%lld", (long long)infisical_connection_version(c));
    v[0] = infisical_connection_name(c);
    v[1] = infisical_connection_id(c);
    v[2] = project ? project : "organization";
    v[3] = version;
    v[4] = infisical_connection_updated_at(c);
}

void print_connection_list(const struct cli *cli, const infisical_connection_list *list, int reduced)
{
    uint32_t n = infisical_connection_list_count(list);
    if (n == 0) {
        printf("no connections\n");
        return;
    }
    /* Two passes: the widths first, then the rows. The reduced /available
     * shape has no version or times, so it stops after SCOPE. */
    const char *heads[5] = {"NAME", "ID", "SCOPE", "VERSION", "UPDATED"};
    int cols = reduced ? 3 : 5;
    int w[5];
    char version[24];
    const char *v[5];
    for (int k = 0; k < 5; k++)
        w[k] = width(heads[k]);
    for (uint32_t i = 0; i < n; i++) {
        list_row(infisical_connection_list_at(list, i), version, v);
        for (int k = 0; k < cols; k++)
            if (v[k] && width(v[k]) > w[k])
                w[k] = width(v[k]);
    }
    for (int k = 0; k < cols; k++)
        cell(heads[k], k + 1 < cols ? w[k] + 2 : 0, cli->color_out ? BOLD : NULL);
    putchar('\n');
    for (uint32_t i = 0; i < n; i++) {
        list_row(infisical_connection_list_at(list, i), version, v);
        for (int k = 0; k < cols; k++)
            cell(v[k], k + 1 < cols ? w[k] + 2 : 0, NULL);
        putchar('\n');
    }
}

void print_report(const struct cli *cli, const infisical_preflight_report *r)
{
    int passed = infisical_preflight_passed(r);
    const char *keys[] = {"token", "result"};
    const char *values[] = {infisical_preflight_authenticated(r) ? "authenticates" : "does NOT authenticate",
                            passed ? "passed: fit to register" : "REFUSED: not fit to register"};
    print_pairs(cli, keys, values, 2);
    putchar('\n');
    int w[2] = {width("PERMISSION"), width("STATE")};
    for (uint32_t i = 0; i < INFISICAL_PERMISSION_COUNT; i++) {
        const char *name = infisical_preflight_permission_name(i);
        if (name && width(name) > w[0])
            w[0] = width(name);
        if (width(state_word(infisical_preflight_state(r, i))) > w[1])
            w[1] = width(state_word(infisical_preflight_state(r, i)));
    }
    cell("PERMISSION", w[0] + 2, cli->color_out ? BOLD : NULL);
    cell("STATE", w[1] + 2, cli->color_out ? BOLD : NULL);
    cell("REASON", 0, cli->color_out ? BOLD : NULL);
    putchar('\n');
    for (uint32_t i = 0; i < INFISICAL_PERMISSION_COUNT; i++) {
        int state = infisical_preflight_state(r, i);
        const char *colour = !cli->color_out ? NULL
                             : state == INFISICAL_CHECK_GRANTED ? GREEN
                             : state == INFISICAL_CHECK_DENIED  ? RED
                                                                : YELLOW;
        cell(infisical_preflight_permission_name(i), w[0] + 2, NULL);
        cell(state_word(state), w[1] + 2, colour);
        cell(infisical_preflight_reason(r, i), 0, NULL);
        putchar('\n');
    }
}

/* ---- secret syncs ---- */

const char *sync_status_word(uint32_t status)
{
    switch (status) {
    case INFISICAL_SYNC_STATUS_PENDING: return "pending";
    case INFISICAL_SYNC_STATUS_RUNNING: return "running";
    case INFISICAL_SYNC_STATUS_SUCCEEDED: return "succeeded";
    case INFISICAL_SYNC_STATUS_FAILED: return "failed";
    default: return NULL; /* never queued */
    }
}

const char *sync_job_word(uint32_t job)
{
    return job == INFISICAL_SYNC_JOB_IMPORT ? "import" : job == INFISICAL_SYNC_JOB_REMOVE ? "removal" : "sync";
}

const char *sync_status_colour(int colour, uint32_t status)
{
    if (!colour)
        return NULL;
    switch (status) {
    case INFISICAL_SYNC_STATUS_SUCCEEDED: return GREEN;
    case INFISICAL_SYNC_STATUS_FAILED: return RED;
    case INFISICAL_SYNC_STATUS_PENDING:
    case INFISICAL_SYNC_STATUS_RUNNING: return YELLOW;
    default: return NULL;
    }
}

/* The server's words for the initial sync behavior (syncOptions.initialSyncBehavior). */
static const char *initial_word(uint32_t behavior)
{
    switch (behavior) {
    case INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION: return "overwrite-destination";
    case INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE: return "import-prioritize-source";
    case INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_DESTINATION: return "import-prioritize-destination";
    default: return NULL;
    }
}

/* Keys of the three lifecycles in "jobs", in INFISICAL_SYNC_JOB_* order. */
static const char *const job_keys[INFISICAL_SYNC_JOB_COUNT] = {"sync", "import", "remove"};

/* An object of the given keys and strings, or null when the server sent none of them. */
static json_t *object_or_null(const char *const *keys, const char *const *values, int n)
{
    int any = 0;
    for (int i = 0; i < n; i++)
        any |= values[i] != NULL;
    if (!any)
        return json_null();
    json_t *o = json_object();
    for (int i = 0; o && i < n; i++)
        json_object_set_new(o, keys[i], string_or_null(values[i]));
    return o ? o : json_null();
}

json_t *sync_json(const infisical_sync *s)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int64_t version = infisical_sync_version(s);
    const char *conn_keys[] = {"name", "app"};
    const char *conn[] = {infisical_sync_connection_name(s), infisical_sync_connection_app(s)};
    const char *env_keys[] = {"slug", "name", "id"};
    const char *env[] = {infisical_sync_environment_slug(s), infisical_sync_environment_name(s),
                         infisical_sync_environment_id(s)};
    const char *folder_keys[] = {"id", "path"};
    const char *folder[] = {infisical_sync_folder_id(s), infisical_sync_folder_path(s)};
    json_t *options = json_object();
    if (options) {
        json_object_set_new(options, "initialSyncBehavior",
                            string_or_null(initial_word(infisical_sync_initial_sync_behavior(s))));
        json_object_set_new(options, "keySchema", string_or_null(infisical_sync_key_schema(s)));
        json_object_set_new(options, "disableSecretDeletion", tristate(infisical_sync_disable_secret_deletion(s)));
    }
    json_t *dest = json_object();
    if (dest) {
        json_object_set_new(dest, "projectId", string_or_null(infisical_sync_destination_project_id(s)));
        json_object_set_new(dest, "projectName", string_or_null(infisical_sync_destination_project_name(s)));
        json_object_set_new(dest, "secretGroupId", string_or_null(infisical_sync_destination_secret_group_id(s)));
        json_object_set_new(dest, "secretGroupName", string_or_null(infisical_sync_destination_secret_group_name(s)));
    }
    json_t *jobs = json_object();
    for (uint32_t j = 0; jobs && j < INFISICAL_SYNC_JOB_COUNT; j++)
        json_object_set_new(jobs, job_keys[j],
                            json_pack("{s:o,s:o,s:o,s:o}", "status",
                                      string_or_null(sync_status_word(infisical_sync_status(s, j))), "jobId",
                                      string_or_null(infisical_sync_job_id(s, j)), "message",
                                      string_or_null(infisical_sync_message(s, j)), "succeededAt",
                                      string_or_null(infisical_sync_succeeded_at(s, j))));
    /* Every key is always present (null when the server sent nothing), in
     * the order the help documents. */
    json_object_set_new(o, "id", string_or_null(infisical_sync_id(s)));
    json_object_set_new(o, "name", string_or_null(infisical_sync_name(s)));
    json_object_set_new(o, "description", string_or_null(infisical_sync_description(s)));
    json_object_set_new(o, "destination", string_or_null(infisical_sync_destination(s)));
    json_object_set_new(o, "projectId", string_or_null(infisical_sync_project_id(s)));
    json_object_set_new(o, "connectionId", string_or_null(infisical_sync_connection_id(s)));
    json_object_set_new(o, "connection", object_or_null(conn_keys, conn, 2));
    json_object_set_new(o, "environment", object_or_null(env_keys, env, 3));
    json_object_set_new(o, "folder", object_or_null(folder_keys, folder, 2));
    json_object_set_new(o, "isAutoSyncEnabled", json_boolean(infisical_sync_is_auto_sync_enabled(s)));
    json_object_set_new(o, "version", version > 0 ? json_integer(version) : json_null());
    json_object_set_new(o, "createdAt", string_or_null(infisical_sync_created_at(s)));
    json_object_set_new(o, "updatedAt", string_or_null(infisical_sync_updated_at(s)));
    json_object_set_new(o, "syncOptions", options ? options : json_null());
    json_object_set_new(o, "destinationConfig", dest ? dest : json_null());
    json_object_set_new(o, "jobs", jobs ? jobs : json_null());
    return o;
}

/* "dev:/app" (the slug, else the environment's id; "?" once the folder is gone). */
static void source_text(const infisical_sync *s, char *buf, size_t cap)
{
    const char *env = infisical_sync_environment_slug(s);
    const char *path = infisical_sync_folder_path(s);
    if (!env && !path)
        snprintf(buf, cap, "(the source folder no longer exists)");
    else
        snprintf(buf, cap, "%s:%s", env ? env : "?", path ? path : "?");
}

/* "group-0001 (Secret Group 0001)": an id, with its display name when there is one. */
static void named(const char *id, const char *name, char *buf, size_t cap)
{
    if (name && *name)
        snprintf(buf, cap, "%s (%s)", id ? id : "?", name);
    else
        snprintf(buf, cap, "%s", id ? id : "-");
}

void print_sync(const struct cli *cli, const infisical_sync *s)
{
    char version[32], source[INFISICAL_ENVIRONMENT_MAX + INFISICAL_SECRET_PATH_MAX + 64];
    char connection[INFISICAL_NAME_BYTES_MAX + 64], project[2 * INFISICAL_DESTINATION_FIELD_MAX + 8];
    char group[2 * INFISICAL_DESTINATION_FIELD_MAX + 8];
    snprintf(version, sizeof version, "%lld", (long long)infisical_sync_version(s));
    source_text(s, source, sizeof source);
    named(infisical_sync_connection_id(s), infisical_sync_connection_name(s), connection, sizeof connection);
    named(infisical_sync_destination_project_id(s), infisical_sync_destination_project_name(s), project, sizeof project);
    named(infisical_sync_destination_secret_group_id(s), infisical_sync_destination_secret_group_name(s), group,
          sizeof group);
    int keep = infisical_sync_disable_secret_deletion(s);
    const char *keys[] = {"name",          "id",           "description",      "project",       "connection",
                          "source",        "northflank project", "secret group", "initial sync", "key schema",
                          "secret deletion", "auto-sync",  "version",          "created at",    "updated at"};
    const char *values[] = {infisical_sync_name(s),
                            infisical_sync_id(s),
                            infisical_sync_description(s),
                            infisical_sync_project_id(s),
                            connection,
                            source,
                            project,
                            group,
                            initial_word(infisical_sync_initial_sync_behavior(s)),
                            infisical_sync_key_schema(s) ? infisical_sync_key_schema(s) : "none (every key of the group)",
                            keep == INFISICAL_TRUE ? "disabled: keys Infisical does not hold are kept"
                            : infisical_sync_key_schema(s)
                                ? "allowed: keys that fit the key schema and Infisical does not hold are deleted"
                                : "allowed: every key Infisical does not hold is deleted",
                            infisical_sync_is_auto_sync_enabled(s) ? "on" : "off",
                            version,
                            infisical_sync_created_at(s),
                            infisical_sync_updated_at(s)};
    print_pairs(cli, keys, values, (int)(sizeof keys / sizeof keys[0]));

    /* The three jobs: the latest of each kind, as the server keeps them. */
    const char *heads[5] = {"JOB", "STATUS", "JOB ID", "SUCCEEDED AT", "MESSAGE"};
    int w[5];
    for (int k = 0; k < 5; k++)
        w[k] = width(heads[k]);
    for (uint32_t j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++) {
        const char *v[4] = {sync_job_word(j), sync_status_word(infisical_sync_status(s, j)),
                            infisical_sync_job_id(s, j), infisical_sync_succeeded_at(s, j)};
        for (int k = 0; k < 4; k++)
            if (v[k] && width(v[k]) > w[k])
                w[k] = width(v[k]);
    }
    putchar('\n');
    for (int k = 0; k < 5; k++)
        cell(heads[k], k < 4 ? w[k] + 2 : 0, cli->color_out ? BOLD : NULL);
    putchar('\n');
    for (uint32_t j = 0; j < INFISICAL_SYNC_JOB_COUNT; j++) {
        uint32_t st = infisical_sync_status(s, j);
        cell(sync_job_word(j), w[0] + 2, NULL);
        cell(sync_status_word(st), w[1] + 2, sync_status_colour(cli->color_out, st));
        cell(infisical_sync_job_id(s, j), w[2] + 2, NULL);
        cell(infisical_sync_succeeded_at(s, j), w[3] + 2, NULL);
        cell(infisical_sync_message(s, j), 0, NULL);
        putchar('\n');
    }
}

/* The cells of one row of the list: NAME ID SOURCE DESTINATION AUTO-SYNC SYNC. */
static void sync_row(const infisical_sync *s, char *source, size_t source_cap, char *dest, size_t dest_cap,
                     const char *v[6])
{
    source_text(s, source, source_cap);
    snprintf(dest, dest_cap, "%s/%s", infisical_sync_destination_project_id(s) ? infisical_sync_destination_project_id(s) : "?",
             infisical_sync_destination_secret_group_id(s) ? infisical_sync_destination_secret_group_id(s) : "?");
    v[0] = infisical_sync_name(s);
    v[1] = infisical_sync_id(s);
    v[2] = source;
    v[3] = dest;
    v[4] = infisical_sync_is_auto_sync_enabled(s) ? "on" : "off";
    v[5] = sync_status_word(infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC));
}

void print_sync_list(const struct cli *cli, const infisical_sync_list *list)
{
    uint32_t n = infisical_sync_list_count(list);
    if (n == 0) {
        printf("no syncs\n");
        return;
    }
    const char *heads[6] = {"NAME", "ID", "SOURCE", "DESTINATION", "AUTO-SYNC", "LAST SYNC"};
    int w[6];
    char source[INFISICAL_ENVIRONMENT_MAX + INFISICAL_SECRET_PATH_MAX + 64];
    char dest[2 * INFISICAL_DESTINATION_FIELD_MAX + 8];
    const char *v[6];
    for (int k = 0; k < 6; k++)
        w[k] = width(heads[k]);
    for (uint32_t i = 0; i < n; i++) {
        sync_row(infisical_sync_list_at(list, i), source, sizeof source, dest, sizeof dest, v);
        for (int k = 0; k < 6; k++)
            if (v[k] && width(v[k]) > w[k])
                w[k] = width(v[k]);
    }
    for (int k = 0; k < 6; k++)
        cell(heads[k], k < 5 ? w[k] + 2 : 0, cli->color_out ? BOLD : NULL);
    putchar('\n');
    for (uint32_t i = 0; i < n; i++) {
        const infisical_sync *s = infisical_sync_list_at(list, i);
        sync_row(s, source, sizeof source, dest, sizeof dest, v);
        for (int k = 0; k < 5; k++)
            cell(v[k], w[k] + 2, NULL);
        cell(v[5], 0, sync_status_colour(cli->color_out, infisical_sync_status(s, INFISICAL_SYNC_JOB_SYNC)));
        putchar('\n');
    }
}

/* The error document: the same keys for every error, so that a script reads
 * .error.name and .error.exitCode without checking what is there. */
static json_t *error_json(int status, const infisical_error *err, const char *message, int exit_code)
{
    json_t *issues = json_array();
    uint32_t n = infisical_error_issue_count(err);
    for (uint32_t i = 0; issues && i < n; i++)
        json_array_append_new(issues, json_pack("{s:o,s:o,s:o}", "path", string_or_null(infisical_error_issue_path(err, i)),
                                                "message", string_or_null(infisical_error_issue_message(err, i)),
                                                "code", string_or_null(infisical_error_issue_code(err, i))));
    json_t *details = json_null();
    const char *details_text = infisical_error_details_json(err);
    if (details_text) {
        json_t *parsed = json_loads(details_text, 0, NULL);
        details = parsed ? parsed : json_string(details_text);
    }
    const infisical_preflight_report *report = infisical_error_preflight_report(err);
    int http = infisical_error_http_status(err);
    int64_t retry_after = infisical_error_retry_after_ms(err);
    const char *name = status ? infisical_status_name(status) : "usage";
    json_t *e = json_object();
    if (!e)
        return NULL;
    json_object_set_new(e, "code", status ? json_integer(status) : json_null());
    json_object_set_new(e, "name", json_string(name ? name : "unknown"));
    json_object_set_new(e, "message", json_string(message));
    json_object_set_new(e, "httpStatus", http > 0 ? json_integer(http) : json_null());
    json_object_set_new(e, "requestId", string_or_null(infisical_error_request_id(err)));
    json_object_set_new(e, "serverError", string_or_null(infisical_error_server_error(err)));
    json_object_set_new(e, "request", string_or_null(infisical_error_request(err)));
    json_object_set_new(e, "retryable", json_boolean(infisical_error_retryable(err)));
    json_object_set_new(e, "retryAfterMs", retry_after >= 0 && err ? json_integer(retry_after) : json_null());
    json_object_set_new(e, "attempts", json_integer(infisical_error_attempts(err)));
    json_object_set_new(e, "issues", issues ? issues : json_array());
    json_object_set_new(e, "details", details ? details : json_null());
    json_object_set_new(e, "preflight", report ? report_json(report) : json_null());
    json_object_set_new(e, "exitCode", json_integer(exit_code));
    return json_pack("{s:o}", "error", e);
}

static void error_head(const struct cli *cli)
{
    fprintf(stderr, "%s: %serror:%s ", PROG, cli->color_err ? RED BOLD : "", cli->color_err ? RESET : "");
    if (cli->command_name)
        fprintf(stderr, "%s: ", cli->command_name);
}

int report_error(const struct cli *cli, int status, const infisical_error *err, int exit_code)
{
    if (!exit_code)
        exit_code = exit_code_for_status(status);
    if (status == INFISICAL_ECANCELLED && interrupted_exit_code())
        exit_code = interrupted_exit_code();
    const char *message = infisical_error_message(err);
    if (!message || !*message)
        message = infisical_status_str(status);
    if (cli->json)
        out_json(error_json(status, err, message, exit_code));

    char *text = printable(message);
    error_head(cli);
    fprintf(stderr, "%s\n", text ? text : infisical_status_str(status));
    free(text);

    /* The facts an operator quotes to whoever runs the server. */
    const char *name = infisical_status_name(status);
    int http = infisical_error_http_status(err);
    char *req_id = infisical_error_request_id(err) ? printable(infisical_error_request_id(err)) : NULL;
    fprintf(stderr, "  status: %s (%s)", name ? name : "?", infisical_status_str(status));
    if (http > 0)
        fprintf(stderr, ", HTTP %d", http);
    if (req_id)
        fprintf(stderr, ", request id %s", req_id);
    fputc('\n', stderr);
    free(req_id);
    for (uint32_t i = 0; i < infisical_error_issue_count(err); i++) {
        char *path = printable(infisical_error_issue_path(err, i));
        char *msg = printable(infisical_error_issue_message(err, i));
        fprintf(stderr, "  issue: %s%s%s\n", path && *path ? path : "", path && *path ? ": " : "", msg ? msg : "");
        free(path);
        free(msg);
    }
    int64_t retry_after = infisical_error_retry_after_ms(err);
    if (status == INFISICAL_ERATELIMIT && retry_after >= 0)
        fprintf(stderr, "  the server asks to wait %lld ms before trying again\n", (long long)retry_after);
    const infisical_preflight_report *report = infisical_error_preflight_report(err);
    for (uint32_t i = 0; report && i < INFISICAL_PERMISSION_COUNT; i++) {
        char *line = printable(infisical_preflight_summary(report, i));
        fprintf(stderr, "  preflight: %s\n", line ? line : "");
        free(line);
    }
    return exit_code;
}

static int vfail(const struct cli *cli, int status, int exit_code, const char *fmt, va_list ap)
{
    char message[1024];
    vsnprintf(message, sizeof message, fmt, ap);
    if (cli->json)
        out_json(error_json(status, NULL, message, exit_code));
    char *text = printable(message);
    error_head(cli);
    fprintf(stderr, "%s\n", text ? text : message);
    free(text);
    if (status) /* the same line report_error gives a library error of this status */
        fprintf(stderr, "  status: %s (%s)\n", infisical_status_name(status), infisical_status_str(status));
    return exit_code;
}

int usage_error(const struct cli *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(cli, 0, EXIT_USAGE, fmt, ap);
    va_end(ap);
    return rc;
}

int tool_error(const struct cli *cli, int status, int exit_code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail(cli, status, exit_code, fmt, ap);
    va_end(ap);
    return rc;
}

void warn(const struct cli *cli, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %swarning:%s %s\n", PROG, cli->color_err ? YELLOW BOLD : "", cli->color_err ? RESET : "",
            message);
}
