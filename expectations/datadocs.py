"""Great Expectations Data Docs: the validations of each run as a static HTML site.

GX's own site builder renders the results a run kept (``validate_frame(..., keep=keeper)``) into
a directory, by default ``<COPYDESK_DATA_DIR>/data_docs``:

- ``index.html``: every suite and every kept validation, newest run first;
- ``validations/<schema>/<table>/<run>/<time>/batch-NNNN.html``: one page per validated frame,
  with each expectation's outcome and examples of the failing values;
- ``expectations/<schema>/<table>.html``: the suites themselves;
- ``results/``: GX's JSON of the validation results, from which the index is built.

Pages link their CSS and JavaScript from CDNs: offline they are unstyled but complete. The site
keeps the last ``keep_runs`` runs; older runs' results and pages are deleted when a new run is
added, so a schedule that runs every few minutes does not fill the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from expectations.suites import SUITE_NAMES, load_suite
from expectations.validate import KeptResult, _import_gx, build_gx_suite

SITE_NAME = "copydesk"
DEFAULT_KEEP_RUNS = 50
"""Runs whose validations the site keeps."""
_RESULTS_DIR = "results"
_PAGES_DIR = "validations"


def build_data_docs(
    results: Sequence[KeptResult],
    directory: str | Path,
    *,
    run_name: str | None = None,
    keep_runs: int = DEFAULT_KEEP_RUNS,
) -> Path:
    """Add one run's validations to the Data Docs site in ``directory`` and rebuild its index.

    Args:
        results: the run's kept GX results (``ResultKeeper.results``); may be empty, when the
            index is still rebuilt.
        directory: the site's directory, created if missing.
        run_name: the run's name in the site (copydesk passes the load id); default the time of
            the first validation.
        keep_runs: how many runs, this one included, the site keeps.

    Returns:
        The path of the site's ``index.html``.

    Raises:
        ValueError: ``keep_runs`` is below 1.
    """
    if keep_runs < 1:
        raise ValueError(f"keep_runs must be at least 1, got {keep_runs}")
    root = Path(directory).expanduser().absolute()
    root.mkdir(parents=True, exist_ok=True)
    context = _context(root)
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    for name in SUITE_NAMES:
        context.suites.add(build_gx_suite(load_suite(name)))
    name = run_name or (f"{results[0].validated_at:%Y%m%dT%H%M%SZ}" if results else "empty")
    store = context.validation_results_store
    new_ids: list[Any] = []
    for kept in results:
        identifier = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=kept.table),
            run_id=RunIdentifier(run_name=name, run_time=kept.validated_at),
            batch_identifier=f"batch-{kept.sequence:04d}",
        )
        store.set(identifier, kept.gx_result)
        new_ids.append(identifier)
    _prune(root, store, keep_runs)
    suite_ids = [ExpectationSuiteIdentifier(name=table) for table in SUITE_NAMES]
    context.build_data_docs(site_names=[SITE_NAME], resource_identifiers=new_ids + suite_ids)
    return root / "index.html"


def _context(root: Path) -> Any:
    """An ephemeral GX context whose results store and Data Docs site live under ``root``."""
    gx = _import_gx()
    from great_expectations.data_context.types.base import DataContextConfig, ProgressBarsConfig

    def in_memory(class_name: str) -> dict[str, object]:
        return {"class_name": class_name, "store_backend": {"class_name": "InMemoryStoreBackend"}}

    config = DataContextConfig(
        stores={
            "expectations_store": in_memory("ExpectationsStore"),
            "validation_results_store": {
                "class_name": "ValidationResultsStore",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(root / _RESULTS_DIR),
                },
            },
            "checkpoint_store": in_memory("CheckpointStore"),
            "validation_definition_store": in_memory("ValidationDefinitionStore"),
        },
        expectations_store_name="expectations_store",
        validation_results_store_name="validation_results_store",
        checkpoint_store_name="checkpoint_store",
        data_docs_sites={
            SITE_NAME: {
                "class_name": "SiteBuilder",
                # The "how to" buttons point at GX Cloud and tutorials: noise for our readers.
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(root),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
        analytics_enabled=False,
    )
    context = gx.get_context(project_config=config, mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _prune(root: Path, store: Any, keep_runs: int) -> None:
    """Delete the results and pages of all but the newest ``keep_runs`` runs."""
    newest: dict[str, datetime] = {}
    keys = list(store.list_keys())
    for key in keys:
        run = key.run_id
        if run.run_name not in newest or run.run_time > newest[run.run_name]:
            newest[run.run_name] = run.run_time
    kept = set(sorted(newest, key=lambda n: newest[n], reverse=True)[:keep_runs])
    for key in keys:
        if key.run_id.run_name in kept:
            continue
        store.remove_key(key)
        parts = key.to_tuple()
        page = root.joinpath(_PAGES_DIR, *parts[:-1], f"{parts[-1]}.html")
        page.unlink(missing_ok=True)
        for base in (root / _RESULTS_DIR, root / _PAGES_DIR):
            _remove_empty_parents(base.joinpath(*parts[:-1]), stop=base)


def _remove_empty_parents(directory: Path, *, stop: Path) -> None:
    """Remove ``directory`` and its parents up to ``stop`` (excluded) while they are empty."""
    while directory != stop and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent
