"""Whether a council decision was adopted or rejected, as its text says it: the council
as the subject of a word of result (« les membres du conseil municipal adoptent », « le
conseil, après en avoir délibéré, décide »), a passive (« est approuvé », « proposition
non retenue »), a vote line (« Vote : … → adopté »), or the dispositive printed in
capitals (« APPROUVE le procès-verbal », « MODIFIE le tableau des emplois »)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from delib_extract.parse.council.lines import Line, fold_keep, rx
from delib_extract.templates.vocabulary import Vocabulary


def outcome(line: Line, vocab: Vocabulary, before: str = "") -> bool | None:
    """True / False when the line states the result of the vote (its subject may start on
    the line ``before``: « les membres du conseil / municipal adoptent »), else None."""
    if _dispositive(line.text, vocab):
        return True
    text, start = f"{before[-120:]}\n{line.folded}", len(before[-120:]) + 1
    text = _CIVILITY_DOT_RE.sub(r"\1 ", text)  # « (M. PETIT) » does not end the sentence
    if _result_in(text, start, vocab.rejected, vocab):
        return False
    if _result_in(text, start, vocab.adopted, vocab, vocab.council_acts) or rx(
        r"\bil est resolu|\bemet(?:tent)? un avis favorable"
    ).search(line.folded):
        return True
    return None


# The dispositive of a deliberation prints its verbs in capitals at the start of a line,
# then lowercase words: « APPROUVE le procès-verbal », « MODIFIE le RIFSEEP », « INSCRIT
# chaque année ».
# (A noun heading is followed by « de », « du »: « SÉANCE du », « DÉLIBÉRATION du ».)
_DISPOSITIVE_RE = re.compile(
    r"^\W{0,3}([A-ZÀ-Þ]{3,}[EÉT]) (?:le|la|les|l['’]|un|une|des|à|au|aux|chaque|que|qu['’]|"
    r"en|son|sa|ses|leur|ce|cette|ces|notamment|également)\b"
)
_NOUN_END_RE = re.compile(r"(?:TION|SION|MENT|ANCE|ENCE|IQUE|ITE|ITÉ|AGE|URE|ERIE|AIRE)$")
_NOT_DISPOSITIVE = {"considerant", "attendu", "rappelant", "entendu", "expose", "objet"}


def _dispositive(printed: str, vocab: Vocabulary) -> bool:
    first = re.match(r"^\W{0,3}([A-ZÀ-Þ]{4,}(?: ACTE)?)\b", printed)
    if first and rx(rf"^(?:{'|'.join(vocab.dispositive)})$").match(fold_keep(first.group(1))):
        return True
    verb = _DISPOSITIVE_RE.match(printed)
    if not verb or _NOUN_END_RE.search(verb.group(1)):
        return False
    return fold_keep(verb.group(1)) not in _NOT_DISPOSITIVE


def _result_in(text: str, start: int, words: Sequence[str], vocab: Vocabulary,
               verbs: Sequence[str] = ()) -> bool:  # fmt: skip
    """Whether a word of ``words`` stands in a sentence of result ending in ``text[start:]``
    (with the council as subject, the verbs of a dispositive too: « le conseil fixe »)."""
    alternatives = "|".join(f"(?:{w})" for w in words)
    acts = "|".join(f"(?:{w})" for w in (*words, *verbs))
    # the council as subject, or its deliberation (« après en avoir délibéré, … décide »)
    subject = (
        r"\b(?:(?:le|la|les|l') ?(?:conseil|assemblee|commission|comite|bureau|membres)\b"
        r"|apres (?:en )?(?:avoir )?delibere)"
    )
    labels = "|".join(vocab.vote_labels)
    patterns = (
        rf"{subject}[^.;]{{0,140}}?\b(?:{acts})\b",
        rf"\b(?:est|sont|a ete|ont ete|proposition|demande|motion) (?:{alternatives})\b",
        rf"(?:^|\n|[.;] )\W{{0,3}}(?:{alternatives})\b",  # a sentence of its own: « Adopté. »
        rf"(?:{labels}).*\b(?:{alternatives})\b",
    )
    for pattern in patterns:
        for match in rx(pattern).finditer(text):
            if match.end() > start and not _REFERENCE_RE.match(text, match.end()):
                return True
    return False


_CIVILITY_DOT_RE = re.compile(r"\b(m|mm|mme|mmes|mr)\.")

# « approuvé le 29 juin 2021 », « adoptée par délibération du … »: a reference to an earlier
# act, not the result of this vote.
_REFERENCE_RE = re.compile(
    r"\s+(?:le \d|le \w+ \d|en date|lors d|par (?:la |une |l')?(?:deliberation|arrete|decision))"
)
