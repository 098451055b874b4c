"""Build council documents (deliberations, minutes) for the tests of the general reader.

A document is its printed lines, page by page, as French councils print them; long lines
wrap at the right margin as a word processor would. A page may be *scanned*: rendered to
an image and put back without a text layer (tests/pdfpost.py), for OCR.

The wording of every fixture is the tests' own (invented communes and people), in the
shapes the real documents show.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from support.pdfgen import FONT
from support.pdfpost import transform_pdf

rl_config.invariant = 1  # same lines, same bytes

WRAP = 95  # characters on a full line of the page
_LEADING = 13.5


def luhn_siren(first_eight: str) -> str:
    """A SIREN whose check digit is right (the stamp reader checks it)."""
    for last in "0123456789":
        digits = first_eight + last
        total = 0
        for i, char in enumerate(reversed(digits)):
            value = int(char) * (2 if i % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def build_council_pdf(
    pages: Sequence[Sequence[str]],
    path: str | Path,
    *,
    scan: Iterable[int] = (),
    size: float = 10.0,
) -> Path:
    """Print ``pages`` (lines of text; a line longer than a full line wraps) to ``path``;
    the 1-based pages in ``scan`` become images without text."""
    path = Path(path)
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("Document de test")
    height = A4[1]
    for lines in pages:
        canvas.setFont(FONT, size)
        y = height - 60
        for line in lines:
            for piece in textwrap.wrap(line, int(WRAP * 10 / size)) or [""]:
                canvas.drawString(50, y, piece)
                y -= _LEADING * size / 10
        canvas.showPage()
    canvas.save()
    scanned = list(scan)
    if scanned:
        transform_pdf(path, scan=scanned, scan_dpi=300)
    return path
