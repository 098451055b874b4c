"""Column boundaries of a table, from drawn rules when they cross the header, else from
the whitespace of the body.

Whitespace columns: every x that no word of the table body (nor a header label) covers
is a gutter; the body splits into segments between gutters, and each segment joins the
header label above it. A segment under no label is its own column only where the spec
names an unlabeled column between its neighbours (the blank TERRITOIRE header);
otherwise it belongs to the nearest label (a description's last word running out from
under its label).
"""

from __future__ import annotations

from collections.abc import Sequence

from delib_extract.pdf.layout import Rule, Word
from delib_extract.tables.reader.headers import Label, assign_keys, claim_key, label_clusters
from delib_extract.tables.reader.lines import TextLine, group_lines
from delib_extract.tables.reader.spec import TOTAL_RE, Column, TableSpec

# A gutter narrower than this share of the body's word height is a space between words.
_MIN_GUTTER = 0.5


def find_columns(
    header_words: list[Word],
    body_lines: Sequence[TextLine],
    rules: list[Rule],
    spec: TableSpec,
    top: float,
    bottom: float,
) -> list[Column] | None:
    """Columns under the header (``top``-``bottom``), or None if it names too few."""
    labels = label_clusters(header_words, spec)
    keyed = assign_keys(labels, spec)
    if not keyed:
        return None
    xs = _vertical_boundaries(rules, top, bottom)
    if len(xs) >= 3 and _labels_fit(labels, xs):
        columns = _ruled_columns(header_words, xs, spec)
    else:
        columns = columns_from_whitespace(keyed, body_lines, spec)
    return _infer_unlabeled(columns, spec)


def _ruled_columns(header_words: list[Word], xs: list[float], spec: TableSpec) -> list[Column]:
    """Columns between drawn rules; each labelled by the header words inside it."""
    columns = []
    taken: set[str] = set()
    for x0, x1 in zip(xs, xs[1:]):
        inside = [w for w in header_words if x0 - 1 <= w.xc <= x1 + 1]
        text = " ".join(w.text for line in group_lines(inside) for w in line.words)
        columns.append(Column(claim_key(text, spec, taken), x0, x1, text))
    return columns


def _vertical_boundaries(rules: list[Rule], top: float, bottom: float) -> list[float]:
    """x of the vertical rules that cross the header band."""
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


def columns_from_whitespace(
    labels: list[Label], body_lines: Sequence[TextLine], spec: TableSpec
) -> list[Column]:
    """Columns from the gutters of the body, each named by the label above it."""
    # TOTAL labels sit in cells merged across columns: they say nothing of the gutters.
    words = [w for line in body_lines for w in line.words if not TOTAL_RE.match(w.text)]
    height = sorted(w.height for w in words)[len(words) // 2] if words else 8.0
    spans = [(w.x0, w.x1) for w in words] + [(x0, x1) for x0, x1, _, _ in labels]
    segments = _segments(spans, _MIN_GUTTER * height)
    owners = _segment_owners(segments, labels, spec)
    groups: list[tuple[float, float, int | None]] = []  # (x0, x1, label index or None)
    for (x0, x1), owner in zip(segments, owners):
        if groups and groups[-1][2] == owner:
            groups[-1] = (groups[-1][0], x1, owner)
        else:
            groups.append((x0, x1, owner))
    groups = _claim_totals(groups, body_lines)
    edges = [groups[0][0] - 2]
    edges += [(a[1] + b[0]) / 2 for a, b in zip(groups, groups[1:])]
    edges.append(groups[-1][1] + 2)
    columns = []
    for (_, _, owner), x0, x1 in zip(groups, edges, edges[1:]):
        label = labels[owner] if owner is not None else None
        columns.append(Column(label[3] if label else None, x0, x1, label[2] if label else ""))
    return _split_shared(columns, labels)


def _claim_totals(
    groups: list[tuple[float, float, int | None]], body_lines: Sequence[TextLine]
) -> list[tuple[float, float, int | None]]:
    """A TOTAL label printed in the gutter (right-aligned in a merged cell) belongs to
    the column on its left: widen that column over it."""
    out = list(groups)
    totals = [w for line in body_lines for w in line.words if TOTAL_RE.match(w.text)]
    for word in totals:
        for i, (left, right) in enumerate(zip(out, out[1:])):
            if left[1] <= word.x0 and word.x1 < right[0]:
                out[i] = (left[0], word.x1, left[2])
    return out


def _segments(spans: list[tuple[float, float]], min_gutter: float) -> list[tuple[float, float]]:
    """Union of the x spans, as maximal runs separated by gutters of at least min_gutter."""
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 - out[-1][1] < min_gutter:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _segment_owners(
    segments: list[tuple[float, float]], labels: list[Label], spec: TableSpec
) -> list[int | None]:
    """Index of the label each segment stands under (most overlap), None for an
    unlabeled column the spec expects there, else the nearest label."""
    owners: list[int | None] = []
    for x0, x1 in segments:
        overlaps = [(min(x1, b1) - max(x0, b0), i) for i, (b0, b1, _, _) in enumerate(labels)]
        best, index = max(overlaps)
        if best > 0:
            owners.append(index)
            continue
        left = max((i for i, lab in enumerate(labels) if lab[1] <= x0), default=None)
        right = min((i for i, lab in enumerate(labels) if lab[0] >= x1), default=None)
        if _expects_unlabeled(labels, left, right, spec):
            owners.append(None)
            continue
        candidates = [i for i in (left, right) if i is not None]
        owners.append(min(candidates, key=lambda i: _distance(labels[i], x0, x1)))
    return owners


def _expects_unlabeled(
    labels: list[Label], left: int | None, right: int | None, spec: TableSpec
) -> bool:
    if left is None or right is None:
        return False
    keys = {lab[3] for lab in labels}
    pair = (labels[left][3], labels[right][3])
    return any((lk, rk) == pair and key not in keys for lk, rk, key in spec.infer_unlabeled)


def _distance(label: Label, x0: float, x1: float) -> float:
    return max(label[0] - x1, x0 - label[1], 0.0)


def _split_shared(columns: list[Column], labels: list[Label]) -> list[Column]:
    """Two labels over one column (no gutter between them in the body: text too
    close): cut it halfway between the labels rather than lose a column."""
    out: list[Column] = []
    for column in columns:
        under = [lab for lab in labels if column.x0 <= (lab[0] + lab[1]) / 2 <= column.x1]
        if len(under) <= 1:
            out.append(column)
            continue
        edges = [column.x0]
        edges += [(a[1] + b[0]) / 2 for a, b in zip(under, under[1:])]
        edges.append(column.x1)
        out += [Column(lab[3], x0, x1, lab[2]) for lab, x0, x1 in zip(under, edges, edges[1:])]
    return out


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
