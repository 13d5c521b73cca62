"""Dates as pages write them: ISO 8601, RFC 2822, written and numeric dates, dates in URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from transforms.dates import (
    ASSUMED_UTC,
    MONTHS,
    TIMEZONE_ABBREVIATIONS,
    date_from_url,
    parse_datetime,
    search_datetime,
)


def _tz(hours: int, minutes: int = 0) -> timezone:
    sign = -1 if hours < 0 else 1
    return timezone(sign * timedelta(hours=abs(hours), minutes=minutes))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-26", datetime(2024, 6, 26, tzinfo=UTC)),
        ("2024-06-26T10:00", datetime(2024, 6, 26, 10, 0, tzinfo=UTC)),
        ("2024-06-26T10:00:05", datetime(2024, 6, 26, 10, 0, 5, tzinfo=UTC)),
        ("2024-06-26T10:00:05Z", datetime(2024, 6, 26, 10, 0, 5, tzinfo=UTC)),
        ("2024-06-26T10:00:05.250Z", datetime(2024, 6, 26, 10, 0, 5, 250000, tzinfo=UTC)),
        (
            "2024-06-26T10:00:05.123456789+05:30",
            datetime(2024, 6, 26, 10, 0, 5, 123456, tzinfo=_tz(5, 30)),
        ),
        ("2024-06-26T10:00:00+05:30", datetime(2024, 6, 26, 10, tzinfo=_tz(5, 30))),
        ("2024-06-26T10:00:00-04:00", datetime(2024, 6, 26, 10, tzinfo=_tz(-4))),
        ("2024-06-26T10:00:00+0200", datetime(2024, 6, 26, 10, tzinfo=_tz(2))),
        ("2024-06-26 10:00:00 +0200", datetime(2024, 6, 26, 10, tzinfo=_tz(2))),
        ("2024-06-26T10:00:00 EDT", datetime(2024, 6, 26, 10, tzinfo=_tz(-4))),
        ("20240626", datetime(2024, 6, 26, tzinfo=UTC)),
        # Java's ZonedDateTime names the zone after the offset (RFC 9557).
        (
            "2024-06-26T10:00:00-07:00[America/Los_Angeles]",
            datetime(2024, 6, 26, 10, tzinfo=_tz(-7)),
        ),
        # Unix time, in seconds or milliseconds.
        ("1719396000", datetime(2024, 6, 26, 10, tzinfo=UTC)),
        ("1719396000123", datetime(2024, 6, 26, 10, 0, 0, 123000, tzinfo=UTC)),
    ],
    ids=lambda v: str(v),
)
def test_parse_datetime_reads_iso_8601(value: str, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 26 Jun 2024 10:00:00 GMT", datetime(2024, 6, 26, 10, tzinfo=UTC)),
        ("Wed, 26 Jun 2024 10:00:00 -0400", datetime(2024, 6, 26, 10, tzinfo=_tz(-4))),
        ("26 Jun 2024 10:00 +0000", datetime(2024, 6, 26, 10, tzinfo=UTC)),
        (
            "Wed Jun 26 2024 10:00:00 GMT+0200 (Central European Summer Time)",
            datetime(2024, 6, 26, 10, tzinfo=_tz(2)),
        ),
        ("Wed Jun 26 10:00:00 2024", datetime(2024, 6, 26, 10, tzinfo=UTC)),
    ],
    ids=lambda v: str(v),
)
def test_parse_datetime_reads_rfc_2822_and_javascript_dates(value: str, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("June 26, 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("Jun. 26, 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("June 26th, 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("Wednesday, June 26, 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26 June 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26. Juni 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("Mittwoch, 26. Juni 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("3. März 2024", datetime(2024, 3, 3, tzinfo=UTC)),
        ("26 juin 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("1er août 2024", datetime(2024, 8, 1, tzinfo=UTC)),
        ("26 de junio de 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26 giugno 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26 de junho de 2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26 mei 2024", datetime(2024, 5, 26, tzinfo=UTC)),
        ("2024/06/26", datetime(2024, 6, 26, tzinfo=UTC)),
        ("2024.06.26", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26.06.2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("26/06/2024", datetime(2024, 6, 26, tzinfo=UTC)),
        ("06/26/2024", datetime(2024, 6, 26, tzinfo=UTC)),
    ],
    ids=lambda v: str(v),
)
def test_parse_datetime_reads_written_and_numeric_dates(value: str, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("June 26, 2024 at 3:45 pm", datetime(2024, 6, 26, 15, 45, tzinfo=UTC)),
        ("June 26, 2024 12:05 a.m.", datetime(2024, 6, 26, 0, 5, tzinfo=UTC)),
        ("June 26, 2024 12:05 PM", datetime(2024, 6, 26, 12, 5, tzinfo=UTC)),
        ("June 26, 2024 at 3:45 pm EDT", datetime(2024, 6, 26, 15, 45, tzinfo=_tz(-4))),
        ("26. Juni 2024, 14:30 Uhr", datetime(2024, 6, 26, 14, 30, tzinfo=UTC)),
        ("26. Juni 2024 um 8.15 Uhr MESZ", datetime(2024, 6, 26, 8, 15, tzinfo=_tz(2))),
        ("26.06.2024 14:30", datetime(2024, 6, 26, 14, 30, tzinfo=UTC)),
        ("14:30 26.06.2024", datetime(2024, 6, 26, 14, 30, tzinfo=UTC)),
        ("26 juin 2024 à 9h05", datetime(2024, 6, 26, 9, 5, tzinfo=UTC)),
        ("26 June 2024 10:00 CEST", datetime(2024, 6, 26, 10, tzinfo=_tz(2))),
        # An unknown zone word says nothing about the offset: the time is read as UTC.
        ("26 June 2024 10:00 Berlin", datetime(2024, 6, 26, 10, tzinfo=UTC)),
    ],
    ids=lambda v: str(v),
)
def test_parse_datetime_reads_a_time_next_to_a_written_date(value: str, expected: datetime) -> None:
    assert parse_datetime(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-06-26T10:00:00+05:30",
        "2024-06-26T10:00:00-04:00",
        "Wed, 26 Jun 2024 10:00:00 -0400",
    ],
)
def test_parse_datetime_keeps_the_source_offset(value: str) -> None:
    parsed = parse_datetime(value)
    assert parsed is not None
    assert parsed.utcoffset() == (_tz(5, 30) if "+05:30" in value else _tz(-4)).utcoffset(None)


@pytest.mark.parametrize(
    "value",
    [
        "2024-06-26T10:00:00",
        "June 26, 2024 10:00",
        "26.06.2024",
        "2024-06-26",
        "26 June 2024 10:00 Berlin",
    ],
)
def test_parse_datetime_marks_values_without_an_offset(value: str) -> None:
    parsed = parse_datetime(value)
    assert parsed is not None
    assert parsed.tzinfo is ASSUMED_UTC
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value", ["2024-06-26T10:00:00Z", "2024-06-26T10:00:00+00:00", "Wed, 26 Jun 2024 10:00:00 GMT"]
)
def test_parse_datetime_keeps_a_stated_utc_apart_from_an_assumed_one(value: str) -> None:
    parsed = parse_datetime(value)
    assert parsed is not None
    assert parsed.tzinfo is UTC


def test_assumed_utc_compares_and_converts_like_utc() -> None:
    assumed = datetime(2024, 6, 26, 10, tzinfo=ASSUMED_UTC)
    assert assumed == datetime(2024, 6, 26, 10, tzinfo=UTC)
    assert assumed.tzname() == "UTC, assumed"
    assert assumed.astimezone(UTC).hour == 10


@pytest.mark.parametrize(
    ("day_first", "expected"),
    [
        (True, datetime(2024, 7, 6, tzinfo=UTC)),
        (False, datetime(2024, 6, 7, tzinfo=UTC)),
        (None, None),
    ],
)
def test_parse_datetime_reads_swappable_dates_as_the_locale_says(
    day_first: bool | None, expected: datetime | None
) -> None:
    assert parse_datetime("06/07/2024", day_first=day_first) == expected
    # Dots are always day first, and 13/06 cannot be swapped.
    assert parse_datetime("06.07.2024", day_first=False) == datetime(2024, 7, 6, tzinfo=UTC)
    assert parse_datetime("13/06/2024", day_first=False) == datetime(2024, 6, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "Updated 3 hours ago",
        "yesterday",
        "0001-01-01T00:00:00",
        "1989-12-31",
        "2101-01-01",
        "2024-02-30",
        "2024-13-01",
        "2024-06-26T24:00",
        "2024-06-26T10:00:00+15:00",
        "31. Februar 2024",
        "June 26, 2024 13:00 pm",
        # Day and month can be swapped: refuse to guess.
        "06/07/2024",
        "06-07-2024",
        # Two-digit years only with dots: "2/11/22" and version numbers are not dates.
        "2/11/22",
        "v2.11.22",
        "1.2.3",
        # Ten digits that are no Unix time of a plausible year.
        "0123456789",
        "2024062610",
    ],
    ids=lambda v: repr(v),
)
def test_parse_datetime_refuses_implausible_or_ambiguous_values(value: str) -> None:
    assert parse_datetime(value) is None


def test_parse_datetime_accepts_none() -> None:
    assert parse_datetime(None) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2024/06/26/story-slug", datetime(2024, 6, 26, tzinfo=UTC)),
        ("https://example.com/news/2024/6/5/story", datetime(2024, 6, 5, tzinfo=UTC)),
        ("https://example.com/news/20240626/story", datetime(2024, 6, 26, tzinfo=UTC)),
        ("https://example.com/2024-06-26/story", datetime(2024, 6, 26, tzinfo=UTC)),
        ("https://example.com/2024-06-26-story-slug", datetime(2024, 6, 26, tzinfo=UTC)),
        ("/world/2024/06/26/", datetime(2024, 6, 26, tzinfo=UTC)),
    ],
)
def test_date_from_url_reads_dated_paths(url: str, expected: datetime) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://example.com/2024/06/story",
        "https://example.com/news/20241399/story",
        "https://example.com/story?date=2024/06/26",
        "https://example.com/products/123456789",
    ],
)
def test_date_from_url_needs_a_full_valid_date_in_the_path(url: str | None) -> None:
    assert date_from_url(url) is None


def test_search_datetime_takes_the_date_that_comes_first() -> None:
    # A press release: the dateline under the headline, then the text mentions an older day.
    text = "Migration update 10.11.2021 Bis einschließlich 9. November 2021 registrierte ..."
    assert search_datetime(text) == datetime(2021, 11, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "vor 3 Stunden aktualisiert",
        "Updated 3 hours ago",
        "gestern, 14:30 Uhr",
        "© 2022 Example Media",
    ],
)
def test_search_datetime_never_resolves_relative_dates_or_copyright_years(text: str) -> None:
    assert search_datetime(text) is None


def test_search_datetime_reads_two_digit_years_only_when_asked() -> None:
    assert search_datetime("Kultur, 2.11.22", short_years=True) == datetime(2022, 11, 2, tzinfo=UTC)
    assert search_datetime("Kultur, 2.11.22") is None
    # A four-digit date elsewhere in the text wins over a short one.
    text = "Kurs 2.11.22, gemeldet am 20.12.2022"
    assert search_datetime(text, short_years=True) == datetime(2022, 12, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("( Pescasseroli, 14 Gennaio 20 )", datetime(2020, 1, 14, tzinfo=UTC)),
        ("Ortsverein, 3. März 21 | Presse", datetime(2021, 3, 3, tzinfo=UTC)),
        ("Treffen 14 Gennaio 20:30", None),  # a time, not a year
        ("am 14 Gennaio 2020 und 3 Marzo 21", datetime(2020, 1, 14, tzinfo=UTC)),
    ],
)
def test_search_datetime_reads_month_names_with_two_digit_years(
    text: str, expected: datetime | None
) -> None:
    assert search_datetime(text, short_years=True) == expected


@pytest.mark.parametrize(
    ("text", "short_years", "expected"),
    [
        # A date opening the text: nothing before its first digit.
        ("2026-06-26 im Archiv", False, datetime(2026, 6, 26, tzinfo=UTC)),
        ("12 June 2024", False, datetime(2024, 6, 12, tzinfo=UTC)),
        ("14 Gennaio 20", True, datetime(2020, 1, 14, tzinfo=UTC)),
        # A number running on from a digit, a dot or a letter is a reference, not a date.
        ("Ref. 126.06.2024", False, None),
        ("Ref. 1.26.06.2024", False, None),
        ("Akte 12026-06-26", False, None),
        ("Seite 112 June 2024", False, None),
        ("Kultur,x2.11.22", True, None),
        ("v1.2.11.22", True, None),
        ("A14 Gennaio 20", True, None),
        # No four-digit year, no digit at all.
        ("Seite 12", True, None),
        ("Ohne Datum", True, None),
    ],
)
def test_search_datetime_reads_a_number_from_its_first_digit(
    text: str, short_years: bool, expected: datetime | None
) -> None:
    assert search_datetime(text, day_first=True, short_years=short_years) == expected


def test_a_time_of_day_starts_at_its_first_digit() -> None:
    assert parse_datetime("26.06.2024 12:30") == datetime(2024, 6, 26, 12, 30, tzinfo=UTC)
    assert parse_datetime("26.06.2024 um 1:12:30") == datetime(2024, 6, 26, 1, 12, 30, tzinfo=UTC)
    # "112:30" is a count or a score, not a time: the date stays at midnight.
    assert parse_datetime("26.06.2024 um 112:30") == datetime(2024, 6, 26, tzinfo=UTC)


def test_time_ranges_are_not_offsets() -> None:
    found = parse_datetime("19.01.2023 10:00-11:30")
    assert found == datetime(2023, 1, 19, 10, tzinfo=UTC)
    assert found is not None
    assert found.tzinfo is ASSUMED_UTC


def test_date_from_url_has_no_offset() -> None:
    found = date_from_url("https://example.com/2024/06/26/story")
    assert found is not None
    assert found.tzinfo is ASSUMED_UTC


def test_search_datetime_finds_a_date_in_longer_text() -> None:
    text = "Local news  By Jana Vogel  Mittwoch, 26. Juni 2024, 14:30 Uhr  Lesezeit: 3 Minuten"
    assert search_datetime(text) == datetime(2024, 6, 26, 14, 30, tzinfo=UTC)
    assert search_datetime("No date in this header at all") is None
    assert search_datetime(None) is None


def test_vocabularies_are_lower_case_and_valid() -> None:
    assert all(key == key.lower() and 1 <= month <= 12 for key, month in MONTHS.items())
    assert MONTHS["juni"] == MONTHS["june"] == MONTHS["juin"] == 6
    assert all(key == key.lower() for key in TIMEZONE_ABBREVIATIONS)
    assert "ist" not in TIMEZONE_ABBREVIATIONS
