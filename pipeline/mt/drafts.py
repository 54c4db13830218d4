"""MT drafts into the catalogs: collect what needs a draft in every catalog and language, translate each
distinct sentence once per route (cache first), and write drafts as fuzzy entries with a comment.

Human work is never lost:
- a translated (non-fuzzy) msgstr is never replaced;
- a fuzzy msgstr is replaced only if it is an untouched draft: it has an MT note and the draft cache holds
  exactly that text as a draft of its source (or, in catalogs drafted before notes lost their hash, the note's
  hash matches), and only with --refresh-mt, unless the source sentence changed;
- when a source sentence changed and update carried a translator's msgstr over (`#| msgid`), that msgstr
  stays; the new draft is offered in the comment instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pipeline.mt.backends import Planner, load_engine, model_signatures
from pipeline.mt.cache import CachedDraft, DraftCache
from pipeline.mt.engines import Engine, EngineOutput, EngineSettings, Tick
from pipeline.mt.postedit import posteditor
from pipeline.mt.protect import MASK_RE, Masked, Span, leftover_masks, mask, restore
from pipeline.mt.routes import Missing, Route, Step
from pipeline.po.model import Catalog, Entry
from pipeline.po.notes import MT_PREFIX, REPAIR_PREFIX, MTNote, ordered, parse_mt, safe_comment
from pipeline.signature import OFF, Signature, header_name
from pipeline.workspace import Workspace

MT_STAGE = "MT"
MT_HEADER = header_name(MT_STAGE)
PROTECT_VERSION = "protect-1"
CHUNK = 512  # sentences per engine call: big enough for CTranslate2 to keep every thread busy
FIRST_CHUNK = 64  # ...but the first drafts should not wait for a whole archive

EngineLoader = Callable[[Step, EngineSettings], Engine]
Action = Literal["draft", "suggest"]


@dataclass(frozen=True)
class Draft:
    text: str
    note: str  # the comment lines saying where the draft came from (po.notes: MTNote.lines, glossary repairs)


@dataclass
class LanguageReport:
    lang: str
    route: str = ""
    missing: Missing | None = None
    drafted: int = 0  # entries that got a draft in msgstr
    suggested: int = 0  # entries whose (human) msgstr stayed, draft offered in a comment
    translated: int = 0  # distinct sentences sent to the engines
    cached: int = 0  # distinct sentences found in the cache
    fallbacks: int = 0  # sentences whose masks were lost: plain draft used
    failed: int = 0  # entries left without a draft (the engine's output was unusable)
    files: list[Path] = field(default_factory=list)
    catalogs: int = 0  # catalogs found for the language


def is_untouched_draft(entry: Entry, cache: DraftCache) -> bool:
    """Fuzzy, with an MT note, and msgstr is still exactly what MT drafted for the sentence."""
    if not entry.fuzzy:
        return False
    note = parse_mt(entry.comment or "")
    if note is None:
        return False
    return note.drafted(entry.msgstr) or cache.was_drafted(entry.msgid, entry.msgstr)


def action_for(entry: Entry, refresh: bool, cache: DraftCache) -> Action | None:
    if entry.obsolete or not entry.msgid or entry.msgid_plural:
        return None
    if not entry.msgstr:
        return "draft"
    if not entry.fuzzy:
        return None
    if is_untouched_draft(entry, cache):
        return "draft" if refresh else None
    if entry.previous_msgid and parse_mt(entry.comment or "") is None:
        # msgmerge carried a msgstr from a similar old sentence: replace it only if MT wrote it
        return "draft" if cache.was_drafted(entry.previous_msgid, entry.msgstr) else "suggest"
    return None


class Translator:
    """Runs route steps over lists of sentences, each distinct input reaching each engine once per run; the
    engines come from `loader`, an executor (pipeline/mt/executors.py: in this process or on Ray actors)."""

    def __init__(self, settings: EngineSettings, loader: EngineLoader, postedit: bool = True) -> None:
        self.settings = settings
        self.loader = loader
        self.postedit = postedit
        self.respelled: dict[str, tuple[tuple[str, str], ...]] = {}  # post-edited output -> (word, new word)
        self.engines: dict[str, Engine] = {}
        self.memo: dict[str, dict[str, EngineOutput]] = {}

    def step(self, step: Step, texts: Sequence[str], on_done: Tick | None = None) -> list[EngineOutput]:
        """Outputs per text; `on_done` hears of each sentence as it is done when the engine can say so."""
        memo = self.memo.setdefault(step.key, {})
        todo = list(dict.fromkeys(t for t in texts if t not in memo))
        if todo:
            engine = self.engines.get(step.key)
            if engine is None:
                engine = self.engines[step.key] = self.loader(step, self.settings)
            if on_done is not None and getattr(engine, "streams", False):
                outputs = engine.translate(todo, on_done)  # type: ignore[call-arg]
            else:
                outputs = engine.translate(todo)
            memo.update(zip(todo, outputs, strict=True))
        return [memo[t] for t in texts]

    def route(self, route: Route, texts: Sequence[str],
              on_done: Tick | None = None) -> list[tuple[str, float | None, tuple[str, ...]]]:
        """(draft, summed score, words left untranslated) per text; an empty draft if a step failed.
        `on_done` counts the sentences of the first step that can report them one by one."""
        current = list(texts)
        scores: list[float | None] = [None] * len(texts)
        unknown: list[tuple[str, ...]] = [()] * len(texts)
        failed: set[int] = set()
        for step in route.steps:
            todo = [i for i in range(len(current)) if i not in failed]
            outs_todo = self.step(step, [current[i] for i in todo], on_done)
            if on_done is not None and getattr(self.engines.get(step.key), "streams", False):
                on_done = None  # counted once, by the first step that streams
            outs = [EngineOutput("", error="skipped")] * len(current)
            for i, o in zip(todo, outs_todo, strict=True):
                outs[i] = o
            current = [o.text for o in outs]
            failed |= {i for i, o in enumerate(outs) if o.error}
            for i, o in enumerate(outs):
                if o.score is not None:
                    scores[i] = (scores[i] or 0.0) + o.score
                words = tuple(w for w in o.unknown if not MASK_RE.fullmatch(w))
                unknown[i] = tuple(dict.fromkeys((*unknown[i], *words)))
        editor = posteditor(route.target_lang) if self.postedit else None
        if editor is not None:  # after the last step, before the glossary repair (translate_sentences)
            for i in range(len(current)):
                if i not in failed and current[i].strip():
                    edited = editor.edit(current[i], unknown[i])
                    current[i], unknown[i] = edited.text, edited.unknown
                    if edited.respelled:
                        self.respelled[edited.text] = edited.respelled
        return list(zip(current, scores, unknown, strict=True))


class GlossaryHooks(Protocol):
    """What drafting needs from the glossary (pipeline/mt/glossary.py implements it)."""

    key: str  # the glossary's version: part of the MT signature (header and cache key)

    def names(self, source: str, lang: str) -> list[Span]:
        """Glossary names in a source sentence, each to be restored as the target's pinned term."""

    def present(self, draft: str, lang: str) -> set[str]:
        """Concept ids found (in any form) in a draft."""

    def repair(self, draft: str, lang: str, source: str = "") -> tuple[str, list[str]]:
        """Forbidden variants (and glossary words left in the source language) replaced by the preferred
        term; comment lines saying what changed."""


