"""XLIFF 1.2 and 2.0: the catalogs of one language out to a CAT tool (Trados, memoQ, OmegaT) and back.

One `<file>` per document catalog (`original` = the document's name), one unit per live entry with a
stable id (a hash of msgctxt and msgid). A translated entry's state is `translated`; a fuzzy one (a
changed source, an MT draft) is never in a done state: `needs-review-translation` in 1.2 (an MT draft also
`state-qualifier="mt-suggestion"`) and `initial` with subState `tolmach:fuzzy` in 2.0. Every unit has a
target, as CAT tools want (OmegaT offers only units whose target holds text): an untranslated entry's is
empty or the source copied (`untranslated="source"`), in 1.2 `needs-translation`, in 2.0 `initial`. On
import, a target in such a not-translated state that is empty or the source copied is not a translation.
The entry's extracted comments and translator
comments are notes (`from`/`category` developer and translator), its references are 1.2 context groups
or 2.0 `location` notes. Placeholders become inline codes: `<g1>…</g1>` is `<g id="1">` / `<pc id="1">`,
`<x1/>` is `<x id="1"/>` / `<ph id="1"/>`; a pair a translator left unbalanced is written as isolated
begin/end codes (`<bx/>`/`<ex/>`, `<sc/>`/`<ec/>`) so the XML stays valid and nothing is lost.

Import reads with defusedxml (no entities, no DTDs) and sets each entry's msgstr, fuzzy flag and
translator comments; a unit whose id is not in the catalog is reported, never added. Exporting and
importing back without changes leaves every catalog byte for byte as it was.

Plural entries (msgid_plural / msgstr[n], from software catalogs) follow Translate Toolkit's po2xliff
(translate/storage/poxliff.py), the convention CAT tools read. In 1.2 a `<group restype="x-gettext-plurals">`
with the entry's id (and msgctxt as `resname`) holds one `<trans-unit>` per plural form, ids suffixed `[0]`,
`[1]`, ...: the msgid is the source of form 0, msgid_plural that of the others, msgstr[n] the target; there
are as many forms as the catalog has (its Plural-Forms, else CLDR's for the language), each with the entry's
state. The entry's notes and references are on the group, before its units as the 1.2 schema wants them
(po2xliff puts the notes after them and copies them into every form but the first). The group also carries
`approved` as po2xliff writes it, which Translate Toolkit takes for form 0's state (the 1.2 schema has no such
attribute on a group: the export's one departure from the strict schema, only for plural entries).
2.0 has groups of its own, so the same shape is a `<group type="tolmach:plurals">`
(msgctxt as `name`, notes in its `<notes>`) of one `<unit>` per form, ids suffixed `-0`, `-1`, ... (2.0 ids
are NMTOKENs, which cannot hold brackets).

On import the forms come back into msgstr[n] of the entry with the group's id, by the rules of singular
entries: a form left empty never erases one the catalog has, a form a CAT tool marks for review makes the
entry fuzzy, and a group whose entry is no longer plural (or a unit whose entry now is) is reported, never
applied. The forms' own states decide, as a CAT tool reviews form by form: a group approved by Translate
Toolkit alone (form 0 left as it was) stays fuzzy, a needless review rather than a missed one.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.errors import TolmachError
from pipeline.po.headers import nplurals_of
from pipeline.po.model import Catalog as POCatalog
from pipeline.po.model import Entry
from pipeline.po.notes import MT_PREFIX

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
FUZZY_12 = "needs-review-translation"
UNTRANSLATED_12 = "needs-translation"
NOT_TRANSLATED_12 = ("new", UNTRANSLATED_12)  # a target in these states is not a translation (a copy, a draft)
REVIEW_12 = (FUZZY_12, "needs-review-adaptation", "needs-review-l10n", "needs-adaptation", "needs-l10n")
MT_QUALIFIER = "mt-suggestion"  # 1.2's state-qualifier for a machine-translation draft
FUZZY_SUBSTATE = "tolmach:fuzzy"
UNTRANSLATED_TARGETS = ("empty", "source")  # what an untranslated unit's <target> holds
VERSIONS = ("1.2", "2.0")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PRESERVE = {XML_SPACE: "preserve"}
PLURALS_12 = "x-gettext-plurals"  # Translate Toolkit's restype for a plural entry's group
PLURALS_20 = "tolmach:plurals"  # 2.0's group type must be prefix:value; xlf is reserved
# uXXXX[1] in 1.2, uXXXX-1 in 2.0; a form number of more than two digits is no plural form (a hostile
# index of 3,000,000,000 would otherwise become a list that long): such forms are taken as written
FORM_ID = re.compile(r"(?:\[(\d{1,2})\]|-(\d{1,2}))$")
MAX_INLINE_NESTING = 64  # deeper pairs are exported as isolated codes: a flat list, whatever the catalog holds


def unit_id(entry: Entry) -> str:
    key = (entry.msgctxt or "") + "\x04" + entry.msgid
    return "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Catalog:
    """One document's catalog for the export: its name and entries."""

    name: str
    po: POCatalog
    path: Path | None = None  # the catalog file, for messages


