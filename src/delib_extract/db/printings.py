"""Which printing of an entity to show (a beneficiary, a programme), among all its
printings in the documents."""

from __future__ import annotations

from collections.abc import Iterable

from delib_extract.text.normalise import collapse, strip_accents


def best_printing(printings: Iterable[str]) -> str:
    """The printing to show for an entity: accents kept and mixed case preferred
    (``Mission locale de l’Artois`` over ``MISSION LOCALE DE L'ARTOIS``), then the
    most frequent, then the first in alphabetical order (stable)."""
    counts: dict[str, int] = {}
    for printing in printings:
        text = collapse(printing)
        if text:
            counts[text] = counts.get(text, 0) + 1

    def rank(text: str) -> tuple:
        accents = sum(1 for a, b in zip(text, strip_accents(text)) if a != b)
        return (-accents, text.isupper(), -counts[text], text)

    return min(counts, key=rank) if counts else ""
