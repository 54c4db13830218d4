"""The batch engine gives argostranslate's own output; Apertium runs through the shipped mode file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mt_fixtures import PAIRS, argos_translate

from pipeline.mt.engines import ApertiumEngine, CTranslate2Engine, EngineSettings, apertium_modes, parse_apertium
from pipeline.mt.packages import installed

GREEDY = EngineSettings(beam_size=1)


def package(argos_dir: Path, pair: str):  # type: ignore[no-untyped-def]
    return next(p for p in installed(argos_dir) if p.pair == pair)


@pytest.mark.parametrize("pair", ["en-pl", "en-ru", "ru-be"])
def test_batch_path_equals_argostranslate_translate_with_beam_1(argos_installed: Path, pair: str) -> None:
    src, tgt = pair.split("-")
    engine = CTranslate2Engine(package(argos_installed, pair), GREEDY)
    sources = [row[src] for row in PAIRS]
    batch = [o.text for o in engine.translate(sources)]
    assert batch == [argos_translate(s, src, tgt) for s in sources]
    assert batch == [row[tgt] for row in PAIRS]  # the test models memorised their pairs exactly


def test_argostranslate_pivots_en_ru_be_and_so_do_two_engines(argos_installed: Path) -> None:
    en_ru = CTranslate2Engine(package(argos_installed, "en-ru"), GREEDY)
    ru_be = CTranslate2Engine(package(argos_installed, "ru-be"), GREEDY)
    sources = [row["en"] for row in PAIRS[:5]]
    chained = [o.text for o in ru_be.translate([o.text for o in en_ru.translate(sources)])]
    assert chained == [row["be"] for row in PAIRS[:5]]
    assert chained == [argos_translate(s, "en", "be") for s in sources]


def test_scores_come_with_the_drafts(argos_installed: Path) -> None:
    [out] = CTranslate2Engine(package(argos_installed, "en-pl"), GREEDY).translate([PAIRS[0]["en"]])
    assert out.score is not None and out.score <= 0


def test_parse_apertium_strips_marks_and_reports_unknown_words() -> None:
    out = parse_apertium("Суд *приговорил яго да *Бяляцкага і @сябра, #ідучы")
    assert out.text == "Суд приговорил яго да Бяляцкага і сябра, ідучы"
    assert out.unknown == ("приговорил", "Бяляцкага", "сябра")


needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None or "rus-bel" not in apertium_modes(),
                                    reason="apertium + apertium-bel-rus not installed")


@needs_apertium
@pytest.mark.apertium
def test_apertium_rus_bel_through_the_shipped_mode_file_gives_belarusian() -> None:
    sources = ["Журналиста арестовали в Минске.", "Независимые СМИ заблокированы.",
               "Суд приговорил его к десяти годам."]
    outs = ApertiumEngine("rus-bel").translate(sources)
    assert len(outs) == 3
    assert outs[0].text.startswith("Журналіста") and "Мінску" in outs[0].text
    assert all(o.text for o in outs)
    assert all("*" not in o.text for o in outs)
    # the stock Debian mode prints nothing for most sentences; the shipped one translates every line
    assert "ў" in " ".join(o.text for o in outs) or "і" in " ".join(o.text for o in outs)


@needs_apertium
@pytest.mark.apertium
def test_apertium_reports_words_it_left_untranslated() -> None:
    [out] = ApertiumEngine("rus-bel").translate(["Блогера Кукушкина арестовали вчера."])
    assert out.unknown
    assert all(w in "Блогера Кукушкина арестовали вчера." for w in out.unknown)
    assert "*" not in out.text


def test_the_shipped_mode_file_replaces_the_crashing_tagger() -> None:
    mode = (Path(__file__).parent.parent / "pipeline" / "data" / "apertium" / "modes" / "rus-bel.mode").read_text()
    assert "apertium-tagger" not in mode
    assert "cg-proc -w -1 -n" in mode


def test_a_sentence_the_model_cannot_take_fails_alone(argos_installed: Path) -> None:
    engine = CTranslate2Engine(package(argos_installed, "en-pl"), GREEDY)
    too_long = " ".join(row["en"] for row in PAIRS[:8])  # more tokens than the test model has positions
    outs = engine.translate([PAIRS[0]["en"], too_long, PAIRS[1]["en"]])
    assert [o.text for o in outs] == [PAIRS[0]["pl"], "", PAIRS[1]["pl"]]
    assert outs[1].error.startswith("argos en→pl 1.0 failed: ")
