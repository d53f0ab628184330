/*
 * infisical-northflank: --help. The same facts as the man page
 * (infisical-northflank.1); keep the two in step.
 */
#include <stdio.h>

#include "cli.h"

static const char global_options[] =
    "Global options (before or after the command):\n"
    "  --api-url URL              Infisical's URL (INFISICAL_API_URL; default https://app.infisical.com;\n"
    "                             a trailing /api, as the Infisical CLI writes it, is ignored);\n"
    "                             --domain URL, the Infisical CLI's name, is the same\n"
    "  --northflank-url URL       Northflank's API (NORTHFLANK_API_URL; default https://api.northflank.com)\n"
    "  --client-id ID             Universal Auth client id (INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)\n"
    "  --client-secret-file PATH  Universal Auth client secret, from a file or - for stdin\n"
    "                             (INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)\n"
    "  --token-file PATH          an Infisical access token instead, from a file or - (INFISICAL_TOKEN)\n"
    "  --org SLUG                 act in this sub-organization (X-Infisical-Org)\n"
    "  --timeout DURATION         deadline of each call, retries included: 30 (seconds), 500ms, 2m;\n"
    "                             default 30s; with --wait, of the whole command and its wait\n"
    "  --json                     print one JSON document, results and errors alike\n"
    "  -q, --quiet                print only what a script needs (an id, yes or no); errors still go to stderr\n"
    "  -v, --verbose              log each request on stderr (-vv: each failure in full); secrets are redacted\n"
    "  --insecure                 do not verify TLS certificates: local test servers only\n"
    "  -h, --help                 this help\n"
    "  --version                  the tool's and the library's versions\n";

static const char exit_codes[] =
    "Exit status:\n"
    "    0  success (preflight: passed; drift: unchanged)\n"
    "    1  another failure (out of memory, a listing cut short)\n"
    "    2  usage: a bad command line, environment or input file; nothing was sent\n"
    "    3  authentication or permission refused (HTTP 401, 403)\n"
    "    4  not found (HTTP 404)\n"
    "    5  a value was refused: by the library before sending, or by the server (HTTP 400, 422)\n"
    "    6  rate limited (HTTP 429)\n"
    "    7  network: no connection, TLS failed, or the deadline passed\n"
    "    8  server: HTTP 5xx, or a reply that breaks the API contract\n"
    "    9  preflight: Northflank's answers say the token is not fit to register\n"
    "   10  drift: the credentials changed since the stored hash\n"
    "   11  job failed: a sync job ran and failed (the server's message says why)\n"
    "   12  busy: a job of the sync is already in progress; nothing was queued (try again)\n"
    "  130  interrupted by Ctrl-C (143: by SIGTERM); the call in flight is cancelled\n";

static const char secrets_note[] =
    "Secrets never come from the command line, where every user of the machine can read them:\n"
    "--token, --client-secret and --api-token are refused. The Northflank token comes from\n"
    "--api-token-file PATH (- for stdin) or NORTHFLANK_API_TOKEN.\n";

static const char top[] =
    "Usage: " PROG " [OPTIONS] COMMAND [OPTIONS]\n"
    "\n"
    "Register, inspect, rotate and delete Infisical's Northflank App Connections,\n"
    "check a Northflank API token with Northflank before registering it, and\n"
    "manage the secret syncs that push a project's secrets into a Northflank secret group.\n"
    "\n"
    "Commands:\n"
    "  login                 check that the Infisical identity authenticates\n"
    "  options               tell whether the server offers Northflank connections\n"
    "  preflight             ask Northflank whether a token has every permission a connection needs\n"
    "  connection create     register a Northflank API token as a new connection\n"
    "  connection get        show one connection, by --id or by --name\n"
    "  connection list       list the connections, optionally of one --project\n"
    "  connection available  list the connections the identity may use\n"
    "  connection update     rename, re-describe, or rotate the stored token\n"
    "  connection delete     delete a connection\n"
    "  connection drift      tell whether the stored credentials changed since a stored hash\n"
    "  sync create           create a secret sync from an environment and folder to a secret group\n"
    "  sync get              show one sync, by --id or by --name in a --project\n"
    "  sync list             list a project's Northflank syncs\n"
    "  sync update           change a sync's name, source, destination, options or auto-sync\n"
    "  sync delete           delete a sync, optionally removing its secrets from Northflank first\n"
    "  sync trigger          push the secrets to Northflank now\n"
    "  sync import           read the secret group's secrets into Infisical\n"
    "  sync remove           remove the synced secrets from the secret group\n"
    "\n"
    "'" PROG " COMMAND --help' (or 'help COMMAND') describes a command.\n"
    "\n";

