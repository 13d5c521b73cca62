"""A rejected input or row on its way to ``ops.rejects``."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.models import Stage


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why an input or one of its rows was not loaded.

    ``record`` is JSON text: the offending values (validate) or error details (other stages).
    """

    source_uri: str
    doc_id: str | None
    stage: Stage
    reason: str
    detail: str
    table_name: str | None = None
    row_key: str | None = None
    failed_expectations: tuple[str, ...] = ()
    record: str | None = None
