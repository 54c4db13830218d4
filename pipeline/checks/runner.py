"""Run the registered checks over catalogs and collect Findings.

Which entries are checked: live (not obsolete) entries; fuzzy ones only with include_fuzzy; checks that
need a translation skip empty msgstr. A translator silences one check on one entry with the flag
`#, ignore-<rule>` (Weblate's names work too); a project silences a check with [tool.tolmach.checks] disable.
A plural entry is checked once per form, msgstr[n] against msgid_plural for n > 0.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import polib

from pipeline import catalog, languages
from pipeline.checks import load_checks
from pipeline.checks.registry import Check, CheckContext, EntryUnderCheck, Finding, Problem, Severity, ignored_by_flags
from pipeline.config import ChecksSettings, Config, did_you_mean
from pipeline.errors import TolmachError


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
class CatalogResult:
    """One catalog checked: its findings, or the error that kept it from being read."""

    path: Path
    entries: int = 0
    findings: list[Finding] = field(default_factory=list)
    error: TolmachError | None = None
    note: str = ""  # what some checks lack for the catalog's language (see language_note)


@dataclass
class CheckReport:
    """The totals of a run; `findings` holds them all unless the caller streams them (keep=False)."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    entries: int = 0
    errors: int = 0
    warnings: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_lang: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # one line per language some checks have no data for

    def add(self, result: CatalogResult, keep: bool = True) -> None:
        if result.note and result.note not in self.notes:
            self.notes.append(result.note)
        self.files += 1
        self.entries += result.entries
        for f in result.findings:
            if f.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
            self.by_rule[f.rule] += 1
            self.by_lang[f.lang] += 1
        if keep:
            self.findings.extend(result.findings)

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "by_rule": dict(sorted(self.by_rule.items())),
            "by_lang": dict(sorted(self.by_lang.items())),
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
    context = CheckContext(source_lang=config.source_lang, glossary=terms, settings=config.checks)
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
    """The entries to check; a plural entry once per form (msgstr[n] against msgid_plural for n > 0)."""
    nplurals, one_number = catalog.plural_rule(po, lang)
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        common: dict[str, Any] = dict(file=path, line=e.linenum or 0, lang=lang, source_lang=source_lang,
                                      msgctxt=e.msgctxt, fuzzy=e.fuzzy, flags=tuple(e.flags),
                                      comment=e.comment or "")
        if not e.msgid_plural:
            yield EntryUnderCheck(msgid=e.msgid, msgstr=e.msgstr, **common)
            continue
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
        for n, form in enumerate(forms or ("",)):
            yield EntryUnderCheck(msgid=e.msgid if n == 0 else e.msgid_plural, msgstr=form,
                                  msgid_plural=e.msgid_plural, plural_index=n, plural_forms=forms,
                                  one_number=n in one_number, nplurals=nplurals, **common)


def run(paths: Sequence[Path], context: CheckContext, settings: CheckSettings,
        checks: Iterable[Check] | None = None, jobs: int = 1) -> CheckReport:
    """Check every catalog under `paths` and collect the findings; an unreadable catalog raises TolmachError."""
    report = CheckReport()
    for result in check_paths(paths, context, settings, checks, jobs):
        if result.error is not None:
            raise result.error
        report.add(result)
    return report


def run_loaded(loaded: Sequence[tuple[Path, polib.POFile]], context: CheckContext, settings: CheckSettings,
               checks: Iterable[Check] | None = None) -> CheckReport:
    """`run` over catalogs already in memory, for callers that read them for more than the checks."""
    active = active_checks(settings, checks)
    report = CheckReport()
    for path, po in loaded:
        report.add(check_catalog(path, po, context, settings, active))
    return report


def check_paths(paths: Sequence[Path], context: CheckContext, settings: CheckSettings,
                checks: Iterable[Check] | None = None, jobs: int = 1) -> Iterator[CatalogResult]:
    """The catalogs under `paths`, each read, checked and let go before the next: memory is bounded by the
    largest catalog, not the sum, and a caller can print each catalog's findings as soon as it is done.

    With jobs > 1, this process reads the catalogs and `jobs` forked worker processes check their entries
    in chunks while the next catalog is read; results still come in the order of the catalogs and entries.
    A catalog that cannot be read yields a result with its error and the run goes on.
    """
    files = find_catalogs(paths)
    active = active_checks(settings, checks)
    if jobs > 1 and files and "fork" in multiprocessing.get_all_start_methods():
        yield from _in_processes(files, context, settings, active, jobs)
        return
    for path in files:
        try:
            entries, note = live_entries(catalog.read_for_check(path), path, context, settings)
        except TolmachError as exc:
            yield CatalogResult(path, error=exc)
            continue
        yield CatalogResult(path, _count(entries), _findings(path, entries, _verdicts(entries, context, settings,
                                                                                      active)), note=note)


def default_jobs(paths: Sequence[Path]) -> int:
    """Worker processes by default: one per core for several small catalogs, whose languages' dictionaries
    then load side by side (start-up is what a pre-commit run pays); one process for a single catalog or
    for catalogs past SERIAL_FROM_BYTES, where a second copy of the dictionaries and entries in every
    worker cost more memory (2.6× pofilter's, measured) than the time they save on a shared 2-core machine.
    `--jobs N` overrides it."""
    files = find_catalogs(paths)
    if len(files) < 2 or sum(p.stat().st_size for p in files) >= SERIAL_FROM_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores)


SERIAL_FROM_BYTES = 1_000_000
CHUNK = 500  # entries per task for a worker process


