"""The review report: one self-contained HTML file editors open before publishing.

Per language: progress (translated / fuzzy / untranslated, as an inline SVG bar) and every entry side
by side (source, translation or MT draft, state, glossary terms highlighted, check findings), with
filters by language, state, finding and document. No network assets: CSS, JS and SVG are inline and
a Content-Security-Policy forbids loading anything. Every piece of catalog text goes through
html.escape, so a `<script>` in a source sentence is shown, never run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from pipeline.checks.registry import CheckContext, Finding
from pipeline.checks.runner import CheckSettings, display_path, run_loaded
from pipeline.glossary import Glossary
from pipeline.po import headers
from pipeline.po.model import Catalog, Entry
from pipeline.po.notes import OriginNote, origin_notes

# lang -> its catalogs as read once by the command: both the checks and the pages need them.
LoadedCatalogs = dict[str, list[tuple[Path, Catalog]]]
STATES = ("translated", "fuzzy", "untranslated")
STATE_COLOURS = {"translated": "#2e7d32", "fuzzy": "#f9a825", "untranslated": "#9e9e9e"}


@dataclass(frozen=True)
class Highlight:
    """A span of text to mark: a glossary term, with what to show on hover and a CSS class."""

    start: int
    end: int
    title: str
    kind: str = "term"  # term | forbidden


@dataclass
class ReportEntry:
    doc: str
    lang: str
    line: int  # of the entry in its .po file
    msgid: str
    msgstr: str
    state: str  # translated | fuzzy | untranslated
    findings: list[Finding] = field(default_factory=list)
    source_terms: list[Highlight] = field(default_factory=list)
    target_terms: list[Highlight] = field(default_factory=list)
    source_line: int | None = None  # of the sentence in the source document (the entry's occurrence)
    msgctxt: str | None = None
    msgid_plural: str | None = None
    forms: tuple[tuple[str, str], ...] = ()  # a plural entry's (label, msgstr[n]): "msgstr[1] (2, 3, 4, …)"
    previous: str | None = None  # a fuzzy entry's previous source (`#| msgid`), shown as a word diff
    references: tuple[str, ...] = ()  # the `#:` references as written ("db/models/fields/__init__.py:2013")
    origins: tuple[OriginNote, ...] = ()  # where the msgstr came from: MT (engine, model), TM, alignment
    comment: str = ""  # the translator's own `# ` comment
    fuzzy_reasons: tuple[str, ...] = ()  # why the entry is fuzzy, in words

    @property
    def origin(self) -> str:
        """The origin filter's value: mt, tm, aligned, or human (a msgstr no tool claims), or none (empty)."""
        for note in self.origins:
            if note.kind != "repair" and (note.kind != "mt" or note.draft):
                return note.kind
        return "human" if self.msgstr or any(text for _, text in self.forms) else "none"


@dataclass
class LanguageReport:
    lang: str
    name: str
    entries: list[ReportEntry]

    ci_counts_fuzzy: bool = False  # [checks] include_fuzzy: `tolmach check` counts findings in fuzzy entries

    def count(self, state: str) -> int:
        return sum(1 for e in self.entries if e.state == state)

    def findings(self, severity: str, fuzzy: bool) -> int:
        """Findings of `severity` in fuzzy entries (`fuzzy`) or in the others."""
        return sum(1 for e in self.entries if (e.state == "fuzzy") == fuzzy for f in e.findings
                   if f.severity == severity)

    def ci_count(self, severity: str) -> int:
        """What `tolmach check` counts: findings in fuzzy entries only when the project says so."""
        return self.findings(severity, False) + (self.findings(severity, True) if self.ci_counts_fuzzy else 0)


HitFinder = Callable[[str, str], list[Highlight]]  # (text, lang) -> highlights


def plural_labels(po: Catalog, lang: str) -> dict[int, str]:
    """"msgstr[1] (2, 3, 4, …)": each plural form with the first numbers it serves, so a translator knows
    which form goes where."""
    labels = {}
    for form, numbers in headers.plural_examples(po, lang).items():
        shown = ", ".join(str(n) for n in numbers[:3]) + (", …" if len(numbers) > 3 else "")
        labels[form] = f"msgstr[{form}] ({shown})"
    return labels


