"""Catalogs: extract, update with msgmerge semantics, headers from Babel, stable bytes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.errors import TolmachError
from pipeline.po import headers, layouts, merge, read, template, write
from pipeline.segment import Segment
from pipeline.workspace import save_catalog as save


def seg(text: str, unit: int = 0, index: int = 0, line: int = 1) -> Segment:
    return Segment("doc", unit, index, text, line, 0, len(text))


def template_of(*sentences: str) -> polib.POFile:
    segments = [seg(s, unit=i, line=i + 1) for i, s in enumerate(sentences)]
    return template.extract("doc", "doc.txt", segments, list(sentences), {"X-Tolmach-Segmenter": "test"})


def test_a_repeated_sentence_is_one_entry_with_every_reference() -> None:
    pot = template_of("Same.", "Other.", "Same.")
    assert [e.msgid for e in pot] == ["Same.", "Other."]
    assert pot[0].occurrences == [("doc.txt", "1"), ("doc.txt", "3")]


def test_headers_come_from_babel_with_provenance() -> None:
    po = merge.update(template_of("One."), None, "be")
    assert po.metadata["Language"] == "be"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Language-Team"].startswith("Belarusian")
    assert po.metadata["X-Tolmach-Segmenter"] == "test"
    assert po.metadata[headers.DOCUMENT_HEADER] == "doc.txt"


def test_update_keeps_translations_and_makes_changed_sentences_fuzzy() -> None:
    first = merge.update(template_of("The cat sat on the mat.", "Dogs bark."), None, "pl")
    first[0].msgstr = "Kot siedział na macie."
    first[1].msgstr = "Psy szczekają."
    first[1].tcomment = "checked by Ania"
    second = merge.update(template_of("The cat sat on the red mat.", "Dogs bark."), first, "pl")
    changed, same = second[0], second[1]
    assert changed.fuzzy and changed.msgstr == "Kot siedział na macie."
    assert changed.previous_msgid == "The cat sat on the mat."
    assert not same.fuzzy and same.msgstr == "Psy szczekają." and same.tcomment == "checked by Ania"
    assert not [e for e in second if e.obsolete]  # the old sentence lives on as the fuzzy entry's #| msgid


def test_removed_translated_sentences_become_obsolete_not_lost() -> None:
    first = merge.update(template_of("Gone soon.", "Stays."), None, "ru")
    first[0].msgstr = "Скоро исчезнет."
    second = merge.update(template_of("Stays."), first, "ru")
    obsolete = [e for e in second if e.obsolete]
    assert [(e.msgid, e.msgstr) for e in obsolete] == [("Gone soon.", "Скоро исчезнет.")]
    assert "#~ msgid" in str(second)
    third = merge.update(template_of("Gone soon.", "Stays."), second, "ru")
    assert third[0].msgstr == "Скоро исчезнет." and not third[0].obsolete


def test_origin_comments_survive_update_but_template_comments_are_refreshed() -> None:
    first = merge.update(template_of("One."), None, "pl")
    first[0].comment += "\nMT: argos en→pl 1.9\nstale note"
    second = merge.update(template_of("One."), first, "pl", annotate=lambda m: ["glossary: x → y"])
    assert second[0].comment.splitlines() == ["glossary: x → y", "¶1", "MT: argos en→pl 1.9"]  # glossary first


def test_save_is_byte_identical_when_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "pl.po"
    pot = template_of("One.")  # one template: two would differ in POT-Creation-Date when a minute turns between
    assert save(merge.update(pot, None, "pl"), path)
    before = path.read_bytes()
    assert not save(merge.update(pot, read.load(path), "pl"), path)
    assert path.read_bytes() == before


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_written_catalogs_pass_msgfmt_check(tmp_path: Path) -> None:
    pot = template_of("Quotes “here”, a \"straight\" one, a tab\tand a backslash \\.", "Line two.")
    po = merge.update(pot, None, "pl")
    po[0].msgstr = "Cudzysłów „tutaj”, \"prosty\", tabulator\ti ukośnik \\."
    for name, cat in (("t.pot", pot), ("t.po", po)):
        save(cat, tmp_path / name)
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(tmp_path / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert polib.pofile(str(tmp_path / name))


def test_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nmsgid "c"\nbroken here\n', encoding="utf-8")
    with pytest.raises(TolmachError) as exc:
        read.load(bad)
    assert exc.value.path == str(bad) and exc.value.line == 7


def test_a_catalog_for_another_document_is_refused(tmp_path: Path) -> None:
    po = merge.update(template_of("One."), None, "pl")
    with pytest.raises(TolmachError, match=r"belongs to 'doc\.txt'"):
        headers.check_document(po, tmp_path / "x.po", "other.txt")


def test_an_unterminated_string_is_a_syntax_error_not_silently_truncated(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "Hello."\nmsgstr "Привет.\n', encoding="utf-8")
    with pytest.raises(TolmachError, match="unterminated") as exc:
        read.load(bad)
    assert exc.value.line == 5


def test_escaped_quotes_and_obsolete_entries_are_well_formed(tmp_path: Path) -> None:
    good = tmp_path / "good.po"
    good.write_text('msgid ""\nmsgstr ""\n\nmsgid "Say \\"hi\\" \\\\"\nmsgstr "Скажи \\"прывітанне\\""\n\n'
                    '#~ msgid "Old."\n#~ msgstr "Старое."\n', encoding="utf-8")
    po = read.load(good)
    assert po[0].msgstr == 'Скажи "прывітанне"' and po.obsolete_entries()[0].msgid == "Old."


def test_the_string_check_takes_crlf_and_obsolete_entries(tmp_path: Path) -> None:
    """CRLF files are fine, and an obsolete entry's strings are checked too."""
    fine = tmp_path / "fine.po"
    fine.write_bytes('msgid ""\r\nmsgstr ""\r\n\r\nmsgid "A."\r\nmsgstr "Б."\r\n'.encode())
    assert read.load(fine)[0].msgstr == "Б."
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\n#~ msgid "Old."\n#~ msgstr "Старое.\n', encoding="utf-8")
    with pytest.raises(TolmachError, match="unterminated") as exc:
        read.load(bad)
    assert exc.value.line == 5


