"""XLIFF 1.2 and 2.0: catalogs out to a CAT tool and back without loss; Translate Toolkit reads the export."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from translate.storage import xliff as tt_xliff

from pipeline import xliff
from pipeline.cli import main
from pipeline.errors import TolmachError

STORY = ("# Sanctions\n\nMr. Latushka met **the ministers** in Warsaw.  \nHe said: *free them*.\n\n"
         "A third sentence. Another one.\n")


@pytest.fixture
def catalogs(project: Path) -> Path:
    """A project with a Markdown story extracted and a Polish catalog a translator half did."""
    (project / "story.en.md").write_text(STORY, encoding="utf-8")
    assert main(["extract", "story.en.md"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    po_path = project / "locales" / "pl" / "LC_MESSAGES" / "story.po"
    po = polib.pofile(str(po_path))
    po.find("Sanctions").msgstr = "Sankcje"
    met = next(e for e in po if e.msgid.startswith("Mr. Latushka"))
    met.msgstr = re.sub("Mr. Latushka met", "Pan Łatuszka spotkał", met.msgid)
    met.flags.append("fuzzy")
    met.tcomment = "check the title"
    po.save(str(po_path))
    assert main(["update", "--lang", "pl"]) == 0  # tolmach's own formatting
    return po_path


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_export_then_import_without_changes_leaves_the_catalog_byte_for_byte(catalogs: Path, project: Path,
                                                                            version: str) -> None:
    before = catalogs.read_bytes()
    out = project / f"pl-{version}.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "-o", str(out)]) == 0
    assert main(["xliff", "import", str(out)]) == 0
    assert catalogs.read_bytes() == before


def test_translate_toolkit_reads_the_export_with_states_notes_references_and_codes(catalogs: Path,
                                                                                  project: Path) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "-o", str(out)]) == 0
    store = tt_xliff.xlifffile.parsestring(out.read_bytes())
    units = {u.getid().rsplit("\x04", 1)[-1]: u for u in store.units}  # Translate Toolkit prefixes the file
    po = polib.pofile(str(catalogs))
    assert len(units) == len([e for e in po if not e.obsolete])
    sanctions = units[xliff.unit_id(po.find("Sanctions"))]
    assert sanctions.target == "Sankcje" and not sanctions.isfuzzy()
    met = next(u for u in store.units if str(u.source).startswith("Mr. Latushka"))
    assert met.isfuzzy() and "check the title" in met.getnotes("translator")
    assert any("story.en.md" in loc for loc in met.getlocations())
    assert met.xmlelement.find(f".//{{{xliff.XLIFF12}}}g") is not None  # bold as a paired inline code
    empty = next(u for u in store.units if str(u.source).startswith("A third"))
    assert not empty.target


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_a_cat_tools_translations_and_review_states_come_back(catalogs: Path, project: Path, version: str) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "-o", str(out)]) == 0
    lang, units = xliff.read(out, out.read_bytes())
    assert lang == "pl"
    po = polib.pofile(str(catalogs))
    met = next(e for e in po if e.msgid.startswith("Mr. Latushka"))
    done = [xliff.Imported(u.file, u.unit, "Trzecie zdanie.", False, u.translator_note)
            if u.unit == xliff.unit_id(po.find("A third sentence.")) else
            xliff.Imported(u.file, u.unit, u.target, False, u.translator_note) if u.unit == xliff.unit_id(met)
            else u for u in units]
    changed, unknown = xliff.apply(po, done)
    assert (changed, unknown) == (2, [])
    assert po.find("A third sentence.").msgstr == "Trzecie zdanie." and not po.find("A third sentence.").fuzzy
    assert not met.fuzzy and "<g1>" in met.msgstr  # reviewed in the CAT tool: no longer fuzzy, codes back


def test_inline_codes_nest_when_they_can_and_stay_valid_when_a_translator_broke_them() -> None:
    entry = polib.POEntry(msgid="<g1>b <x2/> c</g1> d", msgstr="</g1>zły<g1> porządek <x2/>")
    po = polib.POFile()
    po.metadata = {"Language": "pl"}
    po.append(entry)
    for version in ("1.2", "2.0"):
        data = xliff.export([xliff.Catalog("doc", po)], "en", "pl", version)
        assert (b'<g id="1">b <x id="2" /> c</g>' in data) if version == "1.2" else (
            b'<pc id="1">b <ph id="2" /> c</pc>' in data)
        _, units = xliff.read(Path("x.xlf"), data)
        assert units[0].target == entry.msgstr  # the broken order survives as isolated codes


def test_bad_xliff_is_one_line_and_no_catalog_changes(catalogs: Path, project: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = catalogs.read_bytes()
    bomb = project / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2" '
                    f'xmlns="{xliff.XLIFF12}"><file original="story" target-language="pl"/></xliff>',
                    encoding="utf-8")
    other = project / "other.xlf"
    other.write_text(f'<xliff version="1.2" xmlns="{xliff.XLIFF12}"><file original="nope" source-language="en" '
                     'target-language="pl"><body><trans-unit id="u1"><source>A</source></trans-unit></body></file>'
                     '</xliff>', encoding="utf-8")
    for path, message in ((bomb, "refused"), (other, "no catalog for document 'nope'")):
        assert main(["xliff", "import", str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and message in err, err
    assert catalogs.read_bytes() == before
    with pytest.raises(TolmachError, match="not XLIFF"):
        xliff.read(Path("a.xlf"), b"<html/>")


def test_a_unit_left_empty_never_erases_a_translation_made_since_the_export(catalogs: Path, project: Path) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "-o", str(out)]) == 0  # "A third sentence." is empty in it
    po = polib.pofile(str(catalogs))
    po.find("A third sentence.").msgstr = "Trzecie zdanie."  # the translator goes on in Poedit meanwhile
    po.save(str(catalogs))
    assert main(["xliff", "import", str(out)]) == 0
    assert polib.pofile(str(catalogs)).find("A third sentence.").msgstr == "Trzecie zdanie."
