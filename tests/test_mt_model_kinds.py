"""Every model format users bring drafts exactly: argos packages with BPE, and CTranslate2 directories shaped
like converted M2M-100/NLLB (language tokens, `sentencepiece.bpe.model`) and OPUS-MT (`source.spm`,
`target.spm`). Each is a tiny real model trained offline (tests/argosbuild.py) to reproduce its pairs with
greedy decoding."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from mt_fixtures import PAIRS

from pipeline.cli import main
from pipeline.mt import packages
from pipeline.mt.engines import CTranslate2Engine, EngineSettings
from pipeline.mt.model import PackageInfo

GREEDY = EngineSettings(beam_size=1)
pytest.importorskip("numpy", reason="the tiny models are trained with the [dev] extra (numpy, torch)")
import argosbuild  # noqa: E402  (after the skip: it needs numpy)


@pytest.fixture(scope="session")
def bpe_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return argosbuild.bpe_package("en", "pl", tmp_path_factory.mktemp("bpe"))


@pytest.fixture(scope="session")
def m2m_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return argosbuild.converted_model(tmp_path_factory.mktemp("m2m"), ("pl", "be"))


@pytest.fixture(scope="session")
def opus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return argosbuild.converted_model(tmp_path_factory.mktemp("opus"), ("pl",), separate_spm=True)


def drafts(info: PackageInfo, sources: list[str]) -> list[str]:
    return [o.text for o in CTranslate2Engine(info, GREEDY).translate(sources)]


def moses_round_trip(text: str, lang: str) -> str:
    """What Moses tokenisation and detokenisation give back for a sentence: a BPE model cannot do better."""
    from sacremoses import MosesDetokenizer

    norm, tok = argosbuild._moses(lang)
    return str(MosesDetokenizer(lang).detokenize(tok.tokenize(norm.normalize(text))))


def test_an_argos_package_with_bpe_drafts_exactly(bpe_archive: Path, tmp_path: Path) -> None:
    info, what = packages.install(bpe_archive, tmp_path / "pk")
    assert what == "installed" and (info.path / "bpe.model").is_file()
    sources = [r["en"] for r in PAIRS]
    assert drafts(info, sources) == [moses_round_trip(r["pl"], "pl") for r in PAIRS]


def test_argostranslate_reads_the_same_bpe_package_the_same_way(bpe_archive: Path, tmp_path: Path) -> None:
    """argostranslate's own tokenizer over our engine's output path: the same pieces in, the same text out."""
    from argostranslate.tokenizer import BPETokenizer

    from pipeline.mt.tokenizers import BPETokenizer as Ours

    info, _ = packages.install(bpe_archive, tmp_path / "pk")
    theirs, ours = BPETokenizer(info.path / "bpe.model", "en", "pl"), Ours(info.path / "bpe.model", "en", "pl")
    for row in PAIRS:
        assert ours.encode(row["en"]) == theirs.encode(row["en"])
        pieces = ours.encode(row["pl"])
        assert ours.decode(pieces) == theirs.decode(pieces)


def test_a_multilingual_m2m_style_model_drafts_each_language_through_its_token(m2m_dir: Path, project: Path,
                                                                               capsys: pytest.CaptureFixture[str]
                                                                               ) -> None:
    (project / "tolmach.toml").write_text('languages = ["pl", "be"]\n[mt]\npackages_dir = "pk"\ncache_dir = "c"\n'
                                          'beam_size = 1\n', encoding="utf-8")
    for lang in ("pl", "be"):
        assert main(["models", "add", str(m2m_dir), "--pair", f"en-{lang}", "--source-prefix", "__en__",
                     "--target-prefix", f"__{lang}__", "--version", "m2m-tiny"]) == 0
    assert "ctranslate2 en→be m2m-tiny installed" in capsys.readouterr().out  # the result: stdout
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert "be: ctranslate2 en→be m2m-tiny" in listing
    rows = PAIRS[:6]
    (project / "news.txt").write_text("\n\n".join(r["en"] for r in rows) + "\n", encoding="utf-8")
    assert main(["translate", "news.txt", "--to", "pl,be"]) == 0
    for lang in ("pl", "be"):
        po = polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / "news.po"))
        assert {e.msgid: e.msgstr for e in po} == {r["en"]: r[lang] for r in rows}
        assert po.metadata["X-Tolmach-MT"].startswith(f"route:ctranslate2 en→{lang} m2m-tiny")


def test_an_opus_mt_style_model_with_two_sentencepiece_files_drafts_exactly(opus_dir: Path, tmp_path: Path) -> None:
    info, _ = packages.add_directory(opus_dir, tmp_path / "pk", "en-pl", version="opus-mt-tiny")
    assert info.label == "ctranslate2 en→pl opus-mt-tiny"
    assert drafts(info, [r["en"] for r in PAIRS]) == [r["pl"] for r in PAIRS]


def test_a_directory_without_its_tokenizer_is_refused_with_what_to_copy(opus_dir: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        (bare / name).write_bytes((opus_dir / name).read_bytes())
    assert main(["-C", str(tmp_path), "models", "--packages-dir", str(tmp_path / "pk"), "add", str(bare),
                 "--pair", "en-pl"]) == 2
    err = capsys.readouterr().err
    assert "lacks source.spm/target.spm or sentencepiece.bpe.model" in err and "--copy_files" in err
    assert packages.installed(tmp_path / "pk") == []
