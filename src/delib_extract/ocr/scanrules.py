"""Ruling lines of a scanned page, found in the image, and the image cleaned for OCR.

A scan is first straightened (:func:`deskew`): a page fed askew by half a degree moves
a line of text by several points across the page, enough to split a table row.

A scan has no vector rules, yet its tables are drawn: long runs of dark pixels. They
are found row by row and column by column (a run at least ``min_length_pt`` long; no
glyph is that long), returned as :class:`~delib_extract.pdf.layout.Rule` in points, and
erased from the image handed to Tesseract, with light shading (header backgrounds):
both make Tesseract read cell borders as ``|`` and split or drop words.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from delib_extract.pdf.layout import Rule

_DARK = 140  # grey level below which a pixel is ink
_LIGHT = 175  # lighter than this is paper or shading: made white


def deskew(
    image: Image.Image, max_angle: float = 3.0, step: float = 0.1
) -> tuple[Image.Image, float]:
    """The page turned upright, and the angle (degrees) it was turned by: the angle whose
    rows of ink are sharpest (projection profile of a reduced image), when clearly
    sharper than the page as it is (a straight page is never touched)."""
    grey = image.convert("L")
    small = grey.reduce(4) if min(grey.size) > 800 else grey
    ink = small.point(lambda v: 255 if v < _DARK else 0)
    scores = {}
    for tenth in range(-round(max_angle / step), round(max_angle / step) + 1):
        turned = ink.rotate(tenth * step, resample=Image.Resampling.NEAREST)
        rows = np.asarray(turned).sum(axis=1).astype(np.float64)
        scores[tenth * step] = float(np.square(np.diff(rows)).sum())
    angle = max(scores, key=lambda a: scores[a])
    if scores[angle] <= 1.1 * scores[0.0]:
        return grey, 0.0
    return grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), angle


def find_rules(image: Image.Image, dpi: int, min_length_pt: float = 30.0) -> list[Rule]:
    """Horizontal and vertical rules of a greyscale page image, in points."""
    ink = np.asarray(image.convert("L")) < _DARK
    length = max(int(min_length_pt * dpi / 72), 2)
    scale = 72.0 / dpi
    rules = [Rule(True, y * scale, x0 * scale, x1 * scale) for y, x0, x1 in _runs(ink, length)]
    rules += [Rule(False, x * scale, y0 * scale, y1 * scale) for x, y0, y1 in _runs(ink.T, length)]
    return rules


def clean_for_ocr(image: Image.Image, dpi: int, min_length_pt: float = 30.0) -> Image.Image:
    """The page without its rules and shading: black text on white."""
    grey = np.asarray(image.convert("L")).copy()
    ink = grey < _DARK
    length = max(int(min_length_pt * dpi / 72), 2)
    grey[_line_mask(ink, length) | _line_mask(ink.T, length).T] = 255
    grey[grey > _LIGHT] = 255
    return Image.fromarray(grey)


def _line_mask(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels that belong to a horizontal run of ink at least ``length`` long (grown by
    a pixel up and down to take the anti-aliased edges of the line too)."""
    counts = np.cumsum(ink, axis=1, dtype=np.int32)
    window = counts[:, length - 1 :].copy()
    window[:, 1:] -= counts[:, :-length]
    starts = np.zeros(ink.shape, dtype=np.int32)
    starts[:, : window.shape[1]] = window >= length
    # A run of `length` starting at x covers x .. x+length-1: spread the starts.
    cover = np.cumsum(starts, axis=1, dtype=np.int32)
    shifted = np.zeros_like(cover)
    shifted[:, length:] = cover[:, :-length]
    mask = (cover - shifted) > 0
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    return grown


def _runs(ink: np.ndarray, length: int) -> list[tuple[float, float, float]]:
    """(position, start, end) of each line: rows holding a long run, adjacent rows of
    one stroke merged (a line is several pixels thick)."""
    mask = _line_mask(ink, length)
    rows = np.flatnonzero(mask.any(axis=1))
    lines: list[tuple[float, float, float]] = []
    group: list[int] = []
    for row in [*rows.tolist(), -10]:
        if group and row != group[-1] + 1:
            band = mask[group[0] : group[-1] + 1].any(axis=0)
            for start, end in _spans(band):
                if end - start >= length:
                    lines.append(((group[0] + group[-1]) / 2, float(start), float(end)))
            group = []
        if row >= 0:
            group.append(row)
    return lines


def _spans(band: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], band, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))
