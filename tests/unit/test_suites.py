"""Expectation suites and the frame runner: every suite loads whole, and each check rejects or
flags exactly the rows it should.

These tests import Great Expectations (~3 s, once per process); the runner keeps one context.
"""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import expectations
from expectations import validate as runner
from expectations.suites import (
    ROW_LEVEL_TYPES,
    SEVERITIES,
    SUITE_NAMES,
    WARN_TABLES,
    SuiteError,
    all_suites,
    load_suite,
    parse_suite,
)
from expectations.validate import (
    Failure,
    FrameVerdict,
    ValidationRunError,
    build_gx_suite,
    validate_frame,
)
from transforms.models import LINK_KINDS, PARAGRAPH_KINDS
from transforms.rows import ArticleRow, AuthorRow, LinkRow, ParagraphRow

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

COLUMNS: dict[str, list[str]] = {
    "raw.documents": [
        "doc_id",
        "source_uri",
        "media_type",
        "encoding",
        "size_bytes",
        "content",
        "first_seen_at",
        "last_seen_at",
    ],
    "core.articles": list(ArticleRow.__annotations__),
    "core.paragraphs": list(ParagraphRow.__annotations__),
    "core.links": list(LinkRow.__annotations__),
    "core.article_authors": list(AuthorRow.__annotations__),
}
DATETIME_COLUMNS: dict[str, tuple[str, ...]] = {
    "raw.documents": ("first_seen_at", "last_seen_at"),
    "core.articles": ("published_at", "updated_at"),
}

BODY = (
    "The Eastport ferry ran again on Tuesday morning after three weeks in dry dock, "
    "carrying forty passengers and a delivery van across the bay. Harbour staff said the "
    "new propeller shaft passed its sea trial on Monday evening and the timetable is back "
    "to six crossings a day until the autumn schedule starts."
)


def sha(text: str) -> str:
    """Hex SHA-256 of a string, the shape of every key."""
    return hashlib.sha256(text.encode()).hexdigest()


def make_frame(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """A frame built the way the flows build it."""
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS[table])
    for column in DATETIME_COLUMNS.get(table, ()):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def article(i: int, **changes: object) -> dict[str, object]:
    """An invented, valid core.articles row; ``changes`` overrides fields."""
    url = f"https://harbour-gazette.example.com/local/2026/03/ferry-{i}"
    row = ArticleRow(
        article_id=sha(url),
        doc_id=sha(f"bytes of page {i}"),
        source_uri=f"file:///corpus/ferry-{i}.html",
        url=url,
        canonical_url=url,
        site_name="Harbour Gazette",
        title=f"Eastport ferry back in service after repairs, part {i}",
        subtitle=None,
        description="The crossing resumes with six sailings a day.",
        section="Local",
        authors=["Mara Quill"],
        published_at=datetime(2026, 3, 4, 8, 30, tzinfo=UTC),
        updated_at=datetime(2026, 3, 4, 10, 0, tzinfo=UTC),
        language="en",
        reading_time_min=2,
        word_count=len(BODY.split()),
        body_text=BODY,
        image_url=None,
        image_caption=None,
        image_credit=None,
        agency=None,
        dateline="EASTPORT",
        tags=["transport", "harbour"],
        extractor="html",
        extractor_version="1.0.0",
        organizations=[],
        is_article=True,
        article_score=0.9,
        extraction_score=0.95,
        published_utc_offset_min=0,
        updated_utc_offset_min=0,
    )
    return {**row, **changes}


def articles_with(**changes: object) -> pd.DataFrame:
    """Three good articles, the middle one (position 1) changed."""
    return make_frame("core.articles", [article(0), article(1, **changes), article(2)])


def names_by_row(failures: Mapping[int, tuple[Failure, ...]]) -> dict[int, set[str]]:
    """{row: {expectation names}} of a verdict's rejected or flagged mapping."""
    return {row: {f.expectation for f in fs} for row, fs in failures.items()}


