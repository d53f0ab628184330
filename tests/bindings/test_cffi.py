#!/usr/bin/env python3
"""libinfisical from Python through cffi in ABI mode, against the devserver.

    python3 test_cffi.py path/to/infisical.cdef path/to/libinfisical.so.0 path/to/infisical-devserver

The binding is the generated declaration file, given to ffi.cdef() as is (no
edits, no preprocessing here), and ffi.dlopen(): types, functions and
integer constants all come from it. Exits 77 (a skip) when cffi is not
installed, unless BINDINGS_REQUIRE=1 (CI), where that is a failure.
"""

import os
import sys
import unittest

import devserver

try:
    import cffi
except ImportError:
    if os.environ.get("BINDINGS_REQUIRE") == "1":
        print("FAIL: python3 has no cffi module (Debian: apt-get install python3-cffi)")
        sys.exit(1)
    print("SKIP: python3 has no cffi module (Debian: apt-get install python3-cffi)")
    sys.exit(77)

CDEF_PATH, LIB_PATH, DEVSERVER_PATH = devserver.arguments("INFISICAL_CDEF", "LIBINFISICAL_SO", "DEVSERVER")
CONNECTIONS = b"/api/v1/app-connections/northflank"


# ---- the binding -----------------------------------------------------------

def load():
    ffi = cffi.FFI()
    with open(CDEF_PATH) as f:
        ffi.cdef(f.read())
    return ffi, ffi.dlopen(LIB_PATH)


class InfisicalError(Exception):
    def __init__(self, code, name, message, http_status):
        super().__init__("%s (%d): %s" % (name, code, message))
        self.code, self.name, self.message, self.http_status = code, name, message, http_status


def call(ffi, lib, fn, *args):
    """Call fn(*args, &err); raise InfisicalError when it fails."""
    err = ffi.new("infisical_error **")
    status = fn(*args, err)
    if status != lib.INFISICAL_OK:
        try:
            raise InfisicalError(lib.infisical_error_code(err[0]), ffi.string(lib.infisical_status_name(status)).decode(),
                                 ffi.string(lib.infisical_error_message(err[0])).decode(),
                                 lib.infisical_error_http_status(err[0]))
        finally:
            lib.infisical_error_free(err[0])


def text(ffi, p):
    """A borrowed const char * as str, None for NULL."""
    return None if p == ffi.NULL else ffi.string(p).decode()


# ---- the test --------------------------------------------------------------

class Cdef(unittest.TestCase):
    """First and alone: a cdef that cffi rejects fails here, by name."""

    def test_cdef_parses_as_is(self):
        ffi, lib = load()
        self.assertEqual(ffi.string(lib.infisical_version()), b"0.2.0")

    def test_constants_equal_the_librarys(self):
        ffi, lib = load()
        names = [n for n in dir(lib) if n.startswith("INFISICAL_")]
        self.assertIn("INFISICAL_ENOTFOUND", names)      # an enum value
        self.assertIn("INFISICAL_NAME_MAX", names)       # a #define
        value = ffi.new("int64_t *")
        for name in names:
            self.assertEqual(lib.infisical_constant(name.encode(), value), lib.INFISICAL_OK, name)
            self.assertEqual(getattr(lib, name), value[0], name)
        # An expression cffi cannot take: left out of the cdef, given by the library.
        self.assertNotIn("INFISICAL_TIME_ABSENT", names)
        self.assertEqual(lib.infisical_constant(b"INFISICAL_TIME_ABSENT", value), lib.INFISICAL_OK)
        self.assertEqual(value[0], -2**63)


class CffiLifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ffi, cls.lib = load()
        cls.dev = devserver.Devserver(DEVSERVER_PATH)
        ffi, lib = cls.ffi, cls.lib
        cls.log = []

        # Kept on the class: the library holds only the raw function pointer.
        @ffi.callback("infisical_log_fn")
        def log_fn(user, level, line):
            cls.log.append(ffi.string(line).decode())
        cls.log_fn = log_fn

        cfg = ffi.new("infisical_config **")
        call(ffi, lib, lib.infisical_config_new, cfg)
        try:
            call(ffi, lib, lib.infisical_config_set_base_url, cfg[0], cls.dev.url.encode())
            call(ffi, lib, lib.infisical_config_set_universal_auth, cfg[0],
                 cls.dev.client_id.encode(), cls.dev.client_secret.encode())
            call(ffi, lib, lib.infisical_config_set_log, cfg[0], log_fn, ffi.NULL, lib.INFISICAL_LOG_DEBUG)
            client = ffi.new("infisical_client **")
            call(ffi, lib, lib.infisical_client_new, client, cfg[0])
            cls.client = client[0]
        finally:
            lib.infisical_config_free(cfg[0])

    @classmethod
    def tearDownClass(cls):
        cls.lib.infisical_client_free(cls.client)
        cls.dev.stop()

    def tearDown(self):
        secrets = self.dev.secrets()
        self.assertGreaterEqual(len(secrets), 4, "nothing to look for")
        for secret in secrets:
            self.assertNotIn(secret, "\n".join(self.log), "a secret reached the log callback")

    def params(self, name=None, token=None):
        ffi, lib = self.ffi, self.lib
        p = ffi.new("infisical_northflank_params **")
        call(ffi, lib, lib.infisical_northflank_params_new, p)
        self.addCleanup(lib.infisical_northflank_params_free, p[0])
        if name is not None:
            call(ffi, lib, lib.infisical_northflank_params_set_name, p[0], name.encode())
        if token is not None:
            call(ffi, lib, lib.infisical_northflank_params_set_api_token, p[0], token.encode())
        return p[0]

    def connection(self):
        """An out parameter for a connection, freed when the test ends."""
        out = self.ffi.new("infisical_connection **")
        self.addCleanup(lambda: self.lib.infisical_connection_free(out[0]))
        return out

    def test_lifecycle(self):
        ffi, lib, client = self.ffi, self.lib, self.client
        second_token = "nf-cffi-rotated-" + "0123456789abcdef" * 2
        self.dev.add_northflank_token(second_token)

        created = self.connection()
        call(ffi, lib, lib.infisical_northflank_create, client,
             self.params("cffi-conn", self.dev.northflank_token), created, ffi.NULL)
        conn_id = lib.infisical_connection_id(created[0])   # borrowed from created[0]
        self.assertEqual(text(ffi, lib.infisical_connection_name(created[0])), "cffi-conn")
        self.assertIsNone(text(ffi, lib.infisical_connection_description(created[0])))

        got = self.connection()
        call(ffi, lib, lib.infisical_northflank_get, client, conn_id, got, ffi.NULL)
        self.assertEqual(lib.infisical_connection_version(got[0]), 1)

        by_name = self.connection()
        call(ffi, lib, lib.infisical_northflank_get_by_name, client, b"cffi-conn", ffi.NULL, by_name, ffi.NULL)
        self.assertEqual(ffi.string(lib.infisical_connection_id(by_name[0])), ffi.string(conn_id))

        listed = ffi.new("infisical_connection_list **")
        call(ffi, lib, lib.infisical_northflank_list, client, ffi.NULL, listed, ffi.NULL)
        self.addCleanup(lib.infisical_connection_list_free, listed[0])
        names = [text(ffi, lib.infisical_connection_name(lib.infisical_connection_list_at(listed[0], i)))
                 for i in range(lib.infisical_connection_list_count(listed[0]))]
        self.assertIn("cffi-conn", names)

        opts = ffi.new("infisical_call_options **")
        call(ffi, lib, lib.infisical_call_options_new, opts)
        self.addCleanup(lib.infisical_call_options_free, opts[0])
        call(ffi, lib, lib.infisical_call_options_set_timeout_ms, opts[0], 10000)
        rotated = self.connection()
        call(ffi, lib, lib.infisical_northflank_update, client, conn_id,
             self.params("cffi-rotated", second_token), rotated, opts[0])
        self.assertEqual(text(ffi, lib.infisical_connection_name(rotated[0])), "cffi-rotated")
        changed = ffi.new("int *", -1)
        call(ffi, lib, lib.infisical_connection_credentials_changed, created[0], rotated[0], changed)
        self.assertEqual(changed[0], 1)
        call(ffi, lib, lib.infisical_connection_credentials_changed, rotated[0], rotated[0], changed)
        self.assertEqual(changed[0], 0)

        call(ffi, lib, lib.infisical_northflank_delete, client, conn_id, ffi.NULL, ffi.NULL)
        with self.assertRaises(InfisicalError) as caught:
            call(ffi, lib, lib.infisical_northflank_get, client, conn_id, self.connection(), ffi.NULL)
        self.assertEqual(caught.exception.code, lib.INFISICAL_ENOTFOUND)
        self.assertEqual(caught.exception.name, "INFISICAL_ENOTFOUND")
        self.assertEqual(caught.exception.http_status, 404)
        self.assertTrue(any(line.startswith("DELETE " + CONNECTIONS.decode()) for line in self.log), self.log)

    def test_invalid_name_fails_before_sending(self):
        ffi, lib = self.ffi, self.lib
        p = self.params()
        err = ffi.new("infisical_error **")
        status = lib.infisical_northflank_params_set_name(p, b"Not A Slug", err)
        self.addCleanup(lib.infisical_error_free, err[0])
        self.assertEqual(status, lib.INFISICAL_EINVAL)
        self.assertEqual(lib.infisical_error_issue_count(err[0]), 1)
        self.assertEqual(text(ffi, lib.infisical_error_issue_path(err[0], 0)), "name")
        self.assertEqual(lib.infisical_error_http_status(err[0]), 0)


devserver.run_tests()