@dataclass
class Imported:
    """What one XLIFF unit says about an entry."""

    file: str
    unit: str
    target: str | None
    fuzzy: bool
    translator_note: str | None
    forms: tuple[str | None, ...] | None = None  # a plural entry's targets, form by form (target is then None)


# --- export --------------------------------------------------------------------------------------------------

def export(catalogs: Iterable[Catalog], source_lang: str, lang: str, version: str = "1.2",
           untranslated: str = "empty") -> bytes:
    """One XLIFF file for the catalogs. Every unit has a `<target>` (CAT tools such as OmegaT offer only
    units that have one): an untranslated entry's is empty or, with `untranslated="source"`, a copy of the
    source, in a state that says it is not a translation (1.2 `needs-translation`, 2.0 `initial`)."""
    if version not in VERSIONS:
        raise TolmachError(f"unknown XLIFF version {version!r}", hint="1.2 or 2.0")
    if untranslated not in UNTRANSLATED_TARGETS:
        raise TolmachError(f"unknown target for untranslated units {untranslated!r}", hint="empty or source")
    copy = untranslated == "source"
    if version == "1.2":
        root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF12})
    else:
        root = ET.Element("xliff", {"version": "2.0", "xmlns": XLIFF20, "srcLang": source_lang, "trgLang": lang})
    for cat in catalogs:
        nplurals = nplurals_of(cat.po, lang)
        if version == "1.2":
            file = ET.SubElement(root, "file", {"original": cat.name, "source-language": source_lang,
                                                "target-language": lang, "datatype": "po"})
            container = ET.SubElement(file, "body")
        else:
            container = ET.SubElement(root, "file", {"id": cat.name, "original": cat.name})
        for entry in _exportable(cat.po):
            _refuse_xml_invalid(cat, entry)
            if entry.msgid_plural:
                (_plural12 if version == "1.2" else _plural20)(container, entry, nplurals, copy)
            else:
                (_unit12 if version == "1.2" else _unit20)(container, entry, copy)
    _indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


# What XML 1.0 cannot carry, not even as a character reference; PO can (`\a`, `\v`, `\033`).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _refuse_xml_invalid(cat: Catalog, entry: Entry) -> None:
    """An entry whose text holds a character XML forbids is refused by name: the export would not be XML."""
    fields = {"msgctxt": entry.msgctxt or "", "msgid": entry.msgid, "msgid_plural": entry.msgid_plural or "",
              "msgstr": entry.msgstr, "translator comment": entry.tcomment or "", "comment": entry.comment or "",
              **{f"msgstr[{n}]": text for n, text in sorted(entry.msgstr_plural.items())}}
    for field, text in fields.items():
        if (m := XML_INVALID.search(text)) is not None:
            shown = entry.msgid if len(entry.msgid) <= 60 else entry.msgid[:57] + "..."
            raise TolmachError(f"the {field} of entry {shown!r} holds the control character U+{ord(m.group()):04X}, "
                               "which XML cannot carry", cat.path or cat.name, entry.linenum or None,
                               hint="remove it from the catalog (tolmach check finds them), then export again")


