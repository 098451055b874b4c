"""The vote of a council decision, in the many ways French councils print it.

« à l'unanimité », « à la majorité (8 abstentions, 2 contre) », « POUR 21 / CONTRE 1
(Jean Marie SALANON) / ABSTENTION 0 », « 13 votes pour », « 2 votes contre 1
abstention 9 votes pour », « Vote : 14 pour / 0 contre / 0 abstention → adopté »,
« A L'UNANIMITE des votants (31 voix), 8 abstentions (groupe … et Mme X) », « Le
Conseil adopte. », « Proposition non retenue », « X ne prend pas part au vote ».

:func:`vote_lines` finds the lines of a text that state a vote (a sentence quoting
another assembly's vote — « Vu », « Considérant » — is not one); :func:`read_vote` reads
what those lines say. Only what is printed is kept: no count is derived (« à
l'unanimité » alone gives no number), and an outcome needs a word of result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from delib_extract.parse.council.lines import Line, any_rx, rx
from delib_extract.parse.council.outcome import outcome
from delib_extract.parse.council.sides import named_after, named_sides, not_voting
from delib_extract.records import VoteRecord
from delib_extract.templates.vocabulary import Vocabulary
from delib_extract.text.names import Person
from delib_extract.text.normalise import collapse
from delib_extract.vocab import VotePosition

# « Vu la délibération … adoptée à l'unanimité », « Considérant que la commune … s'est
# prononcée à la majorité »: another body's vote, quoted.
_QUOTE_START_RE = re.compile(r"^\W{0,3}(?:vu|considerant|attendu|rappel\w*)\b")
_QUOTE_INSIDE_RE = re.compile(r"(?:^|[\s(])(?:considerant|vu|attendu)\b[^.;]*$")
_QUOTE_LINES = 6


@dataclass
class Vote:
    """What a decision's vote lines say."""

    counts: dict[VotePosition, int] = field(default_factory=dict)
    names: dict[VotePosition, list[str]] = field(default_factory=dict)
    groups: dict[VotePosition, list[str]] = field(default_factory=dict)
    unanimous: bool | None = None
    adopted: bool | None = None
    not_voting: list[Person] = field(default_factory=list)
    text: str = ""
    page: int = 1

    @property
    def found(self) -> bool:
        return bool(self.counts) or self.unanimous is not None or self.adopted is not None

    def records(self) -> list[VoteRecord]:
        return [
            VoteRecord(
                position,
                self.counts.get(position),
                tuple(self.groups.get(position, ())),
                self.page,
                tuple(self.names.get(position, ())),
            )
            for position in VotePosition
            if position in self.counts or self.names.get(position)
        ]


@dataclass(frozen=True)
class VoteLine:
    index: int  # in the lines given
    terminal: bool  # the line is a vote on its own (« Vote : unanimité », « POUR 21 »)
    whole: bool = False  # it states a whole vote: a label, or counts for two sides
    abstaining: bool = False  # it names members who took no part in the vote


def vote_lines(lines: Sequence[Line], vocab: Vocabulary, most: int | None = None) -> list[VoteLine]:
    """The lines that state a vote or a result, in order. Counts above ``most`` (the
    council's members) are a survey or a tally of the public, not a vote."""
    out = []
    for index in range(len(lines)):
        found = _line_kind(lines, index, vocab, most)
        if found:
            out.append(found)
    return out


def _line_kind(
    lines: Sequence[Line], index: int, vocab: Vocabulary, most: int | None
) -> VoteLine | None:
    folded = lines[index].folded
    if any_rx(vocab.not_voting).search(folded):  # « Considérant que M. X n'a pas pris part »
        return VoteLine(index, False, False, True)
    if _quoted(lines, index):
        return None
    below = lines[index + 1] if index + 1 < len(lines) else None
    table = table_counts(lines[index], below, vocab)
    if table and not (most is not None and all(n > most for _, n in table)):
        return VoteLine(index, True, True)
    counts = _counts_in(folded, lines[index].text, vocab)
    if most is not None and counts and all(count > most for _, count, _, _ in counts):
        return None
    labelled = bool(
        rx(
            rf"^\W{{0,3}}(?:{'|'.join(vocab.vote_labels)})|\S.*\b(?:{'|'.join(vocab.vote_labels)})"
        ).search(folded)
    )
    whole = labelled or len({label for label, _, _, _ in counts}) >= 2
    before = lines[index - 1].folded if index else ""
    kind = _kind(lines[index], folded, counts, labelled, vocab, before)
    return VoteLine(index, kind == "terminal", whole) if kind else None


