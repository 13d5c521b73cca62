"""What every copydesk command shares: exit codes, the two consoles and the --db option."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WAREHOUSE = 0, 1, 2, 3
"""0 done (rejected inputs included), 1 a run or query failed, 2 usage or configuration error,
3 the warehouse is missing, busy, or not indexed yet."""

# Piped output (CI logs, files) gets room for tables instead of rich's 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
# Messages are not wrapped at 80 columns: they end up in logs and get grepped.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def add_db_option(command: argparse.ArgumentParser) -> None:
    """The ``--db FILE`` option of the commands that use the warehouse."""
    command.add_argument(
        "--db",
        metavar="FILE",
        help="warehouse file (default: $COPYDESK_DB or data/copydesk.duckdb)",
    )
