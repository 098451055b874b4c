"""Reading a table from a page's geometry, ruled or not.

The same steps serve every table kind (Annexe 4 grants, Article 7/8 budget lines,
the report's budget tables); a :class:`TableSpec` says what the header labels look
like and which column anchors a row.

    page words → text lines → header band (headers.py) → extent of the table →
    columns (columns.py) → row bands → cells (rows.py)

The table ends at the first line of prose after its values (a line whose text runs
across the columns: the next article, a caption); a table continued from the previous
page starts after the prose at the top of the page (the annex title).
"""

from __future__ import annotations

from collections.abc import Sequence

from delib_extract.pdf.layout import PageLayout
from delib_extract.tables.reader.columns import find_columns
from delib_extract.tables.reader.headers import header_bands, label_clusters
from delib_extract.tables.reader.lines import TextLine, group_lines
from delib_extract.tables.reader.rows import cell_text, table_in_region
from delib_extract.tables.reader.spec import (
    TOTAL_RE,
    Column,
    ColumnSpec,
    Table,
    TableRow,
    TableSpec,
)

__all__ = [
    "TOTAL_RE",
    "Column",
    "ColumnSpec",
    "Table",
    "TableRow",
    "TableSpec",
    "cell_text",
    "group_lines",
    "read_tables",
]

# Words closer than this share of their height belong to one run of prose.
_PROSE_GAP = 0.55


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
    bands = header_bands(lines, spec, [r for r in layout.rules if r.horizontal])
    tables: list[Table] = []
    first_top = bands[0][0] if bands else layout.height
    if inherited:
        centres = [c.xc for c in inherited if c.key]
        start, end = table_extent(lines, 0.0, first_top, centres, spec)
        continuation = table_in_region(
            layout, spec, list(inherited), words, start, end, header_bottom=start
        )
        if continuation.rows:
            continuation.has_header = False
            tables.append(continuation)
    for index, (top, bottom, header_words) in enumerate(bands):
        region_end = bands[index + 1][0] if index + 1 < len(bands) else layout.height
        centres = [(x0 + x1) / 2 for x0, x1, _ in label_clusters(header_words, spec)]
        _, end = table_extent(lines, bottom, region_end, centres, spec)
        body = _gutter_lines([line for line in lines if bottom < line.yc < end], spec)
        columns = find_columns(header_words, body, layout.rules, spec, top, bottom)
        if columns is None:
            continue
        tables.append(table_in_region(layout, spec, columns, words, top, end, bottom))
    return tables


def table_extent(
    lines: Sequence[TextLine], top: float, bottom: float, centres: list[float], spec: TableSpec
) -> tuple[float, float]:
    """(start, end) of the table rows between ``top`` and ``bottom``: prose before the
    first row is skipped, prose after a row ends the table."""
    start, seen_value = top, False
    for line in lines:
        if not top < line.yc < bottom:
            continue
        if is_prose(line, centres):
            if seen_value:
                return start, line.top - 0.5
            start = line.bottom + 0.5
            continue
        seen_value = seen_value or _holds_value(line, spec)
    return start, bottom


def is_prose(line: TextLine, centres: list[float]) -> bool:
    """A run of words (three of them at least) that covers the middle of two columns is
    running text; so is a justified line (many words, every space stretched alike).
    Figures and codes are not words: cells of values close together are not prose."""
    if _justified(line, centres):
        return True
    run: list[float] = []
    for word in line.words:
        if run and word.x0 - run[1] <= _PROSE_GAP * max(word.height, 4.0):
            run[1] = word.x1
            run[2] += _is_word(word.text)
        else:
            if run and _covers_two(run, centres):
                return True
            run = [word.x0, word.x1, _is_word(word.text)]
    return bool(run) and _covers_two(run, centres)


def _is_word(text: str) -> int:
    if text.isalpha():  # most words: no need to count
        return int(len(text) >= 2)
    return int(sum(c.isalpha() for c in text) >= 2 and not any(c.isdigit() for c in text))


def _justified(line: TextLine, centres: list[float]) -> bool:
    """Words spaced alike right across the table (a line of justified prose)."""
    words = line.words
    if sum(_is_word(w.text) for w in words) < 7:
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:])]
    height = max(w.height for w in words)
    across = sum(1 for c in centres if words[0].x0 < c < words[-1].x1)
    return across >= 3 and max(gaps) - min(gaps) <= 1.5 and 0 < max(gaps) < 1.2 * height


def _covers_two(run: list[float], centres: list[float]) -> bool:
    return run[2] >= 3 and sum(1 for c in centres if run[0] < c < run[1]) >= 2


def _holds_value(line: TextLine, spec: TableSpec) -> bool:
    return TOTAL_RE.match(line.text) is not None or any(
        spec.anchor_test(w.text) for w in line.words
    )


def _gutter_lines(lines: list[TextLine], spec: TableSpec) -> list[TextLine]:
    """The table's own lines: down to a few lines past its last value (not a footer)."""
    values = [line for line in lines if _holds_value(line, spec)]
    if not values:
        return lines
    heights = sorted(line.height for line in lines)
    limit = values[-1].bottom + 5 * heights[len(heights) // 2]
    return [line for line in lines if line.top <= limit]
