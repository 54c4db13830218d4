"""Drafts land in the catalogs as fuzzy entries, never over a translator's work, and a re-run translates only
what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from mt_fixtures import PAIRS
from test_mt_packages import rezip

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.mt import packages
from pipeline.mt.backends import load_engine
from pipeline.mt.cache import DraftCache
from pipeline.mt.drafts import MT_HEADER, EngineLoader, Translator, run_mt, translate_sentences
from pipeline.mt.engines import Engine, EngineOutput, EngineSettings, apertium_modes
from pipeline.mt.postedit import version
from pipeline.mt.protect import Span
from pipeline.mt.routes import Route, Step
from pipeline.signature import Signature
from pipeline.workspace import workspace

GREEDY = EngineSettings(beam_size=1)
DOC_SENTENCES = [PAIRS[i]["en"] for i in range(10)]


class CountingEngine:
    """Delegates to the real engine and records every sentence that reaches it."""

    def __init__(self, inner: Engine, seen: list[str]) -> None:
        self.inner = inner
        self.seen = seen

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        self.seen.extend(sentences)
        return self.inner.translate(sentences)


def counting_loader(seen: list[str]) -> EngineLoader:
    return lambda step, settings: CountingEngine(load_engine(step, settings), seen)


@pytest.fixture
def mt_project(project: Path, argos_packages: dict[str, Path]) -> Iterator[Path]:
    """The example project with a 10-sentence document and en-pl, en-ru installed in its own packages dir."""
    (project / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n[mt]\npackages_dir = "pk"\n'
                                          'cache_dir = "cache"\nbeam_size = 1\n', encoding="utf-8")
    write_doc(project, DOC_SENTENCES)
    for pair in ("en-pl", "en-ru"):
        packages.install(argos_packages[pair], project / "pk")
    yield project


def write_doc(project: Path, sentences: list[str]) -> Path:
    doc = project / "news.txt"
    doc.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    return doc


def catalog(project: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / "news.po"))


def drafts_of(po: polib.POFile) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in po if not e.obsolete}


def mt(project: Path, seen: list[str], langs: tuple[str, ...] = ("pl",), refresh: bool = False):  # type: ignore[no-untyped-def]
    config = load_config(project)
    cache = DraftCache(project / "cache")
    try:
        with workspace(config) as ws:
            reports = run_mt(ws, langs, project / "pk", cache, refresh=refresh, settings=GREEDY,
                             loader=counting_loader(seen))
            ws.commit()
        return reports
    finally:
        cache.close()


def test_translate_writes_exact_fuzzy_drafts_with_provenance(mt_project: Path) -> None:
    assert main(["translate", "news.txt", "--to", "pl,ru"]) == 0
    po = catalog(mt_project, "pl")
    assert drafts_of(po) == {PAIRS[i]["en"]: PAIRS[i]["pl"] for i in range(10)}
    assert all(e.fuzzy for e in po)
    assert all(any(line.startswith("MT: argos en→pl 1.0") for line in e.comment.splitlines()) for e in po)
    signature = Signature.parse("MT", po.metadata[MT_HEADER])
    assert signature["route"] == "argos en→pl 1.0" and signature["beam"] == "1" and signature["device"] == "cpu"
    assert signature["postedit"] == "off"  # only routes into a language with a post-editor have one
    assert drafts_of(catalog(mt_project, "ru")) == {PAIRS[i]["en"]: PAIRS[i]["ru"] for i in range(10)}
    for lang in ("pl", "ru"):
        path = mt_project / "locales" / lang / "LC_MESSAGES" / "news.po"
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_the_rerun_keeps_human_work_and_translates_only_what_changed(mt_project: Path) -> None:
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    seen: list[str] = []
    mt(mt_project, seen)
    assert sorted(seen) == sorted(DOC_SENTENCES)

    # a translator works on half of the entries
    path = mt_project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(path))
    entries = {e.msgid: e for e in po}
    edits = {
        DOC_SENTENCES[0]: ("accept", None),
        DOC_SENTENCES[1]: ("edit", "Dziennikarza aresztowano w Mińsku."),
        DOC_SENTENCES[2]: ("edit-keep-fuzzy", "Więźniowie polityczni nadal siedzą."),
        DOC_SENTENCES[3]: ("comment", None),
        DOC_SENTENCES[4]: ("edit", "Obrońcy praw człowieka żądali uwolnienia."),
    }
    for msgid, (kind, text) in edits.items():
        e = entries[msgid]
        if kind != "edit-keep-fuzzy":
            e.flags.remove("fuzzy")
        if text:
            e.msgstr = text
        if kind == "comment":
            e.tcomment = "checked with the editor"
    po.save(str(path))
    human = {e.msgid: (e.msgstr, e.fuzzy, e.tcomment) for e in polib.pofile(str(path)) if e.msgid in edits}

    # two source sentences change: one the translator edited, one they did not touch
    changed = list(DOC_SENTENCES)
    changed[1] = PAIRS[20]["en"]
    changed[7] = PAIRS[21]["en"]
    write_doc(mt_project, changed)
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    seen.clear()
    reports = mt(mt_project, seen)

    assert sorted(seen) == sorted([PAIRS[20]["en"], PAIRS[21]["en"]])  # nothing unchanged reached the model
    assert reports[0].drafted == 2
    after = catalog(mt_project, "pl")
    live = {e.msgid: e for e in after if not e.obsolete}
    assert live[PAIRS[20]["en"]].msgstr == PAIRS[20]["pl"] and live[PAIRS[20]["en"]].fuzzy
    assert live[PAIRS[21]["en"]].msgstr == PAIRS[21]["pl"] and live[PAIRS[21]["en"]].fuzzy
    for msgid, state in human.items():
        if msgid in live:
            assert (live[msgid].msgstr, live[msgid].fuzzy, live[msgid].tcomment) == state
    # the edited translation of the removed sentence is kept, as obsolete, like msgmerge does
    assert [e.msgstr for e in after if e.obsolete and e.msgid == DOC_SENTENCES[1]] == [human[DOC_SENTENCES[1]][0]]
    untouched = [s for i, s in enumerate(changed) if i >= 5 and i != 7]
    assert all(live[s].msgstr == PAIRS[DOC_SENTENCES.index(s)]["pl"] for s in untouched)

    seen.clear()
    mt(mt_project, seen)
    assert seen == []  # a third run has nothing to do


def test_refresh_replaces_only_untouched_drafts_after_a_model_update(mt_project: Path,
                                                                     argos_packages: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    mt(mt_project, [])
    assert main(["update", "--lang", "pl"]) == 0  # MT comment lines survive update
    path = mt_project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(path))
    po[0].msgstr = "Sąd skazał go na dekadę."  # edited, still fuzzy
    po[1].flags.remove("fuzzy")  # accepted as it is
    po.save(str(path))
    newer = rezip(argos_packages["en-pl"], tmp_path / "new.argosmodel", rename={"1_0": "1_1"},
                  meta={"package_version": "1.1"})
    packages.install(newer, mt_project / "pk")

    seen: list[str] = []
    mt(mt_project, seen)
    assert seen == []  # without --refresh-mt earlier drafts stay
    mt(mt_project, seen, refresh=True)
    assert sorted(seen) == sorted(DOC_SENTENCES[2:])
    after = catalog(mt_project, "pl")
    assert after[0].msgstr == "Sąd skazał go na dekadę." and "argos en→pl 1.0" in after[0].comment
    assert not after[1].fuzzy and "argos en→pl 1.0" in after[1].comment
    assert all("argos en→pl 1.1" in e.comment for e in after[2:])
    assert Signature.parse("MT", after.metadata[MT_HEADER])["route"] == "argos en→pl 1.1"


def test_a_changed_sentence_with_a_carried_human_translation_gets_the_draft_in_a_comment(mt_project: Path) -> None:
    write_doc(mt_project, ["Police detained dozens of people."])
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    path = mt_project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(path))
    po[0].msgstr = "Policja zatrzymała kilkadziesiąt osób."  # the translator's own work
    po.save(str(path))
    write_doc(mt_project, ["Police detained dozens of people on Sunday."])
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    mt(mt_project, [])
    [entry] = [e for e in catalog(mt_project, "pl") if not e.obsolete]
    assert entry.msgstr == "Policja zatrzymała kilkadziesiąt osób." and entry.fuzzy
    assert "source changed, new draft: " in entry.comment


def test_with_no_model_the_run_still_makes_catalogs_and_says_what_to_install(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\ncache_dir = "c"\n',
                                          encoding="utf-8")
    write_doc(project, DOC_SENTENCES[:2])
    assert main(["translate", "news.txt"]) == 0
    err = capsys.readouterr().err
    assert "pl: no MT: no model for en→pl" in err
    assert "tolmach models install" in err
    assert (project / "locales" / "pl" / "LC_MESSAGES" / "news.po").is_file()
    assert not (project / "c").exists()  # nothing cached, nothing opened


def test_protected_names_numbers_urls_and_placeholders_come_back(mt_project: Path) -> None:
    write_doc(mt_project, ["Ales Bialiatski was arrested in 2021.",
                           "Read the report at https://spring96.org/en today.",
                           "The <x1/> trial <x2/> was held behind closed doors.",
                           "Police detained 150 people on Sunday."])
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    config = load_config(mt_project)
    cache = DraftCache(mt_project / "cache")
    with workspace(config) as ws:
        run_mt(ws, ["pl"], mt_project / "pk", cache, settings=GREEDY, glossary=OneName())
        ws.commit()
    cache.close()
    po = catalog(mt_project, "pl")
    assert list(drafts_of(po).values()) == [
        "Aleś Bialacki został aresztowany w 2021.", "Przeczytaj raport na https://spring96.org/en dzisiaj.",
        "Proces <x1/> <x2/> odbył się za zamkniętymi drzwiami.", "Policja zatrzymała 150 osób w niedzielę."]
    assert "MT: glossary names protected: Aleś Bialacki" in po[0].comment


class OneName:
    """A one-concept glossary with the hooks drafting uses (the real one is pipeline/mt/glossary.py)."""

    key = "one-name"

    def names(self, source: str, lang: str) -> list[Span]:
        at = source.find("Ales Bialiatski")
        return [Span(at, at + 15, "glossary", "Aleś Bialacki", "bialiatski")] if at >= 0 else []

    def present(self, draft: str, lang: str) -> set[str]:
        return {"bialiatski"} if "Aleś Bialacki" in draft else set()

    def repair(self, draft: str, lang: str, source: str = "") -> tuple[str, list[str]]:
        return draft, []


class DropsMasks:
    """An engine that loses every mask, as real models sometimes do."""

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        return [EngineOutput(s.replace("ZX1Z", "").strip() + " (mt)") for s in sentences]


def test_a_lost_mask_falls_back_to_the_plain_draft_and_says_so() -> None:
    route = Route("pl", (Step("neural", "en", "pl", "0", None, "argos en→pl 0", "argos:en-pl:0:x", "neural"),))
    translator = Translator(GREEDY, lambda step, settings: DropsMasks())
    drafts, fallbacks = translate_sentences(route, ["Jailed in 2021."], "pl", translator)
    assert fallbacks == 1
    assert drafts["Jailed in 2021."].text == "Jailed in 2021. (mt)"
    assert "MT: protection failed (lost 2021): plain draft; check names" in drafts["Jailed in 2021."].note


@pytest.mark.apertium
@pytest.mark.skipif(shutil.which("apertium") is None or "rus-bel" not in apertium_modes(),
                    reason="apertium + apertium-bel-rus not installed")
def test_belarusian_goes_through_argos_en_ru_then_apertium(mt_project: Path) -> None:
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "ru,be"]) == 0
    seen: list[str] = []
    mt(mt_project, seen, langs=("ru", "be"))
    assert seen.count(DOC_SENTENCES[0]) == 1  # the en→ru step is shared by ru and be
    be = catalog(mt_project, "be")
    signature = Signature.parse("MT", be.metadata[MT_HEADER])
    assert signature["route"].startswith("argos en→ru 1.0 → apertium rus-bel ")
    assert signature["postedit"] == version("be") and signature["route"].endswith(f" → postedit {version('be')}")
    entry = next(e for e in be if e.msgid == PAIRS[1]["en"])
    assert entry.msgstr.startswith("Журналіста") and "*" not in entry.msgstr
    assert any("MT: words left untranslated: " in e.comment for e in be)


def test_check_and_models_list_never_import_the_mt_backends(mt_project: Path) -> None:
    assert main(["translate", "news.txt", "--to", "pl"]) == 0
    probe = ("import sys; from pipeline.cli import main; main(['check', '--include-fuzzy']); "
             "main(['models', 'list']); "
             "print([m for m in ('argostranslate', 'ctranslate2', 'sentencepiece', 'torch') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe], cwd=mt_project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


def test_the_mt_command_reports_per_language_and_refuses_bad_jobs(mt_project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mt", "--lang", "pl"]) == 2  # nothing could be done
    err = capsys.readouterr().err
    assert "no catalogs to draft into; run `tolmach extract` and `tolmach update` first" in err
    assert "error: no language could be drafted: pl no catalogs" in err
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", "pl"]) == 0
    assert main(["mt", "--lang", "pl", "--jobs", "1"]) == 0
    assert "pl: argos en→pl 1.0: 10 drafted, 0 offered in comments, 10 sentences translated, 0 from cache" \
        in capsys.readouterr().out
    assert main(["mt", "--lang", "pl", "--jobs", "0"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err


def test_progress_moves_sentence_by_sentence_and_adds_up(mt_project: Path) -> None:
    """The bar counts each sentence as CTranslate2 finishes it, not one jump per chunk of 64."""
    assert main(["extract", "news.txt"]) == 0 and main(["update", "--lang", "pl"]) == 0
    totals: list[int] = []
    ticks: list[int] = []
    config = load_config(mt_project)
    cache = DraftCache(mt_project / "cache")
    try:
        with workspace(config) as ws:
            run_mt(ws, ["pl"], mt_project / "pk", cache, settings=GREEDY, progress=ticks.append,
                   on_total=totals.append)
            ws.commit()
    finally:
        cache.close()
    assert totals == [10] and ticks == [1] * 10
