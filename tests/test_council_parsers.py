"""The general reader's pure parsers on French samples, one phrasing per case (the
phrasings real council documents print; the names and wording are invented)."""

from __future__ import annotations

import pytest

from delib_extract.parse.council.attendance import read_attendance
from delib_extract.parse.council.dates import find_date, words_value
from delib_extract.parse.council.entries import join_lines, merge_fragments, split_entries
from delib_extract.parse.council.headings import numbered, point
from delib_extract.parse.council.lines import Line, Lines, document_lines, fold_keep
from delib_extract.parse.council.names import (
    FIRST_LAST,
    FIRST_ONLY,
    LAST_FIRST,
    LAST_ONLY,
    list_style,
    looks_like_name,
    person_of,
)
from delib_extract.parse.council.people import resolve
from delib_extract.parse.council.sitting import counts, president, secretaries, sitting_date
from delib_extract.parse.council.stamp import actes_id, luhn_ok
from delib_extract.parse.council.votes import read_vote, vote_lines
from delib_extract.templates.vocabulary import FRENCH_COUNCILS as VOCAB
from delib_extract.text.names import Person


def lines_of(*texts: str, page: int = 1, ocr: bool = False) -> list[Line]:
    return [Line(t, fold_keep(t), page, ocr) for t in texts]


def test_folding_keeps_offsets() -> None:
    printed = "Étaient présents : Mme Zoé LŒUVRE‑MARTIN, M. Noël D’ARC"
    folded = fold_keep(printed)
    assert len(folded) == len(printed)
    assert folded.startswith("etaient presents : mme zoe lœuvre-martin, m. noel d'arc")


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Séance du jeudi 14 mars 2024", "2024-03-14"),
        ("le 1er février 2016 à 18h00", "2016-02-01"),
        ("réuni le 05/06/2023 à 20 heures", "2023-06-05"),
        ("L'an deux mille vingt-quatre, le quatorze mars", "2024-03-14"),
        ("L'an deux mil dix-huit, le treize décembre", "2018-12-13"),
        ("Le vingt-neuf juin deux mille vingt et un à vingt heures", "2021-06-29"),
        ("L'an deux mille vingt-deux, le vingt-cinq du mois de mars", "2022-03-25"),
        ("le trente et un mai deux mille vingt-trois", "2023-05-31"),
        ("Séance du {7 novembre 2023", None),  # an OCR misreading is not a date
    ],
)
def test_dates_in_digits_and_in_words(text: str, iso: str | None) -> None:
    found = find_date(fold_keep(text))
    assert (found[0] if found else None) == iso


@pytest.mark.parametrize(
    ("words", "value"),
    [("vingt-deux", 22), ("soixante-dix-sept", 77), ("quatre-vingt-dix-neuf", 99),
     ("deux mille vingt et un", 2021), ("mil neuf cent quatre-vingt-quinze", 1995)],
)  # fmt: skip
def test_number_words(words: str, value: int) -> None:
    assert words_value(words) == value


def test_the_sitting_date_is_not_the_convocation() -> None:
    head = Lines.of(
        lines_of(
            "Convoqué le 2 avril 2024, le conseil municipal s'est réuni",
            "en séance publique du mardi 9 avril 2024 à 18h00.",
        )
    )
    assert sitting_date(head, VOCAB) == "2024-04-09"
    words = Lines.of(
        lines_of("Date de convocation : 3 mai 2024", "Le 10 mai 2024 à 19h, le conseil")
    )
    assert sitting_date(words, VOCAB) == "2024-05-10"


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "civility", "first", "last"),
    [
        ("Mme Joëlle MARTIN-VIDAL", "Mme", "Joëlle", "MARTIN-VIDAL"),
        ("M. Paul DE LA ROCHE", "M.", "Paul", "DE LA ROCHE"),
        ("LE GALL Anne-Sophie", None, "Anne-Sophie", "LE GALL"),
        ("Mme DUVAL Claire", "Mme", "Claire", "DUVAL"),
        ("Anne-Rose LE VAN", None, "Anne-Rose", "LE VAN"),
        ("Sheila Mc ARDLE", None, "Sheila", "Mc ARDLE"),
        ("Gaëtan Lefort", None, "Gaëtan", "Lefort"),
        ("Jean-Pierre", None, "Jean-Pierre", ""),
        ("MM. RIVIERE", "M.", "", "RIVIERE"),
    ],
)
def test_person_first_names_then_surname(printed: str, civility, first: str, last: str) -> None:
    assert person_of(printed) == Person(civility, first, last)


