/*
 * infisical-northflank: what the tool's files share.
 *
 * The tool is an ordinary user of libinfisical: it includes only the public
 * umbrella header and links the library like any other program. Nothing here
 * reaches into lib/.
 */
#ifndef INFISICAL_NORTHFLANK_CLI_H
#define INFISICAL_NORTHFLANK_CLI_H

#include <stdint.h>

#include <infisical/infisical.h>
#include <jansson.h>

#define PROG "infisical-northflank"

/*
 * Exit statuses, by class of failure. They are part of the tool's interface
 * (scripts branch on them), documented in --help and the man page: never
 * renumber one, only add new ones.
 */
enum {
    EXIT_OK = 0,
    EXIT_FAILURE_GENERAL = 1, /* anything not classed below (out of memory, a cut listing) */
    EXIT_USAGE = 2,           /* bad command line, environment or secret file; nothing was sent */
    EXIT_AUTH = 3,            /* 401, 403: credentials refused or not allowed */
    EXIT_NOT_FOUND = 4,       /* 404 */
    EXIT_VALIDATION = 5,      /* a value refused: by the library before sending, or 400/422 */
    EXIT_RATE_LIMIT = 6,      /* 429 */
    EXIT_NETWORK = 7,         /* connect, TLS, timeout */
    EXIT_SERVER = 8,          /* 5xx, or a reply that breaks the contract */
    EXIT_PREFLIGHT = 9,       /* Northflank's answer says the token is not fit to register */
    EXIT_DRIFT = 10,          /* drift: the credentials changed */
    EXIT_JOB_FAILED = 11,     /* a sync job ran and failed (INFISICAL_EJOBFAILED) */
    EXIT_BUSY = 12,           /* a job of the sync is already in progress; nothing was queued (INFISICAL_EBUSY) */
    EXIT_INTERRUPTED = 130    /* SIGINT (128 + 2); SIGTERM gives 143 */
};

/* The commands. A connection or sync subcommand is a command of its own here. */
enum command {
    CMD_NONE = 0,
    CMD_LOGIN,
    CMD_OPTIONS,
    CMD_PREFLIGHT,
    CMD_CONNECTION, /* "connection" without a subcommand: only --help makes sense */
    CMD_CREATE,
    CMD_GET,
    CMD_LIST,
    CMD_AVAILABLE,
    CMD_UPDATE,
    CMD_DELETE,
    CMD_DRIFT,
    CMD_SYNC, /* "sync" without a subcommand: only --help makes sense */
    CMD_SYNC_CREATE,
    CMD_SYNC_GET,
    CMD_SYNC_LIST,
    CMD_SYNC_UPDATE,
    CMD_SYNC_DELETE,
    CMD_SYNC_TRIGGER,
    CMD_SYNC_IMPORT,
    CMD_SYNC_REMOVE,
    CMD_COUNT /* at most 32: main.c keeps the commands of an option in a bit mask */
};

/* Everything the command line and the environment said. Strings point into
 * argv or the environment; secrets are never among them (they are read from
 * files or the environment only when a command needs them). */
struct cli {
    enum command command;
    const char *command_name; /* "connection get", for messages */

    /* global */
    const char *api_url;
    const char *northflank_url;
    const char *client_id;
    const char *org_slug;
    const char *token_file;         /* the Infisical access token */
    const char *client_secret_file; /* the Universal Auth client secret */
    int json;
    int quiet;
    int verbose; /* 0, 1 (-v: a line per request), 2 (-vv: the detail of failures too) */
    int insecure;
    int64_t timeout_ms; /* 0: the library's default */
    int color_out;      /* colour on stdout / stderr: a terminal, NO_COLOR unset */
    int color_err;
    int tty_err;        /* stderr is a terminal: --wait shows a job's progress there */

    /* per command */
    const char *id;
    const char *name;
    const char *project;
    const char *description;
    const char *hash;
    const char *from_file;
    const char *api_token_file;
    int clear_description;
    int rotate_token;
    int preflight;
    int check_write;

    /* sync commands */
    const char *connection;       /* a connection id */
    const char *connection_name;  /* or its name, looked up among those the project may use */
    const char *environment;
    const char *path;
    const char *dest_project;
    const char *dest_group;
    const char *dest_project_name;
    const char *dest_group_name;
    const char *initial_behavior; /* as typed; checked by the command */
    const char *key_schema;
    const char *auto_sync;        /* update: "on" or "off" */
    const char *prioritize;       /* import: "source" or "destination" */
    int clear_key_schema;
    int set_disable_secret_deletion;
    int disable_secret_deletion;
    int no_auto_sync;
    int wait;
    int remove_secrets;
};

/* ---- output.c: every byte the tool writes ---- */

/* Decide colour for stdout and stderr (a terminal, NO_COLOR unset, TERM not "dumb"). */
void out_init(struct cli *cli);
/* Print a JSON document on stdout and free it (it is a new reference). */
void out_json(json_t *doc);
/* The exit status for a library status code (the table above). */
int exit_code_for_status(int status);
/* Report a failed library call: a JSON error document on stdout with --json,
 * always a human account on stderr. Returns the exit status to use: `exit_code`
 * when it is nonzero, else the one for the error's class. Does not free err. */
