"""Council templates: each family of documents the tool reads (the CP of the
Pas-de-Calais is one), tried in order; the first that matches reads the document.

Adding a template: a module here that builds a :class:`~.base.Template` and one line in
:data:`TEMPLATES`, with a fixture and its golden file in the tests.
"""

from __future__ import annotations

from delib_extract.templates import council, cp_pas_de_calais
from delib_extract.templates.base import PageTexts, Reading, Template
from delib_extract.vocab import DocType

# The CP of the Pas-de-Calais first: its documents are deliberations too.
TEMPLATES: tuple[Template, ...] = (cp_pas_de_calais.TEMPLATE, council.TEMPLATE)


def pick_template(texts: PageTexts, doc_type: DocType) -> Template | None:
    """The first template that reads this document, or None."""
    return next((t for t in TEMPLATES if t.matches(texts, doc_type)), None)


__all__ = ["TEMPLATES", "PageTexts", "Reading", "Template", "pick_template"]