INLINE_HOLDERS = frozenset({"source", "target", "note", "context"})


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure for people reading the file, never inside text (ET.indent would add
    whitespace to a source that starts with an inline code)."""
    children = list(element)
    if not children or element.tag in INLINE_HOLDERS:
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _exportable(po: POCatalog) -> Iterator[Entry]:
    for entry in po:
        if entry.msgid and not entry.obsolete:
            yield entry


def _unit12(body: ET.Element, entry: Entry, copy: bool) -> None:
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["resname"] = entry.msgctxt
    unit = _trans_unit12(body, attrs, entry.msgid, entry.msgstr, entry.fuzzy, copy, _machine(entry))
    _notes12(unit, entry)


def _machine(entry: Entry) -> bool:
    """Whether the entry's translation is a machine-translation draft (its `#. MT:` origin note)."""
    return entry.fuzzy and any(line.startswith(MT_PREFIX) for line in (entry.comment or "").split("\n"))


def _plural12(body: ET.Element, entry: Entry, nplurals: int, copy: bool) -> None:
    """Translate Toolkit's po2xliff shape: a group of one trans-unit per form, ids suffixed [n]."""
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["resname"] = entry.msgctxt
    attrs["restype"] = PLURALS_12
    if any(entry.msgstr_plural.get(n) for n in range(nplurals)):
        # po2xliff's, which Translate Toolkit reads as form 0's state (Weblate, Pootle); the one attribute
        # the strict 1.2 schema does not define on a group
        attrs["approved"] = "no" if entry.fuzzy else "yes"
    group = ET.SubElement(body, "group", attrs)
    _notes12(group, entry)
    for n in range(nplurals):
        _trans_unit12(group, {"id": f"{attrs['id']}[{n}]"}, entry.msgid_plural if n else entry.msgid,
                      entry.msgstr_plural.get(n, ""), entry.fuzzy, copy, _machine(entry))


def _trans_unit12(parent: ET.Element, attrs: dict[str, str], source: str, msgstr: str,
                  fuzzy: bool, copy: bool, machine: bool) -> ET.Element:
    """A trans-unit with its target: translated (approved), a draft to review (never approved; an MT draft
    also `state-qualifier="mt-suggestion"`), or not translated (empty, or the source copied)."""
    if msgstr:
        attrs["approved"] = "no" if fuzzy else "yes"
    unit = ET.SubElement(parent, "trans-unit", attrs)
    _inline(ET.SubElement(unit, "source", PRESERVE), source, "1.2")
    state = {"state": (FUZZY_12 if fuzzy else "translated") if msgstr else UNTRANSLATED_12}
    if msgstr and machine:
        state["state-qualifier"] = MT_QUALIFIER
    target = ET.SubElement(unit, "target", {XML_SPACE: "preserve", **state})
    _inline(target, msgstr or (source if copy else ""), "1.2")
    return unit


def _notes12(unit: ET.Element, entry: Entry) -> None:
    """References as po-reference context groups, comments as developer and translator notes."""
    for k, (path, line) in enumerate(entry.occurrences):
        # names are unique within a <file> (the strict schema's rule), so not po2xliff's "po-reference" for
        # all: Translate Toolkit, which looks for that name, does not list these locations
        name = f"po-reference:{unit.get('id')}:{k + 1}"
        group = ET.SubElement(unit, "context-group", {"name": name, "purpose": "location"})
        ET.SubElement(group, "context", {"context-type": "sourcefile"}).text = path
        if line:
            ET.SubElement(group, "context", {"context-type": "linenumber"}).text = str(line)
    if entry.comment:
        ET.SubElement(unit, "note", {"from": "developer"}).text = entry.comment
    if entry.tcomment:
        ET.SubElement(unit, "note", {"from": "translator"}).text = entry.tcomment


def _unit20(file: ET.Element, entry: Entry, copy: bool) -> None:
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["name"] = entry.msgctxt
    unit = ET.SubElement(file, "unit", attrs)
    _notes20(unit, entry)
    _segment20(unit, entry.msgid, entry.msgstr, entry.fuzzy, copy)


def _plural20(file: ET.Element, entry: Entry, nplurals: int, copy: bool) -> None:
    """2.0's own grouping in the spirit of po2xliff: a group of one unit per form, ids suffixed -n."""
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["name"] = entry.msgctxt
    group = ET.SubElement(file, "group", {**attrs, "type": PLURALS_20})
    _notes20(group, entry)
    for n in range(nplurals):
        unit = ET.SubElement(group, "unit", {"id": f"{attrs['id']}-{n}"})
        _segment20(unit, entry.msgid_plural if n else entry.msgid, entry.msgstr_plural.get(n, ""), entry.fuzzy, copy)