static const char connection_help[] =
    "Usage: " PROG " connection SUBCOMMAND [OPTIONS]\n"
    "\n"
    "  create     --name NAME [--description TEXT] [--project ID] [--api-token-file PATH]\n"
    "             [--preflight [--check-write]]\n"
    "  get        --id ID | --name NAME [--project ID]\n"
    "  list       [--project ID]\n"
    "  available  [--project ID]\n"
    "  update     --id ID [--name NEW] [--description TEXT | --clear-description]\n"
    "             [--rotate-token [--api-token-file PATH] [--preflight [--check-write]]]\n"
    "  delete     --id ID\n"
    "  drift      (--id ID | --name NAME [--project ID]) --hash HASH, or --from FILE\n"
    "\n"
    "'" PROG " connection SUBCOMMAND --help' describes one.\n"
    "\n";

static const char sync_help[] =
    "Usage: " PROG " sync SUBCOMMAND [OPTIONS]\n"
    "\n"
    "A secret sync pushes the secrets of one Infisical project environment and folder into\n"
    "one Northflank secret group, through a Northflank connection, by jobs the server runs.\n"
    "\n"
    "  create   --name NAME --project ID (--connection ID | --connection-name NAME)\n"
    "           --environment SLUG --path PATH --destination-project ID --destination-group ID\n"
    "           [--destination-project-name TEXT] [--destination-group-name TEXT] [--description TEXT]\n"
    "           [--initial-behavior BEHAVIOR] [--key-schema SCHEMA] [--disable-secret-deletion]\n"
    "           [--no-auto-sync] [--wait]\n"
    "  get      --id ID | --name NAME --project ID\n"
    "  list     --project ID\n"
    "  update   --id ID [--name NEW] [--description TEXT | --clear-description]\n"
    "           [--connection ID | --connection-name NAME] [--environment SLUG --path PATH]\n"
    "           [--auto-sync on|off] [--initial-behavior BEHAVIOR] [--key-schema SCHEMA | --clear-key-schema]\n"
    "           [--disable-secret-deletion [on|off]] [--destination-project ID --destination-group ID\n"
    "           [--destination-project-name TEXT] [--destination-group-name TEXT]]\n"
    "  delete   --id ID [--remove-secrets [--wait]]\n"
    "  trigger  --id ID [--wait]\n"
    "  import   --id ID --prioritize source|destination [--wait]\n"
    "  remove   --id ID [--wait]\n"
    "\n"
    "'" PROG " sync SUBCOMMAND --help' describes one.\n"
    "\n";

static const char sync_json_help[] =
    "JSON: {\"sync\": SYNC}, where SYNC is\n"
    "  {\"id\", \"name\", \"description\", \"destination\": \"northflank\", \"projectId\", \"connectionId\",\n"
    "   \"connection\": {\"name\", \"app\"}, \"environment\": {\"slug\", \"name\", \"id\"},\n"
    "   \"folder\": {\"id\", \"path\"}, \"isAutoSyncEnabled\", \"version\", \"createdAt\", \"updatedAt\",\n"
    "   \"syncOptions\": {\"initialSyncBehavior\", \"keySchema\", \"disableSecretDeletion\"},\n"
    "   \"destinationConfig\": {\"projectId\", \"projectName\", \"secretGroupId\", \"secretGroupName\"},\n"
    "   \"jobs\": {\"sync\": JOB, \"import\": JOB, \"remove\": JOB}}\n"
    "and JOB is {\"status\": \"pending\"|\"running\"|\"succeeded\"|\"failed\"|null (never queued),\n"
    "\"jobId\", \"message\" (the failure, Northflank's error), \"succeededAt\"}: the latest job of that kind,\n"
    "as the server keeps it. Every key is always there; connection, environment and folder are\n"
    "null when the server sent none of their fields (environment and folder once the source\n"
    "folder is deleted).\n"
    "\n";

