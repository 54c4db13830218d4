"""The Belarusian post-editor: Russian words Apertium leaves become Belarusian only when Hunspell knows the
spelling, names get Belarusian letters, the short ў follows a vowel; what it cannot fix is reported."""

from __future__ import annotations

import shutil

import pytest

from pipeline.glossary import morphology
from pipeline.mt.backends import load_engine
from pipeline.mt.backends.apertium import step_for
from pipeline.mt.drafts import Translator, translate_sentences
from pipeline.mt.engines import ApertiumEngine, EngineSettings, apertium_modes
from pipeline.mt.postedit import POSTEDITORS, Edited, posteditor, version
from pipeline.mt.postedit.be import RUSSIAN_ONLY_RE, candidates, short_u, transliterate_name
from pipeline.mt.routes import Route

needs_hunspell_be = pytest.mark.skipif(morphology.dictionary("be") is None, reason="hunspell-be not installed")
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None or "rus-bel" not in apertium_modes(),
                                    reason="apertium + apertium-bel-rus not installed")


def test_only_languages_with_a_post_editor_get_one() -> None:
    assert set(POSTEDITORS) == {"be"}
    assert posteditor("pl") is None and version("pl") == ""
    assert version("be").startswith("be-")


VERB = frozenset({"VERB"})


def test_candidates_follow_the_regular_correspondences_most_regular_first() -> None:
    assert next(iter(candidates("объявили", VERB))) == "аб'явілі"  # ъ→', unstressed о→а, и→і
    assert "сартаваць" in candidates("сортировать", VERB)  # -ировать → -аваць, -ть → -ць
    assert "рашэнне" in candidates("решение")  # е→э after р, -ние → -нне
    assert "прайграў" in candidates("проиграл", VERB)  # и→й after a vowel, past -л → -ў
    assert "радзіўся" in candidates("родился", VERB)  # ди→дзі, -лся → -ўся
    assert "інфармацыйнага" in candidates("информационного")  # -ционный → -цыйны
    assert "сацыяльны" in candidates("социальный")  # иа → ія


def test_a_word_is_also_read_as_a_loanword_for_one_more() -> None:
    native = list(candidates("интернет"))
    assert native[0] == "інцернет"  # цеканне first
    assert "інтэрнэт" in native  # тэ, нэ: a loanword's reading


def test_the_last_letter_changes_only_by_a_regular_ending() -> None:
    assert all(c.endswith("я") for c in candidates("выступая", frozenset({"GRND"})))
    assert all(c.endswith("і") for c in candidates("прошли", VERB))
    assert "піць" not in candidates("пит", frozenset({"NOUN"}))  # -т → -ць only for verbs


@needs_hunspell_be
@pytest.mark.parametrize(("russian", "belarusian"), [
    ("объявили", "аб'явілі"), ("сортировать", "сартаваць"), ("установлена", "устаноўлена"),
    ("выявлении", "выяўленні"), ("политический", "палітычны"), ("выиграв", "выйграў"), ("ВИЧ", "ВІЧ"),
])
def test_a_russian_word_becomes_the_belarusian_spelling_hunspell_accepts(russian: str, belarusian: str) -> None:
    editor = posteditor("be")
    assert editor is not None
    edited = editor.edit(f"Ён {russian} гэта.", [russian])
    assert edited.text == f"Ён {belarusian} гэта."
    assert edited.respelled == ((russian, belarusian),) and edited.unknown == ()
    assert morphology.knows(belarusian, "be") or belarusian.isupper()


@needs_hunspell_be
def test_a_word_with_no_valid_spelling_stays_and_is_reported() -> None:
    editor = posteditor("be")
    assert editor is not None
    edited = editor.edit("Мясцовыя СМІ сообщают пра пажар.", ["сообщают"])
    assert edited.text == "Мясцовыя СМІ сообщают пра пажар."
    assert edited.unknown == ("сообщают",) and edited.respelled == ()


