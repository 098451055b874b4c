"""Council documents for the tests: one per family of phrasings the real documents show,
each with what the reader must give back (``EXPECTED``). Communes, people and wording
are invented.
"""

from __future__ import annotations

from support.council_pdfgen import luhn_siren

SIREN = luhn_siren("21440010")  # « Commune de Saint-Aubin-des-Landes »
ACTES = f"044-{SIREN}-20240314-2024_015-DE"

# A deliberation of a commune: counts one per line, « sous la présidence de », lists
# with civilities wrapping over lines, proxies « a donné pouvoir à » and « (pouvoir à) »,
# « Délibération n° … : objet », a « Considérant » quoting another body's vote, the
# decision « après en avoir délibéré, à l'unanimité », the @ctes stamp on each page.
HEADER_BLOCK = [
    [
        "Envoyé en préfecture le 18/03/2024",
        "Reçu en préfecture le 18/03/2024",
        f"ID : {ACTES}",
        "COMMUNE DE SAINT-AUBIN-DES-LANDES",
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL",
        "Membres en exercice : 15",
        "Membres présents : 11",
        "Membres votants : 13",
        "L'an deux mille vingt-quatre, le quatorze mars à dix-neuf heures, le conseil municipal "
        "de la Commune de Saint-Aubin-des-Landes s'est réuni en séance ordinaire, sous la "
        "présidence de Madame Hélène VARIN-COSTE, maire.",
        "Date de la convocation : 7 mars 2024.",
        "Étaient présents :",
        "Mme Hélène VARIN-COSTE, M. Bruno LAFFONT, Mme Odile PERRIGAUD, M. Yannick LE GUEN, "
        "Mme Sabine DUVERGER, M. Théo MARCHETTI, Mme Inès BOUCHARDEAU, M. Karim SAADI, "
        "Mme Claire DE LA MOTTE, M. Gaël RIOU, Mme Anaïs FONTENEAU.",
        "Absents excusés :",
        "M. Fabrice TALLEC a donné pouvoir à Mme Hélène VARIN-COSTE,",
        "Mme Laure BESNARD (pouvoir à M. Bruno LAFFONT), M. Henri QUÉMÉRÉ.",
        "Absent : M. Lucas PIOU.",
        "Secrétaire de séance : Mme Sabine DUVERGER.",
        "Délibération n° 2024-015 : Acquisition d'une parcelle boisée au lieu-dit Le Pont "
        "Guérin pour la création d'un sentier de promenade",
        "Rapporteur : M. Bruno LAFFONT",
        "Vu le code général des collectivités territoriales ;",
        "Considérant que le syndicat mixte du bassin a adopté le projet à l'unanimité le 3 "
        "février 2024 ;",
        "Le conseil municipal, après en avoir délibéré, à l'unanimité, décide :",
        "Article 1 : d'acquérir la parcelle cadastrée ZB 112 au prix de 4 500 € ;",
    ],
    [
        "Envoyé en préfecture le 18/03/2024",
        "Reçu en préfecture le 18/03/2024",
        f"ID : {ACTES}",
        "Article 2 : d'autoriser le maire à signer l'acte authentique.",
        "Ainsi délibéré les jour, mois et an susdits.",
        "Pour extrait conforme, la maire, Hélène VARIN-COSTE",
    ],
]