def _masked_pass(route: Route, sources: Sequence[str], extra: Sequence[Sequence[Span]], translator: Translator,
                 on_done: Tick | None = None) -> list[tuple[str | None, float | None, tuple[str, ...], str]]:
    """Translate with masks; (restored text or None, score, unknown words, problem) per source; the words
    the post-editor respelled are in `translator.respelled` under the restored text."""
    masked: list[Masked] = [mask(s, spans) for s, spans in zip(sources, extra, strict=True)]
    out: list[tuple[str | None, float | None, tuple[str, ...], str]] = []
    texts = translator.route(route, [m.text for m in masked], on_done)
    for m, (text, score, unknown) in zip(masked, texts, strict=True):
        if not text.strip():
            out.append((None, score, unknown, "the engine gave no translation"))
            continue
        back = restore(text, m)
        ok = back.ok and not leftover_masks(back.text)
        if ok and text in translator.respelled:
            translator.respelled[back.text] = translator.respelled[text]
        out.append((back.text if ok else None, score, unknown, "" if ok else back.problem or "a mask was garbled"))
    return out


def translate_sentences(route: Route, sources: Sequence[str], lang: str, translator: Translator,
                        glossary: GlossaryHooks | None = None,
                        on_done: Tick | None = None) -> tuple[dict[str, Draft], int]:
    """Drafts for distinct source sentences; returns them and the number of protection fallbacks.

    Pass 1 masks numbers, URLs and placeholders and translates; a lost mask falls back to the plain
    draft. The glossary then repairs forbidden variants. Names the glossary knows but the draft lacks
    are masked in pass 2 (only those sentences) and restored as the pinned term: masking every name up
    front would strip its case (`у Мінску` became `у Мінск` in bench/mt/glossary.py).
    """
    drafts: dict[str, Draft] = {}
    failed: list[tuple[int, str]] = []
    for i, (text, score, unknown, problem) in enumerate(
            _masked_pass(route, sources, [()] * len(sources), translator, on_done)):
        if text is None:
            failed.append((i, problem))
        else:
            drafts[sources[i]] = Draft(text, _note(route, score, unknown, "", translator.respelled.get(text, ())))
    if failed:
        plain = translator.route(route, [sources[i] for i, _ in failed])
        for (i, problem), (text, score, unknown) in zip(failed, plain, strict=True):
            if not text.strip() or leftover_masks(text):
                continue  # the engine failed, or invents mask-like tokens even without masks: no draft
            drafts[sources[i]] = Draft(text, _note(route, score, unknown,
                                                   f"protection failed ({problem}): plain draft; check names "
                                                   "and numbers", translator.respelled.get(text, ())))
    if glossary is None:
        return drafts, len(failed)
    second: list[tuple[str, list[Span]]] = []
    for source in sources:
        names = glossary.names(source, lang)
        have: set[str] = set()
        d = drafts.get(source)
        if d is not None:
            text, notes = glossary.repair(d.text, lang, source)
            drafts[source] = d = Draft(text, "\n".join([d.note, *notes]))
            have = glossary.present(d.text, lang)
        lacking = [sp for sp in names if sp.concept not in have]
        if lacking:
            second.append((source, lacking))
    if second:
        results = _masked_pass(route, [s for s, _ in second], [sp for _, sp in second], translator)
        for (source, lacking), (text, score, unknown, problem) in zip(second, results, strict=True):
            terms = ", ".join(dict.fromkeys(sp.restore for sp in lacking))
            if text is None:
                if source in drafts:
                    drafts[source] = Draft(drafts[source].text, "\n".join(
                        [drafts[source].note, *_mt_lines(f"glossary names missing ({terms}); protecting them "
                                                         f"failed: {problem}")]))
                continue
            respelled = translator.respelled.get(text, ())
            text, notes = glossary.repair(text, lang, source)
            drafts[source] = Draft(text, "\n".join([_note(route, score, unknown, "", respelled), *notes,
                                                    *_mt_lines(f"glossary names protected: {terms}")]))
    return drafts, len(failed)


