"""Cleanup of text scraped from news pages: boilerplate lines, repeated captions, odd spaces.

Each change is recorded as a Removal so the CLI can report it; typographic quotes are left alone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from pipeline.config import CleanupConfig
from pipeline.documents.base import Removal
from pipeline.regexguard import Origin, compile_user_pattern
from pipeline.signature import Signature, digest

NBSP_CHARS = "\u00a0\u202f\u2007"
BOILERPLATE_ORIGIN = Origin("[tool.tolmach.cleanup] boilerplate")


def cleanup_signature(config: CleanupConfig) -> Signature:
    """What the cleanup did to a document: a hash of the boilerplate rules (an edited rule changes it, not
    only an added one) and the switches."""
    if not config.enabled:
        return Signature.off("Cleanup")
    return Signature.of("Cleanup", boilerplate=f"{len(config.boilerplate)} rules {digest(config.boilerplate)}",
                        collapse_repeated="yes" if config.collapse_repeated_lines else "no",
                        spaces="normalised" if config.normalize_spaces else "kept")


@dataclass(frozen=True)
class CleanLine:
    """A kept line with its 1-based number in the original file."""

    number: int
    text: str


def clean_lines(text: str, config: CleanupConfig, protected: Collection[int] = frozenset(),
                keep_hard_breaks: bool = False) -> tuple[list[CleanLine], list[Removal]]:
    """Clean a scraped document line by line; line numbers keep pointing at the original file.

    `protected` lines (1-based; a Markdown code block, say) are kept byte for byte. With
    `keep_hard_breaks`, two or more trailing spaces before a non-blank line stay: in Markdown they are a
    line break, not noise.
    """
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    if not config.enabled:
        return [CleanLine(i + 1, line) for i, line in enumerate(lines)], []
    patterns = [compile_user_pattern(p, BOILERPLATE_ORIGIN, ignore_case=True) for p in config.boilerplate]
    kept: list[CleanLine] = []
    removed: list[Removal] = []
    previous_content: str | None = None
    for i, line in enumerate(lines, start=1):
        if i in protected:
            kept.append(CleanLine(i, line))
            previous_content = None
            continue
        if config.normalize_spaces:
            n = sum(line.count(c) for c in NBSP_CHARS)
            if n:
                line = line.translate({ord(c): " " for c in NBSP_CHARS})
                removed.append(Removal(i, "nbsp", f"{n} non-breaking space(s) replaced by spaces"))
            stripped = line.rstrip(" \t")
            hard_break = (keep_hard_breaks and line.endswith("  ") and i < len(lines)
                          and lines[i].strip() != "" and i + 1 not in protected)
            if stripped != line and not hard_break:
                removed.append(Removal(i, "trailing-space", repr(line[len(stripped):])))
                line = stripped
        if any(p.search(line.strip()) for p in patterns):
            removed.append(Removal(i, "boilerplate", line))
            continue
        if config.collapse_repeated_lines and line.strip() and line == previous_content:
            removed.append(Removal(i, "repeated-line", line))
            continue
        if line.strip():
            previous_content = line
        kept.append(CleanLine(i, line))
    return _drop_edge_blank_runs(kept), removed


def _drop_edge_blank_runs(lines: list[CleanLine]) -> list[CleanLine]:
    """Blank lines left at the start or end by removed boilerplate carry nothing."""
    start, end = 0, len(lines)
    while start < end and not lines[start].text.strip():
        start += 1
    while end > start and not lines[end - 1].text.strip():
        end -= 1
    return lines[start:end]
