"""What the PDFs do not say, from the export configuration file (TOML, French keys).

See ``examples/scdl-config.toml`` for every key, documented. Values are checked
here, once, against the SCDL formats: a mistake is one clear message naming the
file and the key, never a file that fails validation later.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from delib_extract.errors import DelibExtractError
from delib_extract.text.normalise import loose_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# ACTES nomenclature: highest level-2 code of each level-1 matter (SCDL Délibérations).
ACTES_LAST_CODE = {1: 7, 2: 3, 3: 6, 4: 5, 5: 8, 6: 5, 7: 10, 8: 9, 9: 4}
AID_NATURES = (
    "aide en numéraire",
    "aide en nature",
    "aide en numéraire;aide en nature",
    "aide en nature;aide en numéraire",
)
CONVENTION_DATE_RULES = ("deliberation",)  # the deliberation's date stands for it
PAYMENT_PERIOD_RULES = ("exercice",)  # 1 January – 31 December of the deliberation's year
_SIRET_RE = re.compile(r"^\d{14}$")
_PREF_RE = re.compile(r"^(?:PREF\d{2}[\dAB]|SPREF\d{2}[\dAB]\d|SGAR\d{2}[\dAB])$")


class ConfigError(DelibExtractError):
    """The export configuration or the mapping file is wrong (file, key, why)."""


@dataclass(frozen=True)
class MatterRule:
    """Deliberations whose title holds ``pattern``'s words, in order, get this ACTES matter."""

    pattern: str
    code: str
    name: str


@dataclass(frozen=True)
class ExportConfig:
    collectivity_name: str | None = None
    collectivity_siret: str | None = None
    matter_code: str | None = None
    matter_name: str | None = None
    matter_rules: tuple[MatterRule, ...] = ()
    budget_name: str | None = None
    prefecture_id: str | None = None
    aid_nature: str | None = None
    payment_conditions: str | None = None
    eu_notification: bool | None = None
    convention_date: str | None = None
    default_payment_period: str | None = None
    aid_scheme: str | None = None
    source: str = "(aucune configuration)"

    def settings(self) -> dict[str, str]:
        """The key/value pairs the SQL views read (``export_settings``), set values only."""
        values = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name in ("matter_rules", "source") or value is None:
                continue
            if isinstance(value, bool):
                value = "oui" if value else "non"
            values[field.name] = value
        return values


# (TOML table, key) → ExportConfig field.
KEYS = {
    ("collectivite", "nom"): "collectivity_name",
    ("collectivite", "siret"): "collectivity_siret",
    ("deliberations", "matiere_code"): "matter_code",
    ("deliberations", "matiere_nom"): "matter_name",
    ("deliberations", "budget_nom"): "budget_name",
    ("deliberations", "pref_id"): "prefecture_id",
    ("subventions", "nature"): "aid_nature",
    ("subventions", "conditions_versement"): "payment_conditions",
    ("subventions", "notification_ue"): "eu_notification",
    ("subventions", "date_convention"): "convention_date",
    ("subventions", "periode_versement_par_defaut"): "default_payment_period",
    ("subventions", "dispositif_aide"): "aid_scheme",
}
RULES_KEY = ("deliberations", "matiere_par_objet")


def load_config(path: str | Path | None) -> ExportConfig:
    """Read and check the configuration file; no file gives an empty configuration."""
    if path is None:
        return ExportConfig()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"configuration illisible : {path} ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} : TOML invalide ({exc})") from None
    values: dict[str, object] = {"source": str(path)}
    for table, content in data.items():
        if not isinstance(content, dict):
            raise ConfigError(f"{path} : « {table} » doit être une table [{table}]")
        for key, value in content.items():
            if (table, key) == RULES_KEY:
                values["matter_rules"] = _rules(path, value)
            elif (table, key) in KEYS:
                values[KEYS[table, key]] = _value(path, f"{table}.{key}", value)
            else:
                raise ConfigError(f"{path} : clé inconnue [{table}] {key}")
    if isinstance(values.get("collectivity_siret"), str):
        # "226 200 012 00012" as copied from the SIRENE directory
        values["collectivity_siret"] = re.sub(r"[\s.]", "", values["collectivity_siret"])
    config = ExportConfig(**values)  # type: ignore[arg-type]
    _check(config)
    return config


def _value(path: Path, name: str, value: object) -> str | bool | None:
    if name == "subventions.notification_ue":
        if isinstance(value, bool) or value in ("oui", "non"):
            return value is True or value == "oui"
        raise ConfigError(f'{path} : {name} : true ou false (ou "oui" / "non")')
    if not isinstance(value, str):
        raise ConfigError(f"{path} : {name} doit être une chaîne de caractères")
    return " ".join(value.split()) or None


def _rules(path: Path, value: object) -> tuple[MatterRule, ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{path} : [[deliberations.matiere_par_objet]] attend une liste")
    rules = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) != {"objet_contient", "code", "nom"}:
            raise ConfigError(
                f"{path} : règle de matière n°{number} : il faut objet_contient, code et nom"
            )
        rule = MatterRule(str(item["objet_contient"]), str(item["code"]), str(item["nom"]))
        if not loose_key(rule.pattern):
            raise ConfigError(f"{path} : règle de matière n°{number} : objet_contient vide")
        _check_matter(path, rule.code, rule.name, f"règle de matière n°{number}")
        rules.append(rule)
    return tuple(rules)


def _check(config: ExportConfig) -> None:
    where = config.source
    if config.collectivity_siret is not None and not _SIRET_RE.match(config.collectivity_siret):
        raise ConfigError(f"{where} : [collectivite] siret : 14 chiffres attendus")
    if (config.matter_code is None) != (config.matter_name is None):
        raise ConfigError(f"{where} : matiere_code et matiere_nom vont ensemble")
    if config.matter_code is not None:
        _check_matter(Path(where), config.matter_code, config.matter_name or "", "[deliberations]")
    _check_choice(where, "pref_id", config.prefecture_id, _PREF_RE.match)
    _check_choice(where, "nature", config.aid_nature, AID_NATURES.__contains__)
    _check_choice(
        where, "date_convention", config.convention_date, CONVENTION_DATE_RULES.__contains__
    )
    _check_choice(
        where,
        "periode_versement_par_defaut",
        config.default_payment_period,
        PAYMENT_PERIOD_RULES.__contains__,
    )
    if config.payment_conditions is not None and len(config.payment_conditions) > 256:
        raise ConfigError(f"{where} : conditions_versement : 256 caractères au plus")


def _check_choice(where: str, key: str, value: str | None, accept) -> None:
    if value is not None and not accept(value):
        raise ConfigError(f"{where} : {key} : valeur non admise « {value} »")


def _check_matter(path: Path, code: str, name: str, where: str) -> None:
    match = re.match(r"^(\d)\.(\d{1,2})$", code)
    if not match or not 1 <= int(match.group(2)) <= ACTES_LAST_CODE.get(int(match.group(1)), 0):
        raise ConfigError(f"{path} : {where} : code de matière ACTES inconnu « {code} »")
    if not name.strip():
        raise ConfigError(f"{path} : {where} : nom de matière vide")