def _notes20(unit: ET.Element, entry: Entry) -> None:
    notes = ET.Element("notes")
    for path, line in entry.occurrences:
        ET.SubElement(notes, "note", {"category": "location"}).text = f"{path}:{line}" if line else path
    if entry.comment:
        ET.SubElement(notes, "note", {"category": "developer"}).text = entry.comment
    if entry.tcomment:
        ET.SubElement(notes, "note", {"category": "translator"}).text = entry.tcomment
    if len(notes):
        unit.append(notes)


def _segment20(unit: ET.Element, source: str, msgstr: str, fuzzy: bool, copy: bool) -> None:
    """A segment with its target: `translated`, or `initial` for a draft to review (subState
    tolmach:fuzzy) and for an untranslated entry (an empty target or the source copied)."""
    state = {"state": "translated" if msgstr and not fuzzy else "initial"}
    if msgstr and fuzzy:
        state["subState"] = FUZZY_SUBSTATE
    segment = ET.SubElement(unit, "segment", state)
    _inline(ET.SubElement(segment, "source", PRESERVE), source, "2.0")
    _inline(ET.SubElement(segment, "target", PRESERVE), msgstr or (source if copy else ""), "2.0")


def _inline(element: ET.Element, text: str, version: str) -> None:
    """Text with placeholders as XLIFF inline codes: nested pairs where they nest, isolated codes where not."""
    tags = PLACEHOLDER_RE.findall(text)
    nested = _well_nested(tags)
    linked: set[str] = set()  # 1.2: an <ex rid> must name a <bx rid> of the same element, each rid once
    stack = [element]
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        _add_text(stack[-1], text[pos:m.start()])
        tag = m.group(0)
        n = re.sub(r"\D", "", tag)
        if tag.startswith("<x"):
            ET.SubElement(stack[-1], "x" if version == "1.2" else "ph", {"id": n})
        elif nested and tag.startswith("</"):
            stack.pop()
        elif nested:
            stack.append(ET.SubElement(stack[-1], "g" if version == "1.2" else "pc", {"id": n}))
        elif tag.startswith("</"):
            ET.SubElement(stack[-1], "ex" if version == "1.2" else "ec",
                          ({"id": n, "rid": n} if f"<g{n}>" in tags else {"id": n}) if version == "1.2"
                          else {"startRef": n, "isolated": "yes"})
        elif version == "1.2":
            ET.SubElement(stack[-1], "bx", {"id": n} if n in linked else {"id": n, "rid": n})
            linked.add(n)
        else:
            ET.SubElement(stack[-1], "sc", {"id": n, "isolated": "yes"})
        pos = m.end()
    _add_text(stack[-1], text[pos:])


def _add_text(parent: ET.Element, text: str) -> None:
    if not text:
        return
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _well_nested(tags: list[str]) -> bool:
    stack: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        if tag.startswith("<x"):
            continue
        n = tag.strip("</>g")
        if tag.startswith("</"):
            if not stack or stack[-1] != n:
                return False
            stack.pop()
        else:
            if n in seen:
                return False
            seen.add(n)
            stack.append(n)
            if len(stack) > MAX_INLINE_NESTING:
                return False
    return not stack


# --- import --------------------------------------------------------------------------------------------------

def read(path: Path, data: bytes) -> tuple[str, list[Imported]]:
    """The target language and the units of an XLIFF 1.2 or 2.0 file."""
    from pipeline.xmlread import parse_xml

    root = parse_xml(data, path, "an XLIFF file")
    if root.tag == f"{{{XLIFF12}}}xliff":
        return _read12(path, root)
    if root.tag == f"{{{XLIFF20}}}xliff":
        return _read20(path, root)
    raise TolmachError(f"not XLIFF 1.2 or 2.0 (root element {root.tag})", path)


def _read12(path: Path, root: ET.Element) -> tuple[str, list[Imported]]:
    ns = f"{{{XLIFF12}}}"
    units: list[Imported] = []
    langs = set()
    for file in root.iter(f"{ns}file"):
        langs.add(file.get("target-language", ""))
        name = file.get("original", "")
        in_plurals: set[ET.Element] = set()
        for element in file.iter():  # document order: a plural group comes before its trans-units
            if element.tag == f"{ns}group" and element.get("restype") == PLURALS_12:
                forms = list(element.iter(f"{ns}trans-unit"))
                in_plurals.update(forms)
                notes = [_note(x, f"{ns}note", "from") for x in (element, *forms)]
                units.append(_plural(name, element.get("id", ""), [(u.get("id", ""), *_target12(u, ns))
                                                                   for u in forms], notes))
            elif element.tag == f"{ns}trans-unit" and element not in in_plurals:
                units.append(Imported(name, element.get("id", ""), *_target12(element, ns),
                                      _note(element, f"{ns}note", "from")))
    return _one_language(path, langs), units


