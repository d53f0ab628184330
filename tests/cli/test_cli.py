"""infisical-northflank against a devserver of its own.

Every command is run as a user would run it (the built tool, a controlled
environment, secrets in files or the environment) and judged on its exit
status and its JSON document; with --json, stdout must parse as exactly one
document for every command and every error. Each run is also searched for
every secret the devserver ever issued or accepted, and for the test's own
secrets: none may appear in stdout or stderr, --verbose logs included.

usage: test_cli.py TOOL DEVSERVER MANPAGE COMPLETION
Standard library only. Ends with the line "N passed, M failed".
"""

import json
import os
import pty
import re
import secrets as random_secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings"))
import devserver as devserver_helpers  # noqa: E402  (the bindings tests' devserver helper)

TOOL, DEVSERVER, MANPAGE, COMPLETION = devserver_helpers.arguments("TOOL", "DEVSERVER", "MANPAGE", "COMPLETION")

# The tool's exit statuses (cli.h, --help, the man page).
OK, GENERAL, USAGE, AUTH, NOT_FOUND, VALIDATION, RATE_LIMIT, NETWORK, SERVER, PREFLIGHT, DRIFT = range(11)
INTERRUPTED = 130

ALL_PERMISSIONS = ["projects:read", "secret-groups:list", "secret-groups:read-values", "secret-groups:update"]
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

dev = None
workdir = None
# Secrets this test made up (Northflank tokens it registered, values it passed to refused flags).
own_secrets = []
runs = 0


def setUpModule():
    global dev, workdir
    dev = devserver_helpers.Devserver(DEVSERVER)
    workdir = tempfile.mkdtemp(prefix="cli-test-")


def tearDownModule():
    if dev:
        dev.stop()
    if workdir:
        shutil.rmtree(workdir, ignore_errors=True)


class Result:
    def __init__(self, args, rc, out, err):
        self.args, self.rc, self.out, self.err = args, rc, out, err
        self.doc = None

    def __repr__(self):
        return "args=%r rc=%d\nstdout:\n%s\nstderr:\n%s" % (self.args, self.rc, self.out, self.err)


