"""Where each decision of a council document is, with its number, its title and the
lines that state its vote.

A single deliberation (« Extrait du registre des délibérations ») is one decision: its
number and title are in its heading, its vote in its last paragraph (« après en avoir
délibéré … »). Minutes hold many: see :mod:`.minutes`.

A decision's vote lines are grouped into *clusters*: lines next to each other make one
statement (« POUR 21 / CONTRE 0 / ABSTENTION 0 / APPROUVE … »), and a sentence
(« Le conseil, après en avoir délibéré à l'unanimité ») belongs to the line that closes
it (« Vote : unanimité »).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from delib_extract.parse.council.headings import (
    continue_title,
    heading_like,
    numbered,
    title_label,
    wide_line,
)
from delib_extract.parse.council.lines import Line, any_rx
from delib_extract.parse.council.votes import VoteLine
from delib_extract.templates.vocabulary import Vocabulary

_SIGNATURE_RE = re.compile(
    r"^\W{0,3}(?:pour extrait conforme|ainsi (?:fait et )?delibere|fait et delibere)"
)
_FIRST_PAGES = 2


@dataclass
class Found:
    """One decision located in the document's lines."""

    number: str | None
    title: str | None
    first: int  # its first line (heading)
    last: int  # its last line
    votes: list[int] = field(default_factory=list)  # its vote lines


def clusters(votes: Sequence[VoteLine]) -> list[list[int]]:
    """Vote lines grouped into statements (see the module's docstring). Two lines next to
    each other that each state a whole vote (« DM1 … : Vote : 14 pour … » twice) are two
    statements."""
    runs: list[tuple[list[int], bool]] = []
    previous: VoteLine | None = None
    for vote in votes:
        whole = previous is not None and previous.whole and vote.whole
        previous = vote
        if runs and vote.index - runs[-1][0][-1] == 1 and not whole:
            runs[-1][0].append(vote.index)
            runs[-1] = (runs[-1][0], runs[-1][1] or vote.terminal)
        else:
            runs.append(([vote.index], vote.terminal))
    out: list[list[int]] = []
    pending: list[int] = []
    for indices, terminal in runs:
        pending += indices
        if terminal:
            out.append(pending)
            pending = []
    if pending:
        if out:
            out[-1] += pending
        else:
            out.append(pending)
    return out


def read_single(lines: Sequence[Line], head_end: int, lists_end: int, votes: Sequence[VoteLine],
                vocab: Vocabulary) -> Found:  # fmt: skip
    """The one decision of a deliberation: number, title, vote lines."""
    wide = wide_line(lines)
    pages = {line.page for line in lines}
    first_pages = [i for i, line in enumerate(lines) if line.page < min(pages) + _FIRST_PAGES]
    limit = (first_pages[-1] + 1) if first_pages else len(lines)
    number, title, title_end, first = None, None, head_end, 0
    vote_at = frozenset(v.index for v in votes)
    for index in range(limit):
        found = numbered(lines[index], vocab)
        if found:
            number, first = found.number, index
            if found.title:
                title, title_end = continue_title(found.title, lines, index + 1, limit, vocab,
                                                  wide, vote_at)  # fmt: skip
            elif index >= lists_end:  # the title on the next lines (else after the lists)
                title, title_end = _title_block(lines, index + 1, limit, vocab)
            break
    if title is None:
        title, title_end = _labelled_title(lines, limit, vocab, wide, vote_at)
    if title is None and (lists_end or number):  # between the lists and the body
        title, title_end = _title_block(lines, max(lists_end, first + 1), head_end, vocab)
    return Found(number, title, first, len(lines) - 1, _deciding(lines, votes, title_end, vocab))


def _labelled_title(lines: Sequence[Line], limit: int, vocab: Vocabulary, wide: int,
                    ends: frozenset[int]) -> tuple[str | None, int]:  # fmt: skip
    for index in range(limit):
        text = title_label(lines[index], vocab)
        if text is None:
            continue
        start = index + 1
        if not text and start < len(lines):
            text, start = lines[start].text, start + 1
        return continue_title(text, lines, start, limit, vocab, wide, ends)
    return None, 0


def _title_block(
    lines: Sequence[Line], start: int, end: int, vocab: Vocabulary
) -> tuple[str | None, int]:
    """The lines of a title printed on their own: after the decision's number, or
    between the attendance lists and the body (« … rapporte : »)."""
    picked = []
    for index in range(start, min(end, start + 4)):
        line = lines[index]
        bare = Line(line.text.rstrip(" ."), line.folded.rstrip(" ."), line.page)  # « … Energie. »
        if not heading_like(bare, vocab) or re.match(r"^[\w' ]{2,30} ?:", line.folded):
            if picked or any_rx(vocab.body_starts).match(line.folded):
                break
            continue
        picked.append(line.text.strip())
    if not picked:
        return None, start
    return " ".join(picked), start + len(picked)


def _deciding(
    lines: Sequence[Line], votes: Sequence[VoteLine], after: int, vocab: Vocabulary
) -> list[int]:
    """The vote lines of a deliberation: those of its last paragraph of decision (from
    « après en avoir délibéré ») before the signature; else every vote line after its
    title."""
    end = next((i for i in range(after, len(lines)) if _SIGNATURE_RE.match(lines[i].folded)),
               len(lines))  # fmt: skip
    inside = [v.index for v in votes if after <= v.index < end]
    abstaining = [v.index for v in votes if after <= v.index < end and v.abstaining]
    anchors = [i for i in range(after, end) if any_rx(vocab.deliberated).search(lines[i].folded)]
    if anchors:
        deciding = [i for i in inside if i >= anchors[-1]]
        if deciding:
            return sorted(set(deciding) | set(abstaining))
    return inside
