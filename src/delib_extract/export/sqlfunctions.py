"""The derivation rules as SQL functions, so the SCDL views can call them.

Registered on the export's connection and, through the Datasette plugin
(:mod:`delib_extract.export.datasette_plugin`), on Datasette's: a plain
``sqlite3`` shell cannot read the ``scdl_*`` views (``no such function``) —
everything else in the database stays plain SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .derive import amount_text, archive_url, beneficiary_key, grant_objet, period_from_text

FUNCTIONS: dict[str, tuple[int, Callable]] = {
    "scdl_key": (1, beneficiary_key),
    "scdl_period": (1, period_from_text),
    "scdl_amount": (1, amount_text),
    "scdl_objet": (2, grant_objet),
    "scdl_url": (2, archive_url),
}


def register_functions(conn: sqlite3.Connection) -> None:
    """Make the ``scdl_*`` functions available on a SQLite connection."""
    for name, (arity, function) in FUNCTIONS.items():
        conn.create_function(name, arity, function, deterministic=True)
