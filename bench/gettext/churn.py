"""Lines changed by `tolmach update` against `msgmerge --previous` on real catalogs in the pybabel layout.

    python bench/gettext/churn.py                 # the report set (catalogs not used to tune the writer)
    python bench/gettext/churn.py --set tune      # the catalogs the writer was tuned on
    python bench/gettext/churn.py --set all --wheels DIR

Real catalogs come from the wheels of Sphinx, Django, Wagtail and django-allauth (pinned below; fetched once
with `pip download --no-deps` into --wheels, then read offline). Each case is a project in the pybabel/Sphinx
layout, `locale/<domain>.pot` + `locale/<lang>/LC_MESSAGES/<domain>.po`, where the template is the project's
own (Sphinx ships sphinx.pot; the Django apps ship an English catalog, which stands in for the template as it
does for makemessages) and the catalog is given three ways:

- shipped: as in the wheel (Transifex, Weblate and Poedit saves, merged by the project at its own times);
- msgmerged: after `msgmerge --previous` with the same template (what a project commits after an update);
- no-wrap: the shipped catalog with every string on one line (`msgcat --no-wrap`, as some editors save).

For each case: `tolmach update` and `msgmerge --previous` run on copies of the same input; the table shows the
lines each changed (difflib), whether tolmach updated the catalog in place (no second catalog, exit 0), the
translations of the input found nowhere in tolmach's output (lost), the entries where tolmach's result differs
from msgmerge's (tests/msgmerge_diff.py: mostly a different fuzzy suggestion, which also changes the line
count), and tolmach's time as a multiple of msgmerge's. Exit 1 when a case is not in place or loses a
translation.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from msgmerge_diff import differences  # noqa: E402

from pipeline.cli import main  # noqa: E402
from pipeline.po import read  # noqa: E402

WHEELS = {"sphinx": "sphinx==9.0.4", "django": "django==5.2.20", "wagtail": "wagtail==8.0.1",
          "django_allauth": "django-allauth==65.22.1"}


@dataclass(frozen=True)
class Source:
    """One real catalog: the wheel, its template (or reference catalog), the catalog, the domain."""

    wheel: str
    template: str
    catalog: str

    @property
    def domain(self) -> str:
        return Path(self.catalog).stem

    @property
    def label(self) -> str:
        return f"{self.wheel}:{self.catalog.split('/locale/')[1].split('/')[0]}"


def _app(wheel: str, app: str, langs: list[str]) -> list[Source]:
    base = f"{app}/locale"
    return [Source(wheel, f"{base}/en/LC_MESSAGES/django.po", f"{base}/{lang}/LC_MESSAGES/django.po")
            for lang in langs]


# The wrapping and the escapes were tuned on Sphinx's and Django admin's catalogs; the report set is the rest.
SETS = {
    "tune": [*(Source("sphinx", "sphinx/locale/sphinx.pot", f"sphinx/locale/{lang}/LC_MESSAGES/sphinx.po")
               for lang in ("pl", "de", "ru")),
             *_app("django", "django/contrib/admin", ["pl", "ru"])],
    "report": [*_app("wagtail", "wagtail/admin", ["ru", "uk", "de"]),
               *_app("django_allauth", "allauth", ["ru", "uk"])],
}
SETS["all"] = SETS["tune"] + SETS["report"]
VARIANTS = ("shipped", "msgmerged", "no-wrap")


def wheel_file(wheels: Path, name: str) -> Path:
    found = sorted(wheels.glob(f"{name}-*.whl"))
    if not found:
        wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(wheels),
                        WHEELS[name]], check=True)
        found = sorted(wheels.glob(f"{name}-*.whl"))
    return found[-1]


def msgmerge(po: Path, pot: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "--update", "--backup=off", str(po), str(pot)], check=True)


def changed(before: bytes, after: bytes) -> int:
    return sum(1 for line in difflib.ndiff(before.decode("utf-8", "replace").splitlines(),
                                           after.decode("utf-8", "replace").splitlines()) if line[:1] in "+-")


def project(root: Path, src: Source, template: bytes, catalog: bytes) -> Path:
    """A pybabel-layout project holding one template and one catalog; returns the catalog's path."""
    lang = Path(src.catalog).parts[-3]
    (root / "locale" / lang / "LC_MESSAGES").mkdir(parents=True)
    (root / "locale" / f"{src.domain}.pot").write_bytes(template)
    target = root / "locale" / lang / "LC_MESSAGES" / f"{src.domain}.po"
    target.write_bytes(catalog)
    (root / "tolmach.toml").write_text(f'languages = ["{lang}"]\nlocales_dir = "locale"\n', encoding="utf-8")
    return target


