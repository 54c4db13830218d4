"""The one place that reads documents from disk and writes any file.

Every write is atomic (temporary file in the same directory, fsync, rename), so an interrupted
run leaves either the old file or the new one, never half of each.

Documents are read as bytes; text formats are decoded here. A file that is not UTF-8 is decoded with
the legacy encodings of the project's languages (the document's own first), judged by how plausible
each decoding reads; when two readings are equally plausible the file is refused with the candidates
rather than turned into mojibake, and `--encoding` settles it.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import STATE_DIR_NAME
from pipeline.errors import TolmachError
from pipeline.paths import NAME_MAX

if TYPE_CHECKING:
    from pipeline.languages import Language

# The 8-bit encodings of a script, for a language whose module names none (pipeline/languages/ has them).
SCRIPT_ENCODINGS: dict[str, tuple[str, ...]] = {"Latn": ("cp1252", "latin_1"), "Cyrl": ("cp1251", "koi8_r"),
                                                "Grek": ("cp1253",), "Hebr": ("cp1255",), "Arab": ("cp1256",)}
TEXT_CONTROLS = frozenset("\t\n\r\f")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class TextFile:
    """A decoded text file and how it was decoded."""

    path: Path
    text: str
    encoding: str
    guessed: bool  # True when the encoding was not UTF-8 and had to be detected


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes; refuses a missing file or a directory with a clear error."""
    p = Path(path)
    if not p.exists():
        raise TolmachError("no such file", p, hint="check the path")
    if p.is_dir():
        raise TolmachError("is a directory, expected a document", p)
    if not p.is_file():  # a pipe or /dev/zero would block or fill memory
        raise TolmachError("is not a regular file (a pipe or device), expected a document", p,
                           hint="save it to a file first")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise TolmachError(f"cannot read: {exc.strerror}", p) from exc


def read_text(path: str | Path, *, allow_guess: bool = True, languages: Sequence[str] = ("en",),
              encoding: str | None = None) -> TextFile:
    """Read a text file; refuse directories, binaries and undecodable files with a clear error."""
    p = Path(path)
    return decode_text(p, read_bytes(p), languages=languages if allow_guess else (), encoding=encoding)


def decode_text(path: Path, data: bytes, languages: Sequence[str] = ("en",), encoding: str | None = None
                ) -> TextFile:
    """Bytes of a text document -> text, refusing binaries and control characters with their position.

    `languages` (the document's language first) decide which legacy encodings are tried when the file is
    not UTF-8; none means UTF-8 only. `encoding` skips detection.
    """
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TolmachError("looks like a binary file (NUL bytes), expected text", path)
    if encoding is not None:
        text = _decode_as(path, data, encoding)
        return TextFile(path, _checked(path, text), codecs.lookup(encoding).name, False)
    for bom, name in BOMS:
        if data.startswith(bom):
            return TextFile(path, _checked(path, _decode_as(path, data[len(bom):], name)), name, False)
    try:
        return TextFile(path, _checked(path, data.decode("utf-8")), "utf-8", False)
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        if not languages:
            raise TolmachError("not valid UTF-8", path, bad_line, hint="convert it with iconv -t UTF-8") from exc
        guess, text = _guess(path, data, languages, bad_line)
        return TextFile(path, _checked(path, text), guess, True)


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise TolmachError(f"unknown encoding {encoding!r}", path, hint="e.g. cp1250, iso-8859-2, cp1251") from exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TolmachError(f"not valid {encoding}: byte 0x{data[exc.start]:02x}", path, line,
                           hint="check the --encoding") from exc
    except (UnicodeError, TypeError, ValueError) as exc:  # punycode, idna: codecs that are no text encodings
        raise TolmachError(f"cannot be read as {encoding}: {exc}", path, hint="check the --encoding") from exc


def _checked(path: Path, text: str) -> str:
    """Refuse control characters (a NUL byte, an escape code) in document text, naming where they are."""
    for offset, ch in enumerate(text):
        if (ch < " " and ch not in TEXT_CONTROLS) or "\x7f" <= ch <= "\x9f":
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            raise TolmachError(f"control character U+{ord(ch):04X} at column {column}", path, line,
                               hint="remove it; documents hold text, not control codes")
    return text


