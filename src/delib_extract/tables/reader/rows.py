"""Rows of a table whose columns are known: from drawn horizontal rules when they
separate the anchors (one anchor per band), otherwise from the anchors themselves —
each text block of every column joins the anchor row it overlaps (cells may be top-
or middle-aligned, wrapped over several lines).

A merged column (the rotated OPERATION labels) is not split into rows; its words are
handed back as ``group_words`` for the caller to attach to row groups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from delib_extract.pdf.layout import PageLayout, Rule, Word
from delib_extract.tables.reader.lines import TextLine, group_lines, phrases
from delib_extract.tables.reader.spec import (
    TOTAL_RE,
    Column,
    Table,
    TableRow,
    TableSpec,
)
from delib_extract.text.normalise import fold, join_wrapped


def table_in_region(
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
        pos
        for pos, start, stop in _joined_rules(rules, header_bottom - 2, end + 1)
        if start <= anchor.x0 + 3 and stop >= anchor.x1 - 3 and _spans_two(start, stop, columns)
    )
    ys = [y for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > 2]
    bands: list[tuple[float, float, list[Word]]] = []
    if len(ys) >= 2:
        # Rules that start below the first rows (a shaded TOTAL row only): rows above
        # them are read from their anchors.
        above = [w for w in body if w.yc < ys[0]]
        if above and _anchor_lines(above, anchor, spec):
            bands.extend(_anchor_bands(above, columns, anchor, spec))
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


def _joined_rules(rules: list[Rule], top: float, bottom: float) -> list[tuple[float, float, float]]:
    """Horizontal rules between ``top`` and ``bottom`` as (y, x0, x1), the segments of one
    rule drawn cell by cell joined into one."""
    segments = sorted(
        (round(r.pos, 1), r.start, r.end) for r in rules if r.horizontal and top <= r.pos <= bottom
    )
    joined: list[list[float]] = []
    for pos, start, stop in segments:
        last = joined[-1] if joined else None
        if last and abs(pos - last[0]) <= 0.5 and start <= last[2] + 3:
            last[2] = max(last[2], stop)
        else:
            joined.append([pos, start, stop])
    return [(pos, start, stop) for pos, start, stop in joined]


def _spans_two(start: float, stop: float, columns: list[Column]) -> bool:
    """A rule that separates rows crosses the table; one under a single cell's text (a
    word processor's box around each cell's text) does not."""
    return sum(1 for c in columns if c.key and start - 3 <= c.xc <= stop + 3) >= 2


def _crosses_columns(words: list[Word], columns: list[Column]) -> bool:
    """Text running across column boundaries is prose between tables, not a row."""
    inner = [c.x1 for c in columns[:-1]]
    for line in group_lines(words):
        for phrase in phrases(line.words):
            x0, x1 = phrase[0].x0, phrase[-1].x1
            if any(x0 + 3 < x < x1 - 3 for x in inner):
                return True
    return False


def _anchor_lines(words: list[Word], anchor: Column, spec: TableSpec) -> list[TextLine]:
    """Lines of the anchor column that hold a value; a value wrapped over two lines
    (``7 298`` / ``182,00``) counts once."""
    lines = group_lines([w for w in words if anchor.x0 <= w.xc <= anchor.x1])
    out: list[TextLine] = []
    for line in lines:
        if out and _continues_value(out[-1], line):
            out[-1] = TextLine(out[-1].words + line.words)
            continue
        if spec.anchor_test(line.text):
            out.append(line)
    return out


def _continues_value(previous: TextLine, line: TextLine) -> bool:
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


def _blocks(lines: list[TextLine], height: float) -> list[list[TextLine]]:
    """Consecutive lines of one column separated by no more than normal leading."""
    blocks: list[list[TextLine]] = []
    for line in lines:
        if blocks and line.top - blocks[-1][-1].bottom <= 0.6 * height:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _assign_block(
    block: list[TextLine], anchors: list[TextLine], height: float
) -> list[tuple[TextLine, int]]:
    top, bottom = block[0].top, block[-1].bottom
    inside = [i for i, a in enumerate(anchors) if top - height / 2 <= a.yc <= bottom + height / 2]
    if len(inside) == 1:
        return [(line, inside[0]) for line in block]
    if len(inside) > 1:  # a block that touches several rows
        return _split_block(block, anchors, inside)
    yc = (top + bottom) / 2
    nearest = min(range(len(anchors)), key=lambda i: abs(anchors[i].yc - yc))
    distance = min(abs(anchors[nearest].top - bottom), abs(top - anchors[nearest].bottom))
    if distance > 1.5 * height:
        return []  # stray text (a footer, a note under the table)
    return [(line, nearest) for line in block]


def _split_block(
    block: list[TextLine], anchors: list[TextLine], inside: list[int]
) -> list[tuple[TextLine, int]]:
    """Cells of neighbouring rows printed close together: between two anchors the row
    boundary is the widest gap between lines (cell padding adds to the leading). When
    no gap stands out, each line goes to its nearest anchor."""
    gaps = [block[j + 1].top - block[j].bottom for j in range(len(block) - 1)]
    cuts: list[int] = []
    for a, b in zip(inside, inside[1:]):
        lo, hi = anchors[a].yc, anchors[b].yc
        between = [
            (gaps[j], j)
            for j in range(len(gaps))
            if lo <= (block[j].bottom + block[j + 1].top) / 2 <= hi and (not cuts or j > cuts[-1])
        ]
        ranked = sorted(between, reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0][0] - ranked[1][0] < 0.3):
            return [
                (line, min(inside, key=lambda i: abs(anchors[i].yc - line.yc))) for line in block
            ]
        cuts.append(ranked[0][1])
    out, row = [], 0
    for j, line in enumerate(block):
        out.append((line, inside[row]))
        if row < len(cuts) and j == cuts[row]:
            row += 1
    return out


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
    return join_wrapped(line.text for line in group_lines(list(words))).strip()
