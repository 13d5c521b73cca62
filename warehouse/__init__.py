"""The DuckDB warehouse: numbered migrations, analyst views and the loader. DuckDB only."""