def word_diff(old: str, new: str) -> str:
    """`old` → `new` as escaped HTML, removed words in <del> and added ones in <ins> (difflib on words)."""
    import difflib
    import re

    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def fuzzy_reasons(entry: Entry, origins: Sequence[OriginNote]) -> tuple[str, ...]:
    """Why an entry is fuzzy, in a reviewer's words: what changed since it was translated (`#|` fields),
    or which tool drafted it; an entry with neither was marked by a person or a tool that left no note."""
    if not entry.fuzzy:
        return ()
    reasons = []
    if entry.previous_msgid is not None and entry.previous_msgid != entry.msgid:
        reasons.append("the source changed")
    if entry.previous_msgctxt is not None and entry.previous_msgctxt != entry.msgctxt:
        reasons.append(f"the context changed (was “{entry.previous_msgctxt}”)")
    elif entry.previous_msgctxt is None and entry.msgctxt and entry.previous_msgid is not None:
        reasons.append("the context changed (had none)")
    if (entry.previous_msgid_plural or None) != (entry.msgid_plural or None) and (
            entry.previous_msgid_plural is not None or entry.previous_msgid is not None):
        reasons.append("the plural changed" if entry.msgid_plural and entry.previous_msgid_plural
                       else "it became a plural" if entry.msgid_plural else "it is no longer a plural")
    labels = {"mt": "machine-translation draft", "tm": "translation-memory match", "aligned": "alignment to confirm"}
    for note in origins:
        if note.kind in labels and (note.kind != "mt" or note.draft):
            reasons.append(labels[note.kind] + (f" ({note.lines[0].split(':')[0]})" if note.kind == "tm" else ""))
    return tuple(reasons) or ("marked fuzzy (no note says why)",)


def entry_state(entry: Entry) -> str:
    if entry.fuzzy:
        return "fuzzy"
    return "translated" if entry.translated() else "untranslated"


def glossary_highlighter(glossary: Glossary | None) -> HitFinder:
    """Glossary hits as Highlights, through the glossary's matcher (`matcher_for` builds one per language)."""
    if glossary is None:
        return lambda text, lang: []
    from pipeline.glossary.match import matcher_for

    def find(text: str, lang: str) -> list[Highlight]:
        return [Highlight(h.start, h.end, f"{h.concept}: {h.term} ({h.status})",
                          "forbidden" if h.status == "forbidden" else "term")
                for h in matcher_for(glossary, lang).find(text)]

    return find


def collect(catalogs: LoadedCatalogs, source_lang: str, findings: Iterable[Finding],
            terms: HitFinder, ci_counts_fuzzy: bool = False) -> list[LanguageReport]:
    """The catalogs' live entries as report entries, with findings attached by file and line."""
    from babel import Locale

    by_place: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        by_place.setdefault((finding.file, finding.line), []).append(finding)
    reports = []
    for lang, loaded in catalogs.items():
        entries = []
        for path, po in loaded:
            doc = po.metadata.get(headers.DOCUMENT_HEADER) or path.stem
            labels = plural_labels(po, lang)
            for e in po:
                if e.obsolete or not e.msgid:
                    continue
                occurrence = e.occurrences[0][1] if e.occurrences else ""
                forms = tuple((labels.get(n, f"msgstr[{n}]"), e.msgstr_plural[n]) for n in sorted(e.msgstr_plural))
                previous = e.previous_msgid if e.fuzzy and e.previous_msgid is not None else None
                origins = tuple(origin_notes(e.comment))
                entries.append(ReportEntry(
                    doc, lang, e.linenum or 0, e.msgid, e.msgstr, entry_state(e),
                    by_place.get((display_path(path), e.linenum or 0), []),
                    terms(e.msgid, source_lang), terms(e.msgstr, lang) if e.msgstr else [],
                    int(occurrence) if occurrence.isdigit() else None,
                    e.msgctxt, e.msgid_plural or None, forms if e.msgid_plural else (), previous,
                    tuple(f"{file}:{line}" if line else file for file, line in e.occurrences), origins,
                    e.tcomment or "", fuzzy_reasons(e, origins)))
        reports.append(LanguageReport(lang, Locale.parse(lang).english_name or lang, entries, ci_counts_fuzzy))
    return reports


