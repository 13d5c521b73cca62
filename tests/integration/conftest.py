"""Integration fixtures: a real Prefect API for the session, real DuckDB files per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import flows  # noqa: F401  (applies copydesk's Prefect defaults before Prefect is imported)
from tests.integration.webserver import fault_server_fixture  # noqa: F401  (fault_server)


@pytest.fixture(scope="session", autouse=True)
def prefect_api() -> Iterator[str]:
    """One temporary Prefect server for all integration tests; yields its API URL."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        url = PREFECT_API_URL.value()
        assert url, "the Prefect test harness did not set an API URL"
        yield str(url)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh warehouse file for one test."""
    return tmp_path / "warehouse" / "copydesk.duckdb"


@pytest.fixture
def cli_env(prefect_api: str, tmp_path: Path) -> dict[str, str]:
    """Environment for running the copydesk CLI in a subprocess against the session's API."""
    env = dict(os.environ)
    env["PREFECT_API_URL"] = prefect_api
    env["COPYDESK_DATA_DIR"] = str(tmp_path / "data")
    env.pop("COPYDESK_DB", None)
    return env
