"""The check path's PO reader (pipeline/po/read.py: read_for_check) reads what polib reads, entry for entry and field
for field, and leaves every catalog it does not expect to polib, so errors are the ones `load` gives."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checks.registry import CheckContext
from pipeline.checks.runner import CheckSettings, check_paths, entries_of, run, run_loaded
from pipeline.errors import TolmachError
from pipeline.po import headers, read, write

TESTS = Path(__file__).resolve().parent
FIELDS = ("msgid", "msgstr", "msgid_plural", "msgctxt", "obsolete", "comment", "tcomment", "previous_msgctxt",
          "previous_msgid", "previous_msgid_plural", "linenum", "fuzzy")


def fields(entry: Any) -> dict[str, Any]:
    """What checks read of an entry, the same for a ReadEntry and a polib POEntry."""
    return {**{name: getattr(entry, name) for name in FIELDS}, "flags": list(entry.flags),
            "msgstr_plural": dict(entry.msgstr_plural)}


def outcome(reader: Any, data: bytes, path: Path) -> tuple[Any, ...]:
    """A reader's result on a file: its error as the user sees it, or its header and entries."""
    try:
        cat = reader(data, path)
    except TolmachError as exc:
        return ("error", exc.message, exc.path, exc.line, exc.hint)
    return ("read", cat.metadata, [fields(e) for e in cat])


def assert_read_as_polib_reads(data: bytes, path: Path = Path("x.po")) -> None:
    """The fast reader reads the file itself (no fallback) and gets what read.parse (polib) gets."""
    po = read.parse(data, path)
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    encoding = headers.charset_of(body, path)
    fast = read.read_text(read.decode_escapes(body.decode(encoding), encoding))
    assert fast is not None, "the fast reader left a well-formed catalog to polib"
    metadata, entries = fast
    assert metadata == po.metadata
    assert [fields(e) for e in entries] == [fields(e) for e in po]
    checked = read.parse_for_check(data, path)
    assert checked.encoding == po.encoding and len(checked) == len(po)


HEADER = ('# Header comment, not an entry\'s.\n#\n# Second line.\nmsgid ""\nmsgstr ""\n'
          '"Project-Id-Version: t 1.0\\n"\n"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
          '"Content-Type: text/plain; charset={charset}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
          '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || "\n'
          '"n%100>=20) ? 1 : 2);\\n"\n"X-Folded: first\\n"\n"second line without a colon\\n"\n\n')
# Every shape of entry the fast reader reads itself ({word} is a word in the catalog's charset).
BODY = r'''#. TRANSLATORS: an extracted comment
#. on two lines
#: src/a.c:1 src/b.c:22 "weird ref"
#, fuzzy, c-format
#| msgctxt "old context"
#| msgid "Old %d file"
#| msgid_plural ""
#| "Old %d files"
msgctxt "menu"
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d {word}"
msgstr[1] ""
"%d {word}a"
msgstr[2] "%d {word}{word}"

# translator comment
#
#  indented translator comment
## double hash
#,	python-format
#.	a tab after the mark
msgid ""
"Multi-line\n"
"with escapes: \t tab, \" quote, \\ backslash, \r \v \b \f, gettext's own: \a \x41 \0 \', not one: \u0041\n"
msgstr "Wiele {word} \"cytat\" \\\\ koniec\\"

#, fuzzy,c-format ,  no-wrap
msgid "Empty translation"
msgstr ""
msgid "No blank line before this one"
msgstr "{word}"
#.
#:
#,
#. empty comment marks above are skipped
msgctxt ""
msgid "Empty context"
msgstr "x"

#~ msgid "Obsolete"
#~ msgstr "Old {word}"

# obsolete with previous text
#, fuzzy
#~| msgid "Older"
#~ msgctxt "ctx"
#~ msgid ""
#~ "Obsolete multi"
#~ "line"
#~ msgid_plural "Obsolete plural"
#~ msgstr[0] "a"
#~ msgstr[1] "b"
'''
TRAILER = "\n# a comment at the end belongs to no entry\n"


def features(charset: str = "UTF-8", word: str = "plik", lang: str = "pl", trailer: str = TRAILER) -> str:
    return HEADER.replace("{lang}", lang).replace("{charset}", charset) + BODY.replace("{word}", word) + trailer


def test_every_entry_shape_is_read_as_polib_reads_it() -> None:
    text = features()
    assert_read_as_polib_reads(text.encode())
    po = read.parse_for_check(text.encode(), Path("x.po"))
    assert po.metadata["X-Folded"] == "first\nsecond line without a colon"
    first = next(iter(po))
    assert first.msgctxt == "menu" and first.fuzzy and first.flags == ("fuzzy", "c-format")
    assert first.previous_msgid_plural == "Old %d files" and dict(first.msgstr_plural)[1] == "%d plika"
    assert [e.msgid for e in po if e.obsolete] == ["Obsolete", "Obsolete multiline"]


