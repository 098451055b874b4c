"""The publication as people reach it: `delib-extract serve` on a free port, for the
HTTP and browser tests; and a database with the same structures printed differently."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from support import pdfgen

# A later phase printing the same structures and territories otherwise, voted at the
# same sitting as n°2023-499, where Pierre GEORGET (excused for 2023-499) is present.
VARIANT_SPEC = pdfgen.sample_spec(
    numero="2023-612",
    date="2023-11-20",
    presents=[*pdfgen.sample_spec()["presents"], pdfgen.person("M.", "Pierre", "GEORGET")],
    excuses=[pdfgen.person("Mme", "Stéphanie", "RIGAUX")],
    objet="APPEL À PROJETS DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 7",
    annexe4=[
        pdfgen._grant(
            2, "Accompagner autrement", "LENS - LIEVIN, Artois", "Mission locale de l’Artois",
            "Accompagnement de 12 participants - opération du 01/01/24 au 31/12/24",
            "12 500,00 €", "Avenant n°1",
        ),
        pdfgen._grant(
            3, "Equipes mobiles de prévention des expulsions", "Lens-Liévin", "Siao 62",
            "Renforcement des équipes mobiles", "3 000,00 €", "Convention type",
        ),
    ],
    citations=[
        ("2023-499", "20/11/2023", "Commission Permanente",
         "Appel à projet des politiques d'inclusion durable 2023 – Phase 6"),
    ],
    rapport={"numero": "71"},
    operation_totals={"Accompagner autrement": 12000.0},  # printed wrong: the audit's case
)  # fmt: skip
# A proxy, for the proxies table and its pages: an excused member gives their vote.
VARIANT_SPEC["pouvoirs"] = [(VARIANT_SPEC["excuses"][0], VARIANT_SPEC["presents"][1])]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("content-type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("content-type", "")


@contextmanager
def running_site(db: Path, archive: Path, cwd: Path | None = None) -> Iterator[str]:
    """`delib-extract serve` as a user runs it (with the metadata shipped in the package;
    from ``cwd`` when given); yields its base URL, stops it after."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "delib_extract", "serve", "--db", str(db),
         "--archive", str(archive), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=5)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