@pytest.mark.parametrize(
    ("text", "style", "name"),
    [
        ("Mme Joëlle MARTIN", FIRST_LAST, True),
        ("Délégations du Conseil municipal au Maire", FIRST_LAST, False),
        ("Fédération Régionale des Métiers", FIRST_LAST, False),  # no surname in capitals
        ("Association FESTIVAL DES LANDES", FIRST_LAST, False),  # an organisation
        ("conseiller municipal", None, False),
        ("Service du greffe", None, False),
        ("Mme joëlle MARTIN", FIRST_LAST, True),  # OCR lost the capital of the first name
        ("Marielle", FIRST_ONLY, True),
        ("Mr le Maire demande l'ajout de 2 points", FIRST_ONLY, False),
    ],
)
def test_what_a_name_looks_like_in_a_list(text: str, style: str | None, name: bool) -> None:
    assert looks_like_name(text, style) is name


@pytest.mark.parametrize(
    ("entries", "style"),
    [
        (["Jean DUPONT", "Marie MARTIN", "Paul DURAND"], FIRST_LAST),
        (["DUPONT Jean", "MARTIN Marie", "DURAND Paul"], LAST_FIRST),
        (["MM. DUPONT", "MARTIN", "Mme DURAND"], LAST_ONLY),
        (["Jean", "Marie", "Paul-Henri"], FIRST_ONLY),
    ],
)
def test_list_style(entries: list[str], style: str) -> None:
    assert list_style(entries) == style


def test_a_name_misread_by_ocr_is_the_listed_member() -> None:
    listed = [Person(None, "Denis", "JOUVIN"), Person(None, "Anne", "MARTEL")]
    assert resolve(Person("M.", "Denis", "JÖUVIIN"), listed) == listed[0]
    # too far, or too short to be safe: kept as printed
    assert resolve(Person(None, "", "PERRAUD"), listed) == Person(None, "", "PERRAUD")


# -- lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "style", "entries"),
    [
        (["Mme Anne DUVAL, M. Paul", "LEROY, Mme Zoé", "MARTIN-"], FIRST_LAST,
         ["Mme Anne DUVAL", "M. Paul LEROY", "Mme Zoé MARTIN-"]),
        (["Jean DUPONT - Marie MARTIN - Paul ROUVIER - COROUGE"], FIRST_LAST,
         ["Jean DUPONT", "Marie MARTIN", "Paul ROUVIER-COROUGE"]),
        (["M. Alain BRUN a donné pouvoir à Mme Lise ROY", "Mme Ève COSTE"], FIRST_LAST,
         ["M. Alain BRUN a donné pouvoir à Mme Lise ROY", "Mme Ève COSTE"]),
        (["DUPONT Jean (donne procuration à", "MARTIN Marie) ; DURAND Paul"], LAST_FIRST,
         ["DUPONT Jean (donne procuration à MARTIN Marie)", "DURAND Paul"]),
        (["Mme Nathalie, COLIN, M. Yves MOREL"], FIRST_LAST,
         ["Mme Nathalie COLIN", "M. Yves MOREL"]),
        (["Jean, Marie & Paul"], FIRST_ONLY, ["Jean", "Marie", "Paul"]),
        (["LEVY-", "RAMEAU Chantal, DUPONT Jean"], LAST_FIRST,
         ["LEVY-RAMEAU Chantal", "DUPONT Jean"]),
    ],
)  # fmt: skip
def test_list_entries_over_lines(lines: list[str], style: str, entries: list[str]) -> None:
    assert merge_fragments(split_entries(join_lines(lines, style)), style) == entries


def _attendance(*texts: str):
    return read_attendance(lines_of(*texts), VOCAB)


def _statuses(found) -> dict[str, str]:
    return {r.person.full_name: str(r.status) for r in found.records}


def _proxies(found) -> list[tuple[str | None, str | None]]:
    return [(p.giver, p.holder) for p in found.proxies]


