"""Damaged PDFs: a page that cannot be loaded costs that page only; a file PDFium refuses
gets one try with pdfminer; every failure is one French sentence, never a library's code.

The damaged files are made by tests/hostile.py from sound ones (raw objects written by
hand, or the suite's reportlab deliberation), read through the real libraries, and
ingested by the real CLI.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from support import hostile, pdfgen

from delib_extract.extract import extract_pdf
from delib_extract.ingest.limits import extract_limited
from delib_extract.pdf import failures
from delib_extract.pdf.source import PdfSource
from delib_extract.records import Extraction
from delib_extract.settings import Settings

TEXTS = [hostile.text_stream([f"Page {n} du recueil", f"mot{n}unique"]) for n in (1, 2, 3)]
PACKED = [zlib.compress(stream) for stream in TEXTS]
BROTLI = b"/BrotliDecode"
# Words of the libraries that must never reach a person (PDFium's « Success » above all).
LIBRARY_WORDS = ("PDFium:", "Success", "error", "Error", "Failed", "Traceback", "pdfminer.")

# name → (bytes, status, reason: the start of documents.error, or None; the unread pages)
DAMAGED = {
    "page non objet.pdf": (hostile.raw_pdf(TEXTS, broken={2: b"42"}), "partial", None, {2}),
    "page tableau.pdf": (hostile.raw_pdf(TEXTS, broken={3: b"[1 2 3]"}), "partial", None, {3}),
    "coupé.pdf": (hostile.cut_in_stream(hostile.raw_pdf(TEXTS), 1), "failed",
                  "fichier tronqué : fin du PDF absente", set()),
    "page brotli.pdf": (hostile.raw_pdf([TEXTS[0], PACKED[1], TEXTS[2]], filters={1: BROTLI}),
                        "partial", None, {2}),
    "tout brotli.pdf": (hostile.raw_pdf(PACKED, filters=dict.fromkeys(range(3), BROTLI)),
                        "failed", "aucune page lisible : filtre de compression non pris en "
                        "charge (BrotliDecode)", set()),
    "xref décalée.pdf": (hostile.shifted(hostile.raw_pdf(TEXTS)), "ok", None, set()),
    "sans catalogue.pdf": (hostile.lost_root(hostile.raw_pdf(TEXTS)), "ok", None, set()),
    "kids sans tableau.pdf": (hostile.kids_not_an_array(hostile.raw_pdf(TEXTS)), "ok", None,
                              set()),
    "chiffré.pdf": (hostile.encrypted_pdf("secret"), "failed",
                    "PDF chiffré : mot de passe requis pour l'ouvrir", set()),
    "page web.pdf": (b"<!DOCTYPE html><html><body>Erreur 404</body></html>", "failed",
                     "pas un fichier PDF : page web (HTML)", set()),
}  # fmt: skip
PAGE_REASONS = {
    "page non objet.pdf": "page 2 illisible : objet de page invalide",
    "page tableau.pdf": "page 3 illisible : objet de page invalide",
    "page brotli.pdf": "page 2 illisible : filtre de compression non pris en charge (BrotliDecode)",
}
SECOND_ENGINE = {  # read by pdfminer: why PDFium did not
    "xref décalée.pdf": "en-tête PDF précédé de 2048 octets étrangers",
    "sans catalogue.pdf": failures.DAMAGED,
    "kids sans tableau.pdf": "aucune page lisible : objet de page invalide",
}


@pytest.fixture(scope="module")
def damaged_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("damaged")
    for name, (data, *_) in DAMAGED.items():
        hostile.write(folder, name, data)
    return folder


@pytest.fixture(scope="module")
def ingested(damaged_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """`delib-extract ingest` on the folder, as a person runs it."""
    work = tmp_path_factory.mktemp("damaged-db")
    done = subprocess.run(
        [sys.executable, "-m", "delib_extract", "ingest", str(damaged_dir),
         "--db", str(work / "d.db"), "--archive", str(work / "raw"), "--jobs", "2"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return done, work / "d.db"


def _rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql).fetchall()


@pytest.mark.slow  # forks extractions under their limits
def test_every_damaged_file_has_its_status_and_reason(ingested: tuple) -> None:
    done, db_path = ingested
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1  # some documents failed: said, not raised
    rows = {
        name: (status, error, count)
        for name, status, error, count in _rows(
            db_path, "select original_name, status, error, page_count from documents"
        )
    }
    assert set(rows) == set(DAMAGED)
    for name, (_, status, reason, _) in DAMAGED.items():
        assert rows[name][0] == status, (name, rows[name])
        if reason:
            assert rows[name][1] == reason, (name, rows[name])
        if status != "failed":
            assert rows[name][2] == 3, (name, rows[name])  # every page counted
    for name, (_, error, _) in rows.items():
        assert not any(word in (error or "") for word in LIBRARY_WORDS), (name, error)
    # The person running the command reads each problem on one line, in French.
    for name, reason in PAGE_REASONS.items():
        assert f"partial: {name}: {failures.sentence(reason)}" in done.stderr, done.stderr
    assert "failed: coupé.pdf: fichier tronqué : fin du PDF absente" in done.stderr


@pytest.mark.slow  # the folder ingested by the command
def test_a_lost_page_costs_that_page_only(ingested: tuple) -> None:
    """The other pages are stored and searchable; the lost one is a row that says why,
    and a `checks` row of kind `extraction` names it."""
    _, db_path = ingested
    pages = _rows(
        db_path,
        "select d.original_name, p.page_number, p.method, p.text, p.note from pages p "
        "join documents d on d.sha256 = p.document_sha256",
    )
    checks = _rows(
        db_path,
        "select d.original_name, c.kind, c.severity, c.page, c.message from checks c "
        "join documents d on d.sha256 = c.document_sha256",
    )
    for name, (_, _, _, lost) in DAMAGED.items():
        if not lost:
            continue
        stored = {number: (method, text, note) for n, number, method, text, note in pages
                  if n == name}  # fmt: skip
        assert set(stored) == {1, 2, 3}
        for number in {1, 2, 3} - lost:
            assert stored[number][:2] == ("text", f"Page {number} du recueil\nmot{number}unique")
        (number,) = lost
        assert stored[number] == ("none", "", PAGE_REASONS[name])
        mine = [c[1:] for c in checks if c[0] == name]
        assert mine == [("extraction", "error", number, failures.sentence(PAGE_REASONS[name]))]
        found = _rows(
            db_path,
            "select p.page_number from pages_fts join pages p on p.rowid = pages_fts.rowid "
            "join documents d on d.sha256 = p.document_sha256 "
            f"where pages_fts match 'mot1unique' and d.original_name = '{name}'",
        )
        assert found == [(1,)], name


@pytest.mark.slow  # the folder ingested by the command
def test_a_file_pdfium_refuses_is_read_by_pdfminer(ingested: tuple) -> None:
    _, db_path = ingested
    info = dict(
        _rows(
            db_path,
            "select d.original_name, c.message from checks c join documents d "
            "on d.sha256 = c.document_sha256 where c.severity = 'info'",
        )
    )
    pages = _rows(
        db_path,
        "select d.original_name, p.page_number, p.method, p.text from pages p "
        "join documents d on d.sha256 = p.document_sha256",
    )
    for name, refused in SECOND_ENGINE.items():
        assert info[name] == f"Lu par pdfminer : PDFium ne le lit pas ({refused}).", name
        assert [p[1:] for p in pages if p[0] == name] == [
            (n, "text", f"Page {n} du recueil\nmot{n}unique") for n in (1, 2, 3)
        ]


def test_a_cp_deliberation_keeps_all_its_records(sample_pdf: Path, tmp_path: Path) -> None:
    """A broken page that holds no table, inserted before, inside and after the
    deliberation, its annex and its report: every record is read (on the pages
    shifted by one), and the document is `partial` because of that page alone."""
    sound = extract_pdf(sample_pdf)
    count = sound.page_count
    for after in range(count + 1):
        path = hostile.write(
            tmp_path, "délib.pdf", hostile.insert_broken_page(sample_pdf.read_bytes(), after)
        )
        for engine in ("pdfium", "pdfplumber"):
            damaged = extract_pdf(path, Settings(geometry_engine=engine))
            assert damaged.status == "partial" and damaged.page_count == count + 1
            assert _records(damaged, after + 1) == _records(sound), (after, engine)
            assert [(c.severity, c.page, c.message) for c in damaged.checks] == [
                ("error", after + 1, f"Page {after + 1} illisible : objet de page invalide.")
            ]


def test_a_cp_deliberation_pdfium_refuses(sample_pdf: Path, tmp_path: Path) -> None:
    """Cross-references off by the bytes in front of the header: pdfminer repairs them
    (it scans the file) and reads the same records, geometry included."""
    sound = extract_pdf(sample_pdf)
    path = hostile.write(tmp_path, "décalé.pdf", hostile.shifted(sample_pdf.read_bytes(), 3000))
    damaged = extract_pdf(path)
    assert (damaged.status, damaged.kind, damaged.page_count) == ("ok", "cp_deliberation", 4)
    # pdfminer orders the text of a table cell's lines otherwise: articles compared by
    # what the records keep of them.
    keep = {"articles": ("number", "amount", "budget_kind", "applies", "page")}
    assert _records(damaged, keep=keep) == _records(sound, keep=keep)
    assert [c.severity for c in damaged.all_checks()] == ["info"]


def _records(result: Extraction, lost_page: int | None = None, keep: dict | None = None) -> dict:
    """Every record list as JSON, the page numbers as in the sound document."""
    fields = ("sitting", "info", "attendance", "votes", "proxies", "articles",
              "budget_lines", "report_lines", "grants", "grant_totals", "citations")  # fmt: skip
    (decision,) = result.decisions
    out = {}
    for name in fields:
        source = result if name == "sitting" else decision
        value = json.loads(json.dumps(_plain(getattr(source, name)), default=str))
        out[name] = _unshift(value, lost_page)
        if keep and name in keep:
            out[name] = [{k: v for k, v in item.items() if k in keep[name]} for item in value]
    return out


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value


def _unshift(value: object, lost_page: int | None) -> object:
    """Page numbers as without the lost page (a section that runs over it may end on it)."""
    if lost_page is None:
        return value
    if isinstance(value, list):
        return [_unshift(v, lost_page) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if "page" in key.split("_") and isinstance(item, int):
            after = item > lost_page or (item == lost_page and key == "page_end")
            out[key] = item - 1 if after else item
        else:
            out[key] = _unshift(item, lost_page)
    return out


def test_a_page_whose_drawing_pdfminer_cannot_read(tmp_path: Path) -> None:
    """With pdfplumber reading the tables' geometry, a page PDFium reads but pdfminer
    does not (PDFium decodes a chain of filters up to the one it does not know) keeps
    its text; only its tables are lost, and said so."""
    chained = {1: b"[/FlateDecode /BrotliDecode]"}
    path = hostile.write(
        tmp_path, "chaîne.pdf", hostile.raw_pdf([TEXTS[0], PACKED[1]], filters=chained)
    )
    with PdfSource(path, Settings(geometry_engine="pdfplumber")) as source:
        assert [r.text for r in source.raw_pages()][1] == "Page 2 du recueil\nmot2unique"
        assert source.layout(1).words and not source.layout(2).words
        assert source.page_errors == {
            2: "page 2 : tableaux illisibles (dessin de la page illisible)"
        }


def test_a_readable_file_whose_end_is_missing(tmp_path: Path) -> None:
    """PDFium reads what is left of a download cut short: kept, and said incomplete."""
    cut = hostile.raw_pdf(TEXTS)[: -len(b"%%EOF\n")]
    result = extract_pdf(hostile.write(tmp_path, "fin coupée.pdf", cut))
    assert (result.status, result.page_count) == ("partial", 3)
    assert [(c.kind, c.severity, c.page, c.message) for c in result.checks] == [
        ("extraction", "error", None, "Fichier tronqué : fin du PDF absente. "
         "Seules les pages d'avant la coupure sont lues.")
    ]  # fmt: skip


@pytest.mark.slow  # forks extractions under their limits
def test_the_second_engine_keeps_the_time_and_memory_limits(tmp_path: Path) -> None:
    """pdfminer reads within the same per-document limits: a stream that inflates to
    4 GB is « mémoire dépassée », 40 pages of tiny words are « délai dépassé »."""
    words = hostile.text_stream([f"w{i}" for i in range(3000)], size=0.5, top=830)
    for data, settings, reason in (
        (
            hostile.shifted(hostile.inflating_pdf(4 << 30)),
            Settings(memory_limit_mb=1024, time_limit_s=60),
            "mémoire dépassée (limite de 1024 Mo par document)",
        ),
        (
            hostile.shifted(hostile.raw_pdf([words], [0] * 40)),
            Settings(memory_limit_mb=1024, time_limit_s=2),
            "délai dépassé (limite de 2 s par document)",
        ),
    ):
        result = extract_limited(str(hostile.write(tmp_path, "lourd.pdf", data)), settings)
        assert (result.status, result.error) == ("failed", reason)


def test_pdfium_s_stale_error_code_is_not_believed(tmp_path: Path) -> None:
    """PDFium sets no error code when a catalog has no page tree, and leaves the last one
    as it was: after an encrypted file, such a file is not said to need a password."""
    encrypted = hostile.write(tmp_path, "chiffré.pdf", hostile.encrypted_pdf("secret"))
    lost = hostile.write(tmp_path, "perdu.pdf", hostile.lost_page_tree(hostile.raw_pdf(TEXTS)))
    no_page = hostile.raw_pdf(TEXTS, broken=dict.fromkeys((1, 2, 3), b"42"))
    nothing = hostile.write(tmp_path, "rien.pdf", hostile.lost_page_tree(no_page))
    for _ in range(2):  # the same answers whatever came before
        assert extract_pdf(encrypted).error == failures.ENCRYPTED
        read = extract_pdf(lost)
        assert read.status == "ok" and read.page_count == 3
        assert [c.message for c in read.checks] == [
            f"Lu par pdfminer : PDFium ne le lit pas ({failures.DAMAGED})."
        ]
        assert extract_pdf(encrypted).error == failures.ENCRYPTED
        assert extract_pdf(nothing).error == failures.DAMAGED


def test_a_scanned_page_of_a_file_pdfium_refuses(tmp_path: Path) -> None:
    """OCR renders with PDFium: the scanned pages of a file only pdfminer reads are lost,
    and said so; its text pages are kept."""
    scanned = pdfgen.build_pdf(pdfgen.sample_spec(), tmp_path / "scan.pdf", scan=("1",))
    path = hostile.write(tmp_path, "décalé.pdf", hostile.shifted(scanned.read_bytes()))
    with PdfSource(path) as source:
        raws = source.raw_pages()
        assert source.engine == "pdfminer"
        assert source.page_errors == {
            1: "page 1 illisible : page scannée, que l'OCR ne peut lire sans PDFium"
        }
        assert raws[0].text == "" and all(r.text for r in raws[1:])


# -- the reasons, from bytes and codes (pure) ------------------------------------------


@pytest.mark.parametrize(
    ("head", "tail", "reason"),
    [
        (b"", b"", "fichier vide (0 octet)"),
        (b"%PDF-1.7\n1 0 obj", b"endobj\nxref\n0 3\n", "fichier tronqué : fin du PDF absente"),
        (b"%PDF-1.4\n", b"startxref\n9\n%%EOF", None),
        (b"PK\x03\x04\x14\x00", b"", "pas un fichier PDF : archive ZIP (document Word, "
                                    "LibreOffice ou Excel récent ?)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", b"", "pas un fichier PDF : document Office ancien "
                                          "(Word ou Excel .doc/.xls ?)"),
        (b"  <html lang='fr'>", b"</html>", "pas un fichier PDF : page web (HTML)"),
        (b"\xff\xd8\xff\xe0", b"", "pas un fichier PDF : image JPEG"),
        (b"\x00\x01garbage", b"", "pas un fichier PDF (aucun en-tête « %PDF »)"),
        (b"1 0 obj\n<< >>", b"%%EOF", "en-tête PDF absent"),
        (b"x" * 1500 + b"%PDF-1.4", b"%%EOF", "en-tête PDF précédé de 1500 octets étrangers"),
        (b"x" * 500 + b"%PDF-1.4", b"%%EOF", None),  # PDFium looks in the first KiB
    ],
)  # fmt: skip
def test_what_the_bytes_say(head: bytes, tail: bytes, reason: str | None) -> None:
    assert failures.from_bytes(head, tail) == reason


def test_no_pdfium_code_reaches_a_person() -> None:
    for code in (None, *range(-1, 12)):
        reason = failures.from_pdfium(code)
        assert reason and not any(word in reason for word in LIBRARY_WORDS), (code, reason)


def test_unknown_filters() -> None:
    data = (
        b"<< /Length 5 /Filter /BrotliDecode >>\n<< /Filter [ /FlateDecode /DCT ] >>"
        b"<< /Filter [/AHx /Brotli#44ecode /JBIG2Decode] /Length 9 >><< /Filter/Fl/Length 1 >>"
    )
    assert failures.unknown_filters(data) == ["BrotliDecode"]
    assert failures.unknown_filters(b"<< /Filter /LZWDecode >> /Filter 12 0 R") == []
    assert failures.unsupported_filter(["BrotliDecode", "/ZstdDecode"]) == (
        "filtre de compression non pris en charge (BrotliDecode, ZstdDecode)"
    )


def test_a_document_none_of_whose_pages_can_be_read() -> None:
    bad = failures.page_unreadable
    assert failures.no_page_read({1: bad(1, "objet de page invalide")}) == "objet de page invalide"
    assert failures.no_page_read({1: bad(1, "a"), 2: bad(2, "a")}) == "aucune page lisible : a"
    assert failures.no_page_read({1: bad(1, "a"), 2: bad(2, "b")}) == (
        "aucune page lisible : a ; b"
    )
    assert failures.sentence("page 3 illisible : objet de page invalide") == (
        "Page 3 illisible : objet de page invalide."
    )
