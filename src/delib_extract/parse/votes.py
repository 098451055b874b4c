"""The vote: Pour / Contre / Abstention with the groups named, unanimity, outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass

from delib_extract.records import VoteRecord
from delib_extract.text.doctext import DocText
from delib_extract.text.normalise import collapse, fold
from delib_extract.vocab import VotePosition

_POSITIONS = {
    "pour": VotePosition.FOR,
    "contre": VotePosition.AGAINST,
    "abstention": VotePosition.ABSTENTION,
    "abstentions": VotePosition.ABSTENTION,
}
_COUNT_RE = re.compile(
    r"^[ \t]*(?P<label>Pour|Contre|Abstentions?)\s*:\s*(?P<count>\d+)\s*(?:voix|votes?)?"
    r"(?P<groups>[ \t]*\((?P<names>(?!\s*(?:adopt|rejet))[^()]*(?:\([^()]*\)[^()]*)*)\))?",
    re.IGNORECASE | re.MULTILINE,
)
# The outcome stands on its own line: "(Adopté)", "Adopté à l'unanimité", "(Rejeté)".
_OUTCOME_RE = re.compile(
    r"(?:^|\n)[ \t]*\(?\s*(?P<word>adopt[ée]e?s?|rejet[ée]e?s?)(?![a-zà-ÿ])"
    r"(?P<rest>[^)\n]{0,60})\)?",
    re.IGNORECASE,
)
_START_RE = re.compile(r"^[^\n]*conditions\s+de\s+vote|^\s*(?:pour|contre)\s*:", re.I | re.M)


@dataclass(frozen=True)
class VoteResult:
    records: list[VoteRecord]
    adopted: bool | None
    unanimous: bool
    text: str | None


def parse_vote(doc: DocText, start: int = 0) -> VoteResult:
    """Read the vote printed after ``start`` (the decision's articles)."""
    text = doc.text
    anchor = _START_RE.search(text, start)
    region_start = anchor.start() if anchor else start
    records: list[VoteRecord] = []
    seen: set[VotePosition] = set()
    last_end = region_start
    for match in _COUNT_RE.finditer(text, region_start):
        position = _POSITIONS[match.group("label").lower()]
        if position in seen:
            break  # a second vote block (the report quoting it) is not this vote
        seen.add(position)
        groups = split_groups(match.group("names") or "")
        records.append(
            VoteRecord(position, int(match.group("count")), groups, doc.page_at(match.start()))
        )
        last_end = match.end()
    outcome = _find_outcome(text, last_end if records else region_start)
    adopted, unanimous, outcome_text, outcome_at = outcome
    if outcome_at is not None and not records and unanimous:
        # "Adopté à l'unanimité" with no counts: nobody against, nobody abstained; how
        # many voted for is not printed.
        page = doc.page_at(outcome_at)
        records += [
            VoteRecord(VotePosition.FOR, None, (), page),
            VoteRecord(VotePosition.AGAINST, 0, (), page),
            VoteRecord(VotePosition.ABSTENTION, 0, (), page),
        ]
    if adopted is None and records:
        adopted = _adopted_from_counts(records)
    if records and records[0].count is None:  # unanimity alone: the outcome is the vote
        region_start = outcome_at or region_start
    block = text[region_start : (outcome_at or last_end) + len(outcome_text or "")]
    return VoteResult(records, adopted, unanimous, collapse(block) or None)


def split_groups(names: str) -> tuple[str, ...]:
    """``"Groupe A, B et C ; Non-inscrit"`` → ("Groupe A, B et C", "Non-inscrit")."""
    parts = re.split(r"\s*;\s*", collapse(names))
    return tuple(part.strip(" .,") for part in parts if part.strip(" .,"))


def _find_outcome(text: str, start: int) -> tuple[bool | None, bool, str | None, int | None]:
    window = text[start:]
    for match in _OUTCOME_RE.finditer(window):
        word = fold(match.group("word"))
        rest = fold(match.group("rest"))
        if word.startswith("adopt") and ("le " in rest[:3] or "par " in rest[:4]):
            continue  # "adopté le …", a date or reference, not the outcome
        adopted = word.startswith("adopt")
        unanimous = "unanimit" in rest
        return adopted, unanimous, match.group(0), start + match.start()
    return None, False, None, None


def _adopted_from_counts(records: list[VoteRecord]) -> bool | None:
    counts = {r.position: r.count for r in records if r.count is not None}
    if VotePosition.FOR not in counts:
        return None
    return counts[VotePosition.FOR] > counts.get(VotePosition.AGAINST, 0)
