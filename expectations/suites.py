"""Expectation suites as plain data: one GX 1.x JSON file per loaded table, read and checked here.

The files live next to this module (``<schema>.<table>.json``, suite name = file stem) and are
read with importlib.resources, so they work from an installed wheel too. This module never
imports Great Expectations: it checks our own rules for the files (every expectation is
row-level, has a unique snake_case ``name``, a ``severity`` and a ``why``) so a bad edit fails
loudly at load time instead of being dropped by GX or reaching the warehouse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, cast

Severity = Literal["reject", "warn"]
SEVERITIES: tuple[Severity, ...] = ("reject", "warn")
"""``reject``: the row goes to ops.rejects; ``warn``: the row loads with a quality flag."""

SUITE_NAMES: tuple[str, ...] = (
    "raw.documents",
    "core.articles",
    "core.paragraphs",
    "core.links",
    "core.article_authors",
)
"""One suite per table copydesk loads, named like the table."""

WARN_TABLES: frozenset[str] = frozenset({"core.articles"})
"""Tables with a ``quality_flags`` column: the only place a warn-level failure can be recorded."""

ROW_LEVEL_TYPES: frozenset[str] = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_unique",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_not_be_in_set",
        "expect_column_values_to_be_between",
        "expect_column_value_lengths_to_be_between",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_compound_columns_to_be_unique",
    }
)
"""GX map expectations we allow: each failure names rows, so it can reject or flag exactly them.

Aggregate expectations (row counts, means, ...) cannot say which row is bad, so a suite may not
use them; a test checks that every type here is a map expectation in the installed GX.
"""

# Keys GX accepts that would break "a failed row is a rejected row": `mostly` lets rows fail
# while the expectation succeeds, and a custom result_format would drop the row indexes.
_FORBIDDEN_KWARGS: frozenset[str] = frozenset({"mostly", "result_format", "catch_exceptions"})
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class SuiteError(Exception):
    """A suite file is missing, is not valid JSON, or breaks a rule of this module."""


@dataclass(frozen=True, slots=True)
class ExpectationSpec:
    """One expectation of a suite, with the copydesk meta that says what a failure means."""

    name: str
    type: str
    kwargs: Mapping[str, object]
    severity: Severity
    why: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns the expectation reads, in the order its kwargs name them."""
        if "column" in self.kwargs:
            return (str(self.kwargs["column"]),)
        if "column_A" in self.kwargs:
            return (str(self.kwargs["column_A"]), str(self.kwargs["column_B"]))
        column_list = self.kwargs.get("column_list")
        if isinstance(column_list, list | tuple):
            return tuple(str(c) for c in column_list)
        return ()

    def to_gx_dict(self) -> dict[str, object]:
        """The expectation as GX 1.x JSON (``type``, ``kwargs``, ``meta``), fresh mutable copies."""
        return {
            "type": self.type,
            "kwargs": _thaw(self.kwargs),
            "meta": {"name": self.name, "severity": self.severity, "why": self.why},
        }


