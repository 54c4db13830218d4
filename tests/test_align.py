"""Sentence alignment: beads on real parallel text (FLORES-200 excerpt), the rules every alignment keeps,
language refusal, and `tolmach align` writing catalogs and the translation memory."""

from __future__ import annotations

import json
import math
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.align import AlignParams, Bead, align, check_cover
from pipeline.align.aligner import _PAD, BAND_MARGIN, SHAPES, _band_limits, _CostModel, _fill, _guide, _posteriors
from pipeline.align.anchors import (
    WORD_RE,
    _skeletons,
    _words,
    anchor_lists,
    clear_caches,
    name_anchors,
    name_key,
    number_anchors,
    punctuation_anchors,
    sentence_anchors,
    word_anchors,
)
from pipeline.align.fill import fill_catalog
from pipeline.align.langid import detect, require_language
from pipeline.cli import main
from pipeline.errors import TolmachError

FLORES = Path(__file__).parent / "data" / "flores"


def flores(lang: str) -> list[str]:
    name = {"en": "eng_Latn", "pl": "pol_Latn", "ru": "rus_Cyrl", "be": "bel_Cyrl", "uk": "ukr_Cyrl"}[lang]
    return (FLORES / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def shapes(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def test_self_alignment_is_all_one_to_one() -> None:
    en = flores("en")
    assert shapes(align(en, en)) == [((i,), (i,)) for i in range(len(en))]


def test_empty_target_gives_all_one_to_zero() -> None:
    en = flores("en")[:5]
    assert shapes(align(en, [])) == [((i,), ()) for i in range(5)]


def test_empty_source_gives_all_zero_to_one() -> None:
    assert shapes(align([], ["a", "b"])) == [((), (0,)), ((), (1,))]


@pytest.mark.parametrize("lang", ["pl", "ru", "be"])
def test_dropped_and_merged_sentences_are_found(lang: str) -> None:
    en, tgt = flores("en")[:20], flores(lang)[:20]
    # the translator dropped sentence 8 and merged 15 with 16
    edited = [*tgt[:8], *tgt[9:15], tgt[15] + " " + tgt[16], *tgt[17:]]
    beads = shapes(align(en, edited))
    assert [b for b in beads if len(b[0]) != 1 or len(b[1]) != 1] == [((8,), ()), ((15, 16), (14,))]


def test_a_path_at_the_band_edge_widens_it_until_the_full_lattice_agrees() -> None:
    """Ten dropped sentences in a row push the path far from the guide; a band of 7 must be widened."""
    en, pl = flores("en"), flores("pl")
    pl = pl[:10] + pl[20:]
    assert shapes(align(en, pl, band=1, scores=False)) == shapes(align(en, pl, band=len(en), scores=False))


def test_scores_are_probabilities_and_high_for_a_clean_pair() -> None:
    beads = align(flores("en")[:10], flores("pl")[:10])
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert min(b.score for b in beads) > 0.9


def test_translate_hook_is_used_when_given() -> None:
    en, pl = flores("en")[:12], flores("pl")[:12]
    seen: list[list[str]] = []

    def fake_mt(lines: list[str]) -> list[str]:  # an MT route that happens to be perfect
        seen.append(lines)
        return pl

    assert shapes(align(en, pl, translate=fake_mt)) == [((i,), (i,)) for i in range(12)]
    assert seen == [en]


sentences = st.lists(st.text(alphabet="abc XYZ 12.?", min_size=0, max_size=30), max_size=25)


@settings(max_examples=60, deadline=None)
@given(src=sentences, tgt=sentences)
def test_beads_never_cross_and_cover_every_line_once(src: list[str], tgt: list[str]) -> None:
    beads = align(src, tgt)
    check_cover(beads, len(src), len(tgt))
    assert all(1 <= len(b.src) + len(b.tgt) <= 4 for b in beads)


def test_names_meet_across_scripts() -> None:
    assert name_key("Lukashenko") == name_key("Лукашэнка") == name_key("Łukaszenka") == name_key("Лукашенко")
    assert name_key("Stanford") == name_key("Стэнфардскага")
    assert name_key("Minsk") != name_key("Moscow")


def test_numbers_ignore_leading_zeros_and_separators() -> None:
    assert number_anchors("02:30") == number_anchors("2:30") == ["#2", "#30"]


TRICKY = ["", "  ", "«Так», — сказаў ён.", "Don't stop: 1,000.05% (of 007)!", "Łódź? Żółć; „cytat”",
          "ǅemal ﬁnds ĲSSEL", "Kelvin: \u212a and \u0130stanbul", "x-ray Xhosa quick qu czech",
          "Shchukin Щукін Szczecin", "\u00a0word\u2009two"]


def test_anchor_lists_find_what_the_four_anchor_functions_define() -> None:
    lines = [*TRICKY, *(line for lang in ("en", "pl", "ru", "be", "uk") for line in flores(lang))]
    clear_caches()
    for found in (anchor_lists(lines), anchor_lists(lines)):  # the keys computed in one batch, then cached
        for line, anchors in zip(lines, found, strict=True):
            defined = Counter([*number_anchors(line), *name_anchors(line), *punctuation_anchors(line),
                               *word_anchors(line)])
            assert Counter(anchors) == defined, line


def test_words_split_at_whitespace_first_are_the_word_pattern_s() -> None:
    lines = [*TRICKY, "'quoted' words’ and rock’n’roll — x²y ½ (a)b c_d e\u0301f U.S.-made 3rd ʼtis",
             *(line for lang in ("en", "pl", "ru", "be", "uk") for line in flores(lang))]
    for line in lines:
        assert _words(line) == WORD_RE.findall(line), line


@pytest.mark.parametrize("langs", [("en",), ("pl",), ("ru", "be", "uk", "en"), ("ru", "pl")])
def test_word_skeletons_computed_together_are_name_keys(langs: tuple[str, ...]) -> None:
    """One batch per case: ASCII, Latin letters, Cyrillic (through its code page), both (through the table)."""
    lines = [*(line for lang in langs for line in flores(lang)), *(TRICKY if "pl" in langs else [])]
    words = sorted({w for line in lines for w in WORD_RE.findall(line)})
    for word, skeleton in zip(words, _skeletons(words), strict=True):
        assert (skeleton[:3], skeleton[:4]) == (name_key(word), name_key(word, 4)), word


@pytest.mark.parametrize("lang", ["en", "pl", "ru", "be", "uk"])
def test_language_is_recognised(lang: str) -> None:
    assert detect(" ".join(flores(lang)[:3])).lang == lang


@pytest.mark.parametrize("lang", ["pl", "ru", "be", "uk"])
def test_every_line_alone_is_recognised(lang: str) -> None:
    guesses = [detect(line).lang for line in flores(lang)]
    assert all(guess in (lang, None) for guess in guesses), guesses


def test_ukrainian_is_told_from_its_neighbours() -> None:
    require_language(flores("uk")[:5], "uk")
    for other in ("ru", "be"):
        with pytest.raises(TolmachError, match="looks Ukrainian"):
            require_language(flores("uk")[:5], other)
        with pytest.raises(TolmachError, match="not Ukrainian"):
            require_language(flores(other)[:5], "uk")


def test_belarusian_is_not_taken_for_russian_and_back() -> None:
    require_language(flores("be")[:5], "be")
    with pytest.raises(TolmachError, match="looks Belarusian"):
        require_language(flores("be")[:5], "ru")
    with pytest.raises(TolmachError, match="looks Russian"):
        require_language(flores("ru")[:5], "be")


def test_short_text_is_not_judged() -> None:
    require_language(["Tak."], "ru")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_presegmented_prints_json_beads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_lines(tmp_path / "en.txt", flores("en")[:6])
    tgt = write_lines(tmp_path / "pl.txt", flores("pl")[:6])
    assert main(["align", "--presegmented", str(src), str(tgt), "--lang", "pl", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"beads": [[[i], [i]] for i in range(6)]}


def test_wrong_language_target_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_lines(tmp_path / "en.txt", flores("en")[:6])
    tgt = write_lines(tmp_path / "pl.txt", flores("pl")[:6])
    assert main(["align", "--presegmented", str(src), str(tgt), "--lang", "ru"]) == 2
    err = capsys.readouterr().err
    assert f"{tgt}: error: the text looks Polish" in err and "not Russian" in err


def test_jsonl_output_is_scoreable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    en, be = flores("en"), flores("be")
    docs = [{"doc": k, "src": en[k * 5:k * 5 + 5], "tgt": be[k * 5:k * 5 + 5]} for k in range(2)]
    bench = write_lines(tmp_path / "bench.jsonl", [json.dumps(d, ensure_ascii=False) for d in docs])
    assert main(["align", "--jsonl", str(bench), "--lang", "be"]) == 0
    out = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert out == [{"doc": k, "beads": [[[i], [i]] for i in range(5)]} for k in range(2)]


def test_bad_jsonl_line_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = write_lines(tmp_path / "bench.jsonl", ['{"src": [], "tgt": []}', "{oops"])
    assert main(["align", "--jsonl", str(bench), "--lang", "pl"]) == 2
    assert f"{bench}:2: error: expected a JSON object" in capsys.readouterr().err


@pytest.fixture
def article(project: Path) -> tuple[Path, Path]:
    """An English article and its Polish translation in which one sentence was dropped."""
    en, pl = flores("en")[:8], flores("pl")[:8]
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[tm]\npath = "tm.sqlite"\n', encoding="utf-8")
    source = project / "news.txt"
    source.write_text("\n\n".join(en) + "\n", encoding="utf-8")
    translation = project / "news.pl.txt"
    translation.write_text("\n\n".join(pl[:5] + pl[6:]) + "\n", encoding="utf-8")
    return source, translation


def test_align_fills_catalog_and_memory(article: tuple[Path, Path], project: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    source, translation = article
    assert main(["align", str(source), str(translation), "--lang", "pl"]) == 0
    po_path = project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(po_path))
    en, pl = flores("en"), flores("pl")
    entry = po.find(en[0])
    assert entry.msgstr == pl[0] and not entry.fuzzy
    assert "aligned from news.pl.txt, score" in entry.comment
    assert po.find(en[5]).msgstr == ""
    err = capsys.readouterr().err
    assert f"news.txt:11: not in the translation: {en[5]}" in err
    assert (project / "tm.sqlite").is_file()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)


def test_a_ukrainian_translation_is_aligned_into_its_catalog(project: Path) -> None:
    en, uk = flores("en")[:8], flores("uk")[:8]
    source = project / "news.txt"
    source.write_text("\n\n".join(en) + "\n", encoding="utf-8")
    translation = project / "news.uk.txt"
    translation.write_text("\n\n".join(uk[:5] + uk[6:]) + "\n", encoding="utf-8")
    assert main(["align", str(source), str(translation), "--lang", "uk", "--no-tm"]) == 0
    po_path = project / "locales" / "uk" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(po_path))
    assert po.find(en[0]).msgstr == uk[0] and po.find(en[7]).msgstr == uk[7] and po.find(en[5]).msgstr == ""
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], check=True)


