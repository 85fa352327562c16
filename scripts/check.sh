#!/usr/bin/env bash
# Every check in one command: `bash scripts/check.sh` (lint, types, tests) or `... lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== ruff check"; ruff check .
echo "== ruff format --check"; ruff format --check .
echo "== mypy --strict (engine, store, reader, commands)"; mypy
if [ "${1:-all}" != lint ]; then
  echo "== pytest"; pytest
fi
