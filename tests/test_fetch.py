"""`fetch` against a real HTTP server on 127.0.0.1 (tests/support/website.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import pdfgen
from support.website import Site

from delib_extract.cli import main
from delib_extract.fetch.download import download
from delib_extract.fetch.http import HttpClient
from delib_extract.fetch.listing import parse_listing
from delib_extract.fetch.run import PARTIAL_DIR, fetch
from delib_extract.ingest.archive import Archive
from delib_extract.ingest.batch import rebuild
from delib_extract.settings import FetchSettings
from delib_extract.vocab import FetchStatus

pytestmark = pytest.mark.slow  # a real HTTP server, retries and time-outs

FAST = FetchSettings(timeout_s=1.0, retries=1, backoff_s=0.0, delay_s=0.0)
HTML_ERROR = b"<!DOCTYPE html><html><body>Erreur 500 : service indisponible</body></html>"


@pytest.fixture(scope="module")
def corrected_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """n°2023-499 republished: same number, corrected title (other bytes)."""
    spec = pdfgen.sample_spec(
        objet="APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6 RECTIFIÉE"
    )
    return pdfgen.build_pdf(spec, tmp_path_factory.mktemp("v2") / "corrected.pdf")


def _listing(pdfs: list[str], next_page: str | None = None) -> str:
    links = "".join(f'<li><a href="{href}">Délibération</a></li>' for href in pdfs)
    more = f'<a class="pager" href="{next_page}">Page suivante</a>' if next_page else ""
    return f"<html><body><ul>{links}</ul><a href='/contact'>Contact</a>{more}</body></html>"


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_listing_parser_finds_pdfs_and_next_page() -> None:
    html = (
        '<a href="/docs/CP%202023-499.pdf#page=2">n°2023-499</a> <a href="a.PDF">a</a>'
        '<a href="/docs/CP%202023-499.pdf">again</a> <a href="/p?page=2" rel="next">2</a>'
        '<a href="mailto:x@y.fr">mail</a> <a href="/p?page=3">»</a> <a href="/about">À propos</a>'
    )
    listing = parse_listing(html, "https://example.org/deliberations/")
    assert listing.pdfs == [
        "https://example.org/docs/CP%202023-499.pdf",
        "https://example.org/deliberations/a.PDF",
    ]
    assert listing.next_pages == ["https://example.org/p?page=2", "https://example.org/p?page=3"]


def test_listing_with_pagination_and_bad_links(pdf_dir: Path, tmp_path: Path) -> None:
    with Site() as site:
        site.page("/cp/", _listing(["/files/cp-499.pdf", "/files/missing.pdf"], "/cp/?page=2"))
        site.page("/cp/?page=2", _listing(["/files/cp-506.pdf", "/files/error.pdf"], "/cp/"))
        site.pdf("/files/cp-499.pdf", (pdf_dir / "seed_like.pdf").read_bytes())
        site.pdf("/files/cp-506.pdf", (pdf_dir / "rejected.pdf").read_bytes())
        # An error page served with the PDF's name and a PDF content type.
        site.pdf("/files/error.pdf", HTML_ERROR)
        db, raw = tmp_path / "d.db", tmp_path / "raw"
        listing = [site.url("/cp/")]
        report = fetch(listings=listing, db_path=db, archive_dir=raw, settings=FAST, jobs=1)
        assert (report.downloaded, report.failed) == (2, 2), report.problems
        reasons = dict(report.problems)
        assert "HTTP 404" in reasons[site.url("/files/missing.pdf")]
        assert "pas un PDF" in reasons[site.url("/files/error.pdf")]
        assert report.ingest is not None and report.ingest.ok == 2
        assert sorted(_rows(db, "select status, count(*) from fetches group by status")) == [
            ("downloaded", 2),
            ("failed", 2),
        ]
        urls = dict(_rows(db, "select deliberation_id, source_url from documents"))
        assert urls == {
            "2023-499": site.url("/files/cp-499.pdf"),
            "2022-506": site.url("/files/cp-506.pdf"),
        }
        assert sorted(p.name for p in raw.glob("*.pdf")) == ["cp-499.pdf", "cp-506.pdf"]
        assert not list((raw / PARTIAL_DIR).iterdir())  # nothing half-done left behind
        # Second run: conditional requests, 304, nothing downloaded or extracted again.
        again = fetch(listings=[site.url("/cp/")], db_path=db, archive_dir=raw, settings=FAST)
        assert again.not_modified == 2 and again.downloaded == 0
        assert again.ingest is not None and again.ingest.unchanged == 2 and again.ingest.ok == 0
        asked = site.requests_for("/files/cp-499.pdf")[-1]
        assert asked["If-None-Match"] == site.routes["/files/cp-499.pdf"].etag
        assert asked["If-Modified-Since"] == site.routes["/files/cp-499.pdf"].last_modified
        assert "delib-extract" in asked["User-Agent"]


def test_timeout_is_retried_then_recorded(tmp_path: Path) -> None:
    with Site() as site:
        site.pdf("/slow.pdf", b"%PDF-1.4 never sent in time", delay_s=1.5)
        settings = FetchSettings(timeout_s=0.3, retries=1, backoff_s=0.0, delay_s=0.0)
        report = fetch(
            [site.url("/slow.pdf")], db_path=tmp_path / "d.db", archive_dir=tmp_path / "raw",
            settings=settings,
        )  # fmt: skip
        assert report.failed == 1 and len(site.requests_for("/slow.pdf")) == 2
        assert "timed out" in report.problems[0][1]
        assert _rows(tmp_path / "d.db", "select status, sha256 from fetches") == [("failed", None)]


def test_html_content_type_is_refused_before_the_body(tmp_path: Path) -> None:
    with Site() as site:
        site.page("/cp-2023-499.pdf", HTML_ERROR.decode())
        report = fetch(
            [site.url("/cp-2023-499.pdf")], db_path=tmp_path / "d.db",
            archive_dir=tmp_path / "raw", settings=FAST,
        )  # fmt: skip
    assert report.failed == 1 and "text/html" in report.problems[0][1]
    assert not list((tmp_path / "raw").glob("*.pdf"))


def test_size_cap(pdf_dir: Path, tmp_path: Path) -> None:
    with Site() as site:
        site.pdf("/big.pdf", (pdf_dir / "seed_like.pdf").read_bytes())
        small = FetchSettings(timeout_s=1.0, retries=0, delay_s=0.0, max_bytes=1000)
        outcome = download(HttpClient(small), site.url("/big.pdf"), tmp_path)
    assert outcome.status == FetchStatus.FAILED and "trop volumineux" in (outcome.error or "")


def test_changed_file_is_a_new_version(pdf_dir: Path, corrected_pdf: Path, tmp_path: Path) -> None:
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    with Site() as site:
        url = site.url("/cp-2023-499.pdf")
        site.pdf("/cp-2023-499.pdf", (pdf_dir / "seed_like.pdf").read_bytes(), version=1)
        first = fetch([url], db_path=db, archive_dir=raw, settings=FAST, jobs=1)
        site.pdf("/cp-2023-499.pdf", corrected_pdf.read_bytes(), version=2)
        second = fetch([url], db_path=db, archive_dir=raw, settings=FAST, jobs=1)
    assert first.downloaded == 1 and second.downloaded == 1
    assert second.ingest is not None and (second.ingest.ok, second.ingest.unchanged) == (1, 1)
    assert len(list(raw.glob("*.pdf"))) == 2  # the old version is kept
    newest = Archive(raw).latest_for_url(url)
    assert newest is not None
    assert newest.last_modified == site.routes["/cp-2023-499.pdf"].last_modified

    def state(path: Path) -> tuple:
        return (
            _rows(path, "select title, document_sha256 from deliberations"),
            sorted(_rows(path, "select sha256, source_url, superseded_by, etag from documents")),
            _rows(path, "select url, sha256, etag, last_modified from fetches"),
        )

    before = state(db)
    (title, holder), = before[0]  # fmt: skip
    assert title.endswith("RECTIFIÉE") and holder == newest.sha256
    superseded = {sha: by for sha, _, by, _ in before[1]}
    assert sorted(superseded.values(), key=lambda v: v or "") == [None, newest.sha256]
    # The archive alone is enough to get the same database back.
    assert rebuild(db, raw, jobs=1).ok == 2
    assert state(db) == before


def test_interrupted_download_is_resumed_next_run(pdf_dir: Path, tmp_path: Path) -> None:
    data = (pdf_dir / "seed_like.pdf").read_bytes()
    cut = len(data) // 3
    db, raw = tmp_path / "d.db", tmp_path / "raw"
    once = FetchSettings(timeout_s=1.0, retries=0, backoff_s=0.0, delay_s=0.0)
    with Site() as site:
        site.pdf("/cp.pdf", data, cut_after=cut, cuts=1)
        first = fetch([site.url("/cp.pdf")], db_path=db, archive_dir=raw, settings=once)
        assert first.failed == 1 and "interrompu" in first.problems[0][1]
        partials = list((raw / PARTIAL_DIR).glob("*.part"))
        assert [p.stat().st_size for p in partials] == [cut]
        second = fetch([site.url("/cp.pdf")], db_path=db, archive_dir=raw, settings=once, jobs=1)
        resumed = site.requests_for("/cp.pdf")[-1]
    assert resumed["Range"] == f"bytes={cut}-"
    assert resumed["If-Range"] == site.routes["/cp.pdf"].etag
    assert second.downloaded == 1 and second.ingest is not None and second.ingest.ok == 1
    (archived,) = raw.glob("*.pdf")
    assert archived.read_bytes() == data
    assert not list((raw / PARTIAL_DIR).iterdir())


def test_cut_download_resumes_within_the_same_run(pdf_dir: Path, tmp_path: Path) -> None:
    data = (pdf_dir / "rejected.pdf").read_bytes()
    with Site() as site:
        site.pdf("/cp.pdf", data, cut_after=1000, cuts=2)
        outcome = download(HttpClient(FetchSettings(retries=2, backoff_s=0, delay_s=0)),
                           site.url("/cp.pdf"), tmp_path)  # fmt: skip
        ranges = [h.get("Range") for h in site.requests_for("/cp.pdf")]
    assert outcome.status == FetchStatus.DOWNLOADED and outcome.path is not None
    assert outcome.path.read_bytes() == data
    assert ranges == [None, "bytes=1000-", "bytes=2000-"]


def test_a_changed_file_is_not_spliced_onto_a_partial_one(
    pdf_dir: Path, corrected_pdf: Path, tmp_path: Path
) -> None:
    once = FetchSettings(timeout_s=1.0, retries=0, delay_s=0.0)
    with Site() as site:
        site.pdf("/cp.pdf", (pdf_dir / "seed_like.pdf").read_bytes(), cut_after=5000, cuts=1)
        assert download(HttpClient(once), site.url("/cp.pdf"), tmp_path).status == "failed"
        site.pdf("/cp.pdf", corrected_pdf.read_bytes(), version=2)
        outcome = download(HttpClient(once), site.url("/cp.pdf"), tmp_path)
    assert outcome.path is not None and outcome.path.read_bytes() == corrected_pdf.read_bytes()


def test_polite_delay_between_requests(pdf_dir: Path, tmp_path: Path) -> None:
    waits: list[float] = []
    client = HttpClient(FetchSettings(delay_s=5.0, retries=0), sleep=waits.append)
    with Site() as site:
        site.pdf("/a.pdf", (pdf_dir / "seed_like.pdf").read_bytes())
        for _ in range(2):
            download(client, site.url("/a.pdf"), tmp_path)
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_fetch_cli_reports_in_one_line_each(pdf_dir: Path, tmp_path: Path) -> None:
    with Site() as site:
        site.pdf("/ok.pdf", (pdf_dir / "unanimous.pdf").read_bytes())
        result = CliRunner().invoke(
            main,
            ["fetch", site.url("/ok.pdf"), site.url("/gone.pdf"), "--db", str(tmp_path / "d.db"),
             "--archive", str(tmp_path / "raw"), "--delay", "0", "--retries", "0", "--jobs", "1"],
        )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "2 URL(s): 1 downloaded, 0 unchanged, 0 not modified, 1 failed" in result.output
    assert f"failed: {site.url('/gone.pdf')}: HTTP 404" in result.output
    assert "1 document(s): 1 ok" in result.output


def test_fetch_cli_needs_something_to_fetch(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fetch", "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 2 and "at least one URL" in result.output


def test_busy_server_is_retried_after_its_retry_after(pdf_dir: Path, tmp_path: Path) -> None:
    waits: list[float] = []
    settings = FetchSettings(retries=3, backoff_s=0.5, delay_s=0.0)
    with Site() as site:
        site.pdf("/cp.pdf", (pdf_dir / "seed_like.pdf").read_bytes(), busy=2)
        outcome = download(HttpClient(settings, sleep=waits.append), site.url("/cp.pdf"), tmp_path)
    assert outcome.status == FetchStatus.DOWNLOADED
    assert waits == [1.0, 1.0]  # the server's Retry-After, not our own back-off


def test_back_off_doubles_and_gives_up(tmp_path: Path) -> None:
    waits: list[float] = []
    settings = FetchSettings(retries=3, backoff_s=0.5, delay_s=0.0, timeout_s=0.5)
    with Site() as site:
        url = site.url("/nowhere.pdf")
    # The server is gone: connection refused, each time.
    outcome = download(HttpClient(settings, sleep=waits.append), url, tmp_path)
    assert outcome.status == FetchStatus.FAILED and "réseau" in (outcome.error or "")
    assert waits == [0.5, 1.0, 2.0]


def test_only_http_urls_are_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "local.pdf"
    secret.write_bytes(b"%PDF-1.4 a local file")
    with Site() as site:
        site.page("/cp/", _listing([secret.as_uri(), "ftp://example.org/a.pdf"]))
        report = fetch(
            ["not a url"], [site.url("/cp/")], db_path=tmp_path / "d.db",
            archive_dir=tmp_path / "raw", settings=FAST,
        )  # fmt: skip
    assert report.failed == 3 and report.downloaded == 0
    assert all("http ou https" in reason for _, reason in report.problems)
    assert not list((tmp_path / "raw").glob("*.pdf"))
