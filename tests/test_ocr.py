"""Scanned pages: OCR'd with Tesseract (French) when it is installed, recorded with a
reason when it is not; OCR'd values validated.

The scanned document is the sample deliberation with two pages turned into images:
page 2 (articles, both budget tables, the vote) and the Annexe 4 page. Tesseract
takes 1-3 s a page here; the two pages are read in parallel.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.expected import printed_budget, read_budget
from support.pdfgen import build_pdf, sample_spec

from delib_extract import extract_pdf
from delib_extract.ocr.repair import repair_budget_code, repair_operation_code
from delib_extract.ocr.scanrules import clean_for_ocr, find_rules
from delib_extract.ocr.tesseract import check_tesseract, repair_text
from delib_extract.text.normalise import fold


def _tesseract_ready() -> bool:
    try:
        check_tesseract("fra")
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "scanned.pdf"
    return build_pdf(sample_spec(), path, scan=(2, "annex"))


@pytest.fixture(scope="module")
def scanned(scanned_pdf: Path):
    if not _tesseract_ready():  # scripts/setup.sh installs it: CI always has it
        pytest.skip("Tesseract (fra) not installed")
    return extract_pdf(scanned_pdf)


@pytest.mark.slow  # Tesseract on a scanned document
def test_only_scanned_pages_are_ocrd(scanned) -> None:
    methods = [str(p.method) for p in scanned.pages]
    assert methods[1] == "ocr" and methods[2] == "ocr"
    assert [m for i, m in enumerate(methods) if i not in (1, 2)] == ["text"] * (len(methods) - 2)
    assert all(p.ocr_confidence and p.ocr_confidence > 60 for p in scanned.pages[1:3])


@pytest.mark.slow  # Tesseract on a scanned document
def test_budget_lines_from_ocr_are_exact_and_marked(scanned) -> None:
    spec = sample_spec()
    assert read_budget(scanned, "expense") == printed_budget(spec, "expense")
    assert read_budget(scanned, "revenue") == [("C02-428N01", "74713/93428", Decimal("40000"))]
    # The revenue table is on page 1 (text layer), the expense table on page 2 (scanned).
    assert all(
        (b.ocr_confidence is not None) == (b.page == 2) for b in scanned.decisions[0].budget_lines
    )
    assert any(b.page == 2 for b in scanned.decisions[0].budget_lines)


@pytest.mark.slow  # Tesseract on a scanned document
def test_grants_from_an_ocrd_annex_page(scanned) -> None:
    spec = sample_spec()
    got = [(fold(g.beneficiary), g.amount) for g in scanned.decisions[0].grants]
    assert got == [
        (fold(g["structure"]), Decimal(str(g["montant"])).quantize(Decimal("0.01")))
        for g in spec["annexe4"]
    ]
    assert all(g.ocr_confidence is not None for g in scanned.decisions[0].grants)


@pytest.mark.slow  # Tesseract on a scanned document
def test_vote_read_from_the_ocrd_page(scanned) -> None:
    assert [(str(v.position), v.count) for v in scanned.decisions[0].votes] == [
        ("for", 4),
        ("against", 0),
        ("abstention", 1),
    ]
    assert scanned.status == "ok"


def test_without_tesseract_pages_are_recorded_with_the_reason(
    scanned_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    check_tesseract.cache_clear()
    try:
        result = extract_pdf(scanned_pdf)
    finally:
        check_tesseract.cache_clear()
    page = result.pages[1]
    assert str(page.method) == "none" and page.text == ""
    assert "Tesseract absent" in page.note
    assert result.status == "partial"
    missing = [c.message for c in result.all_checks() if c.kind == "extraction"]
    assert any("vote" in m and "cherchée" in m for m in missing), missing


def test_rules_found_in_a_scan_and_erased_for_ocr() -> None:
    pixels = np.full((600, 800), 255, dtype=np.uint8)
    pixels[100:103, 50:750] = 0  # a horizontal rule
    pixels[100:500, 400:402] = 0  # a vertical rule
    pixels[300:320, 100:110] = 0  # a glyph-sized blot: not a rule
    rules = find_rules(Image.fromarray(pixels), dpi=144)
    assert sorted((r.horizontal, round(r.pos), round(r.start), round(r.end)) for r in rules) == [
        (False, 200, 50, 250),
        (True, 50, 25, 375),
    ]
    clean = np.asarray(clean_for_ocr(Image.fromarray(pixels), dpi=144))
    assert clean[101, 300] == 255 and clean[300, 401] == 255 and clean[310, 105] == 0


@pytest.mark.parametrize(
    ("read", "fixed"),
    [
        ("Contre : O voix", "Contre : 0 voix"),
        ("Pour : 1O voix (Groupe A\n: Groupe B)", "Pour : 10 voix (Groupe A\n; Groupe B)"),
        ("(Non-\ninscrit)", "(Non-inscrit)"),
        ("1 O00,00 €", "1 000,00 €"),
        ("Opération C01-444H02", "Opération C01-444H02"),
    ],
)
def test_ocr_text_repairs(read: str, fixed: str) -> None:
    assert repair_text(read) == fixed


@pytest.mark.parametrize(
    ("read", "code"),
    [
        ("co1-444h02", "C01-444H02"),
        ("C0l-444H02", "C01-444H02"),
        ("CO02-428C02", None),  # not guessed: the report or a check settles it
        ("2021-2027", None),
    ],
)
def test_operation_code_repair(read: str, code: str | None) -> None:
    assert repair_operation_code(read) == code


@pytest.mark.parametrize(
    ("read", "code"),
    [("6568 / 93428", "6568/93428"), ("7477193444", None), ("6568/9342O", "6568/93420")],
)
def test_budget_code_repair(read: str, code: str | None) -> None:
    assert repair_budget_code(read) == code


def test_tsv_words_regroup_lost_thousands_space() -> None:
    from delib_extract.ocr.tesseract import parse_tsv

    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t80\t30\t91\t1121",
        "5\t1\t1\t1\t1\t2\t190\t100\t110\t30\t90\t598,97",
        "5\t1\t1\t1\t2\t1\t100\t200\t80\t30\t95\t2023",
    ]
    result = parse_tsv("\n".join([header, *rows]), 1, 595, 842, 72 / 300)
    assert [w.text for w in result.layout.words] == ["1 121", "598,97", "2023"]
    assert result.confidence == 92.0


@pytest.mark.parametrize(
    ("read", "confidence", "settled"),
    [
        ("639459", 80.0, Decimal("6394.59")),  # comma lost: the TOTAL says where it was
        ("6 394,59", 80.0, Decimal("6394.59")),  # right already
        ("639458", 80.0, Decimal("639458")),  # other digits: not guessed
        ("639459", None, Decimal("639459")),  # a text layer is not second-guessed
    ],
)
def test_ocr_amount_settled_by_the_total(read, confidence, settled) -> None:
    from delib_extract.ocr.repair import amounts_from_total
    from delib_extract.tables.reader.spec import TableRow

    rows = [TableRow({"amount": "1 000,00"}, 0, 0, 1), TableRow({"amount": read}, 0, 0, 1)]
    rows[1].confidence = confidence
    total = TableRow({"amount": "7 394,59 €"}, 0, 0, 1, is_total=True)
    assert amounts_from_total(rows, total) == [Decimal("1000.00"), settled]


@pytest.mark.parametrize(
    ("read", "confidence", "kept"),
    [
        ("9", 20.0, "9"),  # a digit group is never dropped, however unsure
        ("—", 90.0, ""),  # a rule remnant
        ("|Avenant", 90.0, "Avenant"),
        ("ae", 20.0, ""),  # an unsure speck
        ("/", 90.0, "/"),  # part of a header label: DESCRIPTION ACTION / COMPLEMENT
        ("-", 90.0, "-"),
    ],
)
def test_ocr_words_cleaned_for_tables(read: str, confidence: float, kept: str) -> None:
    from delib_extract.ocr.tesseract import _clean_word

    assert _clean_word(read, confidence) == kept
