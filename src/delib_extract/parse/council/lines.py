"""A council document as lines: page furniture and stamps out, each line with its page
and a folded twin (lowercase, no accents, same length) that the vocabulary is matched on.

Length-preserving folding is what lets a pattern found in the folded text give back the
printed text at the same offsets (names keep their case and accents).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from delib_extract.text.normalise import clean_pdf_text, collapse_spaces

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"}


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    if char in _DASHES:
        return _DASHES[char]
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold_keep(text: str) -> str:
    """Lowercase, accents and typographic apostrophes/dashes unified, one character for
    one character (offsets in the result are offsets in ``text``)."""
    return "".join(_fold_char(c) for c in text)


@functools.lru_cache(maxsize=2048)
def rx(pattern: str) -> re.Pattern[str]:
    """A vocabulary pattern compiled: a plain space matches any run of whitespace, `` ?``
    any (or none); spaces inside a character class stay as they are."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        if char == " " and not in_class:
            optional = pattern[i + 1 : i + 2] == "?"
            out.append(r"\s*" if optional else r"\s+")
            i += 2 if optional else 1
            continue
        out.append(char)
        i += 1
    return re.compile("".join(out), re.MULTILINE)


def any_rx(patterns: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of ``patterns`` (each in its own group, in order)."""
    return rx("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Line:
    text: str  # as printed, runs of spaces collapsed
    folded: str  # fold_keep(text)
    page: int
    ocr: bool = False  # read by OCR on a scanned page


@dataclass(frozen=True)
class Lines:
    """Lines joined by ``\\n`` for patterns that span lines, with the way back from an
    offset to its line."""

    lines: tuple[Line, ...]
    text: str
    folded: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Lines:
        starts, offset = [], 0
        for line in lines:
            starts.append(offset)
            offset += len(line.text) + 1
        return cls(
            tuple(lines),
            "\n".join(line.text for line in lines),
            "\n".join(line.folded for line in lines),
            tuple(starts),
        )

    def index_at(self, offset: int) -> int:
        """The index of the line holding ``offset``."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def page_at(self, offset: int) -> int:
        return self.lines[self.index_at(offset)].page if self.lines else 1

    def span(self, first: int, last: int) -> Lines:
        """Lines ``first`` to ``last`` (inclusive) as their own Lines."""
        return Lines.of(self.lines[first : last + 1])


def document_lines(
    pages: Sequence[tuple[int, str]],
    stamp_fragments: Sequence[str],
    furniture: Sequence[str],
    ocr_pages: frozenset[int] = frozenset(),
    keep: Sequence[str] = (),
) -> list[Line]:
    """Every line of the document that carries text of its own: the @ctes stamp cut out,
    page furniture dropped, and so are lines printed at the top or bottom of most pages
    (running headers and margins) unless they match ``keep`` (« Vote : unanimité » may
    well end most pages)."""
    stamp, junk = any_rx(stamp_fragments), any_rx(furniture)
    per_page: list[list[Line]] = []
    for number, text in pages:
        lines = []
        for raw in collapse_spaces(clean_pdf_text(text)).split("\n"):
            line = _without_stamp(raw, stamp)
            folded = fold_keep(line)
            if line and not junk.search(folded):
                lines.append(Line(line, folded, number, number in ocr_pages))
        per_page.append(lines)
    running = _running_lines(per_page, any_rx(keep) if keep else None)
    out = []
    for lines in per_page:
        for i, line in enumerate(lines):
            if _in_margin(i, len(lines)):
                line = _without_running(line, running)
            if line is not None and line.ocr:
                line = _without_margin_prefix(line, running)
            if line is not None:
                out.append(line)
    return out


_PREFIX_MIN, _REST_MIN = 5, 10  # letters of a running prefix, and of the text left


def _without_margin_prefix(line: Line, running: set[str]) -> Line | None:
    """OCR reads a line of a margin block and the line of text beside it as one line
    (« délibération : 10 Approbation du procès-verbal … »): the margin's words go."""
    key = _key(line)
    prefix = max((r for r in running if len(r) >= _PREFIX_MIN and key.startswith(r)),
                 key=len, default=None)  # fmt: skip
    if prefix is None or len(key) - len(prefix) < _REST_MIN:
        return line
    letters = [i for i, char in enumerate(line.folded) if "a" <= char <= "z"]
    cut = letters[len(prefix) - 1] + 1  # just after the prefix's last letter
    text = re.sub(r"^[^A-Za-zÀ-ÿ]+", "", line.text[cut:]).strip()
    return Line(text, fold_keep(text), line.page, line.ocr) if text else None


def _without_running(line: Line, running: set[str]) -> Line | None:
    """The line without its running parts: a running header alone, or beside the text it
    was read with (OCR joins columns with « | »: « REPUBLIQUE FRANCAISE | Monsieur … »)."""
    if _is_running(_key(line), running):
        return None
    parts = line.text.split(" | ")
    kept = [p for p in parts if not _is_running(re.sub(r"[^a-z]+", "", fold_keep(p)), running)]
    if len(kept) == len(parts):
        return line
    text = " | ".join(kept).strip()
    return Line(text, fold_keep(text), line.page, line.ocr) if text else None


def _without_stamp(line: str, stamp: re.Pattern[str]) -> str:
    folded = fold_keep(line)
    cuts = [m.span() for m in stamp.finditer(folded)]
    for start, end in reversed(cuts):
        line = line[:start] + " " + line[end:]
    return re.sub(r"\s+", " ", line).strip(" |")


def _key(line: Line) -> str:
    return re.sub(r"[^a-z]+", "", line.folded)


_MARGIN_TOP, _MARGIN_BOTTOM = 20, 6  # lines of a page where running headers are printed
_TOP_OF_TWO = 3  # a document of two pages: its header is among their first lines


def _in_margin(index: int, count: int) -> bool:
    return index < _MARGIN_TOP or index >= count - _MARGIN_BOTTOM


def _running_lines(per_page: list[list[Line]], keep: re.Pattern[str] | None) -> set[str]:
    """Keys of lines printed near the top or bottom of at least half the pages (three or
    more): running headers, footers, margins. On scanned pages OCR reads them with a
    letter or two of difference: those count as the same line."""
    if len(per_page) < 2:
        return set()
    if len(per_page) == 2:  # two pages: only a line that opens both is a header
        tops = [{_key(line) for line in lines[:_TOP_OF_TWO]} for lines in per_page]
        return {k for k in tops[0] & tops[1] if k and not (keep and keep.search(k))}
    margins = [
        {_key(line) for i, line in enumerate(lines) if _in_margin(i, len(lines))
         if not (keep and keep.search(line.folded)) and 0 < len(_key(line)) <= 80}
        for lines in per_page
    ]  # fmt: skip
    floor = max(3, (len(per_page) + 1) // 2)
    counts = Counter(key for keys in margins for key in keys)
    running = {key for key, n in counts.items() if n >= floor}
    if len(per_page) > _FUZZY_PAGES:  # alike, not equal: only where OCR may have read them
        return running
    for key, n in counts.items():
        if key not in running and len(key) >= 8 and n < floor:
            pages = sum(1 for keys in margins if key in keys or any(_similar(key, k) for k in keys))
            if pages >= floor:
                running.add(key)
    return running


_SIMILAR = 0.85  # a running header read by OCR varies by a letter or two from page to page
_FUZZY_PAGES = 60  # beyond, comparing every margin line with every other costs too much


def _similar(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 3 or (a[:4] != b[:4] and a[-4:] != b[-4:]):
        return False
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= _SIMILAR and matcher.ratio() >= _SIMILAR


def _is_running(key: str, running: set[str]) -> bool:
    if not key or key in running:
        return bool(key)
    return len(key) >= 8 and any(_similar(key, r) for r in running)
