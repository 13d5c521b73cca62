"""Side-by-side extraction benchmark: copydesk against trafilatura on the development splits.

    python benchmarks/extraction.py [--aeb DIR] [--webmeta DIR] [--repeat N]
                                    [--only NAME] [--json OUT]

Every extractor runs in this one process over the same decoded ``str`` pages. Each gets one
untimed warm-up pass (whose output is scored), then ``--repeat`` timed passes, interleaved
across extractors so a burst of load on the shared machine hits all of them alike; the pass
with the smallest total is reported. Only the extraction call is timed (``perf_counter_ns``
per page), never loading, decoding or scoring. A bare lexbor parse of the same pages is timed
the same way as a reference line.

Prints markdown tables to stdout (aeb-dev bodies; webmeta-dev snippets, metadata and the
non-article proxy; the worst pages for copydesk); ``--json`` also writes every figure.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: put the repository, not benchmarks/, first on the import path.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import trafilatura
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import Document as TrafilaturaDocument

from benchmarks.datasets import AebPage, WebmetaPage, load_aeb, load_webmeta
from benchmarks.scoring import (
    BodyScores,
    MetaPrediction,
    MetaScores,
    PageMatch,
    SnippetMatch,
    SnippetScores,
    match_body,
    match_snippets,
    score_bodies,
    score_bodies_pooled,
    score_metadata,
    score_snippets,
)
from transforms.html import parse_html
from transforms.models import Article, Document

REPO = Path(__file__).resolve().parents[1]
DEFAULT_AEB = REPO.parent / "shared" / "benchmarks" / "aeb-dev"
DEFAULT_WEBMETA = REPO.parent / "shared" / "benchmarks" / "webmeta-dev"

COPYDESK = "copydesk"
TRAFILATURA = "trafilatura"
TRAFILATURA_META = "trafilatura metadata"
LEXBOR = "lexbor parse only"
NAIVE = "naive all <p>"

README_NAIVE_F1 = 0.869
"""The aeb-dev README's published F1 of the naive all-<p> baseline, to check our metric."""

WORST_PAGES = 10
# trafilatura, htmldate and courlan log every page they find little in; the tables say enough.
QUIET_LOGGERS: tuple[str, ...] = ("trafilatura", "htmldate", "courlan")


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one extractor produced for one page; ``meta`` is None when it reads no metadata."""

    text: str | None
    meta: MetaPrediction | None = None
    is_article: bool | None = None


Extractor = Callable[[str, str | None], Extraction]


# --- extractors --------------------------------------------------------------------------------


def extract_copydesk(html: str, url: str | None) -> Extraction:
    """copydesk's HTML reader; a ParseFailure is an empty output and not an article."""
    doc = Document(source_uri=url or "benchmark:page", content=b"", url=url)
    result = parse_html(html, doc, "utf-8")
    if not isinstance(result, Article):
        return Extraction(text=None, meta=MetaPrediction(), is_article=False)
    meta = MetaPrediction(
        title=result.title,
        published=result.published_at,
        authors=result.authors,
        organizations=result.organizations,
    )
    return Extraction(text=result.body_text, meta=meta, is_article=result.is_article)


def extract_trafilatura(html: str, url: str | None) -> Extraction:
    """trafilatura with its defaults."""
    return Extraction(text=trafilatura.extract(html, url=url))


def extract_trafilatura_precision(html: str, url: str | None) -> Extraction:
    """trafilatura with ``favor_precision=True``."""
    return Extraction(text=trafilatura.extract(html, url=url, favor_precision=True))


def extract_trafilatura_no_comments(html: str, url: str | None) -> Extraction:
    """trafilatura defaults without comments: the setting of the aeb README's figures."""
    return Extraction(text=trafilatura.extract(html, url=url, include_comments=False))


def extract_trafilatura_precision_no_comments(html: str, url: str | None) -> Extraction:
    """trafilatura ``favor_precision=True`` without comments (aeb README's 0.983)."""
    text = trafilatura.extract(html, url=url, favor_precision=True, include_comments=False)
    return Extraction(text=text)


def extract_trafilatura_metadata(html: str, url: str | None) -> Extraction:
    """trafilatura's ``bare_extraction(with_metadata=True)``: text, title, date, authors."""
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if not isinstance(result, TrafilaturaDocument):
        return Extraction(text=None, meta=MetaPrediction())
    meta = MetaPrediction(
        title=result.title,
        published=_iso_day(result.date),
        # trafilatura joins several names with "; "; scoring splits them again.
        authors=(result.author,) if result.author else (),
    )
    return Extraction(text=result.text, meta=meta)


