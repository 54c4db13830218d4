"""TBX interchange (ISO 30042), so the glossary moves to and from Weblate, OmegaT and memoQ.

Reads TBX v2 (`martif`: termEntry/langSet/tig or ntig/termGrp) and TBX v3 (`tbx`: conceptEntry/langSec/
termSec), namespaced or not. Administrative statuses in their various spellings (preferredTerm-admn-sts,
admittedTerm, deprecatedTerm, supersededTerm, obsolete, ...) map to preferred/admitted/forbidden.
What TBX has no element for (exclude regexes, explicit forms, case sensitivity) travels in langSet notes
prefixed "tolmach:", so a round trip through TBX is lossless. XML is parsed with defusedxml: DTD entity
declarations (billion laughs) and external entities are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.errors import TolmachError
from pipeline.glossary import CONCEPT_TYPES, Concept, Glossary, LangTerms, Status
from pipeline.regexguard import Origin, compile_user_pattern

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
NOTE_PREFIX = "tolmach:"

_PREFERRED = {"preferred", "standardized", "standardised", "legal", "regulated", "normative", "preferredterm"}
_ADMITTED = {"admitted", "admissible", "permitted", "acceptable", "tolerated", "variant"}
_FORBIDDEN = {"deprecated", "superseded", "obsolete", "forbidden", "notrecommended", "proscribed", "rejected",
              "outdated", "nonstandardized", "erroneous"}
_STATUS_TYPES = {"administrativestatus", "normativeauthorization", "usagestatus", "status"}
_ABBREVIATION_TYPES = {"abbreviation", "acronym", "initialism", "shortform", "abbreviatedform"}


def status_of(value: str) -> Status | None:
    """'preferredTerm-admn-sts', 'deprecatedTerm', 'obsolete', 'Preferred' ... -> our status."""
    word = re.sub(r"[-_ ]?(admn|norm)[-_]?sts$", "", value.strip(), flags=re.IGNORECASE)
    word = re.sub(r"[-_ ]", "", word).lower()
    word = word[:-4] if word.endswith("term") and word != "term" else word
    if word in _PREFERRED:
        return "preferred"
    if word in _ADMITTED:
        return "admitted"
    if word in _FORBIDDEN:
        return "forbidden"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, *names: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) in names]


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def read_tbx(path: Path) -> list[Concept]:
    """Concepts from a TBX v2 or v3 file."""
    from pipeline.fileio import read_bytes
    from pipeline.xmlread import parse_xml

    root = parse_xml(read_bytes(path), path, "a TBX file", allow_dtd=True)
    if _local(root.tag) not in ("martif", "tbx"):
        raise TolmachError(f"not a TBX file (root element <{_local(root.tag)}>)", path,
                           hint="expected <martif> (TBX v2) or <tbx> (TBX v3)")
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    return [_concept(entry, path, i) for i, entry in enumerate(entries, 1)]


def _concept(entry: ET.Element, path: Path, number: int) -> Concept:
    note = ""
    for child in entry.iter():
        is_note = _local(child.tag) == "note" and not _text(child).startswith(NOTE_PREFIX)
        is_definition = _local(child.tag) == "descrip" and child.get("type") in ("definition", "context")
        if (is_note or is_definition) and not note:
            note = _text(child)
    langs: dict[str, LangTerms] = {}
    kinds: set[str] = set()
    for lang_set in _children(entry, "langSet", "langSec"):
        lang = (lang_set.get(XML_LANG) or lang_set.get("lang") or "").split("-")[0].split("_")[0].lower()
        if not lang:
            raise TolmachError(f"entry {number} has a language section without xml:lang", path)
        found: dict[str, list[str]] = {"preferred": [], "admitted": [], "forbidden": [], "exclude": [], "forms": []}
        case_sensitive = False
        for group in lang_set.iter():
            if _local(group.tag) not in ("tig", "ntig", "termSec"):
                continue
            term_elements = [e for e in group.iter() if _local(e.tag) == "term"]
            if not term_elements or not _text(term_elements[0]):
                continue
            status: Status = "preferred"
            for note_el in group.iter():
                if _local(note_el.tag) not in ("termNote", "descrip", "admin"):
                    continue
                kind = (note_el.get("type") or "").replace("-", "").lower()
                if kind in _STATUS_TYPES:
                    status = status_of(_text(note_el)) or status
                elif kind == "termtype":
                    kinds.add("abbreviation" if _text(note_el).replace(" ", "").lower() in _ABBREVIATION_TYPES
                              else "term")
                elif kind == "partofspeech" and _text(note_el).replace(" ", "").lower() == "propernoun":
                    kinds.add("name")
            found[status].append(_text(term_elements[0]))
        notes = [_text(note_el) for note_el in _children(lang_set, "note")]
        for note_el in _children(lang_set, "note"):
            text = _text(note_el)
            if text.startswith(NOTE_PREFIX + "exclude "):
                pattern = "".join(note_el.itertext()).strip()[len(NOTE_PREFIX + "exclude "):]
                compile_user_pattern(pattern, Origin(f"{lang}.exclude of entry {number}", path),
                                     ignore_case=NOTE_PREFIX + "case-sensitive" not in notes)
                found["exclude"].append(pattern)
            elif text.startswith(NOTE_PREFIX + "form "):
                found["forms"].append(text[len(NOTE_PREFIX + "form "):])
            elif text == NOTE_PREFIX + "case-sensitive":
                case_sensitive = True
        if lang in langs:  # a second langSet for the same language: merge
            old = langs[lang]
            found = {k: [*getattr(old, k), *v] for k, v in found.items()}
        langs[lang] = LangTerms(**{k: tuple(dict.fromkeys(v)) for k, v in found.items()},
                                case_sensitive=case_sensitive)
    concept_type = "name" if "name" in kinds else "abbreviation" if kinds == {"abbreviation"} else "term"
    concept_id = entry.get("id") or _slug(langs) or f"concept-{number}"
    _refuse_foreign_names(concept_id, langs, path, number)
    return Concept(concept_id, concept_type, note, langs, f"{path}#{concept_id}")


def _refuse_foreign_names(concept_id: str, langs: dict[str, LangTerms], path: Path, number: int) -> None:
    """A concept id and language codes read from the file must be what the YAML glossary accepts (ids of
    letters, digits, '-', '_', '.'; language codes): an import would otherwise write a glossary that its own
    lint rejects ("a/../b"). The rule for every name read from inside a file (pipeline/paths.py)."""
    from pipeline.glossary.load import CONCEPT_ID_RE, LANG_RE
    from pipeline.paths import language_from_file, name_from_file

    name_from_file(concept_id, path, f"concept id of entry {number}")
    if not CONCEPT_ID_RE.match(concept_id):
        raise TolmachError(f"concept id of entry {number} {concept_id!r} is not a glossary id", path,
                           hint="ids are letters, digits, '-', '_' or '.'; fix the id in the termbase")
    for lang in langs:
        language_from_file(lang, path, f"language of entry {number} ({concept_id})")
        if not LANG_RE.match(lang):
            raise TolmachError(f"language of entry {number} ({concept_id}) {lang!r} is not a glossary language "
                               "code", path, hint="e.g. pl, be, ru, uk")


def _slug(langs: dict[str, LangTerms]) -> str:
    for lang in ("en", *sorted(langs)):
        terms = langs.get(lang)
        if terms and terms.preferred:
            return re.sub(r"[^a-z0-9]+", "-", terms.preferred[0].lower()).strip("-")
    return ""


def write_tbx(glossary: Glossary, version: int = 2, source_lang: str = "en") -> str:
    """The glossary as TBX-Basic: v2 (martif; Translate Toolkit, hence Weblate, reads only this) or v3
    (ISO 30042:2019, DCA style)."""
    if version not in (2, 3):
        raise TolmachError(f"unknown TBX version {version}", hint="use 2 or 3")
    if version == 3:
        root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: source_lang, "xmlns": TBX3_NS})
        header = ET.SubElement(root, "tbxHeader")
    else:
        root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: source_lang})
        header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = f"tolmach glossary {glossary.version}"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    entry_tag, lang_tag, term_tag = ("conceptEntry", "langSec", "termSec") if version == 3 else (
        "termEntry", "langSet", "tig")
    for concept in glossary.concepts:
        entry = ET.SubElement(body, entry_tag, id=concept.id)
        if concept.note:
            ET.SubElement(entry, "note").text = concept.note
        for lang, terms in concept.langs.items():
            lang_set = ET.SubElement(entry, lang_tag, {XML_LANG: lang})
            for term, status in terms.terms():
                group = ET.SubElement(lang_set, term_tag)
                ET.SubElement(group, "term").text = term
                ET.SubElement(group, "termNote", type="administrativeStatus").text = {
                    "preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                    "forbidden": "deprecatedTerm-admn-sts"}[status]
                if concept.type == "name":
                    ET.SubElement(group, "termNote", type="partOfSpeech").text = "properNoun"
                elif concept.type == "abbreviation":
                    ET.SubElement(group, "termNote", type="termType").text = "abbreviation"
            for pattern in terms.exclude:
                ET.SubElement(lang_set, "note").text = f"{NOTE_PREFIX}exclude {pattern}"
            for form in terms.forms:
                ET.SubElement(lang_set, "note").text = f"{NOTE_PREFIX}form {form}"
            if terms.case_sensitive:
                ET.SubElement(lang_set, "note").text = f"{NOTE_PREFIX}case-sensitive"
    ET.indent(root, space="  ")
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if version == 2:
        prolog += '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
    return prolog + ET.tostring(root, encoding="unicode") + "\n"


def write_yaml(concepts: list[Concept] | tuple[Concept, ...]) -> str:
    """Concepts in the project's YAML schema (double-quoted scalars: always valid YAML, any content)."""
    import json

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["# Imported by tolmach glossary import; schema: docs/glossary.md", "terms:"]
    for c in concepts:
        lines.append(f"  - id: {q(c.id)}")
        if c.type in CONCEPT_TYPES and c.type != "term":
            lines.append(f"    type: {c.type}")
        if c.note:
            lines.append(f"    note: {q(c.note)}")
        for lang, t in c.langs.items():
            lines.append(f"    {lang}:")
            for key in ("preferred", "admitted", "forbidden", "exclude", "forms"):
                values = getattr(t, key)
                if values:
                    lines.append(f"      {key}: [{', '.join(q(v) for v in values)}]")
            if t.case_sensitive:
                lines.append("      case_sensitive: true")
    return "\n".join(lines) + "\n"
