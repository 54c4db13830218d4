#!/usr/bin/env bash
# Create .venv and install tolmach into it. With "mt", also the machine-translation extra and the
# development tools (torch first, pinned to the CPU build so pip does not pull a CUDA one through stanza).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "mt" ]; then
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[mt,ray,dev]"
else
  .venv/bin/python -m pip install -q .
fi
