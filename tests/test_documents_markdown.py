"""The Markdown reader: which blocks are units, what placeholders hold, and the round trip through build."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from support_documents import (
    DATA,
    build_with,
    catalog_for,
    copy_fixture,
    guillemets,
    prepared,
    rendered,
    shout,
    words,
)

from pipeline.build import build
from pipeline.config import CleanupConfig
from pipeline.documents import markdown
from pipeline.documents.base import Document

FIXTURE = "sanctions.md"


def read(source: str, cleanup: CleanupConfig | None = None) -> Document:
    return markdown.parse(Path("doc.en.md"), source, "en", cleanup or CleanupConfig())


def units(source: str) -> list[str]:
    return [u.text for u in read(source).units]


def structure(source: str) -> list[tuple[str, ...]]:
    """Block and inline token types with link targets: what must survive translation (words may change,
    and a line break inside a translated sentence may go)."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    out: list[tuple[str, ...]] = []

    def walk(tokens: list[Token]) -> None:
        for t in tokens:
            if t.type in ("text", "softbreak"):
                continue
            out.append((t.type, t.tag, str(t.attrs.get("href", "")), str(t.attrs.get("src", ""))))
            if t.type in ("fence", "code_block", "code_inline", "html_block", "html_inline", "front_matter"):
                out.append(("content", t.content))
            walk(t.children or [])

    walk(md.parse(source))
    return out


# --- what becomes a unit ---------------------------------------------------------------------------


def test_headings_paragraphs_list_items_quotes_and_cells_are_units() -> None:
    doc = read((DATA / FIXTURE).read_text(encoding="utf-8"))
    kinds = {u.kind for u in doc.units}
    assert kinds == {"heading", "paragraph", "quote", "list-item", "table-cell"}
    texts = [u.text for u in doc.units]
    assert "What the sanctions cover" in texts
    assert "Lithuania" in texts and "Vilnius" in texts
    assert "The EU has imposed 12 packages of sanctions against Russia." in texts


def test_code_fences_front_matter_and_numbers_stay_in_the_skeleton() -> None:
    doc = read((DATA / FIXTURE).read_text(encoding="utf-8"))
    every_text = "\n".join(u.text for u in doc.units)
    assert "print(" not in every_text and "top of page" not in every_text
    assert "title:" not in every_text
    assert "2023" not in [u.text for u in doc.units]  # a cell with no words is not sent to translators


def test_unit_line_is_the_line_in_the_file() -> None:
    source = (DATA / FIXTURE).read_text(encoding="utf-8").split("\n")
    for unit in read("\n".join(source)).units:
        assert words(unit.text)[0] in source[unit.line - 1], (unit.line, unit.text)


def test_inline_markup_becomes_placeholders_with_the_exact_source_markup() -> None:
    [unit] = read('Read **this** [report](https://pap.pl/x "PAP") and `code`.\n').units
    assert unit.text == "Read <g1>this</g1> <g2>report</g2> and <x3/>."
    assert unit.placeholders == {"<g1>": "**", "</g1>": "**", "<g2>": "[",
                                 "</g2>": '](https://pap.pl/x "PAP")', "<x3/>": "`code`"}


def test_image_alt_text_is_translatable_between_a_pair() -> None:
    [unit] = read("![Pavel Latushko speaking](photo.jpg)\n").units
    assert unit.text == "<g1>Pavel Latushko speaking</g1>"
    assert unit.placeholders["</g1>"] == "](photo.jpg)"


def test_reference_links_autolinks_hard_breaks_and_escapes_keep_their_source() -> None:
    source = "See [the list][ref] or <https://a.org/x_y>,\\\nthen a\\_b &amp; c.\n\n[ref]: https://a.org\n"
    [unit] = read(source).units
    assert unit.text == "See <g1>the list</g1> or <x2/>,<x3/>then a<x4/>b <x5/> c."
    assert [unit.placeholders[t] for t in ("</g1>", "<x2/>", "<x3/>", "<x4/>", "<x5/>")] == [
        "][ref]", "<https://a.org/x_y>", "\\\n", "\\_", "&amp;"]


