"""The review report: one self-contained HTML file, escaped text, progress, findings, filters that work
in a real browser (Debian's headless Chromium)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import html5lib
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_demo import chromium_command, make_demo_project

from pipeline.cli import main
from pipeline.report import Highlight, LanguageReport, ReportEntry, collect, highlight, render_html

INJECTED = ('Click <script>document.body.dataset.pwned="script"</script> or '
            '<img src=x onerror="document.body.dataset.pwned=\'img\'"> now.')
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, plus one Polish entry whose source carries a script and an onerror handler."""
    root = make_demo_project(tmp_path_factory.mktemp("demo"))
    path = root / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid=INJECTED, msgstr='Kliknij <script>alert("pl")</script> teraz.',
                            occurrences=[("examples/belarus-political-prisoners.en.txt", "99")]))
    po.save(str(path))
    assert main(["-C", str(root), "report", "-o", str(root / "report.html")]) == 0
    return root


def parse(html: str):  # type: ignore[no-untyped-def]
    return html5lib.parse(html)


def rows(tree, visible_only: bool = False) -> list:  # type: ignore[no-untyped-def]
    found = [tr for tr in tree.iter(f"{XHTML}tr") if "entry" in (tr.get("class") or "").split()]
    return [tr for tr in found if tr.get("hidden") is None] if visible_only else found


def text_of(element) -> str:  # type: ignore[no-untyped-def]
    return "".join(element.itertext())


def test_highlight_escapes_text_and_marks_hits() -> None:
    html = highlight("Łukaszenka <b>said</b>", [Highlight(0, 10, "lukashenka: Łukaszenka (preferred)")])
    assert html == ('<mark class="term" title="lukashenka: Łukaszenka (preferred)">Łukaszenka</mark>'
                    " &lt;b&gt;said&lt;/b&gt;")


def test_overlapping_and_out_of_range_hits_are_skipped() -> None:
    assert highlight("abc", [Highlight(0, 2, "x"), Highlight(1, 3, "y"), Highlight(2, 9, "z")]) == \
        '<mark class="term" title="x">ab</mark>c'


def test_report_is_self_contained_and_escapes_catalog_text(demo: Path) -> None:
    html = (demo / "report.html").read_text(encoding="utf-8")
    tree = parse(html)
    assert not [e for e in tree.iter() if e.get("src") or e.get("href")]  # nothing to fetch
    assert not list(tree.iter(f"{XHTML}link")) and not list(tree.iter(f"{XHTML}img"))
    assert "default-src 'none'" in html
    scripts = [text_of(s) for s in tree.iter(f"{XHTML}script")]
    assert len(scripts) == 2 and not any("pwned" in s for s in scripts)
    assert INJECTED in [text_of(td) for td in tree.iter(f"{XHTML}td")]


def test_report_counts_progress_per_language_as_the_catalogs_do(demo: Path) -> None:
    tree = parse((demo / "report.html").read_text(encoding="utf-8"))
    [data] = [s for s in tree.iter(f"{XHTML}script") if s.get("id") == "progress-data"]
    progress = json.loads(text_of(data))
    for lang in ("pl", "be", "ru"):
        po = polib.pofile(str(demo / "locales" / lang / "LC_MESSAGES" / "belarus-political-prisoners.po"))
        live = [e for e in po if not e.obsolete and e.msgid]
        assert progress[lang]["fuzzy"] == sum(e.fuzzy for e in live) > 0
        assert sum(progress[lang].values()) == len(live)
    assert len(rows(tree)) == sum(sum(v.values()) for v in progress.values())


def test_entries_show_their_findings_drafts_included(demo: Path) -> None:
    tree = parse((demo / "report.html").read_text(encoding="utf-8"))
    flagged = {(tr.get("data-lang"), tr.get("data-state"), rule) for tr in rows(tree)
               for rule in (tr.get("data-rules") or "").split()}
    assert {("pl", "fuzzy", "polish-diacritics"), ("pl", "fuzzy", "dates"), ("be", "fuzzy", "russian-letters"),
            ("ru", "fuzzy", "belarusian-letters"), ("ru", "fuzzy", "quote-style")} <= flagged


