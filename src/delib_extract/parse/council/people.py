"""A name printed in a sentence (« sous la présidence de Monsieur Denis JÜUVIN »), matched
with the same person in the attendance lists: OCR misreads a letter here and there, and
a list prints each member in full."""

from __future__ import annotations

from collections.abc import Sequence

from delib_extract.parse.council.lines import fold_keep
from delib_extract.text.names import Person

_MAX_EDITS = 2
_MIN_LENGTH = 8  # shorter names are too close to each other for a misreading to be safe


def resolve(person: Person | None, listed: Sequence[Person]) -> Person | None:
    """The listed printing of ``person`` when it is the same name (accents, case) or one
    OCR misreading away; else ``person`` as printed."""
    if person is None:
        return None
    key = _key(person)
    for other in listed:
        if other.member_id == person.member_id:
            return other
    if len(key) < _MIN_LENGTH or not person.first_name:
        return person
    close = [o for o in listed if o.first_name and _distance(key, _key(o)) <= _MAX_EDITS]
    return close[0] if len(close) == 1 else person


def _key(person: Person) -> str:
    return fold_keep(person.full_name).replace(" ", "")


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, stopped early beyond the tolerance."""
    if abs(len(a) - len(b)) > _MAX_EDITS:
        return _MAX_EDITS + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > _MAX_EDITS:
            return _MAX_EDITS + 1
        previous = current
    return previous[-1]
