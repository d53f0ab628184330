"""The installed package against the project's devserver (unittest).

    INFISICAL_DEVSERVER=build/tests/devserver/infisical-devserver \
    INFISICAL_LIBRARY=build/lib/libinfisical.so.0 \
        venv/bin/python -m unittest discover -s examples/python/tests -v

INFISICAL_LIBRARY may be left out once the library is installed. The
devserver helper is the bindings tests' (tests/bindings/devserver.py).
tests/packaging/python.sh runs this after `pip install ./examples/python`.
"""

import gc
import os
import sys
import threading
import unittest

import infisical

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tests", "bindings"))
import devserver  # noqa: E402  (the project's helper, found above)

DEVSERVER = os.environ.get("INFISICAL_DEVSERVER")
CONNECTIONS = "/api/v1/app-connections/northflank"
ALL_PERMISSIONS = ["projects:read", "secret-groups:list", "secret-groups:read-values", "secret-groups:update"]


def setUpModule():
    global dev
    if not DEVSERVER:
        raise unittest.SkipTest("INFISICAL_DEVSERVER does not name infisical-devserver")
    dev = devserver.Devserver(DEVSERVER)


def tearDownModule():
    dev.stop()


class Package(unittest.TestCase):
    def test_installed_not_source(self):
        # The tests run against what pip installed, never the source folder.
        src = os.path.realpath(os.path.join(HERE, "..", "src"))
        self.assertFalse(os.path.realpath(infisical.__file__).startswith(src + os.sep), infisical.__file__)

    def test_version_and_library(self):
        self.assertEqual(infisical.__version__, "0.2.0")
        self.assertEqual(infisical.library_version.split(".")[:2], ["0", "2"])
        if os.environ.get("INFISICAL_LIBRARY"):
            self.assertEqual(infisical.library_name, os.environ["INFISICAL_LIBRARY"])

    def test_one_class_per_status_code(self):
        from infisical import _errors, _native
        seen = {}
        status = -1
        while _native.lib.infisical_status_name(status) is not None:
            name = _native.lib.infisical_status_name(status).decode()
            cls = _errors.BY_STATUS.get(status)
            self.assertIsNotNone(cls, "no exception class for %s" % name)
            self.assertEqual(cls.status_name, name)
            self.assertTrue(issubclass(cls, infisical.InfisicalError))
            self.assertNotIn(cls, seen.values())
            seen[status] = cls
            status -= 1
        self.assertGreaterEqual(len(seen), 20)


class WithClient(unittest.TestCase):
    def setUp(self):
        self.lines = []
        self.client = infisical.Client(dev.url, client_id=dev.client_id, client_secret=dev.client_secret,
                                       northflank_url=dev.url, max_attempts=2,
                                       log=lambda level, line: self.lines.append((level, line)),
                                       log_level=infisical.LogLevel.DEBUG)
        self.addCleanup(self.client.close)

    def tearDown(self):
        # Whatever a test did, no log line holds a secret the devserver issued or accepted.
        text = "\n".join(line for _, line in self.lines)
        for secret in dev.secrets():
            self.assertNotIn(secret, text, "a secret reached the log callback")

    def fault(self, **fault):
        dev.control("POST", "/__dev/faults", {"faults": [fault]})
        self.addCleanup(dev.control, "DELETE", "/__dev/faults")


