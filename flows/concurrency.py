"""One writer per warehouse: the Prefect global concurrency limit that makes loads take turns.

Every flow that writes the warehouse wraps its body, from preparing the warehouse to closing the
load, in ``warehouse_slot(db_path)``. A second run of the same warehouse file then logs that it is
waiting, waits, and goes on once the first has closed its load: it neither fails nor interleaves
its batches (and its ``ops.loads`` bookkeeping) with the first. Different warehouse files have
different limits, ``copydesk-warehouse-<file stem>-<hash of the path>``, and never wait for each
other. Each limit has one slot, is created on first use, and shows in the Prefect UI under
Concurrency; the slot's lease names the flow run holding it.

Why a file lock comes first: a slot taken by a process that is then killed (OOM, ``kill -9``,
power loss) is only given back by a Prefect server's lease service, which the ephemeral API that
``copydesk ingest`` uses by default does not run, so every later load would wait for good. The
process holding the lock file next to the warehouse is the only live writer on this machine (a
DuckDB file can only be written from one machine anyway); any slot still taken when it gets the
lock belonged to a dead run and is reclaimed, with a warning. The OS drops the lock when a process
dies, however it dies. (A warehouse written from several machines, e.g. DuckLake, would need the
reclaiming to go: a slot held on another machine is not stale.)
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import (
    GlobalConcurrencyLimitCreate,
    GlobalConcurrencyLimitUpdate,
)
from prefect.client.schemas.objects import ConcurrencyLeaseHolder
from prefect.concurrency.sync import concurrency
from prefect.exceptions import MissingContextError, ObjectAlreadyExists, ObjectNotFound
from prefect.runtime import flow_run

from flows.config import load_settings
from warehouse.errors import WarehouseLocked

if TYPE_CHECKING:
    from prefect.client.orchestration import SyncPrefectClient

WAREHOUSE_LIMIT = "copydesk-warehouse"
"""Prefix of the limits' names; the rest names the warehouse file."""
WAREHOUSE_WAIT_S = 3 * 3600.0
"""How long a run waits for another load of the same warehouse before giving up: longer than any
sane crawl, short enough that a stuck run is noticed the same day."""
_POLL_S = 0.5
# Prefect renews the lease while the slot is held; a server reclaims the slot of a run whose
# renewals stopped once this has passed.
_LEASE_S = 300.0
_HELD: ContextVar[frozenset[str]] = ContextVar("copydesk_warehouse_slots", default=frozenset())
_fallback_logger = logging.getLogger("copydesk.concurrency")


@dataclass(frozen=True, slots=True)
class WarehouseLimit:
    """A warehouse's concurrency limit as the Prefect API reported it."""

    name: str
    limit: int
    active_slots: int
    created: bool
    """True when this call created it."""


def warehouse_limit_name(db_path: str | Path) -> str:
    """The name of the concurrency limit of one warehouse file (same file, same name)."""
    path = Path(db_path).expanduser().resolve()
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "warehouse"
    digest = hashlib.sha256(str(path).encode("utf-8")).hexdigest()[:10]
    return f"{WAREHOUSE_LIMIT}-{stem}-{digest}"


def lock_path(db_path: str | Path) -> Path:
    """The lock file next to a warehouse file."""
    path = Path(db_path).expanduser().absolute()
    return path.with_name(f"{path.name}.lock")


def ensure_warehouse_limit(db_path: str | Path | None = None) -> WarehouseLimit:
    """Create the warehouse's concurrency limit (one slot) if it is missing; idempotent.

    A limit someone raised above one slot or deactivated is set back to one active slot, with a
    warning: more would let two loads write at once.

    Args:
        db_path: the warehouse file; default from COPYDESK_DB or the data directory.

    Returns:
        The limit after the call.
    """
    name = warehouse_limit_name(db_path or load_settings().db_path)
    with get_client(sync_client=True) as client:
        return _ensure(client, name)


