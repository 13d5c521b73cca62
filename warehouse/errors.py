"""Errors raised by the warehouse; DuckDB's own exceptions are mapped to these in connection.py.

- ``WarehouseError``: base class.
  - ``WarehouseLocked``: another process holds the database file for writing. Transient: wait and
    try again.
  - ``WarehouseMissing``: no database at the given path (nothing has been loaded yet).
  - ``MigrationError``: the migrations on disk and the ones applied to the database disagree.
  - ``LoadError``: the database refused rows of a batch; the batch was rolled back.
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Base class of warehouse errors."""


class WarehouseLocked(WarehouseError):
    """Another process is writing the database file (a load is running)."""


class WarehouseMissing(WarehouseError):
    """No database file exists at the path."""


class MigrationError(WarehouseError):
    """An applied migration was edited, removed, or the files are misnumbered."""


class LoadError(WarehouseError):
    """The database refused the rows of a batch."""