def base_env(**changes):
    """The environment of a run: nothing from the caller's but PATH (no proxy, no
    colour setting, no stray credentials), the devserver's admin identity, and
    Northflank pointed at the devserver's stand-in. changes: NAME=value, or None to unset."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C",
        "HOME": workdir,
        "INFISICAL_API_URL": dev.url,
        "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID": dev.client_id,
        "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET": dev.client_secret,
        "NORTHFLANK_API_URL": dev.url,
        "NORTHFLANK_API_TOKEN": dev.northflank_token,
    }
    # Sanitizer and valgrind settings pass through, so the suite can run under them.
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def all_secrets():
    return [s for s in dev.secrets() + own_secrets if s]


def check_output(test, result):
    """What every run must satisfy, whatever it did."""
    text = result.out + result.err
    for secret in all_secrets():
        where = text.find(secret)
        if where >= 0:  # say where, without printing the secret into the test log
            test.fail("a secret (%d bytes, starting %r) appears at offset %d of the output of %r"
                      % (len(secret), secret[:4], where, result.args))
    # Piped output is never coloured.
    test.assertNotIn("\x1b", text, "escape sequences in piped output of %r" % (result.args,))
    if "--json" in result.args and "--help" not in result.args and "--" not in result.args:
        try:
            result.doc = json.loads(result.out)
        except ValueError as e:
            test.fail("--json output is not one JSON document (%s): %r" % (e, result))
        test.assertIsInstance(result.doc, dict)
        test.assertEqual(len(result.doc), 1, "one top-level key: %r" % result.doc)
        if result.rc != OK and "error" in result.doc:
            test.assertEqual(result.doc["error"]["exitCode"], result.rc)
            test.assertTrue(result.err.strip(), "an error also goes to stderr: %r" % result)


def run(test, args, env=None, stdin=None, rc=None, timeout=60):
    global runs
    runs += 1
    proc = subprocess.run([TOOL] + args, env=env or base_env(), input=stdin, capture_output=True, text=True,
                          timeout=timeout)
    result = Result(args, proc.returncode, proc.stdout, proc.stderr)
    check_output(test, result)
    if rc is not None:
        test.assertEqual(result.rc, rc, repr(result))
    return result


def write_file(name, content, mode=0o600):
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, mode)
    return path


def new_northflank_token(permissions=ALL_PERMISSIONS):
    token = "nf-" + random_secrets.token_hex(24)
    own_secrets.append(token)
    dev.control("POST", "/__dev/northflank/tokens", {"token": token, "permissions": permissions})
    return token


def requests_made():
    return dev.control("GET", "/__dev/state")["requests"]


def queue_fault(**fault):
    dev.control("POST", "/__dev/faults", {"faults": [fault]})


class CliTest(unittest.TestCase):
    def setUp(self):
        dev.control("POST", "/__dev/reset")

    # ---- helpers ----

    def create(self, name, *extra, env=None):
        r = run(self, ["connection", "create", "--name", name, "--json"] + list(extra), env=env, rc=OK)
        return r.doc["connection"]

    def error(self, result, name, rc):
        self.assertEqual(result.rc, rc, repr(result))
        e = result.doc["error"]
        self.assertEqual(e["name"], name, repr(result))
        for key in ("code", "name", "message", "httpStatus", "requestId", "serverError", "request", "retryable",
                    "retryAfterMs", "attempts", "issues", "details", "preflight", "exitCode"):
            self.assertIn(key, e)
        self.assertTrue(e["message"])
        return e

    # ---- version, help, usage ----

    def test_version(self):
        r = run(self, ["--version"], rc=OK)
        self.assertRegex(r.out, r"^infisical-northflank \d+\.\d+\.\d+\nlibinfisical \d+\.\d+\.\d+\n$")
        doc = run(self, ["--version", "--json"], rc=OK).doc["version"]
        self.assertRegex(doc["library"], r"^\d+\.\d+\.\d+$")
        self.assertIn("libinfisical " + doc["library"], r.out)
        self.assertIsInstance(doc["libraryNumber"], int)

    def test_help_of_every_command(self):
        commands = [[], ["login"], ["options"], ["preflight"], ["connection"]] + [
            ["connection", c] for c in ("create", "get", "list", "available", "update", "delete", "drift")]
        requests = requests_made()
        for words in commands:
            for form in (words + ["--help"], ["-h"] + words, ["help"] + words):
                r = run(self, form, rc=OK, env=base_env(INFISICAL_API_URL=None))
                self.assertTrue(r.out.startswith("Usage: infisical-northflank " + " ".join(words)), r)
                for code in ("  2  usage", "  9  preflight", " 10  drift", "130  interrupted"):
                    self.assertIn(code, r.out)
                self.assertEqual(r.err, "")
            self.assertEqual(run(self, words + ["--help"]).out, run(self, ["help"] + words).out)
        self.assertEqual(requests_made(), requests, "--help sends nothing")

    def test_usage_errors_exit_2_and_send_nothing(self):
        some_id = str(uuid.uuid4())
        snapshot = write_file("snapshot.json", json.dumps({"connection": {"id": some_id, "credentialsHash": "ab"}}))
        cases = [
            [],
            ["bogus"],
            ["connection"],
            ["connection", "bogus"],
            ["-x", "options"],
            ["options", "--bogus"],
            ["options", "--json=yes"],
            ["connection", "get"],
            ["connection", "get", "--id"],
            ["connection", "get", "--id", some_id, "--name", "a"],
            ["connection", "get", "--id", some_id, "--project", "p"],
            ["connection", "get", "--id", some_id, "--id", some_id],
            ["connection", "list", "extra-word"],
            ["connection", "list", "--name", "a"],
            ["connection", "create"],
            ["connection", "create", "--name", "a", "--check-write"],
            ["connection", "update", "--id", some_id],
            ["connection", "update", "--name", "a"],
            ["connection", "update", "--id", some_id, "--description", "d", "--clear-description"],
            ["connection", "update", "--id", some_id, "--preflight", "--name", "a"],
            ["connection", "update", "--id", some_id, "--name", "a", "--api-token-file", snapshot],
            ["connection", "delete"],
            ["connection", "drift", "--id", some_id],
            ["connection", "drift", "--id", some_id, "--hash", "ab", "--from", snapshot],
            ["connection", "drift", "--hash", "ab"],
            ["--timeout", "0", "options"],
            ["--timeout", "soon", "options"],
            ["--timeout", "2d", "options"],
            ["--timeout", "90000000", "options"],
            ["--timeout", "nan", "options"],
            ["--quiet", "options", "--json"],
            ["--token-file", "-", "connection", "create", "--name", "a", "--api-token-file", "-"],
        ]
        requests = requests_made()
        for args in cases:
            if "--json" not in args:
                r = run(self, args, rc=USAGE)
                self.assertTrue(r.err.startswith("infisical-northflank: error: "), r)
                self.assertEqual(r.out, "")
                args = args + ["--json"]
            r = run(self, args, rc=USAGE)
            e = self.error(r, "usage", USAGE)
            self.assertIsNone(e["code"])
            self.assertIsNone(e["httpStatus"])
        self.assertEqual(requests_made(), requests, "a usage error sends nothing")

    def test_secret_flags_are_refused_without_echo(self):
        requests = requests_made()
        for flag, advice in (("--token", "--token-file"), ("--access-token", "INFISICAL_TOKEN"),
                             ("--client-secret", "--client-secret-file"), ("--api-token", "--api-token-file"),
                             ("--northflank-token", "NORTHFLANK_API_TOKEN")):
            value = "leak-" + random_secrets.token_hex(16)
            own_secrets.append(value)
            for args in (["connection", "create", "--name", "a", flag, value],
                         ["connection", "create", "--name", "a", flag + "=" + value, "--help"],
                         [flag, value, "login", "--json"]):
                r = run(self, args, rc=USAGE)
                self.assertIn("refusing " + flag, r.err)
                self.assertIn(advice, r.err)
                self.assertIn("command line", r.err)
        self.assertEqual(requests_made(), requests)

    def test_unexpected_words_are_not_echoed(self):
        # A token pasted as a word must not be printed back in the error (run()
        # searches the output for it); a mistyped command is.
        value = "pasted-" + random_secrets.token_hex(16)
        own_secrets.append(value)
        r = run(self, ["connection", "create", "--name", "a", value], rc=USAGE)
        self.assertIn("unexpected argument", r.err)
        self.assertIn("not shown", run(self, [value, "connection", "list"], rc=USAGE).err)
        self.assertIn("not shown", run(self, ["connection", value], rc=USAGE).err)
        self.assertIn("unknown command 'conection'", run(self, ["conection", "list"], rc=USAGE).err)
        self.assertIn("unknown connection command 'lst'", run(self, ["connection", "lst"], rc=USAGE).err)

    # ---- credentials ----

    def test_credentials_missing_or_ambiguous(self):
        no_creds = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=None, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None)
        r = run(self, ["login", "--json"], env=no_creds, rc=USAGE)
        self.assertIn("no Infisical credentials", r.doc["error"]["message"])
        both = base_env(INFISICAL_TOKEN=dev.env["INFISICAL_DEV_ACCESS_TOKEN"])
        r = run(self, ["login", "--json"], env=both, rc=USAGE)
        self.assertIn("both set", r.doc["error"]["message"])
        half = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None)
        r = run(self, ["login", "--json"], env=half, rc=USAGE)
        self.assertIn("client secret is missing", r.doc["error"]["message"])
        # A flag chooses between the two ways; the other way's variables are then ignored.
        token_file = write_file("access-token", dev.env["INFISICAL_DEV_ACCESS_TOKEN"] + "\n")
        r = run(self, ["login", "--json", "--token-file", token_file], env=both, rc=OK)
        self.assertEqual(r.doc["login"]["authMethod"], "access-token")

    def test_login_universal_auth(self):
        r = run(self, ["login", "--json"], rc=OK)
        # The devserver's default TTL is 30 days: the client counts on a second less, from when it was issued.
        left = r.doc["login"].pop("tokenExpiresInMs")
        self.assertTrue(2592000000 - 60000 < left <= 2592000000 - 999, left)
        self.assertEqual(r.doc, {"login": {"authenticated": True, "apiUrl": dev.url, "authMethod": "universal-auth",
                                           "clientId": dev.client_id}})
        self.assertEqual(dev.control("GET", "/__dev/state")["logins"], 1)
        r = run(self, ["login"], rc=OK)
        self.assertIn("universal-auth", r.out)
        self.assertIn("token lifetime", r.out)
        self.assertRegex(r.out, r"token lifetime\s+\d+h \d\dm \d\ds")
        self.assertEqual(run(self, ["login", "-q"], rc=OK).out, "")

    def test_login_access_token(self):
        env = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=None, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None,
                       INFISICAL_TOKEN=dev.env["INFISICAL_DEV_ACCESS_TOKEN"])
        r = run(self, ["login", "--json"], env=env, rc=OK)
        self.assertEqual(r.doc["login"]["authMethod"], "access-token")
        self.assertIsNone(r.doc["login"]["tokenExpiresInMs"])  # a fixed token: the client does not know its end
        self.assertIsNone(r.doc["login"]["clientId"])

    def test_login_secrets_from_files_and_stdin(self):
        env = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=None, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None)
        secret_file = write_file("client-secret", dev.client_secret + "\n")
        r = run(self, ["login", "--json", "--client-id", dev.client_id, "--client-secret-file", secret_file],
                env=env, rc=OK)
        self.assertNotIn("warning", r.err)
        run(self, ["login", "--client-id", dev.client_id, "--client-secret-file", "-"], env=env,
            stdin=dev.client_secret + "\n", rc=OK)

    def test_login_refused(self):
        own_secrets.append("0" * 64)
        wrong = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET="0" * 64)
        r = run(self, ["login", "--json"], env=wrong)
        e = self.error(r, "INFISICAL_EUNAUTHORIZED", AUTH)
        self.assertEqual(e["httpStatus"], 401)
        self.assertIn("HTTP 401", r.err)
        not_a_token = "not-a-real-token-" + random_secrets.token_hex(8)
        own_secrets.append(not_a_token)
        bad_token = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=None, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None,
                             INFISICAL_TOKEN=not_a_token)
        r = run(self, ["login", "--json"], env=bad_token)
        self.assertEqual(r.rc, AUTH, r)
        self.assertIn(r.doc["error"]["httpStatus"], (401, 403))

    def test_api_url_as_the_infisical_cli_writes_it(self):
        # The Infisical CLI's INFISICAL_API_URL ends in /api.
        r = run(self, ["login", "--json"], env=base_env(INFISICAL_API_URL=dev.url + "/api/"), rc=OK)
        self.assertEqual(r.doc["login"]["apiUrl"], dev.url)
        run(self, ["login", "--api-url", dev.url + "/api"], env=base_env(INFISICAL_API_URL="http://127.0.0.1:1"), rc=OK)
        run(self, ["login", "--domain", dev.url], env=base_env(INFISICAL_API_URL=None), rc=OK)

    def test_bad_api_url_is_a_usage_error(self):
        r = run(self, ["login", "--json", "--api-url", "ftp://example.com"])
        self.error(r, "INFISICAL_EINVAL", USAGE)

    def test_org_slug_is_sent(self):
        run(self, ["options", "--org", "sub-org"], rc=OK)
        self.assertEqual(dev.control("GET", "/__dev/state")["lastOrg"], "sub-org")
        self.error(run(self, ["options", "--org", "Not A Slug", "--json"]), "INFISICAL_EINVAL", USAGE)

    def test_token_typed_at_a_terminal_is_not_echoed(self):
        master, slave = pty.openpty()
        proc = subprocess.Popen([TOOL, "preflight", "--api-token-file", "-", "--json"], env=base_env(),
                                stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(slave)
        try:
            # The prompt comes once echo is off; only then is the token typed.
            prompt = b""
            while b"input hidden" not in prompt:
                ready, _, _ = select.select([proc.stderr], [], [], 10)
                self.assertTrue(ready, "no prompt on stderr: %r" % prompt)
                chunk = os.read(proc.stderr.fileno(), 4096)
                self.assertTrue(chunk, "stderr closed before the prompt: %r" % prompt)
                prompt += chunk
            os.write(master, (dev.northflank_token + "\n").encode())
            out, err = proc.communicate(timeout=20)
            echoed = b""
            while select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                echoed += chunk
        finally:
            os.close(master)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, OK, err)
        self.assertTrue(json.loads(out)["preflight"]["passed"])
        self.assertFalse(dev.northflank_token.encode() in echoed + prompt + err + out, "the token was echoed")

    # ---- options ----

    def test_options(self):
        self.assertEqual(run(self, ["options", "--json"], rc=OK).doc, {"options": {"northflankOffered": True}})
        self.assertEqual(run(self, ["options", "-q"], rc=OK).out, "yes\n")
        dev.control("POST", "/__dev/settings", {"northflankOffered": False})
        self.assertEqual(run(self, ["options", "--json"], rc=OK).doc, {"options": {"northflankOffered": False}})
        self.assertEqual(run(self, ["options", "--quiet"], rc=OK).out, "no\n")
        self.assertIn("NOT offered", run(self, ["options"], rc=OK).out)

    # ---- preflight ----

    def test_preflight_passes_without_infisical_credentials(self):
        env = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=None, INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=None,
                       INFISICAL_API_URL=None)
        doc = run(self, ["preflight", "--json"], env=env, rc=OK).doc["preflight"]
        self.assertTrue(doc["passed"])
        self.assertTrue(doc["authenticated"])
        self.assertEqual([p["id"] for p in doc["permissions"]],
                         ["projects-read", "secret-groups-list", "secret-groups-read-values", "secret-groups-update"])
        self.assertEqual([p["state"] for p in doc["permissions"]], ["granted", "granted", "granted", "not-checked"])
        for p in doc["permissions"]:
            self.assertTrue(p["name"] and p["reason"])
        doc = run(self, ["preflight", "--json", "--check-write"], env=env, rc=OK).doc["preflight"]
        self.assertEqual(doc["permissions"][3]["state"], "granted")
        self.assertEqual(dev.control("GET", "/__dev/state")["northflankPatches"], 1)
        r = run(self, ["preflight"], env=env, rc=OK)
        self.assertIn("Projects > Manage > Read", r.out)
        self.assertEqual(run(self, ["preflight", "-q"], env=env, rc=OK).out, "passed\n")

    def test_preflight_refuses(self):
        limited = new_northflank_token(["projects:read", "secret-groups:list"])
        token_file = write_file("limited", limited)
        r = run(self, ["preflight", "--json", "--api-token-file", token_file], rc=PREFLIGHT)
        doc = r.doc["preflight"]
        self.assertFalse(doc["passed"])
        self.assertTrue(doc["authenticated"])
        self.assertEqual(doc["permissions"][2]["state"], "denied")
        self.assertEqual(run(self, ["preflight", "-q", "--api-token-file", token_file], rc=PREFLIGHT).out,
                         "refused\n")
        unknown = "nf-" + random_secrets.token_hex(24)
        own_secrets.append(unknown)
        r = run(self, ["preflight", "--json", "--api-token-file", "-"], stdin=unknown, rc=PREFLIGHT)
        self.assertFalse(r.doc["preflight"]["authenticated"])

    def test_preflight_needs_a_token_and_a_working_northflank(self):
        run(self, ["preflight", "--json"], env=base_env(NORTHFLANK_API_TOKEN=None), rc=USAGE)
        queue_fault(path="/v1/", status=503, body='{"error":{"status":503,"message":"down"}}', times=20)
        r = run(self, ["preflight", "--json", "--timeout", "20s"])
        e = self.error(r, "INFISICAL_ESERVER", SERVER)
        self.assertEqual(e["httpStatus"], 503)

    # ---- create ----

    def test_create_token_from_environment_file_and_stdin(self):
        c = self.create("from-env", "--description", "made by the cli test")
        self.assertRegex(c["id"], UUID_RE)
        self.assertEqual((c["name"], c["app"], c["method"], c["version"]), ("from-env", "northflank", "api-token", 1))
        self.assertEqual(c["description"], "made by the cli test")
        self.assertIsNone(c["projectId"])
        self.assertEqual(c["orgId"], dev.env["INFISICAL_DEV_ORG_ID"])
        self.assertTrue(c["credentialsHash"])
        self.assertEqual(set(c), {"id", "name", "description", "app", "method", "projectId", "orgId", "version",
                                  "createdAt", "updatedAt", "credentialsHash", "isPlatformManagedCredentials",
                                  "isAutoRotationEnabled", "gatewayId", "gatewayPoolId", "project"})
        no_env_token = base_env(NORTHFLANK_API_TOKEN=None)
        token_file = write_file("nf-token", dev.northflank_token + "\n")
        self.create("from-file", "--api-token-file", token_file, env=no_env_token)
        r = run(self, ["connection", "create", "--name", "from-stdin", "--api-token-file", "-", "-q"],
                env=no_env_token, stdin=dev.northflank_token, rc=OK)
        self.assertRegex(r.out.strip(), UUID_RE)
        r = run(self, ["connection", "create", "--name", "human"], rc=OK)
        self.assertIn("created human", r.out)
        self.assertEqual(dev.control("GET", "/__dev/state")["appConnections"], 4)

    def test_create_in_a_project(self):
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        c = self.create("in-project", "--project", project)
        self.assertEqual(c["projectId"], project)

    def test_create_refused(self):
        self.create("taken")
        r = run(self, ["connection", "create", "--name", "taken", "--json"])
        e = self.error(r, "INFISICAL_EBADREQUEST", VALIDATION)
        self.assertEqual(e["httpStatus"], 400)
        self.assertTrue(e["requestId"])
        self.assertIn("request id " + e["requestId"], r.err)
        self.assertIn("HTTP 400", r.err)
        # Refused before sending: the library's own check names the field.
        requests = requests_made()
        r = run(self, ["connection", "create", "--name", "Not_A_Slug", "--json"])
        e = self.error(r, "INFISICAL_EINVAL", VALIDATION)
        self.assertEqual(e["issues"][0]["path"], "name")
        self.assertEqual(requests_made(), requests)
        # A token Northflank does not know: Infisical's own check refuses it.
        unknown = "nf-" + random_secrets.token_hex(24)
        own_secrets.append(unknown)
        r = run(self, ["connection", "create", "--name", "bad-token", "--json"],
                env=base_env(NORTHFLANK_API_TOKEN=unknown))
        self.error(r, "INFISICAL_EBADREQUEST", VALIDATION)

    def test_create_with_preflight_refused(self):
        limited = new_northflank_token(["projects:read"])
        r = run(self, ["connection", "create", "--name", "limited", "--preflight", "--json"],
                env=base_env(NORTHFLANK_API_TOKEN=limited))
        e = self.error(r, "INFISICAL_EPREFLIGHT", PREFLIGHT)
        self.assertFalse(e["preflight"]["passed"])
        self.assertEqual(e["preflight"]["permissions"][1]["state"], "denied")
        self.assertIn("preflight:", r.err)
        self.assertEqual(run(self, ["connection", "list", "--json"], rc=OK).doc, {"connections": []})
        c = self.create("checked", "--preflight", "--check-write")
        self.assertEqual(c["name"], "checked")

    def test_create_forbidden_for_a_read_only_identity(self):
        env = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=dev.env["INFISICAL_DEV_READONLY_CLIENT_ID"],
                       INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=dev.env["INFISICAL_DEV_READONLY_CLIENT_SECRET"])
        r = run(self, ["connection", "create", "--name", "nope", "--json"], env=env)
        e = self.error(r, "INFISICAL_EPERMISSION", AUTH)
        self.assertEqual(e["httpStatus"], 403)

    def test_token_file_checks(self):
        env = base_env(NORTHFLANK_API_TOKEN=None)
        shared = write_file("shared-token", dev.northflank_token, mode=0o644)
        r = run(self, ["connection", "create", "--name", "shared", "--api-token-file", shared], env=env, rc=OK)
        self.assertIn("warning", r.err)
        self.assertIn("chmod 600", r.err)
        private = write_file("private-token", dev.northflank_token, mode=0o600)
        r = run(self, ["connection", "create", "--name", "private", "--api-token-file", private], env=env, rc=OK)
        self.assertEqual(r.err, "")
        requests = requests_made()
        for path in (os.path.join(workdir, "missing"), write_file("empty", "\n"), workdir,
                     write_file("huge", "x" * 16385)):
            r = run(self, ["connection", "create", "--name", "x", "--api-token-file", path, "--json"], env=env)
            self.error(r, "usage", USAGE)
        self.assertEqual(requests_made(), requests)

    # ---- get, list, available ----

    def test_get_by_id_and_by_name(self):
        org = self.create("org-level")
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        proj = self.create("project-level", "--project", project)
        self.assertEqual(run(self, ["connection", "get", "--id", org["id"], "--json"], rc=OK).doc["connection"], org)
        self.assertEqual(run(self, ["connection", "get", "--name", "org-level", "--json"], rc=OK).doc["connection"], org)
        got = run(self, ["connection", "get", "--name", "project-level", "--project", project, "--json"], rc=OK)
        self.assertEqual(got.doc["connection"]["id"], proj["id"])
        self.assertEqual(run(self, ["connection", "get", "--name", "org-level", "-q"], rc=OK).out, org["id"] + "\n")
        r = run(self, ["connection", "get", "--id", org["id"]], rc=OK)
        self.assertIn("org-level", r.out)
        self.assertIn(org["credentialsHash"], r.out)
        # A project's connection is not found among the organization's.
        self.error(run(self, ["connection", "get", "--name", "project-level", "--json"]), "INFISICAL_ENOTFOUND",
                   NOT_FOUND)

    def test_get_not_found(self):
        r = run(self, ["connection", "get", "--id", str(uuid.uuid4()), "--json"])
        e = self.error(r, "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.assertEqual((e["code"], e["httpStatus"]), (-12, 404))
        self.assertTrue(e["requestId"])
        self.assertTrue(e["request"].startswith("GET /api/v1/app-connections/northflank/"))
        self.assertIn("HTTP 404", r.err)
        self.assertIn("request id", r.err)
        self.error(run(self, ["connection", "get", "--id", "not-a-uuid", "--json"]), "INFISICAL_EINVAL", VALIDATION)

    def test_list_and_available(self):
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        b = self.create("bravo")
        a = self.create("alpha", "--project", project)
        doc = run(self, ["connection", "list", "--json"], rc=OK).doc
        self.assertEqual([c["name"] for c in doc["connections"]], ["alpha", "bravo"])
        doc = run(self, ["connection", "list", "--project", project, "--json"], rc=OK).doc
        self.assertEqual([c["id"] for c in doc["connections"]], [a["id"]])
        self.assertEqual(run(self, ["connection", "list", "-q"], rc=OK).out, a["id"] + "\n" + b["id"] + "\n")
        r = run(self, ["connection", "list"], rc=OK)
        self.assertRegex(r.out, r"^NAME +ID +SCOPE +VERSION +UPDATED\n")
        self.assertIn("organization", r.out)
        doc = run(self, ["connection", "available", "--json"], rc=OK).doc
        self.assertEqual([c["name"] for c in doc["connections"]], ["bravo"])
        self.assertIsNone(doc["connections"][0]["version"])  # the reduced shape
        doc = run(self, ["connection", "available", "--project", project, "--json"], rc=OK).doc
        self.assertEqual(sorted(c["name"] for c in doc["connections"]), ["alpha", "bravo"])
        self.assertRegex(run(self, ["connection", "available"], rc=OK).out, r"^NAME +ID +SCOPE\n")
        dev.control("POST", "/__dev/reset")
        self.assertEqual(run(self, ["connection", "list"], rc=OK).out, "no connections\n")

    # ---- update, drift, delete ----

    def test_update_name_and_description(self):
        c = self.create("before", "--description", "first")
        r = run(self, ["connection", "update", "--id", c["id"], "--name", "after", "--json"], rc=OK)
        u = r.doc["connection"]
        self.assertEqual((u["name"], u["description"], u["version"]), ("after", "first", 2))
        self.assertEqual(u["credentialsHash"], c["credentialsHash"])
        u = run(self, ["connection", "update", "--id", c["id"], "--description", "second", "--json"],
                rc=OK).doc["connection"]
        self.assertEqual(u["description"], "second")
        u = run(self, ["connection", "update", "--id", c["id"], "--clear-description", "--json"],
                rc=OK).doc["connection"]
        self.assertIsNone(u["description"])
        self.assertIn("updated after", run(self, ["connection", "update", "--id", c["id"], "--description", "x"],
                                           rc=OK).out)
        self.error(run(self, ["connection", "update", "--id", str(uuid.uuid4()), "--name", "x", "--json"]),
                   "INFISICAL_ENOTFOUND", NOT_FOUND)

    def test_rotation_makes_drift_report_a_change(self):
        c = self.create("rotated")
        snapshot = os.path.join(workdir, "rotated.json")
        with open(snapshot, "w") as f:
            f.write(run(self, ["connection", "get", "--name", "rotated", "--json"], rc=OK).out)
        r = run(self, ["connection", "drift", "--from", snapshot, "--json"], rc=OK)
        self.assertEqual(r.doc["drift"]["changed"], False)
        self.assertEqual(run(self, ["connection", "drift", "--id", c["id"], "--hash", c["credentialsHash"], "-q"],
                             rc=OK).out, "unchanged\n")

        new_token = new_northflank_token()
        token_file = write_file("new-token", new_token + "\n")
        r = run(self, ["connection", "update", "--id", c["id"], "--rotate-token", "--api-token-file", token_file,
                       "--preflight", "--json", "-v"], rc=OK)
        rotated = r.doc["connection"]
        self.assertNotEqual(rotated["credentialsHash"], c["credentialsHash"])
        self.assertEqual(rotated["version"], 2)
        self.assertIn("PATCH /api/v1/app-connections/northflank/", r.err)  # the --verbose log

        r = run(self, ["connection", "drift", "--from", snapshot, "--json"], rc=DRIFT)
        d = r.doc["drift"]
        self.assertEqual((d["changed"], d["id"], d["name"], d["version"]), (True, c["id"], "rotated", 2))
        self.assertEqual((d["storedHash"], d["currentHash"]), (c["credentialsHash"], rotated["credentialsHash"]))
        run(self, ["connection", "drift", "--name", "rotated", "--hash", c["credentialsHash"]], rc=DRIFT)
        with open(snapshot) as f:
            self.assertEqual(run(self, ["connection", "drift", "--from", "-", "-q"], stdin=f.read(), rc=DRIFT).out,
                             "changed\n")
        self.assertIn("CHANGED", run(self, ["connection", "drift", "--from", snapshot], rc=DRIFT).out)
        run(self, ["connection", "drift", "--id", c["id"], "--hash", rotated["credentialsHash"]], rc=OK)

    def test_rotation_refused_by_preflight_changes_nothing(self):
        c = self.create("kept")
        limited = new_northflank_token(["projects:read", "secret-groups:list"])
        r = run(self, ["connection", "update", "--id", c["id"], "--rotate-token", "--preflight", "--json"],
                env=base_env(NORTHFLANK_API_TOKEN=limited))
        self.error(r, "INFISICAL_EPREFLIGHT", PREFLIGHT)
        run(self, ["connection", "drift", "--id", c["id"], "--hash", c["credentialsHash"]], rc=OK)

    def test_drift_input_problems(self):
        a = self.create("first")
        b = self.create("second")
        snapshot = os.path.join(workdir, "first.json")
        with open(snapshot, "w") as f:
            f.write(run(self, ["connection", "get", "--id", a["id"], "--json"], rc=OK).out)
        e = self.error(run(self, ["connection", "drift", "--from", snapshot, "--id", b["id"], "--json"]),
                       "INFISICAL_EINVAL", VALIDATION)
        self.assertIn("not " + b["id"], e["message"])
        self.error(run(self, ["connection", "drift", "--from", snapshot, "--name", "second", "--json"]),
                   "INFISICAL_EINVAL", VALIDATION)
        for content in ("not json", "{}", '{"connection": {"id": 1}}'):
            path = write_file("bad.json", content)
            self.error(run(self, ["connection", "drift", "--from", path, "--json"]), "usage", USAGE)
        self.error(run(self, ["connection", "drift", "--id", a["id"], "--hash", "x" * 300, "--json"]),
                   "INFISICAL_EINVAL", VALIDATION)
        self.error(run(self, ["connection", "drift", "--id", str(uuid.uuid4()), "--hash", "ab", "--json"]),
                   "INFISICAL_ENOTFOUND", NOT_FOUND)

    def test_delete(self):
        c = self.create("doomed")
        r = run(self, ["connection", "delete", "--id", c["id"], "--json"], rc=OK)
        self.assertEqual(r.doc["connection"]["id"], c["id"])
        self.error(run(self, ["connection", "get", "--id", c["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.error(run(self, ["connection", "delete", "--id", c["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        c = self.create("doomed-too")
        self.assertEqual(run(self, ["connection", "delete", "--id", c["id"], "-q"], rc=OK).out, c["id"] + "\n")
        c = self.create("doomed-three")
        self.assertIn("deleted doomed-three", run(self, ["connection", "delete", "--id", c["id"]], rc=OK).out)

    # ---- failures of the network and the server ----

    def test_rate_limited(self):
        queue_fault(path="/api/v1/app-connections", status=429, headers={"Retry-After": "120"},
                    body='{"statusCode":429,"error":"TooManyRequests","message":"Rate limit exceeded"}', times=10)
        r = run(self, ["connection", "list", "--json"])
        e = self.error(r, "INFISICAL_ERATELIMIT", RATE_LIMIT)
        self.assertEqual((e["httpStatus"], e["retryAfterMs"]), (429, 120000))
        self.assertIn("wait 120000 ms", r.err)

    def test_server_errors(self):
        queue_fault(path="/api/v1/app-connections", status=503,
                    body='{"statusCode":503,"error":"ServiceUnavailable","message":"down for a moment"}', times=10)
        e = self.error(run(self, ["connection", "list", "--json"]), "INFISICAL_ESERVER", SERVER)
        self.assertEqual(e["httpStatus"], 503)
        self.assertTrue(e["retryable"])
        self.assertGreaterEqual(e["attempts"], 2)
        dev.control("DELETE", "/__dev/faults")
        queue_fault(path="/api/v1/app-connections", invalidJson=True)
        self.error(run(self, ["connection", "list", "--json"]), "INFISICAL_EPROTOCOL", SERVER)

    def test_network_errors(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        env = base_env(INFISICAL_API_URL="http://127.0.0.1:%d" % closed_port)
        self.error(run(self, ["options", "--json", "--timeout", "10s"], env=env), "INFISICAL_ENETWORK", NETWORK)
        queue_fault(path="/api/v1/app-connections", drop=True, times=20)
        r = run(self, ["connection", "list", "--json", "--timeout", "10s"])
        self.assertEqual(r.rc, NETWORK, r)

    def test_timeout(self):
        queue_fault(path="/api/v1/app-connections", delayMs=5000, times=5)
        start = time.monotonic()
        r = run(self, ["connection", "list", "--json", "--timeout", "500ms"])
        self.assertLess(time.monotonic() - start, 4.0)
        self.error(r, "INFISICAL_ETIMEOUT", NETWORK)

    def test_interrupt_cancels_the_call_in_flight(self):
        for sig, status in ((signal.SIGINT, INTERRUPTED), (signal.SIGTERM, 128 + signal.SIGTERM)):
            dev.control("POST", "/__dev/reset")
            queue_fault(path="/api/v1/app-connections", delayMs=20000)
            proc = subprocess.Popen([TOOL, "connection", "list", "--json"], env=base_env(), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            # Wait until the request is at the server (the login came first).
            deadline = time.monotonic() + 10
            while dev.control("GET", "/__dev/state")["faultsQueued"] and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.2)
            sent = time.monotonic()
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=10)
            self.assertLess(time.monotonic() - sent, 2.0, "the call is cancelled promptly")
            r = Result(["connection", "list", "--json"], proc.returncode, out, err)
            check_output(self, r)
            e = self.error(r, "INFISICAL_ECANCELLED", status)
            self.assertEqual(e["exitCode"], status)

    # ---- what must never leak, what must always warn ----

    def test_secrets_echoed_by_a_careless_server_never_reach_the_output(self):
        dev.control("POST", "/__dev/settings", {"echoSecrets": True})
        unknown = "nf-" + random_secrets.token_hex(24)
        own_secrets.append(unknown)
        env = base_env(NORTHFLANK_API_TOKEN=unknown)
        # Each run's output is searched for every secret by run() itself.
        r = run(self, ["connection", "create", "--name", "echoed", "-vv", "--json"], env=env)
        self.assertEqual(r.rc, VALIDATION, r)
        self.assertIn("REDACTED", r.out + r.err)
        run(self, ["connection", "get", "--id", str(uuid.uuid4()), "-vv", "--json"], rc=NOT_FOUND)
        run(self, ["preflight", "-vv", "--json"], env=env, rc=PREFLIGHT)
        wrong = "f" * 64
        own_secrets.append(wrong)
        run(self, ["login", "-vv"], env=base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=wrong), rc=AUTH)

    def test_whole_lifecycle_at_full_verbosity_shows_no_secret(self):
        # run() searches each run's stdout and stderr for every secret; here every
        # command runs with -vv, the most the library logs, in both output forms.
        for form in ([], ["--json"]):
            dev.control("POST", "/__dev/reset")  # which forgets added Northflank tokens: add one each time
            token_file = write_file("lifecycle-token", new_northflank_token())
            run(self, ["login", "-vv"] + form, rc=OK)
            run(self, ["options", "-vv"] + form, rc=OK)
            run(self, ["preflight", "-vv", "--check-write"] + form, rc=OK)
            run(self, ["connection", "create", "--name", "loud", "--preflight", "-vv"] + form, rc=OK)
            cid = run(self, ["connection", "get", "--name", "loud", "-q"], rc=OK).out.strip()
            run(self, ["connection", "get", "--id", cid, "-vv"] + form, rc=OK)
            run(self, ["connection", "list", "-vv"] + form, rc=OK)
            run(self, ["connection", "available", "-vv"] + form, rc=OK)
            run(self, ["connection", "update", "--id", cid, "--rotate-token", "--api-token-file", token_file,
                       "--preflight", "-vv"] + form, rc=OK)
            run(self, ["connection", "drift", "--id", cid, "--hash", "stale-hash", "-vv"] + form, rc=DRIFT)
            run(self, ["connection", "delete", "--id", cid, "-vv"] + form, rc=OK)
            run(self, ["connection", "get", "--id", cid, "-vv"] + form, rc=NOT_FOUND)

    def test_verbose_logs_requests_without_secrets(self):
        c = self.create("logged")
        r = run(self, ["connection", "get", "--id", c["id"], "-v"], rc=OK)
        self.assertIn("libinfisical info: POST /api/v1/auth/universal-auth/login -> 200", r.err)
        self.assertIn("libinfisical info: GET /api/v1/app-connections/northflank/" + c["id"] + " -> 200", r.err)
        self.assertNotIn("libinfisical", run(self, ["connection", "get", "--id", c["id"]], rc=OK).err)

    def test_insecure_warns_loudly(self):
        for extra in ([], ["-q"]):
            r = run(self, ["--insecure", "options"] + extra, rc=OK)
            self.assertIn("warning: --insecure", r.err)
            self.assertIn("NOT verified", r.err)

    def test_colour_only_on_a_terminal(self):
        self.create("coloured")

        def on_pty(env):
            master, slave = pty.openpty()
            proc = subprocess.Popen([TOOL, "connection", "list"], env=env, stdout=slave, stderr=subprocess.PIPE)
            os.close(slave)
            chunks = []
            while True:
                ready, _, _ = select.select([master], [], [], 10)
                if not ready:
                    break
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the other end closed
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            os.close(master)
            proc.wait(timeout=10)
            self.assertEqual(proc.returncode, OK)
            text = b"".join(chunks).decode()
            for secret in all_secrets():
                self.assertFalse(secret in text, "a secret appears on the terminal")
            return text

        self.assertIn("\x1b[1m", on_pty(base_env(TERM="xterm")))
        self.assertNotIn("\x1b", on_pty(base_env(TERM="xterm", NO_COLOR="1")))
        self.assertNotIn("\x1b", on_pty(base_env(TERM="dumb")))

    def test_server_text_cannot_steer_the_terminal(self):
        c = self.create("escaped", "--description", "line\x1b[31mred")
        self.assertEqual(run(self, ["connection", "get", "--id", c["id"], "--json"], rc=OK).doc["connection"]
                         ["description"], "line\x1b[31mred")
        self.assertIn("line?[31mred", run(self, ["connection", "get", "--id", c["id"]], rc=OK).out)

    # ---- every command's JSON, at a glance ----

    def test_every_command_prints_one_document(self):
        c = self.create("documented")
        snapshot = write_file("doc.json", json.dumps({"connection": c}))
        expected = [
            (["login"], "login", OK), (["options"], "options", OK), (["preflight"], "preflight", OK),
            (["connection", "get", "--id", c["id"]], "connection", OK),
            (["connection", "list"], "connections", OK), (["connection", "available"], "connections", OK),
            (["connection", "update", "--id", c["id"], "--description", "d"], "connection", OK),
            (["connection", "drift", "--from", snapshot], "drift", OK),
            (["connection", "delete", "--id", c["id"]], "connection", OK),
            (["connection", "delete", "--id", c["id"]], "error", NOT_FOUND),
            (["connection", "bogus"], "error", USAGE),
            (["--version"], "version", OK),
        ]
        for args, key, status in expected:
            r = run(self, args + ["--json"], rc=status)
            self.assertEqual(list(r.doc), [key], r)

    # ---- the man page and the completion ----

    def test_man_page(self):
        with open(MANPAGE) as f:
            page = f.read()
        help_text = run(self, ["--help"], rc=OK).out
        help_codes = re.findall(r"^ +(\d+)  ", help_text.split("Exit status:")[1], re.M)
        man_codes = re.findall(r"^\.B (\d+)$", page.split(".SH EXIT STATUS")[1].split(".SH")[0], re.M)
        self.assertEqual(help_codes, man_codes, "the man page and --help list the same exit statuses")
        self.assertEqual(help_codes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "130"])
        for word in ("login", "options", "preflight", "connection create", "connection get", "connection list",
                     "connection available", "connection update", "connection delete", "connection drift"):
            self.assertIn(".B " + word, page)
        if not shutil.which("groff"):
            self.skipTest("groff is not installed: the page was not rendered")
        proc = subprocess.run(["groff", "-man", "-ww", "-z", MANPAGE], capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""), "groff warns about the man page")

    def test_bash_completion(self):
        if not shutil.which("bash"):
            self.skipTest("bash is not installed")
        self.assertEqual(subprocess.run(["bash", "-n", COMPLETION]).returncode, 0)

        def complete(line):
            script = ('source "$1"; read -ra COMP_WORDS <<< "$2"; [[ $2 == *" " ]] && COMP_WORDS+=("");'
                      'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _infisical_northflank; printf "%s\\n" "${COMPREPLY[@]}"')
            proc = subprocess.run(["bash", "-c", script, "_", COMPLETION, line], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return [w for w in proc.stdout.split("\n") if w]

        self.assertEqual(complete("infisical-northflank "), ["login", "options", "preflight", "connection", "help"])
        self.assertEqual(complete("infisical-northflank --json connection up"), ["update"])
        self.assertIn("--rotate-token", complete("infisical-northflank connection update --id x --"))
        self.assertNotIn("--hash", complete("infisical-northflank connection update --id x --"))
        self.assertEqual(complete("infisical-northflank --timeout 3 connection dr"), ["drift"])
        self.assertEqual(complete("infisical-northflank connection create --name "), [])
        self.assertIn("-", complete("infisical-northflank preflight --api-token-file "))
        # Every option the completion offers is one the tool accepts.
        for sub in ("create", "get", "list", "available", "update", "delete", "drift"):
            for option in complete("infisical-northflank connection %s --" % sub):
                help_text = run(self, ["connection", sub, "--help"], rc=OK).out
                self.assertIn(option, help_text, "connection %s completes %s" % (sub, option))


if __name__ == "__main__":
    devserver_helpers.run_tests()
