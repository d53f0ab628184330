"""The exceptions: one class per status code of the C library, all under
InfisicalError, each carrying what the library's error object says."""

from __future__ import annotations

import ctypes
import json
from typing import Any, Dict, List, NamedTuple, Optional, Type

from ._native import constant, lib, text


class Issue(NamedTuple):
    """One validation issue: a 422 body's zod issue, or the field a
    client-side check refused ("client" as code)."""

    path: str
    message: str
    code: Optional[str]


class PermissionCheck(NamedTuple):
    """One permission of a preflight report."""

    name: str       #: "Projects > Manage > Read", ...
    state: str      #: "granted", "denied", "not checked" or "unknown"
    reason: str
    summary: str


class PreflightReport(NamedTuple):
    """What Northflank said about a token (copied out of the C report)."""

    authenticated: bool
    passed: bool
    permissions: List[PermissionCheck]


class InfisicalError(Exception):
    """A failed call. Subclasses name the status code; catch this for all.

    Attributes, all copied from the C error object before it is freed:
    status (the negative code), status_name ("INFISICAL_ENOTFOUND"),
    message, http_status (None when no reply came), server_error ("BadRequest"),
    request_id (the server's reqId), retry_after (seconds the server asked
    to wait, or None), retryable, attempts, request ("GET /api/..."),
    issues (list of Issue), details (the 403 details, parsed JSON, or None),
    preflight (a PreflightReport, for PreflightError).
    """

    status_name = ""

    def __init__(self, message: str, *, status: int = 0, http_status: Optional[int] = None,
                 server_error: Optional[str] = None, request_id: Optional[str] = None,
                 retry_after: Optional[float] = None, retryable: bool = False, attempts: int = 0,
                 request: Optional[str] = None, issues: Optional[List[Issue]] = None,
                 details: Any = None, preflight: Optional[PreflightReport] = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.http_status = http_status
        self.server_error = server_error
        self.request_id = request_id
        self.retry_after = retry_after
        self.retryable = retryable
        self.attempts = attempts
        self.request = request
        self.issues = issues or []
        self.details = details
        self.preflight = preflight

    def __str__(self) -> str:
        extra = " [request id %s]" % self.request_id if self.request_id else ""
        return "%s: %s%s" % (self.status_name or "INFISICAL_E?", self.message, extra)


# One class per status code. The C names are the keys; the numbers come from
# the library itself (infisical_constant) when the module is imported.
class InvalidArgumentError(InfisicalError, ValueError):
    """INFISICAL_EINVAL: an argument is invalid; nothing was sent."""
    status_name = "INFISICAL_EINVAL"


class OutOfMemoryError(InfisicalError, MemoryError):
    """INFISICAL_ENOMEM: an allocation failed."""
    status_name = "INFISICAL_ENOMEM"


class NetworkError(InfisicalError):
    """INFISICAL_ENETWORK: could not connect, send or receive."""
    status_name = "INFISICAL_ENETWORK"


class DeadlineExceededError(InfisicalError):
    """INFISICAL_ETIMEOUT: the call's deadline or the connect timeout passed."""
    status_name = "INFISICAL_ETIMEOUT"


class TLSError(InfisicalError):
    """INFISICAL_ETLS: the TLS handshake or certificate verification failed."""
    status_name = "INFISICAL_ETLS"


class ProtocolError(InfisicalError):
    """INFISICAL_EPROTOCOL: the reply is not what the API contract says."""
    status_name = "INFISICAL_EPROTOCOL"


class BadRequestError(InfisicalError):
    """INFISICAL_EBADREQUEST: HTTP 400 (invalid token, name taken, ...)."""
    status_name = "INFISICAL_EBADREQUEST"


class UnauthorizedError(InfisicalError):
    """INFISICAL_EUNAUTHORIZED: HTTP 401."""
    status_name = "INFISICAL_EUNAUTHORIZED"


class PermissionDeniedError(InfisicalError):
    """INFISICAL_EPERMISSION: HTTP 403 PermissionDenied (see details)."""
    status_name = "INFISICAL_EPERMISSION"


class TokenError(InfisicalError):
    """INFISICAL_ETOKEN: HTTP 403 TokenError, an expired or malformed token."""
    status_name = "INFISICAL_ETOKEN"


class ForbiddenError(InfisicalError):
    """INFISICAL_EFORBIDDEN: any other HTTP 403."""
    status_name = "INFISICAL_EFORBIDDEN"


class NotFoundError(InfisicalError, LookupError):
    """INFISICAL_ENOTFOUND: HTTP 404."""
    status_name = "INFISICAL_ENOTFOUND"


class ValidationError(InfisicalError):
    """INFISICAL_EVALIDATION: HTTP 422; see issues."""
    status_name = "INFISICAL_EVALIDATION"


class RateLimitError(InfisicalError):
    """INFISICAL_ERATELIMIT: HTTP 429; see retry_after."""
    status_name = "INFISICAL_ERATELIMIT"


class ServerError(InfisicalError):
    """INFISICAL_ESERVER: HTTP 5xx."""
    status_name = "INFISICAL_ESERVER"


class HTTPStatusError(InfisicalError):
    """INFISICAL_EHTTP: another unexpected HTTP status (a redirect included)."""
    status_name = "INFISICAL_EHTTP"


class CancelledError(InfisicalError):
    """INFISICAL_ECANCELLED: the call's cancel hook asked to stop."""
    status_name = "INFISICAL_ECANCELLED"


class TooLargeError(InfisicalError):
    """INFISICAL_ETOOLARGE: the reply is larger than the configured maximum."""
    status_name = "INFISICAL_ETOOLARGE"


class TruncatedError(InfisicalError):
    """INFISICAL_ETRUNCATED: a listing stopped at its page cap or budget."""
    status_name = "INFISICAL_ETRUNCATED"


class PreflightError(InfisicalError):
    """INFISICAL_EPREFLIGHT: the preflight refused the token; see preflight."""
    status_name = "INFISICAL_EPREFLIGHT"


class BusyError(InfisicalError):
    """INFISICAL_EBUSY: a job of this secret sync is already in progress; retry later."""
    status_name = "INFISICAL_EBUSY"


class JobFailedError(InfisicalError):
    """INFISICAL_EJOBFAILED: a secret sync's job ran and failed; the message is the server's."""
    status_name = "INFISICAL_EJOBFAILED"


ERROR_CLASSES: List[Type[InfisicalError]] = [
    InvalidArgumentError, OutOfMemoryError, NetworkError, DeadlineExceededError, TLSError,
    ProtocolError, BadRequestError, UnauthorizedError, PermissionDeniedError, TokenError,
    ForbiddenError, NotFoundError, ValidationError, RateLimitError, ServerError, HTTPStatusError,
    CancelledError, TooLargeError, TruncatedError, PreflightError, BusyError, JobFailedError,
]
#: status code -> class, from the library's own numbers.
BY_STATUS: Dict[int, Type[InfisicalError]] = {constant(c.status_name): c for c in ERROR_CLASSES}

_STATES = {constant("INFISICAL_CHECK_GRANTED"): "granted", constant("INFISICAL_CHECK_DENIED"): "denied",
           constant("INFISICAL_CHECK_NOT_CHECKED"): "not checked", constant("INFISICAL_CHECK_UNKNOWN"): "unknown"}
_PERMISSION_COUNT = constant("INFISICAL_PERMISSION_COUNT")


def _report(report: int) -> PreflightReport:
    checks = []
    for i in range(_PERMISSION_COUNT):
        checks.append(PermissionCheck(
            name=text(lib.infisical_preflight_permission_name(i)) or "",
            state=_STATES.get(lib.infisical_preflight_state(report, i), "unknown"),
            reason=text(lib.infisical_preflight_reason(report, i)) or "",
            summary=text(lib.infisical_preflight_summary(report, i)) or ""))
    return PreflightReport(authenticated=lib.infisical_preflight_authenticated(report) == 1,
                           passed=lib.infisical_preflight_passed(report) == 1, permissions=checks)


def from_error(status: int, err: ctypes.c_void_p) -> InfisicalError:
    """The exception for a failed call's status and error object; frees the object."""
    try:
        cls = BY_STATUS.get(status, InfisicalError)
        if err.value is None:   # the call was given no error object to fill
            return cls(text(lib.infisical_status_str(status)) or "", status=status)
        http_status = lib.infisical_error_http_status(err)
        retry_after_ms = lib.infisical_error_retry_after_ms(err)
        details = text(lib.infisical_error_details_json(err))
        report = lib.infisical_error_preflight_report(err)
        issues = [Issue(path=text(lib.infisical_error_issue_path(err, i)) or "",
                        message=text(lib.infisical_error_issue_message(err, i)) or "",
                        code=text(lib.infisical_error_issue_code(err, i)))
                  for i in range(lib.infisical_error_issue_count(err))]
        e = cls(text(lib.infisical_error_message(err)) or "", status=status,
                http_status=http_status or None,
                server_error=text(lib.infisical_error_server_error(err)),
                request_id=text(lib.infisical_error_request_id(err)),
                retry_after=None if retry_after_ms < 0 else retry_after_ms / 1000.0,
                retryable=lib.infisical_error_retryable(err) == 1,
                attempts=lib.infisical_error_attempts(err),
                request=text(lib.infisical_error_request(err)),
                issues=issues,
                details=None if details is None else json.loads(details),
                preflight=_report(report) if report else None)
        if cls is InfisicalError:
            e.status_name = text(lib.infisical_status_name(status)) or ""
        return e
    finally:
        lib.infisical_error_free(err)


def check(fn: Any, *args: Any) -> None:
    """Call fn(*args, &err) and raise the matching exception unless it returns INFISICAL_OK."""
    err = ctypes.c_void_p()
    status = fn(*args, ctypes.byref(err))
    if status != 0:
        raise from_error(status, err)
