"""infisical-northflank against a devserver of its own.

Connections, and the secret syncs that use them: each sync command is run
against the devserver's jobs, and what they write is read back from its
Northflank stand-in and its source secrets.

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
import urllib.request
import uuid

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bindings"))
import devserver as devserver_helpers  # noqa: E402  (the bindings tests' devserver helper)

TOOL, DEVSERVER, MANPAGE, COMPLETION = devserver_helpers.arguments("TOOL", "DEVSERVER", "MANPAGE", "COMPLETION")

# The tool's exit statuses (cli.h, --help, the man page).
OK, GENERAL, USAGE, AUTH, NOT_FOUND, VALIDATION, RATE_LIMIT, NETWORK, SERVER, PREFLIGHT, DRIFT, JOB_FAILED, BUSY = \
    range(13)
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


def run_on_pty(test, args, env=None, tty=("stdout",), timeout=30):
    """Run the tool with the streams named in tty ("stdout", "stderr") on a
    terminal and the others piped. The Result's out and err hold what each
    stream showed (what the terminal showed goes to the first of them on it)."""
    global runs
    runs += 1
    master, slave = pty.openpty()
    proc = subprocess.Popen([TOOL] + args, env=env or base_env(),
                            stdout=slave if "stdout" in tty else subprocess.PIPE,
                            stderr=slave if "stderr" in tty else subprocess.PIPE)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    out, err = proc.communicate(timeout=timeout)
    shown = b"".join(chunks).decode()
    out = shown if "stdout" in tty else out.decode()
    err = (shown if "stdout" not in tty else "") if "stderr" in tty else err.decode()
    result = Result(args, proc.returncode, out, err)
    for secret in all_secrets():
        test.assertFalse(secret in out + err, "a secret appears in the output of %r" % (args,))
    return result


# ---- secret syncs: the source, the destination, the jobs ----

PROJECT_NF, GROUP_NF = "proj-0001", "group-0001"  # the stand-in's seeded project and group
SYNC_KEYS = ["id", "name", "description", "destination", "projectId", "connectionId", "connection", "environment",
             "folder", "isAutoSyncEnabled", "version", "createdAt", "updatedAt", "syncOptions", "destinationConfig",
             "jobs"]
JOB_KEYS = ["status", "jobId", "message", "succeededAt"]
SYNC_COMMANDS = ["create", "get", "list", "update", "delete", "trigger", "import", "remove"]


def seed_source(secrets, environment="dev", path="/app", queue_auto_syncs=True, secret=True):
    """Give a source folder these secrets; their values join the secrets no output may show
    (secret=False for plain words such as "debug", which a -vv log may well contain)."""
    if secret:
        own_secrets.extend(secrets.values())
    return dev.control("POST", "/__dev/secrets", {"environment": environment, "secretPath": path,
                                                  "secrets": secrets, "queueAutoSyncs": queue_auto_syncs})


def source_secrets(environment="dev", path="/app"):
    return dev.control("GET", "/__dev/secrets?environment=%s&secretPath=%s" % (environment, path))["secrets"]


def group_variables(project=PROJECT_NF, group=GROUP_NF):
    """The secret group's variables, read from the stand-in as Northflank would answer."""
    req = urllib.request.Request("%s/v1/projects/%s/secrets/%s/details" % (dev.url, project, group),
                                 headers={"Authorization": "Bearer " + dev.northflank_token})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(req, timeout=10) as reply:
        return json.loads(reply.read())["data"]["secrets"]["variables"]


def jobs_idle(timeout=20):
    """Wait until the devserver's job queue is empty."""
    deadline = time.monotonic() + timeout
    while dev.control("GET", "/__dev/state")["syncJobs"]["active"] and time.monotonic() < deadline:
        time.sleep(0.05)


def settings(**values):
    dev.control("POST", "/__dev/settings", values)


