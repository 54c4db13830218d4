"""Translation memory: source/target sentence pairs in SQLite, found again exactly or approximately.

Exact lookup goes through an index on a hash of the source sentence. Fuzzy lookup stays fast with
millions of entries because it never scans: an FTS5 word index gives candidates that share the
source's rarest words (document frequencies kept in a `terms` table), the candidates sharing most
words are short-listed, and only those get the precise character similarity (difflib's ratio, the
percentage msgmerge and CAT tools show).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.config import Config, TMSettings, setting_path
from pipeline.errors import TolmachError
from pipeline.fileio import make_dir
from pipeline.po import headers, layouts, read
from pipeline.po.model import Catalog
from pipeline.po.notes import ALIGNED_PREFIX, MT_PREFIX, TM_PREFIX

ORIGINS = ("human", "aligned", "mt-reviewed")
DEFAULT_THRESHOLD = TMSettings().threshold  # percent
QUERY_TERMS = 4  # rarest words of the sentence used to fetch fuzzy candidates (FTS5, ranked by bm25)
CANDIDATES = 100  # candidates fetched; ranked by shared words, the best SHORTLIST get difflib's ratio
SHORTLIST = 10
SCHEMA_VERSION = 1
TOKEN_RE = re.compile(r"\w+")
COLUMNS = "source, target, source_lang, target_lang, origin, reviewed, document, date"

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('human', 'aligned', 'mt-reviewed')),
    reviewed INTEGER NOT NULL DEFAULT 0,
    document TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    UNIQUE (source_lang, target_lang, source, target)
);
CREATE INDEX IF NOT EXISTS units_by_hash ON units (source_hash, source_lang, target_lang);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(
    source, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
-- how many stored sources contain each word (lowercased), to query by the rarest words
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS units_ai AFTER INSERT ON units BEGIN
    INSERT INTO units_fts (rowid, source) VALUES (new.id, new.source);
END;
CREATE TRIGGER IF NOT EXISTS units_ad AFTER DELETE ON units BEGIN
    INSERT INTO units_fts (units_fts, rowid, source) VALUES ('delete', old.id, old.source);
END;
"""


@dataclass(frozen=True)
class TMUnit:
    """One remembered translation."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str = "human"
    reviewed: bool = False
    document: str = ""
    date: str = ""  # ISO 8601 UTC, e.g. 2026-11-25T09:30:00Z; empty means now


@dataclass(frozen=True)
class Match:
    unit: TMUnit
    score: int  # percent similarity of the sources, 100 for an exact match


def folded(text: str) -> str:
    """What exact matching compares: differences in whitespace (wrapping, double spaces) do not count."""
    return " ".join(text.split())


def source_hash(text: str) -> str:
    """The index key of an exact lookup; equal for sources equal after `folded`."""
    return hashlib.sha1(folded(text).encode("utf-8")).hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _terms(text: str) -> list[str]:
    return [w.lower() for w in TOKEN_RE.findall(text)]


def similarity(a: str, b: str) -> int:
    """Percent similarity of two sentences (character edit ratio, rounded down)."""
    return int(SequenceMatcher(None, a, b, autojunk=False).ratio() * 100)


# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF) that say what went wrong
SQLITE_FULL, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN = 13, 8, 5, 6, 10, 14
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


def sqlite_problem(exc: sqlite3.Error, path: Path) -> TolmachError:
    """A SQLite error on the memory as one line that says which it is: a full disk is not a damaged file."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == SQLITE_FULL:
        return TolmachError(f"the disk is full: {exc}", path,
                            hint="free some space; the memory was left as it was")
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR):
        return TolmachError(f"cannot write the translation memory: {exc}", path,
                            hint="check the folder's permissions and the disk; the memory was left as it was")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return TolmachError(f"the translation memory is in use: {exc}", path, hint="try again when it is free")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return TolmachError(f"not a translation memory: {exc}", path,
                            hint="point [tool.tolmach.tm] path or --tm at a tolmach TM file, or recover it with "
                            "sqlite3 .recover")
    return TolmachError(f"translation memory unusable: {exc}", path,
                        hint="move the file away to start a new memory, or recover it with sqlite3 .recover")


def default_path(config: Config) -> Path:
    """[tool.tolmach.tm] path, else tm.sqlite in the project's state folder (.tolmach/ unless `state_dir`
    points several projects at one shared folder)."""
    return setting_path(config.tm.path, config, default=lambda: config.state_path("tm.sqlite"))


def shared_memory_of_old_versions() -> Path | None:
    """tm.sqlite in the user's data directory, where the memory lived for every project before `.tolmach/`."""
    from pipeline.paths import user_dir

    try:
        path = user_dir("data", "tolmach") / "tm.sqlite"
    except TolmachError:  # no home: no memory of an old version either
        return None
    return path if path.is_file() else None


_RANK = {"human": 0, "mt-reviewed": 1, "aligned": 2}


