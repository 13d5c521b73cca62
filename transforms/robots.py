"""robots.txt rules (RFC 9309), parsed by protego and wrapped in a small typed value.

Pure: text in, rules out. Fetching robots.txt, and deciding what an unavailable (4xx) or
unreachable (5xx, network error) file means, is the fetcher's job (``flows.fetch``); this module
gives it the two verdicts it needs for those cases, ``ALLOW_ALL`` and ``DISALLOW_ALL``.

protego is used rather than ``urllib.robotparser`` because it implements RFC 9309 as Google
reads it: the longest matching rule wins, ``Allow`` beats ``Disallow`` on a tie, ``*`` and ``$``
wildcards work, and user-agent groups are matched on the crawler's product token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from protego import Protego

__all__ = [
    "ALLOW_ALL",
    "DISALLOW_ALL",
    "ROBOTS_PATH",
    "RULES_KINDS",
    "RobotsRules",
    "RulesKind",
    "parse_robots",
    "product_token",
]

ROBOTS_PATH: str = "/robots.txt"
"""Where a site's robots.txt lives: at the root of each scheme, host and port (RFC 9309 2.3)."""

RulesKind = Literal["parsed", "allow_all", "disallow_all"]
RULES_KINDS: tuple[RulesKind, ...] = ("parsed", "allow_all", "disallow_all")
"""Where rules come from: a parsed file, or a verdict for a file that could not be had."""

# RFC 9309 2.2.1: the product token is letters, "-" and "_"; groups are matched on it alone, so
# the version and contact parts of copydesk's User-Agent never match another crawler's group.
_PRODUCT_TOKEN = re.compile(r"[A-Za-z_-]+")


def product_token(user_agent: str) -> str:
    """The product token of a User-Agent ("copydesk" of "copydesk/0.1.0 (+contact: ...)")."""
    match = _PRODUCT_TOKEN.match(user_agent.strip())
    return match.group(0) if match else user_agent.strip()


@dataclass(frozen=True, slots=True, eq=False)
class RobotsRules:
    """What one site's robots.txt allows.

    Build it with ``parse_robots``, or use ``ALLOW_ALL`` / ``DISALLOW_ALL``. ``sitemaps`` lists
    the ``Sitemap:`` lines in file order (they apply to every crawler).
    """

    kind: RulesKind
    sitemaps: tuple[str, ...] = ()
    _parsed: Protego | None = field(default=None, repr=False)

    def can_fetch(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url`` (robots.txt itself is always allowed)."""
        if self.kind == "allow_all":
            return True
        if self.kind == "disallow_all" or self._parsed is None:
            return False
        return self._parsed.can_fetch(url, product_token(user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds to wait between requests asked of ``user_agent``'s group; None if unset."""
        if self._parsed is None:
            return None
        return self._parsed.crawl_delay(product_token(user_agent))


ALLOW_ALL: RobotsRules = RobotsRules(kind="allow_all")
"""Rules for a site whose robots.txt is unavailable (a 4xx answer): everything may be fetched."""

DISALLOW_ALL: RobotsRules = RobotsRules(kind="disallow_all")
"""Rules for a site whose robots.txt is unreachable (5xx, network error): nothing may be."""


def parse_robots(text: str) -> RobotsRules:
    """Parse the text of a robots.txt file.

    Lines protego does not understand are ignored, as RFC 9309 asks, so any text gives rules
    (an empty or garbage file allows everything).

    Args:
        text: The file decoded as UTF-8 (RFC 9309 2.3); a leading byte-order mark is ignored.

    Returns:
        The rules, with the sitemaps the file lists.
    """
    parsed = Protego.parse(text.removeprefix("\ufeff"))
    return RobotsRules(kind="parsed", sitemaps=tuple(parsed.sitemaps), _parsed=parsed)
