"""Beneficiaries and territories as entities: one key per structure or territory,
whatever the printing (case, accents, spacing, punctuation), derived from the
``grants`` rows as printed (which stay untouched: they are the contract).

``refresh_entities`` runs after each document load, inside its transaction, so the
derived tables never lag behind ``grants``: with the programmes
(:mod:`.programmes`) and the summary tables (:mod:`.summaries`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import sqlite_utils

from delib_extract.db.printings import best_printing
from delib_extract.db.programmes import refresh_programmes
from delib_extract.db.summaries import DIRTY, refresh_summaries
from delib_extract.text.normalise import collapse, fold, loose_key

# The nine territories of the Département du Pas-de-Calais (its Maisons du
# Département), plus the whole Département; keys are loose keys of the names.
TERRITORIES: dict[str, str] = {
    loose_key(name): name
    for name in (
        "Arrageois", "Artois", "Audomarois", "Boulonnais", "Calaisis", "Hénin-Carvin",
        "Lens-Liévin", "Montreuillois", "Ternois", "Département",
    )
}  # fmt: skip
_LONGEST_NAME = 2  # words in the longest territory name ("Lens Liévin")
_WORD_RE = re.compile(r"[a-z0-9]+")


def create_entity_tables(db: sqlite_utils.Database) -> None:
    """The entity tables, and ``grants.beneficiary_id`` pointing to ``beneficiaries``."""
    db["beneficiaries"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
    db["territories"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
    db["grant_territories"].create(
        {"deliberation_id": str, "row_index": int, "territory_id": str, "position": int,
         "shared_with": int},
        pk=("deliberation_id", "row_index", "territory_id"),
        foreign_keys=[("deliberation_id", "deliberations", "id"),
                      ("territory_id", "territories", "id")],
        if_not_exists=True,
    )  # fmt: skip
    db["grant_territories"].create_index(["territory_id"], if_not_exists=True)
    if "beneficiary_id" not in db["grants"].columns_dict:
        # ALTER, not sqlite-utils' add_column(fk=…): that rebuilds the table and drops
        # the triggers that keep grants_fts in step.
        db.execute("alter table grants add column beneficiary_id text references beneficiaries(id)")
    db["grants"].create_index(["beneficiary_id"], if_not_exists=True)


def beneficiary_key(name: str | None) -> str | None:
    """The key of a structure: ``MISSION LOCALE DE L'ARTOIS`` = ``Mission locale de l’Artois``."""
    return loose_key(name) or None


def split_territories(cell: str | None) -> list[tuple[str, str]]:
    """``(key, name)`` of each territory a printed cell names, in order, without repeats.

    Known territories are recognised however they are printed (``LENS - LIEVIN``,
    ``Lens Liévin``), with or without separators between them; words that name none
    are kept together as one territory of their own, so nothing printed is lost.
    """
    words = _WORD_RE.findall(fold(cell))
    found: dict[str, str] = {}
    unknown: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_NAME, len(words) - i), 0, -1):
            key = "".join(words[i : i + size])
            if key in TERRITORIES:
                _flush_unknown(unknown, found)
                found.setdefault(key, TERRITORIES[key])
                i += size
                break
        else:
            unknown.append(words[i])
            i += 1
    _flush_unknown(unknown, found)
    return list(found.items())


def _flush_unknown(words: list[str], found: dict[str, str]) -> None:
    if words:
        found.setdefault("".join(words), " ".join(words).title())
        words.clear()


def matches_words(text: str | None, query: str | None) -> bool:
    """True when every word of ``query`` appears in ``text``, ignoring case, accents,
    spacing and punctuation (``mission locale artois`` finds ``MISSION LOCALE DE
    L'ARTOIS``; ``adil62`` finds ``ADIL 62``). An empty query matches everything."""
    return key_matches_words(loose_key(text), query)


def key_matches_words(key: str | None, query: str | None) -> bool:
    """:func:`matches_words` on a text already reduced to its key (``beneficiaries.id``):
    tens of thousands of names are searched without folding each of them again."""
    return all(word in (key or "") for word in _query_words(query))


