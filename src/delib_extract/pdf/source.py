"""The one place that opens PDFs.

Two passes, cheapest first: PDFium (pypdfium2) reads every page's text layer and
flags the pages that have none; then the geometry (glyphs, ruling lines) of the few
pages that hold tables is read, by PDFium again (:mod:`.pdfium_geometry`, the
default) or by pdfplumber (``Settings.geometry_engine``, the slower reference). Both
hand out plain objects (:class:`RawPage`, :class:`~delib_extract.pdf.layout.PageLayout`).
Only this module opens documents; :mod:`.pdfium_geometry` reads the pages it is given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from delib_extract.errors import EncryptedPdfError, UnreadablePdfError
from delib_extract.pdf.layout import Glyph, PageLayout, Rule
from delib_extract.pdf.pdfium_geometry import image_bounds, page_chars, page_paths
from delib_extract.pdf.words import horizontal_words, vertical_lines
from delib_extract.settings import DEFAULT_SETTINGS, Settings
from delib_extract.text.normalise import clean_pdf_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawPage:
    page_number: int
    text: str
    width: float
    height: float
    rotation: int
    char_count: int
    image_coverage: float  # share of the page covered by its largest image
    needs_ocr: bool


class PdfSource:
    """An open PDF. Use as a context manager; pages are released as soon as read."""

    def __init__(self, path: str | Path, settings: Settings = DEFAULT_SETTINGS):
        self.path = Path(path)
        self.settings = settings
        self._plumber = None
        try:
            self._doc = pdfium.PdfDocument(str(self.path))
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise EncryptedPdfError("PDF chiffré : un mot de passe est requis") from exc
            raise UnreadablePdfError(f"PDF illisible ({_pdfium_reason(message)})") from exc
        self.page_count = len(self._doc)

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None
        self._doc.close()

    # -- cheap pass ---------------------------------------------------------------------
    def raw_pages(self) -> Iterable[RawPage]:
        for index in range(self.page_count):
            yield self._raw_page(index)

    def _raw_page(self, index: int) -> RawPage:
        page = self._doc[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                char_count = textpage.count_chars()
                text = textpage.get_text_range() if char_count else ""
            finally:
                textpage.close()
            coverage = _image_coverage(page, width * height)
            rotation = page.get_rotation()
        finally:
            page.close()
        text = clean_pdf_text(text)[: self.settings.max_text_chars_per_page]
        visible = sum(1 for c in text if not c.isspace())
        needs_ocr = (visible == 0 and coverage > 0.05) or (
            coverage >= self.settings.ocr_image_coverage and visible < self.settings.ocr_max_chars
        )
        # PDFium's page size is already the displayed one (/Rotate applied).
        return RawPage(index + 1, text, width, height, rotation, visible, coverage, needs_ocr)

    def render(self, page_number: int, dpi: int) -> object:
        """The page as a PIL image (for OCR)."""
        page = self._doc[page_number - 1]
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            return bitmap.to_pil()
        finally:
            page.close()

    # -- geometry pass --------------------------------------------------------------------
    def layout(self, page_number: int) -> PageLayout:
        """Words, vertical text and ruling lines of one page, in displayed orientation."""
        if self.settings.geometry_engine == "pdfium":
            return self._pdfium_layout(page_number)
        return self._plumber_layout(page_number)

    def _pdfium_layout(self, page_number: int) -> PageLayout:
        page = self._doc[page_number - 1]
        try:
            width, height = page.get_size()
            chars = page_chars(page)
            lines, rects = page_paths(page)
        finally:
            page.close()
        return build_layout(page_number, width, height, chars, lines, rects, self.settings)

    def _plumber_layout(self, page_number: int) -> PageLayout:
        import pdfplumber  # heavy import, only needed for the pages that hold tables

        if self._plumber is None:
            self._plumber = pdfplumber.open(str(self.path))
        page = self._plumber.pages[page_number - 1]
        try:
            return build_layout(
                page_number,
                float(page.width),
                float(page.height),
                plumber_glyphs(page.chars),
                page.lines,
                page.rects,
                self.settings,
            )
        finally:
            page.close()  # pdfplumber keeps every parsed page otherwise


def _pdfium_reason(message: str) -> str:
    lowered = message.lower()
    if "format" in lowered or "not a pdf" in lowered:
        return "fichier non PDF ou endommagé"
    if "file" in lowered and "not found" in lowered:
        return "fichier introuvable"
    return message.split("(", 1)[-1].rstrip(")") if "(" in message else message


def _image_coverage(page: pdfium.PdfPage, area: float) -> float:
    best = 0.0
    if area <= 0:
        return 0.0
    for left, bottom, right, top in image_bounds(page):
        best = max(best, abs(right - left) * abs(top - bottom) / area)
    return min(best, 1.0)


# -- building a PageLayout out of glyphs, lines and rectangles (pure) -------------------


def plumber_glyphs(chars: list[dict]) -> list[Glyph]:
    """pdfplumber's chars as glyph tuples; the angle from the text matrix
    (pdfplumber's ``upright`` ignores /Rotate)."""
    return [
        (c["text"], c["x0"], c["top"], c["x1"], c["bottom"], _angle(*c["matrix"][:2]))
        for c in chars
    ]


def _angle(a: float, b: float) -> int:
    if abs(b) > abs(a):
        return 90 if b > 0 else 270
    return 0


def build_layout(
    page_number: int,
    width: float,
    height: float,
    chars: list[Glyph],
    lines: list[dict],
    rects: list[dict],
    settings: Settings = DEFAULT_SETTINGS,
) -> PageLayout:
    horizontal = [c for c in chars if c[5] == 0]
    vertical = [c for c in chars if c[5] != 0]
    return PageLayout(
        page_number=page_number,
        width=width,
        height=height,
        words=horizontal_words(horizontal, settings.word_x_tolerance, settings.word_y_tolerance),
        vtexts=vertical_lines(vertical),
        rules=_rules(lines, rects, settings),
    )


def _rules(lines: list[dict], rects: list[dict], settings: Settings) -> list[Rule]:
    segments: list[Rule] = []
    for obj in lines:
        segments.extend(_segment_rules(obj))
    for rect in rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if bottom - top < 2.0:  # a thin filled rectangle drawn as a horizontal line
            segments.append(Rule(True, (top + bottom) / 2, x0, x1))
        elif x1 - x0 < 2.0:
            segments.append(Rule(False, (x0 + x1) / 2, top, bottom))
        else:
            segments += [
                Rule(True, top, x0, x1),
                Rule(True, bottom, x0, x1),
                Rule(False, x0, top, bottom),
                Rule(False, x1, top, bottom),
            ]
    return _merge_rules([r for r in segments if r.end - r.start >= settings.rule_min_length])


def _segment_rules(obj: dict) -> list[Rule]:
    points = obj.get("pts") or []
    out = []
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        if abs(ya - yb) < 1.0:
            out.append(Rule(True, (ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) < 1.0:
            out.append(Rule(False, (xa + xb) / 2, min(ya, yb), max(ya, yb)))
    return out


def _merge_rules(rules: list[Rule], tolerance: float = 1.5) -> list[Rule]:
    """Join collinear segments that touch or overlap (cell borders drawn piecewise)."""
    merged: list[Rule] = []
    for horizontal in (True, False):
        group = sorted(
            (r for r in rules if r.horizontal is horizontal), key=lambda r: (r.pos, r.start)
        )
        lanes: list[list[Rule]] = []
        for rule in group:
            if lanes and abs(lanes[-1][0].pos - rule.pos) <= tolerance:
                lanes[-1].append(rule)
            else:
                lanes.append([rule])
        for lane in lanes:
            pos = sum(r.pos for r in lane) / len(lane)
            current: list[float] | None = None
            for rule in sorted(lane, key=lambda r: r.start):
                if current and rule.start <= current[1] + tolerance:
                    current[1] = max(current[1], rule.end)
                else:
                    if current:
                        merged.append(Rule(horizontal, pos, current[0], current[1]))
                    current = [rule.start, rule.end]
            if current:
                merged.append(Rule(horizontal, pos, current[0], current[1]))
    return merged
