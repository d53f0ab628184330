"""What the Python binding tests share and that is not a binding: starting
the devserver, its control API, and the closing "N passed, M failed" line.

Standard library only, so that it runs wherever python3 does.
"""

import json
import os
import subprocess
import sys
import unittest
import urllib.request


class Devserver:
    """infisical-devserver on an ephemeral port of 127.0.0.1, started as
    tests/integration/harness.c's dev_start does: it prints KEY=VALUE lines,
    then INFISICAL_DEV_READY=1 once it is listening."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdout=subprocess.PIPE, text=True)
        self.env = {}
        for line in self.proc.stdout:
            key, _, value = line.strip().partition("=")
            self.env[key] = value
            if key == "INFISICAL_DEV_READY":
                break
        if self.env.get("INFISICAL_DEV_READY") != "1":
            self.stop()
            raise RuntimeError("the devserver did not start: " + path)
        self.url = self.env["INFISICAL_API_URL"]
        self.client_id = self.env["INFISICAL_UNIVERSAL_AUTH_CLIENT_ID"]
        self.client_secret = self.env["INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET"]
        self.northflank_token = self.env["INFISICAL_DEV_NORTHFLANK_TOKEN"]
        # The control API is local: never send it through a proxy from the environment.
        self._http = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with self._http.open(req, timeout=10) as reply:
            return json.loads(reply.read())

    def add_northflank_token(self, token):
        """A second Northflank token with every permission, to rotate to."""
        self.control("POST", "/__dev/northflank/tokens", {"token": token, "permissions": [
            "projects:read", "secret-groups:list", "secret-groups:read-values", "secret-groups:update"]})

    def delay_next(self, method, path, ms):
        """Make the next matching request wait ms before it is answered."""
        self.control("POST", "/__dev/faults", {"faults": [{"method": method, "path": path, "delayMs": ms}]})

    def secrets(self):
        """Every secret the server ever issued or accepted, and the fixed token."""
        issued = self.control("GET", "/__dev/issued-tokens")
        found = [self.env["INFISICAL_DEV_ACCESS_TOKEN"]]
        for key in ("tokens", "clientSecrets", "northflankTokens"):
            found += issued[key]
        return found


def arguments(*names):
    """The command line arguments, by name, or exit 2 with a usage line."""
    if len(sys.argv) != 1 + len(names):
        print("usage: %s %s" % (os.path.basename(sys.argv[0]), " ".join(names)), file=sys.stderr)
        sys.exit(2)
    return sys.argv[1:]


def run_tests():
    """Run the tests of __main__, print the closing line CI reads
    ("N passed, M failed", alone on its line), exit non-zero on any failure."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules["__main__"])
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or passed == 0 else 0)