def candidate_encodings(languages: Sequence[str]) -> list[tuple[str, int]]:
    """(encoding, tier) for the languages in order: tier 0 is the document's language, 1 the others."""
    seen: dict[str, int] = {}
    for tier, code in enumerate(languages):
        language = _language(code)
        for enc in language.encodings or SCRIPT_ENCODINGS.get(language.script, ()):
            seen.setdefault(enc, min(tier, 1))
    return list(seen.items())


def _language(code: str) -> Language:
    from pipeline.languages import get

    return get(code)


def _guess(path: Path, data: bytes, languages: Sequence[str], bad_line: int) -> tuple[str, str]:
    """The one plausible legacy decoding, or a refusal naming the candidates."""
    scripts = {_language(code).script for code in languages}
    readings: list[tuple[float, int, str, str]] = []
    for enc, tier in candidate_encodings(languages):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        readings.append((implausibility(text, scripts), tier, enc, text))
    hint = "convert it with iconv -t UTF-8, or pass --encoding ENC"
    if not readings:
        raise TolmachError("not valid UTF-8, nor any encoding of " + ", ".join(languages), path, bad_line, hint=hint)
    readings.sort(key=lambda r: (r[0], r[1]))
    best = readings[0]
    rivals = [r for r in readings[1:] if r[3] != best[3]]
    if (rivals and rivals[0][:2] == best[:2]) or best[0] > 0.05 * max(1, _non_ascii(best[3])):
        names = ", ".join(codecs.lookup(r[2]).name for r in [best, *rivals][:3])
        raise TolmachError(f"not UTF-8, and the encoding is unclear: {names}", path, bad_line, hint=hint)
    return codecs.lookup(best[2]).name, best[3]


def _non_ascii(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127)


def implausibility(text: str, scripts: set[str]) -> float:
    """How much a decoding looks like mojibake: C1 controls, symbols inside words, letters of two scripts
    or of an unexpected script in one word, and capitals inside lower-case words (KOI8 read as cp1251)."""
    score = 0.0
    for word in text.split():
        if word.isascii():
            continue
        word_scripts: set[str] = set()
        previous = ""
        for i, ch in enumerate(word):
            if "\x80" <= ch <= "\x9f":
                score += 10
            elif ch.isalpha():
                name = unicodedata.name(ch, "")
                script = "Cyrl" if "CYRILLIC" in name else "Grek" if "GREEK" in name else "Latn" if "LATIN" in name \
                    else "Other"
                word_scripts.add(script)
                if script not in scripts:
                    score += 1
                if ch.isupper() and previous.islower():
                    score += 1
            elif ord(ch) > 127 and unicodedata.category(ch) in SYMBOL_CATEGORIES and _next_to_letter(word, i):
                score += 5
            previous = ch
        if len(word_scripts - {"Other"}) > 1:
            score += 5
    return score


SYMBOL_CATEGORIES = frozenset({"Sm", "Sc", "Sk", "So", "No"})  # '±', '£', '¤', '¦', '³': mojibake next to letters


def _next_to_letter(word: str, i: int) -> bool:
    return (i > 0 and word[i - 1].isalpha()) or (i + 1 < len(word) and word[i + 1].isalpha())


@dataclass(frozen=True)
class FileStamp:
    """Enough of a file's stat to tell that someone replaced or rewrote it (an editor's atomic save makes a
    new inode; an in-place save changes the size or the modification time)."""

    device: int = 0
    inode: int = 0
    size: int = -1  # -1: the file does not exist
    mtime_ns: int = 0


ABSENT = FileStamp()


class FileChanged(Exception):
    """The file is no longer the one that was read (raised instead of replacing it)."""


def stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except FileNotFoundError:
        return ABSENT
    return FileStamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_bytes_stamped(path: Path) -> tuple[bytes | None, FileStamp]:
    """The file's bytes and its stamp taken from the same open file (None, ABSENT when there is none)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a named pipe must not block the open
    except FileNotFoundError:
        return None, ABSENT
    except OSError as exc:
        raise _named(exc, path) from exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise TolmachError("is a directory, expected a file", path)
        if not stat.S_ISREG(st.st_mode):
            raise TolmachError("is not a regular file (a pipe or device), expected a catalog", path,
                               hint="tolmach reads and replaces regular files only")
        os.set_blocking(fd, True)
        data = fh.read()
    return data, FileStamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def atomic_write_bytes(path: str | Path, data: bytes, *, expect: FileStamp | None = None, sweep: bool = True
                       ) -> bool:
    """Write `data` to `path` atomically; return False (and touch nothing) when the content is unchanged.

    With `expect` (the stamp of the file as it was read) the caller has compared contents already; the file
    is replaced only if it still has that stamp just before the rename, else FileChanged is raised.
    A symlink is followed and its target replaced: a catalog linked from a shared checkout stays a link.
    A stream (`/dev/null`, `/dev/stdout`, a named pipe) is written to, never replaced (see `AtomicFile`).
    `sweep` False: the caller has swept the folder's leftover temporaries already (a workspace's commit).
    """
    out = AtomicFile(path, text=False, stream_ok=expect is None, unchanged=data, sweep=sweep)
    if out.unchanged:
        return False
    try:
        out.write(data)
    except BaseException:
        out.discard()
        raise
    out.commit(expect)
    return True


def atomic_write_many(items: Sequence[tuple[Path, bytes, FileStamp | None]]) -> list[bool | None]:
    """`atomic_write_bytes` for several files at once: every temporary written first, then each synced to
    disk, then each renamed into place. Each file is as safe as when written alone (its data is on disk
    before the rename), but the file system commits its journal once for the lot instead of once per file
    (a third of the writing time of `update` on ext4; bench/pipeline/vs_toolkit.py). One result per item:
    True written, False unchanged, None when `expect` was given and the file no longer has that stamp (left
    alone; atomic_write_bytes raises FileChanged). Every temporary holds a descriptor until its rename: the
    caller bounds the number of items (WRITE_BATCH)."""
    results: list[bool | None] = []
    staged: list[tuple[int, AtomicFile]] = []
    try:
        for path, data, expect in items:
            out = AtomicFile(path, text=False, stream_ok=expect is None, unchanged=data, sweep=False)
            results.append(False)
            if not out.unchanged:
                staged.append((len(results) - 1, out))
                out.write(data)
        for _, out in staged:
            out.sync()
        while staged:
            i, out = staged[0]
            try:
                out.commit(items[i][2])
                results[i] = True
            except FileChanged:
                results[i] = None
            staged.pop(0)
    finally:
        for _, out in staged:  # an error stopped the lot: nothing more is put in place
            out.discard()
    return results


WRITE_BATCH = 64  # files written together by atomic_write_many's callers (a descriptor and a lock each)


# Standard streams named as paths: written through the process's own stream, never reopened (reopening
# /proc/self/fd/1 would start at offset 0 of a log file, or fail on a pipe).
STREAM_PATHS = {"/dev/stdout": 1, "/dev/stderr": 2}
FD_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # mkstemp's `.NAME.XXXXXXXX.tmp`, see AtomicFile
PIPE_READER_WAIT = 5.0  # seconds a named pipe may take to get a reader before the write is refused


def _target(path: str | Path) -> Path:
    """The file a write replaces: a symlink's target (a link stays a link), never a directory."""
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
        if p.is_symlink():
            raise TolmachError("is a symlink that leads back to itself", path, hint="fix or remove the link")
    if p.is_dir():
        raise TolmachError("is a directory, cannot write a file there", p)
    return p


def refuse_read_only(path: Path) -> None:
    """A file its owner made read-only (no write bit for anyone, or not writable by this user) is not
    replaced, as msgmerge --update refuses it: the mode says "do not change this". Root ignores modes, so the
    bits are read too."""
    try:
        st = path.stat()
    except OSError:
        return
    if stat.S_ISREG(st.st_mode) and (st.st_mode & 0o222 == 0 or not os.access(path, os.W_OK)):
        raise TolmachError("is read-only; it was not replaced", path,
                           hint="make it writable (chmod u+w) if tolmach should change it")


