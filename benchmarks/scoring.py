"""The metrics of the two development splits, as their READMEs define them.

aeb-dev (body against a gold body): both texts are tokenised with ``\\w+`` (Unicode) and cut
into bags of 4-token shingles (a text of 1-3 tokens is one shorter shingle, so two different
short texts do not count as equal); per page TP = shared shingles by multiplicity, FP = extra
predicted ones, FN = missed ones, divided by their sum. Precision = mean over pages of
TP/(TP+FP), recall = mean over pages of TP/(TP+FN), F1 = 2PR/(P+R) of those means; a page with
no shingles on either side scores 1 for both. A page whose ratio is undefined -- no predicted
shingle for precision, no gold shingle for recall -- is left out of that mean, as in the
benchmark's own evaluation: an extractor that returns nothing loses recall, not precision.
Accuracy = share of pages whose token lists are equal.

That per-page mean (``score_bodies``) is the primary score: it reproduces the README's
published aeb-dev figures -- the naive all-``<p>`` baseline at F1 0.869, and trafilatura 2.3.1
at 0.975 and 0.983 (``favor_precision``), those two with ``include_comments=False``. Pooling the
normalised counts over pages instead (``score_bodies_pooled``, sum TP / (sum TP + sum FP))
gives 0.872 for the naive baseline and is kept only as a cross-check.

webmeta-dev: body snippets (``with`` found = TP, missing = FN; ``without`` found = FP,
absent = TN; micro-averaged; whitespace collapsed on both sides), title exact after
normalisation, date on the same calendar day, authors as the same set of names. Each metadata
score counts only the pages whose gold field is non-empty; a missing prediction is a miss.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

SHINGLE_SIZE = 4
"""Tokens per shingle in the aeb metric."""

_TOKEN = re.compile(r"\w+")

# Typographic quotes and dashes differ between a page's <title>, its og:title and an
# annotator's copy without the title being different.
TITLE_EQUIVALENTS: tuple[tuple[str, str], ...] = (
    ("\u2018\u2019\u201a\u201b\u2032\u2039\u203a", "'"),
    ("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    ("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
)
"""Characters a title comparison treats as the plain quote or hyphen that follows them."""

_TITLE_TABLE = str.maketrans({char: plain for chars, plain in TITLE_EQUIVALENTS for char in chars})

AUTHOR_SEPARATORS: tuple[str, ...] = (";", ",", " and ")
"""What separates names in an author field (gold and predicted alike), matched as written."""

_AUTHOR_SPLIT = re.compile("|".join(re.escape(sep) for sep in AUTHOR_SEPARATORS))


# --- aeb-dev: shingles -------------------------------------------------------------------------


def tokenize(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of a text, in order; none for None."""
    return _TOKEN.findall(text) if text else []


def count_shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Bag of the ``size``-token shingles of a token list; a shorter list is one shingle."""
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageMatch:
    """Shingle counts of one predicted body against its gold body."""

    true_positives: int
    false_positives: int
    false_negatives: int
    exact: bool

    @property
    def is_empty(self) -> bool:
        """True when neither side has a shingle: the page scores 1."""
        return self.true_positives + self.false_positives + self.false_negatives == 0

    @property
    def normalized(self) -> tuple[float, float, float]:
        """TP, FP, FN divided by their sum; (1, 0, 0) when neither side has a shingle."""
        total = self.true_positives + self.false_positives + self.false_negatives
        if total == 0:
            return (1.0, 0.0, 0.0)
        return (
            self.true_positives / total,
            self.false_positives / total,
            self.false_negatives / total,
        )

    @property
    def precision(self) -> float | None:
        """TP/(TP+FP); 1 with no shingles on either side, None with no predicted shingle."""
        if self.is_empty:
            return 1.0
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        """TP/(TP+FN); 1 with no shingles on either side, None with no gold shingle."""
        if self.is_empty:
            return 1.0
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else None

    @property
    def f1(self) -> float:
        """This page's F1, an undefined ratio counting as 0 (for ranking pages)."""
        return f1_score(self.precision or 0.0, self.recall or 0.0)


def match_body(gold: str, predicted: str | None) -> PageMatch:
    """Compare one predicted body with its gold body by 4-token shingles.

    Args:
        gold: The gold article body.
        predicted: The extracted body; None (no output) is scored as empty text.

    Returns:
        TP (shingles in both bags, by multiplicity), FP, FN and whether the token lists are
        equal.
    """
    gold_tokens = tokenize(gold)
    predicted_tokens = tokenize(predicted)
    gold_bag = count_shingles(gold_tokens)
    predicted_bag = count_shingles(predicted_tokens)
    return PageMatch(
        true_positives=(gold_bag & predicted_bag).total(),
        false_positives=(predicted_bag - gold_bag).total(),
        false_negatives=(gold_bag - predicted_bag).total(),
        exact=gold_tokens == predicted_tokens,
    )


