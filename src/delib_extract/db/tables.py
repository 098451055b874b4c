"""Every stored table of extracted data, declared once: columns (type, French
description, how a record fills it), keys, indexes, full-text search.

The schema (:func:`delib_extract.db.schema.ensure_tables`), the loader's rows
(:meth:`StoredTable.row`) and metadata.json's column descriptions (checked by a test)
all follow from these declarations. Derived columns are declared here too and filled
after each load by the module named in their description (never by the loader).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

Value = Callable[[Any, Mapping[str, Any]], Any]  # (record, load context) → stored value


@dataclass(frozen=True)
class Col:
    name: str
    type: type
    description: str  # French: what people read in Datasette
    # How the loader fills it: the record's attribute of that name by default, else the
    # load context's value of that name (deliberation_id, document_sha256…).
    value: Value | None = None
    derived: bool = False  # filled after the load (entities, periods), not from a record
    amount: bool = False  # euros: two decimals in exports, French format on the site


@dataclass(frozen=True)
class StoredTable:
    name: str
    title: str  # French
    description: str  # French
    columns: tuple[Col, ...]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()  # columns searched (French: accents ignored)

    @property
    def column_types(self) -> dict[str, type]:
        return {c.name: c.type for c in self.columns}

    def row(self, record: Any, context: Mapping[str, Any]) -> dict[str, Any]:
        """The row one record gives (derived columns left to their refresh)."""
        return {c.name: stored(_value(c, record, context)) for c in self.columns if not c.derived}


def _value(column: Col, record: Any, context: Mapping[str, Any]) -> Any:
    if column.value is not None:
        return column.value(record, context)
    if hasattr(record, column.name):
        return getattr(record, column.name)
    return context.get(column.name)


def stored(value: Any) -> Any:
    """A record's value as SQLite stores it: enums as their value, exact amounts as
    REAL (cents survive: a float holds 15 significant digits), flags as 0/1, lists as
    JSON."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple | list):
        return json.dumps([stored(v) for v in value], ensure_ascii=False)
    return value


def _ctx(name: str) -> Value:
    return lambda _record, context: context[name]


def _info(name: str) -> Value:
    return lambda decision, _context: getattr(decision.info, name)


def _sitting(name: str) -> Value:
    return lambda _decision, context: getattr(context["sitting"], name, None)


def _meta(name: str) -> Value:
    return lambda _result, context: getattr(context["meta"], name)


_DELIB = Col("deliberation_id", str, "Délibération.", _ctx("deliberation_id"))
_PAGE = Col("page", int, "Page du PDF.")
_TO_DELIB = (("deliberation_id", "deliberations", "id"),)
_OCR_ROW = "Confiance de l'OCR quand la ligne vient d'une page scannée."

