"""The one place that opens PDFs.

Two passes, cheapest first: PDFium (pypdfium2) reads every page's text layer and
flags the pages that have none; then the geometry (glyphs, ruling lines) of the few
pages that hold tables is read, by PDFium again (:mod:`.pdfium_geometry`, the
default) or by pdfplumber (``Settings.geometry_engine``, the slower reference). Both
hand out plain objects (:class:`RawPage`, :class:`~delib_extract.pdf.layout.PageLayout`).
Only this module opens documents; :mod:`.pdfium_geometry` reads the pages it is given.

Damaged files: when PDFium refuses a file (or loads none of its pages), pdfminer
(through pdfplumber) gets one try and reads every page, geometry included. A page
neither engine can load costs that page only: it is handed out empty and its reason
is kept in :attr:`PdfSource.page_errors`; the reasons are French sentences
(:mod:`.failures`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from delib_extract.errors import EncryptedPdfError, UnreadablePageError, UnreadablePdfError
from delib_extract.pdf import failures
from delib_extract.pdf.layout import Glyph, PageLayout, Rule
from delib_extract.pdf.pdfium_geometry import image_bounds, page_chars, page_paths
from delib_extract.pdf.pdfminer_pages import pdfminer_error, text_layer, unknown_filters
from delib_extract.pdf.words import horizontal_words, vertical_lines
from delib_extract.settings import DEFAULT_SETTINGS, Settings
from delib_extract.text.normalise import clean_pdf_text

log = logging.getLogger(__name__)
PDFIUM, PDFMINER = "pdfium", "pdfminer"
_ENCRYPTED = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)


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
    """An open PDF. Use as a context manager; pages are released as soon as read.

    ``engine``: which library reads it (``"pdfium"``, or ``"pdfminer"`` when PDFium
    refused the file, ``refused`` saying why); ``page_errors``: the pages that could
    not be loaded (number → reason); ``damage``: what the file's bytes show is wrong
    with it (a missing end: truncated), or None.
    """

    def __init__(self, path: str | Path, settings: Settings = DEFAULT_SETTINGS):
        self.path = Path(path)
        self.settings = settings
        self._plumber = None
        self._doc: pdfium.PdfDocument | None = None
        self.engine = PDFIUM
        self.refused: str | None = None
        self.page_errors: dict[int, str] = {}
        self._head, self._tail = _ends(self.path)
        self.damage = failures.from_bytes(self._head, self._tail)
        # On some failures PDFium leaves its last error code as it was (« Success », or
        # a previous file's): a code that did not change says nothing about this file.
        before = pdfium_c.FPDF_GetLastError()
        try:
            self._doc = pdfium.PdfDocument(str(self.path))
        except pdfium.PdfiumError as exc:
            self._open_refused(exc.err_code if exc.err_code != before else None)
            return
        self.page_count = len(self._doc)
        if self.page_count == 0:  # an empty or unreadable page tree: pdfminer looks further
            self._try_pdfminer("PDFium n'y trouve aucune page")

    def _open_refused(self, code: int | None) -> None:
        """PDFium cannot open the file: pdfminer's one try, else the reason raised."""
        if code in _ENCRYPTED:
            raise EncryptedPdfError(failures.from_pdfium(code))
        error = None
        if code != pdfium_c.FPDF_ERR_FILE and failures.is_pdf(self._head):
            error = self._try_pdfminer(self.damage or failures.from_pdfium(code))
        if self.engine != PDFMINER:
            raise UnreadablePdfError(failures.unopenable(self._head, self._tail, code, error))

    def _try_pdfminer(self, refused: str) -> BaseException | None:
        """Read the file with pdfminer from now on, if it finds pages in it; else pdfminer's
        error (None when it opened the file and found no page)."""
        try:
            count = len(self._open_plumber().pages)
        except Exception as exc:  # pdfminer raises many kinds on a damaged file
            self._close_plumber()
            return pdfminer_error(exc)
        if not count:
            self._close_plumber()
            return None
        if self._doc is not None:
            self._doc.close()
            self._doc = None
        self.engine, self.refused, self.page_count = PDFMINER, refused, count
        self.page_errors = {}
        log.debug("%s: read by pdfminer (%s)", self.path, refused)
        return None

    def __enter__(self) -> PdfSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._close_plumber()
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def _open_plumber(self):
        import pdfplumber  # heavy import: only for table pages, or a file PDFium refuses

        if self._plumber is None:
            self._plumber = pdfplumber.open(str(self.path))
        return self._plumber

    def _close_plumber(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None

    # -- cheap pass ---------------------------------------------------------------------
    def raw_pages(self) -> list[RawPage]:
        """Every page's text layer. A page that cannot be loaded is handed out empty and
        recorded in ``page_errors``; :class:`UnreadablePdfError` when no page can be."""
        raws = [self._raw_page(index) for index in range(self.page_count)]
        if self.engine == PDFIUM and self._none_read():
            # PDFium opened the file but loads none of its pages (a broken page tree).
            self._try_pdfminer(failures.no_page_read(self.page_errors))
            if self.engine == PDFMINER:
                raws = [self._raw_page(index) for index in range(self.page_count)]
        self._explain_blank_pages(raws)
        if self._none_read():
            raise UnreadablePdfError(failures.no_page_read(self.page_errors))
        return raws

    def _none_read(self) -> bool:
        return bool(self.page_count) and len(self.page_errors) == self.page_count

    def _raw_page(self, index: int) -> RawPage:
        number = index + 1
        try:
            if self.engine == PDFIUM:
                return self._pdfium_raw_page(index)
            return self._pdfminer_raw_page(index)
        except UnreadablePageError as exc:
            self.page_errors[number] = failures.page_unreadable(number, str(exc))
            return RawPage(number, "", 0.0, 0.0, 0, 0, 0.0, False)

    def _pdfium_raw_page(self, index: int) -> RawPage:
        try:
            page = self._doc[index]
        except pdfium.PdfiumError as exc:
            raise UnreadablePageError(failures.BAD_PAGE_OBJECT) from exc
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
        except pdfium.PdfiumError as exc:
            raise UnreadablePageError(failures.UNREADABLE_CONTENT) from exc
        finally:
            page.close()
        # PDFium's page size is already the displayed one (/Rotate applied).
        return self._raw(index + 1, text, width, height, rotation, coverage)

    def _pdfminer_raw_page(self, index: int) -> RawPage:
        layer = text_layer(self._plumber.pages[index])
        raw = self._raw(
            index + 1, layer.text, layer.width, layer.height, layer.rotation, layer.image_coverage
        )
        if raw.needs_ocr:  # the OCR renders with PDFium, which refused this file
            raise UnreadablePageError("page scannée, que l'OCR ne peut lire sans PDFium")
        return raw

    def _raw(
        self, number: int, text: str, width: float, height: float, rotation: int, coverage: float
    ) -> RawPage:
        text = clean_pdf_text(text)[: self.settings.max_text_chars_per_page]
        visible = sum(1 for c in text if not c.isspace())
        needs_ocr = (visible == 0 and coverage > 0.05) or (
            coverage >= self.settings.ocr_image_coverage and visible < self.settings.ocr_max_chars
        )
        return RawPage(number, text, width, height, rotation, visible, coverage, needs_ocr)

    def _explain_blank_pages(self, raws: list[RawPage]) -> None:
        """A page PDFium shows blank whose content uses a compression filter no reader
        decodes (PDFium then silently draws nothing) is an unreadable page."""
        blank = [
            r.page_number
            for r in raws
            if not r.char_count and not r.needs_ocr and r.page_number not in self.page_errors
        ]
        if self.engine != PDFIUM or not blank or not self._file_has_unknown_filters():
            return
        try:
            pages = self._open_plumber().pages
        except Exception as exc:  # pdfminer cannot tell which pages: they stay blank
            pdfminer_error(exc)  # (but running out of memory is not for this page)
            return
        if len(pages) != self.page_count:  # pages numbered otherwise: cannot match them
            return
        for number in blank:
            try:
                unknown = unknown_filters(pages[number - 1].page_obj)
            except Exception as exc:  # a page pdfminer cannot parse tells nothing more
                pdfminer_error(exc)
                continue
            if unknown:
                self.page_errors[number] = failures.page_unreadable(
                    number, failures.unsupported_filter(unknown)
                )

    def _file_has_unknown_filters(self) -> bool:
        overlap = 512  # longer than any /Filter entry: one cut by a block boundary is seen
        with open(self.path, "rb") as handle:
            previous = b""
            for block in iter(lambda: handle.read(1 << 20), b""):
                if failures.unknown_filters(previous + block):
                    return True
                previous = block[-overlap:]
        return False

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
        """Words, vertical text and ruling lines of one page, in displayed orientation
        (nothing on a page that could not be loaded)."""
        if page_number in self.page_errors:
            return PageLayout(page_number, 0.0, 0.0)
        try:
            if self.engine == PDFMINER or self._pdfplumber_geometry():
                return self._plumber_layout(page_number)
            return self._pdfium_layout(page_number)
        except (pdfium.PdfiumError, _pdfminer_exception()) as exc:
            # The text was read; the tables of this page are lost, not the document.
            if not isinstance(exc, pdfium.PdfiumError):
                pdfminer_error(exc)  # running out of memory is not this page's fault
            log.debug("geometry of page %d of %s", page_number, self.path, exc_info=True)
            self.page_errors[page_number] = failures.tables_unreadable(page_number)
            return PageLayout(page_number, 0.0, 0.0)

    def _pdfplumber_geometry(self) -> bool:
        """The settings ask for pdfplumber's geometry, and pdfminer numbers the pages as
        PDFium does (it skips a broken page PDFium counts: the numbers after it would
        name other pages; PDFium's geometry is read then)."""
        if self.settings.geometry_engine == "pdfium":
            return False
        if not self.page_errors:
            return True
        try:
            return len(self._open_plumber().pages) == self.page_count
        except Exception as exc:  # pdfminer cannot read this file: PDFium's geometry
            pdfminer_error(exc)
            return False

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
        page = self._open_plumber().pages[page_number - 1]
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


def _pdfminer_exception() -> type[Exception]:
    from pdfplumber.utils.exceptions import PdfminerException

    return PdfminerException


def _ends(path: Path) -> tuple[bytes, bytes]:
    """The file's first bytes, and its last once trailing blanks and NULs are dropped."""
    with open(path, "rb") as handle:
        head = handle.read(failures.HEAD_BYTES)
        handle.seek(max(0, os.fstat(handle.fileno()).st_size - 4 * failures.TAIL_BYTES))
        tail = handle.read().rstrip(b"\x00 \t\r\n\f")[-failures.TAIL_BYTES :]
    return head, tail


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
