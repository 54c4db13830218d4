"""docs/checks.md describes the checks the code registers: the catalogue table is the registry's."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks import load_checks
from pipeline.checks.registry import WEBLATE_CHECKS

DOC = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
ORDER = {"critical": 0, "functional": 1, "cosmetic": 2, "glossary": 3}


def catalogue_rows() -> list[str]:
    """The table docs/checks.md shows, built from the registry (name, category, severity, docstring line,
    Weblate's check with its ignore flag)."""
    checks = [c for c in load_checks().values() if c.category != "glossary"]
    rows = []
    for c in sorted(checks, key=lambda c: (ORDER[c.category], c.name)):
        weblate = f"`ignore-{WEBLATE_CHECKS[c.name]}`" if c.name in WEBLATE_CHECKS else "—"
        summary = c.doc.splitlines()[0].replace("|", chr(92) + "|")
        rows.append(f"| `{c.name}` | {c.category} | {c.severity} | {summary} | {weblate} |")
    return rows


def test_weblate_names_belong_to_registered_checks() -> None:
    assert set(WEBLATE_CHECKS) <= set(load_checks())


def test_catalogue_in_docs_matches_the_registry() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- catalogue start -->")[1].split("<!-- catalogue end -->")[0]
    documented = table.strip().splitlines()[2:]
    assert documented == catalogue_rows()


def test_every_check_has_a_one_line_summary_and_an_explanation_or_example() -> None:
    for check in load_checks().values():
        first = check.doc.splitlines()[0]
        assert first.endswith(".") and len(first) <= 110, check.name
