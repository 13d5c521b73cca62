"""Example analyst queries, one per file, used by the demo, the docs and the tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class ExampleQuery:
    """A named query with the one-line title from its leading comment."""

    name: str
    title: str
    sql: str

    def one_line(self) -> str:
        """The query without comments, on one line (for showing a shell command)."""
        body = "\n".join(line for line in self.sql.splitlines() if not line.startswith("--"))
        return re.sub(r"\s+", " ", body).strip().rstrip(";")


def load_examples() -> list[ExampleQuery]:
    """Every example query, in file name order."""
    folder = files("warehouse.examples")
    examples: list[ExampleQuery] = []
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".sql"):
            continue
        sql = item.read_text("utf-8")
        first = sql.splitlines()[0] if sql else ""
        title = first.removeprefix("--").strip() if first.startswith("--") else item.name
        examples.append(ExampleQuery(name=item.name[:-4], title=title, sql=sql))
    return examples