@pytest.mark.parametrize(("ending", "bom", "trailer"), [
    ("\r\n", False, TRAILER), ("\n", True, TRAILER), ("\n", False, ""), ("\n", False, "\n\n\n"),
    ("\n", False, "#~ msgid \"Last\"\n#~ msgstr \"\"\n"),
])
def test_line_endings_a_bom_and_the_end_of_the_file(ending: str, bom: bool, trailer: str) -> None:
    text = features(trailer=trailer).rstrip("\n") if trailer == "" else features(trailer=trailer)
    data = text.replace("\n", ending).encode()
    assert_read_as_polib_reads(codecs.BOM_UTF8 + data if bom else data)


@pytest.mark.parametrize(("charset", "word", "lang"), [("ISO-8859-2", "żółć", "pl"), ("KOI8-R", "файл", "ru"),
                                                       ("CHARSET", "file", "en")])
def test_a_catalog_in_its_own_charset(charset: str, word: str, lang: str) -> None:
    text = features(charset, word, lang)
    encoding = "ascii" if charset == "CHARSET" else charset
    assert_read_as_polib_reads(text.encode(encoding))
    assert read.parse_for_check(text.encode(encoding), Path("x.po")).encoding == read.parse(
        text.encode(encoding), Path("x.po")).encoding


def test_a_catalog_without_a_header_or_entries() -> None:
    assert_read_as_polib_reads(b'#. first entry, line 0 as polib counts it\nmsgid "a"\nmsgstr "b"\n')
    assert_read_as_polib_reads(b"# only a comment\n")
    assert read.parse_for_check(b"", Path("x.po")).metadata == {}


REPO_CATALOGS = sorted(p for p in TESTS.rglob("*") if p.suffix in (".po", ".pot"))


@pytest.mark.parametrize("path", REPO_CATALOGS, ids=[p.relative_to(TESTS).as_posix() for p in REPO_CATALOGS])
def test_the_repository_catalogs(path: Path) -> None:
    assert_read_as_polib_reads(path.read_bytes(), path)


def test_real_software_catalogs_when_present() -> None:
    """The machine's own catalogs (msgunfmt of /usr/share/locale/*/LC_MESSAGES/*.mo), where a bench left them."""
    paths = sorted(Path("/tmp/mocats").glob("*/*.po"))
    if not paths:
        pytest.skip("no /tmp/mocats")
    for path in paths:
        assert_read_as_polib_reads(path.read_bytes(), path)


def test_entries_to_check_are_the_same() -> None:
    """What the runner makes of a catalog does not depend on the reader."""
    data = features().encode()
    path = Path("locales/pl/LC_MESSAGES/x.po")
    assert (list(entries_of(read.parse_for_check(data, path), path, "pl", "en"))
            == list(entries_of(read.parse(data, path), path, "pl", "en")))


# Text for generated entries: quotes, backslashes, escapes, line breaks, tabs, Cyrillic, and now and then a
# character that ends a line for str.splitlines but is written unescaped (polib decides those files).
PLAIN = "ab z\"\\\n\t\r\x0b\x08\x0cÀłжЎў%s{}#~|:,. "
EXOTIC = "\x1c\x85\u2028"
texts = st.text(PLAIN, max_size=30) | st.text(PLAIN + EXOTIC, max_size=8)
comments = st.text("ab #~|:,.\n\"\\ЖŁ", max_size=20)
FLAGS = ["fuzzy", "c-format", "python-format", "no-wrap", "ignore-numbers", "range: 0..5"]


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    plural = draw(st.booleans())
    msgid = draw(st.text(PLAIN, min_size=1, max_size=30))
    entry = polib.POEntry(
        msgctxt=draw(st.none() | texts), msgid=msgid, msgid_plural=draw(texts.filter(bool)) if plural else "",
        msgstr="" if plural else draw(texts),
        msgstr_plural={i: draw(texts) for i in range(draw(st.integers(1, 4)))} if plural else {},
        flags=draw(st.lists(st.sampled_from(FLAGS), max_size=3, unique=True)),
        tcomment=draw(comments), comment=draw(comments), obsolete=draw(st.booleans()),
        occurrences=[(draw(st.sampled_from(["a.c", "dir/b.py"])), str(draw(st.integers(1, 99))))
                     for _ in range(draw(st.integers(0, 2)))])
    if draw(st.booleans()):
        entry.previous_msgctxt = draw(st.none() | texts)
        entry.previous_msgid = draw(texts)
        entry.previous_msgid_plural = draw(st.none() | texts.filter(bool))
    return entry


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), max_size=8, unique_by=lambda e: (e.msgctxt, e.msgid, e.obsolete)),
       st.sampled_from(["UTF-8", "KOI8-U"]), st.booleans())
