"""The sitting a council document reports: the authority, the assembly, the date, who
presided, the secretary, and the counts of members (in office, present, voting).

Read in the head of the document (its first lines, before the decisions); the counts,
which some councils print in the margin of every page, are also looked for further.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from delib_extract.parse.council.dates import find_date
from delib_extract.parse.council.entries import split_entries
from delib_extract.parse.council.lines import Lines, any_rx, rx
from delib_extract.parse.council.names import looks_like_name, person_of, strip_civility
from delib_extract.templates.vocabulary import Vocabulary
from delib_extract.text.names import Person
from delib_extract.text.normalise import collapse

_DATE_WINDOW = 90  # characters after a cue where the sitting's date is printed
_NAME_WINDOW = 80
_WORD = r"[A-ZÀ-Þ][\w'’\-]*"  # a capitalised word of a place name
_AUTHORITY_NAME = (
    rf"(?P<name>(?:{_WORD}|L['’]{_WORD})"
    rf"(?:[ -](?:{_WORD}|de|du|des|la|le|les|sur|sous|en|d['’]{_WORD}|l['’]{_WORD}))*)"
)


@dataclass
class SittingFacts:
    authority: str | None = None
    body: str | None = None
    date: str | None = None
    president: Person | None = None
    secretaries: list[Person] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def read_sitting(
    head: Lines, whole: Lines, vocab: Vocabulary, printed: Lines | None = None
) -> SittingFacts:
    """The sitting, from the head of the document (``whole`` for what some councils print
    further: a secretary named after the lists; ``printed``, every line as printed, margins
    included, for the counts some print in the margin of each page). The authority is
    never taken from the body, which names other collectivités; a running footer of the
    first page may print it (« Ville de X - Conseil municipal du … »)."""
    first_page = Lines.of([line for line in whole.lines if line.page == whole.lines[0].page]
                          if whole.lines else [])  # fmt: skip
    return SittingFacts(
        authority=authority(head, vocab.authority_kinds)
        or authority(head, vocab.authority_fallbacks)
        or authority(first_page, vocab.authority_kinds, heading=True),
        body=body(head, vocab) or body(whole, vocab),
        date=sitting_date(head, vocab),
        president=president(head, vocab),
        secretaries=secretaries(head, vocab) or secretaries(whole, vocab, first_pages=2),
        counts={**counts(printed or whole, vocab), **counts(head, vocab)},
    )


def authority(lines: Lines, kinds: Sequence[str], heading: bool = False) -> str | None:
    """« Ville de Montpellier », « Commune de FARGUES SAINT-HILAIRE », as printed: the
    first authority of one of ``kinds``. Out of the head, only one printed as a heading or
    a footer counts (``heading``: at the start of a line, capitalised)."""
    alternatives = "|".join(f"(?:{k})" for k in kinds)
    start = r"^\W{0,3}" if heading else r"\b"
    cue = rx(rf"{start}(?:{alternatives}) (?:de la |de l'|de |d'|du |des )")
    for match in cue.finditer(lines.folded):
        if heading and not lines.text[match.start() :].lstrip(" -|_.")[:1].isupper():
            continue
        named = re.match(_AUTHORITY_NAME, lines.text[match.end() :])
        if named:
            name = re.sub(r"(?:[ -](?:de|du|des|la|le|les|sur|sous|en))+$", "",
                          named.group("name"))  # fmt: skip
            return collapse(lines.text[match.start() : match.end()] + name)
    return None


def body(lines: Lines, vocab: Vocabulary) -> str | None:
    found = [
        (m.start(), label) for p, label in vocab.bodies for m in [rx(p).search(lines.folded)] if m
    ]
    return min(found)[1] if found else None


def sitting_date(lines: Lines, vocab: Vocabulary) -> str | None:
    """The first date printed after a cue of the sitting (« Séance du », « L'an … »),
    not one of a convocation, a transmission or a publication."""
    other = any_rx(vocab.other_dates)
    cues = sorted(
        (m.start(), m.end()) for c in vocab.sitting_date_cues for m in rx(c).finditer(lines.folded)
    )
    for start, end in cues:
        window = lines.folded[start : end + _DATE_WINDOW]
        found = find_date(window)
        if found and not other.search(window[: found[1]]):
            return found[0]
    for line in lines.lines[:12]:  # a date alone near the top (« CR du … »)
        found = find_date(line.folded)
        if found and not other.search(line.folded):
            return found[0]
    return None


def president(lines: Lines, vocab: Vocabulary) -> Person | None:
    titles = "|".join(f"(?:{t})" for t in vocab.presidency_titles)
    for cue in vocab.presidency_cues:
        for match in rx(rf"{cue} (?:(?:{titles}),? )*").finditer(lines.folded):
            person = _name_at(lines, match.end())
            if person is not None:
                return person
    return None


def _name_at(lines: Lines, start: int) -> Person | None:
    """The name printed from ``start`` up to a comma, a parenthesis, a dash set apart, a
    full stop or the end of the line (unless the line cut it short)."""
    window = lines.text[start : start + _NAME_WINDOW]
    first_line, _, rest = window.partition("\n")
    name = re.split(r",|\(|\s[-–—]\s|\.\s|\.$|\s(?:maire|président)\b", first_line, flags=re.I)[0]
    if not looks_like_name(name) and rest:
        name = re.split(r",|\(|\s[-–—]\s|\.\s|\.$", f"{first_line} {rest.split(chr(10))[0]}")[0]
    name = name.strip(" .")
    return person_of(name) if name and looks_like_name(name) else None


def secretaries(lines: Lines, vocab: Vocabulary, first_pages: int | None = None) -> list[Person]:
    text, folded = lines.text, lines.folded
    for cue in vocab.secretary_after:
        for match in rx(cue).finditer(folded):
            if first_pages and lines.page_at(match.start()) > lines.lines[0].page + first_pages - 1:
                continue
            people = _people_after(text[match.end() : match.end() + 200])
            if people:
                return people
    for cue in vocab.secretary_before:
        for match in rx(cue).finditer(folded):
            before = text[max(0, match.start() - 120) : match.start()].split("\n")[-1]
            people = _people_before(before)
            if people:
                return people
    return []


def _people_after(text: str) -> list[Person]:
    text = text.lstrip(" :\n")
    line = text.split("\n", 1)[0]
    line = re.split(r"\s(?:en qualit[ée]|pour remplir|a [ée]t[ée]|est d[ée]sign)", line)[0]
    people = []
    for entry in split_entries(re.sub(r"\([^)]*\)", "", line)):  # « (élue à l'unanimité) »
        _, bare = strip_civility(entry)
        if not looks_like_name(bare):
            break
        people.append(person_of(entry))
    return [p for p in people if p is not None]


def _people_before(text: str) -> list[Person]:
    words = text.strip(" ,").split()
    picked: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word.lower() in ("de", "du", "le", "et", "la")):
            break
        picked.insert(0, word)
    entries = split_entries(" ".join(picked))
    return [p for e in entries if looks_like_name(strip_civility(e)[1]) if (p := person_of(e))]


def counts(lines: Lines, vocab: Vocabulary) -> dict[str, int]:
    found: dict[str, tuple[int, int]] = {}
    for field_name, pattern in vocab.counts:
        match = rx(pattern).search(lines.folded)
        if match and (field_name not in found or match.start() < found[field_name][0]):
            found[field_name] = (match.start(), int(match.group("n")))
    return {name: value for name, (_, value) in found.items()}


def join_people(people: Sequence[Person]) -> str | None:
    return " ; ".join(p.full_name for p in people) or None
