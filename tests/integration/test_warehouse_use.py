"""What analysts and operators see after a load: example queries, artifacts, retries."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows import progress
from flows.ingest import ingest_files
from tests.conftest import REPO
from warehouse.examples import load_examples

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"


@pytest.fixture(scope="module")
def loaded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    ingest_files([str(DEMO_CORPUS)], db=str(db))
    return db


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.name)
def test_example_query_runs_and_answers(loaded_demo: Path, example: object) -> None:
    from warehouse.examples import ExampleQuery

    assert isinstance(example, ExampleQuery)
    with duckdb.connect(str(loaded_demo), read_only=True) as con:
        rows = con.execute(example.sql).fetchall()
    assert rows, f"{example.name} returned nothing on the demo corpus"


def test_run_publishes_artifacts(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    summary = ingest_files([str(DEMO_CORPUS)], db=str(tmp_path / "w.duckdb"))
    assert summary.flow_run_id is not None
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[summary.flow_run_id])
            )
        )
    by_key = {a.key: a for a in artifacts}
    assert set(by_key) == {
        "copydesk-ingest-files-summary",
        "copydesk-ingest-files-counts",
        "copydesk-ingest-files-rejects",
        "copydesk-ingest-files-sources",
        "copydesk-ingest-files-warnings",
    }
    markdown = str(by_key["copydesk-ingest-files-summary"].data)
    assert f"{summary.counts.count_inputs} inputs" in markdown
    assert "truncated_gzip" in markdown
    assert "## The warehouse now" in markdown
    assert summary.data_docs is not None
    assert Path(summary.data_docs).is_file()
    assert f"Data Docs of this run's validations: `{summary.data_docs}`" in markdown
    assert "## Field coverage" in markdown
    assert by_key["copydesk-ingest-files-counts"].type == "table"


class _Recorder:
    def __init__(self) -> None:
        self.total: int | None = None
        self.steps = 0

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, steps: int) -> None:
        self.steps += steps


def test_progress_reaches_every_input(tmp_path: Path) -> None:
    recorder = _Recorder()
    with progress.reporting_to(recorder):
        summary = ingest_files([str(DEMO_CORPUS), str(tmp_path / "missing.txt")],
                               db=str(tmp_path / "w.duckdb"), batch_size=4)  # fmt: skip
    assert recorder.total == summary.counts.count_inputs
    assert recorder.steps == summary.counts.count_inputs


_HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
con.close()
"""


def test_a_locked_warehouse_is_retried_not_failed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    ready = tmp_path / "locked"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db), str(ready), "4"])
    try:
        while not ready.exists():
            assert holder.poll() is None
            time.sleep(0.05)
        summary = ingest_files([str(DEMO_CORPUS)], db=str(db))
    finally:
        holder.wait(timeout=30)
    assert summary.status == "completed_with_rejects"
    assert summary.counts.count_articles_new > 0
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        task_runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[summary.flow_run_id]))
        )
    prepare = next(t for t in task_runs if t.name.startswith("prepare-warehouse"))
    assert prepare.run_count >= 2, "the locked warehouse should have been retried"
