"""Two runs against one warehouse take turns: the second waits, then loads; nothing is corrupted.

The runs start at the same instant from two threads (a barrier), each a real ``ingest-files``
run wrapped in ``warehouse_slot`` by the small flow below, on the session's Prefect API. Without
the slot they would interleave: the second run's ``start_load`` would mark the first one's load
``interrupted`` and their timestamps would overlap.
"""

from __future__ import annotations

import contextvars
import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
from prefect.states import State

from flows.concurrency import (
    WAREHOUSE_LIMIT,
    ensure_warehouse_limit,
    warehouse_limit_name,
    warehouse_slot,
)
from flows.ingest import ingest_files
from tests.conftest import REPO
from warehouse.errors import WarehouseLocked

DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"
TABLES = ("raw.documents", "core.articles", "core.paragraphs", "core.links", "ops.inputs")


@flow(name="serialised-ingest")
def serialised_ingest(paths: list[str], db: str) -> str:
    """ingest-files with the warehouse slot held around it, as the real flows hold it."""
    with warehouse_slot(db):
        return ingest_files(paths, db=db).load_id


def _in_thread(target: Callable[[], Any]) -> threading.Thread:
    """A started thread running ``target`` in a copy of this context (the harness's API URL
    lives in a context variable, which a bare thread would not see)."""
    thread = threading.Thread(target=contextvars.copy_context().run, args=(target,))
    thread.start()
    return thread


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        counts: dict[str, int] = {}
        for table in TABLES:
            row = con.execute(f"select count(*) from {table}").fetchone()
            assert row is not None
            counts[table] = int(row[0])
        return counts


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The demo corpus (good articles and broken inputs), copied."""
    folder = tmp_path / "corpus"
    shutil.copytree(DEMO_CORPUS, folder)
    return folder


def test_two_runs_at_once_take_turns(corpus: Path, db_path: Path, tmp_path: Path) -> None:
    barrier = threading.Barrier(2)
    states: list[State[Any]] = []

    def run() -> None:
        barrier.wait()
        states.append(serialised_ingest([str(corpus)], str(db_path), return_state=True))

    for thread in [_in_thread(run), _in_thread(run)]:
        thread.join(timeout=300)

    assert len(states) == 2
    assert all(state.is_completed() for state in states), states
    with duckdb.connect(str(db_path), read_only=True) as con:
        loads = con.execute(
            "select status, started_at, finished_at, count_articles_new, count_articles_unchanged"
            " from ops.loads order by started_at"
        ).fetchall()
    assert [status for status, *_ in loads] == ["completed_with_rejects"] * 2
    (_, _, first_finished, first_new, _), (_, second_started, _, second_new, unchanged) = loads
    assert second_started >= first_finished
    assert first_new > 0
    assert (second_new, unchanged) == (0, first_new)
    reference = tmp_path / "reference" / "copydesk.duckdb"
    ingest_files([str(corpus)], db=str(reference))
    assert _counts(db_path) == _counts(reference)


def test_a_waiting_run_says_so(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with warehouse_slot(db_path):
            holding.set()
            release.wait(timeout=60)

    thread = _in_thread(hold)
    assert holding.wait(timeout=60)
    caplog.set_level(logging.INFO, logger="copydesk.concurrency")
    threading.Timer(2.0, release.set).start()
    with warehouse_slot(db_path):
        assert release.is_set()
    thread.join(timeout=60)
    messages = [r.getMessage() for r in caplog.records if r.name == "copydesk.concurrency"]
    assert any("Another load of" in m and "waiting" in m for m in messages), messages
    assert any(m.startswith("Waited ") for m in messages), messages


def test_a_run_gives_up_after_its_timeout(db_path: Path) -> None:
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with warehouse_slot(db_path):
            holding.set()
            release.wait(timeout=60)

    thread = _in_thread(hold)
    try:
        assert holding.wait(timeout=60)
        with (
            pytest.raises(WarehouseLocked, match="another load"),
            warehouse_slot(db_path, timeout_s=1),
        ):
            pass
    finally:
        release.set()
        thread.join(timeout=60)


def test_other_warehouses_do_not_wait(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "copydesk.duckdb", tmp_path / "b" / "copydesk.duckdb"
    assert warehouse_limit_name(first) != warehouse_limit_name(second)
    entered: list[str] = []

    def other() -> None:
        # Would time out (WarehouseLocked) if it waited for the first warehouse's slot, which
        # is held until this thread has finished.
        with warehouse_slot(second, timeout_s=30):
            entered.append("second")

    with warehouse_slot(first):
        _in_thread(other).join(timeout=60)
    assert entered == ["second"]


def test_the_slot_is_reentrant(db_path: Path) -> None:
    with warehouse_slot(db_path), warehouse_slot(db_path, timeout_s=1):
        pass


def test_the_limit_is_created_once_with_one_slot(tmp_path: Path) -> None:
    db = tmp_path / "Main Warehouse.duckdb"
    first = ensure_warehouse_limit(db)
    again = ensure_warehouse_limit(db)

    assert first.name.startswith(f"{WAREHOUSE_LIMIT}-main-warehouse-")
    assert (first.created, first.limit, first.active_slots) == (True, 1, 0)
    assert (again.created, again.limit) == (False, 1)


def test_a_widened_limit_is_set_back_to_one_slot(db_path: Path) -> None:
    name = ensure_warehouse_limit(db_path).name
    with get_client(sync_client=True) as client:
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=4))

    assert ensure_warehouse_limit(db_path).limit == 1


def test_a_slot_left_by_a_dead_run_is_reclaimed(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A run killed while loading never gives its slot back (an ephemeral API has no lease
    # service); here the slot is taken by hand, with no process holding the lock file.
    name = ensure_warehouse_limit(db_path).name
    with get_client(sync_client=True) as client:
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(active_slots=1))
    caplog.set_level(logging.WARNING, logger="copydesk.concurrency")

    with warehouse_slot(db_path, timeout_s=10), get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == 1

    assert any("Reclaimed 1 slot" in r.getMessage() for r in caplog.records)
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(name).active_slots == 0
