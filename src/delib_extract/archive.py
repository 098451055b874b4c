"""The archive: every original PDF kept byte for byte under ``raw_pdfs/``.

A document's identity is its sha256. A file already in the archive is registered
where it is; a file from elsewhere is copied in under its own (sanitised) name, or
``name--<hash>.pdf`` when another file already has that name: a different file with
the same name never overwrites another. ``.manifest.jsonl`` remembers each
document's original name and source, so the database can be rebuilt from the
archive alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ArchiveError

MANIFEST = ".manifest.jsonl"
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class ArchivedFile:
    sha256: str
    path: str  # relative to the archive root, POSIX separators
    original_name: str
    size: int
    source_url: str | None = None
    retrieved_at: str | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_name(name: str) -> str:
    """A file name that cannot escape the archive (no separators, no leading dots)."""
    name = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
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
                self._by_hash[entry.sha256] = entry

    def _remember(self, entry: ArchivedFile) -> None:
        self._by_hash[entry.sha256] = entry
        with open(self.root / MANIFEST, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def get(self, sha256: str) -> ArchivedFile | None:
        return self._by_hash.get(sha256)

    def contains_path(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return True

    def add(
        self,
        path: str | Path,
        *,
        source_url: str | None = None,
        original_name: str | None = None,
        retrieved_at: str | None = None,
    ) -> ArchivedFile:
        """Archive one file (copying it unless it is already there); idempotent."""
        path = Path(path)
        sha = sha256_of(path)
        known = self._by_hash.get(sha)
        if known:
            return known
        size = path.stat().st_size
        name = original_name or path.name
        if self.contains_path(path):
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        else:
            relative = self._copy_in(path, safe_name(name), sha)
        entry = ArchivedFile(sha, relative, name, size, source_url, retrieved_at)
        self._remember(entry)
        return entry

    def _copy_in(self, path: Path, name: str, sha: str) -> str:
        target = self.root / name
        if target.exists() and sha256_of(target) != sha:
            stem, _, ext = name.rpartition(".")
            target = self.root / f"{stem}--{sha[:12]}.{ext}"
        if not target.exists():
            try:
                handle, temporary = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
                os.close(handle)
                shutil.copyfile(path, temporary)
                os.replace(temporary, target)  # never a half-written file under a real name
            except OSError as exc:
                raise ArchiveError(f"copie impossible vers l'archive ({exc.strerror})") from exc
        return target.relative_to(self.root).as_posix()

    def files(self) -> Iterator[Path]:
        """Every PDF in the archive folder (recursive), hidden files aside."""
        yield from iter_pdfs([self.root])

    def entries(self) -> list[ArchivedFile]:
        return list(self._by_hash.values())


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