@dataclass(frozen=True, slots=True)
class BodyScores:
    """aeb scores of one extractor over a set of pages."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    exact_pages: int


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


def score_bodies(matches: Sequence[PageMatch]) -> BodyScores:
    """The aeb scores: precision and recall are means of the per-page ratios.

    Args:
        matches: One PageMatch per page.

    Returns:
        Precision = mean of the defined ``PageMatch.precision`` values, recall likewise, F1 of
        those means, and the share of pages with identical token lists (0 where nothing is
        defined).
    """
    precisions = [m.precision for m in matches if m.precision is not None]
    recalls = [m.recall for m in matches if m.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return _body_scores(matches, precision, recall)


def score_bodies_pooled(matches: Sequence[PageMatch]) -> BodyScores:
    """aeb scores with the per-page normalised counts summed over pages, then divided.

    The other reading of the README, kept to cross-check published figures.

    Args:
        matches: One PageMatch per page.

    Returns:
        Precision = sum TP / (sum TP + sum FP) over the normalised counts, recall likewise,
        their F1, and accuracy (0 where nothing is defined).
    """
    tp = fp = fn = 0.0
    for match in matches:
        page_tp, page_fp, page_fn = match.normalized
        tp += page_tp
        fp += page_fp
        fn += page_fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return _body_scores(matches, precision, recall)


def _body_scores(matches: Sequence[PageMatch], precision: float, recall: float) -> BodyScores:
    """BodyScores from precision and recall, with accuracy counted over the matches."""
    exact = sum(1 for match in matches if match.exact)
    return BodyScores(
        precision=precision,
        recall=recall,
        f1=f1_score(precision, recall),
        accuracy=exact / len(matches) if matches else 0.0,
        pages=len(matches),
        exact_pages=exact,
    )


# --- webmeta-dev: snippets ---------------------------------------------------------------------


def collapse_whitespace(text: str) -> str:
    """Runs of (Unicode) whitespace to one space, trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class SnippetMatch:
    """Snippet counts of one page's extracted text."""

    true_positives: int
    false_negatives: int
    false_positives: int
    true_negatives: int

    @property
    def precision(self) -> float | None:
        """This page's TP/(TP+FP), None when no snippet was found at all."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        """This page's TP/(TP+FN), None when the page has no ``with`` snippet."""
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else None


def match_snippets(
    text: str | None, with_snippets: Iterable[str], without_snippets: Iterable[str]
) -> SnippetMatch:
    """Count which gold snippets occur in an extracted text, whitespace collapsed on both sides.

    Args:
        text: The extracted main text; None (no output) contains no snippet.
        with_snippets: Snippets a good extraction contains.
        without_snippets: Snippets a good extraction leaves out.

    Returns:
        TP (``with`` found), FN (``with`` missing), FP (``without`` found), TN (``without``
        absent).
    """
    haystack = collapse_whitespace(text) if text else ""
    found_with = [collapse_whitespace(s) in haystack for s in with_snippets]
    found_without = [collapse_whitespace(s) in haystack for s in without_snippets]
    return SnippetMatch(
        true_positives=sum(found_with),
        false_negatives=len(found_with) - sum(found_with),
        false_positives=sum(found_without),
        true_negatives=len(found_without) - sum(found_without),
    )


@dataclass(frozen=True, slots=True)
class SnippetScores:
    """Micro-averaged snippet scores of one extractor over a set of pages."""

    precision: float
    recall: float
    f1: float
    true_positives: int
    false_negatives: int
    false_positives: int
    true_negatives: int
    pages: int


def score_snippets(matches: Sequence[SnippetMatch]) -> SnippetScores:
    """Micro-averaged precision, recall and F1 of snippet matches.

    Args:
        matches: One SnippetMatch per page.

    Returns:
        Scores from the counts summed over pages (0 where a ratio is undefined).
    """
    tp = sum(match.true_positives for match in matches)
    fn = sum(match.false_negatives for match in matches)
    fp = sum(match.false_positives for match in matches)
    tn = sum(match.true_negatives for match in matches)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return SnippetScores(
        precision=precision,
        recall=recall,
        f1=f1_score(precision, recall),
        true_positives=tp,
        false_negatives=fn,
        false_positives=fp,
        true_negatives=tn,
        pages=len(matches),
    )