def good_frame(table: str) -> pd.DataFrame:
    """A few valid rows of a table."""
    aid = sha("https://harbour-gazette.example.com/local/2026/03/ferry-0")
    rows: dict[str, list[dict[str, object]]] = {
        "raw.documents": [
            {
                "doc_id": sha(f"page {i}"),
                "source_uri": f"file:///corpus/page-{i}.html",
                "media_type": "text/html",
                "encoding": "utf-8" if i else None,
                "size_bytes": 1200 * i,
                "content": b"<html>" * i,
                "first_seen_at": NOW - timedelta(days=2),
                "last_seen_at": NOW,
            }
            for i in range(3)
        ],
        "core.articles": [article(i) for i in range(3)],
        "core.paragraphs": [
            dict(ParagraphRow(article_id=aid, position=i + 1, kind=kind, text=f"Block {i}."))
            for i, kind in enumerate(PARAGRAPH_KINDS)
        ],
        "core.links": [
            dict(
                LinkRow(
                    article_id=aid,
                    position=i + 1,
                    kind=kind,
                    title=f"Harbour dredging plan, part {i}",
                    url=None if kind == "explore" else f"https://harbour-gazette.example.com/{i}",
                )
            )
            for i, kind in enumerate(LINK_KINDS)
        ],
        "core.article_authors": [
            dict(AuthorRow(article_id=aid, position=1, name="Mara Quill")),
            dict(AuthorRow(article_id=aid, position=2, name="Tom Reyes")),
        ],
    }
    return make_frame(table, rows[table])


def suite_json(name: str) -> dict[str, Any]:
    """The raw JSON of a suite file as shipped in the package."""
    text = resources.files("expectations").joinpath(f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


# --- the suite files --------------------------------------------------------------------------


def test_suite_files_are_exactly_the_suite_names() -> None:
    stems = {
        p.name.removesuffix(".json")
        for p in resources.files("expectations").iterdir()
        if p.name.endswith(".json")
    }
    assert stems == set(SUITE_NAMES)


@pytest.mark.parametrize("name", SUITE_NAMES)
def test_suite_loads_whole_into_gx(name: str) -> None:
    raw = suite_json(name)
    items = raw["expectations"]
    assert isinstance(items, list)
    suite = load_suite(name)
    gx_suite = build_gx_suite(suite)
    assert raw["name"] == suite.name == gx_suite.name == name
    assert len(items) == len(suite.expectations) == len(gx_suite.expectations)
    assert [e.expectation_type for e in gx_suite.expectations] == [i["type"] for i in items]


def test_row_level_types_are_gx_map_expectations() -> None:
    runner._import_gx()
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )
    from great_expectations.expectations.registry import get_expectation_impl

    map_types = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)
    for type_ in sorted(ROW_LEVEL_TYPES):
        assert issubclass(get_expectation_impl(type_), map_types), type_


@pytest.mark.parametrize("name", SUITE_NAMES)
def test_suite_meta_rules_hold_in_the_json(name: str) -> None:
    items = suite_json(name)["expectations"]
    assert isinstance(items, list)
    names = [item["meta"]["name"] for item in items]
    assert len(names) == len(set(names))
    for item in items:
        meta = item["meta"]
        assert meta["severity"] in SEVERITIES, meta
        assert meta["why"].strip().endswith("."), meta
        assert item["type"] in ROW_LEVEL_TYPES, item
        if meta["severity"] == "warn":
            assert name in WARN_TABLES, meta


def test_all_suites_in_order() -> None:
    assert tuple(all_suites()) == SUITE_NAMES


@pytest.mark.parametrize(
    ("table", "vocabulary"),
    [("core.paragraphs", PARAGRAPH_KINDS), ("core.links", LINK_KINDS)],
    ids=["paragraph_kinds", "link_kinds"],
)
def test_kind_vocabulary_matches_python(table: str, vocabulary: tuple[str, ...]) -> None:
    value_set = load_suite(table).by_name("kind_known").kwargs["value_set"]
    assert isinstance(value_set, tuple)
    assert sorted(value_set) == sorted(vocabulary)


