/*
 * infisical-northflank: register, inspect, rotate and delete Infisical's
 * Northflank App Connections, and manage the secret syncs that use them, from
 * the shell, with libinfisical.
 *
 * main.c reads the command line and calls one command. The parser is written
 * by hand rather than with getopt_long because it must refuse secret-bearing
 * flags without ever echoing their value, accept global options on either side
 * of the command words, and tell which options belong to which command.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum opt {
    O_API_URL,
    O_NORTHFLANK_URL,
    O_CLIENT_ID,
    O_ORG,
    O_TOKEN_FILE,
    O_CLIENT_SECRET_FILE,
    O_JSON,
    O_QUIET,
    O_VERBOSE,
    O_INSECURE,
    O_TIMEOUT,
    O_HELP,
    O_VERSION,
    O_ID,
    O_NAME,
    O_PROJECT,
    O_DESCRIPTION,
    O_CLEAR_DESCRIPTION,
    O_ROTATE_TOKEN,
    O_PREFLIGHT,
    O_CHECK_WRITE,
    O_HASH,
    O_FROM,
    O_API_TOKEN_FILE,
    O_CONNECTION,
    O_CONNECTION_NAME,
    O_ENVIRONMENT,
    O_PATH,
    O_DEST_PROJECT,
    O_DEST_GROUP,
    O_DEST_PROJECT_NAME,
    O_DEST_GROUP_NAME,
    O_INITIAL_BEHAVIOR,
    O_KEY_SCHEMA,
    O_CLEAR_KEY_SCHEMA,
    O_DISABLE_SECRET_DELETION,
    O_NO_AUTO_SYNC,
    O_AUTO_SYNC,
    O_WAIT,
    O_REMOVE_SECRETS,
    O_PRIORITIZE,
    O_COUNT
};

#define ALL 0xffffffffu
#define C(x) (1u << (x))
_Static_assert(CMD_COUNT <= 32, "the commands of an option are a 32-bit mask");
/* The sync commands that name a sync by --id, and the two that write its fields. */
#define SYNC_BY_ID (C(CMD_SYNC_UPDATE) | C(CMD_SYNC_DELETE) | C(CMD_SYNC_TRIGGER) | C(CMD_SYNC_IMPORT) | C(CMD_SYNC_REMOVE))
#define SYNC_WRITE (C(CMD_SYNC_CREATE) | C(CMD_SYNC_UPDATE))

/* has_value: 0 a flag, 1 a value, ON_OFF an optional on or off (taken only when the next word is one). */
#define ON_OFF 2

struct spec {
    const char *name;
    char short_name;
    int has_value;
    enum opt id;
    unsigned commands; /* the commands that accept it */
};

