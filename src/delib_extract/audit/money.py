"""The financial distribution table (Annexe 4): lines vs operation TOTALs vs theme TOTALs,
duplicated lines, lines without amount or beneficiary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from delib_extract.audit.findings import (
    Figure,
    differs,
    mismatch,
    quoted,
    sum_of,
    terms,
    unreadable,
    warning,
)
from delib_extract.records import Check, Decision, Grant, GrantTotal
from delib_extract.text.amounts import format_euros
from delib_extract.text.normalise import collapse, fold
from delib_extract.vocab import CheckKind, TotalScope


@dataclass
class _Running:
    """What has been read since the last TOTAL row (the table is read top to bottom)."""

    lines: list[Grant] = field(default_factory=list)
    parts: list[Figure] = field(default_factory=list)  # operation TOTALs of the theme so far
    line_unreadable: bool = False  # a line amount is missing: its operation cannot be summed
    theme_unreadable: bool = False
    theme_number: int | None = None  # of the last row read


def check_grant_table(decision: Decision, tolerance: Decimal) -> list[Check]:
    return (
        _totals(decision.grants, decision.grant_totals, tolerance)
        + _duplicates(decision.grants)
        + _incomplete(decision.grants)
    )


def _totals(
    grants: Sequence[Grant], totals: Sequence[GrantTotal], tolerance: Decimal
) -> list[Check]:
    checks: list[Check] = []
    run = _Running()
    for item in sorted([*grants, *totals], key=lambda r: r.row_index):
        if None not in (run.theme_number, item.theme_number) and (
            run.theme_number != item.theme_number
        ):
            run = _Running()  # the previous theme printed no TOTAL: nothing to compare
        run.theme_number = item.theme_number or run.theme_number
        if isinstance(item, Grant):
            if item.amount is None:
                run.line_unreadable = run.theme_unreadable = True
            else:
                run.lines.append(item)
        elif item.scope == TotalScope.OPERATION:
            checks += _operation_total(item, run, tolerance)
        else:
            checks += _theme_total(item, run, tolerance)
            run = _Running()
    return checks


def _operation_total(total: GrantTotal, run: _Running, tolerance: Decimal) -> list[Check]:
    lines = [Figure(g.amount, g.amount_text) for g in run.lines if g.amount is not None]
    checks: list[Check] = []
    if total.amount is None:
        run.theme_unreadable = True
        checks.append(unreadable(f"TOTAL de l'opération {quoted(total.operation)}", total.page))
    elif lines and not run.line_unreadable and differs(sum_of(lines), total.amount, tolerance):
        printed = Figure(total.amount, total.amount_text)
        words = (
            f"les {len(lines)} lignes ({terms(lines)}) font"
            if len(lines) > 1
            else (f"la seule ligne ({terms(lines)}) fait")
        )
        checks.append(
            mismatch(
                CheckKind.GRANT_SUM,
                f"Répartition financière, opération {quoted(total.operation)} "
                f"({theme_label(total.theme_number, total.theme)})",
                (words, sum_of(lines)),
                ("mais le TOTAL de l'opération imprimé est", total.amount),
                total.page,
                [*lines, printed],
            )
        )
    if total.amount is not None:
        run.parts.append(Figure(total.amount, total.amount_text))
    run.lines, run.line_unreadable = [], False
    return checks


def _theme_total(total: GrantTotal, run: _Running, tolerance: Decimal) -> list[Check]:
    pending = [Figure(g.amount, g.amount_text) for g in run.lines if g.amount is not None]
    parts = run.parts + pending
    if total.amount is None:
        label = theme_label(total.theme_number, total.theme)
        return [unreadable(f"TOTAL de la {label}", total.page)]
    if not parts or run.theme_unreadable or not differs(sum_of(parts), total.amount, tolerance):
        return []
    what = "les TOTAUX des opérations" if run.parts else "les lignes"
    return [
        mismatch(
            CheckKind.THEME_SUM,
            f"Répartition financière, TOTAL de la {theme_label(total.theme_number, total.theme)}",
            (f"{what} ({terms(parts)}) font", sum_of(parts)),
            ("mais le TOTAL de la thématique imprimé est", total.amount),
            total.page,
            [*parts, Figure(total.amount, total.amount_text)],
        )
    ]


def theme_label(number: int | None, name: str | None) -> str:
    """``thématique 2 « Développement… »`` (what is known of it)."""
    parts = ["thématique", str(number) if number is not None else "", quoted(name) if name else ""]
    return " ".join(p for p in parts if p)


def _duplicates(grants: Sequence[Grant]) -> list[Check]:
    """The same beneficiary, operation, description and amount twice: a copy-paste slip, or
    two real grants (so a warning)."""
    groups: dict[tuple, list[Grant]] = defaultdict(list)
    for grant in grants:
        if grant.beneficiary and grant.amount is not None:
            key = (
                grant.theme_number,
                fold(grant.operation),
                fold(grant.beneficiary),
                fold(grant.description),
                fold(grant.territory),
                grant.amount,
            )
            groups[key].append(grant)
    checks = []
    for same in groups.values():
        if len(same) < 2:
            continue
        first = same[0]
        pages = " et ".join(str(g.page) for g in same)
        checks.append(
            warning(
                CheckKind.GRANT_DUPLICATE,
                f"Répartition financière : la ligne {quoted(first.beneficiary)} "
                f"({format_euros(first.amount)}, opération {quoted(first.operation)}) figure "
                f"{len(same)} fois à l'identique (pages {pages}). Doublon possible.",
                same[1].page,
                found=first.amount,
            )
        )
    return checks


def _incomplete(grants: Sequence[Grant]) -> list[Check]:
    checks = []
    for grant in grants:
        amount_text = collapse(grant.amount_text)
        where = f"opération {quoted(grant.operation)}"
        if not collapse(grant.beneficiary):
            shown = format_euros(grant.amount) if grant.amount is not None else "sans montant"
            checks.append(
                warning(
                    CheckKind.GRANT_INCOMPLETE,
                    f"Répartition financière : une ligne ({shown}, {where}) ne nomme aucune "
                    "structure bénéficiaire.",
                    grant.page,
                    found=grant.amount,
                )
            )
        if not amount_text:
            checks.append(
                warning(
                    CheckKind.GRANT_INCOMPLETE,
                    f"Répartition financière : la ligne {quoted(grant.beneficiary)} ({where}) "
                    "n'indique aucun montant.",
                    grant.page,
                )
            )
        elif grant.amount is None:
            checks.append(
                unreadable(
                    f"montant « {amount_text} » de la ligne {quoted(grant.beneficiary)}",
                    grant.page,
                )
            )
    return checks