DOCUMENTS = StoredTable(
    "documents",
    "Documents",
    "Chaque fichier PDF archivé (conservé à l'identique dans raw_pdfs/), avec le résultat "
    "de son extraction.",
    (
        Col("sha256", str, "Empreinte SHA-256 du fichier : son identifiant.", _meta("sha256")),
        Col("path", str, "Chemin du PDF dans l'archive raw_pdfs/.", _meta("path")),
        Col("original_name", str, "Nom du fichier tel qu'il a été fourni.",
            _meta("original_name")),
        Col("source_url", str, "Adresse d'où le PDF a été téléchargé, quand elle est connue.",
            _meta("source_url")),
        Col("size", int, "Taille du fichier, en octets.", _meta("size")),
        Col("page_count", int, "Nombre de pages."),
        Col("ingested_at", str, "Date et heure (UTC) du dernier chargement.", _ctx("now")),
        Col("extractor_version", str, "Version de l'extracteur qui a lu le document.",
            _ctx("extractor_version")),
        Col("status", str, "ok : tout lu ; partial : une section attendue manque (voir "
            "checks) ; failed : illisible."),
        Col("kind", str, "cp_deliberation : délibération de Commission Permanente ; council "
            ": délibération ou procès-verbal d'un autre conseil, lu par le lecteur général ; "
            "other : autre PDF lisible ; unreadable : illisible."),
        Col("error", str, "Raison, en une ligne, d'un échec (fichier vide, pas un PDF, "
            "chiffré, endommagé, délai ou mémoire dépassés) ou d'un classement « other »."),
        Col("seconds", float, "Durée de l'extraction, en secondes."),
        Col("retrieved_at", str, "Date et heure (UTC) du téléchargement ou, pour un fichier "
            "local, de son entrée dans l'archive.", _meta("retrieved_at")),
        Col("etag", str, "Étiquette ETag envoyée par le serveur avec ce fichier (pour les "
            "requêtes conditionnelles).", _meta("etag")),
        Col("last_modified", str, "Date Last-Modified envoyée par le serveur avec ce "
            "fichier, telle quelle.", _meta("last_modified")),
        Col("version_at", str, "Date (UTC) qui ordonne les versions d'un même document : "
            "Last-Modified du serveur, sinon date de modification du fichier local, sinon "
            "date de téléchargement.", _meta("version_at")),
        Col("deliberation_id", str, "Délibération que porte ce fichier, quand il n'en porte "
            "qu'une (même s'il a été remplacé par une version plus récente).",
            _ctx("document_deliberation")),
        Col("superseded_by", str, "Empreinte de la version plus récente qui remplace ce "
            "fichier (même adresse ou même délibération) ; vide pour la version en vigueur.",
            derived=True),
        Col("doc_type", str, "Nature du document, lue dans son texte (voir la table des "
            "natures de document) : délibération de Commission Permanente, autre "
            "délibération, procès-verbal, ordre du jour, acte préfectoral, arrêté, autre, "
            "illisible. Les délibérations et procès-verbaux donnent des présences et des "
            "votes ; les pages des autres restent cherchables."),
        Col("template", str, "Modèle de document qui l'a lu (cp-pas-de-calais, "
            "conseil) ; vide quand aucun ne s'applique."),
    ),
    pk="sha256",
    foreign_keys=(("doc_type", "document_types", "doc_type"),),
    indexes=(("source_url",), ("deliberation_id",), ("superseded_by",), ("doc_type",)),
)  # fmt: skip

PAGES = StoredTable(
    "pages",
    "Pages",
    "Le texte de chaque page de chaque PDF, cherchable sans tenir compte des accents.",
    (
        Col("document_sha256", str, "Document (empreinte SHA-256).", _ctx("document_sha256")),
        Col("page_number", int, "Numéro de la page dans le PDF (à partir de 1)."),
        Col("text", str, "Texte de la page."),
        Col("method", str, "text : couche texte du PDF ; ocr : reconnaissance de caractères "
            "(page scannée) ; none : aucun texte lisible."),
        Col("ocr_confidence", float, "Confiance moyenne de l'OCR (0 à 100), pour les pages "
            "scannées."),
        Col("note", str, "Pourquoi une page n'a pas de texte (OCR absent, échec…)."),
    ),
    pk=("document_sha256", "page_number"),
    foreign_keys=(("document_sha256", "documents", "sha256"),),
    fts=("text",),
)  # fmt: skip

MEETINGS = StoredTable(
    "meetings",
    "Séances",
    "Les réunions des assemblées (Commission Permanente, conseils municipaux, "
    "communautaires…).",
    (
        Col("id", str, "Identifiant de la séance : CP-AAAA-MM-JJ pour la Commission "
            "Permanente, sinon collectivité, assemblée et date.", _ctx("meeting_id")),
        Col("authority", str, "Collectivité, telle qu'imprimée (ex. Ville de Montpellier)."),
        Col("body", str, "Assemblée réunie."),
        Col("date", str, "Date de la réunion (AAAA-MM-JJ)."),
        Col("president", str, "Président de séance."),
        Col("secretary", str, "Secrétaire de séance."),
    ),
    pk="id",
    indexes=(("authority",),),
)  # fmt: skip

