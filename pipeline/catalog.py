"""Gettext catalogs on polib: extract a template from segments, update language catalogs from it.

Update follows msgmerge: translations are kept; a changed source sentence becomes fuzzy with the
previous msgid (`#| msgid`); removed sentences become obsolete (`#~`). A translated (non-fuzzy)
msgstr is never changed here. Headers come from Babel (CLDR plural forms, language names).
Dates only move when content changes, so re-running on the same input leaves files byte-identical.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import polib

from pipeline import __version__
from pipeline.errors import TolmachError
from pipeline.segment import Segment

if TYPE_CHECKING:
    from pipeline.catalog_reader import ReadCatalog, ReadEntry

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


Layout = Literal["lc_messages", "flat"]


@dataclass(frozen=True)
class Paths:
    """Where templates and catalogs live. Two gettext layouts:

    - `lc_messages` (the default): <locales>/templates/<doc>.pot and <locales>/<lang>/LC_MESSAGES/<doc>.po;
    - `flat`, one catalog per language beside its template, as software projects keep them (`po/bleachbit.pot`
      with `po/uk.po`, `po/pt_BR.po`): <locales>/<doc>.pot and <locales>/<lang>.po, one template per folder.
    """

    locales_dir: Path
    layout: Layout = "lc_messages"

    @classmethod
    def detect(cls, locales_dir: Path, layout: Layout | Literal["auto"] = "auto") -> Paths:
        """`auto`: flat when the folder holds a template itself and no templates/ folder, else lc_messages."""
        if layout == "auto":
            flat = not (locales_dir / "templates").is_dir() and any(locales_dir.glob("*.pot"))
            layout = "flat" if flat else "lc_messages"
        return cls(locales_dir, layout)

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir if self.layout == "flat" else self.locales_dir / "templates"

    def template(self, doc: str) -> Path:
        return self.templates_dir / f"{doc}.pot"

    def catalog(self, doc: str, lang: str) -> Path:
        if self.layout == "flat":
            return self.locales_dir / f"{lang}.po"
        return self.locales_dir / lang / "LC_MESSAGES" / f"{doc}.po"

    def catalogs_of(self, lang: str) -> list[Path]:
        """The existing catalogs of one language."""
        if self.layout == "flat":
            path = self.catalog("", lang)
            return [path] if path.is_file() else []
        folder = self.locales_dir / lang / "LC_MESSAGES"
        return sorted(folder.glob("*.po")) if folder.is_dir() else []


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


CONTEXT_NEIGHBOURS = 1  # sentences either side of an entry in its `#.` context: bounded, so extract stays linear


def _context_comments(segments: Sequence[Segment]) -> dict[int, str]:
    """The `#.` paragraph context of each segment (by position): its paragraph and sentence number, and
    for a paragraph of several sentences the neighbouring sentences — never the whole paragraph, whose
    size would make the template grow with the square of the paragraph."""
    by_unit: dict[int, list[int]] = {}
    for i, seg in enumerate(segments):
        by_unit.setdefault(seg.unit, []).append(i)
    comments: dict[int, str] = {}
    for unit, positions in by_unit.items():
        count = len(positions)
        for k, i in enumerate(positions):
            label = f"¶{unit + 1}"
            if count == 1:
                comments[i] = label
                continue
            low, high = max(0, k - CONTEXT_NEIGHBOURS), min(count, k + CONTEXT_NEIGHBOURS + 1)
            window = " ".join(" ".join(segments[positions[j]].text.split()) for j in range(low, high))
            window = ("… " if low > 0 else "") + window + (" …" if high < count else "")
            comments[i] = safe_comment(f"{label}, sentence {k + 1} of {count}: {window}")
    return comments


# Characters that would end a PO comment line or header field early (str.splitlines breaks on all of these)
# or that editors show as garbage: C0/C1 controls, line and paragraph separators.
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_comment(text: str) -> str:
    """Text for one PO comment line or header value: control characters and line breaks escaped
    (`\\n`, `\\x1b`), so a document name or text can never start a line of its own in a catalog."""
    return _UNSAFE_RE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def safe_reference(name: str) -> str:
    """A document path as a `#:` reference: escaped as a comment, and a name with spaces isolated by
    U+2068/U+2069 as xgettext (0.22+) writes it, so readers do not split it into two references."""
    name = safe_comment(name)
    return f"\u2068{name}\u2069" if " " in name else name


def extract(doc_name: str, doc_ref: str, segments: Sequence[Segment], unit_texts: Sequence[str],
            provenance: Mapping[str, str]) -> polib.POFile:
    """The template (.pot) for one document: one entry per distinct sentence, in reading order."""
    pot = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    ref = safe_comment(doc_ref)
    pot.metadata = babel_headers(None, {DOCUMENT_HEADER: ref, **provenance})
    pot.header = f"Template for {ref}, made by tolmach extract; do not edit, it is regenerated."
    reference = safe_reference(doc_ref)
    comments = _context_comments(segments)
    by_msgid: dict[str, polib.POEntry] = {}
    for i, seg in enumerate(segments):
        entry = by_msgid.get(seg.text)
        if entry is None:
            entry = polib.POEntry(msgid=seg.text, msgstr="", occurrences=[], comment=comments[i])
            by_msgid[seg.text] = entry
            pot.append(entry)
        entry.occurrences.append((reference, str(seg.line)))
    return pot


Key = tuple[str | None, str]  # (msgctxt, msgid): what identifies a message, as in msgmerge


def key_of(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_template_flag(flag: str) -> bool:
    """Flags the template owns (msgmerge takes them from the .pot): format, wrapping and range flags."""
    return flag.endswith("-format") or flag in ("wrap", "no-wrap") or flag.startswith("range:")


def nplurals_of(po: polib.POFile, lang: str | None) -> int:
    """Plural forms in this catalog: its Plural-Forms header, else Babel's (CLDR) for the language."""
    m = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    if m:
        return int(m.group(1))
    return (babel_nplurals(lang) if lang else None) or 2


