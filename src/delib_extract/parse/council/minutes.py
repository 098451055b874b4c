"""The decisions of minutes (procès-verbal, compte rendu): one per point that shows a
vote or a result.

Points are found in one of two ways, whichever the document supports:

- headed: its decisions carry numbers (« Délibération D2018-66 », « DL-055-07-13 - … »)
  or its points are numbered in sequence (« 1/ », « 2. », « II. », « 6.1 »). Each heading
  runs to the next; a heading whose text holds one vote is one decision with the
  heading's title. A point that holds several votes (« Vote des comptes de gestion :
  15 pour », « Vote du budget : 15 pour ») gives one decision per vote, each titled by
  its own line.
- unheaded: nothing numbers the points (scanned minutes of small communes); each vote
  closes a decision, titled by the first line that reads as a heading after the
  previous vote.

A numbered list inside a decision (« 1- Maintien des périodes », « 2 - … ») is not a
sequence of points: the headed way is kept only when its headings share the votes out
(at most two untitled votes per heading on average).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from delib_extract.parse.council.decisions import Found, clusters
from delib_extract.parse.council.headings import (
    continue_title,
    heading_like,
    numbered,
    point,
    procedural,
    tidy_number,
    title_label,
    wide_line,
)
from delib_extract.parse.council.lines import Line, any_rx, fold_keep, rx
from delib_extract.parse.council.votes import VoteLine
from delib_extract.templates.vocabulary import Vocabulary

_DETERMINERS_RE = re.compile(
    r"^(?:le|la|les|l'|un|une|des|il|elle|ils|elles|on|nous|ce|cet|cette|ces|son|sa|ses|"
    r"leur|apres|suite|pour|par|en|dans|a|au|aux|si|lors)\b"
)
# A verb of a sentence (« il est passé au vote », « ont été lues »): not a title.
_SENTENCE_RE = re.compile(r"\b(?:est|sont|a ete|ont|il|elle|ils|nous|vous|on)\b")
_MAX_PER_HEADING = 2.0
_MIN_POINTS = 3  # numbered points in a sequence


@dataclass(frozen=True)
class Heading:
    index: int
    number: str | None
    title: str | None
    end: int  # the line after the heading's title


def read_minutes(lines: Sequence[Line], start: int, votes: Sequence[VoteLine],
                 vocab: Vocabulary) -> list[Found]:  # fmt: skip
    """Every decision of minutes whose body starts at line ``start``."""
    votes = [v for v in votes if v.index >= start]
    headings = _headings(lines, start, votes, vocab)
    if headings and _shares_votes(lines, headings, votes, vocab):
        found = _headed(lines, headings, votes, vocab)
    else:
        found = _unheaded(lines, start, votes, vocab)
    return _distinct(found)


# -- headings ----------------------------------------------------------------------------


def _headings(lines: Sequence[Line], start: int, votes: Sequence[VoteLine],
              vocab: Vocabulary) -> list[Heading]:  # fmt: skip
    wide = wide_line(lines)
    vote_at = frozenset(v.index for v in votes)
    chain = _chain(lines, start, vocab)
    out: list[Heading] = []
    open_number = False  # a numbered decision whose vote is still to come
    for index in range(start, len(lines)):
        if index in vote_at:
            open_number = False
            continue
        found = numbered(lines[index], vocab)
        if found:
            out.append(
                _numbered_heading(lines, index, found.number, found.title, vocab, wide, vote_at)
            )
            open_number = True
        elif index in chain and not open_number:  # a list in a decision's text: no point
            title, end = continue_title(chain[index], lines, index + 1, len(lines), vocab, wide,
                                        vote_at)  # fmt: skip
            number, title = _number_in_title(title, vocab)
            out.append(Heading(index, number, title, end))
    return _merge_untitled(out, vote_at)


def _numbered_heading(lines: Sequence[Line], index: int, number: str, title: str | None,
                      vocab: Vocabulary, wide: int, ends: frozenset[int]) -> Heading:  # fmt: skip
    if title:
        text, end = continue_title(title, lines, index + 1, len(lines), vocab, wide, ends)
        return Heading(index, number, text, end)
    for near in range(index + 1, min(index + 3, len(lines))):
        label = title_label(lines[near], vocab)
        if label is not None:  # « Délibération D2018-66 / Objet : … »
            start = near + 1
            if not label and start < len(lines):
                label, start = lines[start].text, start + 1
            text, end = continue_title(label, lines, start, len(lines), vocab, wide, ends)
            return Heading(index, number, text, end)
    return Heading(index, number, None, index + 1)


def _number_in_title(title: str, vocab: Vocabulary) -> tuple[str | None, str]:
    """« Budget primitif 2024 (délibération n° 2024-015) » → (« 2024-015 », « Budget
    primitif 2024 »); « DCM n° 2024-003 : Tarifs » → (« 2024-003 », « Tarifs »)."""
    found = numbered(Line(title, fold_keep(title), 0), vocab)
    if found and found.title:
        return found.number, found.title
    match = rx(vocab.number_in_title).search(fold_keep(title))
    if not match:
        return None, title
    number = tidy_number(title[match.start("num") : match.end("num")])
    return number, title[: match.start()].strip(" -–:")


def _merge_untitled(headings: list[Heading], vote_at: frozenset[int]) -> list[Heading]:
    """A number printed under a point's heading (« 4. Demande de démolition … /
    Résolution DM-2023-001 ») is that point's number."""
    out: list[Heading] = []
    for heading in headings:
        previous = out[-1] if out else None
        if (
            previous is not None
            and heading.title is None
            and previous.number is None
            and heading.index - previous.index <= 3
            and not any(previous.index < i < heading.index for i in vote_at)
        ):
            out[-1] = Heading(previous.index, heading.number, previous.title, heading.index + 1)
            continue
        out.append(heading)
    return out


