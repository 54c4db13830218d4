"""Run the registered checks over catalogs and collect Findings.

Which entries are checked: live (not obsolete) entries; fuzzy ones only with include_fuzzy; checks that
need a translation skip empty msgstr. A translator silences one check on one entry with the flag
`#, ignore-<rule>` (as Weblate does); a project silences a check with [tool.tolmach.checks] disable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from pipeline import catalog, languages
from pipeline.checks import load_checks
from pipeline.checks.registry import Check, CheckContext, EntryUnderCheck, Finding, Severity
from pipeline.config import ChecksSettings, Config, did_you_mean
from pipeline.errors import TolmachError

IGNORE_FLAG_PREFIX = "ignore-"


@dataclass(frozen=True)
class CheckSettings:
    """What to run: from [tool.tolmach.checks] and flags."""

    include_fuzzy: bool = False
    disabled: frozenset[str] = frozenset()
    only: frozenset[str] | None = None  # run just these rules
    severity: dict[str, Severity] = field(default_factory=dict)  # per-rule overrides

    @classmethod
    def of(cls, settings: ChecksSettings, include_fuzzy: bool = False, only: Sequence[str] | None = None
           ) -> CheckSettings:
        """The project's `[tool.tolmach.checks]` with the flags on top; an unknown `--only` rule is an error."""
        if only:
            known = set(load_checks())
            for rule in only:
                if rule not in known:
                    raise TolmachError(f"--only: unknown rule {rule!r}",
                                       hint=f"{did_you_mean(rule, known)} (tolmach check --list-checks)")
        return cls(include_fuzzy or settings.include_fuzzy, frozenset(settings.disable),
                   frozenset(only) if only else None, dict(settings.severity))


@dataclass
class CheckReport:
    findings: list[Finding]
    files: int
    entries: int
    notes: list[str] = field(default_factory=list)  # one line per language some checks have no data for

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "by_rule": dict(sorted(Counter(f.rule for f in self.findings).items())),
            "by_lang": dict(sorted(Counter(f.lang for f in self.findings).items())),
        }


def project_setup(config: Config, glossary: Path | None = None, include_fuzzy: bool = False,
                  only: list[str] | None = None) -> tuple[CheckContext, CheckSettings]:
    """Context and settings for checking a project's catalogs: `check`, `translate` and `report` share them.

    `glossary` is an explicit --glossary (which must exist); without it the project's glossary/ is used
    when it holds any terms.
    """
    from pipeline.glossary import project_glossary

    if glossary is not None and not glossary.exists():
        raise TolmachError("no such glossary", glossary)
    terms = project_glossary(glossary if glossary is not None else config.path(config.glossary))
    context = CheckContext(source_lang=config.source_lang, glossary=terms)
    return context, CheckSettings.of(config.checks, include_fuzzy, only)


def find_catalogs(paths: Sequence[Path]) -> list[Path]:
    """Expand files and directories into .po files (templates are not translations)."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(p.rglob("*.po")))
        elif p.exists():
            found.append(p)
        else:
            raise TolmachError("no such file or directory", p)
    return found


def display_path(path: Path) -> str:
    """Paths in findings read as the user would type them: relative to the working directory when inside it
    (GitHub annotations need repository-relative paths)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def entries_of(po: polib.POFile, path: Path, lang: str, source_lang: str) -> Iterator[EntryUnderCheck]:
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        yield EntryUnderCheck(path, e.linenum or 0, lang, source_lang, e.msgid, e.msgstr, e.msgctxt,
                              e.fuzzy, tuple(e.flags), e.comment or "")


def run(paths: Sequence[Path], context: CheckContext, settings: CheckSettings,
        checks: Iterable[Check] | None = None) -> CheckReport:
    """Check every catalog under `paths`; unreadable catalogs raise TolmachError before any output."""
    loaded = [(path, catalog.load(path)) for path in find_catalogs(paths)]
    return run_loaded(loaded, context, settings, checks)


def run_loaded(loaded: Sequence[tuple[Path, polib.POFile]], context: CheckContext, settings: CheckSettings,
               checks: Iterable[Check] | None = None) -> CheckReport:
    """`run` over catalogs already in memory, for callers that read them for more than the checks."""
    active = [c for c in (checks if checks is not None else load_checks().values())
              if c.name not in settings.disabled and (settings.only is None or c.name in settings.only)]
    findings: list[Finding] = []
    entries = 0
    notes: dict[str, str] = {}
    for path, po in loaded:
        lang = catalog.language_of(po, path)
        if lang not in notes:
            notes[lang] = language_note(lang, path)
        for entry in entries_of(po, path, lang, context.source_lang):
            if entry.fuzzy and not settings.include_fuzzy:
                continue
            entries += 1
            ignored = {f[len(IGNORE_FLAG_PREFIX):] for f in entry.flags if f.startswith(IGNORE_FLAG_PREFIX)}
            for chk in active:
                if chk.name in ignored or (chk.needs_translation and not entry.msgstr):
                    continue
                for problem in chk.function(entry, context):
                    severity = problem.severity or settings.severity.get(chk.name, chk.severity)
                    findings.append(Finding(display_path(path), entry.line, entry.msgctxt, entry.msgid, entry.lang,
                                            chk.name, problem.term, severity, problem.message,
                                            problem.found, problem.expected))
    return CheckReport(findings, len(loaded), entries, [note for note in notes.values() if note])


def language_note(lang: str, path: Path | None = None) -> str:
    """The one line a run prints for a language some checks have no data for ("" when it has all), so a
    language without a module of its own is never checked by English rules in silence. Exit 2 for a
    code no one knows."""
    try:
        language = languages.get(lang)
    except TolmachError as exc:
        raise TolmachError(f"catalog language: {exc.message}", path, hint=exc.hint) from None
    gaps = language.gaps()
    if not gaps:
        return ""
    return f"{lang}: no {language.name} data for: {'; '.join(gaps)}"