def test_language_set_is_iso_639_1() -> None:
    value_set = load_suite("core.articles").by_name("language_iso_639_1").kwargs["value_set"]
    assert isinstance(value_set, tuple)
    assert len(value_set) == len(set(value_set)) == 183
    assert {"en", "de", "fr", "zh", "ar", "sw"} <= set(value_set)
    assert all(len(code) == 2 and code.islower() for code in value_set)


def _valid_suite() -> dict[str, Any]:
    return copy.deepcopy(suite_json("core.articles"))


def _first(raw: dict[str, Any]) -> dict[str, Any]:
    items = raw["expectations"]
    assert isinstance(items, list)
    first = items[0]
    assert isinstance(first, dict)
    return first


def _duplicate_name(raw: dict[str, Any]) -> None:
    items = raw["expectations"]
    assert isinstance(items, list)
    items[1]["meta"]["name"] = items[0]["meta"]["name"]


@pytest.mark.parametrize(
    ("name", "breaks", "message"),
    [
        ("core.articles", lambda r: r.update(name="core.other"), "declares name"),
        ("core.articles", lambda r: r.update(expectations=[]), "non-empty list"),
        ("core.articles", _duplicate_name, "used twice"),
        ("core.articles", lambda r: _first(r)["meta"].update(name="Bad Name"), "snake_case"),
        ("core.articles", lambda r: _first(r)["meta"].update(severity="fatal"), "severity"),
        ("core.articles", lambda r: _first(r)["meta"].pop("why"), "why"),
        ("core.articles", lambda r: _first(r)["meta"].update(why="  "), "why"),
        ("core.articles", lambda r: _first(r).pop("meta"), "meta"),
        (
            "core.articles",
            lambda r: _first(r).update(type="expect_table_row_count_to_be_between"),
            "row-level",
        ),
        ("core.articles", lambda r: _first(r).update(type="expect_magic"), "row-level"),
        ("core.articles", lambda r: _first(r)["kwargs"].update(mostly=0.9), "mostly"),
        ("core.articles", lambda r: _first(r).update(kwargs={"value": 1}), "no column"),
        ("core.paragraphs", lambda r: _first(r)["meta"].update(severity="warn"), "quality_flags"),
    ],
    ids=[
        "wrong_name",
        "no_expectations",
        "duplicate_name",
        "bad_name",
        "bad_severity",
        "missing_why",
        "blank_why",
        "missing_meta",
        "aggregate_type",
        "unknown_type",
        "mostly",
        "no_column",
        "warn_without_flags_column",
    ],
)
def test_parse_suite_refuses_broken_files(name: str, breaks: object, message: str) -> None:
    raw = _valid_suite()
    raw["name"] = name
    assert callable(breaks)
    breaks(raw)
    with pytest.raises(SuiteError, match=message):
        parse_suite(name, raw)


def test_parse_suite_accepts_the_unbroken_copy() -> None:
    assert parse_suite("core.articles", _valid_suite()) == load_suite("core.articles")


def test_load_suite_refuses_unknown_names() -> None:
    with pytest.raises(SuiteError, match="unknown suite"):
        load_suite("core.comments")


def test_public_api_is_pinned() -> None:
    assert set(expectations.__all__) == {
        "SEVERITIES",
        "SUITE_NAMES",
        "ExpectationOutcome",
        "ExpectationSpec",
        "Failure",
        "FrameVerdict",
        "Severity",
        "Suite",
        "SuiteError",
        "ValidationRunError",
        "all_suites",
        "build_gx_suite",
        "load_suite",
        "validate_frame",
    }