def extract_naive(html: str, url: str | None) -> Extraction:
    """The naive baseline: the text of every <p>, one per line."""
    tree = LexborHTMLParser(html)
    return Extraction(text="\n".join(node.text() for node in tree.css("p")))


def parse_lexbor(html: str, url: str | None) -> Extraction:
    """Reference only: a bare lexbor parse of the page, no extraction."""
    LexborHTMLParser(html)
    return Extraction(text=None)


def _iso_day(value: str | None) -> date | None:
    """The day of a ``YYYY-MM-DD...`` string, None when it is absent or not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


BODY_EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    (COPYDESK, extract_copydesk),
    (TRAFILATURA, extract_trafilatura),
    ("trafilatura favor_precision", extract_trafilatura_precision),
    ("trafilatura no comments", extract_trafilatura_no_comments),
    ("trafilatura favor_precision, no comments", extract_trafilatura_precision_no_comments),
    (NAIVE, extract_naive),
)
"""Extractors whose main text is scored, in table order."""


# --- timing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timing:
    """Extraction time of one pass over a page set (the fastest of the timed passes)."""

    pages: int
    total_ms: float
    pages_per_s: float
    median_ms: float
    p95_ms: float


@dataclass(frozen=True, slots=True)
class Run:
    """One extractor over one page set: its outputs (warm-up pass) and its best timing."""

    outputs: tuple[Extraction, ...]
    timing: Timing


def summarize_times(times_ns: Sequence[int]) -> Timing:
    """Totals, median and nearest-rank 95th percentile of per-page times."""
    ordered = sorted(times_ns)
    total_ns = sum(ordered)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0
    return Timing(
        pages=len(ordered),
        total_ms=total_ns / 1e6,
        pages_per_s=len(ordered) / (total_ns / 1e9) if total_ns else 0.0,
        median_ms=statistics.median(ordered) / 1e6 if ordered else 0.0,
        p95_ms=p95 / 1e6,
    )


def _timed_pass(extractor: Extractor, inputs: Sequence[tuple[str, str | None]]) -> list[int]:
    """Per-page nanoseconds of one pass of an extractor."""
    times = []
    clock = time.perf_counter_ns
    for html, url in inputs:
        start = clock()
        extractor(html, url)
        times.append(clock() - start)
    return times


def run_extractors(
    extractors: Sequence[tuple[str, Extractor]],
    inputs: Sequence[tuple[str, str | None]],
    repeat: int,
) -> dict[str, Run]:
    """Run each extractor over the pages: a warm-up pass, then ``repeat`` timed passes.

    Args:
        extractors: (name, extractor) pairs.
        inputs: (html, url) per page.
        repeat: Timed passes per extractor (at least 1).

    Returns:
        Per name the warm-up outputs and the timing of the fastest timed pass.
    """
    outputs = {name: tuple(fn(html, url) for html, url in inputs) for name, fn in extractors}
    best: dict[str, list[int]] = {}
    for _ in range(max(1, repeat)):
        for name, fn in extractors:
            times = _timed_pass(fn, inputs)
            if name not in best or sum(times) < sum(best[name]):
                best[name] = times
    return {name: Run(outputs[name], summarize_times(best[name])) for name, _ in extractors}


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyRow:
    """One extractor's body scores and speed on a page set."""

    extractor: str
    timing: Timing
    speed_vs_trafilatura: float | None
    body: BodyScores | None = None
    body_pooled: BodyScores | None = None
    snippets: SnippetScores | None = None


@dataclass(frozen=True, slots=True)
class MetaRow:
    """One extractor's metadata scores on webmeta-dev."""

    extractor: str
    scores: MetaScores
    timing: Timing


@dataclass(frozen=True, slots=True)
class ProxyRow:
    """The non-article proxy: one group of webmeta-dev pages split by "gold has a date"."""

    group: str
    pages: int
    copydesk_articles: int
    copydesk_snippets: SnippetScores
    trafilatura_snippets: SnippetScores | None


@dataclass(frozen=True, slots=True)
class WorstPage:
    """One of copydesk's weakest pages: id and per-page precision/recall (None: undefined)."""

    page: str
    precision: float | None
    recall: float | None
    detail: str


@dataclass(frozen=True, slots=True)
class AebReport:
    """Every aeb-dev figure of a run."""

    pages: int
    rows: tuple[BodyRow, ...]
    reference: Timing
    worst: tuple[WorstPage, ...]


@dataclass(frozen=True, slots=True)
class WebmetaReport:
    """Every webmeta-dev figure of a run."""

    pages: int
    rows: tuple[BodyRow, ...]
    reference: Timing
    meta: tuple[MetaRow, ...]
    proxy: tuple[ProxyRow, ...]
    worst: tuple[WorstPage, ...]


