"""The `tolmach` workflow end to end, as a translator and a CI job use it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from pipeline.cli import command_named, main
from pipeline.po import model

DOC = "examples/belarus-political-prisoners.en.txt"
CATALOGS = [f"locales/{lang}/LC_MESSAGES/belarus-political-prisoners.po" for lang in ("pl", "be", "ru")]
TEMPLATE = "locales/templates/belarus-political-prisoners.pot"


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_translate_makes_catalogs_and_documents_for_every_language(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl,be,ru"]) == 0
    for path in [TEMPLATE, *CATALOGS]:
        po = polib.pofile(str(project / path))
        assert len(po) == 34
    for lang in ("pl", "be", "ru"):
        built = (project / "out" / lang / "belarus-political-prisoners.txt").read_text(encoding="utf-8")
        assert "top of page" not in built and "Pavel Latushka" in built  # untranslated: source text


def test_translate_summary_adds_up_each_languages_catalogs(project: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl,ru", "--no-mt"]) == 0
    rows = {cells[0]: [int(x) for x in cells[1:]] for cells in map(str.split, capsys.readouterr().out.splitlines())
            if len(cells) == 5 and cells[0] in ("pl", "ru")}
    for lang in ("pl", "ru"):
        stats = model.CatalogStats.of(polib.pofile(str(project / CATALOGS[("pl", "be", "ru").index(lang)])))
        assert rows[lang] == [stats.total, stats.translated, stats.fuzzy, stats.untranslated]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_every_written_catalog_passes_msgfmt(project: Path) -> None:
    assert main(["translate", DOC]) == 0
    for path in [TEMPLATE, *CATALOGS]:
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", path], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_any_babel_language_is_a_target_with_cldr_plural_forms(project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from babel.messages.catalog import Catalog

    langs = ("pl", "be", "ru", "uk", "lt", "de")
    assert main(["translate", DOC, "--to", ",".join(langs)]) == 0
    err = capsys.readouterr().err
    for lang in langs:
        path = project / f"locales/{lang}/LC_MESSAGES/belarus-political-prisoners.po"
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        po = polib.pofile(str(path))
        assert po.metadata["Plural-Forms"] == Catalog(locale=lang).plural_forms, lang
        assert (project / "out" / lang / "belarus-political-prisoners.txt").exists()
    # a language without a module of its own: one line says what its checks have no data for
    from pipeline.checks.runner import language_note

    notes = [language_note(lang) for lang in langs if language_note(lang)]
    assert [line for line in err.splitlines() if "data for:" in line] == notes
    assert any(note.startswith("de: no German data for: quote-style") for note in notes)


def test_extract_and_update_twice_leave_files_byte_identical(project: Path) -> None:
    assert main(["extract", DOC]) == 0
    assert main(["update", "--lang", "pl,be,ru"]) == 0
    first = snapshot(project / "locales")
    assert main(["extract", DOC]) == 0
    assert main(["update", "--lang", "pl,be,ru"]) == 0
    assert snapshot(project / "locales") == first


def test_a_translators_work_survives_update_translate_and_build(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl"]) == 0
    path = project / CATALOGS[0]
    po = polib.pofile(str(path))
    # A translator translates every entry; one arrives as fuzzy and the translator clears the flag.
    for i, entry in enumerate(po):
        entry.msgstr = f"PL {i}: {entry.msgid}"
        if i == 3:
            entry.tcomment = "sprawdzone z redakcją"
    po[5].flags.append("fuzzy")
    po.save(str(path))
    po = polib.pofile(str(path))
    po[5].flags.remove("fuzzy")
    po.save(str(path))
    edited = {e.msgid: (e.msgstr, e.tcomment, e.flags) for e in polib.pofile(str(path))}

    source = project / DOC
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("receiving a monthly salary", "earning a monthly salary"), encoding="utf-8")
    for argv in (["update", "--lang", "pl"], ["translate", DOC, "--to", "pl"], ["build", "--lang", "pl"]):
        assert main(argv) == 0

    after = polib.pofile(str(path))
    changed = [e for e in after if not e.obsolete and e.msgid not in edited]
    assert len(changed) == 1 and changed[0].fuzzy and "earning" in changed[0].msgid
    assert changed[0].previous_msgid and "receiving" in changed[0].previous_msgid
    assert changed[0].msgstr == edited[changed[0].previous_msgid][0]
    for entry in after:
        if entry.msgid in edited and not entry.obsolete:
            assert (entry.msgstr, entry.tcomment, entry.flags) == edited[entry.msgid]


def test_build_strict_and_use_fuzzy(project: Path) -> None:
    assert main(["translate", DOC, "--to", "ru"]) == 0
    path = project / CATALOGS[2]
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "ЧЕРНОВИК"
        entry.flags.append("fuzzy")
    po.save(str(path))
    out = project / "out/ru/belarus-political-prisoners.txt"
    assert main(["build", "--lang", "ru", "--strict"]) == 1  # done, but fails the gate
    assert main(["build", "--lang", "ru"]) == 0 and "ЧЕРНОВИК" not in out.read_text(encoding="utf-8")
    assert main(["build", "--lang", "ru", "--use-fuzzy"]) == 0 and "ЧЕРНОВИК" in out.read_text(encoding="utf-8")
    assert main(["build", "--lang", "ru", "--strict", "--use-fuzzy"]) == 0


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: (d / "folder.txt").mkdir() or d / "folder.txt", "no documents found in this folder"),
    (lambda d: (d / "bin.txt").write_bytes(b"\x89PNG\x00\x00data") and d / "bin.txt", "binary"),
    (lambda d: (d / "empty.txt").write_text("\n\n", encoding="utf-8") and d / "empty.txt", "empty document"),
    (lambda d: (d / "doc.pdf").write_text("x", encoding="utf-8") and d / "doc.pdf", "unknown document type"),
])
def test_bad_documents_get_one_line_exit_2_and_no_files(project: Path, capsys: pytest.CaptureFixture[str],
                                                        make: Callable[[Path], Path], message: str) -> None:
    path = make(project)
    assert main(["translate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and path.name in err
    assert not (project / "locales").exists() and not (project / "out").exists()


def test_non_utf8_text_is_read_with_the_guessed_encoding(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    latin = project / "latin.txt"
    latin.write_bytes("Zażółć gęślą jaźń. To jest test.\n".encode("cp1250"))
    assert main(["extract", str(latin)]) == 0
    assert "not UTF-8; read as" in capsys.readouterr().err
    assert "Zażółć" in (project / "locales/templates/latin.pot").read_text(encoding="utf-8")


def test_an_unclear_legacy_encoding_is_refused_until_encoding_names_it(project: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tolmach.toml").write_text('source_lang = "pl"\nlanguages = ["ru"]\n', encoding="utf-8")
    story = project / "story.pl.txt"
    story.write_bytes("Uwaga: ęść.\n".encode("iso8859_2"))  # as cp1250 it reads "ę¶ć": both plausible
    assert main(["extract", str(story)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "encoding is unclear" in err and "--encoding" in err
    assert not (project / "locales").exists()
    assert main(["extract", str(story), "--encoding", "iso-8859-2"]) == 0
    assert "ęść" in (project / "locales/templates/story.pot").read_text(encoding="utf-8")


def test_a_broken_po_is_reported_with_its_line_and_left_untouched(project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl"]) == 0
    path = project / CATALOGS[0]
    broken = path.read_text(encoding="utf-8").replace('msgstr ""\n\n#. ¶3', 'msgstr ""\nnonsense\n\n#. ¶3', 1)
    path.write_text(broken, encoding="utf-8")
    assert main(["update", "--lang", "pl"]) == 2
    err = capsys.readouterr().err
    assert f"{CATALOGS[0]}:" in err.replace(str(project) + "/", "") and "invalid PO file" in err
    assert path.read_text(encoding="utf-8") == broken


def test_a_catalog_for_another_document_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl"]) == 0
    other = project / "other.txt"
    other.write_text("Another story.\n", encoding="utf-8")
    assert main(["extract", str(other)]) == 0
    stranger = project / "locales/pl/LC_MESSAGES/other.po"
    shutil.copy(project / CATALOGS[0], stranger)
    before = stranger.read_bytes()
    assert main(["update", "--lang", "pl"]) == 2
    assert "belongs to" in capsys.readouterr().err
    assert stranger.read_bytes() == before


def test_config_file_sets_languages_and_flags_override(project: Path) -> None:
    (project / "tolmach.toml").write_text('languages = ["be"]\nlocales_dir = "l10n"\n', encoding="utf-8")
    assert main(["translate", DOC]) == 0
    assert (project / "l10n/be/LC_MESSAGES/belarus-political-prisoners.po").exists()
    assert not (project / "l10n/pl").exists()
    assert main(["update", "--lang", "ru"]) == 0
    assert (project / "l10n/ru/LC_MESSAGES/belarus-political-prisoners.po").exists()


def test_unknown_language_and_config_keys_are_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "ua"]) == 2
    assert "use the language code 'uk'" in capsys.readouterr().err
    assert main(["translate", DOC, "--to", "pl,german"]) == 2
    assert "use the language code 'de'" in capsys.readouterr().err
    assert not (project / "locales").exists()
    (project / "tolmach.toml").write_text('langs = ["pl"]\n', encoding="utf-8")
    assert main(["extract", DOC]) == 2


def test_translate_prefills_from_the_translation_memory(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    path = project / CATALOGS[0]
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"[pl] {entry.msgid}"
    po.save(str(path))
    assert main(["tm", "learn", "locales"]) == 0
    sequel = project / "sequel.txt"
    sequel.write_text("Source: pap.pl\n\nA sentence the memory has never seen.\n", encoding="utf-8")
    assert main(["translate", str(sequel), "--to", "pl", "--no-mt"]) == 0
    entries = {e.msgid: e for e in polib.pofile(str(project / "locales/pl/LC_MESSAGES/sequel.po"))}
    assert entries["Source: pap.pl"].msgstr == "[pl] Source: pap.pl" and not entries["Source: pap.pl"].fuzzy
    assert entries["A sentence the memory has never seen."].msgstr == ""


@pytest.mark.parametrize(("argv", "command"), [
    (["check", "--jobs", "2"], "check"), (["-q", "-C", "proj", "check"], "check"), (["--project=x", "mt"], "mt"),
    (["-C", "check", "build"], "build"),  # -C takes a value, even one that is a command's name
    (["--help"], None), (["--version", "check"], None), ([], None), (["chek"], None),
])
def test_a_run_builds_the_parser_of_its_own_command_only(argv: list[str], command: str | None) -> None:
    """A run reads which command it runs past the global options and imports that command's module alone;
    help, version and a misspelt command get the parser of every command (and its list of choices)."""
    assert command_named(argv) == command
