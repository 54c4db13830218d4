"""An unlucky or hostile user gets one line and exit status 2, never a traceback.

Each case is a real file-system situation (a file where a folder should be, a read-only folder, a closed
pipe) run through the `tolmach` entry point.
"""

from __future__ import annotations

import json
import os
import re
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
    """`tolmach translate … > log` keeps the files written and the summary table; the notes stay on the
    terminal."""
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("pl: wrote ")
    assert out.splitlines()[-2].split() == ["lang", "segments", "translated", "fuzzy", "untranslated"]
    assert out.splitlines()[-1].split()[0] == "pl"
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


# --- paths from inside files (issue 23, item 1) ----------------------------------------------------------------

def _vendor_xliff(project: Path, original: str, lang: str = "pl") -> Path:
    """The project's own XLIFF export, sent back by a vendor with its `original` (and target language)
    rewritten, one translation filled in."""
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    assert main(["xliff", "export", "--lang", "pl", "-o", "out.xlf"]) == 0
    text = (project / "out.xlf").read_text(encoding="utf-8")
    text = text.replace('original="belarus-political-prisoners"', f'original="{original}"')
    text = text.replace('target-language="pl"', f'target-language="{lang}"')
    text = text.replace("</source>", "</source><target>Przetłumaczone.</target>", 1)
    (project / "vendor.xlf").write_text(text, encoding="utf-8")
    return project / "vendor.xlf"


