"""Loading libinfisical and declaring, for ctypes, every function this package
calls. Nothing here is public: the package's modules call ``lib`` only.

The library is found, in this order:

1. ``$INFISICAL_LIBRARY``, a path or a name for the loader, when it is set;
   nothing else is tried then;
2. ``libinfisical.so.0``, the SONAME of the 0.x series, through the dynamic
   loader (its cache after ``ldconfig``, ``LD_LIBRARY_PATH``, the default
   folders);
3. whatever ``ctypes.util.find_library("infisical")`` names (other
   platforms, other layouts).

Its version is checked at import: while the major version is 0 a minor
version may change the API, so the library must be 0.2.x.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import POINTER, c_char_p, c_int, c_int64, c_uint32, c_void_p
from typing import Dict, List, Optional, Tuple

ENV_VAR = "INFISICAL_LIBRARY"
SONAME = "libinfisical.so.0"
#: The API this package wraps: MAJOR, MINOR of the library's version.
API_VERSION = (0, 2)

# Handles are opaque: a c_void_p carries each. OUT is `infisical_x **out`,
# ERR the trailing `infisical_error **err`, OPTS `const infisical_call_options *`.
H = c_void_p
OUT = POINTER(c_void_p)
ERR = POINTER(c_void_p)
OPTS = c_void_p
STR = c_char_p

#: void (*infisical_log_fn)(void *user, int level, const char *line)
LOG_FN = ctypes.CFUNCTYPE(None, c_void_p, c_int, c_char_p)
#: int (*infisical_cancel_fn)(void *user)
CANCEL_FN = ctypes.CFUNCTYPE(c_int, c_void_p)

# name: (restype, argtypes), for every function the package calls.
SIGNATURES: Dict[str, Tuple[object, List[object]]] = {
    # common.h
    "infisical_version": (c_char_p, []),
    "infisical_version_number": (c_uint32, []),
    "infisical_status_str": (c_char_p, [c_int]),
    "infisical_status_name": (c_char_p, [c_int]),
    "infisical_constant": (c_int, [c_char_p, POINTER(c_int64)]),
    "infisical_constant_string": (c_char_p, [c_char_p]),
    # error.h
    "infisical_error_code": (c_int, [H]),
    "infisical_error_message": (c_char_p, [H]),
    "infisical_error_http_status": (c_int, [H]),
    "infisical_error_server_error": (c_char_p, [H]),
    "infisical_error_request_id": (c_char_p, [H]),
    "infisical_error_retry_after_ms": (c_int64, [H]),
    "infisical_error_retryable": (c_int, [H]),
    "infisical_error_request": (c_char_p, [H]),
    "infisical_error_attempts": (c_uint32, [H]),
    "infisical_error_issue_count": (c_uint32, [H]),
    "infisical_error_issue_path": (c_char_p, [H, c_uint32]),
    "infisical_error_issue_message": (c_char_p, [H, c_uint32]),
    "infisical_error_issue_code": (c_char_p, [H, c_uint32]),
    "infisical_error_details_json": (c_char_p, [H]),
    "infisical_error_preflight_report": (H, [H]),
    "infisical_error_free": (None, [H]),
    # config.h
    "infisical_config_new": (c_int, [OUT, ERR]),
    "infisical_config_free": (None, [H]),
    "infisical_config_load_env": (c_int, [H, ERR]),
    "infisical_config_set_base_url": (c_int, [H, STR, ERR]),
    "infisical_config_set_timeout_ms": (c_int, [H, c_int64, ERR]),
    "infisical_config_set_connect_timeout_ms": (c_int, [H, c_int64, ERR]),
    "infisical_config_set_max_attempts": (c_int, [H, c_uint32, ERR]),
    "infisical_config_set_max_response_bytes": (c_int, [H, c_int64, ERR]),
    "infisical_config_set_ca_file": (c_int, [H, STR, ERR]),
    "infisical_config_set_ca_dir": (c_int, [H, STR, ERR]),
    "infisical_config_set_ca_pem": (c_int, [H, STR, ERR]),
    "infisical_config_set_proxy": (c_int, [H, STR, ERR]),
    "infisical_config_set_no_proxy": (c_int, [H, STR, ERR]),
    "infisical_config_set_log": (c_int, [H, LOG_FN, c_void_p, c_int, ERR]),
    "infisical_config_set_org_slug": (c_int, [H, STR, ERR]),
    "infisical_config_set_user_agent_suffix": (c_int, [H, STR, ERR]),
    "infisical_config_set_access_token": (c_int, [H, STR, ERR]),
    "infisical_config_set_universal_auth": (c_int, [H, STR, STR, ERR]),
    "infisical_config_set_northflank_url": (c_int, [H, STR, ERR]),
    # options.h
    "infisical_call_options_new": (c_int, [OUT, ERR]),
    "infisical_call_options_free": (None, [H]),
    "infisical_call_options_set_timeout_ms": (c_int, [H, c_int64, ERR]),
    "infisical_call_options_set_cancel_hook": (c_int, [H, CANCEL_FN, c_void_p, ERR]),
    "infisical_call_options_set_max_attempts": (c_int, [H, c_uint32, ERR]),
    # client.h
    "infisical_client_new": (c_int, [OUT, H, ERR]),
    "infisical_client_free": (None, [H]),
    "infisical_client_login": (c_int, [H, OPTS, ERR]),
    "infisical_client_revoke": (c_int, [H, OPTS, ERR]),
    # northflank.h
    "infisical_northflank_params_new": (c_int, [OUT, ERR]),
    "infisical_northflank_params_free": (None, [H]),
    "infisical_northflank_params_set_name": (c_int, [H, STR, ERR]),
    "infisical_northflank_params_set_description": (c_int, [H, STR, ERR]),
    "infisical_northflank_params_set_project_id": (c_int, [H, STR, ERR]),
    "infisical_northflank_params_set_api_token": (c_int, [H, STR, ERR]),
    "infisical_northflank_params_set_preflight": (c_int, [H, c_int, c_uint32, ERR]),
    "infisical_northflank_create": (c_int, [H, H, OUT, OPTS, ERR]),
    "infisical_northflank_get": (c_int, [H, STR, OUT, OPTS, ERR]),
    "infisical_northflank_get_by_name": (c_int, [H, STR, STR, OUT, OPTS, ERR]),
    "infisical_northflank_list": (c_int, [H, STR, OUT, OPTS, ERR]),
    "infisical_northflank_list_available": (c_int, [H, STR, OUT, OPTS, ERR]),
    "infisical_northflank_update": (c_int, [H, STR, H, OUT, OPTS, ERR]),
    "infisical_northflank_delete": (c_int, [H, STR, OUT, OPTS, ERR]),
    "infisical_northflank_offered": (c_int, [H, POINTER(c_int), OPTS, ERR]),
    # connection.h
    "infisical_connection_id": (c_char_p, [H]),
    "infisical_connection_name": (c_char_p, [H]),
    "infisical_connection_description": (c_char_p, [H]),
    "infisical_connection_app": (c_char_p, [H]),
    "infisical_connection_method": (c_char_p, [H]),
    "infisical_connection_project_id": (c_char_p, [H]),
    "infisical_connection_org_id": (c_char_p, [H]),
    "infisical_connection_version": (c_int64, [H]),
    "infisical_connection_created_at": (c_char_p, [H]),
    "infisical_connection_updated_at": (c_char_p, [H]),
    "infisical_connection_created_at_ms": (c_int64, [H]),
    "infisical_connection_updated_at_ms": (c_int64, [H]),
    "infisical_connection_is_platform_managed_credentials": (c_int, [H]),
    "infisical_connection_is_auto_rotation_enabled": (c_int, [H]),
    "infisical_connection_gateway_id": (c_char_p, [H]),
    "infisical_connection_gateway_pool_id": (c_char_p, [H]),
    "infisical_connection_credentials_hash": (c_char_p, [H]),
    "infisical_connection_project_name": (c_char_p, [H]),
    "infisical_connection_project_slug": (c_char_p, [H]),
    "infisical_connection_project_type": (c_char_p, [H]),
    "infisical_connection_credentials_changed": (c_int, [H, H, POINTER(c_int), ERR]),
    "infisical_connection_credentials_changed_since": (c_int, [H, STR, POINTER(c_int), ERR]),
    "infisical_connection_free": (None, [H]),
    "infisical_connection_list_count": (c_uint32, [H]),
    "infisical_connection_list_at": (H, [H, c_uint32]),
    "infisical_connection_list_free": (None, [H]),
    # preflight.h (the report a refused create carries)
    "infisical_preflight_authenticated": (c_int, [H]),
    "infisical_preflight_passed": (c_int, [H]),
    "infisical_preflight_state": (c_int, [H, c_uint32]),
    "infisical_preflight_permission_name": (c_char_p, [c_uint32]),
    "infisical_preflight_reason": (c_char_p, [H, c_uint32]),
    "infisical_preflight_summary": (c_char_p, [H, c_uint32]),
}


def _open() -> Tuple[ctypes.CDLL, str]:
    override = os.environ.get(ENV_VAR)
    if override:
        try:
            return ctypes.CDLL(override), override
        except OSError as e:
            raise ImportError("%s=%s: %s" % (ENV_VAR, override, e)) from e
    tried = []
    for name in (SONAME, ctypes.util.find_library("infisical")):
        if not name or name in tried:
            continue
        tried.append(name)
        try:
            return ctypes.CDLL(name), name
        except OSError:
            pass
    raise ImportError(
        "libinfisical was not found (tried %s). Install it (`ninja -C build install`, which also "
        "runs ldconfig as root), or point %s at libinfisical.so.0." % (", ".join(tried), ENV_VAR))


def _load() -> Tuple[ctypes.CDLL, str, str]:
    cdll, name = _open()
    try:
        number_fn = cdll.infisical_version_number
        version_fn = cdll.infisical_version
    except AttributeError as e:
        raise ImportError("%s is not libinfisical: %s" % (name, e)) from e
    number_fn.restype, number_fn.argtypes = c_uint32, []
    version_fn.restype, version_fn.argtypes = c_char_p, []
    number = number_fn()
    version = version_fn().decode()
    major, minor = number // 10000, number // 100 % 100
    want_major, want_minor = API_VERSION
    # 0.x: a minor version may change the API; from 1.0 on, later minors only add.
    if major != want_major or (minor != want_minor if major == 0 else minor < want_minor):
        raise ImportError("%s is libinfisical %s; this package wraps the %d.%d API: install the "
                          "package that matches the library" % (name, version, want_major, want_minor))
    for fname, (restype, argtypes) in SIGNATURES.items():
        try:
            fn = getattr(cdll, fname)
        except AttributeError as e:
            raise ImportError("%s (libinfisical %s) lacks %s" % (name, version, fname)) from e
        fn.restype, fn.argtypes = restype, argtypes
    return cdll, name, version


lib, library_name, library_version = _load()


def constant(name: str) -> int:
    """An integer constant of the C headers, by name, as the library has it."""
    value = c_int64()
    if lib.infisical_constant(name.encode(), ctypes.byref(value)) != 0:
        raise KeyError(name)
    return value.value


def text(value: Optional[bytes]) -> Optional[str]:
    """A borrowed C string as str (ctypes has already copied it), None for NULL."""
    return None if value is None else value.decode("utf-8", "replace")