def _note(route: Route, score: float | None, unknown: Iterable[str], problem: str,
          respelled: Iterable[tuple[str, str]] = ()) -> str:
    """The MT note of a draft (po.notes.MTNote): where it came from in one line, then what the translator
    should look at. The engine's score is left out: a log-probability says nothing a translator can use."""
    changes = tuple(f"{old} → {new}" for old, new in respelled)
    return "\n".join(MTNote(route.label, tuple(unknown), changes, (problem,) if problem else ()).lines())


def _mt_lines(text: str, prefix: str = MT_PREFIX) -> list[str]:
    return [safe_comment(f"{prefix} {text}")]


def _note_lines(note: str) -> list[str]:
    """A draft's note as comment lines: its MT note as notes are written now (a note from the draft cache may be
    older: cut at 68 columns, with a score), then the glossary repairs."""
    mt = parse_mt(note)
    return [*(mt.lines() if mt is not None else []), *(x for x in note.splitlines() if not x.startswith(MT_PREFIX))]


def run_mt(ws: Workspace, langs: Sequence[str], packages_dir: Path, cache: DraftCache, *,
           refresh: bool = False, settings: EngineSettings | None = None, loader: EngineLoader = load_engine,
           glossary: GlossaryHooks | None = None,
           progress: Callable[[int], None] | None = None, on_total: Callable[[int], None] | None = None,
           docs: Sequence[str] | None = None) -> list[LanguageReport]:
    """Draft every entry that needs one in every catalog of `langs` the workspace has (MT drafts into what
    `update` has created); the catalogs that changed are put back into the workspace."""
    config = ws.config
    settings = settings or EngineSettings()
    routes = Planner.for_project(config, packages_dir).plan(config.source_lang, langs)
    translator = Translator(settings, loader)
    reports = []
    work: list[tuple[LanguageReport, Route, list[tuple[Path, Catalog, list[tuple[Entry, Action]]]]]] = []
    for lang in langs:
        report = LanguageReport(lang)
        reports.append(report)
        route = routes[lang]
        if isinstance(route, Missing):
            report.missing = route
            continue
        report.route = route.label
        files = []
        wanted = {ws.paths.catalog(doc, lang) for doc in docs} if docs else None
        for path in ws.catalog_paths(lang):
            if wanted is not None and path not in wanted:
                continue
            po = ws.load(path)
            assert po is not None  # catalog_paths lists only catalogs that exist
            todo = [(e, a) for e in po if (a := action_for(e, refresh, cache)) is not None]
            files.append((path, po, todo))
        report.catalogs = len(files)
        work.append((report, route, files))
    if on_total:
        on_total(sum(len({e.msgid for _, _, todo in files for e, _ in todo}) for _, _, files in work))
    for report, route, files in work:
        sources = list(dict.fromkeys(e.msgid for _, _, todo in files for e, _ in todo))
        drafts = cached_drafts(route, sources, report, cache, translator, glossary, progress)
        signature = route_signature(route, settings, glossary)
        for path, po, todo in files:
            if not todo:
                continue
            for entry, action in todo:
                if entry.msgid in drafts:
                    _apply(entry, action, drafts[entry.msgid], report)
                else:
                    report.failed += 1
            po.metadata[MT_HEADER] = str(signature)
            if ws.put(path, po):
                report.files.append(path)
    return reports


