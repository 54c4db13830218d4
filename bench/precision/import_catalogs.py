"""Copy the software catalogs of bench/precision out of downloaded wheels, trimmed, with their licences.

    pip download --no-deps django==5.2.20 sphinx==9.0.4 wagtail==8.0.1 django-allauth==65.22.1 \\
        django-debug-toolbar==8.0.0 django-import-export==4.4.3 django-filer==3.6.0 django-cms==5.1.3 -d /tmp/wheels
    python bench/precision/import_catalogs.py /tmp/wheels/*.whl

Run once by hand (it needs the wheels, hence the network); the bench itself reads only what this wrote to
bench/precision/data/catalogs/<distribution>/: each selected catalog at its path inside the wheel, with
obsolete entries and `#:` source references dropped (the checks read neither) and nothing else changed,
and the distribution's licence files. SOURCE.md there says what came from where.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from pathlib import Path

import polib

DATA = Path(__file__).parent / "data" / "catalogs"
LANGS = r"(pl|ru|uk|uk_UA|be|be@tarask|sr@latin|ca@valencia)"
# Per distribution: which catalogs inside the wheel (a regex on the member's path).
SELECTED = {
    "django": rf"django/(conf|contrib/(admin|auth|humanize))/locale/{LANGS}/LC_MESSAGES/django(js)?\.po",
    "sphinx": rf"sphinx/locale/{LANGS}/LC_MESSAGES/sphinx\.po",
    "wagtail": rf"wagtail/(admin|contrib/forms|contrib/redirects)/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_allauth": rf"allauth/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_debug_toolbar": rf"debug_toolbar/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_import_export": rf"import_export/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_filer": rf"filer/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_cms": rf"cms/locale/{LANGS}/LC_MESSAGES/django\.po",
}
LICENCE_RE = re.compile(r"\.dist-info/licenses/(LICENSE[^/]*|AUTHORS)$")


def trimmed(text: str) -> str:
    """The catalog without obsolete entries and source references, otherwise as polib writes it."""
    po = polib.pofile(text, wrapwidth=79)
    for entry in po.obsolete_entries():
        po.remove(entry)
    for entry in po:
        entry.occurrences = []
    return str(po)


def import_wheel(wheel: Path) -> list[str]:
    dist, version = wheel.name.split("-")[:2]
    pattern = SELECTED.get(dist)
    if pattern is None:
        return []
    out = DATA / dist
    copied = []
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            target = None
            if re.fullmatch(pattern, name):
                target = out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(trimmed(zf.read(name).decode("utf-8")), encoding="utf-8")
                copied.append(name)
            elif LICENCE_RE.search(name):
                target = out / Path(name).name
                out.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(name))
    print(f"{dist} {version}: {len(copied)} catalogs")
    return [f"{dist}=={version}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheels", nargs="+", type=Path)
    args = parser.parse_args()
    for wheel in args.wheels:
        import_wheel(wheel)


if __name__ == "__main__":
    main()
