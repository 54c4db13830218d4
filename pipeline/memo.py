"""What an earlier run computed, kept for the next one: a key -> text table in an SQLite file.

Two stages keep such memos: segmentation (a paragraph's sentence spans, in the project's state folder, so
`build` does not split again what `extract` split) and the Hunspell dictionaries (their answers on words, in
the user cache, so a `check` loads a dictionary only for a word no earlier run asked about). A memo is a
cache: reads open the file read-only, new values are kept in memory until `save()`, and a file that cannot
be read or written is no memo (the caller computes). SQLite, the standard library's, gives parallel runs
atomic writes without a lock of ours.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path


class Memo:
    """key -> value (both text) in `path`; at most `max_new` new values are kept per run."""

    def __init__(self, path: Path, make_folder: Callable[[Path], object] | None = None,
                 max_new: int | None = None) -> None:
        self.path = path
        self._make_folder = make_folder or (lambda folder: folder.mkdir(parents=True, exist_ok=True))
        self._max_new = max_new
        self._db: sqlite3.Connection | None = None
        self._new: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        try:
            if self._db is None:
                if not self.path.is_file():
                    return None
                self._db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            row = self._db.execute("SELECT value FROM memo WHERE key = ?", (key,)).fetchone()
        except (OSError, sqlite3.Error):
            return None
        return None if row is None else str(row[0])

    def put(self, key: str, value: str) -> None:
        if self._max_new is None or len(self._new) < self._max_new:
            self._new[key] = value

    def save(self) -> bool:
        """Write the new values (a parallel run's are kept: the same key has the same value); False when the
        file could not be written."""
        new, self._new = self._new, {}
        if self._db is not None:
            self._db.close()
            self._db = None
        if not new:
            return True
        try:
            self._make_folder(self.path.parent)
            with contextlib.closing(sqlite3.connect(self.path, timeout=2)) as db:
                db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO memo VALUES (?, ?)", new.items())
                db.commit()
        except (OSError, sqlite3.Error):
            return False
        return True