def test_align_never_overwrites_a_translated_entry(article: tuple[Path, Path], project: Path) -> None:
    source, translation = article
    assert main(["align", str(source), str(translation), "--lang", "pl", "--no-tm"]) == 0
    po_path = project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    po = polib.pofile(str(po_path))
    po.find(flores("en")[1]).msgstr = "Poprawione przez redaktora."
    po.save()
    assert main(["align", str(source), str(translation), "--lang", "pl", "--no-tm"]) == 0
    assert polib.pofile(str(po_path)).find(flores("en")[1]).msgstr == "Poprawione przez redaktora."
    assert not (project / "tm.sqlite").exists()


def test_fill_makes_merged_beads_fuzzy_and_says_so() -> None:
    po = polib.POFile()
    for msgid in ("One.", "Two."):
        po.append(polib.POEntry(msgid=msgid, msgstr=""))
    stats = fill_catalog(po, ["One.", "Two."], ["Jeden. Dwa."], [Bead((0, 1), (0,), 0.99)], "x.pl.txt")
    assert (stats.translated, stats.fuzzy) == (0, 1)
    first, second = po.find("One."), po.find("Two.")
    assert first.msgstr == "Jeden. Dwa." and first.fuzzy
    assert second.msgstr == "" and "translated with the previous sentence" in second.comment


