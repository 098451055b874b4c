"""Words grouped into text lines and, within a line, into phrases (runs of words
closer than a wide space). Shared by every table step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.pdf.layout import Word


@dataclass(frozen=True)
class TextLine:
    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def group_lines(words: Sequence[Word]) -> list[TextLine]:
    """Words → text lines (same baseline band), each sorted left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines:
            last = lines[-1]
            ref = sum(w.yc for w in last) / len(last)
            tolerance = 0.45 * min(word.height, min(w.height for w in last))
            if abs(word.yc - ref) <= max(tolerance, 1.0):
                last.append(word)
                continue
        lines.append([word])
    return [TextLine(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


def phrases(words: Sequence[Word]) -> list[list[Word]]:
    """Split a line where the gap between words is wider than a space."""
    out: list[list[Word]] = []
    for word in words:
        if out and word.x0 - out[-1][-1].x1 <= 0.8 * max(word.height, 4.0):
            out[-1].append(word)
        else:
            out.append([word])
    return out