def test_importing_the_runner_does_not_import_gx() -> None:
    code = (
        "import sys, expectations, expectations.validate\n"
        "sys.exit(1 if 'great_expectations' in sys.modules else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()


# --- good frames ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", SUITE_NAMES)
def test_good_frame_passes(table: str) -> None:
    verdict = validate_frame(table, good_frame(table), now=NOW)
    assert verdict.table == table
    assert dict(verdict.rejected) == {}
    assert dict(verdict.flagged) == {}
    assert verdict.loadable_rows() == frozenset(range(len(good_frame(table))))
    assert [o.name for o in verdict.outcomes] == [s.name for s in load_suite(table).expectations]
    assert all(o.success and o.unexpected_count == 0 for o in verdict.outcomes)


@pytest.mark.parametrize("table", SUITE_NAMES)
def test_empty_frame_validates_without_gx(table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_gx() -> None:
        raise AssertionError("GX must not run for an empty frame")

    monkeypatch.setattr(runner, "_engine", no_gx)
    verdict = validate_frame(table, make_frame(table, []), now=NOW)
    assert verdict.rejected_rows() == verdict.flagged_rows() == frozenset()
    assert len(verdict.outcomes) == len(load_suite(table).expectations)
    assert all(o.success for o in verdict.outcomes)


# --- core.articles, one case per expectation --------------------------------------------------

LONG_TITLE = ("Harbour " * 60)[:401]
REJECT_CASES = [
    pytest.param({"article_id": None}, {1}, "article_id_not_null", id="article_id_null"),
    pytest.param({"article_id": article(0)["article_id"]}, {0, 1}, "article_id_unique", id="dup"),
    pytest.param({"article_id": "ferry-1"}, {1}, "article_id_is_sha256", id="article_id_shape"),
    pytest.param({"doc_id": None}, {1}, "doc_id_not_null", id="doc_id_null"),
    pytest.param({"source_uri": None}, {1}, "source_uri_not_null", id="source_uri_null"),
    pytest.param({"title": None}, {1}, "title_not_null", id="title_null"),
    pytest.param({"title": "Home"}, {1}, "title_length", id="title_short"),
    pytest.param({"title": LONG_TITLE}, {1}, "title_length", id="title_long"),
    pytest.param(
        {"published_at": datetime(1989, 12, 31, 23, 59, tzinfo=UTC)},
        {1},
        "published_at_not_before_1990",
        id="published_1989",
    ),
    pytest.param(
        {"published_at": NOW + timedelta(minutes=5), "updated_at": None},
        {1},
        "published_at_not_in_future",
        id="published_future",
    ),
    pytest.param({"language": "en-US"}, {1}, "language_iso_639_1", id="language_region"),
    pytest.param({"language": "EN"}, {1}, "language_iso_639_1", id="language_upper"),
    pytest.param({"language": "english"}, {1}, "language_iso_639_1", id="language_word"),
    pytest.param({"url": "/local/2026/03/ferry-1"}, {1}, "url_is_http", id="url_relative"),
    pytest.param({"url": "javascript:void(0)"}, {1}, "url_is_http", id="url_javascript"),
    pytest.param(
        {"canonical_url": "ftp://files.example.org/ferry"},
        {1},
        "canonical_url_is_http",
        id="canonical_ftp",
    ),
    pytest.param(
        {"canonical_url": "https://harbour-gazette.example.com/a b"},
        {1},
        "canonical_url_is_http",
        id="canonical_space",
    ),
    pytest.param({"body_text": None}, {1}, "body_text_not_null", id="body_null"),
    pytest.param({"word_count": 29}, {1}, "word_count_at_least_30", id="word_count_29"),
    pytest.param({"extractor": None}, {1}, "extractor_not_null", id="extractor_null"),
    pytest.param({"extractor": "pdf"}, {1}, "extractor_known", id="extractor_unknown"),
    pytest.param({"extractor_version": None}, {1}, "extractor_version_not_null", id="version"),
    pytest.param({"is_article": None}, {1}, "is_article_not_null", id="is_article_null"),
    pytest.param({"article_score": 1.2}, {1}, "article_score_in_range", id="article_score_high"),
    pytest.param({"article_score": -0.1}, {1}, "article_score_in_range", id="article_score_low"),
    pytest.param(
        {"extraction_score": 1.01}, {1}, "extraction_score_in_range", id="extraction_score_high"
    ),
]
WARN_CASES = [
    pytest.param({"published_at": None}, "missing_published_at", id="published_null"),
    pytest.param({"word_count": 20001}, "word_count_over_20000", id="word_count_20001"),
    pytest.param({"is_article": False}, "not_an_article", id="not_an_article"),
    pytest.param({"extraction_score": 0.49}, "low_extraction_score", id="extraction_score_low"),
    pytest.param({"reading_time_min": 0}, "reading_time_out_of_range", id="reading_time_0"),
    pytest.param({"reading_time_min": 121}, "reading_time_out_of_range", id="reading_time_121"),
    pytest.param(
        {"updated_at": datetime(2026, 3, 4, 8, 29, tzinfo=UTC)},
        "updated_before_published",
        id="updated_before_published",
    ),
]


def _case_names(cases: list[Any]) -> set[str]:
    return {p.values[-1] for p in cases}


@pytest.mark.parametrize("severity", SEVERITIES)
def test_every_article_expectation_has_a_focused_case(severity: str) -> None:
    suite = load_suite("core.articles")
    names = {s.name for s in suite.expectations if s.severity == severity}
    cases = REJECT_CASES if severity == "reject" else WARN_CASES
    assert _case_names(list(cases)) == names


@pytest.mark.parametrize(("changes", "rows", "name"), REJECT_CASES)
def test_bad_article_rejects_exactly_its_rows(
    changes: dict[str, object], rows: set[int], name: str
) -> None:
    verdict = validate_frame("core.articles", articles_with(**changes), now=NOW)
    assert names_by_row(verdict.rejected) == {row: {name} for row in rows}
    assert dict(verdict.flagged) == {}
    assert verdict.loadable_rows() == frozenset({0, 1, 2}) - rows
    failed = {o.name: o for o in verdict.outcomes if not o.success}
    assert set(failed) == {name}
    assert failed[name].severity == "reject"
    assert failed[name].unexpected_count == len(rows)


@pytest.mark.parametrize(("changes", "name"), WARN_CASES)
def test_warn_article_is_flagged_not_rejected(changes: dict[str, object], name: str) -> None:
    verdict = validate_frame("core.articles", articles_with(**changes), now=NOW)
    assert dict(verdict.rejected) == {}
    assert names_by_row(verdict.flagged) == {1: {name}}
    assert verdict.quality_flags(1) == (name,)
    assert verdict.loadable_rows() == frozenset({0, 1, 2})


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Ferry"},
        {"title": "F" * 400},
        {"word_count": 30},
        {"word_count": 20000},
        {"reading_time_min": 1},
        {"reading_time_min": 120},
        {"published_at": datetime(1990, 1, 1, tzinfo=UTC), "updated_at": None},
        {"published_at": NOW, "updated_at": NOW},
        {"published_at": datetime(1990, 1, 1, 1, tzinfo=timezone(timedelta(hours=1)))},
        {"url": "HTTPS://Harbour-Gazette.example.com/Ferry?id=1#top"},
    ],
    ids=[
        "title_5",
        "title_400",
        "word_count_30",
        "word_count_20000",
        "reading_time_1",
        "reading_time_120",
        "published_1990",
        "published_now",
        "published_1990_in_other_offset",
        "url_upper_scheme",
    ],
)
def test_boundary_values_pass(changes: dict[str, object]) -> None:
    verdict = validate_frame("core.articles", articles_with(**changes), now=NOW)
    assert dict(verdict.rejected) == {}
    assert dict(verdict.flagged) == {}


