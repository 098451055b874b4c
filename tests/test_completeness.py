"""A section every CP deliberation has, not found: the document is `partial` and a
`checks` row (kind `extraction`) says what is missing and where it was looked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pdfgen import build_pdf, sample_spec

from delib_extract import extract_pdf


def _extraction_errors(result) -> list[str]:
    return [
        c.message for c in result.all_checks() if c.kind == "extraction" and c.severity == "error"
    ]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("incomplete")


def test_complete_document_has_no_extraction_check(folder: Path) -> None:
    result = extract_pdf(build_pdf(sample_spec(), folder / "complete.pdf"))
    assert result.status == "ok"
    assert _extraction_errors(result) == []


def test_missing_annex_is_named_with_where_it_was_looked_for(folder: Path) -> None:
    result = extract_pdf(build_pdf(sample_spec(), folder / "no-annex.pdf", omit=("annex",)))
    assert result.status == "partial"
    assert result.decisions[0].grants == []
    assert _extraction_errors(result) == [
        "Section introuvable : répartition financière (annexe 4) citée par les articles "
        "(cherchée dans les annexes (aucune page « Annexe 4 » trouvée))."
    ]


def test_missing_expense_table_is_named_with_its_article(folder: Path) -> None:
    result = extract_pdf(build_pdf(sample_spec(), folder / "no-table.pdf", omit=("budget",)))
    assert result.status == "partial"
    assert [b.kind for b in result.decisions[0].budget_lines] == ["revenue"]
    (message,) = _extraction_errors(result)
    assert message.startswith("Section introuvable : tableau des dépenses annoncé par l'article 5")
    assert "cherchée page" in message
    assert len(result.decisions[0].grants) == 4  # the rest is still read


def test_unreadable_scanned_page_is_named(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from delib_extract.ocr.tesseract import check_tesseract

    pdf = build_pdf(sample_spec(), folder / "scanned-annex.pdf", scan=("annex",))
    monkeypatch.setenv("PATH", str(folder))  # Tesseract hidden
    check_tesseract.cache_clear()
    try:
        result = extract_pdf(pdf)
    finally:
        check_tesseract.cache_clear()
    assert result.status == "partial"
    errors = _extraction_errors(result)
    assert any(m.startswith("Section introuvable : texte des pages scannées 3") for m in errors)
    assert any("répartition financière (annexe 4)" in m for m in errors), errors
