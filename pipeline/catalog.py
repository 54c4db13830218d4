"""Gettext catalogs on polib: extract a template from segments, update language catalogs from it.

Update follows msgmerge: translations are kept; a changed source sentence becomes fuzzy with the
previous msgid (`#| msgid`); removed sentences become obsolete (`#~`). A translated (non-fuzzy)
msgstr is never changed here. Headers come from Babel (CLDR plural forms, language names).
Dates only move when content changes, so re-running on the same input leaves files byte-identical.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib

from pipeline import __version__
from pipeline.errors import TolmachError
from pipeline.segment import Segment

FUZZY_MATCH_THRESHOLD = 0.6  # msgmerge's similarity threshold for carrying an old translation over
DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")
DOCUMENT_HEADER = "X-Tolmach-Document"
# Extracted-comment lines that record where a msgstr came from, written by mt, tm and align; update
# keeps them with the msgstr and `tm learn` reads them back, so each prefix is spelled only here.
MT_PREFIX = "MT:"
TM_PREFIX = "TM "
ALIGNED_PREFIX = "aligned from"
REPAIR_PREFIX = "glossary repair:"
ORIGIN_PREFIXES = (MT_PREFIX, TM_PREFIX, ALIGNED_PREFIX, REPAIR_PREFIX)
WRAP_WIDTH = 78

Annotate = Callable[[str], list[str]]  # msgid -> extra extracted-comment lines (e.g. glossary hits)


@dataclass(frozen=True)
class Paths:
    """Where a document's catalogs live: locales/templates/<doc>.pot and locales/<lang>/LC_MESSAGES/<doc>.po."""

    locales_dir: Path

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "templates"

    def template(self, doc: str) -> Path:
        return self.templates_dir / f"{doc}.pot"

    def catalogs_dir(self, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES"

    def catalog(self, doc: str, lang: str) -> Path:
        return self.catalogs_dir(lang) / f"{doc}.po"


@dataclass(frozen=True)
class CatalogStats:
    """The per-language counts users see in summaries."""

    total: int
    translated: int
    fuzzy: int
    untranslated: int

    @classmethod
    def of(cls, po: polib.POFile) -> CatalogStats:
        live = [e for e in po if not e.obsolete]
        fuzzy = sum(1 for e in live if e.fuzzy)
        translated = sum(1 for e in live if e.translated())
        return cls(len(live), translated, fuzzy, len(live) - translated - fuzzy)

    def __add__(self, other: CatalogStats) -> CatalogStats:
        """Counts of several catalogs together (a language's line in `translate`'s summary)."""
        return CatalogStats(self.total + other.total, self.translated + other.translated,
                            self.fuzzy + other.fuzzy, self.untranslated + other.untranslated)


def babel_headers(lang: str | None, provenance: Mapping[str, str]) -> dict[str, str]:
    """Standard gettext headers from Babel's CLDR data, plus our provenance headers."""
    from babel import Locale
    from babel.messages.catalog import Catalog

    team = f"{Locale.parse(lang).english_name} <LL@li.org>" if lang else None
    catalog = Catalog(locale=lang, project="tolmach", version=__version__, language_team=team, fuzzy=False)
    headers = {k: v.strip() for k, v in catalog.mime_headers if k != "Generated-By"}
    headers["X-Generator"] = f"tolmach {__version__}"
    headers.update(provenance)
    return headers


def _context_comment(segment: Segment, unit_text: str, unit_sentences: int) -> str:
    label = f"¶{segment.unit + 1}"
    if unit_sentences > 1:
        return f"{label}, sentence {segment.index + 1} of {unit_sentences}: {' '.join(unit_text.split())}"
    return label


def extract(doc_name: str, doc_ref: str, segments: Sequence[Segment], unit_texts: Sequence[str],
            provenance: Mapping[str, str]) -> polib.POFile:
    """The template (.pot) for one document: one entry per distinct sentence, in reading order."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    pot.metadata = babel_headers(None, {DOCUMENT_HEADER: doc_ref, **provenance})
    pot.header = f"Template for {doc_ref}, made by tolmach extract; do not edit, it is regenerated."
    counts: dict[int, int] = {}
    for seg in segments:
        counts[seg.unit] = counts.get(seg.unit, 0) + 1
    by_msgid: dict[str, polib.POEntry] = {}
    for seg in segments:
        entry = by_msgid.get(seg.text)
        if entry is None:
            comment = _context_comment(seg, unit_texts[seg.unit], counts[seg.unit])
            entry = polib.POEntry(msgid=seg.text, msgstr="", occurrences=[], comment=comment)
            by_msgid[seg.text] = entry
            pot.append(entry)
        entry.occurrences.append((doc_ref, str(seg.line)))
    return pot


def update(template: polib.POFile, existing: polib.POFile | None, lang: str,
           annotate: Annotate | None = None, provenance: Mapping[str, str] | None = None) -> polib.POFile:
    """Merge a template into a language catalog with msgmerge semantics; returns a new POFile."""
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    headers = babel_headers(lang, {})
    if existing is not None:
        # Keep what a translator or their editor set (Last-Translator, Language-Team, X-Poedit-*).
        for key, value in existing.metadata.items():
            if key not in DATE_HEADERS:
                headers[key] = value
        headers["PO-Revision-Date"] = existing.metadata.get("PO-Revision-Date", headers["PO-Revision-Date"])
    for key in (DOCUMENT_HEADER, "POT-Creation-Date"):
        if key in template.metadata:
            headers[key] = template.metadata[key]
    for key, value in template.metadata.items():
        if key.startswith("X-Tolmach-"):
            headers[key] = value
    headers.update(provenance or {})
    headers["Language"] = lang
    po.metadata = headers
    po.header = existing.header if existing is not None else catalog_header_comment(template, lang)

    old_live = {e.msgid: e for e in existing if not e.obsolete} if existing is not None else {}
    old_obsolete = {e.msgid: e for e in existing if e.obsolete} if existing is not None else {}
    used: set[str] = set()
    candidates = _FuzzyIndex([e for e in (*old_live.values(), *old_obsolete.values()) if e.msgstr])
    for tentry in template:
        old = old_live.get(tentry.msgid) or old_obsolete.get(tentry.msgid)
        entry = polib.POEntry(msgid=tentry.msgid, occurrences=list(tentry.occurrences))
        extra = annotate(tentry.msgid) if annotate else []
        if old is not None:
            used.add(old.msgid)
            entry.msgstr = old.msgstr
            entry.flags = list(old.flags)
            entry.tcomment = old.tcomment
            entry.previous_msgid = old.previous_msgid
            entry.comment = _merge_comments(tentry.comment, extra, old.comment)
        else:
            match = candidates.best(tentry.msgid)
            entry.comment = _merge_comments(tentry.comment, extra, None)
            if match is not None:
                used.add(match.msgid)  # as msgmerge: the old message lives on in the fuzzy entry, not as #~
                entry.msgstr = match.msgstr
                entry.flags = [f for f in match.flags if f != "fuzzy"] + ["fuzzy"]
                entry.tcomment = match.tcomment
                entry.previous_msgid = match.msgid
        po.append(entry)
    if existing is not None:
        for old in existing:
            if old.msgid in used or not old.msgid or not old.msgstr:
                continue
            gone = polib.POEntry(msgid=old.msgid, msgstr=old.msgstr, flags=list(old.flags),
                                 tcomment=old.tcomment, obsolete=True)
            po.append(gone)
    return po


def catalog_header_comment(template: polib.POFile, lang: str) -> str:
    from babel import Locale

    ref = template.metadata.get(DOCUMENT_HEADER, "the source document")
    name = Locale.parse(lang).english_name
    return (f"{name} translation of {ref}.\n"
            "Made by tolmach; edit msgstr in a PO editor. Tolmach never overwrites a translated entry.")


def _merge_comments(template_comment: str, extra: Iterable[str], old_comment: str | None) -> str:
    lines = [*template_comment.splitlines(), *extra]
    if old_comment:
        lines += [x for x in old_comment.splitlines() if x.startswith(ORIGIN_PREFIXES)]
    return "\n".join(dict.fromkeys(lines))


class _FuzzyIndex:
    """Finds the most similar old msgid for a changed sentence (msgmerge's fuzzy matching)."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = entries

    def best(self, msgid: str) -> polib.POEntry | None:
        best: tuple[float, polib.POEntry] | None = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        for entry in self.entries:
            matcher.set_seq1(entry.msgid)
            if matcher.real_quick_ratio() < FUZZY_MATCH_THRESHOLD or matcher.quick_ratio() < FUZZY_MATCH_THRESHOLD:
                continue
            score = matcher.ratio()
            if score >= FUZZY_MATCH_THRESHOLD and (best is None or score > best[0]):
                best = (score, entry)
        return best[1] if best else None


_POLIB_LINE_RE = re.compile(r"line (\d+)")
# A keyword line or continuation line of a PO entry; its string must be one complete quoted string.
_PO_STRING_LINE_RE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*(".*)$')
_PO_QUOTED_RE = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')


def _check_quotes(text: str, path: Path) -> None:
    """polib silently accepts an unterminated string (`msgstr "Privet.`); msgfmt would not, nor do we."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        m = _PO_STRING_LINE_RE.match(stripped)
        if m and not _PO_QUOTED_RE.match(m.group(1)):
            raise TolmachError("invalid PO file: unterminated or malformed string", path, number,
                               hint="fix it in a PO editor or run msgfmt --check")


def language_of(po: polib.POFile, path: Path) -> str:
    """The target language code ("pl", not "pl_PL": languages are configured and looked up by code):
    the PO header's Language, else the <lang> in locales/<lang>/LC_MESSAGES/."""
    lang = (po.metadata.get("Language") or "").strip().replace("-", "_").split("_")[0]
    if lang:
        return lang
    parts = path.parts
    if "LC_MESSAGES" in parts:
        i = parts.index("LC_MESSAGES")
        if i > 0:
            return parts[i - 1].split("_")[0]
    raise TolmachError("cannot tell the target language", path,
                       hint="set the Language header or keep the file under locales/<lang>/LC_MESSAGES/")


def load(path: Path) -> polib.POFile:
    """Parse a .po/.pot; a syntax error is reported with the file and line."""
    if not path.exists():
        raise TolmachError("no such catalog", path)
    if path.is_dir():
        raise TolmachError("is a directory, expected a .po file", path)
    try:
        text = path.read_text(encoding="utf-8")
        _check_quotes(text, path)
        # polib's own duplicate check is quadratic (a linear search per entry): hours for 100k entries.
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        m = _POLIB_LINE_RE.search(str(exc))
        raise TolmachError(f"invalid PO file: {exc}", path, int(m.group(1)) if m else None,
                           hint="fix it in a PO editor or run msgfmt --check") from exc
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            raise TolmachError(f'invalid PO file: Entry "{entry.msgid}" already exists', path, entry.linenum,
                               hint="fix it in a PO editor or run msgfmt --check")
        seen.add(key)
    return po


def load_if_exists(path: Path) -> polib.POFile | None:
    return load(path) if path.exists() else None


def render(po: polib.POFile) -> str:
    return str(po) + ("\n" if not str(po).endswith("\n") else "")


def save(po: polib.POFile, path: Path, date_header: str) -> bool:
    """Write atomically; `date_header` moves only when something else changed. Returns True if written."""
    from pipeline.fileio import atomic_write_text

    if path.exists():
        previous = load(path)
        if date_header in previous.metadata:
            po.metadata[date_header] = previous.metadata[date_header]
            if render(po) == path.read_text(encoding="utf-8"):
                return False
    po.metadata[date_header] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    return atomic_write_text(path, render(po))


def check_document(po: polib.POFile, path: Path, doc_ref: str) -> None:
    """Refuse a catalog that was made for another document."""
    have = po.metadata.get(DOCUMENT_HEADER)
    if have is not None and have != doc_ref:
        raise TolmachError(f"catalog belongs to {have!r}, not to {doc_ref!r}", path,
                           hint="check the document name or the catalog path")