class Lifecycle(WithClient):
    def test_lifecycle(self):
        client = self.client
        rotated_token = bytearray(b"nf-python-rotated-" + b"0123456789abcdef" * 2)
        dev.add_northflank_token(rotated_token.decode())

        created = client.create("py-conn", api_token=dev.northflank_token, description="made in Python")
        self.assertIsInstance(created, infisical.Connection)
        self.assertEqual(len(created.id), 36)
        self.assertEqual((created.name, created.description, created.version), ("py-conn", "made in Python", 1))
        self.assertEqual((created.app, created.method), ("northflank", "api-token"))
        self.assertIsInstance(created.created_at, str)
        self.assertIsInstance(created.created_at_ms, int)
        self.assertIn(created.is_platform_managed_credentials, (True, False, None))
        self.assertIn("py-conn", repr(created))

        self.assertEqual(client.get(created.id).name, "py-conn")
        self.assertEqual(client.get_by_name("py-conn").id, created.id)

        listed = client.list()
        self.assertIsInstance(listed, infisical.ConnectionList)
        self.assertIn(created.id, [c.id for c in listed])
        self.assertEqual(len(listed), len(list(listed)))
        self.assertEqual(listed[-1].id, listed[len(listed) - 1].id)
        self.assertEqual([c.id for c in listed[:1]], [listed[0].id])
        with self.assertRaises(IndexError):
            listed[len(listed)]
        # A connection taken from a list keeps the list alive.
        first = listed[0]
        first_id = first.id
        del listed
        gc.collect()
        self.assertEqual(first.id, first_id)
        self.assertIn(created.id, [c.id for c in client.list_available()])

        renamed = client.update(created.id, name="py-renamed", timeout=10)
        self.assertEqual((renamed.name, renamed.description, renamed.version), ("py-renamed", "made in Python", 2))
        self.assertFalse(renamed.credentials_changed(created))
        cleared = client.update(created.id, description=None)
        self.assertIsNone(cleared.description)
        # The secret as a bytearray (the one kind a caller can wipe), then str and bytes work too.
        rotated = client.update(created.id, api_token=rotated_token)
        self.assertTrue(rotated.credentials_changed(cleared))
        self.assertTrue(rotated.credentials_changed(created.credentials_hash))
        self.assertFalse(rotated.credentials_changed(rotated.credentials_hash))

        deleted = client.delete(created.id)
        self.assertEqual(deleted.id, created.id)
        with self.assertRaises(infisical.NotFoundError) as caught:
            client.get(created.id)
        e = caught.exception
        self.assertIsInstance(e, LookupError)
        self.assertEqual((e.status, e.status_name, e.http_status), (-12, "INFISICAL_ENOTFOUND", 404))
        self.assertIn("Could not find App Connection", e.message)
        self.assertEqual(e.request, "GET %s/%s" % (CONNECTIONS, created.id))
        self.assertTrue(e.request_id)
        self.assertIn(e.request_id, str(e))
        self.assertTrue(any(level == infisical.LogLevel.INFO and line.startswith("GET " + CONNECTIONS)
                            for level, line in self.lines), self.lines)

    def test_offered_login_revoke(self):
        self.assertTrue(self.client.offered())
        self.client.login()
        self.client.revoke()
        self.assertTrue(self.client.offered())   # logs in again


