"""The public site as an attacker sees it: `delib-extract serve` over a database whose
PDFs carry HTML and script in their text, an archive holding a symlink to a secret.

Read-only (every connection `mode=ro` and `query_only`, no write connection), a SQL time
limit, no write route, nothing served outside the archive folder, and extracted text
shown as text (checked in headless Chromium)."""

from __future__ import annotations

import ast
import http.client
import json
import re
import shutil
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import ROOT, hostile, pdfgen
from support.siteserver import get, running_site

from delib_extract import ingest

pytestmark = pytest.mark.slow  # a real Datasette server, and headless Chromium

SITE = ROOT / "src" / "delib_extract" / "site"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
PDF_NAME = "délib été <b onclick=alert(5)>2023.pdf"  # spaces, accents, markup in a file name


def _escaped(text: str) -> str:  # what reportlab's Paragraph prints as it is
    return text.replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    work = tmp_path_factory.mktemp("public")
    spec = pdfgen.sample_spec(numero="2023-901", objet=f"APPEL À PROJETS {_escaped(SCRIPT)}")
    spec["annexe4"][1]["structure"] = _escaped(IMAGE)  # a beneficiary's name
    inbox = work / "inbox"
    inbox.mkdir()
    pdfgen.build_pdf(spec, inbox / PDF_NAME)
    notes = [f"Note {SCRIPT} {IMAGE}", "[[crochets]] et 'apostrophes' & esperluette"]
    hostile.write(inbox, "note.pdf", hostile.raw_pdf([hostile.text_stream(notes)]))
    db, raw = work / "deliberations.db", work / "raw"
    report = ingest([inbox], db, raw, jobs=1)
    assert report.failed == 0, report.problems
    (work / "secret.txt").write_text("mot de passe\n")
    (raw / "secret.pdf").symlink_to(work / "secret.txt")  # planted in the archive
    (raw / ".partial").mkdir()
    (raw / ".partial" / "en-cours.pdf").write_bytes(b"%PDF-1.7 mot de passe")
    with running_site(db, raw) as base:
        yield base, db


def _raw_get(base: str, path: str) -> tuple[int, bytes]:
    """A request sent with its path exactly as written (no client-side normalisation)."""
    parsed = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_the_extracted_payloads_are_in_the_database(hostile_site: tuple[str, Path]) -> None:
    """Otherwise the escaping tests below would prove nothing."""
    import sqlite3

    _, db = hostile_site
    with sqlite3.connect(db) as conn:
        title = conn.execute("select title from deliberations").fetchone()[0]
        beneficiaries = [row[0] for row in conn.execute("select beneficiary from grants")]
    assert SCRIPT in title and IMAGE in beneficiaries


@pytest.mark.parametrize(
    "path",
    [
        "/raw_pdfs/../deliberations.db", "/raw_pdfs/%2e%2e/deliberations.db",
        "/raw_pdfs/..%2fdeliberations.db", "/raw_pdfs/%2e%2e%2fsecret.txt",
        "/raw_pdfs/../secret.txt", "/raw_pdfs/..%5csecret.txt", "/raw_pdfs/secret.pdf",
        "/raw_pdfs//etc/passwd", "/raw_pdfs/%2fetc%2fpasswd", "/raw_pdfs/../../../../etc/passwd",
        "/deliberations.db", "/raw_pdfs/.manifest.jsonl", "/raw_pdfs/.partial/en-cours.pdf",
        "/raw_pdfs/%2emanifest.jsonl", "/raw_pdfs/", "/raw_pdfs/note.pdf%00.txt",
    ],
)  # fmt: skip
def test_nothing_outside_the_archive_is_served(hostile_site: tuple[str, Path], path: str) -> None:
    base, _ = hostile_site
    status, body = _raw_get(base, path)
    assert status in (403, 404), (path, status)
    assert b"mot de passe" not in body and not body.startswith(b"SQLite format")
    assert b"root:" not in body