def test_nulls_pass_checks_of_optional_columns() -> None:
    frame = articles_with(
        url=None, canonical_url=None, language=None, reading_time_min=None, updated_at=None
    )
    verdict = validate_frame("core.articles", frame, now=NOW)
    assert dict(verdict.rejected) == {}
    assert dict(verdict.flagged) == {}


def test_rejected_row_is_not_also_flagged() -> None:
    verdict = validate_frame("core.articles", articles_with(title=None, published_at=None), now=NOW)
    assert names_by_row(verdict.rejected) == {1: {"title_not_null"}}
    assert verdict.failed_expectations(1) == ("title_not_null",)
    assert dict(verdict.flagged) == {}
    assert verdict.quality_flags(1) == ()


def test_one_row_can_fail_several_expectations() -> None:
    frame = articles_with(title="Hey", word_count=3, language="xx", site_name=None)
    verdict = validate_frame("core.articles", frame, now=NOW)
    assert verdict.failed_expectations(1) == (
        "title_length",
        "language_iso_639_1",
        "word_count_at_least_30",
    )


@pytest.mark.parametrize(
    ("delta", "rejected"),
    [(timedelta(days=1), True), (timedelta(days=-1), False)],
    ids=["tomorrow", "yesterday"],
)
def test_now_parameter_is_honoured(delta: timedelta, rejected: bool) -> None:
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    frame = articles_with(published_at=now + delta, updated_at=None)
    verdict = validate_frame("core.articles", frame, now=now)
    expected = {1: {"published_at_not_in_future"}} if rejected else {}
    assert names_by_row(verdict.rejected) == expected