# --- webmeta-dev: metadata ---------------------------------------------------------------------


def normalize_title(title: str) -> str:
    """A title for comparison: typographic quotes and dashes plain, whitespace collapsed, folded."""
    return collapse_whitespace(title.translate(_TITLE_TABLE)).casefold()


def match_title(gold: str, predicted: str | None) -> bool:
    """True when the predicted title equals the gold one after ``normalize_title``."""
    return predicted is not None and normalize_title(predicted) == normalize_title(gold)


def match_date(gold: str, predicted: date | None) -> bool:
    """True when the prediction falls on the gold calendar day (``YYYY-MM-DD``).

    A datetime counts by its own local date, in the offset the page gave: 00:30 at +02:00 on
    1 March is 1 March, although it is still 29 February in UTC. The gold is compared as the
    ISO string, so a malformed gold day (one webmeta-dev page has "2022-29-11") is a miss for
    every extractor rather than an error or a guessed repair.
    """
    if predicted is None:
        return False
    day = predicted.date() if isinstance(predicted, datetime) else predicted
    return day.isoformat() == gold.strip()


def split_authors(authors: str | Sequence[str]) -> frozenset[str]:
    """The set of case-folded names in an author field (or a list of fields).

    Split on ``AUTHOR_SEPARATORS`` before case-folding, so " and " separates names but an
    upper-case "STAFF AND NEWS SERVICE REPORTS" stays one name; this order reproduces the
    README's published author figure.
    """
    joined = collapse_whitespace(authors if isinstance(authors, str) else "; ".join(authors))
    return frozenset(
        name.strip().casefold() for name in _AUTHOR_SPLIT.split(joined) if name.strip()
    )


def match_authors(gold: str, predicted: str | Sequence[str] | None) -> bool:
    """True when the predicted names are the gold names, as sets; an empty prediction misses."""
    if not predicted:
        return False
    names = split_authors(predicted)
    return bool(names) and names == split_authors(gold)


class MetaGold(Protocol):
    """Gold metadata of one page: None when not annotated (such pages are not scored)."""

    @property
    def title(self) -> str | None: ...

    @property
    def date(self) -> str | None: ...

    @property
    def author(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class MetaPrediction:
    """Metadata one extractor found on one page; None or () when it found none."""

    title: str | None = None
    published: date | None = None
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()

    @property
    def credited(self) -> tuple[str, ...]:
        """Who the page is credited to: the people, or the organisations when no person is."""
        return self.authors or self.organizations


@dataclass(frozen=True, slots=True)
class FieldScore:
    """How many scored pages got one metadata field right."""

    correct: int
    scored: int

    @property
    def share(self) -> float:
        """correct / scored, 0 when no page was scored."""
        return self.correct / self.scored if self.scored else 0.0


@dataclass(frozen=True, slots=True)
class MetaScores:
    """Title, date and author scores of one extractor, each over the pages annotated for it.

    ``authors`` compares the gold with the people found; ``credited`` with
    ``MetaPrediction.credited``, because webmeta's gold author is whoever the page credits,
    often a desk, agency or company ("Redaktion", "Agencia EFE"), which copydesk keeps apart
    from people.
    """

    title: FieldScore
    date: FieldScore
    authors: FieldScore
    credited: FieldScore


def score_metadata(golds: Sequence[MetaGold], predictions: Sequence[MetaPrediction]) -> MetaScores:
    """Score predicted metadata page by page against the gold.

    Args:
        golds: Gold metadata per page.
        predictions: The extractor's metadata for the same pages, in the same order.

    Returns:
        Per field the number of pages right and the number scored (gold non-empty).

    Raises:
        ValueError: The two sequences differ in length.
    """
    if len(golds) != len(predictions):
        raise ValueError(f"{len(golds)} gold pages but {len(predictions)} predictions")
    pairs = list(zip(golds, predictions, strict=True))
    titles = [match_title(g.title, p.title) for g, p in pairs if g.title and g.title.strip()]
    dates = [match_date(g.date, p.published) for g, p in pairs if g.date and g.date.strip()]
    with_author = [(g.author, p) for g, p in pairs if g.author and g.author.strip()]
    authors = [match_authors(gold, p.authors) for gold, p in with_author]
    credited = [match_authors(gold, p.credited) for gold, p in with_author]
    return MetaScores(
        title=FieldScore(correct=sum(titles), scored=len(titles)),
        date=FieldScore(correct=sum(dates), scored=len(dates)),
        authors=FieldScore(correct=sum(authors), scored=len(authors)),
        credited=FieldScore(correct=sum(credited), scored=len(credited)),
    )