@dataclass(frozen=True, slots=True)
class Report:
    """The whole run."""

    aeb: AebReport | None
    webmeta: WebmetaReport | None
    repeat: int
    seconds: float


def _speed_ratio(runs: dict[str, Run], name: str) -> float | None:
    """An extractor's pages/s over trafilatura's (defaults), None without that baseline."""
    if TRAFILATURA not in runs or not runs[TRAFILATURA].timing.pages_per_s:
        return None
    return runs[name].timing.pages_per_s / runs[TRAFILATURA].timing.pages_per_s


def bench_aeb(
    pages: Sequence[AebPage], extractors: Sequence[tuple[str, Extractor]], repeat: int
) -> AebReport:
    """Run and score the body extractors on aeb-dev."""
    inputs = [(page.html, page.url) for page in pages]
    runs = run_extractors([*extractors, (LEXBOR, parse_lexbor)], inputs, repeat)
    rows = []
    matches_by_name: dict[str, list[PageMatch]] = {}
    for name, _ in extractors:
        matches = [
            match_body(p.body, out.text) for p, out in zip(pages, runs[name].outputs, strict=True)
        ]
        matches_by_name[name] = matches
        rows.append(
            BodyRow(
                extractor=name,
                timing=runs[name].timing,
                speed_vs_trafilatura=_speed_ratio(runs, name),
                body=score_bodies(matches),
                body_pooled=score_bodies_pooled(matches),
            )
        )
    worst: tuple[WorstPage, ...] = ()
    if COPYDESK in matches_by_name:
        ranked = sorted(
            zip(pages, matches_by_name[COPYDESK], strict=True),
            key=lambda pair: (pair[1].f1, pair[0].id),
        )
        worst = tuple(
            WorstPage(page.id, match.precision, match.recall, page.url)
            for page, match in ranked[:WORST_PAGES]
        )
    return AebReport(len(pages), tuple(rows), runs[LEXBOR].timing, worst)


def bench_webmeta(
    pages: Sequence[WebmetaPage], extractors: Sequence[tuple[str, Extractor]], repeat: int
) -> WebmetaReport:
    """Run and score the body extractors and the metadata readers on webmeta-dev."""
    names = {name for name, _ in extractors}
    meta_extractors: list[tuple[str, Extractor]] = []
    if TRAFILATURA in names:
        meta_extractors.append((TRAFILATURA_META, extract_trafilatura_metadata))
    inputs = [(page.html, page.url) for page in pages]
    runs = run_extractors([*extractors, *meta_extractors, (LEXBOR, parse_lexbor)], inputs, repeat)
    snippet_matches = {
        name: [
            match_snippets(out.text, p.with_snippets, p.without_snippets)
            for p, out in zip(pages, runs[name].outputs, strict=True)
        ]
        for name, _ in extractors
    }
    rows = tuple(
        BodyRow(
            extractor=name,
            timing=runs[name].timing,
            speed_vs_trafilatura=_speed_ratio(runs, name),
            snippets=score_snippets(snippet_matches[name]),
        )
        for name, _ in extractors
    )
    meta_rows = tuple(
        MetaRow(
            extractor=COPYDESK if name == COPYDESK else TRAFILATURA,
            scores=score_metadata(pages, [out.meta or MetaPrediction() for out in run.outputs]),
            timing=run.timing,
        )
        for name in (COPYDESK, TRAFILATURA_META)
        if (run := runs.get(name)) is not None
    )
    proxy: tuple[ProxyRow, ...] = ()
    worst: tuple[WorstPage, ...] = ()
    if COPYDESK in runs:
        proxy = _proxy_rows(pages, runs, snippet_matches)
        worst = _worst_webmeta(pages, snippet_matches[COPYDESK])
    return WebmetaReport(len(pages), rows, runs[LEXBOR].timing, meta_rows, proxy, worst)


def _proxy_rows(
    pages: Sequence[WebmetaPage],
    runs: dict[str, Run],
    snippet_matches: dict[str, list[SnippetMatch]],
) -> tuple[ProxyRow, ...]:
    """Split pages by whether the gold has a date, the stand-in for "is an article"."""
    rows = []
    copydesk = runs[COPYDESK].outputs
    trafilatura_matches = snippet_matches.get(TRAFILATURA)
    for group, dated in (("gold has a date", True), ("gold has no date", False)):
        chosen = [i for i, page in enumerate(pages) if (page.date is not None) == dated]
        rows.append(
            ProxyRow(
                group=group,
                pages=len(chosen),
                copydesk_articles=sum(1 for i in chosen if copydesk[i].is_article),
                copydesk_snippets=score_snippets([snippet_matches[COPYDESK][i] for i in chosen]),
                trafilatura_snippets=(
                    score_snippets([trafilatura_matches[i] for i in chosen])
                    if trafilatura_matches is not None
                    else None
                ),
            )
        )
    return tuple(rows)


