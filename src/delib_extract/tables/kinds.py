"""What a table kind is: which pages hold it, and how its rows become records.

A kind's ``read`` is pure (page geometry in, records out); :func:`read_table_kinds`
gives each decision the records of the kinds its template asks for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from delib_extract.parse.sections import Sections
from delib_extract.pdf.layout import PageLayout
from delib_extract.records import ArticleRecord, Check


@dataclass(frozen=True)
class TableContext:
    """What a table kind may look at to find and read its pages."""

    page_texts: dict[int, str]  # page number → text (OCR'd pages: prose and words)
    sections: Sections  # the decision's pages, its annexes, the report
    articles: Sequence[ArticleRecord] = ()  # the decision's articles (themes, annexes)


@dataclass
class TableRecords:
    """A kind's output: records by the :class:`~delib_extract.records.Decision` field they
    fill, and the doubts about values read by OCR."""

    records: dict[str, list] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)


@dataclass(frozen=True)
class TableKind:
    name: str
    pages: Callable[[TableContext], list[int]]  # the pages that hold this kind's tables
    read: Callable[[Sequence[PageLayout], TableContext], TableRecords]
