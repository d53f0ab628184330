/*
 * infisical-northflank: the sync commands (create, get, list, update, delete,
 * trigger, import, remove), and --wait.
 *
 * --wait waits for the outcome of the job a command queued. Where nobody
 * watches (stderr is not a terminal, --json, --quiet) it is the library's own
 * wait: one blocking call with INFISICAL_SYNC_WAIT. On a terminal the tool
 * takes the same steps itself (read the last job's id, queue the job, poll the
 * sync until a job with another id has finished), so that it can show the job
 * moving through pending and running to its outcome on one line of stderr.
 * Both ways end with the same exit status and print the same result; both
 * share one deadline (--timeout) across all their calls and stop on Ctrl-C.
 *
 * create --wait cannot use the library's wait: the job it waits for was queued
 * by the server when the sync was created (auto-sync), not by a trigger. It
 * polls the new sync the same way until its first sync job has finished.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* Time between two reads of the sync while the tool waits itself. */
#define POLL_MS 250

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- waiting ---- */

struct wait {
    int64_t start;
    int64_t deadline; /* of the whole command: --timeout, else the library's default */
    int progress;     /* show the job's states on stderr */
    int shown;        /* a status line is on the screen, not yet ended */
    uint32_t last;    /* the status it shows */
    int width;        /* its length, to blank it out when a shorter one replaces it */
};

static void wait_begin(const struct cli *cli, struct wait *w)
{
    memset(w, 0, sizeof *w);
    w->start = now_ms();
    w->deadline = w->start + (cli->timeout_ms ? cli->timeout_ms : INFISICAL_DEFAULT_TIMEOUT_MS);
    w->progress = cli->wait && cli->tty_err && !cli->json && !cli->quiet;
}

/* Give the next call what is left of the deadline; 0 when nothing is. */
static int time_left(struct session *s, const struct wait *w)
{
    int64_t left = w->deadline - now_ms();
    if (left <= 0)
        return 0;
    infisical_call_options_set_timeout_ms(s->opts, left, NULL);
    return 1;
}