def test_now_changes_between_calls_in_one_process() -> None:
    frame = articles_with(published_at=NOW + timedelta(days=1), updated_at=None)
    before = validate_frame("core.articles", frame, now=NOW)
    after = validate_frame("core.articles", frame, now=NOW + timedelta(days=2))
    assert before.rejected_rows() == {1}
    assert after.rejected_rows() == frozenset()


def test_now_in_another_offset_is_the_same_instant() -> None:
    tokyo = timezone(timedelta(hours=9))
    frame = articles_with(published_at=NOW + timedelta(minutes=30), updated_at=None)
    verdict = validate_frame("core.articles", frame, now=NOW.astimezone(tokyo))
    assert verdict.rejected_rows() == {1}


# --- child tables and raw.documents: one frame, every row known -------------------------------

A = sha("https://harbour-gazette.example.com/local/2026/03/ferry-0")
CHILD_CASES = [
    pytest.param(
        "core.paragraphs",
        [
            (A, 1, "paragraph", "The ferry ran again on Tuesday."),
            (A, 2, "quote", "We are glad to be back, said the skipper."),
            (A, 0, "paragraph", "Position zero."),
            (A, 3, "caption", "A kind not in the vocabulary."),
            (A, 4, "paragraph", "   "),
            (A, 5, "paragraph", None),
            (None, 6, "heading", "Orphan heading"),
            (A, 1, "paragraph", "Same place as row 0."),
            (A, None, "paragraph", "No position."),
            (A, 7, None, "No kind."),
        ],
        {
            0: {"article_id_position_unique"},
            2: {"position_at_least_1"},
            3: {"kind_known"},
            4: {"text_not_blank"},
            5: {"text_not_null"},
            6: {"article_id_not_null"},
            7: {"article_id_position_unique"},
            8: {"position_not_null"},
            9: {"kind_not_null"},
        },
        id="core.paragraphs",
    ),
    pytest.param(
        "core.links",
        [
            (A, 1, "related", "Dredging to start in spring", "https://a.example.com/dredging"),
            (A, 2, "explore", "Tide tables", None),
            (A, 3, "footer", "Contact us", "https://a.example.com/contact"),
            (A, 4, "inline", "", "https://a.example.com/empty"),
            (A, 5, "inline", "the harbour board", "/local/harbour-board"),
            (A, 6, "inline", "write to us", "mailto:desk@example.org"),
            (A, 7, None, "No kind", "https://a.example.com/7"),
            (A, 8, "related", None, "https://a.example.com/8"),
            (A, -1, "related", "Negative", "https://a.example.com/9"),
            (None, 9, "related", "No article", "https://a.example.com/10"),
            (A, None, "related", "No position", "https://a.example.com/11"),
            (A, 1, "recommended", "Same place as row 0", "https://a.example.com/12"),
        ],
        {
            0: {"article_id_position_unique"},
            2: {"kind_known"},
            3: {"title_not_blank"},
            4: {"url_is_http"},
            5: {"url_is_http"},
            6: {"kind_not_null"},
            7: {"title_not_null"},
            8: {"position_at_least_1"},
            9: {"article_id_not_null"},
            10: {"position_not_null"},
            11: {"article_id_position_unique"},
        },
        id="core.links",
    ),
    pytest.param(
        "core.article_authors",
        [
            (A, 1, "Mara Quill"),
            (A, 2, "J"),
            (A, 3, "Tom Reyes " * 21),
            (A, 0, "Ines Ortega"),
            (A, 4, None),
            (A, 2, "Ines Ortega"),
            (None, 5, "Dev Anand"),
            (A, None, "Pia Lund"),
        ],
        {
            1: {"name_length", "article_id_position_unique"},
            2: {"name_length"},
            3: {"position_at_least_1"},
            4: {"name_not_null"},
            5: {"article_id_position_unique"},
            6: {"article_id_not_null"},
            7: {"position_not_null"},
        },
        id="core.article_authors",
    ),
    pytest.param(
        "raw.documents",
        [
            (sha("page 0"), "file:///corpus/0.html", "text/html", "utf-8", 10, b"x", NOW, NOW),
            (sha("page 1").upper(), "file:///c/1.html", "text/html", "utf-8", 10, b"x", NOW, NOW),
            ("abc", "file:///corpus/2.html", "text/html", "utf-8", 10, b"x", NOW, NOW),
            (None, "file:///corpus/3.html", "text/html", "utf-8", 10, b"x", NOW, NOW),
            (sha("page 0"), "https://a.example.com/0", "text/html", None, 10, b"x", NOW, NOW),
            (sha("page 5"), "file:///corpus/5.html", None, None, -1, b"", NOW, NOW),
            (sha("page 6"), None, "text/plain", "utf-8", 10, b"x", NOW, NOW),
            (sha("page 7"), "file:///corpus/7.html", "text/html", "utf-8", None, b"x", NOW, NOW),
        ],
        {
            0: {"doc_id_unique"},
            1: {"doc_id_is_sha256"},
            2: {"doc_id_is_sha256"},
            3: {"doc_id_not_null"},
            4: {"doc_id_unique"},
            5: {"size_bytes_not_negative"},
            6: {"source_uri_not_null"},
            7: {"size_bytes_not_null"},
        },
        id="raw.documents",
    ),
]


