"""A run of pages read as one text, with the page of every character kept.

Paragraphs cross page breaks (an attendance list, a recusal sentence); parsers work
on the joined text and ask :meth:`DocText.page_at` for the page of what they found.
Running page footers (``1/3``, ``Page 2 sur 8``) are dropped so they do not land
inside a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from delib_extract.text.normalise import collapse_spaces

_FOOTER_RE = re.compile(
    r"^\s*(?:\d{1,3}\s*/\s*\d{1,3}|page\s+\d+(?:\s*(?:sur|/)\s*\d+)?|-\s*\d{1,3}\s*-|\d{1,3})\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocText:
    text: str
    starts: tuple[int, ...]  # offset in `text` where each page begins
    page_numbers: tuple[int, ...]

    @classmethod
    def from_pages(cls, pages: Iterable[tuple[int, str]], drop_footers: bool = True) -> DocText:
        parts, starts, numbers, offset = [], [], [], 0
        for number, text in pages:
            lines = collapse_spaces(text).split("\n")
            if drop_footers:
                lines = [line for line in lines if not _FOOTER_RE.match(line)]
            chunk = "\n".join(line for line in lines if line) + "\n"
            starts.append(offset)
            numbers.append(number)
            parts.append(chunk)
            offset += len(chunk)
        return cls("".join(parts), tuple(starts), tuple(numbers))

    def page_at(self, offset: int) -> int:
        if not self.page_numbers:
            return 1
        index = bisect.bisect_right(self.starts, max(offset, 0)) - 1
        return self.page_numbers[max(index, 0)]

    def page_text(self, page_number: int) -> str:
        index = self.page_numbers.index(page_number)
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    def slice(self, start: int, end: int) -> DocText:
        """The text between two offsets, keeping the page mapping."""
        start, end = max(start, 0), min(end, len(self.text))
        starts, numbers = [0], [self.page_at(start)]
        for page_start, number in zip(self.starts, self.page_numbers):
            if start < page_start < end:
                starts.append(page_start - start)
                numbers.append(number)
        return DocText(self.text[start:end], tuple(starts), tuple(numbers))
