"""The @ctes identifier of an act transmitted to the prefecture, as its stamp prints it:
``ID : 029-200054724-20241016-DE2024_110-DE`` (département, SIREN of the authority,
date, the authority's own reference, nature of the act: DE délibération, AR/AI arrêté,
AU autre…), or beside « Accusé de réception – Ministère de l'intérieur ».

The stamp is repeated on every page; on a scanned page OCR misreads some of its
characters, so a reading must be confirmed: printed in the text layer, or read alike on
two pages, with a SIREN that passes its check digit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_ACTES_RE = re.compile(
    r"(?<![\w-])(\d{3})\s?-\s?(\d{9})\s?-\s?(\d{8})\s?-\s?([A-Za-z0-9_]{1,40})\s?-\s?([A-Z]{2})\b"
)


def luhn_ok(digits: str) -> bool:
    """The check digit of a SIREN (Luhn)."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def actes_id(pages: Sequence[tuple[int, str, bool]]) -> str | None:
    """The identifier printed on the act; ``pages`` are (number, text, read by OCR)."""
    printed: Counter[str] = Counter()
    scanned: Counter[str] = Counter()
    order: dict[str, int] = {}
    for _, text, ocr in pages:
        for match in _ACTES_RE.finditer(text):
            if not luhn_ok(match.group(2)):
                continue
            value = "-".join(match.groups())
            (scanned if ocr else printed)[value] += 1
            order[value] = len(order)
    if printed:
        return _best(printed, order)
    if scanned:
        value = _best(scanned, order)
        return value if scanned[value] >= 2 or len(pages) == 1 else None
    return None


def _best(counts: Counter[str], order: dict[str, int]) -> str:
    # A stamp printed again over an older one (a second transmission) leaves both in the
    # text layer; the one printed last is the one seen.
    return max(counts, key=lambda value: (counts[value], order[value]))


def siren(actes: str | None) -> str | None:
    match = re.match(r"\d{3}-(\d{9})-", actes or "")
    return match.group(1) if match else None
