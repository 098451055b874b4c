"""SCDL export settings for the tests: the example configuration, a mapping of the
fixture structures to identifiers INVENTED for the tests (SIRET 00000…, RNA W00000…:
no real body), and a database with both recorded (``export --store``)."""

from __future__ import annotations

import io
from pathlib import Path

from delib_extract.export import run_export
from support import ROOT

CONFIG = ROOT / "examples" / "scdl-config.toml"
MAPPING = """# identifiants inventés pour les tests
beneficiaire;siret;rna
Cias de Fauquembergues;000000001 00017;
ccas de pont-à-vendin;00000000200016;
Mission Locale de l’Artois;00000000300015;W000000003
SIAO 62;00000000400014;
association les petits pas;;W000000005
CCAS D'ARRAS;00000000600012;
ADIL 62;00000000700011;
"""
MATTER_RULE = """
[[deliberations.matiere_par_objet]]
objet_contient = "Inclusion durable 2024"
code = "8.2"
nom = "domaines de compétences par thèmes/aide sociale"
"""


def write_settings(folder: Path) -> tuple[Path, Path]:
    """(configuration with one matter rule, mapping) written in ``folder``."""
    config, mapping = folder / "scdl-config.toml", folder / "beneficiaires.csv"
    config.write_text(CONFIG.read_text(encoding="utf-8") + MATTER_RULE, encoding="utf-8")
    mapping.write_text(MAPPING, encoding="utf-8")
    return config, mapping


def store_settings(db_path: Path, folder: Path) -> None:
    """Record them in the database, as an open-data officer publishing the site would."""
    config, mapping = write_settings(folder)
    run_export(
        "scdl-subventions", db_path, io.BytesIO(), config_path=config, mapping_path=mapping,
        store=True,
    )  # fmt: skip
