"""Which pages are the deliberation, which are each annex, which are the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from delib_extract.text.normalise import fold

DELIBERATION_NUMBER_RE = re.compile(r"\(\s*N\s*[°ºo]\s*(\d{4}\s*-\s*\d{1,5})\s*\)", re.IGNORECASE)
_ANNEX_HEADING_RE = re.compile(r"^\s*annexe\s+(\d{1,2})\s*(?:[:\-–]|$)", re.IGNORECASE)
_REPORT_RE = re.compile(r"^\s*rapport\s+n\s*[°ºo]\s*\d+", re.IGNORECASE | re.MULTILINE)
_SIGNATURE_RE = re.compile(
    r"le president du conseil departemental,?\s*$|^\s*arras,?\s+le\s+\d", re.MULTILINE
)


@dataclass
class Sections:
    deliberation: list[int] = field(default_factory=list)
    annexes: dict[int, list[int]] = field(default_factory=dict)
    report: list[int] = field(default_factory=list)

    def section_of(self, page: int) -> str:
        if page in self.deliberation:
            return "deliberation"
        if page in self.report:
            return "report"
        for number, pages in self.annexes.items():
            if page in pages:
                return f"annex-{number}"
        return "other"


def looks_like_cp_deliberation(first_pages_text: str) -> bool:
    """A CP deliberation names its body and carries its number as ``(N°2023-499)``."""
    folded = fold(first_pages_text)
    has_body = "commission permanente" in folded or "conseil departemental" in folded
    return has_body and bool(DELIBERATION_NUMBER_RE.search(first_pages_text))


def annex_heading(page_text: str) -> int | None:
    """The annex a page opens (``Annexe 4 : …`` or a bare ``Annexe 3`` line)."""
    for line in page_text.split("\n"):
        line = line.strip()
        match = _ANNEX_HEADING_RE.match(line)
        if match and (len(line) < 12 or ":" in line[:14]):
            return int(match.group(1))
    return None


def split_sections(pages: list[tuple[int, str]]) -> Sections:
    sections = Sections()
    if not pages:
        return sections
    end_index = _deliberation_end(pages)
    sections.deliberation = [number for number, _ in pages[: end_index + 1]]
    current: str | None = None
    for number, text in pages[end_index + 1 :]:
        annex = annex_heading(text)
        if _REPORT_RE.search(text) and "commission permanente" in fold(text):
            current = "report"
        elif annex is not None:
            current = f"annex-{annex}"
        if current == "report":
            sections.report.append(number)
        elif current:
            sections.annexes.setdefault(int(current.split("-")[1]), []).append(number)
    return sections


def _deliberation_end(pages: list[tuple[int, str]]) -> int:
    """Index of the deliberation's last page: the one that carries the signature."""
    seen_decision = False
    for index, (_, text) in enumerate(pages):
        folded = fold(text)
        if "decide" in folded or "article 1" in folded:
            seen_decision = True
        if seen_decision and _SIGNATURE_RE.search(folded):
            return index
        if index > 0 and (annex_heading(text) is not None or _REPORT_RE.search(text)):
            return index - 1
    return min(len(pages) - 1, 3)
