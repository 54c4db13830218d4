"""The check runner and its output formats: what CI sees from `tolmach check`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest

from pipeline.checks.output import render
from pipeline.checks.registry import Check, CheckContext, EntryUnderCheck, Problem
from pipeline.checks.runner import CheckSettings, check_paths, run
from pipeline.cli import main


def no_shouting(entry: EntryUnderCheck, context: CheckContext) -> Iterator[Problem]:
    """A translation must not be written in capitals unless the source is."""
    if entry.msgstr.isupper() and not entry.msgid.isupper():
        yield Problem("translation is all capitals", found=entry.msgstr, expected=entry.msgstr.capitalize())


SHOUTING = Check("no-shouting", "error", "cosmetic", no_shouting)


def write_po(path: Path, lang: str | None, entries: list[tuple[str, str, list[str]]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", **({"Language": lang} if lang else {})}
    for msgid, msgstr, flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


@pytest.fixture
def catalogs(tmp_path: Path) -> Path:
    write_po(tmp_path / "locales/pl/LC_MESSAGES/a.po", "pl", [
        ("Hello.", "CZEŚĆ.", []),
        ("Bye.", "PA.", ["ignore-no-shouting"]),
        ("Draft.", "SZKIC.", ["fuzzy"]),
        ("Untranslated.", "", []),
        ("Fine.", "Dobrze.", []),
    ])
    return tmp_path / "locales"


def test_findings_name_file_line_rule_and_expected_form(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    assert [(f.msgid, f.rule, f.severity, f.lang) for f in report.findings] == [
        ("Hello.", "no-shouting", "error", "pl")]
    assert report.findings[0].line > 0 and report.entries == 4  # fuzzy entry not counted


def test_ignore_flag_and_fuzzy_entries(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(include_fuzzy=True), [SHOUTING])
    assert sorted(f.msgid for f in report.findings) == ["Draft.", "Hello."]


def test_project_can_disable_or_demote_a_rule(catalogs: Path) -> None:
    assert run([catalogs], CheckContext(), CheckSettings(disabled=frozenset({"no-shouting"})),
               [SHOUTING]).findings == []
    demoted = run([catalogs], CheckContext(), CheckSettings(severity={"no-shouting": "warning"}), [SHOUTING])
    assert (demoted.errors, demoted.warnings) == (0, 1)


def test_formats_carry_the_same_findings(catalogs: Path) -> None:
    report = run([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    text = render(report, "text")
    assert 'a.po:' in text and ': error: no-shouting "CZEŚĆ." — use "Cześć."' in text
    data = json.loads(render(report, "json"))
    assert set(data["findings"][0]) == {"file", "line", "msgctxt", "msgid", "msgid_plural", "lang", "rule", "term",
                                        "severity", "message", "found", "expected"}
    assert data["summary"]["errors"] == 1
    assert render(report, "github").startswith("::error file=")
    junit = ET.fromstring(render(report, "junit"))
    assert junit.find(".//failure") is not None


def test_cli_exit_codes(catalogs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0  # no registered check finds anything in a clean catalog set
    assert main(["check", "missing-dir"]) == 2
    broken = tmp_path / "locales/ru/LC_MESSAGES/b.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "b.po" in err and "error" in err


def test_findings_name_catalogs_relative_to_the_working_directory(catalogs: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = run([tmp_path / "locales"], CheckContext(), CheckSettings(), [SHOUTING])
    assert report.findings[0].file == "locales/pl/LC_MESSAGES/a.po"


def test_catalogs_are_read_one_at_a_time(catalogs: Path) -> None:
    """The runner holds one catalog at a time: the next file is read only when the caller asks for it."""
    second = write_po(catalogs / "ru/LC_MESSAGES/b.po", "ru", [("Hello.", "ПРИВЕТ.", [])])
    results = check_paths([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    first = next(results)
    assert first.path.name == "a.po" and [f.msgid for f in first.findings] == ["Hello."]
    second.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")  # broken after the first was done
    broken = next(results)
    assert broken.error is not None and broken.error.path == str(second) and broken.error.line


def test_worker_processes_find_the_same_in_the_same_order(catalogs: Path) -> None:
    for lang, doc in (("be", "b"), ("ru", "b"), ("ru", "c")):
        write_po(catalogs / f"{lang}/LC_MESSAGES/{doc}.po", lang, [("Hello.", "ПРИВЕТ.", []), ("Ok.", "Ок.", [])])
    serial = run([catalogs], CheckContext(), CheckSettings(), [SHOUTING])
    assert run([catalogs], CheckContext(), CheckSettings(), [SHOUTING], jobs=2) == serial


def test_findings_are_printed_as_each_catalog_is_done_and_a_broken_one_still_fails(
        catalogs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write_po(tmp_path / "locales/pl/LC_MESSAGES/b.po", "pl", [("Good.", "Dobrze", [])])
    broken = tmp_path / "locales/pl/LC_MESSAGES/c.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    assert main(["check", "--only", "end-punctuation"]) == 2  # bad input still wins over findings
    out, err = capsys.readouterr()
    assert "locales/pl/LC_MESSAGES/b.po:" in out and "end-punctuation" in out  # the readable ones are reported
    assert "1 error(s), 1 warning(s) in 3 catalog(s)" in out  # the unreadable one is an error finding
    assert "locales/pl/LC_MESSAGES/c.po:3: error: unreadable: invalid PO file" in out
    assert "locales/pl/LC_MESSAGES/c.po:3: error: invalid PO file" in err
    assert main(["check", "--format", "json", "-o", "report.json"]) == 2
    assert "unreadable" in (tmp_path / "report.json").read_text(encoding="utf-8")  # the report names it
    broken.unlink()
    assert main(["check", "--only", "end-punctuation", "--jobs", "2", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::warning file=locales/pl/LC_MESSAGES/b.po,line=")
    assert main(["check", "--jobs", "0"]) == 2


@pytest.mark.parametrize(("lang", "msgid", "msgstr", "loaded", "not_loaded"), [
    ("ru", "Pavel Latushka said so.", "Павел Латушко так сказал.", {"pymorphy3"}, {"hunspell", "lemmagen3"}),
    ("pl", "Pavel Latushka said so.", "Paweł Łatuszka tak teraz powiedział.", {"hunspell", "lemmagen3"},
     {"pymorphy3"}),
])
def test_a_run_loads_only_what_its_catalogs_need(tmp_path: Path, lang: str, msgid: str, msgstr: str,
                                                 loaded: set[str], not_loaded: set[str]) -> None:
    """Start-up is the cost of a pre-commit run: a language's analysers load only for its catalogs, and
    nothing heavy (MT, segmentation, the other commands' modules) is imported by `check` at all."""
    import shutil
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "glossary", tmp_path / "glossary")
    (tmp_path / "tolmach.toml").write_text(f'languages = ["{lang}"]\n', encoding="utf-8")
    write_po(tmp_path / f"locales/{lang}/LC_MESSAGES/story.po", lang, [(msgid, msgstr, [])])
    heavy = sorted(loaded | not_loaded | {"argostranslate", "ctranslate2", "torch", "pysbd", "spylls",
                                          "pipeline.commands.translate", "pipeline.commands.mt", "pipeline.jobs"})
    probe = ("import sys; from pipeline.cli import main; code = main(['check']); "
             f"print(code, sorted(m for m in {heavy!r} if m in sys.modules))")
    env = {"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env,
                          check=False)
    assert done.stdout.strip().splitlines()[-1] == f"0 {sorted(loaded)!r}", done.stderr
    # The next run asks Hunspell nothing new: its answers come from the spelling memo, libhunspell stays unloaded.
    again = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env,
                           check=False)
    assert again.stdout.strip().splitlines()[-1] == f"0 {sorted(loaded - {'hunspell'})!r}", again.stderr