def test_generated_catalogs_read_as_polib_reads_them(generated: list[polib.POEntry], charset: str,
                                                     crlf: bool) -> None:
    po = polib.POFile(wrapwidth=write.WRAP_WIDTH)
    po.metadata = {"Language": "uk", "Content-Type": f"text/plain; charset={charset}",
                   "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);"}
    po.extend(generated)
    data = write.encode(po)  # UTF-8 when the text does not fit KOI8-U
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    path = Path("x.po")
    assert outcome(read.parse_for_check, data, path) == outcome(read.parse, data, path)
    if not any(c in data.decode(headers.charset_of(data, path)) for c in EXOTIC):
        assert_read_as_polib_reads(data, path)


H = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
# Catalogs the fast reader leaves to polib: broken ones (the error must be polib's, with its line) and odd
# ones polib reads in its own way (the result must be polib's).
ODD = {
    "keyword without a string": H + 'msgid "a"\nmsgstr "b"\nmsgid\n',
    "unterminated string": H + 'msgid "Hello."\nmsgstr "Привет.\n',
    "unterminated obsolete string": H + '#~ msgid "Old."\n#~ msgstr "Старое.\n',
    "unknown keyword": H + 'msgfoo "a"\n',
    "text on its own": H + 'msgid "a"\nmsgstr "b"\nmsgid "c"\nbroken here\n',
    "continuation after a comment": H + '#. c\n"x"\nmsgid "a"\nmsgstr ""\n',
    "msgid twice": H + 'msgid "a"\nmsgid "b"\nmsgstr ""\n',
    "msgstr first": 'msgstr "b"\nmsgid "a"\n',
    "comment inside a message": H + 'msgctxt "c"\n# t\nmsgid "a"\nmsgstr ""\n',
    "comment between msgid and msgstr": H + 'msgid "a"\n# t\nmsgstr "b"\n',
    "duplicate": H + 'msgid "a"\nmsgstr "1"\n\nmsgid "b"\nmsgstr ""\n\nmsgid "a"\nmsgstr "2"\n',
    "duplicate in a context": H + 'msgctxt "m"\nmsgid "a"\nmsgstr ""\n\nmsgctxt "m"\nmsgid "a"\nmsgstr ""\n',
    "duplicate obsolete": H + '#~ msgid "a"\n#~ msgstr ""\n\n#~ msgid "a"\n#~ msgstr ""\n',
    "live and obsolete alike": H + 'msgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr ""\n',
    "unescaped quote": H + 'msgid "a"b"\nmsgstr ""\n',
    "escaped backslash then a quote": H + 'msgid "a\\\\"b"\nmsgstr ""\n',
    "dangling backslash": H + 'msgid "a\\"\nmsgstr ""\n',
    "two strings on a line": H + 'msgid "a" "b"\nmsgstr ""\n',
    "text after the string": H + 'msgid "a" # note\nmsgstr ""\n',
    "spaces after a string": H + 'msgid "a"  \t\nmsgstr "b" \n',
    "no-break space after a string": H + 'msgid "a"\u00a0\nmsgstr "b"\n',
    "indented lines": H + '  msgid "a"\n\tmsgstr "b"\n',
    "two spaces after the keyword": H + 'msgid  "a"\nmsgstr\t"b"\n',
    "keyword glued to the string": H + 'msgid"a"\nmsgstr ""\n',
    "msgstr[10]": H + 'msgid "a"\nmsgid_plural "b"\nmsgstr[10] "x"\n',
    "msgstr[x]": H + 'msgid "a"\nmsgid_plural "b"\nmsgstr[x] "x"\n',
    "previous without a keyword": H + '#|\nmsgid "a"\nmsgstr ""\n',
    "previous keyword without a string": H + '#| msgid\nmsgid "a"\nmsgstr ""\n',
    "previous unknown keyword": H + '#| msgstr "x"\nmsgid "a"\nmsgstr ""\n',
    "previous continuation of a msgstr": H + 'msgid "a"\nmsgstr "b"\n#| "c"\n',
    "previous unterminated": H + '#| msgid "x\nmsgid "a"\nmsgstr ""\n',
    "obsolete previous unterminated": H + '#~| msgid "x\nmsgid "a"\nmsgstr ""\n',
    "obsolete previous glued": H + '#~|msgid "x"\n#~ msgid "a"\n#~ msgstr ""\n',
    "obsolete previous after the mark": H + '#~ #| msgid "x"\n#~ msgid "a"\n#~ msgstr ""\n',
    "obsolete flags": H + '#~ #, fuzzy\n#~ msgid "a"\n#~ msgstr ""\n',
    "bare obsolete mark": H + '#~\nmsgid "a"\nmsgstr ""\n',
    "unknown comment mark": H + '#! note\nmsgid "a"\nmsgstr ""\n',
    "comment mark glued": H + '#.note\n#:ref\nmsgid "a"\nmsgstr ""\n',
    "two headers": H + H + 'msgid "a"\nmsgstr ""\n',
    "header in a context": 'msgctxt "x"\n' + H + 'msgid "a"\nmsgstr ""\n',
    "header after an entry": 'msgid "a"\nmsgstr ""\n\n' + H,
    "old Mac line ends": H.replace("\n", "\r") + 'msgid "a"\rmsgstr "b"\r',
    "line separator in a string": H + 'msgid "a\u2028b"\nmsgstr ""\n',
    "next line in a string": H + 'msgid "a"\nmsgstr "b\x85c"\n',
    "form feed between entries": H + 'msgid "a"\nmsgstr ""\n\x0c\nmsgid "b"\nmsgstr ""\n',
    "no-break space line": H + 'msgid "a"\n\u00a0\nmsgstr ""\n',
    "BOM inside": "\ufeff" + H + 'msgid "a"\nmsgstr ""\n',
}