def _preference(unit: TMUnit) -> tuple[int, int, str]:
    """Best first: reviewed, then human over MT-reviewed over aligned, then newest."""
    return (0 if unit.reviewed else 1, _RANK[unit.origin], "".join(chr(0x10FFFF - ord(c)) for c in unit.date))


class TranslationMemory:
    """A TM file. Use as a context manager; writes are committed on exit."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not create and not path.exists():
            hint = "fill it: `tolmach tm learn locales/` or `tolmach tm import FILE.tmx`"
            legacy = shared_memory_of_old_versions()
            if legacy is not None:
                hint += (f"; the memory older versions shared between projects is at {legacy}: set state_dir to "
                         "its folder to keep sharing it, or export it with --tm and import it here")
            raise TolmachError("no translation memory here", path, hint=hint)
        if path.is_dir():
            raise TolmachError("is a directory, expected a translation memory file", path)
        self._created = not path.exists()
        make_dir(path.parent)
        try:
            self.db = sqlite3.connect(str(path))
        except sqlite3.DatabaseError as exc:
            raise sqlite_problem(exc, path) from exc
        try:
            self.db.executescript(SCHEMA)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if self._created:
                self._remove_created()
            raise sqlite_problem(exc, path) from exc

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        """Commit on success; on failure roll back, and remove a memory file this run created, so a failed
        import or learn leaves the memory exactly as it was. A damaged file is named, not a traceback."""
        if exc_type is None:
            self.close()
            return
        with contextlib.suppress(sqlite3.Error):
            self.db.rollback()
        self.db.close()
        if self._created:
            self._remove_created()
        if isinstance(exc, sqlite3.Error):
            raise sqlite_problem(exc, self.path) from exc

    def _remove_created(self) -> None:
        for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def add(self, units: Iterable[TMUnit]) -> int:
        """Insert units; a stored pair is upgraded when the new one is reviewed. Returns rows changed."""
        stamp = now_iso()
        rows = []
        for u in units:
            if u.origin not in ORIGINS:
                raise ValueError(f"origin must be one of {ORIGINS}, not {u.origin!r}")
            if not u.source.strip() or not u.target.strip():
                continue
            rows.append((u.source, u.target, u.source_lang, u.target_lang, u.origin, int(u.reviewed),
                         u.document, u.date or stamp, source_hash(u.source)))
        changed = 0
        new_terms: Counter[str] = Counter()
        for row in rows:
            cursor = self.db.execute(
                "INSERT INTO units (source, target, source_lang, target_lang, origin, reviewed, document,"
                " date, source_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (source_lang, target_lang, source, target) DO NOTHING", row)
            if cursor.rowcount == 1:
                new_terms.update(set(_terms(row[0])))
                changed += 1
            elif row[5]:  # a reviewed unit upgrades the stored one
                cursor = self.db.execute(
                    "UPDATE units SET origin = ?, reviewed = 1, document = ?, date = ?"
                    " WHERE source_lang = ? AND target_lang = ? AND source = ? AND target = ?"
                    " AND (reviewed = 0 OR origin != ?)",
                    (row[4], row[6], row[7], row[2], row[3], row[0], row[1], row[4]))
                changed += cursor.rowcount
        self.db.executemany("INSERT INTO terms (term, df) VALUES (?, ?)"
                            " ON CONFLICT (term) DO UPDATE SET df = df + excluded.df", new_terms.items())
        return changed

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM units").fetchone()[0])

    def units(self) -> Iterator[TMUnit]:
        """Every unit in a stable order (languages, source, target): what TMX export writes."""
        for row in self.db.execute(
                f"SELECT {COLUMNS} FROM units ORDER BY source_lang, target_lang, source, target"):
            yield _unit(row)

    def exact(self, source: str, source_lang: str, target_lang: str) -> TMUnit | None:
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM units WHERE source_hash = ? AND source_lang = ? AND target_lang = ?",
            (source_hash(source), source_lang, target_lang)).fetchall()
        wanted = folded(source)
        found = [_unit(r) for r in rows if folded(r[0]) == wanted]
        return min(found, key=_preference) if found else None

    def fuzzy(self, source: str, source_lang: str, target_lang: str,
              min_score: int = DEFAULT_THRESHOLD) -> Match | None:
        """The most similar stored source at or above `min_score` percent (exact ones included)."""
        terms = self._rarest_terms(source)
        if not terms:
            return None
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute(
            f"SELECT {COLUMNS}"
            " FROM (SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY rank LIMIT ?) AS hit"
            " JOIN units ON units.id = hit.rowid WHERE source_lang = ? AND target_lang = ?",
            (query, CANDIDATES, source_lang, target_lang)).fetchall()
        words = set(_terms(source))
        rows.sort(key=lambda r: -len(words.intersection(_terms(str(r[0])))))
        found: list[Match] = []
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(source)
        for row in rows[:SHORTLIST]:
            unit = _unit(row)
            matcher.set_seq1(unit.source)
            if matcher.real_quick_ratio() * 100 < min_score or matcher.quick_ratio() * 100 < min_score:
                continue
            score = int(matcher.ratio() * 100)
            if score >= min_score:
                found.append(Match(unit, score))
        return min(found, key=lambda m: (-m.score, _preference(m.unit))) if found else None

    def _rarest_terms(self, source: str) -> list[str]:
        """The sentence's words that fewest stored sources contain: they select candidates best."""
        words = list(dict.fromkeys(_terms(source)))
        if not words:
            return []
        marks = ",".join("?" * len(words))
        df = dict(self.db.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", words).fetchall())
        known = [w for w in words if w in df]
        known.sort(key=lambda w: df[w])
        return known[:QUERY_TERMS]

    def stats(self) -> list[tuple[str, str, str, int, int]]:
        """(source_lang, target_lang, origin, units, reviewed) per group."""
        return [tuple(r) for r in self.db.execute(
            "SELECT source_lang, target_lang, origin, count(*), sum(reviewed) FROM units"
            " GROUP BY source_lang, target_lang, origin ORDER BY 1, 2, 3")]


def _unit(row: Sequence[object]) -> TMUnit:
    source, target, sl, tl, origin, reviewed, document, date = row
    return TMUnit(str(source), str(target), str(sl), str(tl), str(origin), bool(reviewed),
                  str(document), str(date))


@dataclass(frozen=True)
class PrefillStats:
    translated: int = 0
    fuzzy: int = 0


def prefill(po: Catalog, memory: TranslationMemory, source_lang: str, target_lang: str,
            min_score: int = DEFAULT_THRESHOLD) -> PrefillStats:
    """Fill empty entries of a catalog from the memory; an entry that has a msgstr is never touched.

    A reviewed human translation of the same sentence becomes a translated entry; any other exact
    match, and fuzzy matches at or above `min_score`, become fuzzy entries. The extracted comment
    `TM <score>%: <source of the match>` says where the suggestion came from (it survives updates).
    """
    translated = fuzzy = 0
    for entry in po:
        if entry.obsolete or entry.msgstr or entry.msgstr_plural or not entry.msgid:
            continue
        exact = memory.exact(entry.msgid, source_lang, target_lang)
        match = Match(exact, 100) if exact else memory.fuzzy(entry.msgid, source_lang, target_lang, min_score)
        if match is None:
            continue
        unit = match.unit
        entry.msgstr = unit.target
        trusted = match.score == 100 and unit.origin == "human" and unit.reviewed
        note = (f"{TM_PREFIX}{match.score}%: {unit.source}" if match.score < 100
                else f"{TM_PREFIX}100% ({_describe(unit)})")
        entry.comment = "\n".join([*(x for x in entry.comment.splitlines() if not x.startswith(TM_PREFIX)), note])
        if trusted:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            translated += 1
        else:
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
            fuzzy += 1
    return PrefillStats(translated, fuzzy)


def _describe(unit: TMUnit) -> str:
    state = "reviewed" if unit.reviewed else "not reviewed"
    where = f", {unit.document}" if unit.document else ""
    return f"{unit.origin}, {state}{where}"


Prefill = Callable[[Catalog, str], PrefillStats]


@contextmanager
def memory_prefill(config: Config, path: Path | None = None) -> Iterator[Prefill | None]:
    """`prefill(po, lang)` from the project's memory for `update`, or None when no memory exists."""
    where = path or default_path(config)
    if not where.is_file():
        yield None
        return
    min_score = config.tm.threshold
    with TranslationMemory(where, create=False) as memory:
        yield lambda po, lang: prefill(po, memory, config.source_lang, lang, min_score)


def entry_origin(comment: str) -> str:
    """What a reviewed entry started as, from the origin notes `update` keeps in its comment."""
    lines = comment.splitlines()
    if any(x.startswith(MT_PREFIX) for x in lines):
        return "mt-reviewed"
    if any(x.startswith(ALIGNED_PREFIX) for x in lines):
        return "aligned"
    return "human"


def learn_catalogs(memory: TranslationMemory, locales: Path, source_lang: str) -> tuple[int, int]:
    """Every translated, non-fuzzy entry of the catalogs under `locales` as a reviewed pair.

    A translator has signed each of them off (no fuzzy flag); the origin records whether the text began
    as a machine draft, an aligned human translation, or was typed in.
    """
    if not locales.is_dir():
        raise TolmachError("no such locales directory", locales, hint="run `tolmach update` first")
    added = catalogs = 0
    for po_path in sorted(locales.rglob("*.po")):  # any layout: <lang>/LC_MESSAGES/<doc>.po or <lang>.po
        po = read.load(po_path)
        lang = layouts.language_of(po, po_path)
        document = po.metadata.get(headers.DOCUMENT_HEADER, po_path.stem)
        units = [
            TMUnit(e.msgid, e.msgstr, source_lang, lang, entry_origin(e.comment or ""), True, document)
            for e in po.translated_entries()
            if e.msgid and not e.msgid_plural
        ]
        added += memory.add(units)
        catalogs += 1
    return added, catalogs
