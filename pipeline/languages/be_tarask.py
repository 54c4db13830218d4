"""Belarusian in the classical orthography (Taraškievica, `be@tarask`, BCP 47 `be-tarask`): Belarusian's data
with its own alphabet, which writes ґ (Ґалічына, ґуґал) where the official orthography writes г.

Software catalogs for Belarusian are often in this orthography (soft signs marked, "сьпіс", "зьмена");
their ґ is Belarusian, not a Ukrainian letter.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from pipeline.languages import be

LETTERS = be.LETTERS.replace("г", "гґ")

LANGUAGE = replace(
    be.LANGUAGE,
    code="be@tarask",
    name="Belarusian (Taraškievica)",
    variant_of="be",
    letters=LETTERS,
    respell=MappingProxyType({k: v for k, v in be.LANGUAGE.respell.items() if k not in LETTERS}),
)
