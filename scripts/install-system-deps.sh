#!/usr/bin/env bash
# Debian packages the full test suite uses: msgfmt (gettext), Apertium's Russian->Belarusian pair,
# Hunspell dictionaries for the spelling checks, headless Chromium for the report test, and LibreOffice
# (Writer, no GUI) and pdftotext (poppler-utils) for the tests that open built .docx/.odt files and read
# what LibreOffice renders, and OmegaT (a Java runtime and about
# 240 MB of Java libraries) for the test that takes an XLIFF export through a CAT tool.
# Without them the corresponding tests are skipped (msgfmt is required).
set -euo pipefail
packages=(gettext apertium apertium-bel-rus cg3 hunspell-be hunspell-pl hunspell-ru chromium libreoffice-writer-nogui poppler-utils omegat)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install these Debian packages for the full test suite: ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
