"""Dates as pages write them, turned into timezone-aware datetimes.

Pages state publication times in many shapes: ISO 8601 in metadata and JSON-LD, RFC 2822 in
feeds and some ``<meta>`` tags, and written dates ("June 26, 2024", "26. Juni 2024") in bylines.
Every parser here returns an aware datetime that keeps the offset the source gave, or None.
A value whose source gave no offset (``2024-06-26T10:00``, a date alone, a date in a URL) gets
``ASSUMED_UTC`` as its tzinfo: it compares and converts like UTC, but callers can tell it from
an offset the page actually stated (``rows.utc_offset_minutes`` stores None for it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from types import MappingProxyType

ASSUMED_UTC: tzinfo = timezone(timedelta(0), "UTC, assumed")
"""The tzinfo of values whose source gave no offset: read as UTC, marked as an assumption.

Test with ``value.tzinfo is ASSUMED_UTC``; ``datetime.timezone.utc`` (``UTC``) means the source
said ``Z``, ``+00:00``, ``GMT`` or ``UTC`` itself."""

MIN_YEAR = 1990
"""Earliest plausible year: older values are typos or placeholders like ``0001-01-01``."""

MAX_YEAR = 2100
"""Latest plausible year."""

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        # English (full names and the abbreviations of RFC 2822 and bylines).
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sep": 9,
        "sept": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
        # German.
        "januar": 1,
        "jänner": 1,
        "februar": 2,
        "märz": 3,
        "maerz": 3,
        "mai": 5,
        "juni": 6,
        "juli": 7,
        "oktober": 10,
        "okt": 10,
        "dezember": 12,
        "dez": 12,
        # French.
        "janvier": 1,
        "février": 2,
        "fevrier": 2,
        "mars": 3,
        "avril": 4,
        "juin": 6,
        "juillet": 7,
        "août": 8,
        "aout": 8,
        "septembre": 9,
        "octobre": 10,
        "novembre": 11,
        "décembre": 12,
        "decembre": 12,
        # Spanish.
        "enero": 1,
        "febrero": 2,
        "marzo": 3,
        "abril": 4,
        "mayo": 5,
        "junio": 6,
        "julio": 7,
        "agosto": 8,
        "septiembre": 9,
        "setiembre": 9,
        "octubre": 10,
        "noviembre": 11,
        "diciembre": 12,
        # Italian.
        "gennaio": 1,
        "febbraio": 2,
        "aprile": 4,
        "maggio": 5,
        "giugno": 6,
        "luglio": 7,
        "settembre": 9,
        "ottobre": 10,
        "dicembre": 12,
        # Portuguese.
        "janeiro": 1,
        "fevereiro": 2,
        "março": 3,
        "maio": 5,
        "junho": 6,
        "julho": 7,
        "setembro": 9,
        "outubro": 10,
        "dezembro": 12,
        # Dutch.
        "januari": 1,
        "februari": 2,
        "maart": 3,
        "mei": 5,
        "augustus": 8,
    }
)
"""Month names and abbreviations (lower case) in English, German, French, Spanish, Italian,
Portuguese and Dutch, to month numbers."""

TIMEZONE_ABBREVIATIONS: Mapping[str, int] = MappingProxyType(
    {
        "z": 0,
        "ut": 0,
        "utc": 0,
        "gmt": 0,
        "wet": 0,
        "west": 60,
        "bst": 60,
        "cet": 60,
        "mez": 60,
        "cest": 120,
        "mesz": 120,
        "eet": 120,
        "eest": 180,
        "msk": 180,
        "est": -300,
        "edt": -240,
        "cst": -360,
        "cdt": -300,
        "mst": -420,
        "mdt": -360,
        "pst": -480,
        "pdt": -420,
        "jst": 540,
        "kst": 540,
        "aest": 600,
        "aedt": 660,
    }
)
"""Zone abbreviations to UTC offsets in minutes. Ambiguous ones (IST, for India, Ireland and
Israel) are left out on purpose: an unknown zone leaves the value at ``ASSUMED_UTC``."""

_ISO = re.compile(
    r"(?P<year>\d{4})-?(?P<month>\d{2})-?(?P<day>\d{2})"
    r"(?:[T ]\s*(?P<hour>\d{1,2}):?(?P<minute>\d{2})"
    r"(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
    # Java's ZonedDateTime and RFC 9557 name the zone after the offset: "...-07:00[US/Pacific]".
    r"(?:\[[\w/+:-]+\])?$",
    re.IGNORECASE,
)
# Seconds (10 digits) or milliseconds (13) since 1970: what some CMSs put in date metas. Below
# 2,000,000,000 (May 2033): a compact "2024062610" (year, month, day, hour) is no Unix time.
_EPOCH_DIGITS = (10, 13)
_EPOCH_MAX = 2_000_000_000
# Patterns that start with a number test what precedes it after its first digit
# ("\d(?<!\d\d)" is "(?<!\d)\d"): a pattern opening with a digit lets the regex engine skip
# straight to the digits of a text, one opening with a lookbehind is tried at every character.
_NUMERIC_YMD = re.compile(
    r"(?P<year>\d(?<!\d\d)\d{3})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
)
_NUMERIC_DMY = re.compile(
    r"(?P<first>\d(?<![\d.]\d)\d?)(?P<sep>[./-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
)
# "Kultur, 2.11.22" (Austrian and German datelines): dots and a two-digit year, read only
# when no four-digit date is in the text.
_SHORT_DMY = re.compile(r"(?P<day>\d(?<![\w.]\d)\d?)\.(?P<month>\d{1,2})\.(?P<year>\d{2})(?![\w.])")
_MONTH_WORD = r"(?P<month>[^\W\d_]{3,10})\.?"
# "( Pescasseroli, 14 Gennaio 20 )" (Italian park and town press offices): a month name and a
# two-digit year, read under the same rule as ``_SHORT_DMY``. A time can't follow ("20:30").
_SHORT_DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d(?<![\w.]\d)\d?)\.?\s+" + _MONTH_WORD + r"\s+(?P<year>\d{2})(?![\w:.])"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d(?<!\d\d)\d?)(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+)?"
    + _MONTH_WORD
    + r",?\s*(?:de\s+)?(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    r"\b"
    + _MONTH_WORD
    + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+)?"
    r"(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<hour>\d(?<![\d:]\d)\d?)(?::|\.|h)(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    # "17.01.2021" is a date, not 17:01.
    r"(?!\d)(?!\.\d)\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?"
    r"(?:\s*(?:Uhr|h)\b)?"
    # A bare offset needs a space before it: "10:00-11:30" is a time range, not UTC-11:30.
    r"(?:\s*\(?(?P<zone>Z\b|(?<=\s)[+-]\d{2}:?\d{2}\b|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?"
    r"|[A-Z]{2,4}\b))?",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})(?:/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?=/|$|[-_.]\D)"
    r"|-(?P<month2>\d{2})-(?P<day2>\d{2})(?=/|$|[-_.])"
    r"|(?P<month3>\d{2})(?P<day3>\d{2})(?=/|$|[-_.]))"
)
# The year of every pattern but the short ones: a text without it holds no full date.
_YEAR_DIGITS = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")
_TIME_WINDOW = 40
_CENTURY_PIVOT = 70
"""Two-digit years below this are 20xx, the others 19xx (1990 is the earliest plausible)."""
_ZONE_OFFSET = re.compile(
    r"(?:UTC|GMT)?\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?"
)


def parse_datetime(value: str | None, *, day_first: bool | None = None) -> datetime | None:
    """An aware datetime from an ISO 8601, RFC 2822 or written date, or None.

    Accepts ISO 8601 with or without seconds, fractions and offset (``Z``, ``+hh:mm``,
    ``+hhmm``; a zone name in brackets after the offset is ignored), Unix times in seconds or
    milliseconds, RFC 2822 (``Wed, 26 Jun 2024 10:00:00 GMT``), written dates in English, German,
    French, Spanish, Italian, Portuguese and Dutch (``June 26, 2024``, ``26 June 2024``,
    ``26. Juni 2024``) and numeric ones (``2024/06/26``, ``26.06.2024``; ``06/07/2024`` only
    when ``day_first`` says how to read it, or day and month cannot be swapped), each with or
    without a time of day.

    Offsets the source gives are kept (``+05:30`` stays ``+05:30``). A value without an offset,
    and a date without a time (midnight), get ``ASSUMED_UTC``.

    Args:
        value: The text of a ``<meta content>``, ``<time datetime>``, JSON-LD date or byline.
        day_first: How to read a numeric date whose day and month can be swapped: True for
            day/month/year (most of the world), False for month/day/year (the US), None to
            refuse it.

    Returns:
        The datetime, or None when no date is found or it is implausible (year before 1990 or
        after 2100, a day that does not exist, an hour past 23).
    """
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 200:
        return None
    match = _ISO.match(text)
    if match:
        return _from_iso(match)
    if len(text) in _EPOCH_DIGITS and text.isdigit():
        return _from_epoch(int(text) * (1 if len(text) == 13 else 1000))
    return _from_written(text, day_first)


def _from_epoch(milliseconds: int) -> datetime | None:
    """A Unix time (in milliseconds) as a UTC datetime, None outside the plausible years."""
    seconds, rest = divmod(milliseconds, 1000)
    if seconds >= _EPOCH_MAX:
        return None
    found = datetime.fromtimestamp(seconds, UTC) + timedelta(milliseconds=rest)
    return found if found.year >= MIN_YEAR else None


def search_datetime(
    text: str | None, *, day_first: bool | None = None, short_years: bool = False
) -> datetime | None:
    """The first written or numeric date in a longer text (a byline box, a header), or None.

    Args:
        text: Visible text in which a date may appear among other words.
        day_first: How to read ambiguous numeric dates, as for ``parse_datetime``.
        short_years: Also read ``2.11.22`` (dots, two-digit year) when the text has no other
            date: right under a headline that is a dateline, elsewhere often an event.

    Returns:
        The date that starts first in the text, with a time of day when one follows it
        closely; read as by ``parse_datetime``.
    """
    if not text:
        return None
    found = _find_date(text, day_first, short_years=short_years)
    if found is None:
        return None
    start, end = found[1]
    return _from_written(text[start : end + _TIME_WINDOW], day_first, short_years=short_years)


def date_from_url(url: str | None) -> datetime | None:
    """The date a URL path spells (``/2024/06/26/``, ``/2024-06-26/``, ``/20240626/``), or None.

    Args:
        url: An absolute or relative URL.

    Returns:
        Midnight (``ASSUMED_UTC``) of that day, or None when the path holds no complete,
        plausible date.
    """
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for match in _URL_DATE.finditer(path):
        month = match["month"] or match["month2"] or match["month3"]
        day = match["day"] or match["day2"] or match["day3"]
        found = _build(int(match["year"]), int(month), int(day), 0, 0, 0, 0, ASSUMED_UTC)
        if found is not None:
            return found
    return None


def _from_iso(match: re.Match[str]) -> datetime | None:
    """Datetime from an ISO 8601 match."""
    fraction = match["fraction"] or ""
    micro = int((fraction + "000000")[:6]) if fraction else 0
    zone = _zone(match["zone"]) if match["zone"] else ASSUMED_UTC
    if zone is None:
        return None
    return _build(
        int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        int(match["hour"] or 0),
        int(match["minute"] or 0),
        int(match["second"] or 0),
        micro,
        zone,
    )


def _from_written(
    text: str, day_first: bool | None = None, *, short_years: bool = False
) -> datetime | None:
    """Datetime from a written or numeric date, with an optional time of day anywhere around it."""
    ymd = _find_date(text, day_first, short_years=short_years)
    if ymd is None:
        return None
    (year, month, day), span, inline_time = ymd
    hour = minute = second = 0
    zone: tzinfo = ASSUMED_UTC
    rest = text[: span[0]] + " " + text[span[1] :]
    time_match = _TIME.search(inline_time or rest)
    if time_match:
        hour = int(time_match["hour"])
        minute = int(time_match["minute"])
        second = int(time_match["second"] or 0)
        ampm = (time_match["ampm"] or "").lower()[:1]
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm == "p" and hour != 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        zone_text = time_match["zone"]
        if inline_time and not zone_text:
            # "Wed Jun 26 10:00:00 2024" style: the zone, if any, follows the year.
            tail = _TIME.search(rest)
            zone_text = tail["zone"] if tail else None
        if zone_text:
            # An unknown word after the time ("10:00 Uhr Berlin") says nothing about the offset.
            zone = _zone(zone_text) or ASSUMED_UTC
    return _build(year, month, day, hour, minute, second, 0, zone)


def _find_date(
    text: str, day_first: bool | None = None, *, short_years: bool = False
) -> tuple[tuple[int, int, int], tuple[int, int], str | None] | None:
    """(year, month, day), the span they were found at, and a time printed inside the date.

    The date that starts first wins, whatever its shape: under a headline "10.11.2021" comes
    before the "9. November 2021" the first sentence mentions (a press-release page taught
    this).
    """
    if _YEAR_DIGITS.search(text) is None:
        # Every full date spells its year in four digits: bylines, headlines and meta bars
        # without one skip the four patterns (a third of the texts under a headline).
        return _find_short_date(text) if short_years else None
    found: list[tuple[int, tuple[int, int, int], tuple[int, int], str | None]] = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = MONTHS.get(match["month"].lower())
            if month is not None:
                inline = match.groupdict().get("time")
                ymd = (int(match["year"]), month, int(match["day"]))
                found.append((match.start(), ymd, match.span(), inline))
                break
    ymd_match = _NUMERIC_YMD.search(text)
    if ymd_match:
        ymd = (int(ymd_match["year"]), int(ymd_match["month"]), int(ymd_match["day"]))
        found.append((ymd_match.start(), ymd, ymd_match.span(), None))
    dmy_match = _NUMERIC_DMY.search(text)
    if dmy_match:
        dmy = _day_month(dmy_match, day_first)
        if dmy is not None:
            found.append((dmy_match.start(), dmy, dmy_match.span(), None))
    if not found:
        return _find_short_date(text) if short_years else None
    _, ymd, span, inline = min(found, key=lambda item: item[0])
    return ymd, span, inline


def _find_short_date(text: str) -> tuple[tuple[int, int, int], tuple[int, int], None] | None:
    """A date with a two-digit year ("2.11.22", "14 Gennaio 20"): the one that starts first."""
    if _DIGIT.search(text) is None:
        return None  # both patterns start with the day's digits
    shorts: list[tuple[int, tuple[int, int, int], tuple[int, int]]] = []
    numeric = _SHORT_DMY.search(text)
    if numeric is not None:
        ymd = (int(numeric["year"]), int(numeric["month"]), int(numeric["day"]))
        shorts.append((numeric.start(), ymd, numeric.span()))
    for written in _SHORT_DAY_MONTH_YEAR.finditer(text):
        month = MONTHS.get(written["month"].lower())
        if month is not None:
            ymd = (int(written["year"]), month, int(written["day"]))
            shorts.append((written.start(), ymd, written.span()))
            break
    if not shorts:
        return None
    _, (year, month, day), span = min(shorts, key=lambda item: item[0])
    year += 2000 if year < _CENTURY_PIVOT else 1900
    return (year, month, day), span, None


def _day_month(match: re.Match[str], day_first: bool | None) -> tuple[int, int, int] | None:
    """(year, month, day) of a numeric ``dd.mm.yyyy`` / ``mm/dd/yyyy`` match, when unambiguous."""
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    if match["sep"] == ".":
        # Dots are the German, Swiss and Austrian style: always day first.
        return year, second, first
    if second > 12:
        return year, first, second
    if first > 12 or first == second:
        return year, second, first
    # 06/07/2024 is June 7 in the US and 6 July elsewhere: only the page's locale can tell.
    if day_first is None:
        return None
    return (year, second, first) if day_first else (year, first, second)


def _zone(text: str) -> tzinfo | None:
    """A fixed-offset timezone from ``Z``, ``+05:30``, ``-0400``, ``GMT+2`` or an abbreviation."""
    key = text.strip().lower()
    if key in TIMEZONE_ABBREVIATIONS:
        minutes = TIMEZONE_ABBREVIATIONS[key]
    else:
        match = _ZONE_OFFSET.fullmatch(text.strip().upper())
        if match is None:
            return None
        minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
        if match["sign"] == "-":
            minutes = -minutes
    if abs(minutes) > 14 * 60:
        return None
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


def _build(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    micro: int,
    zone: tzinfo,
) -> datetime | None:
    """A datetime when the parts are plausible, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
    except ValueError:
        return None