def run_case(work: Path, src: Source, variant: str, template: bytes,
             shipped: bytes) -> tuple[int, int, bool, int, int, float]:
    base = work / "input"
    base.mkdir()
    catalog = project(base, src, template, shipped)
    pot = base / "locale" / f"{src.domain}.pot"
    if variant == "msgmerged":
        msgmerge(catalog, pot)
    elif variant == "no-wrap":
        subprocess.run(["msgcat", "--no-wrap", "-o", str(catalog), str(catalog)], check=True)
    given = catalog.read_bytes()
    theirs_root, ours_root = work / "msgmerge", work / "tolmach"
    shutil.copytree(base, theirs_root)
    shutil.copytree(base, ours_root)
    rel = catalog.relative_to(base)
    start = time.perf_counter()
    msgmerge(theirs_root / rel, theirs_root / pot.relative_to(base))
    t_msgmerge = time.perf_counter() - start
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["-q", "-C", str(ours_root), "update"])
    t_tolmach = time.perf_counter() - start
    catalogs = sorted(p.relative_to(ours_root) for p in (ours_root / "locale").rglob("*.po"))
    in_place = status == 0 and catalogs == [rel]
    ours = read.load(ours_root / rel)
    kept = {text for e in ours for text in (e.msgstr, *e.msgstr_plural.values()) if text}
    lost = sum(1 for e in read.load(base / rel) for text in (e.msgstr, *e.msgstr_plural.values())
               if text and text not in kept)
    other = len(differences(read.load(theirs_root / rel), ours))
    return (changed(given, (ours_root / rel).read_bytes()), changed(given, (theirs_root / rel).read_bytes()),
            in_place, lost, other, t_tolmach / max(t_msgmerge, 1e-6))


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="report")
    parser.add_argument("--wheels", type=Path, default=Path.home() / ".cache" / "tolmach" / "bench-wheels")
    args = parser.parse_args()
    if shutil.which("msgmerge") is None:
        print("needs GNU gettext (msgmerge)", file=sys.stderr)
        return 2
    print(f"{'case':<26}{'variant':<11}{'tolmach':>8}{'msgmerge':>9}  in place  lost  ≠msgmerge  time×")
    totals = [0, 0]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in SETS[args.set]:
            with zipfile.ZipFile(wheel_file(args.wheels, src.wheel)) as whl:
                template, shipped = whl.read(src.template), whl.read(src.catalog)
            for variant in VARIANTS:
                work = Path(tempfile.mkdtemp(dir=tmp))
                ours, theirs, in_place, lost, other, ratio = run_case(work, src, variant, template, shipped)
                totals[0] += ours
                totals[1] += theirs
                bad += (not in_place) + (lost > 0)
                print(f"{src.label:<26}{variant:<11}{ours:>8}{theirs:>9}  {'yes' if in_place else 'NO':<8}"
                      f"{lost:>6}{other:>11}  {ratio:>5.1f}")
    cases = len(SETS[args.set]) * len(VARIANTS)
    print(f"{'total, ' + str(cases) + ' cases':<37}{totals[0]:>8}{totals[1]:>9}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_bench())
