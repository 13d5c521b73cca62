"""prefect.yaml and the served deployments: generated from the sources file, valid for Prefect."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.cli.deploy._models import PrefectYamlModel
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import load_flow_from_entrypoint
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows import deployments
from flows.deployments import (
    DEFAULT_FILES_CRON,
    WORK_POOL,
    build_deployments,
    deployment_specs,
    main,
    render_prefect_yaml,
    serve_deployments,
)
from flows.errors import ConfigError
from flows.sources import load_sources
from tests.conftest import REPO

PREFECT_YAML = REPO / "prefect.yaml"
EXAMPLE_SOURCES = REPO / "sources.example.toml"
FLOW_NAMES = {
    "flows/ingest.py:ingest_files": "ingest-files",
    "flows/web.py:ingest_web": "ingest-web",
}


def _committed() -> list[dict[str, Any]]:
    data = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    deployments = data["deployments"]
    assert isinstance(deployments, list)
    return deployments


def _sources_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


SOURCES = """
[sources.quayside]
feeds = ["https://quayside.example.org/feed.xml"]
schedule = "*/15 * * * *"

[sources.archive]
sitemaps = ["https://archive.example.net/sitemap.xml"]
"""


def test_prefect_yaml_is_rendered_from_the_example_sources() -> None:
    rendered = render_prefect_yaml(load_sources(EXAMPLE_SOURCES))
    assert PREFECT_YAML.read_text(encoding="utf-8") == rendered, (
        "prefect.yaml is stale: python -m flows.deployments sources.example.toml > prefect.yaml"
    )


def test_prefect_yaml_passes_prefects_own_model() -> None:
    model = PrefectYamlModel.model_validate(yaml.safe_load(PREFECT_YAML.read_text("utf-8")))
    assert [d.name for d in model.deployments] == [d["name"] for d in _committed()]
    assert model.pull is None  # prefect deploy then records its working directory


def test_prefect_yaml_has_one_deployment_per_scheduled_source() -> None:
    sources = load_sources(EXAMPLE_SOURCES).sources
    web = {d["name"]: d for d in _committed() if d["entrypoint"] == "flows/web.py:ingest_web"}

    assert set(web) == {f"source-{s.name}" for s in sources if s.schedule}
    for source in sources:
        deployment = web[f"source-{source.name}"]
        assert deployment["parameters"] == {
            "sources_file": "sources.example.toml",
            "only": [source.name],
        }
        assert deployment["schedules"] == [{"cron": source.schedule, "timezone": "UTC"}]


@pytest.mark.parametrize("deployment", _committed(), ids=lambda d: str(d["name"]))
def test_each_deployment_validates(deployment: dict[str, Any], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)  # entry points are relative to the root, as prefect deploy reads them
    loaded = load_flow_from_entrypoint(deployment["entrypoint"])

    assert loaded.name == FLOW_NAMES[deployment["entrypoint"]]
    inspect.signature(loaded.fn).bind(**deployment["parameters"])
    loaded.validate_parameters(deployment["parameters"])
    for schedule in deployment["schedules"]:
        CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
    assert deployment["work_pool"] == {"name": WORK_POOL}


def test_the_generator_prints_prefect_yaml(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(REPO)
    assert main(["sources.example.toml"]) == 0
    assert capsys.readouterr().out == PREFECT_YAML.read_text(encoding="utf-8")


def test_the_generator_reports_a_bad_sources_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(_sources_file(tmp_path, "[sources.x]\nfeeds = 3\n"))]) == 2
    assert "feeds" in capsys.readouterr().err


def test_build_deployments_serves_each_scheduled_source_and_the_inbox(tmp_path: Path) -> None:
    sources_file = _sources_file(tmp_path, SOURCES)
    db = tmp_path / "warehouse.duckdb"

    deployments = build_deployments(sources_file, db=db, inbox=tmp_path / "inbox")

    assert [(d.flow_name, d.name) for d in deployments] == [
        ("ingest-files", "inbox"),
        ("ingest-web", "source-quayside"),
    ]
    files, web = deployments
    assert files.parameters == {"paths": [str(tmp_path / "inbox")], "db": str(db)}
    assert web.parameters == {
        "sources_file": str(sources_file),
        "only": ["quayside"],
        "db": str(db),
    }
    assert [s.schedule.cron for s in files.schedules] == [DEFAULT_FILES_CRON]
    assert [s.schedule.cron for s in web.schedules] == ["*/15 * * * *"]
    assert web.entrypoint == "flows.web.ingest_web"
    assert files.entrypoint == "flows.ingest.ingest_files"


def test_private_hosts_are_a_parameter_of_the_web_runs_only(tmp_path: Path) -> None:
    deployments = build_deployments(
        _sources_file(tmp_path, SOURCES), inbox=tmp_path, allow_private_hosts=True
    )
    by_name = {d.name: d.parameters for d in deployments}
    assert by_name["source-quayside"]["allow_private_hosts"] is True
    assert "allow_private_hosts" not in by_name["inbox"]


def test_relative_paths_are_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _sources_file(tmp_path, SOURCES)
    monkeypatch.chdir(tmp_path)
    deployments = build_deployments("sources.toml", db="data/w.duckdb", inbox="inbox")
    for deployment in deployments:
        assert Path(str(deployment.parameters["db"])) == tmp_path / "data" / "w.duckdb"
    files, web = deployments
    assert files.parameters["paths"] == [str(tmp_path / "inbox")]
    assert web.parameters["sources_file"] == str(tmp_path / "sources.toml")


def test_nothing_to_deploy_is_a_config_error(tmp_path: Path) -> None:
    unscheduled = _sources_file(tmp_path, "[sources.archive]\nurls = ['https://a.example.org/']\n")
    with pytest.raises(ConfigError, match="nothing to deploy"):
        build_deployments(unscheduled)


@pytest.mark.parametrize("cron", ["every hour", "61 * * * *", "* * * *"])
def test_a_bad_inbox_schedule_is_a_config_error(cron: str) -> None:
    with pytest.raises(ConfigError, match="cron"):
        deployment_specs(None, sources_file="", inbox="inbox", files_cron=cron)


def test_a_source_schedule_prefect_would_refuse_is_a_config_error(tmp_path: Path) -> None:
    # Five fields of digits pass the sources file's shape check; minute 99 does not exist.
    sources = load_sources(
        _sources_file(tmp_path, SOURCES.replace('"*/15 * * * *"', '"99 * * * *"'))
    )
    with pytest.raises(ConfigError, match="source quayside: invalid cron expression '99"):
        deployment_specs(sources, sources_file="sources.toml", inbox=None)


def test_serve_needs_a_prefect_server(tmp_path: Path) -> None:
    with (
        temporary_settings(restore_defaults={PREFECT_API_URL}),
        pytest.raises(ConfigError, match="PREFECT_API_URL"),
    ):
        serve_deployments(_sources_file(tmp_path, SOURCES))


def test_serve_creates_the_limit_and_the_inbox_then_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    limits: list[Path] = []
    monkeypatch.setattr(deployments, "serve", lambda *ds: served.extend(d.name for d in ds))
    monkeypatch.setattr(deployments, "ensure_warehouse_limit", limits.append)
    db, inbox = tmp_path / "w.duckdb", tmp_path / "new" / "inbox"

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        serve_deployments(_sources_file(tmp_path, SOURCES), db=db, inbox=inbox)

    assert served == ["inbox", "source-quayside"]
    assert limits == [db]
    assert inbox.is_dir()
