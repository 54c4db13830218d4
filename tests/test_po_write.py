"""Writing a catalog changes only what changed (pipeline/po/write.py): an entry the run left alone keeps its
bytes, whatever editor wrote it; a new or changed entry is laid out exactly as GNU msgmerge lays it out."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.po import read, write

DATA = Path(__file__).parent / "data" / "gettext"
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")


def template_of(catalog: bytes) -> bytes:
    """The template a catalog was last merged from: its live messages with their references, comments and
    flags, no translations (what `makemessages` or `pybabel extract` would give with no source change)."""
    po = read.parse(catalog, Path("x.po"))
    pot = polib.POFile()
    pot.metadata = {"Project-Id-Version": "PACKAGE VERSION", "POT-Creation-Date": po.metadata["POT-Creation-Date"],
                    "Content-Type": "text/plain; charset=UTF-8"}
    for e in po:
        if not e.obsolete:
            pot.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgid_plural=e.msgid_plural,
                                     msgstr_plural={0: "", 1: ""} if e.msgid_plural else {}, comment=e.comment,
                                     occurrences=e.occurrences, flags=[f for f in e.flags if f != "fuzzy"]))
    return write.encode(pot)


def updated(tmp_path: Path, catalog: bytes, template: bytes, lang: str = "pl") -> bytes:
    """`tolmach update` on a pybabel-layout project holding `catalog` and `template`; the catalog after it."""
    project = Path(tempfile.mkdtemp(dir=tmp_path))
    (project / "locale" / lang / "LC_MESSAGES").mkdir(parents=True)
    (project / "locale" / "django.pot").write_bytes(template)
    target = project / "locale" / lang / "LC_MESSAGES" / "django.po"
    target.write_bytes(catalog)
    (project / "tolmach.toml").write_text(f'languages = ["{lang}"]\nlocales_dir = "locale"\n', encoding="utf-8")
    assert main(["-C", str(project), "update"]) == 0
    assert sorted(p.relative_to(project).as_posix() for p in (project / "locale").rglob("*.po")) == [
        f"locale/{lang}/LC_MESSAGES/django.po"]  # updated in place, never a second catalog
    return target.read_bytes()


def changed_lines(before: bytes, after: bytes) -> int:
    import difflib

    return sum(1 for line in difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
               if line[:1] in "+-")


def test_a_poedit_saved_catalog_goes_through_update_unchanged(tmp_path: Path) -> None:
    poedit = (DATA / "allauth" / "da.po").read_bytes()
    assert b"X-Generator: Poedit" in poedit
    assert updated(tmp_path, poedit, template_of(poedit), "da") == poedit


def test_a_weblate_saved_catalog_goes_through_update_unchanged(tmp_path: Path) -> None:
    """Weblate saves through Translate Toolkit, which wraps at 77 columns its own way."""
    pypo = pytest.importorskip("translate.storage.pypo")
    store = pypo.pofile.parsestring((DATA / "allauth" / "pl.po").read_bytes())
    unit = next(u for u in store.units if u.source == "This account is currently inactive.")
    unit.target = "To konto jest obecnie nieaktywne (wyłączone przez administratora serwisu lub przez Ciebie)."
    weblate = bytes(store)  # a translator's save in Weblate
    assert updated(tmp_path, weblate, template_of(weblate)) == weblate


def test_an_editor_that_wraps_nothing_reorders_flags_and_ends_lines_with_crlf_is_left_alone(tmp_path: Path) -> None:
    text = (DATA / "allauth" / "pl.po").read_text(encoding="utf-8")
    text = re.sub(r'"\n"', "", text.replace('msgstr ""\n"', 'msgstr "'))  # every string on one line
    text = text.replace("#, fuzzy, python-format", "#, python-format, fuzzy").replace("\n", "\r\n")
    saved = text.encode()
    assert updated(tmp_path, saved, template_of(saved)) == saved


@needs_gettext
def test_a_changed_message_is_the_only_change_and_is_laid_out_as_msgmerge_does(tmp_path: Path) -> None:
    catalog = subprocess.run(["msgcat", str(DATA / "allauth" / "pl.po")], capture_output=True, check=True).stdout
    template = template_of(catalog)
    old = "Your primary email address must be verified."
    assert old.encode() in template
    template = template.replace(old.encode(), b"Your primary e-mail address must be verified; there is no need "
                                              b"to verify it again, whatever the link you followed said.")
    ours = updated(tmp_path, catalog, template)
    (tmp_path / "pl.po").write_bytes(catalog)
    (tmp_path / "django.pot").write_bytes(template)
    theirs = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(tmp_path / "pl.po"),
                             str(tmp_path / "django.pot")], capture_output=True, check=True).stdout
    assert ours == theirs
    assert 0 < changed_lines(catalog, ours) <= 12


def test_gettext_escapes_survive_an_update(tmp_path: Path) -> None:
    """`\\a`, `\\033` and `\\v` are valid GNU PO; a changed entry is written with gettext's escapes, an
    unchanged one as it was, and no backslash is ever doubled."""
    header = ('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);'
              '\\n"\n\n')
    catalog = (header + 'msgid "Done\\a"\nmsgstr "Gotowe\\a"\n\n'
               'msgid "\\033[1mError\\033[0m\\v"\nmsgstr "\\033[1mB\\305\\202\\304\\205d\\033[0m\\v"\n').encode()
    template = (header + 'msgid "Done\\a"\nmsgstr ""\n\nmsgid "\\033[1mError\\033[0m\\v"\nmsgstr ""\n\n'
                'msgid "Beep\\a"\nmsgstr ""\n').encode()
    po = read.parse(catalog, Path("x.po"))
    assert [(e.msgid, e.msgstr) for e in po] == [("Done\a", "Gotowe\a"),
                                                 ("\x1b[1mError\x1b[0m\v", "\x1b[1mBłąd\x1b[0m\v")]
    after = updated(tmp_path, catalog, template)
    assert after.startswith(catalog.rstrip(b"\n"))  # both old entries as they were, octal escapes included
    assert after.endswith(b'msgid "Beep\\a"\nmsgstr ""\n') and b"\\\\" not in after


def test_update_invents_no_header_field_and_moves_no_date(tmp_path: Path) -> None:
    catalog = (DATA / "allauth" / "pl.po").read_bytes()
    template = template_of(catalog).replace(b"Your primary email address must be verified.", b"Verified.")
    header = read.parse(updated(tmp_path, catalog, template), Path("x.po")).metadata
    assert header == read.parse(catalog, Path("x.po")).metadata  # Project-Id-Version still "", dates as they were


# --- any catalog msgmerge wrote is a fixed point of update ----------------------------------------------------

WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=14)
TEXT = st.lists(WORDS | st.sampled_from(["\n", "\t", "\\", '"', " ", "%s", "%(name)s", "{name}", "\a", "-", "/"]),
                max_size=16).map("".join)
entries = st.lists(st.tuples(st.sampled_from([None, "menu"]), TEXT.filter(bool), TEXT, st.booleans(),
                             st.sampled_from([(), ("python-format",), ("no-wrap",), ("fuzzy",)]),
                             st.sampled_from(["", "note", ("a translator's long note " * 4).strip()])),
                   min_size=1, max_size=6, unique_by=lambda t: (t[0], t[1]))


@needs_gettext
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=entries, obsolete=st.integers(0, 2))
def test_a_catalog_msgmerge_wrote_is_a_fixed_point_of_update(spec: list[Any], obsolete: int, tmp_path: Path) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    pot, po = polib.POFile(), polib.POFile()
    for po_file in (pot, po):
        po_file.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl",
                            "Plural-Forms": "nplurals=2; plural=(n != 1);",
                            "POT-Creation-Date": "2026-01-01 00:00+0000"}
    for i, (ctx, msgid, msgstr, plural, flags, note) in enumerate(spec):
        if msgid.endswith("\n") != msgstr.endswith("\n"):  # msgfmt --check's rule, which msgmerge keeps
            msgstr = msgstr.rstrip("\n") + ("\n" if msgid.endswith("\n") else "")
        if msgid.startswith("\n") != msgstr.startswith("\n"):
            msgstr = ("\n" if msgid.startswith("\n") else "") + msgstr.lstrip("\n")
        plural_id = f"{msgid} (n)" if plural else ""
        occurrences = [(f"src/module_{i}/very_long_file_name_{j}.py", str(j)) for j in range(i + 1)]
        pot.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=plural_id, occurrences=occurrences,
                                 msgstr_plural={0: "", 1: ""} if plural else {},
                                 flags=[f for f in flags if f != "fuzzy"], comment=note))
        po.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=plural_id, tcomment=note,
                                msgstr="" if plural else msgstr, msgstr_plural={0: msgstr, 1: msgstr} if plural else {},
                                flags=list(flags), obsolete=i < obsolete and len(spec) > 1))
    (work / "t.pot").write_bytes(write.encode(pot))
    (work / "pl.po").write_bytes(write.encode(po))
    merged = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(work / "pl.po"),
                             str(work / "t.pot")], capture_output=True, check=True).stdout
    assert updated(work, merged, (work / "t.pot").read_bytes()) == merged


@needs_gettext
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=entries)
def test_new_entries_are_laid_out_as_msgmerge_lays_them_out(spec: list[Any], tmp_path: Path) -> None:
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "POT-Creation-Date": "2026-01-01 00:00+0000"}
    for i, (ctx, msgid, _, plural, flags, note) in enumerate(spec):
        pot.append(polib.POEntry(msgctxt=ctx, msgid=msgid, msgid_plural=f"{msgid} (n)" if plural else "",
                                 msgstr_plural={0: "", 1: ""} if plural else {}, comment=note,
                                 occurrences=[(f"src/module_{i}/a_rather_long_file_name_{j}.py", str(j))
                                              for j in range(i + 1)], flags=[f for f in flags if f != "fuzzy"]))
    header = ('msgid ""\nmsgstr ""\n"Language: pl\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')
    (work / "t.pot").write_bytes(write.encode(pot))
    (work / "pl.po").write_text(header, encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--quiet", "--previous", "-o", "-", str(work / "pl.po"),
                             str(work / "t.pot")], capture_output=True, check=True).stdout
    ours = updated(work, header.encode(), (work / "t.pot").read_bytes())
    assert ours.split(b"\n\n", 1)[1] == theirs.split(b"\n\n", 1)[1]


# --- a string that fits is not searched for line breaks ---------------------------------------------------

NARROW = st.text(st.characters(max_codepoint=0x10FF), max_size=90)  # below U+1100: no wide character


@settings(max_examples=300, deadline=None)
@given(text=NARROW | TEXT, start=st.integers(0, 14), formats=st.sampled_from([(), ("python-format",), ("c-format",)]))
def test_the_shortcut_for_a_string_that_fits_cuts_as_the_search_does(text: str, start: int,
                                                                     formats: tuple[str, ...]) -> None:
    """`_breaks` returns a string that fits (no character that may be two columns wide, no longer than the
    room) as one line without searching; the search, libunistring's as gettext's, cuts it the same."""
    escaped = write.escape(text)
    if escaped:
        assert write._breaks(escaped, formats, write.WRAP_WIDTH - 2, start) == \
            write._searched_breaks(escaped, formats, write.WRAP_WIDTH - 2, start)


def test_entries_laid_out_once_per_run_are_laid_out_as_each_entry_says() -> None:
    """A new message is the same entry in every language's catalog and is laid out once per run; entries
    that differ in anything the layout reads (here only the order of their flags) are each laid out anew."""
    def catalog(flags: list[str]) -> polib.POFile:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        po.append(polib.POEntry(msgid="A journalist was detained in Minsk on Tuesday, his colleagues said "
                                      "in a statement.", occurrences=[("story.txt", "3")], flags=flags))
        return po

    first, same, reordered = catalog(["python-format", "no-wrap"]), catalog(["python-format", "no-wrap"]), \
        catalog(["no-wrap", "python-format"])
    assert write.render(first) == write.render(same)
    for po in (first, same, reordered):
        assert write.render(po).split("\n\n")[1] == write.entry_text(po[0]) + "\n"
    assert "#, no-wrap, python-format" in write.render(reordered)


@settings(max_examples=300, deadline=None)
@given(text=NARROW | TEXT, name=st.sampled_from(["msgid", "msgctxt", "msgid_plural", "msgstr[2]"]),
       prefix=st.sampled_from(["", "#~ ", "#| "]), formats=st.sampled_from([(), ("python-format",), ("c-format",)]))
def test_a_string_is_cut_from_column_0_first_as_if_its_first_line_were_tried_first(
        text: str, name: str, prefix: str, formats: tuple[str, ...]) -> None:
    """gettext tries the string on the keyword's line first and, when it does not fit there, writes `name ""`
    and cuts it from column 0. `string_lines` cuts from column 0 first (several lines from there mean several
    from after `name "` too) and tries the keyword's line only for a string that fits from column 0."""
    if len(write._portions(text)) > 1:
        return  # lines ending in \n: `name ""` and each cut from column 0 either way
    escaped = write.escape(text)
    inner = write.WRAP_WIDTH - len(prefix) - 2
    if len(write._breaks(escaped, formats, inner, len(name) + 1)) == 1:
        expected = [f'{prefix}{name} "{escaped}"']
    else:
        expected = [f'{prefix}{name} ""', *(f'{prefix}"{p}"' for p in write._breaks(escaped, formats, inner, 0))]
    assert write.string_lines(prefix, name, text, True, formats) == expected
