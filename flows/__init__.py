"""Orchestration: Prefect flows and tasks, reading files, configuration and the CLI.

Importing this package applies copydesk's Prefect defaults (offline, quiet, PREFECT_HOME under
the data directory) before any module imports Prefect.
"""

from flows.config import apply_prefect_defaults

apply_prefect_defaults()
