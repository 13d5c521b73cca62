"""The copydesk command line, run as a user runs it: the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED
from tests.integration.webserver import FaultServer, Reply

COPYDESK = str(Path(sys.executable).with_name("copydesk"))
DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COPYDESK, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_ingest_then_sql(tmp_path: Path, cli_env: dict[str, str]) -> None:
    corpus = tmp_path / "in"
    shutil.copytree(DEMO_CORPUS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    db = tmp_path / "w.duckdb"

    ingest = run(["ingest", str(corpus), "--db", str(db)], cli_env, tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "ingest-files completed_with_rejects" in ingest.stdout
    assert "parse" in ingest.stdout
    assert "empty" in ingest.stdout

    sql = run(
        ["sql", "select count(*) as n from core.articles", "--db", str(db), "--format", "csv"],
        cli_env,
        tmp_path,
    )
    assert sql.returncode == 0, sql.stderr
    inputs = len(list(corpus.iterdir()))
    assert sql.stdout.splitlines()[1] == str(inputs - 1 - _count_rejected_demo_inputs())


def _count_rejected_demo_inputs() -> int:
    """Inputs of the demo corpus that are there to show rejects (named broken-* / not-*)."""
    return sum(1 for p in DEMO_CORPUS.iterdir() if p.name.startswith(("broken-", "not-")))


def test_db_from_environment(tmp_path: Path, cli_env: dict[str, str]) -> None:
    db = tmp_path / "from-env.duckdb"
    env = {**cli_env, "COPYDESK_DB": str(db)}
    story = next(DEMO_CORPUS.glob("dump-*.txt"))
    assert run(["ingest", str(story)], env, tmp_path).returncode == 0
    assert db.exists()
    sql = run(["sql", "select title from core.articles", "--format", "jsonl"], env, tmp_path)
    assert sql.returncode == 0, sql.stderr
    assert len(sql.stdout.splitlines()) == 1


def test_sql_is_read_only(tmp_path: Path, cli_env: dict[str, str]) -> None:
    db = tmp_path / "w.duckdb"
    story = next(DEMO_CORPUS.glob("dump-*.txt"))
    assert run(["ingest", str(story), "--db", str(db)], cli_env, tmp_path).returncode == 0
    result = run(["sql", "delete from core.articles", "--db", str(db)], cli_env, tmp_path)
    assert result.returncode == 1
    assert "read-only" in result.stderr.lower()
    count = run(["sql", "select count(*) from core.articles", "--db", str(db)], cli_env, tmp_path)
    assert "1 row" in count.stdout


def test_sql_without_a_warehouse_says_so(tmp_path: Path, cli_env: dict[str, str]) -> None:
    result = run(["sql", "select 1", "--db", str(tmp_path / "none.duckdb")], cli_env, tmp_path)
    assert result.returncode == 3
    assert "no warehouse" in result.stderr


def test_extract_prints_every_field(tmp_path: Path, cli_env: dict[str, str]) -> None:
    story = next(DEMO_CORPUS.glob("dump-*.txt"))
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run(["extract", str(story), str(empty), "--jsonl"], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["source_uri"] == story.as_uri()
    for name in ("title", "published_at", "section", "paragraphs", "links", "body_text"):
        assert name in first
    assert first["paragraphs"][0]["kind"] in {"paragraph", "heading"}
    assert second["rejected"]["reason"] == "empty"


def test_extract_seed(tmp_path: Path, cli_env: dict[str, str]) -> None:
    seed = SHARED / "seeds" / "000_9f9e6c621dd6fb3b.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not present")
    result = run(["extract", str(seed)], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "Russian, US defence chiefs discuss Ukraine conflict by phone"
    assert article["agency"] == "AFP"
    assert len([link for link in article["links"] if link["kind"] == "explore"]) == 17


def test_demo_on_a_fresh_machine(tmp_path: Path, cli_env: dict[str, str]) -> None:
    """No Prefect API configured and no data directory yet: what a new user runs first."""
    env = {k: v for k, v in cli_env.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["COPYDESK_DATA_DIR"] = str(tmp_path / "fresh" / "data")
    result = run(["demo"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fresh" / "data" / "copydesk.duckdb").exists()
    assert (tmp_path / "fresh" / "data" / "prefect").is_dir()
    assert "Latest articles" in result.stdout
    assert "Rejects by reason" in result.stdout or "What was rejected" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    env = {**cli_env, "COPYDESK_BATCH_SIZE": "lots"}
    result = run(["ingest", str(tmp_path)], env, tmp_path)
    assert result.returncode == 2
    assert "COPYDESK_BATCH_SIZE" in result.stderr


def test_ingest_urls_lists_and_sources(
    tmp_path: Path, cli_env: dict[str, str], fault_server: FaultServer
) -> None:
    from tests.integration.test_web import article_html

    fault_server.add("/robots.txt", Reply(status=404))
    fault_server.add("/a.html", Reply(body=article_html("a", "Quay walls need new stone", 1)))
    fault_server.add("/b.html", Reply(body=article_html("b", "Ferry keeps winter timetable", 2)))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# two stories\n{fault_server.url('/b.html')}\n", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.one]\nurls = ["{fault_server.url("/a.html")}"]\n'
        f'[sources.two]\nurls = ["{fault_server.url("/b.html")}"]\n',
        encoding="utf-8",
    )
    db = tmp_path / "w.duckdb"
    env = {**cli_env, "COPYDESK_RATE_LIMIT": "0"}

    refused = run(["ingest", fault_server.url("/a.html"), "--db", str(db)], env, tmp_path)
    assert refused.returncode == 1  # loopback is refused by default: nothing could be fetched
    assert "private_address" in refused.stdout

    listed = run(["ingest", str(listing), "--allow-private-hosts", "--db", str(db)], env, tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "ingest-web completed: 1 inputs -> 1 new" in listed.stdout

    only = run(
        ["ingest", "--sources", str(sources), "--only", "one", "--allow-private-hosts",
         "--db", str(db)],
        env,
        tmp_path,
    )  # fmt: skip
    assert only.returncode == 0, only.stderr
    assert "1 inputs -> 1 new" in only.stdout

    bad = run(["ingest", "--sources", str(sources), "--only", "three"], env, tmp_path)
    assert bad.returncode == 2
    assert "no source named three" in bad.stderr


_HOLD_WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
open(sys.argv[2], "w").close()
time.sleep(30)
"""


def test_sql_while_a_load_writes_says_so(tmp_path: Path, cli_env: dict[str, str]) -> None:
    db = tmp_path / "w.duckdb"
    story = next(DEMO_CORPUS.glob("dump-*.txt"))
    assert run(["ingest", str(story), "--db", str(db)], cli_env, tmp_path).returncode == 0
    ready = tmp_path / "writing"
    writer = subprocess.Popen([sys.executable, "-c", _HOLD_WRITER, str(db), str(ready)])
    try:
        while not ready.exists():
            assert writer.poll() is None
            time.sleep(0.05)
        started = time.monotonic()
        result = run(["sql", "select count(*) from core.articles", "--db", str(db)], cli_env,
                     tmp_path)  # fmt: skip
        waited = time.monotonic() - started
    finally:
        writer.kill()
        writer.wait()
    assert result.returncode == 3
    assert "a load is running" in result.stderr
    assert waited >= 4  # it waited for the load before giving up