def test_glossary_concepts_become_anchors_on_both_sides(tmp_path: Path) -> None:
    from pipeline.align import glossary_anchors
    from pipeline.config import Config

    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "people.yaml").write_text(
        "terms:\n  - id: pavel-latushka\n    type: name\n"
        "    en: [Pavel Latushka, Latushka]\n    pl: [Paweł Łatuszka, Łatuszka]\n", encoding="utf-8")
    src, tgt = glossary_anchors(Config(root=tmp_path), "pl")
    assert list(src[0]("Pavel Latushka spoke in Vilnius.")) == ["pavel-latushka"]
    assert list(tgt[0]("Paweł Łatuszka przemawiał w Wilnie.")) == ["pavel-latushka"]


def test_no_glossary_means_no_glossary_anchors(tmp_path: Path) -> None:
    from pipeline.align import glossary_anchors
    from pipeline.config import Config

    assert glossary_anchors(Config(root=tmp_path), "pl") == ([], [])


def _cost_as_defined(src: list[str], tgt: list[str], bead: tuple[int, int, int, int], params: AlignParams) -> float:
    """The bead cost written straight from the module docstring, summing the lines' anchors per bead."""
    i0, i1, j0, j1 = bead
    cost = params.shape_prior[(i1 - i0, j1 - j0)]
    a_s = sum((sentence_anchors(x) for x in src[i0:i1]), Counter())
    a_t = sum((sentence_anchors(x) for x in tgt[j0:j1]), Counter())
    ls = sum(len(x) for x in src[i0:i1]) + max(i1 - i0 - 1, 0)
    lt = sum(len(x) for x in tgt[j0:j1]) + max(j1 - j0 - 1, 0)
    ratio = sum(map(len, tgt)) / sum(map(len, src))
    weights = {k: (a + 2 * b, b) for k, (a, b) in params.anchor_weights.items()}
    default = (params.punct_weights[0] + 2 * params.punct_weights[1], params.punct_weights[1])
    unmatched = sum(weights.get(k[0], default)[1] * c for k, c in (a_s + a_t).items())
    if not (ls and lt):
        return cost + params.null_anchor_factor * unmatched
    mean = (ls + lt / ratio) / 2
    delta = abs(lt / ratio - ls) / math.sqrt(params.variance * mean)
    cost += params.length_weight * -math.log(max(math.erfc(delta / math.sqrt(2)), 1e-12)) + unmatched
    return cost - sum(weights.get(k[0], default)[0] * min(c, a_t[k]) for k, c in a_s.items() if k in a_t)


