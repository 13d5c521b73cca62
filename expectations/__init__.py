"""Great Expectations suites for every loaded table and the runner that applies them to frames.

Importing this package does not import Great Expectations; the first validation does.
"""

from __future__ import annotations

from expectations.suites import (
    SEVERITIES,
    SUITE_NAMES,
    ExpectationSpec,
    Severity,
    Suite,
    SuiteError,
    all_suites,
    load_suite,
)
from expectations.validate import (
    ExpectationOutcome,
    Failure,
    FrameVerdict,
    ValidationRunError,
    build_gx_suite,
    validate_frame,
)

__all__ = [
    "SEVERITIES",
    "SUITE_NAMES",
    "ExpectationOutcome",
    "ExpectationSpec",
    "Failure",
    "FrameVerdict",
    "Severity",
    "Suite",
    "SuiteError",
    "ValidationRunError",
    "all_suites",
    "build_gx_suite",
    "load_suite",
    "validate_frame",
]
