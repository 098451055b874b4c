"""Numbers, amounts and dates as the site shows them, in French.

Groups of digits are separated by a narrow no-break space and the euro sign by a
no-break space, so that « 1 212 822,90 € » never breaks across lines (a facet count
once wrapped as « 15 / 2 »).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)  # fmt: skip


def _grouped(digits: str) -> str:
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return NARROW_NBSP.join(groups)


def nombre(value: object) -> str:
    """``15234`` → ``15 234``; anything that is not a number, as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{value:.2f}".partition(".")
        return f"{'-' if value < 0 else ''}{_grouped(whole.lstrip('-'))},{decimals}"
    number = int(value)
    return ("-" if number < 0 else "") + _grouped(str(abs(number)))


def euros(value: object, cents: bool = True) -> str:
    """``61609.4`` → ``61 609,40 €`` (``cents=False``: ``61 609 €``, rounded)."""
    if value is None or value == "":
        return ""
    try:
        exact = Decimal(repr(value) if isinstance(value, float) else str(value))
    except InvalidOperation:
        return str(value)
    exact = exact.quantize(Decimal("0.01") if cents else Decimal("1"))
    whole, _, decimals = f"{abs(exact):f}".partition(".")
    sign = "-" if exact < 0 else ""
    return f"{sign}{_grouped(whole)}{',' + decimals if cents else ''}{NBSP}€"


def date_fr(value: object) -> str:
    """``2023-11-20`` → ``20 novembre 2023`` (``1er`` for the first); else as it is."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    return f"{'1er' if day.day == 1 else day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
