"""sources.toml: parsed into typed sources, every mistake reported with where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.errors import ConfigError
from flows.sources import load_sources
from tests.conftest import REPO


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_file_parses() -> None:
    parsed = load_sources(REPO / "sources.example.toml")
    gazette, courier = parsed.sources
    assert parsed.contact == "ops@example.org"
    assert gazette.name == "harbour-gazette"
    assert gazette.schedule == "*/30 * * * *"
    assert gazette.rate_limit == 1.0
    assert gazette.language == "en"
    assert courier.schedule == "0 * * * *"  # from [defaults]
    assert courier.rate_limit == 0.5
    assert courier.url_lists == (str((REPO / "lists" / "valley-courier.txt").resolve()),)


def test_allow_and_deny_patterns(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        [sources.a]
        feeds = ["https://a.example.com/feed"]
        allow = ['^https://a\\.example\\.com/\\d{4}/']
        deny = ["/video/"]
        """,
    )
    [source] = load_sources(path).sources
    assert source.admits("https://a.example.com/2024/06/story")
    assert not source.admits("https://a.example.com/2024/video/clip")
    assert not source.admits("https://a.example.com/about")


def test_select_by_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        [sources.a]
        urls = ["https://a.example.com/x"]
        [sources.b]
        urls = ["https://b.example.com/x"]
        """,
    )
    parsed = load_sources(path)
    assert [s.name for s in parsed.select(["b"])] == ["b"]
    assert [s.name for s in parsed.select(None)] == ["a", "b"]
    with pytest.raises(ConfigError, match="no source named c"):
        parsed.select(["c"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.a]\n", "at least one of feeds"),
        ('[sources.a]\nfeeds = ["x"]\nfeedz = ["y"]\n', "unknown key"),
        ('[sources.a]\nfeeds = ["x"]\nschedule = "hourly"\n', "five fields"),
        ('[sources.a]\nfeeds = ["x"]\nrate_limit = 0\n', "rate_limit"),
        ('[sources.a]\nfeeds = ["x"]\nallow = ["("]\n', "not a regex"),
        ('[sources.a]\nfeeds = ["x"]\nlanguage = "English"\n', "ISO 639-1"),
        ('[sources.A]\nfeeds = ["x"]\n', "lower-case"),
        ('[defaults]\nfeeds = ["x"]\n[sources.a]\nurls = ["x"]\n', "may only set"),
        ("[sources.a\n", "not valid TOML"),
        ("", r"at least one \[sources\.NAME\]"),
    ],
    ids=[
        "no-seeds",
        "typo",
        "bad-cron",
        "zero-rate",
        "bad-regex",
        "language",
        "name",
        "defaults",
        "toml",
        "empty",
    ],
)
def test_mistakes_are_reported(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_sources(_write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no sources file"):
        load_sources(tmp_path / "nope.toml")
