"""docs/warehouse.md is the data dictionary rendered from the warehouse's COMMENT ON texts."""

from __future__ import annotations

from tests.conftest import REPO
from warehouse.dictionary import render_dictionary


def test_docs_warehouse_md_is_current() -> None:
    committed = (REPO / "docs" / "warehouse.md").read_text(encoding="utf-8")
    assert committed == render_dictionary(), "docs/warehouse.md is stale: run `make docs`"


def test_dictionary_names_every_contract_table() -> None:
    text = render_dictionary()
    for table in ("raw.documents", "core.articles", "core.paragraphs", "core.links",
                  "core.article_authors", "ops.loads", "ops.rejects", "ops.inputs",
                  "marts.daily_articles", "marts.article_overview"):  # fmt: skip
        assert f"### `{table}`" in text