def test_the_archive_is_served(hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    archived = PDF_NAME.replace("<", "_").replace(">", "_")  # archive.safe_name
    status, body = _raw_get(base, "/raw_pdfs/" + urllib.parse.quote(archived))
    assert status == 200 and body.startswith(b"%PDF")


def test_read_only_and_no_write_route(hostile_site: tuple[str, Path]) -> None:
    base, db = hostile_site
    before = db.read_bytes()
    databases = json.loads(get(base + "/-/databases.json")[1])
    assert [d["name"] for d in databases] == ["deliberations"]  # and no _memory
    settings = json.loads(get(base + "/-/settings.json")[1])
    assert settings["sql_time_limit_ms"] == 3000 and settings["allow_download"] is False
    metadata = json.loads(get(base + "/-/metadata.json")[1])
    queries = metadata["databases"]["deliberations"]["queries"]
    assert not [name for name, query in queries.items() if query.get("write")]
    for sql in (
        "delete from grants", "attach database '/tmp/x.db' as x", "select 1; delete from grants"
    ):  # fmt: skip
        status, body, _ = get(base + "/deliberations.json?sql=" + urllib.parse.quote(sql))
        assert status == 400, (sql, status, body[:200])
    for path in ("/deliberations", "/deliberations/grants", "/deliberations/-/query",
                 "/deliberations/grants/-/insert", "/-/create"):  # fmt: skip
        parsed = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        connection.request(
            "POST",
            path,
            body="sql=delete+from+grants",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        status, body = response.status, response.read()
        connection.close()
        # Refused before Datasette (which would answer a POST to a table with a 500).
        assert status == 405, (path, status)
        assert body == b"405 : ce site est en lecture seule"
    assert db.read_bytes() == before


def test_a_long_query_is_cut_by_the_time_limit(hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    endless = (
        "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"
    )
    started = time.monotonic()
    status, body, _ = get(base + "/deliberations.json?sql=" + urllib.parse.quote(endless))
    assert time.monotonic() - started < 20
    assert status == 400 and b"took too long" in body


def test_extracted_text_is_escaped_in_the_html(hostile_site: tuple[str, Path]) -> None:
    base, _ = hostile_site
    raw = (SCRIPT, IMAGE, "<b onclick=alert(5)>")
    for path, shown in (
        ("/deliberations/deliberations", SCRIPT), ("/deliberations/grants", IMAGE),
        ("/deliberations/documents", PDF_NAME), ("/-/search?q=alert", SCRIPT),
        ("/deliberations/pages?_search=alert", IMAGE),
    ):  # fmt: skip
        status, body, _ = get(base + path)
        html = body.decode()
        assert status == 200, path
        assert not [payload for payload in raw if payload in html], path
        assert shown.replace("<", "&lt;").replace(">", "&gt;") in html, path
    search = get(base + "/-/search?q=crochets")[1].decode()
    assert "[[<mark>crochets</mark>]]" in search  # brackets of the text stay brackets


def test_templates_and_plugin_never_mark_extracted_text_safe() -> None:
    """`|safe` and Markup only on what the project writes itself."""
    allowed_safe = {"metadata.description_html|safe"}
    for template in (SITE / "templates").glob("*.html"):
        for found in re.findall(r"[\w.]+\s*\|\s*safe", template.read_text(encoding="utf-8")):
            assert found.replace(" ", "") in allowed_safe, (template.name, found)
    for plugin in SITE.rglob("*.py"):  # the plugin and the modules it renders with
        for node in ast.walk(ast.parse(plugin.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Markup":
                argument = node.args[0] if node.args else None
                # A literal template (filled by .format, which escapes) and nothing else.
                assert isinstance(argument, ast.Constant), (plugin.name, ast.unparse(node))


def test_in_a_browser_the_script_is_text(hostile_site: tuple[str, Path], tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian chromium not installed")
    base, _ = hostile_site
    args = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path, shown in (
            ("/deliberations/deliberations", SCRIPT),
            ("/deliberations/deliberations/2023-901", SCRIPT),
            ("/deliberations/grants", IMAGE),
            ("/deliberations/grants_detailed", IMAGE),
            ("/deliberations/documents", PDF_NAME),
            ("/-/search?q=alert", SCRIPT),
            ("/deliberations/pages?_search=alert", IMAGE),
        ):
            page.goto(base + path, wait_until="networkidle")
            assert page.get_by_text(shown, exact=False).count() >= 1, path
            assert page.locator("img[src=x]").count() == 0, path
            injected = page.evaluate(
                "[...document.scripts].filter(s => s.text.includes('alert(1)')).length"
            )
            assert injected == 0, path
        page.screenshot(path=str(tmp_path / "search.png"))
        browser.close()
    assert dialogs == []