@dataclass(frozen=True, slots=True)
class Suite:
    """The checks for one table, in file order."""

    name: str
    expectations: tuple[ExpectationSpec, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns any expectation reads, in order of first use."""
        return tuple(dict.fromkeys(c for spec in self.expectations for c in spec.columns))

    def by_name(self, name: str) -> ExpectationSpec:
        """The expectation called ``name``; KeyError when the suite has none."""
        for spec in self.expectations:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.name} has no expectation named {name!r}")


def load_suite(name: str) -> Suite:
    """Read and check the suite of one table.

    Args:
        name: A table name from ``SUITE_NAMES``, e.g. ``core.articles``.

    Returns:
        The suite, expectations in file order.

    Raises:
        SuiteError: Unknown suite, missing or malformed file, or a rule broken (duplicate or
            badly formed name, unknown severity, missing why, a warn outside ``WARN_TABLES``,
            a type that is not row-level, a ``mostly`` kwarg, or a file ``name`` that is not
            its stem).
    """
    if name not in SUITE_NAMES:
        raise SuiteError(f"unknown suite {name!r}; known: {', '.join(SUITE_NAMES)}")
    path = resources.files("expectations").joinpath(f"{name}.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SuiteError(f"{name}: suite file {name}.json is missing from the package") from exc
    except json.JSONDecodeError as exc:
        raise SuiteError(f"{name}: {name}.json is not valid JSON: {exc}") from exc
    return parse_suite(name, raw)


def parse_suite(name: str, raw: object) -> Suite:
    """Check decoded suite JSON against our rules; ``name`` is the file stem.

    Args:
        name: The suite name the file must declare (its file stem).
        raw: The decoded JSON document.

    Returns:
        The suite.

    Raises:
        SuiteError: As for ``load_suite``.
    """
    if not isinstance(raw, dict):
        raise SuiteError(f"{name}: top level must be an object")
    if raw.get("name") != name:
        raise SuiteError(f"{name}: file declares name {raw.get('name')!r}, expected {name!r}")
    items = raw.get("expectations")
    if not isinstance(items, list) or not items:
        raise SuiteError(f"{name}: 'expectations' must be a non-empty list")
    specs = tuple(_parse_expectation(name, i, item) for i, item in enumerate(items))
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise SuiteError(f"{name}: expectation name {spec.name!r} is used twice")
        seen.add(spec.name)
    return Suite(name=name, expectations=specs)


def all_suites() -> dict[str, Suite]:
    """Every suite, keyed by table name, in ``SUITE_NAMES`` order; SuiteError if any is bad."""
    return {name: load_suite(name) for name in SUITE_NAMES}


def _parse_expectation(suite: str, index: int, item: object) -> ExpectationSpec:
    """One expectation object checked and turned into a spec."""
    where = f"{suite}: expectation #{index}"
    if not isinstance(item, dict):
        raise SuiteError(f"{where} must be an object")
    meta = item.get("meta")
    if not isinstance(meta, dict):
        raise SuiteError(f"{where} has no 'meta' object")
    name = meta.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise SuiteError(f"{where}: meta.name must be a snake_case id, got {name!r}")
    where = f"{suite}: expectation {name!r}"
    severity = meta.get("severity")
    if severity not in SEVERITIES:
        raise SuiteError(f"{where}: severity must be one of {SEVERITIES}, got {severity!r}")
    if severity == "warn" and suite not in WARN_TABLES:
        raise SuiteError(f"{where}: warn-level needs a quality_flags column; {suite} has none")
    why = meta.get("why")
    if not isinstance(why, str) or not why.strip():
        raise SuiteError(f"{where}: meta.why must say in one sentence why the check exists")
    type_ = item.get("type")
    if type_ not in ROW_LEVEL_TYPES:
        raise SuiteError(f"{where}: type {type_!r} is not one of the row-level types we allow")
    kwargs = item.get("kwargs")
    if not isinstance(kwargs, dict):
        raise SuiteError(f"{where}: 'kwargs' must be an object")
    forbidden = _FORBIDDEN_KWARGS & kwargs.keys()
    if forbidden:
        raise SuiteError(f"{where}: kwargs {sorted(forbidden)} are not allowed")
    spec = ExpectationSpec(
        name=name,
        type=cast(str, type_),
        kwargs=MappingProxyType({key: _freeze(value) for key, value in kwargs.items()}),
        severity=cast(Severity, severity),
        why=why.strip(),
    )
    if not spec.columns:
        raise SuiteError(f"{where}: kwargs name no column (column, column_A/B or column_list)")
    return spec


def _freeze(value: object) -> object:
    """JSON value with lists turned into tuples and objects into read-only mappings."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    return value


def _thaw(value: object) -> object:
    """Inverse of ``_freeze``: plain, mutable JSON values for GX."""
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _thaw(v) for k, v in value.items()}
    return value
