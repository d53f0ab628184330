#!/usr/bin/env python3
"""libinfisical from Python through ctypes alone, against the devserver.

    python3 test_ctypes.py path/to/libinfisical.so.0 path/to/infisical-devserver

ctypes cannot read a header, so every function used is declared below by
hand (argtypes and restype), and constants come from the library itself:
infisical_constant() and infisical_status_name(). That is the whole binding;
what follows it is the test.
"""

import ctypes
from ctypes import POINTER, byref, c_char_p, c_int, c_int64, c_uint32, c_void_p
import unittest

import devserver

# ---- the binding -----------------------------------------------------------

# Handles are opaque: c_void_p is all ctypes needs to carry them.
H = c_void_p
OUT = POINTER(c_void_p)   # infisical_x **out
ERR = POINTER(c_void_p)   # infisical_error **err
# The log callback: void (*)(void *user, int level, const char *line).
LOG_FN = ctypes.CFUNCTYPE(None, c_void_p, c_int, c_char_p)

SIGNATURES = {
    # name: (restype, argtypes)
    "infisical_version": (c_char_p, []),
    "infisical_status_name": (c_char_p, [c_int]),
    "infisical_constant": (c_int, [c_char_p, POINTER(c_int64)]),
    "infisical_error_code": (c_int, [H]),
    "infisical_error_message": (c_char_p, [H]),
    "infisical_error_http_status": (c_int, [H]),
    "infisical_error_request": (c_char_p, [H]),
    "infisical_error_free": (None, [H]),
    "infisical_config_new": (c_int, [OUT, ERR]),
    "infisical_config_free": (None, [H]),
    "infisical_config_set_base_url": (c_int, [H, c_char_p, ERR]),
    "infisical_config_set_universal_auth": (c_int, [H, c_char_p, c_char_p, ERR]),
    "infisical_config_set_log": (c_int, [H, LOG_FN, c_void_p, c_int, ERR]),
    "infisical_client_new": (c_int, [OUT, H, ERR]),
    "infisical_client_free": (None, [H]),
    "infisical_client_login": (c_int, [H, H, ERR]),
    "infisical_call_options_new": (c_int, [OUT, ERR]),
    "infisical_call_options_free": (None, [H]),
    "infisical_call_options_set_timeout_ms": (c_int, [H, c_int64, ERR]),
    "infisical_call_options_set_max_attempts": (c_int, [H, c_uint32, ERR]),
    "infisical_northflank_params_new": (c_int, [OUT, ERR]),
    "infisical_northflank_params_free": (None, [H]),
    "infisical_northflank_params_set_name": (c_int, [H, c_char_p, ERR]),
    "infisical_northflank_params_set_description": (c_int, [H, c_char_p, ERR]),
    "infisical_northflank_params_set_api_token": (c_int, [H, c_char_p, ERR]),
    "infisical_northflank_create": (c_int, [H, H, OUT, H, ERR]),
    "infisical_northflank_get": (c_int, [H, c_char_p, OUT, H, ERR]),
    "infisical_northflank_get_by_name": (c_int, [H, c_char_p, c_char_p, OUT, H, ERR]),
    "infisical_northflank_list": (c_int, [H, c_char_p, OUT, H, ERR]),
    "infisical_northflank_update": (c_int, [H, c_char_p, H, OUT, H, ERR]),
    "infisical_northflank_delete": (c_int, [H, c_char_p, OUT, H, ERR]),
    "infisical_connection_id": (c_char_p, [H]),
    "infisical_connection_name": (c_char_p, [H]),
    "infisical_connection_description": (c_char_p, [H]),
    "infisical_connection_version": (c_int64, [H]),
    "infisical_connection_credentials_hash": (c_char_p, [H]),
    "infisical_connection_credentials_changed": (c_int, [H, H, POINTER(c_int), ERR]),
    "infisical_connection_free": (None, [H]),
    "infisical_connection_list_count": (c_uint32, [H]),
    "infisical_connection_list_at": (H, [H, c_uint32]),
    "infisical_connection_list_free": (None, [H]),
}


def load(path):
    lib = ctypes.CDLL(path)
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    return lib


class InfisicalError(Exception):
    def __init__(self, code, name, message, http_status):
        super().__init__("%s (%d): %s" % (name, code, message))
        self.code, self.name, self.message, self.http_status = code, name, message, http_status


