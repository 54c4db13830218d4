#!/usr/bin/env bash
# The test suite, from a fresh clone: system packages (when root), .venv with every extra, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
bash scripts/setup.sh mt   # quick when already set up; brings an older .venv up to the current extras
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit $status