def test_lists_under_their_headings() -> None:
    found = _attendance(
        "Étaient présents : M. Jean DUPONT, Mme Marie MARTIN,",
        "M. Paul DURAND.",
        "Absents excusés : Mme Lise ROY (pouvoir à M. Jean DUPONT), M. Hugo BLANC",
        "Absents : Mme Ève COSTE",
        "Secrétaire de séance : Mme Marie MARTIN",
    )
    assert _statuses(found) == {
        "Jean DUPONT": "present", "Marie MARTIN": "present", "Paul DURAND": "present",
        "Lise ROY": "excused", "Hugo BLANC": "excused", "Ève COSTE": "absent",
    }  # fmt: skip
    assert _proxies(found) == [("Lise ROY", "Jean DUPONT")]


def test_the_heading_decides_where_a_proxy_giver_goes() -> None:
    found = _attendance(
        "Présents : Anne BOUVIER, Marc TESSIER, Yann CORRE",
        "Absents ayant voté par procuration en application de l'article L 2121-20 du Code",
        "Général des Collectivités Territoriales :",
        "Rose ALLAIN, Eric BAZIN.",
        "Excusés ayant donné procuration : Léo FAVRE à Anne BOUVIER, Ida GIRAUD à",
        "Marc TESSIER",
        "Étaient absents :",
        "M. Noé HUET a donné procuration à M. Yann CORRE",
    )
    assert _proxies(found) == [
        ("Rose ALLAIN", None), ("Eric BAZIN", None), ("Léo FAVRE", "Anne BOUVIER"),
        ("Ida GIRAUD", "Marc TESSIER"), ("Noé HUET", "Yann CORRE"),
    ]  # fmt: skip
    statuses = _statuses(found)
    assert "Rose ALLAIN" not in statuses  # voted by proxy: no list names her
    assert statuses["Léo FAVRE"] == "excused" and statuses["Noé HUET"] == "absent"


def test_small_communes_print_first_names() -> None:
    found = _attendance(
        "Présents : Sylvie, Marc, Julien, Nadège.",
        "Excusés : Rémy (pouvoir donné Julien) / Mathilde (pouvoir donné à Sylvie)",
        "Océane : absente non excusée",
        "Mr le Maire demande l'ajout de 2 délibérations.",
    )
    assert _statuses(found) == {
        "Sylvie": "present", "Marc": "present", "Julien": "present", "Nadège": "present",
        "Rémy": "excused", "Mathilde": "excused", "Océane": "absent",
    }  # fmt: skip
    assert _proxies(found) == [("Rémy", "Julien"), ("Mathilde", "Sylvie")]


def test_a_member_listed_present_who_gave_a_proxy_was_not_there() -> None:
    found = _attendance(
        "Présents :", "Jean, Marie, Paul & Léa (procuration à Marie)", "Absent", "Hugo"
    )
    assert _statuses(found) == {"Jean": "present", "Marie": "present", "Paul": "present",
                                "Hugo": "absent"}  # fmt: skip
    assert _proxies(found) == [("Léa", "Marie")]


def test_a_list_stops_before_the_title() -> None:
    found = _attendance(
        "Présents :",
        "Alain BRUN, Lise ROY, Paul DURAND.",
        "Absents :",
        "Hugo BLANC",
        "Commission communale des impôts directs",
        "Désignation des commissaires",
    )
    assert _statuses(found) == {"Alain BRUN": "present", "Lise ROY": "present",
                                "Paul DURAND": "present", "Hugo BLANC": "absent"}  # fmt: skip
    assert found.end == 4


def test_an_unreadable_name_on_a_scanned_page_is_left_out_with_a_warning() -> None:
    found = read_attendance(
        lines_of("Présents : Anne BOUVIER - Marc TESSIER - Yv#n C0RRE - Léa PIC", ocr=True), VOCAB
    )
    assert set(_statuses(found)) == {"Anne BOUVIER", "Marc TESSIER", "Léa PIC"}
    assert len(found.checks) == 1 and "Yv#n C0RRE" in found.checks[0].message


def test_a_new_heading_is_one_vocabulary_entry() -> None:
    lines = lines_of("Assistaient à la séance :", "M. Jean DUPONT, Mme Marie MARTIN")
    assert not read_attendance(lines, VOCAB).records
    extended = VOCAB.extend(list_headings=(("assistaient a la seance", "present"),))
    assert _statuses(read_attendance(lines, extended)) == {
        "Jean DUPONT": "present", "Marie MARTIN": "present"
    }  # fmt: skip


