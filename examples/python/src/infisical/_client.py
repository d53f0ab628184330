"""Client, Connection and ConnectionList: the C handles as Python objects."""

from __future__ import annotations

import ctypes
import enum
import threading
import weakref
from ctypes import byref, c_int, c_void_p
from typing import (Any, Callable, Iterator, List, Optional, Sequence, Union, overload)

from ._errors import check
from ._native import CANCEL_FN, LOG_FN, constant, lib, text

#: What a secret may be given as. A bytearray is the one kind the caller can
#: wipe afterwards; the package wipes its own copies as soon as the call returns.
Secret = Union[str, bytes, bytearray]
#: A cancel hook: a callable returning true to stop, or a threading.Event.
Cancel = Union[Callable[[], bool], threading.Event]


class LogLevel(enum.IntEnum):
    """Levels of the log callback (INFISICAL_LOG_*)."""

    ERROR = 1
    WARN = 2
    INFO = 3
    DEBUG = 4


for _level in LogLevel:  # ABI constants: must agree with the library's
    if constant("INFISICAL_LOG_" + _level.name) != _level.value:
        raise ImportError("INFISICAL_LOG_%s differs between the package and the library" % _level.name)

_ABSENT = constant("INFISICAL_ABSENT")
_TRUE = constant("INFISICAL_TRUE")
_TIME_ABSENT = constant("INFISICAL_TIME_ABSENT")
_CHECK_WRITE = constant("INFISICAL_PREFLIGHT_CHECK_WRITE")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


#: "Leave this field as it is" in Client.update(); None means "clear it" for a description.
UNSET: Any = _Unset()


def _cstr(value: Optional[Union[str, bytes]], field: str) -> Optional[bytes]:
    if value is None:
        return None
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if b"\0" in data:
        raise ValueError("%s: must not contain a NUL character" % field)
    return data


class _SecretBuffer:
    """A NUL-terminated copy of a secret in memory that is wiped on exit."""

    def __init__(self, value: Secret, field: str) -> None:
        if isinstance(value, str):
            value = value.encode("utf-8")
        elif not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("%s: must be str, bytes or bytearray" % field)
        if b"\0" in value:
            raise ValueError("%s: must not contain a NUL character" % field)
        self.buf = ctypes.create_string_buffer(bytes(value), len(value) + 1)

    def __enter__(self) -> ctypes.Array:  # type: ignore[type-arg]
        return self.buf

    def __exit__(self, *exc: object) -> None:
        ctypes.memset(self.buf, 0, ctypes.sizeof(self.buf))


class _CallOptions:
    """infisical_call_options for one call (deadline, cancel hook, attempts),
    or NULL when the call sets none of them."""

    def __init__(self, timeout: Optional[float], cancel: Optional[Cancel], max_attempts: Optional[int]) -> None:
        self.handle = c_void_p()
        self.hook = None
        if timeout is None and cancel is None and max_attempts is None:
            return
        check(lib.infisical_call_options_new, byref(self.handle))
        try:
            if timeout is not None:
                check(lib.infisical_call_options_set_timeout_ms, self.handle, max(1, int(timeout * 1000)))
            if max_attempts is not None:
                check(lib.infisical_call_options_set_max_attempts, self.handle, max_attempts)
            if cancel is not None:
                stop = cancel.is_set if isinstance(cancel, threading.Event) else cancel

                def hook(_user: Any) -> int:
                    try:
                        return 1 if stop() else 0
                    except Exception:  # an exception cannot cross into C: stop the call
                        return 1

                # Referenced from self until the call is over: C holds only a raw pointer.
                self.hook = CANCEL_FN(hook)
                check(lib.infisical_call_options_set_cancel_hook, self.handle, self.hook, None)
        except BaseException:
            lib.infisical_call_options_free(self.handle)
            raise

    def __enter__(self) -> c_void_p:
        return self.handle

    def __exit__(self, *exc: object) -> None:
        lib.infisical_call_options_free(self.handle)
        self.handle = c_void_p()
        self.hook = None


def _bool3(value: int) -> Optional[bool]:
    return None if value == _ABSENT else value == _TRUE