static const struct spec specs[] = {
    {"api-url", 0, 1, O_API_URL, ALL},
    {"domain", 0, 1, O_API_URL, ALL}, /* the Infisical CLI's name for the same thing */
    {"northflank-url", 0, 1, O_NORTHFLANK_URL, ALL},
    {"client-id", 0, 1, O_CLIENT_ID, ALL},
    {"org", 0, 1, O_ORG, ALL},
    {"token-file", 0, 1, O_TOKEN_FILE, ALL},
    {"client-secret-file", 0, 1, O_CLIENT_SECRET_FILE, ALL},
    {"json", 0, 0, O_JSON, ALL},
    {"quiet", 'q', 0, O_QUIET, ALL},
    {"verbose", 'v', 0, O_VERBOSE, ALL},
    {"insecure", 0, 0, O_INSECURE, ALL},
    {"timeout", 0, 1, O_TIMEOUT, ALL},
    {"help", 'h', 0, O_HELP, ALL},
    {"version", 0, 0, O_VERSION, ALL},
    {"id", 0, 1, O_ID, C(CMD_GET) | C(CMD_UPDATE) | C(CMD_DELETE) | C(CMD_DRIFT) | SYNC_BY_ID | C(CMD_SYNC_GET)},
    {"name", 0, 1, O_NAME, C(CMD_CREATE) | C(CMD_GET) | C(CMD_UPDATE) | C(CMD_DRIFT) | SYNC_WRITE | C(CMD_SYNC_GET)},
    {"project", 0, 1, O_PROJECT,
     C(CMD_CREATE) | C(CMD_GET) | C(CMD_LIST) | C(CMD_AVAILABLE) | C(CMD_DRIFT) | C(CMD_SYNC_CREATE) |
         C(CMD_SYNC_GET) | C(CMD_SYNC_LIST)},
    {"description", 0, 1, O_DESCRIPTION, C(CMD_CREATE) | C(CMD_UPDATE) | SYNC_WRITE},
    {"clear-description", 0, 0, O_CLEAR_DESCRIPTION, C(CMD_UPDATE) | C(CMD_SYNC_UPDATE)},
    {"rotate-token", 0, 0, O_ROTATE_TOKEN, C(CMD_UPDATE)},
    {"preflight", 0, 0, O_PREFLIGHT, C(CMD_CREATE) | C(CMD_UPDATE)},
    {"check-write", 0, 0, O_CHECK_WRITE, C(CMD_PREFLIGHT) | C(CMD_CREATE) | C(CMD_UPDATE)},
    {"hash", 0, 1, O_HASH, C(CMD_DRIFT)},
    {"from", 0, 1, O_FROM, C(CMD_DRIFT)},
    {"api-token-file", 0, 1, O_API_TOKEN_FILE, C(CMD_PREFLIGHT) | C(CMD_CREATE) | C(CMD_UPDATE)},
    {"connection", 0, 1, O_CONNECTION, SYNC_WRITE},
    {"connection-name", 0, 1, O_CONNECTION_NAME, SYNC_WRITE},
    {"environment", 0, 1, O_ENVIRONMENT, SYNC_WRITE},
    {"path", 0, 1, O_PATH, SYNC_WRITE},
    {"destination-project", 0, 1, O_DEST_PROJECT, SYNC_WRITE},
    {"destination-group", 0, 1, O_DEST_GROUP, SYNC_WRITE},
    {"destination-project-name", 0, 1, O_DEST_PROJECT_NAME, SYNC_WRITE},
    {"destination-group-name", 0, 1, O_DEST_GROUP_NAME, SYNC_WRITE},
    {"initial-behavior", 0, 1, O_INITIAL_BEHAVIOR, SYNC_WRITE},
    {"key-schema", 0, 1, O_KEY_SCHEMA, SYNC_WRITE},
    {"clear-key-schema", 0, 0, O_CLEAR_KEY_SCHEMA, C(CMD_SYNC_UPDATE)},
    {"disable-secret-deletion", 0, ON_OFF, O_DISABLE_SECRET_DELETION, SYNC_WRITE},
    {"no-auto-sync", 0, 0, O_NO_AUTO_SYNC, C(CMD_SYNC_CREATE)},
    {"auto-sync", 0, 1, O_AUTO_SYNC, C(CMD_SYNC_UPDATE)},
    {"wait", 0, 0, O_WAIT,
     C(CMD_SYNC_CREATE) | C(CMD_SYNC_DELETE) | C(CMD_SYNC_TRIGGER) | C(CMD_SYNC_IMPORT) | C(CMD_SYNC_REMOVE)},
    {"remove-secrets", 0, 0, O_REMOVE_SECRETS, C(CMD_SYNC_DELETE)},
    {"prioritize", 0, 1, O_PRIORITIZE, C(CMD_SYNC_IMPORT)},
};

/*
 * Flags that would carry a secret on the command line, where every user of
 * the machine can read it (ps, /proc/PID/cmdline) and the shell keeps it in
 * its history. They are refused by name, with the safe way to pass the same
 * thing; the value is never repeated in the message.
 */
static const struct {
    const char *name;
    const char *instead;
} refused[] = {
    {"token", "set INFISICAL_TOKEN or use --token-file PATH"},
    {"access-token", "set INFISICAL_TOKEN or use --token-file PATH"},
    {"client-secret", "set INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET or use --client-secret-file PATH"},
    {"api-token", "use --api-token-file PATH (- for stdin) or set NORTHFLANK_API_TOKEN"},
    {"northflank-token", "use --api-token-file PATH (- for stdin) or set NORTHFLANK_API_TOKEN"},
    {"northflank-api-token", "use --api-token-file PATH (- for stdin) or set NORTHFLANK_API_TOKEN"},
    {"secret", "put secrets in a file or the environment"},
    {"password", "put secrets in a file or the environment"},
};

