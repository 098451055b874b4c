"""Glyphs into words: upright glyphs as pdfplumber's ``extract_words`` groups them, the
glyphs of vertical text into lines read in their own direction.

Pure functions of :data:`~delib_extract.pdf.layout.Glyph` tuples, whichever engine read
them (:mod:`.pdfium_geometry`, or pdfplumber through
:func:`~delib_extract.pdf.source.plumber_glyphs`).
"""

from __future__ import annotations

from delib_extract.pdf.layout import Glyph, Word
from delib_extract.text.normalise import clean_pdf_text

# pdfplumber's ligature expansion, applied to the words it would give (not to vertical text).
_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def horizontal_words(chars: list[Glyph], x_tolerance: float, y_tolerance: float) -> list[Word]:
    """Glyphs → words, exactly as pdfplumber's ``extract_words`` (default directions,
    no text flow) groups upright characters: lines are clusters of ``top`` values
    chained within the y tolerance, read by ``x0``; a word ends at a blank glyph, at a
    gap wider than the x tolerance, at a step back or a change of line."""
    line_of: dict[float, int] = {}
    line, last = -1, 0.0
    for top in sorted({c[2] for c in chars}):
        if line < 0 or top > last + y_tolerance:
            line += 1
        line_of[top], last = line, top
    lines: list[list[Glyph]] = [[] for _ in range(line + 1)]
    for char in chars:
        lines[line_of[char[2]]].append(char)
    words: list[Word] = []
    for glyphs in lines:
        glyphs.sort(key=_x0)  # stable: glyphs at the same x0 stay in the page's order
        _line_words(glyphs, x_tolerance, y_tolerance, words)
    return words


def _x0(char: Glyph) -> float:
    return char[1]


def _line_words(
    glyphs: list[Glyph], x_tolerance: float, y_tolerance: float, words: list[Word]
) -> None:
    texts: list[str] = []  # the word being read: its glyphs' text, its box, its last glyph
    x0 = top = x1 = bottom = last_x0 = last_x1 = last_top = 0.0
    for text, c_x0, c_top, c_x1, c_bottom, _ in glyphs:
        if not text or text.isspace():  # a blank ends a word; pdfplumber makes a glyph
            _add_word(words, texts, x0, top, x1, bottom)  # without text a word of its own,
            texts = []  # which is blank too
            continue
        if texts and not (
            c_x0 < last_x0 or c_x0 > last_x1 + x_tolerance or abs(c_top - last_top) > y_tolerance
        ):
            texts.append(_LIGATURES.get(text, text))
            if c_x0 < x0:  # min() and max(), without the calls
                x0 = c_x0
            if c_top < top:
                top = c_top
            if c_x1 > x1:
                x1 = c_x1
            if c_bottom > bottom:
                bottom = c_bottom
        else:
            _add_word(words, texts, x0, top, x1, bottom)
            texts = [_LIGATURES.get(text, text)]
            x0, top, x1, bottom = c_x0, c_top, c_x1, c_bottom
        last_x0, last_x1, last_top = c_x0, c_x1, c_top
    _add_word(words, texts, x0, top, x1, bottom)


def _add_word(
    words: list[Word], texts: list[str], x0: float, top: float, x1: float, bottom: float
) -> None:
    text = "".join(texts)
    if text.strip():
        words.append(Word(clean_pdf_text(text), x0, top, x1, bottom))


def vertical_lines(chars: list[Glyph]) -> list[Word]:
    """Group rotated glyphs into lines of text, each read in its own direction."""
    if not chars:
        return []
    by_column: list[list[Glyph]] = []
    for char in sorted(chars, key=_xc):
        xc = _xc(char)
        if by_column and abs(xc - _xc(by_column[-1][-1])) <= 2.0:
            by_column[-1].append(char)
        else:
            by_column.append([char])
    out = []
    for column in by_column:
        angle = column[0][5]
        ordered = sorted(column, key=lambda c: c[2], reverse=(angle == 90))
        segment: list[Glyph] = [ordered[0]]
        for char in ordered[1:]:
            if _gap(segment[-1], char, angle) > 1.5 * _across(segment[-1]):
                out.append(_vertical_word(segment, angle))
                segment = []
            segment.append(char)
        out.append(_vertical_word(segment, angle))
    return [w for w in out if w.text]


def _xc(char: Glyph) -> float:
    return (char[1] + char[3]) / 2


def _vertical_word(chars: list[Glyph], angle: int) -> Word:
    text = clean_pdf_text(_spaced_text(chars, angle))
    return Word(
        " ".join(text.split()),
        min(c[1] for c in chars),
        min(c[2] for c in chars),
        max(c[3] for c in chars),
        max(c[4] for c in chars),
        angle=angle,
    )


def _spaced_text(chars: list[Glyph], angle: int) -> str:
    """The glyphs' text, with a space where a gap as wide as one separates two glyphs:
    PDFium does not report the space glyphs of rotated text, pdfminer does (then the
    gap is nil and the space is already there)."""
    out = [chars[0][0]]
    for before, char in zip(chars, chars[1:]):
        if _gap(before, char, angle) > 0.15 * _across(before):
            out.append(" ")
        out.append(char[0])
    return "".join(out)


def _gap(before: Glyph, char: Glyph, angle: int) -> float:
    """Space between two successive glyphs of a vertical line, in reading order."""
    return (before[2] - char[4]) if angle == 90 else (char[2] - before[4])


def _across(char: Glyph) -> float:
    """A vertical glyph's height: its extent across the line (at least 4 pt)."""
    return max(char[3] - char[1], 4.0)
