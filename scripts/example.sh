#!/usr/bin/env bash
# The main job on the bundled example: clean, segment, make catalogs for pl/be/ru, draft with MT, check
# against the glossary, and build the translated documents into out/. On a connected machine the en→pl and
# en→ru models are downloaded first (once; be goes en→ru → Apertium when Debian's apertium-bel-rus is
# installed); offline it drafts with whatever is installed and says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh   # quick when already set up; keeps the installed copy in step with the code
if ! .venv/bin/tolmach models install --from-index en-pl --from-index en-ru; then
  echo "example: the en→pl and en→ru models could not be downloaded; going on with what is installed" >&2
fi
.venv/bin/tolmach translate examples/belarus-political-prisoners.en.txt --to pl,be,ru
