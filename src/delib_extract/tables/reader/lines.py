"""Words grouped into text lines and, within a line, into phrases (runs of words
closer than a wide space). Shared by every table step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.pdf.layout import Word


class _computed_once:
    """functools.cached_property without its lock (Python 3.11 takes one per first read:
    as slow as computing these again)."""

    def __init__(self, compute):
        self._compute, self._name = compute, compute.__name__

    def __get__(self, line, owner=None):
        if line is None:
            return self
        value = line.__dict__[self._name] = self._compute(line)
        return value


@dataclass(frozen=True)
class TextLine:
    """(Its measures are computed once: every table step asks for them again.)"""

    words: tuple[Word, ...]

    @_computed_once
    def top(self) -> float:
        return min(w.top for w in self.words)

    @_computed_once
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @_computed_once
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @_computed_once
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @_computed_once
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def group_lines(words: Sequence[Word]) -> list[TextLine]:
    """Words → text lines (same baseline band), each sorted left to right."""
    lines: list[list[Word]] = []
    # The current line's sum of centres and smallest height, kept as words join it
    # (added in the same order as a sum over the line: the same floats).
    total, lowest = 0.0, 0.0
    # By centre then left, ties in the given order (the index): Words are never compared.
    for yc, _, _, word in sorted([(w.yc, w.x0, i, w) for i, w in enumerate(words)]):
        height = word.height
        if lines:
            last = lines[-1]
            tolerance = 0.45 * min(height, lowest)
            if abs(yc - total / len(last)) <= max(tolerance, 1.0):
                last.append(word)
                total += yc
                lowest = min(lowest, height)
                continue
        lines.append([word])
        total, lowest = 0 + yc, height
    return [TextLine(tuple(sorted(line, key=_left))) for line in lines]


def _left(word: Word) -> float:
    return word.x0


def phrases(words: Sequence[Word]) -> list[list[Word]]:
    """Split a line where the gap between words is wider than a space."""
    out: list[list[Word]] = []
    for word in words:
        if out and word.x0 - out[-1][-1].x1 <= 0.8 * max(word.height, 4.0):
            out[-1].append(word)
        else:
            out.append([word])
    return out
