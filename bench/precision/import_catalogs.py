"""Copy the software catalogs of bench/precision out of downloaded wheels, trimmed, with their licences.

    pip download --no-deps django==5.2.20 sphinx==9.0.4 wagtail==8.0.1 django-allauth==65.22.1 \\
        django-debug-toolbar==8.0.0 django-import-export==4.4.3 django-filer==3.6.0 django-cms==5.1.3 \\
        weblate==5.14.3 ckan==2.12.0 flask-appbuilder==5.3.0 django-extensions==4.1 \\
        django-two-factor-auth==1.18.1 django-celery-beat==2.9.0 \\
        pretix==2026.8.0 wtforms==3.3.2 django-mptt==0.20.0 django-reversion==6.4.0 \\
        django-simple-history==3.13.0 django-axes==8.3.1 django-taggit==6.1.0 sphinx-rtd-theme==3.1.0 \\
        pydata-sphinx-theme==0.24.0 -d /tmp/wheels
    python bench/precision/import_catalogs.py /tmp/wheels/*.whl

Run once by hand (it needs the wheels, hence the network); the bench itself reads only what this wrote to
bench/precision/data/catalogs/<distribution>/: each selected catalog at its path inside the wheel, with
obsolete entries and `#:` source references dropped (the checks read neither) and nothing else changed
(a very large catalog keeps only its first MAX_ENTRIES entries, so the committed bench stays small and quick),
and the distribution's licence files. Which projects are tuned on and which are held out is decided in run.py
(TUNE_PROJECTS), before anyone looks at a finding. SOURCE.md there says what came from where.
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
    # added for issue 20's second round: the first six are tuned on, the other nine held out (run.py)
    "weblate": r"weblate/locale/(pl|ru|uk|be|be_Latn)/LC_MESSAGES/django(js)?\.po",
    "ckan": r"ckan/i18n/(pl|ru|uk)/LC_MESSAGES/ckan\.po",
    "flask_appbuilder": rf"flask_appbuilder/translations/{LANGS}/LC_MESSAGES/messages\.po",
    "django_extensions": rf"django_extensions/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_two_factor_auth": rf"two_factor/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_celery_beat": rf"django_celery_beat/locale/{LANGS}/LC_MESSAGES/django\.po",
    "pretix": rf"pretix/locale/{LANGS}/LC_MESSAGES/django(js)?\.po",
    "wtforms": rf"wtforms/locale/{LANGS}/LC_MESSAGES/wtforms\.po",
    "django_mptt": rf"mptt/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_reversion": rf"reversion/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_simple_history": rf"simple_history/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_axes": rf"axes/locale/{LANGS}/LC_MESSAGES/django\.po",
    "django_taggit": rf"taggit/locale/{LANGS}/LC_MESSAGES/django\.po",
    "sphinx_rtd_theme": rf"sphinx_rtd_theme/locale/{LANGS}/LC_MESSAGES/sphinx\.po",
    "pydata_sphinx_theme": rf"pydata_sphinx_theme/locale/{LANGS}/LC_MESSAGES/sphinx\.po",
}
MAX_ENTRIES = {"weblate": 400, "pretix": 400, "ckan": 500}  # per catalog: the first N entries of a huge one
LICENCE_RE = re.compile(r"\.dist-info/(licenses/)?(LICENSE[^/]*|AUTHORS[^/]*)$")


def trimmed(text: str, limit: int | None = None) -> str:
    """The catalog without obsolete entries and source references (and past its first `limit` entries),
    otherwise as polib writes it."""
    po = polib.pofile(text, wrapwidth=79)
    for entry in po.obsolete_entries():
        po.remove(entry)
    if limit is not None:
        del po[limit:]
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
                target.write_text(trimmed(zf.read(name).decode("utf-8"), MAX_ENTRIES.get(dist)), encoding="utf-8")
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