def job_fault(**fault):
    dev.control("POST", "/__dev/northflank/job-faults", fault)


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
            ["connection", c] for c in ("create", "get", "list", "available", "update", "delete", "drift")] + [
            ["sync"]] + [["sync", c] for c in SYNC_COMMANDS]
        requests = requests_made()
        for words in commands:
            for form in (words + ["--help"], ["-h"] + words, ["help"] + words):
                r = run(self, form, rc=OK, env=base_env(INFISICAL_API_URL=None))
                self.assertTrue(r.out.startswith("Usage: infisical-northflank " + " ".join(words)), r)
                for code in ("  2  usage", "  9  preflight", " 10  drift", " 11  job failed", " 12  busy",
                             "130  interrupted"):
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
            r = run_on_pty(self, ["connection", "list"], env=env)
            self.assertEqual(r.rc, OK, r)
            return r.out

        self.assertIn("\x1b[1m", on_pty(base_env(TERM="xterm")))
        self.assertNotIn("\x1b", on_pty(base_env(TERM="xterm", NO_COLOR="1")))
        self.assertNotIn("\x1b", on_pty(base_env(TERM="dumb")))

    def test_server_text_cannot_steer_the_terminal(self):
        c = self.create("escaped", "--description", "line\x1b[31mred")
        self.assertEqual(run(self, ["connection", "get", "--id", c["id"], "--json"], rc=OK).doc["connection"]
                         ["description"], "line\x1b[31mred")
        self.assertIn("line?[31mred", run(self, ["connection", "get", "--id", c["id"]], rc=OK).out)

    # ---- secret syncs ----

    def sync_args(self, name, connection, *extra, schema="INFISICAL_{{secretKey}}", auto=False, by_name=False):
        """sync create of a sync from dev:/app to the stand-in's group-0001, through the
        connection of that id (or by_name: that name)."""
        args = ["sync", "create", "--name", name, "--project", dev.env["INFISICAL_DEV_PROJECT_ID"],
                "--connection-name" if by_name else "--connection", connection, "--environment", "dev", "--path", "/app",
                "--destination-project", PROJECT_NF, "--destination-group", GROUP_NF]
        if schema:
            args += ["--key-schema", schema]
        if not auto:
            args.append("--no-auto-sync")
        return args + list(extra)

    def make_sync(self, name, *extra, schema="INFISICAL_{{secretKey}}", auto=False, connection=None):
        """A sync from dev:/app to the stand-in's group-0001 (auto-sync off unless asked)."""
        connection = connection or self.create("nf-" + name)["id"]
        r = run(self, self.sync_args(name, connection, *extra, schema=schema, auto=auto) + ["--json"], rc=OK)
        self.check_sync_shape(r.doc["sync"])
        return r.doc["sync"]

    def check_sync_shape(self, s):
        self.assertEqual(list(s), SYNC_KEYS)
        for key, keys in (("connection", ["name", "app"]), ("environment", ["slug", "name", "id"]),
                          ("folder", ["id", "path"]),
                          ("syncOptions", ["initialSyncBehavior", "keySchema", "disableSecretDeletion"]),
                          ("destinationConfig", ["projectId", "projectName", "secretGroupId", "secretGroupName"]),
                          ("jobs", ["sync", "import", "remove"])):
            if s[key] is not None:
                self.assertEqual(list(s[key]), keys, key)
        for job in s["jobs"].values():
            self.assertEqual(list(job), JOB_KEYS)
            self.assertIn(job["status"], (None, "pending", "running", "succeeded", "failed"))

    def sync_doc(self, args, rc=OK):
        r = run(self, args + ["--json"], rc=rc)
        if rc == OK:
            self.check_sync_shape(r.doc["sync"])
            return r.doc["sync"]
        return r

    def test_sync_lifecycle(self):
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        seed_source({"DB_URL": "postgres://" + random_secrets.token_hex(8), "API_KEY": random_secrets.token_hex(12)})
        conn = self.create("sync-target")
        s = self.make_sync("app-to-northflank", "--description", "made by the cli test",
                           "--destination-project-name", "Project 0001", connection=conn["id"])
        self.assertRegex(s["id"], UUID_RE)
        self.assertEqual((s["name"], s["description"], s["destination"], s["projectId"], s["connectionId"]),
                         ("app-to-northflank", "made by the cli test", "northflank", project, conn["id"]))
        self.assertEqual(s["connection"], {"name": "sync-target", "app": "northflank"})
        self.assertEqual((s["environment"]["slug"], s["environment"]["name"]), ("dev", "Development"))
        self.assertEqual(s["folder"]["path"], "/app")
        self.assertEqual((s["isAutoSyncEnabled"], s["version"]), (False, 1))
        self.assertEqual(s["syncOptions"], {"initialSyncBehavior": "overwrite-destination",
                                            "keySchema": "INFISICAL_{{secretKey}}", "disableSecretDeletion": None})
        self.assertEqual(s["destinationConfig"], {"projectId": PROJECT_NF, "projectName": "Project 0001",
                                                  "secretGroupId": GROUP_NF, "secretGroupName": None})
        never = {"status": None, "jobId": None, "message": None, "succeededAt": None}
        self.assertEqual(s["jobs"], {"sync": never, "import": never, "remove": never})

        # get by id and by name, list in every form
        self.assertEqual(self.sync_doc(["sync", "get", "--id", s["id"]]), s)
        self.assertEqual(self.sync_doc(["sync", "get", "--name", "app-to-northflank", "--project", project]), s)
        self.assertEqual(run(self, ["sync", "get", "--name", "app-to-northflank", "--project", project, "-q"],
                             rc=OK).out, s["id"] + "\n")
        doc = run(self, ["sync", "list", "--project", project, "--json"], rc=OK).doc
        self.assertEqual(doc, {"syncs": [s]})
        self.assertEqual(run(self, ["sync", "list", "--project", project, "-q"], rc=OK).out, s["id"] + "\n")
        r = run(self, ["sync", "list", "--project", project], rc=OK)
        self.assertRegex(r.out, r"^NAME +ID +SOURCE +DESTINATION +AUTO-SYNC +LAST SYNC\n")
        self.assertIn("dev:/app", r.out)
        self.assertIn("proj-0001/group-0001", r.out)
        r = run(self, ["sync", "get", "--id", s["id"]], rc=OK)
        for text in ("app-to-northflank", "dev:/app", "proj-0001 (Project 0001)", "sync-target",
                     "INFISICAL_{{secretKey}}", "JOB", "STATUS", "SUCCEEDED AT"):
            self.assertIn(text, r.out)

        # trigger --wait: the secrets land under the key schema, the group's own keys stay
        done = self.sync_doc(["sync", "trigger", "--id", s["id"], "--wait"])
        job = done["jobs"]["sync"]
        self.assertEqual(job["status"], "succeeded")
        self.assertRegex(job["jobId"], UUID_RE)
        self.assertIsNone(job["message"])
        self.assertTrue(job["succeededAt"])
        variables = group_variables()
        self.assertEqual(set(variables), {"INFISICAL_DB_URL", "INFISICAL_API_KEY", "GROUP_ID", "LOG_LEVEL"})
        self.assertEqual(variables["INFISICAL_DB_URL"], source_secrets()["DB_URL"])
        # Without --wait the job is queued; a second --wait is another job.
        queued = self.sync_doc(["sync", "trigger", "--id", s["id"]])
        self.assertEqual(queued["jobs"]["sync"]["status"], "pending")
        jobs_idle()
        again = self.sync_doc(["sync", "trigger", "--id", s["id"], "--wait"])
        self.assertNotEqual(again["jobs"]["sync"]["jobId"], job["jobId"])
        self.assertIn("the sync job of app-to-northflank succeeded",
                      run(self, ["sync", "trigger", "--id", s["id"], "--wait"], rc=OK).out)
        self.assertEqual(run(self, ["sync", "trigger", "--id", s["id"], "--wait", "-q"], rc=OK).out, s["id"] + "\n")

        # A plain delete is at once; the secrets stay in Northflank.
        deleted = self.sync_doc(["sync", "delete", "--id", s["id"]])
        self.assertEqual(deleted["id"], s["id"])
        self.error(run(self, ["sync", "get", "--id", s["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.error(run(self, ["sync", "delete", "--id", s["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.assertIn("INFISICAL_DB_URL", group_variables())
        self.assertEqual(run(self, ["sync", "list", "--project", project], rc=OK).out, "no syncs\n")

    def test_sync_create_wait_for_the_first_auto_sync(self):
        seed_source({"TOKEN_A": random_secrets.token_hex(12)})
        self.create("by-name")
        r = run(self, self.sync_args("auto", "by-name", "--wait", auto=True, by_name=True), rc=OK)
        self.assertIn("created sync auto; its first sync succeeded", r.out)
        self.assertIn("succeeded", r.out)
        self.assertIn("INFISICAL_TOKEN_A", group_variables())
        s = self.sync_doc(["sync", "get", "--name", "auto", "--project", dev.env["INFISICAL_DEV_PROJECT_ID"]])
        self.assertTrue(s["isAutoSyncEnabled"])
        self.assertEqual(s["connection"]["name"], "by-name")
        # With --json too: the document is the sync after its first job.
        dev.control("POST", "/__dev/reset")
        seed_source({"TOKEN_B": random_secrets.token_hex(12)})
        conn = self.create("json-wait")
        s = self.sync_doc(self.sync_args("auto-json", conn["id"], "--wait", auto=True))
        self.assertEqual(s["jobs"]["sync"]["status"], "succeeded")
        self.assertIn("INFISICAL_TOKEN_B", group_variables())
        # A first sync that fails: exit 11, and the sync exists (the error names it).
        job_fault(op="write", status=503, message="Northflank is down", times=5)
        r = run(self, self.sync_args("auto-failing", conn["id"], "--wait", schema="F_{{secretKey}}", auto=True)
                + ["--json"])
        e = self.error(r, "INFISICAL_EJOBFAILED", JOB_FAILED)
        self.assertIn("Northflank is down", e["message"])
        failing = self.sync_doc(["sync", "get", "--name", "auto-failing", "--project",
                                 dev.env["INFISICAL_DEV_PROJECT_ID"]])
        self.assertIn(failing["id"], e["message"])
        self.assertEqual(failing["jobs"]["sync"]["status"], "failed")

    def test_sync_connection_by_name(self):
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        seed_source({"K": random_secrets.token_hex(8)})
        org = self.create("shared-name")
        s = self.sync_doc(self.sync_args("by-name", "shared-name", by_name=True))
        self.assertEqual(s["connectionId"], org["id"])
        # Unknown, or the same name in the organization and the project: refused.
        e = self.error(run(self, self.sync_args("other", "nobody", "--json", by_name=True)), "INFISICAL_ENOTFOUND",
                       NOT_FOUND)
        self.assertIn("no Northflank connection named 'nobody'", e["message"])
        self.create("shared-name", "--project", project)
        e = self.error(run(self, self.sync_args("ambiguous", "shared-name", "--json", by_name=True)),
                       "INFISICAL_EINVAL", VALIDATION)
        self.assertIn("2 connections named 'shared-name'", e["message"])
        # update: by id, or by a name among what the sync's project may use.
        proj = self.create("project-only", "--project", project)
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--connection-name", "project-only"])
        self.assertEqual(u["connectionId"], proj["id"])
        self.assertEqual(u["connection"]["name"], "project-only")
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--connection", org["id"]])
        self.assertEqual(u["connectionId"], org["id"])
        self.error(run(self, ["sync", "update", "--id", s["id"], "--connection-name", "shared-name", "--json"]),
                   "INFISICAL_EINVAL", VALIDATION)

    def test_sync_update_keeps_what_it_does_not_change(self):
        seed_source({"K": random_secrets.token_hex(8)})
        seed_source({"OTHER": random_secrets.token_hex(8)}, environment="staging", path="/api")
        s = self.make_sync("options-kept", "--initial-behavior", "import-prioritize-source",
                           schema="NF_{{secretKey}}")
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--disable-secret-deletion"])
        self.assertEqual(u["syncOptions"], {"initialSyncBehavior": "import-prioritize-source",
                                            "keySchema": "NF_{{secretKey}}", "disableSecretDeletion": True})
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--clear-key-schema", "--description", "by CI"])
        self.assertEqual(u["syncOptions"], {"initialSyncBehavior": "import-prioritize-source", "keySchema": None,
                                            "disableSecretDeletion": True})
        self.assertEqual(u["description"], "by CI")
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--disable-secret-deletion", "off",
                           "--initial-behavior", "overwrite-destination", "--key-schema", "X_{{secretKey}}"])
        self.assertEqual(u["syncOptions"], {"initialSyncBehavior": "overwrite-destination",
                                            "keySchema": "X_{{secretKey}}", "disableSecretDeletion": False})
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--clear-description", "--name", "renamed"])
        self.assertEqual((u["name"], u["description"]), ("renamed", None))
        self.assertEqual(u["syncOptions"]["keySchema"], "X_{{secretKey}}")
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--environment", "staging", "--path", "/api/"])
        self.assertEqual((u["environment"]["slug"], u["folder"]["path"]), ("staging", "/api"))
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--destination-project", "proj-0002",
                           "--destination-group", "group-0003", "--destination-group-name", "Secret Group 0003"])
        self.assertEqual(u["destinationConfig"], {"projectId": "proj-0002", "projectName": None,
                                                  "secretGroupId": "group-0003",
                                                  "secretGroupName": "Secret Group 0003"})
        self.assertEqual(u["syncOptions"]["keySchema"], "X_{{secretKey}}")
        # Auto-sync on: the server queues a sync after the update.
        queued = dev.control("GET", "/__dev/state")["syncJobs"]["queued"]
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--auto-sync", "on"])
        self.assertTrue(u["isAutoSyncEnabled"])
        self.assertEqual(dev.control("GET", "/__dev/state")["syncJobs"]["queued"], queued + 1)
        jobs_idle()
        self.assertIn("X_OTHER", group_variables("proj-0002", "group-0003"))
        u = self.sync_doc(["sync", "update", "--id", s["id"], "--auto-sync", "off"])
        self.assertFalse(u["isAutoSyncEnabled"])
        self.assertIn("updated sync renamed", run(self, ["sync", "update", "--id", s["id"], "--description", "x"],
                                                  rc=OK).out)
        self.assertEqual(run(self, ["sync", "update", "--id", s["id"], "--description", "y", "-q"], rc=OK).out,
                         s["id"] + "\n")
        self.error(run(self, ["sync", "update", "--id", str(uuid.uuid4()), "--name", "x", "--json"]),
                   "INFISICAL_ENOTFOUND", NOT_FOUND)
        # Refused before sending: the library names the field.
        requests = requests_made()
        e = self.error(run(self, ["sync", "update", "--id", s["id"], "--key-schema", "NO_PLACEHOLDER", "--json"]),
                       "INFISICAL_EINVAL", VALIDATION)
        self.assertEqual(e["issues"][0]["path"], "syncOptions.keySchema")
        self.assertEqual(requests_made(), requests)

    def test_sync_import_both_ways(self):
        seed_source({"LOG_LEVEL": "debug"}, secret=False)
        s = self.make_sync("importer", schema=None)
        # The group holds GROUP_ID and LOG_LEVEL=info.
        done = self.sync_doc(["sync", "import", "--id", s["id"], "--prioritize", "source", "--wait"])
        self.assertEqual(done["jobs"]["import"]["status"], "succeeded")
        self.assertTrue(done["jobs"]["import"]["succeededAt"])
        self.assertIsNone(done["jobs"]["sync"]["status"])
        self.assertEqual(source_secrets(), {"LOG_LEVEL": "debug", "GROUP_ID": "group-0001"})
        r = run(self, ["sync", "import", "--id", s["id"], "--prioritize", "destination", "--wait"], rc=OK)
        self.assertIn("the import job of importer succeeded (Northflank's values won)", r.out)
        self.assertEqual(source_secrets()["LOG_LEVEL"], "info")
        queued = self.sync_doc(["sync", "import", "--id", s["id"], "--prioritize", "source"])
        self.assertEqual(queued["jobs"]["import"]["status"], "pending")
        jobs_idle()

    def test_sync_remove_and_delete_with_removal(self):
        seed_source({"DB_URL": random_secrets.token_hex(10), "API_KEY": random_secrets.token_hex(10)})
        s = self.make_sync("leaving", schema="X_{{secretKey}}")
        self.sync_doc(["sync", "trigger", "--id", s["id"], "--wait"])
        self.assertIn("X_DB_URL", group_variables())
        removed = self.sync_doc(["sync", "remove", "--id", s["id"], "--wait"])
        self.assertEqual(removed["jobs"]["remove"]["status"], "succeeded")
        self.assertEqual(set(group_variables()), {"GROUP_ID", "LOG_LEVEL"})
        self.sync_doc(["sync", "get", "--id", s["id"]])  # the sync stays
        self.assertIn("the removal job of leaving succeeded",
                      run(self, ["sync", "remove", "--id", s["id"], "--wait"], rc=OK).out)
        # delete --remove-secrets --wait: the secrets leave Northflank, then the sync goes.
        self.sync_doc(["sync", "trigger", "--id", s["id"], "--wait"])
        self.assertIn("X_API_KEY", group_variables())
        last = self.sync_doc(["sync", "delete", "--id", s["id"], "--remove-secrets", "--wait"])
        self.assertEqual(last["id"], s["id"])
        self.error(run(self, ["sync", "get", "--id", s["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.assertEqual(set(group_variables()), {"GROUP_ID", "LOG_LEVEL"})
        # Without --wait the removal is queued and the sync goes when it succeeds.
        t = self.make_sync("leaving-later", schema="Y_{{secretKey}}")
        self.sync_doc(["sync", "trigger", "--id", t["id"], "--wait"])
        r = run(self, ["sync", "delete", "--id", t["id"], "--remove-secrets"], rc=OK)
        self.assertIn("queued the removal of the secrets of leaving-later", r.out)
        jobs_idle()
        self.error(run(self, ["sync", "get", "--id", t["id"], "--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
        self.assertNotIn("Y_DB_URL", group_variables())
        u = self.make_sync("leaving-quietly")
        self.assertEqual(run(self, ["sync", "delete", "--id", u["id"], "-q"], rc=OK).out, u["id"] + "\n")

    def test_sync_job_failed(self):
        seed_source({"K": random_secrets.token_hex(8)})
        s = self.make_sync("doomed")
        job_fault(op="write", status=503, message="Northflank is down", times=5)
        r = run(self, ["sync", "trigger", "--id", s["id"], "--wait", "--json"])
        e = self.error(r, "INFISICAL_EJOBFAILED", JOB_FAILED)
        self.assertIn("Failed to update Northflank secrets", e["message"])
        self.assertIn("Northflank is down", e["message"])
        self.assertFalse(e["retryable"])
        self.assertIn("Northflank is down", r.err)
        final = self.sync_doc(["sync", "get", "--id", s["id"]])["jobs"]["sync"]
        self.assertEqual(final["status"], "failed")
        self.assertIn("Northflank is down", final["message"])
        self.assertIn(final["jobId"], e["message"])
        self.assertIsNone(final["succeededAt"])
        self.assertIn("Northflank is down", run(self, ["sync", "get", "--id", s["id"]], rc=OK).out)
        job_fault(op="write", status=503, message="Northflank is down", times=5)
        r = run(self, ["sync", "trigger", "--id", s["id"], "--wait"], rc=JOB_FAILED)
        self.assertEqual(r.out, "")
        self.assertIn("status: INFISICAL_EJOBFAILED", r.err)
        # A removal that fails keeps the sync.
        job_fault(op="read", status=403, message="Insufficient permissions: secret-groups:read-values")
        e = self.error(run(self, ["sync", "delete", "--id", s["id"], "--remove-secrets", "--wait", "--json"]),
                       "INFISICAL_EJOBFAILED", JOB_FAILED)
        self.assertIn("removal job", e["message"])
        self.sync_doc(["sync", "get", "--id", s["id"]])
        # Retries ride out a shorter outage.
        job_fault(op="read", status=500, times=2)
        self.sync_doc(["sync", "trigger", "--id", s["id"], "--wait"])

    def test_sync_busy(self):
        seed_source({"K": random_secrets.token_hex(8)})
        s = self.make_sync("busy")
        settings(syncJobDelayMs=3000)
        self.sync_doc(["sync", "trigger", "--id", s["id"]])
        queued = dev.control("GET", "/__dev/state")["syncJobs"]["queued"]
        for args in (["sync", "trigger", "--id", s["id"]], ["sync", "trigger", "--id", s["id"], "--wait"],
                     ["sync", "import", "--id", s["id"], "--prioritize", "source"],
                     ["sync", "remove", "--id", s["id"], "--wait"],
                     ["sync", "delete", "--id", s["id"], "--remove-secrets"]):
            r = run(self, args + ["--json"])
            e = self.error(r, "INFISICAL_EBUSY", BUSY)
            self.assertEqual(e["httpStatus"], 400)
            self.assertTrue(e["retryable"])
            self.assertIn("already in progress", e["message"])
        r = run(self, ["sync", "trigger", "--id", s["id"]], rc=BUSY)
        self.assertIn("status: INFISICAL_EBUSY", r.err)
        self.assertEqual(dev.control("GET", "/__dev/state")["syncJobs"]["queued"], queued, "nothing was queued")
        self.sync_doc(["sync", "get", "--id", s["id"]])  # the sync is still there

    def test_sync_wait_times_out(self):
        seed_source({"K": random_secrets.token_hex(8)})
        s = self.make_sync("slow")
        settings(syncJobDelayMs=4000)
        start = time.monotonic()
        r = run(self, ["sync", "trigger", "--id", s["id"], "--wait", "--timeout", "600ms", "--json"])
        self.assertLess(time.monotonic() - start, 3.0)
        e = self.error(r, "INFISICAL_ETIMEOUT", NETWORK)
        self.assertIn("deadline passed before the sync job", e["message"])
        # The job goes on: the lock refuses another, and on a terminal the tool's own wait times out alike.
        self.error(run(self, ["sync", "trigger", "--id", s["id"], "--json"]), "INFISICAL_EBUSY", BUSY)
        jobs_idle()
        start = time.monotonic()
        r = run_on_pty(self, ["sync", "trigger", "--id", s["id"], "--wait", "--timeout", "600ms"],
                       env=base_env(NO_COLOR="1"), tty=("stderr",))
        self.assertLess(time.monotonic() - start, 3.0)
        self.assertEqual(r.rc, NETWORK, r)
        self.assertIn("\rsync job: pending", r.err)
        self.assertIn("deadline passed before the sync job", r.err)
        self.assertIn("status: INFISICAL_ETIMEOUT", r.err)
        self.assertEqual(r.out, "")

    def test_sync_wait_interrupted(self):
        for on_terminal in (False, True):
            dev.control("POST", "/__dev/reset")
            seed_source({"K": random_secrets.token_hex(8)})
            s = self.make_sync("interrupted")
            settings(syncJobDelayMs=20000)
            args = ["sync", "trigger", "--id", s["id"], "--wait"]
            master = None
            if on_terminal:
                master, slave = pty.openpty()
                proc = subprocess.Popen([TOOL] + args, env=base_env(NO_COLOR="1"), stdout=subprocess.PIPE,
                                        stderr=slave)
                os.close(slave)
            else:
                proc = subprocess.Popen([TOOL] + args + ["--json"], env=base_env(), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while not dev.control("GET", "/__dev/state")["syncJobs"]["active"] and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.5)  # well into the wait
            sent = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=10)
            self.assertLess(time.monotonic() - sent, 2.0, "the wait stops promptly")
            self.assertEqual(proc.returncode, INTERRUPTED)
            if master is not None:
                shown = b""
                while select.select([master], [], [], 0.2)[0]:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    shown += chunk
                os.close(master)
                self.assertIn("interrupted while waiting for the sync job", shown.decode())
            else:
                r = Result(args + ["--json"], proc.returncode, out.decode(), err.decode())
                check_output(self, r)
                self.error(r, "INFISICAL_ECANCELLED", INTERRUPTED)

    def test_sync_progress_on_a_terminal(self):
        seed_source({"K": random_secrets.token_hex(8)})
        s = self.make_sync("watched")
        plain = base_env(NO_COLOR="1")

        def watched(args, rc, env=plain):
            # The job waits 600 ms to start and its read of the group takes 800 ms: each state lasts two polls.
            jobs_idle()
            settings(syncJobDelayMs=600)
            job_fault(op="read", delayMs=800)
            r = run_on_pty(self, args, env=env, tty=("stderr",))
            self.assertEqual(r.rc, rc, r)
            dev.control("DELETE", "/__dev/northflank/job-faults")
            return r

        r = watched(["sync", "trigger", "--id", s["id"], "--wait"], OK)
        self.assertRegex(r.err, r"^\rsync job: pending \(\d+\.\ds\)\s*\rsync job: running \(\d+\.\ds\)\s*"
                                r"\rsync job: succeeded \(\d+\.\ds\)\s*\r?\n$")
        self.assertIn("the sync job of watched succeeded", r.out)  # stdout is the same as without a terminal
        self.assertNotIn("\x1b", r.err)
        # The same command where nobody watches: the library's wait, the same outcome, no status line.
        piped = run(self, ["sync", "trigger", "--id", s["id"], "--wait"], rc=OK)
        self.assertEqual(piped.err, "")
        self.assertEqual(piped.out.split("\n")[0], r.out.split("\n")[0].rstrip("\r"))
        # Each kind of job, and the colours.
        r = watched(["sync", "import", "--id", s["id"], "--prioritize", "source", "--wait"], OK,
                    env=base_env(TERM="xterm"))
        self.assertIn("import job: \x1b[33mpending", r.err)
        self.assertIn("import job: \x1b[32msucceeded", r.err)
        r = watched(["sync", "remove", "--id", s["id"], "--wait"], OK)
        self.assertIn("\rremoval job: running", r.err)
        self.assertIn("\rremoval job: succeeded", r.err)
        # A failure shows the server's message on the line, then the error.
        jobs_idle()
        job_fault(op="write", status=503, message="Northflank is down", times=5)
        r = run_on_pty(self, ["sync", "trigger", "--id", s["id"], "--wait"], env=plain, tty=("stderr",))
        self.assertEqual(r.rc, JOB_FAILED, r)
        self.assertRegex(r.err, r"\rsync job: failed: \{.*Northflank is down.*\} \(\d+\.\ds\)\s*\r?\n"
                                r"infisical-northflank: error: sync trigger: the sync job \S+ of sync \S+ failed: ")
        self.assertIn("status: INFISICAL_EJOBFAILED", r.err)
        self.assertEqual(r.out, "")
        # --json and --quiet show no progress, even on a terminal.
        for extra in (["--json"], ["-q"]):
            r = watched(["sync", "trigger", "--id", s["id"], "--wait"] + extra, OK)
            self.assertNotIn("job:", r.err)
        # create --wait and delete --remove-secrets --wait.
        conn = self.create("watched-too")
        r = watched(self.sync_args("watched-create", conn["id"], "--wait", schema="W_{{secretKey}}", auto=True), OK)
        self.assertIn("\rsync job: running", r.err)
        self.assertIn("\rsync job: succeeded", r.err)
        self.assertIn("created sync watched-create; its first sync succeeded", r.out)
        r = watched(["sync", "delete", "--id", s["id"], "--remove-secrets", "--wait"], OK)
        self.assertRegex(r.err, r"\rremoval job: succeeded; the sync is deleted \(\d+\.\ds\)")
        self.assertIn("removed the secrets of watched from Northflank and deleted the sync", r.out)

    def test_sync_usage_errors_exit_2_and_send_nothing(self):
        some_id = str(uuid.uuid4())
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        full = self.sync_args("a", some_id)
        cases = [
            ["sync"],
            ["sync", "bogus"],
            ["sync", "create"],
            full[:4],
            full + ["--wait"],  # --no-auto-sync is in full
            full + ["--connection-name", "x"],
            full + ["--initial-behavior", "sometimes"],
            full + ["--description", "d", "--clear-description"],
            full + ["--clear-key-schema"],
            full + ["--auto-sync", "on"],
            full + ["--destination-project-name"],
            [a for a in full if a != GROUP_NF and a != "--destination-group"],
            ["sync", "get"],
            ["sync", "get", "--id", some_id, "--name", "a"],
            ["sync", "get", "--name", "a"],
            ["sync", "get", "--id", some_id, "--project", project],
            ["sync", "list"],
            ["sync", "list", "--project", project, "--wait"],
            ["sync", "update", "--name", "a"],
            ["sync", "update", "--id", some_id],
            ["sync", "update", "--id", some_id, "--environment", "dev"],
            ["sync", "update", "--id", some_id, "--key-schema", "A_{{secretKey}}", "--clear-key-schema"],
            ["sync", "update", "--id", some_id, "--destination-project", "p"],
            ["sync", "update", "--id", some_id, "--destination-group-name", "g"],
            ["sync", "update", "--id", some_id, "--auto-sync", "maybe"],
            ["sync", "update", "--id", some_id, "--auto-sync"],
            ["sync", "update", "--id", some_id, "--disable-secret-deletion=maybe"],
            ["sync", "update", "--id", some_id, "--disable-secret-deletion", "maybe"],
            ["sync", "update", "--id", some_id, "--no-auto-sync"],
            ["sync", "update", "--id", some_id, "--wait", "--name", "a"],
            ["sync", "delete"],
            ["sync", "delete", "--id", some_id, "--wait"],
            ["sync", "trigger"],
            ["sync", "trigger", "--id", some_id, "--remove-secrets"],
            ["sync", "import", "--id", some_id],
            ["sync", "import", "--id", some_id, "--prioritize", "both"],
            ["sync", "remove", "--id", some_id, "--prioritize", "source"],
            ["connection", "list", "--wait"],
            ["connection", "create", "--name", "a", "--key-schema", "X"],
        ]
        requests = requests_made()
        for args in cases:
            r = run(self, args, rc=USAGE)
            self.assertTrue(r.err.startswith("infisical-northflank: error: "), r)
            self.assertEqual(r.out, "")
            r = run(self, args + ["--json"], rc=USAGE)
            e = self.error(r, "usage", USAGE)
            self.assertIsNone(e["code"])
        self.assertIn("unknown sync command 'bogus'", run(self, ["sync", "bogus"], rc=USAGE).err)
        missing = run(self, ["sync", "create", "--name", "a"], rc=USAGE).err
        for flag in ("--project", "--connection", "--environment", "--path", "--destination-project",
                     "--destination-group"):
            self.assertIn(flag, missing)
        # Values the library refuses before sending: exit 5, naming the field.
        for args, path in ((self.sync_args("Not_A_Slug", some_id), "name"),
                           (self.sync_args("a", "not-a-uuid"), "connectionId"),
                           (self.sync_args("a", some_id, schema="NO_PLACEHOLDER"), "syncOptions.keySchema"),
                           (["sync", "get", "--id", "not-a-uuid"], "syncId"),
                           (["sync", "trigger", "--id", "not-a-uuid"], "syncId")):
            e = self.error(run(self, args + ["--json"]), "INFISICAL_EINVAL", VALIDATION)
            self.assertEqual(e["issues"][0]["path"], path, e)
        self.assertEqual(requests_made(), requests, "nothing was sent")

    def test_sync_errors_of_the_server(self):
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        seed_source({"K": random_secrets.token_hex(8)})
        conn = self.create("errors")
        self.make_sync("taken", connection=conn["id"])
        e = self.error(run(self, self.sync_args("taken", conn["id"]) + ["--json"]), "INFISICAL_EBADREQUEST",
                       VALIDATION)
        self.assertIn('A Secret Sync with the name "taken" already exists', e["message"])
        args = self.sync_args("no-folder", conn["id"])
        args[args.index("/app")] = "/nowhere"
        e = self.error(run(self, args + ["--json"]), "INFISICAL_EBADREQUEST", VALIDATION)
        self.assertIn('Could not find folder with path "/nowhere"', e["message"])
        self.error(run(self, self.sync_args("no-conn", str(uuid.uuid4())) + ["--json"]), "INFISICAL_ENOTFOUND",
                   NOT_FOUND)
        for args in (["sync", "get", "--id", str(uuid.uuid4())], ["sync", "get", "--name", "missing", "--project",
                                                                 project],
                     ["sync", "trigger", "--id", str(uuid.uuid4()), "--wait"],
                     ["sync", "import", "--id", str(uuid.uuid4()), "--prioritize", "source"]):
            e = self.error(run(self, args + ["--json"]), "INFISICAL_ENOTFOUND", NOT_FOUND)
            self.assertEqual(e["httpStatus"], 404)
        env = base_env(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=dev.env["INFISICAL_DEV_READONLY_CLIENT_ID"],
                       INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=dev.env["INFISICAL_DEV_READONLY_CLIENT_SECRET"])
        s = run(self, ["sync", "list", "--project", project, "--json"], env=env, rc=OK).doc["syncs"][0]
        self.error(run(self, ["sync", "trigger", "--id", s["id"], "--json"], env=env), "INFISICAL_EPERMISSION", AUTH)

    def test_sync_commands_at_full_verbosity_show_no_secret(self):
        # run() searches each run's stdout and stderr for every secret the devserver
        # issued and every source value seeded here; every command runs with -vv.
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        for form in ([], ["--json"]):
            dev.control("POST", "/__dev/reset")
            seed_source({"DB_PASSWORD": "pw-" + random_secrets.token_hex(16)})
            conn = self.create("loud-" + str(len(form)))
            args = self.sync_args("loud", conn["id"], "--wait", auto=True)
            run(self, args + ["-vv"] + form, rc=OK)
            sid = run(self, ["sync", "get", "--name", "loud", "--project", project, "-q"], rc=OK).out.strip()
            run(self, ["sync", "get", "--id", sid, "-vv"] + form, rc=OK)
            run(self, ["sync", "list", "--project", project, "-vv"] + form, rc=OK)
            run(self, ["sync", "update", "--id", sid, "--auto-sync", "off", "-vv"] + form, rc=OK)
            jobs_idle()
            run(self, ["sync", "trigger", "--id", sid, "--wait", "-vv"] + form, rc=OK)
            run(self, ["sync", "import", "--id", sid, "--prioritize", "destination", "--wait", "-vv"] + form, rc=OK)
            run(self, ["sync", "remove", "--id", sid, "--wait", "-vv"] + form, rc=OK)
            job_fault(op="write", status=401, message="Unauthorized: invalid API token", times=5)
            run(self, ["sync", "trigger", "--id", sid, "--wait", "-vv"] + form, rc=JOB_FAILED)
            run(self, ["sync", "delete", "--id", sid, "--remove-secrets", "--wait", "-vv"] + form, rc=OK)

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
        seed_source({"K": random_secrets.token_hex(8)})
        s = self.make_sync("documented")
        project = dev.env["INFISICAL_DEV_PROJECT_ID"]
        expected += [
            (["sync", "get", "--id", s["id"]], "sync", OK),
            (["sync", "get", "--name", "documented", "--project", project], "sync", OK),
            (["sync", "list", "--project", project], "syncs", OK),
            (["sync", "update", "--id", s["id"], "--description", "d"], "sync", OK),
            (["sync", "trigger", "--id", s["id"], "--wait"], "sync", OK),
            (["sync", "import", "--id", s["id"], "--prioritize", "destination", "--wait"], "sync", OK),
            (["sync", "remove", "--id", s["id"], "--wait"], "sync", OK),
            (["sync", "delete", "--id", s["id"], "--remove-secrets", "--wait"], "sync", OK),
            (["sync", "delete", "--id", s["id"]], "error", NOT_FOUND),
            (["sync", "bogus"], "error", USAGE),
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
        self.assertEqual(help_codes, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "130"])
        for word in ["login", "options", "preflight", "connection create", "connection get", "connection list",
                     "connection available", "connection update", "connection delete", "connection drift"] + [
                     "sync " + c for c in SYNC_COMMANDS]:
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

        self.assertEqual(complete("infisical-northflank "),
                         ["login", "options", "preflight", "connection", "sync", "help"])
        self.assertEqual(complete("infisical-northflank --json connection up"), ["update"])
        self.assertIn("--rotate-token", complete("infisical-northflank connection update --id x --"))
        self.assertNotIn("--hash", complete("infisical-northflank connection update --id x --"))
        self.assertEqual(complete("infisical-northflank --timeout 3 connection dr"), ["drift"])
        self.assertEqual(complete("infisical-northflank connection create --name "), [])
        self.assertIn("-", complete("infisical-northflank preflight --api-token-file "))
        self.assertEqual(complete("infisical-northflank sync "), SYNC_COMMANDS)
        self.assertEqual(complete("infisical-northflank help sync tr"), ["trigger"])
        self.assertEqual(complete("infisical-northflank sync import --id x --prioritize "), ["source", "destination"])
        self.assertEqual(complete("infisical-northflank sync update --auto-sync "), ["on", "off"])
        self.assertEqual(complete("infisical-northflank sync update --disable-secret-deletion "), ["on", "off"])
        self.assertEqual(complete("infisical-northflank sync update --disable-secret-deletion --clear-k"),
                         ["--clear-key-schema"])
        self.assertEqual(complete("infisical-northflank sync create --initial-behavior import-"),
                         ["import-prioritize-source", "import-prioritize-destination"])
        self.assertEqual(complete("infisical-northflank sync create --path "), [])
        self.assertNotIn("--remove-secrets", complete("infisical-northflank sync trigger --"))
        # Every option the completion offers is one the tool accepts.
        for group, subs in (("connection", ("create", "get", "list", "available", "update", "delete", "drift")),
                            ("sync", SYNC_COMMANDS)):
            for sub in subs:
                help_text = run(self, [group, sub, "--help"], rc=OK).out
                for option in complete("infisical-northflank %s %s --" % (group, sub)):
                    self.assertIn(option, help_text, "%s %s completes %s" % (group, sub, option))


if __name__ == "__main__":
    devserver_helpers.run_tests()
