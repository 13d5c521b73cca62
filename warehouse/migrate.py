"""Numbered SQL migrations, applied in order and recorded with checksums; then the views.

Migrations are append-only: editing or removing one that a database has applied is an error,
caught by comparing SHA-256 checksums. Views are re-created on every migrate, since they hold no
data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

import duckdb

from warehouse.errors import MigrationError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9]+(?:_[a-z0-9]+)+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One migration file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """SHA-256 of the file text."""
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def _sql_files(folder: Traversable) -> list[Traversable]:
    return sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)


def load_migrations(folder: Traversable | None = None) -> list[Migration]:
    """The migration files in version order.

    Raises:
        MigrationError: a file is misnamed or two files share a number.
    """
    folder = folder or files("warehouse") / "migrations"
    migrations: list[Migration] = []
    for item in _sql_files(folder):
        match = _MIGRATION_NAME.match(item.name)
        if not match:
            raise MigrationError(f"migration {item.name!r} is not named NNNN_verb_object.sql")
        migrations.append(Migration(int(match.group(1)), item.name, item.read_text("utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migrations share a number: {sorted(versions)}")
    return migrations


def load_views(folder: Traversable | None = None) -> list[tuple[str, str]]:
    """(``schema.view``, SQL) for every file under ``views/<schema>/<view>.sql``."""
    folder = folder or files("warehouse") / "views"
    views: list[tuple[str, str]] = []
    for schema in sorted((d for d in folder.iterdir() if d.is_dir()), key=lambda d: d.name):
        for item in _sql_files(schema):
            views.append((f"{schema.name}.{item.name[:-4]}", item.read_text("utf-8")))
    return views


def migrate(
    con: duckdb.DuckDBPyConnection,
    migrations: list[Migration] | None = None,
    views: list[tuple[str, str]] | None = None,
) -> list[str]:
    """Apply pending migrations, each in its own transaction, then re-create the views.

    Returns:
        Names of the migrations applied now (empty when the database was up to date).

    Raises:
        MigrationError: an applied migration was edited or is missing from disk.
    """
    migrations = load_migrations() if migrations is None else migrations
    views = load_views() if views is None else views
    con.execute((files("warehouse") / "bootstrap.sql").read_text("utf-8"))
    applied = {
        version: (name, checksum)
        for version, name, checksum in con.execute(
            "select version, name, checksum from ops.schema_migrations"
        ).fetchall()
    }
    on_disk = {m.version: m for m in migrations}
    for version, (name, _) in sorted(applied.items()):
        if version not in on_disk:
            raise MigrationError(
                f"the database has migration {name} applied but this copydesk does not ship it "
                "(was the database written by a newer version?)"
            )
    newly_applied: list[str] = []
    for migration in migrations:
        if migration.version in applied:
            name, checksum = applied[migration.version]
            if checksum != migration.checksum:
                raise MigrationError(
                    f"migration {migration.name} was edited after it was applied "
                    f"(applied checksum {checksum[:12]}, file now {migration.checksum[:12]}); "
                    "add a new migration instead"
                )
            continue
        con.execute("begin transaction")
        try:
            con.execute(migration.sql)
            con.execute(
                "insert into ops.schema_migrations (version, name, checksum) values (?, ?, ?)",
                [migration.version, migration.name, migration.checksum],
            )
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise MigrationError(f"migration {migration.name} failed: {exc}") from exc
        newly_applied.append(migration.name)
    for _, sql in views:
        con.execute(sql)
    return newly_applied