def route_signature(route: Route, settings: EngineSettings, glossary: GlossaryHooks | None) -> Signature:
    """Everything a draft depends on besides its source sentence: the exact models and versions (each
    back-end's signature of its steps), the device and decoding settings that change output, the protection
    and the glossary. The PO header and the cache key."""
    return Signature.of(MT_STAGE, route=route.label, models=model_signatures(route),
                        beam=settings.beam_size, compute=settings.compute, device=settings.device_name,
                        max_length=settings.max_decoding_length, protect=PROTECT_VERSION,
                        postedit=route.postedit or OFF, glossary=glossary.key if glossary else OFF)


def cached_drafts(route: Route, sources: Sequence[str], report: LanguageReport, cache: DraftCache,
                  translator: Translator, glossary: GlossaryHooks | None = None,
                  progress: Callable[[int], None] | None = None) -> dict[str, Draft]:
    """Drafts for distinct sources: from the cache, the rest translated in chunks and cached.

    The one path every caller takes (`tolmach mt`, the MT anchor of `tolmach align`), so a sentence
    translated by one is found in the cache by the other. Counts go into `report`.
    """
    key = route_signature(route, translator.settings, glossary).key
    known = cache.get_many(key, sources)
    report.cached += len(known)
    drafts = {s: Draft(c.draft, c.note) for s, c in known.items()}
    # shortest first: chunks of similar length waste less padding, and the first drafts come sooner
    misses = sorted((s for s in dict.fromkeys(sources) if s not in known), key=len)
    if progress and known:
        progress(len(known))
    ticked = [0]  # sentences the engines reported one by one, so the bar moves while a chunk runs

    def tick(n: int) -> None:
        ticked[0] += n
        if progress:
            progress(n)

    for chunk in _chunks(misses, FIRST_CHUNK, CHUNK):
        ticked[0] = 0
        new, fallbacks = translate_sentences(route, chunk, report.lang, translator, glossary,
                                             tick if progress else None)
        report.fallbacks += fallbacks
        report.translated += len(chunk)
        cache.put_many(key, ((s, CachedDraft(d.text, None, d.note)) for s, d in new.items()))
        drafts.update(new)
        if progress and len(chunk) > ticked[0]:
            progress(len(chunk) - ticked[0])  # what the engines could not report one by one
    return drafts


def _chunks(items: Sequence[str], first: int, size: int) -> Iterable[list[str]]:
    pos = 0
    while pos < len(items):
        step = first if pos == 0 else size
        yield list(items[pos:pos + step])
        pos += step


def _apply(entry: Entry, action: Action, draft: Draft, report: LanguageReport) -> None:
    kept = [x for x in (entry.comment or "").splitlines() if not x.startswith((MT_PREFIX, REPAIR_PREFIX))]
    if action == "draft":
        entry.msgstr = draft.text
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        entry.previous_msgid = None
        entry.comment = "\n".join(ordered([*kept, *_note_lines(draft.note)]))
        report.drafted += 1
    else:
        lines = _note_lines(draft.note)
        mt = parse_mt(draft.note) or MTNote("")
        lines = [x for x in lines if not x.startswith(MT_PREFIX)]
        offered = MTNote(mt.route, mt.untranslated, mt.respelled, mt.remarks, suggestion=draft.text)
        entry.comment = "\n".join(ordered([*kept, *lines, *offered.lines()]))
        report.suggested += 1