def highlight(text: str, hits: Sequence[Highlight]) -> str:
    """`text` escaped for HTML, with each (non-overlapping) hit wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < pos or hit.end > len(text) or hit.start >= hit.end:
            continue
        out.append(escape(text[pos:hit.start]))
        out.append(f'<mark class="{escape(hit.kind)}" title="{escape(hit.title)}">'
                   f"{escape(text[hit.start:hit.end])}</mark>")
        pos = hit.end
    out.append(escape(text[pos:]))
    return "".join(out)


def progress_svg(report: LanguageReport, width: int = 480, height: int = 22) -> str:
    """A stacked bar of translated / fuzzy / untranslated, with its numbers as the accessible title."""
    total = len(report.entries) or 1
    x = 0.0
    parts = []
    for state in STATES:
        n = report.count(state)
        w = width * n / total
        if n:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{STATE_COLOURS[state]}">'
                         f"<title>{state}: {n}</title></rect>")
        x += w
    label = ", ".join(f"{report.count(s)} {s}" for s in STATES)
    return (f'<svg class="progress" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _percent(n: int, total: int) -> str:
    return f"{100 * n / total:.0f} %" if total else "–"


def _findings_html(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        fix = ""
        if f.found is not None and f.expected is not None:
            fix = f" <q>{escape(f.found)}</q> → <q>{escape(f.expected)}</q>"
        items.append(f'<li class="{escape(f.severity)}"><b>{escape(f.rule)}</b>{fix}'
                     f"<br><small>{escape(f.message)}</small></li>")
    return f'<ul class="findings">{"".join(items)}</ul>'


def _source_html(e: ReportEntry) -> str:
    """The source: its context (msgctxt) as a label, singular and plural, and for a fuzzy entry what the
    source said when it was translated, as a word diff."""
    parts = [f'<span class="ctx" title="context (msgctxt)">{escape(e.msgctxt)}</span>'] if e.msgctxt else []
    parts.append(highlight(e.msgid, e.source_terms))
    if e.msgid_plural:
        parts.append(f'<span class="plural" title="plural (msgid_plural)">{escape(e.msgid_plural)}</span>')
    if e.previous is not None and e.previous != e.msgid:
        parts.append(f'<div class="previous" title="the source when this was translated (#| msgid)">'
                     f"changed: {word_diff(e.previous, e.msgid)}</div>")
    return "".join(parts)


def _target_html(e: ReportEntry) -> str:
    if e.forms:
        none = '<span class="none">not translated</span>'
        items = "".join(f'<li><span class="form">{escape(label)}</span> {escape(text) if text else none}</li>'
                        for label, text in e.forms)
        text = f'<ol class="forms">{items}</ol>'
    else:
        text = highlight(e.msgstr, e.target_terms) if e.msgstr else '<span class="none">not translated</span>'
    return text + _origins_html(e) + (f'<div class="tcomment" title="the translator\'s comment (# )">'
                                      f"<b>comment</b> {escape(e.comment)}</div>" if e.comment else "")


ORIGIN_LABELS = {"mt": "MT", "tm": "TM", "aligned": "aligned from", "repair": "glossary repair"}


def _origins_html(e: ReportEntry) -> str:
    """Where the msgstr came from, as the origin notes say: the MT engine and model (and score), the
    translation-memory match, the aligned file; an MT draft only offered in a comment says so."""
    parts = []
    for note in e.origins:
        label = ORIGIN_LABELS[note.kind] + (" suggestion" if note.kind == "mt" and not note.draft else "")
        lines = "<br>".join(escape(line) for line in note.lines) or "draft"
        parts.append(f'<div class="origin {note.kind}"><b>{escape(label)}</b> {lines}</div>')
    return "".join(parts)


# the origin filter's values, as ReportEntry.origin gives them
ORIGIN_FILTER = (("mt", "MT draft"), ("tm", "translation memory"), ("aligned", "aligned"),
                 ("human", "by a person"), ("none", "none (untranslated)"))
STATE_LABELS = {"translated": "translated", "fuzzy": "draft (fuzzy)", "untranslated": "untranslated"}


def _where_html(e: ReportEntry) -> str:
    """The entry's first `#:` reference in full (`db/models/fields/__init__.py:2013`), the others on hover;
    a document catalog's reference is the source document and its line."""
    first = e.references[0] if e.references else e.doc
    more = f' <span class="more">+{len(e.references) - 1}</span>' if len(e.references) > 1 else ""
    title = "\n".join([*e.references, f"{e.doc}, .po line {e.line}"])
    return f'<td class="where" data-label="Where" title="{escape(title)}">{escape(first)}{more}</td>'


