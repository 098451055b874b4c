"""Grant attribution tables as other authorities print them (a city council's
« Attributions de subventions »): numbered captions, one ruled table per theme with a
« Total » row, a table that runs on over a page break without repeating its header, a
structure printed once in a cell merged down three lines. Invented names and amounts.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from support.pdfgen import BODY, FONT, euros

HEADER = ["Code", "Structure", "Nature", "Nom du projet", "Montant"]
WIDTHS = [40, 190, 45, 180, 60]

# (caption, lines: (code, structure, nature, project, amount)); a None structure: the
# line belongs to the merged cell above it.
THEMES: list[tuple[str, list[tuple[str, str | None, str, str, Decimal]]]] = [
    ("1) Attributions de subventions dans le cadre de la culture :", [
        ("101", "COMPAGNIE DU PONT NEUF", "P", "FESTIVAL DES RUES", Decimal("1500")),
        ("102", "ATELIER DES ARTS ET DES LETTRES DE LA VALLEE", "F", "", Decimal("2000")),
        ("103", "CHORALE SAINT-EXUPERY", "P", "CONCERT DE PRINTEMPS 2024", Decimal("750.50")),
    ]),
    ("2) Attributions de subventions dans le cadre du sport :", [
        (str(200 + n), f"CLUB SPORTIF NUMERO {n}", "F", "", Decimal(100 * n)) for n in range(1, 31)
    ]),
    ("3) Attributions de subventions dans le cadre de la solidarité :", [
        ("301", "RESTAURANT DU COEUR DE LA VALLEE", "F", "AIDE ALIMENTAIRE", Decimal("5000")),
        ("", None, "P", "MARAUDES D'HIVER", Decimal("1200")),
        ("", None, "P", "JARDIN PARTAGE", Decimal("800")),
    ]),
]  # fmt: skip


def build_attributions_pdf(path: Path, wrong_total: bool = False) -> Path:
    """The deliberation's text, then the three themes' tables. ``wrong_total``: the
    second theme prints a Total 100 € short (the audit's case)."""
    flow: list = [
        Paragraph("Extrait du registre des délibérations du Conseil Municipal", BODY),
        Paragraph("Attributions de subventions - Exercice 2024", BODY),
        Spacer(1, 8),
        Paragraph("Il est proposé d'allouer aux associations les subventions suivantes.", BODY),
    ]
    for number, (caption, lines) in enumerate(THEMES, start=1):
        total = sum(line[4] for line in lines) - (100 if wrong_total and number == 2 else 0)
        flow += [Spacer(1, 10), Paragraph(caption, BODY), Spacer(1, 4), _table(lines, total)]
    flow += [Spacer(1, 10), Paragraph("Le Conseil adopte à l'unanimité.", BODY)]
    SimpleDocTemplate(str(path), pagesize=A4).build(flow)
    return path


def _table(lines: list, total: Decimal) -> Table:
    data = [HEADER]
    spans = []
    named = 1  # the row of the last structure printed
    for code, structure, nature, project, amount in lines:
        if structure is None:  # merged with the lines above: code and structure printed once
            spans += [("SPAN", (0, named), (0, len(data))), ("SPAN", (1, named), (1, len(data)))]
            data.append(["", "", nature, project, euros(amount)])
        else:
            named = len(data)
            data.append([code, Paragraph(structure, BODY), nature, project, euros(amount)])
    data.append(["", "", "", "Total", euros(total)])
    table = Table(data, colWidths=WIDTHS, repeatRows=0)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *spans,
    ]))  # fmt: skip
    return table
