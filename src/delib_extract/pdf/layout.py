"""Page geometry handed to the table parsers: words, vertical text and ruling lines.

Coordinates are in PDF points in the page's *displayed* orientation (``/Rotate``
applied), origin top-left, ``top < bottom``. Parsers see only these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# One glyph as the geometry readers hand it out (plain tuples: a page has thousands):
# text, x0, top, x1, bottom, angle (0 upright, 90 or 270 when written vertically).
Glyph = tuple[str, float, float, float, float, int]


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR confidence (0-100); None for a text layer
    angle: int = 0  # reading direction: 0 left→right, 90 bottom→top, 270 top→bottom

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Rule:
    """A drawn line or a rectangle's edge: horizontal (y fixed) or vertical (x fixed)."""

    horizontal: bool
    pos: float  # y of a horizontal rule, x of a vertical one
    start: float  # x0 (horizontal) or top (vertical)
    end: float


@dataclass
class PageLayout:
    page_number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    # Lines of text written vertically (rotated table labels), already in reading order.
    vtexts: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    ocr: bool = False

    @property
    def hrules(self) -> list[Rule]:
        return [r for r in self.rules if r.horizontal]

    @property
    def vrules(self) -> list[Rule]:
        return [r for r in self.rules if not r.horizontal]
