"""What a document is, from its text: a CP deliberation, another assembly's
deliberation, minutes, an agenda, a prefecture act, a mayor's order, or other.

Pure: page texts in, a :class:`~delib_extract.vocab.DocType` out. A document announces
what it is near its top (« EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS », « PROCÈS-VERBAL »,
« ORDRE DU JOUR », « PRÉFET DE … », « ARRÊTÉ DU MAIRE ») but also mentions the others
further down (minutes approve the previous minutes, an agenda lists deliberations, a
deliberation cites an order): the marker printed first in the head of the text wins.
Scanned pages come through OCR, so a few markers tolerate its usual misreadings
(« PROCES VEH », « Corapte rendu »).

Only the extraction decides that a document is a CP deliberation (its number and its
body, :func:`~delib_extract.parse.sections.looks_like_cp_deliberation`): this module never
makes one, so no row is extracted from a document it classifies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from delib_extract.text.normalise import fold
from delib_extract.vocab import DocType, DocumentKind, DocumentStatus

HEAD_CHARS = 1500  # the head: where a document says what it is
BODY_PAGES = 3  # where the weaker signs are looked for


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern whose plain spaces match any run of whitespace (a title may wrap)."""
    return re.compile(pattern.replace(" ", r"\s+"), re.MULTILINE)


# Markers of the head, by type; the earliest match decides.
_HEAD_MARKERS: dict[DocType, re.Pattern[str]] = {
    DocType.PREFECTURE_ACT: _rx(
        r"recueil des actes administratifs|\bprefete?\b|(?<!en\s)\bprefecture (?:de|des|du)\b"
        r"|\b\d{2,3}-\d{4}-\d{2}-\d{2}-\d{5}\b"  # an act's number in a recueil (RAA)
    ),
    DocType.AGENDA: _rx(r"\bordre du jour\b|\bliste des deliberations\b"),
    DocType.MINUTES: _rx(r"\bproces[-\s]?ve\w{0,6}\b|\bco\w{1,5}[-\s]?rendu\b|\bcr du conseil\b"),
    DocType.ORDER: _rx(r"\barrete (?:du maire|du president|municipal|n\s*[°o])|^\s*arrete\s*:"),
    # « qui ont pris part à la délibération : » is a count, not a title.
    DocType.DELIBERATION: _rx(
        r"registre des deliberations|\bdeliberation (?:du|de la|n\s*[°o])"
        r"|^[ \t]*deliberation\b(?!\s*:)"
    ),
    # An annex is not its deliberation (« Mairie annexe » is a building, not an annex).
    DocType.OTHER: _rx(
        r"^[ \t]*(?:annexe|reglement)\b|(?<!mairie\s)\bannexe (?:a|au|n\s*[°o]?\s*\d|\d)\b"
        r"|:\s*annexe\b|(?<!mairie\s)\bannexe[ \t]*$"
    ),
}
_ATTENDANCE_RE = re.compile(r"\b(?:etaient )?presents?\s*:")
# Weaker signs, anywhere in the first pages.
_ASSEMBLY_RE = re.compile(
    r"\b(?:conseil (?:municipal|communautaire|departemental|regional|syndical|d'administration)"
    r"|comite syndical|bureau communautaire)\b"
)
_DELIBERATED_RE = re.compile(r"\bdelibere\b|\bdeliberation\b|\bdecide\b|\badopte\b")
# The @ctes stamp: « ID : 029-200054724-20241016-DE2024_110-DE »; its last code is the
# nature of the act sent to the prefecture (DE délibération, AI/AR arrêté).
_ACTES_ID_RE = re.compile(r"\bid\s*:?\s*\d{3}-\w{9}-\d{8}-\S+-(de|ai|ar)\b")


def classify(
    pages: Sequence[str],
    kind: DocumentKind | str = DocumentKind.OTHER,
    status: DocumentStatus | str = DocumentStatus.OK,
) -> DocType:
    """The type of a document from its page texts (and what extraction found)."""
    if str(status) == DocumentStatus.FAILED:
        return DocType.UNREADABLE
    if str(kind) == DocumentKind.CP_DELIBERATION:
        return DocType.CP_DELIBERATION
    folded = [fold_lines(text) for text in pages[:BODY_PAGES]]
    body = "\n".join(folded)
    if not body.strip():
        return DocType.OTHER
    return _from_head(body[:HEAD_CHARS]) or _from_body(body)


def fold_lines(text: str) -> str:
    """:func:`~delib_extract.text.normalise.fold`, line by line (the line starts matter)."""
    return "\n".join(fold(line) for line in text.split("\n"))


def _from_head(head: str) -> DocType | None:
    found: list[tuple[int, int, DocType]] = []
    for rank, (doc_type, pattern) in enumerate(_HEAD_MARKERS.items()):
        match = pattern.search(head)
        if match:
            found.append((match.start(), rank, doc_type))
    if not found:
        return None
    at, _, doc_type = min(found)
    if doc_type == DocType.AGENDA and _ATTENDANCE_RE.search(head[:at]):
        return DocType.MINUTES  # who was there, then the agenda: the record of a sitting
    return doc_type


def _from_body(body: str) -> DocType:
    stamp = _ACTES_ID_RE.search(body)
    if stamp:
        return DocType.DELIBERATION if stamp.group(1) == "de" else DocType.ORDER
    if _ASSEMBLY_RE.search(body) and _DELIBERATED_RE.search(body):
        return DocType.DELIBERATION
    return DocType.OTHER
