"""Translation memory: exact and fuzzy lookup, which match may fill a catalog and how, and re-use of a
human translation of one article in the next one through `tm learn` and `update`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.tm import TMUnit, TranslationMemory, default_path, entry_origin, prefill, similarity

SENTENCE = "Political prisoners in Belarus are held in harsh conditions."
TRANSLATION = "Więźniowie polityczni na Białorusi są przetrzymywani w ciężkich warunkach."


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    tm = TranslationMemory(tmp_path / "tm.sqlite")
    yield tm
    tm.close()


def unit(source: str = SENTENCE, target: str = TRANSLATION, origin: str = "human", reviewed: bool = True,
         lang: str = "pl") -> TMUnit:
    return TMUnit(source, target, "en", lang, origin, reviewed, "a.txt", "2026-01-01T00:00:00Z")


def test_exact_lookup_ignores_whitespace_differences(memory: TranslationMemory) -> None:
    memory.add([unit()])
    found = memory.exact("Political  prisoners in Belarus are held in harsh conditions.", "en", "pl")
    assert found is not None and found.target == TRANSLATION
    assert memory.exact(SENTENCE, "en", "ru") is None


def test_fuzzy_lookup_finds_an_edited_sentence_with_its_score(memory: TranslationMemory) -> None:
    memory.add([unit(), unit("The weather in Minsk was cold on Monday.", "Pogoda w Mińsku była zimna.")])
    edited = "Political prisoners in Belarus are kept in harsh conditions."
    match = memory.fuzzy(edited, "en", "pl")
    assert match is not None and match.unit.source == SENTENCE
    assert match.score == similarity(edited, SENTENCE) and 75 <= match.score < 100


def test_fuzzy_lookup_respects_the_threshold(memory: TranslationMemory) -> None:
    memory.add([unit()])
    assert memory.fuzzy("Prisoners are held.", "en", "pl") is None


def test_reviewed_human_work_is_preferred_over_aligned(memory: TranslationMemory) -> None:
    memory.add([unit(target="Wersja z wyrównania.", origin="aligned", reviewed=False), unit()])
    found = memory.exact(SENTENCE, "en", "pl")
    assert found is not None and found.target == TRANSLATION


def test_learning_a_stored_pair_again_marks_it_reviewed(memory: TranslationMemory) -> None:
    assert memory.add([unit(origin="aligned", reviewed=False)]) == 1
    assert memory.add([unit(origin="aligned", reviewed=False)]) == 0
    assert memory.add([unit()]) == 1
    assert len(memory) == 1
    found = memory.exact(SENTENCE, "en", "pl")
    assert found is not None and found.reviewed and found.origin == "human"


def catalog_with(*msgids: str, msgstr: str = "") -> polib.POFile:
    po = polib.POFile()
    for msgid in msgids:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    return po


def test_prefill_reviewed_human_exact_match_is_translated(memory: TranslationMemory) -> None:
    memory.add([unit()])
    po = catalog_with(SENTENCE)
    assert prefill(po, memory, "en", "pl").translated == 1
    entry = po.find(SENTENCE)
    assert entry.msgstr == TRANSLATION and not entry.fuzzy
    assert "TM 100% (human, reviewed, a.txt)" in entry.comment


def test_prefill_unreviewed_exact_match_is_fuzzy(memory: TranslationMemory) -> None:
    memory.add([unit(origin="aligned", reviewed=False)])
    po = catalog_with(SENTENCE)
    assert prefill(po, memory, "en", "pl").fuzzy == 1
    assert po.find(SENTENCE).fuzzy


def test_prefill_fuzzy_match_says_score_and_source(memory: TranslationMemory) -> None:
    memory.add([unit()])
    edited = "Political prisoners in Belarus are kept in harsh conditions."
    po = catalog_with(edited)
    prefill(po, memory, "en", "pl")
    entry = po.find(edited)
    assert entry.fuzzy and entry.msgstr == TRANSLATION
    assert f"TM {similarity(edited, SENTENCE)}%: {SENTENCE}" in entry.comment


def test_prefill_never_touches_an_entry_with_a_msgstr(memory: TranslationMemory) -> None:
    memory.add([unit()])
    po = catalog_with(SENTENCE, msgstr="Tłumaczenie redaktora.")
    assert prefill(po, memory, "en", "pl") == prefill(po, memory, "en", "pl")
    assert po.find(SENTENCE).msgstr == "Tłumaczenie redaktora."


def test_the_memory_stays_indexed_not_scanned(memory: TranslationMemory) -> None:
    plan = " ".join(str(row) for row in memory.db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM units"
        " WHERE source_hash = ? AND source_lang = ? AND target_lang = ?",
        ("x", "en", "pl")))
    assert "units_by_hash" in plan


def test_a_file_that_is_not_a_memory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "tm.sqlite"
    bad.write_text("not a database\n" * 100, encoding="utf-8")
    assert main(["tm", "--tm", str(bad), "stats"]) == 2
    assert f"{bad}: error: not a translation memory" in capsys.readouterr().err



def test_a_failed_import_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>A', encoding="utf-8")
    fresh = tmp_path / "fresh" / "tm.sqlite"
    assert main(["tm", "--tm", str(fresh), "import", str(broken)]) == 2
    assert "not well-formed XML" in capsys.readouterr().err
    assert not fresh.exists()


def test_a_failed_learn_leaves_the_memory_as_it_was(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memory_file = project / "tm.sqlite"
    with TranslationMemory(memory_file) as memory:
        memory.add([unit(SENTENCE, "Zdanie.")])
        before = list(memory.units())
    folder = project / "locales" / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "aa.po").write_text('msgid ""\nmsgstr "Language: pl\\n"\n\nmsgid "A"\nmsgstr "B"\n', encoding="utf-8")
    (folder / "zz.po").write_text('msgid "C"\nmsgstr\n', encoding="utf-8")  # learnt after aa.po, and broken
    assert main(["tm", "--tm", str(memory_file), "learn"]) == 2
    assert "zz.po" in capsys.readouterr().err
    with TranslationMemory(memory_file, create=False) as memory:
        assert list(memory.units()) == before


ARTICLE_A = [
    "Political prisoners in Belarus are held in harsh conditions.",
    "Human rights groups count more than a thousand of them.",
    "Many were arrested after the protests of 2020.",
    "Their relatives are rarely allowed to visit.",
    "The authorities deny that torture takes place.",
]
TRANSLATION_A = [
    "Więźniowie polityczni na Białorusi są przetrzymywani w ciężkich warunkach.",
    "Organizacje praw człowieka liczą ich ponad tysiąc.",
    "Wielu aresztowano po protestach w 2020 roku.",
    "Ich krewni rzadko mogą ich odwiedzać.",
    "Władze zaprzeczają, że dochodzi do tortur.",
]
ARTICLE_B = [
    "A new report was published on Tuesday.",
    ARTICLE_A[0],
    ARTICLE_A[2],
    "Many were arrested after the protests of 2021.",  # ARTICLE_A[2] slightly edited
    ARTICLE_A[4],
]


def test_reuse_of_a_human_translation_in_the_next_article(project: Path) -> None:
    """The issue's re-use test: translate A, learn it, update B (three shared sentences, one edited)."""
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[tm]\npath = "tm.sqlite"\n', encoding="utf-8")
    (project / "a.txt").write_text("\n\n".join(ARTICLE_A) + "\n", encoding="utf-8")
    (project / "b.txt").write_text("\n\n".join(ARTICLE_B) + "\n", encoding="utf-8")
    assert main(["extract", "a.txt"]) == 0
    assert main(["update"]) == 0
    a_path = project / "locales" / "pl" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(a_path))
    for source, target in zip(ARTICLE_A, TRANSLATION_A, strict=True):  # the translator's work
        po.find(source).msgstr = target
    po.save()
    assert main(["tm", "learn", "locales"]) == 0

    assert main(["extract", "b.txt"]) == 0
    assert main(["update", "--doc", "b"]) == 0
    b = polib.pofile(str(project / "locales" / "pl" / "LC_MESSAGES" / "b.po"))
    for k in (0, 2, 4):
        entry = b.find(ARTICLE_A[k])
        assert entry.msgstr == TRANSLATION_A[k] and not entry.fuzzy
    edited = b.find(ARTICLE_B[3])
    assert edited.fuzzy and edited.msgstr == TRANSLATION_A[2]
    assert f"TM {similarity(ARTICLE_B[3], ARTICLE_A[2])}%: {ARTICLE_A[2]}" in edited.comment
    assert b.find(ARTICLE_B[0]).msgstr == ""

    assert main(["update", "--doc", "b"]) == 0  # the note survives the next update
    again = polib.pofile(str(project / "locales" / "pl" / "LC_MESSAGES" / "b.po")).find(ARTICLE_B[3])
    assert f"TM {similarity(ARTICLE_B[3], ARTICLE_A[2])}%: {ARTICLE_A[2]}" in again.comment


