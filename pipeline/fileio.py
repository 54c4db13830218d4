"""The one place that reads documents from disk and writes any file.

Every write is atomic (temporary file in the same directory, fsync, rename), so an interrupted
run leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import STATE_DIR_NAME
from pipeline.errors import TolmachError


@dataclass(frozen=True)
class TextFile:
    """A decoded text file and how it was decoded."""

    path: Path
    text: str
    encoding: str
    guessed: bool  # True when the encoding was not UTF-8 and had to be detected


def read_text(path: str | Path, *, allow_guess: bool = True) -> TextFile:
    """Read a text document; refuse directories, binaries and undecodable files with a clear error."""
    p = Path(path)
    if not p.exists():
        raise TolmachError("no such file", p, hint="check the path")
    if p.is_dir():
        raise TolmachError("is a directory, expected a document", p)
    if not p.is_file():  # a pipe or /dev/zero would block or fill memory
        raise TolmachError("is not a regular file (a pipe or device), expected a document", p,
                           hint="save it to a file first")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise TolmachError(f"cannot read: {exc.strerror}", p) from exc
    if b"\x00" in data[:8192]:
        raise TolmachError("looks like a binary file (NUL bytes), expected text", p)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return TextFile(p, data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        if not allow_guess:
            raise TolmachError("not valid UTF-8", p, bad_line, hint="convert it with iconv -t UTF-8") from exc
        guess = _guess_encoding(data)
        if guess is None:
            raise TolmachError("not valid UTF-8 and no encoding could be guessed", p, bad_line,
                               hint="convert it with iconv -t UTF-8") from exc
        return TextFile(p, data.decode(guess), guess, True)


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best.encoding)


def atomic_write_bytes(path: str | Path, data: bytes) -> bool:
    """Write `data` to `path` atomically; return False (and touch nothing) when the content is unchanged.

    A symlink is followed and its target replaced: a catalog linked from a shared checkout stays a link.
    """
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
        if p.is_symlink():
            raise TolmachError("is a symlink that leads back to itself", path, hint="fix or remove the link")
    if p.is_dir():
        raise TolmachError("is a directory, cannot write a file there", p)
    with contextlib.suppress(OSError):
        if p.read_bytes() == data:
            return False
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return True


def make_dir(directory: Path) -> Path:
    """Create a folder for tolmach's own files. The project's state folder (`.tolmach`) gets a .gitignore
    that ignores everything in it: a newsroom's translation memory must not reach a repository by accident,
    and no one has to remember to add it."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if directory.name == STATE_DIR_NAME and not ignore.exists():
        atomic_write_text(ignore, "# tolmach's translation memory and MT cache: kept out of git\n*\n")
    return directory


def atomic_write_text(path: str | Path, text: str) -> bool:
    """Write UTF-8 text atomically; see atomic_write_bytes."""
    return atomic_write_bytes(path, text.encode("utf-8"))