static const char wait_help[] =
    "--wait waits for the job's outcome: exit 0 when it succeeded, 11 when it failed (the server's\n"
    "message is in the error), 7 when --timeout (default 30s) passes first; --timeout covers the\n"
    "whole command, every call and the wait. On a terminal, stderr shows the job going through\n"
    "pending and running to its outcome. Ctrl-C stops waiting (exit 130); the job goes on.\n"
    "A job of the sync already pending or running refuses another: exit 12, nothing was queued.\n"
    "\n";

static const char sync_create_help[] =
    "Usage: " PROG " sync create --name NAME --project ID (--connection ID | --connection-name NAME)\n"
    "       --environment SLUG --path PATH --destination-project ID --destination-group ID [OPTIONS]\n"
    "\n"
    "Create a secret sync: the secrets of the folder PATH of environment SLUG of Infisical\n"
    "project ID go into the Northflank secret group --destination-group of the Northflank\n"
    "project --destination-project, through a Northflank connection.\n"
    "\n"
    "  --name NAME                  lowercase letters, digits and single hyphens, unique in the project\n"
    "  --project ID                 the Infisical project\n"
    "  --connection ID              the Northflank connection's id, or\n"
    "  --connection-name NAME       its name, among the connections the project may use\n"
    "  --environment SLUG           the source environment (dev, prod, ...)\n"
    "  --path PATH                  the source folder (/ or /app)\n"
    "  --destination-project ID     the Northflank project's id\n"
    "  --destination-group ID       the Northflank secret group's id\n"
    "  --destination-project-name TEXT, --destination-group-name TEXT\n"
    "                               display names, kept with the sync (never sent to Northflank)\n"
    "  --description TEXT           at most 256 characters\n"
    "  --initial-behavior BEHAVIOR  what the first sync does with the group's existing keys:\n"
    "                               overwrite-destination (the default), import-prioritize-source,\n"
    "                               import-prioritize-destination (import them into Infisical first)\n"
    "  --key-schema SCHEMA          how keys are named in Northflank, e.g. INFISICAL_{{secretKey}};\n"
    "                               keys of the group that do not fit it are left alone\n"
    "  --disable-secret-deletion    never delete the group's keys that Infisical does not hold\n"
    "  --no-auto-sync               do not sync on every change (syncs run only when triggered)\n"
    "  --wait                       wait for the first sync, which auto-sync queues at once (not\n"
    "                               with --no-auto-sync: use 'sync trigger --wait' then)\n"
    "\n"
    "Without a key schema and without --disable-secret-deletion, a sync deletes every key of\n"
    "the group that Infisical does not hold. With --wait the sync exists even when its first\n"
    "job fails or the wait times out (the error names its id). --quiet prints the new id.\n"
    "\n";

static const char sync_get_help[] =
    "Usage: " PROG " sync get (--id ID | --name NAME --project ID) [OPTIONS]\n"
    "\n"
    "Show one sync: its source, destination, options, and the latest job of each kind\n"
    "(sync, import, removal) with its status, id, message and when it last succeeded.\n"
    "--quiet prints the id.\n"
    "\n";

static const char sync_list_help[] =
    "Usage: " PROG " sync list --project ID [OPTIONS]\n"
    "\n"
    "List a project's Northflank syncs, in the order they were created. --quiet prints\n"
    "the ids, one a line.\n"
    "\n"
    "JSON: {\"syncs\": [SYNC, ...]} (SYNC: see 'sync get --help')\n"
    "\n";

