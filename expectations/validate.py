"""Run a table's suite over an in-memory frame and say, row by row, what failed.

Great Expectations costs ~2.5 s to import, so it is imported on the first validation, never
when this module is imported. One ephemeral GX context per process is built lazily and reused
(with one dataframe asset per table), guarded by a lock so threads can share it.

Rows are identified by their position in the frame given (0..len-1), never by key: a bad row
may have a null or duplicated key, and that is exactly when we must still name it.

A run that wants Data Docs passes a ``ResultKeeper`` (``validate_frame(..., keep=keeper)``): GX's
own result of each validation is then kept for ``expectations.datadocs.build_data_docs``. Without
one nothing more is done or held than the verdict needs.
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pandas as pd

from expectations.suites import Severity, Suite, SuiteError, load_suite

if TYPE_CHECKING:
    from great_expectations.core.expectation_suite import ExpectationSuite

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | None"

ROW_COLUMN = "_row"
"""Column the runner adds with each row's position; frames must not carry it themselves."""

_DATASOURCE_NAME = "copydesk_frames"
_RESULT_FORMAT: Mapping[str, object] = MappingProxyType(
    {
        "result_format": "COMPLETE",
        "unexpected_index_column_names": [ROW_COLUMN],
        # The pandas query string GX builds lists every failing index: costly and unused.
        "return_unexpected_index_query": False,
    }
)


class ValidationRunError(Exception):
    """GX could not evaluate an expectation: a bug in a suite, the frame or GX, not bad data."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One expectation one row failed, with the offending value.

    ``column`` is the column the expectation reads; for multi-column expectations it is their
    names joined by commas (``article_id,position``) and ``value`` is the list of their values.
    Values are JSON-ready: timestamps as ISO strings, NaN/NaT as None, numpy scalars as Python.
    """

    expectation: str
    column: str | None
    value: JsonValue


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """How one expectation did over the whole frame."""

    name: str
    severity: Severity
    success: bool
    unexpected_count: int


@dataclass(frozen=True, slots=True)
class FrameVerdict:
    """What validating one frame decided, keyed by row position in that frame.

    ``rejected`` holds every row that failed a reject-level expectation, with those failures.
    ``flagged`` holds rows that passed every reject-level expectation but failed a warn-level
    one, with the warn failures: they load, their names go to ``quality_flags``.
    """

    table: str
    rejected: Mapping[int, tuple[Failure, ...]]
    flagged: Mapping[int, tuple[Failure, ...]]
    outcomes: tuple[ExpectationOutcome, ...]
    row_count: int

    def rejected_rows(self) -> frozenset[int]:
        """Positions of rows that must go to ops.rejects."""
        return frozenset(self.rejected)

    def flagged_rows(self) -> frozenset[int]:
        """Positions of rows that load with quality flags."""
        return frozenset(self.flagged)

    def loadable_rows(self) -> frozenset[int]:
        """Positions of rows that may be loaded (clean or flagged), i.e. all but the rejected."""
        return frozenset(range(self.row_count)) - self.rejected.keys()

    def failed_expectations(self, row: int) -> tuple[str, ...]:
        """Names of the reject-level expectations a row failed (for ops.rejects), suite order."""
        return tuple(f.expectation for f in self.rejected.get(row, ()))

    def quality_flags(self, row: int) -> tuple[str, ...]:
        """Names of the warn-level expectations a loadable row failed, suite order."""
        return tuple(f.expectation for f in self.flagged.get(row, ()))


@dataclass(frozen=True, slots=True)
class KeptResult:
    """GX's own result of validating one frame, kept for Data Docs."""

    table: str
    """The table, also the suite name."""
    sequence: int
    """Order of the validation within its keeper, from 1."""
    validated_at: datetime
    """When the validation ran (UTC)."""
    gx_result: Any
    """The ``ExpectationSuiteValidationResult`` GX returned, untouched."""


class ResultKeeper:
    """Collects the GX results of the validations of one run; safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: list[KeptResult] = []

    def keep(self, table: str, gx_result: Any) -> None:
        """Keep one validation's result."""
        with self._lock:
            sequence = len(self._results) + 1
            self._results.append(KeptResult(table, sequence, datetime.now(UTC), gx_result))

    @property
    def results(self) -> tuple[KeptResult, ...]:
        """The results kept so far, in the order the validations ran."""
        with self._lock:
            return tuple(self._results)