def open_stream(path: str | Path) -> int | None:
    """A file descriptor to write `path` to when it is a stream (a standard stream named as a path, a
    character device, a named pipe), None when it is a regular file or does not exist yet. A socket or a
    block device is refused: it is neither a file to replace nor a stream to write. The descriptor is the
    caller's to close (a duplicate for the standard streams)."""
    text = str(path)
    fd = STREAM_PATHS.get(text)
    if fd is None and (m := FD_PATH.fullmatch(text)):
        fd = int(m.group(1))
    if fd is not None:
        stream = {1: sys.stdout, 2: sys.stderr}.get(fd)
        if stream is not None:
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.flush()
                fd = stream.fileno()
        try:
            return os.dup(fd)
        except OSError as exc:
            raise TolmachError(f"cannot write: {exc.strerror}", path) from exc
    try:
        st = os.stat(path)
    except OSError:
        return None  # absent (a new file) or unreachable: the atomic write says why
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    if stat.S_ISCHR(st.st_mode):
        try:
            return os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        except OSError as exc:
            raise TolmachError(f"cannot write to this device: {exc.strerror}", path) from exc
    if stat.S_ISFIFO(st.st_mode):
        return _open_pipe(Path(path))
    kind = "a socket" if stat.S_ISSOCK(st.st_mode) else "a block device" if stat.S_ISBLK(st.st_mode) else "special"
    raise TolmachError(f"is {kind}, not a file; tolmach writes regular files and streams only", path,
                       hint="choose another output file")


def _open_pipe(path: Path) -> int:
    """A named pipe opened for writing once a program reads it (waiting PIPE_READER_WAIT at most: never
    forever, and never reading what is in it)."""
    import time

    deadline = time.monotonic() + PIPE_READER_WAIT
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            if exc.errno == errno.ENXIO and time.monotonic() < deadline:
                time.sleep(0.05)
                continue
            reason = "no program reads this named pipe" if exc.errno == errno.ENXIO else exc.strerror
            raise TolmachError(f"cannot write: {reason}", path,
                               hint="start the reader first, or write to a file") from exc
        os.set_blocking(fd, True)
        return fd


