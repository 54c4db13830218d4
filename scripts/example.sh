#!/usr/bin/env bash
# The main job on the bundled example: clean, segment, make catalogs for pl/be/ru, draft with any
# installed MT models, check against the glossary, and build the translated documents into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/tolmach ] || bash scripts/setup.sh
.venv/bin/tolmach translate examples/belarus-political-prisoners.en.txt --to pl,be,ru
