"""What a derived object is (a view, a table and what fills it, an index, a trigger),
and the digest of its definition that tells :mod:`.derived` when to write it again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

DigestSource = Callable[[], object]


@dataclass(frozen=True)
class Derived:
    """One object: its SQL type and name, the statements that create it, and what fills it.

    ``fill`` writes a table's rows (a label table, a summary built from every row);
    ``content`` is anything JSON-serialisable whose change must rewrite the object
    (the label rows, the SELECT a summary is computed with).
    """

    type: str  # as in sqlite_master: table, view, index, trigger
    name: str
    create: tuple[str, ...]
    fill: Callable[[sqlite_utils.Database], None] | None = None
    content: DigestSource = field(default=lambda: None)

    def digest(self) -> str:
        text = json.dumps([self.create, self.content()], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def view(name: str, select: str) -> Derived:
    return Derived("view", name, (f"CREATE VIEW [{name}] AS\n{select.strip()}",))


def index(table: str, columns: str, where: str = "", name: str = "") -> Derived:
    """An index (``columns`` as SQL: ``"date, id"``, or an expression, then give a name)."""
    name = name or "idx_" + table + "_" + "_".join(c.strip("[] ") for c in columns.split(","))
    clause = f" WHERE {where}" if where else ""
    return Derived("index", name, (f"CREATE INDEX [{name}] ON [{table}] ({columns}){clause}",))


def label_table(name: str, key: tuple[str, ...], rows: Callable[[], list[dict]]) -> Derived:
    """A table of French labels, rewritten whole from ``rows`` when they change."""

    def fill(db: sqlite_utils.Database) -> None:
        db[name].insert_all(rows())

    columns = [f"[{c}] TEXT" for c in rows()[0]] + [f"PRIMARY KEY ({', '.join(key)})"]
    return Derived("table", name, (f"CREATE TABLE [{name}] ({', '.join(columns)})",), fill, rows)


def trigger(name: str, event: str, body: str) -> Derived:
    """``CREATE TRIGGER name event BEGIN body END`` (``event``: ``AFTER INSERT ON grants``)."""
    statements = " ".join(f"{s.strip()};" for s in body.split(";") if s.strip())
    return Derived("trigger", name, (f"CREATE TRIGGER [{name}] {event} BEGIN {statements} END",))