def test_findings_are_shown_when_the_report_runs_from_the_project_directory(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings name catalogs relative to the working directory; the report must still find their rows."""
    monkeypatch.chdir(demo)
    assert main(["report", "-o", str(tmp_path / "report.html")]) == 0
    tree = parse((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert ("pl", "polish-diacritics") in {(tr.get("data-lang"), rule) for tr in rows(tree)
                                           for rule in (tr.get("data-rules") or "").split()}


def test_terms_found_by_a_hit_finder_are_highlighted_in_source_and_translation(demo: Path) -> None:
    def find(text: str, lang: str) -> list[Highlight]:
        word = {"en": "Minsk", "ru": "Минске"}.get(lang, "\0")
        i = text.find(word)
        return [Highlight(i, i + len(word), f"minsk: {word}")] if i >= 0 else []

    path = demo / "locales" / "ru" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    catalogs = {"ru": [(path, polib.pofile(str(path)))]}
    [report] = collect(catalogs, "en", [], find)
    [entry] = [e for e in report.entries if e.msgid.startswith("The ministry stressed")]
    html = render_html([report])
    assert entry.source_terms and entry.target_terms
    assert '<mark class="term" title="minsk: Минске">Минске</mark>' in html
    assert '<mark class="term" title="minsk: Minsk">Minsk</mark>' in html


def test_report_without_catalogs_is_a_clear_error_and_writes_nothing(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tolmach.toml").write_text('languages = ["pl"]\n', encoding="utf-8")
    (tmp_path / "locales").mkdir()
    assert main(["-C", str(tmp_path), "report", "-o", str(tmp_path / "r.html")]) == 2
    assert "tolmach update" in capsys.readouterr().err and not (tmp_path / "r.html").exists()


# --- in a browser ----------------------------------------------------------------------------------

def rendered(report: Path, fragment: str, tmp_path: Path) -> str:
    """The DOM after the page's script ran, as headless Chromium serialises it."""
    out = subprocess.run([*chromium_command(tmp_path / "profile"), "--dump-dom", report.as_uri() + fragment],
                         check=True, capture_output=True, text=True, timeout=120)
    return out.stdout


needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


@pytest.mark.chromium
@needs_chromium
def test_browser_shows_every_entry_and_runs_no_injected_script(demo: Path, tmp_path: Path) -> None:
    tree = parse(rendered(demo / "report.html", "", tmp_path))
    body = next(tree.iter(f"{XHTML}body"))
    assert body.get("data-pwned") is None
    assert len(rows(tree, visible_only=True)) == len(rows(tree)) > 100
    [shown] = [e for e in tree.iter(f"{XHTML}output") if e.get("id") == "shown"]
    assert text_of(shown) == f"{len(rows(tree))} of {len(rows(tree))} entries shown"
    assert INJECTED in [text_of(td) for td in tree.iter(f"{XHTML}td")]


@pytest.mark.chromium
@needs_chromium
def test_browser_filters_by_state_finding_and_language_from_the_url(demo: Path, tmp_path: Path) -> None:
    fuzzy = rows(parse(rendered(demo / "report.html", "#state=fuzzy", tmp_path)), visible_only=True)
    assert fuzzy and {tr.get("data-state") for tr in fuzzy} == {"fuzzy"}
    flagged = rows(parse(rendered(demo / "report.html", "#lang=be&rule=russian-letters", tmp_path)),
                   visible_only=True)
    assert [(tr.get("data-lang"), tr.get("data-rules")) for tr in flagged] == [("be", "russian-letters")]


def test_lang_flag_limits_the_report_and_documents_get_their_own_progress(demo: Path, tmp_path: Path) -> None:
    second = demo / "locales" / "be" / "LC_MESSAGES" / "second.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "be",
                   "X-Tolmach-Document": "examples/second.en.txt"}
    po.append(polib.POEntry(msgid="Minsk.", msgstr="Мінск."))
    po.save(str(second))
    out = tmp_path / "be.html"
    try:
        assert main(["-C", str(demo), "report", "--lang", "be", "-o", str(out)]) == 0
    finally:
        second.unlink()
    tree = parse(out.read_text(encoding="utf-8"))
    assert {tr.get("data-lang") for tr in rows(tree)} == {"be"}
    documents = [tr.get("data-doc") for tr in tree.iter(f"{XHTML}tr") if tr.get("data-doc") and
                 "entry" not in (tr.get("class") or "")]
    assert documents == ["examples/belarus-political-prisoners.en.txt", "examples/second.en.txt"]


