#!/usr/bin/env bash
# Set up, ingest the bundled sample deliberations, and browse them in Datasette.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/delib-extract ingest samples/ --db db/deliberations.db --archive raw_pdfs
exec .venv/bin/delib-extract serve --db db/deliberations.db --archive raw_pdfs \
  --port "${PORT:-8001}"