@pytest.mark.parametrize("name", ODD)
def test_what_the_fast_reader_leaves_to_polib_comes_out_as_polib_has_it(name: str) -> None:
    data = ODD[name].encode()
    path = Path("locales/pl/LC_MESSAGES/x.po")
    assert outcome(read.parse_for_check, data, path) == outcome(read.parse, data, path)


def test_what_polib_would_refuse_is_not_read_fast() -> None:
    for name in ("unterminated string", "duplicate", "text on its own", "no-break space after a string"):
        expected = outcome(read.parse, ODD[name].encode(), Path("x.po"))
        assert expected[0] == "error", name
    assert read.read_text(ODD["unterminated string"]) is None


@pytest.mark.parametrize(("data", "message"), [
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "\xff"\nmsgstr ""\n', "not valid utf-8"),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=NOPE-9\\n"\n', "unknown charset"),
])
def test_charset_errors_are_loads(data: bytes, message: str) -> None:
    path = Path("x.po")
    got = outcome(read.parse_for_check, data, path)
    assert got == outcome(read.parse, data, path) and message in got[1]


def test_file_errors_are_loads(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.po", tmp_path):
        with pytest.raises(TolmachError) as fast:
            read.read_for_check(path)
        with pytest.raises(TolmachError) as slow:
            read.load(path)
        assert (fast.value.message, fast.value.path) == (slow.value.message, slow.value.path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_check_reports_a_broken_catalog_as_before(tmp_path: Path, jobs: int) -> None:
    """`tolmach check` names the same file, line and message as `read.load` (what it used to read with)."""
    folder = tmp_path / "locales/pl/LC_MESSAGES"
    folder.mkdir(parents=True)
    names = ("unterminated string", "duplicate", "text on its own", "obsolete previous after the mark")
    for i, name in enumerate(names):
        (folder / f"{i}.po").write_text(ODD[name].replace('charset=UTF-8\\n"', 'charset=UTF-8\\nLanguage: pl\\n"'),
                                        encoding="utf-8")
    (folder / "9.po").write_text(H.replace("UTF-8", "UTF-8\\nLanguage: pl") + 'msgid "a"\nmsgstr "b"\n',
                                 encoding="utf-8")
    results = list(check_paths([tmp_path / "locales"], CheckContext(), CheckSettings(), [], jobs=jobs))
    assert len(results) == len(names) + 1 and results[-1].error is None and results[-1].entries == 1
    for result in results[:-1]:
        with pytest.raises(TolmachError) as before:
            read.load(result.path)
        assert result.error is not None
        assert str(result.error) == str(before.value) and result.error.line == before.value.line


def test_check_finds_the_same_with_either_reader(tmp_path: Path) -> None:
    """Every check over real catalogs read by the fast reader (`run`) and by polib (`run_loaded`)."""
    paths = sorted((TESTS / "data/gettext/bleachbit").glob("*.po"))
    fast = run(paths, CheckContext(), CheckSettings(include_fuzzy=True))
    slow = run_loaded([(p, read.load(p)) for p in paths], CheckContext(), CheckSettings(include_fuzzy=True))
    assert fast.findings and fast == slow