def test_language_from_header_else_from_path(tmp_path: Path) -> None:
    with_header = polib.POFile()
    with_header.metadata = {"Language": "be_BY"}
    assert layouts.language_of(with_header, tmp_path / "x.po") == "be"
    assert layouts.language_of(polib.POFile(), Path("locales/ru/LC_MESSAGES/x.po")) == "ru"
    with pytest.raises(TolmachError, match="cannot tell the target language"):
        layouts.language_of(polib.POFile(), tmp_path / "x.po")


def parse(text: str) -> polib.POFile:
    plural = "plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    header = ('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              f'"Plural-Forms: nplurals=3; {plural};\\n"\n\n')
    return read.parse((header + text).encode("utf-8"), Path("x.po"))


def test_messages_are_keyed_by_context_and_msgid() -> None:
    old = parse('msgctxt "menu"\nmsgid "Delete"\nmsgstr "Usuń"\n\nmsgctxt "button"\nmsgid "Delete"\nmsgstr "Skasuj"\n')
    pot = parse('msgctxt "button"\nmsgid "Delete"\nmsgstr ""\n\nmsgctxt "menu"\nmsgid "Delete"\nmsgstr ""\n')
    merged = merge.update(pot, old, "pl")
    assert [(e.msgctxt, e.msgstr, e.fuzzy) for e in merged] == [("button", "Skasuj", False), ("menu", "Usuń", False)]


def test_plural_forms_survive_and_a_changed_plural_is_fuzzy_with_its_previous_text() -> None:
    old = parse('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d plik"\nmsgstr[1] "%d pliki"\n'
                'msgstr[2] "%d plików"\n')
    same = merge.update(parse('msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'), old, "pl")
    assert same[0].msgstr_plural == {0: "%d plik", 1: "%d pliki", 2: "%d plików"} and not same[0].fuzzy
    changed = merge.update(parse('msgid "%d file"\nmsgid_plural "%d documents"\nmsgstr[0] ""\n'), old, "pl")
    assert changed[0].fuzzy and changed[0].msgstr_plural[2] == "%d plików"
    assert (changed[0].previous_msgid, changed[0].previous_msgid_plural) == ("%d file", "%d files")


def test_new_plural_entries_get_as_many_forms_as_the_language_has() -> None:
    pot = parse('msgid "%d day"\nmsgid_plural "%d days"\nmsgstr[0] ""\nmsgstr[1] ""\n')
    assert merge.update(pot, None, "be")[0].msgstr_plural == {0: "", 1: "", 2: ""}
    assert headers.nplurals_of(merge.update(pot, None, "uk"), "uk") == 3


def test_format_flags_come_from_the_template_and_the_translators_flags_stay() -> None:
    old = parse('#, c-format, ignore-length-ratio\nmsgid "%s removed"\nmsgstr "%s usunięto"\n')
    pot = parse('#, python-format\nmsgid "%s removed"\nmsgstr ""\n\n#, python-brace-format\nmsgid "{n} new"\n'
                'msgstr ""\n')
    merged = merge.update(pot, old, "pl")
    assert merged[0].flags == ["python-format", "ignore-length-ratio"]
    assert merged[1].flags == ["python-brace-format"]


def test_a_fuzzy_match_across_contexts_records_the_previous_context() -> None:
    old = parse('# checked\nmsgctxt "menu"\nmsgid "Delete the file"\nmsgstr "Usuń plik"\n')
    merged = merge.update(parse('msgctxt "toolbar"\nmsgid "Delete the files"\nmsgstr ""\n'), old, "pl")
    entry = merged[0]
    assert entry.fuzzy and entry.msgstr == "Usuń plik" and entry.tcomment == "checked"
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("menu", "Delete the file")
    assert "#| msgctxt \"menu\"" in write.render(merged)


