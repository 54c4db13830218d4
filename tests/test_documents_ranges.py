"""Ranges stay around the same words: bookmarks, reference marks, comment ranges, index entries and
content controls travel with the words they enclose, so what LibreOffice recomputes (a cross-reference, a
caption's number) shows the translated text; tracked changes are accepted where a paragraph is translated.

The fixtures are tests/data/documents/ranges.en.docx and .odt (made by make_ranges.py beside them).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support_documents import DATA, catalog_for, libreoffice_text, prepared

from pipeline.build import build
from pipeline.documents import docx, odt

W = docx.W
TEXT, OFFICE = odt.TEXT, odt.OFFICE

POLISH = {
    "The ministry <g1>stressed the call</g1><x2/> for release.":
        "Ministerstwo <g1>podkreśliło apel</g1><x2/> o uwolnienie.",
    "The ministry <g1>stressed the call</g1> for release.": "Ministerstwo <g1>podkreśliło apel</g1> o uwolnienie.",
    "Prisons in Belarus": "Więzienia na Białorusi",
    "<g1>Table <x2/>1<x3/></g1>: Prisons and colonies": "<g1>Tabela <x2/>1<x3/></g1>: Więzienia i kolonie",
    "<g1>Table <x2/></g1>: Prisons and colonies": "<g1>Tabela <x2/></g1>: Więzienia i kolonie",
    "See <x1/>Table 1<x2/> for the number of prisons.": "Liczbę więzień podaje <x1/>Tabela 1<x2/>.",
    "See <x1/> for the number of prisons.": "Liczbę więzień podaje <x1/>.",
    "Belarus holds more than 1,100 political prisoners.": "Białoruś więzi ponad 1100 więźniów politycznych.",
    "Figures come from a report <g1>(Viasna 2024)</g1> published in March.":
        "Dane pochodzą z raportu <g1>(Wiasna 2024)</g1> opublikowanego w marcu.",
    "The court met on Monday and sentenced him.": "Sąd zebrał się w poniedziałek i skazał go.",
    "The lawyer appealed.": "Adwokat złożył apelację.",
    "His family was not told.": "Jego rodzina nie została poinformowana.",
    "The <g1>United Transitional Cabinet</g1> met in Warsaw.":
        "<g1>Zjednoczony Gabinet Przejściowy</g1> zebrał się w Warszawie.",
    "Members of the <x1/> spoke to the press.": "Członkowie <x1/> rozmawiali z prasą.",
}


def fixture(name: str, directory: Path) -> Path:
    target = directory / name
    shutil.copy(DATA / name, target)
    return target


def translated(path: Path) -> bytes:
    doc = prepared(path)
    missing = [e.msgid for e in doc.template if e.msgid not in POLISH]
    assert not missing, missing
    return build(doc.doc, doc.segments, catalog_for(doc, POLISH.__getitem__), lang="pl")[0]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def enclosed(p: etree._Element, start: etree._Element, end: etree._Element) -> str:
    """The text a reader sees between two marks of a paragraph (.docx: its w:t; .odt: its text nodes, the
    comment's own text left out)."""
    if p.tag.startswith(f"{{{W}}}"):
        texts: list[str] = []
        inside = False
        for element in p.iter():
            if element is start:
                inside = True
            elif element is end:
                return "".join(texts)
            elif inside and element.tag == f"{{{W}}}t":
                texts.append(element.text or "")
        raise AssertionError("no end mark")
    out: list[str] = []
    state = {"inside": False, "done": False}

    def walk(element: etree._Element) -> None:
        if element is start:
            state["inside"] = True
        elif element is end:
            state["inside"], state["done"] = False, True
        elif state["inside"] and element.text:
            out.append(element.text)
        if element.tag != f"{{{OFFICE}}}annotation":
            for child in element:
                walk(child)
                if state["inside"] and child.tail:
                    out.append(child.tail)

    walk(p)
    assert state["done"], "no end mark"
    return "".join(out)


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_ranges_inside_the_text_are_pairs_and_those_around_all_of_it_no_placeholder(tmp_path: Path,
                                                                                    fmt: str) -> None:
    doc = prepared(fixture(f"ranges.en.{fmt}", tmp_path))
    units = {u.text: u.placeholders for u in doc.doc.units}
    caption = next(t for t in units if ": Prisons and colonies" in t)
    assert caption.startswith("<g1>Table <x2/>") and units[caption]["<g1>"] == "bookmark"
    assert "Prisons in Belarus" in units  # the heading's bookmark holds all of it: no placeholder
    comment = next(t for t in units if t.startswith("The ministry"))
    assert "<g1>stressed the call</g1>" in comment and units[comment]["</g1>"] == "comment range"
    assert "The court met on Monday and sentenced him." in units  # a typed line break is a space


def test_docx_bookmark_comment_range_and_content_control_stay_around_the_translated_words(tmp_path: Path) -> None:
    data = translated(fixture("ranges.en.docx", tmp_path))
    root = part(data, "word/document.xml")
    caption = next(p for p in root.iter(f"{{{W}}}p") if "Więzienia i kolonie" in "".join(p.itertext()))
    start = caption.find(f"{{{W}}}bookmarkStart")
    end = caption.find(f"{{{W}}}bookmarkEnd")
    assert start is not None and end is not None and start.get(f"{{{W}}}name") == "_Ref1"
    assert enclosed(caption, start, end) == "Tabela 1"
    comment = next(p for p in root.iter(f"{{{W}}}p") if "Ministerstwo" in "".join(p.itertext()))
    assert enclosed(comment, comment.find(f"{{{W}}}commentRangeStart"),
                    comment.find(f"{{{W}}}commentRangeEnd")) == "podkreśliło apel"
    heading = next(p for p in root.iter(f"{{{W}}}p") if "Białorusi" in "".join(p.itertext()))
    assert enclosed(heading, heading.find(f"{{{W}}}bookmarkStart"), heading.find(f"{{{W}}}bookmarkEnd")) == (
        "Więzienia na Białorusi")
    sdt = next(root.iter(f"{{{W}}}sdt"))
    assert sdt.find(f"{{{W}}}sdtPr/{{{W}}}tag").get(f"{{{W}}}val") == "CITAVI_Json"
    assert sdt.find(f"{{{W}}}sdtPr/{{{W}}}id").get(f"{{{W}}}val") == "-1987654321"
    assert "".join(sdt.itertext()) == "(Wiasna 2024)"
    court = next(p for p in root.iter(f"{{{W}}}p") if "Sąd" in "".join(p.itertext()))
    assert court.find(f".//{{{W}}}br") is None
    text = "".join(root.itertext())
    assert "His family" not in text and "about" not in text  # moved-from and deleted English gone
    assert root.find(f".//{{{W}}}moveFrom") is None and root.find(f".//{{{W}}}moveTo") is None  # accepted
    assert "Jego rodzina nie została poinformowana." in text


def test_odt_reference_marks_bookmarks_and_comment_ranges_stay_and_changes_are_accepted(tmp_path: Path) -> None:
    data = translated(fixture("ranges.en.odt", tmp_path))
    root = part(data, "content.xml")
    paragraphs = list(root.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"))

    def find(words: str) -> etree._Element:
        return next(p for p in paragraphs if words in "".join(p.itertext()))

    caption = find("Więzienia i kolonie")
    assert enclosed(caption, caption.find(f"{{{TEXT}}}bookmark-start"),
                    caption.find(f"{{{TEXT}}}bookmark-end")) == "Tabela 1"  # the sequence field inside
    mark = find("zebrał się")
    assert enclosed(mark, mark.find(f"{{{TEXT}}}reference-mark-start"),
                    mark.find(f"{{{TEXT}}}reference-mark-end")) == "Zjednoczony Gabinet Przejściowy"
    comment = find("Ministerstwo")
    assert enclosed(comment, comment.find(f"{{{OFFICE}}}annotation"),
                    comment.find(f"{{{OFFICE}}}annotation-end")) == "podkreśliło apel"
    changes = find("Białoruś więzi")
    assert changes.find(f"{{{TEXT}}}change") is None and changes.find(f"{{{TEXT}}}change-start") is None
    assert root.find(f".//{{{TEXT}}}changed-region") is None  # accepted: no record left
    assert find("Sąd zebrał").find(f"{{{TEXT}}}line-break") is None


def words(text: str) -> list[str]:
    return re.findall(r"\w+", re.sub(r"</?g\d+>|<x\d+/>", " ", text))


@pytest.mark.slow
def test_libreoffice_shows_cross_references_and_captions_with_the_translated_words(tmp_path: Path) -> None:
    built = {}
    for fmt in ("docx", "odt"):
        source = fixture(f"ranges.en.{fmt}", tmp_path)
        out = tmp_path / f"ranges-{fmt}.pl.{fmt}"
        out.write_bytes(translated(source))
        built[out] = [POLISH[e.msgid] for e in prepared(source).template]
    for path, text in libreoffice_text(list(built), tmp_path).items():
        flat = " ".join(text.split())
        assert "Liczbę więzień podaje Tabela 1." in flat, (path, flat)  # the cross-reference recomputed
        assert "Tabela 1: Więzienia i kolonie" in flat, (path, flat)
        if path.suffix == ".odt":
            assert "Członkowie Zjednoczony Gabinet Przejściowy rozmawiali z prasą." in flat, flat
        rendered = set(words(flat))
        expected = [w for msgstr in built[path] for w in words(msgstr)]
        missing = [w for w in expected if w not in rendered]
        assert 1 - len(missing) / len(expected) >= 0.98, (path, missing, flat)
        english = {"See", "Table", "Prisons", "ministry", "family", "about", "court", "lawyer", "Members"}
        assert not english & rendered, (path, english & rendered)
