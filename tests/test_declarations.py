"""Each stored table is declared once (db/tables.py): the schema, the loader's rows and
metadata.json follow from the declaration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlite_utils

from delib_extract.db.load import open_db
from delib_extract.db.schema import create_sql, ensure_tables
from delib_extract.db.tables import STORED_TABLES, described_tables

ROOT = Path(__file__).resolve().parent.parent


def test_metadata_json_says_what_the_declarations_say() -> None:
    tables = json.loads((ROOT / "metadata.json").read_text(encoding="utf-8"))
    tables = tables["databases"]["deliberations"]["tables"]
    for name, described in described_tables().items():
        entry = tables[name]
        assert (entry["title"], entry["description"]) == (
            described["title"], described["description"],
        ), name  # fmt: skip
        assert entry["columns"] == described["columns"], name


def test_the_sync_script_finds_nothing_to_change() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sync_metadata.py"), "--check"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_new_database_has_exactly_the_declared_columns(tmp_path: Path) -> None:
    db = open_db(tmp_path / "d.db")
    for table in STORED_TABLES.values():
        assert list(db[table.name].columns_dict) == [c.name for c in table.columns], table.name
        pk = (table.pk,) if isinstance(table.pk, str) else table.pk
        assert tuple(db[table.name].pks) == pk, table.name


def test_a_declared_column_reaches_an_older_database_without_a_migration() -> None:
    db = sqlite_utils.Database(memory=True)
    grants = STORED_TABLES["grants"]
    db.execute(create_sql(grants).replace("\n   [agreement] TEXT,", ""))
    db["grants"].enable_fts(list(grants.fts), create_triggers=True)
    assert "agreement" not in db["grants"].columns_dict
    ensure_tables(db)
    assert "agreement" in db["grants"].columns_dict
    # Added by ALTER: the full-text triggers are still there.
    db["grants"].insert({"deliberation_id": "1", "row_index": 1, "beneficiary": "CCAS DE LIÉVIN"})
    assert list(db.query("select rowid from grants_fts where grants_fts match 'lievin'"))


def test_foreign_keys_are_declared_even_to_derived_tables(tmp_path: Path) -> None:
    db = open_db(tmp_path / "d.db")
    fks = {(fk.column, fk.other_table) for fk in db["grants"].foreign_keys}
    assert fks == {("deliberation_id", "deliberations"), ("beneficiary_id", "beneficiaries")}