static const char sync_update_help[] =
    "Usage: " PROG " sync update --id ID [OPTIONS]\n"
    "\n"
    "Change a sync. Only what is given changes; a sync option given (initial behavior,\n"
    "key schema, secret deletion) keeps the others as they are.\n"
    "\n"
    "  --name NEW                          rename it\n"
    "  --description TEXT                  set the description\n"
    "  --clear-description                 remove it\n"
    "  --connection ID, --connection-name NAME\n"
    "                                      write through another connection\n"
    "  --environment SLUG --path PATH      another source (both together)\n"
    "  --auto-sync on|off                  sync on every change, or only when triggered\n"
    "  --initial-behavior BEHAVIOR         overwrite-destination, import-prioritize-source,\n"
    "                                      import-prioritize-destination\n"
    "  --key-schema SCHEMA                 set the key schema\n"
    "  --clear-key-schema                  remove it (a sync then owns every key of the group)\n"
    "  --disable-secret-deletion [on|off]  keep (on, also when given alone) or delete (off) the\n"
    "                                      group's keys that Infisical does not hold\n"
    "  --destination-project ID --destination-group ID\n"
    "                                      another destination, set whole: its display names\n"
    "                                      (--destination-project-name, --destination-group-name)\n"
    "                                      are dropped unless given again\n"
    "\n"
    "With auto-sync on, the server queues a sync after any successful update, even of the\n"
    "description. --quiet prints the id.\n"
    "\n"
    "JSON: {\"sync\": SYNC} (see 'sync get --help')\n"
    "\n";

static const char sync_delete_help[] =
    "Usage: " PROG " sync delete --id ID [--remove-secrets [--wait]] [OPTIONS]\n"
    "\n"
    "Delete a sync. The secrets it wrote stay in Northflank, unless --remove-secrets:\n"
    "then the server first removes them (a removal job) and deletes the sync only when that\n"
    "succeeds; a failed removal keeps the sync. --wait waits until the sync is gone.\n"
    "Prints the sync as the server last reported it; --quiet prints its id.\n"
    "\n"
    "JSON: {\"sync\": SYNC} (see 'sync get --help')\n"
    "\n";

static const char sync_trigger_help[] =
    "Usage: " PROG " sync trigger --id ID [--wait] [OPTIONS]\n"
    "\n"
    "Push the sync's secrets to Northflank now: queue a sync job. Without --wait the\n"
    "command ends once the job is queued (its status pending). --quiet prints the id.\n"
    "\n"
    "JSON: {\"sync\": SYNC} (see 'sync get --help'), after queuing or after the job's end\n"
    "\n";

static const char sync_import_help[] =
    "Usage: " PROG " sync import --id ID --prioritize source|destination [--wait] [OPTIONS]\n"
    "\n"
    "Read the secret group's keys (those that fit the key schema) into the sync's source\n"
    "folder: queue an import job. Keys the folder lacks are added; for a key in both,\n"
    "--prioritize source keeps Infisical's value, destination takes Northflank's. Nothing\n"
    "is pushed back. --quiet prints the id.\n"
    "\n"
    "JSON: {\"sync\": SYNC} (see 'sync get --help')\n"
    "\n";

static const char sync_remove_help[] =
    "Usage: " PROG " sync remove --id ID [--wait] [OPTIONS]\n"
    "\n"
    "Remove from the secret group the keys the source folder holds now (named by the key\n"
    "schema): queue a removal job. Every other key stays; the sync stays too (see 'sync\n"
    "delete --remove-secrets'). --quiet prints the id.\n"
    "\n"
    "JSON: {\"sync\": SYNC} (see 'sync get --help')\n"
    "\n";

static const char login_help[] =
    "Usage: " PROG " login [OPTIONS]\n"
    "\n"
    "Check that the Infisical identity authenticates: log in with Universal Auth (or\n"
    "take the access token) and make one authenticated request. Prints the URL, the\n"
    "auth method and the token's remaining lifetime, never the token.\n"
    "\n"
    "JSON: {\"login\": {\"authenticated\": true, \"apiUrl\", \"authMethod\": \"universal-auth\"|\"access-token\",\n"
    "       \"clientId\", \"tokenExpiresInMs\": N|null (null: does not expire)}}\n"
    "\n";

static const char options_help[] =
    "Usage: " PROG " options [OPTIONS]\n"
    "\n"
    "Tell whether the Infisical server offers Northflank connections (with the api-token\n"
    "method). --quiet prints yes or no; the exit status is 0 either way.\n"
    "\n"
    "JSON: {\"options\": {\"northflankOffered\": true|false}}\n"
    "\n";

