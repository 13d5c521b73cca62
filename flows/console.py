"""What every copydesk command shares: exit codes and the two consoles."""

from __future__ import annotations

import sys

from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WAREHOUSE = 0, 1, 2, 3
"""0 done (rejected inputs included), 1 a run or query failed, 2 usage or configuration error,
3 the warehouse is missing, busy, or not indexed yet."""

# Piped output (CI logs, files) gets room for tables instead of rich's 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
# Messages are not wrapped at 80 columns: they end up in logs and get grepped.
err = Console(stderr=True, highlight=False, soft_wrap=True)
