"""The analyst warehouse on the loaded demo corpus: search, export, example queries and the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

import warehouse.search
from flows.ingest import ingest_files
from tests.conftest import REPO
from warehouse.connection import open_reader
from warehouse.examples import ExampleQuery, load_examples
from warehouse.export import UNDATED_PARTITION, OutputNotEmpty, export_parquet
from warehouse.migrate import load_migrations, migrate
from warehouse.search import (
    FTS_SCHEMA,
    SNIPPET_CHARS,
    FtsUnavailable,
    SearchError,
    SearchIndexMissing,
    fts_extension_path,
    index_status,
    make_snippet,
    rebuild_index,
    refresh_index,
    search,
)

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"
# Inputs there to show rejects (a cut-off upload, a home page) are named broken-* and not-*.
ARTICLE_FILES = sorted(
    p for p in DEMO_CORPUS.iterdir() if not p.name.startswith(("broken-", "not-"))
)
# The installed console script, as a user runs `copydesk search` / `copydesk export`.
ANALYST_CLI = [str(Path(sys.executable).with_name("copydesk"))]
DUCKDB_CLI = str(Path(sys.executable).with_name("duckdb"))
_WORD = re.compile(r"[^\W\d_]{4,}")


def _stem(path: Path) -> str:
    return path.name.split(".")[0]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus loaded into a warehouse, with its search index built."""
    db = tmp_path_factory.mktemp("analyst") / "copydesk.duckdb"
    summary = ingest_files([str(DEMO_CORPUS)], db=str(db))
    assert summary.counts.count_articles_new == len(ARTICLE_FILES)
    with duckdb.connect(str(db)) as con:
        assert rebuild_index(con) == len(ARTICLE_FILES)
    return db


