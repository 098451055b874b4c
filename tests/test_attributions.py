"""Other authorities' grant attribution tables: lines to grants, Totals to the audit,
through the same table reader as the CP's Annexe 4."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.attribgen import THEMES, build_attributions_pdf

from delib_extract.audit import check_decision
from delib_extract.parse.sections import Sections
from delib_extract.pdf.source import PdfSource
from delib_extract.records import Decision, DeliberationInfo
from delib_extract.settings import DEFAULT_SETTINGS
from delib_extract.tables import TABLE_KINDS, TableContext


def _read(path: Path) -> Decision:
    kind = TABLE_KINDS["attributions"]
    with PdfSource(path, DEFAULT_SETTINGS) as source:
        texts = {raw.page_number: raw.text for raw in source.raw_pages()}
        context = TableContext(texts, Sections())
        found = kind.read([source.layout(n) for n in kind.pages(context)], context)
    decision = Decision(DeliberationInfo("2024-1", "Attributions de subventions"))
    decision.grants = found.records["grants"]
    decision.grant_totals = found.records["grant_totals"]
    return decision


@pytest.fixture(scope="module")
def decision(tmp_path_factory: pytest.TempPathFactory) -> Decision:
    return _read(build_attributions_pdf(tmp_path_factory.mktemp("attrib") / "a.pdf"))


def test_every_line_is_read_with_its_theme(decision: Decision) -> None:
    want = [
        (number, structure, amount)
        for number, (_, lines) in enumerate(THEMES, start=1)
        for _, structure, _, _, amount in lines
    ]
    got = [(g.theme_number, g.beneficiary, g.amount) for g in decision.grants]
    # A line under a merged cell is the structure's printed above it.
    merged = "RESTAURANT DU COEUR DE LA VALLEE"
    assert got == [(n, s or merged, a) for n, s, a in want]
    assert {g.theme for g in decision.grants if g.theme_number == 2} == {
        "Attributions de subventions dans le cadre du sport"
    }
    assert {g.page for g in decision.grants if g.theme_number == 2} == {1, 2}  # over a break


def test_projects_and_natures_are_kept(decision: Decision) -> None:
    first = decision.grants[0]
    assert (first.operation, first.description, first.amount_text) == (
        "P", "FESTIVAL DES RUES", "1 500,00 €",
    )  # fmt: skip


def test_each_total_closes_its_theme_and_adds_up(decision: Decision) -> None:
    totals = [(t.theme_number, t.amount) for t in decision.grant_totals]
    assert totals == [
        (n, sum(line[4] for line in lines)) for n, (_, lines) in enumerate(THEMES, start=1)
    ]
    assert check_decision(decision) == []


def test_a_wrong_total_is_an_error_of_the_document(tmp_path: Path) -> None:
    decision = _read(build_attributions_pdf(tmp_path / "wrong.pdf", wrong_total=True))
    (check,) = check_decision(decision)
    assert (check.kind, check.severity) == ("theme_sum", "error")
    assert check.expected == float(sum(line[4] for line in THEMES[1][1]))
    assert check.found == check.expected - 100
    assert "sport" in check.message
