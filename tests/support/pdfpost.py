"""Page-level transforms applied to a finished PDF, with PDFium (pypdfium2).

They turn a clean generated document into the layouts real CP documents come in:

* :func:`store_rotated` — a landscape page stored as a portrait page with ``/Rotate``
  90 or 270 (the content is drawn turned on the portrait media box);
* :func:`scan_pages` — a page rasterised into an image-only page (no text layer), as a
  signed deliberation scanned back to PDF;
* :func:`strip_rules` — the ruling lines of a page removed (whitespace-only tables).

Each takes 1-based page numbers and rewrites the file in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def transform_pdf(
    path: str | Path,
    *,
    rotate: Mapping[int, int] | None = None,
    scan: Iterable[int] = (),
    strip: Iterable[int] = (),
    scan_dpi: int = 200,
    scan_skew: float = 0.0,
    scan_noise: float = 0.0,
) -> Path:
    """Apply every transform at once (strip rules, then rotate storage, then scan)."""
    path = Path(path)
    rotate, scan, strip = dict(rotate or {}), set(scan), set(strip)
    if not (rotate or scan or strip):
        return path
    src = pdfium.PdfDocument(str(path))
    if strip:
        _strip_paths(src, strip)
    out = pdfium.PdfDocument.new()
    for index in range(len(src)):
        number = index + 1
        if number in scan:
            _scanned_copy(src, index, out, scan_dpi, scan_skew, scan_noise)
        elif number in rotate:
            _rotated_copy(src, index, out, rotate[number])
        else:
            out.import_pages(src, [index])
    tmp = path.with_suffix(".tmp.pdf")
    out.save(str(tmp))
    out.close()
    src.close()
    tmp.replace(path)
    return path


def _strip_paths(doc: pdfium.PdfDocument, pages: set[int]) -> None:
    for number in pages:
        page = doc[number - 1]
        paths = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1))
        for obj in paths:
            if _is_rule(obj):
                page.remove_obj(obj)
        page.gen_content()
        page.close()


def _is_rule(obj: pdfium.PdfObject) -> bool:
    """A thin line or a cell border; filled header backgrounds are kept (shading only)."""
    left, bottom, right, top = obj.get_bounds()
    thin = min(right - left, top - bottom) < 2.5
    fill_mode, stroked = _draw_mode(obj)
    return thin or (stroked and not fill_mode)


def _draw_mode(obj: pdfium.PdfObject) -> tuple[int, bool]:
    import ctypes

    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    return fill.value, bool(stroke.value)


def _rotated_copy(src: pdfium.PdfDocument, index: int, out: pdfium.PdfDocument, angle: int) -> None:
    """Landscape content on a portrait media box, turned so that /Rotate shows it upright."""
    width, height = src.get_page_size(index)
    xobject = src.page_as_xobject(index, out)
    obj = xobject.as_pageobject()
    page = out.new_page(height, width)
    if angle == 90:  # shown turned clockwise: draw it counter-clockwise
        matrix = pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0)
    elif angle == 270:
        matrix = pdfium.PdfMatrix().rotate(90, ccw=False).translate(0, width)
    else:
        raise ValueError(f"rotation {angle} not supported")
    obj.transform(matrix)
    page.insert_obj(obj)
    page.gen_content()
    page.set_rotation(angle)
    page.close()


def _scanned_copy(
    src: pdfium.PdfDocument,
    index: int,
    out: pdfium.PdfDocument,
    dpi: int,
    skew: float = 0.0,
    noise: float = 0.0,
) -> None:
    """The page as displayed, rasterised, on a page of the same displayed size; a rough
    scan is turned by ``skew`` degrees and speckled (grey noise of that deviation)."""
    page = src[index]
    width, height = page.get_size()  # as displayed (/Rotate applied)
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    page.close()
    if skew or noise:
        import numpy as np
        from PIL import Image

        image = bitmap.to_pil().convert("L")
        if skew:
            image = image.rotate(skew, resample=3, fillcolor=255)
        if noise:
            pixels = np.asarray(image, dtype=np.float32)
            pixels += np.random.default_rng(index).normal(0, noise, pixels.shape)
            image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
        bitmap = pdfium.PdfBitmap.from_pil(image)
    target = out.new_page(width, height)
    image_obj = pdfium.PdfImage.new(out)
    image_obj.set_bitmap(bitmap)
    image_obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
    target.insert_obj(image_obj)
    target.gen_content()
    target.close()