def _worst_webmeta(
    pages: Sequence[WebmetaPage], matches: Sequence[SnippetMatch]
) -> tuple[WorstPage, ...]:
    """copydesk's pages with the most snippet errors (missing ``with`` + found ``without``)."""
    ranked = sorted(
        zip(pages, matches, strict=True),
        key=lambda pair: (-(pair[1].false_negatives + pair[1].false_positives), pair[0].file),
    )
    return tuple(
        WorstPage(
            page.file,
            match.precision,
            match.recall,
            f"TP {match.true_positives} FN {match.false_negatives} FP {match.false_positives}",
        )
        for page, match in ranked[:WORST_PAGES]
        if match.false_negatives + match.false_positives
    )


# --- output ------------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 3) -> str:
    """A score for a table cell; an em dash when undefined."""
    return "—" if value is None else f"{value:.{digits}f}"


def _ratio(value: float | None) -> str:
    """A speed ratio for a table cell."""
    return "—" if value is None else f"{value:.1f}x"


def _timing_cells(timing: Timing, ratio: float | None) -> str:
    """pages/s | ms/page median | p95 | speed vs trafilatura."""
    return (
        f"{timing.pages_per_s:,.0f} | {timing.median_ms:.2f} | {timing.p95_ms:.2f} | "
        f"{_ratio(ratio)}"
    )


def _reference_ratio(reference: Timing, rows: Sequence[BodyRow]) -> float | None:
    """The lexbor parse's pages/s over trafilatura's, for its reference line."""
    base = next((row.timing for row in rows if row.extractor == TRAFILATURA), None)
    return reference.pages_per_s / base.pages_per_s if base and base.pages_per_s else None


