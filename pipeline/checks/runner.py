"""Run the registered checks over catalogs and collect Findings.

Which entries are checked: live (not obsolete) entries; fuzzy ones only with include_fuzzy; checks that
need a translation skip empty msgstr. A translator silences one check on one entry with the flag
`#, ignore-<rule>` (Weblate's names work too); a project silences a check with [tool.tolmach.checks] disable.
A plural entry is checked once per form, msgstr[n] against msgid_plural for n > 0.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import languages, resources
from pipeline.checks import load_checks
from pipeline.checks.qa_text import is_blank
from pipeline.checks.registry import (
    UNREADABLE,
    Check,
    CheckContext,
    CheckFunction,
    EntryUnderCheck,
    Finding,
    Problem,
    Severity,
    ignored_by_flags,
)
from pipeline.config import ChecksSettings, Config, did_you_mean
from pipeline.errors import TolmachError
from pipeline.po import headers, layouts, read
from pipeline.po.model import Catalog, ReadCatalog


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


def unreadable(result: CatalogResult) -> CatalogResult:
    """A catalog that could not be read, as a result with one error finding (rule UNREADABLE), so every
    report format names it; the command still exits 2."""
    assert result.error is not None
    error = result.error
    message = error.message + (f" ({error.hint})" if error.hint else "")
    finding = Finding(display_path(result.path), error.line or 1, None, "", None, "", UNREADABLE, None, "error",
                      message, None, None)
    return CatalogResult(result.path, 0, [finding], error=error)


def display_path(path: Path) -> str:
    """Paths in findings read as the user would type them: relative to the working directory when inside it
    (GitHub annotations need repository-relative paths)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


HEADER_LINE = 1  # where a finding on the header points (the readers keep no line for it)


def entries_of(po: Catalog | ReadCatalog, path: Path, lang: str, source_lang: str) -> Iterator[EntryUnderCheck]:
    """The entries to check: the header first (msgid "", for the checks that judge it), then every entry, a
    plural entry once per form (msgstr[n] against msgid_plural for n > 0)."""
    nplurals, one_number = headers.plural_rule(po, lang)
    header = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    # the header's msgid_plural: the first plural entry's, so a check knows the catalog has plural entries
    first_plural = next((e.msgid_plural for e in po if e.msgid_plural and not e.obsolete), None)
    yield EntryUnderCheck(path, HEADER_LINE, lang, source_lang, "", header, msgid_plural=first_plural,
                          nplurals=nplurals)
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        line, msgctxt, fuzzy, flags, comment = e.linenum or 0, e.msgctxt, e.fuzzy, tuple(e.flags), e.comment or ""
        if not e.msgid_plural:
            yield EntryUnderCheck(path, line, lang, source_lang, e.msgid, e.msgstr, msgctxt, fuzzy, flags, comment)
            continue
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
        for n, form in enumerate(forms or ("",)):
            yield EntryUnderCheck(path, line, lang, source_lang, e.msgid if n == 0 else e.msgid_plural, form,
                                  msgctxt, fuzzy, flags, comment, e.msgid_plural, n, forms, n in one_number,
                                  nplurals, e.msgid)


def run(paths: Sequence[Path], context: CheckContext, settings: CheckSettings,
        checks: Iterable[Check] | None = None, jobs: int = 1) -> CheckReport:
    """Check every catalog under `paths` and collect the findings; an unreadable catalog raises TolmachError."""
    report = CheckReport()
    for result in check_paths(paths, context, settings, checks, jobs):
        if result.error is not None:
            raise result.error
        report.add(result)
    return report


