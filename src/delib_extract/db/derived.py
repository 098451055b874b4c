"""Objects derived from the stored rows, written by the current code on every open.

Views, label tables (``check_kinds``, ``document_types``, ``code_labels``), the entity
tables of programmes, the summary tables of :mod:`.summaries` with the triggers that
keep them current, and the indexes the publication needs: :func:`refresh_derived`
runs at the end of :func:`delib_extract.db.schema.migrate`, so an edited view or label
reaches every existing database the next time it is opened — migrations only move
data.

Each object's definition has a digest recorded in ``derived_objects``; only an object
whose definition changed (or that is missing) is dropped and written again, so an
open that finds nothing to do writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

from delib_extract.audit.kinds import kind_rows
from delib_extract.db.doctypes import type_rows
from delib_extract.db.labels import code_label_rows
from delib_extract.db.objects import Derived, label_table
from delib_extract.db.programmes import PROGRAMME_OBJECTS
from delib_extract.db.summaries import SUMMARY_OBJECTS, refresh_summaries
from delib_extract.db.views import VIEW_OBJECTS
from delib_extract.export.views import SCDL_OBJECTS


def _objects() -> Iterator[Derived]:
    """Every derived object, in the order they are written (a view after its tables)."""
    yield label_table("check_kinds", ("kind",), kind_rows)
    yield label_table("document_types", ("doc_type",), type_rows)
    yield label_table("code_labels", ("column_name", "code"), code_label_rows)
    yield from PROGRAMME_OBJECTS
    yield from SUMMARY_OBJECTS
    yield from VIEW_OBJECTS
    yield from SCDL_OBJECTS


def derived_objects() -> list[Derived]:
    return list(_objects())


_RECORD = (
    "CREATE TABLE IF NOT EXISTS derived_objects "
    "(name TEXT PRIMARY KEY, type TEXT, digest TEXT, written_at TEXT)"
)


def refresh_derived(db: sqlite_utils.Database) -> list[str]:
    """Write every derived object whose definition changed; returns their names."""
    wanted = derived_objects()
    stale = stale_objects(db, wanted)
    if stale or not db["derived_objects"].exists():
        with db.atomic():
            db.execute(_RECORD)
            for obj in wanted:
                # Dropping a table drops its indexes and triggers: written again too.
                if obj.name in stale or not _exists(db, obj):
                    _write(db, obj)
            _drop_retired(db, {obj.name for obj in wanted})
    refresh_summaries(db)
    return sorted(stale)


def stale_objects(db: sqlite_utils.Database, wanted: list[Derived]) -> set[str]:
    """The objects missing or written from another definition."""
    present = {(t, n) for t, n in db.execute("SELECT type, name FROM sqlite_master")}
    recorded: dict[str, str] = {}
    if ("table", "derived_objects") in present:
        recorded = dict(db.execute("SELECT name, digest FROM derived_objects").fetchall())
    return {
        obj.name
        for obj in wanted
        if (obj.type, obj.name) not in present or recorded.get(obj.name) != obj.digest()
    }


def _exists(db: sqlite_utils.Database, obj: Derived) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?",
                       [obj.type, obj.name]).fetchone()  # fmt: skip
    return found is not None


def _write(db: sqlite_utils.Database, obj: Derived) -> None:
    _drop(db, obj.name)
    for statement in obj.create:
        db.execute(statement)
    if obj.fill is not None:
        obj.fill(db)
    db.execute(
        "INSERT OR REPLACE INTO derived_objects VALUES (?, ?, ?, datetime('now'))",
        [obj.name, obj.type, obj.digest()],
    )


def _drop(db: sqlite_utils.Database, name: str) -> None:
    """Drop whatever holds this name (a view that became a table keeps its name)."""
    found = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    if found:
        db.execute(f"DROP {found[0].upper()} IF EXISTS [{name}]")


def _drop_retired(db: sqlite_utils.Database, wanted: set[str]) -> None:
    """Objects this code wrote once and no longer defines go."""
    for (name,) in db.execute("SELECT name FROM derived_objects").fetchall():
        if name not in wanted:
            _drop(db, name)
            db.execute("DELETE FROM derived_objects WHERE name = ?", [name])
