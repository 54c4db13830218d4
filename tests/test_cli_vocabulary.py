"""One front door: every command speaks the same flags, prints its result on stdout and its messages on
stderr, says one line with -q, shows examples in --help, exits with the same codes, and completes in a shell."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import COMMANDS, main, make_parser

REPO = Path(__file__).resolve().parent.parent
DOC = "examples/belarus-political-prisoners.en.txt"
TRANSLATION = "story.pl.txt"


def parsers(parser: argparse.ArgumentParser, name: str = "tolmach") -> list[tuple[str, argparse.ArgumentParser]]:
    """Every command's and every action's parser (`tolmach glossary export`), with its name."""
    found = [(name, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                found += parsers(sub, f"{name} {sub_name}")
    return found


def test_every_command_and_action_shows_examples_in_its_help() -> None:
    parser, _ = make_parser()
    every = parsers(parser)
    assert {name.split()[1] for name, _ in every if name != "tolmach"} == set(COMMANDS)
    for name, sub in every:
        text = sub.format_help()
        assert "examples:\n  tolmach " in text, name
        for line in text.split("examples:\n", 1)[1].splitlines():
            if line.startswith("  tolmach"):
                assert line.split()[1] in COMMANDS, (name, line)


def test_lang_and_to_are_one_flag_in_every_command_that_takes_languages() -> None:
    parser, _ = make_parser()
    with_lang = [(name, sub) for name, sub in parsers(parser)
                 if any("--lang" in a.option_strings for a in sub._actions)]
    assert {name for name, _ in with_lang} >= {"tolmach translate", "tolmach update", "tolmach build", "tolmach mt",
                                               "tolmach report", "tolmach align", "tolmach xliff export",
                                               "tolmach config"}
    for name, sub in with_lang:
        [action] = [a for a in sub._actions if "--lang" in a.option_strings]
        assert action.option_strings == ["--lang", "--to"], name


@pytest.mark.parametrize("argv", [["-q", "-C", "{p}", "check"], ["check", "-q", "-C", "{p}"],
                                  ["-C", "{p}", "check", "--quiet"], ["check", "--project", "{p}", "-q"]])
def test_global_flags_are_taken_before_and_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            argv: list[str]) -> None:
    (tmp_path / "locales").mkdir()
    assert main([a.format(p=tmp_path) for a in argv]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["0 error(s), 0 warning(s) in 0 catalog(s), 0 entries checked"] and err == ""


@pytest.fixture
def full_project(project: Path) -> Path:
    """The example project with its glossary, a translation memory file and a Polish translation to align."""
    shutil.copytree(REPO / "glossary", project / "glossary")
    (project / TRANSLATION).write_text(
        "Więźniowie polityczni zostali zwolnieni w poniedziałek. Powiedzieli, że warunki w więzieniu były bardzo "
        "ciężkie i że przez długi czas nie mieli żadnych wiadomości od swoich rodzin.\n", encoding="utf-8")
    (project / "story.en.txt").write_text(
        "The political prisoners were released on Monday. They said that the conditions in the prison were very "
        "hard and that they had no news from their families for a long time.\n", encoding="utf-8")
    return project


# every command and action, in an order in which each one has what it needs; `completion` prints a script
# (its result, which -q cannot shorten)
QUIET_RUNS = [
    ["extract", DOC],
    ["update"],
    ["translate", DOC, "--no-mt"],
    ["build", "--lang", "pl"],
    ["check"],
    ["report", "-o", "review.html"],
    ["glossary", "lint"],
    ["glossary", "export", "-o", "terms.tbx"],
    ["glossary", "import", "terms.tbx", "-o", "imported.yaml"],
    ["xliff", "export", "--lang", "pl", "-o", "pl.xlf"],
    ["xliff", "import", "pl.xlf"],
    ["align", "story.en.txt", TRANSLATION, "--lang", "pl", "--no-mt"],
    ["tm", "stats"],
    ["tm", "export", "-o", "memory.tmx"],
    ["tm", "import", "memory.tmx"],
    ["tm", "learn"],
    ["models", "list"],
    ["config"],
]


def test_every_command_says_one_line_with_q_after_its_name(full_project: Path,
                                                           capfd: pytest.CaptureFixture[str]) -> None:
    covered = set()
    for argv in QUIET_RUNS:
        depth = 2 if argv[0] in ("glossary", "xliff", "tm", "models") else 1
        quiet = [*argv[:depth], "-q", *argv[depth:]]
        assert main(quiet) == 0, quiet
        out, err = capfd.readouterr()
        lines = (out + err).splitlines()
        assert len(lines) <= 1 and err == "", (quiet, lines)
        covered.add(argv[0])
    assert covered == set(COMMANDS) - set(NOT_RUN_HERE)


# commands the test above does not run, and why (a new command joins QUIET_RUNS or says here why not)
NOT_RUN_HERE = {"mt": "needs a model: test_mt_and_models_say_one_line_with_q",
                "completion": "prints a shell script, its result, which -q cannot shorten",
                "serve": "runs until stopped"}


@pytest.mark.mt
def test_mt_and_models_say_one_line_with_q(project: Path, argos_packages: dict[str, Path],
                                           capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--lang", "pl", "--no-mt"]) == 0
    packages = str(project / "packages")
    runs = [["models", "install", "-q", str(argos_packages["en-pl"]), "--packages-dir", packages],
            ["mt", "-q", "--lang", "pl", "--packages-dir", packages],
            ["models", "verify", "-q", "--packages-dir", packages],
            ["models", "remove", "-q", "en-pl", "--packages-dir", packages]]
    capfd.readouterr()
    for argv in runs:
        # --packages-dir belongs to `models` itself: put it before the action
        if argv[0] == "models":
            argv = ["models", "--packages-dir", packages, *argv[1:-2]]
        assert main(argv) == 0, argv
        out, err = capfd.readouterr()
        assert len((out + err).splitlines()) <= 1 and err == "", (argv, out, err)


def test_mt_that_can_draft_nothing_exits_2_as_any_command_with_nothing_to_do(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--lang", "pl", "--no-mt"]) == 0
    capsys.readouterr()
    empty = tmp_path / "no-models"
    empty.mkdir()
    assert main(["mt", "--lang", "pl", "--packages-dir", str(empty)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "no language could be drafted: pl no model" in err
    assert main(["report", "--lang", "uk"]) == 2  # no catalogs: nothing to do, the same status


def test_results_go_to_stdout_and_messages_to_stderr(full_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--lang", "pl", "--no-mt"]) == 0
    out, err = capsys.readouterr()
    assert "pl: wrote " in out and "segments" in out  # the files written and the table
    assert "cleanup: removed boilerplate" in err and "wrote" not in err
    for argv, result in ((["extract", DOC], "entries from"), (["update", "--lang", "pl"], "translated"),
                         (["report", "--lang", "pl", "-o", "r.html"], "wrote"),
                         (["glossary", "export", "-o", "t.tbx"], "concepts as TBX v2"),
                         (["build", "--lang", "pl"], "left in the source language")):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert result in out and result not in err, argv


def test_the_exit_statuses_are_documented_in_the_readme_and_in_help() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for status in ("0", "1", "2", "130", "141"):
        assert f"\n| {status} | " in readme, status
    parser, _ = make_parser()
    help_text = parser.format_help().split("exit status:", 1)[1]
    for status in ("0 done", "1 done, but", "2 nothing could be done", "130 interrupted"):
        assert status in " ".join(help_text.split()), status


def test_completion_scripts_come_from_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    for word in ("translate", "--lang", "--to", "glossary", "export", "--tbx-version", "cuda"):
        assert word in script, word
    bash = shutil.which("bash")
    if bash:  # bash itself completes a command, a flag and a setting's choices with the script
        def complete(*words: str) -> list[str]:
            line = " ".join(words)
            run = subprocess.run([bash, "-c", 'eval "$SCRIPT"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); '
                                  f'COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)}; _shtab_tolmach; '
                                  'printf "%s\\n" "${COMPREPLY[@]}"', "bash", *words],
                                 env={"SCRIPT": script, "PATH": os.environ.get("PATH", "")},
                                 capture_output=True, text=True, timeout=60)
            assert run.returncode == 0, run.stderr
            return run.stdout.split()
        assert complete("tolmach", "tr") == ["translate"]
        assert complete("tolmach", "mt", "--dev") == ["--device"]
        assert complete("tolmach", "mt", "--device", "") == ["cpu", "cuda", "auto"]
        assert "--tbx-version" in complete("tolmach", "glossary", "export", "--")
    assert main(["completion", "zsh", "-q"]) == 0 and "#compdef tolmach" in capsys.readouterr().out
