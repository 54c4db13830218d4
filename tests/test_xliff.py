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
    contexts = met.xmlelement.findall(f".//{{{xliff.XLIFF12}}}context")  # Translate Toolkit lists only
    assert any(c.text == "story.en.md" for c in contexts)  # po2xliff's non-unique "po-reference" groups
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
    assert all(f.findtext(f".//{ns}target") == "" for f in forms)  # nothing translated yet: empty targets
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
        assert [c.text for c in deleted.xmlelement.iter(f"{{{xliff.XLIFF12}}}context")] == ["src/clean.c", "7"]
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


# --- for CAT tools: a target in every unit, states that never call a draft done ---------------------------

def _units(data: bytes, version: str) -> list[ET.Element]:
    ns = f"{{{xliff.XLIFF12 if version == '1.2' else xliff.XLIFF20}}}"
    return list(ET.fromstring(data).iter(f"{ns}trans-unit" if version == "1.2" else f"{ns}segment"))


def _ns(version: str) -> str:
    return f"{{{xliff.XLIFF12 if version == '1.2' else xliff.XLIFF20}}}"


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("untranslated", ["empty", "source"])
def test_every_unit_has_a_target_and_no_draft_is_in_a_done_state(catalogs: Path, project: Path, version: str,
                                                                 untranslated: str) -> None:
    po = polib.pofile(str(catalogs))
    met = next(e for e in po if e.msgid.startswith("Mr. Latushka"))
    met.comment = (met.comment + "\n" if met.comment else "") + "MT: argos en-pl"  # a machine draft
    po.save(str(catalogs))
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "--untranslated", untranslated,
                 "-o", str(out)]) == 0
    ns = _ns(version)
    states = {}
    for unit in _units(out.read_bytes(), version):
        source, target = unit.find(f"{ns}source"), unit.find(f"{ns}target")
        assert target is not None
        text = "".join(source.itertext()) if source is not None else ""
        states[text] = (unit.get("state") if version == "2.0" else target.get("state"), "".join(target.itertext()),
                        target.get("state-qualifier"))
    assert states["Sanctions"][:2] == ("translated", "Sankcje")
    third = states["A third sentence."]
    assert third[:2] == ("needs-translation" if version == "1.2" else "initial",
                         "" if untranslated == "empty" else "A third sentence.")
    draft = next(v for k, v in states.items() if k.startswith("Mr. Latushka"))
    assert draft[0] == ("needs-review-translation" if version == "1.2" else "initial")
    if version == "1.2":
        assert draft[2] == "mt-suggestion"
    before = catalogs.read_bytes()
    assert main(["xliff", "import", str(out)]) == 0  # copies and drafts come back as they went
    assert catalogs.read_bytes() == before


