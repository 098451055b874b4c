"""The period a grant line's description gives: « opération du 01/10/23 au 30/06/24 ».

Read once, at load time (``refresh_periods`` runs inside each document's transaction,
after its grants are written), into ``grants.operation_start`` and
``grants.operation_end``: people can filter on it in Datasette, and the SCDL
Subventions view derives ``datesPeriodeVersement`` from it in plain SQL.
"""

from __future__ import annotations

import re

import sqlite_utils

from delib_extract.text.dates import (
    DAY_MONTH,
    LONG_DATE,
    NUMERIC_DATE,
    date_parts,
    iso_date,
)
from delib_extract.text.normalise import fold

# "opération du 01/10/23 au 30/06/24", "Du 1er juillet 2023 au 31 décembre 2023",
# "du 1er juillet au 31 décembre 2023" (the start's year is the end's).
_PERIOD_RE = re.compile(
    rf"\bdu\s+(?P<start>{NUMERIC_DATE}|{DAY_MONTH}(?:\s+\d{{4}})?)"
    rf"\s+au\s+(?P<end>{NUMERIC_DATE}|{LONG_DATE})\b"
)


def operation_period(text: str | None) -> tuple[str, str] | None:
    """The first "du <date> au <date>" of a text, as two ISO dates.

    Dates may be numeric (``01/10/23``: two-digit years are 20yy) or long (``1er juillet
    2023``); a long start date without its year takes the end's (the year before when
    its month comes later). None when there is no such period, a date does not exist,
    or the period ends before it starts.

    >>> operation_period("Accompagnement de 20 participants - opération du 01/10/23 au 30/06/24")
    ('2023-10-01', '2024-06-30')
    >>> operation_period("Du 1er juillet 2023 au 31 décembre 2023")
    ('2023-07-01', '2023-12-31')
    """
    match = _PERIOD_RE.search(fold(text))
    if not match:
        return None
    start, end = date_parts(match.group("start")), date_parts(match.group("end"))
    if not start or not end or end[0] is None:
        return None
    start_year = start[0]
    if start_year is None:
        start_year = end[0] - 1 if (start[1], start[2]) > (end[1], end[2]) else end[0]
    first, last = iso_date(start_year, start[1], start[2]), iso_date(*end)
    if not first or not last or first > last:
        return None
    return first, last


def add_period_columns(db: sqlite_utils.Database) -> None:
    """``grants.operation_start`` / ``operation_end`` (migration), filled for every grant."""
    for column in ("operation_start", "operation_end"):
        if column not in db["grants"].columns_dict:
            # ALTER, not sqlite-utils' add_column: a rebuild would drop the FTS triggers.
            db.execute(f"alter table grants add column {column} text")
    for (delib_id,) in db.execute("select distinct deliberation_id from grants").fetchall():
        refresh_periods(db, delib_id)


def refresh_periods(db: sqlite_utils.Database, deliberation_id: str | None) -> None:
    """Read the period of each grant line of one deliberation into its two columns."""
    if deliberation_id is None or "operation_start" not in db["grants"].columns_dict:
        return
    rows = db.execute(
        "select row_index, description from grants where deliberation_id = ?", [deliberation_id]
    ).fetchall()
    for row_index, description in rows:
        start, end = operation_period(description) or (None, None)
        db.execute(
            "update grants set operation_start = ?, operation_end = ? "
            "where deliberation_id = ? and row_index = ?",
            [start, end, deliberation_id, row_index],
        )
