"""The glossary test corpus (tests/data/glossary/cases_<lang>.yaml) as pytest parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "glossary"
PROJECT_GLOSSARY = REPO / "glossary"
# every language with a cases file: adding a language's cases is adding its file
LANGS = tuple(sorted(p.stem.removeprefix("cases_") for p in DATA.glob("cases_*.yaml")))


def corpus(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / f"cases_{lang}.yaml").read_text(encoding="utf-8"))
    return data


def cases(section: str) -> list[Any]:
    """pytest params: (lang, case) for every case in `section` of every language, with readable ids."""
    params = []
    for lang in LANGS:
        for i, case in enumerate(corpus(lang).get(section, [])):
            label = case.get("text") or case.get("target")
            params.append(pytest.param(lang, case, id=f"{lang}-{i}-{label[:40]}"))
    return params
