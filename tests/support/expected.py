"""What a generated deliberation's spec (:func:`support.pdfgen.sample_spec`) says its
extraction must give, and the same values read from an extraction, side by side."""

from __future__ import annotations

from decimal import Decimal

from delib_extract.records import Extraction


def printed_budget(spec: dict, kind: str) -> list[tuple]:
    """The Article 8 (``expense``: code, imputation, amount, AE) or Article 7
    (``revenue``: code, imputation, amount) lines the spec prints."""
    if kind == "expense":
        return [
            (b["code_operation"], b["imputation"], _euros(b["montant"]), _euros(b["ae"]))
            for b in spec["imputations"]
        ]
    return [(b["code_operation"], b["imputation"], _euros(b["montant"])) for b in spec["recettes"]]


def read_budget(result: Extraction, kind: str) -> list[tuple]:
    """The budget lines of one kind an extraction read, shaped as :func:`printed_budget`."""
    lines = [b for b in result.decisions[0].budget_lines if b.kind == kind]
    if kind == "expense":
        return [(b.operation_code, b.budget_code, b.amount, b.commitment_authority) for b in lines]
    return [(b.operation_code, b.budget_code, b.amount) for b in lines]


def _euros(value: float) -> Decimal:
    return Decimal(str(value))