def validate_frame(
    table: str, frame: pd.DataFrame, *, now: datetime, keep: ResultKeeper | None = None
) -> FrameVerdict:
    """Validate one frame against the suite of its table.

    Args:
        table: Table name, also the suite name (e.g. ``core.articles``).
        frame: Rows as built by the flows: one column per table column (extra columns are
            ignored), datetime columns converted with ``pd.to_datetime(col, utc=True)``.
        now: When the run started, timezone-aware; the ``now`` of expectations such as
            ``published_at_not_in_future``.
        keep: Where to keep GX's own result, for Data Docs; an empty frame is not run through
            GX, so it keeps nothing.

    Returns:
        The verdict: rejected and flagged rows by position, and one outcome per expectation.

    Raises:
        ValueError: ``now`` is naive.
        SuiteError: The table has no valid suite.
        ValidationRunError: The frame lacks a column the suite reads, already has a ``_row``
            column, or GX raised while evaluating an expectation.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    suite = _suite(table)
    _check_columns(suite, frame)
    if frame.empty:
        outcomes = tuple(
            ExpectationOutcome(s.name, s.severity, success=True, unexpected_count=0)
            for s in suite.expectations
        )
        return FrameVerdict(table, MappingProxyType({}), MappingProxyType({}), outcomes, 0)

    data = _gx_frame(suite, frame)
    now_utc = pd.Timestamp(now).tz_convert("UTC").tz_localize(None)
    with _LOCK:
        result = _engine().run(suite, data, now_utc)
    if keep is not None:
        keep.keep(table, result)
    return _verdict(suite, frame, result.results)


def build_gx_suite(suite: Suite) -> ExpectationSuite:
    """The GX ExpectationSuite of one of our suites (imports GX).

    Args:
        suite: A suite from ``load_suite``.

    Returns:
        A new GX suite, not added to any context; it holds every expectation or raises.

    Raises:
        SuiteError: GX refused an expectation (unknown type or bad kwargs).
    """
    _import_gx()
    from great_expectations.core.expectation_suite import ExpectationSuite

    try:
        return ExpectationSuite(
            name=suite.name, expectations=[spec.to_gx_dict() for spec in suite.expectations]
        )
    except Exception as exc:
        raise SuiteError(f"{suite.name}: GX refused the suite: {exc}") from exc


_LOCK = threading.Lock()
_ENGINE: _Engine | None = None


class _Engine:
    """One ephemeral GX context with a dataframe asset and a built suite per table."""

    def __init__(self) -> None:
        gx = _import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._context: Any = gx.get_context(mode="ephemeral")
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self._source: Any = self._context.data_sources.add_pandas(_DATASOURCE_NAME)
        self._batch_definitions: dict[str, Any] = {}
        self._suites: dict[str, ExpectationSuite] = {}

    def run(self, suite: Suite, data: pd.DataFrame, now: pd.Timestamp) -> Any:
        """GX's suite result on ``data`` (``.results``: one per expectation)."""
        definition = self._batch_definitions.get(suite.name)
        if definition is None:
            asset = self._source.add_dataframe_asset(suite.name)
            definition = asset.add_batch_definition_whole_dataframe(suite.name)
            self._batch_definitions[suite.name] = definition
        gx_suite = self._suites.get(suite.name)
        if gx_suite is None:
            gx_suite = self._suites[suite.name] = build_gx_suite(suite)
        batch = definition.get_batch(batch_parameters={"dataframe": data})
        return batch.validate(
            gx_suite,
            expectation_parameters={"now": now},
            result_format=dict(_RESULT_FORMAT),
        )


def _engine() -> _Engine:
    """The process's engine, built on first use; call with ``_LOCK`` held."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _Engine()
    return _ENGINE


def _import_gx() -> ModuleType:
    """great_expectations, imported on first use."""
    with warnings.catch_warnings():
        # GX 1.24 imports the stdlib's deprecated sre_constants/sre_parse; harmless, but it
        # would fail any run with warnings as errors (our pytest config does that).
        warnings.filterwarnings(
            "ignore",
            message=r"module 'sre_(constants|parse)' is deprecated",
            category=DeprecationWarning,
        )
        import great_expectations

    return great_expectations


@cache
def _suite(table: str) -> Suite:
    """The suite of a table, read once per process."""
    return load_suite(table)


def _check_columns(suite: Suite, frame: pd.DataFrame) -> None:
    """Fail fast, naming the columns, when the frame cannot be validated at all."""
    if frame.columns.has_duplicates:
        raise ValidationRunError(f"{suite.name}: frame has duplicate column names")
    if ROW_COLUMN in frame.columns:
        raise ValidationRunError(f"{suite.name}: frame already has a {ROW_COLUMN!r} column")
    missing = sorted(set(suite.columns) - set(frame.columns))
    if missing:
        raise ValidationRunError(f"{suite.name}: frame lacks columns {missing}")


def _gx_frame(suite: Suite, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as GX sees it: the suite's columns, naive UTC timestamps, ``_row`` positions.

    GX re-scans every column name for each failing row it indexes, so extra columns (bodies,
    lists) cost time for nothing. pandas 3.1 warns (Pandas4Warning) when GX takes ``.values`` of
    a tz-aware column, which column-pair expectations do; naive UTC holds the same instants.
    """
    data = frame[list(suite.columns)].reset_index(drop=True)
    for column in data.columns:
        if isinstance(data[column].dtype, pd.DatetimeTZDtype):
            data[column] = data[column].dt.tz_convert("UTC").dt.tz_localize(None)
    data[ROW_COLUMN] = np.arange(len(data), dtype=np.int64)
    return data