static const char preflight_help[] =
    "Usage: " PROG " preflight [--api-token-file PATH] [--check-write] [OPTIONS]\n"
    "\n"
    "Ask Northflank (not Infisical: no Infisical credentials are needed) whether a token\n"
    "authenticates and has each permission a connection needs: Projects > Manage > Read,\n"
    "Config & Secrets > Secret Groups > List, Read Values and Update.\n"
    "\n"
    "  --api-token-file PATH  the token, from a file or - for stdin (else NORTHFLANK_API_TOKEN)\n"
    "  --check-write          test Update too, with an empty PATCH of the first secret group\n"
    "                         (it changes nothing); without it Update is not checked\n"
    "\n"
    "Exits 0 when the token passes, 9 when a permission is denied or it does not authenticate.\n"
    "\n"
    "JSON: {\"preflight\": {\"passed\", \"authenticated\", \"permissions\": [{\"id\", \"name\",\n"
    "       \"state\": \"granted\"|\"denied\"|\"not-checked\"|\"unknown\", \"reason\"}]}}\n"
    "\n";

static const char create_help[] =
    "Usage: " PROG " connection create --name NAME [OPTIONS]\n"
    "\n"
    "Register a Northflank API token as a new connection. Infisical checks the token with\n"
    "Northflank before it stores it.\n"
    "\n"
    "  --name NAME            the name: lowercase letters, digits and single hyphens, 1 to 64\n"
    "  --description TEXT     at most 256 characters\n"
    "  --project ID           a project's connection (default: the organization's)\n"
    "  --api-token-file PATH  the token, from a file or - for stdin (else NORTHFLANK_API_TOKEN)\n"
    "  --preflight            ask Northflank first and refuse (exit 9) a token that lacks a permission\n"
    "  --check-write          with --preflight: test Update too (an empty PATCH)\n"
    "\n"
    "--quiet prints the new id.\n"
    "\n"
    "JSON: {\"connection\": CONNECTION} (see 'connection get --help')\n"
    "\n";

static const char get_help[] =
    "Usage: " PROG " connection get (--id ID | --name NAME [--project ID]) [OPTIONS]\n"
    "\n"
    "Show one connection. By name, the organization's connection of that name, or with\n"
    "--project the project's.\n"
    "\n"
    "--quiet prints the id. Keep the JSON to compare later with 'connection drift --from FILE'.\n"
    "\n"
    "JSON: {\"connection\": {\"id\", \"name\", \"description\", \"app\", \"method\", \"projectId\", \"orgId\",\n"
    "       \"version\", \"createdAt\", \"updatedAt\", \"credentialsHash\", \"isPlatformManagedCredentials\",\n"
    "       \"isAutoRotationEnabled\", \"gatewayId\", \"gatewayPoolId\", \"project\": {\"name\", \"slug\", \"type\"}}}\n"
    "Every key is always there, null when the server did not say.\n"
    "\n";

static const char list_help[] =
    "Usage: " PROG " connection list [--project ID] [OPTIONS]\n"
    "\n"
    "List the connections the identity may read, by name: the organization's and every\n"
    "project's, or with --project one project's. --quiet prints the ids, one a line.\n"
    "\n"
    "JSON: {\"connections\": [CONNECTION, ...]}\n"
    "\n";

static const char available_help[] =
    "Usage: " PROG " connection available [--project ID] [OPTIONS]\n"
    "\n"
    "List the connections the identity may use: the organization's, and with --project\n"
    "that project's too. The server sends only id, name, app, projectId and orgId here;\n"
    "the other keys are null. --quiet prints the ids, one a line.\n"
    "\n"
    "JSON: {\"connections\": [CONNECTION, ...]}\n"
    "\n";

static const char update_help[] =
    "Usage: " PROG " connection update --id ID [OPTIONS]\n"
    "\n"
    "Change a connection. Only what is given changes.\n"
    "\n"
    "  --name NEW             rename it\n"
    "  --description TEXT     set the description\n"
    "  --clear-description    remove the description\n"
    "  --rotate-token         replace the stored Northflank token with the one from\n"
    "                         --api-token-file PATH (- for stdin) or NORTHFLANK_API_TOKEN;\n"
    "                         the credentials hash changes (see 'connection drift')\n"
    "  --preflight            with --rotate-token: ask Northflank first, refuse (exit 9) a token\n"
    "                         that lacks a permission\n"
    "  --check-write          with --preflight: test Update too (an empty PATCH)\n"
    "\n"
    "An update that may have reached the server when the connection broke is not repeated:\n"
    "read the connection to learn the outcome. --quiet prints the id.\n"
    "\n"
    "JSON: {\"connection\": CONNECTION}\n"
    "\n";

