"""TBX interchange: v2 and v3 in, v2 and v3 out, lossless round trip, unsafe XML refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from glossary_cases import DATA, PROJECT_GLOSSARY

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.glossary import load_glossary, make_glossary
from pipeline.glossary.tbx import read_tbx, status_of, write_tbx

TBX = DATA / "tbx"


@pytest.mark.parametrize(("spelling", "status"), [
    ("preferredTerm-admn-sts", "preferred"), ("preferredTerm", "preferred"), ("Preferred", "preferred"),
    ("standardizedTerm-admn-sts", "preferred"), ("admittedTerm-admn-sts", "admitted"),
    ("admitted", "admitted"), ("deprecatedTerm-admn-sts", "forbidden"), ("deprecatedTerm", "forbidden"),
    ("supersededTerm-admn-sts", "forbidden"), ("obsolete", "forbidden"), ("notRecommended", "forbidden"),
    ("whatever", None),
])
def test_status_spellings(spelling: str, status: str | None) -> None:
    assert status_of(spelling) == status


def test_reads_tbx_v2_with_tig_and_ntig() -> None:
    latushka, eu = read_tbx(TBX / "weblate-v2.tbx")
    assert latushka.id == "pavel-latushka" and latushka.type == "name"
    assert latushka.note == "Deputy head of the United Transitional Cabinet."
    assert latushka.langs["en"].preferred == ("Pavel Latushka",)
    assert latushka.langs["en"].forbidden == ("Pavel Latushko",)
    assert latushka.langs["pl"].forbidden == ("Łatuszko",)
    assert eu.id == "eu" and eu.type == "abbreviation"
    assert (eu.langs["ru"].preferred, eu.langs["ru"].admitted) == (("ЕС",), ("Евросоюз",))


def test_reads_tbx_v3_namespaced() -> None:
    [minsk] = read_tbx(TBX / "memoq-v3.tbx")
    be = minsk.langs["be"]
    assert (be.preferred, be.admitted, be.forbidden) == (("Мінск",), ("Менск",), ("Минск",))


@pytest.mark.parametrize("version", [2, 3])
def test_round_trip_is_lossless(tmp_path: Path, version: int) -> None:
    glossary = load_glossary(PROJECT_GLOSSARY)
    path = tmp_path / "g.tbx"
    path.write_text(write_tbx(glossary, version), encoding="utf-8")
    again = make_glossary(read_tbx(path))
    assert again.version == glossary.version
    assert again.get("united-transitional-cabinet").langs["en"].exclude == \
        glossary.get("united-transitional-cabinet").langs["en"].exclude


def test_cli_export_then_import(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "export", "--glossary", str(PROJECT_GLOSSARY), "-o", "g.tbx",
                 "--tbx-version", "2"]) == 0
    assert main(["glossary", "import", "g.tbx", "-o", "glossary/imported.yaml"]) == 0
    assert load_glossary(project / "glossary").version == load_glossary(PROJECT_GLOSSARY).version


def test_the_default_export_is_the_tbx_translate_toolkit_and_weblate_read(project: Path) -> None:
    """Weblate reads glossaries with Translate Toolkit's tbxfile, which parses TBX v2 only: the default."""
    from translate.storage import tbx

    assert main(["glossary", "export", "--glossary", str(PROJECT_GLOSSARY), "-o", "g.tbx"]) == 0
    store = tbx.tbxfile.parsefile(str(project / "g.tbx"))
    glossary = load_glossary(PROJECT_GLOSSARY)
    assert [u.getid() for u in store.units] == [c.id for c in glossary.concepts]
    assert store.units[0].source == glossary.concepts[0].langs["en"].preferred[0]
    assert main(["glossary", "export", "--glossary", str(PROJECT_GLOSSARY), "-o", "g3.tbx", "--tbx-version", "3"]) == 0
    assert (project / "g3.tbx").read_text(encoding="utf-8").count("<conceptEntry") == len(glossary.concepts)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&c;</term></tig></langSet></termEntry>
</body></text></martif>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet></termEntry>
</body></text></martif>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_unsafe_xml_is_refused(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(TolmachError, match="refused unsafe XML"):
        read_tbx(path)


def test_broken_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif>\n<text>\n</martif>\n', encoding="utf-8")
    with pytest.raises(TolmachError) as caught:
        read_tbx(path)
    assert caught.value.line == 4


def test_not_tbx(tmp_path: Path) -> None:
    path = tmp_path / "x.tbx"
    path.write_text("<html/>", encoding="utf-8")
    with pytest.raises(TolmachError, match="not a TBX file"):
        read_tbx(path)


def test_import_never_replaces_a_file_without_force(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "export", "--glossary", str(PROJECT_GLOSSARY), "-o", "g.tbx"]) == 0
    people = project / "glossary" / "people.yaml"
    people.parent.mkdir()
    hand_written = "# hand-written: keep these comments\nterms: []\n"
    people.write_text(hand_written, encoding="utf-8")
    assert main(["glossary", "import", "g.tbx", "-o", str(people)]) == 2
    err = capsys.readouterr().err
    assert f"{people}: error: already exists" in err and "pass --force to replace it" in err
    assert people.read_text(encoding="utf-8") == hand_written
    assert main(["glossary", "import", "g.tbx", "-o", str(people), "--force"]) == 0
    assert load_glossary(project / "glossary").version == load_glossary(PROJECT_GLOSSARY).version


def test_import_refuses_concepts_the_glossary_folder_already_defines(project: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The README's round trip: export the glossary, import it back into the same folder."""
    shutil.copytree(PROJECT_GLOSSARY, project / "glossary")
    assert main(["glossary", "export", "-o", "terms.tbx", "--tbx-version", "2"]) == 0
    capsys.readouterr()
    output = project / "glossary" / "x.yaml"
    assert main(["glossary", "import", "terms.tbx", "-o", "glossary/x.yaml"]) == 2
    err = capsys.readouterr().err
    count = len(load_glossary(PROJECT_GLOSSARY).concepts)
    assert err.startswith(f"tolmach: terms.tbx: error: {count} concept id(s) of this file are already in the glossary")
    assert not output.exists()
    assert main(["glossary", "import", "terms.tbx", "-o", "elsewhere.yaml"]) == 0


def test_export_refuses_to_write_into_the_glossary_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(PROJECT_GLOSSARY, project / "glossary")
    assert main(["glossary", "export", "-o", "glossary/terms.tbx"]) == 2
    assert "would write the export into the glossary folder" in capsys.readouterr().err
    assert not (project / "glossary" / "terms.tbx").exists()