def test_obsolete_entries_keep_context_plurals_flags_and_previous_text() -> None:
    old = parse('#~ msgctxt "ctx"\n#~ msgid "Gone"\n#~ msgid_plural "Gones"\n#~ msgstr[0] "A"\n#~ msgstr[1] "B"\n'
                '#~ msgstr[2] "C"\n\n# note\n#, fuzzy\n#~| msgid "Older"\n#~ msgid "Old"\n#~ msgstr "Stary"\n')
    merged = merge.update(parse('msgid "Unrelated text entirely"\nmsgstr ""\n'), old, "pl")
    text = write.render(merged)
    assert '#~ msgctxt "ctx"' in text and '#~ msgstr[2] "C"' in text
    assert '# note\n#, fuzzy\n#~| msgid "Older"\n#~ msgid "Old"' in text
    assert write.render(read.parse(text.encode(), Path("x.po"))) == text


def test_long_comments_are_never_rewrapped() -> None:
    note = ("TRANSLATORS: " + "a very long note " * 10).strip()
    pot = parse(f'#. {note}\nmsgid "One"\nmsgstr ""\n')
    merged = merge.update(pot, None, "pl")
    merged[0].tcomment = ("translator " * 12).strip()
    again = read.parse(write.render(merged).encode(), Path("x.po"))
    assert again[0].comment == note and again[0].tcomment == merged[0].tcomment


def test_an_iso_8859_2_catalog_is_read_and_written_in_its_charset(tmp_path: Path) -> None:
    path = tmp_path / "pl.po"
    path.write_bytes('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=ISO-8859-2\\n"\n\n'
                     'msgid "Yes"\nmsgstr "Łódź żółć"\n'.encode("iso-8859-2"))
    po = read.load(path)
    assert po[0].msgstr == "Łódź żółć"
    po[0].tcomment = "ok"
    save(po, path)
    assert "Łódź".encode("iso-8859-2") in path.read_bytes()
    po[0].msgstr = "Пример"  # no longer fits ISO-8859-2: the file becomes UTF-8, header included
    save(po, path)
    assert read.load(path)[0].msgstr == "Пример" and b"charset=UTF-8" in path.read_bytes()


def test_an_unknown_charset_is_refused_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KLINGON\\n"\n')
    with pytest.raises(TolmachError, match="unknown charset 'KLINGON'"):
        read.load(path)


def test_paragraph_context_is_bounded_to_the_neighbouring_sentences() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(200)]
    segments = [seg(s, unit=0, index=i, line=1) for i, s in enumerate(sentences)]
    pot = template.extract("doc", "doc.txt", segments, [" ".join(sentences)], {})
    assert pot[10].comment == ("¶1, sentence 11 of 200: … Sentence number 9 is here. Sentence number 10 is here. "
                               "Sentence number 11 is here. …")
    assert pot[0].comment.startswith("¶1, sentence 1 of 200: Sentence number 0")
    assert max(len(e.comment) for e in pot) < 150


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_a_hostile_document_name_cannot_add_entries(tmp_path: Path) -> None:
    name = 'evil\nmsgid "injected"\nmsgstr "x"\n\x1b[31m dir/a b.txt'
    pot = template.extract("doc", name, [seg("One.")], ["One."], {})
    path = tmp_path / "t.pot"
    save(pot, path)
    again = read.load(path)
    assert [e.msgid for e in again] == ["One."]
    assert "\\n" in again.metadata[headers.DOCUMENT_HEADER]
    headers.check_document(again, path, name)  # the same name still matches its own catalog
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_mt_notes_are_one_short_line_and_older_notes_still_read() -> None:
    """The draft is the fuzzy msgstr: its note says where it came from, with no hash, score or 68-column cuts."""
    from pipeline.po.notes import MTNote, parse_mt

    note = MTNote("argos en→ru 1.9 → apertium rus-bel 0.2.1", untranslated=("сообщают", "Gripen"))
    assert note.lines() == ["MT: argos en→ru 1.9 → apertium rus-bel 0.2.1",
                            "MT: words left untranslated: сообщают, Gripen"]
    assert parse_mt("\n".join(note.lines())) == note
    older = ("¶3\nMT: argos en→ru 1.0 → apertium rus-bel 0.2.1 → postedit be-3, score -0.42\n"
             "MT: words left untranslated:\nMT: сообщают, Gripen\nMT: draft 0123abcd")
    parsed = parse_mt(older)
    assert parsed is not None and parsed.route == "argos en→ru 1.0 → apertium rus-bel 0.2.1 → postedit be-3"
    assert parsed.untranslated == ("сообщают", "Gripen") and parsed.legacy_hash == "0123abcd"
    assert parse_mt("¶3\nTM 92%: something") is None
