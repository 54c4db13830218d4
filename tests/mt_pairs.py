"""The sentence pairs the tiny test models are trained to reproduce (tests/data/mt/pairs.tsv).

Kept apart from argosbuild (numpy, torch): tests that only compare drafts with these pairs, and the
collection of the whole suite, need no MT extra."""

from __future__ import annotations

from pathlib import Path

PAIRS_FILE = Path(__file__).parent / "data" / "mt" / "pairs.tsv"
LANG_COLUMNS = ("en", "pl", "ru", "be")
LANG_NAMES = {"en": "English", "pl": "Polish", "ru": "Russian", "be": "Belarusian"}


def load_pairs() -> list[dict[str, str]]:
    rows = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rows.append(dict(zip(LANG_COLUMNS, line.split("\t"), strict=True)))
    return rows
