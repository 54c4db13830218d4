"""The one error type users see: it carries the file and line so the CLI can print one clear line.

Exit statuses, the same for every command: 0 done; 1 done, but the result fails its gate (`check` errors,
`--strict`, `models verify` found a broken model: `GateFailed`); 2 nothing could be done (bad input, flags or
settings, nothing to work on: `TolmachError`); 130 interrupted; 141 the reader of stdout went away."""

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


class GateFailed(TolmachError):
    """The command did its work, and the result fails the gate it was asked to enforce (`--strict` found a
    sentence left in the source language): exit status 1, as `tolmach check` with errors."""

    exit_code = 1


def from_os_error(exc: OSError) -> TolmachError:
    """An operating-system error no stage expected (a file where a folder should be, a read-only or full
    disk) as one line naming the path and what to do."""
    import errno

    path = Path(exc.filename) if exc.filename is not None else None
    reason = exc.strerror or str(exc)
    hint = None
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and path is not None:  # EEXIST: mkdir where a file is
        blocker = next((p for p in [path, *path.parents] if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return TolmachError("is a file, but a directory is needed here", blocker,
                                hint="move the file away or point the setting at another directory")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "make it writable or point the setting (or -C) at another directory"
    elif exc.errno == errno.ENOSPC:
        hint = "free some space; files already written are complete, the rest were not touched"
    elif exc.errno == errno.EEXIST:
        hint = "move it away"
    if exc.filename2 is not None:
        reason += f" (and {exc.filename2})"
    return TolmachError(reason[:1].lower() + reason[1:], path, hint=hint)
