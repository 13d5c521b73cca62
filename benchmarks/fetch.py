"""Fetch benchmark: crawl N real pages from a local server into a fresh warehouse, twice.

    python benchmarks/fetch.py [--pages 2000] [--batch-size 500] [--shared ../shared]

The pages are the development benchmark pages (../shared/benchmarks, read from there, never
copied), served by a local threaded HTTP server under N distinct URLs listed in one sitemap.
Each copy gets its own canonical URL so N pages make N articles. The first pass discovers the
sitemap, fetches every page (rate limit off), parses, validates and loads them; the second pass
runs the same flow again, which is incremental: the sitemap answers 304 and no page is fetched
again. Printed: pages/s fetched-and-loaded, peak memory (RSS) of this process, and the second
pass's time as a share of the first.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# Existing canonical and og:url tags would fold the N copies of a page into one article.
_CANONICAL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']?og:url[^>]*>", re.IGNORECASE
)
_HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)


def load_pages(shared: Path) -> list[bytes]:
    """The raw bytes of every development benchmark page."""
    pages = [
        gzip.decompress(path.read_bytes())
        for path in sorted((shared / "benchmarks" / "aeb-dev" / "html").glob("*.html.gz"))
    ]
    pages += [
        p.read_bytes() for p in sorted((shared / "benchmarks" / "webmeta-dev" / "html").iterdir())
    ]
    if not pages:
        raise SystemExit(f"no benchmark pages under {shared}/benchmarks")
    return pages


class _Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: list[bytes], count: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.bodies: list[bytes] = []
        for i in range(count):
            body = _CANONICAL.sub(b"", pages[i % len(pages)])
            tag = f'<link rel="canonical" href="{self.base}/p/{i}.html">'.encode()
            match = _HEAD.search(body)
            at = match.end() if match else 0
            self.bodies.append(body[:at] + tag + body[at:])
        urls = "".join(f"<url><loc>{self.base}/p/{i}.html</loc></url>" for i in range(count))
        self.sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode()
        self.sitemap_etag = '"' + hashlib.sha256(self.sitemap).hexdigest()[:16] + '"'
        self.count_requests = 0


class _Handler(BaseHTTPRequestHandler):
    server: _Site

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.count_requests += 1
        if self.path == "/robots.txt":
            self._send(404, b"", "text/plain")
        elif self.path == "/sitemap.xml":
            if self.headers.get("If-None-Match") == self.server.sitemap_etag:
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, self.server.sitemap, "application/xml", self.server.sitemap_etag)
        elif self.path.startswith("/p/") and self.path.endswith(".html"):
            index = int(self.path[3:-5])
            if 0 <= index < len(self.server.bodies):
                self._send(200, self.server.bodies[index], "text/html")
            else:
                self._send(404, b"", "text/plain")
        else:
            self._send(404, b"", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="copydesk-fetch-bench-"))
    os.environ.setdefault("COPYDESK_DATA_DIR", str(work / "data"))
    os.environ.setdefault("COPYDESK_LOG_LEVEL", "WARNING")
    from flows.config import set_console_log_level

    set_console_log_level("WARNING")
    from prefect.client.orchestration import get_client

    from flows.web import ingest_web

    with get_client(sync_client=True) as client:  # start Prefect's API before timing
        client.api_healthcheck()
    pages = load_pages(args.shared)
    site = _Site(pages, args.pages)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    db = work / "bench.duckdb"
    rss_before = _peak_rss_mib()
    try:
        timings = []
        summaries = []
        for _ in range(2):
            requests_before = site.count_requests
            started = time.perf_counter()
            summaries.append(
                ingest_web(
                    urls=[f"{site.base}/sitemap.xml"],
                    db=str(db),
                    batch_size=args.batch_size,
                    allow_private_hosts=True,
                    rate_limit=0,
                )
            )
            timings.append((time.perf_counter() - started, site.count_requests - requests_before))
            if len(timings) == 1:
                rss_first = _peak_rss_mib()
    finally:
        site.shutdown()
        site.server_close()
    (first_s, first_requests), (second_s, second_requests) = timings
    first, second = summaries
    loaded = first.counts.count_articles_new + first.counts.count_articles_updated
    print(f"\n### Fetch benchmark: {args.pages} pages ({len(pages)} distinct real pages), "
          f"batch size {args.batch_size}, rate limit off\n")  # fmt: skip
    print("| pass | wall s | HTTP requests | inputs | articles loaded | rejected | pages/s |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| first | {first_s:.1f} | {first_requests} | {first.counts.count_inputs} | {loaded} | "
        f"{first.count_rejected} | {args.pages / first_s:.0f} |"
    )
    print(
        f"| second (incremental) | {second_s:.1f} | {second_requests} | "
        f"{second.counts.count_inputs} | "
        f"{second.counts.count_articles_new + second.counts.count_articles_updated} | "
        f"{second.count_rejected} | - |"
    )
    print(f"\nSecond pass: {second_s / first_s:.1%} of the first (target: under 10%).")
    print(
        f"Peak RSS of this process: {rss_first:.0f} MiB after the first pass "
        f"({rss_before:.0f} MiB before it; the Prefect API server runs in its own process)."
    )
    print(f"Warehouse: {db} ({db.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