def test_line_breaks_inside_a_quote_or_list_item_keep_their_prefix() -> None:
    doc = read("> first line\n> second line\n\n- item one\n  continued\n")
    assert [(u.text, u.breaks) for u in doc.units] == [
        ("first line\nsecond line", ("\n> ",)), ("item one\ncontinued", ("\n  ",))]


# --- escaping translated prose ------------------------------------------------------------------


@pytest.mark.parametrize("plain", ["[sic] as written", "5 * 3 = 15", "Poland's “sanctions”", "a_b_c", ""])
def test_escape_leaves_text_that_is_already_plain(plain: str) -> None:
    assert markdown.escape(plain) == plain


@pytest.mark.parametrize("prose", ["*not emphasis*", "# not a heading", "1. not a list", "a | b",
                                   "[not](a-link)", "`not code`", "&amp; stays", "<b>not html</b>"])
def test_escape_makes_markup_literal(prose: str) -> None:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(markdown.escape(prose))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert [c.type for c in children] == ["text"]
    assert children[0].content == prose


# --- round trip through build -------------------------------------------------------------------


def test_empty_catalog_reproduces_the_file_byte_for_byte(tmp_path: Path) -> None:
    path = copy_fixture(FIXTURE, tmp_path)
    text, stats = build_with(prepared(path), None)
    assert text == path.read_text(encoding="utf-8")
    assert stats.translated == 0 and stats.untranslated > 0


@pytest.mark.parametrize("translate", [shout, guillemets], ids=["upper-case", "guillemets"])
def test_fully_translated_catalog_keeps_the_structure(tmp_path: Path, translate) -> None:  # type: ignore[no-untyped-def]
    path = copy_fixture(FIXTURE, tmp_path)
    source = path.read_text(encoding="utf-8")
    text, stats = build_with(prepared(path), translate)
    assert stats.fallbacks == 0
    assert structure(text) == structure(source)
    assert "POLITICAL PRISONERS" in text if translate is shout else "«" in text
    assert "print(\"top of page\")" in text  # code is never translated


def test_translator_who_moves_tags_gets_the_markup_around_the_new_words(tmp_path: Path) -> None:
    path = tmp_path / "doc.en.md"
    path.write_text("Read the [full report](https://pap.pl/r) today.\n", encoding="utf-8")
    text, _ = build_with(prepared(path), lambda _: "Dziś przeczytaj <g1>cały raport</g1>.")
    assert text == "Dziś przeczytaj [cały raport](https://pap.pl/r).\n"


def test_translated_markup_characters_are_escaped_not_interpreted(tmp_path: Path) -> None:
    path = tmp_path / "doc.en.md"
    path.write_text("- Prices rose.\n", encoding="utf-8")
    text, _ = build_with(prepared(path), lambda _: "Ceny *wzrosły* o 5 | 10 %.")
    assert text == "- Ceny \\*wzrosły\\* o 5 \\| 10 %.\n"
    assert structure(text) == structure("- Prices rose.\n")


def test_an_escaped_pipe_in_a_table_cell_is_kept_as_markup() -> None:
    doc = read("| Sectors |\n|---|\n| wood \\| metal |\n")
    assert [(u.text, dict(u.placeholders)) for u in doc.units] == [
        ("Sectors", {}), ("wood <x1/> metal", {"<x1/>": "\\|"})]
    translated = rendered(doc, ["Sektory", "drewno <x1/> metal"])
    assert translated == "| Sektory |\n|---|\n| drewno \\| metal |\n"


def test_a_line_break_in_a_translated_table_cell_does_not_break_the_table(tmp_path: Path) -> None:
    path = tmp_path / "doc.en.md"
    path.write_text("| Country |\n|---|\n| Latvia |\n", encoding="utf-8")
    text, _ = build_with(prepared(path), lambda msgid: "Łotwa\ni tyle" if msgid == "Latvia" else msgid)
    assert text == "| Country |\n|---|\n| Łotwa i tyle |\n"


