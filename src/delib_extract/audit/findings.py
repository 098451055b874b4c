"""How a finding is worded: both figures in French, the gap, and a rounding hint.

Amounts are compared as Decimal (exact cents); the float of a :class:`Check` is only
what the database stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from delib_extract.records import BudgetLine, Check
from delib_extract.text.amounts import format_euros, to_float
from delib_extract.text.normalise import collapse
from delib_extract.vocab import CANONICAL_ARTICLE, CheckKind, Severity

_CENTS_RE = re.compile(r"[,.]\d{1,2}\s*(?:€|euros?)?\s*$")
HALF_EURO = Decimal("0.50")


@dataclass(frozen=True)
class Figure:
    """An amount as the document prints it (``text`` when the extractor kept it)."""

    value: Decimal
    text: str | None = None

    @property
    def without_cents(self) -> bool:
        """Printed as whole euros ("13 846 €"), so it may hide up to 50 cents (unknown when
        the extractor did not keep the printed text)."""
        return bool(self.text) and not _CENTS_RE.search(self.text.strip())

    def shown(self) -> str:
        return collapse(self.text) if self.text else format_euros(self.value)


def differs(expected: Decimal, found: Decimal, tolerance: Decimal) -> bool:
    return abs(found - expected) > tolerance


def signed_euros(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_euros(value)


def rounding_note(difference: Decimal, figures: Iterable[Figure]) -> str:
    """Why a small gap may be a display rounding, naming the amounts printed without cents.

    n amounts rounded to the euro can hide at most n × 0,50 €.
    """
    whole = [f for f in figures if f.without_cents]
    if not whole or difference == 0 or abs(difference) > HALF_EURO * len(whole):
        return ""
    shown = ", ".join(f.shown() for f in whole[:3]) + (" …" if len(whole) > 3 else "")
    return (
        f" Des montants sont imprimés sans centimes ({shown}) : l'écart peut venir d'un "
        "arrondi d'affichage, mais le document reste incohérent."
    )


def sum_of(figures: Sequence[Figure]) -> Decimal:
    return sum((f.value for f in figures), Decimal(0))


def terms(figures: Sequence[Figure], limit: int = 6) -> str:
    """``60 000,00 € + 13 846,00 €`` (the amounts added), or a count when many."""
    if len(figures) > limit:
        return f"{len(figures)} montants"
    return " + ".join(format_euros(f.value) for f in figures)


def mismatch(
    kind: CheckKind,
    subject: str,
    expected: tuple[str, Decimal],
    found: tuple[str, Decimal],
    page: int | None,
    figures: Iterable[Figure] = (),
) -> Check:
    """An ``error``: the document states two different amounts for the same thing.

    ``expected`` and ``found`` are (wording, amount) pairs: the wording introduces the
    amount in the message ("les 2 lignes font", "le TOTAL imprimé est").
    """
    (expected_words, expected_value), (found_words, found_value) = expected, found
    difference = found_value - expected_value
    message = (
        f"{subject} : {expected_words} {format_euros(expected_value)}, {found_words} "
        f"{format_euros(found_value)} (écart de {signed_euros(difference)})."
    )
    message += rounding_note(difference, figures)
    return Check(
        str(kind),
        Severity.ERROR,
        message,
        to_float(expected_value),
        to_float(found_value),
        page,
    )


def warning(
    kind: CheckKind,
    message: str,
    page: int | None,
    expected: Decimal | int | None = None,
    found: Decimal | int | None = None,
) -> Check:
    return Check(
        str(kind),
        Severity.WARNING,
        message,
        None if expected is None else float(expected),
        None if found is None else float(found),
        page,
    )


def unreadable(what: str, page: int | None) -> Check:
    """The extractor could not read a value: a check could not be made (not the document's
    fault, so a ``warning`` of kind ``extraction``, which leaves the document ``ok``)."""
    return Check(
        str(CheckKind.EXTRACTION),
        Severity.WARNING,
        f"Valeur illisible : {what} ; le contrôle correspondant n'a pas pu être fait.",
        None,
        None,
        page,
    )


def quoted(name: str | None) -> str:
    return f"« {collapse(name)} »" if name and collapse(name) else "(sans nom)"


def article_of(line: BudgetLine) -> int:
    """The article number the document prints above a budget table (7/8 when unknown)."""
    return line.printed_article or CANONICAL_ARTICLE[line.kind]
