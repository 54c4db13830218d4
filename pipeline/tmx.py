"""TMX 1.4b import and export, so the memory moves to and from OmegaT, Trados, Weblate and others.

Export is deterministic: units sorted by languages, source and target; attributes in a fixed order;
one `<tu>` per pair, with tolmach's origin/reviewed/document as `<prop type="x-tolmach-...">`. So
export -> import into an empty memory -> export gives the same bytes. Import parses with defusedxml,
which refuses external entities and entity-expansion bombs (billion laughs).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline import __version__
from pipeline.errors import TolmachError
from pipeline.tm import ORIGINS, TMUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROP_ORIGIN, PROP_REVIEWED, PROP_DOCUMENT = "x-tolmach-origin", "x-tolmach-reviewed", "x-tolmach-document"


def tmx_date(iso: str) -> str:
    """2026-11-25T09:30:00Z -> 20261125T093000Z (TMX's format)."""
    return iso.replace("-", "").replace(":", "")


def iso_date(tmx: str) -> str:
    """20261125T093000Z -> 2026-11-25T09:30:00Z; anything else is kept as given."""
    if len(tmx) == 16 and tmx[8] == "T" and tmx.endswith("Z"):
        return f"{tmx[0:4]}-{tmx[4:6]}-{tmx[6:8]}T{tmx[9:11]}:{tmx[11:13]}:{tmx[13:15]}Z"
    return tmx


def export_tmx(units: Iterable[TMUnit]) -> bytes:
    """A TMX 1.4b document for `units` (pass them in the memory's stable order)."""
    items = list(units)
    source_langs = sorted({u.source_lang for u in items})
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "tolmach", "creationtoolversion": __version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "o-tmf": "tolmach-sqlite",
        "srclang": source_langs[0] if len(source_langs) == 1 else "*all*",
    })
    body = ET.SubElement(root, "body")
    for u in items:
        tu = ET.SubElement(body, "tu", {"srclang": u.source_lang, "creationdate": tmx_date(u.date)})
        for kind, value in ((PROP_ORIGIN, u.origin), (PROP_REVIEWED, "yes" if u.reviewed else "no"),
                            (PROP_DOCUMENT, u.document)):
            if value:
                ET.SubElement(tu, "prop", {"type": kind}).text = value
        for lang, text in ((u.source_lang, u.source), (u.target_lang, u.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


INLINE_CODES = {"bpt", "ept", "it", "ph", "ut"}  # native markup of the original format: not translatable text


def seg_text(seg: ET.Element) -> str:
    """The translatable text of a <seg>: inline markup codes left out, <hi>/<sub> text kept."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in INLINE_CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang(code: str) -> str:
    """'pl-PL' / 'PL' -> 'pl': the memory matches on the language only."""
    return code.replace("_", "-").split("-")[0].lower()


def parse_tmx(path: Path, *, reviewed: bool = False) -> Iterator[TMUnit]:
    """Units of a TMX file: one per (source, other language) pair of each <tu>.

    Foreign TMX files carry no tolmach properties: their units come in as human translations,
    reviewed only when `reviewed` is set (an exact match then fills a catalog without a fuzzy flag).
    """
    from pipeline.fileio import read_bytes
    from pipeline.xmlread import parse_xml

    root = parse_xml(read_bytes(path), path, "a TMX file", allow_dtd=True)
    if root.tag != "tmx":
        raise TolmachError(f"not a TMX file (root element <{root.tag}>)", path)
    header = root.find("header")
    default_src = header.get("srclang", "") if header is not None else ""
    body = root.find("body")
    if body is None:
        raise TolmachError("TMX without <body>", path)
    for tu in body.iter("tu"):
        props = {p.get("type", ""): (p.text or "") for p in tu.findall("prop")}
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            if lang and seg is not None:
                segs.setdefault(_lang(lang), seg_text(seg))
        src_lang = _lang(tu.get("srclang") or default_src)
        if src_lang not in segs:
            src_lang = next(iter(segs), "")
        origin = props.get(PROP_ORIGIN, "human")
        if origin not in ORIGINS:
            origin = "human"
        is_reviewed = props[PROP_REVIEWED] == "yes" if PROP_REVIEWED in props else reviewed
        date = iso_date(tu.get("changedate") or tu.get("creationdate") or "")
        for lang, text in segs.items():
            if lang != src_lang:
                yield TMUnit(segs[src_lang], text, src_lang, lang, origin, is_reviewed,
                             props.get(PROP_DOCUMENT, ""), date)