def _chain(lines: Sequence[Line], start: int, vocab: Vocabulary) -> dict[int, str]:
    """Numbered points that follow one another (1, 2, 3… or I, II…; 6.1 under 6), printed
    alike: line index → title. A number alone (« 1 DEVIS … ») or a short list inside a
    decision (« 2) … 3) … ») is not a sequence of points."""
    points = [(i, p) for i in range(start, len(lines)) if (p := point(lines[i], vocab))]
    out: dict[int, str] = {}
    for style in {p.style for _, p in points}:
        family = [(i, p) for i, p in points if p.style == style]
        tops = {p.value[0] for _, p in family if len(p.value) == 1}
        followed = {v for v in tops if v + 1 in tops or v - 1 in tops}
        if len([p for _, p in family if p.value[0] in followed]) < _MIN_POINTS:
            continue
        for index, found in family:
            if found.value[0] in followed or (len(found.value) > 1 and found.value[0] in tops):
                out[index] = found.title
    return out


def _shares_votes(lines: Sequence[Line], headings: list[Heading], votes: Sequence[VoteLine],
                  vocab: Vocabulary) -> bool:  # fmt: skip
    owners, untitled = 0, 0
    for heading, stop in _spans(headings, len(lines)):
        groups = clusters([v for v in votes if heading.index < v.index < stop])
        if groups:
            owners += 1
            untitled += sum(1 for g in groups if not _local_title(lines, g, vocab))
    return owners >= 1 and untitled / owners <= _MAX_PER_HEADING


def _spans(headings: list[Heading], total: int) -> list[tuple[Heading, int]]:
    return [(h, headings[i + 1].index if i + 1 < len(headings) else total)
            for i, h in enumerate(headings)]  # fmt: skip


# -- decisions ---------------------------------------------------------------------------


def _headed(lines: Sequence[Line], headings: list[Heading], votes: Sequence[VoteLine],
            vocab: Vocabulary) -> list[Found]:  # fmt: skip
    out = []
    for heading, stop in _spans(headings, len(lines)):
        groups = clusters([v for v in votes if heading.index < v.index < stop])
        if len(groups) == 1:
            if not (heading.title and procedural(heading.title, vocab)):
                out.append(Found(heading.number, heading.title, heading.index, stop - 1, groups[0]))
            continue
        previous = heading.end - 1
        for n, group in enumerate(groups):
            title = _local_title(lines, group, vocab) or _after(lines, previous, group[0], vocab)
            if title is None and n == 0:
                title = heading.title
            if title:
                number = heading.number if n == 0 else None
                out.append(Found(number, title, previous + 1, group[-1], group))
            previous = group[-1]
    return out


