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
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import STATE_DIR_NAME
from pipeline.errors import TolmachError

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
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except FileNotFoundError:
        return None, ABSENT
    except IsADirectoryError as exc:
        raise TolmachError("is a directory, expected a file", path) from exc
    return data, FileStamp(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def atomic_write_bytes(path: str | Path, data: bytes, *, expect: FileStamp | None = None) -> bool:
    """Write `data` to `path` atomically; return False (and touch nothing) when the content is unchanged.

    With `expect` (the stamp of the file as it was read) the caller has compared contents already; the file
    is replaced only if it still has that stamp just before the rename, else FileChanged is raised.
    A symlink is followed and its target replaced: a catalog linked from a shared checkout stays a link.
    """
    p = _target(path)
    if expect is None:
        with contextlib.suppress(OSError):
            if p.read_bytes() == data:
                return False
    out = AtomicFile(p, text=False)
    try:
        out.write(data)
    except BaseException:
        out.discard()
        raise
    out.commit(expect)
    return True


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


class AtomicFile:
    """A file written to a temporary file beside `path` and put in place by `commit()` (fsync, then rename:
    a reader sees the old file or the whole new one); `discard()` leaves `path` as it was. UTF-8 text by
    default, for reports too big to hold as one string; `atomic_write_bytes` writes bytes through it."""

    def __init__(self, path: str | Path, text: bool = True) -> None:
        self.path = _target(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._file: Any = os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")

    def write(self, data: Any) -> int:
        written: int = self._file.write(data)
        return written

    def commit(self, expect: FileStamp | None = None) -> None:
        """Put the file in place; with `expect`, only if `path` still has that stamp (else FileChanged)."""
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.chmod(self._tmp, self.path.stat().st_mode & 0o7777 if self.path.exists() else 0o644)
            if expect is not None and stamp(self.path) != expect:
                raise FileChanged(str(self.path))
            os.replace(self._tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self._file.close()
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