static const struct {
    const char *word;
    enum command command;
    const char *full_name;
} connection_words[] = {
    {"create", CMD_CREATE, "connection create"}, {"get", CMD_GET, "connection get"},
    {"list", CMD_LIST, "connection list"},       {"available", CMD_AVAILABLE, "connection available"},
    {"update", CMD_UPDATE, "connection update"}, {"delete", CMD_DELETE, "connection delete"},
    {"drift", CMD_DRIFT, "connection drift"},
};

static const struct {
    const char *word;
    enum command command;
    const char *full_name;
} sync_words[] = {
    {"create", CMD_SYNC_CREATE, "sync create"},    {"get", CMD_SYNC_GET, "sync get"},
    {"list", CMD_SYNC_LIST, "sync list"},          {"update", CMD_SYNC_UPDATE, "sync update"},
    {"delete", CMD_SYNC_DELETE, "sync delete"},    {"trigger", CMD_SYNC_TRIGGER, "sync trigger"},
    {"import", CMD_SYNC_IMPORT, "sync import"},    {"remove", CMD_SYNC_REMOVE, "sync remove"},
};

struct seen {
    const struct spec *spec;
    const char *value;
    const char *spelled; /* the name as typed, for messages */
};

struct parse {
    struct seen seen[64];
    int nseen;
    const char *words[4];
    int nwords;
    int help;
    int version;
    char error[512]; /* the first problem found; reported unless --help or --version wins */
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void parse_fail(struct parse *p, const char *fmt, ...)
{
    if (p->error[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof p->error, fmt, ap);
    va_end(ap);
}

static const struct spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        if (strlen(specs[i].name) == len && strncmp(specs[i].name, name, len) == 0)
            return &specs[i];
    return NULL;
}

static const struct spec *find_short(char c)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        if (specs[i].short_name == c)
            return &specs[i];
    return NULL;
}

static const char *refused_instead(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strlen(refused[i].name) == len && strncmp(refused[i].name, name, len) == 0)
            return refused[i].instead;
    return NULL;
}

static void remember(struct parse *p, const struct spec *spec, const char *value, const char *spelled)
{
    if (p->nseen == (int)(sizeof p->seen / sizeof p->seen[0])) {
        parse_fail(p, "too many options");
        return;
    }
    p->seen[p->nseen].spec = spec;
    p->seen[p->nseen].value = value;
    p->seen[p->nseen].spelled = spelled;
    p->nseen++;
    if (spec->id == O_HELP)
        p->help = 1;
    if (spec->id == O_VERSION)
        p->version = 1;
}

/* One pass over argv. Returns EXIT_OK, or EXIT_USAGE after refusing a secret flag (at once: nothing else matters then). */
static int scan(struct cli *cli, struct parse *p, int argc, char **argv)
{
    int options_end = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_end && strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        if (!options_end && a[0] == '-' && a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            const char *instead = refused_instead(name, len);
            if (instead)
                return usage_error(cli, "refusing --%.*s: a secret on the command line can be read by every user of this machine "
                                        "(ps, /proc) and stays in shell history; %s",
                                   (int)len, name, instead);
            const struct spec *spec = find_long(name, len);
            if (!spec) {
                parse_fail(p, "unknown option --%.*s", (int)(len < 60 ? len : 60), name);
                continue;
            }
            const char *value = NULL;
            if (spec->has_value == ON_OFF) {
                /* --disable-secret-deletion alone means on; "on" or "off" after it is its value. */
                if (eq)
                    value = eq + 1;
                else if (i + 1 < argc && (strcmp(argv[i + 1], "on") == 0 || strcmp(argv[i + 1], "off") == 0))
                    value = argv[++i];
            } else if (spec->has_value) {
                /* "--id --json" is a forgotten value, not an id called
                 * "--json"; a value that starts with "--" is written --id=VALUE. */
                if (eq)
                    value = eq + 1;
                else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0)
                    value = argv[++i];
                else {
                    parse_fail(p, "--%s needs a value (one that starts with -- is written --%s=VALUE)", spec->name,
                               spec->name);
                    continue;
                }
            } else if (eq) {
                parse_fail(p, "--%s takes no value", spec->name);
                continue;
            }
            remember(p, spec, value, spec->name);
            continue;
        }
        if (!options_end && a[0] == '-' && a[1] != '\0') {
            /* Short flags, possibly grouped (-qv); none of them takes a value. */
            for (const char *c = a + 1; *c; c++) {
                const struct spec *spec = find_short(*c);
                if (!spec) {
                    parse_fail(p, "unknown option -%c", *c);
                    break;
                }
                remember(p, spec, NULL, spec->name);
            }
            continue;
        }
        /* A word. Only the command words are expected; anything more is not
         * echoed, in case it is a secret pasted where it does not belong. */
        if (p->nwords < (int)(sizeof p->words / sizeof p->words[0]))
            p->words[p->nwords] = a;
        p->nwords++;
    }
    return EXIT_OK;
}

