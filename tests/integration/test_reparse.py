"""reparse: stored documents are extracted again without reading the files again."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from flows.ingest import ingest_files
from flows.reparse import CURRENT_VERSIONS, reparse
from tests.conftest import REPO

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"


def test_reparse_updates_articles_of_older_extractors(tmp_path: Path, db_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, corpus)
    first = ingest_files([str(corpus)], db=str(db_path))
    shutil.rmtree(corpus)  # reparse must not need the files
    with duckdb.connect(str(db_path)) as con:
        con.execute("update core.articles set extractor_version = '0.1' where extractor = 'html'")
        [(count_html,)] = con.execute(
            "select count(*) from core.articles where extractor = 'html'"
        ).fetchall()

    summary = reparse(db=str(db_path))

    assert summary.counts.count_articles_updated == count_html
    rejected = first.counts.count_read_rejected + first.counts.count_parse_rejected
    # inputs rejected before are tried again (a better extractor may take them); the
    # truncated upload has no document to extract, so it is not among them
    assert summary.counts.count_inputs == count_html + rejected - first.counts.count_read_rejected
    with duckdb.connect(str(db_path), read_only=True) as con:
        versions = con.execute(
            "select distinct extractor, extractor_version from core.articles"
        ).fetchall()
        count_articles = con.execute("select count(*) from core.articles").fetchone()
    assert set(versions) == set(CURRENT_VERSIONS.items())
    assert count_articles == (first.counts.count_articles_new,)


def test_reparse_everything_changes_nothing_when_current(db_path: Path) -> None:
    first = ingest_files([str(DEMO_CORPUS)], db=str(db_path))
    summary = reparse(db=str(db_path), everything=True)
    assert summary.counts.count_articles_unchanged == first.counts.count_articles_new
    assert summary.counts.count_articles_updated == 0
