"""Finding the input files under the paths a user names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# What a directory walk picks up; a file named explicitly is read whatever its name.
INPUT_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".txt")
COMPRESSED_SUFFIX = ".gz"


@dataclass(frozen=True, slots=True)
class Discovery:
    """The files to read, the named paths that do not exist, and how many files were skipped."""

    files: tuple[Path, ...]
    missing: tuple[Path, ...]
    count_ignored: int


def is_input_name(name: str) -> bool:
    """True for ``.html``, ``.htm``, ``.txt`` and the same with ``.gz``, any case."""
    name = name.lower()
    if name.endswith(COMPRESSED_SUFFIX):
        name = name[: -len(COMPRESSED_SUFFIX)]
    return name.endswith(INPUT_SUFFIXES)


def _walk(directory: Path) -> Iterable[Path]:
    """Files under a directory in a stable order, hidden files and directories left out.

    A symbolic link that leads nowhere (a dangling or looping link) is listed too: named like
    an input, it is one the user meant, and reading it gives the reject that says why.
    """
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() or (path.is_symlink() and not path.exists()):
            yield path


def discover_files(paths: Sequence[str | Path]) -> Discovery:
    """Expand files and directories into the input files, each once, in a stable order."""
    found: dict[Path, None] = {}
    missing: list[Path] = []
    ignored = 0
    for raw in paths:
        path = Path(raw).expanduser().absolute()
        if path.is_dir():
            for file in _walk(path):
                if is_input_name(file.name):
                    found.setdefault(file, None)
                else:
                    ignored += 1
        elif path.exists():
            found.setdefault(path, None)
        else:
            missing.append(path)
    return Discovery(files=tuple(found), missing=tuple(missing), count_ignored=ignored)
