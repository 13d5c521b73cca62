"""Scheduled runs end to end on a real Prefect API: served deployments and prefect.yaml + worker.

``copydesk serve`` path: the deployments of ``build_deployments`` registered by a Prefect
``Runner`` (what ``serve`` runs), a run scheduled for now, and the runner executing it in a
subprocess against a small news site on 127.0.0.1. Work-pool path: the documented commands
(``prefect work-pool create``, ``prefect deploy --all``, ``prefect worker start``) against the
session's API, run as a user would from the repository root.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.client.schemas.objects import FlowRun
from prefect.runner import Runner
from prefect.states import Scheduled

from flows.deployments import WORK_POOL, build_deployments
from tests.conftest import REPO
from tests.integration.webserver import FaultServer, Reply

RSS = "application/rss+xml; charset=utf-8"
PREFECT = Path(sys.executable).with_name("prefect")
DEMO_CORPUS = REPO / "flows" / "demo" / "corpus"

_PARAGRAPHS = (
    "The ferry between the two harbour towns returned to its summer timetable on Monday.",
    "Skippers said the crossing had been calm, with a light westerly wind all morning.",
    "The operator added two late sailings on Fridays for the festival season this year.",
    "Passengers with bicycles are asked to board first and to use the lower deck racks.",
    "A new ticket machine at the quay accepts cards, and staff remain on hand to help.",
    "The council thanked crews who kept the service running through the winter storms.",
)


def _page(slug: str, title: str, day: int) -> bytes:
    """An original article page with JSON-LD, a byline and enough prose to be an article."""
    body = "".join(f"<p>{p} ({title}, {i + 1}.)</p>" for i, p in enumerate(_PARAGRAPHS))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Quayside Post</title>
<link rel="canonical" href="/2026/03/{day:02d}/{slug}.html">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{title}", "datePublished": "2026-03-{day:02d}T07:30:00Z",
"author": {{"@type": "Person", "name": "Ines Harrow"}}}}</script>
</head><body><article><h1>{title}</h1><p class="byline">By Ines Harrow</p>{body}</article>
</body></html>""".encode()


@pytest.fixture
def site(fault_server: FaultServer) -> FaultServer:
    """A feed listing two article pages."""
    pages = {"/2026/03/02/ferry.html": "Ferry resumes summer timetable",
             "/2026/03/03/tickets.html": "Quay gets a card ticket machine"}  # fmt: skip
    items = "".join(
        f"<item><title>{title}</title><link>{fault_server.url(path)}</link></item>"
        for path, title in pages.items()
    )
    fault_server.add(
        "/feed.xml",
        Reply(
            body=f'<?xml version="1.0"?><rss version="2.0"><channel><title>Quayside Post</title>'
            f"<link>{fault_server.url('/')}</link>{items}</channel></rss>".encode(),
            content_type=RSS,
        ),
    )
    for day, (path, title) in enumerate(pages.items(), start=2):
        fault_server.add(path, Reply(body=_page(path.rsplit("/", 1)[1][:-5], title, day)))
    return fault_server


@pytest.fixture
def sigterm_handler() -> Iterator[None]:
    """A runner started in the main thread installs its own SIGTERM handler: put ours back."""
    previous = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, previous)


def _artifact_keys(flow_run_id: UUID) -> set[str]:
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key for a in artifacts if a.key}


def _flow_run(flow_run_id: UUID) -> FlowRun:
    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


@pytest.mark.usefixtures("sigterm_handler")
def test_a_scheduled_run_collects_its_source(site: FaultServer, tmp_path: Path) -> None:
    sources_file = tmp_path / "sources.toml"
    sources_file.write_text(
        f'[sources.quayside]\nfeeds = ["{site.url("/feed.xml")}"]\nrate_limit = 50\n'
        'schedule = "*/5 * * * *"\n',
        encoding="utf-8",
    )
    db = tmp_path / "warehouse" / "copydesk.duckdb"
    [deployment] = build_deployments(sources_file, db=db, allow_private_hosts=True)
    runner = Runner(name="copydesk-schedule-test", query_seconds=1, pause_on_shutdown=False)

    async def scenario() -> UUID:
        deployment_id = await runner.aadd_deployment(deployment)
        async with get_client() as client:
            registered = await client.read_deployment(deployment_id)
            assert [s.schedule.cron for s in registered.schedules] == ["*/5 * * * *"]
            # What the scheduler creates at the next cron tick, only due now.
            flow_run = await client.create_flow_run_from_deployment(
                deployment_id, state=Scheduled(scheduled_time=datetime.now(UTC))
            )
        await runner.start(run_once=True)
        return flow_run.id

    flow_run_id = asyncio.run(scenario())

    state = _flow_run(flow_run_id).state
    assert state is not None
    assert state.is_completed(), state
    assert {
        "copydesk-ingest-web-summary",
        "copydesk-ingest-web-counts",
        "copydesk-ingest-web-rejects",
        "copydesk-ingest-web-sources",
    } <= _artifact_keys(flow_run_id)
    with duckdb.connect(str(db), read_only=True) as con:
        loads = con.execute("select flow_run_id, status, sources from ops.loads").fetchall()
        titles = con.execute("select title from core.articles order by title").fetchall()
    assert loads == [(str(flow_run_id), "completed", ["source:quayside"])]
    assert titles == [("Ferry resumes summer timetable",), ("Quay gets a card ticket machine",)]


def test_prefect_yaml_deploys_and_a_worker_runs_it(cli_env: dict[str, str], tmp_path: Path):
    def prefect(*args: str, **extra_env: str) -> None:
        done = subprocess.run(
            [str(PREFECT), *args], cwd=REPO, env={**cli_env, **extra_env}, capture_output=True,
            text=True, timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    # The commands of docs/operations.md, from the repository root.
    prefect("work-pool", "create", WORK_POOL, "--type", "process")
    prefect("deploy", "--all")

    with get_client(sync_client=True) as client:
        harbour = client.read_deployment_by_name("ingest-web/source-harbour-gazette")
        inbox = client.read_deployment_by_name("ingest-files/inbox")
        assert harbour.work_pool_name == WORK_POOL
        assert [s.schedule.cron for s in harbour.schedules] == ["*/30 * * * *"]
        assert harbour.parameters == {"sources_file": "sources.example.toml",
                                      "only": ["harbour-gazette"]}  # fmt: skip
        assert harbour.pull_steps == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
        ]
        # The inbox run, due now, loading a folder of this test instead of data/inbox.
        flow_run = client.create_flow_run_from_deployment(
            inbox.id,
            parameters={"paths": [str(DEMO_CORPUS)]},
            state=Scheduled(scheduled_time=datetime.now(UTC)),
        )
    prefect("worker", "start", "--pool", WORK_POOL, "--run-once", PREFECT_WORKER_QUERY_SECONDS="1")

    state = _flow_run(flow_run.id).state
    assert state is not None
    assert state.is_completed(), state
    assert "copydesk-ingest-files-summary" in _artifact_keys(flow_run.id)
    # The worker's COPYDESK_DATA_DIR decides the warehouse (here the test's, not the repo's).
    with duckdb.connect(str(tmp_path / "data" / "copydesk.duckdb"), read_only=True) as con:
        loads = con.execute("select flow_run_id, flow_name from ops.loads").fetchall()
    assert loads == [(str(flow_run.id), "ingest-files")]