def temporary_prefix(name: str) -> str:
    """`.NAME.` for mkstemp, NAME cut (on a character boundary) so that `.NAME.XXXXXXXX.tmp` fits in one file
    name (NAME_MAX bytes): a 250-byte document name still gets its temporary file."""
    room = NAME_MAX - len(".") - len(".XXXXXXXX.tmp")
    raw = os.fsencode(name)
    if len(raw) > room:
        raw = raw[:room]
        while raw and (raw[-1] & 0xC0) == 0x80:  # drop a cut UTF-8 continuation run
            raw = raw[:-1]
        if raw and raw[-1] >= 0xC0:
            raw = raw[:-1]
    return f".{os.fsdecode(raw)}."


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of killed runs in `folder`: a `.NAME.XXXXXXXX.tmp` nobody holds. A writer
    holds an exclusive lock on its temporary until the rename (AtomicFile), so one that can be locked belongs
    to a process that is gone."""
    import fcntl

    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(folder) if TEMPORARY.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return removed
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue  # held by a live writer, or not ours to remove
        finally:
            os.close(fd)
    return removed


def _named(exc: OSError, path: Path) -> TolmachError:
    """An OS error met while writing `path`, told about `path` (not the temporary file beside it)."""
    from pipeline.errors import from_os_error

    return from_os_error(OSError(exc.errno, exc.strerror, str(path)))


class AtomicFile:
    """A file written to a temporary file beside `path` and put in place by `commit()` (fsync, then rename:
    a reader sees the old file or the whole new one); `discard()` leaves `path` as it was. UTF-8 text by
    default, for reports too big to hold as one string; `atomic_write_bytes` writes bytes through it.

    The rule for outputs (pipeline/paths.py): a stream (`-o /dev/null`, `/dev/stdout`, a named pipe) is
    written to, never replaced by a regular file, and never read; with `stream_ok` False (a catalog) it is
    refused. The temporary `.NAME.XXXXXXXX.tmp` fits in a file name, is locked while it is written, and the
    temporaries of killed runs in the folder are swept first. With `unchanged`, the bytes the file should end
    up holding: when a regular file already holds them, `unchanged` is True and nothing is written."""

    def __init__(self, path: str | Path, text: bool = True, *, stream_ok: bool = True,
                 unchanged: bytes | None = None, sweep: bool = True) -> None:
        import fcntl

        self.unchanged = False
        self._tmp: str | None = None
        self._synced = False
        fd = open_stream(path)
        if fd is not None:
            if not stream_ok:
                os.close(fd)
                raise TolmachError("is not a regular file (a device or pipe); it was not replaced", path)
            self.path = Path(path)
            self._file: Any = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")
            return
        self.path = _target(path)
        if unchanged is not None:
            with contextlib.suppress(OSError):
                if self.path.is_file() and self.path.stat().st_size == len(unchanged) \
                        and self.path.read_bytes() == unchanged:
                    self.unchanged = True
                    return
        refuse_read_only(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from pipeline.errors import from_os_error

            raise from_os_error(exc) from exc
        if sweep:
            sweep_temporaries(self.path.parent)
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=temporary_prefix(self.path.name), suffix=".tmp",
                                             dir=self.path.parent)
        except OSError as exc:
            raise _named(exc, self.path.parent) from exc
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file is closed, after the rename: see sweep_temporaries
        self._file = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")

    def write(self, data: Any) -> int:
        try:
            written: int = self._file.write(data)
        except OSError as exc:
            raise _named(exc, self.path) from exc
        return written

    def sync(self) -> None:
        """The data written so far on disk (`commit` does it if it was not done; atomic_write_many does it for
        several files before renaming any)."""
        if self._tmp is None or self._synced:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            self.discard()
            raise _named(exc, self.path) from exc
        self._synced = True

    def commit(self, expect: FileStamp | None = None) -> None:
        """Put the file in place; with `expect`, only if `path` still has that stamp (else FileChanged)."""
        if self._tmp is None:  # a stream
            try:
                self._file.close()
            except OSError as exc:
                raise _named(exc, self.path) from exc
            return
        self.sync()
        try:
            fd = self._file.fileno()
            os.fchmod(fd, self.path.stat().st_mode & 0o7777 if self.path.exists() else 0o644)
            if expect is not None and stamp(self.path) != expect:
                raise FileChanged(str(self.path))
            os.replace(self._tmp, self.path)
            self._tmp = None
            self._file.close()
        except OSError as exc:
            self.discard()
            raise _named(exc, self.path) from exc
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)


def make_dir(directory: Path) -> Path:
    """Create a folder for tolmach's own files. The project's state folder (`.tolmach`) gets a .gitignore
    that ignores everything in it: a newsroom's translation memory must not reach a repository by accident,
    and no one has to remember to add it."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if directory.name == STATE_DIR_NAME and not ignore.exists():
        atomic_write_text(ignore, "# tolmach's translation memory and MT cache: kept out of git\n*\n")
    return directory


# the .gitignore of a locales folder tolmach creates: Poedit and Lokalize compile a .mo beside each .po they save
LOCALES_GITIGNORE = "# compiled catalogs (Poedit and Lokalize write one beside each .po they save)\n*.mo\n"


def make_locales_dir(directory: Path) -> Path:
    """Create the locales folder of a new project with a .gitignore for compiled catalogs; a folder that
    exists (a software project's po/) is the project's own and is left as it is."""
    if not directory.exists():
        directory.mkdir(parents=True)
        atomic_write_text(directory / ".gitignore", LOCALES_GITIGNORE)
    return directory


def atomic_write_text(path: str | Path, text: str) -> bool:
    """Write UTF-8 text atomically; see atomic_write_bytes."""
    return atomic_write_bytes(path, text.encode("utf-8"))