/* Sleep ms, in short naps so that Ctrl-C is seen at once; nonzero when interrupted. */
static int nap(int64_t ms)
{
    while (ms > 0 && !interrupted_exit_code()) {
        int64_t step = ms < 50 ? ms : 50;
        struct timespec ts = {0, (long)step * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
    return interrupted_exit_code() != 0;
}

/* End the status line, so that what follows on stderr starts on a line of its own. */
static void progress_end(struct wait *w)
{
    if (w->shown) {
        fputc('\n', stderr);
        fflush(stderr);
        w->shown = 0;
    }
}

/* Show the job's state in place ("sync job: running (1.2s)") when it changed;
 * the outcome ends the line. gone: the sync was deleted after its removal. */
static void progress_show(const struct cli *cli, struct wait *w, const infisical_sync *s, uint32_t job, int final,
                          int gone)
{
    if (!w->progress)
        return;
    uint32_t st = gone ? INFISICAL_SYNC_STATUS_SUCCEEDED : infisical_sync_status(s, job);
    if (w->shown && st == w->last && !final)
        return;
    const char *word = sync_status_word(st) ? sync_status_word(st) : "not queued yet";
    const char *message = st == INFISICAL_SYNC_STATUS_FAILED ? infisical_sync_message(s, job) : NULL;
    char *text = message ? printable(message) : NULL;
    char rest[1200];
    int n = snprintf(rest, sizeof rest, "%s%s%s (%.1fs)", text ? ": " : "", text ? text : "",
                     gone ? "; the sync is deleted" : "", (double)(now_ms() - w->start) / 1000.0);
    free(text);
    if (n < 0 || n >= (int)sizeof rest) /* a long message was cut: count what is printed */
        n = (int)strlen(rest);
    int len = (int)strlen(sync_job_word(job)) + 6 + (int)strlen(word) + n;
    const char *colour = sync_status_colour(cli->color_err, st);
    fprintf(stderr, "\r%s job: %s%s%s%s", sync_job_word(job), colour ? colour : "", word, colour ? "\033[0m" : "",
            rest);
    for (int pad = w->width - len; pad > 0; pad--)
        fputc(' ', stderr);
    w->shown = 1;
    w->last = st;
    w->width = len;
    if (final)
        progress_end(w);
    fflush(stderr);
}

/* Whether s shows a finished job of kind `job` other than the one with id prev (the library's rule). */
static int finished(const infisical_sync *s, uint32_t job, const char *prev)
{
    uint32_t st = infisical_sync_status(s, job);
    const char *id = infisical_sync_job_id(s, job);
    return (st == INFISICAL_SYNC_STATUS_SUCCEEDED || st == INFISICAL_SYNC_STATUS_FAILED) && id &&
           (!prev || strcmp(id, prev) != 0);
}

/* Poll sync `id` until a job of kind `job` other than prev has finished, or
 * (gone_is_done) the sync is gone; *io holds the last state seen (id and prev
 * must not be borrowed from it: each poll replaces it). The same
 * outcomes, statuses and messages as the library's wait. Returns an exit
 * status, after reporting any failure. */
static int poll_job(struct cli *cli, struct session *s, struct wait *w, const char *id, uint32_t job, const char *prev,
                    int gone_is_done, infisical_sync **io)
{
    progress_show(cli, w, *io, job, 0, 0);
    for (;;) {
        int64_t left = w->deadline - now_ms();
        if (nap(left < POLL_MS ? left : POLL_MS)) {
            progress_end(w);
            return tool_error(cli, INFISICAL_ECANCELLED, interrupted_exit_code(),
                              "interrupted while waiting for the %s job of sync %s", sync_job_word(job), id);
        }
        if (!time_left(s, w)) {
            progress_end(w);
            return tool_error(cli, INFISICAL_ETIMEOUT, EXIT_NETWORK,
                              "the call's deadline passed before the %s job of sync %s finished (it is queued or "
                              "running)", sync_job_word(job), id);
        }
        infisical_sync *cur = NULL;
        infisical_error *err = NULL;
        int rc = infisical_northflank_sync_get(s->client, id, &cur, s->opts, &err);
        if (rc == INFISICAL_ENOTFOUND && gone_is_done) {
            infisical_error_free(err);
            progress_show(cli, w, *io, job, 1, 1);
            return EXIT_OK; /* removed, then deleted */
        }
        if (rc != INFISICAL_OK) {
            progress_end(w);
            return failed(cli, rc, err);
        }
        infisical_sync_free(*io);
        *io = cur;
        if (!finished(cur, job, prev)) {
            progress_show(cli, w, cur, job, 0, 0);
            continue;
        }
        progress_show(cli, w, cur, job, 1, 0);
        if (infisical_sync_status(cur, job) == INFISICAL_SYNC_STATUS_SUCCEEDED)
            return EXIT_OK;
        const char *why = infisical_sync_message(cur, job);
        return tool_error(cli, INFISICAL_EJOBFAILED, EXIT_JOB_FAILED, "the %s job %s of sync %s failed: %s",
                          sync_job_word(job), infisical_sync_job_id(cur, job), id,
                          why ? why : "(the server gave no message)");
    }
}

/* ---- output ---- */

/* The result of every command that ends with one sync. headline: a format
 * with one %s, the sync's name (NULL: none). */
static void show_sync(struct cli *cli, const infisical_sync *s, const char *headline)
{
    if (cli->json) {
        out_json(json_pack("{s:o}", "sync", sync_json(s)));
    } else if (cli->quiet) {
        printf("%s\n", infisical_sync_id(s));
    } else {
        if (headline) {
            char *name = printable(infisical_sync_name(s));
            printf(headline, name ? name : "?");
            printf("\n\n");
            free(name);
        }
        print_sync(cli, s);
    }
}

/* ---- arguments ---- */

static uint32_t initial_behavior(const char *word)
{
    if (strcmp(word, "overwrite-destination") == 0)
        return INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION;
    if (strcmp(word, "import-prioritize-source") == 0)
        return INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_SOURCE;
    if (strcmp(word, "import-prioritize-destination") == 0)
        return INFISICAL_SYNC_INITIAL_IMPORT_PRIORITIZE_DESTINATION;
    return INFISICAL_SYNC_INITIAL_NONE;
}

static int bad_initial_behavior(struct cli *cli)
{
    return usage_error(cli, "--initial-behavior takes overwrite-destination, import-prioritize-source or "
                            "import-prioritize-destination");
}

/* What create and update have in common to check. */
static int check_sync_fields(struct cli *cli)
{
    if (cli->connection && cli->connection_name)
        return usage_error(cli, "give --connection ID or --connection-name NAME, not both");
    if (cli->description && cli->clear_description)
        return usage_error(cli, "--description and --clear-description contradict each other");
    if (cli->key_schema && cli->clear_key_schema)
        return usage_error(cli, "--key-schema and --clear-key-schema contradict each other");
    if (!cli->dest_project != !cli->dest_group)
        return usage_error(cli, "--destination-project and --destination-group go together: the destination is set "
                                "whole");
    if ((cli->dest_project_name || cli->dest_group_name) && !cli->dest_project)
        return usage_error(cli, "--destination-project-name and --destination-group-name go with --destination-project "
                                "and --destination-group: the destination is set whole");
    if (cli->initial_behavior && !initial_behavior(cli->initial_behavior))
        return bad_initial_behavior(cli);
    return EXIT_OK;
}

/* --connection-name NAME: the id of the one Northflank connection of that name
 * that the project may use (the organization's and the project's own). */
static int resolve_connection(struct cli *cli, struct session *s, const char *project, char **out)
{
    infisical_connection_list *list = NULL;
    infisical_error *err = NULL;
    int rc = infisical_northflank_list_available(s->client, project, &list, s->opts, &err);
    *out = NULL;
    if (rc)
        return failed(cli, rc, err);
    const char *found = NULL;
    uint32_t matches = 0;
    for (uint32_t i = 0; i < infisical_connection_list_count(list); i++) {
        const infisical_connection *c = infisical_connection_list_at(list, i);
        const char *name = infisical_connection_name(c);
        if (name && strcmp(name, cli->connection_name) == 0) {
            found = infisical_connection_id(c);
            matches++;
        }
    }
    if (matches == 0)
        rc = tool_error(cli, INFISICAL_ENOTFOUND, EXIT_NOT_FOUND,
                        "no Northflank connection named '%s' that project %s may use (see '%s connection available "
                        "--project %s')", cli->connection_name, project, PROG, project);
    else if (matches > 1)
        rc = tool_error(cli, INFISICAL_EINVAL, EXIT_VALIDATION,
                        "%u connections named '%s' (the organization's and the project's): give --connection ID",
                        (unsigned)matches, cli->connection_name);
    else if (!(*out = strdup(found)))
        rc = report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
    infisical_connection_list_free(list);
    return rc;
}

/* The fields create and update share, into p; only what was given. */
static int set_sync_fields(struct cli *cli, infisical_sync_params *p, const char *connection_id, infisical_error **err)
{
    int rc = INFISICAL_OK;
    if ((cli->name && (rc = infisical_sync_params_set_name(p, cli->name, err))) ||
        (cli->description && (rc = infisical_sync_params_set_description(p, cli->description, err))) ||
        (cli->clear_description && (rc = infisical_sync_params_set_description(p, NULL, err))) ||
        (connection_id && (rc = infisical_sync_params_set_connection_id(p, connection_id, err))) ||
        (cli->environment && (rc = infisical_sync_params_set_source(p, cli->environment, cli->path, err))) ||
        (cli->initial_behavior &&
         (rc = infisical_sync_params_set_initial_sync_behavior(p, initial_behavior(cli->initial_behavior), err))) ||
        (cli->key_schema && (rc = infisical_sync_params_set_key_schema(p, cli->key_schema, err))) ||
        (cli->clear_key_schema && (rc = infisical_sync_params_set_key_schema(p, NULL, err))) ||
        (cli->set_disable_secret_deletion &&
         (rc = infisical_sync_params_set_disable_secret_deletion(p, cli->disable_secret_deletion, err))) ||
        (cli->dest_project && (rc = infisical_sync_params_set_destination(p, cli->dest_project, cli->dest_group,
                                                                         cli->dest_project_name, cli->dest_group_name,
                                                                         err))))
        return rc;
    return INFISICAL_OK;
}

/* ---- create, get, list, update ---- */

int cmd_sync_create(struct cli *cli)
{
    struct session s;
    struct wait w;
    infisical_error *err = NULL;
    infisical_sync_params *p = NULL;
    infisical_sync *sync = NULL;
    char *connection_id = NULL, *sync_id = NULL;
    int rc;
    /* Everything missing at once: a create needs all of it. */
    struct {
        int missing;
        const char *flag;
    } required[] = {
        {!cli->name, "--name NAME"},
        {!cli->project, "--project ID"},
        {!cli->connection && !cli->connection_name, "--connection ID (or --connection-name NAME)"},
        {!cli->environment, "--environment SLUG"},
        {!cli->path, "--path PATH"},
        {!cli->dest_project, "--destination-project ID"},
        {!cli->dest_group, "--destination-group ID"},
    };
    char missing[256] = "";
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (required[i].missing)
            snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s", missing[0] ? ", " : "",
                     required[i].flag);
    if (missing[0])
        return usage_error(cli, "a sync needs %s", missing);
    if ((rc = check_sync_fields(cli)))
        return rc;
    if (cli->wait && cli->no_auto_sync)
        return usage_error(cli, "--wait waits for the first sync, which auto-sync queues on creation; with "
                                "--no-auto-sync nothing is queued (run '%s sync trigger --id ID --wait' after)", PROG);
    wait_begin(cli, &w);
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if (cli->wait)
        time_left(&s, &w);
    if (cli->connection_name && (rc = resolve_connection(cli, &s, cli->project, &connection_id)))
        goto out;
    /* Bad values fail here, before anything is sent, naming the field (exit 5). */
    if ((rc = infisical_sync_params_new(&p, &err)) ||
        (rc = infisical_sync_params_set_project_id(p, cli->project, &err)) ||
        (rc = set_sync_fields(cli, p, connection_id ? connection_id : cli->connection, &err)) ||
        (!cli->initial_behavior &&
         (rc = infisical_sync_params_set_initial_sync_behavior(p, INFISICAL_SYNC_INITIAL_OVERWRITE_DESTINATION, &err))) ||
        (rc = infisical_sync_params_set_auto_sync(p, !cli->no_auto_sync, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    if (cli->wait && !time_left(&s, &w)) { /* the connection's lookup took it all */
        rc = tool_error(cli, INFISICAL_ETIMEOUT, EXIT_NETWORK, "the call's deadline passed before the sync was created");
        goto out;
    }
    if ((rc = infisical_northflank_sync_create(s.client, p, &sync, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    if (cli->wait && infisical_sync_is_auto_sync_enabled(sync)) {
        /* The server queued the first sync; its job id is not known until it
         * ends, so any finished one is it. The id is copied: each poll frees
         * the sync it replaces. */
        if (!(sync_id = strdup(infisical_sync_id(sync)))) {
            rc = report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
            goto out;
        }
        if ((rc = poll_job(cli, &s, &w, sync_id, INFISICAL_SYNC_JOB_SYNC, NULL, 0, &sync)))
            goto out;
        show_sync(cli, sync, "created sync %s; its first sync succeeded");
    } else {
        show_sync(cli, sync, "created sync %s");
    }
    rc = EXIT_OK;
out:
    infisical_sync_free(sync);
    infisical_sync_params_free(p);
    free(connection_id);
    free(sync_id);
    session_close(&s);
    return rc;
}

int cmd_sync_get(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_sync *sync = NULL;
    int rc;
    if (cli->id && cli->name)
        return usage_error(cli, "give --id or --name, not both");
    if (!cli->id && !cli->name)
        return usage_error(cli, "which sync? give --id ID, or --name NAME with --project ID");
    if (cli->name && !cli->project)
        return usage_error(cli, "--name needs --project ID: a sync's name is unique in its project");
    if (cli->project && !cli->name)
        return usage_error(cli, "--project applies to a lookup by --name (an id is unique on its own)");
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    rc = cli->id ? infisical_northflank_sync_get(s.client, cli->id, &sync, s.opts, &err)
                 : infisical_northflank_sync_get_by_name(s.client, cli->name, cli->project, &sync, s.opts, &err);
    if (rc) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_sync(cli, sync, NULL);
    rc = EXIT_OK;
out:
    infisical_sync_free(sync);
    session_close(&s);
    return rc;
}

int cmd_sync_list(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_sync_list *list = NULL;
    int rc;
    if (!cli->project)
        return usage_error(cli, "--project ID is required: syncs belong to a project");
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = infisical_northflank_sync_list(s.client, cli->project, &list, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    uint32_t n = infisical_sync_list_count(list);
    if (cli->json) {
        json_t *items = json_array();
        for (uint32_t i = 0; items && i < n; i++)
            json_array_append_new(items, sync_json(infisical_sync_list_at(list, i)));
        out_json(json_pack("{s:o}", "syncs", items ? items : json_array()));
    } else if (cli->quiet) {
        for (uint32_t i = 0; i < n; i++)
            printf("%s\n", infisical_sync_id(infisical_sync_list_at(list, i)));
    } else {
        print_sync_list(cli, list);
    }
    rc = EXIT_OK;
out:
    infisical_sync_list_free(list);
    session_close(&s);
    return rc;
}

int cmd_sync_update(struct cli *cli)
{
    struct session s;
    infisical_error *err = NULL;
    infisical_sync_params *p = NULL;
    infisical_sync *sync = NULL, *current = NULL;
    char *connection_id = NULL;
    int rc;
    /* --name is the new name here; the sync is named by its id. */
    if (!cli->id)
        return usage_error(cli, "--id ID is required (find it with: %s sync get --name NAME --project ID --quiet)", PROG);
    if ((rc = check_sync_fields(cli)))
        return rc;
    if (!cli->environment != !cli->path)
        return usage_error(cli, "--environment and --path go together: the source is set whole");
    if (!cli->name && !cli->description && !cli->clear_description && !cli->connection && !cli->connection_name &&
        !cli->environment && !cli->auto_sync && !cli->initial_behavior && !cli->key_schema && !cli->clear_key_schema &&
        !cli->set_disable_secret_deletion && !cli->dest_project)
        return usage_error(cli, "nothing to change: give --name, --description, --clear-description, --connection, "
                                "--environment with --path, --auto-sync, --initial-behavior, --key-schema, "
                                "--clear-key-schema, --disable-secret-deletion or --destination-project with "
                                "--destination-group");
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if (cli->connection_name) {
        /* A name is looked up among the connections the sync's project may use. */
        if ((rc = infisical_northflank_sync_get(s.client, cli->id, &current, s.opts, &err))) {
            rc = failed(cli, rc, err);
            goto out;
        }
        if ((rc = resolve_connection(cli, &s, infisical_sync_project_id(current), &connection_id)))
            goto out;
    }
    /* Only what was asked for is set; the library keeps the sync options it
     * does not change (the server replaces them whole). */
    if ((rc = infisical_sync_params_new(&p, &err)) ||
        (rc = set_sync_fields(cli, p, connection_id ? connection_id : cli->connection, &err)) ||
        (cli->auto_sync && (rc = infisical_sync_params_set_auto_sync(p, strcmp(cli->auto_sync, "on") == 0, &err))) ||
        (rc = infisical_northflank_sync_update(s.client, cli->id, p, &sync, s.opts, &err))) {
        rc = failed(cli, rc, err);
        goto out;
    }
    show_sync(cli, sync, "updated sync %s");
    rc = EXIT_OK;
out:
    infisical_sync_free(sync);
    infisical_sync_free(current);
    infisical_sync_params_free(p);
    free(connection_id);
    session_close(&s);
    return rc;
}

/* ---- jobs: trigger, import, remove, delete ---- */

/* Queue a job of sync --id (action, or a delete when is_delete) and with
 * --wait wait for its outcome; *out: the sync as the last call left it. */
static int queue_job(struct cli *cli, struct session *s, uint32_t action, int is_delete, infisical_sync **out)
{
    uint32_t job = is_delete || action == INFISICAL_SYNC_ACTION_REMOVE ? INFISICAL_SYNC_JOB_REMOVE
                   : action == INFISICAL_SYNC_ACTION_SYNC           ? INFISICAL_SYNC_JOB_SYNC
                                                                    : INFISICAL_SYNC_JOB_IMPORT;
    uint32_t del_flags = cli->remove_secrets ? INFISICAL_SYNC_REMOVE_SECRETS : 0;
    infisical_error *err = NULL;
    struct wait w;
    int rc;
    wait_begin(cli, &w);
    if (!w.progress) {
        /* Nobody watches: the library's wait, one call. */
        uint32_t flags = cli->wait ? INFISICAL_SYNC_WAIT : 0;
        rc = is_delete ? infisical_northflank_sync_delete(s->client, cli->id, del_flags | flags, out, s->opts, &err)
                       : infisical_northflank_sync_trigger(s->client, cli->id, action, flags, out, s->opts, &err);
        return rc ? failed(cli, rc, err) : EXIT_OK;
    }
    /* On a terminal: the library's steps, showing each state. The server's
     * reply to a trigger does not name the new job, so remember the last one. */
    infisical_sync *before = NULL;
    char *prev = NULL;
    time_left(s, &w);
    if ((rc = infisical_northflank_sync_get(s->client, cli->id, &before, s->opts, &err)))
        return failed(cli, rc, err);
    if (infisical_sync_job_id(before, job) && !(prev = strdup(infisical_sync_job_id(before, job)))) {
        infisical_sync_free(before);
        return report_error(cli, INFISICAL_ENOMEM, NULL, EXIT_FAILURE_GENERAL);
    }
    infisical_sync_free(before);
    if (!time_left(s, &w))
        rc = tool_error(cli, INFISICAL_ETIMEOUT, EXIT_NETWORK, "the call's deadline passed before the %s job of sync "
                        "%s was queued", sync_job_word(job), cli->id);
    else if ((rc = is_delete ? infisical_northflank_sync_delete(s->client, cli->id, del_flags, out, s->opts, &err)
                             : infisical_northflank_sync_trigger(s->client, cli->id, action, 0, out, s->opts, &err)))
        rc = failed(cli, rc, err);
    else
        rc = poll_job(cli, s, &w, cli->id, job, prev, is_delete, out);
    free(prev);
    return rc;
}

static int job_command(struct cli *cli, uint32_t action, const char *queued, const char *done)
{
    struct session s;
    infisical_sync *sync = NULL;
    int rc;
    if (!cli->id)
        return usage_error(cli, "--id ID is required (find it with: %s sync get --name NAME --project ID --quiet)", PROG);
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = queue_job(cli, &s, action, 0, &sync)))
        goto out;
    show_sync(cli, sync, cli->wait ? done : queued);
out:
    infisical_sync_free(sync);
    session_close(&s);
    return rc;
}

int cmd_sync_trigger(struct cli *cli)
{
    return job_command(cli, INFISICAL_SYNC_ACTION_SYNC, "queued a sync job of %s", "the sync job of %s succeeded");
}

int cmd_sync_import(struct cli *cli)
{
    if (!cli->prioritize)
        return usage_error(cli, "--prioritize source|destination is required: which side wins when a key is in both");
    if (strcmp(cli->prioritize, "source") == 0)
        return job_command(cli, INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_SOURCE,
                           "queued an import job of %s (Infisical's values win)",
                           "the import job of %s succeeded (Infisical's values won)");
    return job_command(cli, INFISICAL_SYNC_ACTION_IMPORT_PRIORITIZE_DESTINATION,
                       "queued an import job of %s (Northflank's values win)",
                       "the import job of %s succeeded (Northflank's values won)");
}

int cmd_sync_remove(struct cli *cli)
{
    return job_command(cli, INFISICAL_SYNC_ACTION_REMOVE, "queued a removal job of %s",
                       "the removal job of %s succeeded: its secrets are gone from Northflank");
}

int cmd_sync_delete(struct cli *cli)
{
    struct session s;
    infisical_sync *sync = NULL;
    int rc;
    if (!cli->id)
        return usage_error(cli, "--id ID is required (find it with: %s sync get --name NAME --project ID --quiet)", PROG);
    if (cli->wait && !cli->remove_secrets)
        return usage_error(cli, "--wait goes with --remove-secrets: a plain delete finishes at once");
    if ((rc = session_open(cli, &s, 1)))
        goto out;
    if ((rc = queue_job(cli, &s, 0, 1, &sync)))
        goto out;
    show_sync(cli, sync, !cli->remove_secrets ? "deleted sync %s"
                         : cli->wait          ? "removed the secrets of %s from Northflank and deleted the sync"
                                              : "queued the removal of the secrets of %s from Northflank; the sync is "
                                                "deleted when it succeeds");
out:
    infisical_sync_free(sync);
    session_close(&s);
    return rc;
}