# Surname first, « ; » between names, « donne procuration à », a date in words, counts on
# one line, « Pour : … Contre : … (names) Abstention : … », « Le Conseil adopte. »,
# a number with letters (« DE2024-007 »).
SPLIT_VOTE = [
    [
        "Ville de Port-Kerhoël",
        "Séance du conseil municipal",
        "L'an deux mille vingt-quatre, le douze février, le Conseil Municipal de la Ville de "
        "Port-Kerhoël, dûment convoqué, s'est réuni sous la présidence de Monsieur Denis "
        "CARADEC, Maire.",
        "Conseillers en exercice : 23 - Présents : 17 - Votants : 20",
        "Présents : CARADEC Denis ; ABIVEN Marie-Laure ; GOURMELEN Yves ; LE BRIS Anne ; "
        "MORVAN Paul-Henri ; NICOLAS Soizic ; PRIGENT Loïc ; QUINIOU Élise ; RIVOAL Jean ; "
        "SALAÜN Armelle ; TANGUY Hervé ; URVOY Maëlle ; VIGOUROUX Alain ; KERVELLA Nolwenn ; "
        "JÉZÉQUEL Tanguy ; HAMON Gwenaëlle ; GUILLOU Ronan",
        "Excusés : FLOCH Martine (donne procuration à CARADEC Denis) ; EVEN Stéphane (donne "
        "procuration à NICOLAS Soizic) ; DANIEL Rozenn (donne procuration à TANGUY Hervé)",
        "Absents : CORRE Mathieu ; BOTHOREL Léa ; AUFFRET Kévin",
        "Secrétaire de séance : Anne LE BRIS",
        "Délibération n° DE2024-007",
        "Objet : Tarifs du port de plaisance pour l'année 2024",
        "Monsieur le Maire expose que les tarifs doivent être révisés chaque année.",
        "Après en avoir délibéré,",
        "Pour : 16 voix",
        "Contre : 3 voix (Jean RIVOAL ; Élise QUINIOU ; Alain VIGOUROUX)",
        "Abstention : 1 (Loïc PRIGENT)",
        "Le Conseil adopte.",
    ],
]

# A register of a city: the number above the lists, the title between the lists and
# « … rapporte : », « Absents ayant voté par procuration » without holders, no vote but
# « Le Conseil Adopte. », the accusé de réception box.
REGISTER = [
    [
        "Direction des Affaires Générales",
        "Extrait du registre des",
        "délibérations du Conseil",
        "Municipal de la Ville de",
        "Val-de-Brenne",
        "n° 2024 / 88",
        "Séance publique du",
        "mardi 9 avril 2024",
        "Convoqué le 2 avril 2024, le Conseil Municipal de la Ville de Val-de-Brenne s'est réuni "
        "en mairie le mardi 9 avril 2024 à 18h00, sous la présidence de Monsieur le Maire, "
        "Rémi FAUCHERAND.",
        "Présents :",
        "Agathe BONNEFOY,Rémi FAUCHERAND,Jules GRANDJEAN, Nadia HAMIDOU,Victor ISNARD, Lina "
        "JOUBERT,Marc-Antoine LEVASSEUR, Julie MONTAGNAC,Pierre NOVARINA, Sonia PELLEGRIN-"
        "ROUX,Tom QUESNEL.",
        "Absents ayant voté par procuration en application de l'article L 2121-20 du Code",
        "Général des Collectivités Territoriales :",
        "Zoé RAFFIN, Bastien SÉVERAC.",
        "Absents :",
        "Commission communale des impôts directs",
        "Désignation des commissaires",
        "Monsieur le Maire, Rémi FAUCHERAND, rapporte :",
        "Il est proposé au Conseil municipal de désigner les commissaires titulaires.",
        "Le Conseil Adopte.",
        "Accusé de réception – Ministère de l'intérieur",
        "Acte Certifié exécutoire",
        f"15/04/2024 15/04/2024 038-{luhn_siren('21380123')}-20240409-0000012345-DE",
    ],
]

# Minutes of a small commune: first names only, an agenda, points « 1/ », bare counts
# (« 12 votes pour », « 3 votes contre 9 votes pour »), a point with two votes titled by
# their own lines, a point without a vote, « Proposition non retenue », questions
# diverses with a survey (« Pour : 48 ») that is no council vote.
MINUTES_POINTS = [
    [
        "Compte rendu du conseil municipal du 6 juin 2023",
        "Présents : Sylvie, Marc, Julien, Nadège, Thierry, Amandine, Pascal, Véronique, "
        "Gérard, Léa, Hugo.",
        "Excusés : Mathilde (pouvoir donné à Sylvie) / Rémy (pouvoir donné Julien)",
        "Océane : absente non excusée",
        "Ordre du jour",
        "1/ Travaux de voirie chemin des Saules :",
        "Deux devis ont été reçus. Le moins disant est retenu.",
        "12 votes pour",
        "2/ Budget de la salle des fêtes",
        "Vote du budget de fonctionnement :",
        "13 pour",
        "Vote du budget d'investissement :",
        "10 pour 3 abstentions",
        "3/ Location du logement communal :",
        "Le loyer est porté à 520 € par mois.",
        "3 votes contre 9 votes pour 1 abstention",
        "4/ Présentation du rapport du syndicat des eaux",
        "Le rendement du réseau est de 81 %.",
    ],
    [
        "5/ Achat d'un défibrillateur",
        "Le modèle proposé coûte 1 800 €. Proposition non retenue par le conseil municipal.",
        "6/ Questions diverses",
        "Sondage sur l'éclairage nocturne : Pour : 48 Contre : 31",
        "Séance levée à 21h30.",
    ],
]

