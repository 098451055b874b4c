"""Names as council documents print them, in lists or in a sentence.

A list prints its names in one *style*, which decides what a name looks like there:
``Jean-Marie SALANON`` (first names, then the surname in capitals), ``SALANON Jean-Marie``
(surname first), ``Jean-Marie`` (first names only, small communes), ``SALANON``
(surnames alone) or ``Gaëtan Gagné`` (mixed case). A person's record is always first
name(s) then surname, as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from delib_extract.parse.council.lines import fold_keep
from delib_extract.templates.vocabulary import CIVILITIES, ORGANISATIONS
from delib_extract.text.names import Person, normalise_civility
from delib_extract.text.normalise import collapse

FIRST_LAST, LAST_FIRST, FIRST_ONLY, MIXED = "first_last", "last_first", "first_only", "mixed"
LAST_ONLY = "last_only"  # « MM. DUPONT, MARTIN, Mme DURAND »: surnames alone

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
# A surname in capitals: « KERLOC'H », « MOALIC-VERECCHIA », « D'ARTAGNAN », « McCARRON ».
_CAPS_RE = re.compile(rf"^(?:[{_UP}]['’])?(?:Mc|Mac)?[{_UP}]{{2,}}(?:['’\-][{_UP}]+)*\.?$")
# A capitalised word: « Jean-Pierre », « Joëlle », « Mc », « O'Neil ».
_CAPITAL_RE = re.compile(rf"^[{_UP}][{_LOW}'’]*(?:-[{_UP}][{_LOW}'’]*)*$")
_INITIAL_RE = re.compile(rf"^[{_UP}]\.(?:-?[{_UP}]\.)?$")
_PARTICLES = {"de", "du", "des", "d'", "le", "la", "les", "van", "von", "der", "den", "di",
              "da", "del", "della", "dos", "el", "ben", "ter", "mc"}  # fmt: skip
_PLURALS = {"mm": "M.", "mmes": "Mme", "melle": "Mme", "mademoiselle": "Mme", "mr": "M."}
_CIVILITY_RE = re.compile(
    r"^(?:"
    + "|".join(re.escape(c).replace(r"\.", r"\.?") for c in CIVILITIES)
    + r")(?=[\s.]|$)\.?",
    re.IGNORECASE,
)


def strip_civility(text: str) -> tuple[str | None, str]:
    """``"Mme Joëlle X"`` → ("Mme", "Joëlle X")."""
    text = text.strip(" .,;:")
    match = _CIVILITY_RE.match(text)
    if not match or not text[match.end() :].strip(" ."):
        return None, text
    printed = match.group(0).rstrip(".")
    civility = normalise_civility(printed) or _PLURALS.get(fold_keep(printed), match.group(0))
    return civility, text[match.end() :].strip(" .,")


def tokens(text: str) -> list[str]:
    return [t for t in re.split(r"\s+", tidy(text)) if t]


def tidy(text: str) -> str:
    """One space between words, a hyphen printed apart joined (« ROUVIER - COROUGE » is
    split by the list, « LEVY- RAMEAU » here)."""
    text = re.sub(r"(?<=[^\W\d_])-\s+(?=[^\W\d_])", "-", collapse(text))
    text = re.sub(r"\s+-(?=[^\W\d_])", "-", text)
    return text.strip(" ,;.:")


def is_caps(token: str) -> bool:
    return bool(_CAPS_RE.match(token)) and len(re.sub(r"[^\w]", "", token)) >= 2


def _word_ok(token: str, lenient: bool) -> bool:
    if is_caps(token) or _CAPITAL_RE.match(token) or _INITIAL_RE.match(token):
        return True
    if fold_keep(token) in _PARTICLES:
        return True
    # OCR reads an initial capital as lowercase (« joëlle MOALIC »): tolerated before a
    # surname in capitals.
    return lenient and bool(re.match(rf"^[{_LOW}][{_LOW}'’\-]+$", token))


def looks_like_name(text: str, style: str | None = None) -> bool:
    """Whether ``text`` (civility included or not) can be one person's name in a list of
    that style."""
    _, text = strip_civility(text)
    words = tokens(text)
    if not words or len(words) > 6 or re.search(r"[\d@/()\[\]{}=+*_|<>«»\"]", text):
        return False
    has_caps = any(is_caps(w) for w in words)
    if not all(_word_ok(w, has_caps) for w in words):
        return False
    # a name neither ends nor starts on a particle in lowercase (« Anne-Rose LE VAN » does)
    if any(w.islower() and fold_keep(w) in _PARTICLES for w in (words[-1], words[0])):
        return False
    if fold_keep(words[0]) in ORGANISATIONS:  # « Association FESTIVAL … », « MAISON D'… »
        return False
    if style in (FIRST_LAST, LAST_FIRST, LAST_ONLY):
        return has_caps
    if style == FIRST_ONLY:
        return len(words) <= 3 and not has_caps
    return True


def person_of(text: str) -> Person | None:
    """The person a list entry names: civility kept apart, first name(s) then surname."""
    civility, text = strip_civility(text)
    words = tokens(text)
    if not words:
        return None
    caps = [is_caps(w) or (fold_keep(w) in _PARTICLES and w.isupper()) for w in words]
    if any(caps):
        if caps[0] and not all(caps):  # « SALANON Jean-Marie »: surname first
            cut = caps.index(False)
            return Person(civility, " ".join(words[cut:]), " ".join(words[:cut]))
        cut = len(words)
        while cut > 0 and caps[cut - 1]:
            cut -= 1
        while cut > 1 and fold_keep(words[cut - 1]) in _PARTICLES:
            cut -= 1
        if cut == 0 and len(words) > 1:  # all capitals: the first word is the first name
            cut = 1
        return Person(civility, " ".join(words[:cut]), " ".join(words[cut:]))
    if len(words) == 1:  # a first name alone (small communes print only those)
        return Person(civility, words[0], "")
    return Person(civility, " ".join(words[:-1]), words[-1])


def list_style(entries: Iterable[str]) -> str:
    """The style most entries of a document's lists are printed in."""
    counts = {FIRST_LAST: 0, LAST_FIRST: 0, LAST_ONLY: 0, FIRST_ONLY: 0, MIXED: 0}
    for entry in entries:
        _, text = strip_civility(entry)
        words = tokens(text)
        if not words or not looks_like_name(text):
            continue
        caps = [is_caps(w) for w in words]
        if caps[0] and not all(caps):
            counts[LAST_FIRST] += 1
        elif all(caps):
            counts[LAST_ONLY] += 1
        elif any(caps):
            counts[FIRST_LAST] += 1
        elif len(words) == 1:
            counts[FIRST_ONLY] += 1
        else:
            counts[MIXED] += 1
    return max(counts, key=lambda k: counts[k]) if any(counts.values()) else FIRST_LAST
