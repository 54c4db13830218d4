"""The one way a regular expression written by a user (glossary `exclude:`, cleanup `boilerplate`) is compiled.

A pattern such as `(a|aa)+$` backtracks exponentially: Python's `re` spends minutes on 34 characters and
cannot be interrupted. Patterns are compiled with the `regex` module instead: the same syntax and Unicode
semantics as `re` (`\\w` and `\\b` know Cyrillic and Polish letters, which RE2's do not), it defuses the
common nested-repeat cases such as `(a+)+$` by itself, and every match takes a `timeout`. A pattern is
refused (TolmachError, exit 2, naming the file, line and key it came from) when it does not compile, when it
is slow on a few pumped probe strings at load time, or when a real match runs out of time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.errors import TolmachError

# Seconds one search may take. A sane pattern needs microseconds on a line or a sentence; a backtracking one
# needs minutes, so the margin is wide on both sides and no legitimate input comes near it.
TIMEOUT = 1.0
# Probe strings: each character of the pattern repeated this often, then a character nothing expects, which
# is what drives a backtracking engine through every way of splitting the run.
PROBE_LENGTH = 34
_PROBE_TAIL = "\x00!"
_PROBE_CHARS = "a1 "

HINT = ("it backtracks catastrophically: avoid nested or overlapping repeats such as (a+)+ or (a|aa)+, "
        "e.g. write a+ instead")


@dataclass(frozen=True)
class Origin:
    """Where a user pattern was written, for the error message."""

    key: str  # e.g. "en.exclude" or "[tool.tolmach.cleanup] boilerplate"
    path: str | Path | None = None
    line: int | None = None


class UserPattern:
    """A compiled user pattern whose every search is time-bounded."""

    def __init__(self, pattern: str, origin: Origin, *, ignore_case: bool = False) -> None:
        self.pattern = pattern
        self.origin = origin
        try:
            self._compiled = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
        except regex.error as exc:
            raise self._error(f"invalid regex {pattern!r} in {origin.key}: {exc}", None) from exc

    def search(self, text: str, *, what: str = "a text") -> regex.Match[str] | None:
        try:
            return self._compiled.search(text, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._slow(f"{what} of {len(text)} characters") from exc

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        try:
            yield from self._compiled.finditer(text, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._slow(f"a text of {len(text)} characters") from exc

    def probe(self) -> UserPattern:
        """Refuse the pattern now if it is slow on strings made of its own characters; returns self."""
        chars = dict.fromkeys(c for c in self.pattern + _PROBE_CHARS if c.isalnum() or c == " ")
        for c in chars:
            self.search(c * PROBE_LENGTH + _PROBE_TAIL, what="a test string")
        return self

    def _slow(self, what: str) -> TolmachError:
        return self._error(f"regex {self.pattern!r} in {self.origin.key} took over {TIMEOUT:g} s on {what}", HINT)

    def _error(self, message: str, hint: str | None) -> TolmachError:
        return TolmachError(message, self.origin.path, self.origin.line, hint=hint)


def compile_user_pattern(pattern: str, origin: Origin, *, ignore_case: bool = False) -> UserPattern:
    """Compile and probe a pattern read from a user's file; raises TolmachError naming `origin`."""
    return UserPattern(pattern, origin, ignore_case=ignore_case).probe()