DELIBERATIONS = StoredTable(
    "deliberations",
    "Délibérations",
    "Une ligne par délibération (ou par décision d'un procès-verbal) : objet, séance, "
    "résultat du vote.",
    (
        Col("id", str, "Identifiant : le numéro pour la Commission Permanente du "
            "Pas-de-Calais (ex. 2023-499), sinon la collectivité et le numéro (ou le rang de "
            "la décision dans son document).", _ctx("deliberation_id")),
        Col("meeting_id", str, "Séance (voir meetings).", _ctx("meeting_id")),
        Col("authority", str, "Collectivité, telle qu'imprimée.", _sitting("authority")),
        Col("body", str, "Assemblée qui a délibéré.", _sitting("body")),
        Col("date", str, "Date de la séance (AAAA-MM-JJ).", _sitting("date")),
        Col("year", int, "Année de la séance.", _ctx("year")),
        Col("number", str, "Numéro tel qu'imprimé, sans les espaces autour de / et - "
            "(2014/137, DE2024-110) ; vide pour un point de procès-verbal sans numéro.",
            _info("number")),
        Col("title", str, "Objet de la délibération.", _info("title")),
        Col("programme", str, "Programme, quand l'objet est une phase (« … 2023 - PHASE 6 » "
            "→ « … 2023 »).", _info("programme")),
        Col("phase", str, "Numéro de phase du programme.", _info("phase")),
        Col("report_number", str, "Numéro du rapport du Président joint.",
            _info("report_number")),
        Col("president", str, "Président de séance.", _sitting("president")),
        Col("secretary", str, "Secrétaire de séance.", _sitting("secretary")),
        Col("adopted", int, "1 : adoptée ; 0 : rejetée ; vide : résultat non lu.",
            _info("adopted")),
        Col("unanimous", int, "1 quand le document dit « à l'unanimité » ; 0 pour un vote "
            "partagé ; vide quand il ne dit ni l'un ni l'autre.", _info("unanimous")),
        Col("vote_text", str, "Le texte du vote, tel qu'imprimé.", _info("vote_text")),
        Col("actes_id", str, "Identifiant @ctes de l'acte transmis en préfecture, tel "
            "qu'imprimé (ex. 034-213401722-20140424-0000071216-DE).", _info("actes_id")),
        Col("members_in_office", int, "Nombre de membres en exercice, tel qu'imprimé.",
            _info("members_in_office")),
        Col("members_present", int, "Nombre de membres présents, tel qu'imprimé.",
            _info("members_present")),
        Col("voters", int, "Nombre de votants, tel qu'imprimé.", _info("voters")),
        Col("document_sha256", str, "PDF d'où la délibération a été lue.",
            _ctx("document_sha256")),
        Col("page_start", int, "Première page de la délibération dans le PDF.",
            _info("page_start")),
        Col("page_end", int, "Dernière page de la délibération (signature).",
            _info("page_end")),
    ),
    pk="id",
    foreign_keys=(("meeting_id", "meetings", "id"), ("document_sha256", "documents", "sha256")),
    indexes=(("date",), ("document_sha256",), ("programme",), ("authority",), ("number",)),
    fts=("title", "programme"),
)  # fmt: skip

MEMBERS = StoredTable(
    "members",
    "Élus",
    "Une ligne par personne et par collectivité, quelles que soient les graphies (accents, "
    "tirets, espaces) d'un document à l'autre.",
    (
        Col("id", str, "Identifiant stable, tiré du nom normalisé (et de la collectivité, "
            "hors Commission Permanente du Pas-de-Calais).", _ctx("member_id")),
        Col("authority", str, "Collectivité où siège l'élu.", _ctx("authority")),
        Col("civility", str, "Civilité (M. ou Mme)."),
        Col("first_name", str, "Prénom."),
        Col("last_name", str, "Nom."),
        Col("full_name", str, "Prénom et nom."),
    ),
    pk="id",
    indexes=(("authority",),),
)  # fmt: skip

ATTENDANCE = StoredTable(
    "attendance",
    "Présences",
    "Qui était présent, excusé, absent, ou présent sans voix délibérative, à chaque "
    "délibération ; et qui, intéressé à l'affaire, n'a pas pris part au débat ou au vote.",
    (
        _DELIB,
        Col("member_id", str, "Élu (voir members).", _ctx("member_id")),
        Col("status", str, "present, excused (excusé), absent (absent non excusé), "
            "advisory_present (présent sans voix délibérative), advisory_excused (excusé, "
            "sans voix délibérative)."),
        Col("recusal", str, "debate_and_vote : n'a pris part ni au débat ni au vote ; "
            "debate : n'a pas pris part au débat ; vote : n'a pas pris part au vote ; vide : "
            "aucun retrait."),
        Col("page", int, "Page du PDF où figure la liste de présence."),
        Col("recusal_page", int, "Page du PDF où figure le retrait."),
        Col("printed_name", str, "Le nom tel qu'imprimé dans ce document.",
            lambda a, _c: f"{a.person.civility or ''} {a.person.full_name}".strip()),
        Col("ocr_confidence", float, "Confiance moyenne de l'OCR (0-100) de la page scannée "
            "où la présence a été lue ; vide : lue dans la couche texte du PDF."),
    ),
    pk=("deliberation_id", "member_id"),
    foreign_keys=(*_TO_DELIB, ("member_id", "members", "id")),
    indexes=(("member_id",), ("status",)),
)  # fmt: skip

