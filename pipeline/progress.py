"""Live progress for long stages (MT, downloads, updates over many documents, alignment, checks, reports).

One switch for the whole run: off with `--quiet`, when stderr is not a terminal, or when the CI environment
variable holds a true value (`CI=false` and `CI=0` leave it on). A stage asks for a `Progress`, calls
`update(n)` as it finishes items and `close()` at the end; when progress is off the same calls do nothing, so
stages never test the switch themselves. Drawn by tqdm, which the core depends on (it is small and has no
dependencies of its own).
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any, TextIO

_QUIET = False
FALSE_WORDS = {"", "0", "false", "no", "off"}


def set_quiet(quiet: bool) -> None:
    """`--quiet`: no progress bars for the rest of the run (messages and summaries still print)."""
    global _QUIET
    _QUIET = quiet


def enabled(stream: TextIO | None = None) -> bool:
    """Bars only for a person watching: not quiet, stderr a terminal, and not in CI."""
    if _QUIET:
        return False
    if os.environ.get("CI", "").strip().lower() not in FALSE_WORDS:
        return False
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A bar over `total` items (None when unknown); a no-op when progress is off."""

    def __init__(self, desc: str, total: int | None = None, unit: str = "sent", *, bytes_: bool = False,
                 stream: TextIO | None = None) -> None:
        self._bar: Any = None
        if not enabled(stream):
            return
        from tqdm import tqdm

        self._bar = tqdm(total=total, desc=desc, unit="B" if bytes_ else unit, unit_scale=bytes_,
                         unit_divisor=1024 if bytes_ else 1000, file=stream or sys.stderr, leave=False,
                         dynamic_ncols=True, mininterval=0.2)

    @property
    def active(self) -> bool:
        return self._bar is not None

    @property
    def count(self) -> int:
        """Items done so far (0 when progress is off)."""
        return int(self._bar.n) if self._bar is not None else 0

    def set_total(self, total: int) -> None:
        if self._bar is not None:
            self._bar.total = total
            self._bar.refresh()

    def at(self, done: int) -> None:
        """Move to `done` items (for a stage that reports its position rather than increments)."""
        if self._bar is not None and done != self._bar.n:
            self._bar.n = done
            self._bar.refresh()

    def update(self, n: int = 1) -> None:
        if self._bar is not None and n:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