/* A mistyped command is worth showing back; anything else may be a secret
 * pasted in the wrong place (a CI log would keep it), so it is not shown. */
static const char *shown_word(const char *w)
{
    size_t n = strlen(w);
    if (n == 0 || n > 24 || strspn(w, "abcdefghijklmnopqrstuvwxyz-") != n)
        return "(not shown: it does not look like a command)";
    return w;
}

/* Turn the words into a command. "help WORDS" is --help for WORDS. */
static void resolve(struct cli *cli, struct parse *p)
{
    const char **w = p->words;
    int n = p->nwords < 4 ? p->nwords : 4;
    if (n > 0 && strcmp(w[0], "help") == 0) {
        p->help = 1;
        w++;
        n--;
    }
    int used = 0;
    if (n == 0) {
        cli->command = CMD_NONE;
    } else if (strcmp(w[0], "login") == 0 || strcmp(w[0], "options") == 0 || strcmp(w[0], "preflight") == 0) {
        cli->command = w[0][0] == 'l' ? CMD_LOGIN : w[0][0] == 'o' ? CMD_OPTIONS : CMD_PREFLIGHT;
        cli->command_name = w[0];
        used = 1;
    } else if (strcmp(w[0], "connection") == 0) {
        cli->command = CMD_CONNECTION;
        cli->command_name = "connection";
        used = 1;
        if (n > 1) {
            for (size_t i = 0; i < sizeof connection_words / sizeof connection_words[0]; i++)
                if (strcmp(w[1], connection_words[i].word) == 0) {
                    cli->command = connection_words[i].command;
                    cli->command_name = connection_words[i].full_name;
                    used = 2;
                }
            if (used == 1) {
                parse_fail(p, "unknown connection command '%s' (create, get, list, available, update, delete, drift)",
                           shown_word(w[1]));
                return;
            }
        }
    } else if (strcmp(w[0], "sync") == 0) {
        cli->command = CMD_SYNC;
        cli->command_name = "sync";
        used = 1;
        if (n > 1) {
            for (size_t i = 0; i < sizeof sync_words / sizeof sync_words[0]; i++)
                if (strcmp(w[1], sync_words[i].word) == 0) {
                    cli->command = sync_words[i].command;
                    cli->command_name = sync_words[i].full_name;
                    used = 2;
                }
            if (used == 1) {
                parse_fail(p, "unknown sync command '%s' (create, get, list, update, delete, trigger, import, remove)",
                           shown_word(w[1]));
                return;
            }
        }
    } else {
        parse_fail(p, "unknown command '%s' (login, options, preflight, connection, sync)", shown_word(w[0]));
        return;
    }
    if (n > used || p->nwords > 4)
        parse_fail(p, "unexpected argument after the command: options take the form --name VALUE");
}

static int parse_timeout(const char *s, int64_t *out)
{
    /* SECONDS, or a number with a unit: 500ms, 30s, 2m. */
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || !(v > 0)) /* !(v > 0) also refuses NaN */
        return -1;
    double ms;
    if (*end == '\0' || strcmp(end, "s") == 0)
        ms = v * 1000.0;
    else if (strcmp(end, "ms") == 0)
        ms = v;
    else if (strcmp(end, "m") == 0)
        ms = v * 60000.0;
    else
        return -1;
    if (!(ms >= 1.0 && ms <= 86400000.0))
        return -1;
    *out = (int64_t)ms;
    return 0;
}

