"""Opening the DuckDB file: one short-lived writer, any number of readers.

DuckDB lets one process open a file for writing, and others only read-only while no writer holds
it. The loader therefore opens the writer per batch and closes it at once; readers retry briefly
when a load holds the file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.errors import WarehouseError, WarehouseLocked, WarehouseMissing

if TYPE_CHECKING:
    # Only for the annotation: opening a reader must not import pandas.
    import pandas as pd

# DuckDB words its lock conflict this way in 1.x ("Could not set lock on file ...").
_LOCK_MESSAGES: tuple[str, ...] = ("could not set lock", "conflicting lock")


def _is_lock_error(exc: duckdb.Error) -> bool:
    message = str(exc).lower()
    return any(text in message for text in _LOCK_MESSAGES)


def _open(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(
            str(path),
            read_only=read_only,
            config={"autoinstall_known_extensions": "false", "autoload_known_extensions": "true"},
        )
    except duckdb.IOException as exc:
        if _is_lock_error(exc):
            raise WarehouseLocked(
                f"{path} is being written by another process (a load is running)"
            ) from exc
        raise WarehouseError(f"cannot open {path}: {exc}") from exc
    con.execute("set TimeZone = 'UTC'")
    return con


@contextmanager
def open_writer(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The write connection, created with its parent directory if needed, closed on exit.

    Raises:
        WarehouseLocked: another process holds the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only=False)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def open_reader(path: Path, *, wait_s: float = 5.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; waits up to ``wait_s`` seconds while a load holds the file.

    Raises:
        WarehouseMissing: there is no database at ``path``.
        WarehouseLocked: a load still held the file after ``wait_s`` seconds.
    """
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: run `copydesk ingest` first")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = _open(path, read_only=True)
            break
        except WarehouseLocked:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> Iterator[None]:
    """``frame`` visible to ``con``'s queries as the view ``name`` until the block ends."""
    con.register(name, frame)
    try:
        yield
    finally:
        con.unregister(name)