def plural_examples(po: polib.POFile | ReadCatalog, lang: str) -> dict[int, list[int]]:
    """For each plural form, the numbers (0-999) it serves: by the header's Plural-Forms, else Babel's rule
    for the language (empty when neither can be read)."""
    import gettext

    expr = re.search(r"plural\s*=\s*([^;]+)", po.metadata.get("Plural-Forms", ""))
    rule = expr.group(1).strip() if expr else None
    if rule is None:
        from babel.messages.plurals import get_plural

        try:
            rule = get_plural(lang).plural_expr
        except (ValueError, LookupError):
            return {}
    try:
        choose = gettext.c2py(rule)
        examples: dict[int, list[int]] = {}
        for n in range(1000):
            examples.setdefault(choose(n), []).append(n)
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return {}
    return examples


def plural_rule(po: polib.POFile | ReadCatalog, lang: str) -> tuple[int | None, frozenset[int]]:
    """The header's nplurals (None when it has none) and the plural forms that serve one number only
    (Polish and English "one": n == 1; not Russian "one", which is also 21, 31...): msgfmt lets those
    forms leave out the number."""
    m = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    nplurals = int(m.group(1)) if m else None
    return nplurals, frozenset(form for form, ns in plural_examples(po, lang).items() if len(ns) == 1)


def babel_nplurals(lang: str) -> int | None:
    """CLDR's number of plural forms for a language (Babel), None for a code Babel does not know."""
    from babel.messages.plurals import get_plural

    try:
        return get_plural(lang).num_plurals
    except (ValueError, LookupError):
        return None


