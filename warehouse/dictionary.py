"""The data dictionary (docs/warehouse.md), rendered from the warehouse's own COMMENT ON texts."""

from __future__ import annotations

import duckdb

from warehouse.examples import load_examples
from warehouse.migrate import migrate

SCHEMAS: tuple[str, ...] = ("raw", "core", "ops", "marts")
_SCHEMA_ROLES: dict[str, str] = {
    "raw": "inputs exactly as received",
    "core": "clean, validated entities",
    "ops": "how loads went: runs, rejects, inputs",
    "marts": "views and macros for analysts",
}

_HEADER = """\
# The copydesk warehouse

Generated from the `COMMENT ON` texts of the migrations and views by `make docs`; a test fails
when this file is stale. Open the warehouse read-only with
`copydesk sql "QUERY"` or the DuckDB shell: `.venv/bin/duckdb -readonly data/copydesk.duckdb`.

Conventions: timestamps (`*_at`) are `timestamptz` in UTC; keys are `<entity>_id`; counts start
with `count_`; every table row carries the `load_id` of the load that last wrote it
(`ops.loads`).
"""


def _escape(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_dictionary() -> str:
    """Markdown for every table and view of a freshly migrated database, then example queries."""
    con = duckdb.connect(":memory:")
    try:
        migrate(con)
        relations = con.execute(
            """
            select schema_name, table_name, 'table' as kind, comment from duckdb_tables()
            where schema_name in ('raw', 'core', 'ops', 'marts')
            union all
            select schema_name, view_name, 'view', comment from duckdb_views()
            where schema_name in ('raw', 'core', 'ops', 'marts') and not internal
            """
        ).fetchall()
        columns = con.execute(
            """
            select schema_name, table_name, column_name, data_type, is_nullable, comment
            from duckdb_columns()
            where schema_name in ('raw', 'core', 'ops', 'marts')
            order by schema_name, table_name, column_index
            """
        ).fetchall()
        macros = con.execute(
            """
            select schema_name, function_name, parameters, comment from duckdb_functions()
            where schema_name in ('raw', 'core', 'ops', 'marts') and not internal
                and function_type in ('macro', 'table_macro')
            order by schema_name, function_name
            """
        ).fetchall()
    finally:
        con.close()
    order = {schema: i for i, schema in enumerate(SCHEMAS)}
    relations.sort(key=lambda r: (order[r[0]], r[1]))
    lines = [_HEADER]
    for schema in SCHEMAS:
        lines += [f"## `{schema}`: {_SCHEMA_ROLES[schema]}", ""]
        for rel_schema, name, kind, comment in relations:
            if rel_schema != schema:
                continue
            lines += [f"### `{schema}.{name}` ({kind})", "", comment or "", ""]
            lines += ["| column | type | null | meaning |", "|---|---|---|---|"]
            for c_schema, c_table, column, data_type, nullable, c_comment in columns:
                if (c_schema, c_table) == (schema, name):
                    null = "yes" if nullable else "no"
                    lines.append(f"| `{column}` | {data_type} | {null} | {_escape(c_comment)} |")
            lines.append("")
        for m_schema, name, parameters, comment in macros:
            if m_schema == schema:
                signature = f"{schema}.{name}({', '.join(parameters)})"
                lines += [f"### `{signature}` (macro)", "", comment or "", ""]
    lines += [
        "## Example queries",
        "",
        "Each runs as a test against a loaded sample (`warehouse/examples/*.sql`); "
        "try them with `copydesk sql`.",
        "",
    ]
    for example in load_examples():
        lines += [f"### {example.title}", "", "```sql", example.sql.strip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render_dictionary(), end="")
