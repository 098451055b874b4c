"""A summary table kept current by dirty keys (:mod:`.summaries` lists them).

Triggers on the stored tables (:mod:`.dirty_keys`) write the keys a change touches into
``summary_dirty``; :meth:`Summary.refresh` recomputes the summary rows of those keys
from the stored rows — never by adding and subtracting, so a summary is always what a
full computation gives. Each summary is one SELECT with a condition per kind of key
(``{keys}``…): ``1`` to build it whole, the dirty keys of its kind to refresh it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from delib_extract.db.objects import Derived, index

DIRTY = "summary_dirty"
_KIND = re.compile(r"kind = '(\w+)'")


def dirty(kind: str) -> str:
    return f"(SELECT key FROM {DIRTY} WHERE kind = '{kind}')"


@dataclass(frozen=True)
class Summary:
    table: str
    columns: str  # column definitions, SQL
    select: str  # with a {placeholder} per key condition
    keys: dict[str, str]  # placeholder → its condition on the dirty keys
    stale_rows: str  # which rows of the table those keys replace
    indexes: tuple[str, ...] = ()
    before: tuple[str, ...] = ()  # run before the rows are replaced (chained keys)
    after: tuple[str, ...] = ()
    reads: tuple[Summary, ...] = ()  # summaries its SELECT reads: rebuilt with them

    def build(self, db: sqlite_utils.Database) -> None:
        db.execute(f"INSERT INTO [{self.table}] {self.full_select()}")

    def refresh(self, db: sqlite_utils.Database, kinds: set[str]) -> None:
        """Recompute the rows of the dirty keys, skipping each statement whose kinds of
        key are not dirty (SQLite may scan a whole table to find nothing)."""
        replace = (
            f"DELETE FROM [{self.table}] WHERE {self.stale_rows}",
            f"INSERT INTO [{self.table}] {self.select.format(**self.keys)}",
        )
        for statement in (*self.before, *replace, *self.after):
            if _KIND.findall(statement) and set(_KIND.findall(statement)) & kinds:
                db.execute(statement)

    def full_select(self) -> str:
        """The SELECT over every row."""
        return self.select.format(**dict.fromkeys(self.keys, "1"))

    def definition(self) -> list[str]:
        return [self.select, *self.before, *self.after, *(r.select for r in self.reads)]

    def objects(self) -> Iterator[Derived]:
        create = (f"CREATE TABLE [{self.table}] ({self.columns})",)
        yield Derived("table", self.table, create, self.build, self.definition)
        for columns in self.indexes:
            yield index(self.table, columns)
