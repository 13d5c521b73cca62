-- Run before any migration: the table that records which migrations a database has applied.
create schema if not exists ops;
create table if not exists ops.schema_migrations (
    version integer primary key,
    name varchar not null,
    checksum varchar not null,
    applied_at timestamptz not null default current_timestamp
);
comment on table ops.schema_migrations is 'Warehouse migrations applied to this database, with the SHA-256 of each file as applied.';
comment on column ops.schema_migrations.version is 'Migration number (the file name prefix).';
comment on column ops.schema_migrations.name is 'Migration file name.';
comment on column ops.schema_migrations.checksum is 'SHA-256 of the file as applied; a different file is refused.';
comment on column ops.schema_migrations.applied_at is 'When it was applied (UTC).';
