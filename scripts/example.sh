#!/usr/bin/env bash
# The main job on the bundled example: clean, segment, make catalogs for pl/be/ru, draft with any
# installed MT models, check against the glossary, and build the translated documents into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh   # quick when already set up; keeps the installed copy in step with the code
.venv/bin/tolmach translate examples/belarus-political-prisoners.en.txt --to pl,be,ru