def _victim(project: Path) -> Path:
    """A catalog outside the project that the vendor's file names."""
    victim = project.parent / f"{project.name}-victim" / "victim.po"
    victim.parent.mkdir()
    shutil.copy(project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po", victim)
    return victim


@pytest.mark.parametrize("original", ["ABSOLUTE", "../../../../VICTIM", "..", ".hidden", "a\\b"])
def test_an_xliff_original_naming_a_path_is_refused_and_nothing_is_written(
        project: Path, capsys: pytest.CaptureFixture[str], original: str) -> None:
    xlf = _vendor_xliff(project, "x")
    victim = _victim(project)
    before = victim.read_bytes()
    value = original.replace("ABSOLUTE", str(victim.with_suffix(""))).replace(
        "VICTIM", f"{project.name}-victim/victim")
    xlf.write_text(xlf.read_text(encoding="utf-8").replace('original="x"', f'original="{value}"'), encoding="utf-8")
    capsys.readouterr()
    assert main(["xliff", "import", str(xlf)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"tolmach: {xlf}: error: document name (original) ") and "this project" in line
    assert victim.read_bytes() == before


def test_an_xliff_target_language_naming_a_path_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _vendor_xliff(project, "belarus-political-prisoners", lang="../../../../elsewhere")
    capsys.readouterr()
    assert main(["xliff", "import", str(xlf)]) == 2
    assert "is not a language code" in one_line(capsys.readouterr().err)
    assert not (project.parent / "elsewhere").exists()


def test_the_projects_own_xliff_still_comes_back(project: Path) -> None:
    xlf = _vendor_xliff(project, "belarus-political-prisoners")
    assert main(["xliff", "import", str(xlf)]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    assert 'msgstr "Przetłumaczone."' in catalog.read_text(encoding="utf-8")


@pytest.mark.parametrize("ref", ["ABSOLUTE", "../secret.txt", "examples/../../secret.txt"])
def test_a_template_naming_a_document_outside_the_project_is_not_built_from(
        project: Path, capsys: pytest.CaptureFixture[str], ref: str) -> None:
    """A template is anyone's file (a pull request, a vendor): its X-Tolmach-Document header must not make
    `build` read a file outside the project into out/."""
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    secret = project.parent / "secret.txt"
    secret.write_text("Private key.\n", encoding="utf-8")
    pot = project / "locales" / "templates" / "belarus-political-prisoners.pot"
    value = ref.replace("ABSOLUTE", str(secret))
    pot.write_bytes(pot.read_bytes().replace(f"X-Tolmach-Document: {DOC}".encode(),
                                             f"X-Tolmach-Document: {value}".encode()))
    shutil.rmtree(project / "out")
    capsys.readouterr()
    assert main(["build", "--lang", "pl"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"tolmach: {pot}: error: the document ") and "leads outside the project" in line
    assert not (project / "out").exists()


def test_a_document_outside_the_project_is_built_when_named(project: Path, tmp_path_factory: pytest.TempPathFactory
                                                            ) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "story.en.txt"
    shutil.copy(project / DOC, elsewhere)
    assert main(["translate", str(elsewhere), "--to", "pl", "--no-mt"]) == 0
    assert main(["build", str(elsewhere), "--lang", "pl"]) == 0


# --- outputs that are not regular files (item 2) ---------------------------------------------------------------

def _run(project: Path, *argv: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=project, capture_output=True, text=True,
                          timeout=300, **kwargs)  # type: ignore[call-overload]


def test_report_to_dev_null_writes_to_the_device_and_leaves_it_a_device(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    assert main(["report", "-o", "/dev/null"]) == 0
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("command", [["report"], ["xliff", "export", "--lang", "pl"], ["check", "--format", "json"]])
def test_an_output_to_dev_stdout_is_written_as_a_stream(project: Path, command: list[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    result = _run(project, *command, "-o", "/dev/stdout")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and ".tmp" not in result.stderr
    assert result.stdout.lstrip().startswith(("<", "{", "[")), result.stdout[:200]


def test_an_output_to_dev_stdout_redirected_to_a_file_appends_where_the_shell_points(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    log = project / "log.xlf"
    with log.open("w", encoding="utf-8") as fh:
        fh.write("before\n")
        fh.flush()
        result = subprocess.run([sys.executable, "-m", "pipeline", "xliff", "export", "--lang", "pl", "-o",
                                 "/dev/stdout"], cwd=project, stdout=fh, stderr=subprocess.PIPE, text=True,
                                timeout=300)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("before\n<?xml") and text.rstrip().endswith("</xliff>")


def test_an_output_to_a_named_pipe_is_streamed_to_its_reader_and_not_read(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    fifo = project / "feed.xlf"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = _run(project, "xliff", "export", "--lang", "pl", "-o", str(fifo))
    out, _ = reader.communicate(timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.startswith(b"<?xml") and fifo.is_fifo()


def test_an_output_to_a_named_pipe_nobody_reads_is_refused_not_waited_on_forever(
        project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import fileio

    monkeypatch.setattr(fileio, "PIPE_READER_WAIT", 0.2)
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    fifo = project / "feed.xlf"
    os.mkfifo(fifo)
    capsys.readouterr()
    assert main(["xliff", "export", "--lang", "pl", "-o", str(fifo)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {fifo}: error: cannot write: no program reads this named pipe "
        "(start the reader first, or write to a file)")
    assert fifo.is_fifo()


def test_an_output_onto_a_socket_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.xlf")
        capsys.readouterr()
        assert main(["xliff", "export", "--lang", "pl", "-o", "sock.xlf"]) == 2
    assert "is a socket, not a file" in one_line(capsys.readouterr().err)


def test_a_catalog_that_is_a_named_pipe_is_refused_not_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", DOC]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    catalog.parent.mkdir(parents=True)
    os.mkfifo(catalog)
    capsys.readouterr()
    assert main(["update", "--lang", "pl"]) == 2
    assert "is not a regular file" in one_line(capsys.readouterr().err)
    assert catalog.is_fifo()


# --- outputs over sources (item 3) -----------------------------------------------------------------------------

def test_an_output_dir_holding_the_sources_is_refused_before_anything_is_built(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "news" / "pl").mkdir(parents=True)
    source = project / "news" / "pl" / "story.txt"
    source.write_text("An English sentence here.\n", encoding="utf-8")
    (project / "tolmach.toml").write_text('languages = ["pl"]\noutput_dir = "news"\n', encoding="utf-8")
    assert main(["translate", "news/pl/story.txt", "--no-mt"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "output_dir (news) holds the source document" in line
    assert source.read_text(encoding="utf-8") == "An English sentence here.\n"
    assert not (project / "locales").exists()


def test_build_refuses_an_output_dir_holding_the_sources_its_templates_name(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    (project / "tolmach.toml").write_text('languages = ["pl"]\noutput_dir = "examples"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 2
    assert "output_dir (examples) holds the source document" in one_line(capsys.readouterr().err)
    assert not (project / "examples" / "pl").exists()


@pytest.mark.parametrize("value", [".", "..", "locales", "locales/out", "glossary", ".tolmach"])
def test_an_output_dir_that_is_the_project_or_one_of_its_folders_is_a_settings_error(
        project: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    (project / "tolmach.toml").write_text(f'languages = ["pl"]\noutput_dir = "{value}"\n', encoding="utf-8")
    assert main(["translate", DOC, "--no-mt"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"tolmach: {project / 'tolmach.toml'}:2: error: output_dir: "), line
    assert not (project / "locales").exists()


@pytest.mark.parametrize("command", [["build", "--lang", "pl"], ["report"], ["xliff", "export", "--lang", "pl"],
                                     ["check"], ["tm", "export"]])
def test_an_output_file_is_never_a_source_document_named_by_a_template(
        project: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    before = (project / DOC).read_bytes()
    capsys.readouterr()
    assert main([*command, "-o", DOC]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {DOC}: error: is a source document; the output would replace it "
        "(write the output to another file)")
    assert (project / DOC).read_bytes() == before


def test_an_output_file_is_never_a_catalog(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    catalog = "locales/pl/LC_MESSAGES/belarus-political-prisoners.po"
    before = (project / catalog).read_bytes()
    capsys.readouterr()
    assert main(["xliff", "export", "--lang", "pl", "-o", catalog]) == 2
    assert "is inside the project's locales_dir" in one_line(capsys.readouterr().err)
    assert (project / catalog).read_bytes() == before


# --- temporary files (items 13, 14) ----------------------------------------------------------------------------

def test_the_temporaries_of_a_killed_run_are_swept_by_the_next_one(project: Path) -> None:
    import fcntl

    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    folder = project / "locales" / "pl" / "LC_MESSAGES"
    killed = folder / ".belarus-political-prisoners.po.k1ll3d_x.tmp"
    killed.write_text("half a catalog", encoding="utf-8")
    template_left = project / "locales" / "templates" / ".belarus-political-prisoners.pot.abcd1234.tmp"
    template_left.write_text("half a template", encoding="utf-8")
    live = folder / ".belarus-political-prisoners.po.l1ve0000.tmp"  # another process still writing it
    with live.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert main(["update", "--lang", "pl"]) == 0  # nothing to change: the sweep still happens
        assert not killed.exists() and not template_left.exists()
        assert live.exists()
    mine = folder / "notes.tmp"  # not a temporary's name: the user's
    mine.write_text("keep", encoding="utf-8")
    assert main(["update", "--lang", "pl"]) == 0
    assert mine.exists() and not live.exists()


def test_a_document_name_of_244_bytes_gets_its_catalogs(project: Path) -> None:
    name = "d" * 200 + "ł" * 22  # 244 bytes of UTF-8; `.NAME.po.XXXXXXXX.tmp` would not fit in 255
    assert len(name.encode("utf-8")) == 244
    (project / f"{name}.en.txt").write_text("A sentence. Another sentence.\n", encoding="utf-8")
    assert main(["translate", f"{name}.en.txt", "--to", "pl", "--no-mt"]) == 0
    assert (project / "locales" / "pl" / "LC_MESSAGES" / f"{name}.po").is_file()
    assert (project / "out" / "pl" / f"{name}.txt").read_text(encoding="utf-8") == "A sentence. Another sentence.\n"
    assert not [p for p in project.rglob("*.tmp")]


# --- bombs: counts and sizes from input are bounded before use (items 5, 6, 8) ----------------------------------

def test_an_xliff_plural_form_index_of_three_billion_is_no_list_that_long(tmp_path: Path) -> None:
    from pipeline import xliff

    data = (b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="d" '
            b'source-language="en" target-language="pl" datatype="po"><body>'
            b'<group id="u1" restype="x-gettext-plurals">'
            b'<trans-unit id="u1[0]"><source>a</source><target>jeden</target></trans-unit>'
            b'<trans-unit id="u1[3000000000]"><source>b</source><target>wiele</target></trans-unit>'
            b'</group></body></file></xliff>')
    _, units = xliff.read(tmp_path / "bomb.xlf", data)
    assert units[0].forms == ("jeden", "wiele")  # taken as written, not padded to three billion


def test_a_plural_forms_header_asking_for_a_billion_forms_is_refused_naming_the_catalog(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("nplurals=3", "nplurals=1000000000"),
                       encoding="utf-8")
    for command in (["xliff", "export", "--lang", "pl"], ["update", "--lang", "pl"], ["check"]):
        capsys.readouterr()
        assert main(command) == 2
        assert one_line(capsys.readouterr().err).startswith(
            f"tolmach: {catalog}: error: Plural-Forms: nplurals=1000000000 is more than any language has")


def _nested(open_tag: str, close_tag: str, depth: int = 5000) -> str:
    return open_tag * depth + "x" + close_tag * depth


def test_an_xliff_target_with_5000_nested_g_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _vendor_xliff(project, "belarus-political-prisoners")
    text = xlf.read_text(encoding="utf-8").replace("Przetłumaczone.", _nested('<g id="1">', "</g>"))
    xlf.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["xliff", "import", str(xlf)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {xlf}: error: elements nested more than 256 deep (<g>) "
        "(no real file nests so deep; was it generated by mistake?)")


def test_a_tmx_segment_with_5000_nested_hi_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = project / "deep.tmx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body><tu>'
                   f'<tuv xml:lang="en"><seg>{_nested("<hi>", "</hi>")}</seg></tuv>'
                   '<tuv xml:lang="pl"><seg>y</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert main(["tm", "import", str(tmx)]) == 2
    assert "elements nested more than 256 deep (<hi>)" in one_line(capsys.readouterr().err)


def test_an_export_of_a_catalog_with_deeply_nested_placeholders_is_still_xml(project: Path) -> None:
    import xml.etree.ElementTree as ET

    import polib

    from pipeline import xliff

    po = polib.POFile()
    po.append(polib.POEntry(msgid=_nested("<g1>", "</g1>", 2000), msgstr=""))
    ET.fromstring(xliff.export([xliff.Catalog("d", po)], "en", "pl"))


def test_a_pyproject_with_5000_nested_arrays_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tolmach.toml").unlink()
    (project / "pyproject.toml").write_text("[tool.tolmach]\nlanguages = " + "[" * 5000 + "]" * 5000 + "\n",
                                            encoding="utf-8")
    assert main(["check"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {project / 'pyproject.toml'}: error: invalid TOML: arrays or tables nested too deep to read")


def test_check_jobs_100000_runs_with_one_worker_per_core(project: Path) -> None:
    from pipeline.commands.base import bounded_jobs

    assert 1 <= bounded_jobs(100_000) <= (os.cpu_count() or 1)
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    assert main(["check", "--jobs", "100000"]) == 0


# --- exceptions a stage can meet become one line (item 7, 8) ---------------------------------------------------

@pytest.mark.parametrize("text", ["A sentence. Another one.\n", "Zażółć gęślą jaźń.\n"])
def test_encoding_punycode_is_one_line(project: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    (project / "s.en.txt").write_text(text, encoding="utf-8")
    assert main(["extract", "s.en.txt", "--encoding", "punycode"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("tolmach: s.en.txt") and "punycode" in line


def test_an_explicit_encoding_is_not_reported_as_guessed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "old.en.txt").write_bytes("Zażółć gęślą jaźń.\n".encode("cp1250"))
    assert main(["extract", "old.en.txt", "--encoding", "cp1250"]) == 0
    assert "guessed" not in capsys.readouterr().err


def _without_home(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`tolmach ARGV` as a container's user runs it: no HOME, a user id with no passwd entry (setpriv)."""
    import pwd

    uid = 54321
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to take a user id without a passwd entry")
    with pytest.raises(KeyError):
        pwd.getpwuid(uid)
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")}
    return subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", sys.executable, "-m",
                           "pipeline", *argv], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_no_home_and_no_passwd_entry_is_one_line_or_works(project: Path) -> None:
    import tempfile

    if os.geteuid() != 0:
        pytest.skip("needs root to take a user id without a passwd entry")
    shared = Path(tempfile.mkdtemp())  # pytest's own folders are private to root
    try:
        shutil.copytree(project, shared / "project")
        for p in [shared, *shared.rglob("*")]:
            os.chmod(p, 0o777)
        _runs_without_home(shared / "project")
    finally:
        shutil.rmtree(shared)


def _runs_without_home(project: Path) -> None:
    models = _without_home(project, "models", "list")
    assert models.returncode == 2 and "set HOME or XDG_DATA_HOME" in one_line(models.stderr), models.stderr
    translate = _without_home(project, "translate", DOC, "--to", "pl", "--no-mt")
    assert translate.returncode == 0, translate.stderr
    assert "Traceback" not in translate.stderr


# --- the gate never loses its glossary in silence (item 11) ----------------------------------------------------

def test_a_glossary_file_that_is_a_dangling_symlink_is_exit_2_naming_it(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    (project / "glossary").mkdir()
    shutil.copy(REPO / "glossary" / next(p.name for p in (REPO / "glossary").glob("*.yaml")), project / "glossary")
    (project / "glossary" / "shared.yaml").symlink_to(project / "missing-checkout" / "shared.yaml")
    for command in (["glossary", "lint"], ["check"]):
        capsys.readouterr()
        assert main(command) == 2
        assert one_line(capsys.readouterr().err).startswith(
            f"tolmach: {project / 'glossary' / 'shared.yaml'}: error: is a symlink to ")


def test_a_glossary_folder_that_is_a_dangling_symlink_is_exit_2(project: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    (project / "glossary").symlink_to(project / "missing-checkout")
    capsys.readouterr()
    assert main(["check"]) == 2
    assert "which does not exist" in one_line(capsys.readouterr().err)


# --- exports valid for their format (item 12) ------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\a", "\v", "\x1b"])
def test_a_control_character_in_a_translation_refuses_the_xliff_export_naming_the_entry(
        project: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    import polib

    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    po = polib.pofile(str(catalog))
    entry = next(e for e in po if e.msgid)
    entry.msgstr = f"Tekst{char}."
    po.save(str(catalog))
    capsys.readouterr()
    assert main(["xliff", "export", "--lang", "pl", "-o", "out.xlf"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"tolmach: {catalog}:") and f"holds the control character U+{ord(char):04X}" in line
    assert entry.msgid[:20] in line
    assert not (project / "out.xlf").exists()


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_ray_address_nothing_listens_on_is_one_line_at_once() -> None:
    import socket

    from pipeline.errors import TolmachError
    from pipeline.mt.executors import RayExecutor, RaySettings

    with socket.socket() as sock:  # a loopback port that was free a moment ago and is closed now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    executor = RayExecutor(RaySettings(address=f"127.0.0.1:{port}"))
    with pytest.raises(TolmachError, match=f"cannot reach the Ray cluster at 127.0.0.1:{port}: Connection refused"):
        executor._connect()
    import ray

    assert not ray.is_initialized()


# --- model packages: metadata bounded, killed installs swept (items 8, 15) -------------------------------------

@pytest.mark.parametrize(("meta", "message"), [
    ({"package_version": "9" * 10_000}, "package_version is 10000 characters long (at most 100)"),
    ({"package_version": "9" * (2 * 2**20)}, "bytes (at most 1048576)"),
    ({"from_code": "../../etc"}, "from_code '../../etc' is not a language code"),
    ({"target_prefix": [[["deep"]]]}, "target_prefix must be a string"),
])
def test_package_metadata_out_of_bounds_is_refused_before_anything_is_installed(
        argos_packages: dict[str, Path], tmp_path: Path, meta: dict[str, object], message: str) -> None:
    from test_mt_packages import rezip

    from pipeline.errors import TolmachError
    from pipeline.mt import packages

    bad = rezip(argos_packages["en-pl"], tmp_path / "bad.argosmodel", meta=meta)
    with pytest.raises(TolmachError, match=re.escape(message)):
        packages.install(bad, tmp_path / "pk")
    assert not [p for p in (tmp_path / "pk").glob("*") if not p.name.startswith(".")]


def test_package_metadata_nested_5000_deep_is_refused(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    from test_mt_packages import rezip

    from pipeline.errors import TolmachError
    from pipeline.mt import packages

    deep = ("[" * 5000 + "]" * 5000).encode()
    bad = rezip(argos_packages["en-pl"], tmp_path / "bad.argosmodel", drop="metadata.json",
                extra={"translate-en_pl-1_0/metadata.json": deep})
    with pytest.raises(TolmachError, match=r"metadata\.json is not valid JSON: nested too deep"):
        packages.install(bad, tmp_path / "pk")


def test_an_installed_package_with_a_50_mib_version_is_left_out_of_the_listing(
        argos_packages: dict[str, Path], tmp_path: Path) -> None:
    from pipeline.mt import packages

    info, _ = packages.install(argos_packages["en-pl"], tmp_path / "pk")
    meta_path = info.path / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps({**meta, "package_version": "1" * 50 * 2**20}), encoding="utf-8")
    assert packages.installed(tmp_path / "pk") == []


def test_the_staging_folders_of_killed_installs_are_swept_and_a_moved_aside_package_comes_back(
        argos_packages: dict[str, Path], tmp_path: Path) -> None:
    import fcntl

    from pipeline.mt import packages

    target = tmp_path / "pk"
    info, _ = packages.install(argos_packages["en-pl"], target)
    killed = target / ".staging-k1ll3d"  # killed between moving the old package aside and renaming the new in
    killed.mkdir()
    os.replace(info.path, killed / f"old-{info.folder}")
    (killed / "half-unpacked").mkdir()
    live = target / ".staging-l1ve"
    live.mkdir()
    held = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        packages.install(argos_packages["en-pl"], target)  # the same version: "already installed"
        assert not killed.exists()
        assert (info.path / "metadata.json").is_file()
        assert live.is_dir()
    finally:
        os.close(held)


def test_a_docx_whose_parts_are_password_encrypted_is_one_line(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    source = REPO / "examples" / "belarus-political-prisoners-docx.en.docx"
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as package:  # ZipCrypto: `zip -e` sets bit 0 of every entry's flags
        infos = package.infolist()
        central = package.start_dir
    offsets = [info.header_offset + 6 for info in infos]  # in each local header and central directory entry
    for _ in infos:
        offsets.append(central + 8)
        central += 46 + sum(int.from_bytes(data[central + i:central + i + 2], "little") for i in (28, 30, 32))
    for offset in offsets:
        data[offset] |= 0x1
    (project / "locked.en.docx").write_bytes(bytes(data))
    assert main(["extract", "locked.en.docx"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "tolmach: locked.en.docx: error: parts of this Word .docx file are encrypted with a password "
        "(open it, remove the password, and save it as .docx)")


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"}])
def test_an_ascii_only_stdout_gets_escapes_not_a_traceback(project: Path, env: dict[str, str]) -> None:
    result = _run(project, "models", "list", env={**os.environ, **env, "ARGOS_PACKAGES_DIR": str(project / "pk")})
    assert result.returncode == 0, result.stderr
    assert "no model for en\\u2192pl" in result.stdout


def test_check_reports_a_bel_in_a_translation(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import polib

    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    po = polib.pofile(str(catalog))
    entry = next(e for e in po if e.msgid)
    entry.msgstr = "Tekst\a."
    po.save(str(catalog))
    capsys.readouterr()
    assert main(["check", "--only", "control-characters"]) == 1
    assert "control character U+0007 in the translation" in capsys.readouterr().out


@pytest.mark.parametrize("concept_id", ["../../etc/minsk", "a/b", ".hidden", "minsk city"])
def test_a_tbx_id_that_is_no_glossary_id_is_refused_and_nothing_is_written(
        project: Path, capsys: pytest.CaptureFixture[str], concept_id: str) -> None:
    tbx = (REPO / "tests" / "data" / "glossary" / "tbx" / "memoq-v3.tbx").read_text(encoding="utf-8")
    (project / "vendor.tbx").write_text(tbx.replace('id="minsk"', f'id="{concept_id}"'), encoding="utf-8")
    assert main(["glossary", "import", "vendor.tbx", "-o", "glossary/vendor.yaml"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("tolmach: vendor.tbx: error: concept id of entry 1 ") and repr(concept_id) in line
    assert not (project / "glossary" / "vendor.yaml").exists()


def test_a_tbx_language_that_is_no_language_code_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tbx = (REPO / "tests" / "data" / "glossary" / "tbx" / "memoq-v3.tbx").read_text(encoding="utf-8")
    (project / "vendor.tbx").write_text(tbx.replace('xml:lang="be"', 'xml:lang="../be"'), encoding="utf-8")
    assert main(["glossary", "import", "vendor.tbx", "-o", "glossary/vendor.yaml"]) == 2
    assert "is not a language code" in one_line(capsys.readouterr().err)


def test_a_read_only_catalog_is_not_replaced_and_nothing_else_is_written(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import polib

    assert main(["translate", DOC, "--to", "pl,ru", "--no-mt"]) == 0
    folder = project / "locales"
    locked = folder / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    other = folder / "ru" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    for catalog in (locked, other):  # an entry of the template taken out: update must put it back in both
        po = polib.pofile(str(catalog))
        po.remove(next(e for e in po if e.msgid))
        po.save(str(catalog))
    locked.chmod(0o444)
    before = locked.read_bytes(), other.read_bytes()
    capsys.readouterr()
    assert main(["update", "--lang", "pl,ru"]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"tolmach: {locked}: error: is read-only; it was not replaced (make it writable (chmod u+w) if tolmach "
        "should change it)")
    assert (locked.read_bytes(), other.read_bytes()) == before
    assert locked.stat().st_mode & 0o777 == 0o444


def test_tm_learn_on_a_full_disk_says_the_disk_is_full(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A real full file system: a 128 KiB tmpfs (needs root to mount; skipped elsewhere)."""
    import tempfile

    import polib

    small = Path(tempfile.mkdtemp())
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(small)],
                                           capture_output=True).returncode != 0:
        small.rmdir()
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (small / "fill").write_bytes(b"\0" * 120_000)
        assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
        catalog = project / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
        po = polib.pofile(str(catalog))
        for entry in po:
            entry.msgstr = entry.msgid * 3 if entry.msgid else entry.msgstr
        po.save(str(catalog))
        capsys.readouterr()
        assert main(["tm", "--tm", str(small / "tm.sqlite"), "learn"]) == 2
        assert one_line(capsys.readouterr().err).startswith(
            f"tolmach: {small / 'tm.sqlite'}: error: the disk is full: ")
        assert not (small / "tm.sqlite").exists()
    finally:
        subprocess.run(["umount", str(small)], check=False)
        small.rmdir()


def test_a_broken_webvtt_timing_gets_the_webvtt_form_as_its_hint(project: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (project / "clip.en.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nText.\n", encoding="utf-8")
    assert main(["extract", "clip.en.vtt"]) == 2
    assert one_line(capsys.readouterr().err) == (
        "tolmach: clip.en.vtt:3: error: broken cue timing '00:00:01.000 --> 00:00:0x.000' "
        "(write it as 00:00:01.000 --> 00:00:02.000)")


@pytest.mark.parametrize("depth", [25, 60])
def test_markdown_nested_deeper_than_20_levels_is_translated(project: Path, depth: int) -> None:
    (project / "deep.en.md").write_text("> " * depth + "Deep sentence.\n\nTop sentence.\n", encoding="utf-8")
    assert main(["extract", "deep.en.md"]) == 0
    template = (project / "locales" / "templates" / "deep.pot").read_text(encoding="utf-8")
    assert 'msgid "Deep sentence."' in template and 'msgid "Top sentence."' in template


@pytest.mark.parametrize("markup", ["> ", "- "])
def test_markdown_nested_past_what_is_read_is_refused_not_dropped(project: Path, capsys: pytest.CaptureFixture[str],
                                                                  markup: str) -> None:
    (project / "deep.en.md").write_text(markup * 5000 + "Deep.\n\nTop sentence.\n", encoding="utf-8")
    assert main(["extract", "deep.en.md"]) == 2
    assert one_line(capsys.readouterr().err).startswith(
        "tolmach: deep.en.md:1: error: quotes and lists nested too deep to read")
    assert not (project / "locales").exists()


def test_gnu_po_escapes_survive_update_and_no_msgid_changes(project: Path) -> None:
    """`\\a` and octal `\\033` are valid PO (msgmerge keeps them): update must not turn them into `\\\\a`."""
    (project / "tolmach.toml").write_text('languages = ["pl"]\nlocales_dir = "po"\n', encoding="utf-8")
    (project / "po").mkdir()
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
              '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n')
    body = 'msgid "Ring\\a"\nmsgstr "Dzwoń\\a"\n\nmsgid "\\033[1mBold\\033[0m"\nmsgstr "\\033[1mPogrubione\\033[0m"\n'
    (project / "po" / "app.pot").write_text(header + "\n" + body.replace("Dzwoń\\a", "").replace(
        "\\033[1mPogrubione\\033[0m", ""), encoding="utf-8")
    (project / "po" / "pl.po").write_text(header + '"Language: pl\\n"\n\n' + body, encoding="utf-8")
    assert main(["update", "--lang", "pl"]) == 0
    text = (project / "po" / "pl.po").read_text(encoding="utf-8")
    assert "\\\\a" not in text and "\\\\033" not in text, text
    from pipeline.po import read

    po = read.parse((project / "po" / "pl.po").read_bytes(), project / "po" / "pl.po")
    assert {e.msgid: e.msgstr for e in po if e.msgid} == {"Ring\a": "Dzwoń\a",
                                                          "\x1b[1mBold\x1b[0m": "\x1b[1mPogrubione\x1b[0m"}