def run_loaded(loaded: Sequence[tuple[Path, Catalog]], context: CheckContext, settings: CheckSettings,
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
    if jobs > 1 and files and "fork" in _multiprocessing().get_all_start_methods():
        yield from _in_processes(files, context, settings, active, jobs)
        return
    for path in files:
        yield check_file(path, context, settings, active)


def check_file(path: Path, context: CheckContext, settings: CheckSettings, active: Sequence[Check]) -> CatalogResult:
    """One catalog read and checked CHUNK entries at a time: what is alive besides the catalog itself is one
    chunk of entries and the findings. An unreadable catalog gives a result with its error, no findings."""
    try:
        po = read.read_for_check(path)
        lang = layouts.language_of(po, path)
        note = language_note(lang, path)
        _enter_language(context, lang)
        count = 0
        findings: list[Finding] = []
        for chunk in _chunks(_live(entries_of(po, path, lang, context.source_lang), settings)):
            count += _count(chunk)
            findings += _findings(path, chunk, _verdicts(chunk, context, settings, active))
    except TolmachError as exc:
        return CatalogResult(path, error=exc)
    return CatalogResult(path, count, findings, note=note)


def _enter_language(context: CheckContext, lang: str) -> None:
    """A run that moves on to another language's catalogs lets the last language's dictionaries, analysers
    and memos go (pipeline.resources): it holds one language's at a time, so its memory is bounded by the
    largest language, not the sum. Catalogs in locales/<lang>/ come in language order; a run that goes
    back to a language loads it again."""
    if context.cache.get("runner-language", lang) != lang:
        resources.release()
        context.language_cache.clear()
        for plan in context.cache.get("runner-plans", {}).values():
            plan.memo.clear()  # verdicts on the last language's entries: no entry of this one has their content
    context.cache["runner-language"] = lang


def _live(entries: Iterable[EntryUnderCheck], settings: CheckSettings) -> Iterator[EntryUnderCheck]:
    return iter(entries) if settings.include_fuzzy else (e for e in entries if not e.fuzzy)


def _chunks(entries: Iterator[EntryUnderCheck]) -> Iterator[list[EntryUnderCheck]]:
    while chunk := list(itertools.islice(entries, CHUNK)):
        yield chunk


def _multiprocessing() -> Any:
    """The module, imported when a run asks for workers (not at every start: 7 ms)."""
    import multiprocessing

    return multiprocessing


def default_jobs(paths: Sequence[Path]) -> int:
    """Worker processes by default: one per core for catalogs between PARALLEL_FROM_BYTES and
    SERIAL_FROM_BYTES in all, whose languages' dictionaries then load side by side. One process below
    that (a pre-commit run of a few small catalogs: forking workers cost more than the checking they
    share) and above it, where a second copy of the dictionaries and entries in every worker cost more
    memory (2.6× pofilter's, measured) than the time they save on a shared 2-core machine.
    `--jobs N` overrides it."""
    files = find_catalogs(paths)
    size = sum(p.stat().st_size for p in files)
    if len(files) < 2 or not PARALLEL_FROM_BYTES <= size < SERIAL_FROM_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores)


PARALLEL_FROM_BYTES = 256 * 1024
SERIAL_FROM_BYTES = 1_000_000
CHUNK = 500  # entries checked at a time, and per task for a worker process


def active_checks(settings: CheckSettings, checks: Iterable[Check] | None = None) -> list[Check]:
    return [c for c in (checks if checks is not None else load_checks().values())
            if c.name not in settings.disabled and (settings.only is None or c.name in settings.only)]


def check_catalog(path: Path, po: Catalog, context: CheckContext, settings: CheckSettings,
                  active: Sequence[Check]) -> CatalogResult:
    """Every active check over the live entries of one catalog in memory."""
    entries, note = live_entries(po, path, context, settings)
    return CatalogResult(path, _count(entries), _findings(path, entries, _verdicts(entries, context, settings,
                                                                                    active)), note=note)


def live_entries(po: Catalog | ReadCatalog, path: Path, context: CheckContext,
                 settings: CheckSettings) -> tuple[list[EntryUnderCheck], str]:
    """The entries a run checks (live ones, fuzzy ones only when asked for) and the language's note."""
    lang = layouts.language_of(po, path)
    note = language_note(lang, path)
    return list(_live(entries_of(po, path, lang, context.source_lang), settings)), note


def _count(entries: Sequence[EntryUnderCheck]) -> int:
    """Catalog entries checked: a plural entry is one entry, however many forms it has; the header is none."""
    return sum(e.plural_index in (None, 0) for e in entries) - sum(not e.msgid for e in entries)