/* Store the options, now that the command is known. */
static void apply(struct cli *cli, struct parse *p)
{
    const char **slots[O_COUNT] = {0};
    slots[O_API_URL] = &cli->api_url;
    slots[O_NORTHFLANK_URL] = &cli->northflank_url;
    slots[O_CLIENT_ID] = &cli->client_id;
    slots[O_ORG] = &cli->org_slug;
    slots[O_TOKEN_FILE] = &cli->token_file;
    slots[O_CLIENT_SECRET_FILE] = &cli->client_secret_file;
    slots[O_ID] = &cli->id;
    slots[O_NAME] = &cli->name;
    slots[O_PROJECT] = &cli->project;
    slots[O_DESCRIPTION] = &cli->description;
    slots[O_HASH] = &cli->hash;
    slots[O_FROM] = &cli->from_file;
    slots[O_API_TOKEN_FILE] = &cli->api_token_file;
    slots[O_CONNECTION] = &cli->connection;
    slots[O_CONNECTION_NAME] = &cli->connection_name;
    slots[O_ENVIRONMENT] = &cli->environment;
    slots[O_PATH] = &cli->path;
    slots[O_DEST_PROJECT] = &cli->dest_project;
    slots[O_DEST_GROUP] = &cli->dest_group;
    slots[O_DEST_PROJECT_NAME] = &cli->dest_project_name;
    slots[O_DEST_GROUP_NAME] = &cli->dest_group_name;
    slots[O_INITIAL_BEHAVIOR] = &cli->initial_behavior;
    slots[O_KEY_SCHEMA] = &cli->key_schema;
    slots[O_AUTO_SYNC] = &cli->auto_sync;
    slots[O_PRIORITIZE] = &cli->prioritize;
    const char *timeout = NULL;
    int given[O_COUNT] = {0};

    for (int i = 0; i < p->nseen; i++) {
        const struct spec *s = p->seen[i].spec;
        if (cli->command != CMD_NONE && cli->command != CMD_CONNECTION && cli->command != CMD_SYNC &&
            !(s->commands & C(cli->command))) {
            parse_fail(p, "--%s does not apply to '%s'", p->seen[i].spelled, cli->command_name);
            continue;
        }
        if (s->has_value && given[s->id]) {
            parse_fail(p, "--%s given twice", s->name);
            continue;
        }
        given[s->id]++;
        switch (s->id) {
        case O_JSON: cli->json = 1; break;
        case O_QUIET: cli->quiet = 1; break;
        case O_VERBOSE: cli->verbose++; break;
        case O_INSECURE: cli->insecure = 1; break;
        case O_CLEAR_DESCRIPTION: cli->clear_description = 1; break;
        case O_ROTATE_TOKEN: cli->rotate_token = 1; break;
        case O_PREFLIGHT: cli->preflight = 1; break;
        case O_CHECK_WRITE: cli->check_write = 1; break;
        case O_CLEAR_KEY_SCHEMA: cli->clear_key_schema = 1; break;
        case O_NO_AUTO_SYNC: cli->no_auto_sync = 1; break;
        case O_WAIT: cli->wait = 1; break;
        case O_REMOVE_SECRETS: cli->remove_secrets = 1; break;
        case O_DISABLE_SECRET_DELETION: {
            const char *v = p->seen[i].value;
            cli->set_disable_secret_deletion = 1;
            cli->disable_secret_deletion = !v || strcmp(v, "on") == 0;
            if (v && strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
                parse_fail(p, "--disable-secret-deletion takes on or off, or nothing (on)");
            break;
        }
        case O_TIMEOUT: timeout = p->seen[i].value; break;
        case O_HELP:
        case O_VERSION: break;
        default:
            if (slots[s->id])
                *slots[s->id] = p->seen[i].value;
            break;
        }
    }
    if (timeout && parse_timeout(timeout, &cli->timeout_ms) != 0)
        parse_fail(p, "--timeout %.40s: expected seconds (30), or a number with ms, s or m (500ms, 2m), at most a day",
                   timeout);
    /* stdin can be read once: two secrets (or a secret and a --from file) cannot both come from it. */
    const char *readers[] = {cli->token_file, cli->client_secret_file, cli->api_token_file, cli->from_file};
    int from_stdin = 0;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        from_stdin += readers[i] && strcmp(readers[i], "-") == 0;
    if (from_stdin > 1)
        parse_fail(p, "only one of --token-file, --client-secret-file, --api-token-file and --from can read stdin (-)");
    if (cli->json && cli->quiet)
        parse_fail(p, "--json and --quiet do not go together: --json already prints one document and nothing else");
    if (cli->auto_sync && strcmp(cli->auto_sync, "on") != 0 && strcmp(cli->auto_sync, "off") != 0)
        parse_fail(p, "--auto-sync takes on or off");
    if (cli->prioritize && strcmp(cli->prioritize, "source") != 0 && strcmp(cli->prioritize, "destination") != 0)
        parse_fail(p, "--prioritize takes source or destination");
}

static void print_version(const struct cli *cli)
{
    if (cli->json) {
        out_json(json_pack("{s:{s:s,s:s,s:i}}", "version", "tool", INFISICAL_VERSION_STRING, "library",
                           infisical_version(), "libraryNumber", (int)infisical_version_number()));
        return;
    }
    printf("%s %s\nlibinfisical %s\n", PROG, INFISICAL_VERSION_STRING, infisical_version());
}

int main(int argc, char **argv)
{
    struct cli cli;
    struct parse p;
    memset(&cli, 0, sizeof cli);
    memset(&p, 0, sizeof p);

    /* --json must be known before any error is reported, so look for it first. */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0)
            cli.json = 1;
    out_init(&cli);

    int rc = scan(&cli, &p, argc, argv);
    if (rc != EXIT_OK)
        return rc;
    resolve(&cli, &p);
    apply(&cli, &p);

    if (p.version) {
        print_version(&cli);
        return EXIT_OK;
    }
    if (p.help) {
        help_print(cli.command);
        return EXIT_OK;
    }
    if (p.error[0])
        return usage_error(&cli, "%s (see '%s%s%s --help')", p.error, PROG, cli.command_name ? " " : "",
                           cli.command_name ? cli.command_name : "");
    if (cli.command == CMD_NONE)
        return usage_error(&cli, "no command given (login, options, preflight, connection, sync); see '%s --help'", PROG);
    if (cli.command == CMD_CONNECTION)
        return usage_error(&cli, "'connection' needs a command: create, get, list, available, update, delete or drift; "
                                 "see '%s connection --help'", PROG);
    if (cli.command == CMD_SYNC)
        return usage_error(&cli, "'sync' needs a command: create, get, list, update, delete, trigger, import or remove; "
                                 "see '%s sync --help'", PROG);

    setup_signals();
    switch (cli.command) {
    case CMD_LOGIN: return cmd_login(&cli);
    case CMD_OPTIONS: return cmd_options(&cli);
    case CMD_PREFLIGHT: return cmd_preflight(&cli);
    case CMD_CREATE: return cmd_create(&cli);
    case CMD_GET: return cmd_get(&cli);
    case CMD_LIST: return cmd_list(&cli);
    case CMD_AVAILABLE: return cmd_available(&cli);
    case CMD_UPDATE: return cmd_update(&cli);
    case CMD_DELETE: return cmd_delete(&cli);
    case CMD_DRIFT: return cmd_drift(&cli);
    case CMD_SYNC_CREATE: return cmd_sync_create(&cli);
    case CMD_SYNC_GET: return cmd_sync_get(&cli);
    case CMD_SYNC_LIST: return cmd_sync_list(&cli);
    case CMD_SYNC_UPDATE: return cmd_sync_update(&cli);
    case CMD_SYNC_DELETE: return cmd_sync_delete(&cli);
    case CMD_SYNC_TRIGGER: return cmd_sync_trigger(&cli);
    case CMD_SYNC_IMPORT: return cmd_sync_import(&cli);
    case CMD_SYNC_REMOVE: return cmd_sync_remove(&cli);
    default: return usage_error(&cli, "no command given; see '%s --help'", PROG);
    }
}