@given(st.text(), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=4))
@settings(max_examples=200, deadline=None)
def test_any_text_with_any_hits_renders_back_to_itself(text: str, spans: list[tuple[int, int]]) -> None:
    text = text.replace("\r", "").replace("\0", "")  # HTML parsing normalises these by design
    hits = [Highlight(a, b, "<t>&\"") for a, b in spans]
    fragment = html5lib.parseFragment(f"<p>{highlight(text, hits)}</p>", namespaceHTMLElements=False)
    assert "".join(fragment.itertext()) == text
    assert not [e for e in fragment.iter() if e.tag not in ("DOCUMENT_FRAGMENT", "p", "mark")]


def test_project_glossary_terms_are_highlighted_on_both_sides(demo: Path) -> None:
    tree = parse((demo / "report.html").read_text(encoding="utf-8"))
    marked = []
    for tr in rows(tree):
        cells = {td.get("class"): [m.get("title") for m in td.iter(f"{XHTML}mark")] for td in tr.iter(f"{XHTML}td")}
        marked.append((tr.get("data-lang"), tuple(cells["source"]), tuple(cells["target"])))
    ministry = [(source, target) for lang, source, target in marked
                if lang == "be" and "minsk: Minsk (preferred)" in source]
    assert ministry and all(any(t.startswith("minsk: ") for t in target) for _, target in ministry)
    forbidden = [m for m in tree.iter(f"{XHTML}mark") if m.get("class") == "forbidden"]
    assert "Latushko" in {text_of(m) for m in forbidden}


