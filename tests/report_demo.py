"""A demo project for the review report: the example article and the project glossary, with some entries
translated, some MT-style drafts (fuzzy, with the kind of errors the checks catch) and the rest untranslated.

The translations are the project's own (written for this demo), under the repository's licence.
`python tests/report_demo.py docs/report.png` regenerates the README screenshot with headless Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.cli import main  # noqa: E402
from pipeline.po.notes import MTNote  # noqa: E402

# msgid prefix -> lang -> (translation, fuzzy)
DEMO: dict[str, dict[str, tuple[str, bool]]] = {
    "In Belarus, political prisoners are subjected": {
        "pl": ("Na Białorusi więźniowie polityczni są poddawani torturom i pracy przymusowej", False),
        "be": ("У Беларусі палітычных вязняў катуюць і прымушаюць да працы", False),
        "ru": ("В Беларуси политических заключённых подвергают пыткам и принудительному труду", False),
    },
    "Pavel Latushko Source": {
        "pl": ("Pavel Latushko Źródło: PAP (Fot. Albert Zawada)", False),
        "be": ("Павел Латушка Крыніца: PAP (Фота Альберта Завады)", False),
        "ru": ("Павел Латушко Источник: PAP (Фото Альберта Завады)", False),
    },
    "Source: pap.pl": {
        "pl": ("Źródło: pap.pl", False), "be": ("Крыніца: pap.pl", False), "ru": ("Источник: pap.pl", False),
    },
    "He added, “Otherwise": {
        "pl": ("Dodał: „W przeciwnym razie zostanie wprowadzony pakiet sankcji”.", False),
        "be": ("Ён дадаў: «Інакш будзе ўведзены пакет санкцый».", False),
        "ru": ('Он добавил: "Иначе будет введён пакет санкций".', True),
    },
    "On Thursday, the Polish Ministry": {
        "pl": ("W czwartek polskie Ministerstwo Spraw Zagranicznych stanowczo potępiło systematyczne represje "
               "białoruskich władz wobec własnych obywateli.", False),
        "be": ("У чацвер Міністэрства замежных спраў Польшчы рэзка асудзіла систематычныя рэпрэсіі беларускіх "
               "улад супраць уласных грамадзян.", True),
        "ru": ("В четверг МИД Польши решительно осудил систематические репрессии белорусских властей против "
               "собственных граждан.", False),
    },
    "The ministry stressed the constant call": {
        "pl": ("Ministerstwo podkreslilo stale wezwanie do bezwarunkowego uwolnienia wszystkich wiezniow "
               "politycznych w Minsku.", True),
        "be": ("Міністэрства падкрэсліла нязменны заклік да безумоўнага вызвалення ўсіх палітвязняў у Мінску.",
               False),
        "ru": ("Министерство подчеркнуло неизменный призыв к безусловному освобождению всех политзаключённых "
               "в Минске.", False),
    },
    "Mr. Latushka recalled that in December 2023": {
        "pl": ("Łatuszka przypomniał, że w grudniu 2023 r. państwa bałtyckie podpisały deklarację o stosowaniu "
               "jednolitych środków monitorowania przestrzegania sankcji.", False),
        "be": ("Латушка нагадаў, што ў снежні 2023 года краіны Балтыі падпісалі дэкларацыю аб прымяненні адзіных "
               "мер кантролю за выкананнем санкцый.", False),
        "ru": ("Латушко напомнил, что в декабре 2023 года страны Балтии подписали декларацию о применении единых "
               "мер контроля за соблюдением санкций.", False),
    },
    "At the same time, the EU has imposed 12": {
        "pl": ("Jednocześnie UE nałożyła na Rosję 12 pakietów sankcji.", False),
        "be": ("Адначасова ЕС увёў 12 пакетаў санкцый супраць Расіі.", False),
        "ru": ("В то же время ЕС ввёл 12 пакетов санкций против Россиі.", True),
    },
    "These proposals include a ban on LNG": {
        "pl": ("Propozycje te obejmują zakaz importu LNG i zakaz importu aluminium z Rosji.", False),
        "be": ("Гэтыя прапановы ўключаюць забарону на імпарт СПГ і алюмінію з Расіі.", False),
        "ru": ("Эти предложения включают запрет на импорт СПГ и запрет на импорт алюминия из России.", False),
    },
    "The objective is to prevent Russia": {
        "pl": ("Celem jest uniemożliwienie Rosji obchodzenia ograniczeń UE przez Mińsk.", False),
        "be": ("Мэта — не дазволіць Расіі абыходзіць абмежаванні ЕС праз Мінск.", False),
        "ru": ("Цель — не позволить России обходить ограничения ЕС через Минск.", False),
    },
    "On December 20, 2023, the Prime Ministers": {
        "pl": ("20 grudzień 2023 r. premierzy Estonii, Łotwy i Litwy — Kaja Kallas, Evika Siliņa i Ingrida "
               "Šimonytė — ogłosili utworzenie wspólnego regionalnego mechanizmu wdrażania sankcji nałożonych "
               "przez Unię Europejską na Rosję i Białoruś.", True),
        "be": ("20 снежня 2023 года прэм'ер-міністры Эстоніі, Латвіі і Літвы — Кая Калас, Эвіка Сіліня і Інгрыда "
               "Шыманітэ — абвясцілі пра стварэнне сумеснага рэгіянальнага механізму выканання санкцый, "
               "уведзеных Еўрапейскім саюзам супраць Расіі і Беларусі.", False),
        "ru": ("20 декабря 2023 года премьер-министры Эстонии, Латвии и Литвы — Кая Каллас, Эвика Силиня и "
               "Ингрида Шимоните — объявили о создании совместного регионального механизма по выполнению "
               "санкций, введённых Европейским союзом против России и Беларуси.", False),
    },
}


def make_demo_project(root: Path) -> Path:
    """Extract and update the example article in `root`, then fill in the demo translations."""
    (root / "examples").mkdir(parents=True, exist_ok=True)
    article = REPO / "examples" / "belarus-political-prisoners.en.txt"
    shutil.copy(article, root / "examples" / article.name)
    shutil.copytree(REPO / "glossary", root / "glossary", dirs_exist_ok=True)  # terms highlighted in the report
    (root / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n', encoding="utf-8")
    quiet = ["-C", str(root)]
    assert main([*quiet, "extract", str(root / "examples" / article.name)]) == 0
    assert main([*quiet, "update"]) == 0
    for lang in ("pl", "be", "ru"):
        path = root / "locales" / lang / "LC_MESSAGES" / "belarus-political-prisoners.po"
        po = polib.pofile(str(path))
        for entry in po:
            for prefix, translations in DEMO.items():
                if entry.msgid.startswith(prefix) and lang in translations:
                    entry.msgstr, fuzzy = translations[lang]
                    if fuzzy:  # as `tolmach mt` leaves a draft: the route and score, then the draft's hash
                        entry.flags.append("fuzzy")
                        route = "argos en→ru 1.9 → apertium rus-bel 0.2.1" if lang == "be" else f"argos en→{lang} 1.9"
                        entry.comment = "\n".join([*entry.comment.splitlines(), *MTNote(route).lines()])
                    elif lang == "pl" and prefix.startswith("Source: pap.pl"):
                        entry.tcomment = "PAP keeps its Latin name in every language"
        po.save(str(path))
    return root


def chromium_command(user_data: Path) -> list[str]:
    return ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={user_data}"]


def screenshot(report: Path, png: Path, fragment: str = "", size: str = "1280,1000") -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([*chromium_command(Path(profile)), f"--window-size={size}", "--hide-scrollbars",
                        f"--screenshot={png.resolve()}", report.resolve().as_uri() + fragment],
                       check=True, capture_output=True, timeout=120)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report.png")
    phone = target.with_name(target.stem + "-phone.png")
    with tempfile.TemporaryDirectory() as tmp:
        project = make_demo_project(Path(tmp))
        html = project / "report.html"
        assert main(["-C", str(project), "report", "-o", str(html)]) == 0
        screenshot(html, target, "#rule=*any", size="1280,1100")
        from browser import Browser  # a phone's viewport needs device emulation (tests/browser.py)

        with Browser(Path(tmp) / "profile") as browser:
            browser.open(html.as_uri() + "#state=fuzzy", 390, 1100)
            browser.screenshot(phone)
    print(f"wrote {target} and {phone}")
