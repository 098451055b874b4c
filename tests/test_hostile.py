"""Hostile files: each is archived (or refused with a reason) and recorded with a status;
per-document time and memory limits keep the batch going, in every executor."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from support import hostile, pdfgen

from delib_extract import ingest
from delib_extract.ingest.archive import Archive
from delib_extract.ingest.limits import extract_limited
from delib_extract.settings import Settings

pytestmark = pytest.mark.slow  # forked extractions killed by their limits, in every executor

# The inflating PDF needs > 4 GB: 1 GB is plenty for everything else here.
LIMITED = Settings(memory_limit_mb=1024, time_limit_s=120)
EXPECTED = {  # file name → (status, doc_type, start of the reason)
    "vide.pdf": ("failed", "unreadable", "fichier vide (0 octet)"),
    "aléatoire.pdf": ("failed", "unreadable", "pas un fichier PDF (aucun en-tête « %PDF »)"),
    "tronqué.pdf": ("failed", "unreadable", "fichier tronqué : fin du PDF absente"),
    "chiffré avec mot de passe.pdf": ("failed", "unreadable", "PDF chiffré : mot de passe requis"),
    "chiffré sans mot de passe.pdf": ("ok", "other", "aucune décision à lire"),
    "gonfle en gigaoctets.pdf": ("failed", "unreadable", "mémoire dépassée (limite de 1024 Mo"),
    "2000 pages.pdf": ("ok", "prefecture_act", "aucune décision à lire"),
    "100000 mots.pdf": ("ok", "other", "aucune décision à lire"),
    "nom bizarre \ufffd.pdf": ("failed", "unreadable", "pas un fichier PDF"),
    " délib été 2023 (copie) .pdf": ("ok", "cp_deliberation", None),
    # « Pour : 100000000000000000000 voix »: more than SQLite's INTEGER holds.
    "voix innombrables.pdf": ("failed", "unreadable", "chargement impossible: OverflowError"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory, sample_pdf: Path) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write = hostile.write
    write(folder, "vide.pdf", b"")
    write(folder, "aléatoire.pdf", hostile.random_bytes())
    write(folder, "tronqué.pdf", hostile.truncated(sample_pdf.read_bytes()))
    write(folder, "chiffré avec mot de passe.pdf", hostile.encrypted_pdf("secret"))
    write(folder, "chiffré sans mot de passe.pdf", hostile.encrypted_pdf(""))
    write(folder, "gonfle en gigaoctets.pdf", hostile.inflating_pdf(4 << 30))
    write(folder, "2000 pages.pdf", hostile.many_pages_pdf(2000))
    write(folder, "100000 mots.pdf", hostile.many_words_pdf(100_000))
    write(folder, b"nom bizarre \xff.pdf", hostile.random_bytes(64))
    (folder / "sous-dossier").mkdir()
    write(folder / "sous-dossier", " délib été 2023 (copie) .pdf", sample_pdf.read_bytes())
    vote = {**pdfgen.sample_spec()["vote"], "pour": 10**20}
    pdfgen.build_pdf(
        pdfgen.sample_spec(numero="2023-777", vote=vote), folder / "voix innombrables.pdf"
    )
    os.mkfifo(folder / "tube.pdf")  # a FIFO named .pdf: reading it would never end
    return folder


@pytest.fixture(scope="module")
def hostile_db(hostile_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    work = tmp_path_factory.mktemp("hostile-db")
    dotted = hostile_dir / "sous-dossier" / ".." / "sous-dossier"  # a path through `..`
    paths = [*sorted(hostile_dir.glob("*.pdf")), dotted]
    report = ingest(paths, work / "d.db", work / "raw", jobs=2, settings=LIMITED)
    return report, work / "d.db", work / "raw"


def test_every_hostile_file_is_recorded_with_a_status(hostile_db: tuple) -> None:
    report, db_path, _ = hostile_db
    with sqlite3.connect(db_path) as db:
        rows = {
            name: (status, doc_type, error)
            for name, status, doc_type, error in db.execute(
                "select original_name, status, doc_type, error from documents"
            )
        }
    assert set(rows) == set(EXPECTED)
    for name, (status, doc_type, reason) in EXPECTED.items():
        assert rows[name][:2] == (status, doc_type), (name, rows[name])
        assert (rows[name][2] or "").startswith(reason or ""), (name, rows[name])
    assert (report.ok, report.failed, report.refused) == (4, 7, 1)
    assert (Path(report.problems[0][0]).name, report.problems[0][1]) == (
        "tube.pdf",
        "pas un fichier ordinaire",
    )


def test_pages_of_the_big_documents_are_kept(hostile_db: tuple) -> None:
    _, db_path, _ = hostile_db
    with sqlite3.connect(db_path) as db:
        counts = dict(
            db.execute(
                "select d.original_name, count(p.page_number) from documents d "
                "left join pages p on p.document_sha256 = d.sha256 group by d.sha256"
            )
        )
        longest = db.execute("select max(length(text)) from pages").fetchone()[0]
        found = db.execute(
            "select count(*) from pages_fts where pages_fts match 'w99999'"
        ).fetchone()[0]
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    assert counts["2000 pages.pdf"] == 2000
    assert counts["100000 mots.pdf"] == 1
    assert longest <= Settings().max_text_chars_per_page
    assert found in (0, 1)  # the 100,000th word may lie beyond the per-page cap: no error


def test_names_stay_inside_the_archive(hostile_db: tuple, sample_pdf: Path, tmp_path: Path) -> None:
    _, db_path, raw = hostile_db
    with sqlite3.connect(db_path) as db:
        paths = [row[0] for row in db.execute("select path from documents")]
    for path in paths:
        assert (raw / path).resolve().is_relative_to(raw.resolve()), path
        assert (raw / path).is_file()
    assert "délib été 2023 (copie) .pdf" in paths  # spaces and accents kept
    assert "nom bizarre \ufffd.pdf" in paths  # bytes that are not UTF-8 replaced
    archive = Archive(tmp_path / "raw")
    entry = archive.add(sample_pdf, original_name="../../../tmp/évasion ../x.pdf")
    assert entry.path == "x.pdf" and (tmp_path / "raw" / "x.pdf").is_file()
    dotted = archive.add(hostile.write(tmp_path, "a.pdf", b"%PDF-1"), original_name="..")
    assert dotted.path == "document.pdf"


def _three_documents(folder: Path) -> list[Path]:
    """One that inflates to 4 GB, one far too slow (40 pages of 100,000 words), one tiny."""
    stream = hostile.many_words_pdf(100_000)
    slow = hostile.raw_pdf([_content_of(stream)], [0] * 40)
    return [
        hostile.write(folder, "bombe.pdf", hostile.inflating_pdf(4 << 30)),
        hostile.write(folder, "lent.pdf", slow),
        hostile.write(folder, "petit.pdf", hostile.raw_pdf([hostile.text_stream(["Bonjour"])])),
    ]


def _content_of(pdf: bytes) -> bytes:
    start = pdf.index(b"stream\n") + len(b"stream\n")
    return pdf[start : pdf.index(b"\nendstream")]


@pytest.mark.parametrize("executor", ["serial", "pool", "dask"])
def test_time_and_memory_limits_in_every_executor(executor: str, tmp_path: Path) -> None:
    files = _three_documents(tmp_path)
    settings = Settings(memory_limit_mb=1024, time_limit_s=4)
    options: dict = {"jobs": 1 if executor == "serial" else 2, "settings": settings}
    started = time.monotonic()
    if executor == "dask":
        distributed = pytest.importorskip("distributed")
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            report = ingest(files, tmp_path / "d.db", tmp_path / "raw", executor="dask",
                            scheduler=cluster.scheduler_address, **options)  # fmt: skip
    else:
        report = ingest(files, tmp_path / "d.db", tmp_path / "raw", **options)
    assert time.monotonic() - started < 60
    with sqlite3.connect(tmp_path / "d.db") as db:
        rows = dict(db.execute("select original_name, coalesce(error, status) from documents"))
    assert rows["bombe.pdf"].startswith("mémoire dépassée (limite de 1024 Mo par document)")
    assert rows["lent.pdf"] == "délai dépassé (limite de 4 s par document)"
    assert rows["petit.pdf"].startswith("aucune décision à lire")  # the rest of the batch
    assert (report.ok, report.failed) == (1, 2)


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        (signal.SIGKILL, "extraction interrompue : processus tué (SIGKILL"),
        (signal.SIGSEGV, "extraction interrompue : le lecteur PDF s'est arrêté brutalement"),
    ],
)
def test_a_killed_or_crashed_extraction_is_one_failed_document(
    sent: signal.Signals, reason: str, tmp_path: Path
) -> None:
    """The OOM killer, or a crash in a PDF library: what the process reports."""
    slow = _three_documents(tmp_path)[1]
    before = {child.pid for child in psutil.Process().children()}
    results: list = []
    worker = threading.Thread(
        target=lambda: results.append(extract_limited(str(slow), Settings(time_limit_s=60)))
    )
    worker.start()
    child = None
    for _ in range(200):
        children = [c for c in psutil.Process().children() if c.pid not in before]
        if children:
            child = children[0]
            break
        time.sleep(0.02)
    assert child is not None
    time.sleep(0.2)
    os.kill(child.pid, sent)
    worker.join(30)
    assert results and results[0].status == "failed"
    assert results[0].error.startswith(reason)


def test_a_memory_limit_reached_in_python_code(sample_pdf: Path) -> None:
    """No more than a fresh process uses (reading a document takes less than a few MB
    beyond, now that it imports nothing late): a MemoryError in Python code, a module
    imported late that cannot be mapped, an abort: each is « mémoire dépassée ». (In a
    fresh process: this one's heap has room to spare inside its address space.)"""
    script = (
        "import os, sys\n"
        "from delib_extract.ingest.limits import extract_limited\n"
        "from delib_extract.settings import Settings\n"
        "used = int(open('/proc/self/statm').read().split()[0]) * os.sysconf('SC_PAGE_SIZE')\n"
        "cap = used >> 20\n"
        "result = extract_limited(sys.argv[1], Settings(memory_limit_mb=cap))\n"
        "print(cap, result.status, result.error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(sample_pdf)], capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    cap, status, error = done.stdout.strip().split(" ", 2)
    assert status == "failed"
    assert error.startswith(f"mémoire dépassée (limite de {cap} Mo par document)")


def test_the_extract_command_keeps_the_same_limits(tmp_path: Path) -> None:
    """`delib-extract extract` on one hostile PDF: a JSON « failed » with the reason and
    exit code 1 — not a shell that swaps for minutes."""
    bomb, slow, _ = _three_documents(tmp_path)
    for pdf, options, reason in (
        (bomb, ["--memory-limit", "1024"], "mémoire dépassée (limite de 1024 Mo par document)"),
        (slow, ["--time-limit", "3"], "délai dépassé (limite de 3 s par document)"),
    ):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "delib_extract", "extract", str(pdf), *options],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert time.monotonic() - started < 60
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        data = json.loads(done.stdout)
        assert data["status"] == "failed" and data["error"].startswith(reason), data["error"]