# Minutes of a town: numbered deliberations « Délibération D2024-21 » + « Objet : »,
# count blocks « POUR 18 / CONTRE 1 (name) / ABSTENTION 0 », « ne prend pas part au
# vote », two secretaries, the quorum line.
MINUTES_NUMBERED = [
    [
        "PROCÈS-VERBAL DU CONSEIL MUNICIPAL",
        "Séance du jeudi 21 mars 2024",
        "Le Conseil Municipal de la Commune de Belcastel-sur-Orne, dûment convoqué, s'est "
        "réuni sous la Présidence de Monsieur Arnaud DELPECH, Maire.",
        "Conseillers Municipaux en exercice : 19",
        "Présents : Arnaud DELPECH, Brigitte FAURE, Cédric GAILLAC, Danielle HUGONNET, "
        "Étienne IZARD, Florence JAMME, Grégoire LACOMBE, Hélène MALIGNE, Ivan NOUALHAC, "
        "Jeanne ORTALO, Kevin PUECH, Lucie RAYNAL, Mathieu SERIEYS, Nina TEULIER, "
        "Olivier VERDIER",
        "Excusés : Pauline ANGLADE (donne procuration à Brigitte FAURE), Quentin BOUSQUET "
        "(donne procuration à Cédric GAILLAC), Romane CALMELS (donne procuration à Lucie "
        "RAYNAL)",
        "Absents : Simon DELMAS",
        "Secrétaires de séance : Jeanne ORTALO ; Kevin PUECH",
        "Après avoir constaté que le quorum était atteint (15 présents ; 3 pouvoirs), le "
        "Maire ouvre la séance.",
        "Délibération D2024-21",
        "Objet : approbation du procès-verbal de la séance du 8 février 2024",
        "Le Conseil Municipal,",
        "Après en avoir délibéré,",
        "POUR 18",
        "CONTRE 0",
        "ABSTENTION 0",
        "APPROUVE le procès-verbal de la séance du 8 février 2024.",
        "Délibération D2024-22",
        "Objet : Subvention exceptionnelle au comité des fêtes pour l'organisation de la fête",
        "de la Saint-Jean",
        "Brigitte FAURE ne prend pas part au vote, étant présidente de l'association.",
        "POUR 17",
        "CONTRE 1 (Olivier VERDIER)",
        "ABSTENTION 0",
        "ACCORDE une subvention exceptionnelle de 600 € au comité des fêtes.",
    ],
    [
        "Délibération D2024-23",
        "Objet : Modification du tableau des emplois",
        "Après en avoir délibéré,",
        "POUR 14",
        "CONTRE 2 (Ivan NOUALHAC ; Nina TEULIER)",
        "ABSTENTION 2 (Étienne IZARD ; Jeanne ORTALO)",
        "MODIFIE le tableau des emplois à compter du 1er avril 2024.",
        "La séance est levée à 22h10.",
    ],
]

# An intercommunality: counts on one line without colons, each delegate's commune in
# parentheses (wrapping onto the next line), « Pouvoirs : X à Y », the number and
# « OBJET : » in capitals on one line, the dispositive as a list of verbs in capitals.
INTERCOMMUNALITY = [
    [
        "COMMUNAUTÉ DE COMMUNES DU PAYS DES TROIS RIVIÈRES",
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL COMMUNAUTAIRE",
        "Séance du 15 novembre 2023",
        "Nombre de membres : en exercice 33 ; présents 28 ; pouvoirs 3 ; votants 31",
        "Le quinze novembre deux mille vingt-trois à 18 h 30, le Conseil Communautaire s'est "
        "réuni à la salle polyvalente de Montréal, sous la présidence de M. Patrick LEMOINE, "
        "Président.",
        "Étaient présents : M. Patrick LEMOINE (Montréal), Mme Sophie ARNAUD (Vernon), M. Luc "
        "BESSON (Lavoux), Mme Anne CARRIÈRE (Saint-Pierre), M. Hugo DELORME (Vernon).",
        "Pouvoirs : M. Jean FERRAND à M. Luc BESSON, Mme Irène GAUDIN à Mme Sophie ARNAUD.",
        "Absents excusés : M. Paul HÉBRARD, Mme Lucie IVARS.",
        "Secrétaire de séance : Mme Anne CARRIÈRE (élue à l'unanimité)",
        "DÉLIBÉRATION N° 2023-145 – OBJET : ADHÉSION AU SYNDICAT MIXTE DE LA FIBRE",
        "Le Président expose au conseil communautaire l'intérêt d'adhérer au syndicat.",
        "Vu la délibération du syndicat adoptée le 3 octobre 2023,",
        "Après en avoir délibéré, le Conseil Communautaire, à l'unanimité des membres "
        "présents et représentés :",
        "- APPROUVE l'adhésion au syndicat mixte ;",
        "- AUTORISE le Président à signer tout document.",
    ],
]