def update(template: polib.POFile, existing: polib.POFile | None, lang: str,
           annotate: Annotate | None = None, provenance: Mapping[str, str] | None = None) -> polib.POFile:
    """Merge a template into a language catalog with msgmerge semantics; returns a new POFile.

    As `msgmerge --previous`: messages are keyed by (msgctxt, msgid); an exact match keeps its translation
    (every plural form), translator comments and fuzzy state; format flags, references and extracted
    comments come from the template; a new message takes the most similar old translation as a fuzzy
    entry with `#| msgctxt/msgid/msgid_plural`; a changed msgid_plural makes an entry fuzzy; translated
    messages no longer in the template become obsolete with everything they had.
    """
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
    if not headers.get("Language"):
        headers["Language"] = lang
    po.metadata = headers
    po.header = existing.header if existing is not None else catalog_header_comment(template, lang)
    nplurals = nplurals_of(po, lang)
    one_number = plural_rule(po, lang)[1]

    old_entries = [e for e in existing if e.msgid] if existing is not None else []
    old_live = {key_of(e): e for e in old_entries if not e.obsolete}
    old_obsolete = {key_of(e): e for e in old_entries if e.obsolete}
    used: set[Key] = set()
    candidates = _FuzzyIndex([e for e in old_entries if is_translated(e)])
    for tentry in template:
        if not tentry.msgid:
            continue
        key = key_of(tentry)
        old = old_live.get(key) or old_obsolete.get(key)
        extra = annotate(tentry.msgid) if annotate else []
        if old is not None:
            used.add(key)
            entry = _merged(tentry, old, nplurals, exact=True, one_number=one_number)
        else:
            match = candidates.best(tentry.msgid, tentry.msgctxt)
            if match is not None:
                used.add(key_of(match))  # as msgmerge: the old message lives on in the fuzzy entry, not as #~
                entry = _merged(tentry, match, nplurals, exact=False)
            else:
                entry = _merged(tentry, None, nplurals, exact=False)
        entry.comment = _merge_comments(tentry.comment, extra, old.comment if old is not None else None)
        po.append(entry)
    live_keys = {key_of(e) for e in po}
    for old in old_entries:
        key = key_of(old)
        if key in used or key in live_keys or not is_translated(old):
            continue
        po.append(_copy(old, obsolete=True, occurrences=[], comment=""))
    return po


