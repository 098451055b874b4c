"""French dates as printed: ``20 novembre 2023``, ``1er juillet 2023``, ``12/06/2023``."""

from __future__ import annotations

import datetime as dt
import re

from delib_extract.text.normalise import fold

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(MONTHS)
LONG_DATE_RE = re.compile(
    rf"\b(\d{{1,2}}|1er)\s*(?:er)?\s+({_MONTH_ALT})\s+(\d{{4}})\b", re.IGNORECASE
)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_long_date(text: str) -> str | None:
    """First ``<day> <month name> <year>`` in the text, as ISO; accents and case ignored."""
    match = LONG_DATE_RE.search(fold(text))
    if not match:
        return None
    day = 1 if match.group(1).startswith("1er") else int(match.group(1))
    return _make(int(match.group(3)), MONTHS[match.group(2).lower()], day)


def parse_numeric_date(text: str) -> str | None:
    """First ``dd/mm/yyyy`` (or ``dd/mm/yy``, read as 20yy) in the text, as ISO."""
    match = NUMERIC_DATE_RE.search(text)
    if not match:
        return None
    year = int(match.group(3))
    if year < 100:
        year += 2000
    return _make(year, int(match.group(2)), int(match.group(1)))


def parse_date(text: str) -> str | None:
    """A long or numeric French date, whichever comes first in the text."""
    long_match = LONG_DATE_RE.search(fold(text))
    numeric_match = NUMERIC_DATE_RE.search(text)
    if long_match and (not numeric_match or long_match.start() <= numeric_match.start()):
        return parse_long_date(text)
    return parse_numeric_date(text) if numeric_match else None