def _unheaded(lines: Sequence[Line], start: int, votes: Sequence[VoteLine],
              vocab: Vocabulary) -> list[Found]:  # fmt: skip
    out, previous = [], start - 1
    for group in clusters(votes):
        title = _after(lines, previous, group[0], vocab)
        if title:
            out.append(Found(None, title, previous + 1, group[-1], group))
        previous = group[-1]
    return out


def _local_title(lines: Sequence[Line], group: list[int], vocab: Vocabulary) -> str | None:
    """A vote's own title: printed before « Vote : » on its line (« DM1 pour budget
    communal approuvé : Vote : 14 pour … »), or the line just above it ending with a
    colon (« Vote du budget primitif 2021 : / 15 pour »)."""
    first = lines[group[0]]
    label = any_rx(vocab.vote_labels).search(first.folded)
    if label and label.start() > 3:
        prefix = first.text[: label.start()].strip(" :-–")
        if _title_ok(prefix, vocab):
            return prefix
    if group[0] > 0:
        above = lines[group[0] - 1]
        if above.text.rstrip().endswith(":") and _title_ok(above.text, vocab):
            return above.text.strip(" :")
    return None


def _after(lines: Sequence[Line], previous: int, stop: int, vocab: Vocabulary) -> str | None:
    """The first line after ``previous`` that reads as a decision's heading, with the
    lines it wraps onto."""
    wide = wide_line(lines)
    labels = any_rx(vocab.title_labels)
    for index in range(_past_agenda(lines, previous + 1, stop, vocab), stop):
        line = lines[index]
        label = labels.match(line.folded)  # « Objet : » printed before the title
        text = line.text[label.end() :] if label else line.text
        if _title_ok(text, vocab) and not procedural(text, vocab):
            title, _ = continue_title(text, lines, index + 1, stop, vocab, wide)
            return title
    return None


def _past_agenda(lines: Sequence[Line], start: int, stop: int, vocab: Vocabulary) -> int:
    """After « Ordre du jour », the points it lists are not decisions: skip to the first
    line that is not one of them."""
    for index in range(start, stop):
        if re.match(r"^\W{0,3}ordre du jour\b", lines[index].folded):
            after, listed = index + 1, set()
            while after < stop and heading_like(lines[after], vocab):
                key = re.sub(r"[^a-z0-9]+", "", lines[after].folded)
                if key in listed:  # the first point, heading its own text
                    break
                listed.add(key)
                after += 1
            return after
    return start


def _title_ok(text: str, vocab: Vocabulary) -> bool:
    """A line that can open a decision: a heading, not a sentence, a label or a figure."""
    line = Line(text, fold_keep(text), 0)
    if not heading_like(line, vocab) or re.search(r"[€%]", text):
        return False
    if re.match(r"^\W{0,3}[\w']+(?: [\w']+)? ?:\W*$", line.folded):
        return False  # a label alone (« Objet : »)
    if not re.match(r"^\W{0,3}[A-ZÀ-Þ0-9«\"]", text):
        return False  # a line in lowercase goes on with a sentence
    bare = line.folded.strip(" |_.:;-'‘’\"«")
    if len(re.findall(r"[a-z]{2,}", bare)) < 2 or _SENTENCE_RE.search(bare):
        return False
    return not _DETERMINERS_RE.match(bare)


def _distinct(found: list[Found]) -> list[Found]:
    """A page printed twice (a corrected copy) does not make its decisions twice."""
    seen, out = set(), []
    for decision in found:
        key = (decision.number, fold_keep(decision.title or "").strip())
        if key in seen and decision.title:
            continue
        seen.add(key)
        out.append(decision)
    return out
