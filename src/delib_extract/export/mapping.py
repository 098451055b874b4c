"""The user's mapping file: beneficiary name → SIRET and/or RNA.

A CSV (comma or semicolon, UTF-8, a spreadsheet's BOM tolerated) with a header
naming the columns ``beneficiaire``, ``siret`` and ``rna`` (``nomBeneficiaire``,
``idBeneficiaire`` and ``rnaBeneficiaire`` are accepted too); lines starting with
``#`` are comments. Names match the Annexe 4 structures whatever their accents,
case, spacing and punctuation (:func:`delib_extract.text.normalise.loose_key`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from delib_extract.export.config import ConfigError
from delib_extract.text.normalise import loose_key

_SIRET_RE = re.compile(r"^\d{14}$")
_RNA_RE = re.compile(r"^W\d{9}$")


@dataclass(frozen=True)
class Identifier:
    key: str  # loose_key of the name
    name: str  # as written in the mapping file
    siret: str | None
    rna: str | None


def load_mapping(path: str | Path | None) -> dict[str, Identifier]:
    """Read and check the mapping file: loose key → identifiers. No file, no identifiers."""
    if path is None:
        return {}
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"fichier de correspondance illisible : {path} ({exc.strerror})"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} : encodage non UTF-8") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if _is_data(line)]
    if not lines:
        raise ConfigError(f"{path} : fichier vide")
    delimiter = ";" if lines[0][1].count(";") > lines[0][1].count(",") else ","
    rows = csv.reader(io.StringIO("\n".join(line for _, line in lines)), delimiter=delimiter)
    header = [_column(cell) for cell in next(rows)]
    if "name" not in header or not {"siret", "rna"} & set(header):
        raise ConfigError(f"{path} : en-tête attendu : beneficiaire,siret,rna")
    found: dict[str, Identifier] = {}
    for (number, _), cells in zip(lines[1:], rows):
        values = dict(zip(header, cells))
        entry = _identifier(path, number, values)
        if entry is None:
            continue
        previous = found.get(entry.key)
        if previous and (previous.siret, previous.rna) != (entry.siret, entry.rna):
            raise ConfigError(
                f"{path} ligne {number} : « {entry.name} » a déjà d'autres identifiants "
                f"(« {previous.name} »)"
            )
        found[entry.key] = entry
    return found


def _column(label: str) -> str:
    """The column a header label names (``Nom du bénéficiaire``, ``SIRET``, ``rnaBeneficiaire``)."""
    key = loose_key(label)
    if "siret" in key or key == "idbeneficiaire":
        return "siret"
    if "rna" in key:
        return "rna"
    return "name" if "benef" in key or key in ("nom", "structure") else ""


def _is_data(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _identifier(path: Path, number: int, values: dict[str, str]) -> Identifier | None:
    name = " ".join(values.get("name", "").split())
    siret = re.sub(r"[\s.]", "", values.get("siret", "")) or None
    rna = values.get("rna", "").strip().upper() or None
    if not name and not siret and not rna:
        return None
    where = f"{path} ligne {number}"
    if not loose_key(name):
        raise ConfigError(f"{where} : nom de bénéficiaire vide")
    if siret and not _SIRET_RE.match(siret):
        raise ConfigError(f"{where} : SIRET « {siret} » invalide (14 chiffres attendus)")
    if rna and not _RNA_RE.match(rna):
        raise ConfigError(f"{where} : RNA « {rna} » invalide (W suivi de 9 chiffres attendu)")
    if not siret and not rna:
        raise ConfigError(f"{where} : « {name} » sans SIRET ni RNA")
    return Identifier(loose_key(name), name, siret, rna)