@needs_hunspell_be
def test_names_get_belarusian_letters_and_keep_their_vowels() -> None:
    editor = posteditor("be")
    assert editor is not None
    edited = editor.edit("Гулец Видаль прайграў Раоничу.", ["Видаль", "Раоничу"])
    assert edited.text == "Гулец Відаль прайграў Раонічу."
    assert transliterate_name("Стэнфордского") == "Стэнфордскага"
    assert transliterate_name("Щукин") == "Шчукін"


@needs_hunspell_be
def test_latin_words_and_words_belarusian_already_has_are_left_alone() -> None:
    editor = posteditor("be")
    assert editor is not None
    edited = editor.edit("JAS 39C Gripen упаў на паласу.", ["JAS", "Gripen"])
    assert edited.text == "JAS 39C Gripen упаў на паласу." and edited.unknown == ()


@pytest.mark.parametrize(("apertium", "fixed"), [
    ("Ён можа памагчы у раннім выяўленні.", "Ён можа памагчы ў раннім выяўленні."),
    ("Прыблізна у 9:30 па мясцовым часе.", "Прыблізна ў 9:30 па мясцовым часе."),  # before a number
    ("Яна сказала «Гродна» у сваім допісе.", "Яна сказала «Гродна» ў сваім допісе."),
    ("Фільм «Купала» у кінатэатры.", "Фільм «Купала» ў кінатэатры."),  # after a closing quote
    ("Раёны паўднёва-усходняй часткі.", "Раёны паўднёва-ўсходняй часткі."),  # after a hyphen
    ("Матч Відаля у Мінску.", "Матч Відаля ў Мінску."),  # after a name
    ("Стэнфардскага універсітэта.", "Стэнфардскага ўніверсітэта."),  # the start of a word, not only у
    ("У панядзелак, у Мінску.", "У панядзелак, у Мінску."),  # sentence start, after a pause: у stays
    ("Ён жыў ў Мінску.", "Ён жыў у Мінску."),  # after a consonant: у
    ("Яны ішлі па Уайтхоле.", "Яны ішлі па Уайтхоле."),  # a name keeps its У
])
def test_the_short_u_follows_a_word_ending_in_a_vowel(apertium: str, fixed: str) -> None:
    assert short_u(apertium) == fixed


@needs_hunspell_be
@needs_apertium
@pytest.mark.apertium
def test_an_apertium_route_to_belarusian_ends_with_the_post_editor() -> None:
    sentence = "Учёные объявили об этом в понедельник, выиграв грант."
    raw = ApertiumEngine("rus-bel").translate([sentence])[0]
    route = Route("be", (step_for("rus-bel", apertium_modes()["rus-bel"]),))
    [(text, _, unknown)] = Translator(EngineSettings(), load_engine).route(route, [sentence])
    [(plain, _, _)] = Translator(EngineSettings(), load_engine, postedit=False).route(route, [sentence])
    assert plain == raw.text and RUSSIAN_ONLY_RE.search(plain)  # Apertium alone leaves Russian words
    assert not RUSSIAN_ONLY_RE.search(text) and "аб'явілі" in text
    assert set(unknown) < set(raw.unknown)


@needs_hunspell_be
def test_a_sentence_apertium_got_right_is_left_as_it_is() -> None:
    editor = posteditor("be")
    assert editor is not None
    sentence = "Вядучыя даследчыкі кажуць, што ён можа дапамагчы ў раннім выяўленні рака."
    assert editor.edit(sentence) == Edited(sentence)


@needs_hunspell_be
@needs_apertium
@pytest.mark.apertium
def test_the_draft_comment_says_what_the_post_editor_respelled_and_what_it_left() -> None:
    route = Route("be", (step_for("rus-bel", apertium_modes()["rus-bel"]),))
    sentence = "Местные СМИ сообщают, что суд приговорил его к 10 годам."
    drafts, _ = translate_sentences(route, [sentence], "be", Translator(EngineSettings(), load_engine))
    draft = drafts[sentence]
    assert "прыгаварыў" in draft.text and "10" in draft.text  # respelled, and the masked number is back
    note = " ".join(line.removeprefix("MT: ") for line in draft.note.splitlines())
    assert "respelled by the post-editor: приговорил → прыгаварыў" in note
    assert "words left untranslated: сообщают" in note
