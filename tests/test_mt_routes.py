"""Each target language gets the shortest chain of installed models; be defaults to argos en→ru + Apertium."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest

from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.mt.backends import BACKENDS, Backend, Planner, backend_class, neural
from pipeline.mt.backends import apertium as apertium_backend
from pipeline.mt.engines import Engine, EngineSettings
from pipeline.mt.model import PackageInfo
from pipeline.mt.postedit import be as be_postedit
from pipeline.mt.routes import Missing, Route, Step


def pkg(pair: str, version: str = "1.9", kind: str = "argos") -> PackageInfo:
    s, t = pair.split("-")
    folder = f"translate-{s}_{t}-{version.replace('.', '_')}" if kind == "argos" else f"ct2-{s}_{t}-{version}"
    return PackageInfo(s, t, version, folder, Path("/p") / pair, kind=kind)  # type: ignore[arg-type]


APERTIUM = {"rus-bel": "0.2.1"}


def plan(source: str, targets: list[str], models: Sequence[PackageInfo], apertium: dict[str, str],
         prefer: str = "direct", pivot: str = "apertium") -> dict[str, Route | Missing]:
    """The planner over the steps the neural and Apertium back-ends would offer."""
    edges = [neural.step_for(p) for p in models]
    edges += [apertium_backend.step_for(m, v) for m, v in apertium.items()]
    planner = Planner([neural.NeuralBackend(Path("/p")), apertium_backend.ApertiumBackend()], prefer, pivot)
    return planner.plan_over(source, targets, edges)


def labels(routes: dict[str, Route | Missing]) -> dict[str, str]:
    """The chain of models per language (the post-editor after it is test_a_route_ending_in_belarusian_...)."""
    return {k: " → ".join(s.label for s in v.steps) if isinstance(v, Route) else "MISSING" for k, v in routes.items()}


def test_direct_pairs_and_the_default_belarusian_route() -> None:
    routes = plan("en", ["pl", "ru", "be"], [pkg("en-pl"), pkg("en-ru")], APERTIUM)
    assert labels(routes) == {"pl": "argos en→pl 1.9", "ru": "argos en→ru 1.9",
                              "be": "argos en→ru 1.9 → apertium rus-bel 0.2.1"}


def test_a_route_ending_in_belarusian_names_its_post_editor_in_label_and_key() -> None:
    be = plan("en", ["be"], [pkg("en-ru")], APERTIUM)["be"]
    ru = plan("en", ["ru"], [pkg("en-ru")], APERTIUM)["ru"]
    assert isinstance(be, Route) and isinstance(ru, Route)
    assert be.postedit == be_postedit.VERSION
    assert be.label.endswith(f" → postedit {be.postedit}") and be.key.endswith(f" | postedit:{be.postedit}")
    assert ru.postedit == "" and "postedit" not in ru.label + ru.key


def test_an_argos_pivot_when_a_ru_be_package_exists_and_apertium_does_not() -> None:
    routes = plan("en", ["be"], [pkg("en-ru"), pkg("ru-be", "1.0")], {})
    assert labels(routes) == {"be": "argos en→ru 1.9 → argos ru→be 1.0"}


def test_apertium_is_preferred_for_the_last_step_unless_configured_otherwise() -> None:
    installed = [pkg("en-ru"), pkg("ru-be", "1.0")]
    assert "apertium" in labels(plan("en", ["be"], installed, APERTIUM))["be"]
    assert labels(plan("en", ["be"], installed, APERTIUM, pivot="neural"))["be"] == \
        "argos en→ru 1.9 → argos ru→be 1.0"


def test_a_direct_pair_beats_any_pivot() -> None:
    routes = plan("en", ["be"], [pkg("en-ru"), pkg("en-be", "2.0")], APERTIUM)
    assert labels(routes)["be"] == "argos en→be 2.0"


def test_missing_models_say_what_to_install() -> None:
    routes = plan("en", ["pl", "be"], [], APERTIUM)
    pl, be = routes["pl"], routes["be"]
    assert isinstance(pl, Missing) and isinstance(be, Missing)
    assert "tolmach models install translate-en_pl-*.argosmodel" in pl.hint
    assert "--from-index en-pl" in pl.hint
    assert "apertium rus-bel" in be.reason and "translate-en_ru-*.argosmodel" in be.hint
    no_apertium = plan("en", ["be"], [pkg("en-ru")], {})["be"]
    assert isinstance(no_apertium, Missing) and "apt-get install apertium apertium-bel-rus" in no_apertium.hint


def test_route_keys_change_with_model_versions() -> None:
    a = plan("en", ["pl"], [pkg("en-pl", "1.9")], {})["pl"]
    b = plan("en", ["pl"], [pkg("en-pl", "2.0")], {})["pl"]
    assert isinstance(a, Route) and isinstance(b, Route) and a.key != b.key


def test_a_direct_nllb_model_wins_and_the_apertium_pivot_stays_the_fallback() -> None:
    with_nllb = [pkg("en-ru"), pkg("en-be", "nllb-600M", kind="ctranslate2")]
    assert labels(plan("en", ["be"], with_nllb, APERTIUM)) == {"be": "ctranslate2 en→be nllb-600M"}
    assert labels(plan("en", ["be"], [pkg("en-ru")], APERTIUM)) == {"be": "argos en→ru 1.9 → apertium rus-bel 0.2.1"}


def test_preferring_the_pivot_takes_apertium_even_when_a_direct_model_exists() -> None:
    with_nllb = [pkg("en-ru"), pkg("en-be", "nllb-600M", kind="ctranslate2")]
    assert labels(plan("en", ["be"], with_nllb, APERTIUM, prefer="pivot")) == \
        {"be": "argos en→ru 1.9 → apertium rus-bel 0.2.1"}


@pytest.mark.parametrize("prefer, pivot", [("fastest", "apertium"), ("direct", "google")])
def test_an_unknown_preference_is_an_error_naming_the_setting(prefer: str, pivot: str) -> None:
    with pytest.raises(TolmachError, match=r"\[tool.tolmach.mt\] (prefer|pivot)"):
        plan("en", ["pl"], [pkg("en-pl")], {}, prefer=prefer, pivot=pivot)


def test_the_older_pivot_name_argos_means_neural() -> None:
    installed = [pkg("en-ru"), pkg("ru-be", "1.0")]
    assert labels(plan("en", ["be"], installed, APERTIUM, pivot="argos"))["be"] == "argos en→ru 1.9 → argos ru→be 1.0"


class Remote:
    """A third back-end, as a new module would define it: the planner ranks and labels its steps by their own
    facts, never by its name."""

    name: ClassVar[str] = "remote"
    family: ClassVar[str] = "remote"
    aliases: ClassVar[tuple[str, ...]] = ()
    on_device: ClassVar[bool] = False

    def edges(self) -> list[Step]:
        return [Step("remote", "ru", "be", "3", "ru-be.bin", "remote ru→be 3", "remote:ru-be:3:ru-be.bin", "remote")]

    def missing(self) -> str:
        return ""

    def advice(self, source: str, target: str, steps: Sequence[Step]) -> Missing | None:
        return None

    def inventory(self) -> list[str]:
        return ["remote: ru-be 3"]

    @classmethod
    def for_project(cls, config: Config, packages: Path) -> Remote:
        return cls()

    @staticmethod
    def create(step: Step, settings: EngineSettings) -> Engine:
        raise AssertionError("planning loads no engine")


def test_a_third_backend_keeps_its_own_label_and_can_be_the_preferred_family() -> None:
    backends: list[Backend] = [neural.NeuralBackend(Path("/p")), apertium_backend.ApertiumBackend(), Remote()]
    edges = [neural.step_for(pkg("en-ru")), apertium_backend.step_for("rus-bel", "0.2.1"), *Remote().edges()]
    default = Planner(backends).plan_over("en", ["be"], edges)["be"]
    remote = Planner(backends, pivot="remote").plan_over("en", ["be"], edges)["be"]
    assert isinstance(default, Route) and isinstance(remote, Route)
    assert [s.label for s in default.steps] == ["argos en→ru 1.9", "apertium rus-bel 0.2.1"]
    assert [s.label for s in remote.steps] == ["argos en→ru 1.9", "remote ru→be 3"]
    assert "None" not in remote.label and remote.key.startswith("argos:en-ru:1.9:translate-en_ru-1_9 | remote:")


def test_every_registered_backend_names_itself_and_its_steps_carry_that_name() -> None:
    for name in BACKENDS:
        cls = backend_class(name)
        assert cls.name == name and isinstance(cls.family, str) and isinstance(cls.on_device, bool)
    assert neural.step_for(pkg("en-pl")).backend == "neural"
    assert apertium_backend.step_for("rus-bel", "1").backend == "apertium"
