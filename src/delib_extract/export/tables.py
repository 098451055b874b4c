"""Any table (or view) of the database as CSV or JSON, for people who want the raw rows.

UTF-8; amounts (the euro columns of the data contract) with exactly two decimals,
through Decimal — ``22991.90``, never a float's repr; everything else as stored.
Rows are streamed: the ``pages`` table does not have to fit in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

import sqlite_utils

from delib_extract.db.tables import AMOUNT_COLUMNS
from delib_extract.export.config import ConfigError
from delib_extract.export.views import QUERIES

RAW_FORMATS = ("csv", "json")


def amount_text(value: float | int | str | None) -> str | None:
    """A stored amount with exactly two decimals, through Decimal (``22991.9`` → ``22991.90``).

    The REAL holds the printed value rounded to the cent, so its shortest repr is
    that value; the float's binary expansion is never printed.
    """
    if value is None or value == "":
        return None
    try:
        exact = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return None
    return f"{exact.quantize(Decimal('0.01')):f}"


def table_names(db: sqlite_utils.Database) -> list[str]:
    return sorted([*db.table_names(), *db.view_names()])


def check_table(db: sqlite_utils.Database, name: str) -> None:
    if name not in table_names(db):
        raise ConfigError(f"table inconnue : {name} (tables : {', '.join(table_names(db))})")


def write_table(db: sqlite_utils.Database, name: str, fmt: str, out: BinaryIO) -> int:
    """Write table or view ``name`` to ``out`` as ``fmt`` (csv or json); returns the row count."""
    check_table(db, name)
    # An SCDL view has no ORDER BY of its own (SQLite counts it flat); the export's does.
    ordered = {query.view: query.sql() for query in QUERIES.values()}
    cursor = db.execute(ordered.get(name, f"SELECT * FROM [{name}]"))
    columns = [d[0] for d in cursor.description]
    rows = (dict(zip(columns, values)) for values in cursor)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = _write_csv if fmt == "csv" else _write_json
        return writer(text, columns, _with_amounts(rows))
    finally:
        text.detach()  # leave ``out`` open for the caller


def _with_amounts(rows: Iterator[dict]) -> Iterator[dict]:
    for row in rows:
        yield {
            k: amount_text(v) if k in AMOUNT_COLUMNS and isinstance(v, (int, float)) else v
            for k, v in row.items()
        }


def _write_csv(out: io.TextIOBase, columns: list[str], rows: Iterator[dict]) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        writer.writerow("" if row[c] is None else row[c] for c in columns)
    return count


def _write_json(out: io.TextIOBase, columns: list[str], rows: Iterator[dict]) -> int:
    """A JSON array, one object a line; amounts as numbers with their two decimals."""
    out.write("[")
    count = 0
    for count, row in enumerate(rows, start=1):
        members = ", ".join(f"{json.dumps(c)}: {_json_value(c, row[c])}" for c in columns)
        out.write(("\n" if count == 1 else ",\n") + "{" + members + "}")
    out.write("\n]\n" if count else "]\n")
    return count


def _json_value(column: str, value: object) -> str:
    if column in AMOUNT_COLUMNS and isinstance(value, str):
        return value  # already "22991.90": a JSON number, written as printed
    return json.dumps(value, ensure_ascii=False)
