"""The vocabulary of French councils, as data: how their deliberations and minutes name
the attendance lists, the counts, the vote, the outcome, the sitting and its officers.

The general reader (:mod:`delib_extract.templates.council`, parsers in
:mod:`delib_extract.parse.council`) is generic over a :class:`Vocabulary`; supporting a
new council's phrasing is one more entry here (and a sample in
``tests/test_council_parsers.py`` or a document in ``tests/council_fixtures.py`` that
prints it), never a new branch in the code. :meth:`Vocabulary.extend` builds a variant
for a template of its own.

How patterns are written: they are regular expressions matched on the *folded* text —
lowercase, accents removed (``é`` → ``e``, ``œ`` stays ``œ``), apostrophes as ``'`` — so
``etaient presents`` matches « Étaient présents ». A plain space matches any run of
spaces and line breaks (a heading may wrap). Names are never folded: they are read back
from the printed text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

# A council member's title before a name, as printed (folded): « M. », « Mme »…
CIVILITIES = ("m.", "m", "mme", "mme.", "mmes", "mm.", "mr", "mr.", "mlle", "melle", "monsieur",
              "madame", "messieurs", "mesdames", "mademoiselle", "me")  # fmt: skip

# The first word of an organisation's name, never of a person's (a title printed after a
# list is not one more member: « Association FESTIVAL RADIO FRANCE », « MAISON D'ENFANTS »).
ORGANISATIONS = frozenset({
    "association", "agence", "banque", "bureau", "cabinet", "caisse", "centre", "chambre",
    "club", "college", "comite", "commission", "commune", "communaute", "compagnie",
    "conseil", "cooperative", "departement", "direction", "ecole", "entreprise",
    "etablissement", "federation", "festival", "fondation", "foyer", "groupement", "institut",
    "lycee", "mairie", "maison", "ministere", "mission", "mutuelle", "musee", "office",
    "prefecture", "region", "residence", "service", "societe", "syndicat", "theatre",
    "tribunal", "union", "universite", "ville",
})  # fmt: skip

# Number words of dates written out (« L'an deux mille vingt-deux, le vingt-cinq mars »).
NUMBER_WORDS = {
    "un": 1, "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000, "mil": 1000,
}  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """Every phrasing the general reader knows, grouped by what it reads."""

    # -- the sitting -------------------------------------------------------------------
    # (pattern, body as stored): the assembly that sat, most specific first.
    bodies: tuple[tuple[str, str], ...]
    # The collectivité: a kind of authority, then its name (printed case kept), the first
    # printed; the `authority_fallbacks` only when none is: a commune's document also
    # prints its département (« DÉPARTEMENT DU GARD / COMMUNE DE FLAUX »), and its town
    # hall (« Mairie de … ») is a building.
    authority_kinds: tuple[str, ...]
    authority_fallbacks: tuple[str, ...]
    # Phrases that introduce the sitting's date; a date in a line that also matches
    # `other_dates` (convocation, transmission, publication) is not the sitting's.
    sitting_date_cues: tuple[str, ...]
    other_dates: tuple[str, ...]
    # Who presided: the name follows the cue (a title such as « le Maire, » may sit
    # between them, see `presidency_titles`).
    presidency_cues: tuple[str, ...]
    presidency_titles: tuple[str, ...]
    # The secretary: « Secrétaire de séance : NAME » (name after) or « NAME est désigné
    # secrétaire de séance » (name before).
    secretary_after: tuple[str, ...]
    secretary_before: tuple[str, ...]
    # (field, pattern with a group ``n``): in_office, present, voters.
    counts: tuple[tuple[str, str], ...]

    # -- attendance ------------------------------------------------------------------------
    # (pattern, status): the heading of a list of members, at the start of a line. Status
    # is present / excused / absent, or "proxy" for a list of proxies whose givers are not
    # otherwise listed (« Absents ayant voté par procuration »). Most specific first.
    list_headings: tuple[tuple[str, str], ...]
    # « NAME : absente non excusée »: a status printed after the name.
    status_after_name: tuple[tuple[str, str], ...]
    # Between a proxy's giver and its holder (« a donné pouvoir à », « représenté par »).
    proxy_connectors: tuple[str, ...]
    # In a list whose heading announces proxies, a bare « à » joins giver and holder.
    proxy_list_connector: str
    # A parenthesis that says there is no proxy (« (pas de pouvoir donné) »).
    no_proxy: tuple[str, ...]
    # Entries of a list that say what the member is, not who (« X, conseiller municipal »).
    roles: tuple[str, ...]

    # -- decisions ---------------------------------------------------------------------
    # (cue, strong): a decision's number follows the cue at the start of a line. After a
    # weak cue (« n° ») only a title may follow the number: « n° 2021-571 du 10 mai » is a
    # wrapped citation, not a heading. After a strong one a number may be short
    # (« Délibération n° 12 »).
    number_cues: tuple[tuple[str, bool], ...]
    # A deliberation number printed alone at the start of a heading (« D2018-66 »,
    # « DL-055-07-13 - Objet »): letters and digits with at least one separator.
    number_alone: str
    number_short: str  # a number without separators, after a strong cue only
    # A number printed alone at the start of a heading, then « - » or « : » and the title.
    numbers_before_titles: tuple[str, ...]
    # A deliberation's number printed in its point's title: « 3. Budget primitif 2024
    # (délibération n° 2024-015) » (group ``num``).
    number_in_title: str
    # Words that number a point of minutes (« Point n° 3 : … », « Affaire 12 - … »); its
    # number orders the agenda, it is not a deliberation's number.
    point_labels: tuple[str, ...]
    # The label of a decision's title (« Objet : »).
    title_labels: tuple[str, ...]
    # Lines that start a deliberation's body: its title has ended.
    body_starts: tuple[str, ...]
    # Headings of minutes that never carry a decision of their own.
    procedural_headings: tuple[str, ...]

    # -- the vote --------------------------------------------------------------------------
    # « à l'unanimité » (and the ways OCR misreads it: « à l'un animité », « Tananimité »).
    unanimity: tuple[str, ...]
    # A split vote said in words (« à la majorité », « par 20 voix contre 5 »).
    majority: tuple[str, ...]
    # (position, word): « pour », « contre », « abstention(s) ».
    positions: tuple[tuple[str, str], ...]
    # Words between a count and its position (« 13 votes pour », « 6 voix contre »).
    count_units: str
    # « Vote : … », « Résultat du vote : … »: a line that states a vote.
    vote_labels: tuple[str, ...]
    # « DÉCISION : »: the council's decision follows (whatever its wording).
    decision_labels: tuple[str, ...]
    # « X ne prend pas part au vote »: the member is named before (or after a colon).
    not_voting: tuple[str, ...]
    # Words of result. Adopted: only in a sentence of decision (« Le Conseil adopte »,
    # « est adopté », « après en avoir délibéré … décide », « Vote : … adopté »).
    adopted: tuple[str, ...]
    # Verbs of the dispositive, printed in capitals at the start of a line (« APPROUVE le
    # procès-verbal », « FIXE le montant »): the council decided.
    dispositive: tuple[str, ...]
    # Verbs the council decides with in a sentence (« le conseil … fixe les tarifs »),
    # besides the words of `adopted` (« donne », « charge » are too common for that).
    council_acts: tuple[str, ...]
    rejected: tuple[str, ...]
    # Where the vote of a deliberation is: from the last of these on (« après en avoir
    # délibéré »); the votes quoted before it (in the exposé) are not its vote.
    deliberated: tuple[str, ...]

    # -- stamps and page furniture -----------------------------------------------------
    # The @ctes stamp, wherever it lands (OCR merges it into the line it covers): cut out.
    stamp_fragments: tuple[str, ...]
    # Whole lines that are page furniture (page numbers, separators): dropped.
    furniture_lines: tuple[str, ...]

    def extend(self, **more: tuple) -> Vocabulary:
        """This vocabulary with more entries (``extend(list_headings=(("…", "present"),))``)."""
        return dataclasses.replace(
            self, **{name: getattr(self, name) + tuple(values) for name, values in more.items()}
        )


_S = r"(?:e|\(e\))?(?:s|\(s\))?"  # the plural and feminine marks: présent(e)(s), excusés
_WERE = r"(?:etai(?:en)?t |sont |est )?"  # « Étaient présents », « Était absent »

# fmt: off
FRENCH_COUNCILS = Vocabulary(
    bodies=(
        (r"commission permanente", "commission permanente"),
        (r"conseil municipal", "conseil municipal"),
        (r"conseil communautaire|conseil de (?:la )?communaute", "conseil communautaire"),
        (r"conseil metropolitain|conseil de (?:la )?metropole", "conseil métropolitain"),
        (r"conseil departemental|conseil general", "conseil départemental"),
        (r"conseil regional", "conseil régional"),
        (r"comite syndical", "comité syndical"),
        (r"bureau communautaire|bureau syndical|bureau municipal", "bureau"),
        (r"conseil d'administration", "conseil d'administration"),
        (r"comite de \w+", "other"),
    ),
    authority_kinds=(
        r"ville", r"commune", r"communaute de communes", r"communaute d'agglomeration",
        r"communaute urbaine", r"metropole", r"syndicat (?:intercommunal|mixte|departemental)",
        r"sivom", r"sivu",
    ),
    authority_fallbacks=(r"departement", r"region", r"mairie"),
    sitting_date_cues=(
        r"seance (?:publique |ordinaire |extraordinaire )?du", r"reunion du",
        r"l'an (?:deux mille|deux mil)", r"conseil municipal du", r"conseil communautaire du",
        r"cr du conseil municipal", r"proces[- ]verbal (?:de la seance )?du", r"seance du",
        r"^le \d{1,2}(?:er)? \w+ \d{4} a", r"s'est reuni", r"s'est reunie",
        r"date de (?:la )?seance ?:",
    ),
    other_dates=(
        r"convo[cq]", r"convoque", r"envoi", r"envoye", r"transmission", r"transmis",
        r"publication", r"publie", r"affich", r"recu", r"reception", r"notifi", r"depose",
        r"certifie", r"executoire",
    ),
    presidency_cues=(r"sous la presidence de", r"preside(?:e)? par", r"presidence de",
                     r"president(?:e)? de (?:la )?seance ?:", r"presidence ?:"),
    presidency_titles=(
        r"(?:monsieur|madame|m\.|mme|mr) (?:le |la )?(?:maire|president|presidente|doyen d'age"
        r"(?: de l'assemblee)?|premier adjoint|premiere adjointe|\d+(?:er|e|eme) adjointe?)",
        r"(?:monsieur|madame|m\.|mme|mr)",
    ),
    secretary_after=(
        r"secretaires? de (?:la )?seance(?: elue?s?| designee?s?)? ?:", r"secretaire ?:",
        r"a ete (?:designee?|nommee?|elue?) (?:comme |en qualite de )?secretaire"
        r"(?: de seance)? ?:?",
        r"candidature de", r"secretaires? de seance,?",
    ),
    secretary_before=(
        r"(?:est|a ete|sont|ont ete) (?:designee?s?|nommee?s?|elue?s?)(?:\(e\))?(?:\(s\))? "
        r"(?:en qualite de |en tant que |comme |pour remplir les fonctions de )?secretaires?"
        r"(?! general)",
    ),
    counts=(
        ("in_office", r"en exercice ?[:;]? ?(?P<n>\d{1,3})\b"),
        ("in_office", r"(?P<n>\d{1,3}) (?:membres|conseillers|elus) en exercice"),
        ("present", r"(?:membres|conseillers|elus)(?: municipaux| communautaires)? presents ?:? ?"
                    r"(?P<n>\d{1,3})\b"),
        ("present", r"(?:nombre de presents|presents) ?[:;]? ?(?P<n>\d{1,3})\b(?! ?[a-z])"),
        ("present", r"\(\s?(?P<n>\d{1,3}) presents?\b"),
        ("voters", r"votants ?[:;]? ?(?P<n>\d{1,3})\b"),
        ("voters", r"(?:ayant|qui ont) pris part (?:au vote|a la deliberation|aux votes) ?[:;]? ?"
                   r"(?P<n>\d{1,3})\b"),
        ("voters", r"(?P<n>\d{1,3}) (?:elus|membres|conseillers) representes"),
    ),
    list_headings=(
        (rf"absent{_S} (?:ayant )?(?:vote|votant) par (?:procuration|pouvoir)", "proxy"),
        (rf"(?:absent{_S} )?represente{_S}", "proxy"),
        (rf"{_WERE}absent{_S},? non excuse{_S}", "absent"),
        (rf"{_WERE}absent{_S},? excuse{_S}(?:,? (?:et )?(?:a|ayant|ont|avaient|avait) donne "
         rf"(?:pouvoir|procuration))?", "excused"),
        (rf"{_WERE}excuse{_S}(?:,? (?:ayant|ont|a) donne (?:pouvoir|procuration))?", "excused"),
        (rf"{_WERE}absent{_S}(?:,? (?:ayant|ont|a) donne (?:pouvoir|procuration))?", "absent"),
        (rf"{_WERE}present{_S}|presences|membres presents", "present"),
        (r"procurations?|pouvoirs?|delegations? de vote", "proxy"),
    ),
    status_after_name=(
        (rf"absent{_S} non excuse{_S}", "absent"),
        (rf"absent{_S} excuse{_S}|excuse{_S}", "excused"),
        (rf"absent{_S}", "absent"),
    ),
    proxy_connectors=(
        r"(?:a|ayant|avait) donne (?:son |sa )?(?:pouvoir|procuration|delegation de vote) "
        r"(?:a|au|a m\.)",
        r"donne (?:son |sa )?(?:pouvoir|procuration) (?:a|au)",
        r"(?:pouvoir|procuration)s? donnee? (?:a )?", r"(?:pouvoir|procuration)s? (?:a|au)",
        r"represente(?:e)? par", r"donne (?:pouvoir|procuration)",
    ),
    proxy_list_connector=r"a",
    no_proxy=(r"pas de (?:pouvoir|procuration)", r"sans (?:pouvoir|procuration)"),
    roles=(r"maire", r"adjointe?", r"\d+(?:er|ere|e|eme) adjointe?", r"conseill[eè]re?s?\b.*",
           r"president(?:e)?", r"vice-president(?:e)?", r"secretaire\b.*", r"greffi[eè]re?\b.*",
           r"directeur\b.*", r"directrice\b.*", r"rapporteur"),
    number_cues=(
        (r"(?:deliberation|resolution|decision|extrait|acte) n ?[°o]\.? ?:?", True),
        (r"(?:dcm|dcc|dc|del|delib)\.? n ?[°o]\.? ?:?", True),  # « DCM n° 2024-012 »
        (r"\bn ?[°o]\.? ?:?", False),
        (r"(?:deliberation|resolution) (?=[a-z]{0,4}[-_ ]?\d)", False),
    ),
    number_short=r"\d{1,4}(?![\d/.-])",
    numbers_before_titles=(
        r"[a-z]{1,4}[-_]?\d[\w]*(?:[-_/.]\w+)+",  # « DL-055-07-13 », « DEL_2024_15 »
        r"(?:19|20)\d{2} ?[/-] ?(?!(?:19|20)\d{2}\b)\d{1,4}[a-z]?",  # « 2023/145 »: year, rank
    ),
    number_alone=r"[a-z]{1,4}[-_ ]?\d{1,4}(?: ?[-_/.] ?[a-z]{0,3}\d{1,6}){1,3}"
                 r"|\d{2,4}(?: ?[-_/.] ?\d{1,6}){1,3}|[a-z]{1,4}-?\d{2,6}",
    number_in_title=(
        r"[(\[-–] ?(?:deliberation|delib\.?|dcm) n ?[°o]\.? ?(?P<num>[\w/.-]*\d[\w/.-]*) ?[)\]]?$"
    ),
    point_labels=(r"point", r"question", r"affaire", r"dossier", r"sujet"),
    title_labels=(r"objet ?:", r"objet de la deliberation ?:", r"sujet ?:"),
    body_starts=(
        r"rapporteur", r".*\brapporte ?:", r"expose\b", r"vu\b", r"considerant", r"entendu",
        r"monsieur le maire", r"madame le maire", r"madame la maire", r"m\. le maire",
        r"monsieur le president", r"madame la presidente", r"le conseil", r"la commission",
        r"il est (?:propose|rappele|expose|demande)", r"apres avoir", r"presentation",
        r"le maire", r"le president",
    ),
    procedural_headings=(
        r"ouverture de (?:la )?seance", r"questions? diverses?", r"informations? diverses?",
        r"appel nominal", r"cloture de (?:la )?seance", r"levee de (?:la )?seance",
        r"ordre du jour", r"communications?(?: du maire)?", r"decisions? (?:prises? )?en vertu",
        r"compte rendu des decisions",
    ),
    unanimity=(r"\w{0,3}an ?imit[e]", r"unanimement"),
    majority=(r"a la majorite", r"par \d+ voix contre \d+"),
    positions=(
        ("for", r"pour"), ("against", r"contre"), ("abstention", r"abstentions?"),
        ("abstention", r"abstenus?"), ("abstention", r"s'abstien(?:nen)?t"),
        ("abstention", r"abst\.?"),
    ),
    count_units=r"(?:voix|votes?|suffrages?|membres?|elus?)",
    vote_labels=(r"v[oa][a-z]e ?[:;]", r"resultat du vote ?:", r"votes? ?:", r"scrutin ?:"),
    decision_labels=(r"decision ?:$", r"dispositif ?:$"),
    not_voting=(
        r"ne (?:prend|prennent|participe|participent) pas part "
        r"(?:au vote|aux votes|a la deliberation)",
        r"n'(?:a|ont) pas pris part (?:au vote|aux votes|a la deliberation)",
        r"ne (?:prend|prennent) pas part",
        r"ne participe(?:nt)? pas au vote",
    ),
    adopted=(
        r"adopte(?:e|s|es|nt)?", r"adoption (?:a|par)", r"approuve(?:e|s|es|nt)?",
        r"decide(?:nt)?", r"accepte(?:e|s|es|nt)?", r"autorise(?:nt)?", r"pren(?:d|nent) acte",
        r"valide(?:e|s|es|nt)?", r"emet(?:tent)? un avis favorable",
        r"donne(?:nt)? (?:son|un) accord", r"enterine(?:nt)?",
    ),
    dispositive=(
        r"a?pp?rouve", r"decide", r"adopte", r"autorise", r"accepte", r"valide", r"fixe",
        r"designe", r"elit", r"cloture", r"sollicite", r"attribue", r"accorde", r"approuvent",
        r"adoptent", r"decident", r"prend acte", r"emet", r"donne", r"charge", r"confie",
    ),
    council_acts=(
        r"fixe(?:nt)?", r"designe(?:nt)?", r"elit", r"elisent", r"attribue(?:nt)?",
        r"accorde(?:nt)?", r"sollicite(?:nt)?", r"modifie(?:nt)?", r"cloture(?:nt)?",
    ),
    rejected=(
        r"rejete(?:e|s|es)?", r"rejette(?:nt)?", r"non (?:retenue?s?|adoptee?s?|approuvee?s?)",
        r"refuse(?:e|s|es|nt)?", r"n'(?:est|a) pas (?:ete )?(?:adoptee?|approuvee?|retenue?)",
        r"n'approuve(?:nt)? pas", r"ne (?:l')?adopte(?:nt)? pas",
    ),
    deliberated=(
        r"apres en avoir delibere", r"apres (?:avoir )?delibere", r"apres deliberation",
        r"il est resolu",
    ),
    stamp_fragments=(
        r"envoye en prefecture(?: le)?(?: ?\d{1,2} ?[/.] ?\d{1,2} ?[/.] ?\d{2,4})?",
        r"rec?[uc]u? en prefecture(?: le)?(?: ?\d{1,2} ?[/.] ?\d{1,2} ?[/.] ?\d{2,4})?",
        r"(?:publie|affiche) le(?: ?\d{1,2} ?[/.] ?\d{1,2} ?[/.] ?\d{2,4})?",
        r"\b[il1][d] ?: ?\d{3}-[\w -]{6,50}-[a-z]{2}\b", r"accuse de reception.*",
        r"acte certifie executoire", r"envoi prefecture ?:?", r"reception en prefecture ?:?",
        r"^(?:\d{2}/\d{2}/\d{4} ?){1,2}\d{3}-\d{9}-\d{8}-\S+$",
    ),
    furniture_lines=(
        r"^date de (?:transmission|publication|reception|mise en ligne)\b.*",
        r"^page \d+(?: ?(?:sur|/) ?\d+)?$", r"^\d{1,3} ?/ ?\d{1,3}$", r"^- ?\d{1,3} ?-$",
        r"^\d{1,3}$", r"^[^a-z0-9]*$",
    ),
)
# fmt: on