def _target12(unit: ET.Element, ns: str) -> tuple[str | None, bool]:
    """A trans-unit's target text (None without one) and whether its state asks for a review.

    A target in a state that says it is no translation yet (`new`, `needs-translation`) is none when it
    is empty or the source copied; any other text in it is a draft, fuzzy (OmegaT writes its translations
    into such targets and leaves the state as it was)."""
    target = unit.find(f"{ns}target")
    if target is None:
        return None, False
    text = _text(target, ns)
    if target.get("state", "") in NOT_TRANSLATED_12:
        source = unit.find(f"{ns}source")
        if not text or (source is not None and text == _text(source, ns)):
            return None, False
        return text, True
    fuzzy = target.get("state", "") in REVIEW_12 or (unit.get("approved") == "no" and target.get("state") is None)
    return text, fuzzy


def _plural(file: str, group_id: str, forms: list[tuple[str, str | None, bool]],
            notes: list[str | None]) -> Imported:
    """One plural entry from its group: the forms ordered by their id suffix where they have one, else as
    written; the group's id, else the first form's without its suffix; the translator notes of the group and
    its forms."""
    numbered = [(int(m.group(1) or m.group(2)) if (m := FORM_ID.search(uid)) else None, text, fuzzy)
                for uid, text, fuzzy in forms]
    if any(n is None for n, _, _ in numbered) or len({n for n, _, _ in numbered}) != len(numbered):
        numbered = [(i, text, fuzzy) for i, (_, text, fuzzy) in enumerate(numbered)]
    by_form = {n: text for n, text, _ in numbered if n is not None}
    texts = tuple(by_form.get(n) for n in range(max(by_form, default=-1) + 1))
    if not group_id and forms:
        group_id = FORM_ID.sub("", forms[0][0])
    said = list(dict.fromkeys(n for n in notes if n is not None))
    return Imported(file, group_id, None, any(fuzzy for _, _, fuzzy in numbered),
                    "\n".join(said) if said else None, texts)


def _read20(path: Path, root: ET.Element) -> tuple[str, list[Imported]]:
    ns = f"{{{XLIFF20}}}"
    units: list[Imported] = []
    for file in root.iter(f"{ns}file"):
        name = str(file.get("original") or file.get("id", ""))
        in_plurals: set[ET.Element] = set()
        for element in file.iter():  # document order: a plural group comes before its units
            if element.tag == f"{ns}group" and element.get("type") == PLURALS_20:
                forms = list(element.iter(f"{ns}unit"))
                in_plurals.update(forms)
                notes = [_note20(x, ns) for x in (element, *forms)]
                units.append(_plural(name, element.get("id", ""), [(u.get("id", ""), *_target20(u, ns))
                                                                   for u in forms], notes))
            elif element.tag == f"{ns}unit" and element not in in_plurals:
                units.append(Imported(name, element.get("id", ""), *_target20(element, ns), _note20(element, ns)))
    return _one_language(path, {root.get("trgLang", "")}), units


def _target20(unit: ET.Element, ns: str) -> tuple[str | None, bool]:
    """A unit's target text (its segments' joined; None without any) and whether it asks for a review.

    A segment left `initial` holds no translation unless its target says otherwise: our draft (subState
    tolmach:fuzzy), or a target a CAT tool filled without moving the state (neither empty nor the source
    copied), which comes back fuzzy."""
    segments = unit.findall(f"{ns}segment")
    texts: list[str] = []
    fuzzy = False
    for segment in segments:
        target = segment.find(f"{ns}target")
        if target is None:
            continue
        text = _text(target, ns)
        if segment.get("state", "initial") == "initial" and segment.get("subState") != FUZZY_SUBSTATE:
            source = segment.find(f"{ns}source")
            if not text or (source is not None and text == _text(source, ns)):
                continue
        texts.append(text)
        fuzzy = fuzzy or segment.get("state", "initial") == "initial"
    return ("".join(texts) if texts else None), fuzzy


