"""XLIFF 1.2 and 2.0: the catalogs of one language out to a CAT tool (Trados, memoQ, OmegaT) and back.

One `<file>` per document catalog (`original` = the document's name), one unit per live entry with a
stable id (a hash of msgctxt and msgid). A translated entry's state is `translated`; a fuzzy one is
`needs-review-translation` in 1.2 and `translated` with subState `tolmach:fuzzy` in 2.0 (2.0 has no
review state of its own); an empty one has no target. The entry's extracted comments and translator
comments are notes (`from`/`category` developer and translator), its references are 1.2 context groups
or 2.0 `location` notes. Placeholders become inline codes: `<g1>…</g1>` is `<g id="1">` / `<pc id="1">`,
`<x1/>` is `<x id="1"/>` / `<ph id="1"/>`; a pair a translator left unbalanced is written as isolated
begin/end codes (`<bx/>`/`<ex/>`, `<sc/>`/`<ec/>`) so the XML stays valid and nothing is lost.

Import reads with defusedxml (no entities, no DTDs) and sets each entry's msgstr, fuzzy flag and
translator comments; a unit whose id is not in the catalog is reported, never added. Exporting and
importing back without changes leaves every catalog byte for byte as it was. Plural entries are not
exported (documents have none; a software catalog's plurals stay in the PO editor).
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.errors import TolmachError

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
FUZZY_12 = "needs-review-translation"
FUZZY_SUBSTATE = "tolmach:fuzzy"
VERSIONS = ("1.2", "2.0")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PRESERVE = {XML_SPACE: "preserve"}


def unit_id(entry: polib.POEntry) -> str:
    key = (entry.msgctxt or "") + "\x04" + entry.msgid
    return "u" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Catalog:
    """One document's catalog for the export: its name and entries."""

    name: str
    po: polib.POFile


@dataclass
class Imported:
    """What one XLIFF unit says about an entry."""

    file: str
    unit: str
    target: str | None
    fuzzy: bool
    translator_note: str | None


# --- export --------------------------------------------------------------------------------------------------

def export(catalogs: Iterable[Catalog], source_lang: str, lang: str, version: str = "1.2") -> bytes:
    if version not in VERSIONS:
        raise TolmachError(f"unknown XLIFF version {version!r}", hint="1.2 or 2.0")
    if version == "1.2":
        root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF12})
    else:
        root = ET.Element("xliff", {"version": "2.0", "xmlns": XLIFF20, "srcLang": source_lang, "trgLang": lang})
    for cat in catalogs:
        if version == "1.2":
            file = ET.SubElement(root, "file", {"original": cat.name, "source-language": source_lang,
                                                "target-language": lang, "datatype": "po"})
            container = ET.SubElement(file, "body")
        else:
            container = ET.SubElement(root, "file", {"id": cat.name, "original": cat.name})
        for entry in _exportable(cat.po):
            (_unit12 if version == "1.2" else _unit20)(container, entry)
    _indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


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


def _exportable(po: polib.POFile) -> Iterator[polib.POEntry]:
    for entry in po:
        if entry.msgid and not entry.obsolete and not entry.msgid_plural:
            yield entry


def _unit12(body: ET.Element, entry: polib.POEntry) -> None:
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["resname"] = entry.msgctxt
    if entry.msgstr:
        attrs["approved"] = "no" if entry.fuzzy else "yes"
    unit = ET.SubElement(body, "trans-unit", attrs)
    _inline(ET.SubElement(unit, "source", PRESERVE), entry.msgid, "1.2")
    if entry.msgstr:
        target = ET.SubElement(unit, "target", {XML_SPACE: "preserve",
                                                "state": FUZZY_12 if entry.fuzzy else "translated"})
        _inline(target, entry.msgstr, "1.2")
    for path, line in entry.occurrences:
        group = ET.SubElement(unit, "context-group", {"name": "po-reference", "purpose": "location"})
        ET.SubElement(group, "context", {"context-type": "sourcefile"}).text = path
        if line:
            ET.SubElement(group, "context", {"context-type": "linenumber"}).text = str(line)
    if entry.comment:
        ET.SubElement(unit, "note", {"from": "developer"}).text = entry.comment
    if entry.tcomment:
        ET.SubElement(unit, "note", {"from": "translator"}).text = entry.tcomment


