"""Data Docs: a run's kept GX results become a static site in a directory, offline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from expectations.datadocs import build_data_docs
from expectations.validate import ResultKeeper, validate_frame

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
AUTHOR = "a" * 64


def authors(*names: str | None) -> pd.DataFrame:
    """core.article_authors rows of one article, in byline order."""
    return pd.DataFrame(
        {"article_id": AUTHOR, "position": range(1, len(names) + 1), "name": list(names)}
    )


def kept_run(*frames: pd.DataFrame) -> ResultKeeper:
    """A keeper holding the validations of the given core.article_authors frames."""
    keeper = ResultKeeper()
    for frame in frames:
        validate_frame("core.article_authors", frame, now=NOW, keep=keeper)
    return keeper


def test_keeping_results_does_not_change_the_verdict() -> None:
    frame = authors("Ines Harrow", "X")
    keeper = ResultKeeper()

    kept = validate_frame("core.article_authors", frame, now=NOW, keep=keeper)

    assert kept == validate_frame("core.article_authors", frame, now=NOW)
    assert kept.rejected_rows() == {1}
    [result] = keeper.results
    assert (result.table, result.sequence) == ("core.article_authors", 1)
    assert result.gx_result.success is False


def test_an_empty_frame_keeps_nothing() -> None:
    assert kept_run(authors()).results == ()


def test_docs_show_the_suite_and_the_failing_validation(tmp_path: Path) -> None:
    keeper = kept_run(authors("Ines Harrow", None), authors("Tom Reyes"))

    index = build_data_docs(keeper.results, tmp_path / "docs", run_name="20260304T090000Z-ab12")

    assert index == tmp_path / "docs" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "core.article_authors" in html
    assert "20260304T090000Z-ab12" in html
    pages = sorted((tmp_path / "docs" / "validations").rglob("*.html"))
    assert [p.name for p in pages] == ["batch-0001.html", "batch-0002.html"]
    failing = pages[0].read_text(encoding="utf-8")
    assert "name_not_null" in failing or "values must never be null" in failing
    assert (tmp_path / "docs" / "expectations" / "core" / "article_authors.html").is_file()


def test_docs_keep_the_latest_runs_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for run in ("run-1", "run-2", "run-3"):
        index = build_data_docs(kept_run(authors("Ines Harrow")).results, docs, run_name=run,
                                keep_runs=2)  # fmt: skip

    html = index.read_text(encoding="utf-8")
    assert "run-1" not in html
    assert "run-2" in html
    assert "run-3" in html
    runs = {p.name for p in (docs / "validations" / "core" / "article_authors").iterdir()}
    assert runs == {"run-2", "run-3"}
    assert {p.name for p in (docs / "results" / "core" / "article_authors").iterdir()} == runs


def test_a_run_with_nothing_validated_still_has_an_index(tmp_path: Path) -> None:
    index = build_data_docs((), tmp_path / "docs", run_name="quiet")
    assert "core.articles" in index.read_text(encoding="utf-8")


def test_keep_runs_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="keep_runs"):
        build_data_docs((), tmp_path, keep_runs=0)
