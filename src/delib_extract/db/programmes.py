"""Programmes as entities: one key per programme, whatever its printing.

The same call for projects is printed « APPEL À PROJET DES POLITIQUES D'INCLUSION
DURABLE 2023 », « POLITIQUES D'INCLUSION DURABLE - APPEL À PROJETS 2023 », or cited as
« Appels à projets des politiques d’inclusion durable 2023 – Phase 2 ». Two printings
are one programme when they have the same words, whatever their order, case,
accents, plural and little words (« de », « des »…); and when the words of one are
all in the other with the same numbers (the year), provided the shorter has at least
four words besides numbers (« APPEL À PROJETS 2023 » alone would swallow every call).

``programmes`` (key, best printing) and ``programme_printings`` (each printing as
stored → its programme) are recomputed after each load from the printings known and
the new deliberation's, each counted through an index: there are few distinct
printings, even among a hundred thousand deliberations.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

import sqlite_utils

from delib_extract.db.objects import Derived, index
from delib_extract.db.printings import best_printing
from delib_extract.db.views import programme_of
from delib_extract.text.normalise import fold

_LITTLE_WORDS = frozenset(
    ("a", "au", "aux", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
     "par", "pour", "sur", "un", "une")
)  # fmt: skip
_MIN_WORDS_TO_MERGE = 4


def programme_words(printing: str) -> frozenset[str]:
    """The words that make a programme: folded, singular, without little words."""
    words = re.findall(r"[a-z0-9]+", fold(printing))
    return frozenset(_singular(w) for w in words if w not in _LITTLE_WORDS)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1] in "sx" and not word.isdigit() else word


def programme_key(words: frozenset[str]) -> str:
    return "-".join(sorted(words))


def programme_clusters(printings: Mapping[str, int]) -> dict[str, tuple[str, str]]:
    """Each printing (with how many times it occurs) → (programme key, programme name).

    The key is the words of the cluster's shortest printing (then the first in
    alphabetical order), so it does not depend on the order of loading.
    """
    bags = {printing: programme_words(printing) for printing in printings}
    distinct = sorted(set(bags.values()) - {frozenset()}, key=lambda b: (len(b), programme_key(b)))
    parent = {bag: bag for bag in distinct}

    def root(bag: frozenset[str]) -> frozenset[str]:
        while parent[bag] != bag:
            bag = parent[bag]
        return bag

    for i, small in enumerate(distinct):
        for large in distinct[i + 1 :]:
            if _same_programme(small, large):
                a, b = root(small), root(large)
                first, second = sorted((a, b), key=lambda x: (len(x), programme_key(x)))
                parent[second] = first
    members: dict[frozenset[str], Counter] = {}
    for printing, count in printings.items():
        if bags[printing]:
            members.setdefault(root(bags[printing]), Counter())[printing] += count
    return {
        printing: (programme_key(top), best_printing(counts))
        for top, counts in members.items()
        for printing in counts
    }


def _same_programme(small: frozenset[str], large: frozenset[str]) -> bool:
    if small == large:
        return True
    numbers = {w for w in small if w.isdigit()}
    if numbers != {w for w in large if w.isdigit()} or len(small - numbers) < _MIN_WORDS_TO_MERGE:
        return False
    return small <= large


_CITED = programme_of("cited_title")
# How much a printing weighs when choosing a programme's name: its deliberations, and
# one for being cited (counting citations would read every citing row: not indexed).
_PRINTING_COUNT = (
    "SELECT (SELECT count(*) FROM deliberations WHERE programme = :p) "
    f"+ EXISTS (SELECT 1 FROM citations WHERE {_CITED} = :p)"
)


def stored_printings(db: sqlite_utils.Database) -> Counter:
    """Every programme printing of the database, deliberations' and cited titles', with
    its weight (as :data:`_PRINTING_COUNT` counts it)."""
    counts: Counter = Counter()
    for sql in (
        "SELECT programme, count(*) FROM deliberations WHERE programme IS NOT NULL "
        "GROUP BY programme",
        f"SELECT DISTINCT {_CITED}, 1 FROM citations WHERE {_CITED} IS NOT NULL",
    ):
        for printing, count in db.execute(sql).fetchall():
            if printing and printing.strip():
                counts[printing] += count
    return counts


def _known_printings(db: sqlite_utils.Database, deliberation_id: str) -> Counter:
    """The printings known so far and those of one deliberation, counted through the
    indexes (no scan of every row after each load)."""
    printings = {row[0] for row in db.execute("SELECT printing FROM programme_printings")}
    printings.update(
        row[0]
        for sql in (
            "SELECT programme FROM deliberations WHERE id = ?",
            f"SELECT {_CITED} FROM citations WHERE deliberation_id = ?",
        )
        for row in db.execute(sql, [deliberation_id]).fetchall()
        if row[0] and row[0].strip()
    )
    counts = Counter({p: db.execute(_PRINTING_COUNT, {"p": p}).fetchone()[0] for p in printings})
    return +counts  # printings no longer found go


def refresh_programmes(db: sqlite_utils.Database, deliberation_id: str | None = None) -> None:
    """Bring ``programmes`` and ``programme_printings`` up to date, after the load of one
    deliberation (or from every row), writing only what changed (each write marks the
    summaries that show programmes)."""
    if not db["programme_printings"].exists():
        return  # during the migrations: derived objects come after them
    printings = _known_printings(db, deliberation_id) if deliberation_id else stored_printings(db)
    clusters = programme_clusters(printings)
    mapped = dict(db.execute("SELECT printing, programme_id FROM programme_printings").fetchall())
    for printing in set(mapped) - set(clusters):
        db.execute("DELETE FROM programme_printings WHERE printing = ?", [printing])
    for printing, (key, _) in clusters.items():
        if mapped.get(printing) != key:
            db.execute("INSERT OR REPLACE INTO programme_printings VALUES (?, ?)", [printing, key])
    names = {key: name for key, name in clusters.values()}
    stored = dict(db.execute("SELECT id, name FROM programmes").fetchall())
    for key in set(stored) - set(names):
        db.execute("DELETE FROM programmes WHERE id = ?", [key])
    for key, name in names.items():
        if stored.get(key) != name:
            db.execute("INSERT OR REPLACE INTO programmes VALUES (?, ?)", [key, name])


def _refresh_all(db: sqlite_utils.Database) -> None:
    refresh_programmes(db)


PROGRAMME_OBJECTS: tuple[Derived, ...] = (
    Derived("table", "programmes", ("CREATE TABLE programmes (id TEXT PRIMARY KEY, name TEXT)",),
            _refresh_all, lambda: [_PRINTING_COUNT, sorted(_LITTLE_WORDS), _MIN_WORDS_TO_MERGE]),
    Derived("table", "programme_printings",
            ("CREATE TABLE programme_printings (printing TEXT PRIMARY KEY, programme_id TEXT)",),
            _refresh_all, lambda: [_PRINTING_COUNT, sorted(_LITTLE_WORDS), _MIN_WORDS_TO_MERGE]),
    index("programme_printings", "programme_id"),
)  # fmt: skip
