"""Headings of decisions: numbers (« Délibération n° 2021-060 », « n° 2014 / 137 »,
« D2018-66 », « DL-055-07-13 - Objet »), titles (« Objet : … », the words after the
number, the lines that wrap), numbered points of minutes (« 1/ », « 2. », « II. »,
« 6.1 ») and the lines that look like a heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.parse.council.lines import Line, any_rx, fold_keep, rx
from delib_extract.templates.vocabulary import Vocabulary
from delib_extract.text.normalise import collapse

_TITLE_MAX = 400
_TITLE_LINES = 5
# Words a title does not end on: it goes on with the next line.
_OPEN_END_RE = re.compile(
    r"(?:\b(?:de|du|des|d'|la|le|les|l'|à|a|au|aux|et|ou|pour|en|sur|par|avec|dans|un|une"
    r"|entre|vers|sous)|[-–—,(/'’])$",
    re.IGNORECASE,
)
_POINT_RE = re.compile(
    r"^\W{0,2}(?P<num>\d{1,2}(?:\.\d{1,2}){0,2}|[IVXL]{1,6})(?P<sep>\s*[/.)°-]\s*|\s+)"
    r"(?P<title>[A-ZÀ-ÖØ-Þ«\"].{2,})$"
)


@dataclass(frozen=True)
class Numbered:
    number: str  # as printed, spaces around / - . removed
    title: str | None  # printed on the same line after the number


@dataclass(frozen=True)
class Point:
    value: tuple[int, ...]  # (6, 1) for « 6.1 », (2,) for « II. »
    roman: bool
    title: str
    style: str  # how the number is set off: « / », « . », « ) », « - », a space


def tidy_number(number: str) -> str:
    """« 2014 / 137 » → « 2014/137 »; « DE2024 - 110 » → « DE2024-110 »."""
    return re.sub(r"\s*([/\-_.])\s*", r"\1", collapse(number)).strip(" .-")


def numbered(line: Line, vocab: Vocabulary) -> Numbered | None:
    """The decision number a line starts with, and the title after it if any."""
    num = vocab.number_alone
    for cue, strong in vocab.number_cues:
        number = f"{num}|{vocab.number_short}" if strong else num
        match = rx(rf"^\W{{0,3}}(?:{cue}) ?(?P<num>{number})(?![\w/])").match(line.folded)
        if not match:
            continue
        rest = line.folded[match.end() :].strip()
        if not strong and rest and not re.match(r"[-–:]|objet\b", rest):
            continue  # a heading's number stands alone or before its title
        return _numbered(line, match, vocab)
    # « DL-055-07-13 - Objet », « 2023/145 - Objet »: a number alone, then the title
    for pattern in vocab.numbers_before_titles:
        match = rx(rf"^\W{{0,3}}(?P<num>{pattern}) ?[-–:] (?=\w)").match(line.folded)
        # the title of a heading starts with a capital (« 2023-2024 : la saison » is prose)
        if match and re.search(r"\d", match.group("num")) and line.text[match.end()].isupper():
            return _numbered(line, match, vocab)
    return None


def _numbered(line: Line, match: re.Match[str], vocab: Vocabulary) -> Numbered:
    number = tidy_number(line.text[match.start("num") : match.end("num")])
    rest = re.sub(r"^[\s:–—\-]+", "", line.text[match.end() :]).strip()
    label = rx(rf"^(?:{'|'.join(vocab.title_labels)}) ?").match(fold_keep(rest))
    return Numbered(number, rest[label.end() :].strip() if label else rest or None)


def title_label(line: Line, vocab: Vocabulary) -> str | None:
    """« Objet : X » → X (empty string when the title is on the next line)."""
    match = rx(rf"^\W{{0,3}}(?:{'|'.join(vocab.title_labels)})").match(line.folded)
    return line.text[match.end() :].strip() if match else None


def point(line: Line, vocab: Vocabulary | None = None) -> Point | None:
    """A numbered point of minutes: « 1/ ONF … », « 2. Reversement … », « II. APPROBATION »,
    « Point n° 3 : … »."""
    if vocab is not None:
        labelled = rx(
            rf"^\W{{0,2}}(?:{'|'.join(vocab.point_labels)}) (?:n ?[°o]\.? ?)?(?P<num>\d{{1,3}})"
            r" ?[-–:.)/]? ?(?=\S)"
        ).match(line.folded)
        if labelled:
            title = line.text[labelled.end() :].strip()
            return Point((int(labelled.group("num")),), False, title, "P") if title else None
    match = _POINT_RE.match(line.text)
    if not match:
        return None
    raw, title = match.group("num"), match.group("title").strip()
    if re.fullmatch(r"[IVXL]+", raw):
        value, roman = (_roman(raw),), True
        if not match.group("sep").strip():  # « I Une phrase » is not a roman heading
            return None
    else:
        value, roman = tuple(int(p) for p in raw.split(".")), False
    style = ("I" if roman else "1") + (match.group("sep").strip()[:1] or " ")
    return Point(value, roman, title, style) if value[0] > 0 else None


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, char in enumerate(text):
        value = values[char]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


def heading_like(line: Line, vocab: Vocabulary) -> bool:
    """A line that can be a decision's title: short, no sentence in it."""
    text, folded = line.text.strip(" |_.:;'‘’-—[]"), line.folded
    words = text.split()
    if not (1 <= len(words) <= 30) or len(text) > 220 or not re.match(r"[\wÀ-ÿ«\"]", text):
        return False
    if not re.search(r"[A-Za-zÀ-ÿ]{3}", text) or sum(c.isdigit() for c in text) > len(text) / 3:
        return False
    if re.search(r"[.;]\s*$", line.text) and not re.search(r"\b[A-Z]\.$", line.text):
        return False
    return not any_rx(vocab.body_starts).match(folded.strip(" |_.:-"))


