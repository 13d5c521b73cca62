"""Shared test settings: copydesk's data directory and Prefect's home live in a temp dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports flows (and so Prefect): tests never touch the project's data/ dir.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="copydesk-tests-"))
os.environ["COPYDESK_DATA_DIR"] = str(_SESSION_DIR / "data")
os.environ["PREFECT_HOME"] = str(_SESSION_DIR / "prefect")
os.environ.pop("COPYDESK_DB", None)
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"