class Errors(WithClient):
    def test_client_side_validation(self):
        with self.assertRaises(infisical.InvalidArgumentError) as caught:
            self.client.create("Not A Slug", api_token="x")
        e = caught.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual([(i.path, i.code) for i in e.issues], [("name", "client")])
        self.assertIsNone(e.http_status)
        with self.assertRaises(ValueError):
            self.client.create("ok-name", api_token="a\0b")

    def test_validation_issues(self):
        body = ('{"reqId":"req-422","statusCode":422,"error":"ValidationFailure","message":'
                '[{"path":["name"],"message":"too long","code":"too_big"}]}')
        self.fault(method="GET", path=CONNECTIONS, status=422, body=body)
        with self.assertRaises(infisical.ValidationError) as caught:
            self.client.list()
        e = caught.exception
        self.assertEqual((e.http_status, e.request_id, e.server_error), (422, "req-422", "ValidationFailure"))
        self.assertEqual(e.issues, [infisical.Issue("name", "too long", "too_big")])

    def test_rate_limit(self):
        self.client.login()
        body = '{"reqId":"req-429","statusCode":429,"error":"RateLimitExceeded","message":"slow down"}'
        self.fault(method="GET", path=CONNECTIONS, status=429, body=body, headers={"Retry-After": "7"})
        with self.assertRaises(infisical.RateLimitError) as caught:
            self.client.list(max_attempts=1)
        e = caught.exception
        self.assertEqual((e.http_status, e.retry_after, e.retryable, e.attempts), (429, 7.0, True, 1))

    def test_permission_details(self):
        body = ('{"reqId":"req-403","statusCode":403,"error":"PermissionDenied","message":"no",'
                '"details":[{"action":"read","subject":"app-connections"}]}')
        self.fault(method="GET", path=CONNECTIONS, status=403, body=body)
        with self.assertRaises(infisical.PermissionDeniedError) as caught:
            self.client.list()
        self.assertEqual(caught.exception.details, [{"action": "read", "subject": "app-connections"}])

    def test_deadline(self):
        self.client.login()   # so the 0.3 s are the list's alone
        self.fault(method="GET", path=CONNECTIONS, delayMs=2000)
        with self.assertRaises(infisical.DeadlineExceededError):
            self.client.list(timeout=0.3, max_attempts=1)

    def test_cancel(self):
        self.client.login()
        self.fault(method="GET", path=CONNECTIONS, delayMs=2000)
        stop = threading.Event()
        threading.Timer(0.2, stop.set).start()
        with self.assertRaises(infisical.CancelledError):
            self.client.list(cancel=stop)
        # A callable works too, and one that raises stops the call instead of crashing.
        with self.assertRaises(infisical.CancelledError):
            self.client.list(cancel=lambda: 1 / 0)

    def test_preflight(self):
        token = "nf-python-readonly-" + "0123456789abcdef" * 2
        dev.control("POST", "/__dev/northflank/tokens", {"token": token, "permissions": ["projects:read"]})
        with self.assertRaises(infisical.PreflightError) as caught:
            self.client.create("py-preflight", api_token=token, preflight=True)
        report = caught.exception.preflight
        self.assertIsInstance(report, infisical.PreflightReport)
        self.assertTrue(report.authenticated)
        self.assertFalse(report.passed)
        states = {p.name: p.state for p in report.permissions}
        self.assertEqual(states["Projects > Manage > Read"], "granted")
        self.assertIn("denied", states.values())


class Lifetime(unittest.TestCase):
    def test_context_manager_and_close(self):
        with infisical.Client(dev.url, client_id=dev.client_id, client_secret=dev.client_secret) as client:
            self.assertFalse(client.closed)
            client.login()
        self.assertTrue(client.closed)
        client.close()   # idempotent
        with self.assertRaises(ValueError):
            client.list()

    def test_log_callback_outlives_its_last_reference(self):
        # The callable and its ctypes thunk are referenced only by the client:
        # collecting garbage must not free what C still calls.
        lines = []
        client = infisical.Client(dev.url, client_id=dev.client_id, client_secret=dev.client_secret,
                                  log=(lambda level, line: lines.append(line)))
        gc.collect()
        client.list()
        self.assertTrue(any(CONNECTIONS in line for line in lines), lines)
        client.close()

    def test_secrets_as_str_bytes_bytearray(self):
        for secret in (dev.client_secret, dev.client_secret.encode(), bytearray(dev.client_secret.encode())):
            with infisical.Client(dev.url, client_id=dev.client_id, client_secret=secret) as client:
                client.login()
        with self.assertRaises(TypeError):
            infisical.Client(dev.url, client_id=dev.client_id, client_secret=12345)
        with self.assertRaises(infisical.UnauthorizedError) as caught:
            with infisical.Client(dev.url, client_id=dev.client_id, client_secret="wrong") as client:
                client.login(max_attempts=1)
        self.assertEqual(caught.exception.http_status, 401)

    def test_access_token_and_env(self):
        with infisical.Client(dev.url, access_token=dev.env["INFISICAL_DEV_ACCESS_TOKEN"]) as client:
            client.list()
        saved = dict(os.environ)
        try:
            os.environ.update({"INFISICAL_API_URL": dev.url, "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID": dev.client_id,
                               "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET": dev.client_secret})
            with infisical.Client(from_env=True) as client:
                client.list()
        finally:
            os.environ.clear()
            os.environ.update(saved)


if __name__ == "__main__":
    unittest.main(verbosity=2)