def _unit20(file: ET.Element, entry: polib.POEntry) -> None:
    attrs = {"id": unit_id(entry)}
    if entry.msgctxt:
        attrs["name"] = entry.msgctxt
    unit = ET.SubElement(file, "unit", attrs)
    notes = ET.Element("notes")
    for path, line in entry.occurrences:
        ET.SubElement(notes, "note", {"category": "location"}).text = f"{path}:{line}" if line else path
    if entry.comment:
        ET.SubElement(notes, "note", {"category": "developer"}).text = entry.comment
    if entry.tcomment:
        ET.SubElement(notes, "note", {"category": "translator"}).text = entry.tcomment
    if len(notes):
        unit.append(notes)
    state = {"state": "initial"} if not entry.msgstr else {"state": "translated"}
    if entry.msgstr and entry.fuzzy:
        state["subState"] = FUZZY_SUBSTATE
    segment = ET.SubElement(unit, "segment", state)
    _inline(ET.SubElement(segment, "source", PRESERVE), entry.msgid, "2.0")
    if entry.msgstr:
        _inline(ET.SubElement(segment, "target", PRESERVE), entry.msgstr, "2.0")


def _inline(element: ET.Element, text: str, version: str) -> None:
    """Text with placeholders as XLIFF inline codes: nested pairs where they nest, isolated codes where not."""
    nested = _well_nested(PLACEHOLDER_RE.findall(text))
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
                          {"rid": n} if version == "1.2" else {"startRef": n, "isolated": "yes"})
        else:
            ET.SubElement(stack[-1], "bx" if version == "1.2" else "sc",
                          {"rid": n, "id": n} if version == "1.2" else {"id": n, "isolated": "yes"})
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
    return not stack


# --- import --------------------------------------------------------------------------------------------------

def read(path: Path, data: bytes) -> tuple[str, list[Imported]]:
    """The target language and the units of an XLIFF 1.2 or 2.0 file."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise TolmachError(f"not well-formed XML: {exc}", path, line, hint="is it an XLIFF file?") from exc
    except DefusedXmlException as exc:
        raise TolmachError(f"refused: {exc}", path, hint="XLIFF files need no DTD or entities") from exc
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
        for unit in file.iter(f"{ns}trans-unit"):
            target = unit.find(f"{ns}target")
            text = _text(target, ns) if target is not None else None
            fuzzy = target is not None and (target.get("state", "") in (FUZZY_12, "needs-review-adaptation",
                                                                       "needs-review-l10n", "needs-translation")
                                            or (unit.get("approved") == "no" and target.get("state") is None))
            units.append(Imported(name, unit.get("id", ""), text, fuzzy, _note(unit, f"{ns}note", "from")))
    return _one_language(path, langs), units


def _read20(path: Path, root: ET.Element) -> tuple[str, list[Imported]]:
    ns = f"{{{XLIFF20}}}"
    units: list[Imported] = []
    for file in root.iter(f"{ns}file"):
        name = str(file.get("original") or file.get("id", ""))
        for unit in file.iter(f"{ns}unit"):
            segments = unit.findall(f"{ns}segment")
            targets = [s.find(f"{ns}target") for s in segments]
            text = "".join(_text(t, ns) for t in targets if t is not None) if any(
                t is not None for t in targets) else None
            fuzzy = any(s.get("subState") == FUZZY_SUBSTATE or (s.get("state") == "initial" and t is not None)
                        for s, t in zip(segments, targets, strict=True))
            notes = unit.find(f"{ns}notes")
            note = _note(notes, f"{ns}note", "category") if notes is not None else None
            units.append(Imported(name, unit.get("id", ""), text, fuzzy, note))
    return _one_language(path, {root.get("trgLang", "")}), units


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


def apply(po: polib.POFile, units: Iterable[Imported]) -> tuple[int, list[str]]:
    """Set msgstr, fuzzy and translator comments from the units; returns (entries changed, unknown unit ids)."""
    by_id = {unit_id(e): e for e in _exportable(po)}
    changed = 0
    unknown: list[str] = []
    for unit in units:
        entry = by_id.get(unit.unit)
        if entry is None:
            unknown.append(unit.unit)
            continue
        msgstr = unit.target or ""
        if not msgstr and entry.msgstr:  # a unit left empty never erases a translation made since the export
            continue
        fuzzy = bool(msgstr) and unit.fuzzy
        tcomment = unit.translator_note if unit.translator_note is not None else entry.tcomment
        if (entry.msgstr, entry.fuzzy, entry.tcomment or "") == (msgstr, fuzzy, tcomment or ""):
            continue
        entry.msgstr = msgstr
        entry.tcomment = tcomment
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        changed += 1
    return changed, unknown
