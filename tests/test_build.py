"""build: catalogs -> documents, for every reader; what falls back to the source and what is counted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO
from support_documents import catalog_for, copy_fixture, prepared

from pipeline.build import build
from pipeline.cli import main

EXAMPLES = ["belarus-political-prisoners.en.txt", "belarus-political-prisoners-md.en.md",
            "belarus-political-prisoners-html.en.html", "belarus-political-prisoners-srt.en.srt",
            "belarus-political-prisoners-vtt.en.vtt", "belarus-political-prisoners-docx.en.docx",
            "belarus-political-prisoners-odt.en.odt"]


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_untranslated_and_fuzzy_entries_fall_back_to_the_source_and_are_counted(tmp_path: Path) -> None:
    doc = prepared(write(tmp_path, "a.en.md", "# Sanctions\n\nFirst sentence. Second sentence.\n"))
    po = catalog_for(doc, None)
    po.find("Sanctions").msgstr = "Sankcje"
    draft = po.find("Second sentence.")
    draft.msgstr, draft.flags = "Drugie zdanie.", ["fuzzy"]
    data, stats = build(doc.doc, doc.segments, po)
    assert data == b"# Sankcje\n\nFirst sentence. Second sentence.\n"
    assert (stats.translated, stats.fuzzy_fallback, stats.untranslated) == (1, 1, 1)
    assert stats.missing == ["First sentence.", "Second sentence."]
    data, stats = build(doc.doc, doc.segments, po, use_fuzzy=True)
    assert data == b"# Sankcje\n\nFirst sentence. Drugie zdanie.\n" and stats.fuzzy_used == 1


def test_a_repeated_sentence_is_one_entry_translated_everywhere(tmp_path: Path) -> None:
    doc = prepared(write(tmp_path, "a.en.html", "<p>Free them.</p><ul><li>Free them.</li></ul>"))
    po = catalog_for(doc, lambda _: "Uwolnić ich.")
    assert len(po) == 1 and len(po[0].occurrences) == 2
    data, stats = build(doc.doc, doc.segments, po)
    assert data.decode("utf-8").count("Uwolnić ich.") == 2 and stats.translated == 2


def test_an_html_page_is_declared_in_the_target_language(tmp_path: Path) -> None:
    doc = prepared(copy_fixture("prisoners.html", tmp_path))
    data, _ = build(doc.doc, doc.segments, None, lang="be")
    assert b'<html lang="be">' in data
    assert b'<html lang="en">' in build(doc.doc, doc.segments, None)[0]


@pytest.mark.parametrize("name", EXAMPLES)
def test_translate_runs_on_each_bundled_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               name: str) -> None:
    (tmp_path / "examples").mkdir()
    shutil.copy(REPO / "examples" / name, tmp_path / "examples" / name)
    monkeypatch.chdir(tmp_path)
    assert main(["translate", f"examples/{name}", "--to", "pl"]) == 0
    stem, ext = name.split(".en.")
    output = tmp_path / "out" / "pl" / f"{stem}.{ext}"
    assert output.is_file()
    if ext in ("md", "srt", "vtt"):  # nothing translated yet: the file comes back as it was
        assert output.read_bytes() == (REPO / "examples" / name).read_bytes()


def test_build_refuses_to_write_over_its_own_source(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = project / "examples" / EXAMPLE.name
    before = source.read_bytes()
    assert main(["translate", str(source), "--to", "pl", "--no-mt"]) == 0
    assert main(["build", str(source), "--lang", "pl", "-o", str(source)]) == 2
    assert "is a source document; the output would replace it" in capsys.readouterr().err
    assert source.read_bytes() == before