def _kind(line: Line, folded: str, counts: list, labelled: bool, vocab: Vocabulary,
          before: str) -> str | None:  # fmt: skip
    if labelled:
        return "terminal"
    if counts:
        return "terminal" if len(folded) < 90 or _count_line(folded, vocab) else "sentence"
    if re.match(r"^\W{0,3}\d{1,3} (?:votes?|voix)\.?$", folded):
        return "terminal"  # « 13 votes »: a vote whose side is not printed
    if any_rx(vocab.unanimity).search(folded) or any_rx(vocab.majority).search(folded):
        short = len(folded) < 60 and not re.search(r"\b(?:le|la|les) \w+ \w+", folded[:25])
        return "terminal" if short else "sentence"
    if outcome(line, vocab, before) is not None:
        return "sentence"
    if any_rx(vocab.not_voting).search(folded):
        return "sentence"
    if rx(rf"^\W{{0,3}}(?:{'|'.join(vocab.decision_labels)})").search(folded.strip()):
        return "sentence"
    return None


def _quoted(lines: Sequence[Line], index: int) -> bool:
    """Whether line ``index`` is in a « Vu … » / « Considérant … » paragraph: the line
    starts one, or continues one (no line in between closes with a punctuation mark)."""
    for back in range(index, max(-1, index - _QUOTE_LINES), -1):
        folded = lines[back].folded
        if back < index and re.search(r"[.;:,]\s*$", folded):
            return False
        if _QUOTE_START_RE.match(folded):
            return True
        if re.match(r"^\W{0,3}[A-ZÀ-Þ]", lines[back].text):
            break  # a line that starts a sentence of its own: not a quote's continuation
    cut = re.search(r"an ?imit|majorite|\d{1,3} (?:voix|votes?)", lines[index].folded)
    return bool(cut and _QUOTE_INSIDE_RE.search(lines[index].folded[: cut.start()]))


def _count_line(folded: str, vocab: Vocabulary) -> bool:
    words = _positions(vocab)
    return bool(re.match(rf"^\W{{0,3}}(?:{words})\b", folded))


def _positions(vocab: Vocabulary) -> str:
    return "|".join(f"(?:{p})" for _, p in vocab.positions)


def _count_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = _positions(vocab)
    # « 13 votes pour », « 15 pour. », « 0 contre, 0 abstention, 11 pour »; not « le CDG 30
    # pour des conseils »: a bare « pour » ends the phrase (or another count follows).
    sides = "|".join(f"(?:{p})" for position, p in vocab.positions if position != "for")
    for_word = "|".join(f"(?:{p})" for position, p in vocab.positions if position == "for")
    before = rx(
        rf"(?<![\w,.])(?P<n>\d{{1,3}}) ?(?:(?:{vocab.count_units}) (?P<label>{words})\b"
        rf"|(?P<side>{sides})\b"
        rf"|(?P<bare>{for_word})\b(?= ?(?:$|[.,;:/)\-]|\d|et\b|(?:{words})\b)))"
    )
    after = rx(
        rf"\b(?P<label>{words}) ?(?:[:=] ?)?(?P<n>\d{{1,3}}|{_NONE})\b(?![,.]?\d)(?! ?%| ?€)"
    )
    return before, after


_NONE = r"neant|aucune?"  # « Contre : néant »: none, printed


def _number(text: str) -> int:
    return 0 if re.fullmatch(_NONE, text) else int(text)


def _counts_in(folded: str, printed: str, vocab: Vocabulary) -> list[tuple[str, int, int, int]]:
    """(position, count, start, end) of each count in a line. A line prints its counts
    one way: number first (« 12 pour, 2 contre ») or side first (« Pour : 12 Contre : 2 »,
    « POUR 21 CONTRE 0 »), whichever comes first; read the other way, « Pour : 12
    Contre » would give 12 against."""
    before, after = _count_patterns(vocab)
    numbers_first = _numbers_first(folded, vocab)
    found = [] if numbers_first is False else _numbers_then_sides(folded, before)
    if numbers_first is True:
        return found
    for match in after.finditer(folded):
        label = printed[match.start("label") : match.end("label")]
        # « Pour 2019, ce seuil… » is no count: a label first is a count in capitals,
        # with a colon, or on a line that is a vote.
        counted = (
            label.isupper()
            or ":" in folded[match.end("label") : match.start("n")]
            or (_count_line(folded, vocab) and match.start() < 3)
            or bool(any_rx(vocab.vote_labels).search(folded[: match.start()]))
        )
        if counted and not any(s <= match.start("n") < e for _, _, s, e in found):
            found.append((match.group("label"), _number(match.group("n")), match.start(),
                          match.end()))  # fmt: skip
    return sorted(found, key=lambda f: f[2])


def _numbers_first(folded: str, vocab: Vocabulary) -> bool | None:
    """Whether the line's first count has its number before its side (None: no side)."""
    label = any_rx(vocab.vote_labels).search(folded)
    text = folded[label.end() :] if label else folded
    side = rx(rf"\b(?:{_positions(vocab)})\b").search(text)
    digit = re.search(r"\d", text)
    if side is None or digit is None:
        return None
    return digit.start() < side.start()


