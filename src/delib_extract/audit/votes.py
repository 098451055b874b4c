"""The vote against the attendance: counts vs members able to vote, recusals, outcome.

In the Commission Permanente the groups announce their votes, and a group may vote for
its absent members: a count that differs from the members present is a ``warning``.
A vote declared adopted with more votes against than for, or unanimous with votes
against, is the document contradicting itself (``error``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from delib_extract.audit.findings import warning
from delib_extract.records import AttendanceRecord, Check, Decision, VoteRecord
from delib_extract.vocab import AttendanceStatus, CheckKind, Recusal, Severity, VotePosition

_PRESENT = {AttendanceStatus.PRESENT, AttendanceStatus.ADVISORY_PRESENT}
_EXCUSED = {AttendanceStatus.EXCUSED, AttendanceStatus.ADVISORY_EXCUSED}
_LABELS = {
    VotePosition.FOR: ("pour", "pour"),
    VotePosition.AGAINST: ("contre", "contre"),
    VotePosition.ABSTENTION: ("abstention", "abstentions"),
}


def check_votes(decision: Decision, tolerance: Decimal) -> list[Check]:
    return (
        _both_present_and_excused(decision.attendance)
        + _recused_but_absent(decision.attendance)
        + _counts(decision)
        + _outcome(decision)
    )


def _both_present_and_excused(attendance: list[AttendanceRecord]) -> list[Check]:
    by_member: dict[str, list[AttendanceRecord]] = defaultdict(list)
    for record in attendance:
        by_member[record.person.member_id].append(record)
    checks = []
    for records in by_member.values():
        present = [r for r in records if r.status in _PRESENT]
        excused = [r for r in records if r.status in _EXCUSED]
        if present and excused:
            checks.append(
                Check(
                    str(CheckKind.ATTENDANCE_CONFLICT),
                    Severity.ERROR,
                    f"{_name(records[0])} figure à la fois parmi les présents (page "
                    f"{present[0].page}) et parmi les excusés (page {excused[0].page}).",
                    page=excused[0].page,
                )
            )
    return checks


def _recused_but_absent(attendance: list[AttendanceRecord]) -> list[Check]:
    """A member said to have left the debate, but not on the list of those present."""
    checks = []
    for record in attendance:
        if record.recusal is None or record.status in _PRESENT:
            continue
        listed = (
            "est pourtant noté(e) excusé(e)"
            if record.status in _EXCUSED
            else "est pourtant noté(e) absent(e)"
            if record.status == AttendanceStatus.ABSENT
            else "ne figure sur aucune liste de présence"
        )
        left = "du débat et du vote" if record.recusal == Recusal.DEBATE_AND_VOTE else "du débat"
        what = f"intéressé(e) à l'affaire et sorti(e) {left}"
        if record.recusal == Recusal.VOTE:  # « ne prend pas part au vote » (other councils)
            what = "qui n'a pas pris part au vote"
        checks.append(
            warning(
                CheckKind.RECUSAL_ABSENT,
                f"{_name(record)}, {what}, {listed}.",
                record.recusal_page or record.page,
            )
        )
    return checks


def _counts(decision: Decision) -> list[Check]:
    counted = [v for v in decision.votes if v.count is not None]
    if not counted or any(v.count is None for v in decision.votes):
        return []  # "à l'unanimité" without counts: nothing to compare
    present = {r.person.member_id for r in decision.attendance if r.status == "present"}
    recused = {
        r.person.member_id
        for r in decision.attendance
        if r.status == AttendanceStatus.PRESENT and r.recusal == Recusal.DEBATE_AND_VOTE
    }
    excused = {r.person.member_id for r in decision.attendance if r.status == "excused"} - present
    proxies = len(decision.proxies)
    expected = len(present) - len(recused) + proxies
    found = sum(v.count or 0 for v in counted)
    if found == expected or not present:
        return []
    detail = _detail(counted)
    page = counted[0].page
    if recused and found == len(present) + proxies:
        return [
            warning(
                CheckKind.VOTE_RECUSAL,
                f"Les {found} voix comptées ({detail}) correspondent à tous les membres "
                f"présents, y compris les {len(recused)} qui, intéressés à l'affaire, n'ont "
                f"pris part ni au débat ni au vote : ils semblent comptés parmi les votants "
                f"(attendu : {expected}).",
                page,
                expected,
                found,
            )
        ]
    able = f"{len(present)} présents"
    if recused:
        able += f" moins {len(recused)} n'ayant pas pris part au vote"
    if proxies:
        able += f" plus {proxies} pouvoir{'s' if proxies > 1 else ''}"
    message = (
        f"{found} voix comptées ({detail}) pour {expected} membres pouvant voter ({able}). "
        "Un groupe peut voter pour ses membres absents : écart à vérifier."
    )
    if found > len(present) + len(excused) + proxies:
        message += (
            f" Il y a plus de voix que de membres inscrits sur les listes "
            f"({len(present)} présents, {len(excused)} excusés)."
        )
    return [warning(CheckKind.VOTE_COUNT, message, page, expected, found)]


def _detail(votes: list[VoteRecord]) -> str:
    """``31 pour, 0 contre, 13 abstentions``."""
    return ", ".join(f"{v.count} {_LABELS[v.position][(v.count or 0) > 1]}" for v in votes)


def _outcome(decision: Decision) -> list[Check]:
    info = decision.info
    counts = {v.position: v.count for v in decision.votes if v.count is not None}
    if info is None or VotePosition.AGAINST not in counts:
        return []
    against = counts[VotePosition.AGAINST] or 0
    page = next((v.page for v in decision.votes if v.position == VotePosition.AGAINST), None)
    if info.unanimous and against > 0:
        return [
            Check(
                str(CheckKind.VOTE_UNANIMITY),
                Severity.ERROR,
                f"Le vote est dit « à l'unanimité » mais compte {against} voix contre.",
                0.0,
                float(against),
                page,
            )
        ]
    for_ = counts.get(VotePosition.FOR)
    if for_ is None or info.adopted is None or for_ == against:
        return []  # a tie: the president's casting vote decides
    if info.adopted != (for_ > against):
        outcome = "adoptée" if info.adopted else "rejetée"
        return [
            Check(
                str(CheckKind.VOTE_OUTCOME),
                Severity.ERROR,
                f"La délibération est déclarée {outcome} avec {for_} voix pour et {against} "
                "contre.",
                float(for_),
                float(against),
                page,
            )
        ]
    return []


def _name(record: AttendanceRecord) -> str:
    person = record.person
    return f"{person.civility + ' ' if person.civility else ''}{person.full_name}"
