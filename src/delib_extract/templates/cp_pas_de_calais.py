"""The Commission Permanente of the Département du Pas-de-Calais: one deliberation per
document (its number printed as ``(N°2023-499)``), then its annexes and the president's
report; Article 7/8 budget tables and the Annexe 4 financial distribution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from delib_extract.parse.articles import decision_start, parse_articles
from delib_extract.parse.attendance import merge_recusals, parse_attendance, parse_recusals
from delib_extract.parse.citations import parse_citations
from delib_extract.parse.heading import parse_heading
from delib_extract.parse.proxies import parse_proxies
from delib_extract.parse.sections import Sections, looks_like_cp_deliberation, split_sections
from delib_extract.parse.votes import parse_vote
from delib_extract.records import (
    AttendanceRecord,
    Check,
    Decision,
    DeliberationInfo,
    Extraction,
    Sitting,
)
from delib_extract.tables.grants import distribution_annex
from delib_extract.templates.base import PageTexts, Reading, Template
from delib_extract.text.doctext import DocText
from delib_extract.text.names import Person, parse_person
from delib_extract.text.normalise import fold
from delib_extract.vocab import BudgetKind, DocType, DocumentKind, PageMethod, Severity

AUTHORITY = "Département du Pas-de-Calais"
_REPORT_NUMBER_RE = re.compile(r"RAPPORT\s+N\s*[°ºo]\s*(\d+)", re.IGNORECASE)
_SIGNATURE_NAME_RE = re.compile(
    r"LE\s+PR[ÉE]SIDENT\s+DU\s+CONSEIL\s+D[ÉE]PARTEMENTAL,?\s*\n+\s*([^\n]+)", re.IGNORECASE
)


def matches(texts: PageTexts, doc_type: DocType) -> bool:
    return looks_like_cp_deliberation(DocText.from_pages(list(texts[:4])).text)


def read(texts: PageTexts, doc_type: DocType, scanned: frozenset[int] = frozenset()) -> Reading:
    texts = list(texts)
    sections = split_sections(texts)
    delib = DocText.from_pages([t for t in texts if t[0] in sections.deliberation])
    heading = parse_heading(delib)
    decide = decision_start(delib) or len(delib.text)
    attendance = parse_attendance(delib, end=heading.title_offset)
    preamble = delib.slice(heading.number_offset, decide)
    articles = parse_articles(delib, decide)
    vote = parse_vote(delib, _last_article_offset(delib, decide))
    president = _resolve_person(heading.president, attendance, delib.text)
    secretary = _resolve_person(heading.secretary, attendance, None)
    sitting = Sitting(
        heading.body,
        heading.date,
        _name(president),
        _name(secretary),
        heading.page,
        authority=AUTHORITY,
    )
    info = DeliberationInfo(
        number=heading.number or "",
        title=heading.title,
        programme=heading.programme,
        phase=heading.phase,
        report_number=_report_number(texts, sections),
        adopted=vote.adopted,
        unanimous=vote.unanimous,
        vote_text=vote.text,
        page_start=sections.deliberation[0] if sections.deliberation else 1,
        page_end=sections.deliberation[-1] if sections.deliberation else 1,
    )
    decision = Decision(
        info,
        attendance=merge_recusals(attendance, parse_recusals(preamble)),
        votes=vote.records,
        proxies=parse_proxies(delib.slice(0, heading.title_offset)),
        articles=articles,
        citations=parse_citations(preamble),
    )
    return Reading(sitting, [decision], [sections])


def _last_article_offset(delib: DocText, decide: int) -> int:
    found = list(re.finditer(r"(?:^|\n)\s*Article\s+\d+", delib.text[decide:]))
    return decide + found[-1].start() if found else decide


def _resolve_person(
    person: Person | None, attendance: list[AttendanceRecord], text: str | None
) -> Person | None:
    """Prefer the attendance list's printing of a name printed in capitals in the heading."""
    if person is None:
        return None
    key = fold(f"{person.first_name} {person.last_name}")
    for record in attendance:
        if fold(record.person.full_name) == key:
            return record.person
    if text and person.first_name.isupper():
        signed = _SIGNATURE_NAME_RE.search(text)
        if signed:
            candidate = parse_person(signed.group(1))
            if candidate and fold(candidate.full_name) == key:
                return candidate
        return Person(person.civility, person.first_name.title(), person.last_name)
    return person


def _name(person: Person | None) -> str | None:
    return person.full_name if person else None


def _report_number(texts: PageTexts, sections: Sections) -> str | None:
    for number, text in texts:
        if number in sections.report or not sections.report:
            match = _REPORT_NUMBER_RE.search(text)
            if match:
                return match.group(1)
    return None


# -- completeness ------------------------------------------------------------------------


def completeness(result: Extraction, reading: Reading) -> list[Check]:
    """Sections every CP deliberation has; missing ones make the document `partial`."""
    decision, sections = result.decisions[0], reading.sections[0]
    pages = _span(sections.deliberation)
    checks = []
    if not decision.attendance:
        where = f"dans l'en-tête de la délibération, {pages}"
        checks.append(_missing("liste de présence (« Étaient présents : »)", where, 1))
    if not decision.votes and decision.info.adopted is None:
        what = "résultat du vote (« Pour : … voix », « Adopté »)"
        checks.append(_missing(what, f"après les articles, {pages}"))
    if result.sitting is None or result.sitting.date is None:
        checks.append(_missing("date de la réunion (« REUNION DU … »)", f"en tête, {pages}", 1))
    checks += _missing_budget_tables(decision)
    unread = [p for p in result.pages if p.method == PageMethod.NONE]
    if unread:
        numbers = ", ".join(str(p.page_number) for p in unread)
        how = f"par OCR ({unread[0].note or 'non fait'})"
        checks.append(_missing(f"texte des pages scannées {numbers}", how, unread[0].page_number))
    annex = distribution_annex(decision.articles)
    if annex is not None and not decision.grants:
        where = sections.annexes.get(annex)
        what = f"répartition financière (annexe {annex}) citée par les articles"
        looked = (
            _span(where) if where else f"dans les annexes (aucune page « Annexe {annex} » trouvée)"
        )
        checks.append(_missing(what, looked, where[0] if where else None))
    return checks


def _missing_budget_tables(decision: Decision) -> list[Check]:
    checks = []
    for kind, label in ((BudgetKind.EXPENSE, "dépenses"), (BudgetKind.REVENUE, "recettes")):
        announced = [a for a in decision.articles if a.budget_kind == kind]
        if announced and not [b for b in decision.budget_lines if b.kind == kind]:
            article = announced[0]
            what = f"tableau des {label} annoncé par l'article {article.number}"
            checks.append(_missing(what, f"page {article.page} et suivantes", article.page))
    return checks


def _missing(what: str, where: str, page: int | None = None) -> Check:
    message = f"Section introuvable : {what} (cherchée {where})."
    return Check(kind="extraction", severity=Severity.ERROR, message=message, page=page)


def _span(pages: Sequence[int] | None) -> str:
    if not pages:
        return "dans le document"
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"


TEMPLATE = Template(
    name="cp-pas-de-calais",
    description="Délibération de la Commission Permanente du Pas-de-Calais",
    kind=DocumentKind.CP_DELIBERATION,
    matches=matches,
    read=read,
    table_kinds=("budget", "grants"),
    completeness=completeness,
    doc_type=DocType.CP_DELIBERATION,
)