@pytest.mark.parametrize(("table", "tuples", "expected"), CHILD_CASES)
def test_bad_frame_rejects_exactly_its_rows(
    table: str, tuples: list[tuple[object, ...]], expected: dict[int, set[str]]
) -> None:
    rows = [dict(zip(COLUMNS[table], values, strict=True)) for values in tuples]
    verdict = validate_frame(table, make_frame(table, rows), now=NOW)
    assert names_by_row(verdict.rejected) == expected
    assert dict(verdict.flagged) == {}
    every_reject = {s.name for s in load_suite(table).expectations}
    assert set().union(*expected.values()) == every_reject  # the frame exercises every check


# --- what a verdict carries -------------------------------------------------------------------


def test_failure_values_are_json_ready() -> None:
    frame = make_frame(
        "core.articles",
        [
            article(0, published_at=NOW + timedelta(days=1), updated_at=None),
            article(1, word_count=29, reading_time_min=None, title=None),
            article(2, updated_at=datetime(2026, 3, 1, tzinfo=UTC)),
        ],
    )
    verdict = validate_frame("core.articles", frame, now=NOW)
    assert verdict.rejected[0] == (
        Failure("published_at_not_in_future", "published_at", "2026-11-21T12:00:00+00:00"),
    )
    assert verdict.rejected[1] == (
        Failure("title_not_null", "title", None),
        Failure("word_count_at_least_30", "word_count", 29),
    )
    assert type(verdict.rejected[1][1].value) is int
    assert verdict.flagged[2] == (
        Failure(
            "updated_before_published",
            "updated_at,published_at",
            ["2026-03-01T00:00:00+00:00", "2026-03-04T08:30:00+00:00"],
        ),
    )
    every = [f for fs in (*verdict.rejected.values(), *verdict.flagged.values()) for f in fs]
    json.dumps([asdict(f) for f in every])