def test_dropped_or_duplicated_placeholders_do_not_crash_the_build(tmp_path: Path) -> None:
    """Broken placeholders are the QA check's business; build writes what it can: a dropped tag loses
    its markup, a duplicated one repeats it, a tag the unit never had is written as literal text."""
    path = tmp_path / "doc.en.md"
    path.write_text("Read **this** now.\n", encoding="utf-8")
    doc = prepared(path)
    assert rendered(doc.doc, ["Czytaj <g1>to</g1> teraz."]) == "Czytaj **to** teraz.\n"
    assert rendered(doc.doc, ["Czytaj to teraz."]) == "Czytaj to teraz.\n"
    assert rendered(doc.doc, ["Czytaj <g1>to teraz."]) == "Czytaj **to teraz.\n"
    assert rendered(doc.doc, ["<g1>Czytaj</g1> <g1>to</g1>"]) == "**Czytaj** **to**\n"
    assert rendered(doc.doc, ["Czytaj <g7>to</g7>."]) == "Czytaj \\<g7>to\\</g7>.\n"


# --- cleanup ------------------------------------------------------------------------------------


def test_cleanup_keeps_code_blocks_and_hard_breaks_but_fixes_scraped_prose() -> None:
    source = ("top of page\n\nCaption\nCaption\n\nLine one  \nline two\u00a0 \n\n"
              "```\nsame\nsame\ntop of page\n```\n")
    doc = read(source)
    output = rendered(doc, [u.text for u in doc.units])
    assert output == "Caption\n\nLine one  \nline two\n\n```\nsame\nsame\ntop of page\n```\n"
    assert [(r.line, r.kind) for r in doc.removed] == [
        (1, "boilerplate"), (4, "repeated-line"), (7, "nbsp"), (7, "trailing-space")]


# --- any well-formed article comes back unchanged -----------------------------------------------

INLINE = st.sampled_from(["Belarus", "prisoners", "“quoted,”", "*emphasis*", "**strong**", "_under_",
                          "[a link](https://pap.pl/a_b)", "[ref link][r]", "`code`", "&amp;", "\\*", "[sic]",
                          "5 * 3", "1.5", "Mr. Latushka", "![alt text](p.jpg)", "<https://x.org>", "a_b"])
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    st.lists(LINE, min_size=1, max_size=3).map("\n".join),
    LINE.map(lambda line: "## " + line),
    st.lists(LINE, min_size=1, max_size=3).map(lambda lines: "\n".join("- " + x for x in lines)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda lines: "\n".join("> " + x for x in lines)),
    st.lists(LINE, min_size=1, max_size=3).map(lambda lines: "1. " + "\n   ".join(lines)),
    st.tuples(LINE, LINE).map(lambda c: f"| {c[0]} | {c[1]} |\n|---|---|\n| {c[1]} | {c[0]} |"),
    LINE.map(lambda line: f"```\n{line}\n```"),
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=6).map(lambda blocks: "\n\n".join(blocks) + "\n\n[r]: /u\n"))
def test_any_article_comes_back_byte_for_byte_and_keeps_its_structure_when_translated(source: str) -> None:
    doc = read(source, CleanupConfig(enabled=False))
    assert rendered(doc, [u.text for u in doc.units]) == source
    translated = rendered(doc, [shout(u.text) for u in doc.units])
    assert structure(translated) == structure(source)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("final", [True, False])
def test_an_untranslated_build_keeps_line_endings_bom_last_line_and_escapes_byte_for_byte(
        tmp_path: Path, bom: bytes, newline: bytes, final: bool) -> None:
    lines = [b"# Changes", b"", b"- Add parentheses around `if`-`else` expressions (#2278)",
             b"- Escaped \\*stars\\* and &amp; entities stay", b"", b"Last line with a [link](https://e.org)"]
    data = bom + newline.join(lines) + (newline if final else b"")
    path = tmp_path / "changes.en.md"
    path.write_bytes(data)
    doc = prepared(path)
    assert build(doc.doc, doc.segments, None)[0] == data
    translated = build(doc.doc, doc.segments, catalog_for(doc, shout))[0]
    assert translated.startswith(bom) and translated.count(b"\r\n") == (data.count(b"\r\n"))
    assert b"PARENTHESES" in translated