def _numbers_then_sides(folded: str, before: re.Pattern[str]) -> list[tuple[str, int, int, int]]:
    found = []
    for match in before.finditer(folded):
        label = match.group("label") or match.group("side") or match.group("bare")
        found.append((label, int(match.group("n")), match.start(), match.end()))
    return found


def table_counts(line: Line, below: Line | None, vocab: Vocabulary) -> list[tuple[str, int]]:
    """A vote printed as a table: « Votants | Pour | Contre | Abstention » over
    « 23 | 20 | 2 | 1 »: (position, count) of each column that is a side."""
    if below is None:
        return []
    heads = re.findall(r"suffrages exprimes|[a-z']+", line.folded)
    numbers = re.findall(r"\d{1,3}", below.folded)
    if len(heads) < 2 or len(heads) != len(numbers) or re.search(r"[a-z]", below.folded):
        return []
    sides = [h for h in heads if rx(rf"^(?:{_positions(vocab)})$").match(h)]
    others = [h for h in heads if h not in sides]
    if len(sides) < 2 or any(not re.fullmatch(r"votants|exprimes|suffrages exprimes|presents", h)
                             for h in others):  # fmt: skip
        return []
    return [(h, int(n)) for h, n in zip(heads, numbers) if h in sides]


def _position(label: str, vocab: Vocabulary) -> VotePosition:
    for position, pattern in vocab.positions:
        if rx(rf"^(?:{pattern})$").match(label):
            return VotePosition(position)
    return VotePosition.FOR


def read_vote(
    lines: Sequence[Line], indices: Sequence[int], vocab: Vocabulary, most: int | None = None
) -> Vote:
    """What the vote lines ``indices`` of ``lines`` (one decision's) say; the lines that
    follow a count may hold its names in parentheses. Counts above ``most`` (the
    council's members) are not a council's vote (a survey, a tally of the public)."""
    vote = Vote()
    texts: list[str] = []
    for index in indices:
        line = lines[index]
        following = " ".join(other.text for other in lines[index + 1 : index + 3])
        before = lines[index - 1].folded if index else ""
        below = lines[index + 1] if index + 1 < len(lines) else None
        for label, count in table_counts(line, below, vocab):
            if most is None or count <= most:
                vote.counts.setdefault(_position(label, vocab), count)
        if _read_line(line, following, before, vocab, vote, most) or vote.counts:
            texts.append(line.text)
            vote.page = vote.page if len(texts) > 1 else line.page
    if vote.counts and vote.unanimous is None:
        vote.unanimous = False  # counts printed without « à l'unanimité »: a split vote
    if vote.unanimous and vote.adopted is None:
        vote.adopted = True  # « Vote : à l'unanimité » alone: adopted by all
    vote.text = collapse(" ".join(texts))[:1000]
    return vote


def _read_line(line: Line, following: str, before: str, vocab: Vocabulary, vote: Vote,
               most: int | None) -> bool:  # fmt: skip
    folded, used = line.folded, False
    if any_rx(vocab.unanimity).search(folded):
        vote.unanimous, used = True, True
        _unanimous_count(line, vote)
    elif any_rx(vocab.majority).search(folded):
        vote.unanimous = False if vote.unanimous is None else vote.unanimous
        used = True
        _by_votes(folded, vote)
    for label, count, _, end in _counts_in(folded, line.text, vocab):
        if most is not None and count > most:
            continue
        position = _position(label, vocab)
        vote.counts.setdefault(position, count)
        names, groups = named_after(line.text[end:] + " " + following)
        vote.names.setdefault(position, names)
        vote.groups.setdefault(position, groups)
        used = True
    for position, names in named_sides(line, vocab):
        if not vote.names.get(position):
            vote.names[position] = names
            used = True
    result = outcome(line, vocab, before)
    if result is not None:  # a rejection stands over a word of adoption elsewhere
        vote.adopted = result if vote.adopted is None or result is False else vote.adopted
        used = True
    for person in not_voting(line, vocab):
        if person not in vote.not_voting:
            vote.not_voting.append(person)
            used = True
    return used


def _unanimous_count(line: Line, vote: Vote) -> None:
    # « à l'unanimité des votants (31 voix) »: the count for.
    match = re.search(r"an ?imit\w*[^()\n]{0,40}\(\s?(\d{1,3}) (?:voix|votes?)\s?\)", line.folded)
    if match:
        vote.counts.setdefault(VotePosition.FOR, int(match.group(1)))


def _by_votes(folded: str, vote: Vote) -> None:
    match = re.search(r"par (\d{1,3}) voix contre (\d{1,3})", folded)
    if match:
        vote.counts.setdefault(VotePosition.FOR, int(match.group(1)))
        vote.counts.setdefault(VotePosition.AGAINST, int(match.group(2)))
