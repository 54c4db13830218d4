"""The one error type users see: it carries the file and line so the CLI can print one clear line."""

from __future__ import annotations

from pathlib import Path


class TolmachError(Exception):
    """Bad input or a usage error: reported as `path:line: error: message`, exit status 2."""

    exit_code = 2

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text
