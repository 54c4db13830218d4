"""The HTML reader: units from an html5lib DOM, placeholders for inline tags, the round trip through build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import html5lib
import pytest
from html5lib.serializer import HTMLSerializer
from hypothesis import given, settings
from hypothesis import strategies as st
from support_documents import DATA, build_with, copy_fixture, guillemets, prepared, rendered, shout, words

from pipeline.config import CleanupConfig
from pipeline.documents import html
from pipeline.documents.base import Document
from pipeline.errors import TolmachError

FIXTURE = "prisoners.html"


def read(source: str, cleanup: CleanupConfig | None = None) -> Document:
    return html.parse(Path("page.en.html"), source, "en", cleanup or CleanupConfig())


def parsed(source: str) -> Any:
    return html5lib.parse(source, treebuilder="etree", namespaceHTMLElements=False)


def canonical(source: str) -> str:
    """The DOM of a page, written out by html5lib: equal strings mean equal trees and text."""
    walker = html5lib.getTreeWalker("etree")
    return str(HTMLSerializer(quote_attr_values="always", omit_optional_tags=False).render(
        walker(parsed(source))))


def tags(source: str, translated: tuple[str, ...] = ("alt", "title", "lang")) -> list[tuple[str, ...]]:
    """Every element in document order with its attributes, except the ones a translation changes."""
    return [(el.tag, *sorted(f"{k}={v}" for k, v in el.attrib.items() if k not in translated))
            for el in parsed(source).iter() if isinstance(el.tag, str)]


def fixture_units() -> list[tuple[str, str]]:
    doc = read((DATA / FIXTURE).read_text(encoding="utf-8"))
    return [(u.kind, u.text) for u in doc.units]


# --- what becomes a unit ---------------------------------------------------------------------------


def test_title_headings_paragraphs_captions_items_cells_and_alt_text_are_units() -> None:
    units = fixture_units()
    assert ("title", "Political prisoners in Belarus | News") in units
    assert ("heading", "In Belarus, political prisoners are forced to work") in units
    assert ("alt", "Pavel Latushko at a press conference") in units
    assert ("caption", "Pavel Latushko. Source: PAP (Photo by Albert Zawada)") in units
    assert ("list-item", "clothing, shoes and <g1>furniture</g1>") in units
    assert ("table-cell", "Vilnius") in units


def test_scripts_styles_code_and_translate_no_are_never_units() -> None:
    every_text = " ".join(text for _, text in fixture_units())
    for untouchable in ("tracking", "font-family", "never translated", "Brand name", "tolmach build"):
        assert untouchable not in every_text


def test_inline_elements_become_placeholders_holding_their_tags() -> None:
    [unit] = read('<p>Ask <a href="/x" title="Profile">Mr. <b>Latushka</b></a>,<br>then <code>run()</code>.'
                  ).units
    assert unit.text == "Ask <g1>Mr. <g2>Latushka</g2></g1>,<x3/>then <x4/>."
    assert unit.placeholders == {"<g1>": '<a href="/x" title="Profile">', "</g1>": "</a>",
                                 "<g2>": "<b>", "</g2>": "</b>", "<x3/>": "<br>",
                                 "<x4/>": "<code>run()</code>"}


def test_text_loose_in_a_block_and_around_nested_lists_is_split_into_runs() -> None:
    doc = read("<div>Intro text<ul><li>one item</li></ul>closing words</div>")
    assert [u.text for u in doc.units] == ["Intro text", "one item", "closing words"]


def test_unit_line_is_the_line_of_its_text_in_the_file() -> None:
    lines = (DATA / FIXTURE).read_text(encoding="utf-8").split("\n")
    doc = read("\n".join(lines))
    for unit in doc.units:
        assert words(unit.text)[0] in lines[unit.line - 1], (unit.line, unit.text)


def test_private_use_markers_in_the_source_are_refused() -> None:
    with pytest.raises(TolmachError, match="U\\+E000"):
        read("<p>odd \ue000 character</p>")


# --- round trip through build -------------------------------------------------------------------


def test_empty_catalog_reproduces_the_same_dom(tmp_path: Path) -> None:
    path = copy_fixture(FIXTURE, tmp_path)
    text, stats = build_with(prepared(path), None, lang="pl")
    source = path.read_text(encoding="utf-8")
    assert canonical(text) == canonical(source.replace('lang="en"', 'lang="pl"'))
    assert stats.translated == 0


@pytest.mark.parametrize("translate", [shout, guillemets], ids=["upper-case", "guillemets"])
def test_fully_translated_catalog_keeps_every_element_and_link(tmp_path: Path, translate) -> None:  # type: ignore[no-untyped-def]
    path = copy_fixture(FIXTURE, tmp_path)
    source = path.read_text(encoding="utf-8")
    text, stats = build_with(prepared(path), translate, lang="pl")
    assert stats.fallbacks == 0
    assert tags(text) == tags(source)
    tree = parsed(text)
    assert tree.get("lang") == "pl"
    assert tree.find(".//img").get("alt") == translate("Pavel Latushko at a press conference")
    assert tree.find(".//script").text == parsed(source).find(".//script").text


def test_translated_text_is_escaped_and_tags_come_back(tmp_path: Path) -> None:
    path = tmp_path / "page.en.html"
    path.write_text('<p>Read the <a href="/r">full report</a>.</p>\n', encoding="utf-8")
    text, _ = build_with(prepared(path), lambda _: 'Przeczytaj <g1>cały "raport"</g1> & <b>nie tag</b>.')
    p = parsed(text).find(".//p")
    assert p.find("a").get("href") == "/r"
    assert p.find("a").text == 'cały "raport"'
    assert "".join(p.itertext()) == 'Przeczytaj cały "raport" & <b>nie tag</b>.'
    assert p.find("b") is None


def test_dropped_or_duplicated_placeholders_still_give_valid_html(tmp_path: Path) -> None:
    """Broken placeholders are the QA check's business; build still writes a page a browser parses the
    same way: an unclosed tag is closed by the parser, a duplicated one repeats the element."""
    path = tmp_path / "page.en.html"
    path.write_text('<p>One<br>two <a href="/x">link</a>.</p>', encoding="utf-8")
    doc = prepared(path).doc
    dropped = parsed(rendered(doc, ["Raz <g2>łącze."]))
    assert dropped.find(".//a").get("href") == "/x" and dropped.find(".//br") is None
    doubled = parsed(rendered(doc, ["Raz<x1/><x1/>dwa <g2>łącze</g2>."]))
    assert len(doubled.findall(".//br")) == 2


def test_nbsp_in_prose_is_normalised_and_reported_but_kept_when_cleanup_is_off() -> None:
    source = "<p>He\u00a0said&nbsp;it.</p>"
    doc = read(source)
    assert doc.units[0].text == "He said it."
    assert [(r.line, r.kind) for r in doc.removed] == [(1, "nbsp")]
    raw = read(source, CleanupConfig(enabled=False))
    assert raw.units[0].text == "He\u00a0said\u00a0it." and raw.removed == ()


# --- any page comes back as the same DOM --------------------------------------------------------

PIECES = st.sampled_from(["Belarus ", "prisoners", " ", "\n  ", "<p>", "</p>", "<b>", "</b>", "<br>",
                          "<a href='/x?a=1&b=2' title='Link title'>", "</a>", "<img alt='A photo' src=i>",
                          "<ul><li>", "</li>", "</ul>", "<table><tr><td>", "</td>", "</table>", "&amp;",
                          "&lt;", '"', "<!-- note -->", "<div>", "</div>", "<span translate=no>keep</span>",
                          "<script>if (a<b) x()</script>", "<pre>code</pre>", "<code>c</code>", "<h2>",
                          "</h2>", "<svg><text>s</text></svg>", "“quoted”"])


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_any_page_comes_back_as_the_same_dom_and_keeps_its_elements_when_translated(source: str) -> None:
    doc = read(source, CleanupConfig(enabled=False))
    assert canonical(rendered(doc, [u.text for u in doc.units])) == canonical(source)
    translated = rendered(doc, [shout(u.text) for u in doc.units])
    assert tags(translated) == tags(source)


def test_unclosed_tags_nested_past_what_browsers_build_get_one_line_not_a_recursion_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.en.html"
    deep.write_text("<div><p>Never closed. " * 1000, encoding="utf-8")
    with pytest.raises(TolmachError, match=r"deep.en.html:1: error: elements nested more than 512 deep"):
        prepared(deep)
    doc = read("<div><p>Never closed. " * 250 + "<b>bold " * 200)  # deep, but within a browser's bound
    assert len(doc.units) == 250 and doc.units[-1].text.count("<g") == 200


def test_a_fragment_comes_back_as_a_fragment(tmp_path: Path) -> None:
    source = '<h2>Sanctions</h2>\n<p>Mr. Latushka met <a href="/x">the ministers</a>.</p>\n'
    path = tmp_path / "body.en.html"
    path.write_text(source, encoding="utf-8")
    doc = prepared(path)
    assert build_with(doc, None)[0] == source
    assert build_with(doc, shout)[0] == '<h2>SANCTIONS</h2>\n<p>MR. LATUSHKA MET <a href="/x">THE MINISTERS</a>.</p>\n'


@pytest.mark.parametrize("head", ["<title>Story</title>", '<meta charset="windows-1251"><title>Story</title>'])
def test_a_whole_page_declares_the_utf8_it_is_written_in(tmp_path: Path, head: str) -> None:
    path = tmp_path / "page.en.html"
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body><p>Text.</p></body></html>", encoding="utf-8")
    built = build_with(prepared(path), shout)[0]
    assert '<meta charset="utf-8">' in built and "windows-1251" not in built and "<html>" in built