def call(lib, fn, *args):
    """Call fn(*args, &err); raise InfisicalError, with the error's detail,
    when it returns a status other than INFISICAL_OK (0)."""
    err = c_void_p()
    status = fn(*args, byref(err))
    if status != 0:
        try:
            raise InfisicalError(lib.infisical_error_code(err), lib.infisical_status_name(status).decode(),
                                 lib.infisical_error_message(err).decode(), lib.infisical_error_http_status(err))
        finally:
            lib.infisical_error_free(err)


def constant(lib, name):
    value = c_int64()
    if lib.infisical_constant(name.encode(), byref(value)) != 0:
        raise KeyError(name)
    return value.value


# ---- the test --------------------------------------------------------------

LIB_PATH, DEVSERVER_PATH = devserver.arguments("LIBINFISICAL_SO", "DEVSERVER")
CONNECTIONS = b"/api/v1/app-connections/northflank"


class CtypesLifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = load(LIB_PATH)
        cls.dev = devserver.Devserver(DEVSERVER_PATH)
        cls.log = []
        # Kept on the class: the C side holds only a raw pointer to this
        # thunk, and it must live as long as any client made with it.
        cls.log_fn = LOG_FN(lambda user, level, line: cls.log.append((level, line.decode())))
        lib = cls.lib
        cfg = c_void_p()
        call(lib, lib.infisical_config_new, byref(cfg))
        try:
            call(lib, lib.infisical_config_set_base_url, cfg, cls.dev.url.encode())
            call(lib, lib.infisical_config_set_universal_auth, cfg,
                 cls.dev.client_id.encode(), cls.dev.client_secret.encode())
            call(lib, lib.infisical_config_set_log, cfg, cls.log_fn, None, constant(lib, "INFISICAL_LOG_DEBUG"))
            cls.client = c_void_p()
            call(lib, lib.infisical_client_new, byref(cls.client), cfg)
        finally:
            lib.infisical_config_free(cfg)   # the client keeps its own copy

    @classmethod
    def tearDownClass(cls):
        cls.lib.infisical_client_free(cls.client)
        cls.dev.stop()

    def tearDown(self):
        # Whatever a test did, its log lines must hold none of the secrets the
        # devserver issued or accepted (tokens, client secrets, Northflank tokens).
        text = "\n".join(line for _, line in self.log)
        secrets = self.dev.secrets()
        self.assertGreaterEqual(len(secrets), 4, "nothing to look for")
        for secret in secrets:
            self.assertNotIn(secret, text, "a secret reached the log callback")

    def params(self, name=None, description=None, token=None):
        lib = self.lib
        p = c_void_p()
        call(lib, lib.infisical_northflank_params_new, byref(p))
        self.addCleanup(lib.infisical_northflank_params_free, p)   # wipes the token inside
        if name is not None:
            call(lib, lib.infisical_northflank_params_set_name, p, name.encode())
        if description is not None:
            call(lib, lib.infisical_northflank_params_set_description, p, description.encode())
        if token is not None:
            call(lib, lib.infisical_northflank_params_set_api_token, p, token.encode())
        return p

    def keep(self, conn):
        self.addCleanup(self.lib.infisical_connection_free, conn)
        return conn

    def test_constants_and_names(self):
        lib = self.lib
        self.assertEqual(lib.infisical_version(), b"0.2.0")
        self.assertEqual(constant(lib, "INFISICAL_ENOTFOUND"), -12)
        self.assertEqual(lib.infisical_status_name(-12), b"INFISICAL_ENOTFOUND")
        self.assertEqual(constant(lib, "INFISICAL_NAME_MAX"), 64)
        # The one constant that no header parser can evaluate.
        self.assertEqual(constant(lib, "INFISICAL_TIME_ABSENT"), -2**63)
        self.assertIsNone(lib.infisical_status_name(1))
        with self.assertRaises(KeyError):
            constant(lib, "INFISICAL_NO_SUCH_THING")

    def test_lifecycle(self):
        lib, client = self.lib, self.client
        second_token = "nf-ctypes-rotated-" + "0123456789abcdef" * 2
        self.dev.add_northflank_token(second_token)

        created = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_create, client,
             self.params("ctypes-conn", "made through ctypes", self.dev.northflank_token), byref(created), None)
        conn_id = lib.infisical_connection_id(created)
        self.assertEqual(len(conn_id), 36)
        self.assertEqual(lib.infisical_connection_name(created), b"ctypes-conn")
        self.assertEqual(lib.infisical_connection_description(created), b"made through ctypes")
        self.assertEqual(lib.infisical_connection_version(created), 1)

        got = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_get, client, conn_id, byref(got), None)
        self.assertEqual(lib.infisical_connection_name(got), b"ctypes-conn")

        by_name = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_get_by_name, client, b"ctypes-conn", None, byref(by_name), None)
        self.assertEqual(lib.infisical_connection_id(by_name), conn_id)

        listed = c_void_p()
        call(lib, lib.infisical_northflank_list, client, None, byref(listed), None)
        self.addCleanup(lib.infisical_connection_list_free, listed)
        # list_at's connections are borrowed from the list: never freed alone.
        ids = [lib.infisical_connection_id(lib.infisical_connection_list_at(listed, i))
               for i in range(lib.infisical_connection_list_count(listed))]
        self.assertIn(conn_id, ids)
        self.assertIsNone(lib.infisical_connection_list_at(listed, len(ids)))

        # A rename with a per-call deadline: the credentials stay as they were.
        opts = c_void_p()
        call(lib, lib.infisical_call_options_new, byref(opts))
        self.addCleanup(lib.infisical_call_options_free, opts)
        call(lib, lib.infisical_call_options_set_timeout_ms, opts, 10000)
        renamed = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_update, client, conn_id, self.params("ctypes-renamed"),
             byref(renamed), opts)
        self.assertEqual(lib.infisical_connection_name(renamed), b"ctypes-renamed")
        self.assertEqual(lib.infisical_connection_version(renamed), 2)
        changed = c_int(-1)
        call(lib, lib.infisical_connection_credentials_changed, created, renamed, byref(changed))
        self.assertEqual(changed.value, 0)

        rotated = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_update, client, conn_id, self.params(token=second_token),
             byref(rotated), opts)
        call(lib, lib.infisical_connection_credentials_changed, renamed, rotated, byref(changed))
        self.assertEqual(changed.value, 1)
        self.assertNotEqual(lib.infisical_connection_credentials_hash(renamed),
                            lib.infisical_connection_credentials_hash(rotated))

        deleted = self.keep(c_void_p())
        call(lib, lib.infisical_northflank_delete, client, conn_id, byref(deleted), None)
        self.assertEqual(lib.infisical_connection_id(deleted), conn_id)
        with self.assertRaises(InfisicalError) as caught:
            call(lib, lib.infisical_northflank_get, client, conn_id, byref(c_void_p()), None)
        self.assertEqual(caught.exception.name, "INFISICAL_ENOTFOUND")

    def test_not_found(self):
        lib = self.lib
        missing = b"00000000-0000-4000-8000-000000000000"
        err, out = c_void_p(), c_void_p()
        status = lib.infisical_northflank_get(self.client, missing, byref(out), None, byref(err))
        self.addCleanup(lib.infisical_error_free, err)
        self.assertEqual(status, constant(lib, "INFISICAL_ENOTFOUND"))
        self.assertEqual(lib.infisical_status_name(status), b"INFISICAL_ENOTFOUND")
        self.assertEqual(lib.infisical_error_code(err), status)
        self.assertEqual(lib.infisical_error_http_status(err), 404)
        self.assertIn(b"Could not find App Connection", lib.infisical_error_message(err))
        self.assertEqual(lib.infisical_error_request(err), b"GET " + CONNECTIONS + b"/" + missing)
        self.assertIsNone(out.value)

    def test_call_timeout(self):
        # The per-call deadline is honoured: a reply held back 2 s fails a
        # call given 300 ms, with one attempt, as INFISICAL_ETIMEOUT.
        lib = self.lib
        call(lib, lib.infisical_client_login, self.client, None)   # so the 300 ms are the list's alone
        opts = c_void_p()
        call(lib, lib.infisical_call_options_new, byref(opts))
        self.addCleanup(lib.infisical_call_options_free, opts)
        call(lib, lib.infisical_call_options_set_timeout_ms, opts, 300)
        call(lib, lib.infisical_call_options_set_max_attempts, opts, 1)
        self.dev.delay_next("GET", CONNECTIONS.decode(), 2000)
        listed = c_void_p()
        with self.assertRaises(InfisicalError) as caught:
            call(lib, lib.infisical_northflank_list, self.client, None, byref(listed), opts)
        self.assertEqual(caught.exception.code, constant(lib, "INFISICAL_ETIMEOUT"))

    def test_log_lines(self):
        lib = self.lib
        listed = c_void_p()
        call(lib, lib.infisical_northflank_list, self.client, None, byref(listed), None)
        lib.infisical_connection_list_free(listed)
        info = constant(lib, "INFISICAL_LOG_INFO")
        self.assertTrue(any(level == info and line.startswith("GET " + CONNECTIONS.decode() + " -> 200")
                            for level, line in self.log), self.log)


devserver.run_tests()