@contextmanager
def warehouse_slot(db_path: str | Path, *, timeout_s: float = WAREHOUSE_WAIT_S) -> Iterator[None]:
    """Hold the warehouse's only slot for the body of the ``with``; wait while another run does.

    Re-entrant: a flow already holding the slot (e.g. a parent flow calling a wrapped flow as a
    subflow) goes straight on.

    Args:
        db_path: the warehouse file the body writes.
        timeout_s: how long to wait for another load of the same file before giving up.

    Raises:
        WarehouseLocked: another load still held the warehouse after ``timeout_s`` seconds.
        prefect.concurrency.asyncio.ConcurrencySlotAcquisitionError: the limit is missing
            (``strict``: never a silent no-op) or the Prefect API refused the request.
    """
    name = warehouse_limit_name(db_path)
    held = _HELD.get()
    if name in held:
        yield
        return
    logger = _logger()
    deadline = time.monotonic() + timeout_s
    with ExitStack() as stack:
        stack.enter_context(_file_lock(lock_path(db_path), name, deadline, logger))
        with get_client(sync_client=True) as client:
            limit = _ensure(client, name)
            if limit.active_slots >= limit.limit:
                client.update_global_concurrency_limit(
                    name, GlobalConcurrencyLimitUpdate(active_slots=0)
                )
                logger.warning(
                    "Reclaimed %d slot(s) of %s left by a run that died while loading",
                    limit.active_slots,
                    name,
                )
        try:
            stack.enter_context(
                concurrency(
                    name,
                    occupy=1,
                    strict=True,
                    timeout_seconds=max(deadline - time.monotonic(), 1.0),
                    lease_duration=_LEASE_S,
                    holder=_holder(),
                    # A renewal that fails once (API restart, network blip) must not kill a long
                    # crawl; the file lock above still keeps writers apart.
                    raise_on_lease_renewal_failure=False,
                )
            )
        except TimeoutError as exc:
            raise WarehouseLocked(
                f"gave up after {timeout_s:.0f} s: the Prefect concurrency limit {name} is held "
                "by a run outside this machine's lock (see docs/operations.md)"
            ) from exc
        token = _HELD.set(held | {name})
        try:
            yield
        finally:
            _HELD.reset(token)


def _ensure(client: SyncPrefectClient, name: str) -> WarehouseLimit:
    """Read the limit, creating it or setting it back to one active slot as needed."""
    created = False
    try:
        current = client.read_global_concurrency_limit_by_name(name)
    except ObjectNotFound:
        try:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=1))
            created = True
        except ObjectAlreadyExists:
            pass  # another run created it a moment ago
        current = client.read_global_concurrency_limit_by_name(name)
    if current.limit != 1 or not current.active:
        _logger().warning(
            "Concurrency limit %s had %d slot(s), active=%s: set back to 1 active slot",
            name,
            current.limit,
            current.active,
        )
        client.update_global_concurrency_limit(
            name, GlobalConcurrencyLimitUpdate(limit=1, active=True)
        )
        current = client.read_global_concurrency_limit_by_name(name)
    return WarehouseLimit(name, current.limit, current.active_slots, created)


@contextmanager
def _file_lock(
    path: Path,
    name: str,
    deadline: float,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
) -> Iterator[None]:
    """Exclusive lock on ``path`` (created if missing), polled until ``deadline``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with path.open("a") as handle:
        waiting = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseLocked(
                        f"gave up after {time.monotonic() - started:.0f} s: another load of "
                        f"{path.with_suffix('')} is still running ({name})"
                    ) from None
                if not waiting:
                    waiting = True
                    logger.warning(
                        "Another load of %s is running: waiting for it to finish (%s, at most "
                        "%.0f s)",
                        path.with_suffix(""),
                        name,
                        deadline - started,
                    )
                time.sleep(_POLL_S)
        if waiting:
            logger.info("Waited %.1f s for the warehouse; loading now", time.monotonic() - started)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _holder() -> ConcurrencyLeaseHolder | None:
    """The flow run taking the slot, for the lease (None outside a flow run)."""
    run_id = flow_run.id
    return ConcurrencyLeaseHolder(type="flow_run", id=UUID(str(run_id))) if run_id else None


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    """The run's logger inside a flow or task run, else a plain module logger."""
    try:
        return get_run_logger()
    except MissingContextError:
        return _fallback_logger
