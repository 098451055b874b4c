"""Downloading one URL safely (through :class:`~delib_extract.fetch.http.HttpClient`).

Conditional requests (``If-None-Match`` / ``If-Modified-Since``), a size cap, and a
content-type and ``%PDF`` check before anything reaches the archive. A download cut short stays in
``.partial/`` and is resumed with an HTTP ``Range`` request (guarded by ``If-Range``)
by the next attempt or the next run.
"""

from __future__ import annotations

import email.message
import hashlib
import http.client
import json
import posixpath
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from delib_extract.fetch.http import HttpClient, NotModified, PermanentError, TransientError
from delib_extract.text.dates import utc_iso
from delib_extract.vocab import FetchStatus

PDF_TYPES = {
    "application/pdf", "application/x-pdf", "application/octet-stream", "binary/octet-stream",
    "application/download", "application/force-download", "application/x-download",
}  # fmt: skip
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Download:
    url: str
    status: FetchStatus
    path: Path | None = None  # the complete file, in .partial/, for the archive to take
    filename: str | None = None
    http_status: int | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retrieved_at: str | None = None


def partial_paths(folder: Path, url: str) -> tuple[Path, Path]:
    """Where an unfinished download of ``url`` and its validators are kept."""
    stem = hashlib.sha256(url.encode()).hexdigest()[:24]
    return folder / f"{stem}.part", folder / f"{stem}.json"


def download(
    client: HttpClient,
    url: str,
    folder: Path,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Download:
    """Fetch ``url`` into ``folder`` (resuming a partial file); never raises."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return client.retrying(lambda: _attempt(client, url, folder, etag, last_modified))
    except (TransientError, PermanentError) as exc:
        return Download(url, FetchStatus.FAILED, http_status=exc.http_status, error=str(exc))


def _attempt(
    client: HttpClient, url: str, folder: Path, etag: str | None, last_modified: str | None
) -> Download:
    part, meta_path = partial_paths(folder, url)
    resume = _resumable(part, meta_path, url)
    headers = {}
    if resume:
        headers["Range"] = f"bytes={part.stat().st_size}-"
        headers["If-Range"] = resume.get("etag") or resume["last_modified"]
    else:
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
    try:
        response = client.open(url, headers)
    except NotModified:
        return Download(url, FetchStatus.NOT_MODIFIED, http_status=304)
    except PermanentError as exc:
        if resume and exc.http_status == 416:  # the partial file no longer fits: start over
            part.unlink(missing_ok=True)
            raise TransientError("reprise refusée (HTTP 416)", 416) from exc
        raise
    with response:
        _check_headers(response, client.settings.max_bytes)
        validators = {
            "url": url,
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
        }
        append = response.status == 206
        if append and _range_start(response) != part.stat().st_size:
            part.unlink(missing_ok=True)
            raise TransientError("reprise incohérente (Content-Range)", 206)
        if not append:
            part.unlink(missing_ok=True)
        meta_path.write_text(json.dumps(validators), encoding="utf-8")
        _stream(response, part, append, client.settings.max_bytes)
        filename, status = _filename(response.headers, url), response.status
    _check_pdf(part, meta_path)
    meta_path.unlink(missing_ok=True)
    return Download(
        url, FetchStatus.DOWNLOADED, part, filename, status, None,
        validators["etag"], validators["last_modified"], utc_iso(),
    )  # fmt: skip


def _resumable(part: Path, meta_path: Path, url: str) -> dict | None:
    """The saved validators of a partial download that can be continued, if any."""
    if not part.exists() or not meta_path.exists() or part.stat().st_size == 0:
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if meta.get("url") != url or not (meta.get("etag") or meta.get("last_modified")):
        return None  # without a validator, the rest could belong to another version
    return meta


def _range_start(response: http.client.HTTPResponse) -> int | None:
    value = response.headers.get("Content-Range", "")  # "bytes 1000-1999/2000"
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def _check_headers(response: http.client.HTTPResponse, max_bytes: int) -> None:
    content_type = (response.headers.get_content_type() or "").lower()
    if response.headers.get("Content-Type") and content_type not in PDF_TYPES:
        raise PermanentError(f"pas un PDF: type de contenu {content_type}", response.status)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise PermanentError(f"trop volumineux: {int(length)} octets (limite {max_bytes})")


def _stream(response: http.client.HTTPResponse, part: Path, append: bool, limit: int) -> None:
    try:
        with open(part, "ab" if append else "wb") as out:
            size = out.tell()
            for block in iter(lambda: response.read(_CHUNK), b""):
                size += len(block)
                if size > limit:
                    raise PermanentError(f"trop volumineux: plus de {limit} octets")
                out.write(block)
        if response.length:  # http.client does not raise when the server hangs up early
            raise http.client.IncompleteRead(b"", response.length)
    except PermanentError:
        part.unlink(missing_ok=True)
        raise
    except (http.client.IncompleteRead, OSError) as exc:
        # What arrived is kept: the next attempt asks for the rest only.
        raise TransientError(f"téléchargement interrompu: {type(exc).__name__}") from exc


def _check_pdf(part: Path, meta_path: Path) -> None:
    with open(part, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        part.unlink(missing_ok=True)
        meta_path.unlink(missing_ok=True)
        start = head[:40].decode("latin-1").split("\n")[0].strip()
        raise PermanentError(f"pas un PDF: le fichier commence par « {start} »")


def _filename(headers: email.message.Message, url: str) -> str:
    """The server's name for the file, else the last segment of the URL's path."""
    name = headers.get_filename()
    if not name:
        name = urllib.parse.unquote(posixpath.basename(urllib.parse.urlsplit(url).path))
    return name or "document.pdf"