static const char delete_help[] =
    "Usage: " PROG " connection delete --id ID [OPTIONS]\n"
    "\n"
    "Delete a connection (find the id with 'connection get --name NAME --quiet'). Prints\n"
    "the deleted record; --quiet prints its id.\n"
    "\n"
    "JSON: {\"connection\": CONNECTION}\n"
    "\n";

static const char drift_help[] =
    "Usage: " PROG " connection drift (--id ID | --name NAME [--project ID]) --hash HASH [OPTIONS]\n"
    "       " PROG " connection drift --from FILE [--id ID | --name NAME [--project ID]] [OPTIONS]\n"
    "\n"
    "Tell whether a connection's stored credentials changed since a credentials hash kept\n"
    "earlier: given with --hash, or read from FILE (- for stdin) as written by\n"
    "'connection get --json' (its connection's id is used unless --id or --name is given,\n"
    "and must match). The hash changes on every rotation, even to the same token.\n"
    "\n"
    "Exits 0 when unchanged, 10 when changed. --quiet prints changed or unchanged.\n"
    "\n"
    "JSON: {\"drift\": {\"changed\", \"id\", \"name\", \"version\", \"storedHash\", \"currentHash\", \"updatedAt\"}}\n"
    "\n";

static const char error_json_note[] =
    "With --json an error is the document too: {\"error\": {\"code\", \"name\", \"message\", \"httpStatus\",\n"
    "\"requestId\", \"serverError\", \"request\", \"retryable\", \"retryAfterMs\", \"attempts\", \"issues\":\n"
    "[{\"path\", \"message\", \"code\"}], \"details\", \"preflight\", \"exitCode\"}}; name is the library's\n"
    "status name (INFISICAL_ENOTFOUND, ...) or \"usage\".\n"
    "\n";

void help_print(enum command command)
{
    const char *text;
    switch (command) {
    case CMD_LOGIN: text = login_help; break;
    case CMD_OPTIONS: text = options_help; break;
    case CMD_PREFLIGHT: text = preflight_help; break;
    case CMD_CONNECTION: text = connection_help; break;
    case CMD_CREATE: text = create_help; break;
    case CMD_GET: text = get_help; break;
    case CMD_LIST: text = list_help; break;
    case CMD_AVAILABLE: text = available_help; break;
    case CMD_UPDATE: text = update_help; break;
    case CMD_DELETE: text = delete_help; break;
    case CMD_DRIFT: text = drift_help; break;
    case CMD_SYNC: text = sync_help; break;
    case CMD_SYNC_CREATE: text = sync_create_help; break;
    case CMD_SYNC_GET: text = sync_get_help; break;
    case CMD_SYNC_LIST: text = sync_list_help; break;
    case CMD_SYNC_UPDATE: text = sync_update_help; break;
    case CMD_SYNC_DELETE: text = sync_delete_help; break;
    case CMD_SYNC_TRIGGER: text = sync_trigger_help; break;
    case CMD_SYNC_IMPORT: text = sync_import_help; break;
    case CMD_SYNC_REMOVE: text = sync_remove_help; break;
    default: text = top; break;
    }
    /* Every help is whole: the command's own part, then what holds for all. */
    fputs(text, stdout);
    /* create and get carry the whole sync document; the others point to get's. */
    if (command == CMD_SYNC_CREATE || command == CMD_SYNC_GET)
        fputs(sync_json_help, stdout);
    if (command == CMD_SYNC || command == CMD_SYNC_CREATE || command == CMD_SYNC_DELETE ||
        command == CMD_SYNC_TRIGGER || command == CMD_SYNC_IMPORT || command == CMD_SYNC_REMOVE)
        fputs(wait_help, stdout);
    if (command == CMD_NONE) {
        fputs(secrets_note, stdout);
        fputc('\n', stdout);
    }
    fputs(global_options, stdout);
    fputc('\n', stdout);
    fputs(error_json_note, stdout);
    fputs(exit_codes, stdout);
    fputs("\nSee " PROG "(1) for more.\n", stdout);
}
