#!/usr/bin/env bash
# Create .venv and install tolmach into it with the light machine-translation extra (CTranslate2, no torch).
# With "mt", also the development tools; they train tiny test models with torch, installed first and pinned
# to the CPU build so pip does not pull a CUDA one.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "mt" ]; then
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[mt,ray,serve,dev]"
else
  .venv/bin/python -m pip install -q ".[mt]"
fi
