"""copydesk's errors, in one hierarchy; retries depend on it.

- ``CopydeskError``: base class of errors raised by flows/ and the CLI.
  - ``TransientError``: may succeed if tried again (the warehouse is locked by another load, a
    timeout, a reset connection). Tasks retry these with backoff, and only these.
  - ``TerminalError``: will fail the same way again; recorded, never retried.
  - ``ConfigError``: a setting or argument is invalid; the CLI prints it and exits 2.
  - ``NothingLoaded`` (a TerminalError): a web run could fetch nothing at all; the run is
    recorded and reported, then ends Failed. It carries the run summary.

Errors of the other packages keep their own classes (``warehouse.errors``,
``expectations.validate.ValidationRunError``, ``transforms.decode.DecodeError``);
``is_transient`` is the one place that says which of them are worth retrying.
"""

from __future__ import annotations

import errno

from warehouse.errors import WarehouseLocked


class CopydeskError(Exception):
    """Base class of copydesk's orchestration errors."""


class TransientError(CopydeskError):
    """Worth retrying: the same call may succeed later."""


class TerminalError(CopydeskError):
    """Not worth retrying: the same call will fail the same way."""


class ConfigError(CopydeskError):
    """An invalid setting or command-line argument."""


class NothingLoaded(TerminalError):
    """Every source or host failed: the run loaded nothing. ``summary`` is its report."""

    def __init__(self, message: str, summary: object) -> None:
        super().__init__(message)
        self.summary = summary


# OS errors that go away by themselves: interrupted calls, busy resources, network file systems.
_TRANSIENT_ERRNOS: frozenset[int] = frozenset(
    {errno.EAGAIN, errno.EINTR, errno.EBUSY, errno.ETIMEDOUT, errno.ECONNRESET, errno.ESTALE}
)


def is_transient(exc: BaseException) -> bool:
    """True for errors worth retrying."""
    if isinstance(exc, TransientError | WarehouseLocked):
        return True
    if isinstance(exc, TerminalError):
        return False
    return isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS
