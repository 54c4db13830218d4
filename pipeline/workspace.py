"""One workspace per command run: every template and catalog read at most once, one commit at the end.

Stages are functions over the in-memory catalogs a Workspace hands out; they `put` what they changed and
never open a catalog themselves. `commit` writes what changed, atomically, and leaves unchanged files
untouched (a date header moves only when something else did).

Translators' work is never overwritten: the whole run holds the project lock (filelock), so two tolmach
runs never interleave, and before replacing a file the commit checks that it is still the file that was read
(its inode, size and modification time). A file a translator saved in the meantime is re-merged: the entries
and headers the translator changed win over what the run computed; if the new file cannot be read the run
stops with a message naming it and writes nothing more.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from pipeline.config import STATE_DIR_NAME, Config
from pipeline.errors import TolmachError
from pipeline.fileio import (
    ABSENT,
    WRITE_BATCH,
    FileChanged,
    FileStamp,
    atomic_write_bytes,
    atomic_write_many,
    make_dir,
    make_locales_dir,
    read_bytes_stamped,
    refuse_read_only,
    stamp,
    sweep_temporaries,
)
from pipeline.po import layouts, model, read, write
from pipeline.po.model import Catalog, Entry

LOCK_NAME = f"{STATE_DIR_NAME}/lock"
T = TypeVar("T")
# Documents per workspace when a command goes through an archive: one workspace (and commit) per group keeps
# memory to a group's catalogs, so cost stays linear in the archive (bench/pipeline).
GROUP_SIZE = 200
COMMIT_ATTEMPTS = 5  # a file that keeps changing under the commit this often is left alone with an error

# Called with the workspace just before its commit writes anything: tests save a catalog there as a
# translator would, to check the commit never overwrites it (a repeatable race, not a timing gamble).
before_commit: list[Callable[[Workspace], None]] = []


@dataclass
class _File:
    """A template or catalog as it was read (`data` None: it did not exist) and as the run left it."""

    path: Path
    data: bytes | None
    stamp: FileStamp
    po: Catalog | None  # the working copy stages see and change
    date: str | None  # the date header as read
    original: write.Original | None  # the file's text by entry: what the run leaves alone is written back as is
    changed: bool = False  # put since it was read, and different from what was read
    rendered: bytes | None = None  # `po` as the commit will write it, rendered by `put`; None: render at the commit


class Workspace:
    """The project's templates and catalogs for one run; see the module docstring."""

    def __init__(self, config: Config, reference: Path | None = None) -> None:
        """`reference`: a catalog that stands in for the template (`update --template`, Django projects)."""
        self.config = config
        self.paths = layouts.Paths.detect(config.path(config.locales_dir), config.catalog_layout, reference,
                                          config.source_lang)
        self._files: dict[Path, _File] = {}
        self._outputs: dict[Path, bytes] = {}  # built documents, reports: generated, written after the catalogs
        self.written: list[Path] = []

    # --- reading ------------------------------------------------------------------------------------------

    def _file(self, path: Path) -> _File:
        key = path.absolute()
        f = self._files.get(key)
        if f is None:
            data, st = read_bytes_stamped(path)
            po, original = read.parse_kept(data, path) if data is not None else (None, None)
            date = po.metadata.get(_date_header(path)) if po is not None else None
            f = self._files[key] = _File(path, data, st, po, date, original)
            # What was read lives until the commit: out of the cyclic collector's generations, so that a
            # collection during the run does not walk every entry of every catalog again (15% of an update of
            # 28,000 entries; bench/update/run.py). Garbage is collected first, or it would stay until the
            # commit hands the rest back (20% more memory).
            gc.collect()
            gc.freeze()
        return f

    def load(self, path: Path) -> Catalog | None:
        """The catalog or template at `path` (read on first use), or None when there is none."""
        f = self._file(path)
        f.rendered = None  # the caller may change it: the commit renders it again
        return f.po

    def read(self, path: Path) -> Catalog | model.ReadCatalog | None:
        """A template or catalog to read, not to change (`build`): the run's working copy when a stage has
        loaded it, else the file as the fast read-only reader gives it (`read.parse_for_check`, a fifth of
        polib's time, the same errors), not kept."""
        f = self._files.get(path.absolute())
        if f is not None:
            return f.po
        data, _ = read_bytes_stamped(path)
        return read.parse_for_check(data, path) if data is not None else None

    def template(self, doc: str) -> Catalog | None:
        return self.load(self.paths.template(doc))

    def catalog(self, doc: str, lang: str) -> Catalog | None:
        return self.load(self.paths.catalog(doc, lang))

    def template_names(self, docs: list[str] | None = None) -> list[str]:
        """Documents with a template (on disk or made in this run), optionally only `docs`."""
        tdir = self.paths.templates_dir
        names = set(self.paths.template_names())
        names |= {f.path.stem for f in self._files.values() if f.po is not None and f.path.suffix == ".pot"}
        if docs:
            names &= set(docs)
        if not names:
            if self.paths.layout == "django":
                raise TolmachError("no template: this is a Django layout (<lang>/LC_MESSAGES/<domain>.po, no .pot)",
                                   tdir, hint="update from a reference catalog: tolmach update --template "
                                              f"{self.paths.locales_dir}/<lang>/LC_MESSAGES/<domain>.po")
            raise TolmachError("no templates found", tdir, hint="run `tolmach extract DOC...` first, or point "
                                                                "locales_dir at the folder that holds your .pot")
        if self.paths.layout == "flat" and len(names) > 1 and self.paths.reference is None:
            raise TolmachError(f"{len(names)} templates in a flat layout (<lang>.po beside its template)", tdir,
                               hint='keep one template per folder, or set catalog_layout = "babel"')
        return sorted(names)

    def catalog_paths(self, lang: str) -> list[Path]:
        """The catalogs of `lang` (on disk or made in this run)."""
        found = set(self.paths.catalogs_of(lang))
        found |= {f.path for f in self._files.values() if f.po is not None and f.path.suffix == ".po"
                  and f.path in (self.paths.catalog(f.path.stem, lang), self.paths.catalog("", lang))}
        return sorted(found)

    # --- changing -----------------------------------------------------------------------------------------

    def put(self, path: Path, po: Catalog, revised: bool = True) -> bool:
        """Keep `po` as the new content of `path`; returns True when it differs from the file as read.

        The date header (POT-Creation-Date or PO-Revision-Date) keeps its old value unless something else
        changed, so later stages (a catalog copies its template's date) see the date the commit will write.
        A catalog's PO-Revision-Date moves only when the stage `revised` translations (mt drafts, alignment,
        an XLIFF import, memory pre-fill), never for a merge alone (as msgmerge), and is never added to a
        catalog that has none.
        """
        f = self._file(path)
        header = _date_header(path)
        f.po, f.rendered = po, None
        now = _now()
        if f.data is not None:
            if f.date is not None:
                po.metadata[header] = f.date
            data = write.encode(po, f.original)
            if data == f.data:
                f.changed = False
                return False
            f.rendered = data  # rendered once: the commit writes these bytes
            if f.date is not None and (revised or path.suffix == ".pot"):
                f.rendered = _with_date(data, header, f.date, now)
                po.metadata[header] = now
        else:
            po.metadata[header] = now
        f.changed = True
        return True

    def put_output(self, path: Path, data: str | bytes) -> None:
        """A generated file (a built document) to write at the commit, after the catalogs."""
        self._outputs[path] = data.encode("utf-8") if isinstance(data, str) else data

    # --- committing ---------------------------------------------------------------------------------------

    def commit(self) -> list[Path]:
        """Write every changed file; returns the paths written. Never overwrites a file changed since it was
        read: the translator's version is merged in first (see `merge_translator_changes`)."""
        for hook in before_commit:
            hook(self)
        for f in self._files.values():  # before anything is written: a read-only file stops the whole commit
            if f.changed:
                refuse_read_only(f.path)
        if any(f.changed and f.po is not None for f in self._files.values()):
            make_locales_dir(self.paths.locales_dir)
        for folder in {p.parent for p in [*(f.path for f in self._files.values()), *self._outputs]}:
            sweep_temporaries(folder)  # a killed run's leftovers, so `git add locales` never takes them
        # Written a batch at a time (fileio.atomic_write_many: one journal commit per batch, not per file).
        for batch in groups([f for f in self._files.values() if f.changed and f.po is not None], WRITE_BATCH):
            items = [(f.path, f.rendered if f.rendered is not None else self._render(f), f.stamp) for f in batch]
            for f, result in zip(batch, atomic_write_many(items), strict=True):
                if result:
                    self.written.append(f.path)
                elif result is None:  # a translator saved it since it was read: merged in, one file at a time
                    self._write(f)
        for outputs in groups(list(self._outputs.items()), WRITE_BATCH):
            results = atomic_write_many([(path, data, None) for path, data in outputs])
            self.written += [path for (path, _), result in zip(outputs, results, strict=True) if result]
        gc.unfreeze()
        return self.written

    @staticmethod
    def _render(f: _File) -> bytes:
        assert f.po is not None
        return write.encode(f.po, f.original)

    def _write(self, f: _File) -> None:
        assert f.po is not None
        expected = f.stamp
        po = f.po
        data = f.rendered  # rendered by `put`, unless a stage took the catalog since
        for _ in range(COMMIT_ATTEMPTS):
            now = stamp(f.path)
            if now != expected:
                merged, expected = self._remerge(f, po)
                if merged is None:  # the translator's file is exactly what this run would write
                    return
                po, data = merged, None
            if data is None:
                data = write.encode(po, f.original)
            try:
                if atomic_write_bytes(f.path, data, expect=expected, sweep=False):
                    self.written.append(f.path)
                return
            except FileChanged:
                continue
        raise TolmachError("the file kept changing while tolmach was writing it; it was left as it is",
                           f.path, hint="run the command again when nobody is saving it")

    def _remerge(self, f: _File, ours: Catalog) -> tuple[Catalog | None, FileStamp]:
        """Our result with the changes a translator saved since the read put back on top."""
        data, now = read_bytes_stamped(f.path)
        if data is None:  # deleted meanwhile: deliberately, by someone; write our result as a new file
            return ours, ABSENT
        try:
            theirs, f.original = read.parse_kept(data, f.path)
        except TolmachError as exc:
            raise TolmachError(f"changed during this run and cannot be read now ({exc.message}); "
                               "nothing was written to it", f.path, hint="fix or save it again, then re-run") from exc
        base = read.parse(f.data, f.path) if f.data is not None else None
        merged = merge_translator_changes(base, theirs, ours)
        if write.encode(merged, f.original) == data:
            return None, now
        return merged, now


def merge_translator_changes(base: Catalog | None, theirs: Catalog, ours: Catalog) -> Catalog:
    """`ours` (this run's result) with every entry and header the translator changed between `base` (what
    the run read) and `theirs` (what is on disk now) taken from `theirs`: the translator's entries win.

    An entry counts as changed when its msgstr, plural forms, flags or translator comment differ from the
    base (or it is new). Entries `ours` no longer has (the template dropped them) come back as the translator
    left them, so no edit is lost.
    """
    old = {model.key_of(e): e for e in base} if base is not None else {}
    mine = {model.key_of(e): e for e in ours}
    for entry in theirs:
        key = model.key_of(entry)
        before = old.get(key)
        if before is not None and _translation(before) == _translation(entry):
            continue
        target = mine.get(key)
        if target is None:
            ours.append(entry)
            continue
        target.msgstr = entry.msgstr
        target.msgstr_plural = dict(entry.msgstr_plural)
        target.flags = list(entry.flags)
        target.tcomment = entry.tcomment
        target.previous_msgid = entry.previous_msgid
        target.previous_msgid_plural = entry.previous_msgid_plural
        target.previous_msgctxt = entry.previous_msgctxt
    base_headers = base.metadata if base is not None else {}
    for name, value in theirs.metadata.items():
        if base_headers.get(name) != value:
            ours.metadata[name] = value
    return ours


def _translation(entry: Entry) -> tuple[object, ...]:
    """What a translator edits in an entry."""
    return (entry.msgstr, sorted(entry.msgstr_plural.items()), sorted(entry.flags), entry.tcomment,
            entry.obsolete)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def _with_date(data: bytes, header: str, old: str, new: str) -> bytes | None:
    """A rendered catalog with its date header's value replaced, as rendering it with the new value would
    give (gettext writes each header field on a line of its own), or None when the field is not there once
    as one line (a value so long it was wrapped): then the commit renders the catalog again."""
    head_end = data.find(b"\n\n")
    head = data[:head_end] if head_end >= 0 else data
    try:
        line, replacement = (f'"{header}: {value}\\n"\n'.encode("ascii") for value in (old, new))
    except UnicodeEncodeError:
        return None
    if head.count(line) != 1 or len(replacement) > 79:
        return None
    return data.replace(line, replacement, 1)


def _date_header(path: Path) -> str:
    return "POT-Creation-Date" if path.suffix == ".pot" else "PO-Revision-Date"


def groups(items: Sequence[T], size: int | None = None) -> Iterator[list[T]]:
    """`items` in consecutive groups of `size` (default GROUP_SIZE, read at the call), one workspace each."""
    size = size or GROUP_SIZE
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def save_catalog(po: Catalog, path: Path) -> bool:
    """Write one template or catalog outside a command (tools, benchmarks, tests), with the commit's rules:
    atomic, untouched when unchanged, the date header moved only with the content. True if it changed."""
    ws = Workspace(Config(root=path.parent))
    changed = ws.put(path, po)
    ws.commit()
    return changed


@contextlib.contextmanager
def project_lock(config: Config, say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project lock (`.tolmach/lock` in the project root) for a run that writes files."""
    from filelock import FileLock, Timeout

    path = config.root / LOCK_NAME
    make_dir(path.parent)  # the project's own .tolmach/ (git-ignored), even when state_dir is shared
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if say is not None:
            say(f"waiting for another tolmach run in this project to finish ({path})")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def workspace(config: Config, say: Callable[[str], None] | None = None) -> Iterator[Workspace]:
    """A workspace under the project lock; the caller commits (an error before that writes nothing)."""
    with project_lock(config, say):
        yield Workspace(config)