def _note20(parent: ET.Element, ns: str) -> str | None:
    notes = parent.find(f"{ns}notes")
    return _note(notes, f"{ns}note", "category") if notes is not None else None


def _one_language(path: Path, langs: set[str]) -> str:
    langs.discard("")
    if len(langs) != 1:
        raise TolmachError("the file must name exactly one target language" + (
            f" (it names {', '.join(sorted(langs))})" if langs else ""), path)
    return langs.pop().replace("_", "-").split("-")[0]


def _note(parent: ET.Element, tag: str, attribute: str) -> str | None:
    texts = [n.text or "" for n in parent.findall(tag) if n.get(attribute) == "translator"]
    return "\n".join(texts) if texts else None


def _text(element: ET.Element, ns: str) -> str:
    """Inline content back to text with placeholders."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.replace(ns, "")
        n = child.get("id") or child.get("rid") or child.get("startRef") or ""
        if name in ("g", "pc"):
            parts += [f"<g{n}>", _text(child, ns), f"</g{n}>"]
        elif name in ("x", "ph"):
            parts.append(f"<x{n}/>")
        elif name in ("bx", "sc"):
            parts.append(f"<g{n}>")
        elif name in ("ex", "ec"):
            parts.append(f"</g{n}>")
        elif name == "mrk":
            parts.append(_text(child, ns))
        parts.append(child.tail or "")
    return "".join(parts)


def apply(po: POCatalog, units: Iterable[Imported], path: Path | None = None) -> tuple[int, list[str]]:
    """Set msgstr (msgstr[n] of a plural entry), fuzzy and translator comments from the units; returns
    (entries changed, unknown unit ids). A unit that is plural for a singular entry or the other way round
    (the source changed since the export) counts as unknown. A target whose inline codes are not its
    source's (one dropped, one invented) is refused, naming the unit and `path`: build would lose or
    garble the markup they stand for."""
    by_id = {unit_id(e): e for e in _exportable(po)}
    nplurals = nplurals_of(po, po.metadata.get("Language") or None)
    changed = 0
    unknown: list[str] = []
    for unit in units:
        entry = by_id.get(unit.unit)
        if entry is None or (unit.forms is None) == bool(entry.msgid_plural):
            unknown.append(unit.unit)
            continue
        _same_codes(unit, entry, path)
        if unit.forms is None:
            old = [entry.msgstr]
            new = [unit.target or ""]
        else:
            old = [entry.msgstr_plural.get(n, "") for n in range(nplurals)]
            came = unit.forms[:nplurals]
            new = [(came[n] if n < len(came) else None) or old[n] for n in range(nplurals)]  # an empty form keeps
        if not any(unit.forms or [unit.target]) and any(old):
            continue  # a unit left empty never erases a translation made since the export
        fuzzy = any(new) and unit.fuzzy
        tcomment = unit.translator_note if unit.translator_note is not None else entry.tcomment
        if (old, entry.fuzzy, entry.tcomment or "") == (new, fuzzy, tcomment or ""):
            continue
        if unit.forms is None:
            entry.msgstr = new[0]
        else:
            entry.msgstr_plural = {**entry.msgstr_plural, **dict(enumerate(new))}
        entry.tcomment = tcomment
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    return changed, unknown


def _same_codes(unit: Imported, entry: Entry, path: Path | None) -> None:
    targets = [unit.target] if unit.forms is None else list(unit.forms)
    for n, target in enumerate(targets):
        if not target:
            continue
        source = entry.msgid_plural if n and entry.msgid_plural else entry.msgid
        want, got = PLACEHOLDER_RE.findall(source), PLACEHOLDER_RE.findall(target)
        if sorted(want) != sorted(got):
            missing = [t for t in dict.fromkeys(want) if want.count(t) > got.count(t)]
            extra = [t for t in dict.fromkeys(got) if got.count(t) > want.count(t)]
            said = "; ".join(x for x in (f"missing {' '.join(missing)}" if missing else "",
                                         f"not in the source {' '.join(extra)}" if extra else "") if x)
            form = f" (plural form {n})" if unit.forms is not None else ""
            raise TolmachError(f"unit {unit.unit}{form} of {unit.file!r}: the target's inline codes do not match "
                               f"its source's ({said})", path,
                               hint="put the codes back in the CAT tool, or empty the target, and import again")