def _entry_row(e: ReportEntry) -> str:
    rules = " ".join(sorted({f.rule for f in e.findings}))
    why = "".join(f'<li>{escape(reason)}</li>' for reason in e.fuzzy_reasons)
    return (f'<tr class="entry {e.state}" data-lang="{escape(e.lang)}" data-state="{e.state}" '
            f'data-doc="{escape(e.doc)}" data-rules="{escape(rules)}" data-origin="{e.origin}">'
            f"{_where_html(e)}"
            f'<td class="source" data-label="Source" lang="en">{_source_html(e)}</td>'
            f'<td class="target" data-label="Translation" lang="{escape(e.lang)}">{_target_html(e)}</td>'
            f'<td class="state" data-label="State"><span class="badge {e.state}">{STATE_LABELS[e.state]}</span>'
            + (f'<ul class="why" title="why it is fuzzy">{why}</ul>' if why else "") + "</td>"
            f'<td class="found" data-label="Findings">{_findings_html(e.findings)}</td></tr>')


def _language_section(report: LanguageReport) -> str:
    total = len(report.entries)
    legend = "".join(f'<li><span class="swatch" style="background:{STATE_COLOURS[s]}"></span>'
                     f"{s}: <b>{report.count(s)}</b> ({_percent(report.count(s), total)})</li>" for s in STATES)
    rows = "".join(_entry_row(e) for e in report.entries)
    counted = (f'<span class="ci" title="what fails CI: tolmach check counts the same">as <code>tolmach check</code> '
               f"counts: <b>{report.ci_count('error')}</b> error(s), <b>{report.ci_count('warning')}</b> warning(s)"
               "</span>")
    drafts = ""
    if not report.ci_counts_fuzzy:
        drafts = (f' · <span class="drafts" title="tolmach check counts fuzzy entries only with --include-fuzzy">'
                  f'in fuzzy drafts (not counted): {report.findings("error", True)} error(s), '
                  f"{report.findings('warning', True)} warning(s)</span>")
    return (f'<section class="lang" id="lang-{escape(report.lang)}" data-lang="{escape(report.lang)}">'
            f"<h2>{escape(report.name)} ({escape(report.lang)})</h2>"
            f'<div class="progress-box">{progress_svg(report)}<ul class="legend">{legend}</ul>'
            f'<p class="totals">{total} entries · {counted}{drafts}</p></div>'
            f"{_documents_table(report)}"
            f'<table class="entries"><thead><tr><th class="where">Where</th><th>Source</th><th>Translation</th>'
            f'<th class="state">State</th><th class="found">Findings</th></tr></thead><tbody>{rows}</tbody></table>'
            "</section>")


