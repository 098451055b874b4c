"""Glyphs and drawn paths of one page read through PDFium, shaped like pdfplumber's.

pdfplumber (pdfminer) parses a page's whole content stream in Python: on a table page
that is most of the extraction's time. PDFium has already parsed it in C for the
text pass, and hands out the same things: each glyph with its box and text matrix,
each path with its segments. This module turns them into what pdfplumber gives
(``chars`` as :data:`~delib_extract.pdf.layout.Glyph` tuples — pdfplumber's go through
:func:`~delib_extract.pdf.source.plumber_glyphs`; ``lines``: pts; ``rects``: x0, top,
x1, bottom), in the page's displayed orientation, so that
:func:`delib_extract.pdf.source.build_layout` reads either engine's output the same way; the
test suite checks that both engines give the same rows.

Conventions copied from pdfminer so that the two agree:
- a path is split into subpaths at each move; a subpath of one straight segment is a
  line, an axis-aligned closed quadrilateral is a rectangle, anything else (curves,
  polylines) is neither;
- a glyph's box is its font box (ascent to descent, origin to advance), not the ink:
  PDFium's "loose" char box;
- coordinates run from the crop box's top-left corner after ``/Rotate``.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from delib_extract.pdf import pdfium_calls as calls
from delib_extract.pdf.layout import Glyph

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Characters PDFium adds itself (line breaks, spaces it infers): not glyphs.
_SKIPPED = frozenset({0, 0xFFFE, 0xFFFF, 0x0D, 0x0A})


class _Frame:
    """Maps PDF user space to the displayed page: crop-box origin, ``/Rotate``, y down."""

    def __init__(self, page: pdfium.PdfPage):
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.width, self.height = right - left, top - bottom  # unrotated
        self.rotation = page.get_rotation() % 360

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom  # y up, origin bottom-left, unrotated
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y

    def direction(self, a: float, b: float) -> tuple[float, float]:
        """A text direction (y up), turned clockwise with the page as it is displayed."""
        if self.rotation == 90:
            return b, -a
        if self.rotation == 180:
            return -a, -b
        if self.rotation == 270:
            return -b, a
        return a, b


def page_chars(page: pdfium.PdfPage) -> list[Glyph]:
    """Every glyph of the page with its font box, in displayed coordinates:
    ``(text, x0, top, x1, bottom, angle)`` tuples (see :data:`~delib_extract.pdf.layout.Glyph`).

    PDFium has no call for many glyphs at once: what costs here is the calls (213,000
    glyphs on the 124 table pages of the dev corpus). So they go through bindings
    without argument conversion (:mod:`.pdfium_calls`); the matrix and font size, which are
    the text object's, are asked once per object; and whether PDFium inferred a glyph
    itself is asked of spaces only (it infers spaces and line breaks, nothing else).
    """
    frame = _Frame(page)
    textpage = page.get_textpage()
    try:
        return _glyphs(calls.handle(textpage.raw), frame)
    finally:
        textpage.close()


def _glyphs(raw: ctypes.c_void_p, frame: _Frame) -> list[Glyph]:
    # The corners through _Frame.point (inlined for pages displayed as stored); then
    # pdfminer's glyph box: from the descent up by one font size. PDFium's loose box
    # goes up to the font's ascent instead; keep its descent side, set the other.
    rect, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    rect_p, matrix_p = ctypes.byref(rect), ctypes.byref(matrix)
    unicode, generated = calls.UNICODE, calls.IS_GENERATED
    loose_box, get_matrix, font_size = calls.LOOSE_BOX, calls.MATRIX, calls.FONT_SIZE
    stored = frame.rotation == 0
    left, bottom, height = frame.left, frame.bottom, frame.height
    text_object, last_object = calls.TEXT_OBJECT, None
    size, side, angle = 0.0, _KEEP, 0
    hypot, skipped = math.hypot, _SKIPPED
    chars: list[Glyph] = []
    for index in range(calls.COUNT_CHARS(raw)):
        code = unicode(raw, index)
        if code in skipped or (code == 32 and generated(raw, index) == 1):
            continue
        if not loose_box(raw, index, rect_p):
            continue
        if stored:
            ax, ay = rect.left - left, height - (rect.bottom - bottom)
            bx, by = rect.right - left, height - (rect.top - bottom)
        else:
            ax, ay = frame.point(rect.left, rect.bottom)
            bx, by = frame.point(rect.right, rect.top)
        x0, x1 = (bx, ax) if bx < ax else (ax, bx)
        top, low = (by, ay) if by < ay else (ay, by)
        # A glyph's matrix and font size are its text object's: asked once per object.
        obj = text_object(raw, index)
        if obj != last_object or obj is None:
            last_object = obj
            if get_matrix(raw, index, matrix_p):
                a, b = (matrix.a, matrix.b) if stored else frame.direction(matrix.a, matrix.b)
            else:
                a, b = 1.0, 0.0
            size = font_size(raw, index) * hypot(matrix.c, matrix.d)
            angle = (90 if b > 0 else 270) if abs(b) > abs(a) else 0
            side = _font_box_side(a, b, size)
        if side == _BELOW:
            top = low - size
        elif side == _ABOVE:
            low = top + size
        elif side == _LEFT:
            x0 = x1 - size
        elif side == _RIGHT:
            x1 = x0 + size
        chars.append((chr(code) if code <= 0x10FFFF else "\ufffd", x0, top, x1, low, angle))
    return chars


# Which side of PDFium's loose box becomes one font size away from the descent side.
_KEEP, _BELOW, _ABOVE, _LEFT, _RIGHT = range(5)


def _font_box_side(a: float, b: float, size: float) -> int:
    """For a text direction (a, b): upright text's top is set from its bottom, upside
    down text's bottom from its top, vertical text's left or right side likewise."""
    if not size > 0:  # (a NaN size too, as before)
        return _KEEP
    if abs(a) >= abs(b):
        return _BELOW if a > 0 else _ABOVE
    return _LEFT if b > 0 else _RIGHT


def image_bounds(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Left, bottom, right, top (PDF user space) of the page's images, and of the images
    of the forms it draws (one level down: pypdfium2's ``get_objects(max_depth=2)``
    without a Python object for every page object — a page may hold thousands)."""
    raw = calls.handle(page.raw)
    out: list[tuple[float, float, float, float]] = []
    count = calls.COUNT_OBJECTS(raw)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for index in range(count):
        obj = calls.GET_OBJECT(raw, index)
        kind = _object_kind(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            out.append(_bounds(obj))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            form = ctypes.c_void_p(obj)
            inner = calls.COUNT_FORM_OBJECTS(form)
            if inner < 0:
                raise pdfium.PdfiumError("Failed to get number of pageobjects.")
            for position in range(inner):
                child = calls.GET_FORM_OBJECT(form, ctypes.c_ulong(position))
                if _object_kind(child) == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                    out.append(_bounds(child))
    return out


def _object_kind(obj: int | None) -> int:
    if not obj:
        raise pdfium.PdfiumError("Failed to get pageobject.")
    return calls.OBJECT_TYPE(ctypes.c_void_p(obj))


def _bounds(obj: int) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    if not calls.OBJECT_BOUNDS(ctypes.c_void_p(obj), *refs):
        raise pdfium.PdfiumError("Failed to locate pageobject.")
    return left.value, bottom.value, right.value, top.value


def page_paths(page: pdfium.PdfPage) -> tuple[list[dict], list[dict]]:
    """The page's straight lines (``pts``) and rectangles (``x0, top, x1, bottom``)."""
    frame = _Frame(page)
    lines: list[dict] = []
    rects: list[dict] = []
    for path, matrix in _path_objects(page):
        for subpath in _subpaths(path, matrix):
            points = [frame.point(x, y) for x, y in subpath]
            if len(points) == 2:
                lines.append({"pts": points})
                continue
            box = _rectangle(points)
            if box is not None:
                x0, top, x1, bottom = box
                rects.append({"x0": x0, "top": top, "x1": x1, "bottom": bottom})
    return lines, rects


def _path_objects(page: pdfium.PdfPage) -> Iterator[tuple[ctypes.c_void_p, Matrix]]:
    """Path objects with the matrix that takes them to user space, forms included."""
    raw = calls.handle(page.raw)
    count = calls.COUNT_OBJECTS(raw)
    objects = (ctypes.c_void_p(calls.GET_OBJECT(raw, i)) for i in range(count))
    yield from _walk(objects, _IDENTITY, 0)


def _walk(objects, parent: Matrix, depth: int) -> Iterator[tuple[ctypes.c_void_p, Matrix]]:
    for obj in objects:
        kind = calls.OBJECT_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, _compose(_object_matrix(obj), parent)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            inner = _compose(_object_matrix(obj), parent)
            count = calls.COUNT_FORM_OBJECTS(obj)
            children = (
                ctypes.c_void_p(calls.GET_FORM_OBJECT(obj, ctypes.c_ulong(i))) for i in range(count)
            )
            yield from _walk(children, inner, depth + 1)


def _object_matrix(obj: ctypes.c_void_p) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not calls.OBJECT_MATRIX(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _subpaths(path: ctypes.c_void_p, matrix: Matrix) -> Iterator[list[tuple[float, float]]]:
    """Straight-segment subpaths in user space; a subpath with a curve is dropped."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    x_p, y_p = ctypes.byref(x), ctypes.byref(y)
    current: list[tuple[float, float]] = []
    curved = False
    for index in range(calls.COUNT_SEGMENTS(path)):
        segment = ctypes.c_void_p(calls.GET_SEGMENT(path, index))
        kind = calls.SEGMENT_TYPE(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if current and not curved:
                yield current
            current, curved = [], False
        elif kind != pdfium_c.FPDF_SEGMENT_LINETO:
            curved = True  # Bézier, or unknown
        calls.SEGMENT_POINT(segment, x_p, y_p)
        current.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
        if calls.SEGMENT_CLOSE(segment) and current[0] != current[-1]:
            current.append(current[0])
    if current and not curved:
        yield current


def _rectangle(points: list[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """x0, top, x1, bottom when the points draw an axis-aligned rectangle, else None."""
    if len(points) == 5 and _close(points[0], points[4]):
        points = points[:4]
    if len(points) != 4:
        return None
    for (xa, ya), (xb, yb) in zip(points, points[1:] + points[:1]):
        if not (_same(xa, xb) or _same(ya, yb)):
            return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _same(u: float, v: float) -> bool:
    return abs(u - v) < 1e-3


def _close(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return _same(p[0], q[0]) and _same(p[1], q[1])
