"""Orchestration helpers that need no Prefect API: discovery, reading, de-duplication, config."""

from __future__ import annotations

import argparse
import errno
import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.batch import deduplicate, parse_documents
from flows.config import load_settings
from flows.discover import discover_files, is_input_name
from flows.errors import ConfigError, TerminalError, TransientError, is_transient
from flows.read import read_file
from flows.rejections import Rejection
from transforms.models import Article, Document
from warehouse.errors import MigrationError, WarehouseLocked

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.html", True),
        ("a.HTM", True),
        ("a.txt.gz", True),
        ("a.html.GZ", True),
        ("a.gz", False),
        ("a.xml", False),
        ("a.json", False),
    ],
)
def test_input_names(name: str, expected: bool) -> None:
    assert is_input_name(name) is expected


def test_discovery_walks_directories_once_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b/2.txt", "1.html", "b/3.htm.gz", ".hidden/x.txt", ".dot.txt", "notes.md"):
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.md"
    found = discover_files([tmp_path, tmp_path / "1.html", explicit, tmp_path / "nope.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "1.html",
        "b/2.txt",
        "b/3.htm.gz",
        "notes.md",
    ]
    assert found.missing == (tmp_path / "nope.txt",)
    assert found.count_ignored == 1


def test_links_that_lead_nowhere_are_inputs_read_as_rejects(tmp_path: Path) -> None:
    # A dangling or looping link named like an input must not vanish from the run.
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted.html")
    (tmp_path / "loop.html").symlink_to(tmp_path / "loop.html")
    found = discover_files([tmp_path])
    assert [p.name for p in found.files] == ["gone.html", "loop.html"]
    reasons = []
    for path in found.files:
        outcome = read_file(path, max_bytes=100, now=NOW)
        assert not isinstance(outcome, Document)
        reasons.append(outcome[0].reason)
    assert reasons == ["not_found", "unreadable"]


def test_read_plain_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"hello")
    doc = read_file(path, max_bytes=100, now=NOW)
    assert isinstance(doc, Document)
    assert (doc.content, doc.media_type, doc.source_uri) == (b"hello", "text/plain", path.as_uri())


def test_read_gzip_by_magic_not_name(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(gzip.compress(b"<html><p>hi</p></html>"))
    doc = read_file(path, max_bytes=1000, now=NOW)
    assert isinstance(doc, Document)
    assert doc.content == b"<html><p>hi</p></html>"
    assert doc.media_type == "text/html"


@pytest.mark.parametrize(
    ("content", "max_bytes", "reason", "keeps_raw"),
    [
        (gzip.compress(b"x" * 5000)[:20], 10_000, "truncated_gzip", True),
        (gzip.compress(b"x" * 5000), 1000, "too_large", False),
        (b"y" * 2000, 1000, "too_large", False),
    ],
    ids=["truncated", "inflates-too-large", "too-large-on-disk"],
)
def test_read_rejections(
    tmp_path: Path, content: bytes, max_bytes: int, reason: str, keeps_raw: bool
) -> None:
    path = tmp_path / "in.txt.gz"
    path.write_bytes(content)
    outcome = read_file(path, max_bytes=max_bytes, now=NOW)
    assert isinstance(outcome, tuple)
    rejection, raw = outcome
    assert (rejection.stage, rejection.reason) == ("read", reason)
    assert (raw is not None) is keeps_raw
    assert (rejection.doc_id is not None) is keeps_raw


def test_read_unreadable_file(tmp_path: Path) -> None:
    outcome = read_file(tmp_path, max_bytes=1_000_000, now=NOW)
    assert isinstance(outcome, tuple)
    assert outcome[0].reason == "unreadable"


def _article(source: str, article_id: str, day: int | None) -> Article:
    published = datetime(2024, 1, day, tzinfo=UTC) if day else None
    return Article(
        article_id=article_id,
        doc_id=f"doc-{source}",
        source_uri=source,
        media_type="text/html",
        encoding="utf-8",
        extractor="html",
        extractor_version="1",
        published_at=published,
    )


def test_deduplicate_keeps_the_newest_version() -> None:
    old, new, other = _article("a", "x", 1), _article("b", "x", 5), _article("c", "y", None)
    kept, duplicates = deduplicate([old, new, other])
    assert kept == [new, other]
    assert duplicates == [(old, new)]


def test_deduplicate_ties_go_to_the_later_input() -> None:
    first, second = _article("a", "x", None), _article("b", "x", None)
    kept, duplicates = deduplicate([first, second])
    assert kept == [second]
    assert duplicates == [(first, second)]


def test_a_reader_crash_costs_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import flows.batch

    def explode(doc: Document) -> Article:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(flows.batch, "parse_document", explode)
    parsed = parse_documents([Document("file:///a.txt", b"text")])
    [rejection] = parsed.rejections
    assert isinstance(rejection, Rejection)
    assert (rejection.stage, rejection.reason) == ("parse", "parse_error")
    assert "reader bug" in rejection.detail


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COPYDESK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COPYDESK_DB", raising=False)
    monkeypatch.setenv("COPYDESK_BATCH_SIZE", "42")
    settings = load_settings()
    assert settings.db_path == tmp_path / "copydesk.duckdb"
    assert settings.batch_size == 42
    monkeypatch.setenv("COPYDESK_DB", str(tmp_path / "env.duckdb"))
    assert load_settings().db_path == tmp_path / "env.duckdb"
    assert load_settings(db=tmp_path / "arg.duckdb").db_path == tmp_path / "arg.duckdb"
    assert load_settings(batch_size=7).batch_size == 7


@pytest.mark.parametrize("value", ["many", "0", "-3"])
def test_invalid_settings_are_reported(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("COPYDESK_BATCH_SIZE", value)
    with pytest.raises(ConfigError, match="COPYDESK_BATCH_SIZE"):
        load_settings()


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (WarehouseLocked("busy"), True),
        (TransientError("later"), True),
        (OSError(errno.EAGAIN, "try again"), True),
        (TerminalError("never"), False),
        (MigrationError("edited"), False),
        (OSError(errno.ENOENT, "missing"), False),
        (ValueError("bug"), False),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_only_transient_errors_are_retried(error: BaseException, transient: bool) -> None:
    assert is_transient(error) is transient


def test_every_command_help_says_what_it_does() -> None:
    # "copydesk COMMAND --help" is where a new user looks first.
    from flows.cli import build_parser

    parser = build_parser()
    commands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    for name, command in commands.choices.items():
        assert command.description, f"copydesk {name} --help has no description"
        for action in command._actions:
            if action.option_strings and "--help" not in action.option_strings:
                assert action.help or action.choices, f"copydesk {name} {action.dest} has no help"
