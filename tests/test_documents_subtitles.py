"""SubRip and WebVTT: whole sentences for the translator, the original cues and timings in the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support_documents import DATA, build_with, catalog_for, prepared, shout

from pipeline.build import build
from pipeline.checks.qa_subtitles import subtitle_fit
from pipeline.checks.registry import CheckContext, EntryUnderCheck
from pipeline.cli import main
from pipeline.config import ChecksSettings
from pipeline.documents.base import PLACEHOLDER_RE
from pipeline.documents.subtitles import LINE_WIDTH, split_words, wrap
from pipeline.errors import TolmachError

SRT = """1
00:00:01,000 --> 00:00:03,500
Pavel Latushka said on Monday
that Belarus holds

2
00:00:03,600 --> 00:00:06,000
more than a thousand political prisoners.

3
00:00:06,500 --> 00:00:08,000
<i>The ministry stressed the call.</i>

4
00:00:09,000 --> 00:00:11,000
- Will they be freed?
- Nobody knows.
"""

VTT = """WEBVTT - news captions

NOTE written by hand,
kept as it is

STYLE
::cue(.yellow) { color: yellow }

REGION
id:lower width:40%

intro
00:00:01.000 --> 00:00:03.500 align:start line:90%
<v Anna>Pavel Latushka said on Monday
that Belarus holds

00:00:03.600 --> 00:00:06.000
<v Anna>more than a <b>thousand
political</b> prisoners &amp; exiles.

00:06.500 --> 00:08.000 region:lower
<c.yellow>The ministry stressed the call.</c>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cues(text: str) -> list[tuple[str, str, str]]:
    """(id or '', timing line, text) of every cue: the structure a build must keep."""
    found = []
    for block in re.split(r"\n\n+", text.strip()):
        lines = block.split("\n")
        at = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if at is not None:
            found.append((lines[at - 1] if at else "", lines[at], "\n".join(lines[at + 1:])))
    return found


def blocks(text: str) -> list[str]:
    """The NOTE, STYLE and REGION blocks and the header."""
    return [b for b in re.split(r"\n\n+", text.strip()) if "-->" not in b]


@pytest.mark.parametrize(("name", "source"), [("news.en.srt", SRT), ("news.en.vtt", VTT)])
def test_a_sentence_over_several_cues_is_one_msgid_and_tags_are_placeholders(tmp_path: Path, name: str,
                                                                           source: str) -> None:
    doc = prepared(write(tmp_path, name, source))
    msgids = [e.msgid for e in doc.template]
    assert msgids[0] == ("Pavel Latushka said on Monday that Belarus holds more than a "
                         + ("<g1>thousand political</g1> prisoners & exiles." if name.endswith("vtt")
                            else "thousand political prisoners."))
    assert "<g1>The ministry stressed the call.</g1>" in msgids
    assert doc.template[0].occurrences == [(name, "3" if name.endswith("srt") else "14")]
    assert "subtitle: 2 cues, 4.90 s, " in doc.template[0].comment


@pytest.mark.parametrize(("name", "source"), [("news.en.srt", SRT), ("news.en.vtt", VTT)])
def test_an_empty_catalog_builds_the_file_back_byte_for_byte(tmp_path: Path, name: str, source: str) -> None:
    doc = prepared(write(tmp_path, name, source))
    assert build_with(doc, None)[0] == source
    assert build_with(doc, lambda msgid: "")[0] == source


