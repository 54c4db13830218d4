"""`tolmach align` uses an installed MT route as an anchor, through the draft cache `tolmach mt` uses; without
a route it aligns as before and says why MT is not used.

The packages are the tiny real argos models the suite builds (tests/mt_fixtures.py): they reproduce
tests/data/mt/pairs.tsv exactly, so the machine translation of each English sentence is its Polish line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polib
import pytest
from mt_fixtures import PAIRS

from pipeline.cli import main
from pipeline.mt import engines, packages
from pipeline.mt.backends.neural import NeuralBackend

ENGLISH = [PAIRS[i]["en"] for i in range(12)]
DROPPED = 4  # the Polish translator left out sentence 4
POLISH = [PAIRS[i]["pl"] for i in range(12) if i != DROPPED]
# Without MT the length model puts this drop two sentences too late (sentence 6 left out); the
# translation of sentence 4's neighbours pins it to the right place.
EXPECTED_BEADS = [[[i], [i if i < DROPPED else i - 1]] if i != DROPPED else [[i], []] for i in range(12)]


class Seen(list[str]):
    """Every sentence that reached an engine, and the size of each batch."""

    batches: list[int]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Sentences reaching the real argos engines (the engine factory is wrapped; the real one does the work)."""
    sentences = Seen()
    sentences.batches = []
    real_create = NeuralBackend.create

    class Counting:
        def __init__(self, inner: engines.Engine) -> None:
            self.inner = inner

        def translate(self, batch: list[str]) -> list[engines.EngineOutput]:
            sentences.extend(batch)
            sentences.batches.append(len(batch))
            return self.inner.translate(batch)

    def counting_create(step: Any, settings: engines.EngineSettings) -> engines.Engine:
        return Counting(real_create(step, settings))

    monkeypatch.setattr(NeuralBackend, "create", staticmethod(counting_create))
    return sentences


@pytest.fixture
def pair(project: Path) -> tuple[Path, Path]:
    """news.txt and its Polish translation (one sentence per paragraph), a project with its own packages
    and cache directories, and greedy decoding (the models reproduce their pairs exactly with it)."""
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\ncache_dir = "cache"\n'
                                          'beam_size = 1\n', encoding="utf-8")
    source, translation = project / "news.txt", project / "news.pl.txt"
    source.write_text("\n\n".join(ENGLISH) + "\n", encoding="utf-8")
    translation.write_text("\n\n".join(POLISH) + "\n", encoding="utf-8")
    return source, translation


@pytest.fixture
def en_pl(pair: tuple[Path, Path], argos_packages: dict[str, Path]) -> tuple[Path, Path]:
    packages.install(argos_packages["en-pl"], pair[0].parent / "pk")
    return pair


def presegmented(project: Path, *flags: str) -> int:
    """`tolmach align --presegmented` on the pair, one sentence per line."""
    (project / "src.txt").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    (project / "tgt.txt").write_text("\n".join(POLISH) + "\n", encoding="utf-8")
    return main(["align", "--presegmented", "src.txt", "tgt.txt", "--lang", "pl", *flags])


def mt(document: Path) -> int:
    """`tolmach mt` on a fresh catalog of `document` (what `translate` does, without checks and build)."""
    if main(["extract", str(document)]) or main(["update", "--lang", "pl"]):
        return 2
    return main(["mt", "--lang", "pl"])


def beads_printed(capsys: pytest.CaptureFixture[str]) -> list[Any]:
    beads: list[Any] = json.loads(capsys.readouterr().out)["beads"]
    return beads


def test_align_translates_the_source_with_the_installed_route_and_places_the_drop(
        en_pl: tuple[Path, Path], seen: Seen, capsys: pytest.CaptureFixture[str]) -> None:
    source, translation = en_pl
    assert main(["align", str(source), str(translation), "--lang", "pl", "--no-tm"]) == 0
    assert sorted(seen) == sorted(ENGLISH)
    err = capsys.readouterr().err
    assert "align: MT anchor: argos en→pl 1.0 (12 sentence(s) translated, 0 from the MT cache)" in err
    assert f"not in the translation: {ENGLISH[DROPPED]}" in err
    po = polib.pofile(str(source.parent / "locales" / "pl" / "LC_MESSAGES" / "news.po"))
    assert {e.msgid: e.msgstr for e in po if e.msgstr} == {
        PAIRS[i]["en"]: PAIRS[i]["pl"] for i in range(12) if i != DROPPED}