def render_aeb(report: AebReport) -> list[str]:
    """Markdown for the aeb-dev table and copydesk's worst pages."""
    lines = [
        f"### aeb-dev: article bodies ({report.pages} pages)",
        "",
        "| extractor | precision | recall | F1 | accuracy | pages/s | ms/page median | p95 "
        "| speed vs trafilatura |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        assert row.body is not None
        lines.append(
            f"| {row.extractor} | {_num(row.body.precision)} | {_num(row.body.recall)} | "
            f"{_num(row.body.f1)} | {_num(row.body.accuracy)} | "
            f"{_timing_cells(row.timing, row.speed_vs_trafilatura)} |"
        )
    ratio = _reference_ratio(report.reference, report.rows)
    lines.append(f"| *{LEXBOR} (reference)* | | | | | {_timing_cells(report.reference, ratio)} |")
    lines += ["", *_metric_check(report), ""]
    lines += _render_worst("copydesk's worst aeb-dev pages (by page F1)", "url", report.worst)
    return lines


def _metric_check(report: AebReport) -> list[str]:
    """Which reading of the aeb metric reproduces the README's naive baseline figure."""
    naive = next((row for row in report.rows if row.extractor == NAIVE), None)
    if naive is None or naive.body is None or naive.body_pooled is None:
        return []
    return [
        f"Metric check: naive F1 is {naive.body.f1:.4f} with the per-page mean (primary) and "
        f"{naive.body_pooled.f1:.4f} with pooled counts; the README publishes "
        f"{README_NAIVE_F1:.3f}. Pooled F1 per extractor: "
        + ", ".join(
            f"{row.extractor} {row.body_pooled.f1:.4f}"
            for row in report.rows
            if row.body_pooled is not None
        )
        + "."
    ]


def render_webmeta(report: WebmetaReport) -> list[str]:
    """Markdown for the webmeta-dev snippet, metadata and non-article tables."""
    lines = [
        f"### webmeta-dev: body snippets ({report.pages} pages)",
        "",
        "| extractor | precision | recall | F1 | TP | FN | FP | pages/s | ms/page median | p95 "
        "| speed vs trafilatura |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        s = row.snippets
        assert s is not None
        lines.append(
            f"| {row.extractor} | {_num(s.precision)} | {_num(s.recall)} | {_num(s.f1)} | "
            f"{s.true_positives} | {s.false_negatives} | {s.false_positives} | "
            f"{_timing_cells(row.timing, row.speed_vs_trafilatura)} |"
        )
    ratio = _reference_ratio(report.reference, report.rows)
    lines.append(
        f"| *{LEXBOR} (reference)* | | | | | | | {_timing_cells(report.reference, ratio)} |"
    )
    if report.meta:
        lines += [
            "",
            "### webmeta-dev: metadata (pages scored = gold field non-empty)",
            "",
            "| extractor | title exact | date same day | authors same set "
            "| credited same set | pages/s |",
            "|---|---|---|---|---|---|",
        ]
        for meta in report.meta:
            cells = " | ".join(
                f"{field.share:.3f} ({field.correct}/{field.scored})"
                for field in (
                    meta.scores.title,
                    meta.scores.date,
                    meta.scores.authors,
                    meta.scores.credited,
                )
            )
            lines.append(f"| {meta.extractor} | {cells} | {meta.timing.pages_per_s:,.0f} |")
        lines += [
            "",
            "*authors* compares the gold with the people copydesk found; *credited* with the "
            "people, or the organisations when the page credits no person, since the gold names "
            "desks, agencies and companies too.",
        ]
        if len(report.meta) > 1:
            lines += [
                "",
                "(trafilatura's row is `bare_extraction(with_metadata=True)`, timed on its own; "
                "copydesk's metadata comes from the same `parse_html` call as its body. "
                "trafilatura keeps people and organisations in one field, so its two author "
                "columns are the same.)",
            ]
    if report.proxy:
        lines += [
            "",
            "### webmeta-dev: non-articles, by proxy",
            "",
            "webmeta-dev has no article label. Proxy: pages whose gold has no date (mostly shops, "
            "profiles, institutional pages) stand in for non-articles, pages with a gold date "
            "for articles. The proxy is rough: undated blog posts count as non-articles and "
            "dated shop pages as articles.",
            "",
            "| group | pages | copydesk is_article=True | copydesk snippet F1 "
            "| trafilatura snippet F1 |",
            "|---|---|---|---|---|",
        ]
        for proxy in report.proxy:
            share = proxy.copydesk_articles / proxy.pages if proxy.pages else 0.0
            trafilatura_f1 = proxy.trafilatura_snippets.f1 if proxy.trafilatura_snippets else None
            lines.append(
                f"| {proxy.group} | {proxy.pages} | {share:.3f} ({proxy.copydesk_articles}) | "
                f"{_num(proxy.copydesk_snippets.f1)} | {_num(trafilatura_f1)} |"
            )
    lines.append("")
    lines += _render_worst(
        "copydesk's worst webmeta-dev pages (by snippet errors)", "snippets", report.worst
    )
    return lines


def _render_worst(title: str, detail: str, worst: Sequence[WorstPage]) -> list[str]:
    """Markdown list of the weakest pages."""
    if not worst:
        return []
    lines = [f"#### {title}", "", f"| page | P | R | {detail} |", "|---|---|---|---|"]
    lines += [f"| {w.page} | {_num(w.precision)} | {_num(w.recall)} | {w.detail} |" for w in worst]
    return [*lines, ""]


def _silence_logging() -> None:
    """Keep third-party per-page warnings out of the report."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables.

    Args:
        argv: Command-line arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0, or 2 when a dataset directory is missing.
    """
    names = [name for name, _ in BODY_EXTRACTORS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--aeb", type=Path, default=DEFAULT_AEB, help="aeb-dev directory")
    parser.add_argument("--webmeta", type=Path, default=DEFAULT_WEBMETA, help="webmeta-dev dir")
    parser.add_argument("--repeat", type=int, default=2, help="timed passes (best is kept)")
    parser.add_argument("--only", choices=names, help="run only this extractor")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    args = parser.parse_args(argv)
    for directory in (args.aeb, args.webmeta):
        if not directory.is_dir():
            print(f"no such dataset directory: {directory}", file=sys.stderr)
            return 2
    _silence_logging()
    extractors = [pair for pair in BODY_EXTRACTORS if args.only in (None, pair[0])]
    started = time.perf_counter()
    aeb = bench_aeb(load_aeb(args.aeb), extractors, args.repeat)
    webmeta = bench_webmeta(load_webmeta(args.webmeta), extractors, args.repeat)
    report = Report(aeb, webmeta, args.repeat, time.perf_counter() - started)
    lines = [
        f"## Extraction benchmark (trafilatura {trafilatura.__version__}, one process, "
        f"best of {args.repeat} timed passes after a warm-up)",
        "",
        *render_aeb(aeb),
        *render_webmeta(webmeta),
        f"Run time: {report.seconds:.0f} s (loading, all passes and scoring).",
    ]
    print("\n".join(lines))
    if args.json is not None:
        args.json.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