def _documents_table(report: LanguageReport) -> str:
    """Progress per document, when the language has more than one."""
    docs = sorted({e.doc for e in report.entries})
    if len(docs) < 2:
        return ""
    rows = []
    for doc in docs:
        part = LanguageReport(report.lang, report.name, [e for e in report.entries if e.doc == doc])
        counts = "".join(f"<td>{part.count(s)}</td>" for s in STATES)
        rows.append(f'<tr data-doc="{escape(doc)}"><td>{escape(doc)}</td>{counts}'
                    f"<td>{progress_svg(part, width=160, height=10)}</td></tr>")
    head = "".join(f"<th>{s}</th>" for s in STATES)
    return (f'<details class="documents"><summary>{len(docs)} documents</summary><div class="scroll">'
            f'<table class="docs"><thead><tr><th>Document</th>{head}<th></th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div></details>")


def _options(values: Iterable[str], all_label: str, extra: Sequence[tuple[str, str]] = ()) -> str:
    opts = [f'<option value="">{escape(all_label)}</option>']
    opts += [f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in extra]
    opts += [f'<option value="{escape(v)}">{escape(v)}</option>' for v in values]
    return "".join(opts)


STYLE = """
*{box-sizing:border-box}[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font:15px/1.45 system-ui,sans-serif;margin:0 1.5rem 2rem;color:#1b1b1b;background:#fafafa;
overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:1rem 0 .25rem}h2{margin:1.5rem 0 .5rem}
.filters{position:sticky;top:0;background:#fafafa;padding:.5rem 0;border-bottom:1px solid #ddd;z-index:1;
display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center}
.filters label{display:inline-flex;gap:.3rem;align-items:center;max-width:100%;min-width:0;overflow-wrap:normal}
select{font:inherit;max-width:100%;min-width:0}
.progress-box{display:flex;gap:.5rem 1.5rem;align-items:center;flex-wrap:wrap}
svg.progress{max-width:100%;height:auto}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;margin:0}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}
table{border-collapse:collapse;background:#fff;margin-top:.5rem}
table.entries{width:100%;table-layout:fixed}
th,td{border:1px solid #e0e0e0;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f0f0f0}th.where{width:11%}th.state{width:8%}th.found{width:22%}
td.where{font-size:.75em;color:#666}td.where .more{color:#999}
td.source,td.target{white-space:pre-wrap}
tr.fuzzy td.target{background:#fff8e1}tr.untranslated td.target{background:#f5f5f5}
.badge{font-size:.8em;padding:.1em .4em;border-radius:3px;color:#fff;white-space:nowrap}
.badge.translated{background:#2e7d32}.badge.fuzzy{background:#f9a825;color:#000}
.badge.untranslated{background:#9e9e9e}
ul.why{margin:.3em 0 0;padding-left:1rem;font-size:.75em;color:#6d4c00}
.none{color:#999;font-style:italic}
mark.term{background:#d0e8ff;border-radius:2px}mark.forbidden{background:#ffcdd2;border-radius:2px}
.findings{margin:0;padding-left:1.1rem;font-size:.9em}.findings li.error{color:#b71c1c}
.findings li.warning{color:#8d6e00}.findings small{color:#555}
.ctx{display:inline-block;font-size:.75em;background:#ede7f6;color:#4527a0;border-radius:3px;padding:0 .3em;
margin-right:.4em}
.plural{display:block;border-top:1px dashed #ccc;margin-top:.2em;padding-top:.2em}
.previous{font-size:.85em;color:#555;margin-top:.3em}del{background:#ffcdd2}ins{background:#c8e6c9;text-decoration:none}
.origin,.tcomment{white-space:normal;font-size:.78em;color:#555;margin-top:.35em;border-top:1px dotted #ddd;
padding-top:.2em}.origin b,.tcomment b{color:#333;margin-right:.3em}.origin.mt b{color:#6a1b9a}
ol.forms{list-style:none;margin:0;padding:0}.form{font-size:.75em;color:#666;margin-right:.3em}
.totals{margin:.25rem 0}details.documents{margin:.25rem 0}.scroll{overflow-x:auto;max-width:100%}
table.docs td{padding:.1rem .5rem}
@media (max-width:720px){
body{margin:0 .6rem 1.5rem}
table.entries,table.entries tbody,table.entries tr,table.entries td{display:block;width:auto}
table.entries thead{display:none}
table.entries tr{border:1px solid #ddd;margin:.6rem 0;background:#fff}
table.entries td{border:0;border-top:1px solid #eee}
table.entries td::before{content:attr(data-label);display:block;font-size:.7em;color:#777;text-transform:uppercase;
letter-spacing:.03em}
table.entries td.where{font-size:.8em}
table.entries td:empty{display:none}
}
"""

# Filters read and write the URL hash (#state=fuzzy&rule=numbers), so a filtered view can be linked.
SCRIPT = """
(function(){
  var ids=["lang","state","origin","rule","doc"];
  function current(){var f={};ids.forEach(function(k){f[k]=document.getElementById("f-"+k).value;});return f;}
  function apply(){
    var f=current(),shown=0,rows=document.querySelectorAll("tr.entry");
    rows.forEach(function(r){
      var rules=r.dataset.rules?r.dataset.rules.split(" "):[];
      var ok=(!f.lang||r.dataset.lang===f.lang)&&(!f.state||r.dataset.state===f.state)&&(!f.doc||r.dataset.doc===f.doc)
        &&(!f.origin||r.dataset.origin===f.origin)
        &&(!f.rule||(f.rule==="*any"?rules.length>0:f.rule==="*none"?rules.length===0:rules.indexOf(f.rule)>=0));
      r.hidden=!ok;if(ok)shown++;
    });
    document.querySelectorAll("section.lang").forEach(function(s){s.hidden=!!f.lang&&s.dataset.lang!==f.lang;});
    var c=document.getElementById("shown");
    c.textContent=shown+" of "+rows.length+" entries shown";c.dataset.shown=shown;
    var h=ids.filter(function(k){return f[k];}).map(function(k){return k+"="+encodeURIComponent(f[k]);}).join("&");
    if(("#"+h)!==location.hash&&!(h===""&&location.hash==="")){
      history.replaceState(null,"",h?"#"+h:location.pathname);
    }
  }
  function fromHash(){
    var p=new URLSearchParams(location.hash.slice(1));
    ids.forEach(function(k){var el=document.getElementById("f-"+k),v=p.get(k);
      if(v!==null&&Array.prototype.some.call(el.options,function(o){return o.value===v;}))el.value=v;});
  }
  ids.forEach(function(k){document.getElementById("f-"+k).addEventListener("change",apply);});
  window.addEventListener("hashchange",function(){fromHash();apply();});
  fromHash();apply();
})();
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def render_html(reports: Sequence[LanguageReport], title: str = "Translation review") -> str:
    entries = [e for r in reports for e in r.entries]
    rules = sorted({f.rule for e in entries for f in e.findings})
    docs = sorted({e.doc for e in entries})
    present = {e.origin for e in entries}
    origins = [(value, label) for value, label in ORIGIN_FILTER if value in present]
    filters = (
        '<form class="filters" onsubmit="return false">'
        f'<label>Language <select id="f-lang">{_options([r.lang for r in reports], "all")}</select></label>'
        f'<label>State <select id="f-state">{_options(STATES, "all")}</select></label>'
        f'<label>Origin <select id="f-origin">{_options([], "all", origins)}</select></label>'
        f'<label>Finding <select id="f-rule">'
        f'{_options(rules, "any or none", [("*any", "with findings"), ("*none", "without findings")])}</select></label>'
        f'<label>Document <select id="f-doc">{_options(docs, "all")}</select></label>'
        f'<output id="shown" data-shown="{len(entries)}">{len(entries)} entries</output></form>')
    # JSON inside <script> is raw text: "<" is written as \u003c so nothing can close the element.
    summary = json.dumps({r.lang: {s: r.count(s) for s in STATES} for r in reports}).replace("<", "\\u003c")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>{filters}"
        f"{''.join(_language_section(r) for r in reports)}"
        f'<script type="application/json" id="progress-data">{summary}</script>'
        f"<script>{SCRIPT}</script></body></html>\n")


def run_checks(catalogs: LoadedCatalogs, context: CheckContext, settings: CheckSettings) -> list[Finding]:
    """Findings of every registered check, drafts included (a reviewer wants to see a draft's problems)."""
    return run_loaded([item for loaded in catalogs.values() for item in loaded], context, settings).findings
