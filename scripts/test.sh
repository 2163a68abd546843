#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, lint, type-check, architecture contracts, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export ORT_DISABLE_TELEMETRY=1
echo "== ruff";          .venv/bin/ruff check src tests scripts bench
echo "== ruff format";   .venv/bin/ruff format --check src tests scripts bench
echo "== mypy";          .venv/bin/mypy
echo "== import-linter"; .venv/bin/lint-imports
echo "== pytest"
set +e
.venv/bin/pytest "$@"
rc=$?
set -e
# pytest's 5 means it collected nothing: not a failure of the code, but say so
if [ $rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi
exit $rc
