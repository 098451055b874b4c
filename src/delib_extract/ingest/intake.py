"""Bringing a batch of files into the archive, whatever they are.

Any readable file is archived, even one that is not a PDF: extraction records why it
failed. A file that cannot be read (permissions, an I/O error, a FIFO named ``.pdf``)
is refused with a reason and the batch goes on; a failure to write the archive (a full
disk) stops the batch, since every later file would fail the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from delib_extract.db.diskerrors import storage_error
from delib_extract.errors import ArchiveError
from delib_extract.ingest.archive import Archive, ArchivedFile, iter_pdfs


def archive_files(
    archive: Archive, paths: list[str | Path], refuse: Callable[[str, str], None]
) -> list[ArchivedFile]:
    """Archive every file under ``paths``; ``refuse(name, reason)`` for unreadable ones."""
    seen: dict[str, ArchivedFile] = {}
    for path in iter_pdfs(paths):
        try:
            if not path.is_file():  # reading a FIFO or a device would block or never end
                refuse(display_name(path), "pas un fichier ordinaire")
                continue
            entry = archive.add(path)
        except ArchiveError as exc:  # writing the archive failed: nothing more would fit
            raise storage_error(exc, archive.root) from exc
        except OSError as exc:  # reading this one file failed
            refuse(display_name(path), f"fichier illisible ({exc.strerror or exc})")
            continue
        seen.setdefault(entry.sha256, entry)
    return list(seen.values())


def display_name(path: Path) -> str:
    """The path as text; bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")
