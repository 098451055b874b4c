"""Reading a table from a page's geometry, ruled or not.

The same steps serve every table kind (Annexe 4 grants, Article 7/8 budget lines,
the report's budget tables); a :class:`TableSpec` says what the header labels look
like and which column anchors a row.

    page words → text lines → header band → columns → row bands → cells

* Columns come from the header labels. Drawn vertical rules, when they cross the
  header, give exact boundaries; otherwise each boundary is the widest whitespace
  gap in the body between two neighbouring labels.
* Rows come from drawn horizontal rules when they separate the anchors (one anchor
  per band); otherwise from the anchors themselves: each text block of every column
  joins the anchor row it overlaps (cells may be top- or middle-aligned, wrapped
  over several lines).
* A merged column (the rotated OPERATION labels) is not split into rows; its words
  are handed back as ``group_words`` for the caller to attach to row groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .layout import PageLayout, Rule, Word
from .textnorm import fold

TOTAL_RE = re.compile(r"^(?:sous[\s-]*)?total\b", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    pattern: str  # regex searched in the folded header label

    def matches(self, folded_label: str) -> bool:
        return re.search(self.pattern, folded_label) is not None


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    anchor: str  # key of the column whose cells start rows
    anchor_test: Callable[[str], bool]
    min_labels: int = 3
    required: frozenset[str] = frozenset()
    group_key: str | None = None  # a merged column read as group labels, not per row
    # (left key, right key, key): an unlabeled column between left and right is `key`
    infer_unlabeled: tuple[tuple[str, str, str], ...] = ()
    # Words that may stand alone on a header line (second line of a stacked label).
    vocabulary: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Column:
    key: str | None
    x0: float
    x1: float
    label: str = ""

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class TableRow:
    cells: dict[str, str]
    top: float
    bottom: float
    page: int
    is_total: bool = False
    confidence: float | None = None  # lowest OCR confidence of its words

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass
class Table:
    page: int
    columns: list[Column]
    top: float  # header top (or page top for a continuation)
    bottom: float
    rows: list[TableRow] = field(default_factory=list)
    group_words: list[Word] = field(default_factory=list)
    has_header: bool = True

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class _Line:
    words: tuple[Word, ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


# -- entry point -----------------------------------------------------------------------


def read_tables(
    layout: PageLayout, spec: TableSpec, inherited: Sequence[Column] | None = None
) -> list[Table]:
    """Every table of ``spec``'s kind on the page, top to bottom.

    With ``inherited`` columns (the table of the previous page), rows printed above
    the first header — or on a page with no header at all — are read as the
    continuation of that table.
    """
    words = [w for w in layout.words if w.text.strip()]
    lines = group_lines(words)
    bands = _header_bands(lines, spec, [r for r in layout.rules if r.horizontal])
    tables: list[Table] = []
    first_top = bands[0][0] if bands else layout.height
    if inherited:
        continuation = _table_in_region(
            layout, spec, list(inherited), words, 0.0, first_top, header_bottom=0.0
        )
        if continuation.rows:
            continuation.has_header = False
            tables.append(continuation)
    for index, (top, bottom, header_words) in enumerate(bands):
        region_end = bands[index + 1][0] if index + 1 < len(bands) else layout.height
        columns = _columns(header_words, words, layout.rules, spec, top, bottom, region_end)
        if columns is None:
            continue
        table = _table_in_region(layout, spec, columns, words, top, region_end, bottom)
        tables.append(table)
    return tables


def group_lines(words: Sequence[Word]) -> list[_Line]:
    """Words → text lines (same baseline band), each sorted left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines:
            last = lines[-1]
            ref = sum(w.yc for w in last) / len(last)
            tolerance = 0.45 * min(word.height, min(w.height for w in last))
            if abs(word.yc - ref) <= max(tolerance, 1.0):
                last.append(word)
                continue
        lines.append([word])
    return [_Line(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


# -- header ------------------------------------------------------------------------------


def _label_keys(text: str, spec: TableSpec) -> set[str]:
    folded = fold(text)
    return {c.key for c in spec.columns if c.matches(folded)}


def _header_bands(
    lines: list[_Line], spec: TableSpec, hrules: list[Rule]
) -> list[tuple[float, float, list[Word]]]:
    """(top, bottom, words) of every header: a run of adjacent label lines (labels
    are often stacked or vertically centred on several lines) that names enough
    columns. A drawn rule between two lines ends the run."""
    bands: list[tuple[float, float, list[Word]]] = []
    run: list[_Line] = []
    for line in [*lines, None]:
        if (
            line is not None
            and _is_label_line(line, spec)
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
            keys = {k[3] for k in _assign_keys(_label_clusters(words, spec), spec) if k[3]}
            if len(keys) >= spec.min_labels and spec.required <= keys:
                bands.append((min(w.top for w in words), max(w.bottom for w in words), words))
        run = [line] if line is not None and _is_label_line(line, spec) else []
    return bands


def _rule_between(hrules: list[Rule], upper: _Line, lower: _Line) -> bool:
    x0 = min(w.x0 for w in upper.words + lower.words)
    x1 = max(w.x1 for w in upper.words + lower.words)
    return any(
        upper.yc < r.pos < lower.yc and r.start <= x0 + 2 and r.end >= x1 - 2 for r in hrules
    )


def _is_label_line(line: _Line, spec: TableSpec) -> bool:
    """A line of header labels: no values, short phrases, each naming a column or made
    of header words only."""
    if _has_values(line, spec) or TOTAL_RE.match(line.text.strip()):
        return False
    phrases = _phrases(line.words)
    if any(len(p) > 7 for p in phrases):
        return False
    keyed = [p for p in phrases if _label_keys(" ".join(w.text for w in p), spec)]
    if len(keyed) >= 2:
        return True
    return all(p in keyed or _header_words(p, spec, bool(keyed)) for p in phrases)


def _header_words(phrase: list[Word], spec: TableSpec, beside_label: bool) -> bool:
    """Words of a header label's second line (``RETENU``, ``d'inscription``), or a
    short capitalised fragment next to a label (``OPERATIO`` / ``N`` cut by a cell)."""
    if all(
        fold(w.text).strip("()/:,.") in spec.vocabulary or not fold(w.text).strip("()/:,.€")
        for w in phrase
    ):
        return True
    return beside_label and len(phrase) <= 2 and all(w.text.isupper() for w in phrase)


def _has_values(line: _Line, spec: TableSpec) -> bool:
    return any(spec.anchor_test(" ".join(w.text for w in p)) for p in _phrases(line.words))


def _phrases(words: Sequence[Word]) -> list[list[Word]]:
    """Split a line where the gap between words is wider than a space."""
    out: list[list[Word]] = []
    for word in words:
        if out and word.x0 - out[-1][-1].x1 <= 0.8 * max(word.height, 4.0):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _label_clusters(
    header_words: list[Word], spec: TableSpec | None = None
) -> list[tuple[float, float, str]]:
    """Header words → labels (x0, x1, text); stacked words of one cell are one label."""
    boxes: list[list[Word]] = []
    for line in group_lines(header_words):
        for phrase in _phrases(line.words):
            boxes.append(phrase)
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a0, a1 = min(w.x0 for w in boxes[i]), max(w.x1 for w in boxes[i])
                b0, b1 = min(w.x0 for w in boxes[j]), max(w.x1 for w in boxes[j])
                overlap = min(a1, b1) - max(a0, b0)
                if overlap > 0.3 * min(a1 - a0, b1 - b0):
                    boxes[i] = boxes[i] + boxes[j]
                    del boxes[j]
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
        if len(_label_keys(text, spec)) < 2 or len(ordered) < 2:
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


def _columns(
    header_words: list[Word],
    words: list[Word],
    rules: list[Rule],
    spec: TableSpec,
    top: float,
    bottom: float,
    region_end: float,
) -> list[Column] | None:
    labels = _label_clusters(header_words, spec)
    keyed = _assign_keys(labels, spec)
    if not keyed:
        return None
    xs = _vertical_boundaries(rules, top, bottom, region_end)
    if len(xs) >= 3 and _labels_fit(labels, xs):
        columns = _ruled_columns(header_words, xs, spec)
    else:
        body = [w for w in words if bottom < w.yc < region_end]
        columns = _columns_from_whitespace(keyed, body)
    return _infer_unlabeled(columns, spec)


def _ruled_columns(header_words: list[Word], xs: list[float], spec: TableSpec) -> list[Column]:
    """Columns between drawn rules; each labelled by the header words inside it."""
    columns = []
    taken: set[str] = set()
    for x0, x1 in zip(xs, xs[1:]):
        inside = [w for w in header_words if x0 - 1 <= w.xc <= x1 + 1]
        text = " ".join(w.text for line in group_lines(inside) for w in line.words)
        folded = fold(text)
        key = next((c.key for c in spec.columns if c.key not in taken and c.matches(folded)), None)
        if key:
            taken.add(key)
        columns.append(Column(key, x0, x1, text))
    return columns


def _assign_keys(
    labels: list[tuple[float, float, str]], spec: TableSpec
) -> list[tuple[float, float, str, str | None]]:
    out = []
    taken: set[str] = set()
    for x0, x1, text in labels:
        folded = fold(text)
        key = next((c.key for c in spec.columns if c.key not in taken and c.matches(folded)), None)
        if key:
            taken.add(key)
        out.append((x0, x1, text, key))
    return out if len(taken) >= spec.min_labels else []


def _vertical_boundaries(rules: list[Rule], top: float, bottom: float, end: float) -> list[float]:
    """x of the vertical rules that cross the header band, or most of the table body."""
    middle = (top + bottom) / 2
    xs = sorted(
        r.pos for r in rules if not r.horizontal and r.start <= middle + 1 and r.end >= middle - 1
    )
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > 3:
            out.append(x)
    return out


def _labels_fit(labels: list[tuple[float, float, str]], xs: list[float]) -> bool:
    """Every label sits inside one pair of neighbouring rules."""
    for x0, x1, _ in labels:
        xc = (x0 + x1) / 2
        if not any(a - 1 <= xc <= b + 1 for a, b in zip(xs, xs[1:])):
            return False
    return True


def _columns_from_whitespace(
    labels: list[tuple[float, float, str, str | None]], body: list[Word]
) -> list[Column]:
    """Boundaries in the widest body whitespace between neighbouring labels."""
    phrases = [
        (min(w.x0 for w in p), max(w.x1 for w in p))
        for line in group_lines(body)
        for p in _phrases(line.words)
    ]
    bounds: list[float] = []
    for (a0, a1, _, _), (b0, b1, _, _) in zip(labels, labels[1:]):
        left, right = (a0 + a1) / 2, (b0 + b1) / 2
        bounds.append(_widest_gap(phrases, left, right, a1, b0))
    lo = min([labels[0][0]] + [p[0] for p in phrases]) - 2
    hi = max([labels[-1][1]] + [p[1] for p in phrases]) + 2
    edges = [lo, *bounds, hi]
    return [Column(label[3], x0, x1, label[2]) for label, x0, x1 in zip(labels, edges, edges[1:])]


def _widest_gap(
    phrases: list[tuple[float, float]], left: float, right: float, a1: float, b0: float
) -> float:
    covered = sorted(
        (max(p0, left), min(p1, right)) for p0, p1 in phrases if p1 > left and p0 < right
    )
    gaps: list[tuple[float, float]] = []
    cursor = left
    for p0, p1 in covered:
        if p0 > cursor:
            gaps.append((cursor, p0))
        cursor = max(cursor, p1)
    if cursor < right:
        gaps.append((cursor, right))
    if not gaps:
        return (a1 + b0) / 2 if b0 > a1 else (left + right) / 2
    start, end = max(gaps, key=lambda g: g[1] - g[0])
    return (start + end) / 2


def _infer_unlabeled(columns: list[Column], spec: TableSpec) -> list[Column]:
    keys = [c.key for c in columns]
    out = list(columns)
    for index, column in enumerate(columns):
        if column.key is not None:
            continue
        left = next((k for k in reversed(keys[:index]) if k), None)
        right = next((k for k in keys[index + 1 :] if k), None)
        for lk, rk, key in spec.infer_unlabeled:
            if left == lk and right == rk and key not in keys:
                out[index] = Column(key, column.x0, column.x1, column.label)
                keys[index] = key
                break
    return out


# -- rows --------------------------------------------------------------------------------


def _table_in_region(
    layout: PageLayout,
    spec: TableSpec,
    columns: list[Column],
    words: list[Word],
    top: float,
    end: float,
    header_bottom: float,
) -> Table:
    x_lo, x_hi = columns[0].x0 - 2, columns[-1].x1 + 2
    body = [w for w in words if header_bottom < w.yc < end and x_lo <= w.xc <= x_hi]
    group = next((c for c in columns if c.key and c.key == spec.group_key), None)
    table = Table(layout.page_number, columns, top, end)
    if group:
        table.group_words = [w for w in body if group.x0 <= w.xc <= group.x1] + [
            v
            for v in layout.vtexts
            if group.x0 - 2 <= v.xc <= group.x1 + 2 and header_bottom < v.yc < end
        ]
        body = [w for w in body if not group.x0 <= w.xc <= group.x1]
    anchor = next((c for c in columns if c.key == spec.anchor), None)
    if anchor is None or not body:
        return table
    bands = _row_bands(layout.rules, body, columns, anchor, spec, header_bottom, end)
    for band_top, band_bottom, band_words in bands:
        row = _make_row(band_words, columns, layout.page_number, band_top, band_bottom, spec.anchor)
        if row.cells:
            table.rows.append(row)
    if table.rows:
        table.bottom = max(r.bottom for r in table.rows)
    return table


def _row_bands(
    rules: list[Rule],
    body: list[Word],
    columns: list[Column],
    anchor: Column,
    spec: TableSpec,
    header_bottom: float,
    end: float,
) -> list[tuple[float, float, list[Word]]]:
    ys = sorted(
        r.pos
        for r in rules
        if r.horizontal
        and header_bottom - 2 <= r.pos <= end + 1
        and r.start <= anchor.x0 + 3
        and r.end >= anchor.x1 - 3
    )
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > 2]
    bands: list[tuple[float, float, list[Word]]] = []
    if len(ys) >= 2:
        for y0, y1 in zip(ys, ys[1:]):
            inside = [w for w in body if y0 <= w.yc < y1]
            if not inside:
                continue
            anchors = _anchor_lines(inside, anchor, spec)
            if len(anchors) > 1:
                bands.extend(_anchor_bands(inside, columns, anchor, spec))
            elif anchors or not _crosses_columns(inside, columns):
                bands.append((y0, y1, inside))
        below = [w for w in body if w.yc >= ys[-1]]
        if below and _anchor_lines(below, anchor, spec):
            bands.extend(_anchor_bands(below, columns, anchor, spec))
        return bands
    return _anchor_bands(body, columns, anchor, spec)


def _crosses_columns(words: list[Word], columns: list[Column]) -> bool:
    """Text running across column boundaries is prose between tables, not a row."""
    inner = [c.x1 for c in columns[:-1]]
    for line in group_lines(words):
        for phrase in _phrases(line.words):
            x0, x1 = phrase[0].x0, phrase[-1].x1
            if any(x0 + 3 < x < x1 - 3 for x in inner):
                return True
    return False


def _anchor_lines(words: list[Word], anchor: Column, spec: TableSpec) -> list[_Line]:
    """Lines of the anchor column that hold a value; a value wrapped over two lines
    (``7 298`` / ``182,00``) counts once."""
    lines = group_lines([w for w in words if anchor.x0 <= w.xc <= anchor.x1])
    out: list[_Line] = []
    for line in lines:
        if out and _continues_value(out[-1], line):
            out[-1] = _Line(out[-1].words + line.words)
            continue
        if spec.anchor_test(line.text):
            out.append(line)
    return out


def _continues_value(previous: _Line, line: _Line) -> bool:
    gap = line.top - previous.bottom
    return (
        gap < 0.8 * line.height
        and re.search(r"\d$", previous.text) is not None
        and re.match(r"^\d{3}(?:[,.]\d{1,2})?\s*€?$", line.text) is not None
    )


def _anchor_bands(
    words: list[Word], columns: list[Column], anchor: Column, spec: TableSpec
) -> list[tuple[float, float, list[Word]]]:
    anchors = _anchor_lines(words, anchor, spec)
    if not anchors:
        return []
    rows: list[list[Word]] = [list(a.words) for a in anchors]
    claimed = {id(w) for a in anchors for w in a.words}
    height = sorted(a.height for a in anchors)[len(anchors) // 2]
    for column in columns:
        mine = [w for w in words if column.x0 <= w.xc <= column.x1 and id(w) not in claimed]
        for block in _blocks(group_lines(mine), height):
            for line, index in _assign_block(block, anchors, height):
                rows[index].extend(line.words)
    out = []
    for row in rows:
        out.append((min(w.top for w in row), max(w.bottom for w in row), row))
    return out


def _blocks(lines: list[_Line], height: float) -> list[list[_Line]]:
    """Consecutive lines of one column separated by no more than normal leading."""
    blocks: list[list[_Line]] = []
    for line in lines:
        if blocks and line.top - blocks[-1][-1].bottom <= 0.6 * height:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _assign_block(
    block: list[_Line], anchors: list[_Line], height: float
) -> list[tuple[_Line, int]]:
    top, bottom = block[0].top, block[-1].bottom
    inside = [i for i, a in enumerate(anchors) if top - height / 2 <= a.yc <= bottom + height / 2]
    if len(inside) == 1:
        return [(line, inside[0]) for line in block]
    if len(inside) > 1:  # a block that touches several rows: each line to its nearest anchor
        return [(line, min(inside, key=lambda i: abs(anchors[i].yc - line.yc))) for line in block]
    yc = (top + bottom) / 2
    nearest = min(range(len(anchors)), key=lambda i: abs(anchors[i].yc - yc))
    distance = min(abs(anchors[nearest].top - bottom), abs(top - anchors[nearest].bottom))
    if distance > 1.5 * height:
        return []  # stray text (a footer, a note under the table)
    return [(line, nearest) for line in block]


def _make_row(
    words: list[Word],
    columns: list[Column],
    page: int,
    top: float,
    bottom: float,
    anchor_key: str = "",
) -> TableRow:
    cells: dict[str, str] = {}
    confidences = [w.confidence for w in words if w.confidence is not None]
    for column in columns:
        if not column.key:
            continue
        mine = [w for w in words if column.x0 <= w.xc <= column.x1]
        if mine:
            cells[column.key] = cell_text(mine)
    label = " ".join(v for k, v in cells.items() if k != anchor_key)
    # "TOTAL" (or nothing at all) beside the anchor value: a total row.
    is_total = (
        any(TOTAL_RE.match(v) for v in cells.values()) and len(fold(label).split()) <= 8
    ) or (anchor_key in cells and not label.strip() and anchor_key != "operation_code")
    return TableRow(cells, top, bottom, page, is_total, min(confidences) if confidences else None)


def cell_text(words: Sequence[Word]) -> str:
    """Words of one cell in reading order; wrapped lines joined by one space, a line
    ending with a hyphen joined to the next without one (``LENS-`` + ``LIEVIN``)."""
    text = ""
    for line in group_lines(list(words)):
        piece = line.text
        if text.endswith("-") and not text.endswith(" -"):
            text += piece
        else:
            text = f"{text} {piece}" if text else piece
    return text.strip()
