"""The demo news site: bundled pages served on 127.0.0.1 so ``copydesk demo`` can crawl them.

Files under ``flows/demo/site`` are served at the same paths (``/`` is ``index.html``). The text
``{{BASE}}`` in HTML, XML and text files becomes the site's base URL, so feeds and sitemaps hold
absolute links to wherever the server listens. Responses carry an ETag and answer a matching
If-None-Match with 304, so a second crawl shows what conditional requests save.
"""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import TracebackType
from urllib.parse import unquote, urlsplit

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_TEMPLATED: tuple[str, ...] = tuple(CONTENT_TYPES)
_BASE = b"{{BASE}}"


def _resolve(root: Traversable, path: str) -> Traversable | None:
    """The bundled file for a URL path; None outside the site or when absent."""
    parts = [p for p in unquote(urlsplit(path).path).split("/") if p]
    if any(part in ("..", ".") or part.startswith(".") for part in parts):
        return None
    node = root
    for part in parts or ["index.html"]:
        node = node / part
    if node.is_dir():
        node = node / "index.html"
    return node if node.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer

    def log_message(self, format: str, *args: object) -> None:
        """The demo prints its own summary; no request log on the terminal."""

    def do_GET(self) -> None:
        """Serve a bundled file, 304 when the client already has it, 404 otherwise."""
        node = _resolve(self.server.root, self.path)
        if node is None:
            self.send_error(404)
            return
        body = node.read_bytes()
        suffix = "." + node.name.rsplit(".", 1)[-1] if "." in node.name else ""
        if suffix in _TEMPLATED:
            body = body.replace(_BASE, self.server.base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", self.server.last_modified)
        self.end_headers()
        self.wfile.write(body)


# A fixed port keeps the site's URLs, and so its pages, the same from one demo run to the next:
# a second run then shows conditional requests and known pages instead of "new" URLs.
PREFERRED_PORT = 8765


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Traversable, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.root = root
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.last_modified = formatdate(usegmt=True)


class DemoSite:
    """Serves the demo site in a background thread while the ``with`` block runs."""

    def __init__(self, root: Traversable | None = None, *, port: int = PREFERRED_PORT) -> None:
        root = root or files("flows.demo") / "site"
        try:
            self._server = _SiteServer(root, port)
        except OSError:  # the preferred port is taken: any free one will do
            self._server = _SiteServer(root, 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """Where the site listens, without a trailing slash."""
        return self._server.base_url

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
