"""The command line, end to end, with click's CliRunner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from delib_extract.cli import main

COMMANDS = sorted(main.commands)  # every command, those added later included


def test_every_documented_command_is_there() -> None:
    documented = {"ingest", "rebuild", "fetch", "extract", "serve", "check", "export"}
    assert documented <= set(COMMANDS)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help(command: str | None) -> None:
    """``--help`` of every command: its usage, its summary, each of its options."""
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, prog_name="delib-extract")
    assert result.exit_code == 0, result.output
    usage = f"Usage: delib-extract {command} " if command else "Usage: delib-extract [OPTIONS]"
    assert usage in result.output
    group_or_command = main.commands[command] if command else main
    summary = " ".join((group_or_command.help or "").split("\n\n")[0].split())
    assert summary and summary in " ".join(result.output.split())
    for param in group_or_command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.opts[-1] in result.output, f"{command}: {param.name} not in --help"
    if command is None:
        assert all(name in result.output for name in COMMANDS)


def _ingest(work: Path, *sources: str | Path) -> Result:
    """``delib-extract ingest`` of files, folders and options into ``work/d.db`` (archive
    ``work/raw``), one document at a time."""
    args = [str(s) for s in sources]
    db_args = ["--db", str(work / "d.db"), "--archive", str(work / "raw"), "--jobs", "1"]
    return CliRunner().invoke(main, ["ingest", *args, *db_args])


def test_ingest_then_reingest_duplicates_nothing(pdf_dir: Path, tmp_path: Path) -> None:
    first = _ingest(tmp_path, pdf_dir)
    assert first.exit_code == 0, first.output
    assert "3 ok, 0 partial, 0 failed" in first.output
    with sqlite3.connect(tmp_path / "d.db") as db:
        counts = [
            db.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("documents", "deliberations", "attendance", "grants", "votes")
        ]
    again = _ingest(tmp_path, pdf_dir, "--force")
    assert again.exit_code == 0, again.output
    with sqlite3.connect(tmp_path / "d.db") as db:
        assert counts == [
            db.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("documents", "deliberations", "attendance", "grants", "votes")
        ]
    archived = sorted(p.name for p in (tmp_path / "raw").glob("*.pdf"))
    assert archived == sorted(p.name for p in pdf_dir.glob("*.pdf"))


def test_same_name_other_bytes_never_overwrites(pdf_dir: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "cp.pdf").write_bytes((pdf_dir / "seed_like.pdf").read_bytes())
    (second / "cp.pdf").write_bytes((pdf_dir / "rejected.pdf").read_bytes())
    result = _ingest(tmp_path, first, second)
    assert result.exit_code == 0, result.output
    kept = sorted((tmp_path / "raw").glob("*.pdf"))
    assert len(kept) == 2
    assert {p.read_bytes() for p in kept} == {
        (first / "cp.pdf").read_bytes(),
        (second / "cp.pdf").read_bytes(),
    }


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "vide"),
        ("notes.pdf", b"Ceci n'est pas un PDF, juste du texte.\n" * 20, "PDF"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
)
def test_bad_input_is_recorded_not_raised(
    name: str, content: bytes, reason: str, sample_pdf: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    (folder / "good.pdf").write_bytes(sample_pdf.read_bytes())
    result = _ingest(tmp_path, folder)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "1 ok, 0 partial, 1 failed" in result.output
    with sqlite3.connect(tmp_path / "d.db") as db:
        rows = dict(
            db.execute(
                "select original_name, status || ': ' || coalesce(error, '') from documents"
            ).fetchall()
        )
        assert db.execute("select count(*) from deliberations").fetchone()[0] == 1
    assert rows["good.pdf"].startswith("ok")
    assert rows[name].startswith("failed") and reason in rows[name]


def test_a_pdf_that_is_not_a_deliberation(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "in" / "menu.pdf"
    path.parent.mkdir()
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Menu de la cantine : lundi, frites.")
    canvas.save()
    result = _ingest(tmp_path, path.parent)
    assert result.exit_code == 0
    assert "1 with no decision to read" in result.output
    with sqlite3.connect(tmp_path / "d.db") as db:
        kind, text = db.execute(
            "select kind, p.text from documents d join pages p on p.document_sha256 = d.sha256"
        ).fetchone()
    assert kind == "other" and "cantine" in text


def test_extract_prints_json(sample_pdf: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(sample_pdf)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (decision,) = data["decisions"]
    assert decision["info"]["number"] == "2023-499"
    assert decision["grants"][0]["amount"] == "22991.90"


def test_serve_without_database_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
