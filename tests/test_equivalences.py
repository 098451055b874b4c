"""The fast paths give what the plain definitions give.

Words are grouped as pdfplumber's ``extract_words`` groups them (the reference, still a
dependency); ``fold`` is accents stripped character by character, then apostrophes,
dashes and spaces unified; a page's images are those pypdfium2's ``get_objects``
finds. Checked on glyphs and text hypothesis makes up (ties, blanks, ligatures,
accents), and on real pages built with reportlab.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils import extract_words
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from delib_extract.pdf.layout import Word
from delib_extract.pdf.pdfium_geometry import image_bounds
from delib_extract.pdf.source import PdfSource
from delib_extract.pdf.words import horizontal_words
from delib_extract.settings import Settings
from delib_extract.text.normalise import clean_pdf_text, fold

TEXTS = ["a", "B", "é", "1", ",", " ", "\u00a0", "", "ﬁ", "ﬂ", "-", "\ufffe", "É"]
# Coordinates on a coarse grid: equal tops and x0s (ties) are common.
COORD = st.integers(min_value=0, max_value=60).map(lambda n: n * 0.75)


@st.composite
def glyphs(draw: st.DrawFn) -> list[tuple]:
    out = []
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        x0, top = draw(COORD), draw(COORD)
        width, height = draw(st.sampled_from([0.0, 1.5, 3.0])), draw(st.sampled_from([6.0, 9.0]))
        out.append((draw(st.sampled_from(TEXTS)), x0, top, x0 + width, top + height, 0))
    return out


def _plumber_words(chars: list[tuple], x_tolerance: float, y_tolerance: float) -> list[Word]:
    """What build_layout did with pdfplumber's extract_words."""
    dicts = [
        {"text": t, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "doctop": top,
         "upright": True}
        for t, x0, top, x1, bottom, _ in chars
    ]  # fmt: skip
    words = extract_words(dicts, x_tolerance=x_tolerance, y_tolerance=y_tolerance,
                          keep_blank_chars=False, use_text_flow=False)  # fmt: skip
    return [
        Word(clean_pdf_text(w["text"]), w["x0"], w["top"], w["x1"], w["bottom"])
        for w in words
        if w["text"].strip()
    ]


@pytest.mark.slow  # 300 hypothesis examples
@settings(max_examples=300, deadline=None)
@given(glyphs(), st.sampled_from([(1.5, 2.5), (0.0, 0.0), (3.0, 1.0)]))
def test_words_are_pdfplumbers_words(chars: list[tuple], tolerances: tuple) -> None:
    assert horizontal_words(chars, *tolerances) == _plumber_words(chars, *tolerances)


def test_words_of_a_real_page_are_pdfplumbers_words(sample_pdf: Path) -> None:
    settings = Settings(geometry_engine="pdfplumber")
    with PdfSource(sample_pdf, settings) as source:
        layout = source.layout(1)
    import pdfplumber

    with pdfplumber.open(sample_pdf) as pdf:
        chars = [
            (c["text"], c["x0"], c["top"], c["x1"], c["bottom"], 0) for c in pdf.pages[0].chars
        ]
    assert len(layout.words) > 50
    assert layout.words == _plumber_words(chars, settings.word_x_tolerance,
                                          settings.word_y_tolerance)  # fmt: skip


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(str.maketrans("\u2019\u2018\u02bc`\u00b4", "'''''"))
    text = text.translate(str.maketrans("\u2010\u2011\u2012\u2013\u2014", "-----"))
    spaces = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"
    text = re.sub(r"\s*-\s*", "-", re.sub(rf"[\s{spaces}]+", " ", text))
    return text.strip().casefold()


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aéÈçÇœﬁ’‘`´–—- \u00a0\u202f\tLIÉVIN,.'\u0301"))
        | st.characters(),
        max_size=120,
    )
)
def test_fold_is_its_definition(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)
    assert fold(text) == _fold_by_definition(text)  # the second time from the cache


def test_image_bounds_are_pypdfium2s(tmp_path: Path) -> None:
    """Images on the page and inside a form drawn on it (reportlab draws each image
    through a form XObject)."""
    from PIL import Image

    picture = tmp_path / "picture.png"
    Image.new("L", (40, 20), 128).save(picture)
    path = tmp_path / "images.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(ImageReader(str(picture)), 50, 600, width=200, height=100)
    page.drawImage(ImageReader(str(picture)), 300, 100, width=120, height=300)
    page.drawString(72, 72, "Annexe")
    page.save()
    document = pdfium.PdfDocument(str(path))
    try:
        first = document[0]
        expected = [
            obj.get_bounds()
            for obj in first.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
        ]
        assert len(expected) == 2
        assert image_bounds(first) == expected
    finally:
        document.close()
