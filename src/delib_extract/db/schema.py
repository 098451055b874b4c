"""The database schema (the data contract of ../shared/SCHEMA.md, extended), on every
open: the declared tables (:mod:`delib_extract.db.tables`) brought in, then the data
migrations not applied yet (``PRAGMA user_version`` records the last one), then the
derived objects — views, label tables, summary tables and their triggers — written by
the current code (:func:`delib_extract.db.derived.refresh_derived`).

Migrations are frozen: they move data (and create the tables of the derived objects'
rows) as they did the day they were written; they never call code that may change.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from delib_extract.db.derived import refresh_derived
from delib_extract.db.doctypes import classify_stored
from delib_extract.db.entities import create_entity_tables, refresh_all_entities
from delib_extract.db.periods import add_period_columns
from delib_extract.db.tables import STORED_TABLES, StoredTable

FTS_TOKENIZE = "unicode61 remove_diacritics 2"  # French: accents ignored, no stemming
_SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL"}


def create_sql(table: StoredTable) -> str:
    """``CREATE TABLE`` for a declaration. Written here rather than by sqlite-utils, which
    refuses a foreign key to a table not created yet (the label and entity tables are
    derived, and come after)."""
    pk = (table.pk,) if isinstance(table.pk, str) else table.pk
    references = {column: (other, key) for column, other, key in table.foreign_keys}
    lines = []
    for column in table.columns:
        line = f"[{column.name}] {_SQL_TYPES[column.type]}"
        if pk == (column.name,):
            line += " PRIMARY KEY"
        if column.name in references:
            other, key = references[column.name]
            line += f" REFERENCES [{other}]([{key}])"
        lines.append(line)
    if len(pk) > 1:
        lines.append("PRIMARY KEY (" + ", ".join(f"[{c}]" for c in pk) + ")")
    return f"CREATE TABLE [{table.name}] (\n   " + ",\n   ".join(lines) + "\n)"


def ensure_tables(db: sqlite_utils.Database) -> None:
    """Bring every declared table (:mod:`delib_extract.db.tables`) into the database:
    missing tables, columns, indexes and full-text indexes are created; nothing is ever
    dropped or rewritten (data moves are migrations)."""
    for table in STORED_TABLES.values():
        target = db[table.name]
        if not target.exists():
            db.execute(create_sql(table))
        else:
            for column in table.columns:
                if column.name not in target.columns_dict:
                    # ALTER, not sqlite-utils' add_column(fk=…): a rebuild would drop the
                    # triggers that keep the full-text index in step.
                    db.execute(
                        f"alter table [{table.name}] add column [{column.name}] "
                        f"{_SQL_TYPES[column.type]}"
                    )
        for columns in table.indexes:
            target.create_index(list(columns), if_not_exists=True)
        if table.fts and not db[f"{table.name}_fts"].exists():
            target.enable_fts(list(table.fts), tokenize=FTS_TOKENIZE, create_triggers=True)


def _v2_check_kinds(db: sqlite_utils.Database) -> None:
    """``check_kinds``: a French label for each ``checks.kind`` (shown in Datasette facets;
    its rows are a derived object)."""
    db["check_kinds"].create({"kind": str, "label": str, "description": str}, pk="kind",
                             if_not_exists=True)  # fmt: skip
    db["checks"].add_foreign_key("kind", "check_kinds", "kind", ignore=True)


def _v3_publication(db: sqlite_utils.Database) -> None:
    """Beneficiaries and territories as entities (the publication's views are derived
    objects)."""
    create_entity_tables(db)
    db["beneficiaries"].enable_fts(
        ["name"], tokenize=FTS_TOKENIZE, create_triggers=True, replace=True
    )
    refresh_all_entities(db)


def _v4_scdl_exports(db: sqlite_utils.Database) -> None:
    """Issue #6: grants' operation period and the tables of what the PDFs do not say
    (``export --store`` fills them; the SCDL views are derived objects)."""
    add_period_columns(db)
    db["export_settings"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db["export_matter_rules"].create(
        {"position": int, "pattern": str, "code": str, "name": str}, pk="position",
        if_not_exists=True,
    )  # fmt: skip
    db["beneficiary_identifiers"].create(
        {"key": str, "name": str, "siret": str, "rna": str}, pk="key", if_not_exists=True
    )


def _v7_document_types(db: sqlite_utils.Database) -> None:
    """Issue #8: what each document is (``documents.doc_type``, labels in
    ``document_types``), classified from the stored pages for documents loaded before."""
    db["document_types"].create({"doc_type": str, "label": str, "description": str},
                                pk="doc_type", if_not_exists=True)  # fmt: skip
    db["documents"].add_foreign_key("doc_type", "document_types", "doc_type", ignore=True)
    classify_stored(db)


def _v8_any_council(db: sqlite_utils.Database) -> None:
    """Issue #12: the rows loaded before are the Pas-de-Calais CP's: their authority,
    their printed number, no names per vote position."""
    authority = "Département du Pas-de-Calais"
    db.execute("update deliberations set number = id where number is null")
    for table in ("deliberations", "meetings", "members"):
        db.execute(f"update [{table}] set authority = ? where authority is null", [authority])
    db.execute("update votes set names = '[]' where names is null")


# Data moves, by the version they bring the database to (``PRAGMA user_version``). The
# schema itself is declared (db/tables.py) and brought in by :func:`ensure_tables`
# before them; versions 1, 5 and 6 only created tables and columns now declared.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    2: _v2_check_kinds,
    3: _v3_publication,
    4: _v4_scdl_exports,
    7: _v7_document_types,
    8: _v8_any_council,
}
LATEST = max(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> int:
    """Bring the database to the current schema; returns the version reached."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    with db.atomic():
        ensure_tables(db)
    for number, migration in sorted(MIGRATIONS.items()):
        if number > version:
            with db.atomic():
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")
    if version < LATEST:
        db.execute(f"PRAGMA user_version = {LATEST}")
    refresh_derived(db)
    return LATEST