# -- sitting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Membres en exercice : 29\nMembres présents : 27\nMembres votants : 28",
         {"in_office": 29, "present": 27, "voters": 28}),
        ("Conseillers en exercice : 23 - Présents : 17 - Votants : 20",
         {"in_office": 23, "present": 17, "voters": 20}),
        ("Nombre de conseillers en exercice : 15 ; qui ont pris part à la délibération : 12",
         {"in_office": 15, "voters": 12}),
        ("le quorum était atteint (15 présents ; 6 pouvoirs)", {"present": 15}),
        ("Quorum atteint avec 11 élus représentés", {"voters": 11}),
        ("les crédits de l'exercice 2024 : 1 200 €", {}),
    ],
)  # fmt: skip
def test_counts(text: str, expected: dict) -> None:
    assert counts(Lines.of(lines_of(*text.split("\n"))), VOCAB) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sous la présidence de Monsieur Gaël RIOU, maire.", "Gaël RIOU"),
        ("sous la présidence de Madame le Maire, Hélène VARIN-COSTE", "Hélène VARIN-COSTE"),
        ("sous la Présidence de Monsieur Yves PIC (Maire).", "Yves PIC"),
        ("sous la présidence de Monsieur le doyen d'âge de l'Assemblée, Max BLOT.", "Max BLOT"),
        ("sous la présidence de Monsieur Denis JUVAN - Maire", "Denis JUVAN"),
        ("Président de séance : M. Hugo BLANC", "Hugo BLANC"),
    ],
)
def test_president(text: str, name: str) -> None:
    found = president(Lines.of(lines_of(text)), VOCAB)
    assert found is not None and found.full_name == name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Secrétaire de séance : M. Éric BOSSARD,", ["Éric BOSSARD"]),
        ("Secrétaires de Séance : Anne DUVAL ; Marc LEROY", ["Anne DUVAL", "Marc LEROY"]),
        ("M. PERRIN est désigné(e) en tant que secrétaire de séance.", ["PERRIN"]),
        ("Mme Zoé MARTIN a été désignée secrétaire de séance.", ["Zoé MARTIN"]),
        ("Le Maire propose la candidature de Mme DUVAL Anne en qualité de secrétaire",
         ["Anne DUVAL"]),
        ("Secrétaire de séance : Mme Lise ROY (élue à l'unanimité)", ["Lise ROY"]),
        ("Secrétaire de séance élue : Mme Ève COSTE", ["Ève COSTE"]),
    ],
)  # fmt: skip
def test_secretary(text: str, names: list[str]) -> None:
    found = secretaries(Lines.of(lines_of(text)), VOCAB)
    assert [p.full_name for p in found] == names


# -- votes ---------------------------------------------------------------------------------


def _vote(*texts: str, most: int | None = None):
    lines = lines_of(*texts)
    found = vote_lines(lines, VOCAB, most)
    return read_vote(lines, [v.index for v in found], VOCAB, most)


