#!/usr/bin/env python3
"""Write the declared tables' French titles and descriptions into metadata.json.

    .venv/bin/python scripts/sync_metadata.py          # rewrite metadata.json
    .venv/bin/python scripts/sync_metadata.py --check  # exit 1 when it is out of date

The declarations (src/delib_extract/db/tables.py) are the source; facets, sorts,
canned queries and everything else stay as edited in metadata.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from delib_extract.db.tables import described_tables

METADATA = Path(__file__).resolve().parent.parent / "metadata.json"


def synced(metadata: dict) -> dict:
    tables = metadata["databases"]["deliberations"]["tables"]
    for name, described in described_tables().items():
        entry = tables.setdefault(name, {})
        entry.update(title=described["title"], description=described["description"])
        entry["columns"] = described["columns"]
    return metadata


def dumps(value: object, indent: int = 0) -> str:
    """Two-space JSON, with a list kept on one line when it fits (as people edit it)."""
    flat = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if not isinstance(value, dict | list) or (isinstance(value, list) and len(flat) <= 90):
        return flat
    inner = " " * (indent + 2)
    if isinstance(value, list):
        items = [inner + dumps(v, indent + 2) for v in value]
    else:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 2)}"
                 for k, v in value.items()]  # fmt: skip
    if not items:
        return flat
    return (
        "{["[isinstance(value, list)]
        + "\n"
        + ",\n".join(items)
        + "\n"
        + " " * indent
        + "}]"[isinstance(value, list)]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is in sync")
    args = parser.parse_args()
    text = METADATA.read_text(encoding="utf-8")
    wanted = dumps(synced(json.loads(text))) + "\n"
    if args.check:
        if wanted != text:
            print("metadata.json is out of date: run scripts/sync_metadata.py", file=sys.stderr)
            return 1
        return 0
    METADATA.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
