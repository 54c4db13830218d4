"""The plain-text reader: paragraphs are units, blank lines are skeleton, cleanup runs first."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE
from support_documents import build_with, guillemets, prepared, shout

from pipeline.config import CleanupConfig
from pipeline.documents import text

SOURCE = EXAMPLE.read_text(encoding="utf-8")


def blocks(document: str) -> list[str]:
    """The shape of a text document: 'p' for each paragraph line, '' for blank lines."""
    return ["p" if line.strip() else "" for line in document.split("\n")]


def test_paragraphs_are_units_with_their_line_and_headlines_are_told_apart() -> None:
    doc = text.parse(EXAMPLE, SOURCE, "en", CleanupConfig())
    lines = SOURCE.split("\n")
    assert all(lines[u.line - 1].replace("\u00a0", " ").startswith(u.text.split("\n")[0]) for u in doc.units)
    assert doc.units[0].kind == "heading"
    assert doc.units[0].text == "In Belarus, political prisoners are subjected to torture and forced labor"
    assert {u.kind for u in doc.units} == {"heading", "paragraph"}


def test_a_hard_wrapped_paragraph_is_one_unit() -> None:
    doc = text.parse(Path("a.en.txt"), "First line\nsecond line.\n\nNext.\n", "en", CleanupConfig())
    assert [(u.text, u.line) for u in doc.units] == [("First line\nsecond line.", 1), ("Next.", 4)]


def test_empty_catalog_gives_back_the_cleaned_text(tmp_path: Path) -> None:
    path = tmp_path / EXAMPLE.name
    path.write_text(SOURCE, encoding="utf-8")
    output, stats = build_with(prepared(path), None)
    doc = prepared(path).doc
    dropped = {r.line for r in doc.removed if r.kind in ("boilerplate", "repeated-line")}
    expected = [line.replace("\u00a0", " ").rstrip(" \t")
                for number, line in enumerate(SOURCE.split("\n"), 1) if number not in dropped]
    assert output == "\n".join(expected).strip("\n") + "\n"
    assert stats.translated == 0


def test_empty_catalog_without_cleanup_gives_back_the_file_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "story.en.txt"
    story = "Headline\n\nFirst paragraph, “quoted”.\nStill the first.\n\n\nSecond.  \n"
    path.write_text(story, encoding="utf-8")
    output, _ = build_with(prepared(path, CleanupConfig(enabled=False)), None)
    assert output == story


def test_fully_translated_catalog_keeps_every_paragraph_and_blank_line(tmp_path: Path) -> None:
    path = tmp_path / EXAMPLE.name
    path.write_text(SOURCE, encoding="utf-8")
    empty, _ = build_with(prepared(path), None)
    for translate in (shout, guillemets):
        output, stats = build_with(prepared(path), translate)
        assert stats.fallbacks == 0
        assert blocks(output) == blocks(empty)
        assert "POLITICAL PRISONERS" in output or "«" in output
