"""Dates of a sitting as councils print them: « jeudi 24 avril 2014 », « 1er février
2016 », « 28/10/2022 », and written out in words, as the registers do: « L'an deux mille
vingt-deux, le vingt-cinq mars », « Le vingt-neuf juin deux mille vingt et un »."""

from __future__ import annotations

import datetime as dt
import re

from delib_extract.templates.vocabulary import NUMBER_WORDS
from delib_extract.text.dates import MONTHS

_MONTH = "|".join(MONTHS)
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_WORDS = rf"(?:(?:{_WORD})(?:[\s-]+(?:et[\s-]+)?(?:{_WORD}))*)"
# A day in digits must stand alone: « {7 novembre » is an OCR misreading of « 17 ».
_DIGITS_RE = re.compile(rf"(?<![^\s(,])(\d{{1,2}})(?:er|°)?\s+({_MONTH})\s+(\d{{4}})\b")
_NUMERIC_RE = re.compile(r"(?<![\d/])(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_YEAR_FIRST_RE = re.compile(
    rf"\ban\s+({_WORDS})\s*,?\s+le\s+({_WORDS})\s+(?:du\s+mois\s+d[e']\s*)?({_MONTH})\b"
)
_DAY_FIRST_RE = re.compile(rf"(?<![a-z])({_WORDS})\s+({_MONTH})\s+({_WORDS})\b")


def words_value(text: str) -> int | None:
    """« vingt-deux » → 22, « deux mille vingt et un » → 2021, « quatre-vingt-dix » → 90."""
    total = current = 0
    previous = 0
    for word in re.split(r"[\s-]+", text.strip()):
        if word == "et" or not word:
            continue
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        elif value == 20 and previous == 4 and current % 100 == 4:
            current += 76  # « quatre-vingt »
        else:
            current += value
        previous = value
    return total + current


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat() if 1900 < year < 2200 else None
    except ValueError:
        return None


def find_date(folded: str) -> tuple[str, int] | None:
    """The first date of a folded text and where it starts, digits or words."""
    found = []
    for match in _DIGITS_RE.finditer(folded):
        date = _make(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
        if date:
            found.append((match.start(), date))
            break
    for match in _NUMERIC_RE.finditer(folded):
        date = _make(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if date:
            found.append((match.start(), date))
            break
    for pattern, order in ((_YEAR_FIRST_RE, (1, 3, 2)), (_DAY_FIRST_RE, (3, 2, 1))):
        for match in pattern.finditer(folded):
            year, day = words_value(match.group(order[0])), words_value(match.group(order[2]))
            date = _make(year or 0, MONTHS[match.group(order[1])], day or 0)
            if date:
                found.append((match.start(), date))
                break
    if not found:
        return None
    at, date = min(found)
    return date, at
