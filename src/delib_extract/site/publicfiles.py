"""Which files the public site serves under ``/raw_pdfs/``: the archived PDFs, nothing else.

Datasette matches its routes on the path as sent, still percent-encoded, and its
``--static`` handler looks that text up on disk as it is: a PDF whose name has a space
or an accent (« PV du 31 mars 2023.pdf », « délibération été.pdf ») was never found.
The site plugin serves the archive through :func:`archived_pdf` instead, which decodes
the path once, then refuses whatever is not a PDF of the archive: a path that leaves
it (``..``, an absolute path, a symlink to elsewhere), a hidden file (the manifest,
``.partial/`` downloads, ``.incoming-`` copies), a folder, anything not ``.pdf``.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path


def archived_pdf(root: str | Path, url_path: str) -> Path | None:
    """The archived PDF that ``url_path`` (percent-encoded, relative to the archive)
    names; None when it names nothing the site may serve."""
    relative = urllib.parse.unquote(url_path, errors="strict")
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    parts = Path(relative).parts
    if Path(relative).is_absolute() or any(p.startswith(".") for p in parts):
        return None  # `..`, hidden files and folders
    root = Path(root).resolve()
    try:
        found = (root / relative).resolve(strict=True)
        found.relative_to(root)  # a symlink may point anywhere
    except (OSError, ValueError, RuntimeError):
        return None
    if not found.is_file() or found.suffix.lower() != ".pdf":
        return None
    return found