@pytest.mark.parametrize(("state", "target", "expected"), [
    ("new", "A third sentence.", ("", False)),  # the source copied: not a translation
    ("needs-translation", "", ("", False)),
    ("needs-translation", "Trzecie zdanie.", ("Trzecie zdanie.", True)),  # OmegaT's: a draft to review
    ("new", "Trzecie zdanie.", ("Trzecie zdanie.", True)),
    ("translated", "Trzecie zdanie.", ("Trzecie zdanie.", False)),
    ("needs-review-translation", "Trzecie zdanie.", ("Trzecie zdanie.", True)),
])
def test_xliff_12_states_new_and_needs_translation_are_not_translations(catalogs: Path, project: Path, state: str,
                                                                        target: str,
                                                                        expected: tuple[str, bool]) -> None:
    po = polib.pofile(str(catalogs))
    uid = xliff.unit_id(po.find("A third sentence."))
    out = project / "in.xlf"
    out.write_text(f'<xliff version="1.2" xmlns="{xliff.XLIFF12}"><file original="story" source-language="en" '
                   f'target-language="pl" datatype="po"><body><trans-unit id="{uid}"><source>A third sentence.'
                   f'</source><target state="{state}">{target}</target></trans-unit></body></file></xliff>',
                   encoding="utf-8")
    assert main(["xliff", "import", str(out)]) == 0
    entry = polib.pofile(str(catalogs)).find("A third sentence.")
    assert (entry.msgstr, entry.fuzzy) == expected


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("change", ["drop", "invent"])
def test_a_target_whose_inline_codes_differ_from_its_source_is_refused_naming_unit_and_file(
        catalogs: Path, project: Path, capsys: pytest.CaptureFixture[str], version: str, change: str) -> None:
    out = project / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--version", version, "-o", str(out)]) == 0
    po = polib.pofile(str(catalogs))
    met = next(e for e in po if e.msgid.startswith("Mr. Latushka"))
    uid = xliff.unit_id(met)
    ns = _ns(version)
    ET.register_namespace("", xliff.XLIFF12 if version == "1.2" else xliff.XLIFF20)
    root = ET.fromstring(out.read_bytes())
    unit = next(u for u in root.iter(f"{ns}trans-unit" if version == "1.2" else f"{ns}unit") if u.get("id") == uid)
    target = unit.find(f".//{ns}target")
    assert target is not None
    for child in list(target):
        target.remove(child)
    target.text = "Pan Łatuszka spotkał ministrów w Warszawie."
    if change == "invent":
        ET.SubElement(target, f"{ns}x" if version == "1.2" else f"{ns}ph", {"id": "9"})
    out.write_bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True))
    before = catalogs.read_bytes()
    capsys.readouterr()
    assert main(["xliff", "import", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(out) in err and uid in err and "inline codes" in err, err
    assert ("missing <g1>" in err) and (("not in the source <x9/>" in err) == (change == "invent"))
    assert catalogs.read_bytes() == before


def test_context_group_names_are_unique_within_a_file() -> None:
    entry = polib.POEntry(msgid="Repeated.", occurrences=[("a.en.md", "3"), ("a.en.md", "9"), ("b.en.md", "")])
    po = polib.POFile()
    po.metadata = {"Language": "pl"}
    po.append(entry)
    root = ET.fromstring(xliff.export([xliff.Catalog("doc", po)], "en", "pl", "1.2"))
    names = [g.get("name") for g in root.iter(f"{{{xliff.XLIFF12}}}context-group")]
    assert len(names) == 3 and len(set(names)) == 3


OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")  # Debian's omegat package
OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat><project version="1.0"><source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>
<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file>
<dictionary_dir>__DEFAULT__</dictionary_dir><source_lang>en</source_lang><target_lang>pl</target_lang>
<source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
<target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok><sentence_seg>false</sentence_seg>
<support_default_translations>true</support_default_translations><remove_tags>false</remove_tags></project></omegat>
"""


def _omegat(project: Path, *args: str) -> None:
    java = shutil.which("java")
    assert java is not None
    subprocess.run([java, "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), str(project), *args],
                   check=True, capture_output=True, timeout=600, env={"HOME": str(project.parent / "home"),
                                                                      "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(not OMEGAT_JAR.exists() or shutil.which("java") is None, reason="OmegaT is not installed")
def test_omegat_offers_every_unit_and_its_translated_file_imports_back(catalogs: Path, project: Path) -> None:
    omt = project / "omegat-project"
    for directory in ("source", "target", "tm", "glossary", "omegat", "dictionary"):
        (omt / directory).mkdir(parents=True)
    (omt / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    exported = omt / "source" / "pl.xlf"
    assert main(["xliff", "export", "--lang", "pl", "--untranslated", "source", "-o", str(exported)]) == 0
    pseudo = project / "offered.tmx"  # every segment OmegaT offers the translator, its target the source
    _omegat(omt, "--mode=console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}",
            "--pseudotranslatetype=equal")
    po = polib.pofile(str(catalogs))
    draft = next(e for e in po if e.msgid.startswith("Mr. Latushka")).msgstr
    offered = re.findall(r'<tuv lang="en">\s*<seg>(.*?)</seg>', pseudo.read_text(encoding="utf-8"), re.S)
    assert len(offered) == len([e for e in po if e.msgid and not e.obsolete])
    # the translator's work: every segment translated ("PL " and the English, OmegaT's tags kept)
    memory = re.sub(r'(<tuv lang="pl">\s*<seg>)', r"\1PL ", pseudo.read_text(encoding="utf-8"))
    (omt / "omegat" / "project_save.tmx").write_text(memory, encoding="utf-8")
    _omegat(omt, "--mode=console-translate")
    saved = omt / "target" / "pl.xlf"
    assert main(["xliff", "import", str(saved)]) == 0
    po = polib.pofile(str(catalogs))
    third = po.find("A third sentence.")
    assert third.msgstr == "PL A third sentence." and third.fuzzy  # OmegaT leaves the state: a draft to review
    met = next(e for e in po if e.msgid.startswith("Mr. Latushka"))
    # OmegaT 3.6 offers what the <target> holds (here the fuzzy draft) for translation; the inline codes came
    # back as the placeholders they were
    assert met.msgstr == "PL " + draft and "<g1>" in draft


SCHEMAS = Path(__file__).resolve().parent / "data" / "xliff"


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("untranslated", ["empty", "source"])
def test_the_export_validates_against_the_strict_12_and_core_20_schemas(version: str, untranslated: str) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / (
        "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff_core_2.0.xsd"))))
    po = polib.pofile(APP_PO)
    story = polib.POFile()
    story.metadata = {"Language": "pl"}
    for entry in (  # the same sentence twice, codes nested, broken, dropped; a draft; an untranslated one
        polib.POEntry(msgid="Mr. Latushka met <g1>the ministers</g1>.",
                      msgstr="Pan Łatuszka spotkał <g1>ministrów</g1>.",
                      occurrences=[("story.en.md", "3"), ("story.en.md", "9")], comment="¶1\nMT: argos en-pl",
                      flags=["fuzzy"]),
        polib.POEntry(msgid="<g1>b <x2/> c</g1> d", msgstr="</g1>zły<g1> porządek <x2/>",
                      occurrences=[("story.en.md", "5")]),
        polib.POEntry(msgid="Half <g1>of it</g1>.", msgstr="Połowa <g1>tego.", tcomment="check"),
        polib.POEntry(msgid="Half <g2>of it</g2> again.", msgstr="Znów połowa tego</g2>."),
        polib.POEntry(msgid="A third sentence.", msgstr="", occurrences=[("story.en.md", "7")]),
    ):
        story.append(entry)
    data = xliff.export([xliff.Catalog("story", story), xliff.Catalog("app", po), xliff.Catalog("again", story)],
                        "en", "pl", version, untranslated)
    root = etree.fromstring(data)
    if version == "1.2":  # po2xliff's approved on a plural group, for Translate Toolkit: its one departure
        for group in root.iter(f"{{{xliff.XLIFF12}}}group"):
            group.attrib.pop("approved", None)
    assert schema.validate(root), schema.error_log
    assert xliff.read(Path("x.xlf"), data)[1][0].target == story[0].msgstr