def test_bead_costs_read_from_the_per_run_tables_equal_the_definition() -> None:
    src = ["Lukashenko met 12 people in Minsk.", "They spoke (briefly).", "Nothing was agreed?", "Then 2024 came."]
    tgt = ["Łukaszenka spotkał 12 osób w Mińsku.", "Rozmawiali krótko.", "Nic nie uzgodniono?", "Potem 2024."]
    params = AlignParams()
    model = _CostModel(src, tgt, params, ((), ()), None)
    for di, dj in SHAPES:
        for i0 in range(len(src) - di + 1):
            for j0 in range(len(tgt) - dj + 1):
                bead = (i0, i0 + di, j0, j0 + dj)
                assert model.cost(*bead) == pytest.approx(_cost_as_defined(src, tgt, bead, params)), bead


def _reference_lattice(model: _CostModel, limits: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int, int]],
                                                                                  list[float]]:
    """The band's best path and its beads' posteriors, one cell and one bead at a time with `model.cost`:
    the dynamic programme as the module docstring states it (first shape in SHAPES order wins a tie)."""
    n, m = model.n, model.m
    cells = [(i, j) for i in range(n + 1) for j in range(limits[i][0], limits[i][1] + 1)]
    best, back, fwd = {(0, 0): 0.0}, {}, {(0, 0): 0.0}
    for i, j in cells[1:]:
        for k, (di, dj) in enumerate(SHAPES):
            if (i - di, j - dj) in best:
                total = best[(i - di, j - dj)] + model.cost(i - di, i, j - dj, j)
                if total < best.get((i, j), math.inf):
                    best[(i, j)], back[(i, j)] = total, k
                fwd[(i, j)] = float(np.logaddexp(fwd.get((i, j), -math.inf),
                                                 fwd[(i - di, j - dj)] - model.cost(i - di, i, j - dj, j)))
    bwd = {(n, m): 0.0}
    for i, j in reversed(cells):
        for di, dj in SHAPES:
            if (i, j) in best and (i + di, j + dj) in bwd:
                bwd[(i, j)] = float(np.logaddexp(bwd.get((i, j), -math.inf),
                                                 bwd[(i + di, j + dj)] - model.cost(i, i + di, j, j + dj)))
    path, i, j = [], n, m
    if (n, m) not in best:
        return [], []
    while i or j:
        di, dj = SHAPES[back[(i, j)]]
        path.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    path.reverse()
    probs = [math.exp(fwd[(i0, j0)] - model.cost(i0, i1, j0, j1) + bwd[(i1, j1)] - fwd[(n, m)])
             for i0, i1, j0, j1 in path]
    return path, probs


