"""The project's own exceptions; the CLI turns them into one-line messages."""

from __future__ import annotations


class DelibExtractError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""


class UnreadablePdfError(DelibExtractError):
    """The file is not a PDF, is empty, corrupt, or cannot be opened."""


class EncryptedPdfError(UnreadablePdfError):
    """The PDF needs a password."""


class UnreadablePageError(DelibExtractError):
    """One page cannot be loaded (its message says why, in French): it costs that page,
    never the document's other pages."""


class ArchiveError(DelibExtractError):
    """The archive folder cannot be written or read."""


class DatabaseBusyError(DelibExtractError):
    """Another process holds the database's ingestion lock."""


class StorageError(DelibExtractError):
    """The database or the archive cannot be written (disk full, I/O error) or read."""
