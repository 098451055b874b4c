"""Attendance lists and recusals ("intéressés à l'affaire") of a deliberation."""

from __future__ import annotations

import re

from delib_extract.records import AttendanceRecord, RecusalRecord
from delib_extract.text.doctext import DocText
from delib_extract.text.names import Person, locate_people, normalise_civility
from delib_extract.vocab import AttendanceStatus, Recusal

_PLURAL = r"(?:e|\(e\))?(?:s|\(s\))?"
# Most specific first: "Excusé(s) sans voix délibérative" before "Excusé(s)".
LIST_LABELS: list[tuple[re.Pattern[str], AttendanceStatus]] = [
    (
        re.compile(rf"Excus[ée]{_PLURAL}\s+sans\s+voix\s+d[ée]lib[ée]rative\s*:", re.I),
        AttendanceStatus.ADVISORY_EXCUSED,
    ),
    (
        re.compile(
            r"Assist(?:ant|aient|ait|ent|e)\w*\s+(?:[ée]galement\s+)?sans\s+voix\s+"
            r"d[ée]lib[ée]rative\s*:",
            re.I,
        ),
        AttendanceStatus.ADVISORY_PRESENT,
    ),
    (re.compile(rf"(?:[ÉE]taient\s+)?pr[ée]sent{_PLURAL}\s*:", re.I), AttendanceStatus.PRESENT),
    (
        re.compile(rf"(?:Absent{_PLURAL}\s+)?excus[ée]{_PLURAL}\s*:", re.I),
        AttendanceStatus.EXCUSED,
    ),
]
_LIST_END_RE = re.compile(r"(?<=[A-Za-zÀ-ÿ]{2})\s*\.\s*(?:\n|$)")

_RECUSAL_RE = re.compile(
    r"(?P<subject>(?:Mesdames|Madame|Messieurs|Monsieur|Mmes|MM\.|Mme|M\.)\s[^;]*?)\s*,?\s*"
    r"int[ée]ress[ée]e?s?\s+[àa]\s+l.affaire(?P<middle>[^;]*?)\s*,?\s*"
    r"n.(?:a|ont)\s+(?P<what>pas\s+pris\s+part\s+(?:au\s+d[ée]bat\s+ni\s+au\s+vote|au\s+d[ée]bat"
    r"|au\s+vote)|pris\s+part\s+ni\s+au\s+d[ée]bat\s+ni\s+au\s+vote|particip[ée]\s+ni\s+au\s+"
    r"d[ée]bat\s+ni\s+au\s+vote)",
    re.I | re.S,
)
_GROUP_CIVILITY_RE = re.compile(r"(Mesdames|Madame|Messieurs|Monsieur|Mmes|MM\.)\s+", re.I)


def parse_attendance(doc: DocText, end: int | None = None) -> list[AttendanceRecord]:
    """Every name of every attendance list printed before ``end`` (the title)."""
    text = doc.text[: end if end is not None else len(doc.text)]
    labels = _find_labels(text)
    records: list[AttendanceRecord] = []
    for index, (_, stop, status) in enumerate(labels):
        limit = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        segment = text[stop:limit]
        tail = _LIST_END_RE.search(segment)
        if tail:
            segment = segment[: tail.start()]
        for person, offset in locate_people(segment):
            records.append(AttendanceRecord(person, status, doc.page_at(stop + offset)))
    return records


def _find_labels(text: str) -> list[tuple[int, int, AttendanceStatus]]:
    found: list[tuple[int, int, AttendanceStatus]] = []
    for pattern, status in LIST_LABELS:
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), status))
    return sorted(found)


def parse_recusals(doc: DocText) -> list[RecusalRecord]:
    """Members who, having an interest, left the debate (and the vote)."""
    out = []
    for match in _RECUSAL_RE.finditer(doc.text):
        what = re.sub(r"\s+", " ", match.group("what").lower())
        if "vote" in what and "debat" not in what.replace("é", "e"):
            continue  # "n'a pas pris part au vote" alone is not in the vocabulary
        recusal = (
            Recusal.DEBATE if what.startswith("pas pris part au d") else (Recusal.DEBATE_AND_VOTE)
        )
        advisory = "sans voix" in match.group("middle").lower()
        subject_start = match.start("subject")
        for person, offset in _subject_people(match.group("subject")):
            out.append(
                RecusalRecord(person, recusal, advisory, doc.page_at(subject_start + offset))
            )
    return out


def _subject_people(subject: str) -> list[tuple[Person, int]]:
    """``"Mesdames A B et C D ainsi que Monsieur E F"`` → people with their civility."""
    # Keep only the last sentence: the lazy match may start in an earlier one.
    cut = max(subject.rfind(". "), subject.rfind(".\n"))
    base = 0
    if cut > 0 and not subject[max(cut - 2, 0) : cut].endswith(("M", "MM")):
        base = cut + 2
    people = []
    parts = re.split(
        r"\s+ainsi\s+que\s+|\s+et\s+(?=(?:Mesdames|Madame|Messieurs|Monsieur)\b)", subject[base:]
    )
    offset = base
    for part in parts:
        position = subject.find(part, offset)
        civility = None
        body, shift = part, 0
        group = _GROUP_CIVILITY_RE.match(part)
        if group:
            civility = normalise_civility(group.group(1))
            body, shift = part[group.end() :], group.end()
        for person, at in locate_people(body, civility):
            people.append((person, position + shift + at))
        offset = position + len(part)
    return people


def merge_recusals(
    attendance: list[AttendanceRecord], recusals: list[RecusalRecord]
) -> list[AttendanceRecord]:
    """Mark recused members on their attendance line (matched by member id).

    A recused member missing from every list still gets a line, with no status,
    so the recusal is not lost.
    """
    by_id = {record.person.member_id: i for i, record in enumerate(attendance)}
    merged = list(attendance)
    for recusal in recusals:
        index = by_id.get(recusal.person.member_id)
        if index is None:
            merged.append(
                AttendanceRecord(recusal.person, None, recusal.page, recusal.recusal, recusal.page)
            )
            by_id[recusal.person.member_id] = len(merged) - 1
            continue
        current = merged[index]
        strongest = (
            recusal.recusal if current.recusal in (None, Recusal.DEBATE) else current.recusal
        )
        merged[index] = AttendanceRecord(
            current.person, current.status, current.page, strongest, recusal.page
        )
    return merged