def test_a_broken_catalog_is_named_with_its_line_and_no_report_is_written(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "locales" / "ru" / "LC_MESSAGES" / "a.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "Hello."\nthis is not PO\nmsgstr "Привет."\n', encoding="utf-8")
    assert main(["-C", str(tmp_path), "report", "--lang", "ru", "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:2: error" in err and not (tmp_path / "r.html").exists()


def test_contexts_plural_forms_and_the_changed_source_are_shown(tmp_path: Path) -> None:
    from pipeline.po import read

    path = tmp_path / "pl.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
        'msgctxt "column_label"\nmsgid "Delete"\nmsgstr "Usuń"\n\nmsgctxt "button"\nmsgid "Delete"\nmsgstr "Skasuj"\n\n'
        'msgid "%d minute left."\nmsgid_plural "%d minutes left."\nmsgstr[0] "Została %d minuta."\n'
        'msgstr[1] "Zostały %d minuty."\nmsgstr[2] "Zostało %d minut."\n\n'
        '#, fuzzy\n#| msgid "Belarus has 49 prisons."\nmsgid "Belarus has 50 prisons."\n'
        'msgstr "Białoruś ma 49 więzień."\n', encoding="utf-8")
    [report] = collect({"pl": [(path, read.load(path))]}, "en", [], lambda text, lang: [])
    html = render_html([report])
    rows = [r for r in parse(html).iter(f"{XHTML}tr") if r.get("class", "").startswith("entry")]
    text = ["".join(r.itertext()) for r in rows]
    assert "column_label" in text[0] and "button" in text[1]
    assert "Została %d minuta." in text[2] and "Zostało %d minut." in text[2] and "not translated" not in text[2]
    assert "msgstr[1] (2, 3, 4, …)" in text[2] and report.entries[2].state == "translated"
    assert "<del>49</del><ins>50</ins>" in html


# --- what a reviewer needs to know about each entry --------------------------------------------------------

REASONS_PO = '''msgid ""
msgstr ""
"Language: pl\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

#. MT: argos en→pl 1.9, score -0.31
#. MT: draft {hash}
#: db/models/fields/__init__.py:2013 django/forms/fields.py:77
#, fuzzy
msgid "Enter a valid date."
msgstr "Wprowadź poprawną datę."

# Sprawdzone z redakcją
#. TM 87%: The ministry stressed the call.
#: story.en.txt:3
#, fuzzy
msgid "The ministry stressed the constant call."
msgstr "Ministerstwo podkreśliło wezwanie."

#. aligned from story.pl.txt, score 0.71, 2-1
#: story.en.txt:5
#, fuzzy
msgid "He was released."
msgstr "Został zwolniony."

#, fuzzy
#| msgctxt "button"
#| msgid "Delete"
msgctxt "menu"
msgid "Delete"
msgstr "Usuń"

#, fuzzy
#| msgid "%d file"
#| msgid_plural "%d file(s)"
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d plik"
msgstr[1] "%d pliki"
msgstr[2] "%d plików"

#, fuzzy
#| msgid "Belarus has 49 prisons."
msgid "Belarus has 50 prisons."
msgstr "Białoruś ma 49 więzień."

#, fuzzy
msgid "Minsk."
msgstr "Mińsk."

#. MT: argos en→pl 1.9, score -0.20
#. MT: source changed, new draft: Witaj.
msgid "Hello."
msgstr "Cześć."

#. MT: argos en→pl 1.9
#. MT: words left untranslated: Latushka
#, fuzzy
msgid "Latushka spoke."
msgstr "Latushka przemówił."
'''


@pytest.fixture
def reasons(tmp_path: Path) -> list[ReportEntry]:
    from pipeline.po import read
    from pipeline.po.notes import draft_hash

    path = tmp_path / "pl.po"
    path.write_text(REASONS_PO.replace("{hash}", draft_hash("Wprowadź poprawną datę.")), encoding="utf-8")
    [report] = collect({"pl": [(path, read.load(path))]}, "en", [], lambda text, lang: [])
    return report.entries


def test_every_draft_says_where_it_came_from(reasons: list[ReportEntry]) -> None:
    mt, tm, aligned, *_, human, current = reasons
    assert (mt.origin, tm.origin, aligned.origin, human.origin) == ("mt", "tm", "aligned", "human")
    assert current.origin == "mt"  # notes written now: one line naming the route, no hash
    html = render_html([collect_one(reasons)])
    assert "<b>MT</b> argos en→pl 1.9, score -0.31</div>" in html
    assert "<b>TM</b> 87%: The ministry stressed the call.</div>" in html
    assert "<b>aligned from</b> story.pl.txt, score 0.71, 2-1</div>" in html
    assert "<b>MT suggestion</b> argos en→pl 1.9, score -0.20<br>source changed, new draft: Witaj.</div>" in html
    assert "<b>comment</b> Sprawdzone z redakcją</div>" in html
    assert "<b>MT</b> argos en→pl 1.9<br>words left untranslated: Latushka</div>" in html


def test_every_fuzzy_entry_says_why(reasons: list[ReportEntry]) -> None:
    why = [e.fuzzy_reasons for e in reasons]
    assert why[0] == ("machine-translation draft",)
    assert why[1] == ("translation-memory match (87%)",)
    assert why[2] == ("alignment to confirm",)
    assert why[3] == ("the context changed (was “button”)",)
    assert why[4] == ("the plural changed",)
    assert why[5] == ("the source changed",)
    assert why[6] == ("marked fuzzy (no note says why)",)
    assert why[7] == ()  # not fuzzy: the MT draft was only offered
    assert why[8] == ("machine-translation draft",)


def test_where_is_the_full_reference(reasons: list[ReportEntry]) -> None:
    tree = parse(render_html([collect_one(reasons)]))
    [first, *_] = [td for td in tree.iter(f"{XHTML}td") if td.get("class") == "where"]
    assert text_of(first) == "db/models/fields/__init__.py:2013 +1"
    assert "django/forms/fields.py:77" in first.get("title")


def collect_one(entries: list[ReportEntry]) -> LanguageReport:
    return LanguageReport("pl", "Polish", entries)


def test_errors_are_counted_as_ci_counts_them_with_fuzzy_ones_apart(demo: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["-C", str(demo), "check", "--format", "json"]) == 1
    ci = json.loads(capsys.readouterr().out)["summary"]
    tree = parse((demo / "report.html").read_text(encoding="utf-8"))
    counted = [text_of(span) for span in tree.iter(f"{XHTML}span") if span.get("class") == "ci"]
    errors = sum(int(text.split("counts: ")[1].split(" error")[0]) for text in counted)
    warnings = sum(int(text.split(", ")[1].split(" warning")[0]) for text in counted)
    assert (errors, warnings) == (ci["errors"], ci["warnings"])
    drafts = [text_of(span) for span in tree.iter(f"{XHTML}span") if span.get("class") == "drafts"]
    assert sum(int(text.split(": ")[1].split(" error")[0]) for text in drafts) > 0  # shown apart
    # a project whose CI counts drafts too: one count, nothing apart
    (demo / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n[checks]\ninclude_fuzzy = true\n',
                                       encoding="utf-8")
    try:
        assert main(["-C", str(demo), "report", "-o", str(tmp_path / "all.html")]) == 0
    finally:
        (demo / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n', encoding="utf-8")
    tree = parse((tmp_path / "all.html").read_text(encoding="utf-8"))
    assert not [s for s in tree.iter(f"{XHTML}span") if s.get("class") == "drafts"]


LONG = "Łukaszenka" * 60  # one unbroken string of 600 characters


@pytest.mark.chromium
@needs_chromium
@pytest.mark.parametrize("width", [390, 1400])
def test_the_page_fits_a_phone_and_a_desktop_whatever_the_strings(demo: Path, tmp_path: Path, width: int) -> None:
    """No page-level horizontal scroll at a phone's 390 px or a desktop's 1400 px, even with unbroken strings
    in a source, a translation, a comment, a reference and a title; screenshots are left in tmp_path (and in
    $TOLMACH_SCREENSHOTS when set) for a person to look at."""
    from browser import Browser

    catalog = demo / "locales" / "pl" / "LC_MESSAGES" / "belarus-political-prisoners.po"
    po = polib.pofile(str(catalog))
    po.append(polib.POEntry(msgid=f"https://example.org/{LONG}", msgstr=LONG, tcomment=LONG, flags=["fuzzy"],
                            comment=f"MT: argos en→pl 1.9, score -0.5, {LONG}",
                            occurrences=[(f"very/deep/{'folder' * 20}/module.py", "2013")]))
    long_report = tmp_path / "long.html"
    saved = catalog.read_bytes()
    po.save(str(catalog))
    try:
        assert main(["-C", str(demo), "report", "--title", LONG, "-o", str(long_report)]) == 0
    finally:
        catalog.write_bytes(saved)
    shots = Path(os.environ.get("TOLMACH_SCREENSHOTS", tmp_path))
    with Browser(tmp_path / "profile") as browser:
        for page in (demo / "report.html", long_report):
            browser.open(page.as_uri(), width)
            scroll, client = browser.evaluate("[document.documentElement.scrollWidth, "
                                              "document.documentElement.clientWidth]")
            assert client == width and scroll <= client, (page.name, scroll, client)
            beyond = browser.evaluate("Array.from(document.querySelectorAll('td, th, h1, select, svg'))"
                                      ".filter(function(e){var r=e.getBoundingClientRect();"
                                      f"return r.width && r.right > {width} + 0.5;}}).length")
            assert beyond == 0
            browser.screenshot(shots / f"report-{page.stem}-{width}.png")
        browser.screenshot(shots / f"report-long-entry-{width}.png", "tr.entry:last-of-type")
        # a filter hides rows at both widths (the phone layout's cards must not override `hidden`)
        browser.open((demo / "report.html").as_uri() + "#state=fuzzy", width)
        shown, drawn, fuzzy = browser.evaluate(
            "[+document.getElementById('shown').dataset.shown, Array.from(document.querySelectorAll('tr.entry'))"
            ".filter(function(r){return r.offsetHeight > 0;}).length, document.querySelectorAll('tr.fuzzy').length]")
        assert shown == drawn == fuzzy > 0