def is_translated(entry: polib.POEntry) -> bool:
    """Anything a translator wrote: a msgstr, or any plural form (msgmerge keeps such obsolete entries)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _breaks_new_format(entry: polib.POEntry, new_flags: list[str], one_number: frozenset[int]) -> bool:
    """Whether the translation fails a format flag the template has newly given the message."""
    from pipeline import format_strings

    for flag in (f for f in new_flags if f in format_strings.PARSERS):
        if entry.msgid_plural:
            forms = [(n, text) for n, text in sorted(entry.msgstr_plural.items()) if text]
            source = entry.msgid_plural
        else:
            forms, source = ([(0, entry.msgstr)] if entry.msgstr else []), entry.msgid
        for n, text in forms:
            if format_strings.problems(flag, source, text, bool(entry.msgid_plural) and n in one_number) != []:
                return True
    return False


def _copy(entry: polib.POEntry, **changes: object) -> polib.POEntry:
    fields = dict(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                  msgstr=entry.msgstr, msgstr_plural=dict(entry.msgstr_plural), flags=list(entry.flags),
                  tcomment=entry.tcomment, comment=entry.comment, occurrences=list(entry.occurrences),
                  previous_msgctxt=entry.previous_msgctxt, previous_msgid=entry.previous_msgid,
                  previous_msgid_plural=entry.previous_msgid_plural, obsolete=entry.obsolete)
    fields.update(changes)
    return polib.POEntry(**fields)


def _merged(tentry: polib.POEntry, old: polib.POEntry | None, nplurals: int, exact: bool,
            one_number: frozenset[int] = frozenset()) -> polib.POEntry:
    """One template message with what the old catalog had for it (`old`, matched exactly or fuzzily)."""
    entry = polib.POEntry(msgctxt=tentry.msgctxt, msgid=tentry.msgid, msgid_plural=tentry.msgid_plural,
                          occurrences=list(tentry.occurrences))
    template_flags = [f for f in tentry.flags if f != "fuzzy"]
    if old is None:
        entry.flags = template_flags
        if tentry.msgid_plural:
            entry.msgstr_plural = {i: "" for i in range(nplurals)}
        return entry
    entry.tcomment = old.tcomment
    own_flags = [f for f in old.flags if f != "fuzzy" and not is_template_flag(f) and f not in template_flags]
    fuzzy = old.fuzzy or not exact
    if tentry.msgid_plural and old.msgid_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    elif tentry.msgid_plural:  # a message gained a plural: every form starts from the old translation
        entry.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
    else:
        entry.msgstr = old.msgstr if not old.msgid_plural else old.msgstr_plural.get(0, "")
    if exact and (tentry.msgid_plural or None) != (old.msgid_plural or None):
        fuzzy = True
    if exact and not fuzzy and _breaks_new_format(entry, [f for f in template_flags if f not in old.flags],
                                                  one_number):
        fuzzy = True  # as msgmerge: the template now says it is a format string, and the translation is not one
    if fuzzy and not old.fuzzy:
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
    elif old.fuzzy:  # as msgmerge: a draft keeps the previous text it had (the source it was made from) ...
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural
        if not exact and old.previous_msgid is None:
            # ... and, beyond msgmerge, a draft carried from another sentence says which: `tolmach mt` replaces
            # a carried msgstr only when it drafted it for that sentence (mt/drafts.py: action_for)
            entry.previous_msgctxt, entry.previous_msgid = old.msgctxt, old.msgid
            entry.previous_msgid_plural = old.msgid_plural or None
    entry.flags = (["fuzzy"] if fuzzy else []) + template_flags + own_flags
    return entry


def catalog_header_comment(template: polib.POFile, lang: str) -> str:
    from babel import Locale

    ref = template.metadata.get(DOCUMENT_HEADER, "the source document")
    name = Locale.parse(lang).english_name
    return (f"{name} translation of {ref}.\n"
            "Made by tolmach; edit msgstr in a PO editor. Tolmach never overwrites a translated entry.")


def _merge_comments(template_comment: str, extra: Iterable[str], old_comment: str | None) -> str:
    """The template's extracted comments as they are, then regenerated lines (glossary hits) and the old
    entry's origin notes that are not already there."""
    lines = template_comment.split("\n") if template_comment else []
    seen = set(lines)
    added = [*extra, *(x for x in (old_comment or "").split("\n") if x.startswith(ORIGIN_PREFIXES))]
    return "\n".join([*lines, *(x for x in dict.fromkeys(added) if x not in seen)])


