import pytest

from delib_extract.text.names import Person, member_id, parse_person, split_people


@pytest.mark.parametrize(
    ("printed", "civility", "first", "last"),
    [
        ("Mme Mireille HINGREZ-CÉRÉDA", "Mme", "Mireille", "HINGREZ-CÉRÉDA"),
        ("M.  Sébastien  CHOCHOIS", "M.", "Sébastien", "CHOCHOIS"),
        ("Mme Maïté\nMULOT-FRISCOURT", "Mme", "Maïté", "MULOT-FRISCOURT"),
        ("M. Jean-Claude LEROY", "M.", "Jean-Claude", "LEROY"),
        ("Mme Bénédicte MESSEANNE- GROBELNY", "Mme", "Bénédicte", "MESSEANNE-GROBELNY"),
        ("Madame Marie DE LA TOUR", "Mme", "Marie", "DE LA TOUR"),
        ("Monsieur Jean de LA FONTAINE", "M.", "Jean", "de LA FONTAINE"),
    ],
)
def test_parse_person(printed: str, civility: str, first: str, last: str) -> None:
    assert parse_person(printed) == Person(civility, first, last)


def test_one_member_id_whatever_the_printing() -> None:
    assert member_id("Mireille", "HINGREZ-CÉRÉDA") == member_id("Mireille", "HINGREZ-CEREDA")
    assert member_id("Mireille", "HINGREZ - CEREDA") == "mireille-hingrez-cereda"
    assert member_id("Jean-Claude", "LEROY") != member_id("Jean-Claude", "DISSAUX")


def test_shared_civility_carries_over_a_list() -> None:
    people = split_people("Fatima  AIT-CHIKHEBBIH,  Maryse  CAUWET et  Zohra  OUAGUEF", "Mme")
    assert [(p.civility, p.last_name) for p in people] == [
        ("Mme", "AIT-CHIKHEBBIH"),
        ("Mme", "CAUWET"),
        ("Mme", "OUAGUEF"),
    ]


def test_a_list_wrapped_over_lines_with_irregular_spaces() -> None:
    text = "M. Laurent  DUPORGE, Mme Karine GAUTHIER,  M. Alain\nMEQUIGNON, Mme Evelyne NACHEL."
    assert [p.full_name for p in split_people(text)] == [
        "Laurent DUPORGE",
        "Karine GAUTHIER",
        "Alain MEQUIGNON",
        "Evelyne NACHEL",
    ]
