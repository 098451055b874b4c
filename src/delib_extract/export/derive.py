"""Values the SCDL formats need that the PDF only implies, each derived by one documented rule.

Pure functions (text in, text out); the SQL views call them through
:mod:`delib_extract.export.sqlfunctions`, so the views, the ``export`` command and
Datasette share one implementation.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from ..dates import MONTHS
from ..textnorm import collapse, fold, loose_key

OBJET_MAX_LENGTH = 256  # SCDL Subventions: objet is at most 256 characters

_MONTH = "|".join(MONTHS)
_NUMERIC = r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})"
_LONG_END = rf"(?:1er|\d{{1,2}})\s+(?:{_MONTH})\s+\d{{4}}"
_LONG = rf"(?:1er|\d{{1,2}})\s+(?:{_MONTH})(?:\s+\d{{4}})?"
# "opération du 01/10/23 au 30/06/24", "Du 1er juillet 2023 au 31 décembre 2023",
# "du 1er juillet au 31 décembre 2023" (the start's year is the end's).
_PERIOD_RE = re.compile(
    rf"\bdu\s+(?P<start>{_NUMERIC}|{_LONG})\s+au\s+(?P<end>{_NUMERIC}|{_LONG_END})\b"
)
_NUMERIC_RE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")
_LONG_RE = re.compile(rf"(1er|\d{{1,2}})\s+({_MONTH})(?:\s+(\d{{4}}))?$")


def _date_parts(text: str) -> tuple[int, int, int | None] | None:
    """(year or None, month, day) of one folded date as printed."""
    numeric = _NUMERIC_RE.match(text)
    if numeric:
        year = int(numeric.group(3))
        return (year + 2000 if year < 100 else year), int(numeric.group(2)), int(numeric.group(1))
    long = _LONG_RE.match(text)
    if not long:
        return None
    day = 1 if long.group(1) == "1er" else int(long.group(1))
    year = int(long.group(3)) if long.group(3) else None
    return year, MONTHS[long.group(2)], day  # type: ignore[return-value]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def period_from_text(text: str | None) -> str | None:
    """The first "du <date> au <date>" of a grant's description, as ``AAAA-MM-JJ/AAAA-MM-JJ``.

    Dates may be numeric (``01/10/23``: two-digit years are 20yy) or long (``1er juillet
    2023``); a long start date without its year takes the end's (the year before when
    its month comes later). None when there is no such period, a date does not exist,
    or the period ends before it starts.

    >>> period_from_text("Accompagnement de 20 participants - opération du 01/10/23 au 30/06/24")
    '2023-10-01/2024-06-30'
    >>> period_from_text("Du 1er juillet 2023 au 31 décembre 2023")
    '2023-07-01/2023-12-31'
    """
    match = _PERIOD_RE.search(fold(text))
    if not match:
        return None
    start, end = _date_parts(match.group("start")), _date_parts(match.group("end"))
    if not start or not end or end[0] is None:
        return None
    start_year = start[0]
    if start_year is None:
        start_year = end[0] - 1 if (start[1], start[2]) > (end[1], end[2]) else end[0]
    first, last = _iso(start_year, start[1], start[2]), _iso(end[0], end[1], end[2])
    if not first or not last or first > last:
        return None
    return f"{first}/{last}"


def amount_text(value: float | int | str | None) -> str | None:
    """A stored amount with exactly two decimals, through Decimal (``22991.9`` → ``22991.90``).

    The REAL holds the printed value rounded to the cent, so its shortest repr is
    that value; the float's binary expansion is never printed.
    """
    if value is None or value == "":
        return None
    try:
        exact = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return None
    return f"{exact.quantize(Decimal('0.01')):f}"


def grant_objet(operation: str | None, description: str | None) -> str | None:
    """``"<opération> : <description>"`` (either alone when the other is missing).

    Beyond 256 characters it is cut at a word boundary and ends with "…".
    """
    parts = [collapse(p) for p in (operation, description) if collapse(p)]
    if len(parts) == 2 and fold(parts[0]) == fold(parts[1]):
        parts = parts[:1]
    if not parts:
        return None
    text = " : ".join(parts)
    if len(text) <= OBJET_MAX_LENGTH:
        return text
    cut = text[: OBJET_MAX_LENGTH - 1]
    if " " in cut[OBJET_MAX_LENGTH // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def archive_url(base: str | None, path: str | None) -> str | None:
    """The public address of an archived PDF: the archive's base URL + its path, %-encoded."""
    if not base or not path:
        return None
    return f"{base.rstrip('/')}/{quote(path, safe='/')}"


def beneficiary_key(name: str | None) -> str | None:
    """How a beneficiary is matched to the mapping file: accents, case, spaces and
    punctuation ignored (``CCAS de Pont-à-Vendin`` = ``CCAS DE PONT A VENDIN``)."""
    return loose_key(name) or None