def _verdict(suite: Suite, frame: pd.DataFrame, results: Sequence[Any]) -> FrameVerdict:
    """Rows and outcomes from GX's per-expectation results."""
    by_name: dict[str, Any] = {}
    for result in results:
        by_name[str(result.expectation_config.meta.get("name"))] = result
    rejected: dict[int, list[Failure]] = {}
    flagged: dict[int, list[Failure]] = {}
    outcomes: list[ExpectationOutcome] = []
    cells_by_column: dict[str, list[object]] = {}
    for spec in suite.expectations:
        result = by_name.get(spec.name)
        if result is None:
            raise ValidationRunError(f"{suite.name}: GX returned no result for {spec.name!r}")
        message = _exception_message(result.exception_info)
        if message is not None:
            raise ValidationRunError(f"{suite.name}: expectation {spec.name!r} raised: {message}")
        rows = _unexpected_rows(suite.name, spec.name, result)
        outcomes.append(ExpectationOutcome(spec.name, spec.severity, not rows, len(rows)))
        target = rejected if spec.severity == "reject" else flagged
        column = ",".join(spec.columns)
        cells = [_cells(frame, c, cache=cells_by_column) for c in spec.columns] if rows else []
        for row in rows:
            values = [_json_value(column_cells[row]) for column_cells in cells]
            value: JsonValue = values[0] if len(values) == 1 else values
            target.setdefault(row, []).append(Failure(spec.name, column, value))
    return FrameVerdict(
        table=suite.name,
        rejected=MappingProxyType({r: tuple(f) for r, f in sorted(rejected.items())}),
        flagged=MappingProxyType(
            {r: tuple(f) for r, f in sorted(flagged.items()) if r not in rejected}
        ),
        outcomes=tuple(outcomes),
        row_count=len(frame),
    )


def _cells(frame: pd.DataFrame, column: str, *, cache: dict[str, list[object]]) -> list[object]:
    """A column's cells as Python objects by position, converted once per verdict."""
    if column not in cache:
        cache[column] = frame[column].tolist()
    return cache[column]


def _exception_message(info: object) -> str | None:
    """GX's exception message when it raised, else None.

    GX reports either one ``{raised_exception, exception_message, ...}`` dict or, when a metric
    failed, a dict of such dicts keyed by metric id.
    """
    if not isinstance(info, Mapping):
        return None
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return str(info.get("exception_message") or "unknown error")
        return None
    for nested in info.values():
        message = _exception_message(nested)
        if message is not None:
            return message
    return None


def _unexpected_rows(suite: str, name: str, result: Any) -> list[int]:
    """Positions of the failing rows, distinct, in order; checks GX's counts agree."""
    details: Mapping[str, Any] = result.result or {}
    index_list = details.get("unexpected_index_list")
    count = int(details.get("unexpected_count") or 0)
    if index_list is None:
        if result.success and count == 0:
            return []
        raise ValidationRunError(f"{suite}: {name!r} failed but GX gave no row indexes")
    rows = sorted({int(item[ROW_COLUMN]) for item in index_list})
    if len(rows) != count or bool(result.success) != (count == 0):
        raise ValidationRunError(
            f"{suite}: {name!r}: GX counted {count} unexpected rows but indexed {len(rows)}"
        )
    return rows


def _json_value(value: object) -> JsonValue:
    """A cell as a JSON-ready value (ISO timestamps, None for NaN/NaT, Python scalars)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [_json_value(v) for v in value]
    if isinstance(value, np.datetime64):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else stamp.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return value if math.isfinite(value) else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        # raw.documents.content can be megabytes; the record only needs to show what it was.
        return f"<{len(value)} bytes>"
    return str(value)
