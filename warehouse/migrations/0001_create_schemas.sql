-- The four layers of the warehouse. raw: inputs exactly as received; core: clean, validated
-- entities; ops: how loads went; marts: views for analysts.
create schema if not exists raw;
create schema if not exists core;
create schema if not exists ops;
create schema if not exists marts;
