"""A load killed in the middle of its transaction leaves no half batch behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from flows.ingest import ingest_files
from tests.conftest import REPO

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"

# Runs the real flow in a child process; the loader stops inside its open transaction, after
# documents and articles were written, and says so through a marker file.
_CHILD = """
import sys, time
from pathlib import Path
import flows
import warehouse.loader as loader

marker = Path(sys.argv[3])
original = loader._write_rejects

def write_rejects_then_hang(con, params):
    original(con, params)
    marker.write_text("inside the transaction")
    time.sleep(600)

loader._write_rejects = write_rejects_then_hang
from flows.ingest import ingest_files
ingest_files([sys.argv[1]], db=sys.argv[2])
"""


def _counts(db: Path) -> dict[str, int]:
    tables = ("raw.documents", "core.articles", "core.paragraphs", "ops.inputs", "ops.rejects")
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def test_killed_load_leaves_no_half_batch(
    tmp_path: Path, db_path: Path, cli_env: dict[str, str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for story in sorted(DEMO_CORPUS.glob("dump-*.txt")):
        shutil.copy(story, corpus)
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(corpus), str(db_path), str(marker)],
        env=cli_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert child.poll() is None, "the child load ended before reaching the transaction"
            assert time.monotonic() < deadline, "the child load never reached the transaction"
            time.sleep(0.2)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()

    assert _counts(db_path) == {
        "raw.documents": 0,
        "core.articles": 0,
        "core.paragraphs": 0,
        "ops.inputs": 0,
        "ops.rejects": 0,
    }
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("select status from ops.loads").fetchall() == [("running",)]

    summary = ingest_files([str(corpus)], db=str(db_path))
    assert summary.counts.count_articles_new == len(list(corpus.iterdir()))
    with duckdb.connect(str(db_path), read_only=True) as con:
        statuses = con.execute("select status from ops.loads order by started_at").fetchall()
    assert statuses == [("interrupted",), ("completed",)]
