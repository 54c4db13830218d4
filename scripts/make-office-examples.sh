#!/usr/bin/env bash
# Remake the example Word and LibreOffice documents from their HTML version with real LibreOffice
# (Debian: libreoffice-writer-nogui). The HTML uses LibreOffice's own markup for a header, a footer and a
# footnote (div title="header", sdfootnote anchors), so the documents have every part tolmach reads.
set -euo pipefail
cd "$(dirname "$0")/.."
src=examples/office/belarus-political-prisoners-office.html
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="file://$work/profile"
soffice -env:UserInstallation="$profile" --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$work" "$src" >/dev/null
soffice -env:UserInstallation="$profile" --headless --convert-to odt --outdir "$work" "$src" >/dev/null
cp "$work/belarus-political-prisoners-office.docx" examples/belarus-political-prisoners-docx.en.docx
cp "$work/belarus-political-prisoners-office.odt" examples/belarus-political-prisoners-odt.en.odt
echo "examples/belarus-political-prisoners-docx.en.docx and -odt.en.odt remade from $src"
