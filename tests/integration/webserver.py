"""A real HTTP server on 127.0.0.1 with scripted responses and faults, for integration tests.

``FaultServer`` serves a route table: ``add(path, *responses)`` answers the n-th request for
``path`` with the n-th response and repeats the last one, so "500 then 200" is
``add("/page", Reply(status=500), Reply(body=b"..."))``. Unknown paths answer 404. Every request
is logged with a monotonic timestamp (``requests``), so tests can check spacing and count what
was actually asked for. The helpers below build the usual faults: ``redirect``, ``reset``,
``slow``, ``gzip_bomb``.

It listens on 127.0.0.1 only, on a free port; ``url(path, host="localhost")`` reaches the same
server under a second host name, for tests that need two hosts. Use the ``fault_server``
fixture (import ``fault_server_fixture`` into the test module or a conftest).
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import pytest

Action = Literal["respond", "reset"]


@dataclass(frozen=True, slots=True)
class Reply:
    """One scripted answer.

    ``etag`` / ``last_modified`` are sent as validators; a request whose If-None-Match or
    If-Modified-Since matches them gets 304 with no body instead. ``delay_s`` waits before
    anything is sent (a slow server); ``action="reset"`` reads the request, then drops the
    connection with a TCP reset and sends nothing. ``send_length=False`` sends no Content-Length:
    the body then ends when the server closes the connection.
    """

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0
    action: Action = "respond"
    send_length: bool = True


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request as the server saw it; ``at`` is ``time.monotonic()`` on arrival."""

    method: str
    path: str
    host: str
    headers: tuple[tuple[str, str], ...]
    at: float

    def header(self, name: str) -> str | None:
        """The first value of a request header, case-insensitively; None when absent."""
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


def redirect(location: str, status: int = 302) -> Reply:
    """A redirect to ``location`` (absolute, or a path on the same server)."""
    return Reply(status=status, content_type=None, headers=(("Location", location),))


def reset() -> Reply:
    """Drop the connection abruptly (TCP RST) after reading the request."""
    return Reply(action="reset")


def slow(delay_s: float, body: bytes = b"<p>late</p>") -> Reply:
    """A 200 that starts answering only after ``delay_s`` seconds."""
    return Reply(body=body, delay_s=delay_s)


@cache
def gzip_bomb(size_bytes: int = 256 * 1024 * 1024) -> bytes:
    """``size_bytes`` of zeros as one gzip member: about 1,000 times smaller than it inflates."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [
        compressor.compress(block[: min(len(block), size_bytes - done)])
        for done in range(0, size_bytes, len(block))
    ]
    parts.append(compressor.flush())
    return b"".join(parts)


class FaultServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 that plays scripted replies and logs requests."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str | None, str], list[Reply]] = {}
        self._served: dict[tuple[str | None, str], int] = {}
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fault_server = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        """Start serving in a background thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Absolute URL of ``path`` on this server, under ``host`` (127.0.0.1 or localhost)."""
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, *replies: Reply, host: str | None = None) -> None:
        """Script the replies for ``path`` (the last one repeats); ``host`` limits it to a name.

        ``path`` may include a query string, which must then match exactly.
        """
        if not replies:
            raise ValueError("add() needs at least one reply")
        with self._lock:
            self._routes[(host, path)] = list(replies)
            self._served[(host, path)] = 0

    @property
    def requests(self) -> tuple[LoggedRequest, ...]:
        """Every request received so far, in arrival order."""
        with self._lock:
            return tuple(self._log)

    def requests_for(self, path: str) -> tuple[LoggedRequest, ...]:
        """The requests for one path (query string included when given), in arrival order."""
        return tuple(r for r in self.requests if r.path == path or r.path.split("?")[0] == path)

    def _next_reply(self, host: str, target: str) -> Reply | None:
        """The reply due for this request, advancing its route's script."""
        name = host.rsplit(":", 1)[0]
        path = target.split("?", 1)[0]
        with self._lock:
            for key in ((name, target), (None, target), (name, path), (None, path)):
                replies = self._routes.get(key)
                if replies is not None:
                    served = self._served[key]
                    self._served[key] = served + 1
                    return replies[min(served, len(replies) - 1)]
        return None

    def _record(self, request: LoggedRequest) -> None:
        with self._lock:
            self._log.append(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fault_server: FaultServer

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that hang up (the fetcher drops connections on purpose); report bugs."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _not_modified(reply: Reply, handler: BaseHTTPRequestHandler) -> bool:
    """True when the request's validators match the reply's (RFC 9110 13.1)."""
    if_none_match = handler.headers.get("If-None-Match")
    if if_none_match is not None and reply.etag is not None:
        tags = {tag.strip() for tag in if_none_match.split(",")}
        return "*" in tags or reply.etag in tags
    if_modified_since = handler.headers.get("If-Modified-Since")
    if if_modified_since is not None and reply.last_modified is not None:
        try:
            return parsedate_to_datetime(reply.last_modified) <= parsedate_to_datetime(
                if_modified_since
            )
        except (TypeError, ValueError):
            return False
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default logging to stderr."""

    def do_GET(self) -> None:
        fault_server = self.server.fault_server
        host = self.headers.get("Host", "")
        fault_server._record(
            LoggedRequest(
                method=self.command,
                path=self.path,
                host=host,
                headers=tuple(self.headers.items()),
                at=time.monotonic(),
            )
        )
        reply = fault_server._next_reply(host, self.path)
        if reply is None:
            reply = Reply(status=404, body=b"not found", content_type="text/plain")
        if reply.delay_s:
            time.sleep(reply.delay_s)
        if reply.action == "reset":
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if _not_modified(reply, self):
            self._send(304, reply, b"")
            return
        self._send(reply.status, reply, reply.body)

    def _send(self, status: int, reply: Reply, body: bytes) -> None:
        self.send_response(status)
        if reply.content_type is not None and status != 304:
            self.send_header("Content-Type", reply.content_type)
        if reply.etag is not None:
            self.send_header("ETag", reply.etag)
        if reply.last_modified is not None:
            self.send_header("Last-Modified", reply.last_modified)
        for name, value in reply.headers:
            self.send_header(name, value)
        if status == 304:
            pass
        elif reply.send_length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client stopped reading on purpose (a size cap): not a server error.
            self.close_connection = True


@pytest.fixture(name="fault_server")
def fault_server_fixture() -> Iterator[FaultServer]:
    """A started ``FaultServer`` with an empty route table, stopped after the test."""
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
