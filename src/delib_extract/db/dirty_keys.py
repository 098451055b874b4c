"""The triggers that note which summary keys a change touches (in ``summary_dirty``).

A grant line touches its deliberation, its beneficiary, its sitting's date; an
attendance row its sitting; a deliberation its number (and the rows citing it), date
and sitting; a printing of a programme the deliberations and citations that print it;
a renamed beneficiary or programme its name. :func:`delib_extract.db.summaries.refresh_summaries`
recomputes the rows of those keys and forgets them.
"""

from __future__ import annotations

from collections.abc import Iterator

from delib_extract.db.objects import Derived, trigger
from delib_extract.db.summary import DIRTY
from delib_extract.db.views import programme_of

_CITED_PROGRAMME = programme_of("c.cited_title")


def _mark(kind: str, key: str, source: str = "") -> str:
    """Note the keys ``key`` (an expression, over ``source``: ``FROM … WHERE …``) as dirty.

    Not ``INSERT OR IGNORE``: in a trigger, the conflict clause of the statement that
    fired it wins (an upsert's would make a key already noted an error).
    """
    return (
        f"INSERT INTO {DIRTY} SELECT DISTINCT '{kind}', k FROM (SELECT {key} AS k {source}) "
        f"WHERE k IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {DIRTY} WHERE kind = '{kind}' AND key = k)"
    )


def _sitting_marks(row: str) -> str:
    """The date and sitting of ``row``'s deliberation (``new`` or ``old``)."""
    source = f"FROM deliberations WHERE id = {row}.deliberation_id"
    return ";".join(
        [_mark("date", "coalesce(date, '')", source),
         _mark("meeting", "coalesce(meeting_id, '')", source)]
    )  # fmt: skip


def _grant_marks(row: str) -> str:
    return ";".join(
        [_mark("deliberation", f"{row}.deliberation_id"),
         _mark("beneficiary", f"{row}.beneficiary_id"), _sitting_marks(row)]
    )  # fmt: skip


def _deliberation_marks(row: str) -> str:
    return ";".join(
        [_mark("deliberation", f"{row}.id"),
         # Its citers list it as cited until it is loaded, and no longer after.
         _mark("cited", f"{row}.id"),
         _mark("date", f"coalesce({row}.date, '')"),
         _mark("meeting", f"coalesce({row}.meeting_id, '')")]
    )  # fmt: skip


def _printing_marks(row: str) -> str:
    """A printing that names another programme: the rows that show it."""
    cited = f"FROM citations WHERE {programme_of('cited_title')} = {row}.printing"
    return ";".join(
        [_mark("deliberation", "id", f"FROM deliberations WHERE programme = {row}.printing"),
         _mark("cited", "cited_number", cited)]
    )  # fmt: skip


# table → (what a new row touches, what an old row touches)
_WATCHED: dict[str, tuple[str, str]] = {
    "grants": (_grant_marks("new"), _grant_marks("old")),
    "grant_territories": (
        _mark("deliberation", "new.deliberation_id") + ";" + _sitting_marks("new"),
        _mark("deliberation", "old.deliberation_id") + ";" + _sitting_marks("old"),
    ),
    "deliberations": (_deliberation_marks("new"), _deliberation_marks("old")),
    "attendance": (_sitting_marks("new"), _sitting_marks("old")),
    "members": (_mark("member", "new.id"), _mark("member", "old.id")),
    "beneficiaries": (
        _mark("beneficiary", "new.id") + ";" + _mark("beneficiary_name", "new.id"),
        _mark("beneficiary", "old.id") + ";" + _mark("beneficiary_name", "old.id"),
    ),
    "programmes": (_mark("programme_name", "new.id"), _mark("programme_name", "old.id")),
    "programme_printings": (_printing_marks("new"), _printing_marks("old")),
    "citations": (_mark("cited", "new.cited_number"), _mark("cited", "old.cited_number")),
}


# Updates that change nothing a summary shows mark nothing: the grant periods are read
# into their columns after each load (db/periods.py).
_UPDATED_COLUMNS = {
    "grants": "deliberation_id, row_index, theme, operation, territory, beneficiary, "
    "description, amount, agreement, page, beneficiary_id",
}


def dirty_key_triggers() -> Iterator[Derived]:
    for table, (new, old) in _WATCHED.items():
        columns = f" OF {_UPDATED_COLUMNS[table]}" if table in _UPDATED_COLUMNS else ""
        yield trigger(f"summary_{table}_insert", f"AFTER INSERT ON [{table}]", new)
        yield trigger(f"summary_{table}_delete", f"AFTER DELETE ON [{table}]", old)
        yield trigger(
            f"summary_{table}_update", f"AFTER UPDATE{columns} ON [{table}]", f"{old};{new}"
        )
    # A grant line's territories go with it (they were found orphaned by a scan before).
    yield trigger(
        "grants_delete_territories",
        "AFTER DELETE ON grants",
        "DELETE FROM grant_territories WHERE deliberation_id = old.deliberation_id "
        "AND row_index = old.row_index",
    )
