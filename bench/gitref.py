"""A git commit of this repository checked out beside it for the length of a block: the baseline that benches
with `--baseline REF` run in the same round-robin as the working tree."""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def worktree(ref: str | None) -> Iterator[Path | None]:
    """REF in a temporary git worktree (removed afterwards); None when no REF is asked for."""
    if ref is None:
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(path), ref], check=True)
        try:
            yield path
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)], check=False)
