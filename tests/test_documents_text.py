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


def test_a_pipeline_of_text_documents_imports_no_parser_of_another_format(tmp_path: Path) -> None:
    """Start-up is paid by every command: extract, update and build of .txt documents import neither the
    HTML, Markdown, Word or LibreOffice readers nor what only they need, nor importlib.metadata."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "story.txt").write_text("A journalist was detained. He was released.\n", encoding="utf-8")
    (tmp_path / "tolmach.toml").write_text('languages = ["pl"]\n', encoding="utf-8")
    heavy = ["html5lib", "importlib.metadata", "lxml", "markdown_it", "pipeline.documents.docx",
             "pipeline.documents.html", "pipeline.documents.markdown", "pipeline.documents.odt"]
    env = {"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for command in (["extract", "docs/story.txt"], ["update"], ["build"]):
        probe = (f"import sys; from pipeline.cli import main; code = main(['-q', *{command!r}]); "
                 f"print(code, [m for m in {heavy!r} if m in sys.modules])")
        done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env,
                              check=False)
        assert done.stdout.strip().splitlines()[-1] == "0 []", (command, done.stderr)