def _edited(lang: str, size: int) -> tuple[list[str], list[str]]:
    en, tgt = flores("en")[:size], flores(lang)[:size]
    return en, [*tgt[:3], *tgt[4:9], tgt[9] + " " + tgt[10], *tgt[11:]]


@pytest.mark.parametrize(("lang", "band"), [("pl", 24), ("ru", 7), ("be", 3), ("uk", 12)])
def test_the_band_is_costed_and_searched_as_the_one_bead_definition_says(lang: str, band: int) -> None:
    """The fast path (every cost of a block of rows at once, rows of the programme at once) against the
    reference: same costs for every bead of the band, same best path, same posteriors."""
    src, tgt = _edited(lang, 30)
    model = _CostModel(src, tgt, AlignParams(), ((), ()), None)
    limits = _band_limits(_guide(model.src.lengths, model.tgt.lengths), model.m, max(band, 2 * BAND_MARGIN + 1))
    lattice = _fill(model, model.n, model.m, limits, with_forward=True)
    for k, (di, dj) in enumerate(SHAPES):
        for i, (lo, hi) in enumerate(limits):
            for j in range(lo, hi + 1):
                got = lattice.costs[k, i, _PAD + j - lo]
                if i >= di and j >= dj:
                    assert got == pytest.approx(model.cost(i - di, i, j - dj, j), rel=1e-12, abs=1e-12), (k, i, j)
                else:
                    assert got == math.inf
    path, probs = _reference_lattice(model, limits)
    assert lattice.path == path
    assert _posteriors(lattice, model.n, model.m) == pytest.approx([min(1.0, p) for p in probs], abs=1e-9)


def test_a_band_that_misses_the_end_is_widened() -> None:
    """One empty source line, 18 empty target lines: a 7-line band around the guide never reaches (1, 18)."""
    assert shapes(align([""], [""] * 18, band=1, scores=False)) == shapes(align([""], [""] * 18, band=50,
                                                                                 scores=False))


@settings(max_examples=40, deadline=None)
@given(src=sentences, tgt=sentences)
def test_random_texts_take_the_reference_path(src: list[str], tgt: list[str]) -> None:
    if not src or not tgt:
        return
    model = _CostModel(src, tgt, AlignParams(), ((), ()), None)
    limits = _band_limits(_guide(model.src.lengths, model.tgt.lengths), model.m, 7)
    lattice = _fill(model, model.n, model.m, limits, with_forward=False)
    assert lattice.path == _reference_lattice(model, limits)[0]
    assert lattice.path or lattice.touched  # a band that does not reach the end is widened by align()
