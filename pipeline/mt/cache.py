"""A persistent cache of drafts so a re-run translates only what changed.

SQLite in the project's state folder (`.tolmach/`, or the shared one `state_dir` names), or where
`[tool.tolmach.mt] cache_dir`, `--cache-dir` or TOLMACH_CACHE_DIR say. The key is the source sentence with
the route key, which names every model and its version, and the settings that change output (beam size,
protection); a new model version therefore misses the cache by construction.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Config, setting_path
from pipeline.errors import TolmachError
from pipeline.fileio import make_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    key TEXT PRIMARY KEY,
    route TEXT NOT NULL,
    source TEXT NOT NULL,
    draft TEXT NOT NULL,
    score REAL,
    note TEXT NOT NULL DEFAULT ''
)
"""


@dataclass(frozen=True)
class CachedDraft:
    draft: str
    score: float | None
    note: str


def cache_dir(config: Config) -> Path:
    """`[tool.tolmach.mt] cache_dir` (or --cache-dir), then TOLMACH_CACHE_DIR, then the project's state folder."""
    return setting_path(config.mt.cache_dir, config, env="TOLMACH_CACHE_DIR", default=lambda: config.state_path(""))


def _key(route_key: str, source: str) -> str:
    return hashlib.sha256(f"{route_key}\x00{source}".encode()).hexdigest()


class DraftCache:
    """Drafts by (route key, source sentence)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "mt-drafts.sqlite3"
        self._db: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        """Opened on first use: a run with no model installed leaves no cache file behind."""
        if self._db is None:
            try:
                make_dir(self.path.parent)
                db = sqlite3.connect(self.path)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise TolmachError(f"cannot open the MT cache: {exc}", self.path,
                                   hint="set another with --cache-dir or [tool.tolmach.mt] cache_dir") from exc
            self._db = db
        return self._db

    def get_many(self, route_key: str, sources: Sequence[str]) -> dict[str, CachedDraft]:
        found: dict[str, CachedDraft] = {}
        keys = {_key(route_key, s): s for s in sources}
        items = list(keys)
        for i in range(0, len(items), 500):
            chunk = items[i:i + 500]
            rows = self.db.execute(f"SELECT key, draft, score, note FROM drafts WHERE key IN "
                                   f"({','.join('?' * len(chunk))})", chunk)
            for key, draft, score, note in rows:
                found[keys[key]] = CachedDraft(draft, score, note)
        return found

    def put_many(self, route_key: str, items: Iterable[tuple[str, CachedDraft]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO drafts (key, route, source, draft, score, note) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                [(_key(route_key, s), route_key, s, d.draft, d.score, d.note) for s, d in items])

    def was_drafted(self, source: str, draft: str) -> bool:
        """Did any route ever draft exactly this text for this source? (an untouched draft)"""
        row = self.db.execute("SELECT 1 FROM drafts WHERE source = ? AND draft = ? LIMIT 1", (source, draft))
        return row.fetchone() is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