@pytest.mark.parametrize(("name", "source"), [("news.en.srt", SRT), ("news.en.vtt", VTT)])
def test_a_translation_is_spread_over_the_same_cues_keeping_ids_timings_settings_and_blocks(
        tmp_path: Path, name: str, source: str) -> None:
    doc = prepared(write(tmp_path, name, source))
    built, stats = build_with(doc, shout)
    assert stats.untranslated == 0
    before, after = cues(source), cues(built)
    assert [(i, t) for i, t, _ in after] == [(i, t) for i, t, _ in before]
    assert blocks(built) == blocks(source)
    plain = re.sub(r"<[^>]+>", "", " ".join(text for _, _, text in after)).replace("&amp;", "&")
    assert plain.split() == re.sub(r"<[^>]+>", "", " ".join(t for _, _, t in before)).replace(
        "&amp;", "&").upper().split()
    if name.endswith("vtt"):
        assert after[0][2].startswith("<v Anna>") and after[1][2].startswith("<v Anna>")
        assert "&amp;" in after[1][2]  # prose escaped again
        assert after[2][2] == "<c.yellow>THE MINISTRY STRESSED THE CALL.</c>"
    else:
        assert after[3][2] == "- WILL THEY BE FREED?\n- NOBODY KNOWS."


def test_a_longer_translation_moves_words_to_later_cues_and_reopens_a_tag_cut_in_two(tmp_path: Path) -> None:
    source = ("1\n00:00:01,000 --> 00:00:02,000\nHe said <i>it was\n\n"
              "2\n00:00:02,000 --> 00:00:03,000\nnot over</i> yet.\n")
    doc = prepared(write(tmp_path, "a.en.srt", source))
    assert doc.template[0].msgid == "He said <g1>it was not over</g1> yet."
    built, _ = build_with(doc, lambda _: "Powiedział, <g1>że to się jeszcze nie skończyło</g1>.")
    texts = [text for _, _, text in cues(built)]
    assert texts == ["Powiedział, <i>że to się</i>", "<i>jeszcze nie skończyło</i>."]
    twice = ("1\n00:00:01,000 --> 00:00:02,000\n<i>He said it was</i>\n\n"
             "2\n00:00:02,000 --> 00:00:03,000\n<i>not over.</i>\n")
    assert prepared(write(tmp_path, "b.en.srt", twice)).template[0].msgid == "<g1>He said it was not over.</g1>"


@pytest.mark.parametrize(("source", "message"), [
    ("1\n00:00:01,000 -> 00:00:02,000\nText.\n", "expected a cue timing line"),
    ("1\n00:00:61,000 --> 00:00:62,000\nText.\n", "broken cue timing"),
    ("1\n00:00:05,000 --> 00:00:02,000\nText.\n", "cue ends before it starts"),
    ("1\n00:00:01,000 --> 00:00:02,000\nText.\n\nTwo\nlines without timing\n", "expected a cue timing line"),
])
def test_broken_timings_are_refused_with_their_line(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(TolmachError, match=message) as err:
        prepared(write(tmp_path, "a.en.srt", source))
    assert err.value.line is not None


def test_a_vtt_without_its_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TolmachError, match="first line must be WEBVTT"):
        prepared(write(tmp_path, "a.en.vtt", "00:01.000 --> 00:02.000\nText.\n"))


def test_translate_refuses_an_srt_with_broken_timings_and_writes_nothing(project: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(project, "clip.en.srt", "1\n00:00:01,000 --> 00:00:0x,000\nText.\n")
    assert main(["translate", str(bad), "--to", "pl"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "clip.en.srt:2: error: broken cue timing" in err
    assert not (project / "locales").exists() and not (project / "out").exists()


def test_translate_builds_subtitles_with_the_source_timings(project: Path) -> None:
    clip = write(project, "clip.en.vtt", VTT)
    assert main(["translate", str(clip), "--to", "pl", "--no-mt"]) == 0
    assert (project / "out" / "pl" / "clip.vtt").read_text(encoding="utf-8") == VTT


# --- the splitter, for any words and cues ------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzżółćęśąźń.,", min_size=1, max_size=12)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(WORD, max_size=40), st.lists(st.integers(1, 120), min_size=1, max_size=8))
def test_split_words_keeps_every_word_in_order_and_gives_each_cue_one_while_there_are_enough(
        words: list[str], weights: list[int]) -> None:
    pieces = split_words(" ".join(words), weights)
    assert len(pieces) == len(weights)
    assert " ".join(pieces).replace("\u00a0", " ").split() == words
    if len(words) >= len(weights):
        assert all(p.strip() and p != "\u00a0" for p in pieces)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(WORD, min_size=2, max_size=30), st.lists(st.integers(1, 60), min_size=1, max_size=5),
       st.data())
def test_split_words_closes_and_reopens_a_pair_so_every_piece_is_balanced(
        words: list[str], weights: list[int], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start, len(words) - 1))
    tagged = list(words)
    tagged[start] = "<g1>" + tagged[start]
    tagged[end] = tagged[end] + "</g1>"
    pieces = split_words(" ".join(tagged), weights)
    for piece in pieces:
        tags = PLACEHOLDER_RE.findall(piece)
        assert tags.count("<g1>") == tags.count("</g1>") <= 1
    assert PLACEHOLDER_RE.sub("", " ".join(pieces)).replace("\u00a0", " ").split() == words


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=20), st.integers(1, 3))
def test_wrap_keeps_the_words_and_fits_the_line_width_when_the_words_allow(words: list[str], lines: int) -> None:
    text = " ".join(words)
    wrapped = wrap(text, lines)
    assert " ".join(wrapped) == text
    if len(text) <= LINE_WIDTH:
        assert wrapped == [text]
    else:
        assert len(wrapped) == min(max(2, lines), len(words))


