"""Any French council: the deliberations (« Extrait du registre des délibérations ») and
minutes (procès-verbal, compte rendu) of communes, intercommunalités, départements and
régions, read with the vocabulary of :mod:`.vocabulary`.

    lines (stamp and page furniture out) → the head (sitting, attendance lists, counts)
    → the decisions (one for a deliberation; one per point with a vote for minutes)
    → each decision's vote, its attendance and proxies (the sitting's)

Agendas, prefecture acts and orders are not read (no decision).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.parse.council.attendance import Attendance, is_list_heading, read_attendance
from delib_extract.parse.council.decisions import Found, read_single
from delib_extract.parse.council.headings import numbered, point
from delib_extract.parse.council.lines import Line, Lines, any_rx, document_lines, fold_keep
from delib_extract.parse.council.minutes import read_minutes
from delib_extract.parse.council.people import resolve
from delib_extract.parse.council.sitting import SittingFacts, join_people, read_sitting
from delib_extract.parse.council.stamp import actes_id
from delib_extract.parse.council.votes import Vote, VoteLine, read_vote, vote_lines
from delib_extract.parse.sections import Sections
from delib_extract.records import (
    AttendanceRecord,
    Check,
    Decision,
    DeliberationInfo,
    Extraction,
    Sitting,
)
from delib_extract.templates.base import PageTexts, Reading, Template
from delib_extract.templates.vocabulary import FRENCH_COUNCILS, Vocabulary
from delib_extract.text.normalise import slug
from delib_extract.vocab import DocType, DocumentKind, PageMethod, Recusal, Severity

READS = (DocType.DELIBERATION, DocType.MINUTES)
_HEAD_PAGES = 2  # the sitting and its lists are printed on the first pages
_FEWEST_LISTED = 3  # fewer names listed say nothing of the council's size


def matches(texts: PageTexts, doc_type: DocType) -> bool:
    return doc_type in READS


def read(
    texts: PageTexts,
    doc_type: DocType,
    scanned: frozenset[int] = frozenset(),
    vocab: Vocabulary = FRENCH_COUNCILS,
) -> Reading:
    lines = document_lines(
        texts, vocab.stamp_fragments, vocab.furniture_lines, scanned,
        keep=vocab.vote_labels + vocab.unanimity,
    )  # fmt: skip
    # The head ends at the first vote; then the members it counts tell which counts
    # further are a vote of the council (not a survey of 48 inhabitants).
    head_end = _head_end(lines, vote_lines(lines, vocab), vocab)
    attendance = read_attendance(lines[:head_end], vocab)
    printed = Lines.of([Line(t, fold_keep(t), n) for n, text in texts for t in text.split("\n")])
    facts = read_sitting(Lines.of(lines[:head_end]), Lines.of(lines), vocab, printed)
    most = _members(facts, attendance)
    votes = vote_lines(lines, vocab, most)
    single = doc_type != DocType.MINUTES
    found = read_minutes(lines, head_end, votes, vocab)
    if single and not _several_deliberations(found):
        found = [read_single(lines, head_end, attendance.end, votes, vocab)]
    stamp = actes_id([(n, text, n in scanned) for n, text in texts])
    context = _Context(lines, vocab, attendance, facts, stamp, most)
    decisions = [_decision(f, context, single) for f in found]
    checks = attendance.checks
    if not decisions:
        checks = [*checks, _warning("aucune décision (point avec un vote ou un résultat) trouvée")]
    pages = [n for n, _ in texts]
    return Reading(
        _sitting(facts, attendance, lines), decisions, _own_pages(decisions, pages), checks
    )


def _own_pages(decisions: list[Decision], pages: list[int]) -> list[Sections]:
    """Where each decision's tables are looked for: a page belongs to the last decision
    that starts on or before it (the first decision also owns the pages before it), so a
    table is read once, with the decision it follows."""
    starts = [d.info.page_start for d in decisions]
    owned: list[list[int]] = [[] for _ in decisions]
    for page in pages:
        index = max((i for i, start in enumerate(starts) if start <= page), default=0)
        owned[index].append(page)
    return [Sections(deliberation=own) for own in owned]


def _head_end(lines: Sequence[Line], votes: Sequence[VoteLine], vocab: Vocabulary) -> int:
    """Where the head (sitting, lists) ends: the first line after the lists that starts
    the body (« Ordre du jour », « Vu … », « Monsieur le Maire expose », a numbered
    point, a vote, the decision's number), within the first pages. Before any list only
    a plain start of the body counts (« Monsieur le Maire, X. » may end the presidency)."""
    if not lines:
        return 0
    vote_at = {v.index for v in votes}
    plain = any_rx((r"ordre du jour", r"vu\b", r"considerant", r".*\brapporte ?:", r"expose\b"))
    starts = any_rx(vocab.body_starts)
    seen_list = False
    for index, line in enumerate(lines):
        if line.page >= lines[0].page + _HEAD_PAGES:
            return index
        following = lines[index + 1] if index + 1 < len(lines) else None
        if is_list_heading(line, vocab, following):
            seen_list = True
            continue
        folded = line.folded.strip(" |_.-")
        if index in vote_at or plain.match(folded):
            return index
        if seen_list and (starts.match(folded) or numbered(line, vocab) or point(line, vocab)):
            return index
    return len(lines)


def _several_deliberations(found: Sequence[Found]) -> bool:
    """An extract that holds several deliberations, each with its number and its vote,
    gives each of them (as minutes do)."""
    return (
        len(found) >= 2
        and all(f.number for f in found)
        and len({f.number for f in found}) == len(found)
    )


def _members(facts: SittingFacts, attendance: Attendance) -> int | None:
    """How many votes the council can cast at most: a count above is not its vote."""
    if facts.counts.get("in_office"):
        return facts.counts["in_office"]
    listed = {r.person.member_id for r in attendance.records}
    listed |= {slug(p.giver) for p in attendance.proxies if p.giver}
    return len(listed) if len(listed) >= _FEWEST_LISTED else None


def _sitting(facts: SittingFacts, attendance: Attendance, lines: Sequence[Line]) -> Sitting:
    people = [r.person for r in attendance.records]
    president = resolve(facts.president, people)
    secretaries = [resolve(s, people) for s in facts.secretaries]
    return Sitting(
        body=facts.body,
        date=facts.date,
        president=president.full_name if president else None,
        secretary=join_people([s for s in secretaries if s]),
        page=lines[0].page if lines else 1,
        authority=facts.authority,
    )


@dataclass(frozen=True)
class _Context:
    """What every decision of a document shares: its lines, the sitting, the stamp."""

    lines: Sequence[Line]
    vocab: Vocabulary
    attendance: Attendance
    facts: SittingFacts
    stamp: str | None
    most: int | None  # the most votes the council can cast


def _decision(found: Found, context: _Context, single: bool) -> Decision:
    lines, facts, attendance = context.lines, context.facts, context.attendance
    vote = read_vote(lines, found.votes, context.vocab, context.most)
    info = DeliberationInfo(
        number=found.number,
        title=found.title,
        adopted=vote.adopted,
        unanimous=vote.unanimous,
        vote_text=vote.text or None,
        page_start=lines[found.first].page if lines else 1,
        page_end=lines[found.last].page if lines else 1,
        actes_id=context.stamp,
        members_in_office=facts.counts.get("in_office"),
        members_present=facts.counts.get("present"),
        voters=facts.counts.get("voters"),
    )
    return Decision(
        info,
        attendance=_with_recusals(attendance.records, vote),
        votes=vote.records(),
        proxies=list(attendance.proxies),
        checks=_missing(found, vote, attendance, single),
    )


def _with_recusals(records: list[AttendanceRecord], vote: Vote) -> list[AttendanceRecord]:
    """« X ne prend pas part au vote »: the recusal on X's line (a line of its own when X
    is on no list)."""
    out = list(records)
    for person in vote.not_voting:
        at = next((i for i, r in enumerate(out) if r.person.member_id == person.member_id), None)
        if at is None:
            out.append(AttendanceRecord(person, None, vote.page, Recusal.VOTE, vote.page))
        else:
            r = out[at]
            out[at] = AttendanceRecord(r.person, r.status, r.page, Recusal.VOTE, vote.page)
    return out


def _missing(found: Found, vote: Vote, attendance: Attendance, single: bool) -> list[Check]:
    checks = []
    if found.title is None:
        severity = Severity.WARNING if found.number else Severity.ERROR
        checks.append(_warning("objet de la décision introuvable", severity))
    if not vote.found:
        checks.append(_warning("résultat du vote introuvable (ni « à l'unanimité », ni "
                               "décompte des voix, ni mot de résultat)"))  # fmt: skip
    if single and not attendance.records:
        checks.append(_warning("liste de présence introuvable (« Étaient présents : »)"))
    return checks


def _warning(what: str, severity: Severity = Severity.WARNING) -> Check:
    return Check(kind="extraction", severity=severity, message=f"Non lu : {what}.")


def completeness(result: Extraction, reading: Reading) -> list[Check]:
    """Scanned pages left without text make the document partial."""
    unread = [p for p in result.pages if p.method == PageMethod.NONE]
    if not unread:
        return []
    numbers = ", ".join(str(p.page_number) for p in unread)
    message = f"Non lu : texte des pages scannées {numbers} (OCR : {unread[0].note or 'non fait'})."
    return [Check(kind="extraction", severity=Severity.ERROR, message=message,
                  page=unread[0].page_number)]  # fmt: skip


TEMPLATE = Template(
    name="conseil",
    description="Délibération ou procès-verbal d'un conseil (commune, intercommunalité, "
    "département, région)",
    kind=DocumentKind.COUNCIL,
    matches=matches,
    read=read,
    table_kinds=("attributions",),
    completeness=completeness,
)
