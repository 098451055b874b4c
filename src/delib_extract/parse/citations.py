"""The "Vu …" lines: earlier acts a deliberation relies on (how phases link up)."""

from __future__ import annotations

import re

from delib_extract.records import Citation
from delib_extract.text.dates import parse_date
from delib_extract.text.doctext import DocText
from delib_extract.text.normalise import collapse, fold

_VU_RE = re.compile(
    r"(?:^|\n)\s*Vu\b\s*:?\s*(?P<body>.*?)(?=\s*;\s*(?:\n|$)|\n\s*Vu\b|\n\s*(?:Mesdames|Madame|Messieurs|Monsieur|Apr[èe]s|D[ÉE]CIDE)\b)",
    re.S,
)
_NUMBER_RE = re.compile(r"n\s*[°ºo]\s*(\d{4}\s*-\s*\d{1,5})", re.I)
_TITLE_RE = re.compile(r"[«“\"]\s*(.+?)\s*[»”\"]", re.S)


def parse_citations(doc: DocText, end: int | None = None) -> list[Citation]:
    """Every "Vu la délibération …" that cites another act of the assembly."""
    text = doc.text[: end if end is not None else len(doc.text)]
    out = []
    for match in _VU_RE.finditer(text):
        body = collapse(match.group("body"))
        folded = fold(body)
        if "deliberation" not in folded[:40] and "decision" not in folded[:40]:
            continue
        number = _NUMBER_RE.search(body)
        title = _TITLE_RE.search(body)
        before_title = body[: title.start()] if title else body
        out.append(
            Citation(
                cited_number=re.sub(r"\s+", "", number.group(1)) if number else None,
                cited_date=parse_date(before_title),
                cited_body=_cited_body(fold(before_title)),
                cited_title=collapse(title.group(1)) if title else None,
                text=body,
                page=doc.page_at(match.start("body")),
            )
        )
    return out


def _cited_body(folded: str) -> str | None:
    if "commission permanente" in folded:
        return "Commission Permanente"
    if "conseil departemental" in folded or "conseil general" in folded:
        return "Conseil départemental"
    return None