# Minutes listing surnames only (« MM. DUPONT, MARTIN »), points « Point n° 1 : », a
# vote in a sentence with a named abstention, a point put off (no decision).
MINUTES_SURNAMES = [
    [
        "Commune de Belval",
        "Procès-verbal de la séance du conseil municipal du 4 juillet 2024",
        "Présents : MM. DUPONT, MARTIN, PETIT, Mmes DURAND, LEROY, GIRARD.",
        "Absents excusés : M. BERNARD (pouvoir à M. DUPONT), Mme THOMAS.",
        "Secrétaire : Mme LEROY.",
        "Point n° 1 : Approbation du procès-verbal de la séance précédente",
        "Le procès-verbal est approuvé à l'unanimité.",
        "Point n° 2 : Tarifs de la cantine scolaire",
        "Le conseil municipal, après en avoir délibéré, par 6 voix pour et 1 abstention "
        "(M. PETIT), fixe les tarifs.",
        "Point n° 3 : Vente d'un terrain communal",
        "Ce point est reporté à une séance ultérieure.",
        "Point n° 4 : Questions diverses",
        "Néant.",
    ],
]

# Scanned minutes of a village: no numbers, headings in bold, « Vote : à l'unanimité »
# closing each decision, a margin block repeated on every page; read by OCR.
MINUTES_SCANNED = [
    [
        "REPUBLIQUE FRANCAISE",
        "PROCES VERBAL DU CONSEIL MUNICIPAL DE LA COMMUNE DE VILLARET",
        "Séance du 19 septembre 2023",
        "L'an deux mille vingt-trois le dix-neuf septembre à dix-huit heures trente, le Conseil "
        "Municipal, régulièrement convoqué, s'est réuni sous la présidence de Monsieur Serge "
        "ROUMANILLE - Maire",
        "Présents : Serge ROUMANILLE - Josiane BERTRAND - Michel CASTAN - Agnès DURAND - "
        "Robert ESPARON - Claire FABRE",
        "Absents : Henri GAUTIER",
        "Ordre du jour",
        "Nomination du secrétaire",
        "Travaux de réfection du lavoir",
        "Questions diverses",
        "Nomination du secrétaire",
        "Monsieur le Maire propose la candidature de Mme DURAND Agnès en qualité de secrétaire.",
        "Vote : à l'unanimité",
        "Travaux de réfection du lavoir",
        "Monsieur le Maire présente le devis de l'entreprise pour un montant de 8 400 euros.",
        "Vote : à l'unanimité",
    ],
    [
        "REPUBLIQUE FRANCAISE",
        "Adhésion au service de médecine préventive",
        "Monsieur le Maire présente la convention proposée par le centre de gestion.",
        "Vote : à l'unanimité",
        "Questions diverses",
        "La prochaine séance aura lieu en novembre.",
    ],
]

DOCUMENTS = {
    "council_header_block": HEADER_BLOCK,
    "council_split_vote": SPLIT_VOTE,
    "council_register": REGISTER,
    "council_minutes_points": MINUTES_POINTS,
    "council_minutes_numbered": MINUTES_NUMBERED,
    "council_intercommunality": INTERCOMMUNALITY,
    "council_minutes_surnames": MINUTES_SURNAMES,
}
SCANNED = {"council_minutes_scanned": (MINUTES_SCANNED, (1, 2))}
