"""Euro amounts as printed in French documents, parsed exactly (Decimal, never float)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# A French amount: thousands grouped by space (any kind), dot or apostrophe, an
# optional comma and 1-2 decimals; the euro sign before or after.
_GROUP_SEP = "[ \u00a0\u202f\u2009.']"
AMOUNT_PATTERN = (
    rf"(?<![\d,.])(?:€\s*)?-?\d{{1,3}}(?:{_GROUP_SEP}\d{{3}})+(?:[,.]\d{{1,2}})?(?![\d])"
    rf"|(?<![\d,.])(?:€\s*)?-?\d+(?:,\d{{1,2}})?(?![\d,])"
)
_AMOUNT_RE = re.compile(rf"^\s*(?:{AMOUNT_PATTERN})\s*(?:€|euros?|EUR)?\s*$", re.IGNORECASE)
_EURO_RE = re.compile(r"€|\beuros?\b|\bEUR\b", re.IGNORECASE)


def parse_amount(text: str | None) -> Decimal | None:
    """``"1 038 199,00 €"`` → ``Decimal("1038199.00")``; None when it is not one amount.

    >>> parse_amount("22 991,90 €")
    Decimal('22991.90')
    >>> parse_amount("1.038.199,00")
    Decimal('1038199.00')
    """
    if text is None:
        return None
    text = text.strip()
    if not text or not _AMOUNT_RE.match(text):
        return None
    core = re.sub(r"[\s\u00a0\u202f\u2009]", "", _EURO_RE.sub("", text))
    whole, decimals = core, ""
    tail = re.search(r"[.,](\d{1,2})$", core)
    if tail:
        whole, decimals = core[: tail.start()], tail.group(1)
    whole = re.sub(r"[.,']", "", whole)
    core = f"{whole}.{decimals}" if decimals else whole
    try:
        return Decimal(core)
    except InvalidOperation:
        return None


# What OCR makes of a printed amount's separators: the decimal comma read as a dot
# (``7516.00``), a space after it (``31 245. 96``), a stray bar or quote at the edge.
_OCR_AMOUNT_RE = re.compile(
    r"^(?P<whole>\d{1,3}(?:[ \u00a0\u202f.']\d{3})+|\d+)\s*[,.]\s*(?P<cents>\d{2})$"
)
_OCR_EDGES = " \u00a0|'`\"€"


def read_ocr_amount(text: str | None) -> Decimal | None:
    """An amount read by OCR: :func:`parse_amount`, else the same amount with the
    separators OCR confuses. Never guesses a lost separator (``4358141``): that is for
    the table's TOTAL row to settle (:func:`delib_extract.ocr.repair.amounts_from_total`).

    >>> read_ocr_amount("31 245. 96 €")
    Decimal('31245.96')
    """
    value = parse_amount(text)
    if value is not None or text is None:
        return value
    core = _EURO_RE.sub("", text).strip(_OCR_EDGES)
    match = _OCR_AMOUNT_RE.match(core)
    if match is None:
        return None
    whole = re.sub(r"\D", "", match.group("whole"))
    return Decimal(f"{whole}.{match.group('cents')}")


def is_amount(text: str | None) -> bool:
    return parse_amount(text) is not None


def find_amount(text: str) -> Decimal | None:
    """The first euro amount written in a sentence (``"… total de 148 174,95 €"``)."""
    for match in re.finditer(rf"({AMOUNT_PATTERN})\s*(€|euros?\b)", text, re.IGNORECASE):
        value = parse_amount(match.group(1))
        if value is not None:
            return value
    return None


def to_float(value: Decimal | None) -> float | None:
    """What SQLite stores: a REAL rounded to the cent (exact for the printed value)."""
    return None if value is None else float(round(value, 2))


def format_euros(value: Decimal | float | None) -> str:
    """``Decimal("73846.05")`` → ``"73 846,05 €"`` (French display, for messages)."""
    if value is None:
        return "?"
    quantised = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if quantised < 0 else ""
    whole, cents = f"{abs(quantised):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{' '.join(groups)},{cents} €"
