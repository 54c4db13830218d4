"""A folder is an archive: `extract DIR` and `translate DIR` take every supported document below it, in path
order, never the project's own catalogs, output or state, and say so when a folder gives nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import workspace
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.documents.discover import find_documents
from pipeline.errors import TolmachError


def write(path: Path, text: str = "One sentence here.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def archive(project: Path) -> Path:
    root = project / "archive"
    write(root / "2024" / "jan" / "arrest.en.md", "# Arrest\n\nA journalist was detained in Minsk.\n")
    write(root / "2024" / "trial.en.txt", "The trial was held behind closed doors.\n")
    write(root / "2025" / "release.en.html", "<p>Three prisoners were released.</p>\n")
    write(root / "2025" / "drafts" / "notes.en.txt", "Not for publication.\n")
    write(root / "2025" / "photo.png", "not a document")
    write(root / ".git" / "HEAD.txt", "ref: refs/heads/main\n")
    write(root / ".hidden.en.txt", "A hidden file.\n")
    return root


def rel(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_a_folder_gives_every_supported_document_in_path_order(archive: Path, project: Path) -> None:
    found = find_documents([archive], load_config(project))
    assert rel(found, archive) == ["2024/jan/arrest.en.md", "2024/trial.en.txt", "2025/drafts/notes.en.txt",
                                   "2025/release.en.html"]


def test_include_and_exclude_patterns_come_from_flags_and_settings(archive: Path, project: Path) -> None:
    config = load_config(project)
    assert rel(find_documents([archive], config, exclude=["*/drafts/*"]), archive) == [
        "2024/jan/arrest.en.md", "2024/trial.en.txt", "2025/release.en.html"]
    assert rel(find_documents([archive], config, include=["2024/*"]), archive) == [
        "2024/jan/arrest.en.md", "2024/trial.en.txt"]
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[documents]\ninclude = ["*.md", "*.html"]\n',
                                          encoding="utf-8")
    assert rel(find_documents([archive], load_config(project)), archive) == [
        "2024/jan/arrest.en.md", "2025/release.en.html"]


def test_the_projects_own_folders_are_never_documents(archive: Path, project: Path) -> None:
    assert main(["translate", "archive", "--to", "pl", "--no-mt"]) == 0
    assert (project / "out" / "pl" / "trial.txt").is_file()
    found = find_documents([project], load_config(project))
    assert not [p for p in found if {"out", "locales", ".tolmach"} & set(p.relative_to(project).parts)]


def test_translate_a_folder_builds_every_document(archive: Path, project: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(workspace, "GROUP_SIZE", 2)  # three groups of documents, one summary
    assert main(["translate", "archive", "examples", "--to", "pl,ru", "--no-mt", "--exclude", "*/drafts/*"]) == 0
    for lang in ("pl", "ru"):
        assert sorted(p.name for p in (project / "out" / lang).iterdir()) == [
            "arrest.md", "belarus-political-prisoners.txt", "release.html", "trial.txt"]
    table = capsys.readouterr().out.splitlines()[-3:]  # after the lines naming the files written
    assert table[0].split() == ["lang", "segments", "translated", "fuzzy", "untranslated"]
    assert [line.split()[0] for line in table[1:]] == ["pl", "ru"]


def test_a_folder_with_nothing_to_translate_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "empty" / "photo.png", "png")
    assert main(["extract", "empty"]) == 2
    assert "empty: error: no documents found in this folder" in capsys.readouterr().err
    write(project / "news" / "a.en.txt")
    assert main(["extract", "news", "--include", "*.md"]) == 2
    assert "check the include/exclude patterns" in capsys.readouterr().err


def test_two_documents_with_one_name_are_refused_before_anything_is_written(project: Path) -> None:
    write(project / "archive" / "2024" / "story.en.txt")
    write(project / "archive" / "2025" / "story.en.txt", "Another story.\n")
    with pytest.raises(TolmachError, match=re.escape("two documents would share the catalogs story.pot/.po")):
        find_documents([project / "archive"], load_config(project))
    assert main(["translate", "archive", "--to", "pl", "--no-mt"]) == 2
    assert not (project / "locales").exists()