@pytest.fixture
def reader(loaded: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection as analysts get it (fts not loaded yet)."""
    with open_reader(loaded) as con:
        yield con


def _article(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, str, str]:
    """(article_id, title, body_text) of the article read from ``path``."""
    row = con.execute(
        "select article_id, title, body_text from core.articles where source_uri = ?",
        [path.resolve().as_uri()],
    ).fetchone()
    assert row is not None, f"{path.name} did not load"
    return row


def _distinctive_words(con: duckdb.DuckDBPyConnection, article_id: str, count: int) -> list[str]:
    """Words of the article's body that no other article's title or body contains."""
    rows = con.execute("select article_id, title || ' ' || body_text from core.articles").fetchall()
    elsewhere: set[str] = set()
    for other_id, text in rows:
        if other_id != article_id:
            elsewhere |= {w.lower() for w in _WORD.findall(text)}
    body = dict(rows)[article_id]
    frequent = Counter(w.lower() for w in _WORD.findall(body) if w.lower() not in elsewhere)
    return [word for word, _ in frequent.most_common(count)]


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=_stem)
def test_search_by_title_finds_the_article_first(
    reader: duckdb.DuckDBPyConnection, path: Path
) -> None:
    article_id, title, _ = _article(reader, path)
    hits = search(reader, title, limit=3)
    assert hits, title
    assert hits[0].article_id == article_id
    assert hits[0].title == title
    assert hits[0].score > (hits[1].score if len(hits) > 1 else 0)


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=_stem)
def test_search_by_body_words_finds_the_article_first(
    reader: duckdb.DuckDBPyConnection, path: Path
) -> None:
    article_id, _, _ = _article(reader, path)
    words = _distinctive_words(reader, article_id, 3)
    assert len(words) == 3
    hits = search(reader, " ".join(reversed(words)))
    assert hits[0].article_id == article_id
    folded = hits[0].snippet.lower()
    assert any(word in folded for word in words), (words, hits[0].snippet)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thermal cameras drones", "page-river-drones-rescue"),
        ("hydrogen seabed", "dump-deep-sea-microbes"),
        # Accents are folded on both sides, and typographic quotes do not glue to words.
        ("Stadtbibliothek offnet MITTERNACHT", "page-stadtbibliothek-nachtoeffnung"),
        ("öffnet", "page-stadtbibliothek-nachtoeffnung"),
        # Stemming: "rescuing" finds "rescue".
        ("rescuing volunteers", "page-river-drones-rescue"),
        ("coal quay turbines", "page-offshore-wind-port"),
    ],
)
def test_search_written_queries(
    reader: duckdb.DuckDBPyConnection, query: str, expected: str
) -> None:
    [path] = [p for p in ARTICLE_FILES if _stem(p) == expected]
    article_id, _, _ = _article(reader, path)
    assert search(reader, query)[0].article_id == article_id


def test_search_filters_by_site_and_date(reader: duckdb.DuckDBPyConnection) -> None:
    everything = search(reader, "river", limit=50)
    assert len(everything) >= 2
    dated = [hit for hit in everything if hit.published_at is not None]
    cutoff = max(hit.published_at for hit in dated if hit.published_at).date()
    since = search(reader, "river", since=cutoff, limit=50)
    assert since
    assert all(h.published_at and h.published_at.date() >= cutoff for h in since)
    assert len(since) < len(everything)
    sited = next(hit for hit in everything if hit.site)
    assert sited.site is not None
    for spelling in (sited.site, sited.site.upper()):
        hits = search(reader, "river", site=spelling, limit=50)
        assert hits
        assert {hit.site for hit in hits} == {sited.site}
    assert search(reader, "river", site="nowhere.example.org") == []


def test_search_ranks_scores_and_bounds_snippets(reader: duckdb.DuckDBPyConnection) -> None:
    hits = search(reader, "river water wind school", limit=4)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert 0 < len(hit.snippet) <= SNIPPET_CHARS + 2
    assert search(reader, "the and of") == []  # stopwords only
    assert search(reader, "zzyzx") == []
    with pytest.raises(ValueError, match="limit"):
        search(reader, "river", limit=0)


def test_query_text_is_a_parameter_not_sql(reader: duckdb.DuckDBPyConnection) -> None:
    assert search(reader, "river'); drop table core.articles; --") != []
    assert reader.execute("select count(*) from core.articles").fetchone() == (len(ARTICLE_FILES),)


def test_search_without_an_index_says_so(tmp_path: Path) -> None:
    db = tmp_path / "fresh.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con)
    with open_reader(db) as con:
        assert not index_status(con).exists
        with pytest.raises(SearchIndexMissing):
            search(con, "river")


def test_search_on_a_warehouse_not_yet_migrated_says_to_load(tmp_path: Path) -> None:
    db = tmp_path / "older.duckdb"
    with duckdb.connect(str(db)) as con:
        # As an older copydesk left it: no marts.site_host macro (migration 0010), old views.
        older = [m for m in load_migrations() if m.name < "0010"]
        migrate(con, older, views=[])
        rebuild_index(con)
    with open_reader(db) as con, pytest.raises(SearchError, match="load once"):
        search(con, "river")


def test_index_status_notices_a_changed_warehouse(loaded: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(loaded, db)
    with duckdb.connect(str(db)) as con:
        status = index_status(con)
        assert status.is_current
        assert status.count_indexed == status.count_articles == len(ARTICLE_FILES)
        con.execute("update core.articles set last_changed_at = now() where title ilike '%river%'")
        assert not index_status(con).is_current
        # Loads refresh the index inside their write transaction: that must work.
        con.execute("begin transaction")
        assert refresh_index(con)
        con.execute("commit")
        assert index_status(con).is_current
        assert not refresh_index(con)


def _offline_repository(con: duckdb.DuckDBPyConnection, root: Path, *, with_fts: bool) -> None:
    """Point INSTALL at a local extension repository (never the network)."""
    [(platform,)] = con.execute("select platform from pragma_platform()").fetchall()
    folder = root / "repository" / f"v{duckdb.__version__}" / platform
    folder.mkdir(parents=True)
    bundled = fts_extension_path()
    assert bundled is not None
    if with_fts:
        shutil.copy(bundled, folder / bundled.name)
    (root / "installed").mkdir()
    con.execute(f"set extension_directory = '{root / 'installed'}'")
    con.execute(f"set custom_extension_repository = '{root / 'repository'}'")


def test_without_the_package_search_installs_fts(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warehouse.search, "fts_extension_path", lambda: None)
    with open_reader(loaded) as con:
        _offline_repository(con, tmp_path, with_fts=True)
        assert search(con, "hydrogen seabed")
    assert list((tmp_path / "installed").rglob("fts.duckdb_extension"))


def test_without_package_or_repository_fts_is_unavailable(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warehouse.search, "fts_extension_path", lambda: None)
    with open_reader(loaded) as con:
        _offline_repository(con, tmp_path, with_fts=False)
        with pytest.raises(FtsUnavailable, match="duckdb-extension-fts"):
            search(con, "hydrogen seabed")


def test_duckdb_shell_loads_the_same_extension_read_only(loaded: Path) -> None:
    extension = fts_extension_path()
    assert extension is not None, "duckdb-extension-fts is a dependency of copydesk"
    sql = (
        f"load '{extension}'; "
        f"select title from core.articles "
        f"where {FTS_SCHEMA}.match_bm25(article_id, 'hydrogen seabed') is not null;"
    )
    shell = subprocess.run(
        [DUCKDB_CLI, "-readonly", "-csv", str(loaded), "-c", sql],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[1:] == [
        "Scientists find microbes that live on hydrogen deep below the seabed"
    ]


def _table_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select count(*) from {table}").fetchone()
    assert row is not None
    return int(row[0])


def _parquet_rows(con: duckdb.DuckDBPyConnection, directory: Path) -> int:
    row = con.execute(
        "select count(*) from read_parquet(?, hive_partitioning = true)",
        [str(directory / "**" / "*.parquet")],
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_export_round_trips_the_row_counts(
    reader: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    result = export_parquet(reader, tmp_path / "out")
    tables = {"articles": "core.articles", "paragraphs": "core.paragraphs",
              "links": "core.links", "article_authors": "core.article_authors"}  # fmt: skip
    for name, table in tables.items():
        expected = _table_count(reader, table)
        assert expected > 0
        assert result.counts[name] == expected
        assert _parquet_rows(reader, tmp_path / "out" / name) == expected
    assert all(path.is_file() and path.suffix == ".parquet" for path in result.files)
    # Each article sits in the partition of its UTC publication month, its rows beside it.
    mismatched = reader.execute(
        """
        select count(*)
        from read_parquet(?, hive_partitioning = true) as exported
        join core.articles as articles on articles.article_id = exported.article_id
        where exported.year <> year(timezone('UTC', articles.published_at))
            or exported.month <> month(timezone('UTC', articles.published_at))
        """,
        [str(tmp_path / "out" / "articles" / "**" / "*.parquet")],
    ).fetchone()
    assert mismatched == (0,)
    columns = {d[0] for d in reader.execute(
        "select * from read_parquet(?, hive_partitioning = true) limit 0",
        [str(tmp_path / "out" / "articles" / "**" / "*.parquet")],
    ).description or []}  # fmt: skip
    assert {"article_id", "title", "body_text", "published_at", "year", "month"} <= columns


def test_export_since_keeps_the_later_articles(
    reader: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    since = date(2025, 1, 1)
    result = export_parquet(reader, tmp_path / "out", since=since)
    expected = _table_count(reader, "core.articles where published_at >= '2025-01-01 00:00:00+00'")
    assert 0 < result.counts["articles"] == expected < len(ARTICLE_FILES)
    paragraphs = reader.execute(
        "select count(*) from core.paragraphs where article_id in "
        "(select article_id from core.articles where published_at >= '2025-01-01 00:00:00+00')"
    ).fetchone()
    assert paragraphs == (result.counts["paragraphs"],)


def test_export_refuses_a_non_empty_directory_unless_overwriting(
    reader: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputNotEmpty):
        export_parquet(reader, out)
    first = export_parquet(reader, out, overwrite=True)
    second = export_parquet(reader, out, overwrite=True)
    assert first.counts == second.counts
    assert _parquet_rows(reader, out / "articles") == first.counts["articles"]
    assert keep.read_text(encoding="utf-8") == "mine"


def test_export_puts_undated_articles_in_the_null_partition(loaded: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(loaded, db)
    with duckdb.connect(str(db)) as con:
        [(article_id,)] = con.execute(
            "update core.articles set published_at = null where title ilike '%marathon%' "
            "returning article_id"
        ).fetchall()
    with open_reader(db) as con:
        result = export_parquet(con, tmp_path / "out")
        undated = tmp_path / "out" / "articles" / UNDATED_PARTITION
        assert next(p.parent for p in result.files if UNDATED_PARTITION in p.as_posix()) == undated
        rows = con.execute(
            "select article_id, year, month from read_parquet(?, hive_partitioning = true) "
            "where year is null",
            [str(tmp_path / "out" / "articles" / "**" / "*.parquet")],
        ).fetchall()
        assert rows == [(article_id, None, None)]
        assert (tmp_path / "out" / "paragraphs" / UNDATED_PARTITION).is_dir()


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.name)
def test_example_query_returns_rows(
    reader: duckdb.DuckDBPyConnection, example: ExampleQuery
) -> None:
    assert reader.execute(example.sql).fetchall(), f"{example.name} returned nothing"


def test_there_are_at_least_ten_examples() -> None:
    examples = load_examples()
    assert len(examples) >= 10
    assert all(e.title != f"{e.name}.sql" for e in examples), "every example starts with a title"


@pytest.mark.parametrize(
    ("body", "word", "expected"),
    [
        ("Short body.", "body", "Short body."),
        ("a " * 150 + "needle " + "b " * 150, "needle", "needle"),
        # Accents folded: the query word "offnet" finds "öffnet" in the text.
        ("x " * 150 + "Die Bibliothek öffnet bald. " + "y " * 150, "offnet", "öffnet"),
    ],
)
def test_make_snippet_centres_on_the_word(body: str, word: str, expected: str) -> None:
    snippet = make_snippet(body, word)
    assert expected in snippet
    assert len(snippet) <= SNIPPET_CHARS + 2


def test_make_snippet_without_a_match_starts_the_body() -> None:
    body = "First words of the story. " + "more " * 100
    snippet = make_snippet(body, None)
    assert snippet.startswith("First words of the story.")
    assert snippet.endswith("…")
    assert make_snippet(body, "absent").startswith("First words")


def _cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ANALYST_CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_cli_search_prints_ranked_lines(
    loaded: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    with open_reader(loaded) as con:
        _, title, _ = _article(con, DEMO_CORPUS / "dump-deep-sea-microbes.txt")
    run = _cli(
        ["search", "hydrogen seabed", "--db", str(loaded), "--limit", "3"], cli_env, tmp_path
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert 1 <= len(lines) <= 3
    rank, score, first_title, _site, day, snippet = lines[0].split("\t")
    assert (rank, first_title, day) == ("1", title, "2025-01-09")
    assert float(score) > 0
    assert "hydrogen" in snippet.lower()

    filtered = _cli(["search", "river", "--db", str(loaded), "--since", "2030-01-01"],
                    cli_env, tmp_path)  # fmt: skip
    assert filtered.returncode == 0
    assert filtered.stdout == ""
    assert "no article matches" in filtered.stderr


def test_cli_search_errors(loaded: Path, tmp_path: Path, cli_env: dict[str, str]) -> None:
    fresh = tmp_path / "fresh.duckdb"
    with duckdb.connect(str(fresh)) as con:
        migrate(con)
    missing_index = _cli(["search", "river", "--db", str(fresh)], cli_env, tmp_path)
    assert missing_index.returncode == 3
    assert "no search index yet" in missing_index.stderr
    reindexed = _cli(["search", "river", "--reindex", "--db", str(fresh)], cli_env, tmp_path)
    assert reindexed.returncode == 0, reindexed.stderr
    assert "rebuilt over 0 articles" in reindexed.stderr
    no_db = _cli(["search", "river", "--db", str(tmp_path / "none.duckdb")], cli_env, tmp_path)
    assert no_db.returncode == 3
    bad_date = _cli(["search", "river", "--since", "May", "--db", str(loaded)], cli_env, tmp_path)
    assert bad_date.returncode == 2
    assert "YYYY-MM-DD" in bad_date.stderr


def test_cli_export_prints_files_and_counts(
    loaded: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    out = tmp_path / "export"
    run = _cli(["export", str(out), "--db", str(loaded)], cli_env, tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    files = [Path(line) for line in lines if line.endswith(".parquet")]
    assert files
    assert all(f.is_file() for f in files)
    counts = dict(line.split("\t")[:2] for line in lines if "\t" in line)
    with open_reader(loaded) as con:
        assert int(counts["articles"]) == _table_count(con, "core.articles")
        assert int(counts["paragraphs"]) == _table_count(con, "core.paragraphs")
    again = _cli(["export", str(out), "--db", str(loaded)], cli_env, tmp_path)
    assert again.returncode == 2
    assert "not empty" in again.stderr
    overwrite = _cli(["export", "--overwrite", "--since", "2025-01-01", str(out),
                      "--db", str(loaded)], cli_env, tmp_path)  # fmt: skip
    assert overwrite.returncode == 0, overwrite.stderr