@lru_cache(maxsize=256)
def _query_words(query: str | None) -> tuple[str, ...]:
    return tuple(_WORD_RE.findall(fold(query)))


def refresh_entities(db: sqlite_utils.Database, deliberation_id: str | None) -> None:
    """Bring ``beneficiaries``, ``territories`` and ``grant_territories`` up to date
    with the grants of one deliberation (just loaded or deleted), drop what no grant
    points to any more, then bring the programmes and the summaries up to date."""
    touched: set[str] = set()
    if deliberation_id:
        db.execute("delete from grant_territories where deliberation_id = ?", [deliberation_id])
        grants = list(
            db.query(
                "select row_index, beneficiary, territory from grants where deliberation_id = ?",
                [deliberation_id],
            )
        )
        touched = _link_beneficiaries(db, deliberation_id, grants)
        _link_territories(db, deliberation_id, grants)
    refresh_programmes(db, deliberation_id)
    _delete_orphans(db)
    _relabel(db, touched)
    refresh_summaries(db)


def refresh_all_entities(db: sqlite_utils.Database) -> None:
    """Rebuild the entities of every deliberation (migration of an existing database)."""
    for row in list(db.query("select distinct deliberation_id from grants")):
        refresh_entities(db, row["deliberation_id"])
    refresh_entities(db, None)


def _link_beneficiaries(db: sqlite_utils.Database, delib_id: str, grants: list[dict]) -> set[str]:
    touched = set()
    rows = []  # inserted in one call (the first printing of a new key names it)
    for grant in grants:
        key = beneficiary_key(grant["beneficiary"])
        if key:
            touched.add(key)
            rows.append({"id": key, "name": collapse(grant["beneficiary"])})
        db.execute(
            "update grants set beneficiary_id = ? where deliberation_id = ? and row_index = ?",
            [key, delib_id, grant["row_index"]],
        )
    db["beneficiaries"].insert_all(rows, pk="id", ignore=True)
    return touched


def _link_territories(db: sqlite_utils.Database, delib_id: str, grants: list[dict]) -> None:
    links, territories = [], []
    for grant in grants:
        named = split_territories(grant["territory"])
        for position, (key, name) in enumerate(named, start=1):
            territories.append({"id": key, "name": name})
            links.append(
                {"deliberation_id": delib_id, "row_index": grant["row_index"],
                 "territory_id": key, "position": position, "shared_with": len(named) - 1}
            )  # fmt: skip
    db["territories"].insert_all(territories, pk="id", ignore=True)
    db["grant_territories"].insert_all(links, pk=("deliberation_id", "row_index", "territory_id"))


def _delete_orphans(db: sqlite_utils.Database) -> None:
    """Territories and beneficiaries that no grant names any more (a re-ingested or
    corrected document) go. Once the summaries' triggers exist, a deleted grant takes
    its territory links with it and marks its beneficiary: only those are looked at,
    not every row (a scan of a million grant lines per document otherwise)."""
    tracked = db[DIRTY].exists()
    if not tracked:
        db.execute(
            "delete from grant_territories where not exists (select 1 from grants g where "
            "g.deliberation_id = grant_territories.deliberation_id "
            "and g.row_index = grant_territories.row_index)"
        )
    db.execute(
        "delete from territories where not exists "
        "(select 1 from grant_territories where territory_id = territories.id)"
    )
    candidates = f"(select key from {DIRTY} where kind = 'beneficiary')" if tracked else ""
    db.execute(
        "delete from beneficiaries where not exists (select 1 from grants "
        "where beneficiary_id = beneficiaries.id)" + (f" and id in {candidates}" if tracked else "")
    )


def _relabel(db: sqlite_utils.Database, keys: set[str]) -> None:
    for key in keys:
        printings = [
            row["beneficiary"]
            for row in db.query("select beneficiary from grants where beneficiary_id = ?", [key])
        ]
        name = best_printing(printings) if printings else None
        if name and db.execute("select name from beneficiaries where id = ?", [key]).fetchone() != (
            name,
        ):  # written only when it changes: a rename is copied to every summary row
            db["beneficiaries"].update(key, {"name": name})
