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
    "                             default 30s\n"
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
    "  130  interrupted by Ctrl-C (143: by SIGTERM); the call in flight is cancelled\n";

static const char secrets_note[] =
    "Secrets never come from the command line, where every user of the machine can read them:\n"
    "--token, --client-secret and --api-token are refused. The Northflank token comes from\n"
    "--api-token-file PATH (- for stdin) or NORTHFLANK_API_TOKEN.\n";

static const char top[] =
    "Usage: " PROG " [OPTIONS] COMMAND [OPTIONS]\n"
    "\n"
    "Register, inspect, rotate and delete Infisical's Northflank App Connections,\n"
    "and check a Northflank API token with Northflank before registering it.\n"
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
    default: text = top; break;
    }
    /* Every help is whole: the command's own part, then what holds for all. */
    fputs(text, stdout);
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
