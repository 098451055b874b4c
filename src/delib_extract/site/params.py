"""The values people type in the site's forms, read as they mean them or refused.

A date typed ``01/01/2023`` in the territory question used to be compared as text
with ISO dates and matched every year. Dates are read here — ``2023-01-01``,
``01/01/2023``, ``1/1/23``, ``2023`` (the whole year) or ``03/2023`` (the month) — and
a value that is none of these is refused with a French message, never ignored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from delib_extract.errors import DelibExtractError


class ParameterError(DelibExtractError):
    """A value typed in a form that means nothing the site can use."""


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$|^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^\d{4}$")
DATE_FORMS = "JJ/MM/AAAA, AAAA-MM-JJ, MM/AAAA ou AAAA"


def period_bound(text: str | None, end: bool = False, name: str = "date") -> str | None:
    """The ISO date a typed bound stands for (``end``: the last day of a year or a
    month typed alone); None when nothing was typed."""
    text = (text or "").strip()
    if not text:
        return None
    if _YEAR.match(text):
        return f"{text}-12-31" if end else f"{text}-01-01"
    parts = _day_month_year(text)
    if parts is None:
        raise ParameterError(f"{name} « {text} » : date non comprise (attendu {DATE_FORMS})")
    year, month, day = parts
    if day is None:
        day = calendar.monthrange(year, month)[1] if end and 1 <= month <= 12 else 1
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ParameterError(f"{name} « {text} » : cette date n'existe pas") from None


def _day_month_year(text: str) -> tuple[int, int, int | None] | None:
    if match := _ISO.match(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _DAY_FIRST.match(text):
        year = int(match[3])
        return (year + 2000 if year < 100 else year), int(match[2]), int(match[1])
    if match := _MONTH.match(text):
        if match[1]:
            return int(match[2]), int(match[1]), None
        return int(match[3]), int(match[4]), None
    return None


def year(text: str | None, name: str = "année") -> int | None:
    """A year typed alone (``2023``); None when nothing was typed."""
    text = (text or "").strip()
    if not text:
        return None
    if not _YEAR.match(text):
        raise ParameterError(f"{name} « {text} » : une année sur quatre chiffres (ex. 2023)")
    return int(text)


# Form fields the site reads this way: parameter name → (reader, what it is, for messages).
CHECKED: dict[str, tuple] = {
    "debut": (lambda v: period_bound(v, name="début"), "début"),
    "fin": (lambda v: period_bound(v, end=True, name="fin"), "fin"),
    "annee": (year, "année"),
}


def parameter_errors(values: dict[str, str]) -> list[str]:
    """French messages for every value of ``values`` the site cannot read."""
    errors = []
    for name, value in values.items():
        if name in CHECKED:
            try:
                CHECKED[name][0](value)
            except ParameterError as exc:
                errors.append(str(exc))
    return errors
