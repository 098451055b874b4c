"""Real-world layouts: every variant of the same deliberation gives the same rows.

Each family of tests/support/variants.py (unruled or partly ruled tables, /Rotate 90 and 270,
tables split across pages, captions, narrow columns, every printed amount form) is
built from one spec and extracted; every grant line, TOTAL row and budget line of the
spec must come back, exact to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support.variants import FAMILIES, OCR_FAMILIES, build_variant, variant_spec

from delib_extract import extract_pdf
from delib_extract.text.normalise import fold

TEXT_FAMILIES = [f for f in FAMILIES if f not in OCR_FAMILIES]


@pytest.fixture(scope="module")
def spec() -> dict:
    return variant_spec(7, grants=16)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("variants")


def _expected_totals(spec: dict) -> list[tuple[str, Decimal]]:
    totals: list[tuple[str, Decimal]] = []
    for theme in spec["themes"]:
        lines = [g for g in spec["annexe4"] if g["thematique_num"] == theme["numero"]]
        operations = list(dict.fromkeys(g["operation"] for g in lines))
        for operation in operations:
            amount = sum(Decimal(str(g["montant"])) for g in lines if g["operation"] == operation)
            totals.append(("operation", amount))
        totals.append(("theme", sum(Decimal(str(g["montant"])) for g in lines)))
    return totals


@pytest.mark.parametrize("family", TEXT_FAMILIES)
def test_variant_reads_like_the_clean_layout(family: str, spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, family, folder))
    assert result.status == "ok", [c.message for c in result.checks]
    got = [(fold(g.beneficiary), g.amount) for g in result.grants]
    want = [(fold(g["structure"]), Decimal(str(g["montant"])).quantize(Decimal("0.01")))
            for g in spec["annexe4"]]  # fmt: skip
    assert got == want  # every line, once, in order
    details = [(fold(g.territory), fold(g.description), fold(g.agreement)) for g in result.grants]
    assert details == [
        (fold(g["territoire"]), fold(g["description"]), fold(g["convention"]))
        for g in spec["annexe4"]
    ]
    totals = [(str(t.scope), t.amount) for t in result.grant_totals]
    assert totals == _expected_totals(spec)
    budget = [(b.operation_code, b.budget_code, b.amount, b.commitment_authority)
              for b in result.budget_lines if b.kind == "expense"]  # fmt: skip
    assert budget == [
        (b["code_operation"], b["imputation"], Decimal(str(b["montant"])), Decimal(str(b["ae"])))
        for b in spec["imputations"]
    ]
    revenue = [(b.operation_code, b.budget_code, b.amount)
               for b in result.budget_lines if b.kind == "revenue"]  # fmt: skip
    assert revenue == [
        (b["code_operation"], b["imputation"], Decimal(str(b["montant"]))) for b in spec["recettes"]
    ]
    assert all(g.ocr_confidence is None for g in result.grants)


def test_rotated_pages_read_upright_with_the_operation_label(spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, "rotate270", folder))
    operations = {g.operation for g in result.grants}
    assert operations == {g["operation"] for g in spec["annexe4"]}


def test_split_table_keeps_theme_and_operation_across_the_break(spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, "row_cut", folder))
    pages = {g.page for g in result.grants}
    assert len(pages) >= 2  # the table does run over a page break
    assert [(g.theme_number, g.operation) for g in result.grants] == [
        (g["thematique_num"], g["operation"]) for g in spec["annexe4"]
    ]
