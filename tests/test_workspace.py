"""One workspace per run: each catalog read once, one commit under the project lock that never overwrites a
translator's save."""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from filelock import FileLock

from pipeline import workspace
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import TolmachError
from pipeline.fileio import atomic_write_bytes
from pipeline.po import read, write

DOC = "examples/belarus-political-prisoners.en.txt"
LANGS = ("pl", "be", "ru")
NAME = "belarus-political-prisoners"


def catalog_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{NAME}.po"


@contextmanager
def counting_opens() -> Iterator[Counter[tuple[str, str]]]:
    """Every open of a .po/.pot file while the block runs, by (path, 'read'|'write')."""
    opened: Counter[tuple[str, str]] = Counter()
    active = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open" and active[0] and isinstance(args[0], str | os.PathLike):
            path = os.fspath(args[0])
            if isinstance(path, str) and path.endswith((".po", ".pot")):
                mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
                opened[(os.path.basename(path), "write" if any(c in mode for c in "wax+") else "read")] += 1

    sys.addaudithook(hook)  # audit hooks cannot be removed: this one switches itself off
    try:
        yield opened
    finally:
        active[0] = False


def test_a_translate_rerun_reads_each_template_and_catalog_once_and_writes_none(project: Path) -> None:
    assert main(["translate", DOC, "--to", ",".join(LANGS)]) == 0
    with counting_opens() as opened:
        assert main(["translate", DOC, "--to", ",".join(LANGS)]) == 0
    expected = {(f"{NAME}.pot", "read"): 1} | {(f"{NAME}.po", "read"): len(LANGS)}
    assert dict(opened) == expected  # the three .po files share a name: one read each


@contextmanager
def before_commit(action: Callable[[workspace.Workspace], None]) -> Iterator[None]:
    workspace.before_commit.append(action)
    try:
        yield
    finally:
        workspace.before_commit.remove(action)


def translator_saves(path: Path, edit: Callable[[polib.POFile], None]) -> Callable[[workspace.Workspace], None]:
    """A translator's editor saving `path` atomically (a new file renamed over the old), as Poedit does."""

    def save(ws: workspace.Workspace) -> None:
        po = polib.pofile(str(path))
        edit(po)
        atomic_write_bytes(path, str(po).encode("utf-8"))

    return save


