"""Polite, incremental and safe HTTP fetching with httpx (asynchronous).

``fetch_all`` (or its synchronous twin ``fetch_many``) takes ``FetchRequest``\\ s and a
``FetchPolicy`` and returns one ``FetchResult`` per request, in request order, followed by one
result per robots.txt it fetched, so every HTTP request copydesk makes is on record. Nothing
raises for a bad URL, a bad server or a bad network: each request ends with an ``outcome``
(``FETCHED``, ``NOT_MODIFIED``, ``SKIPPED_ROBOTS``, ``REFUSED_PRIVATE`` or ``FAILED``) and, unless
fetched, a short ``error`` code from ``ERROR_CODES`` (or ``http_<status>``).

Politeness
    At most ``per_host_concurrency`` requests to one host at a time and ``global_concurrency``
    overall. Requests to one host start at least ``per_host_interval_s`` apart, counted from the
    end of the previous request to that host, and the interval grows to the robots.txt
    ``Crawl-delay`` when that is longer (a delay above ``max_crawl_delay_s`` skips the site:
    ``crawl_delay_too_long``). Every redirect hop is a request to its own host and waits its turn.
    Each request carries copydesk's User-Agent; no cookies are stored or sent, so nothing a site
    sets follows the crawler to another site.

robots.txt (RFC 9309)
    Fetched once per origin (scheme, host, port) per run, before the first request to it, and
    obeyed for every URL, redirect targets included; a run that calls ``fetch_all`` several
    times passes them one ``FetchMemory``. A 2xx file is parsed (``transforms.robots``). A 4xx
    answer other than 429, or more redirects than ``max_redirects``, means the file is
    unavailable: everything is allowed. A 429 or 5xx (after retries) means it is unreachable:
    nothing on that origin is fetched this run (``SKIPPED_ROBOTS``, ``robots_unreachable``). A
    network failure (DNS, connect, timeout, reset) is unreachable too, but the pages report the
    network error itself (``FAILED`` with that code, nothing requested), since the host is down.
    Disallowed URLs end ``SKIPPED_ROBOTS`` / ``robots_disallowed`` and are never requested.

Retries
    Timeouts, connection errors, resets, 408, 429 and 5xx are retried up to ``max_attempts``
    attempts in all, after an exponential backoff with jitter (``backoff_base_s`` doubling up to
    ``backoff_max_s``). A ``Retry-After`` header (seconds or an HTTP date) is waited out when it
    asks for no more than ``retry_after_max_s``; longer, the request gives up at once
    (``retry_after_too_long``). Every other error, 4xx included, is terminal and not retried.

Incremental
    ``FetchRequest.etag`` / ``last_modified`` are sent as If-None-Match / If-Modified-Since; a 304
    ends ``NOT_MODIFIED`` with no content.

Limits
    Connect and read timeouts, plus ``total_timeout_s`` for a whole request (a server dripping a
    byte every few seconds never trips a read timeout). Bodies are streamed: a Content-Length
    above ``max_body_bytes`` is refused before reading, and a body is cut off at the limit
    (``too_large``). gzip and deflate Content-Encodings are inflated here, in bounded slices, so a
    decompression bomb costs no more memory than the limit. At most ``max_redirects`` redirects
    are followed, each checked; a URL seen twice in one chain is a ``redirect_loop``. A 2xx whose
    Content-Type is not in ``accepted_content_types`` ends ``unsupported_content_type`` unread (no
    Content-Type at all is accepted: the parser sniffs the bytes).

Safety
    Unless ``allow_private_hosts``, a connection is refused (``REFUSED_PRIVATE``) when its host
    resolves to any address that is not globally routable: private, loopback, link-local,
    multicast, reserved, unspecified or shared (CGNAT), including IPv4 addresses embedded in IPv6
    ones (mapped, 6to4, Teredo, NAT64). The check runs when a connection is opened, on the
    addresses that connection then uses, so it covers every redirect hop, and a DNS answer that
    changes between check and use (DNS rebinding) cannot slip through. The caveats that remain:
    a site that is public but forwards requests inward (an open proxy, a public address NATed
    to an internal service) is not detected; a pooled keep-alive connection is trusted for the
    rest of its life; and proxies from the environment are ignored (``trust_env=False``), since
    the check would then only see the proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import math
import random
import socket
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

import httpcore
import httpx

from transforms.decode import GZIP_WBITS
from transforms.models import content_hash
from transforms.robots import ALLOW_ALL, DISALLOW_ALL, ROBOTS_PATH, RobotsRules, parse_robots

__all__ = [
    "ACCEPTED_CONTENT_TYPES",
    "ERROR_CODES",
    "FAILED",
    "FETCHED",
    "NOT_MODIFIED",
    "OUTCOMES",
    "REFUSED_PRIVATE",
    "RETRY_STATUSES",
    "ROBOTS_VIA",
    "SKIPPED_ROBOTS",
    "TRANSIENT_ERRORS",
    "FetchAttempt",
    "FetchMemory",
    "FetchPolicy",
    "FetchRequest",
    "FetchResult",
    "Outcome",
    "ResponseHeaders",
    "build_user_agent",
    "fetch_all",
    "fetch_many",
    "is_public_address",
    "parse_retry_after",
]

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------

Outcome = Literal["fetched", "not_modified", "skipped_robots", "refused_private", "failed"]
FETCHED: Outcome = "fetched"
NOT_MODIFIED: Outcome = "not_modified"
SKIPPED_ROBOTS: Outcome = "skipped_robots"
REFUSED_PRIVATE: Outcome = "refused_private"
FAILED: Outcome = "failed"
OUTCOMES: tuple[Outcome, ...] = (FETCHED, NOT_MODIFIED, SKIPPED_ROBOTS, REFUSED_PRIVATE, FAILED)
"""How a request ended; every request ends in exactly one."""

ROBOTS_VIA: str = "robots"
"""``discovered_via`` of the robots.txt requests the fetcher makes on its own."""

TRANSIENT_ERRORS: frozenset[str] = frozenset(
    {"timeout", "connect_error", "connection_reset", "protocol_error", "network_error"}
)
"""Network errors worth another attempt (besides the statuses in ``RETRY_STATUSES``)."""

ERROR_CODES: frozenset[str] = TRANSIENT_ERRORS | frozenset(
    {
        "dns_error",
        "invalid_url",
        "refused_private",
        "too_large",
        "too_many_redirects",
        "redirect_loop",
        "unsupported_content_type",
        "unsupported_content_encoding",
        "decoding_error",
        "retry_after_too_long",
        "robots_disallowed",
        "robots_unreachable",
        "crawl_delay_too_long",
        "unexpected_error",
    }
)
"""Error codes of results and attempts; HTTP errors are ``http_<status>`` (``http_404``)."""

RETRY_STATUSES: frozenset[int] = frozenset({408, 429} | set(range(500, 600)))
"""HTTP statuses that may succeed if asked again later."""

REDIRECT_STATUSES: frozenset[int] = frozenset({301, 302, 303, 307, 308})

ACCEPTED_CONTENT_TYPES: frozenset[str] = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/x-rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        # .xml.gz sitemaps
        "application/gzip",
        "application/x-gzip",
    }
)
"""Media types of pages, feeds, sitemaps and URL lists; anything else is not read."""

# Object stores and plain file servers label .xml.gz sitemaps as "some bytes"; accepted only for
# URLs whose path ends in .gz, where bytes are what is expected.
_GZIP_PATH_CONTENT_TYPES: frozenset[str] = frozenset(
    {"application/octet-stream", "binary/octet-stream"}
)

_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
_ACCEPT_ENCODING = "gzip, deflate"
_SCHEMES: frozenset[str] = frozenset({"http", "https"})


def build_user_agent(contact: str | None = None) -> str:
    """copydesk's User-Agent: ``copydesk/<version>``, plus ``(+contact: ...)`` when given."""
    try:
        product = f"copydesk/{version('copydesk')}"
    except PackageNotFoundError:
        product = "copydesk/0+unknown"
    return f"{product} (+contact: {contact})" if contact else product