def test_memo_and_worker_processes_never_change_a_finding(tmp_path: Path) -> None:
    """The runner's speed-ups against the plainest runner there is (every check on every entry, in order):
    FLORES-200 sentences in pl/ru/be with the project glossary, some repeated in a second catalog."""
    from pipeline.checks import load_checks
    from pipeline.checks.runner import entries_of
    from pipeline.glossary import project_glossary

    repo = Path(__file__).resolve().parent.parent
    flores = repo / "tests" / "data" / "flores"
    english = (flores / "eng_Latn.txt").read_text(encoding="utf-8").splitlines()
    for lang, name in (("pl", "pol_Latn"), ("ru", "rus_Cyrl"), ("be", "bel_Cyrl")):
        target = (flores / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        pairs: list[tuple[str, str, list[str]]] = [(en, tr, []) for en, tr in zip(english, target, strict=True)]
        write_po(tmp_path / f"locales/{lang}/LC_MESSAGES/a.po", lang, pairs)
        write_po(tmp_path / f"locales/{lang}/LC_MESSAGES/b.po", lang,
                 [*pairs[:10], (english[11], "", []), (english[12], target[12], ["ignore-sentence-count"])])
    glossary = project_glossary(repo / "glossary")
    checks = list(load_checks().values())
    plain = []
    for path in sorted((tmp_path / "locales").rglob("*.po")):
        po = polib.pofile(str(path))
        for entry in entries_of(po, path, po.metadata["Language"], "en"):
            for chk in checks:
                if f"ignore-{chk.name}" in entry.flags or (chk.needs_translation and not entry.msgstr) \
                        or (not entry.msgid and not chk.sees_header):  # the header: for the checks that read it
                    continue
                plain += [(path.name, entry.line, entry.lang, chk.name, p.message, p.found,
                           p.expected if p.expected != p.found else None)  # a suggestion that is no change: none
                          for p in chk.function(entry, CheckContext(glossary=glossary))]
    assert len({f[3] for f in plain}) > 3  # the catalogs give most checks something to find
    for jobs in (1, 2):
        report = run([tmp_path / "locales"], CheckContext(glossary=glossary), CheckSettings(), jobs=jobs)
        assert [(Path(f.file).name, f.line, f.lang, f.rule, f.message, f.found, f.expected)
                for f in report.findings] == plain


def test_a_run_holds_one_languages_dictionaries_at_a_time(tmp_path: Path) -> None:
    """Memory is bounded by the largest language, not the sum: when the run moves on from the Polish
    catalogs to the Russian ones, the Polish Hunspell dictionary (tens of MiB) is let go."""
    from pipeline.glossary.morphology import dictionary

    write_po(tmp_path / "locales/pl/LC_MESSAGES/a.po", "pl", [("Prisoners", "wiezniow", [])])
    write_po(tmp_path / "locales/ru/LC_MESSAGES/a.po", "ru", [("Prisoners", "заключённых", [])])
    results = check_paths([tmp_path / "locales"], CheckContext(), CheckSettings())
    polish = next(results)
    assert [f.rule for f in polish.findings] == ["polish-diacritics"]
    held = dictionary("pl")
    assert dictionary("pl") is held  # loaded once for the run's Polish catalogs
    next(results)
    assert dictionary("pl") is not held  # let go on the way to Russian: asking again loads it anew


def test_small_and_large_runs_check_in_one_process_and_those_between_in_one_per_core(
        catalogs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking workers pays off only between PARALLEL_FROM_BYTES and SERIAL_FROM_BYTES of catalogs."""
    from pipeline.checks import runner

    write_po(catalogs / "be/LC_MESSAGES/b.po", "be", [("Hello.", "Прывітанне.", [])])
    assert runner.default_jobs([catalogs]) == 1  # a pre-commit run of two one-entry catalogs
    monkeypatch.setattr(runner, "PARALLEL_FROM_BYTES", 1)
    assert runner.default_jobs([catalogs]) == max(1, len(os.sched_getaffinity(0)))
    monkeypatch.setattr(runner, "SERIAL_FROM_BYTES", 2)
    assert runner.default_jobs([catalogs]) == 1
