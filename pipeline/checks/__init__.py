"""Checks on translated catalogs: glossary rules and QA checks in one registry (see registry.py).

Check modules register themselves on import; `load_checks()` imports them all.
"""

from __future__ import annotations

import importlib

from pipeline.checks.registry import REGISTRY, Check, CheckContext, EntryUnderCheck, Finding, Problem, check

__all__ = ["CHECK_MODULES", "REGISTRY", "Check", "CheckContext", "EntryUnderCheck", "Finding", "Problem",
           "check", "load_checks"]

# Every module that defines checks; importing one registers its checks.
CHECK_MODULES: list[str] = [
    "pipeline.checks.glossary_rules",
    "pipeline.checks.qa_numbers",
    "pipeline.checks.qa_markup",
    "pipeline.checks.qa_punctuation",
    "pipeline.checks.qa_content",
    "pipeline.checks.qa_script",
    "pipeline.checks.qa_subtitles",
    "pipeline.checks.qa_format",
]


def load_checks() -> dict[str, Check]:
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return REGISTRY
