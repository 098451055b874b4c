"""What a table reader is told (:class:`TableSpec`) and what it hands back
(:class:`Table` of :class:`TableRow`, over :class:`Column`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from delib_extract.pdf.layout import Word
from delib_extract.text.amounts import parse_amount, read_ocr_amount

TOTAL_RE = re.compile(r"^(?:sous[\s-]*)?total\b", re.IGNORECASE)
# Words any header label may hold beside its own (a stacked label's second line).
FILLER_WORDS = frozenset(
    {"de", "du", "des", "la", "le", "l'", "en", "euros", "eur", "€", "ttc", "ht", "n°", "no"}
)


def amount_cell(text: str) -> bool:
    """The anchor test of a table whose rows are anchored by an amount (lenient: an
    OCR'd amount whose comma was read as a dot still counts)."""
    return read_ocr_amount(text) is not None


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    pattern: str  # regex searched in the folded header label

    def matches(self, folded_label: str) -> bool:
        return self._regex.search(folded_label) is not None

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


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

    def amount(self, key: str) -> Decimal | None:
        """The cell as an amount; read as OCR prints separators when the row was OCR'd."""
        text = self.cells.get(key)
        return parse_amount(text) if self.confidence is None else read_ocr_amount(text)


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
