"""An unlucky or hostile user gets one line and exit status 2, never a traceback.

Each case is a real file-system situation (a file where a folder should be, a read-only folder, a closed
pipe) run through the `tolmach` entry point.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from pipeline.cli import main

DOC = "examples/belarus-political-prisoners.en.txt"


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_locales_being_a_file_is_named_in_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "locales").write_text("not a folder", encoding="utf-8")
    assert main(["extract", DOC]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {project / 'locales'}: error: is a file, but a directory is needed here "
        "(move the file away or point the setting at another directory)")


def test_out_being_a_file_is_named_in_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "out").write_text("not a folder", encoding="utf-8")
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 2
    err = capsys.readouterr().err
    assert one_line(err[err.index("tolmach:"):]).startswith(f"tolmach: {project / 'out'}: error: is a file")


def unwritable_directory(project: Path) -> Path:
    """A folder this process cannot write into: a read-only one, or for root (who ignores modes) /sys."""
    if os.geteuid() != 0:
        folder = project / "readonly"
        folder.mkdir(mode=0o555)
        return folder
    probe = Path("/sys/tolmach-probe")
    try:
        probe.mkdir()
    except OSError:
        return Path("/sys")
    probe.rmdir()
    pytest.skip("running as root with a writable /sys: no read-only folder to try")


def test_a_read_only_output_folder_is_named_in_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = unwritable_directory(project) / "out"
    (project / "tolmach.toml").write_text(f'languages = ["pl"]\noutput_dir = "{target}"\n', encoding="utf-8")
    assert main(["translate", DOC, "--no-mt"]) == 2
    err = capsys.readouterr().err
    line = one_line(err[err.index("tolmach:"):])
    assert line.startswith(f"tolmach: {target}") and "error:" in line


def test_a_document_named_only_by_its_extension_is_refused(project: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".en.txt").write_text("A sentence.\n", encoding="utf-8")
    assert main(["translate", ".en.txt", "--to", "pl", "--no-mt"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "tolmach: .en.txt: error: the file name '.en.txt' leaves no document name for its catalogs "
        "(rename it, e.g. story.en.txt)")
    assert not (project / "locales").exists()


@pytest.mark.parametrize("argv", [["models", "list"], ["glossary", "lint", str(REPO / "glossary")]])
def test_a_reader_that_goes_away_is_not_an_error_worth_a_traceback(argv: list[str]) -> None:
    """`tolmach models list | head -1`: stdout is a pipe nobody reads any more."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([sys.executable, "-m", "pipeline", *argv], stdout=write_end,
                                stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=120)
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # as a process killed by SIGPIPE, what the shell reports for `yes | head`


def test_the_summary_goes_to_stdout_and_messages_to_stderr(project: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """`tolmach translate … > log` keeps the summary table; the notes stay on the terminal."""
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].split() == ["lang", "segments", "translated", "fuzzy", "untranslated"]
    assert out.splitlines()[1].split()[0] == "pl"
    assert "cleanup: removed boilerplate" in err and "lang" not in err.split()


def test_a_symlinked_catalog_stays_a_symlink_through_update(project: Path) -> None:
    """Newsrooms link one translator checkout into several projects: the link must survive a run."""
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    shared = project / "shared.po"
    catalog.replace(shared)
    catalog.symlink_to(shared)
    text = shared.read_text(encoding="utf-8")
    reference = next(line for line in text.splitlines(keepends=True) if line.startswith("#: "))
    shared.write_text(text.replace(reference, "", 1), encoding="utf-8")  # update puts the template's back
    assert main(["update", "--lang", "pl"]) == 0
    assert catalog.is_symlink() and catalog.resolve() == shared.resolve()
    assert shared.read_text(encoding="utf-8") == text


def test_the_mt_cache_lives_in_the_project_by_default(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.config import load_config
    from pipeline.mt.cache import DraftCache, cache_dir

    monkeypatch.delenv("TOLMACH_CACHE_DIR", raising=False)
    cache = DraftCache(cache_dir(load_config(project)))
    cache.put_many("route", [])
    cache.close()
    assert cache.path == project / ".tolmach" / "mt-drafts.sqlite3" and cache.path.is_file()
    assert (project / ".tolmach" / ".gitignore").is_file()


def test_a_missing_project_directory_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-C", str(tmp_path / "nowhere"), "update"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {tmp_path / 'nowhere'}: error: no such project directory (-C takes the folder of the project)")


def test_a_pipe_is_refused_as_a_document_rather_than_read_forever(project: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(project / "feed.en.txt")
    assert main(["extract", "feed.en.txt"]) == 2
    assert "is not a regular file" in one_line(capsys.readouterr().err)


def test_a_file_name_that_is_not_utf8_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"story\xff.en.txt")
    (project / name).write_text("A sentence.\n", encoding="utf-8")
    assert main(["translate", name, "--to", "pl", "--no-mt"]) == 2
    assert "the file name is not valid UTF-8" in one_line(capsys.readouterr().err)
    assert not (project / "locales").exists()


def test_a_file_where_the_state_folder_goes_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    shutil.rmtree(project / ".tolmach")  # it holds the project lock
    (project / ".tolmach").write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["tm", "learn"]) == 2
    assert one_line(capsys.readouterr().err).startswith(
        f"tolmach: {project / '.tolmach'}: error: is a file, but a directory is needed here")