def _ms(value: int) -> Optional[int]:
    return None if value == _TIME_ABSENT else value


class _Text:
    """A string property of a connection, read from its C getter (NULL: None)."""

    def __init__(self, getter: str, doc: str) -> None:
        self._getter = getattr(lib, getter)
        self.__doc__ = doc

    @overload
    def __get__(self, obj: None, owner: type) -> "_Text": ...

    @overload
    def __get__(self, obj: "Connection", owner: type) -> Optional[str]: ...

    def __get__(self, obj: Optional["Connection"], owner: type) -> Union["_Text", Optional[str]]:
        if obj is None:
            return self
        return text(self._getter(obj._handle))


class Connection:
    """One Northflank App Connection, as the server described it.

    Read-only properties; a string the server did not send is None. A
    connection from a list keeps that list alive, and is freed with it.
    """

    __slots__ = ("_handle", "_owner", "_finalizer", "__weakref__")

    def __init__(self, handle: c_void_p, owner: Optional["ConnectionList"] = None) -> None:
        self._handle = handle
        self._owner = owner   # a borrowed connection (list_at) lives as long as its list
        self._finalizer = None if owner is not None else weakref.finalize(
            self, lib.infisical_connection_free, handle)

    id = _Text("infisical_connection_id", "The connection's id (a UUID).")
    name = _Text("infisical_connection_name", "The name (a slug).")
    description = _Text("infisical_connection_description", "The description, or None.")
    app = _Text("infisical_connection_app", '"northflank".')
    method = _Text("infisical_connection_method", '"api-token".')
    project_id = _Text("infisical_connection_project_id", "The project of a project-level connection, else None.")
    org_id = _Text("infisical_connection_org_id", "The organization's id.")
    created_at = _Text("infisical_connection_created_at", "Creation time as the server wrote it (ISO 8601).")
    updated_at = _Text("infisical_connection_updated_at", "Last update time as the server wrote it (ISO 8601).")
    gateway_id = _Text("infisical_connection_gateway_id", "The gateway's id, or None.")
    gateway_pool_id = _Text("infisical_connection_gateway_pool_id", "The gateway pool's id, or None (newer servers).")
    credentials_hash = _Text("infisical_connection_credentials_hash",
                             "Opaque hash of the credentials; it changes when the token is rotated.")
    project_name = _Text("infisical_connection_project_name", "The project's name, or None (newer servers).")
    project_slug = _Text("infisical_connection_project_slug", "The project's slug, or None (newer servers).")
    project_type = _Text("infisical_connection_project_type", "The project's type, or None (newer servers).")

    @property
    def version(self) -> int:
        """The record's version; goes up with each update."""
        return int(lib.infisical_connection_version(self._handle))

    @property
    def created_at_ms(self) -> Optional[int]:
        """Creation time in milliseconds since the epoch, or None."""
        return _ms(lib.infisical_connection_created_at_ms(self._handle))

    @property
    def updated_at_ms(self) -> Optional[int]:
        """Last update time in milliseconds since the epoch, or None."""
        return _ms(lib.infisical_connection_updated_at_ms(self._handle))

    @property
    def is_platform_managed_credentials(self) -> Optional[bool]:
        """True, False, or None when the server did not say."""
        return _bool3(lib.infisical_connection_is_platform_managed_credentials(self._handle))

    @property
    def is_auto_rotation_enabled(self) -> Optional[bool]:
        """True, False, or None when the server did not say (older servers)."""
        return _bool3(lib.infisical_connection_is_auto_rotation_enabled(self._handle))

    def credentials_changed(self, since: Union["Connection", str]) -> bool:
        """Whether the credentials differ from an earlier snapshot of the same
        connection, or from a credentials hash stored earlier."""
        changed = c_int()
        if isinstance(since, Connection):
            check(lib.infisical_connection_credentials_changed, since._handle, self._handle, byref(changed))
        else:
            check(lib.infisical_connection_credentials_changed_since, self._handle,
                  _cstr(since, "since"), byref(changed))
        return changed.value == 1

    def __repr__(self) -> str:
        return "<infisical.Connection %s id=%s version=%d>" % (self.name, self.id, self.version)


