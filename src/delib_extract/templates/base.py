"""What a council template is: how to recognise its documents and read their text.

A template is data about a family of documents (its vocabulary, its table kinds) and
one pure reader: page texts in, a :class:`Reading` out. The pipeline
(:mod:`delib_extract.extract`) does the rest the same way for every template: tables,
OCR marks, audit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from delib_extract.parse.sections import Sections
from delib_extract.records import Check, Decision, Extraction, Sitting
from delib_extract.vocab import DocType, DocumentKind

PageTexts = Sequence[tuple[int, str]]  # (1-based page number, text), in page order


@dataclass
class Reading:
    """What a template read from a document's text."""

    sitting: Sitting | None
    decisions: list[Decision]
    # Where each decision's tables are looked for (one Sections per decision, same order).
    sections: list[Sections] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # about the document as a whole


@dataclass(frozen=True)
class Template:
    name: str  # stored in documents.template
    description: str  # French, for people
    kind: DocumentKind  # what documents.kind becomes for the documents it reads
    # Whether this template reads the document (its first pages' text, its type).
    matches: Callable[[PageTexts, DocType], bool]
    # Page texts, the document's type and the pages read by OCR (a reader may tolerate
    # their misreadings, or ask them to confirm what they say) → the sitting and decisions.
    read: Callable[[PageTexts, DocType, frozenset[int]], Reading]
    table_kinds: tuple[str, ...] = ()  # names in delib_extract.tables.TABLE_KINDS
    # Checks that what every document of the family has was found (after the tables).
    completeness: Callable[[Extraction, Reading], list[Check]] | None = None
    doc_type: DocType | None = None  # the type it gives the documents it reads, if fixed
