"""Which printing of an entity to show (a beneficiary, a programme), among all its
printings in the documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from delib_extract.text.normalise import accent_count, collapse


def best_printing(printings: Iterable[str] | Mapping[str, int]) -> str:
    """The printing to show for an entity: accents kept and mixed case preferred
    (``Mission locale de l’Artois`` over ``MISSION LOCALE DE L'ARTOIS``), then the
    most frequent, then the first in alphabetical order (stable). ``printings``: each
    occurrence, or each printing with its number of occurrences."""
    weights = printings if isinstance(printings, Mapping) else Counter(printings)
    counts: dict[str, int] = {}
    for printing, weight in weights.items():
        text = collapse(printing)
        if text:
            counts[text] = counts.get(text, 0) + weight

    def rank(text: str) -> tuple:
        return (-accent_count(text), text.isupper(), -counts[text], text)

    return min(counts, key=rank) if counts else ""
