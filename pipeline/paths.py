"""The two rules for paths: what a file may name, and where an output may go.

**Paths from inside files.** A name read from inside a file (an XLIFF `original` or `target-language`, a TBX
concept id, a model package's folder) is somebody else's text. It may name a document, a language or a concept
of this project as one plain name, never a path: no folder separator, no `..`, no leading dot, no control
character, within a file name's length. The path built from it must stay inside the folder it belongs to.
Anything else is refused with one line naming the file and the value, before anything is written.

**Paths to outputs.** An output (`-o`, `output_dir`, a report, an export) is a regular file written atomically
(pipeline/fileio.py), or a stream a user named on purpose (`/dev/null`, `/dev/stdout`, a named pipe); it is
never a source document, a template or catalog (the workspace writes those), and `output_dir` never holds a
source document nor is the project itself or one of its own folders: a build there would replace a source, or
be read back as one by the next run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from pipeline.errors import TolmachError

if TYPE_CHECKING:
    from pipeline.config import Config

NAME_MAX = 255  # bytes in one file name on Linux file systems (ext4, xfs, btrfs, tmpfs)
# A name from a file leaves room for what is added to it (`.po`, `.pot`, a language folder's name).
NAME_FROM_FILE_MAX = 200
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*(?:@[A-Za-z0-9]{1,8})?")


def _unsafe(value: str) -> str | None:
    """Why `value` is not one plain file name, or None when it is."""
    if not value.strip():
        return "is empty"
    if "/" in value or "\\" in value:
        return "is a path, not a name"
    if value in (".", "..") or value.startswith("."):
        return "starts with a dot"
    if any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in value):
        return "holds a control character"
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        return "is not valid Unicode"
    if size > NAME_FROM_FILE_MAX:
        return f"is {size} bytes long (at most {NAME_FROM_FILE_MAX})"
    return None


def name_from_file(value: str, source: str | Path, what: str) -> str:
    """`value`, a document or concept name read from inside `source`, if it is one plain name (see above)."""
    why = _unsafe(value)
    if why is not None:
        raise TolmachError(f"{what} {_shown(value)} {why}; it must name something of this project", source,
                           hint="the file was not made from this project, or was changed outside it")
    return value


def language_from_file(value: str, source: str | Path, what: str = "language") -> str:
    """`value`, a language code read from inside `source` (`pl`, `pt-BR`, `sr_RS@latin`), else refused."""
    if not LANGUAGE_CODE.fullmatch(value):
        raise TolmachError(f"{what} {_shown(value)} is not a language code", source,
                           hint="e.g. pl, pt-BR; the file was not made from this project, or was changed outside it")
    return value


def inside(path: Path, folder: Path, source: str | Path, value: str) -> Path:
    """`path`, built from `value` read in `source`, if it lies inside `folder` (compared without following
    links: a catalog linked from a shared checkout is still the project's), else refused."""
    if not _within(Path(os.path.normpath(os.path.abspath(path))), Path(os.path.normpath(os.path.abspath(folder)))):
        raise TolmachError(f"{_shown(value)} leads outside {folder}", source,
                           hint="the file was not made from this project, or was changed outside it")
    return path


def document_from_file(ref: str, root: Path, source: Path) -> Path:
    """The source document a template names (`ref`, relative to the project `root` or absolute) if it lies
    inside the project, else refused: `build` would read it and write its text into out/."""
    path = root / ref
    if not _within(Path(os.path.normpath(os.path.abspath(path))), Path(os.path.normpath(os.path.abspath(root)))):
        raise TolmachError(f"the document {_shown(ref)} leads outside the project", source,
                           hint="name a document kept outside the project on the command line (tolmach build "
                                "DOC), or re-run `tolmach extract` if the template was changed by hand")
    return path


def _shown(value: str) -> str:
    """A hostile value as it can be shown on one line: repr'd, and cut when it is long."""
    return repr(value if len(value) <= 80 else value[:77] + "...")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


# --- outputs -------------------------------------------------------------------------------------------------

def refuse_project_file(target: Path, config: Config, sources: Iterable[Path] = (), *,
                        glossary: bool = False) -> Path:
    """`target` (an output named with `-o` or a setting) if it is not a source document, nor a file in the
    locales folder (templates and catalogs are the workspace's), the state folder or, unless `glossary`, the
    glossary folder. A stream (`/dev/null`, a pipe) is none of these and passes."""
    real = _resolved(target)
    for source in sources:
        if real == _resolved(source):
            raise TolmachError("is a source document; the output would replace it", target,
                               hint="write the output to another file")
    folders = {"locales_dir": config.locales_dir, "state_dir": config.state_dir}
    if not glossary:
        folders["glossary"] = config.glossary
    for key, folder in folders.items():
        if _within(real, _resolved(config.path(folder))):
            raise TolmachError(f"is inside the project's {key} ({folder}); an output there would be taken for "
                               "the project's own files", target, hint="write the output somewhere else")
    return target


def template_documents(templates_dir: Path, root: Path) -> list[Path]:
    """The source documents the project's templates name (their X-Tolmach-Document header), read from the
    head of each template only: cheap enough for every `-o` check."""
    found = []
    for pot in sorted(templates_dir.glob("*.pot")) if templates_dir.is_dir() else []:
        try:
            with pot.open("rb") as fh:
                head = fh.read(16384)
        except OSError:
            continue
        m = DOCUMENT_HEADER.search(head)
        if m is not None:
            ref = Path(m.group(1).decode("utf-8", "replace"))
            found.append(ref if ref.is_absolute() else root / ref)
    return found


DOCUMENT_HEADER = re.compile(rb'^"X-Tolmach-Document: ([^"\\]*)\\n"$', re.MULTILINE)


def refuse_output_dir_over_sources(config: Config, sources: Iterable[Path]) -> None:
    """Refuse an `output_dir` that holds a source document: the build would replace it, or put translations
    where the next run reads documents (the Polish text extracted as English)."""
    out = _resolved(config.path(config.output_dir))
    for source in sources:
        if _within(_resolved(source), out):
            raise TolmachError(f"output_dir ({config.output_dir}) holds the source document {source}: the build "
                               "would write translations among the sources", config.source or source,
                               hint="point output_dir at a folder of its own, e.g. output_dir = \"out\"")


def refuse_overlapping_folders(root: Path, folders: Mapping[str, Path]) -> tuple[str, str] | None:
    """The first setting that makes `output_dir` the project itself or overlap one of the project's own
    folders, as (key, reason), or None. (The config reports it with its file and line.)"""
    project = _resolved(root)
    out = _resolved(folders["output_dir"] if folders["output_dir"].is_absolute()
                    else root / folders["output_dir"])
    if _within(project, out):
        return "output_dir", "is the project folder itself (or above it): the build would write among the sources"
    for key, folder in folders.items():
        if key == "output_dir":
            continue
        other = _resolved(folder if folder.is_absolute() else root / folder)
        if _within(out, other) or _within(other, out):
            return "output_dir", f"overlaps {key} ({folder}): built documents would mix with the project's files"
    return None


class _Layout(Protocol):
    @property
    def locales_dir(self) -> Path: ...

    def catalog(self, doc: str, lang: str) -> Path: ...


def catalog_from_file(layout: _Layout, doc: str, lang: str, source: str | Path) -> Path:
    """The project's catalog for a document and language named inside `source` (an XLIFF `original` and
    `target-language`): both plain names, the path inside the locales folder; else refused."""
    name_from_file(doc, source, "document name (original)")
    language_from_file(lang, source, "target language")
    return inside(layout.catalog(doc, lang), layout.locales_dir, source, doc)


# --- the user's folders --------------------------------------------------------------------------------------

def user_dir(kind: Literal["data", "cache"], app: str) -> Path:
    """The user's data or cache folder for `app` (platformdirs), or a TolmachError saying what to set when the
    process has no home (a container's user id with no passwd entry and no HOME)."""
    import platformdirs

    try:
        found = platformdirs.user_data_path(app) if kind == "data" else platformdirs.user_cache_path(app)
    except (RuntimeError, KeyError, OSError) as exc:
        variable = "XDG_DATA_HOME" if kind == "data" else "XDG_CACHE_HOME"
        raise TolmachError(f"no home directory to keep the user's {kind} in ({exc})",
                           hint=f"set HOME or {variable} to a writable folder") from exc
    if not found.is_absolute():  # HOME unset: platformdirs may give '~/...' back unexpanded
        raise TolmachError(f"no home directory to keep the user's {kind} in ({found})",
                           hint="set HOME to a writable folder")
    return found