def test_presegmented_mode_uses_the_route_too(en_pl: tuple[Path, Path], seen: Seen,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert presegmented(en_pl[0].parent) == 0
    assert beads_printed(capsys) == EXPECTED_BEADS
    assert sorted(seen) == sorted(ENGLISH)


def test_jsonl_mode_translates_every_document_in_one_batch(en_pl: tuple[Path, Path], seen: Seen,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bench = en_pl[0].parent / "bench.jsonl"
    docs = [{"src": ENGLISH, "tgt": POLISH}, {"src": ENGLISH[:6], "tgt": POLISH[:5]}]
    bench.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    assert main(["align", "--jsonl", str(bench), "--lang", "pl"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out == [{"doc": 0, "beads": EXPECTED_BEADS}, {"doc": 1, "beads": EXPECTED_BEADS[:6]}]
    assert sorted(seen) == sorted(ENGLISH)  # the second document's sentences were translated once
    assert seen.batches == [12]


def test_drafts_are_shared_with_tolmach_mt_both_ways(en_pl: tuple[Path, Path], seen: Seen,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = en_pl[0]
    project = source.parent
    # `tolmach mt` first: aligning afterwards needs no engine
    assert mt(source) == 0
    assert sorted(seen) == sorted(ENGLISH)
    seen.clear()
    capsys.readouterr()
    assert presegmented(project) == 0
    assert beads_printed(capsys) == EXPECTED_BEADS
    assert seen == []
    # alignment first: `tolmach mt` afterwards finds the drafts in the cache
    later = [PAIRS[i]["en"] for i in range(12, 18)]
    (project / "src.txt").write_text("\n".join(later) + "\n", encoding="utf-8")
    (project / "tgt.txt").write_text("\n".join(PAIRS[i]["pl"] for i in range(12, 18)) + "\n", encoding="utf-8")
    assert main(["align", "--presegmented", "src.txt", "tgt.txt", "--lang", "pl"]) == 0
    assert sorted(seen) == sorted(later)
    seen.clear()
    (project / "later.txt").write_text("\n\n".join(later) + "\n", encoding="utf-8")
    assert mt(project / "later.txt") == 0
    assert seen == []
    po = polib.pofile(str(project / "locales" / "pl" / "LC_MESSAGES" / "later.po"))
    assert {e.msgid: e.msgstr for e in po} == {PAIRS[i]["en"]: PAIRS[i]["pl"] for i in range(12, 18)}
    assert all(e.fuzzy for e in po)


def test_no_mt_declines_the_installed_route(en_pl: tuple[Path, Path], seen: Seen,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert presegmented(en_pl[0].parent, "--no-mt") == 0
    assert seen == []
    assert "align: MT anchor off (--no-mt)" in capsys.readouterr().err


def test_without_a_package_alignment_works_as_before_and_says_mt_is_not_used(
        pair: tuple[Path, Path], seen: Seen, capsys: pytest.CaptureFixture[str]) -> None:
    source, translation = pair
    assert main(["align", str(source), str(translation), "--lang", "pl", "--no-tm"]) == 0
    err = capsys.readouterr().err
    assert "align: no MT anchor: no model for en→pl (installed pairs: none)" in err
    assert presegmented(source.parent) == 0
    no_route = beads_printed(capsys)
    assert presegmented(source.parent, "--no-mt") == 0
    assert no_route == beads_printed(capsys)  # exactly what alignment without MT gives
    assert [b for b in no_route if not b[1]] == [[[6], []]]  # the drop is misplaced without MT
    assert seen == []
    assert not (source.parent / "cache").exists()  # nothing translated, no cache file left behind


def test_mt_flag_insists_on_a_route(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert presegmented(pair[0].parent, "--mt") == 2
    err = capsys.readouterr().err
    assert "--mt: no model for en→pl" in err and "tolmach models install" in err
