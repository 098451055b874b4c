"""Build CP deliberation PDFs for the tests, with reportlab, in the real documents' wording.

A *spec* is a dict in the shape of the evaluation truth files (``numero``, ``date``,
``presents``, ``vote``, ``imputations``, ``annexe4``…), so a test knows exactly what
extraction must give back. :func:`sample_spec` returns a small, complete one;
:func:`build_pdf` renders a spec as the signed deliberation, the Annexe 4 table and
the president's report.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.frames import Frame

rl_config.invariant = 1  # same spec, same bytes: stable hashes in tests and samples

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]  # fmt: skip


def _font() -> tuple[str, str]:
    """DejaVu when the system has it (accents, €), else Helvetica."""
    for regular, bold in [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ]:  # fmt: skip
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("DV", regular))
            pdfmetrics.registerFont(TTFont("DVB", bold))
            return "DV", "DVB"
    return "Helvetica", "Helvetica-Bold"


FONT, BOLD = _font()
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, alignment=TA_JUSTIFY)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER, fontName=BOLD)
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9)
CELL_CENTER = ParagraphStyle("cellc", parent=CELL, alignment=TA_CENTER)
HEAD = ParagraphStyle("head", parent=CELL_CENTER, fontName=BOLD, fontSize=6.5, leading=8)


@dataclass(frozen=True)
class PdfLayout:
    """How a spec is printed: the layout variations real CP documents come in.

    The defaults print the clean layout (every table ruled, landscape annex pages
    stored upright, text everywhere)."""

    annex_rules: str = "grid"  # grid | none | header (header cells boxed) | horizontal
    budget_rules: str = "grid"
    shading: bool = True  # header background (and nothing else) filled
    valign: str = "MIDDLE"  # MIDDLE | TOP
    captions: bool = False  # "THEMATIQUE n : name" above each annex table
    repeat_header: bool = True  # a table split over pages repeats its header
    annex_break: str | None = None  # first annex table: "total_alone" | "row_cut"
    annex_widths: tuple[float, ...] = (58, 88, 160, 261, 70, 88)
    cell_font_size: float = 7.5
    margin_mm: float = 10  # landscape annex pages
    amount_style: str = "plain"  # budget tables: plain | nbsp | nnbsp | dots | euro | int
    hyphen_wrap: bool = False  # a territory broken after its first hyphen (LENS-/LIEVIN)
    annex_rotate: int = 0  # 90 | 270: annex pages stored portrait with /Rotate
    scan: tuple = ()  # "deliberation", "annex" (its first page) or page numbers
    padding: float | None = None  # cell padding (pt); None: reportlab's 6/3
    blank_territory_header: bool = False  # TERRITOIRE(S) label left blank after table 1
    total_shading: bool = False  # TOTAL rows filled grey (no rule drawn)
    omit: tuple = ()  # sections left out: "annex" (Annexe 4 pages), "budget" (Article 8 table)


DEFAULT_LAYOUT = PdfLayout()


def person(civility: str, first: str, last: str) -> dict:
    return {"civilite": civility, "prenom": first, "nom": last}


def sample_spec(**overrides) -> dict:
    """A small deliberation with every section, in the wording of n°2023-499."""
    spec = {
        "numero": "2023-499",
        "date": "2023-11-20",
        "objet": "APPEL À PROJET DES POLITIQUES D'INCLUSION DURABLE 2023 - PHASE 6",
        "president": "Jean-Claude LEROY",
        "secretaire": "Maryse DELASSUS",
        "presents": [
            person("M.", "Jean-Claude", "LEROY"),
            person("Mme", "Mireille", "HINGREZ-CÉRÉDA"),
            person("M.", "Daniel", "MACIEJASZ"),
            person("Mme", "Maryse", "DELASSUS"),
            person("Mme", "Bénédicte", "MESSEANNE-GROBELNY"),
            person("M.", "Laurent", "DUPORGE"),
            person("Mme", "Fatima", "AIT-CHIKHEBBIH"),
            person("M.", "Ludovic", "PAJOT"),
        ],
        "excuses": [person("M.", "Pierre", "GEORGET"), person("Mme", "Stéphanie", "RIGAUX")],
        "sans_voix_presents": [
            person("M.", "Jean-Louis", "COTTIGNY"),
            person("M.", "Bertrand", "PETIT"),
        ],
        "sans_voix_excuses": [person("M.", "Michel", "DAGBERT")],
        "non_participants": [
            person("Mme", "Fatima", "AIT-CHIKHEBBIH"),
            person("Mme", "Mireille", "HINGREZ-CEREDA"),
            person("M.", "Laurent", "DUPORGE"),
        ],
        "non_participants_debat": [person("M.", "Jean-Louis", "COTTIGNY")],
        "vote": {
            "pour": 4,
            "contre": 0,
            "abstention": 1,
            "adopte": True,
            "unanimite": False,
            "groupes": {
                "pour": ["Groupe Socialiste, Républicain et Citoyen", "Non-inscrit"],
                "contre": [],
                "abstention": ["Groupe Rassemblement National"],
            },
        },
        "citations": [
            (
                "2023-259",
                "12/06/2023",
                "Commission Permanente",
                "Appels à projets des politiques d’inclusion durable 2023 – Phase 2",
            )
        ],
        "recettes": [
            {
                "section": "Fonctionnement",
                "code_operation": "C02-428N01",
                "imputation": "74713/93428",
                "libelle": "Fonds d'appui à la lutte contre la pauvreté et l'accès à l'emploi",
                "montant": 40000.0,
            },
        ],
        "imputations": [
            {
                "code_operation": "C01-444H02",
                "imputation": "6568/93444",
                "libelle": "Appui au parcours intégré 2021-2027",
                "ae": 7298182.0,
                "montant": 74991.9,
            },
            {
                "code_operation": "C02-428B04",
                "imputation": "6568/93428",
                "libelle": "Politique inclusive en faveur du logement",
                "ae": 2870691.0,
                "montant": 26449.0,
            },
        ],
        "themes": [
            {"numero": 2, "nom": "Développement des compétences et accès à l’emploi", "annexe": 1},
            {"numero": 3, "nom": "Accès au logement et accompagnement budgétaire", "annexe": 2},
        ],
        "annexe4_numero": 4,
        "annexe4": [
            _grant(
                2,
                "Actions d'insertion innovantes",
                "Audomarois",
                "CIAS DE FAUQUEMBERGUES",
                "Accompagnement de 20 participants - opération du 01/10/23 au 30/06/24",
                "22 991,90 €",
                "Convention type",
            ),
            _grant(
                2,
                "Actions d'insertion innovantes",
                "Lens Liévin",
                "CCAS DE PONT A VENDIN",
                "Accompagnement de 10 participants - opération du 01/12/23 au 31/05/24",
                "5 000,00 €",
                "Convention type",
            ),
            _grant(
                2,
                "Accompagner autrement",
                "Artois",
                "MISSION LOCALE DE L'ARTOIS",
                "Accompagnement de 22 participants - opération du 01/12/23 au 30/11/24",
                "47 000,00 €",
                "Convention annexe 6",
            ),
            _grant(
                3,
                "Equipes mobiles de prévention des expulsions",
                "BOULONNAIS MONTREUILLOIS AUDOMAROIS",
                "SIAO 62",
                "Renforcement des moyens des équipes mobiles de prevention des expulsions "
                "locatives pour des interventions dès le commandement de payer",
                "26 449",
                "Convention type",
            ),
        ],
        "rapport": {"numero": "40"},
    }
    spec.update(copy.deepcopy(overrides))
    return spec


def _grant(
    theme: int,
    operation: str,
    territory: str,
    structure: str,
    description: str,
    amount: str,
    agreement: str,
) -> dict:
    return {"thematique_num": theme, "operation": operation, "territoire": territory,
            "structure": structure, "description": description, "montant_str": amount,
            "montant": float(_parse(amount)), "convention": agreement}  # fmt: skip


def _parse(text: str) -> Decimal:
    digits = text.replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return Decimal(digits.replace(".", "").replace(",", "."))


def euros(value: float | Decimal, sign: bool = True) -> str:
    quantised = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, cents = f"{quantised:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{cents}" + (" €" if sign else "")


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def _names(people: Sequence[dict]) -> str:
    return ", ".join(f"{p['civilite']} {p['prenom']} {p['nom']}" for p in people)


def _group_names(people: Sequence[dict]) -> str:
    names = [f"{p['prenom']} {p['nom']}" for p in people]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def _recusal_sentence(people: Sequence[dict]) -> str:
    women = [p for p in people if p["civilite"] == "Mme"]
    men = [p for p in people if p["civilite"] != "Mme"]
    parts = []
    if women:
        parts.append(("Mesdames " if len(women) > 1 else "Madame ") + _group_names(women))
    if men:
        parts.append(("Messieurs " if len(men) > 1 else "Monsieur ") + _group_names(men))
    plural = len(people) > 1
    return (" ainsi que ".join(parts) + (", intéressés à l'affaire, n'ont pris part ni au débat "
            "ni au vote." if plural else ", intéressé à l'affaire, n'a pris part ni au débat ni "
            "au vote."))  # fmt: skip


class VerticalText(Flowable):
    """Text written bottom to top, as the merged OPERATION cells of Annexe 4."""

    def __init__(self, text: str, size: float = 7.0, width: float = 38):
        super().__init__()
        self.lines = _wrap(text, 22)
        self.size = size
        self.width = width
        self.height = max(len(t) for t in self.lines) * size * 0.55

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(BOLD, self.size)
        canvas.rotate(90)
        for index, line in enumerate(self.lines):
            canvas.drawCentredString(
                self.height / 2,
                -self.width / 2 - (index - len(self.lines) / 2 + 0.8) * (self.size + 1),
                line,
            )
        canvas.restoreState()


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _grid(
    data,
    widths,
    spans=(),
    header_rows=1,
    ruled=True,
    *,
    rules: str | None = None,
    layout: PdfLayout = DEFAULT_LAYOUT,
    split_in_row: bool = False,
) -> Table:
    repeat = header_rows if layout.repeat_header else 0
    table = Table(data, colWidths=widths, repeatRows=repeat, splitInRow=int(split_in_row))
    style = [
        ("VALIGN", (0, 0), (-1, -1), layout.valign),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), layout.cell_font_size),
        *spans,
    ]
    if layout.shading:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.8, 0.87, 0.94)))
    if layout.padding is not None:
        style += [
            (side, (0, 0), (-1, -1), layout.padding)
            for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        ]
    if layout.total_shading:
        style += [
            ("BACKGROUND", (0, row), (-1, row), colors.Color(0.85, 0.85, 0.85))
            for row, cells in enumerate(data)
            if cells and cells[0] == "TOTAL"
        ]
    rules = rules if rules is not None else ("grid" if ruled else "none")
    black = colors.black
    style += {
        "grid": [("GRID", (0, 0), (-1, -1), 0.5, black)],
        "header": [("GRID", (0, 0), (-1, header_rows - 1), 0.5, black)],
        "horizontal": [("LINEBELOW", (0, 0), (-1, -1), 0.5, black),
                       ("LINEABOVE", (0, 0), (-1, 0), 0.5, black)],
        "none": [],
    }[rules]  # fmt: skip
    table.setStyle(TableStyle(style))
    return table


def _annex_tables(spec: dict, ruled: bool, layout: PdfLayout = DEFAULT_LAYOUT) -> list:
    flow: list = []
    themes = spec["themes"]
    cell = ParagraphStyle("c", parent=CELL, fontSize=layout.cell_font_size,
                          leading=layout.cell_font_size * 1.2)  # fmt: skip
    centred = ParagraphStyle("cc", parent=cell, alignment=TA_CENTER)
    right = ParagraphStyle("r", parent=cell, alignment=2)
    rules = layout.annex_rules if ruled else "none"
    for theme in themes:
        lines = [g for g in spec["annexe4"] if g["thematique_num"] == theme["numero"]]
        if not lines:
            continue
        first_table = not any(isinstance(f, Table) for f in flow)
        territory = "" if layout.blank_territory_header and not first_table else "TERRITOIRE(S)"
        data = [[Paragraph(h, HEAD) for h in ("OPERATION", territory, "STRUCTURE",
                 "DESCRIPTION ACTION / COMPLEMENT D'INFORMATION", "MONTANT RETENU",
                 "Avenant/convention")]]  # fmt: skip
        spans = []
        cut_wanted = first_table and layout.annex_break == "row_cut"
        cut_at: int | None = None
        operations: list[str] = []
        for g in lines:
            if g["operation"] not in operations:
                operations.append(g["operation"])
        theme_total = Decimal(0)
        for operation in operations:
            rows = [g for g in lines if g["operation"] == operation]
            first = len(data)
            for index, g in enumerate(rows):
                structure, rest = g["structure"], ""
                # Reportlab breaks a table only outside row spans: cut the last row of
                # an operation, its second half below the span.
                last = index == len(rows) - 1
                if cut_at is None and cut_wanted and len(structure.split()) >= 6 and last:
                    words = structure.split()
                    structure, rest = " ".join(words[:3]), " ".join(words[3:])
                data.append(
                    [
                        VerticalText(operation) if index == 0 else "",
                        Paragraph(_territory(g["territoire"], layout), cell),
                        Paragraph(structure, cell),
                        Paragraph(g["description"], cell),
                        Paragraph(g["montant_str"], right),
                        Paragraph(g["convention"], centred),
                    ]
                )
            spans.append(("SPAN", (0, first), (0, len(data) - 1)))
            if rest:  # the rest of the cell, on the next page (a row cut by the break)
                cut_at = len(data)
                data.append(["", "", Paragraph(rest, cell), "", "", ""])
                rest = ""
            total = sum((Decimal(str(g["montant"])) for g in rows), Decimal(0))
            total = Decimal(str(spec.get("operation_totals", {}).get(operation, total)))
            theme_total += total
            data.append(["TOTAL", "", "", "", euros(total), ""])
            spans += [
                ("SPAN", (0, len(data) - 1), (3, len(data) - 1)),
                ("ALIGN", (0, len(data) - 1), (3, len(data) - 1), "RIGHT"),
            ]
        theme_total = Decimal(str(spec.get("theme_totals", {}).get(theme["numero"], theme_total)))
        data.append(["TOTAL", "", "", "", euros(theme_total), ""])
        spans += [
            ("SPAN", (0, len(data) - 1), (3, len(data) - 1)),
            ("ALIGN", (0, len(data) - 1), (3, len(data) - 1), "RIGHT"),
        ]
        if layout.captions:
            flow.append(Paragraph(f"THEMATIQUE {theme['numero']} : {theme['nom']}", BODY))
            flow.append(Spacer(1, 4))
        table = _grid(data, list(layout.annex_widths), spans, rules=rules, layout=layout)
        if first_table and layout.annex_break:
            at = cut_at if cut_at is not None else len(data) - 1
            flow.append(_break_spacer(table, layout, sum(_height(f) for f in flow), at))
        flow += [table, Spacer(1, 12)]
    return flow


def _territory(text: str, layout: PdfLayout) -> str:
    """Break a multi-territory cell after its first hyphen, as office exports do."""
    if layout.hyphen_wrap and "-" in text:
        head, tail = text.split("-", 1)
        return f"{head}-<br/>{tail}"
    return text


ANNEX_TITLE_SPACE = 10


def _height(flowable) -> float:
    _, height = flowable.wrap(landscape(A4)[0], landscape(A4)[1])
    return height


def _break_spacer(table: Table, layout: PdfLayout, used: float, at: int) -> Spacer:
    """Room left so that the page breaks the table just before row ``at``: the theme
    TOTAL alone on the next page, or the second half of a cut row."""
    land = landscape(A4)
    frame_width = land[0] - 2 * layout.margin_mm * mm - 12
    available = land[1] - 2 * layout.margin_mm * mm - 12 - used - _annex_title_height()
    table.wrap(frame_width, land[1])
    keep = sum(table._rowHeights[:at]) + 1
    return Spacer(1, max(available - keep, 0))


def _annex_title_height() -> float:
    return ANNEX_TITLE_SPACE + _height(
        Paragraph("Annexe", ParagraphStyle("t", parent=CENTER, fontSize=11))
    )


def printed_amount(value: float | Decimal, style: str, sign: bool) -> str:
    """An amount as one of the printed forms of the real documents."""
    plain = euros(value, sign=False)
    printed = {
        "plain": plain,
        "nbsp": plain.replace(" ", "\u00a0"),
        "nnbsp": plain.replace(" ", "\u202f"),
        "dots": plain.replace(" ", "."),
        "euro": f"€ {plain}",
        "int": plain[:-3] if plain.endswith(",00") else plain,
    }[style]
    return f"{printed} €" if sign and style != "euro" else printed


def _budget_table(
    lines: Sequence[dict], revenue: bool, layout: PdfLayout = DEFAULT_LAYOUT
) -> Table:
    style = layout.amount_style
    if revenue:
        head = [
            "Section",
            "Code opération",
            "Imputation Budgétaire",
            "Libellé de l'opération",
            "Recette €",
        ]
        body = [
            [
                g.get("section", "Fonctionnement"),
                g["code_operation"],
                g["imputation"],
                Paragraph(g["libelle"], CELL_CENTER),
                printed_amount(g["montant"], style, sign=True),
            ]
            for g in lines
        ]
        widths = [80, 70, 70, 140, 80]
    else:
        head = ["Code Opération", "Imputation budgétaire", "Libellé Opération", "AE €", "Dépense €"]
        body = [
            [
                g["code_operation"],
                g["imputation"],
                Paragraph(g["libelle"], CELL_CENTER),
                printed_amount(g["ae"], style, sign=False),
                printed_amount(g["montant"], style, sign=False),
            ]
            for g in lines
        ]
        widths = [72, 75, 130, 90, 90]
    data = [[Paragraph(h, HEAD) for h in head], *body]
    return _grid(data, widths, rules=layout.budget_rules, layout=layout)


def _deliberation_flow(spec: dict, layout: PdfLayout = DEFAULT_LAYOUT) -> list:
    p = [Paragraph(t, CENTER) for t in (
        "DEPARTEMENT DU PAS-DE-CALAIS", "DELIBERATION DE LA COMMISSION PERMANENTE",
        "DU CONSEIL DEPARTEMENTAL", f"REUNION DU {long_date(spec['date']).upper()}",
        f"PRESIDENCE DE MONSIEUR {spec['president'].upper()}")]  # fmt: skip
    secretary = spec["secretaire"]
    flow: list = [*p, Spacer(1, 8), Paragraph(f"Secrétaire : Mme {secretary}", BODY), Spacer(1, 6)]
    for label, key in (
        ("Étaient présents", "presents"),
        ("Excusé(s)", "excuses"),
        ("Assistant également sans voix délibérative", "sans_voix_presents"),
        ("Excusé(s) sans voix délibérative", "sans_voix_excuses"),
    ):
        if spec.get(key):
            flow += [Paragraph(f"{label} : {_names(spec[key])}.", BODY), Spacer(1, 4)]
    if spec.get("pouvoirs"):  # [(giver, holder)], printed as "Pouvoirs : M. A à M. B."
        pairs = ", ".join(f"{_names([a])} à {_names([b])}" for a, b in spec["pouvoirs"])
        flow += [Paragraph(f"Pouvoirs : {pairs}.", BODY), Spacer(1, 4)]
    flow += [
        Spacer(1, 6),
        Paragraph(spec["objet"], CENTER),
        Spacer(1, 4),
        Paragraph(f"(N°{spec['numero']})", CENTER),
        Spacer(1, 8),
        Paragraph("La Commission Permanente du Conseil départemental du Pas-de-Calais,", BODY),
        Paragraph(
            "Vu le Code Général des Collectivités Territoriales et, notamment, ses "
            "articles L.3121-14, L.3121-14-1, L.3211-1 et L.3211-2 ;",
            BODY,
        ),
    ]
    for number, date, body, title in spec.get("citations", []):
        flow.append(
            Paragraph(f"Vu la délibération n°{number} de la {body} du {date} « {title} » ;", BODY)
        )
    flow += [
        Paragraph("Vu le rapport du Président du Conseil départemental, ci-annexé ;", BODY),
        Spacer(1, 6),
    ]
    if spec.get("non_participants"):
        flow.append(Paragraph(_recusal_sentence(spec["non_participants"]), BODY))
    for who in spec.get("non_participants_debat", []):
        flow.append(
            Paragraph(
                f"Monsieur {who['prenom']} {who['nom']}, intéressé à l’affaire et "
                "invité sans voix délibérative, n’a pas pris part au débat.",
                BODY,
            )
        )
    flow += [
        Spacer(1, 6),
        Paragraph("Après en avoir délibéré,", BODY),
        Paragraph("DECIDE :", CENTER),
        Spacer(1, 6),
    ]
    return flow + _articles_flow(spec, layout)


def _articles_flow(spec: dict, layout: PdfLayout = DEFAULT_LAYOUT) -> list:
    flow: list = []
    number = 0
    annex = spec.get("annexe4_numero", 4)

    def article(text: str) -> None:
        nonlocal number
        number += 1
        flow.extend(
            [
                Paragraph(f"<u>Article {number} :</u>", BODY),
                Spacer(1, 3),
                Paragraph(text, BODY),
                Spacer(1, 6),
            ]
        )

    if spec.get("recettes"):
        total = sum(Decimal(str(r["montant"])) for r in spec["recettes"])
        total = Decimal(str(spec.get("recette_article", total)))
        article(
            f"D’autoriser le Département à percevoir la recette de {euros(total, False)} "
            "euros correspondant à la participation de l’État."
        )
    for theme in spec["themes"]:
        lines = [g for g in spec["annexe4"] if g["thematique_num"] == theme["numero"]]
        total = sum((Decimal(str(g["montant"])) for g in lines), Decimal(0))
        total = Decimal(str(spec.get("article_amounts", {}).get(theme["numero"], total)))
        article(
            f"De valider le financement des opérations de la thématique {theme['numero']} "
            f"« {theme['nom']} » reprises en annexe {theme['annexe']}, pour un montant total "
            f"de {euros(total)}, ainsi que la répartition financière proposée en annexe "
            f"{annex} à la présente délibération."
        )
    if spec.get("recettes"):
        article(
            "La recette visée à l’article 1 de la présente délibération sera affectée au "
            "budget départemental comme suit :"
        )
        flow.insert(-1, _budget_table(spec["recettes"], revenue=True, layout=layout))
    if spec.get("imputations"):
        article(
            "Les dépenses versées en application des articles de la présente délibération "
            "sont imputées sur le budget départemental comme suit :"
        )
        if "budget" not in layout.omit:
            flow.insert(-1, _budget_table(spec["imputations"], revenue=False, layout=layout))
    return flow + _vote_flow(spec)


def _vote_flow(spec: dict) -> list:
    vote = spec["vote"]
    outcome = "(Adopté)" if vote["adopte"] else "(Rejeté)"
    if vote.get("pour") is None:
        lines = [Paragraph("Adopté à l’unanimité", CENTER)]
    else:
        lines = [Paragraph("Dans les conditions de vote ci-dessous :", BODY)]
        for label, key in (("Pour", "pour"), ("Contre", "contre"), ("Abstention", "abstention")):
            groups = vote.get("groupes", {}).get(key) or []
            suffix = f" ({' ; '.join(groups)})" if groups else ""
            lines.append(Paragraph(f"{label} : {vote[key]} voix{suffix}", BODY))
        lines += [Spacer(1, 4), Paragraph(outcome, CENTER)]
    return [
        *lines,
        Spacer(1, 10),
        Paragraph("LE PRESIDENT DU CONSEIL DEPARTEMENTAL,", CENTER),
        Paragraph(spec["president"], CENTER),
        Paragraph(f"ARRAS, le {long_date(spec['date'])}", CENTER),
    ]


def _report_flow(spec: dict) -> list:
    rapport = spec.get("rapport") or {}
    flow = [
        Paragraph("DEPARTEMENT DU PAS-DE-CALAIS", CENTER),
        Paragraph("Pôle Solidarités", BODY),
        Paragraph(f"RAPPORT N°{rapport.get('numero', '1')}", CENTER),
        Paragraph("COMMISSION PERMANENTE DU CONSEIL DEPARTEMENTAL", CENTER),
        Paragraph(f"REUNION DU {long_date(spec['date']).upper()}", CENTER),
        Paragraph(spec["objet"], CENTER),
        Spacer(1, 8),
        Paragraph("Il convient de statuer sur cette affaire.", BODY),
        Spacer(1, 6),
    ]
    # rapport["recettes"]: [{code_operation, imputation, libelle, inscrit, proposition, solde}]
    if rapport.get("recettes"):
        flow += [
            Paragraph("La recette indiquée au premier alinéa sera affectée au budget "
                      "départemental comme suit :", BODY),
            _report_revenue_table(rapport["recettes"]),
            Spacer(1, 6),
        ]  # fmt: skip
    if spec.get("imputations"):
        head = [
            "Code Opération",
            "Imputation Budgétaire",
            "Libellé Opération",
            "AE €",
            "Disponible €",
            "Proposition €",
            "Solde €",
        ]
        body = []
        # rapport["depenses"]: {code_operation: {ae, disponible, proposition, solde}} printed
        # instead of the figures derived from the Article 8 line.
        printed = rapport.get("depenses", {})
        for g in spec["imputations"]:
            available = Decimal(str(g["ae"])) / 2
            proposed = Decimal(str(g["montant"]))
            line = {"ae": g["ae"], "disponible": available, "proposition": proposed,
                    "solde": available - proposed}  # fmt: skip
            line.update(printed.get(g["code_operation"], {}))
            body.append(
                [
                    g["code_operation"],
                    g["imputation"],
                    Paragraph(g["libelle"], CELL),
                    euros(line["ae"], False),
                    euros(line["disponible"], False),
                    euros(line["proposition"], False),
                    euros(line["solde"], False),
                ]
            )
        flow += [Paragraph("Les dépenses seront imputées au budget départemental comme suit :",
                           BODY),
                 _grid([[Paragraph(h, HEAD) for h in head], *body],
                       [70, 60, 90, 65, 65, 65, 65])]  # fmt: skip
    flow += [Spacer(1, 8), Paragraph("Je vous prie de bien vouloir en délibérer.", BODY)]
    return flow


def _report_revenue_table(lines: Sequence[dict]) -> Table:
    head = ["Section", "Code opération", "Imputation Budgétaire", "Libellé de l'opération",
            "Inscrit", "Proposition d’inscription", "Solde €"]  # fmt: skip
    body = [
        [
            g.get("section", "Fonctionnement"),
            g["code_operation"],
            g["imputation"],
            Paragraph(g["libelle"], CELL_CENTER),
            euros(g["inscrit"]),
            euros(g["proposition"]),
            euros(g["solde"]),
        ]
        for g in lines
    ]
    return _grid([[Paragraph(h, HEAD) for h in head], *body], [80, 62, 62, 100, 60, 60, 58])


def build_pdf(
    spec: dict,
    path: str | Path,
    *,
    ruled: bool = True,
    layout: PdfLayout | None = None,
    **options,
) -> Path:
    """Render ``spec``: deliberation (portrait), Annexe 4 (landscape), report (portrait).

    ``layout`` (or its fields as keywords: ``annex_rules="none"``, ``annex_rotate=90``,
    ``scan=("deliberation",)``…) prints it as one of the real documents' variants."""
    layout = layout or PdfLayout(**options)
    path = Path(path)
    doc = BaseDocTemplate(str(path), pagesize=A4, title=spec["objet"], author="delib-extract tests")
    portrait = Frame(20 * mm, 15 * mm, A4[0] - 40 * mm, A4[1] - 30 * mm, id="p")
    land = landscape(A4)
    margin = layout.margin_mm * mm
    wide = Frame(margin, margin, land[0] - 2 * margin, land[1] - 2 * margin, id="l")

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        width = canvas._pagesize[0]
        canvas.drawCentredString(width / 2, 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    doc.addPageTemplates([
        PageTemplate("portrait", [portrait], pagesize=A4, onPage=footer),
        PageTemplate("landscape", [wide], pagesize=land, onPage=footer),
    ])  # fmt: skip
    annex = spec.get("annexe4_numero", 4)
    title = ParagraphStyle("t", parent=CENTER, fontSize=11)
    story = [
        *_deliberation_flow(spec, layout),
        NextPageTemplate("landscape"), PageBreak(),
        Paragraph(f"Annexe {annex} : APPEL A PROJETS DPID {spec['date'][:4]} - REPARTITION "
                  "FINANCIERE DES OPERATIONS", title), Spacer(1, ANNEX_TITLE_SPACE),
        *_annex_tables(spec, ruled=spec.get("ruled", True), layout=layout),
        NextPageTemplate("portrait"), PageBreak(),
        *_report_flow(spec),
    ]  # fmt: skip
    if "annex" in layout.omit:
        start = next(i for i, f in enumerate(story) if isinstance(f, NextPageTemplate))
        end = next(i for i, f in enumerate(story) if i > start and isinstance(f, NextPageTemplate))
        story[start:end] = []
    doc.build(story)
    if layout.annex_rotate or layout.scan:
        _store_as_printed(path, layout)
    return path


def page_roles(path: str | Path) -> dict[str, list[int]]:
    """1-based pages of a built PDF: ``deliberation``, ``annex`` (landscape), ``report``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    wide = []
    for index in range(len(pdf)):
        width, height = pdf.get_page_size(index)  # as displayed (/Rotate applied)
        if width > height:
            wide.append(index + 1)
    count = len(pdf)
    pdf.close()
    first, last = (wide[0], wide[-1]) if wide else (count + 1, count)
    return {
        "deliberation": list(range(1, first)),
        "annex": wide,
        "report": list(range(last + 1, count + 1)),
    }


def _store_as_printed(path: Path, layout: PdfLayout) -> None:
    from support.pdfpost import transform_pdf

    roles = page_roles(path)
    scan: set[int] = set()
    for item in layout.scan:
        if item == "deliberation":
            scan.update(roles["deliberation"])
        elif item == "annex":
            scan.update(roles["annex"][:1])
        else:
            scan.add(int(item))
    rotate = {n: layout.annex_rotate for n in roles["annex"]} if layout.annex_rotate else {}
    transform_pdf(path, rotate=rotate, scan=scan)