int report_error(const struct cli *cli, int status, const infisical_error *err, int exit_code);
/* Report a usage error the same way (name "usage"); returns EXIT_USAGE. */
int usage_error(const struct cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Report a problem the tool found itself, as a library status (INFISICAL_EINVAL
 * for a value refused) with the given exit status; returns exit_code. */
int tool_error(const struct cli *cli, int status, int exit_code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* A warning on stderr, always shown (--quiet does not hide what is unsafe). */
void warn(const struct cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Text from a server or a file made safe for a terminal: control characters
 * become '?', so a description cannot move the cursor or change colours.
 * Returns a buffer of the caller's (free()), or NULL when out of memory. */
char *printable(const char *s);

json_t *connection_json(const infisical_connection *c);
json_t *report_json(const infisical_preflight_report *r);
void print_connection(const struct cli *cli, const infisical_connection *c);
void print_connection_list(const struct cli *cli, const infisical_connection_list *list, int reduced);
void print_report(const struct cli *cli, const infisical_preflight_report *r);
json_t *sync_json(const infisical_sync *s);
void print_sync(const struct cli *cli, const infisical_sync *s);
void print_sync_list(const struct cli *cli, const infisical_sync_list *list);
/* "pending", "running", "succeeded", "failed", or NULL for a job never queued. */
const char *sync_status_word(uint32_t status);
/* "sync", "import", "removal": the job of an INFISICAL_SYNC_JOB_* index, as the library's messages say. */
const char *sync_job_word(uint32_t job);
/* The colour of a job status on stdout or stderr, NULL for none. */
const char *sync_status_colour(int colour, uint32_t status);
/* A two-column "key  value" table of n rows (values may be NULL: "-"). */
void print_pairs(const struct cli *cli, const char *const *keys, const char *const *values, int n);

/* ---- secret.c: secrets from files, never from argv ---- */

/* Read a secret from path ("-" for stdin; at most max bytes), trim one
 * trailing newline, warn when a regular file is readable by group or others.
 * On success *out is memory of the caller's, released with secret_free().
 * Returns EXIT_OK or an exit status after reporting the problem. */
int secret_read(const struct cli *cli, const char *path, const char *what, size_t max, char **out);
/* Wipe and free a secret. Accepts NULL. */
void secret_free(char *s);
/* Wipe n bytes where the compiler cannot drop the writes. */
void secret_wipe(void *p, size_t n);

/* ---- setup.c: turning the command line into library objects ---- */

/* The config every command starts from: URLs, org, TLS, log, user agent; no
 * Infisical credentials yet. Returns EXIT_OK or an exit status (reported). */
int setup_config(const struct cli *cli, infisical_config **out);
/* Add the Infisical credentials (flags, then the environment) and make a
 * client. *auth_method receives "universal-auth" or "access-token". */
int setup_client(const struct cli *cli, infisical_config *cfg, infisical_client **out, const char **auth_method);
/* The per-call options of every call: --timeout and the Ctrl-C cancel hook. */
int setup_call_options(const struct cli *cli, infisical_call_options **out);
/* The Northflank token of create, update --rotate-token and preflight:
 * --api-token-file, else NORTHFLANK_API_TOKEN. */
int setup_northflank_token(const struct cli *cli, char **out);
/* The API URL the client will use (flag, environment, default), for display. */
const char *setup_api_url(const struct cli *cli);
/* Report a failure of the setup (a config setter, the client, a handle),
 * free err, and give the exit status: usage (2), or 1 when memory ran out. */
int setup_failed(const struct cli *cli, int status, infisical_error *err);
/* Install the SIGINT/SIGTERM handlers that the cancel hook reads. */
void setup_signals(void);
/* The exit status for an interrupted run (130 for SIGINT, 143 for SIGTERM), 0 if none. */
int interrupted_exit_code(void);

/* ---- commands.c ---- */

/* What most commands hold while they run. */
struct session {
    infisical_config *cfg;
    infisical_client *client;
    infisical_call_options *opts;
    const char *auth_method;
};

int session_open(struct cli *cli, struct session *s, int need_client);
void session_close(struct session *s);
/* Report a failed call, free its error, give the exit status. */
int failed(struct cli *cli, int rc, infisical_error *err);

int cmd_login(struct cli *cli);
int cmd_options(struct cli *cli);
int cmd_preflight(struct cli *cli);
int cmd_create(struct cli *cli);
int cmd_get(struct cli *cli);
int cmd_list(struct cli *cli);
int cmd_available(struct cli *cli);
int cmd_update(struct cli *cli);
int cmd_delete(struct cli *cli);
int cmd_drift(struct cli *cli);

/* ---- syncs.c ---- */

int cmd_sync_create(struct cli *cli);
int cmd_sync_get(struct cli *cli);
int cmd_sync_list(struct cli *cli);
int cmd_sync_update(struct cli *cli);
int cmd_sync_delete(struct cli *cli);
int cmd_sync_trigger(struct cli *cli);
int cmd_sync_import(struct cli *cli);
int cmd_sync_remove(struct cli *cli);

/* ---- help.c ---- */

/* Print the help of a command (CMD_NONE: the whole tool) on stdout. */
void help_print(enum command command);

#endif
