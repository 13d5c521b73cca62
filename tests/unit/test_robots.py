"""robots.txt rules: group matching, longest match, crawl delay, sitemaps, the fixed verdicts."""

from __future__ import annotations

import pytest

from transforms.robots import ALLOW_ALL, DISALLOW_ALL, parse_robots, product_token

UA = "copydesk/0.1.0 (+contact: ops@example.org)"

# An invented newsroom's robots.txt: a general group, a group for copydesk, and one for a
# crawler whose name is a substring of the contact address.
ROBOTS = """\
\ufeff# Harbour Gazette robots policy
User-agent: *
Disallow: /search
Disallow: /drafts/
Crawl-delay: 5

User-agent: copydesk
Disallow: /archive/
Allow: /archive/2024/
Disallow: /*.pdf$
Crawl-delay: 2.5

User-agent: ops
Disallow: /

Sitemap: https://gazette.example.org/sitemap-news.xml
Sitemap: https://gazette.example.org/sitemap-index.xml.gz
"""


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://gazette.example.org/world/harbour-opens", True),
        # The copydesk group replaces the * group entirely (RFC 9309 2.2.1).
        ("https://gazette.example.org/search?q=tide", True),
        ("https://gazette.example.org/archive/1999/flood", False),
        # The longest match wins: Allow /archive/2024/ beats Disallow /archive/.
        ("https://gazette.example.org/archive/2024/regatta", True),
        ("https://gazette.example.org/reports/annual.pdf", False),
        ("https://gazette.example.org/reports/annual.pdf?download=1", True),
        ("https://gazette.example.org/robots.txt", True),
    ],
    ids=["article", "star-group-ignored", "archive", "allow-longer", "pdf", "pdf-query", "robots"],
)
def test_copydesk_group_rules(url: str, allowed: bool) -> None:
    assert parse_robots(ROBOTS).can_fetch(url, UA) is allowed


def test_other_crawlers_get_the_star_group() -> None:
    rules = parse_robots(ROBOTS)
    assert not rules.can_fetch("https://gazette.example.org/search?q=tide", "otherbot/2.0")
    assert rules.crawl_delay("otherbot/2.0") == 5.0


def test_groups_match_on_the_product_token_only() -> None:
    # "ops" appears in copydesk's contact address, but only the product token is matched.
    assert product_token(UA) == "copydesk"
    assert parse_robots(ROBOTS).can_fetch("https://gazette.example.org/world/x", UA)


def test_crawl_delay_of_the_matching_group() -> None:
    assert parse_robots(ROBOTS).crawl_delay(UA) == 2.5


def test_sitemaps_in_file_order() -> None:
    assert parse_robots(ROBOTS).sitemaps == (
        "https://gazette.example.org/sitemap-news.xml",
        "https://gazette.example.org/sitemap-index.xml.gz",
    )


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "<html><body>Not a robots file</body></html>", "Disallow /oops\nUser-agent"],
    ids=["empty", "blank", "html", "garbage"],
)
def test_empty_or_garbage_allows_everything(text: str) -> None:
    rules = parse_robots(text)
    assert rules.can_fetch("https://gazette.example.org/world/x", UA)
    assert rules.crawl_delay(UA) is None
    assert rules.sitemaps == ()


def test_malformed_crawl_delay_is_ignored() -> None:
    rules = parse_robots("User-agent: *\nCrawl-delay: soon\nDisallow: /private\n")
    assert rules.crawl_delay(UA) is None
    assert not rules.can_fetch("https://gazette.example.org/private/x", UA)


def test_fixed_verdicts() -> None:
    url = "https://gazette.example.org/world/x"
    assert ALLOW_ALL.can_fetch(url, UA)
    assert not DISALLOW_ALL.can_fetch(url, UA)
    assert ALLOW_ALL.crawl_delay(UA) is None
    assert DISALLOW_ALL.sitemaps == ()
