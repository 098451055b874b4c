"""French dates as printed: ``20 novembre 2023``, ``1er juillet 2023``, ``12/06/2023``;
and the instants the tool records itself (ISO 8601, UTC, to the second)."""

from __future__ import annotations

import datetime as dt
import re

from delib_extract.text.normalise import fold

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(MONTHS)
# Patterns without groups, to build others from (a period « du … au … »); they match
# folded text (no accents, lower case).
NUMERIC_DATE = r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})"
DAY_MONTH = rf"(?:\d{{1,2}}|1er)\s*(?:er)?\s+(?:{_MONTH_ALT})"
LONG_DATE = rf"{DAY_MONTH}\s+\d{{4}}"

LONG_DATE_RE = re.compile(
    rf"\b(\d{{1,2}}|1er)\s*(?:er)?\s+({_MONTH_ALT})(?:\s+(\d{{4}}))?\b", re.IGNORECASE
)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")

DateParts = tuple[int | None, int, int]  # (year, or None when not printed; month; day)


def iso_date(year: int, month: int, day: int) -> str | None:
    """``2023-07-01``; None for a day that does not exist (31 juin)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_parts(text: str) -> DateParts | None:
    """The first date of a text, numeric (``01/10/23``: two-digit years are 20yy) or
    long, its year printed or not (``1er juillet``): whichever comes first."""
    folded = fold(text)
    long = LONG_DATE_RE.search(folded)
    numeric = NUMERIC_DATE_RE.search(folded)
    if long and (not numeric or long.start() <= numeric.start()):
        day = 1 if long.group(1).startswith("1er") else int(long.group(1))
        year = int(long.group(3)) if long.group(3) else None
        return year, MONTHS[long.group(2)], day
    if numeric:
        year = int(numeric.group(3))
        return (year + 2000 if year < 100 else year), int(numeric.group(2)), int(numeric.group(1))
    return None


def parse_long_date(text: str) -> str | None:
    """First ``<day> <month name> <year>`` in the text, as ISO; accents and case ignored."""
    match = re.search(rf"\b{LONG_DATE}\b", fold(text))
    return _iso(date_parts(match.group(0))) if match else None


def parse_numeric_date(text: str) -> str | None:
    """First ``dd/mm/yyyy`` (or ``dd/mm/yy``, read as 20yy) in the text, as ISO."""
    match = NUMERIC_DATE_RE.search(text)
    return _iso(date_parts(match.group(0))) if match else None


def parse_date(text: str) -> str | None:
    """A long or numeric French date, whichever comes first in the text."""
    match = re.search(rf"\b(?:{LONG_DATE}|{NUMERIC_DATE})\b", fold(text))
    return _iso(date_parts(match.group(0))) if match else None


def _iso(parts: DateParts | None) -> str | None:
    if parts is None or parts[0] is None:
        return None
    return iso_date(*parts)


def utc_iso(timestamp: float | None = None) -> str:
    """A POSIX timestamp (default: now) as ISO 8601 UTC, to the second."""
    if timestamp is None:
        moment = dt.datetime.now(dt.timezone.utc)
    else:
        moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat()
