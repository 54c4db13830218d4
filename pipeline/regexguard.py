"""The one way a regular expression written by a user (glossary `exclude:`, cleanup `boilerplate`) is compiled.

A pattern such as `(a+)+$` backtracks exponentially: Python's `re` spends minutes on 34 a's and a mismatch,
and cannot be interrupted. Patterns are compiled with the `regex` module instead: the same syntax and Unicode
semantics as `re` (`\\w` and `\\b` know Cyrillic and Polish letters, which RE2's do not), and every match
takes a `timeout` (CPU time, so a loaded machine does not refuse a sane pattern). A pattern is refused
(TolmachError, exit 2, naming the file, line and key it came from) when it does not compile, when it is slow
on pumped probe strings as it is loaded (before any document is read), or when a real match runs out of time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.errors import TolmachError

# CPU seconds one search may take. A sane pattern needs microseconds on a line or a sentence; a backtracking
# one needs minutes, so the margin is wide on both sides and no legitimate input comes near it.
TIMEOUT = 1.0
# Probe strings: each character of the pattern repeated this often, then a character nothing expects, which
# is what drives a backtracking engine through every way of splitting the run. At 1,000 characters a linear
# pattern takes microseconds, a quadratic one (\w+\s\w+) a few hundredths of a second, and nested repeats
# ((a+)+$, (a*)*$, (\w+\s?)*$), which the regex module only defuses on short runs, the whole timeout.
PROBE_LENGTH = 1000
# CPU seconds one probe may take: forty times what the slowest sane pattern tried needs.
PROBE_TIMEOUT = 0.25
_PROBE_TAIL = "\x00!"
_PROBE_CHARS = "a1 "

# The regex module unrolls a counted repeat's minimum as it compiles: a{100000} takes 26 MB, a{4294967294} never
# finishes, and no timeout covers compiling. The product of the minimum counts of a pattern's counted repeats
# (an upper bound of the unrolled size, nested or not) is capped before compiling.
MAX_UNROLLED = 100_000
_COUNTED_REPEAT = regex.compile(r"(?<!\\)\{(\d+)(?:,\d*)?\}")

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
        unrolled = 1
        for digits in _COUNTED_REPEAT.findall(pattern):
            unrolled *= int(digits) if len(digits) <= 6 else MAX_UNROLLED + 1
            if unrolled > MAX_UNROLLED:
                raise self._error(f"regex {_shown(pattern)} in {origin.key} repeats too much: its counted repeats "
                                  f"({{n}}, {{n,m}}) would unroll to over {MAX_UNROLLED:,} steps",
                                  "use + or * for long runs, or smaller counts")
        try:
            self._compiled = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
        except regex.error as exc:
            raise self._error(f"invalid regex {_shown(pattern)} in {origin.key}: {exc}", None) from exc

    def search(self, text: str) -> regex.Match[str] | None:
        try:
            return self._compiled.search(text, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._slow(TIMEOUT, f"a text of {len(text)} characters") from exc

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        try:
            yield from self._compiled.finditer(text, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._slow(TIMEOUT, f"a text of {len(text)} characters") from exc

    def probe(self) -> UserPattern:
        """Refuse the pattern now if it is slow on strings made of its own characters; returns self."""
        chars = dict.fromkeys(c for c in self.pattern + _PROBE_CHARS if c.isalnum() or c == " ")
        for c in chars:
            probe = c * PROBE_LENGTH + _PROBE_TAIL
            try:
                self._compiled.search(probe, timeout=PROBE_TIMEOUT)
            except TimeoutError as exc:
                raise self._slow(PROBE_TIMEOUT, f"a test string of {len(probe)} characters") from exc
        return self

    def _slow(self, seconds: float, what: str) -> TolmachError:
        return self._error(f"regex {_shown(self.pattern)} in {self.origin.key} took over {seconds:g} s on {what}", HINT)

    def _error(self, message: str, hint: str | None) -> TolmachError:
        return TolmachError(message, self.origin.path, self.origin.line, hint=hint)


def _shown(pattern: str) -> str:
    """The pattern as a message quotes it: a hostile one can be megabytes long."""
    return repr(pattern) if len(pattern) <= 80 else repr(pattern[:80]) + "…"


@functools.lru_cache(maxsize=1024)
def compile_user_pattern(pattern: str, origin: Origin, *, ignore_case: bool = False) -> UserPattern:
    """Compile and probe a pattern read from a user's file; raises TolmachError naming `origin`.

    Cached: cleanup compiles its rules for every document, and probing costs up to milliseconds."""
    return UserPattern(pattern, origin, ignore_case=ignore_case).probe()
