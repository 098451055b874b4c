"""People as printed in attendance lists: civility, first name(s), LAST NAME."""

from __future__ import annotations

import re
from dataclasses import dataclass

from delib_extract.text.normalise import collapse, fold, slug

CIVILITIES = {
    "m.": "M.", "m": "M.", "mr": "M.", "mr.": "M.", "monsieur": "M.", "messieurs": "M.",
    "mme": "Mme", "mme.": "Mme", "madame": "Mme", "mesdames": "Mme", "mlle": "Mme",
}  # fmt: skip
_CIVILITY_RE = re.compile(
    r"^(M\.|Mr\.?|Mme\.?|Mlle|Monsieur|Madame|Messieurs|Mesdames|M)(?=\s)", re.IGNORECASE
)
# A last-name token: capitals (accents included), hyphens, apostrophes; at least two letters.
_UPPER_TOKEN_RE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]*[A-ZÀ-ÖØ-Þ]$|^[A-ZÀ-ÖØ-Þ]{1,2}'$")
_PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "di", "da"}


@dataclass(frozen=True)
class Person:
    civility: str | None
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        return collapse(f"{self.first_name} {self.last_name}")

    @property
    def member_id(self) -> str:
        return member_id(self.first_name, self.last_name)


def member_id(first_name: str, last_name: str) -> str:
    """One id per person whatever the accents, hyphen spacing or case of a printing."""
    return slug(f"{first_name} {last_name}")


def normalise_civility(word: str | None) -> str | None:
    return CIVILITIES.get(fold(word)) if word else None


def _tidy(name: str) -> str:
    # "HINGREZ- CÉRÉDA", "MESSEANNE -GROBELNY" → joined hyphens; one space elsewhere.
    return re.sub(r"\s*-\s*", "-", collapse(name)).strip(" ,;.")


def parse_person(text: str, default_civility: str | None = None) -> Person | None:
    """``"Mme Mireille HINGREZ-CÉRÉDA"`` → Person("Mme", "Mireille", "HINGREZ-CÉRÉDA").

    The last name is the trailing run of capitalised tokens; a leading particle
    (``de``, ``van``…) before it belongs to it. Returns None for an empty string.
    """
    text = _tidy(text)
    civility = default_civility
    match = _CIVILITY_RE.match(text)
    if match:
        civility = normalise_civility(match.group(1)) or default_civility
        text = text[match.end() :].strip()
    tokens = text.split(" ")
    if not tokens or not tokens[0]:
        return None
    cut = len(tokens)
    while cut > 0 and _UPPER_TOKEN_RE.match(tokens[cut - 1]):
        cut -= 1
    if cut == len(tokens):  # no capitalised last name: take the last token
        cut = len(tokens) - 1
    if cut == 0 and len(tokens) > 1:  # all capitals: first token is the first name
        cut = 1
    while cut > 1 and tokens[cut - 1].lower() in _PARTICLES:
        cut -= 1
    first, last = " ".join(tokens[:cut]), " ".join(tokens[cut:])
    return Person(civility, first, last)


_LIST_SEPARATOR_RE = re.compile(r"\s*(?:,|;|\bet\b)\s*")


def split_people(text: str, default_civility: str | None = None) -> list[Person]:
    """A printed list (``"M. A B, Mme C D et M. E F."``) → people, in order."""
    return [person for person, _ in locate_people(text, default_civility)]


def locate_people(text: str, default_civility: str | None = None) -> list[tuple[Person, int]]:
    """Like :func:`split_people`, with each person's offset in ``text``.

    Commas, semicolons and ``et`` separate names (line breaks and irregular spaces
    inside a name are fine); a civility printed once before a list (``Mesdames A B,
    C D``) carries over to the names that have none.
    """
    out = []
    position = 0
    for separator in [*_LIST_SEPARATOR_RE.finditer(text), None]:
        end = separator.start() if separator else len(text)
        chunk = text[position:end]
        stripped = chunk.strip(" .\n\t")
        if stripped and re.search(r"[A-ZÀ-Þ]{2}", stripped):
            person = parse_person(stripped, default_civility)
            if person and person.last_name:
                out.append((person, position + len(chunk) - len(chunk.lstrip())))
        if separator:
            position = separator.end()
    return out