@pytest.mark.parametrize(
    ("texts", "counts", "unanimous", "adopted"),
    [
        (["Le conseil municipal, après en avoir délibéré, à l'unanimité, décide :"], {}, True,
         True),
        (["Vote : à l'unanimité"], {}, True, True),
        (["Vote : Unanimité"], {}, True, True),
        (["Vote; à l'un animité"], {}, True, True),  # OCR
        (["après en avoir délibéré, à la majorité (8 abstentions, 2 contre), décide :"],
         {"against": 2, "abstention": 8}, False, True),
        (["POUR 21", "CONTRE 1 (Jean Marie DUPUY)", "ABSTENTION 0", "APPROUVE le budget."],
         {"for": 21, "against": 1, "abstention": 0}, False, True),
        (["Pour : 16 voix", "Contre : 3 voix", "Abstention : 1"],
         {"for": 16, "against": 3, "abstention": 1}, False, None),
        (["13 votes pour"], {"for": 13}, False, None),
        (["10 votes pour. 2 Abstentions"], {"for": 10, "abstention": 2}, False, None),
        (["2 votes contre 1 abstention 9 votes pour"], {"for": 9, "against": 2, "abstention": 1},
         False, None),
        (["Adoption à 0 Contre, 0 abstention, 11 voix pour"],
         {"for": 11, "against": 0, "abstention": 0}, False, True),
        (["Vote : 14 pour / 0 contre / 0 abstention → adopté"],
         {"for": 14, "against": 0, "abstention": 0}, False, True),
        (["Résultat du vote : Pour 18, Contre 0, Abstention 1"],
         {"for": 18, "against": 0, "abstention": 1}, False, None),
        (["A L'UNANIMITE des votants (31 voix), 8 abstentions (groupe Agir et Mme", "ROY)"],
         {"for": 31, "abstention": 8}, True, True),
        (["Adopté par 20 voix contre 5"], {"for": 20, "against": 5}, False, True),
        (["Le Conseil Adopte."], {}, None, True),
        (["Les membres du conseil", "municipal adoptent, à l'unanimité, la délibération."], {},
         True, True),
        (["Proposition non retenue par le conseil municipal."], {}, None, False),
        (["La délibération est rejetée par 12 voix contre 3."], {"for": 12, "against": 3}, False,
         False),
        (["IL EST RÉSOLU À L'UNANIMITÉ"], {}, True, True),
        (["MODIFIE le tableau des emplois à compter du 1er avril."], {}, None, True),
        (["Vote : Pour 12 / Contre 0 / Abst. 1"], {"for": 12, "against": 0, "abstention": 1},
         False, None),
        (["Pour : 12 Contre : néant Abstention : 1"], {"for": 12, "against": 0, "abstention": 1},
         False, None),
        (["POUR 21 CONTRE 0 ABSTENTION 0"], {"for": 21, "against": 0, "abstention": 0}, False,
         None),
        (["Votants Pour Contre Abstention", "23 20 2 1", "Adopté."],
         {"for": 20, "against": 2, "abstention": 1}, False, True),
        (["POUR | CONTRE | ABSTENTIONS", "15 | 0 | 2"], {"for": 15, "against": 0,
                                                       "abstention": 2}, False, None),
    ],
)  # fmt: skip
def test_vote_phrasings(texts: list[str], counts: dict, unanimous, adopted) -> None:
    vote = _vote(*texts)
    assert {str(k): v for k, v in vote.counts.items()} == counts
    assert (vote.unanimous, vote.adopted) == (unanimous, adopted)


def test_names_printed_for_a_side() -> None:
    vote = _vote(
        "POUR 14",
        "CONTRE 2 (Ivan NOUAL ; Nina TEUL)",
        "ABSTENTION 2 (Étienne IZAR ; Jeanne ORTAL)",
    )
    names = {str(k): v for k, v in vote.names.items() if v}
    assert names == {"against": ["Ivan NOUAL", "Nina TEUL"],
                     "abstention": ["Étienne IZAR", "Jeanne ORTAL"]}  # fmt: skip
    groups = _vote("8 abstentions (groupe Agir ensemble et Mme Lise ROY)")
    assert groups.names == {"abstention": ["Lise ROY"]} or groups.names[
        next(iter(groups.names))
    ] == ["Lise ROY"]
    unnumbered = _vote("Adopté à la majorité. Contre : M. Jean DUPONT, Mme Zoé MARTIN.")
    assert [v for v in unnumbered.names.values() if v] == [["Jean DUPONT", "Zoé MARTIN"]]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Nathalie ROCA informe que Dominique BARBEY ne prend pas part au vote.",
         ["Dominique BARBEY"]),
        ("Considérant que M. Daniel Quéré n'a pas pris part au vote,", ["Daniel Quéré"]),
        ("M. Paul DURAND, intéressé à l'affaire, ne prend pas part au vote.", ["Paul DURAND"]),
        ("Ne prennent pas part au vote : Mme Anne ROY, M. Luc PIC", ["Anne ROY", "Luc PIC"]),
    ],
)  # fmt: skip
def test_members_who_take_no_part_in_the_vote(text: str, names: list[str]) -> None:
    assert [p.full_name for p in _vote(text).not_voting] == names


@pytest.mark.parametrize(
    "text",
    [
        "Vu la délibération du comité syndical adoptée à l'unanimité le 3 mai 2023,",
        "Considérant que la commune voisine s'est prononcée à la majorité (un",
        "Pour 2019, ce seuil est fixé à 298 571 €.",
        "Le CDG 30 pour des conseils en matière de retraite",
        "Il est proposé au conseil municipal d'approuver le projet.",
        "Le plan local d'urbanisme approuvé le 29 juin 2021 est modifié.",
        "Adopté par délibération du 12 mars 2020, le règlement prévoit",
        "48h avant le conseil, cela ne donne que 24h pour envoyer les questions.",
    ],
)
def test_not_a_vote(text: str) -> None:
    assert not vote_lines(lines_of(text), VOCAB)