class ConnectionList(Sequence[Connection]):
    """The connections a listing returned: len(), indexing, iteration."""

    def __init__(self, handle: c_void_p) -> None:
        self._handle = handle
        self._finalizer = weakref.finalize(self, lib.infisical_connection_list_free, handle)
        self._count = int(lib.infisical_connection_list_count(handle))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> Connection: ...

    @overload
    def __getitem__(self, i: slice) -> List[Connection]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[Connection, List[Connection]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._count))]
        if i < 0:
            i += self._count
        if not 0 <= i < self._count:
            raise IndexError("connection index out of range")
        return Connection(c_void_p(lib.infisical_connection_list_at(self._handle, i)), owner=self)

    def __iter__(self) -> Iterator[Connection]:
        for i in range(self._count):
            yield self[i]

    def __repr__(self) -> str:
        return "<infisical.ConnectionList of %d>" % self._count


LogCallback = Callable[[LogLevel, str], None]


def _free_client(handle: c_void_p, _keep: Any) -> None:
    # _keep: the log thunk, referenced by this finalizer so that it outlives
    # the C client, which calls it.
    lib.infisical_client_free(handle)


class Client:
    """A client of one Infisical server: configuration, credentials, the
    access token, pooled connections. Use it as a context manager, or call
    close(). One client may be used from many threads at once.

    Credentials: client_id and client_secret (Universal Auth), or
    access_token, or from_env=True to read INFISICAL_API_URL,
    INFISICAL_TOKEN, INFISICAL_UNIVERSAL_AUTH_CLIENT_ID and ..._SECRET.
    Secrets may be str, bytes or bytearray. Times are in seconds.

    log: a callable(level, line) given every log line at log_level or more
    important. It may be called from several threads at once, must not call
    the client, and is kept alive as long as the client is.

    Every operation takes keyword-only timeout (seconds), cancel (a callable
    or a threading.Event, polled at least every 50 ms) and max_attempts,
    for that call alone.
    """

    def __init__(self, base_url: Optional[str] = None, *, client_id: Optional[str] = None,
                 client_secret: Optional[Secret] = None, access_token: Optional[Secret] = None,
                 from_env: bool = False, org_slug: Optional[str] = None, timeout: Optional[float] = None,
                 connect_timeout: Optional[float] = None, max_attempts: Optional[int] = None,
                 max_response_bytes: Optional[int] = None, ca_file: Optional[str] = None,
                 ca_dir: Optional[str] = None, ca_pem: Optional[str] = None, proxy: Optional[str] = None,
                 no_proxy: Optional[str] = None, user_agent_suffix: Optional[str] = None,
                 northflank_url: Optional[str] = None, log: Optional[LogCallback] = None,
                 log_level: LogLevel = LogLevel.INFO) -> None:
        self._handle = c_void_p()
        self._log_thunk = None
        cfg = c_void_p()
        check(lib.infisical_config_new, byref(cfg))
        try:
            if from_env:
                check(lib.infisical_config_load_env, cfg)
            for setter, value, field in (
                    (lib.infisical_config_set_base_url, base_url, "base_url"),
                    (lib.infisical_config_set_org_slug, org_slug, "org_slug"),
                    (lib.infisical_config_set_ca_file, ca_file, "ca_file"),
                    (lib.infisical_config_set_ca_dir, ca_dir, "ca_dir"),
                    (lib.infisical_config_set_ca_pem, ca_pem, "ca_pem"),
                    (lib.infisical_config_set_proxy, proxy, "proxy"),
                    (lib.infisical_config_set_no_proxy, no_proxy, "no_proxy"),
                    (lib.infisical_config_set_user_agent_suffix, user_agent_suffix, "user_agent_suffix"),
                    (lib.infisical_config_set_northflank_url, northflank_url, "northflank_url")):
                if value is not None:
                    check(setter, cfg, _cstr(value, field))
            if timeout is not None:
                check(lib.infisical_config_set_timeout_ms, cfg, max(1, int(timeout * 1000)))
            if connect_timeout is not None:
                check(lib.infisical_config_set_connect_timeout_ms, cfg, max(1, int(connect_timeout * 1000)))
            if max_attempts is not None:
                check(lib.infisical_config_set_max_attempts, cfg, max_attempts)
            if max_response_bytes is not None:
                check(lib.infisical_config_set_max_response_bytes, cfg, max_response_bytes)
            if access_token is not None:
                with _SecretBuffer(access_token, "access_token") as token:
                    check(lib.infisical_config_set_access_token, cfg, token)
            if client_id is not None or client_secret is not None:
                if client_id is None or client_secret is None:
                    raise ValueError("client_id and client_secret go together")
                with _SecretBuffer(client_secret, "client_secret") as secret:
                    check(lib.infisical_config_set_universal_auth, cfg, _cstr(client_id, "client_id"), secret)
            if log is not None:
                self._log_thunk = LOG_FN(self._log_trampoline(log))
                check(lib.infisical_config_set_log, cfg, self._log_thunk, None, int(log_level))
            check(lib.infisical_client_new, byref(self._handle), cfg)
        finally:
            lib.infisical_config_free(cfg)   # the client keeps its own copy
        self._finalizer = weakref.finalize(self, _free_client, self._handle, self._log_thunk)

    @staticmethod
    def _log_trampoline(log: LogCallback) -> Callable[[Any, int, Optional[bytes]], None]:
        def thunk(_user: Any, level: int, line: Optional[bytes]) -> None:
            try:
                log(LogLevel(level), text(line) or "")
            except Exception:   # an exception cannot cross into C; a log line is not worth a crash
                pass
        return thunk

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        """Free the client (its secrets are wiped). Idempotent. Does not
        revoke the access token: see revoke()."""
        self._finalizer()
        self._handle = c_void_p()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self) -> c_void_p:
        if not self._finalizer.alive:
            raise ValueError("the client is closed")
        return self._handle

    def _one(self, fn: Any, *args: Any, timeout: Optional[float], cancel: Optional[Cancel],
             max_attempts: Optional[int]) -> Connection:
        out = c_void_p()
        with _CallOptions(timeout, cancel, max_attempts) as opts:
            check(fn, self._live(), *args, byref(out), opts)
        return Connection(out)

    def _list(self, fn: Any, project_id: Optional[str], timeout: Optional[float], cancel: Optional[Cancel],
              max_attempts: Optional[int]) -> ConnectionList:
        out = c_void_p()
        with _CallOptions(timeout, cancel, max_attempts) as opts:
            check(fn, self._live(), _cstr(project_id, "project_id"), byref(out), opts)
        return ConnectionList(out)

    # -- authentication -----------------------------------------------------

    def login(self, *, timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
              max_attempts: Optional[int] = None) -> None:
        """Make sure the client holds a valid access token now (operations do this themselves)."""
        with _CallOptions(timeout, cancel, max_attempts) as opts:
            check(lib.infisical_client_login, self._live(), opts)

    def revoke(self, *, timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
               max_attempts: Optional[int] = None) -> None:
        """Revoke the current access token on the server and forget it."""
        with _CallOptions(timeout, cancel, max_attempts) as opts:
            check(lib.infisical_client_revoke, self._live(), opts)

    # -- connections ----------------------------------------------------------

    def _params(self, name: Any, description: Any, project_id: Any, api_token: Any, preflight: bool,
                check_write: bool) -> c_void_p:
        p = c_void_p()
        check(lib.infisical_northflank_params_new, byref(p))
        try:
            if name is not UNSET:
                check(lib.infisical_northflank_params_set_name, p, _cstr(name, "name"))
            if description is not UNSET:
                check(lib.infisical_northflank_params_set_description, p, _cstr(description, "description"))
            if project_id is not UNSET:
                check(lib.infisical_northflank_params_set_project_id, p, _cstr(project_id, "project_id"))
            if api_token is not UNSET:
                with _SecretBuffer(api_token, "api_token") as token:
                    check(lib.infisical_northflank_params_set_api_token, p, token)
            if preflight:
                check(lib.infisical_northflank_params_set_preflight, p, 1, _CHECK_WRITE if check_write else 0)
        except BaseException:
            lib.infisical_northflank_params_free(p)
            raise
        return p

    def create(self, name: str, api_token: Secret, *, description: Optional[str] = None,
               project_id: Optional[str] = None, preflight: bool = False, check_write: bool = False,
               timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
               max_attempts: Optional[int] = None) -> Connection:
        """Create a connection holding a Northflank API token. With
        preflight=True the token is checked against Northflank first and a
        token lacking a permission raises PreflightError (nothing is sent to
        Infisical then); check_write also tests Update."""
        p = self._params(name, UNSET if description is None else description,
                         UNSET if project_id is None else project_id, api_token, preflight, check_write)
        try:
            return self._one(lib.infisical_northflank_create, p, timeout=timeout, cancel=cancel,
                             max_attempts=max_attempts)
        finally:
            lib.infisical_northflank_params_free(p)   # wipes the token inside

    def get(self, connection_id: str, *, timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
            max_attempts: Optional[int] = None) -> Connection:
        """The connection with this id; NotFoundError if there is none."""
        return self._one(lib.infisical_northflank_get, _cstr(connection_id, "connection_id"),
                         timeout=timeout, cancel=cancel, max_attempts=max_attempts)

    def get_by_name(self, name: str, *, project_id: Optional[str] = None, timeout: Optional[float] = None,
                    cancel: Optional[Cancel] = None, max_attempts: Optional[int] = None) -> Connection:
        """The connection with this name (organization-level, or in project_id)."""
        return self._one(lib.infisical_northflank_get_by_name, _cstr(name, "name"),
                         _cstr(project_id, "project_id"), timeout=timeout, cancel=cancel,
                         max_attempts=max_attempts)

    def list(self, *, project_id: Optional[str] = None, timeout: Optional[float] = None,
             cancel: Optional[Cancel] = None, max_attempts: Optional[int] = None) -> ConnectionList:
        """Every connection the identity may read, sorted by name."""
        return self._list(lib.infisical_northflank_list, project_id, timeout, cancel, max_attempts)

    def list_available(self, *, project_id: Optional[str] = None, timeout: Optional[float] = None,
                       cancel: Optional[Cancel] = None, max_attempts: Optional[int] = None) -> ConnectionList:
        """The connections the identity may use (id, name, app, project and org only)."""
        return self._list(lib.infisical_northflank_list_available, project_id, timeout, cancel, max_attempts)

    def update(self, connection_id: str, *, name: Any = UNSET, description: Any = UNSET,
               api_token: Any = UNSET, preflight: bool = False, check_write: bool = False,
               timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
               max_attempts: Optional[int] = None) -> Connection:
        """Rename, re-describe (description=None clears it) or rotate the
        token; a field left UNSET is not changed."""
        p = self._params(name, description, UNSET, api_token, preflight, check_write)
        try:
            return self._one(lib.infisical_northflank_update, _cstr(connection_id, "connection_id"), p,
                             timeout=timeout, cancel=cancel, max_attempts=max_attempts)
        finally:
            lib.infisical_northflank_params_free(p)

    def delete(self, connection_id: str, *, timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
               max_attempts: Optional[int] = None) -> Connection:
        """Delete the connection; returns the deleted record."""
        return self._one(lib.infisical_northflank_delete, _cstr(connection_id, "connection_id"),
                         timeout=timeout, cancel=cancel, max_attempts=max_attempts)

    def offered(self, *, timeout: Optional[float] = None, cancel: Optional[Cancel] = None,
                max_attempts: Optional[int] = None) -> bool:
        """Whether the server offers Northflank connections at all."""
        offered = c_int()
        with _CallOptions(timeout, cancel, max_attempts) as opts:
            check(lib.infisical_northflank_offered, self._live(), byref(offered), opts)
        return offered.value == 1

    def __repr__(self) -> str:
        return "<infisical.Client%s>" % (" closed" if self.closed else "")


__all__: List[str] = ["Client", "Connection", "ConnectionList", "LogLevel", "UNSET", "Secret", "Cancel"]
