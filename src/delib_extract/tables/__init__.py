"""Table pages → rows: the generic reader (:mod:`.reader`) and one module per table kind.

Adding a table kind: a module here that builds a :class:`~.kinds.TableKind` (which pages,
how to read them), one line in :data:`TABLE_KINDS`, and its name in the templates that
print it (:mod:`delib_extract.templates`).
"""

from __future__ import annotations

from delib_extract.tables import attributions, budget, grants
from delib_extract.tables.kinds import TableContext, TableKind, TableRecords

# In the order they run: the budget tables first, then the grant lines.
TABLE_KINDS: dict[str, TableKind] = {
    "budget": budget.KIND,  # the CP's Article 7/8 tables and the report's
    "grants": grants.KIND,  # the CP's Annexe 4 financial distribution
    "attributions": attributions.KIND,  # other authorities' grant attribution tables
}

__all__ = ["TABLE_KINDS", "TableContext", "TableKind", "TableRecords"]
