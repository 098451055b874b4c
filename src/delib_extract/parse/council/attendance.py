"""The sitting's attendance lists and proxies, in the head of a deliberation or minutes.

A list starts at a heading (« Étaient présents : », « Absents excusés : », « Absents
ayant voté par procuration : »…, see the vocabulary) and runs over the next lines while
they go on with names; it stops at another heading, at a label (« Secrétaire de séance
: »), at a sentence, or after a full stop. Each entry may carry a proxy (« X a donné
procuration à Y », « X (pouvoir à Y) », « X à Y » under a heading of proxies).

The heading decides the status, as the document prints it: a proxy's giver is excused
under « excusés », absent under « absents », and only a proxy under « absents ayant voté
par procuration »; a member listed as present who gave a proxy was not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from delib_extract.parse.council.entries import (
    _continues,
    join_lines,
    merge_fragments,
    split_entries,
)
from delib_extract.parse.council.lines import Line, any_rx, fold_keep, rx
from delib_extract.parse.council.names import (
    list_style,
    looks_like_name,
    person_of,
    strip_civility,
    tokens,
)
from delib_extract.records import AttendanceRecord, Check, ProxyRecord
from delib_extract.templates.vocabulary import Vocabulary
from delib_extract.vocab import AttendanceStatus, Severity

_LEAD = r"^[^\w(]{0,4}"  # OCR margin marks before a heading (« . Présents : »)
_LABEL_RE = re.compile(r"^[^\w]{0,3}[\w'’ ]{2,40}?\s?:(?!\d)")
_MAX_LINES = 40


@dataclass
class Block:
    status: str  # present / excused / absent / proxy
    lines: list[Line]
    heading: str
    texts: list[str] = field(default_factory=list)  # the content of each line

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def ocr(self) -> bool:
        return any(line.ocr for line in self.lines)


@dataclass
class Attendance:
    records: list[AttendanceRecord] = field(default_factory=list)
    proxies: list[ProxyRecord] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    style: str = "first_last"
    end: int = 0  # the index after the last line of the lists


def read_attendance(lines: list[Line], vocab: Vocabulary) -> Attendance:
    """Every list of ``lines`` (the head of the document)."""
    # The lists' style (what a name looks like there) decides where each list ends.
    rough = _blocks(lines, vocab, None)
    style = list_style(e for b in rough for t in b.texts for e in split_entries(t))
    blocks = _blocks(lines, vocab, style)
    positions = {id(line): i for i, line in enumerate(lines)}
    last = max((positions[id(b.lines[-1])] for b in blocks), default=-1)
    result = Attendance(style=style, end=last + 1)
    for block in blocks:
        _read_block(block, style, vocab, result)
    _status_after_names(lines, vocab, result)
    return result


def is_list_heading(line: Line, vocab: Vocabulary, following: Line | None = None) -> bool:
    return _heading(line, vocab, following) is not None


def _heading(
    line: Line, vocab: Vocabulary, following: Line | None = None
) -> tuple[str, str, str] | None:
    """(status, heading as printed, the rest of the line) when ``line`` opens a list.

    A heading may go on with words of its own up to a colon at the end of its line or
    of the next (« Absents ayant voté par procuration en application de l'article L
    2121-20 du Code / Général des Collectivités Territoriales : »): then the rest is
    empty and ``following`` belongs to the heading."""
    for pattern, status in vocab.list_headings:
        match = rx(rf"{_LEAD}(?:{pattern})(?![a-z])\s*(?P<colon>[:;.]?)\s*").match(line.folded)
        if not match:
            continue
        rest = line.text[match.end() :].strip()
        if not match.group("colon") and rest:
            if rest.endswith(":") and len(rest) < 120:
                return status, line.text, ""
            words, colon, names = rest.partition(":")
            if colon and len(words) < 60 and not re.search(r"[A-ZÀ-Þ]{2}", words):
                # « Étaient présents les conseillers municipaux suivants : M. A, M. B »
                return status, line.text[: len(line.text) - len(names)], names.strip()
            if (
                following is not None
                and following.text.rstrip().endswith(":")
                and (len(rest) + len(following.text) < 160)
            ):
                return status, f"{line.text} {following.text}", ""
            continue  # « Présents à la réunion … »: a sentence, not a heading
        if re.fullmatch(r"[\d\s]+", rest) and rest:
            return None  # « Membres présents : 25 » is a count
        return status, line.text[: match.end()], rest
    return None


def _blocks(lines: list[Line], vocab: Vocabulary, style: str | None) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    skip = False
    for index, line in enumerate(lines):
        if skip:  # the second line of a heading
            skip = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        found = _heading(line, vocab, following)
        if found:
            status, heading, rest = found
            skip = following is not None and heading.endswith(following.text)
            current = Block(status, [line], heading, [rest] if rest else [])
            blocks.append(current)
            continue
        if current is None:
            continue
        if _goes_on(current, line, vocab, style):
            current.lines.append(line)
            if not _sub_heading(current, line):
                current.texts.append(line.text.strip(" .:|_"))
        else:
            current = None
    return blocks


def _goes_on(block: Block, line: Line, vocab: Vocabulary, style: str | None) -> bool:
    """Whether ``line`` goes on with the list ``block``."""
    text = line.text.strip(" .:|_")
    if len(block.lines) > _MAX_LINES or not text or _status_after(line, vocab):
        return False
    if _sub_heading(block, line):
        return True
    before = block.texts[-1] if block.texts else ""
    continues = bool(before) and _continues(before, text, style or "")
    if _LABEL_RE.match(line.text) and not continues:
        return False  # « Secrétaire de séance : … », « Quorum : atteint »
    if before.endswith(".") and not re.match(r"[,;/&]", text):
        return False
    if continues:
        return True
    # A line of its own must be names only (roles aside: « X, conseiller municipal »).
    proxy_list = block.status == "proxy" or _announces_proxies(block.heading)
    roles = any_rx(vocab.roles)
    entries = [e for e in split_entries(text) if not roles.fullmatch(fold_keep(e).strip())]
    givers = [_split_proxy(e, vocab, proxy_list)[0] for e in entries]
    if not givers or not looks_like_name(givers[0], style):
        return False
    # the last entry may be a name cut by the line's end (« Valérie » / « BARTHAS-ORSAL »)
    return all(looks_like_name(g, style) for g in givers[1:-1]) and looks_like_name(givers[-1])


def _sub_heading(block: Block, line: Line) -> bool:
    """« Présences / Membres : / … »: a label of its own right under the heading."""
    text = line.text.strip(" .|_")
    return not block.texts and len(block.lines) <= 2 and text.endswith(":") and len(text) < 30


def _announces_proxies(heading: str) -> bool:
    return bool(re.search(r"pouvoir|procuration|represente", fold_keep(heading)))


def _before_paren(entry: str) -> str:
    return entry.split("(", 1)[0].strip()


def _status_after(line: Line, vocab: Vocabulary) -> str | None:
    """« Maryline : absente non excusée »: the status printed after the name."""
    _, sep, tail = line.folded.partition(":")
    if not sep or not looks_like_name(line.text.split(":", 1)[0].strip(" .")):
        return None
    for pattern, status in vocab.status_after_name:
        if rx(rf"^\s*(?:{pattern})\s*\.?\s*$").match(tail):
            return status
    return None


def _status_after_names(lines: list[Line], vocab: Vocabulary, out: Attendance) -> None:
    for line in lines:
        status = _status_after(line, vocab)
        person = person_of(line.text.split(":", 1)[0]) if status else None
        if person is not None:
            out.records.append(AttendanceRecord(person, AttendanceStatus(status), line.page))


def _read_block(block: Block, style: str, vocab: Vocabulary, out: Attendance) -> None:
    text = join_lines(block.texts, style)
    proxy_list = block.status == "proxy" or _announces_proxies(block.heading)
    connectors = "|".join(f"(?:{c})" for c in vocab.proxy_connectors)
    for entry in merge_fragments(split_entries(text), style, connectors):
        giver_text, holder_text, negated = _split_proxy(entry, vocab, proxy_list)
        if not looks_like_name(giver_text, style):
            if block.ocr and len(re.sub(r"[^\w]", "", giver_text)) >= 3:
                out.checks.append(_unreadable(giver_text, block))
            continue
        person = person_of(giver_text)
        if person is None:
            continue
        gave_proxy = holder_text is not None or (block.status == "proxy" and not negated)
        if gave_proxy:
            holder = _holder(holder_text)
            out.proxies.append(ProxyRecord(holder, entry, block.page, giver=person.full_name))
        if block.status in ("excused", "absent") or (block.status == "present" and not gave_proxy):
            status = AttendanceStatus(block.status)
            out.records.append(AttendanceRecord(person, status, block.page))


def _split_proxy(entry: str, vocab: Vocabulary, proxy_list: bool) -> tuple[str, str | None, bool]:
    """(giver, holder or None, whether the entry says there is no proxy)."""
    folded = fold_keep(entry)
    if any_rx(vocab.no_proxy).search(folded):
        return _before_paren(entry), None, True
    connectors = list(vocab.proxy_connectors)
    if proxy_list:
        connectors.append(vocab.proxy_list_connector)
    match = rx(rf"\(?\s*\b(?:{'|'.join(connectors)})\b\s*").search(folded)
    if match is None or match.start() == 0:
        return _before_paren(entry), None, False
    giver = entry[: match.start()].strip(" ,(")
    holder = entry[match.end() :].strip(" )(.,")
    return _before_paren(giver), holder or None, False


def _holder(text: str | None) -> str | None:
    """The holder as a name (first names first), its civility and role left out."""
    if not text:
        return None
    name = re.split(r"[,(]", text)[0]
    person = person_of(name) if looks_like_name(name) else None
    if person is not None:
        return person.full_name
    words = tokens(strip_civility(name)[1])
    return " ".join(words) if words else None


def _unreadable(text: str, block: Block) -> Check:
    message = (
        f"Nom illisible dans la liste « {block.heading.strip(' :')} » (page lue par OCR) : "
        f"« {text[:60]} » laissé de côté."
    )
    return Check(kind="extraction", severity=Severity.WARNING, message=message, page=block.page)
