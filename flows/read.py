"""Reading input files into Documents; anything unreadable becomes a read Rejection."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flows.discover import COMPRESSED_SUFFIX
from flows.rejections import Rejection
from transforms.decode import CorruptGzip, DecodeError, TooLarge, TruncatedGzip, gunzip, is_gzip
from transforms.models import Document, content_hash

# The reader's hint from a file name; the parser sniffs the content and has the last word.
MEDIA_TYPE_BY_SUFFIX: dict[str, str] = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}

_GZIP_REASONS: dict[type[DecodeError], str] = {
    TruncatedGzip: "truncated_gzip",
    CorruptGzip: "corrupt_gzip",
    TooLarge: "too_large",
}


@dataclass(frozen=True, slots=True)
class RawInput:
    """Bytes that could not become a Document but are kept in raw.documents for inspection."""

    source_uri: str
    content: bytes
    media_type: str


def _media_type_hint(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(COMPRESSED_SUFFIX):
        name = name[: -len(COMPRESSED_SUFFIX)]
    return MEDIA_TYPE_BY_SUFFIX.get(Path(name).suffix)


def _reject(uri: str, reason: str, detail: str, content: bytes | None = None) -> Rejection:
    return Rejection(
        source_uri=uri,
        doc_id=content_hash(content) if content is not None else None,
        stage="read",
        reason=reason,
        detail=detail,
        record=json.dumps({"detail": detail}),
    )


def read_file(
    path: Path, *, max_bytes: int, now: datetime
) -> Document | tuple[Rejection, RawInput | None]:
    """Read one file; gzip (by magic bytes, whatever the name) is decompressed with a size cap.

    Returns:
        The Document, or the read Rejection together with the raw bytes worth keeping (a broken
        gzip file) or None (nothing could be read, or too much).
    """
    uri = path.as_uri()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            detail = f"{size} bytes on disk, over the limit of {max_bytes}"
            return _reject(uri, "too_large", detail), None
        content = path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            detail = f"{path} is a symbolic link to a missing file"
        else:
            detail = f"{path} disappeared before it could be read"
        return _reject(uri, "not_found", detail), None
    except IsADirectoryError:
        return _reject(uri, "unreadable", f"{path} is a directory"), None
    except OSError as exc:
        return _reject(uri, "unreadable", f"{path}: {exc.strerror or exc}"), None
    if is_gzip(content):
        try:
            content = gunzip(content, max_bytes)
        except DecodeError as exc:
            reason = _GZIP_REASONS.get(type(exc), "corrupt_gzip")
            if reason == "too_large":
                return _reject(uri, reason, str(exc)), None
            kept = RawInput(uri, content, "application/gzip")
            return _reject(uri, reason, str(exc), content), kept
    return Document(
        source_uri=uri,
        content=content,
        media_type=_media_type_hint(path),
        fetched_at=now,
        discovered_via=None,
    )


def missing_input(path: Path) -> Rejection:
    """The read Rejection of a named path that does not exist."""
    return _reject(path.as_uri(), "not_found", f"{path} does not exist")