def procedural(text: str, vocab: Vocabulary) -> bool:
    """« Ouverture de la séance », « Questions diverses »: no decision of their own."""
    return bool(any_rx(vocab.procedural_headings).match(fold_keep(text).strip(" .:-")))


def continue_title(first: str, lines: Sequence[Line], start: int, stop: int, vocab: Vocabulary,
                   wide: int, ends: frozenset[int] = frozenset()) -> tuple[str, int]:  # fmt: skip
    """The title that starts with ``first``, joined with the lines it wraps onto from
    ``start`` (before ``stop``); returns the title and the index after its last line.

    A title goes on when its line ends open (« … de », « … - »), is as wide as a full
    line (``wide``: it wrapped), or when the next line starts in lowercase; it stops at
    a label, a body sentence, or a line that ``ends`` marks (a list, a vote)."""
    title, index, last = first.strip(), start, first
    while index < stop and len(title) < _TITLE_MAX and index - start < _TITLE_LINES:
        line = lines[index]
        if index in ends or _stops_title(line, vocab):
            break
        opened = bool(_OPEN_END_RE.search(title)) or len(last) >= 0.8 * wide
        capitals = _capitals(last) and _capitals(line.text)  # a title in capitals wraps
        if not (opened or capitals or re.match(r"[a-zà-ÿ(]", line.text)):
            break
        title, last = f"{title} {line.text.strip()}", line.text
        index += 1
    return collapse(title).strip(" :-–—"), index


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _stops_title(line: Line, vocab: Vocabulary) -> bool:
    folded = line.folded.strip(" |_.-")
    if any_rx(vocab.body_starts).match(folded) or re.match(r"^[\w' ]{2,30} ?:", folded):
        return True
    return bool(any_rx(vocab.title_labels).match(folded))


def wide_line(lines: Sequence[Line]) -> int:
    """The length of a full line of text: long lines wrapped there."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80