def test_compound_failure_names_both_columns() -> None:
    rows = [dict(ParagraphRow(article_id=A, position=3, kind="paragraph", text="t"))] * 2
    verdict = validate_frame("core.paragraphs", make_frame("core.paragraphs", rows), now=NOW)
    assert verdict.rejected[1] == (
        Failure("article_id_position_unique", "article_id,position", [A, 3]),
    )
    value = verdict.rejected[1][0].value
    assert isinstance(value, list)
    assert type(value[1]) is int


def test_null_in_float_column_is_reported_as_none() -> None:
    rows: list[dict[str, object]] = [
        dict(AuthorRow(article_id=A, position=1, name="Mara Quill")),
        {"article_id": A, "position": None, "name": "Tom Reyes"},
    ]
    verdict = validate_frame(
        "core.article_authors", make_frame("core.article_authors", rows), now=NOW
    )
    assert verdict.rejected[1] == (Failure("position_not_null", "position", None),)


def test_rows_are_positions_not_index_labels() -> None:
    frame = articles_with(title=None)
    frame.index = pd.Index(["x", "x", "y"])
    verdict = validate_frame("core.articles", frame, now=NOW)
    assert verdict.rejected_rows() == {1}
    assert isinstance(verdict, FrameVerdict)


def test_extra_columns_are_ignored() -> None:
    frame = good_frame("core.articles").assign(quality_flags=pd.Series([[], [], []], dtype=object))
    assert validate_frame("core.articles", frame, now=NOW).rejected_rows() == frozenset()


# --- misuse is an exception, bad data never is ------------------------------------------------


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        validate_frame("core.articles", good_frame("core.articles"), now=datetime(2026, 1, 1))


def test_missing_column_is_a_run_error() -> None:
    frame = good_frame("core.articles").drop(columns=["extractor_version"])
    with pytest.raises(ValidationRunError, match="extractor_version"):
        validate_frame("core.articles", frame, now=NOW)


def test_row_column_in_the_frame_is_a_run_error() -> None:
    frame = good_frame("core.links").assign(_row=0)
    with pytest.raises(ValidationRunError, match="_row"):
        validate_frame("core.links", frame, now=NOW)


def test_gx_exception_names_the_expectation() -> None:
    # Timestamps left as Python datetimes (no pd.to_datetime) cannot be compared with the
    # naive UTC bounds: GX raises inside the metric, and that is a caller bug, not bad data.
    frame = good_frame("core.articles")
    frame["published_at"] = pd.Series([article(i)["published_at"] for i in range(3)], dtype=object)
    with pytest.raises(ValidationRunError, match="published_at_not_before_1990"):
        validate_frame("core.articles", frame, now=NOW)


def test_ten_thousand_rows_stay_fast() -> None:
    rows = [
        article(i, title="Hey" if i % 10 == 0 else f"Ferry story number {i}") for i in range(10_000)
    ]
    frame = make_frame("core.articles", rows)
    validate_frame("core.articles", frame.head(3), now=NOW)  # context and suite built
    started = time.perf_counter()
    verdict = validate_frame("core.articles", frame, now=NOW)
    elapsed = time.perf_counter() - started
    assert verdict.rejected_rows() == frozenset(range(0, 10_000, 10))
    assert elapsed < 10, f"10k rows took {elapsed:.1f} s"
