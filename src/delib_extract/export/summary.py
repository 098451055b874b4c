"""What the terminal shows of an export: a summary, never one line per row.

An SCDL export of a year of grants without a mapping file printed about 1 200 lines
(one per missing identifier). The summary gives the rows, the configuration used, the
derived values, what was left out and what to check, then the missing values counted
per field (with their reason) and the validation errors counted per field and kind;
the list line by line is the ``--report`` CSV.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

SHOWN = 5  # rows named in a line before « … »
KINDS_SHOWN = 5  # kinds of validation error listed


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f", … ({len(names) - SHOWN} de plus)" if len(names) > SHOWN else "")


def scdl_lines(export, rows: int, config_source: str, report: Path | None) -> list[str]:
    lines = [f"  configuration : {config_source}"]
    if export.derived:
        derived = " ; ".join(f"{rule} : {n}" for rule, n in sorted(export.derived.items()))
        lines.append(f"  valeurs dérivées — {derived}")
    if export.excluded:
        numbers = [note.split(" : ", 1)[0] for note in export.excluded]
        lines.append(f"  non exportées (rejetées) : {len(numbers)} — {_some(numbers)}")
    lines += [
        f"  à vérifier — {note} : {len(names)} ({_some(names)})"
        for note, names in export.warnings.items()
    ]
    return lines + missing_lines(export.issues, rows, report)


def missing_lines(issues: list, rows: int, report: Path | None) -> list[str]:
    """The missing values counted per field, with their reason."""
    lines = [f"valeurs obligatoires manquantes : {len(issues)}"]
    by_field: dict[str, list] = defaultdict(list)
    for issue in issues:
        by_field[issue.field].append(issue)
    for name, found in sorted(by_field.items()):
        reasons = Counter(issue.reason for issue in found).most_common()
        reason = reasons[0][0]
        if len(reasons) > 1:
            reason += f" (et {len(reasons) - 1} autre(s) raison(s))"
        lines.append(f"  {name} : {len(found)} ligne(s) sur {rows} — {reason}")
    if issues:
        where = str(report) if report else "--report FICHIER.csv"
        lines.append(f"  liste ligne par ligne : {where}")
    return lines


def validation_lines(label: str, errors: list) -> list[str]:
    """The validation errors counted per field and kind."""
    lines = [f"validation ({label}) : {len(errors)} erreur(s)"]
    kinds = Counter((error.field or "-", error.kind) for error in errors).most_common()
    lines += [f"  {name} : {kind} — {n} fois" for (name, kind), n in kinds[:KINDS_SHOWN]]
    if len(kinds) > KINDS_SHOWN:
        lines.append(f"  … et {len(kinds) - KINDS_SHOWN} autre(s) sorte(s) d'erreur")
    return lines
