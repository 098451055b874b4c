"""The archive: every original PDF kept byte for byte under ``raw_pdfs/``.

A document's identity is its sha256. A file already in the archive is registered
where it is; a file from elsewhere is copied in under its own (sanitised) name, or
``name--<hash>.pdf`` when another file already has that name: a different file with
the same name never overwrites another. ``.manifest.jsonl`` remembers each
document's original name, source URL, retrieval time and HTTP validators, so the
database can be rebuilt from the archive alone (``delib-extract rebuild``).

Versions: a PDF re-published with other bytes is another file, kept beside the old
one. ``version_at`` orders the versions of a document (see :mod:`delib_extract.db.versions`): the
server's ``Last-Modified`` when it gave one, else the file's modification time for a
local file, else the retrieval time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from delib_extract.digest import file_sha256
from delib_extract.errors import ArchiveError
from delib_extract.text.dates import utc_iso

MANIFEST = ".manifest.jsonl"
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class ArchivedFile:
    sha256: str
    path: str  # relative to the archive root, POSIX separators
    original_name: str
    size: int
    source_url: str | None = None
    retrieved_at: str | None = None  # download time, or archiving time for a local file
    etag: str | None = None
    last_modified: str | None = None  # the HTTP header, as sent
    modified_at: str | None = None  # a local file's modification time (ISO, UTC)

    @property
    def version_at(self) -> str | None:
        """The instant that orders the versions of one document (ISO 8601, UTC)."""
        return http_date_iso(self.last_modified) or self.modified_at or self.retrieved_at


def http_date_iso(value: str | None) -> str | None:
    """An HTTP date (``Last-Modified``) as ISO 8601 UTC; None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def printable(name: str) -> str:
    """A name as text that can be stored: bytes that were not UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def safe_name(name: str) -> str:
    """A file name that cannot escape the archive (no separators, no leading dots)."""
    name = unicodedata.normalize("NFC", Path(printable(name).replace("\\", "/")).name)
    name = _UNSAFE_RE.sub("_", name).strip().lstrip(".") or "document.pdf"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, "pdf"
    while len(f"{stem}.{ext}".encode()) > 180:
        stem = stem[:-1]
    return f"{stem}.{ext}"


class Archive:
    def __init__(self, root: str | Path):
        self.root = Path(root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"archive inaccessible: {self.root} ({exc.strerror})") from exc
        self._by_hash: dict[str, ArchivedFile] = {}
        self._by_url: dict[str, list[ArchivedFile]] = {}
        self._load_manifest()

    def _load_manifest(self) -> None:
        manifest = self.root / MANIFEST
        if not manifest.exists():
            return
        for line in manifest.read_text(encoding="utf-8").splitlines():
            try:
                entry = ArchivedFile(**json.loads(line))
            except (ValueError, TypeError):
                continue  # a line cut by a crash: the file itself is re-registered on scan
            if (self.root / entry.path).exists():
                self._index(entry)

    def _index(self, entry: ArchivedFile) -> None:
        self._by_hash[entry.sha256] = entry
        if entry.source_url:
            self._by_url.setdefault(entry.source_url, []).append(entry)

    def _remember(self, entry: ArchivedFile) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        try:
            with open(self.root / MANIFEST, "a+b") as handle:
                # A line cut by a crash or a full disk must not swallow the next one.
                handle.seek(0, os.SEEK_END)
                if handle.tell():
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        line = "\n" + line
                handle.write(line.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise ArchiveError(f"manifeste de l'archive non écrit ({exc.strerror})") from exc
        self._index(entry)

    def get(self, sha256: str) -> ArchivedFile | None:
        return self._by_hash.get(sha256)

    def contains_path(self, path: Path) -> bool:
        """Inside the archive proper (hidden folders such as ``.partial/`` are not)."""
        try:
            relative = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return not any(part.startswith(".") for part in relative.parts)

    def versions_of(self, url: str) -> list[ArchivedFile]:
        """Every archived file that came from ``url`` (each version once)."""
        return list({e.sha256: e for e in self._by_url.get(url, [])}.values())

    def latest_for_url(self, url: str) -> ArchivedFile | None:
        """The most recently retrieved file that came from ``url``."""
        # Within one second, the manifest's order (the order of retrieval) decides.
        ranked = enumerate(self._by_url.get(url, []))
        best = max(ranked, key=lambda item: (item[1].retrieved_at or "", item[0]), default=None)
        return best[1] if best else None

    def __len__(self) -> int:
        return len(self._by_hash)

    def add(
        self,
        path: str | Path,
        *,
        source_url: str | None = None,
        original_name: str | None = None,
        retrieved_at: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        move: bool = False,
    ) -> ArchivedFile:
        """Archive one file (copied in, or moved with ``move``, unless already there).

        Idempotent: bytes already archived return their first entry unchanged.
        """
        path = Path(path)
        sha = file_sha256(path)
        known = self._by_hash.get(sha)
        if known:
            if move:
                path.unlink(missing_ok=True)
            return known
        stat = path.stat()
        name = printable(original_name or path.name)
        if self.contains_path(path) and _is_utf8(path):
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        else:  # from elsewhere, or a name that cannot be stored: copied in under a safe name
            relative = self._copy_in(path, safe_name(name), sha, move)
        modified_at = None if source_url else utc_iso(stat.st_mtime)
        entry = ArchivedFile(
            sha, relative, name, stat.st_size, source_url, retrieved_at or utc_iso(),
            etag, last_modified, modified_at,
        )  # fmt: skip
        self._remember(entry)
        return entry

    def _copy_in(self, path: Path, name: str, sha: str, move: bool = False) -> str:
        target = self.root / name
        if target.exists() and file_sha256(target) != sha:
            stem, _, ext = name.rpartition(".")
            target = self.root / f"{stem}--{sha[:12]}.{ext}"
        if not target.exists() and move:
            os.replace(path, target)  # same file system: .partial/ is inside the archive
        elif not target.exists():
            temporary = None
            try:
                handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
                os.close(handle)
                shutil.copyfile(path, temporary)
                os.replace(temporary, target)  # never a half-written file under a real name
            except OSError as exc:
                if temporary:  # a full disk must not keep the half copy
                    Path(temporary).unlink(missing_ok=True)
                raise ArchiveError(f"copie impossible vers l'archive ({exc.strerror})") from exc
        if move:
            path.unlink(missing_ok=True)
        return target.relative_to(self.root).as_posix()

    def files(self) -> Iterator[Path]:
        """Every PDF in the archive folder (recursive), hidden files aside."""
        yield from iter_pdfs([self.root])

    def entries(self) -> list[ArchivedFile]:
        return list(self._by_hash.values())


def _is_utf8(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def iter_pdfs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named ``*.pdf`` under each folder (recursive, sorted); files given as is."""
    for item in paths:
        item = Path(item)
        if item.is_dir():
            for found in sorted(item.rglob("*")):
                relative_parts = found.relative_to(item).parts
                if any(part.startswith(".") for part in relative_parts):
                    continue
                if found.is_file() and found.suffix.lower() == ".pdf":
                    yield found
        elif item.exists():
            yield item
        else:
            raise ArchiveError(f"chemin introuvable: {item}")