def test_a_count_above_the_members_is_not_a_council_vote() -> None:
    assert _vote("Sondage : Pour : 48 Contre : 31", most=15).counts == {}
    assert not vote_lines(lines_of("Sondage : Pour : 48 Contre : 31"), VOCAB, 15)


# -- headings and stamps ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("Délibération n° 2021-060", "2021-060", None),
        ("n° 2014 / 137", "2014/137", None),
        ("N° 2016.02.16 - Subvention à l'association", "2016.02.16", "Subvention à l'association"),
        ("Délibération n° DE2024-090 : Ouverture à l'urbanisation", "DE2024-090",
         "Ouverture à l'urbanisation"),
        ("Délibération D2018-66", "D2018-66", None),
        ("DL-055-07-13 - Signature du marché", "DL-055-07-13", "Signature du marché"),
        ("Résolution DM-2023-001", "DM-2023-001", None),
        ("Délibération n° 12 : Vente d'un terrain", "12", "Vente d'un terrain"),
        ("2023/145 - Budget primitif", "2023/145", "Budget primitif"),
        ("DCM n° 2024-012 : Tarifs", "2024-012", "Tarifs"),
        ("2023-2024 : la saison culturelle", None, None),
        ("n° 2021-571 du 10 mai 2021, modifiant le décret", None, None),
        ("M14 - Taux d'imposition", None, None),
    ],
)  # fmt: skip
def test_decision_numbers(text: str, number: str | None, title: str | None) -> None:
    found = numbered(lines_of(text)[0], VOCAB)
    assert (found.number, found.title) == (number, title) if number else found is None


@pytest.mark.parametrize(
    ("text", "value", "title"),
    [
        ("1/ ONF Etat d'assiette 2024 :", (1,), "ONF Etat d'assiette 2024 :"),
        ("2. Reversement de la taxe", (2,), "Reversement de la taxe"),
        ("6.1 Ecole", (6, 1), "Ecole"),
        ("II. APPROBATION DU COMPTE RENDU", (2,), "APPROBATION DU COMPTE RENDU"),
        ("Point n° 3 : Vente d'un chemin rural", (3,), "Vente d'un chemin rural"),
        ("2 chats ont été capturés", None, None),
        ("15 pour.", None, None),
    ],
)
def test_numbered_points(text: str, value, title) -> None:
    found = point(lines_of(text)[0], VOCAB)
    assert (found.value, found.title) == (value, title) if value else found is None


def test_actes_identifier() -> None:
    good = "034-213401722-20140424-0000071217-DE"
    assert luhn_ok("213401722") and not luhn_ok("213401723")
    assert actes_id([(1, f"Réception en Préfecture : 25/04/2014 {good}", False)]) == good
    bad_siren = good.replace("213401722", "213401723")
    assert actes_id([(1, f"ID : {bad_siren}", False)]) is None
    # a stamp printed again over an older one: the last printed is the one seen
    newer = good.replace("0000071217", "0000071305")
    assert actes_id([(1, f"{good}\n{newer}", False)]) == newer
    # read by OCR once only: not confirmed
    assert actes_id([(1, f"ID : {good}", True), (2, "ID : 034-213401722-2014O424", True)]) is None
    assert actes_id([(1, f"ID : {good}", True), (2, f"ID : {good}", True)]) == good


def test_running_headers_and_stamps_are_not_text() -> None:
    page = ["MAIRIE DE SAINT-EXEMPLE", "Envoyé en préfecture le 02/05/2024", "{text}",
            "Vote : à l'unanimité", "Page {n} sur 3"]  # fmt: skip
    texts = {1: "Achat d'un tracteur", 2: "Vente d'un chemin", 3: "Tarifs de la cantine"}
    pages = [
        (n, "\n".join(line.replace("{n}", str(n)).replace("{text}", text) for line in page))
        for n, text in texts.items()
    ]
    lines = document_lines(pages, VOCAB.stamp_fragments, VOCAB.furniture_lines,
                           keep=VOCAB.vote_labels)  # fmt: skip
    vote = "Vote : à l'unanimité"
    assert [line.text for line in lines] == [texts[1], vote, texts[2], vote, texts[3], vote]
