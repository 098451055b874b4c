"""A database loaded from generated PDFs, and its content as plain data, to compare two
databases row for row."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from delib_extract import ingest

# Columns that say when or how fast, not what was read.
VOLATILE = {"ingested_at", "seconds", "retrieved_at", "checked_at"}
TABLES = (
    "documents", "pages", "meetings", "deliberations", "members", "attendance", "votes",
    "articles", "budget_lines", "report_lines", "grants", "grant_totals", "citations",
    "checks", "fetches",
)  # fmt: skip


def db_state(path: Path, volatile: set[str] = VOLATILE) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        state = {}
        for table in TABLES:
            columns = [
                row[1]
                for row in db.execute(f"pragma table_info([{table}])")
                if row[1] not in volatile and not (table == "checks" and row[1] == "id")
            ]
            rows = db.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]")
            state[table] = sorted(rows.fetchall(), key=repr)
    return state


def loaded_db(sources: Sequence[Path], work: Path) -> Path:
    """``work/deliberations.db`` with these PDFs (files or folders) archived in
    ``work/raw_pdfs`` and loaded, not one of them failed."""
    report = ingest(list(sources), work / "deliberations.db", work / "raw_pdfs", jobs=1)
    assert report.failed == 0, report.problems
    return work / "deliberations.db"
