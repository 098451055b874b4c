"""The two readers of table-page geometry agree.

PDFium (the default, in C) and pdfplumber (pdfminer, the reference) must hand the
table parsers the same words, vertical text and ruling lines — so every deliberation
gives the same rows whichever reads it. Checked on the fixture deliberations, on every
text-layer layout family (rotated pages, unruled tables, split tables…), and on small
pages built to exercise what each engine does differently: rotated text without space
glyphs, forms (XObjects) with their own matrix, /Rotate, a crop box not at the origin.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from support.fixtures_specs import SPECS
from support.variants import FAMILIES, OCR_FAMILIES, build_variant, variant_spec

from delib_extract import extract_pdf
from delib_extract.pdf.source import PdfSource
from delib_extract.records import to_jsonable
from delib_extract.settings import Settings

PDFIUM = Settings(geometry_engine="pdfium")
PLUMBER = Settings(geometry_engine="pdfplumber")
TEXT_FAMILIES = [f for f in FAMILIES if f not in OCR_FAMILIES]


def _rows(path: Path, settings: Settings) -> dict:
    result = extract_pdf(path, settings, ocr=False)
    rows = to_jsonable(dataclasses.replace(result, seconds=0.0))
    assert isinstance(rows, dict)
    return rows


def _assert_same_rows(path: Path) -> None:
    with_pdfium, with_plumber = _rows(path, PDFIUM), _rows(path, PLUMBER)
    assert with_pdfium["decisions"][0]["grants"], "a deliberation with an Annexe 4 table"
    for key in with_plumber:
        assert with_pdfium[key] == with_plumber[key], key


@pytest.mark.slow  # each fixture read twice, once by pdfminer
@pytest.mark.parametrize("name", sorted(SPECS))
def test_fixture_deliberations_read_the_same(pdf_dir: Path, name: str) -> None:
    _assert_same_rows(pdf_dir / f"{name}.pdf")


@pytest.mark.slow  # every family read twice, once by pdfminer
@pytest.mark.parametrize("family", TEXT_FAMILIES)
def test_every_layout_family_reads_the_same(family: str, tmp_path: Path) -> None:
    _assert_same_rows(build_variant(variant_spec(3, grants=12), family, tmp_path))


# -- the geometry itself, on pages built for the purpose -------------------------------


def _layouts(path: Path, page: int = 1) -> tuple:
    with PdfSource(path, PDFIUM) as a, PdfSource(path, PLUMBER) as b:
        return a.layout(page), b.layout(page)


def _assert_same_words(got: list, want: list) -> None:
    """Same text and direction; boxes within half a point (PDFium reads the glyph's
    descent from the font program, pdfminer from the font descriptor)."""
    key = lambda w: (round(w.top), round(w.x0))  # noqa: E731
    got, want = sorted(got, key=key), sorted(want, key=key)
    assert [(w.text, w.angle) for w in got] == [(w.text, w.angle) for w in want]
    for a, b in zip(got, want):
        assert (a.x0, a.top, a.x1, a.bottom) == pytest.approx(
            (b.x0, b.top, b.x1, b.bottom), abs=0.5
        )


def _rules(layout) -> list[tuple]:
    return sorted((r.horizontal, round(r.pos, 1), round(r.start, 1), round(r.end, 1))
                  for r in layout.rules)  # fmt: skip


def _grid_page(c: canvas.Canvas) -> None:
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Bénéficiaire    Montant")
    # (no « € »: pdfminer gives it no width with this base-14 font; PDFium does)
    c.drawString(72, 680, "MISSION LOCALE DE L'ARTOIS 22 991,90")
    c.line(60, 670, 400, 670)  # a stroked line
    c.rect(60, 600, 340, 60)  # a rectangle: four rules
    c.rect(60, 590, 340, 0.5, stroke=0, fill=1)  # a thin filled rectangle: one rule
    c.saveState()
    c.translate(50, 300)
    c.rotate(90)
    c.drawString(0, 0, "Fonds d'Aide aux Jeunes collectif")  # vertical, bottom to top
    c.restoreState()
    c.saveState()
    c.translate(30, 500)
    c.rotate(-90)
    c.drawString(0, 0, "Accompagnement social lié au logement")  # top to bottom
    c.restoreState()
    c.bezier(100, 100, 150, 150, 200, 100, 250, 150)  # a curve is not a rule


def test_words_vertical_text_and_rules_match_pdfplumber(tmp_path: Path) -> None:
    path = tmp_path / "grid.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _grid_page(c)
    c.showPage()
    c.save()
    pdfium_layout, plumber_layout = _layouts(path)
    _assert_same_words(pdfium_layout.words, plumber_layout.words)
    assert sorted(w.text for w in pdfium_layout.vtexts) == [
        "Accompagnement social lié au logement",
        "Fonds d'Aide aux Jeunes collectif",
    ]
    _assert_same_words(pdfium_layout.vtexts, plumber_layout.vtexts)
    assert _rules(pdfium_layout) == _rules(plumber_layout)
    assert len(pdfium_layout.rules) == 6  # the line, four edges, the thin rectangle


def test_a_form_with_its_own_matrix_on_a_rotated_page(tmp_path: Path) -> None:
    """The same drawing inside a form XObject, scaled and moved, on a /Rotate 90 page."""
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.beginForm("grid")
    _grid_page(c)
    c.endForm()
    c.saveState()
    c.translate(20, -30)
    c.scale(0.9, 0.9)
    c.doForm("grid")
    c.restoreState()
    c.setPageRotation(90)
    c.showPage()
    c.save()
    pdfium_layout, plumber_layout = _layouts(path)
    assert (pdfium_layout.width, pdfium_layout.height) == pytest.approx(
        (plumber_layout.width, plumber_layout.height)
    )
    _assert_same_words(pdfium_layout.words, plumber_layout.words)
    _assert_same_words(pdfium_layout.vtexts, plumber_layout.vtexts)
    assert _rules(pdfium_layout) == _rules(plumber_layout)
    assert len(pdfium_layout.rules) == 6


def test_coordinates_start_at_the_crop_box(tmp_path: Path) -> None:
    """What is displayed is the crop box: PDFium's coordinates start at its corner."""
    pages = {}
    for name, crop in (("full", None), ("cropped", (10, 20, 580, 830))):
        c = canvas.Canvas(str(tmp_path / f"{name}.pdf"), pagesize=A4)
        if crop:
            c.setCropBox(crop)
        _grid_page(c)
        c.showPage()
        c.save()
        with PdfSource(tmp_path / f"{name}.pdf", PDFIUM) as source:
            pages[name] = source.layout(1)
    full, cropped = pages["full"], pages["cropped"]
    assert (cropped.width, cropped.height) == pytest.approx((570, 810))
    shift_x, shift_y = 10, A4[1] - 830
    moved = [
        dataclasses.replace(w, x0=w.x0 - shift_x, x1=w.x1 - shift_x,
                            top=w.top - shift_y, bottom=w.bottom - shift_y)
        for w in full.words
    ]  # fmt: skip
    _assert_same_words(cropped.words, moved)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="geometry_engine"):
        Settings(geometry_engine="camelot")