# ---------------------------------------------------------------------------------------------
# Public types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How to fetch: politeness, retries, limits and safety. The defaults suit live sites.

    Raises:
        ValueError: a count or duration is out of range.
    """

    user_agent: str = field(default_factory=build_user_agent)
    per_host_interval_s: float = 1.0
    per_host_concurrency: int = 1
    global_concurrency: int = 16
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    total_timeout_s: float = 120.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_attempts: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    backoff_jitter: float = 0.5
    retry_after_max_s: float = 120.0
    max_crawl_delay_s: float = 60.0
    robots_max_bytes: int = 512 * 1024
    accepted_content_types: frozenset[str] = ACCEPTED_CONTENT_TYPES
    obey_robots: bool = True
    allow_private_hosts: bool = False

    def __post_init__(self) -> None:
        for name in ("per_host_concurrency", "global_concurrency", "max_attempts"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("max_body_bytes", "robots_max_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1 byte")
        if self.max_redirects < 0:
            raise ValueError("max_redirects must be >= 0")
        for name in (
            "per_host_interval_s",
            "backoff_base_s",
            "backoff_max_s",
            "retry_after_max_s",
            "max_crawl_delay_s",
        ):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite number >= 0")
        for name in ("connect_timeout_s", "read_timeout_s", "total_timeout_s"):
            value = getattr(self, name)
            if not math.isfinite(value) or value <= 0:
                raise ValueError(f"{name} must be a finite number > 0")
        if not 0 <= self.backoff_jitter <= 1:
            raise ValueError("backoff_jitter must be between 0 and 1")
        if not self.user_agent.strip():
            raise ValueError("user_agent must not be empty")


@dataclass(frozen=True, slots=True)
class FetchRequest:
    """A URL to fetch, how it was found, and the validators of the copy already held."""

    url: str
    discovered_via: str | None = None
    source_name: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def is_robots(self) -> bool:
        """True for the robots.txt requests the fetcher makes on its own."""
        return self.discovered_via == ROBOTS_VIA


@dataclass(frozen=True, slots=True)
class ResponseHeaders:
    """The response headers copydesk records, as sent (None when absent)."""

    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_length: str | None = None
    content_encoding: str | None = None
    retry_after: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class FetchAttempt:
    """One HTTP exchange, redirects included.

    ``redirect_chain`` lists the URLs that answered with a redirect, in order; ``final_url`` is
    the last URL requested. ``status`` and ``headers`` are those of the last response (None when
    none came). ``bytes_received`` counts body bytes read off the wire over all hops.
    """

    started_at: datetime
    elapsed_ms: int
    status: int | None
    final_url: str
    redirect_chain: tuple[str, ...]
    headers: ResponseHeaders | None
    bytes_received: int
    error: str | None
    error_detail: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """How one request ended.

    ``content`` holds the body after Content-Encoding was removed, for ``FETCHED`` only;
    ``content_hash`` is its SHA-256 (the ``doc_id`` it will have). ``content_type`` is the media
    type without parameters, lower-cased; ``charset`` the Content-Type's charset parameter.
    ``attempts`` is empty when nothing was requested (robots, invalid URL, unreachable host).
    """

    request: FetchRequest
    outcome: Outcome
    error: str | None
    error_detail: str | None
    status: int | None
    final_url: str | None
    content: bytes | None
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    attempts: tuple[FetchAttempt, ...]
    content_hash: str | None

    @property
    def fetched_at(self) -> datetime | None:
        """When the last attempt started; None when nothing was requested."""
        return self.attempts[-1].started_at if self.attempts else None


@dataclass(slots=True)
class FetchMemory:
    """What one run remembers across ``fetch_all`` calls (mutable; not thread-safe).

    Pass the same object to each call of a run (feeds, then the articles they list) so robots.txt
    is fetched once per origin per run and the interval between requests to a host holds across
    calls. Holds plain data only, so it can cross event loops (``fetch_many`` starts one per call).
    """

    robots: dict[str, _RobotsVerdict] = field(default_factory=dict)
    host_free_at: dict[str, float] = field(default_factory=dict)


OnResult = Callable[[FetchResult], None]


# ---------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo client, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True when an address is globally routable, and so is any IPv4 address inside it.

    Args:
        address: An IPv4 or IPv6 address.

    Returns:
        False for private, loopback, link-local, multicast, reserved, unspecified and shared
        addresses, and for IPv6 addresses that embed one of those.
    """
    if (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    ):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return is_public_address(inner)
    return True


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (RFC 9110 10.2.3).

    Args:
        value: The header: a number of seconds or an HTTP date.
        now: The current time, timezone-aware.

    Returns:
        Seconds from ``now`` (0 for a date in the past); None when absent or unreadable.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _split_content_type(value: str | None) -> tuple[str | None, str | None]:
    """Media type (lower-cased) and charset parameter of a Content-Type header."""
    if not value:
        return None, None
    media_type, *params = value.split(";")
    charset = None
    for param in params:
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'") or None
    return media_type.strip().lower() or None, charset


