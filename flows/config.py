"""copydesk's settings: the only module that reads the environment.

Every setting has a default that works offline on one machine. Environment variables override
the defaults; command-line options override both.

| variable | default | meaning |
|---|---|---|
| ``COPYDESK_DATA_DIR`` | ``./data`` | where the warehouse and Prefect's state live |
| ``COPYDESK_DB`` | ``$COPYDESK_DATA_DIR/copydesk.duckdb`` | the DuckDB warehouse file |
| ``COPYDESK_BATCH_SIZE`` | ``500`` | documents per batch (one transaction each) |
| ``COPYDESK_MAX_DOCUMENT_BYTES`` | ``33554432`` (32 MiB) | larger inputs: ``too_large`` |
| ``COPYDESK_KEEP_NON_ARTICLES`` | ``0`` | ``1``: load pages judged not articles, flagged |
| ``COPYDESK_CONTACT`` | unset | contact for the User-Agent (an e-mail address or URL) |
| ``COPYDESK_RATE_LIMIT`` | ``1.0`` | requests per second per host; ``0``: no limit |
| ``COPYDESK_FETCH_CONCURRENCY`` | ``16`` | requests in flight at once, all hosts together |
| ``COPYDESK_ALLOW_PRIVATE_HOSTS`` | ``0`` | ``1``: fetch private, loopback and link-local hosts |
| ``COPYDESK_LOG_LEVEL`` | ``WARNING`` | Prefect's console log level for CLI runs |
| ``PREFECT_HOME`` | ``$COPYDESK_DATA_DIR/prefect`` | Prefect's database and settings |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from flows.errors import ConfigError

_PREFECT_DEFAULTS: dict[str, str] = {
    # Offline and quiet: without these the ephemeral server tries to send telemetry and logs an
    # error (STACK.md).
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # A busy 2-core machine can miss the default 20 s while the temporary server starts.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings for one command or flow run."""

    data_dir: Path
    db_path: Path
    batch_size: int
    max_document_bytes: int
    log_level: str
    keep_non_articles: bool
    contact: str | None = None
    rate_limit: float = 1.0
    fetch_concurrency: int = 16
    allow_private_hosts: bool = False

    @property
    def data_docs_dir(self) -> Path:
        """Where each run's Great Expectations Data Docs are built."""
        return self.data_dir / "data_docs"


def _int_setting(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _data_dir() -> Path:
    return Path(os.environ.get("COPYDESK_DATA_DIR") or "data").expanduser().absolute()


def _float_setting(name: str, default: float, minimum: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value >= minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {raw}")
    return value


def _bool_setting(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0, true/false, yes/no or on/off, got {raw!r}")


def load_settings(
    *,
    db: str | Path | None = None,
    batch_size: int | None = None,
    keep_non_articles: bool | None = None,
    allow_private_hosts: bool | None = None,
    rate_limit: float | None = None,
) -> Settings:
    """Settings from the environment, with explicit arguments taking precedence.

    Raises:
        ConfigError: an environment variable holds an invalid value.
    """
    data_dir = _data_dir()
    db_path = Path(db or os.environ.get("COPYDESK_DB") or data_dir / "copydesk.duckdb")
    settings = Settings(
        data_dir=data_dir,
        db_path=db_path.expanduser().absolute(),
        batch_size=_int_setting("COPYDESK_BATCH_SIZE", 500, 1),
        max_document_bytes=_int_setting("COPYDESK_MAX_DOCUMENT_BYTES", 32 * 1024 * 1024, 1),
        log_level=(os.environ.get("COPYDESK_LOG_LEVEL") or "WARNING").upper(),
        keep_non_articles=_bool_setting("COPYDESK_KEEP_NON_ARTICLES", False)
        if keep_non_articles is None
        else keep_non_articles,
        contact=os.environ.get("COPYDESK_CONTACT") or None,
        rate_limit=_float_setting("COPYDESK_RATE_LIMIT", 1.0, 0.0)
        if rate_limit is None
        else rate_limit,
        fetch_concurrency=_int_setting("COPYDESK_FETCH_CONCURRENCY", 16, 1),
        allow_private_hosts=_bool_setting("COPYDESK_ALLOW_PRIVATE_HOSTS", False)
        if allow_private_hosts is None
        else allow_private_hosts,
    )
    if batch_size is not None:
        if batch_size < 1:
            raise ConfigError(f"batch size must be at least 1, got {batch_size}")
        settings = replace(settings, batch_size=batch_size)
    return settings


def apply_prefect_defaults() -> None:
    """Point Prefect at copydesk's data directory and keep it offline, unless the user chose.

    Must run before ``prefect`` is imported: Prefect reads its settings at import time.
    """
    home = Path(os.environ.setdefault("PREFECT_HOME", str(_data_dir() / "prefect")))
    # Prefect's SQLite database cannot be created in a missing directory, and the ephemeral
    # server then only reports a start-up timeout.
    home.expanduser().mkdir(parents=True, exist_ok=True)
    for name, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def set_console_log_level(level: str) -> None:
    """Prefect's console log level for this process (the API still receives every run log)."""
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", level)
