#!/usr/bin/env bash
# Set up (system packages included) and run the whole test suite, lint first.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 ./scripts/setup.sh
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