class _FuzzyIndex:
    """Finds the most similar old msgid for a changed sentence (msgmerge's fuzzy matching)."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = entries

    def best(self, msgid: str, msgctxt: str | None = None) -> polib.POEntry | None:
        """The first most similar entry; in a tie one in the same context wins (msgmerge's small bonus), then
        one without a context (as msgmerge picks)."""
        best: tuple[float, polib.POEntry] | None = None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(msgid)
        for entry in self.entries:
            matcher.set_seq1(entry.msgid)
            if matcher.real_quick_ratio() < FUZZY_MATCH_THRESHOLD or matcher.quick_ratio() < FUZZY_MATCH_THRESHOLD:
                continue
            score = matcher.ratio() + (0.00001 if entry.msgctxt == msgctxt else 0.000005 if entry.msgctxt is None
                                       else 0.0)
            if score >= FUZZY_MATCH_THRESHOLD and (best is None or score > best[0]):
                best = (score, entry)
        return best[1] if best else None


_POLIB_LINE_RE = re.compile(r"line (\d+)")
# A keyword line or continuation line of a PO entry; its string must be one complete quoted string.
# A string line (optionally `#~`/`#|` and a keyword before it) whose quotes do not close at its end; one
# search over the whole text, in C, instead of a Python loop over every line.
_PO_BAD_STRING_RE = re.compile(
    r'^[ \t]*(?:#[~|][ \t]*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[ \t]*'
    r'"(?!(?:[^"\\\n]|\\.)*"[ \t\r]*$)', re.M)


def _check_quotes(text: str, path: Path) -> None:
    """polib silently accepts an unterminated string (`msgstr "Privet.`); msgfmt would not, nor do we."""
    m = _PO_BAD_STRING_RE.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise TolmachError("invalid PO file: unterminated or malformed string", path, line,
                           hint="fix it in a PO editor or run msgfmt --check")


def language_of(po: polib.POFile | ReadCatalog, path: Path) -> str:
    """The target language code ("pl", not "pl_PL": languages are configured and looked up by code):
    the PO header's Language, else the path: <lang>/LC_MESSAGES/<doc>.po, or <lang>.po (po/uk.po)."""
    lang = (po.metadata.get("Language") or "").strip().replace("-", "_").split("_")[0]
    if lang:
        return lang
    parts = path.parts
    if "LC_MESSAGES" in parts:
        i = parts.index("LC_MESSAGES")
        if i > 0:
            return parts[i - 1].split("_")[0]
    if _is_locale(path.stem):
        return path.stem.replace("-", "_").split("_")[0]
    raise TolmachError("cannot tell the target language", path,
                       hint="set the Language header, or keep the file as locales/<lang>/LC_MESSAGES/<doc>.po "
                            "or po/<lang>.po")


def _is_locale(name: str) -> bool:
    """Whether a file name is a locale code CLDR knows (uk, pt_BR, sr@latin), as flat layouts name catalogs."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(name.split("@")[0].replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


OBSOLETE_PREVIOUS_RE = re.compile(r"^#~\|", re.MULTILINE)
_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9._:-]+)")


def charset_of(data: bytes, path: Path) -> str:
    """The charset a PO file declares in its header's Content-Type (msgfmt honours it; so do we)."""
    head = data[: data.find(b"\n\n")] if b"\n\n" in data else data[:4096]
    m = _CHARSET_RE.search(head)
    name = m.group(1).decode("ascii") if m else "UTF-8"
    if name.upper() == "CHARSET":  # an unfilled template header: gettext reads it as ASCII/UTF-8
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise TolmachError(f"invalid PO file: unknown charset {name!r} in the Content-Type header", path, None,
                           hint="set charset=UTF-8 (and convert with msgconv --to-code=UTF-8)") from None


def parse(data: bytes, path: Path) -> polib.POFile:
    """Parse a .po/.pot from its bytes in the charset its header declares; errors name the file and line."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    encoding = charset_of(data, path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TolmachError(f"invalid PO file: not valid {encoding} (the charset its header declares)", path,
                           line, hint="fix the Content-Type charset or convert the file with msgconv") from exc
    try:
        _check_quotes(text, path)
        # polib skips an obsolete entry's previous msgid (`#~| msgid`); read it as `#|` so it is kept.
        text = OBSOLETE_PREVIOUS_RE.sub("#|", text)
        # polib's own duplicate check is quadratic (a linear search per entry): hours for 100k entries.
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False, encoding=encoding)
    except (OSError, ValueError) as exc:
        m = _POLIB_LINE_RE.search(str(exc))
        raise TolmachError(f"invalid PO file: {exc}", path, int(m.group(1)) if m else None,
                           hint="fix it in a PO editor or run msgfmt --check") from exc
    po.encoding = encoding
    check_duplicates(po, path)
    return po


def check_duplicates(entries: Iterable[polib.POEntry | ReadEntry], path: Path) -> None:
    """msgfmt refuses a message twice (same context and msgid, both live or both obsolete); so do we."""
    seen: set[tuple[str | None, str, bool]] = set()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            context = f" (context {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            raise TolmachError(f'invalid PO file: Entry "{entry.msgid}"{context} already exists', path,
                               entry.linenum, hint="fix it in a PO editor or run msgfmt --check")
        seen.add(key)


def read_bytes(path: Path) -> bytes:
    """A catalog file's bytes; a missing file, a folder or an unreadable file is a TolmachError."""
    if not path.exists():
        raise TolmachError("no such catalog", path)
    if path.is_dir():
        raise TolmachError("is a directory, expected a .po file", path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TolmachError(f"cannot read: {exc.strerror}", path) from exc


def load(path: Path) -> polib.POFile:
    """Read and parse a .po/.pot; a syntax error is reported with the file and line."""
    return parse(read_bytes(path), path)


def read_for_check(path: Path) -> ReadCatalog:
    """A catalog read only to be checked (`tolmach check`): what `load` gives, read faster into lighter
    entries (pipeline/catalog_reader.py), with `load`'s errors."""
    from pipeline import catalog_reader

    return catalog_reader.read(path)


def load_if_exists(path: Path) -> polib.POFile | None:
    return load(path) if path.exists() else None


def _comment_lines(prefix: str, text: str) -> list[str]:
    return [f"{prefix} {line}" if line else prefix for line in text.split("\n")]


def _entry_text(entry: polib.POEntry, width: int) -> str:
    """One entry as polib writes it, except that comments are written line for line, never re-wrapped
    (polib wraps long `#.`/`#` lines, which puts line breaks into their text on the next read)."""
    tcomment, comment = entry.tcomment, entry.comment
    entry.tcomment = entry.comment = ""
    try:
        body = entry.__unicode__(width)
    finally:
        entry.tcomment, entry.comment = tcomment, comment
    head = _comment_lines("#", tcomment) if tcomment else []
    if comment and not entry.obsolete:
        head += _comment_lines("#.", comment)
    return "\n".join([*head, body])


def render(po: polib.POFile) -> str:
    """The catalog as text: header, live entries, then obsolete ones (polib's order and string wrapping)."""
    head = "".join("#\n" if not line else f"#{line}\n" if line[:1] in ",:" else f"# {line}\n"
                   for line in po.header.split("\n"))
    parts = [head + po.metadata_as_entry().__unicode__(po.wrapwidth)]
    parts += [_entry_text(e, po.wrapwidth) for e in po if not e.obsolete]
    parts += [_entry_text(e, po.wrapwidth) for e in po if e.obsolete]
    text = "\n".join(parts)
    return text if text.endswith("\n") else text + "\n"


def encode(po: polib.POFile) -> bytes:
    """The catalog's bytes in the charset its header declares; a catalog whose text no longer fits that
    charset (a Cyrillic draft in an ISO-8859-2 file) is switched to UTF-8, header included."""
    content_type = po.metadata.get("Content-Type", "")
    m = _CHARSET_RE.search(content_type.encode("ascii", "replace"))
    encoding = "utf-8"
    if m:
        try:
            encoding = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
    if encoding != "utf-8":
        try:
            return render(po).encode(encoding)
        except UnicodeEncodeError:
            po.metadata["Content-Type"] = _CHARSET_SUB_RE.sub("charset=UTF-8", content_type)
    return render(po).encode("utf-8")


_CHARSET_SUB_RE = re.compile(r"charset=[A-Za-z0-9._:-]+")


def check_document(po: polib.POFile, path: Path, doc_ref: str) -> None:
    """Refuse a catalog that was made for another document."""
    have = po.metadata.get(DOCUMENT_HEADER)
    if have is not None and have != safe_comment(doc_ref):
        raise TolmachError(f"catalog belongs to {have!r}, not to {doc_ref!r}", path,
                           hint="check the document name or the catalog path")
