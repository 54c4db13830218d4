"""Per-language resources — dictionaries, analysers, matchers — loaded once and let go together.

Loading a language's Hunspell dictionary or pymorphy3 analyser costs a few hundred milliseconds and
tens of MiB, so each is loaded once per process (a loader decorated with `@language_resource` is
cached like `functools.cache`). A run that checks catalogs of several languages one after another
calls `release()` when it moves on to another language: it then holds one language's resources at
a time, and its memory is bounded by the largest language rather than the sum of all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHED: list[Any] = []  # the loaders' caches (functools._lru_cache_wrapper)
_ON_RELEASE: list[Callable[[], None]] = []  # other memos of per-language objects


def language_resource(loader: F) -> F:
    """Cache `loader` for the process, until the next `release()`."""
    cached = functools.cache(loader)
    _CACHED.append(cached)
    return cached  # type: ignore[return-value]


def on_release(forget: Callable[[], None]) -> None:
    """Call `forget` at every `release()` (for memos that hold per-language objects, such as matchers)."""
    _ON_RELEASE.append(forget)


def release() -> None:
    """Let every per-language resource go; the next use loads it again.

    The `on_release` hooks run first, while the resources are still there (a dictionary's memo is saved).
    """
    for forget in _ON_RELEASE:
        forget()
    for cached in _CACHED:
        cached.cache_clear()
