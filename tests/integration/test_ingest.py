"""The ingest-files flow end to end: real Prefect API, real DuckDB file, real suites."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.ingest import ingest_files
from tests.conftest import FIXTURES, REPO, SHARED

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"
TABLES = (
    "raw.documents",
    "core.articles",
    "core.article_versions",
    "core.paragraphs",
    "core.links",
    "core.article_authors",
    "ops.rejects",
    "ops.inputs",
)

# An original story in the text-dump layout, used and varied by several tests.
STORY = (FIXTURES / "stories" / "glaciers.txt").read_text(encoding="utf-8")


def _count(db: Path, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(f"select count(*) from {table}").fetchone()
    assert row is not None
    return int(row[0])


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The demo corpus's good articles plus one story written here."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in sorted(DEMO_CORPUS.glob("*")):
        if source.name.startswith(("dump-", "page-")):
            shutil.copy(source, folder / source.name)
    (folder / "glaciers.txt").write_text(STORY, encoding="utf-8")
    return folder


def test_ingest_loads_every_good_article(corpus: Path, db_path: Path) -> None:
    inputs = sorted(corpus.iterdir())
    summary = ingest_files([str(corpus)], db=str(db_path))

    assert summary.status == "completed", summary.rejects_by_reason
    assert summary.counts.count_inputs == len(inputs)
    assert summary.counts.count_articles_new == len(inputs)
    assert _count(db_path, "core.articles") == len(inputs)
    assert _count(db_path, "raw.documents") == len(inputs)
    assert _count(db_path, "ops.inputs") == len(inputs)
    assert _count(db_path, "ops.rejects") == 0
    [(title, section, reading, agency)] = _query(
        db_path,
        "select title, section, reading_time_min, agency from core.articles "
        "where source_uri like '%glaciers.txt'",
    )
    assert title == "Glaciologists map a hidden lake under the Vatna ice shelf"
    assert (section, reading, agency) == ("SCIENCE", 4, "EXAMPLE")


def test_ops_loads_records_the_run(corpus: Path, db_path: Path) -> None:
    summary = ingest_files([str(corpus)], db=str(db_path))
    [(status, count_inputs, count_new, flow_run_id, finished)] = _query(
        db_path,
        "select status, count_inputs, count_articles_new, flow_run_id, finished_at is not null "
        "from ops.loads",
    )
    assert (status, count_inputs, count_new) == ("completed", summary.counts.count_inputs,
                                                 summary.counts.count_articles_new)  # fmt: skip
    assert flow_run_id == summary.flow_run_id
    assert finished is True
    assert _query(db_path, "select distinct load_id from core.articles") == [(summary.load_id,)]


def test_ingesting_twice_changes_no_row_count(corpus: Path, db_path: Path) -> None:
    first = ingest_files([str(corpus)], db=str(db_path))
    counts = {table: _count(db_path, table) for table in TABLES}
    second = ingest_files([str(corpus)], db=str(db_path))

    assert {table: _count(db_path, table) for table in TABLES} == counts
    assert second.counts.count_articles_unchanged == first.counts.count_articles_new
    assert second.counts.count_articles_new == second.counts.count_articles_updated == 0
    assert _count(db_path, "ops.loads") == 2
    # unchanged articles keep the load that wrote them
    assert _query(db_path, "select distinct load_id from core.articles") == [(first.load_id,)]


def test_a_changed_file_updates_its_article_in_place(corpus: Path, db_path: Path) -> None:
    ingest_files([str(corpus)], db=str(db_path))
    before = _count(db_path, "core.articles")
    story = corpus / "glaciers.txt"
    story.write_text(
        STORY.replace("hidden lake", "second hidden lake").replace(
            "Water under ice sheets", "Meltwater under ice sheets"
        ),
        encoding="utf-8",
    )
    summary = ingest_files([str(corpus)], db=str(db_path))

    assert summary.counts.count_articles_updated == 1
    assert _count(db_path, "core.articles") == before
    [(title, first_seen, changed)] = _query(
        db_path,
        "select title, first_seen_at, last_changed_at from core.articles "
        "where source_uri like '%glaciers.txt'",
    )
    assert title == "Glaciologists map a second hidden lake under the Vatna ice shelf"
    assert changed > first_seen  # type: ignore[operator]
    texts = [t for (t,) in _query(db_path, "select text from core.paragraphs p join "
                                  "core.articles a using (article_id) where a.source_uri like "
                                  "'%glaciers.txt' order by position")]  # fmt: skip
    assert any(t.startswith("Meltwater under ice sheets") for t in texts)
    versions = _query(
        db_path,
        "select v.version, v.title from core.article_versions v join core.articles a "
        "using (article_id) where a.source_uri like '%glaciers.txt' order by v.version",
    )
    assert [v for v, _ in versions] == [1, 2]
    assert versions[-1][1] == title
    assert not any(t.startswith("Water under ice sheets") for t in texts)
    assert len(texts) == len(set(texts))


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Writes one file per kind of bad input; returns file name -> expected outcome."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.html").write_bytes(b"   \n\t  \n")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 64)
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    compressed = gzip.compress(STORY.encode("utf-8"))
    (folder / "truncated.txt.gz").write_bytes(compressed[: len(compressed) // 2])
    (folder / "index.html").write_text(
        "<html><head><title>Example News - Home</title></head><body><nav><a href='/a'>World</a>"
        "<a href='/b'>Sport</a></nav><ul>"
        + "".join(f"<li><a href='/story/{i}'>Story {i}</a></li>" for i in range(30))
        + "</ul><footer>(c) Example News</footer></body></html>",
        encoding="utf-8",
    )
    # Windows-1252 text dump without any declaration: must be decoded, not mangled.
    # ñ, à and è are other letters in windows-1250, so a wrong guess shows in the text.
    legacy = STORY.replace("Glaciologists map", "Glaciologists’ café map").replace(
        "A team of glaciologists",
        "A team of glaciologists — “Vatna” veterans led by Begoña Peñalver and Noël Làzaro —",
    )
    (folder / "legacy-cp1252.txt").write_bytes(legacy.encode("cp1252"))
    # Mostly UTF-8 with a few invalid bytes: decoded with replacement characters, not rejected.
    (folder / "bad-utf8.txt").write_bytes(
        STORY.replace("Glaciologists map", "Icefield team maps")
        .encode("utf-8")
        .replace(b"two kilometres", b"two \xff\xfe kilometres")
    )
    # A huge page: 20 MB of markup around a real story.
    paragraphs = "".join(f"<p>{line}</p>" for line in STORY.splitlines()[9:] if line)
    padding = "<div class='ad'>" + ("x" * 1000 + " ") * 20_000 + "</div>"
    (folder / "huge.html").write_text(
        "<html lang='en'><head><title>Huge page about ice</title>"
        "<meta property='article:published_time' content='2025-02-11T09:00:00+00:00'>"
        "</head><body>"
        f"{padding}<article><h1>Huge page about ice</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    return {
        "empty.txt": "parse/empty",
        "blank.html": "parse/empty",
        "junk.html": "parse/binary",
        "picture.txt": "parse/binary",
        "truncated.txt.gz": "read/truncated_gzip",
        "index.html": "rejected",
        "legacy-cp1252.txt": "article",
        "bad-utf8.txt": "article",
        "huge.html": "article",
    }


def test_bad_inputs_never_crash_and_never_vanish(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "bad"
    expected = _bad_inputs(folder)
    missing = tmp_path / "no-such-file.html"
    summary = ingest_files([str(folder), str(missing)], db=str(db_path))

    assert summary.status == "completed_with_rejects"
    assert summary.counts.count_inputs == len(expected) + 1
    assert summary.counts.count_accounted == summary.counts.count_inputs
    outcomes = {
        uri.rsplit("/", 1)[-1]: (outcome, stage, reason)
        for uri, outcome, stage, reason in _query(
            db_path, "select source_uri, outcome, stage, reason from ops.inputs"
        )
    }
    assert set(outcomes) == {*expected, missing.name}
    assert outcomes[missing.name] == ("rejected", "read", "not_found")
    for name, want in expected.items():
        outcome, stage, reason = outcomes[name]
        if want == "article":
            assert outcome == "new", (name, outcomes[name])
        elif want == "rejected":
            assert outcome == "rejected", (name, outcomes[name])
        else:
            assert (outcome, f"{stage}/{reason}") == ("rejected", want), name
    rejected = {u for u, (o, _, _) in outcomes.items() if o == "rejected"}
    rejects = _query(db_path, "select source_uri, reason from ops.rejects where row_key is null")
    assert {uri.rsplit("/", 1)[-1] for uri, _ in rejects} == rejected
    assert all(reason for _, reason in rejects)


def test_legacy_encodings_are_decoded(tmp_path: Path, db_path: Path) -> None:
    _bad_inputs(tmp_path / "bad")
    ingest_files([str(tmp_path / "bad" / "legacy-cp1252.txt")], db=str(db_path))
    [(title, body, encoding)] = _query(
        db_path,
        "select a.title, a.body_text, d.encoding from core.articles a "
        "join raw.documents d using (doc_id)",
    )
    assert title == "Glaciologists’ café map a hidden lake under the Vatna ice shelf"
    assert "— “Vatna” veterans led by Begoña Peñalver and Noël Làzaro —" in body
    assert encoding == "cp1252"


def test_rejected_rows_carry_expectations_and_values(tmp_path: Path, db_path: Path) -> None:
    short = STORY.split("\n\n")[0] + "\n\nToo short to be an article.\n"
    (tmp_path / "short.txt").write_text(short, encoding="utf-8")
    summary = ingest_files([str(tmp_path / "short.txt")], db=str(db_path))

    assert summary.counts.count_validate_rejected == 1
    [(stage, table, reason, failed, record)] = _query(
        db_path,
        "select stage, table_name, reason, failed_expectations, record::varchar from ops.rejects",
    )
    assert (stage, table, reason) == ("validate", "core.articles", "failed_expectations")
    assert "word_count_at_least_30" in failed  # type: ignore[operator]
    assert '"word_count"' in str(record)


def test_seed_dump_loads_exactly(tmp_path: Path, db_path: Path) -> None:
    seed = SHARED / "seeds" / "000_9f9e6c621dd6fb3b.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not present")
    ingest_files([str(seed)], db=str(db_path))
    [(title, section, published, paragraphs, explore)] = _query(
        db_path,
        """
        select a.title, a.section, cast(a.published_at as date)::varchar,
            (select count(*) from core.paragraphs p where p.article_id = a.article_id),
            (select count(*) from core.links l where l.article_id = a.article_id
                and l.kind = 'explore')
        from core.articles a
        """,
    )
    assert title == "Russian, US defence chiefs discuss Ukraine conflict by phone"
    assert (section, published, paragraphs, explore) == ("WORLD", "2024-06-26", 16, 17)


def test_fixture_corpora_are_fully_accounted(db_path: Path) -> None:
    paths = [str(FIXTURES), str(DEMO_CORPUS)]
    summary = ingest_files(paths, db=str(db_path))
    assert summary.status != "failed"
    assert summary.counts.count_accounted == summary.counts.count_inputs
    assert _count(db_path, "ops.inputs") == summary.counts.count_inputs
