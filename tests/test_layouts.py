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
from support.expected import printed_budget, read_budget
from support.variants import FAMILIES, OCR_FAMILIES, build_variant, variant_spec

from delib_extract import extract_pdf
from delib_extract.text.normalise import fold

TEXT_FAMILIES = [f for f in FAMILIES if f not in OCR_FAMILIES]
# The fast lane reads one family per way of finding columns (rules, gutters) and a
# rotated page; the slow lane reads them all.
FAST_FAMILIES = {"ruled", "unruled", "rotate90"}


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


@pytest.mark.parametrize(
    "family",
    [f if f in FAST_FAMILIES else pytest.param(f, marks=pytest.mark.slow) for f in TEXT_FAMILIES],
)
def test_variant_reads_like_the_clean_layout(family: str, spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, family, folder))
    assert result.status == "ok", [c.message for c in result.all_checks()]
    got = [(fold(g.beneficiary), g.amount) for g in result.decisions[0].grants]
    want = [(fold(g["structure"]), Decimal(str(g["montant"])).quantize(Decimal("0.01")))
            for g in spec["annexe4"]]  # fmt: skip
    assert got == want  # every line, once, in order
    details = [
        (fold(g.territory), fold(g.description), fold(g.agreement))
        for g in result.decisions[0].grants
    ]
    assert details == [
        (fold(g["territoire"]), fold(g["description"]), fold(g["convention"]))
        for g in spec["annexe4"]
    ]
    totals = [(str(t.scope), t.amount) for t in result.decisions[0].grant_totals]
    assert totals == _expected_totals(spec)
    assert read_budget(result, "expense") == printed_budget(spec, "expense")
    assert read_budget(result, "revenue") == printed_budget(spec, "revenue")
    assert all(g.ocr_confidence is None for g in result.decisions[0].grants)


def test_rotated_pages_read_upright_with_the_operation_label(spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, "rotate270", folder))
    operations = {g.operation for g in result.decisions[0].grants}
    assert operations == {g["operation"] for g in spec["annexe4"]}


def test_split_table_keeps_theme_and_operation_across_the_break(spec: dict, folder: Path) -> None:
    result = extract_pdf(build_variant(spec, "row_cut", folder))
    pages = {g.page for g in result.decisions[0].grants}
    assert len(pages) >= 2  # the table does run over a page break
    assert [(g.theme_number, g.operation) for g in result.decisions[0].grants] == [
        (g["thematique_num"], g["operation"]) for g in spec["annexe4"]
    ]