VOTES = StoredTable(
    "votes",
    "Votes",
    "Le décompte des voix de chaque délibération, les groupes politiques et les élus nommés "
    "pour chaque position.",
    (
        _DELIB,
        Col("position", str, "for (pour), against (contre), abstention."),
        Col("count", int, "Nombre de voix ; vide quand seul « à l'unanimité » est imprimé."),
        Col("groups", str, "Groupes politiques nommés entre parenthèses (liste JSON)."),
        Col("names", str, "Élus nommés pour cette position, tels qu'imprimés (liste JSON)."),
        _PAGE,
    ),
    pk=("deliberation_id", "position"),
    foreign_keys=_TO_DELIB,
)  # fmt: skip

PROXIES = StoredTable(
    "proxies",
    "Procurations",
    "Les pouvoirs donnés par un élu absent à un autre pour voter en son nom (« pouvoir à », "
    "« procuration à », « représenté par »).",
    (
        _DELIB,
        Col("position", int, "Rang de la procuration dans le document.", _ctx("position")),
        Col("giver", str, "Élu absent qui donne pouvoir, tel qu'imprimé."),
        Col("giver_member_id", str, "Élu qui donne pouvoir (voir members).",
            lambda p, c: c["member_of"](p.giver)),
        Col("holder", str, "Élu qui reçoit le pouvoir, tel qu'imprimé ; vide quand le "
            "document ne le nomme pas."),
        Col("holder_member_id", str, "Élu qui reçoit le pouvoir (voir members).",
            lambda p, c: c["member_of"](p.holder)),
        Col("text", str, "La mention telle qu'imprimée."),
        _PAGE,
    ),
    pk=("deliberation_id", "position"),
    foreign_keys=_TO_DELIB,
    indexes=(("giver_member_id",), ("holder_member_id",)),
)  # fmt: skip

ARTICLES = StoredTable(
    "articles",
    "Articles",
    "Les articles du dispositif (DECIDE) de chaque délibération.",
    (
        _DELIB,
        Col("number", int, "Numéro de l'article."),
        Col("text", str, "Texte de l'article."),
        Col("theme_number", int, "Numéro de la thématique que l'article finance."),
        Col("theme", str, "Thématique que l'article finance."),
        Col("amount", float, "Montant que l'article vote, en euros.", amount=True),
        Col("distribution_annex", int, "Annexe de répartition financière citée."),
        Col("budget_kind", str, "revenue / expense quand l'article introduit un tableau "
            "budgétaire."),
        _PAGE,
    ),
    pk=("deliberation_id", "number"),
    foreign_keys=_TO_DELIB,
)  # fmt: skip

BUDGET_LINES = StoredTable(
    "budget_lines",
    "Lignes budgétaires",
    "Les tableaux budgétaires de la délibération : recettes (article 7 du modèle) et "
    "dépenses (article 8).",
    (
        _DELIB,
        Col("row_index", int, "Rang de la ligne."),
        Col("article", int, "Tableau : 7 = recettes, 8 = dépenses (numérotation du modèle de "
            "délibération).", lambda b, c: c["canonical_article"][b.kind]),
        Col("printed_article", int, "Numéro de l'article tel qu'imprimé dans ce document."),
        Col("kind", str, "revenue (recette) ou expense (dépense)."),
        Col("section", str, "Section budgétaire (Fonctionnement, Investissement)."),
        Col("operation_code", str, "Code opération (ex. C02-428C02)."),
        Col("budget_code", str, "Imputation budgétaire (ex. 6568/93428)."),
        Col("label", str, "Libellé de l'opération."),
        Col("commitment_authority", float, "Autorisation d'engagement (AE), en euros.",
            amount=True),
        Col("amount", float, "Montant de la recette ou de la dépense, en euros.", amount=True),
        _PAGE,
        Col("ocr_confidence", float, _OCR_ROW),
    ),
    pk=("deliberation_id", "row_index"),
    foreign_keys=_TO_DELIB,
)  # fmt: skip

