"""XLIFF 1.2 and 2.0: catalogs out to a CAT tool and back without loss; Translate Toolkit reads the export."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from translate.misc.multistring import multistring
from translate.storage import poxliff
from translate.storage import xliff as tt_xliff

from pipeline import xliff
from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.po import write

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


APP_PO = r"""msgid ""
msgstr ""
"Project-Id-Version: app 1.0\n"
"Language: pl\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#. TRANSLATORS: files in the trash, not on the disk
#: src/trash.c:12
#, c-format
msgctxt "trash"
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""

#: src/disk.c:40
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d plik"
msgstr[1] "%d pliki"
msgstr[2] "%d plików"

# check the genitive
#: src/clean.c:7
#, fuzzy, c-format
msgid "Deleted %d item"
msgid_plural "Deleted %d items"
msgstr[0] "Usunięto %d element"
msgstr[1] "Usunięto %d elementy"
msgstr[2] "Usunięto %d elementy"

#: src/main.c:5
msgid "Quit"
msgstr "Zakończ"
"""


@pytest.fixture
def app(project: Path) -> Path:
    """A software catalog in Polish (three plural forms): a plural entry with a context and no translation,
    the same msgid translated without the context, a fuzzy plural with a wrong third form, a singular entry."""
    path = project / "locales" / "pl" / "LC_MESSAGES" / "app.po"
    path.parent.mkdir(parents=True)
    path.write_bytes(write.encode(polib.pofile(APP_PO)))  # tolmach's own formatting
    return path


def _entry(po: polib.POFile, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and e.msgctxt == msgctxt)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_plural_entries_export_as_one_group_of_a_unit_per_form_and_come_back_unchanged(app: Path, project: Path,
                                                                                      version: str) -> None:
    before = app.read_bytes()
    out = project / f"pl-{version}.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "-o", str(out)]) == 0
    ns = f"{{{xliff.XLIFF12 if version == '1.2' else xliff.XLIFF20}}}"
    po = polib.pofile(str(app))
    trash, deleted = _entry(po, "%d file", "trash"), _entry(po, "Deleted %d item")
    groups = {g.get("id"): g for g in ET.fromstring(out.read_bytes()).iter(f"{ns}group")}
    assert set(groups) == {xliff.unit_id(e) for e in po if e.msgid_plural}
    group = groups[xliff.unit_id(trash)]
    unit, suffix = ("trans-unit", "[{}]") if version == "1.2" else ("unit", "-{}")
    forms = group.findall(f"{ns}{unit}")
    assert [f.get("id") for f in forms] == [f"{group.get('id')}{suffix.format(n)}" for n in range(3)]
    assert [f.findtext(f".//{ns}source") for f in forms] == ["%d file", "%d files", "%d files"]
    assert all(f.find(f".//{ns}target") is None for f in forms)  # nothing translated yet
    if version == "1.2":
        assert (group.get("restype"), group.get("resname")) == ("x-gettext-plurals", "trash")
        assert group.findtext(f"{ns}note") == "TRANSLATORS: files in the trash, not on the disk"
    else:
        assert (group.get("type"), group.get("name")) == ("tolmach:plurals", "trash")
        assert [n.text for n in group.iterfind(f"{ns}notes/{ns}note")] == [
            "src/trash.c:12", "TRANSLATORS: files in the trash, not on the disk"]
    fuzzy = groups[xliff.unit_id(deleted)]
    state, value = ("target", xliff.FUZZY_12) if version == "1.2" else ("segment", xliff.FUZZY_SUBSTATE)
    for form in fuzzy.findall(f"{ns}{unit}"):  # every form carries the entry's fuzzy state
        marked = form.find(f"{ns}{state}")
        assert marked is not None and value in marked.attrib.values()
    assert main(["xliff", "import", str(out)]) == 0
    assert app.read_bytes() == before


def test_translate_toolkit_reads_the_plural_groups_as_plural_units(app: Path, project: Path) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "-o", str(out)]) == 0
    po = polib.pofile(str(app))
    for store in (poxliff.PoXliffFile.parsestring(out.read_bytes()), tt_xliff.xlifffile.parsestring(out.read_bytes())):
        units = {u.getid().rsplit("\x04", 1)[-1]: u for u in store.units}  # Translate Toolkit prefixes the file
        assert set(units) == {xliff.unit_id(e) for e in po if not e.obsolete and e.msgid}
        disk = units[xliff.unit_id(_entry(po, "%d file"))]
        assert disk.hasplural() and disk.source.strings == ["%d file", "%d files", "%d files"]
        assert disk.target.strings == ["%d plik", "%d pliki", "%d plików"] and not disk.isfuzzy()
        deleted = units[xliff.unit_id(_entry(po, "Deleted %d item"))]
        assert deleted.isfuzzy() and all(form.isfuzzy() for form in deleted.units)
        assert "check the genitive" in deleted.getnotes("translator")
        assert deleted.getlocations() == ["src/clean.c:7"]
        trash = units[xliff.unit_id(_entry(po, "%d file", "trash"))]
        assert trash.hasplural() and not any(trash.target.strings) and "in the trash" in trash.getnotes("developer")
        quit_ = units[xliff.unit_id(po.find("Quit"))]
        assert not quit_.hasplural() and quit_.target == "Zakończ"


def _cat_tool_20(data: bytes, targets: dict[str, str]) -> bytes:
    """What a 2.0 CAT tool does: a unit's target set and its segment marked translated, review state gone."""
    ET.register_namespace("", xliff.XLIFF20)
    root = ET.fromstring(data)
    ns = f"{{{xliff.XLIFF20}}}"
    for unit in root.iter(f"{ns}unit"):
        if unit.get("id") in targets:
            segment = unit.find(f"{ns}segment")
            assert segment is not None
            target = segment.find(f"{ns}target")
            if target is None:
                target = ET.SubElement(segment, f"{ns}target")
            target.text = targets[unit.get("id", "")]
            segment.attrib.pop("subState", None)
            segment.set("state", "translated")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_plural_forms_translated_in_a_cat_tool_come_back_into_msgstr_n(app: Path, project: Path,
                                                                     version: str) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "-o", str(out)]) == 0
    po = polib.pofile(str(app))
    trash_id, deleted_id = xliff.unit_id(_entry(po, "%d file", "trash")), xliff.unit_id(_entry(po, "Deleted %d item"))
    trash_forms = ["%d plik w koszu", "%d pliki w koszu", "%d plików w koszu"]
    if version == "1.2":  # Translate Toolkit's XLIFF store, the way Weblate and Pootle edit these files
        store = poxliff.PoXliffFile.parsestring(out.read_bytes())
        for unit in store.units:
            uid = unit.getid().rsplit("\x04", 1)[-1]
            if uid == trash_id:
                unit.target = multistring(trash_forms)
            elif uid == deleted_id:
                unit.target = multistring([*unit.target.strings[:2], "Usunięto %d elementów"])
                for form in unit.units:  # reviewed form by form
                    form.markfuzzy(False)
        out.write_bytes(bytes(store))
    else:
        out.write_bytes(_cat_tool_20(out.read_bytes(), {
            **{f"{trash_id}-{n}": text for n, text in enumerate(trash_forms)},
            f"{deleted_id}-0": "Usunięto %d element", f"{deleted_id}-1": "Usunięto %d elementy",
            f"{deleted_id}-2": "Usunięto %d elementów"}))
    assert main(["xliff", "import", str(out)]) == 0
    po = polib.pofile(str(app))
    trash, deleted = _entry(po, "%d file", "trash"), _entry(po, "Deleted %d item")
    assert [trash.msgstr_plural[n] for n in range(3)] == trash_forms and not trash.fuzzy
    assert [deleted.msgstr_plural[n] for n in range(3)] == [
        "Usunięto %d element", "Usunięto %d elementy", "Usunięto %d elementów"]
    assert not deleted.fuzzy and "c-format" in deleted.flags and deleted.tcomment == "check the genitive"
    assert [_entry(po, "%d file").msgstr_plural[n] for n in range(3)] == ["%d plik", "%d pliki", "%d plików"]
    assert po.find("Quit").msgstr == "Zakończ"
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(app)], check=True)


def test_a_plural_form_left_empty_never_erases_one_and_a_form_to_review_makes_the_entry_fuzzy() -> None:
    po = polib.pofile(APP_PO)
    disk, trash = _entry(po, "%d file"), _entry(po, "%d file", "trash")
    units = [xliff.Imported("app", xliff.unit_id(disk), None, False, None, ("%d plik", None, "")),
             xliff.Imported("app", xliff.unit_id(trash), None, True, None, ("%d plik", "%d pliki", "%d plików")),
             xliff.Imported("app", xliff.unit_id(po.find("Quit")), None, False, None, ("Zakończ",)),
             xliff.Imported("app", xliff.unit_id(_entry(po, "Deleted %d item")), "Usunięto", False, None)]
    changed, unknown = xliff.apply(po, units)
    assert [disk.msgstr_plural[n] for n in range(3)] == ["%d plik", "%d pliki", "%d plików"]  # as it was
    assert trash.fuzzy and trash.msgstr_plural[2] == "%d plików"
    assert (changed, unknown) == (1, [units[2].unit, units[3].unit])  # plural now singular, and the other way
