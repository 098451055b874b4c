"""Finding a table's header: runs of label lines that name enough of the spec's columns,
and the labels they hold (stacked words of one cell are one label)."""

from __future__ import annotations

from delib_extract.pdf.layout import Rule, Word
from delib_extract.tables.reader.lines import TextLine, group_lines, phrases
from delib_extract.tables.reader.spec import TOTAL_RE, TableSpec
from delib_extract.text.normalise import fold

Label = tuple[float, float, str, "str | None"]  # x0, x1, text, column key


def label_keys(text: str, spec: TableSpec) -> set[str]:
    folded = fold(text)
    return {c.key for c in spec.columns if c.matches(folded)}


def header_bands(
    lines: list[TextLine], spec: TableSpec, hrules: list[Rule]
) -> list[tuple[float, float, list[Word]]]:
    """(top, bottom, words) of every header: a run of adjacent label lines (labels
    are often stacked or vertically centred on several lines) that names enough
    columns. A drawn rule between two lines ends the run."""
    bands: list[tuple[float, float, list[Word]]] = []
    run: list[TextLine] = []
    for line in [*lines, None]:
        labels = line is not None and _is_label_line(line, spec)
        if (
            labels
            and line is not None
            and (
                not run
                or (
                    line.top - run[-1].bottom <= 1.2 * max(line.height, run[-1].height)
                    and not _rule_between(hrules, run[-1], line)
                )
            )
        ):
            run.append(line)
            continue
        if run:
            words = [w for member in run for w in member.words]
            keys = {k[3] for k in assign_keys(label_clusters(words, spec), spec) if k[3]}
            if len(keys) >= spec.min_labels and spec.required <= keys:
                bands.append((min(w.top for w in words), max(w.bottom for w in words), words))
        run = [line] if labels and line is not None else []
    return bands


def _rule_between(hrules: list[Rule], upper: TextLine, lower: TextLine) -> bool:
    x0 = min(w.x0 for w in upper.words + lower.words)
    x1 = max(w.x1 for w in upper.words + lower.words)
    return any(
        upper.yc < r.pos < lower.yc and r.start <= x0 + 2 and r.end >= x1 - 2 for r in hrules
    )


def _is_label_line(line: TextLine, spec: TableSpec) -> bool:
    """A line of header labels: no values, short phrases, each naming a column or made
    of header words only."""
    if _has_values(line, spec) or TOTAL_RE.match(line.text.strip()):
        return False
    runs = phrases(line.words)
    if any(len(p) > 7 for p in runs):
        return False
    keyed = [p for p in runs if _is_label(p, spec)]
    if len(keyed) >= 2:
        return True
    return all(p in keyed or _header_words(p, spec, bool(keyed)) for p in runs)


_STOPWORDS = frozenset(
    ["de", "du", "des", "la", "le", "les", "l'", "d'", "en", "et", "a", "/", "-"]
)


def _is_label(phrase: list[Word], spec: TableSpec) -> bool:
    """A phrase naming a column, made mostly of header words (``MONTANT RETENU``), not
    a cell that happens to hold one (``CENTRE INTERCOMMUNAL D'ACTION SOCIALE``)."""
    if not label_keys(" ".join(w.text for w in phrase), spec):
        return False
    words = [fold(w.text).strip("()/:,.€") for w in phrase]
    words = [w for w in words if w and w not in _STOPWORDS]
    known = [w for w in words if w in spec.vocabulary or label_keys(w, spec)]
    return 2 * len(known) > len(words)


def _header_words(phrase: list[Word], spec: TableSpec, beside_label: bool) -> bool:
    """Words of a header label's second line (``RETENU``, ``d'inscription``), or a
    short capitalised fragment next to a label (``OPERATIO`` / ``N`` cut by a cell)."""
    if all(
        fold(w.text).strip("()/:,.") in spec.vocabulary or not fold(w.text).strip("()/:,.€")
        for w in phrase
    ):
        return True
    return beside_label and len(phrase) <= 2 and all(w.text.isupper() for w in phrase)


def _has_values(line: TextLine, spec: TableSpec) -> bool:
    return any(spec.anchor_test(" ".join(w.text for w in p)) for p in phrases(line.words))


def label_clusters(
    header_words: list[Word], spec: TableSpec | None = None
) -> list[tuple[float, float, str]]:
    """Header words → labels (x0, x1, text); stacked words of one cell are one label."""
    boxes: list[list[Word]] = []
    for line in group_lines(header_words):
        for phrase in phrases(line.words):
            boxes.append(phrase)
    # Merge the first overlapping pair, then look again from the start; each box's
    # extent is kept beside it rather than measured again at every look.
    spans = [(min(w.x0 for w in box), max(w.x1 for w in box)) for box in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            a0, a1 = spans[i]
            for j in range(i + 1, len(boxes)):
                b0, b1 = spans[j]
                overlap = min(a1, b1) - max(a0, b0)
                if overlap > 0.3 * min(a1 - a0, b1 - b0):
                    boxes[i] = boxes[i] + boxes[j]
                    spans[i] = (min(a0, b0), max(a1, b1))
                    del boxes[j], spans[j]
                    merged = True
                    break
            if merged:
                break
    if spec is not None:
        boxes = _split_crowded(boxes, spec)
    out = []
    for box in boxes:
        text = " ".join(w.text for line in group_lines(box) for w in line.words)
        out.append((min(w.x0 for w in box), max(w.x1 for w in box), text))
    return sorted(out)


def _split_crowded(labels: list[list[Word]], spec: TableSpec) -> list[list[Word]]:
    """A label naming two columns ("Disponible € Proposition €", cells printed close
    together) is cut at its widest gap until each part names one column."""
    out: list[list[Word]] = []
    queue = list(labels)
    while queue:
        box = queue.pop(0)
        text = " ".join(w.text for line in group_lines(box) for w in line.words)
        ordered = sorted(box, key=lambda w: w.x0)
        if len(label_keys(text, spec)) < 2 or len(ordered) < 2:
            out.append(box)
            continue
        gaps = [(b.x0 - a.x1, i) for i, (a, b) in enumerate(zip(ordered, ordered[1:]))]
        _, cut = max(gaps)
        left = [w for w in box if w.x0 <= ordered[cut].x0]
        right = [w for w in box if w.x0 > ordered[cut].x0]
        if not left or not right:
            out.append(box)
            continue
        queue[:0] = [left, right]
    return out


# -- columns -----------------------------------------------------------------------------


def assign_keys(labels: list[tuple[float, float, str]], spec: TableSpec) -> list[Label]:
    out = []
    taken: set[str] = set()
    for x0, x1, text in labels:
        out.append((x0, x1, text, claim_key(text, spec, taken)))
    return out if len(taken) >= spec.min_labels else []


def claim_key(label: str, spec: TableSpec, taken: set[str]) -> str | None:
    """The first column of the spec that the label names and that no label on its left
    has taken (added to ``taken``)."""
    folded = fold(label)
    key = next((c.key for c in spec.columns if c.key not in taken and c.matches(folded)), None)
    if key:
        taken.add(key)
    return key