def _is_accepted(media_type: str | None, url: httpx.URL, accepted: frozenset[str]) -> bool:
    if media_type is None or media_type in accepted:
        return True
    return media_type in _GZIP_PATH_CONTENT_TYPES and url.path.lower().endswith(".gz")


def _selected_headers(headers: httpx.Headers) -> ResponseHeaders:
    return ResponseHeaders(
        content_type=headers.get("content-type"),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        content_length=headers.get("content-length"),
        content_encoding=headers.get("content-encoding"),
        retry_after=headers.get("retry-after"),
        location=headers.get("location"),
    )


def _parse_url(raw: str) -> tuple[httpx.URL | None, str | None]:
    """An absolute http(s) URL, or None and why not."""
    try:
        url = httpx.URL(raw.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        return None, f"not a URL: {exc}"
    if url.scheme not in _SCHEMES:
        return None, f"scheme {url.scheme or '(none)'!r} is not http or https"
    if not url.host:
        return None, "the URL has no host"
    return url.copy_with(fragment=None), None


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port is not None else ""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return f"{url.scheme}://{host}{port}"


def _describe(exc: BaseException) -> str:
    """The exception's type and the message of its root cause (httpx often has none itself)."""
    root = exc
    while root.__cause__ is not None:
        root = root.__cause__
    message = str(exc) or str(root) or type(root).__name__
    return f"{type(exc).__name__}: {message}"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """True when ``exc`` or an exception it was raised from is a ``kind``."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# ---------------------------------------------------------------------------------------------
# Bounded Content-Encoding decoding
# ---------------------------------------------------------------------------------------------


class _Inflater:
    """Removes one Content-Encoding, producing at most the output asked for per call."""

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._zlib = zlib.decompressobj(wbits) if wbits is not None else None
        self._produced_any = False
        self._fed_any = False

    @classmethod
    def for_header(cls, value: str | None) -> _Inflater | None:
        """A decoder for a Content-Encoding header; None when it is not one we decode."""
        coding = (value or "").strip().lower()
        if coding in ("", "identity"):
            return cls(None)
        if coding in ("gzip", "x-gzip"):
            return cls(GZIP_WBITS)
        if coding == "deflate":
            return cls(zlib.MAX_WBITS)
        return None

    def inflate(self, chunk: bytes, max_length: int) -> bytes:
        """Decoded bytes of ``chunk``, at most ``max_length`` (>= 1) of them.

        Raises:
            zlib.error: the compressed data is corrupt.
        """
        if self._zlib is None:
            return chunk
        self._fed_any = True
        parts: list[bytes] = []
        produced = 0
        data = chunk
        while data and produced < max_length:
            if self._zlib.eof:
                # Only gzip may hold several members; NUL padding after the last is ignored.
                if self._wbits != GZIP_WBITS or not data.strip(b"\x00"):
                    break
                self._zlib = zlib.decompressobj(self._wbits)
            try:
                piece = self._zlib.decompress(data, max_length - produced)
            except zlib.error:
                if self._wbits == zlib.MAX_WBITS and not self._produced_any:
                    # "deflate" should be zlib-wrapped (RFC 9110 8.4.1.2), but some servers
                    # send bare deflate data under that name.
                    self._wbits = -zlib.MAX_WBITS
                    self._zlib = zlib.decompressobj(self._wbits)
                    continue
                raise
            if piece:
                self._produced_any = True
            parts.append(piece)
            produced += len(piece)
            data = self._zlib.unused_data if self._zlib.eof else self._zlib.unconsumed_tail
        return b"".join(parts)

    @property
    def is_complete(self) -> bool:
        """False when compressed data arrived but its stream never ended (a cut-off body)."""
        return self._zlib is None or not self._fed_any or self._zlib.eof


# ---------------------------------------------------------------------------------------------
# The address guard: a network backend that checks every connection
# ---------------------------------------------------------------------------------------------


class _RefusedAddress(Exception):
    """The host resolves to an address copydesk will not connect to."""


class _DnsFailure(Exception):
    """The host name does not resolve."""


_SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves host names itself and connects only to addresses that pass the policy.

    httpcore's network backend is its documented extension point; doing the check here, on the
    address actually connected to, is what closes the DNS-rebinding gap of a check made earlier.
    """

    def __init__(self, *, allow_private: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first reachable address of ``host``, all of them checked first."""
        addresses = await _resolve(host, port, timeout)
        if not self._allow_private:
            refused = [a for a in addresses if not is_public_address(a)]
            if refused:
                where = "" if str(refused[0]) == host else f" resolves to {refused[0]}, which"
                raise _RefusedAddress(f"{host}{where} is not a public address")
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                # localhost is ::1 and 127.0.0.1; a server may listen on only one of them.
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Not used: copydesk fetches over TCP only."""
        raise httpcore.ConnectError("unix sockets are not used by copydesk")

    async def sleep(self, seconds: float) -> None:
        """Sleep, as the wrapped backend does."""
        await self._inner.sleep(seconds)


async def _resolve(
    host: str, port: int, timeout: float | None
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The distinct addresses of ``host`` in resolver order.

    Raises:
        _DnsFailure: the name does not resolve.
        httpcore.ConnectTimeout: the resolver did not answer in time.
    """
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
    except socket.gaierror as exc:
        raise _DnsFailure(f"{host}: {exc.strerror or exc}") from exc
    addresses: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        # Scoped IPv6 addresses come back as "fe80::1%eth0".
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise _DnsFailure(f"{host} has no address")
    return addresses


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool rebuilt on the guarded network backend."""

    def __init__(self, policy: FetchPolicy) -> None:
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx does not expose httpcore's network_backend; the pool it built above has opened
        # no connection yet and is simply replaced.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=policy.global_concurrency,
            max_keepalive_connections=policy.global_concurrency,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(allow_private=policy.allow_private_hosts),
        )


def _no_cookies() -> CookieJar:
    """A cookie jar that refuses every cookie, so none is ever sent back."""
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


# ---------------------------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _RobotsVerdict:
    """What a robots.txt fetch means for its origin; ``error`` set when it could not be had."""

    rules: RobotsRules
    error: str | None = None
    detail: str | None = None
    is_network_error: bool = False


@dataclass(frozen=True, slots=True)
class _Hop:
    """One HTTP request and what came of it."""

    url: httpx.URL
    status: int | None = None
    headers: ResponseHeaders | None = None
    content: bytes | None = None
    error: str | None = None
    detail: str | None = None
    transient: bool = False
    redirect_to: httpx.URL | None = None
    bytes_received: int = 0


@dataclass(frozen=True, slots=True)
class _Exchange:
    """One attempt: its record, the last hop, and a robots refusal met on a redirect."""

    attempt: FetchAttempt | None
    last: _Hop | None
    refusal: tuple[Outcome, str, str] | None = None


class _HostGate:
    """Per-host concurrency and spacing: a request starts ``interval`` after the last ended."""

    def __init__(self, host: str, concurrency: int, interval: float, memory: FetchMemory) -> None:
        self.host = host
        self.interval = interval
        self._memory = memory
        self._slots = asyncio.Semaphore(concurrency)

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold one of the host's slots, once the interval since its last request has passed."""
        async with self._slots:
            while (wait := self._memory.host_free_at.get(self.host, 0.0) - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            # Concurrent slots (per_host_concurrency > 1) still start an interval apart.
            self._memory.host_free_at[self.host] = time.monotonic() + self.interval
            try:
                yield
            finally:
                self._memory.host_free_at[self.host] = max(
                    self._memory.host_free_at.get(self.host, 0.0), time.monotonic() + self.interval
                )


class _Run:
    """The state of one ``fetch_all`` call."""

    def __init__(
        self,
        policy: FetchPolicy,
        client: httpx.AsyncClient,
        tasks: asyncio.TaskGroup,
        memory: FetchMemory,
        on_result: OnResult | None,
    ) -> None:
        self.policy = policy
        self.client = client
        self.memory = memory
        self.robots_results: list[FetchResult] = []
        self._tasks = tasks
        self._on_result = on_result
        self._global = asyncio.Semaphore(policy.global_concurrency)
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, asyncio.Task[_RobotsVerdict]] = {}
        self._random = random.Random()

    # -- public entry --------------------------------------------------------------------------

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one request; never raises for anything the network or the server does."""
        try:
            result = await self._fetch(request, robots_fetch=False)
        except Exception as exc:  # a bug must cost one URL, not the whole run
            result = _result(request, FAILED, "unexpected_error", f"{type(exc).__name__}: {exc}")
        self._report(result)
        return result

    def _report(self, result: FetchResult) -> None:
        if self._on_result is not None:
            self._on_result(result)

    # -- attempts and retries ------------------------------------------------------------------

    async def _fetch(self, request: FetchRequest, *, robots_fetch: bool) -> FetchResult:
        url, problem = _parse_url(request.url)
        if url is None:
            return _result(request, FAILED, "invalid_url", problem)
        attempts: list[FetchAttempt] = []
        last: _Hop | None = None
        for number in range(1, self.policy.max_attempts + 1):
            exchange = await self._exchange(request, url, robots_fetch=robots_fetch)
            if exchange.attempt is not None:
                attempts.append(exchange.attempt)
            if exchange.refusal is not None:
                outcome, error, detail = exchange.refusal
                final = exchange.last.url if exchange.last is not None else url
                return _result(request, outcome, error, detail, attempts, final_url=str(final))
            last = exchange.last
            assert last is not None
            if not last.transient or number == self.policy.max_attempts:
                break
            delay = self._backoff(number)
            wait = self._retry_after(last)
            if wait is not None:
                if wait > self.policy.retry_after_max_s:
                    detail = (
                        f"Retry-After asks for {wait:.0f} s, more than retry_after_max_s "
                        f"({self.policy.retry_after_max_s:g} s)"
                    )
                    return _from_hop(request, last, attempts, "retry_after_too_long", detail)
                delay = max(delay, wait)
            await asyncio.sleep(delay)
        return _from_hop(request, last, attempts)

    def _backoff(self, failures: int) -> float:
        """Exponential backoff after the n-th failed attempt, jittered down by up to a share."""
        ceiling = min(self.policy.backoff_max_s, self.policy.backoff_base_s * 2.0 ** (failures - 1))
        return ceiling * (1 - self.policy.backoff_jitter * self._random.random())

    @staticmethod
    def _retry_after(hop: _Hop) -> float | None:
        if hop.headers is None:
            return None
        return parse_retry_after(hop.headers.retry_after, datetime.now(UTC))

    # -- one attempt: the redirect chain -------------------------------------------------------

    async def _exchange(
        self, request: FetchRequest, start: httpx.URL, *, robots_fetch: bool
    ) -> _Exchange:
        started_at = datetime.now(UTC)
        clock = time.perf_counter()
        chain: list[str] = []
        seen = {str(start)}
        received = 0
        url = start
        hop: _Hop | None = None
        refusal: tuple[Outcome, str, str] | None = None
        while True:
            if self.policy.obey_robots and not robots_fetch:
                refusal = await self._robots_refusal(url, request)
                if refusal is not None:
                    break
            hop = await self._hop(request, url, robots_fetch=robots_fetch)
            received += hop.bytes_received
            if hop.redirect_to is None:
                break
            chain.append(str(url))
            target = hop.redirect_to
            if str(target) in seen:
                hop = _failed_hop(hop, "redirect_loop", f"{url} redirects back to {target}")
                break
            if len(chain) > self.policy.max_redirects:
                detail = f"more than {self.policy.max_redirects} redirects"
                hop = _failed_hop(hop, "too_many_redirects", detail)
                break
            seen.add(str(target))
            url = target
        if hop is None:
            # Refused before the first request: nothing to record as an attempt.
            return _Exchange(attempt=None, last=None, refusal=refusal)
        if refusal is not None:
            # A redirect led where robots.txt forbids going: the attempt ends at that URL,
            # unrequested, after the hops that were made.
            hop = _Hop(url=url, status=hop.status, headers=hop.headers)
        attempt = FetchAttempt(
            started_at=started_at,
            elapsed_ms=round((time.perf_counter() - clock) * 1000),
            status=hop.status,
            final_url=str(hop.url),
            redirect_chain=tuple(chain),
            headers=hop.headers,
            bytes_received=received,
            error=refusal[1] if refusal is not None else hop.error,
            error_detail=refusal[2] if refusal is not None else hop.detail,
        )
        return _Exchange(attempt=attempt, last=hop, refusal=refusal)

    # -- one request ---------------------------------------------------------------------------

    def _gate(self, url: httpx.URL) -> _HostGate:
        host = url.host.lower()
        gate = self._gates.get(host)
        if gate is None:
            gate = _HostGate(
                host, self.policy.per_host_concurrency, self.policy.per_host_interval_s, self.memory
            )
            self._gates[host] = gate
        return gate

    async def _hop(self, request: FetchRequest, url: httpx.URL, *, robots_fetch: bool) -> _Hop:
        headers = {"Accept": "text/plain,*/*;q=0.1" if robots_fetch else _ACCEPT}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        outgoing = self.client.build_request("GET", url, headers=headers)
        async with self._gate(url).turn(), self._global:
            try:
                async with asyncio.timeout(self.policy.total_timeout_s):
                    response = await self.client.send(outgoing, stream=True)
                    try:
                        return await self._read(url, response, robots_fetch=robots_fetch)
                    finally:
                        await response.aclose()
            except TimeoutError:
                detail = f"no complete answer within {self.policy.total_timeout_s:g} s"
                return _Hop(url=url, error="timeout", detail=detail, transient=True)
            except _RefusedAddress as exc:
                return _Hop(url=url, error="refused_private", detail=str(exc))
            except _DnsFailure as exc:
                return _Hop(url=url, error="dns_error", detail=str(exc))
            except httpx.HTTPError as exc:
                error = _network_error(exc)
                detail = _describe(exc)
                return _Hop(
                    url=url, error=error, detail=detail, transient=error in TRANSIENT_ERRORS
                )

    async def _read(self, url: httpx.URL, response: httpx.Response, *, robots_fetch: bool) -> _Hop:
        status = response.status_code
        headers = _selected_headers(response.headers)
        if status in REDIRECT_STATUSES and headers.location:
            try:
                target = url.join(headers.location.strip())
            except httpx.InvalidURL as exc:
                return _Hop(url, status, headers, error="invalid_url", detail=f"Location: {exc}")
            target_url, problem = _parse_url(str(target))
            if target_url is None:
                return _Hop(
                    url, status, headers, error="invalid_url", detail=f"Location: {problem}"
                )
            return _Hop(url, status, headers, redirect_to=target_url)
        if status == 304:
            return _Hop(url, status, headers)
        if not 200 <= status < 300:
            transient = status in RETRY_STATUSES
            return _Hop(url, status, headers, error=f"http_{status}", transient=transient)
        media_type, _ = _split_content_type(headers.content_type)
        if not robots_fetch and not _is_accepted(
            media_type, url, self.policy.accepted_content_types
        ):
            detail = f"Content-Type {headers.content_type!r} is not accepted"
            return _Hop(url, status, headers, error="unsupported_content_type", detail=detail)
        limit = self.policy.robots_max_bytes if robots_fetch else self.policy.max_body_bytes
        declared = _content_length(headers.content_length)
        if declared is not None and declared > limit and not robots_fetch:
            detail = f"Content-Length {declared} is over the limit of {limit} bytes"
            return _Hop(url, status, headers, error="too_large", detail=detail)
        inflater = _Inflater.for_header(headers.content_encoding)
        if inflater is None:
            detail = f"Content-Encoding {headers.content_encoding!r} is not supported"
            return _Hop(url, status, headers, error="unsupported_content_encoding", detail=detail)
        content, error, why = await _read_body(response, inflater, limit, truncate=robots_fetch)
        return _Hop(
            url,
            status,
            headers,
            content=content,
            error=error,
            detail=why,
            bytes_received=response.num_bytes_downloaded,
        )

    # -- robots.txt ----------------------------------------------------------------------------

    async def _robots_refusal(
        self, url: httpx.URL, request: FetchRequest
    ) -> tuple[Outcome, str, str] | None:
        """Why robots.txt forbids fetching ``url`` (outcome, error, detail); None if allowed."""
        if url.path == ROBOTS_PATH:
            return None
        verdict = await self._verdict(_origin(url), request)
        ua = self.policy.user_agent
        if verdict.error is not None:
            detail = verdict.detail or verdict.error
            if verdict.error == "refused_private":
                return REFUSED_PRIVATE, verdict.error, detail
            if verdict.is_network_error:
                return FAILED, verdict.error, f"robots.txt could not be fetched: {detail}"
            return SKIPPED_ROBOTS, "robots_unreachable", detail
        if not verdict.rules.can_fetch(str(url), ua):
            return SKIPPED_ROBOTS, "robots_disallowed", f"robots.txt disallows {url.path}"
        delay = verdict.rules.crawl_delay(ua)
        if delay is not None:
            if delay > self.policy.max_crawl_delay_s:
                detail = (
                    f"Crawl-delay {delay:g} s is over max_crawl_delay_s "
                    f"({self.policy.max_crawl_delay_s:g} s)"
                )
                return SKIPPED_ROBOTS, "crawl_delay_too_long", detail
            self._slow_down(url, delay)
        return None

    def _slow_down(self, url: httpx.URL, delay: float) -> None:
        """Raise the interval between requests to ``url``'s host to a Crawl-delay."""
        gate = self._gate(url)
        if delay > gate.interval:
            # The request that taught us the delay already set the next start: push it too.
            free_at = self.memory.host_free_at.get(gate.host, 0.0)
            self.memory.host_free_at[gate.host] = free_at + delay - gate.interval
            gate.interval = delay

    async def _verdict(self, origin: str, request: FetchRequest) -> _RobotsVerdict:
        cached = self.memory.robots.get(origin)
        if cached is not None:
            return cached
        task = self._robots.get(origin)
        if task is None:
            task = self._tasks.create_task(self._fetch_robots(origin, request))
            self._robots[origin] = task
        return await task

    async def _fetch_robots(self, origin: str, first: FetchRequest) -> _RobotsVerdict:
        robots_request = FetchRequest(
            url=origin + ROBOTS_PATH, discovered_via=ROBOTS_VIA, source_name=first.source_name
        )
        try:
            result = await self._fetch(robots_request, robots_fetch=True)
        except Exception as exc:  # a bug must not stall every request to the origin
            result = _result(
                robots_request, FAILED, "unexpected_error", f"{type(exc).__name__}: {exc}"
            )
        verdict = _robots_verdict(result)
        delay = verdict.rules.crawl_delay(self.policy.user_agent)
        if delay is not None and delay <= self.policy.max_crawl_delay_s:
            self._slow_down(httpx.URL(robots_request.url), delay)
        self.memory.robots[origin] = verdict
        self.robots_results.append(result)
        self._report(result)
        return verdict


def _robots_verdict(result: FetchResult) -> _RobotsVerdict:
    """What a robots.txt result means for its origin (RFC 9309 2.3.1)."""
    if result.outcome == FETCHED and result.content is not None:
        return _RobotsVerdict(parse_robots(result.content.decode("utf-8", errors="replace")))
    status = result.status
    if result.error in ("too_many_redirects", "redirect_loop") or (
        status is not None and 400 <= status < 500 and status != 429
    ):
        # Unavailable: crawl as if there were no file.
        return _RobotsVerdict(ALLOW_ALL)
    redirected = bool(result.attempts and result.attempts[-1].redirect_chain)
    if result.error == "refused_private" and not redirected:
        return _RobotsVerdict(DISALLOW_ALL, "refused_private", result.error_detail)
    detail = f"robots.txt unreachable ({result.error}): nothing on this site is fetched this run"
    if result.error in TRANSIENT_ERRORS or result.error == "dns_error":
        return _RobotsVerdict(DISALLOW_ALL, result.error, result.error_detail or detail, True)
    return _RobotsVerdict(DISALLOW_ALL, "robots_unreachable", detail)


async def _read_body(
    response: httpx.Response, inflater: _Inflater, limit: int, *, truncate: bool
) -> tuple[bytes | None, str | None, str | None]:
    """The decoded body (or None), with an error code and detail when it could not be had.

    Reading stops as soon as the decoded body passes ``limit``: with ``truncate`` the first
    ``limit`` bytes are kept (RFC 9309 2.5 asks crawlers to parse at least 500 KiB of a larger
    robots.txt), otherwise the body is refused as ``too_large``.
    """
    body = bytearray()
    try:
        async for chunk in response.aiter_raw():
            body += inflater.inflate(chunk, limit - len(body) + 1)
            if len(body) > limit:
                if truncate:
                    return bytes(body[:limit]), None, None
                return None, "too_large", f"body is over the limit of {limit} bytes (decoded)"
    except zlib.error as exc:
        return None, "decoding_error", f"corrupt compressed body: {exc}"
    if not inflater.is_complete:
        return None, "decoding_error", "the compressed body ends before its stream does"
    return bytes(body), None, None


def _content_length(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _network_error(exc: httpx.HTTPError) -> str:
    """The error code of an httpx exception."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error"
    if _caused_by(exc, ConnectionResetError) or _caused_by(exc, BrokenPipeError):
        return "connection_reset"
    if isinstance(exc, httpx.RemoteProtocolError):
        # A server that closes the connection mid-answer, or sends garbage.
        return "protocol_error"
    if isinstance(exc, httpx.NetworkError):
        return "network_error"
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "invalid_url"
    return "unexpected_error"


def _failed_hop(hop: _Hop, error: str, detail: str) -> _Hop:
    return _Hop(
        url=hop.url,
        status=hop.status,
        headers=hop.headers,
        error=error,
        detail=detail,
        bytes_received=hop.bytes_received,
    )


def _result(
    request: FetchRequest,
    outcome: Outcome,
    error: str | None,
    detail: str | None,
    attempts: Sequence[FetchAttempt] = (),
    *,
    final_url: str | None = None,
) -> FetchResult:
    """A result with no content: nothing, or nothing usable, was received."""
    last = attempts[-1] if attempts else None
    return FetchResult(
        request=request,
        outcome=outcome,
        error=error,
        error_detail=detail,
        status=last.status if last is not None else None,
        final_url=final_url or (last.final_url if last is not None else None),
        content=None,
        content_type=None,
        charset=None,
        etag=None,
        last_modified=None,
        attempts=tuple(attempts),
        content_hash=None,
    )


def _from_hop(
    request: FetchRequest,
    hop: _Hop | None,
    attempts: Sequence[FetchAttempt],
    error: str | None = None,
    detail: str | None = None,
) -> FetchResult:
    """The result of the last attempt; ``error`` overrides the hop's own."""
    assert hop is not None
    error = error or hop.error
    detail = detail if error != hop.error else hop.detail
    headers = hop.headers or ResponseHeaders()
    media_type, charset = _split_content_type(headers.content_type)
    if error is not None:
        outcome: Outcome = REFUSED_PRIVATE if error == "refused_private" else FAILED
        content = None
    elif hop.status == 304:
        outcome, content = NOT_MODIFIED, None
    else:
        outcome, content = FETCHED, hop.content
    return FetchResult(
        request=request,
        outcome=outcome,
        error=error,
        error_detail=detail,
        status=hop.status,
        final_url=str(hop.url),
        content=content,
        content_type=media_type,
        charset=charset,
        etag=headers.etag,
        last_modified=headers.last_modified,
        attempts=tuple(attempts),
        content_hash=content_hash(content) if content is not None else None,
    )


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def _client(policy: FetchPolicy) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=_GuardedTransport(policy),
        headers={"User-Agent": policy.user_agent, "Accept-Encoding": _ACCEPT_ENCODING},
        timeout=httpx.Timeout(
            connect=policy.connect_timeout_s,
            read=policy.read_timeout_s,
            write=policy.read_timeout_s,
            pool=policy.total_timeout_s,
        ),
        follow_redirects=False,
        cookies=_no_cookies(),
        trust_env=False,
    )


async def fetch_all(
    requests: Iterable[FetchRequest],
    policy: FetchPolicy,
    *,
    on_result: OnResult | None = None,
    memory: FetchMemory | None = None,
) -> list[FetchResult]:
    """Fetch every request politely; see the module docstring for the rules.

    Args:
        requests: What to fetch. Each is fetched as given (duplicates too).
        policy: How to fetch.
        on_result: Called with each result as it completes, robots.txt results included.
        memory: Robots rules and host timings shared with earlier calls of the same run; a
            fresh one when None.

    Returns:
        One result per request, in request order, then one per robots.txt fetched by this call
        (``request.is_robots``), in the order they completed.
    """
    pending = list(requests)
    memory = memory if memory is not None else FetchMemory()
    async with _client(policy) as client, asyncio.TaskGroup() as group:
        run = _Run(policy, client, group, memory, on_result)
        tasks = [group.create_task(run.fetch(request)) for request in pending]
    return [task.result() for task in tasks] + run.robots_results


def fetch_many(
    requests: Iterable[FetchRequest],
    policy: FetchPolicy,
    *,
    on_result: OnResult | None = None,
    memory: FetchMemory | None = None,
) -> list[FetchResult]:
    """``fetch_all`` from synchronous code (a Prefect task); starts its own event loop.

    Raises:
        RuntimeError: called from a running event loop (await ``fetch_all`` there instead).
    """
    return asyncio.run(fetch_all(requests, policy, on_result=on_result, memory=memory))