# --- the cue check -----------------------------------------------------------------------------------------

def entry(msgid: str, msgstr: str, comment: str) -> EntryUnderCheck:
    return EntryUnderCheck(Path("a.po"), 1, "pl", "en", msgid, msgstr, comment=comment)


def test_the_cue_check_reports_a_translation_too_long_for_its_cues_or_too_fast_to_read(tmp_path: Path) -> None:
    doc = prepared(write(tmp_path, "news.en.srt", SRT))
    po = catalog_for(doc, None)
    first = po[0]
    ctx = CheckContext()
    fits = entry(first.msgid, "Paweł Łatuszka powiedział w poniedziałek, że Białoruś więzi ponad tysiąc osób.",
                 first.comment)
    assert subtitle_fit(fits, ctx) == []
    too_long = entry(first.msgid, "bardzo " * 30, first.comment)
    messages = [p.message for p in subtitle_fit(too_long, ctx)]
    assert any("do not fit 2 cue(s) of 2 line(s) × 42" in m for m in messages)
    assert any("characters a second" in m for m in messages)
    roomy = CheckContext(settings=ChecksSettings(subtitle_line_length=200, subtitle_chars_per_second=100))
    assert subtitle_fit(too_long, roomy) == []
    assert subtitle_fit(entry("Plain.", "x" * 500, "¶1"), ctx) == []


CUE_TEXT = st.lists(st.sampled_from(["Belarus", "holds", "prisoners.", "<i>free</i>", "them", "now,", "and",
                                     "<b>1,500</b>", "Łatuszka", "said:", "- Yes.", "&amp;"]), min_size=1, max_size=9)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.lists(st.lists(CUE_TEXT, min_size=1, max_size=2), min_size=1, max_size=6), st.booleans())
def test_any_cue_file_builds_back_unchanged_and_translated_into_the_same_cues(tmp_path_factory: pytest.TempPathFactory,
                                                                            cues_lines: list[list[list[str]]],
                                                                            vtt: bool) -> None:
    blocks = []
    for i, lines in enumerate(cues_lines):
        start, end = f"00:00:{i * 3:02d}", f"00:00:{i * 3 + 2:02d}"
        sep = "." if vtt else ","
        timing = f"{start}{sep}000 --> {end}{sep}500"
        blocks.append(f"{i + 1}\n{timing}\n" + "\n".join(" ".join(words) for words in lines) + "\n")
    source = ("WEBVTT\n\n" if vtt else "") + "\n".join(blocks)
    path = tmp_path_factory.mktemp("cues") / ("clip.en.vtt" if vtt else "clip.en.srt")
    path.write_text(source, encoding="utf-8")
    doc = prepared(path)
    assert build_with(doc, None)[0] == source
    built, _ = build_with(doc, shout)
    assert [(i, t) for i, t, _ in cues(built)] == [(i, t) for i, t, _ in cues(source)]
    assert all(text.strip() for _, _, text in cues(built))


