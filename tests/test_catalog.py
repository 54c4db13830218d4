"""Catalogs: extract, update with msgmerge semantics, headers from Babel, stable bytes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline import catalog
from pipeline.errors import TolmachError
from pipeline.segment import Segment


def seg(text: str, unit: int = 0, index: int = 0, line: int = 1) -> Segment:
    return Segment("doc", unit, index, text, line, 0, len(text))


def template(*sentences: str) -> polib.POFile:
    segments = [seg(s, unit=i, line=i + 1) for i, s in enumerate(sentences)]
    return catalog.extract("doc", "doc.txt", segments, list(sentences), {"X-Tolmach-Segmenter": "test"})


def test_a_repeated_sentence_is_one_entry_with_every_reference() -> None:
    pot = template("Same.", "Other.", "Same.")
    assert [e.msgid for e in pot] == ["Same.", "Other."]
    assert pot[0].occurrences == [("doc.txt", "1"), ("doc.txt", "3")]


def test_headers_come_from_babel_with_provenance() -> None:
    po = catalog.update(template("One."), None, "be")
    assert po.metadata["Language"] == "be"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Language-Team"].startswith("Belarusian")
    assert po.metadata["X-Tolmach-Segmenter"] == "test"
    assert po.metadata[catalog.DOCUMENT_HEADER] == "doc.txt"


def test_update_keeps_translations_and_makes_changed_sentences_fuzzy() -> None:
    first = catalog.update(template("The cat sat on the mat.", "Dogs bark."), None, "pl")
    first[0].msgstr = "Kot siedział na macie."
    first[1].msgstr = "Psy szczekają."
    first[1].tcomment = "checked by Ania"
    second = catalog.update(template("The cat sat on the red mat.", "Dogs bark."), first, "pl")
    changed, same = second[0], second[1]
    assert changed.fuzzy and changed.msgstr == "Kot siedział na macie."
    assert changed.previous_msgid == "The cat sat on the mat."
    assert not same.fuzzy and same.msgstr == "Psy szczekają." and same.tcomment == "checked by Ania"
    assert not [e for e in second if e.obsolete]  # the old sentence lives on as the fuzzy entry's #| msgid


def test_removed_translated_sentences_become_obsolete_not_lost() -> None:
    first = catalog.update(template("Gone soon.", "Stays."), None, "ru")
    first[0].msgstr = "Скоро исчезнет."
    second = catalog.update(template("Stays."), first, "ru")
    obsolete = [e for e in second if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in obsolete] == [("Gone soon.", "Скоро исчезнет.")]
    assert "#~ msgid" in str(second)
    third = catalog.update(template("Gone soon.", "Stays."), second, "ru")
    assert third[0].msgstr == "Скоро исчезнет." and not third[0].obsolete


def test_origin_comments_survive_update_but_template_comments_are_refreshed() -> None:
    first = catalog.update(template("One."), None, "pl")
    first[0].comment += "\nMT: argos en→pl 1.9\nstale note"
    second = catalog.update(template("One."), first, "pl", annotate=lambda m: ["glossary: x → y"])
    assert second[0].comment.splitlines() == ["¶1", "glossary: x → y", "MT: argos en→pl 1.9"]


def test_save_is_byte_identical_when_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "pl.po"
    assert catalog.save(catalog.update(template("One."), None, "pl"), path, "PO-Revision-Date")
    before = path.read_bytes()
    assert not catalog.save(catalog.update(template("One."), catalog.load(path), "pl"), path, "PO-Revision-Date")
    assert path.read_bytes() == before


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_written_catalogs_pass_msgfmt_check(tmp_path: Path) -> None:
    pot = template("Quotes “here”, a \"straight\" one, a tab\tand a backslash \\.", "Line two.")
    po = catalog.update(pot, None, "pl")
    po[0].msgstr = "Cudzysłów „tutaj”, \"prosty\", tabulator\ti ukośnik \\."
    for name, cat in (("t.pot", pot), ("t.po", po)):
        catalog.save(cat, tmp_path / name, "PO-Revision-Date")
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert polib.pofile(str(tmp_path / name))


def test_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nbroken here\n', encoding="utf-8")
    with pytest.raises(catalog.TolmachError) as exc:
        catalog.load(bad)
    assert exc.value.path == str(bad) and exc.value.line == 7


def test_a_catalog_for_another_document_is_refused(tmp_path: Path) -> None:
    po = catalog.update(template("One."), None, "pl")
    with pytest.raises(catalog.TolmachError, match=r"belongs to 'doc\.txt'"):
        catalog.check_document(po, tmp_path / "x.po", "other.txt")


def test_an_unterminated_string_is_a_syntax_error_not_silently_truncated(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello."\nmsgstr "Привет.\n', encoding="utf-8")
    with pytest.raises(catalog.TolmachError, match="unterminated") as exc:
        catalog.load(bad)
    assert exc.value.line == 5


def test_escaped_quotes_and_obsolete_entries_are_well_formed(tmp_path: Path) -> None:
    good = tmp_path / "good.po"
    good.write_text('msgid ""\nmsgstr ""\n\nmsgid "Say \\"hi\\" \\\\"\nmsgstr "Скажи \\"прывітанне\\""\n\n'
                    '#~ msgid "Old."\n#~ msgstr "Старое."\n', encoding="utf-8")
    po = catalog.load(good)
    assert po[0].msgstr == 'Скажи "прывітанне"' and po.obsolete_entries()[0].msgid == "Old."


def test_language_from_header_else_from_path(tmp_path: Path) -> None:
    with_header = polib.POFile()
    with_header.metadata = {"Language": "be_BY"}
    assert catalog.language_of(with_header, tmp_path / "x.po") == "be"
    assert catalog.language_of(polib.POFile(), Path("locales/ru/LC_MESSAGES/x.po")) == "ru"
    with pytest.raises(TolmachError, match="cannot tell the target language"):
        catalog.language_of(polib.POFile(), tmp_path / "x.po")
