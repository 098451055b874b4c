"""Who voted what, when the document names them: the members of a side (« CONTRE 1
(Jean Marie X) », « Contre : M. X, Mme Y »), the groups beside them (« 8 abstentions
(groupe Agir et Mme X) »), and the members who took no part in the vote (« X ne prend
pas part au vote », « Considérant que M. X n'a pas pris part au vote »)."""

from __future__ import annotations

import re

from delib_extract.parse.council.entries import split_entries
from delib_extract.parse.council.lines import Line, any_rx, fold_keep, rx
from delib_extract.parse.council.names import looks_like_name, person_of, strip_civility
from delib_extract.templates.vocabulary import Vocabulary
from delib_extract.text.names import Person
from delib_extract.vocab import VotePosition


def named_after(after: str) -> tuple[list[str], list[str]]:
    """The names in the parenthesis right after a count: members, and groups."""
    match = re.match(r"\s*(?:voix|votes?)?\s*\(([^()]{2,400})\)", after)
    if not match:
        return [], []
    names, groups = [], []
    for entry in split_entries(match.group(1)):
        name = _name(entry)
        if name:
            names.append(name)
        elif strip_civility(entry)[1]:
            groups.append(strip_civility(entry)[1])
    return names, groups


def named_sides(line: Line, vocab: Vocabulary) -> list[tuple[VotePosition, list[str]]]:
    """« Contre : M. X, Mme Y » — the members of a side named without their count."""
    out = []
    for position, pattern in vocab.positions:
        side = rx(rf"(?:^|[;/,.] |\b(?:dont|et) )(?:{pattern}) ?: ?(?=[^\d\s])")
        match = side.search(line.folded)
        if not match:
            continue
        tail = re.split(r"\s[-–/]\s|;", line.text[match.end() :])[0]
        names = [n for e in split_entries(tail) if (n := _name(e))]
        if names:
            out.append((VotePosition(position), names))
    return out


def _name(entry: str) -> str | None:
    """A member's name as printed, civility left out (a group's name is not one)."""
    _, bare = strip_civility(entry)
    return bare if looks_like_name(bare) and any(c.isupper() for c in bare[1:]) else None


def not_voting(line: Line, vocab: Vocabulary) -> list[Person]:
    """The members a line says took no part in the vote."""
    folded, printed = line.folded, line.text
    match = any_rx(vocab.not_voting).search(folded)
    if not match:
        return []
    after = printed[match.end() :].lstrip()
    if after.startswith(":"):  # « Ne prend pas part au vote : X, Y »
        return [p for e in split_entries(after[1:]) if (p := _person(e))]
    # « M. X, intéressé(e) à l'affaire, ne prend pas part au vote »: the name before the
    # qualifier
    before = printed[: match.start()].rstrip(" ,")
    qualifier = re.search(r",[^,]*\b(?:interess|concern|membre|conseill|adjoint)[^,]*$",
                          fold_keep(before))  # fmt: skip
    words = re.split(r"\s+", before[: qualifier.start()] if qualifier else before)
    picked: list[str] = []
    for word in reversed(words):
        if not word or not (word[0].isupper() or word.lower() in ("de", "du", "le", "et")):
            break
        picked.insert(0, word)
    return [p for e in split_entries(" ".join(picked)) if (p := _person(e))]


def _person(text: str) -> Person | None:
    _, bare = strip_civility(text)
    if not looks_like_name(bare) or not any(c.isupper() for c in bare[1:]):
        return None
    return person_of(text)