# --- captions from the wild: download tools, broadcasters ----------------------------------------------------

NO_BLANKS_VTT = """WEBVTT
Kind: captions
Language: en

00:00:01.000 --> 00:00:02.500 align:start position:0%
The court sentenced him
00:00:02.500 --> 00:00:04.000 align:start position:0%
to ten years in prison.
00:00:04.500 --> 00:00:06.000 align:start position:0%
His wife was not allowed in.
"""

NO_BLANKS_SRT = ("1\n00:00:01,000 --> 00:00:02,500\nThe court sentenced him\n"
                 "2\n00:00:02,500 --> 00:00:04,000\nto ten years in prison.\n"
                 "3\n00:00:04,500 --> 00:00:06,000\nHis wife was not allowed in.\n")

# YouTube's automatic captions as yt-dlp writes them: a line of one space opens a cue, words carry
# karaoke timestamps, and each cue is followed by a 10 ms cue repeating the finished line
YOUTUBE_VTT = (DATA / "youtube-auto.en.vtt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "source"), [("yt.en.vtt", NO_BLANKS_VTT), ("yt.en.srt", NO_BLANKS_SRT)])
def test_cues_without_blank_lines_between_them_are_separate_cues(tmp_path: Path, name: str, source: str) -> None:
    doc = prepared(write(tmp_path, name, source))
    msgids = [e.msgid for e in doc.template]
    assert msgids == ["The court sentenced him to ten years in prison.", "His wife was not allowed in."]
    assert build_with(doc, None)[0] == source
    built, _ = build_with(doc, shout)
    timing = [line for line in built.splitlines() if "-->" in line]
    assert timing == [line for line in source.splitlines() if "-->" in line]
    texts = [line for line in built.splitlines() if line and "-->" not in line and not line.isdigit()
             and not line.startswith(("WEBVTT", "Kind:", "Language:"))]
    assert " ".join(texts) == "THE COURT SENTENCED HIM TO TEN YEARS IN PRISON. HIS WIFE WAS NOT ALLOWED IN."


def test_youtube_automatic_captions_keep_their_cues_space_lines_and_karaoke_timestamps(tmp_path: Path) -> None:
    doc = prepared(write(tmp_path, "auto.en.vtt", YOUTUBE_VTT))
    assert build_with(doc, None)[0] == YOUTUBE_VTT
    assert all("-->" not in e.msgid for e in doc.template)
    built, _ = build_with(doc, shout)
    assert [line for line in built.splitlines() if "-->" in line] == [
        line for line in YOUTUBE_VTT.splitlines() if "-->" in line]
    assert "<00:00:00.539>" in built and "<00:00:02.600>" in built
    assert "OPPOSITION" in built and "opposition" not in built


def test_a_class_or_voice_changing_between_joined_cues_stays_each_cues_own(tmp_path: Path) -> None:
    source = ("WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow>The verdict was read</c>\n\n"
              "00:02.000 --> 00:03.000\n<c.cyan>in an empty courtroom.</c>\n\n"
              "00:03.000 --> 00:04.000\n<v Anna>We waited outside</v>\n\n"
              "00:04.000 --> 00:05.000\n<v Anna>for six hours.</v>\n")
    doc = prepared(write(tmp_path, "colours.en.vtt", source))
    assert [e.msgid for e in doc.template] == [
        "<g1>The verdict was read</g1> <g2>in an empty courtroom.</g2>", "We waited outside for six hours."]
    built, _ = build_with(doc, shout)
    texts = [text for _, _, text in cues(built)]
    assert texts == ["<c.yellow>THE VERDICT WAS READ</c>", "<c.cyan>IN AN EMPTY COURTROOM.</c>",
                     "<v Anna>WE WAITED OUTSIDE</v>", "<v Anna>FOR SIX HOURS.</v>"]
    # the same class reopened in the next cue is one pair, cut and reopened where the translation falls
    same = ("WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow>The verdict</c>\n\n"
            "00:02.000 --> 00:03.000\n<c.yellow>was read.</c>\n")
    doc = prepared(write(tmp_path, "same.en.vtt", same))
    assert doc.template[0].msgid == "<g1>The verdict was read.</g1>"
    built, _ = build_with(doc, lambda _: "<g1>Wyrok odczytano.</g1>")
    assert [text for _, _, text in cues(built)] == ["<c.yellow>Wyrok</c>", "<c.yellow>odczytano.</c>"]


DIALOGUE = """1
00:00:01,000 --> 00:00:03,000
- Wait...
- What is it?

2
00:00:03,500 --> 00:00:05,000
<i>- They took him.</i>
<i>- Who?</i>

3
00:00:05,500 --> 00:00:08,000
I saw the car
- Which car? The police
one?
"""


def test_dialogue_cues_are_one_entry_per_speaker_and_build_one_line_per_speaker(tmp_path: Path) -> None:
    doc = prepared(write(tmp_path, "talk.en.srt", DIALOGUE))
    assert [e.msgid for e in doc.template] == ["Wait...", "What is it?", "<g1>They took him.</g1>", "<g1>Who?</g1>",
                                               "I saw the car", "Which car?", "The police one?"]
    assert build_with(doc, None)[0] == DIALOGUE
    polish = {"Wait...": "Czekaj...", "What is it?": "Co się stało?", "<g1>They took him.</g1>": "<g1>Zabrali go.</g1>",
              "<g1>Who?</g1>": "<g1>Kogo?</g1>", "I saw the car": "Widziałam samochód",
              "Which car?": "Jaki samochód?", "The police one?": "Policyjny?"}
    built, _ = build_with(doc, lambda msgid: polish[msgid])
    assert [text for _, _, text in cues(built)] == [
        "- Czekaj...\n- Co się stało?", "<i>- Zabrali go.</i>\n<i>- Kogo?</i>",
        "Widziałam samochód\n- Jaki samochód? Policyjny?"]
    timings = [t for _, t, _ in cues(built)]
    assert timings == [t for _, t, _ in cues(DIALOGUE)]


@pytest.mark.parametrize(("name", "source"), [("bom.en.srt", "1\r\n00:00:01,000 --> 00:00:02,000\r\nHello there.\r\n"),
                                              ("bom.en.vtt", VTT)])
def test_a_subtitle_with_a_byte_order_mark_builds_back_byte_for_byte(tmp_path: Path, name: str, source: str) -> None:
    path = tmp_path / name
    data = b"\xef\xbb\xbf" + source.encode("utf-8")
    path.write_bytes(data)
    doc = prepared(path)
    assert build(doc.doc, doc.segments, None)[0] == data
    assert build(doc.doc, doc.segments, catalog_for(doc, lambda _: ""))[0] == data
    translated = build(doc.doc, doc.segments, catalog_for(doc, shout))[0]
    assert translated.startswith(b"\xef\xbb\xbf") and translated.count(b"\xef\xbb\xbf") == 1


def test_a_teams_transcript_with_timestamps_not_padded_is_read_and_keeps_them(tmp_path: Path) -> None:
    source = ("WEBVTT\n\n6e2b1f0c/12-0\n0:0:0.0 --> 0:0:3.540\n<v Jane Doe>Good morning everyone.</v>\n\n"
              "6e2b1f0c/17-0\n0:0:3.540 --> 0:0:7.23\n<v John Smith>Morning, let's get started.</v>\n")
    doc = prepared(write(tmp_path, "teams.en.vtt", source))
    assert [e.msgid for e in doc.template] == ["Good morning everyone.", "Morning, let's get started."]
    assert "subtitle: 1 cue, 3.69 s" in doc.template[1].comment  # 7.23 s is 7 s 230 ms
    built = build_with(doc, shout)[0]
    assert "0:0:3.540 --> 0:0:7.23\n<v John Smith>MORNING, LET'S GET STARTED.</v>" in built
