"""Properties of the pure parsers, on text hypothesis makes up: never an unexpected
exception, whatever the text; amounts, dates, names and votes read back what was printed.

The made-up text mixes the documents' own words ("Pour :", "Étaient présents :",
"(N°2023-499)", "€"...) with any characters, so that the parsers' patterns match
often and in odd places; a parser that takes more than a second on a few hundred
characters (a pattern that backtracks) fails the deadline.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delib_extract.parse.articles import decision_start, parse_articles
from delib_extract.parse.attendance import merge_recusals, parse_attendance, parse_recusals
from delib_extract.parse.citations import parse_citations
from delib_extract.parse.classify import classify
from delib_extract.parse.heading import parse_heading
from delib_extract.parse.proxies import parse_proxies
from delib_extract.parse.sections import looks_like_cp_deliberation, split_sections
from delib_extract.parse.votes import parse_vote
from delib_extract.text.amounts import (
    find_amount,
    format_euros,
    parse_amount,
    read_ocr_amount,
    to_float,
)
from delib_extract.text.dates import parse_date, parse_long_date, parse_numeric_date
from delib_extract.text.doctext import DocText
from delib_extract.text.names import member_id, parse_person, split_people
from delib_extract.vocab import DocType, VotePosition

pytestmark = pytest.mark.slow  # hypothesis: hundreds of generated inputs per test

FUZZ = settings(max_examples=100, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
WORDS = [
    "Pour", "Contre", "Abstention", "Abstentions", ":", "voix", "(", ")", ";", ",", ".", "et",
    "Adopté", "Rejeté", "à l'unanimité", "Étaient présents", "Excusés", "Excusé(s)",
    "sans voix délibérative", "intéressés à l'affaire", "n'ont pris part ni au débat ni au vote",
    "M.", "Mme", "Mesdames", "Jean-Claude", "HINGREZ-CÉRÉDA", "de", "LEROY", "Groupe", "Article",
    "1er", "DECIDE", "(N°2023-499)", "N°", "Commission Permanente", "Conseil départemental",
    "REUNION DU", "20 novembre 2023", "12/06/23", "Vu la délibération n°2023-259", "du",
    "« Phase 2 »", "Annexe", "4", "RAPPORT N°", "€", "1 038 199,00", "26 449", "-", "\n",
    "\u00a0", "\u202f", "PROCÈS-VERBAL", "ORDRE DU JOUR", "PRÉFET", "ARRÊTÉ", "pouvoir à",
]  # fmt: skip
domain_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=80).map(
    " ".join
)
pages = st.lists(st.tuples(st.integers(1, 5000), domain_text), max_size=4)


def doc(text: str) -> DocText:
    return DocText.from_pages([(1, text)])


# -- amounts -----------------------------------------------------------------------------

cents = st.integers(-(10**14), 10**14).map(lambda n: Decimal(n).scaleb(-2))


@FUZZ
@given(cents, st.sampled_from([" ", "\u00a0", "\u202f", "."]), st.sampled_from(["€", "", "euros"]))
def test_amounts_round_trip_to_the_cent(value: Decimal, group: str, unit: str) -> None:
    printed = format_euros(value).replace(" €", "").replace(" ", group)
    assert parse_amount(f"{printed} {unit}".strip()) == value
    assert Decimal(str(to_float(value))) == value  # the REAL stored keeps every cent
    assert find_amount(f"pour un montant de {format_euros(value)} au total") == value


@FUZZ
@given(st.text(max_size=60))
def test_parse_amount_never_raises(text: str) -> None:
    value = parse_amount(text)
    assert value is None or value.is_finite()
    find_amount(text)


@FUZZ
@given(st.text(alphabet="0123456789 .,€|'\u00a0oO", max_size=20))
def test_ocr_amounts_never_raise_and_agree_with_the_strict_reading(text: str) -> None:
    strict, lenient = parse_amount(text), read_ocr_amount(text)
    assert lenient is None or lenient.is_finite()
    if strict is not None:
        assert lenient == strict


@FUZZ
@given(cents.filter(lambda v: v >= 0), st.sampled_from([".", ". ", ","]))
def test_an_ocr_dot_for_the_comma_keeps_every_cent(value: Decimal, separator: str) -> None:
    whole, decimals = f"{value:.2f}".split(".")
    assert read_ocr_amount(f"{whole}{separator}{decimals} €") == value


# -- dates --------------------------------------------------------------------------------

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]  # fmt: skip


@FUZZ
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.booleans())
def test_dates_read_back(day: dt.date, upper: bool) -> None:
    number = "1er" if day.day == 1 else str(day.day)
    long = f"le {number} {MONTHS[day.month - 1]} {day.year},"
    assert parse_long_date(long.upper() if upper else long) == day.isoformat()
    assert parse_numeric_date(f"du {day:%d/%m/%Y}") == day.isoformat()


@FUZZ
@given(domain_text)
def test_date_parsers_never_raise(text: str) -> None:
    for parser in (parse_date, parse_long_date, parse_numeric_date):
        found = parser(text)
        assert found is None or dt.date.fromisoformat(found)


# -- names and attendance -----------------------------------------------------------------

first_names = st.sampled_from(["Jean", "Jean-Claude", "Mireille", "Zoé", "Élodie", "René"])
last_names = st.sampled_from(["LEROY", "HINGREZ-CÉRÉDA", "DE LA FONTAINE", "D'ARTOIS", "HOCQ"])


@FUZZ
@given(st.sampled_from(["M.", "Mme", "Monsieur", "Madame"]), first_names, last_names)
def test_names_read_back(civility: str, first: str, last: str) -> None:
    person = parse_person(f"{civility} {first}  {last}")
    assert person is not None
    assert (person.first_name, person.last_name) == (first, last)
    assert person.member_id == member_id(first.upper(), last.lower())  # case aside


@FUZZ
@given(st.lists(st.tuples(first_names, last_names), min_size=1, max_size=6))
def test_attendance_lists_read_back(people: list[tuple[str, str]]) -> None:
    printed = ", ".join(f"Mme {first} {last}" for first, last in people)
    records = parse_attendance(doc(f"Étaient présents : {printed}.\n"))
    assert [(r.person.first_name, r.person.last_name) for r in records] == people


@FUZZ
@given(domain_text)
def test_name_and_attendance_parsers_never_raise(text: str) -> None:
    parse_person(text)
    split_people(text)
    attendance = parse_attendance(doc(text))
    recusals = parse_recusals(doc(text))
    merge_recusals(attendance, recusals)
    parse_proxies(doc(text))


# -- votes ----------------------------------------------------------------------------------

counts = st.integers(0, 200)


@FUZZ
@given(counts, counts, counts, st.sampled_from(["", " (Groupe Union ; Non-inscrit)"]))
def test_vote_lines_read_back(for_: int, against: int, abstained: int, groups: str) -> None:
    text = (
        "Article 2 : …\nDans les conditions de vote ci-dessous :\n"
        f"Pour : {for_} voix{groups}\nContre : {against} voix\nAbstention : {abstained} voix\n"
        "(Adopté)\n"
    )
    vote = parse_vote(doc(text))
    read = {r.position: r.count for r in vote.records}
    assert read == {
        VotePosition.FOR: for_,
        VotePosition.AGAINST: against,
        VotePosition.ABSTENTION: abstained,
    }
    assert vote.adopted is True


@FUZZ
@given(domain_text, st.integers(0, 400))
def test_vote_parser_never_raises(text: str, start: int) -> None:
    vote = parse_vote(doc(text), min(start, len(text)))
    assert all(r.count is None or r.count >= 0 for r in vote.records)


# -- the rest of the text parsers -----------------------------------------------------------


@FUZZ
@given(pages)
def test_text_parsers_never_raise(numbered: list[tuple[int, str]]) -> None:
    numbered = sorted(dict(numbered).items())
    text = DocText.from_pages(numbered)
    heading = parse_heading(text)
    assert heading.title_offset is None or heading.title_offset >= 0
    parse_articles(text, decision_start(text) or 0)
    parse_citations(text)
    split_sections(numbered)
    looks_like_cp_deliberation(text.text)
    for page in (0, len(text.text) // 2, len(text.text)):
        assert text.page_at(page) in {n for n, _ in numbered} | {1}


@FUZZ
@given(st.lists(domain_text, max_size=4), st.sampled_from(["ok", "partial", "failed"]))
def test_classification_never_raises(texts: list[str], status: str) -> None:
    assert classify(texts, "other", status) in set(DocType)
