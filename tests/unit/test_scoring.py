"""The benchmark metrics on tiny hand-made cases with exact expected numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from benchmarks.scoring import (
    MetaPrediction,
    PageMatch,
    SnippetMatch,
    count_shingles,
    f1_score,
    match_authors,
    match_body,
    match_date,
    match_snippets,
    match_title,
    normalize_title,
    score_bodies,
    score_bodies_pooled,
    score_metadata,
    score_snippets,
    split_authors,
    tokenize,
)

# --- aeb: tokens and shingles ------------------------------------------------------------------


def test_tokenize_is_unicode_word_runs() -> None:
    assert tokenize("Straße-Café: naïve 3D, (über)!") == ["Straße", "Café", "naïve", "3D", "über"]


def test_tokenize_none_is_empty() -> None:
    assert tokenize(None) == []


def test_count_shingles_slides_four_tokens() -> None:
    bag = count_shingles(["a", "b", "c", "d", "e"])
    assert bag == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_count_shingles_short_text_is_one_shingle() -> None:
    # Otherwise "yes" and "no" would both have no shingles and count as a perfect match.
    assert count_shingles(["yes"]) == {("yes",): 1}
    assert count_shingles([]) == {}


def test_match_body_counts_by_multiplicity() -> None:
    # Gold has "a b c d" twice; the prediction once: one TP, the other copy is a miss.
    match = match_body("a b c d a b c d", "a b c d")
    assert (match.true_positives, match.false_positives, match.false_negatives) == (1, 0, 4)
    assert match.precision == 1.0
    assert match.recall == pytest.approx(0.2)


def test_match_body_repeated_prediction_is_false_positive() -> None:
    match = match_body("a b c d", "a b c d a b c d")
    assert (match.true_positives, match.false_positives, match.false_negatives) == (1, 4, 0)
    assert match.precision == pytest.approx(0.2)
    assert match.recall == 1.0


def test_match_body_exact_ignores_punctuation_and_spacing() -> None:
    assert match_body("Hello, world!\n\nBye.", "Hello world Bye").exact
    assert not match_body("Hello world", "hello world").exact


def test_no_shingles_on_both_sides_scores_one() -> None:
    match = match_body("—", None)
    assert match.is_empty
    assert (match.precision, match.recall) == (1.0, 1.0)
    scores = score_bodies([match])
    assert (scores.precision, scores.recall, scores.f1, scores.accuracy) == (1.0, 1.0, 1.0, 1.0)


def test_empty_prediction_counts_against_recall_only() -> None:
    missing = match_body("one two three four five", "")
    assert missing.precision is None
    assert missing.recall == 0.0
    perfect = match_body("one two three four five", "one two three four five")
    scores = score_bodies([missing, perfect])
    assert scores.precision == 1.0
    assert scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 / 3)
    assert (scores.accuracy, scores.exact_pages, scores.pages) == (0.5, 1, 2)


def test_empty_gold_counts_against_precision_only() -> None:
    match = match_body("", "one two three four")
    assert (match.precision, match.recall) == (0.0, None)


def test_score_bodies_is_mean_of_page_ratios() -> None:
    # Page weights are equal whatever the length: 8/10 and 1/1 average to 0.9.
    long_page = PageMatch(true_positives=8, false_positives=2, false_negatives=0, exact=False)
    short_page = PageMatch(true_positives=1, false_positives=0, false_negatives=1, exact=False)
    scores = score_bodies([long_page, short_page])
    assert scores.precision == pytest.approx(0.9)
    assert scores.recall == pytest.approx(0.75)
    assert scores.f1 == pytest.approx(2 * 0.9 * 0.75 / 1.65)


def test_score_bodies_pooled_sums_normalised_counts() -> None:
    long_page = PageMatch(true_positives=8, false_positives=2, false_negatives=0, exact=False)
    short_page = PageMatch(true_positives=1, false_positives=0, false_negatives=1, exact=False)
    assert long_page.normalized == pytest.approx((0.8, 0.2, 0.0))
    assert short_page.normalized == pytest.approx((0.5, 0.0, 0.5))
    scores = score_bodies_pooled([long_page, short_page])
    assert scores.precision == pytest.approx(1.3 / 1.5)
    assert scores.recall == pytest.approx(1.3 / 1.8)


def test_score_bodies_of_no_pages_is_zero() -> None:
    scores = score_bodies([])
    assert (scores.precision, scores.recall, scores.f1, scores.accuracy) == (0.0, 0.0, 0.0, 0.0)


def test_f1_score() -> None:
    assert f1_score(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1_score(0.0, 0.0) == 0.0


# --- webmeta: snippets -------------------------------------------------------------------------


def test_match_snippets_collapses_whitespace_on_both_sides() -> None:
    text = "The  harbour\ncommittee\u00a0met on Tuesday.\n\nShare this story"
    match = match_snippets(
        text,
        with_snippets=["The harbour committee met", "committee   met\non Tuesday", "fish market"],
        without_snippets=["Share this\tstory", "Subscribe now"],
    )
    assert match == SnippetMatch(
        true_positives=2, false_negatives=1, false_positives=1, true_negatives=1
    )
    assert match.precision == pytest.approx(2 / 3)
    assert match.recall == pytest.approx(2 / 3)


def test_match_snippets_without_output() -> None:
    match = match_snippets(None, ["a", "b"], ["c"])
    assert match == SnippetMatch(
        true_positives=0, false_negatives=2, false_positives=0, true_negatives=1
    )
    assert match.precision is None


def test_score_snippets_micro_averages() -> None:
    pages = [
        SnippetMatch(true_positives=2, false_negatives=1, false_positives=1, true_negatives=2),
        SnippetMatch(true_positives=0, false_negatives=3, false_positives=0, true_negatives=3),
    ]
    scores = score_snippets(pages)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 6)
    assert scores.f1 == pytest.approx(4 / 9)
    assert (scores.true_positives, scores.false_negatives, scores.false_positives) == (2, 4, 1)
    assert (scores.true_negatives, scores.pages) == (5, 2)


# --- webmeta: metadata -------------------------------------------------------------------------


def test_normalize_title() -> None:
    assert normalize_title("  «Harbour»\u00a0– Old Market’s\n“Future”  ") == (
        '"harbour" - old market\'s "future"'
    )


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ('"Harbour" - old market\'s future', "“Harbour” — Old Market’s Future", True),
        ("Harbour news", "  HARBOUR\n news ", True),
        ("Harbour news", "Harbour news | Example Gazette", False),
        ("Harbour news", None, False),
    ],
    ids=["quotes-dashes-case", "whitespace", "site-suffix", "missing"],
)
def test_match_title(gold: str, predicted: str | None, expected: bool) -> None:
    assert match_title(gold, predicted) is expected


def test_match_date_uses_the_local_day_not_utc() -> None:
    early = datetime(2024, 3, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert early.astimezone(UTC).date() == date(2024, 2, 29)
    assert match_date("2024-03-01", early)
    assert not match_date("2024-02-29", early)


def test_match_date_local_day_west_of_utc() -> None:
    late = datetime(2024, 2, 29, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert late.astimezone(UTC).date() == date(2024, 3, 1)
    assert match_date("2024-02-29", late)


def test_match_date_plain_day_missing_and_malformed_gold() -> None:
    assert match_date(" 2024-03-01 ", date(2024, 3, 1))
    assert not match_date("2024-03-01", date(2024, 3, 2))
    assert not match_date("2024-03-01", None)
    # Day and month swapped in the gold: a miss, not an error and not a repair.
    assert not match_date("2022-29-11", date(2022, 11, 29))


def test_split_authors_on_semicolon_comma_and() -> None:
    assert split_authors("Ann Lee; Bo Chen, Cy  Dow and DI EK") == {
        "ann lee",
        "bo chen",
        "cy dow",
        "di ek",
    }


def test_split_authors_upper_case_and_is_not_a_separator() -> None:
    assert split_authors("STAFF AND WIRE REPORTS") == {"staff and wire reports"}


def test_split_authors_splits_every_item_of_a_list() -> None:
    assert split_authors(("Ann Lee; Bo Chen", "Cy Dow")) == {"ann lee", "bo chen", "cy dow"}


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("Ann Lee; Bo Chen", ("BO CHEN", "ann lee"), True),
        ("Ann Lee, Bo Chen", "Bo Chen and Ann Lee", True),
        ("Ann Lee; Bo Chen", ("Ann Lee",), False),
        ("Ann Lee", ("Ann Lee", "Example Gazette"), False),
        ("Ann Lee", (), False),
        ("Ann Lee", None, False),
    ],
    ids=["order-and-case", "separators", "subset", "superset", "empty", "missing"],
)
def test_match_authors(gold: str, predicted: str | tuple[str, ...] | None, expected: bool) -> None:
    assert match_authors(gold, predicted) is expected


@dataclass(frozen=True)
class _Gold:
    title: str | None
    date: str | None
    author: str | None


def test_score_metadata_counts_only_annotated_pages() -> None:
    golds = [
        _Gold(title="Harbour news", date="2024-03-01", author="Ann Lee"),
        _Gold(title="Fish market", date=None, author=" "),
        _Gold(title=None, date=None, author=None),
    ]
    predictions = [
        MetaPrediction(title="Harbour News", published=date(2024, 3, 2), authors=()),
        MetaPrediction(),
        MetaPrediction(title="Anything", published=date(2024, 3, 1), authors=("Ann Lee",)),
    ]
    scores = score_metadata(golds, predictions)
    assert (scores.title.correct, scores.title.scored, scores.title.share) == (1, 2, 0.5)
    assert (scores.date.correct, scores.date.scored) == (0, 1)
    assert (scores.authors.correct, scores.authors.scored) == (0, 1)
    assert (scores.credited.correct, scores.credited.scored) == (0, 1)


def test_credited_falls_back_to_organisations_only_without_people() -> None:
    golds = [
        _Gold(title=None, date=None, author="Harbour Desk"),
        _Gold(title=None, date=None, author="Harbour Desk"),
        _Gold(title=None, date=None, author="Ann Lee"),
    ]
    predictions = [
        MetaPrediction(organizations=("Harbour Desk",)),
        MetaPrediction(authors=("Bo Chen",), organizations=("Harbour Desk",)),
        MetaPrediction(authors=("Ann Lee",), organizations=("Harbour Desk",)),
    ]
    scores = score_metadata(golds, predictions)
    assert (scores.authors.correct, scores.authors.scored) == (1, 3)
    assert (scores.credited.correct, scores.credited.scored) == (2, 3)


def test_score_metadata_with_nothing_scored() -> None:
    scores = score_metadata([_Gold(None, None, None)], [MetaPrediction(title="x")])
    assert (scores.title.scored, scores.title.share) == (0, 0.0)


def test_score_metadata_rejects_misaligned_inputs() -> None:
    with pytest.raises(ValueError, match="1 gold pages but 0 predictions"):
        score_metadata([_Gold("a", None, None)], [])
