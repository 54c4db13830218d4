"""Where models run: cpu, cuda or auto, with a compute type per device, all in the MT signature."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from mt_fixtures import PAIRS

from pipeline.cli import main
from pipeline.errors import TolmachError
from pipeline.mt import packages
from pipeline.mt.engines import CTranslate2Engine, EngineSettings, cuda_device_count, resolve_device

no_gpu = cuda_device_count() == 0


def test_auto_falls_back_to_the_cpu_and_says_so() -> None:
    assert resolve_device("auto", (0,), gpus=lambda: 0) == ("cpu", (0,), "device auto: no CUDA GPU found, "
                                                                      "drafting on the CPU")
    assert resolve_device("auto", (0, 1, 2), gpus=lambda: 2) == ("cuda", (0, 1), "")
    assert resolve_device("cpu", (0,), gpus=lambda: 4) == ("cpu", (0,), "")


def test_cuda_without_the_gpus_asked_for_names_what_is_missing() -> None:
    with pytest.raises(TolmachError, match="CTranslate2 sees no CUDA GPU") as err:
        resolve_device("cuda", (0,), gpus=lambda: 0)
    assert "NVIDIA driver" in str(err.value) and "--device auto" in str(err.value)
    with pytest.raises(TolmachError, match=r"no GPU 3 \(this machine has 2\)"):
        resolve_device("cuda", (0, 3), gpus=lambda: 2)


def test_the_compute_type_defaults_per_device() -> None:
    assert EngineSettings(device="cpu").compute == "int8"
    assert EngineSettings(device="cuda").compute == "int8_float16"
    assert EngineSettings(device="cuda", compute_type="float16").compute == "float16"
    assert EngineSettings(device="cuda", device_index=(0, 1)).device_name == "cuda:0,1"


@pytest.fixture
def small_project(project: Path, argos_packages: dict[str, Path]) -> Path:
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\ncache_dir = "c"\n'
                                          'beam_size = 1\n', encoding="utf-8")
    (project / "news.txt").write_text("\n\n".join(r["en"] for r in PAIRS[:3]) + "\n", encoding="utf-8")
    packages.install(argos_packages["en-pl"], project / "pk")
    assert main(["extract", "news.txt"]) == 0 and main(["update", "--lang", "pl"]) == 0
    return project


@pytest.mark.skipif(not no_gpu, reason="this machine has a GPU")
def test_mt_on_cuda_without_a_gpu_is_one_line_and_nothing_written(small_project: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    po = small_project / "locales" / "pl" / "LC_MESSAGES" / "news.po"
    before = po.read_bytes()
    capsys.readouterr()
    assert main(["mt", "--device", "cuda"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "CTranslate2 sees no CUDA GPU" in err[0]
    assert po.read_bytes() == before


@pytest.mark.skipif(not no_gpu, reason="this machine has a GPU")
def test_mt_on_auto_without_a_gpu_drafts_on_the_cpu_and_the_header_says_so(
        small_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mt", "--device", "auto"]) == 0
    assert "device auto: no CUDA GPU found, drafting on the CPU" in capsys.readouterr().err
    po = polib.pofile(str(small_project / "locales" / "pl" / "LC_MESSAGES" / "news.po"))
    header = po.metadata["X-Tolmach-MT"]
    assert "device:cpu" in header and "compute:int8" in header
    assert [e.msgstr for e in po] == [r["pl"] for r in PAIRS[:3]]


@pytest.mark.skipif(no_gpu, reason="no CUDA GPU on this machine")
def test_a_gpu_gives_the_drafts_the_cpu_gives(argos_packages: dict[str, Path], tmp_path: Path) -> None:
    info, _ = packages.install(argos_packages["en-pl"], tmp_path / "pk")
    sources = [r["en"] for r in PAIRS]
    cpu = CTranslate2Engine(info, EngineSettings(beam_size=1)).translate(sources)
    gpu = CTranslate2Engine(info, EngineSettings(beam_size=1, device="cuda")).translate(sources)
    assert [o.text for o in gpu] == [o.text for o in cpu] == [r["pl"] for r in PAIRS]