REPORT_LINES = StoredTable(
    "report_lines",
    "Tableaux du rapport",
    "Les tableaux budgétaires du rapport du Président : inscrit, disponible, proposition, "
    "solde.",
    (
        _DELIB,
        Col("row_index", int, "Rang de la ligne."),
        Col("kind", str, "revenue (recette) ou expense (dépense)."),
        Col("operation_code", str, "Code opération."),
        Col("budget_code", str, "Imputation budgétaire."),
        Col("label", str, "Libellé de l'opération."),
        Col("commitment_authority", float, "Autorisation d'engagement (AE), en euros.",
            amount=True),
        Col("registered", float, "Crédits inscrits, en euros.", amount=True),
        Col("available", float, "Crédits disponibles, en euros.", amount=True),
        Col("proposed", float, "Proposition, en euros.", amount=True),
        Col("balance", float, "Solde, en euros.", amount=True),
        _PAGE,
    ),
    pk=("deliberation_id", "row_index"),
    foreign_keys=_TO_DELIB,
)  # fmt: skip

GRANTS = StoredTable(
    "grants",
    "Subventions",
    "Chaque ligne d'un tableau de subventions (annexe 4 du modèle de la Commission "
    "Permanente, tableaux d'attribution des autres collectivités) : qui reçoit combien, "
    "pour quoi, sur quel territoire.",
    (
        _DELIB,
        Col("row_index", int, "Rang de la ligne dans le tableau."),
        Col("theme_number", int, "Numéro de la thématique."),
        Col("theme", str, "Thématique."),
        Col("operation", str, "Opération (dispositif)."),
        Col("territory", str, "Territoire(s), tel(s) qu'imprimé(s) ; un territoire par ligne "
            "dans grant_territories."),
        Col("beneficiary", str, "Structure bénéficiaire, telle qu'imprimée dans ce document."),
        Col("description", str, "Description de l'action."),
        Col("amount", float, "Montant retenu, en euros.", amount=True),
        Col("amount_text", str, "Le montant tel qu'imprimé."),
        Col("agreement", str, "Avenant ou convention."),
        _PAGE,
        Col("ocr_confidence", float, _OCR_ROW),
        Col("beneficiary_id", str, "Bénéficiaire unique (voir beneficiaries) : le même pour "
            "toutes les graphies d'une même structure.", derived=True),
        Col("operation_start", str, "Début de la période que donne la description "
            "(« opération du 01/10/23 au 30/06/24 », « du 1er juillet 2023 au 31 décembre "
            "2023 »), AAAA-MM-JJ ; vide sans période.", derived=True),
        Col("operation_end", str, "Fin de cette période (AAAA-MM-JJ).", derived=True),
    ),
    pk=("deliberation_id", "row_index"),
    foreign_keys=(*_TO_DELIB, ("beneficiary_id", "beneficiaries", "id")),
    indexes=(("beneficiary",), ("territory",), ("theme",), ("beneficiary_id",)),
    fts=("beneficiary", "description", "operation", "territory"),
)  # fmt: skip

GRANT_TOTALS = StoredTable(
    "grant_totals",
    "Totaux des subventions",
    "Les lignes TOTAL des tableaux de subventions : par opération et par thématique.",
    (
        _DELIB,
        Col("row_index", int, "Rang de la ligne dans le tableau."),
        Col("scope", str, "operation ou theme."),
        Col("theme_number", int, "Numéro de la thématique."),
        Col("theme", str, "Thématique."),
        Col("operation", str, "Opération (pour un total d'opération)."),
        Col("amount", float, "Total imprimé, en euros.", amount=True),
        Col("amount_text", str, "Le total tel qu'imprimé."),
        _PAGE,
    ),
    pk=("deliberation_id", "row_index"),
    foreign_keys=_TO_DELIB,
)  # fmt: skip

CITATIONS = StoredTable(
    "citations",
    "Actes cités",
    "Les délibérations antérieures citées dans les « Vu … » : le lien entre les phases d'un "
    "programme.",
    (
        Col("deliberation_id", str, "Délibération qui cite.", _ctx("deliberation_id")),
        Col("position", int, "Rang du « Vu ».", _ctx("position")),
        Col("cited_number", str, "Numéro de l'acte cité."),
        Col("cited_date", str, "Date de l'acte cité."),
        Col("cited_body", str, "Assemblée de l'acte cité."),
        Col("cited_title", str, "Objet de l'acte cité."),
        Col("text", str, "Le « Vu » tel qu'imprimé."),
        _PAGE,
    ),
    pk=("deliberation_id", "position"),
    foreign_keys=_TO_DELIB,
    indexes=(("cited_number",),),
)  # fmt: skip

