"""The deliberation's heading: body, sitting date, president, secretary, number, title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from delib_extract.parse.sections import DELIBERATION_NUMBER_RE
from delib_extract.text.dates import parse_long_date
from delib_extract.text.doctext import DocText
from delib_extract.text.names import Person, parse_person
from delib_extract.text.normalise import collapse, fold

_MEETING_DATE_RE = re.compile(r"(?:REUNION|SEANCE|SÉANCE|RÉUNION)\s+DU\s+([^\n]+)", re.IGNORECASE)
_PRESIDENCY_RE = re.compile(
    r"PR[ÉE]SIDENCE\s+DE\s+(MONSIEUR|MADAME|M\.|MME)\s+([^\n]+)", re.IGNORECASE
)
_SECRETARY_RE = re.compile(r"Secr[ée]taire(?:\s+de\s+s[ée]ance)?\s*:\s*([^\n]+)", re.IGNORECASE)
_SIGNED_DATE_RE = re.compile(r"\b[A-Z][A-Za-zÀ-ÿ\-]+,\s+le\s+([^\n]+)")
_PHASE_RE = re.compile(r"^(?P<programme>.*?)\s*[-–—:,]?\s*\(?PHASE\s+(?P<phase>\w+)\)?\s*$", re.I)
_LIST_LABEL_RE = re.compile(
    r"^(?:[ÉE]taient\s+pr[ée]sents|Pr[ée]sents|Excus[ée]|Absent|Assista|Pouvoir|Procuration|Secr[ée]taire)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Heading:
    body: str
    date: str | None
    president: Person | None
    secretary: Person | None
    number: str | None
    number_offset: int
    title_offset: int  # where the title starts (the attendance lists end before it)
    title: str | None
    programme: str | None
    phase: str | None
    page: int


def parse_heading(doc: DocText) -> Heading:
    text = doc.text
    number_match = DELIBERATION_NUMBER_RE.search(text)
    number = re.sub(r"\s+", "", number_match.group(1)) if number_match else None
    number_offset = number_match.start() if number_match else len(text)
    title, title_offset = _title_before(text, number_offset) if number_match else (None, 0)
    programme, phase = split_phase(title)
    return Heading(
        body=_body(text[:number_offset]),
        date=_meeting_date(text),
        president=_president(text),
        secretary=_secretary(text),
        number=number,
        number_offset=number_offset,
        title_offset=title_offset if title else number_offset,
        title=title,
        programme=programme,
        phase=phase,
        page=doc.page_at(number_offset if number_match else 0),
    )


def split_phase(title: str | None) -> tuple[str | None, str | None]:
    """``"APPEL … 2023 - PHASE 6"`` → (``"APPEL … 2023"``, ``"6"``)."""
    if not title:
        return None, None
    match = _PHASE_RE.match(title)
    if not match or not match.group("programme"):
        return None, None
    return match.group("programme").strip(" -–—:,"), match.group("phase")


def _body(head: str) -> str:
    folded = fold(head)
    if "commission permanente" in folded:
        return "Commission Permanente"
    if "conseil departemental" in folded:
        return "Conseil départemental"
    return "Commission Permanente"


def _meeting_date(text: str) -> str | None:
    match = _MEETING_DATE_RE.search(text)
    if match:
        date = parse_long_date(match.group(1))
        if date:
            return date
    match = _SIGNED_DATE_RE.search(text)
    return parse_long_date(match.group(1)) if match else None


def _president(text: str) -> Person | None:
    match = _PRESIDENCY_RE.search(text)
    if not match:
        return None
    return parse_person(f"{match.group(1)} {match.group(2).strip()}")


def _secretary(text: str) -> Person | None:
    match = _SECRETARY_RE.search(text)
    return parse_person(match.group(1)) if match else None


def _title_before(text: str, number_offset: int) -> tuple[str | None, int]:
    """The object printed just above ``(N°…)`` (the lines after the attendance lists),
    and the offset where it starts."""
    head = text[:number_offset].rstrip()
    lines = head.split("\n")
    picked: list[str] = []
    for line in reversed(lines):
        stripped = line.strip()
        if not stripped:
            if picked:
                break
            continue
        # Titles carry no final full stop; attendance lists end with one.
        if (
            _LIST_LABEL_RE.match(stripped)
            or _is_list_tail(stripped)
            or len(picked) >= 4
            or stripped.endswith(".")
        ):
            break
        if _MEETING_DATE_RE.search(stripped) or _PRESIDENCY_RE.search(stripped):
            break
        picked.insert(0, stripped)
    start = head.rfind(picked[0]) if picked else number_offset
    return collapse(" ".join(picked)) or None, start


def _is_list_tail(line: str) -> bool:
    # The last line of an attendance list ends with a full stop after a capitalised name,
    # or is mostly "M. First LAST," fragments.
    if re.search(r"[A-ZÀ-Þ]{2,}\s*\.\s*$", line) and re.search(r"\b(M\.|Mme)\s", line):
        return True
    return bool(re.search(r"(?:^|,\s*)(?:M\.|Mme)\s+[A-ZÀ-Þ][a-zà-ÿ]", line))
