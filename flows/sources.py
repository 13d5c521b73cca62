"""``sources.toml``: the named news sources a scheduled run collects from.

A file has an optional ``[defaults]`` table and one ``[sources.NAME]`` table per source; see
``sources.example.toml`` for every key with a comment. Values are checked when the file is read,
and every mistake is reported with the source and key it is in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from flows.errors import ConfigError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CRON_FIELD = re.compile(r"^[\d*/,\-]+$")
_KNOWN_KEYS: frozenset[str] = frozenset(
    {
        "feeds",
        "sitemaps",
        "url_lists",
        "home_pages",
        "urls",
        "schedule",
        "rate_limit",
        "max_pages_per_run",
        "allow",
        "deny",
        "language",
        "section",
        "keep_non_articles",
    }
)
_DEFAULT_KEYS: frozenset[str] = frozenset(
    {"schedule", "rate_limit", "max_pages_per_run", "keep_non_articles", "contact"}
)


@dataclass(frozen=True, slots=True)
class Source:
    """One publication: where to find its articles and how politely to fetch them."""

    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    url_lists: tuple[str, ...] = ()
    """Files (relative to the sources file) or URLs holding one article URL per line."""
    home_pages: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    schedule: str | None = None
    """Cron expression for the scheduled flow (five fields, UTC)."""
    rate_limit: float = 1.0
    """Requests per second per host (robots.txt Crawl-delay can only lower it)."""
    max_pages_per_run: int = 200
    allow: tuple[re.Pattern[str], ...] = ()
    """A page URL must match one of these (when any are given)."""
    deny: tuple[re.Pattern[str], ...] = ()
    """A page URL matching any of these is not fetched."""
    language: str | None = None
    """ISO 639-1 code for pages that declare none."""
    section: str | None = None
    """Section for pages that declare none."""
    keep_non_articles: bool = False

    def admits(self, url: str) -> bool:
        """True when a discovered page URL passes the allow and deny patterns."""
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)

    @property
    def seeds(self) -> tuple[str, ...]:
        """Every URL or path the source starts from."""
        return self.feeds + self.sitemaps + self.url_lists + self.home_pages + self.urls


@dataclass(frozen=True, slots=True)
class SourcesFile:
    """A parsed sources file."""

    path: Path
    sources: tuple[Source, ...]
    contact: str | None = None
    """Contact for the User-Agent header, e.g. an e-mail address or a URL."""

    def select(self, names: Sequence[str] | None) -> tuple[Source, ...]:
        """The sources named (all when ``names`` is empty or None).

        Raises:
            ConfigError: a name is not in the file.
        """
        if not names:
            return self.sources
        known = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ConfigError(
                f"{self.path}: no source named {', '.join(unknown)} "
                f"(the file has: {', '.join(known)})"
            )
        return tuple(known[n] for n in names)


def _strings(where: str, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: {key} must be a string or a list of strings")


def _patterns(where: str, key: str, value: object) -> tuple[re.Pattern[str], ...]:
    compiled: list[re.Pattern[str]] = []
    for text in _strings(where, key, value):
        try:
            compiled.append(re.compile(text))
        except re.error as exc:
            raise ConfigError(f"{where}: {key} pattern {text!r} is not a regex: {exc}") from None
    return tuple(compiled)


def _check_cron(where: str, value: object) -> str:
    if not isinstance(value, str) or len(value.split()) != 5:
        raise ConfigError(f"{where}: schedule must be a cron expression with five fields")
    if not all(_CRON_FIELD.match(part) for part in value.split()):
        raise ConfigError(f"{where}: schedule {value!r} has an invalid field")
    return value


def _number(where: str, key: str, value: object, *, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
        raise ConfigError(f"{where}: {key} must be a number >= {minimum}")
    return float(value)


def _resolve_list(base: Path, entry: str) -> str:
    """URL lists may be local files: relative paths are relative to the sources file."""
    if re.match(r"^https?://", entry):
        return entry
    path = Path(entry).expanduser()
    return str(path if path.is_absolute() else (base / path).resolve())


def _source(
    name: str, table: Mapping[str, object], defaults: Mapping[str, object], base: Path
) -> Source:
    where = f"[sources.{name}]"
    if not _NAME.match(name):
        raise ConfigError(f"{where}: names are lower-case letters, digits, - and _")
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    merged = {**{k: v for k, v in defaults.items() if k != "contact"}, **table}
    lists = {
        key: _strings(where, key, merged.get(key, []))
        for key in ("feeds", "sitemaps", "url_lists", "home_pages", "urls")
    }
    if not any(lists.values()):
        raise ConfigError(
            f"{where}: give at least one of feeds, sitemaps, url_lists, home_pages, urls"
        )
    language = merged.get("language")
    section = merged.get("section")
    keep = merged.get("keep_non_articles", False)
    if language is not None and not (
        isinstance(language, str) and re.match(r"^[a-z]{2}$", language)
    ):
        raise ConfigError(f"{where}: language must be an ISO 639-1 code like 'en'")
    if section is not None and not isinstance(section, str):
        raise ConfigError(f"{where}: section must be a string")
    if not isinstance(keep, bool):
        raise ConfigError(f"{where}: keep_non_articles must be true or false")
    return Source(
        name=name,
        feeds=lists["feeds"],
        sitemaps=lists["sitemaps"],
        url_lists=tuple(_resolve_list(base, entry) for entry in lists["url_lists"]),
        home_pages=lists["home_pages"],
        urls=lists["urls"],
        schedule=_check_cron(where, merged["schedule"]) if "schedule" in merged else None,
        rate_limit=_number(where, "rate_limit", merged.get("rate_limit", 1.0), minimum=0.001),
        max_pages_per_run=int(
            _number(where, "max_pages_per_run", merged.get("max_pages_per_run", 200), minimum=1)
        ),
        allow=_patterns(where, "allow", merged.get("allow", [])),
        deny=_patterns(where, "deny", merged.get("deny", [])),
        language=language,
        section=section,
        keep_non_articles=keep,
    )


def load_sources(path: str | Path) -> SourcesFile:
    """Read and check a sources file.

    Raises:
        ConfigError: the file is missing, is not TOML, or a value is invalid.
    """
    path = Path(path).expanduser().absolute()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no sources file at {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"defaults", "sources"})
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(unknown)}")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - _DEFAULT_KEYS:
        extra = sorted(set(defaults) - _DEFAULT_KEYS) if isinstance(defaults, dict) else []
        raise ConfigError(f"{path}: [defaults] may only set {', '.join(sorted(_DEFAULT_KEYS))}"
                          + (f" (not {', '.join(extra)})" if extra else ""))  # fmt: skip
    tables = data.get("sources", {})
    if not isinstance(tables, dict) or not tables:
        raise ConfigError(f"{path}: define at least one [sources.NAME] table")
    contact = defaults.get("contact")
    if contact is not None and not isinstance(contact, str):
        raise ConfigError(f"{path}: [defaults] contact must be a string")
    sources = tuple(
        _source(name, table, defaults, path.parent)
        for name, table in tables.items()
        if isinstance(table, dict)
    )
    return SourcesFile(path=path, sources=sources, contact=contact)