def active_checks(settings: CheckSettings, checks: Iterable[Check] | None = None) -> list[Check]:
    return [c for c in (checks if checks is not None else load_checks().values())
            if c.name not in settings.disabled and (settings.only is None or c.name in settings.only)]


def check_catalog(path: Path, po: polib.POFile, context: CheckContext, settings: CheckSettings,
                  active: Sequence[Check]) -> CatalogResult:
    """Every active check over the live entries of one catalog in memory."""
    entries, note = live_entries(po, path, context, settings)
    return CatalogResult(path, _count(entries), _findings(path, entries, _verdicts(entries, context, settings,
                                                                                    active)), note=note)


def live_entries(po: polib.POFile, path: Path, context: CheckContext,
                 settings: CheckSettings) -> tuple[list[EntryUnderCheck], str]:
    """The entries a run checks (live ones, fuzzy ones only when asked for) and the language's note."""
    lang = catalog.language_of(po, path)
    note = language_note(lang, path)
    return [e for e in entries_of(po, path, lang, context.source_lang) if settings.include_fuzzy or not e.fuzzy], note


def _count(entries: Sequence[EntryUnderCheck]) -> int:
    """Catalog entries checked: a plural entry is one entry, however many forms it has."""
    return sum(e.plural_index in (None, 0) for e in entries)


def _findings(path: Path, entries: Sequence[EntryUnderCheck], verdicts: Iterable[list[_Verdict]]) -> list[Finding]:
    shown = display_path(path)
    return [Finding(shown, entry.line, entry.msgctxt, entry.msgid, entry.lang, rule, problem.term, severity,
                    (f"msgstr[{entry.plural_index}]: " if entry.plural_index is not None else "") + problem.message,
                    problem.found, problem.expected)
            for entry, entry_verdicts in zip(entries, verdicts, strict=True)
            for rule, severity, problem in entry_verdicts]


def _verdicts(entries: Sequence[EntryUnderCheck], context: CheckContext, settings: CheckSettings,
              active: Sequence[Check]) -> list[list[_Verdict]]:
    """What the active checks say of each entry. Checks see an entry's content, never where it is: an
    entry that repeats one already checked (the same string in another catalog or context) is judged once."""
    run_kind = (tuple(c.function for c in active), tuple(sorted(settings.severity.items())))
    memo: dict[tuple[Any, ...], list[_Verdict]] = context.cache.setdefault("runner-verdicts", {}).setdefault(
        run_kind, {})
    found = []
    for entry in entries:
        key = _content_key(entry)
        verdicts = memo.get(key) if key is not None else None
        if verdicts is None:
            verdicts = _judge(entry, context, settings, active)
            if key is not None and VERDICT_MEMO_LIMIT:
                if len(memo) >= VERDICT_MEMO_LIMIT:
                    memo.clear()
                memo[key] = verdicts
        found.append(verdicts)
    return found


_WORKER_STATE: tuple[CheckContext, CheckSettings, Sequence[Check]] | None = None


def _in_processes(files: list[Path], context: CheckContext, settings: CheckSettings, active: Sequence[Check],
                  jobs: int) -> Iterator[CatalogResult]:
    """Read catalog k+1 here while the workers check catalog k; at most two catalogs are in memory."""
    global _WORKER_STATE
    _WORKER_STATE = (context, settings, active)  # forked workers inherit it: the glossary is not pickled
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pending: tuple[Path, list[EntryUnderCheck], str, Any] | None = None
            for path in files:
                try:
                    entries, note = live_entries(catalog.read_for_check(path), path, context, settings)
                except TolmachError as exc:
                    if pending is not None:
                        yield _collect(*pending)
                        pending = None
                    yield CatalogResult(path, error=exc)
                    continue
                chunks = [entries[i:i + CHUNK] for i in range(0, len(entries), CHUNK)]
                submitted = pool.map_async(_judge_in_worker, chunks, chunksize=1)
                if pending is not None:
                    yield _collect(*pending)
                pending = (path, entries, note, submitted)
            if pending is not None:
                yield _collect(*pending)
    finally:
        _WORKER_STATE = None


def _collect(path: Path, entries: list[EntryUnderCheck], note: str, submitted: Any) -> CatalogResult:
    verdicts = (v for chunk in submitted.get() for v in chunk)
    return CatalogResult(path, _count(entries), _findings(path, entries, verdicts), note=note)


def _judge_in_worker(entries: list[EntryUnderCheck]) -> list[list[_Verdict]]:
    assert _WORKER_STATE is not None
    return _verdicts(entries, *_WORKER_STATE)


VERDICT_MEMO_LIMIT = 20_000  # distinct entries remembered per run: the memory stays bounded
_Verdict = tuple[str, Severity, Problem]
_POSITION = {"file", "line"}
_CONTENT_FIELDS = tuple(f.name for f in fields(EntryUnderCheck) if f.name not in _POSITION)


def _content_key(entry: EntryUnderCheck) -> tuple[Any, ...] | None:
    key = tuple(getattr(entry, name) for name in _CONTENT_FIELDS)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _judge(entry: EntryUnderCheck, context: CheckContext, settings: CheckSettings,
           active: Sequence[Check]) -> list[_Verdict]:
    verdicts: list[_Verdict] = []
    ignored = ignored_by_flags(entry.flags)
    for chk in active:
        if chk.name in ignored or (chk.needs_translation and not entry.msgstr):
            continue
        for problem in chk.function(entry, context):
            verdicts.append((chk.name, problem.severity or settings.severity.get(chk.name, chk.severity), problem))
    return verdicts


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