def test_update_without_a_memory_fills_nothing(project: Path) -> None:
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[tm]\npath = "tm.sqlite"\n', encoding="utf-8")
    (project / "a.txt").write_text("\n\n".join(ARTICLE_A) + "\n", encoding="utf-8")
    assert main(["extract", "a.txt"]) == 0
    assert main(["update"]) == 0
    assert not (project / "tm.sqlite").exists()


def test_stats_lists_units_per_pair_and_origin(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with TranslationMemory(project / "tm.sqlite") as tm:
        tm.add([unit(), unit(lang="ru", target="Политзаключённые", origin="aligned", reviewed=False)])
    assert main(["tm", "--tm", "tm.sqlite", "stats"]) == 0
    out = capsys.readouterr().out
    assert "2 unit(s)" in out and "en->pl  human" in out and "en->ru  aligned" in out


def test_default_memory_is_in_the_project_and_kept_out_of_git(project: Path) -> None:
    assert default_path(load_config(project)) == project / ".tolmach" / "tm.sqlite"
    with TranslationMemory(default_path(load_config(project))) as memory:
        memory.add([unit()])
    assert (project / ".tolmach" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def learnt_project(root: Path, settings: str = "") -> Path:
    """A project whose translator translated article A and taught the memory with `tm learn`."""
    root.mkdir()
    (root / "tolmach.toml").write_text(f'languages = ["pl"]\n{settings}', encoding="utf-8")
    (root / "a.txt").write_text("\n\n".join(ARTICLE_A) + "\n", encoding="utf-8")
    assert main(["-C", str(root), "extract", str(root / "a.txt")]) == 0
    assert main(["-C", str(root), "update"]) == 0
    path = root / "locales" / "pl" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(path))
    for source, target in zip(ARTICLE_A, TRANSLATION_A, strict=True):
        po.find(source).msgstr = target
    po.save()
    assert main(["-C", str(root), "tm", "learn", str(root / "locales")]) == 0
    return root


def article_b_drafts(root: Path, settings: str = "") -> list[str]:
    """Another project drafts article B (three of A's sentences): the msgstrs the memory pre-filled."""
    root.mkdir()
    (root / "tolmach.toml").write_text(f'languages = ["pl"]\n{settings}', encoding="utf-8")
    (root / "b.txt").write_text("\n\n".join(ARTICLE_B) + "\n", encoding="utf-8")
    assert main(["-C", str(root), "extract", str(root / "b.txt")]) == 0
    assert main(["-C", str(root), "update"]) == 0
    return [e.msgstr for e in polib.pofile(str(root / "locales" / "pl" / "LC_MESSAGES" / "b.po")) if e.msgstr]


def test_one_projects_memory_never_fills_another_projects_catalogs(tmp_path: Path) -> None:
    learnt_project(tmp_path / "investigation")
    assert article_b_drafts(tmp_path / "daily-news") == []


def test_projects_share_a_memory_only_when_their_settings_say_so(tmp_path: Path) -> None:
    shared = f'state_dir = "{tmp_path / "newsroom-memory"}"\n'
    learnt_project(tmp_path / "investigation", shared)
    assert TRANSLATION_A[0] in article_b_drafts(tmp_path / "daily-news", shared)
    own = tmp_path / "investigation" / ".tolmach"  # only the project lock stays in the project
    assert not own.exists() or sorted(p.name for p in own.iterdir()) == [".gitignore", "lock"]


def write_pl_catalog(project: Path, language_header: str, entries: list[polib.POEntry]) -> None:
    """A catalog under locales/pl/LC_MESSAGES/ as a translator's editor would leave it."""
    po_dir = project / "locales" / "pl" / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Language": language_header, "Content-Type": "text/plain; charset=UTF-8"}
    po.extend(entries)
    po.save(str(po_dir / "a.po"))


def test_learn_takes_only_translated_non_fuzzy_entries(project: Path) -> None:
    write_pl_catalog(project, "pl", [
        polib.POEntry(msgid=ARTICLE_A[0], msgstr=TRANSLATION_A[0]),
        polib.POEntry(msgid=ARTICLE_A[1], msgstr=TRANSLATION_A[1], flags=["fuzzy"]),
        polib.POEntry(msgid=ARTICLE_A[2], msgstr=""),
    ])
    assert main(["tm", "--tm", "tm.sqlite", "learn", "locales"]) == 0
    with TranslationMemory(project / "tm.sqlite") as tm:
        assert [(u.source, u.origin, u.reviewed) for u in tm.units()] == [(ARTICLE_A[0], "human", True)]


def test_learnt_pairs_are_stored_under_the_language_code_update_looks_up(project: Path) -> None:
    """A Poedit-style "Language: pl_PL" header must not hide the pairs from `update`, which asks for "pl"."""
    write_pl_catalog(project, "pl_PL", [polib.POEntry(msgid=ARTICLE_A[0], msgstr=TRANSLATION_A[0])])
    assert main(["tm", "--tm", "tm.sqlite", "learn", "locales"]) == 0
    with TranslationMemory(project / "tm.sqlite") as tm:
        assert [u.target_lang for u in tm.units()] == ["pl"]


@pytest.mark.parametrize(("comment", "origin"), [
    ("¶3\nMT: argos en→pl 1.9, score -0.2\nMT: draft 3eb0f191", "mt-reviewed"),
    ("¶3\naligned from story.pl.txt, score 0.97", "aligned"),
    ("¶3\nglossary: Belarus → Białoruś", "human"),
])
def test_learnt_entries_keep_where_their_text_began(comment: str, origin: str) -> None:
    assert entry_origin(comment) == origin


def test_a_project_without_memory_points_at_the_memory_older_versions_shared(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import platformdirs

    old = Path(platformdirs.user_data_dir("tolmach")) / "tm.sqlite"
    with TranslationMemory(old) as memory:
        memory.add([unit()])
    assert main(["tm", "stats"]) == 2
    err = capsys.readouterr().err
    assert f"{project / '.tolmach' / 'tm.sqlite'}: error: no translation memory here" in err
    assert f"the memory older versions shared between projects is at {old}" in err


def test_a_damaged_memory_is_named_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationMemory(path) as memory:
        memory.add([unit(f"Sentence number {i} is here.", f"Zdanie {i}.") for i in range(2000)])
    data = bytearray(path.read_bytes())
    for page in range(8192, len(data), 4096):  # keep the header and schema, scribble over every data page
        data[page + 100:page + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))
    assert main(["tm", "--tm", str(path), "export", "-o", str(tmp_path / "out.tmx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tolmach: {path}: error: not a translation memory: ") and len(err.splitlines()) == 1
    assert not (tmp_path / "out.tmx").exists()
