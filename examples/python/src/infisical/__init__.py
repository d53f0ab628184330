"""infisical: Infisical's Northflank App Connections from Python, through
libinfisical (the C library) and ctypes.

    import infisical

    with infisical.Client("https://app.infisical.com", client_id=..., client_secret=...) as client:
        conn = client.create("prod-northflank", api_token=northflank_token)
        for c in client.list():
            print(c.name, c.version)
        client.update(conn.id, api_token=new_token)
        client.delete(conn.id)

libinfisical.so.0 is found through the dynamic loader (after `ninja install`,
which runs ldconfig) or named by $INFISICAL_LIBRARY; it must be 0.2.x.
Failures raise a subclass of InfisicalError, one per status code.
"""

from ._native import library_name, library_version
from ._errors import (
    BadRequestError, BusyError, JobFailedError, CancelledError, DeadlineExceededError, ForbiddenError, HTTPStatusError,
    InfisicalError, InvalidArgumentError, Issue, NetworkError, NotFoundError, OutOfMemoryError,
    PermissionCheck, PermissionDeniedError, PreflightError, PreflightReport, ProtocolError,
    RateLimitError, ServerError, TLSError, TokenError, TooLargeError, TruncatedError, UnauthorizedError,
    ValidationError,
)
from ._client import UNSET, Cancel, Client, Connection, ConnectionList, LogLevel, Secret

#: This package's version: that of the C API it wraps.
__version__ = "0.2.0"

__all__ = [
    "Client", "Connection", "ConnectionList", "LogLevel", "UNSET", "Secret", "Cancel",
    "library_name", "library_version", "__version__",
    "InfisicalError", "Issue", "PermissionCheck", "PreflightReport",
    "InvalidArgumentError", "OutOfMemoryError", "NetworkError", "DeadlineExceededError", "TLSError",
    "ProtocolError", "BadRequestError", "UnauthorizedError", "PermissionDeniedError", "TokenError",
    "ForbiddenError", "NotFoundError", "ValidationError", "RateLimitError", "ServerError",
    "HTTPStatusError", "CancelledError", "TooLargeError", "TruncatedError", "PreflightError",
    "BusyError", "JobFailedError",
]

# Shown as infisical.NotFoundError, not infisical._errors.NotFoundError.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("infisical."):
        _obj.__module__ = __name__
del _name, _obj
