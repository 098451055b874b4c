"""Serve a database as `delib-extract serve` does and check, over HTTP, that every table,
view and canned query of the publication answers 200 with rows; print one line each.

    .venv/bin/python scripts/check_site.py db/deliberations.db raw_pdfs

Canned-query parameters get the values a person would type (PARAMS below). Exits 1 when
something is empty or fails.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.siteserver import get, running_site  # noqa: E402

PARAMS = {
    "beneficiaire": "MISSION LOCALE DE L'ARTOIS",
    "annee": "2023",
    "elu": "hingrez cereda",
    "debut": "2023-01-01",
    "fin": "2023-12-31",
    "programme": "inclusion durable 2023",
    "collectivite": "",
    "nom": "",
    "severity": "",  # incoherences (audit): empty = every finding
    "kind": "",
    "deliberation": "",
}


def relations(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'sqlite_%' and sql not like '%VIRTUAL TABLE%' order by type, name"
        ).fetchall()
    # summary_dirty: the keys whose summaries are to recompute, empty once a load is done.
    return [
        name for (name,) in rows
        if not re.search(r"_fts(_\w+)?$", name) and name != "summary_dirty"
    ]  # fmt: skip


def count(base: str, path: str, params: dict) -> tuple[int, int]:
    query = urllib.parse.urlencode({**params, "_shape": "array", "_size": "max"})
    status, body, _ = get(f"{base}{path}.json?{query}")
    return status, len(json.loads(body)) if status == 200 else 0


def main(db: Path, archive: Path) -> int:
    metadata = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["deliberations"].get("queries", {})
    failures = 0
    with running_site(db, archive) as base:
        targets = [(f"/deliberations/{name}", {}) for name in relations(db)]
        for name, query in queries.items():
            params = re.findall(r"(?<![:\w]):(\w+)", query["sql"])
            targets.append((f"/deliberations/{name}", {p: PARAMS.get(p, "") for p in params}))
        for path, params in targets:
            status, rows = count(base, path, params)
            html_status = get(f"{base}{path}?{urllib.parse.urlencode(params)}")[0]
            ok = status == html_status == 200 and rows > 0
            failures += not ok
            shown = f"{path}?{urllib.parse.urlencode(params)}" if params else path
            print(f"{'ok  ' if ok else 'FAIL'} {html_status} {rows:>5} rows  {shown}")
        for path in ("/-/search?q=lievin", "/-/dashboards/graphiques",
                     "/deliberations/dernieres_subventions.atom"):  # fmt: skip
            status = get(base + path)[0]
            failures += status != 200
            print(f"{'ok  ' if status == 200 else 'FAIL'} {status}             {path}")
    print(f"{len(targets) + 3 - failures} ok, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
