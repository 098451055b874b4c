"""Page geometry placed by hand: words and ruling lines as the table reader receives
them (:class:`~delib_extract.pdf.layout.PageLayout`), with no PDF and no PDF library.

Glyphs are given an average width (half an em, about Helvetica's), so that a line of
text has the extent it would have on a printed page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from delib_extract.pdf.layout import PageLayout, Rule, Word

SIZE = 8.0  # font size (pt) of table text
_GLYPH = 0.5  # average glyph width, in ems
_SPACE = 0.25  # a space, in ems: well under the gap that separates two phrases


def words(text: str, x0: float, top: float, size: float = SIZE) -> list[Word]:
    """A run of text starting at (x0, top), one Word per space-separated token."""
    out, x = [], x0
    for token in text.split():
        width = len(token) * size * _GLYPH
        out.append(Word(token, x, top, x + width, top + size))
        x += width + size * _SPACE
    return out


def row(top: float, cells: Sequence[tuple[float, str]], size: float = SIZE) -> list[Word]:
    """One printed line of a table: (x0, text) of each cell."""
    return [w for x0, text in cells for w in words(text, x0, top, size)]


def grid(xs: Sequence[float], ys: Sequence[float]) -> list[Rule]:
    """A fully ruled table: a vertical rule at each x and a horizontal one at each y."""
    vertical = [Rule(False, x, ys[0], ys[-1]) for x in xs]
    horizontal = [Rule(True, y, xs[0], xs[-1]) for y in ys]
    return vertical + horizontal


def page(
    placed: Iterable[Word],
    rules: Iterable[Rule] = (),
    vtexts: Iterable[Word] = (),
    number: int = 1,
) -> PageLayout:
    """An A4 portrait page holding these words, rules and vertical lines of text."""
    return PageLayout(number, 595.0, 842.0, list(placed), list(vtexts), list(rules))