def _findings(path: Path, entries: Sequence[EntryUnderCheck], verdicts: Iterable[list[_Verdict]]) -> list[Finding]:
    shown = display_path(path)
    return [Finding(shown, entry.line, entry.msgctxt, entry.singular or entry.msgid, entry.msgid_plural, entry.lang,
                    rule, problem.term, severity,
                    (f"msgstr[{entry.plural_index}]: " if entry.plural_index is not None else "") + problem.message,
                    problem.found, problem.expected if problem.expected != problem.found else None)
            for entry, entry_verdicts in zip(entries, verdicts, strict=True)
            for rule, severity, problem in entry_verdicts]


def _verdicts(entries: Sequence[EntryUnderCheck], context: CheckContext, settings: CheckSettings,
              active: Sequence[Check]) -> list[list[_Verdict]]:
    """What the active checks say of each entry. Checks see an entry's content, never where it is: an
    entry that repeats one already checked (the same string in another catalog or context) is judged once."""
    plan = _Plan.of(active, settings, context)
    memo = plan.memo
    found = []
    for entry in entries:
        key = entry.content()
        verdicts = memo.get(key)
        if verdicts is None:
            verdicts = _judge(entry, context, plan)
            if VERDICT_MEMO_LIMIT:
                if len(memo) >= VERDICT_MEMO_LIMIT:
                    memo.clear()
                memo[key] = verdicts
        found.append(verdicts)
    return found


_Step = tuple[str, CheckFunction, Severity]  # a check's name, its function, its severity in this run


@dataclass(frozen=True)
class _Plan:
    """The active checks sorted once per run by the entries they judge, so an entry picks one list instead of
    asking every check whether it applies: most checks leave a blank translation to `empty`, and an empty
    msgstr to nothing but the checks that read the source alone."""

    translated: tuple[_Step, ...]
    blank: tuple[_Step, ...]  # whitespace only, or free text such as translator credits (qa_text.is_blank)
    empty: tuple[_Step, ...]
    header: tuple[_Step, ...]  # the checks that judge a catalog's header (msgid "")
    memo: dict[tuple[Any, ...], list[_Verdict]]  # verdicts by entry content (EntryUnderCheck.content)

    @classmethod
    def of(cls, active: Sequence[Check], settings: CheckSettings, context: CheckContext) -> _Plan:
        kind = (tuple(c.function for c in active), tuple(sorted(settings.severity.items())))
        plans: dict[tuple[Any, ...], _Plan] = context.cache.setdefault("runner-plans", {})
        plan = plans.get(kind)
        if plan is None:
            def step(c: Check) -> _Step:
                return c.name, c.body or c.function, settings.severity.get(c.name, c.severity)

            plan = plans[kind] = cls(tuple(step(c) for c in active),
                                     tuple(step(c) for c in active if not c.skips_blank),
                                     tuple(step(c) for c in active if not c.skips_blank and not c.needs_translation),
                                     tuple(step(c) for c in active if c.sees_header), {})
        return plan


_WORKER_STATE: tuple[CheckContext, CheckSettings, Sequence[Check]] | None = None


def _in_processes(files: list[Path], context: CheckContext, settings: CheckSettings, active: Sequence[Check],
                  jobs: int) -> Iterator[CatalogResult]:
    """Read catalog k+1 here while the workers check catalog k; at most two catalogs are in memory."""
    global _WORKER_STATE
    _WORKER_STATE = (context, settings, active)  # forked workers inherit it: the glossary is not pickled
    try:
        with _multiprocessing().get_context("fork").Pool(jobs) as pool:
            pending: tuple[Path, list[EntryUnderCheck], str, Any] | None = None
            for path in files:
                try:
                    entries, note = live_entries(read.read_for_check(path), path, context, settings)
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


def _judge(entry: EntryUnderCheck, context: CheckContext, plan: _Plan) -> list[_Verdict]:
    steps = (plan.header if not entry.msgid else plan.empty if not entry.msgstr else plan.blank if is_blank(entry)
             else plan.translated)
    ignored = ignored_by_flags(entry.flags) if entry.flags else None
    verdicts: list[_Verdict] = []
    for name, function, severity in steps:
        if ignored and name in ignored:
            continue
        for problem in function(entry, context):
            verdicts.append((name, problem.severity or severity, problem))
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
