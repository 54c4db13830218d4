"""Which files a command works on: files named on the command line as they are, folders walked for every
document of a supported format, so an archive is one argument.

Only paths are collected (sorted, so runs are repeatable); documents are read one at a time afterwards, so
memory follows the largest document, not the archive. The project's own folders (catalogs, built output,
the translation memory and cache) and hidden folders are never taken as documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import TolmachError


def find_documents(paths: Sequence[Path], config: Config, include: Iterable[str] = (),
                   exclude: Iterable[str] = ()) -> list[Path]:
    """Each file in `paths` as given; each folder replaced by its documents (recursively, in path order).

    `include`/`exclude` add to `[tool.tolmach.documents]`; a folder that yields nothing is an error, since
    a typo in a pattern should not look like an empty archive.
    """
    from pipeline.documents import supported_extensions

    includes = (*config.documents.include, *include)
    excludes = (*config.documents.exclude, *exclude)
    own = {config.path(p).resolve() for p in (config.locales_dir, config.output_dir, config.state_dir)}
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)  # a file (or a missing path) is the reader's to accept or refuse
            continue
        before = len(found)
        extensions = set(supported_extensions())  # only for a folder: files named as they are import no reader
        for file in sorted(_walk(path, own), key=lambda f: f.relative_to(path).parts):
            rel = file.relative_to(path).as_posix()
            if file.suffix.lower() not in extensions:
                continue
            if includes and not any(fnmatchcase(rel, p) for p in includes):
                continue
            if any(fnmatchcase(rel, p) for p in excludes):
                continue
            found.append(file)
        if len(found) == before:
            raise TolmachError("no documents found in this folder", path,
                               hint="supported: " + ", ".join(sorted(extensions))
                               + ("; check the include/exclude patterns" if includes or excludes else ""))
    found = list(dict.fromkeys(found))
    _refuse_shared_names(found, config.source_lang)
    return found


def _refuse_shared_names(paths: Sequence[Path], source_lang: str) -> None:
    """Catalogs are named after documents: two documents with one name would share (and fight over) them."""
    from pipeline.documents.base import document_name

    seen: dict[str, Path] = {}
    for path in paths:
        name = document_name(path, source_lang)
        if name in seen and seen[name] != path:
            raise TolmachError(f"two documents would share the catalogs {name}.pot/.po: {seen[name]} and this one",
                               path, hint="rename one of them, or exclude one with --exclude")
        seen[name] = path


def _walk(folder: Path, skip: set[Path]) -> Iterable[Path]:
    """Files below `folder`; hidden entries, symlinked folders and `skip` left out."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        base = Path(here)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (base / d).resolve() not in skip]
        for name in files:
            if not name.startswith("."):
                yield base / name