CHECKS = StoredTable(
    "checks",
    "Contrôles",
    "Incohérences trouvées dans les documents (montants qui ne s'additionnent pas, votes et "
    "présences) et sections que l'extracteur n'a pas pu lire (kind = extraction).",
    (
        Col("id", int, "Identifiant.", lambda _c, _ctx: None),
        Col("document_sha256", str, "Document concerné.", _ctx("document_sha256")),
        Col("deliberation_id", str, "Délibération concernée.", _ctx("deliberation_id")),
        Col("kind", str, "Nature du contrôle (voir la table des natures de contrôle) ; "
            "extraction = l'outil n'a pas pu lire une section ou une valeur."),
        Col("severity", str, "error : le document se contredit ; warning : inhabituel mais "
            "possible."),
        Col("message", str, "Explication en français."),
        Col("expected", float, "Valeur attendue (par exemple la somme des lignes)."),
        Col("found", float, "Valeur imprimée."),
        Col("page", int, "Page du PDF."),
    ),
    pk="id",
    foreign_keys=(("document_sha256", "documents", "sha256"), ("kind", "check_kinds", "kind")),
    indexes=(("deliberation_id",), ("document_sha256",), ("kind", "severity")),
)  # fmt: skip

FETCHES = StoredTable(
    "fetches",
    "Téléchargements",
    "Chaque adresse téléchargée par delib-extract fetch, avec le résultat de la dernière "
    "tentative (un échec garde la dernière version obtenue).",
    (
        Col("url", str, "Adresse du PDF."),
        Col("listing_url", str, "Page de liste où le lien a été trouvé, le cas échéant."),
        Col("status", str, "downloaded : nouveau fichier archivé ; unchanged : fichier "
            "identique à celui de l'archive ; not_modified : le serveur a répondu 304 ; "
            "failed : échec (voir error)."),
        Col("http_status", int, "Code HTTP de la dernière réponse."),
        Col("error", str, "Raison de l'échec, en une ligne."),
        Col("sha256", str, "Empreinte du fichier archivé obtenu de cette adresse (dernière "
            "version)."),
        Col("etag", str, "ETag de cette version, renvoyé au serveur à la prochaine requête "
            "(If-None-Match)."),
        Col("last_modified", str, "Last-Modified de cette version, renvoyé au serveur à la "
            "prochaine requête (If-Modified-Since)."),
        Col("checked_at", str, "Date et heure (UTC) de la dernière tentative."),
    ),
    pk="url",
)  # fmt: skip

# In creation order (a table before those that point to it).
STORED_TABLES: dict[str, StoredTable] = {
    t.name: t
    for t in (
        DOCUMENTS, PAGES, MEETINGS, DELIBERATIONS, MEMBERS, ATTENDANCE, VOTES, PROXIES,
        ARTICLES, BUDGET_LINES, REPORT_LINES, GRANTS, GRANT_TOTALS, CITATIONS, CHECKS, FETCHES,
    )
}  # fmt: skip

# Rows that belong to one deliberation (replaced when it is loaded again), and the
# Decision field each is read from.
DECISION_CHILDREN: dict[str, StoredTable] = {
    "attendance": ATTENDANCE,
    "votes": VOTES,
    "proxies": PROXIES,
    "articles": ARTICLES,
    "budget_lines": BUDGET_LINES,
    "report_lines": REPORT_LINES,
    "grants": GRANTS,
    "grant_totals": GRANT_TOTALS,
    "citations": CITATIONS,
}

# The euro columns of every table (exports write them with two decimals).
AMOUNT_COLUMNS: frozenset[str] = frozenset(
    c.name for t in STORED_TABLES.values() for c in t.columns if c.amount
)


def described_tables() -> dict[str, dict]:
    """Each declared table's French title, description and column descriptions, in the
    shape of metadata.json's ``tables`` (the rest of a table's entry — facets, sort — is
    edited in metadata.json itself)."""
    return {
        t.name: {
            "title": t.title,
            "description": t.description,
            "columns": {c.name: c.description for c in t.columns},
        }
        for t in STORED_TABLES.values()
    }