def test_a_translator_saving_during_a_run_keeps_every_edit(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    path = catalog_path(project, "pl")
    first = polib.pofile(str(path))[0].msgid

    def edit(po: polib.POFile) -> None:
        po.find(first).msgstr = "Zapisane przez tłumacza."
        po.metadata["Last-Translator"] = "Ala <ala@example.org>"

    # the run has something to change too: the source gains a sentence
    (project / DOC).write_text((project / DOC).read_text(encoding="utf-8") + "\nA new closing sentence.\n",
                               encoding="utf-8")
    with before_commit(translator_saves(path, edit)):
        assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    po = polib.pofile(str(path))
    assert po.find(first).msgstr == "Zapisane przez tłumacza." and not po.find(first).fuzzy
    assert po.metadata["Last-Translator"] == "Ala <ala@example.org>"
    assert po.find("A new closing sentence.") is not None  # and the run's own change is there


def test_a_translator_save_wins_over_an_mt_style_change_of_the_same_entry(project: Path) -> None:
    """The run changes entry 0 (as a draft would); the translator changed it too: the translator wins."""
    assert main(["update", "--lang", "pl"]) == 2  # no templates yet
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    path = catalog_path(project, "pl")
    config = load_config(project)
    with workspace.workspace(config) as ws:
        po = ws.catalog(NAME, "pl")
        assert po is not None
        po[0].msgstr, po[0].flags = "Szkic maszynowy.", ["fuzzy"]
        po[1].msgstr, po[1].flags = "Drugi szkic.", ["fuzzy"]
        assert ws.put(path, po)

        def edit(theirs: polib.POFile) -> None:
            theirs[0].msgstr = "Przekład tłumacza."

        translator_saves(path, edit)(ws)
        assert ws.commit() == [path]
    po = polib.pofile(str(path))
    assert (po[0].msgstr, po[0].fuzzy) == ("Przekład tłumacza.", False)
    assert (po[1].msgstr, po[1].fuzzy) == ("Drugi szkic.", True)


def test_a_catalog_broken_during_a_run_stops_it_and_is_left_alone(project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    path = catalog_path(project, "pl")
    (project / DOC).write_text((project / DOC).read_text(encoding="utf-8") + "\nOne more.\n", encoding="utf-8")

    def break_it(ws: workspace.Workspace) -> None:
        atomic_write_bytes(path, b'msgid "half a save\n')

    with before_commit(break_it):
        assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 2
    assert path.read_bytes() == b'msgid "half a save\n'
    err = capsys.readouterr().err
    assert str(path) in err and "changed during this run" in err


def test_an_unchanged_rerun_touches_nothing_even_after_a_translator_touched_the_file(project: Path) -> None:
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    path = catalog_path(project, "pl")
    before = path.read_bytes()
    os.utime(path, ns=(1, 1))
    assert main(["translate", DOC, "--to", "pl", "--no-mt"]) == 0
    assert path.read_bytes() == before and path.stat().st_mtime_ns == 1


def test_a_writing_command_waits_for_the_project_lock(project: Path) -> None:
    assert main(["extract", DOC]) == 0
    lock = FileLock(str(project / workspace.LOCK_NAME))
    result: list[int] = []
    with lock:
        runner = threading.Thread(target=lambda: result.append(main(["update", "--lang", "pl"])))
        runner.start()
        runner.join(timeout=2)
        assert runner.is_alive() and not catalog_path(project, "pl").exists()
    runner.join()
    assert result == [0] and catalog_path(project, "pl").exists()


def test_an_error_before_the_commit_writes_nothing(project: Path) -> None:
    config = load_config(project)
    with pytest.raises(TolmachError), workspace.workspace(config) as ws:
        ws.put_output(project / "out" / "x.txt", "text")
        raise TolmachError("stop")
    assert not (project / "out").exists()


def test_a_file_where_the_lock_goes_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".tolmach").write_text("", encoding="utf-8")
    assert main(["extract", DOC]) == 2
    assert f"{project / '.tolmach'}: error: is a file, but a directory is needed here" in capsys.readouterr().err


CATALOG = ('msgid ""\nmsgstr ""\n"PO-Revision-Date: {date}\\n"\n"Language: pl\\n"\n'
           '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Open"\nmsgstr "Otwórz"\n')


@pytest.mark.parametrize("date", ["2024-01-01 10:00+0000",
                                  "2024-01-01 10:00+0000 " + "(saved by an editor that writes long dates) " * 2])
def test_a_changed_catalog_is_rendered_once_and_written_as_rendering_it_again_would_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str) -> None:
    path = tmp_path / "pl.po"
    path.write_text(CATALOG.format(date=date), encoding="utf-8")
    ws = workspace.Workspace(load_config(tmp_path))
    po = ws.load(path)
    assert po is not None
    po[0].msgstr = "Otwórz plik"
    renders = Counter[str]()
    real_encode = workspace.write.encode

    def counting_encode(po: polib.POFile, original: write.Original | None = None) -> bytes:
        renders["encode"] += 1
        return real_encode(po, original)

    monkeypatch.setattr(workspace.write, "encode", counting_encode)
    assert ws.put(path, po)
    ws.commit()
    # the date is replaced in the bytes `put` rendered; a date the writer wrapped is rendered again
    assert renders["encode"] == 1 or len(date) > 40
    monkeypatch.undo()
    assert path.read_bytes() == workspace.write.encode(po, read.parse_kept(CATALOG.format(date=date).encode(), path)[1])
    assert po.metadata["PO-Revision-Date"] != date


def test_a_catalog_changed_after_its_put_is_rendered_again_at_the_commit(tmp_path: Path) -> None:
    path = tmp_path / "pl.po"
    path.write_text(CATALOG.format(date="2024-01-01 10:00+0000"), encoding="utf-8")
    ws = workspace.Workspace(load_config(tmp_path))
    po = ws.load(path)
    assert po is not None
    po[0].msgstr = "Otwórz plik"
    ws.put(path, po)
    later = ws.load(path)  # a later stage takes the catalog and changes it without putting it again
    assert later is po
    later[0].msgstr = "Otwórz ten plik"
    ws.commit()
    assert 'msgstr "Otwórz ten plik"' in path.read_text(encoding="utf-8")
