"""The consistency audit on hand-built records: each check, its severity, its wording."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from delib_extract.audit import AUDITS, check_decision
from delib_extract.audit.align import align
from delib_extract.audit.kinds import KIND_LABELS, kind_rows
from delib_extract.parse.articles import parse_articles
from delib_extract.parse.proxies import parse_proxies
from delib_extract.records import (
    ArticleRecord,
    AttendanceRecord,
    BudgetLine,
    Decision,
    DeliberationInfo,
    Grant,
    GrantTotal,
    ProxyRecord,
    ReportLine,
    VoteRecord,
)
from delib_extract.settings import Settings
from delib_extract.text.doctext import DocText
from delib_extract.text.names import Person
from delib_extract.vocab import (
    AttendanceStatus,
    BudgetKind,
    CheckKind,
    Recusal,
    TotalScope,
    VotePosition,
)

D = Decimal


def grant(row: int, amount: str | None, text: str | None = None, **kw) -> Grant:
    fields = dict(
        theme="Développement des compétences et accès à l’emploi",
        theme_number=2,
        operation="Accueil pour tous- Crèche AVIP",
        territory="Lens Liévin",
        beneficiary="EPDEF",
        description=f"Action {row}",
        amount=D(amount) if amount is not None else None,
        amount_text=text if text is not None else amount,
        agreement="Convention type",
        page=15,
        row_index=row,
    )
    fields.update(kw)
    return Grant(**fields)


def total(
    row: int, amount: str | None, scope: TotalScope = TotalScope.OPERATION, **kw
) -> GrantTotal:
    fields = dict(
        scope=scope,
        theme="Développement des compétences et accès à l’emploi",
        theme_number=2,
        operation="Accueil pour tous- Crèche AVIP" if scope == TotalScope.OPERATION else None,
        amount=D(amount) if amount is not None else None,
        amount_text=amount,
        page=15,
        row_index=row,
    )
    fields.update(kw)
    return GrantTotal(**fields)


def article(number: int, amount: str | None = None, **kw) -> ArticleRecord:
    return ArticleRecord(number, "…", 2, amount=D(amount) if amount else None, **kw)


def budget_line(row: int, code: str, amount: str | None, kind=BudgetKind.EXPENSE, **kw):
    fields = dict(
        kind=kind,
        printed_article=8 if kind == BudgetKind.EXPENSE else 7,
        section=None,
        operation_code=code,
        budget_code="6568/93428",
        label=None,
        commitment_authority=None,
        amount=D(amount) if amount is not None else None,
        page=3,
        row_index=row,
    )
    fields.update(kw)
    return BudgetLine(**fields)


def report_line(code: str, kind=BudgetKind.EXPENSE, **amounts) -> ReportLine:
    values = {k: D(v) if v is not None else None for k, v in amounts.items()}
    fields = dict(
        kind=kind,
        operation_code=code,
        budget_code="6568/93428",
        label=None,
        commitment_authority=None,
        registered=None,
        available=None,
        proposed=None,
        balance=None,
        page=27,
        row_index=1,
    )
    fields.update(values)
    return ReportLine(**fields)


def doc(**parts) -> Decision:
    info = DeliberationInfo(
        "2023-499", "Titre", None, None, "40", parts.pop("adopted", True),
        parts.pop("unanimous", False), None, 1, 4,
    )  # fmt: skip
    return Decision(info, **parts)


def kinds(result: Decision, settings: Settings | None = None) -> list[tuple[str, str]]:
    checks = check_decision(result, settings) if settings else check_decision(result)
    return [(c.kind, c.severity) for c in checks]


def only(result: Decision, kind: CheckKind):
    found = [c for c in check_decision(result) if c.kind == kind]
    assert len(found) == 1, check_decision(result)
    return found[0]


# -- the grant table --------------------------------------------------------------------


def test_epdef_lines_vs_their_total_is_an_error_that_may_be_a_display_rounding() -> None:
    """n°2023-499: 60 000 € + 13 846 € printed, TOTAL 73 846,05 €."""
    result = doc(
        grants=[grant(1, "60000", "60 000 €"), grant(2, "13846", "13 846 €")],
        grant_totals=[total(3, "73846.05")],
    )
    check = only(result, CheckKind.GRANT_SUM)
    assert (check.severity, check.expected, check.found, check.page) == (
        "error", 73846.0, 73846.05, 15
    )  # fmt: skip
    assert "73 846,00 €" in check.message and "73 846,05 €" in check.message
    assert "60 000,00 € + 13 846,00 €" in check.message
    assert "arrondi d'affichage" in check.message and "(60 000 €, 13 846 €)" in check.message


def test_a_gap_with_every_cent_printed_is_not_called_a_rounding() -> None:
    result = doc(
        grants=[grant(1, "51697.47", "51 697,47 €"), grant(2, "111534.00", "111 534,00 €")],
        grant_totals=[total(3, "163231.42")],
    )
    check = only(result, CheckKind.GRANT_SUM)
    assert "arrondi" not in check.message
    assert "-0,05 €" in check.message


def test_rounding_is_not_invoked_for_a_gap_larger_than_the_rounded_amounts_can_hide() -> None:
    result = doc(grants=[grant(1, "60000", "60 000 €")], grant_totals=[total(2, "60001.00")])
    assert "arrondi" not in only(result, CheckKind.GRANT_SUM).message


def test_a_consistent_table_gives_no_finding() -> None:
    result = doc(
        grants=[grant(1, "22991.90"), grant(2, "5000"), grant(4, "46337", operation="Autre")],
        grant_totals=[
            total(3, "27991.90"),
            total(5, "46337", operation="Autre"),
            total(6, "74328.90", TotalScope.THEME),
        ],
    )
    assert kinds(result) == []


def test_operation_totals_vs_theme_total() -> None:
    result = doc(
        grants=[grant(1, "100"), grant(3, "50", operation="Autre")],
        grant_totals=[
            total(2, "100"),
            total(4, "50", operation="Autre"),
            total(5, "160", TotalScope.THEME),
        ],
    )
    check = only(result, CheckKind.THEME_SUM)
    assert (check.expected, check.found) == (150.0, 160.0)
    assert "150,00 €" in check.message and "160,00 €" in check.message
    assert "thématique 2" in check.message


def test_a_theme_with_a_single_operation_and_no_operation_total() -> None:
    result = doc(grants=[grant(1, "26449")], grant_totals=[total(2, "26450", TotalScope.THEME)])
    assert kinds(result) == [("theme_sum", "error")]


def test_an_unreadable_total_is_an_extraction_finding_not_an_inconsistency() -> None:
    result = doc(grants=[grant(1, "100"), grant(2, "50")], grant_totals=[total(3, None)])
    assert kinds(result) == [("extraction", "warning")]


def test_an_unreadable_line_amount_is_an_extraction_finding_and_skips_the_sum() -> None:
    result = doc(
        grants=[grant(1, None, "12 3OO,00 €"), grant(2, "50")], grant_totals=[total(3, "150")]
    )
    assert kinds(result) == [("extraction", "warning")]
    assert "12 3OO,00 €" in check_decision(result)[0].message


def test_lines_without_beneficiary_or_amount() -> None:
    result = doc(grants=[grant(1, "100", beneficiary=None), grant(2, None, "")])
    found = check_decision(result)
    assert [(c.kind, c.severity) for c in found] == [
        ("grant_incomplete", "warning"),
        ("grant_incomplete", "warning"),
    ]
    assert "aucune structure" in found[0].message and "aucun montant" in found[1].message


def test_duplicated_lines_are_a_warning() -> None:
    same = dict(description="Même action", territory="Artois")
    result = doc(grants=[grant(1, "100", **same), grant(2, "100", **same), grant(3, "100")])
    check = only(result, CheckKind.GRANT_DUPLICATE)
    assert check.severity == "warning" and "2 fois" in check.message


# -- articles and budget tables ---------------------------------------------------------


def themes(*amounts: str) -> list[ArticleRecord]:
    return [article(n + 1, a, theme_number=n + 2, theme=f"Thème {n + 2}") for n, a in
            enumerate(amounts)]  # fmt: skip


def test_theme_total_vs_the_amount_its_article_votes() -> None:
    result = doc(
        articles=themes("26449"),
        grants=[grant(1, "26450")],
        grant_totals=[total(2, "26450", TotalScope.THEME, theme_number=2)],
    )
    check = only(result, CheckKind.THEME_ARTICLE)
    assert (check.expected, check.found) == (26449.0, 26450.0)
    assert "l'article 1 vote 26 449,00 €" in check.message


def test_article_8_lines_paired_with_themes_by_order_and_amounts() -> None:
    # Theme 2 is paid from two lines, theme 3 from one: all consistent.
    lines = [budget_line(1, "C01-444H01", "41876.96"), budget_line(2, "C01-444H03", "22144.60"),
             budget_line(3, "C01-444H02", "159320.72")]  # fmt: skip
    result = doc(articles=themes("64021.56", "159320.72"), budget_lines=lines)
    assert kinds(result) == []
    # The same lines in another order still add up: no finding.
    assert kinds(replace_lines(result, list(reversed(lines)))) == []


def replace_lines(result: Decision, lines: list[BudgetLine]) -> Decision:
    copy = doc(articles=result.articles)
    copy.budget_lines = lines
    return copy


def test_an_article_8_line_that_differs_from_its_theme() -> None:
    lines = [budget_line(1, "C01-444H02", "148174.95"), budget_line(2, "C02-428B04", "26450"),
             budget_line(3, "C02-428C02", "1038199")]  # fmt: skip
    result = doc(articles=themes("148174.95", "26449", "1038199"), budget_lines=lines)
    check = only(result, CheckKind.EXPENSE_LINE)
    assert (check.expected, check.found, check.severity) == (26449.0, 26450.0, "error")
    assert "l'article 2 (thématique 3) vote 26 449,00 €" in check.message
    assert "la ligne C02-428B04 impute 26 450,00 €" in check.message
    assert "l'ordre et les montants" in check.message


def test_only_the_articles_the_budget_article_cites_are_paired() -> None:
    cited = article(9, budget_kind=BudgetKind.EXPENSE, applies=(2,))
    result = doc(
        articles=[*themes("100", "200"), cited], budget_lines=[budget_line(1, "C01-444H02", "200")]
    )
    assert kinds(result) == []


def test_article_7_revenue_vs_the_revenue_an_article_accepts() -> None:
    result = doc(
        articles=[article(1, "45000", revenue=True),
                  article(7, budget_kind=BudgetKind.REVENUE, applies=(1,))],
        budget_lines=[budget_line(1, "C02-428N01", "40000", kind=BudgetKind.REVENUE)],
    )  # fmt: skip
    check = only(result, CheckKind.REVENUE_LINE)
    assert (check.expected, check.found) == (45000.0, 40000.0)
    assert "l'article 1 autorise à percevoir 45 000,00 €" in check.message


def test_an_unreadable_budget_amount_is_an_extraction_finding() -> None:
    result = doc(articles=themes("100"), budget_lines=[budget_line(1, "C01-444H02", None)])
    assert kinds(result) == [("extraction", "warning")]


# -- the report's tables ------------------------------------------------------------------


def test_report_revenue_table_registered_plus_proposed_is_the_balance() -> None:
    """n°2023-499: Inscrit 7 536 157 + Proposition 40 000, Solde printed 7 576 137."""
    line = report_line("C02-428N01", BudgetKind.REVENUE, registered="7536157",
                       proposed="40000", balance="7576137")  # fmt: skip
    check = only(doc(report_lines=[line]), CheckKind.REPORT_BALANCE)
    assert (check.expected, check.found, check.page) == (7576157.0, 7576137.0, 27)
    assert "7 576 157,00 €" in check.message and "7 576 137,00 €" in check.message


def test_report_expense_table_available_minus_proposed_is_the_balance() -> None:
    good = report_line("C01-444H02", available="449658.54", proposed="148174.95",
                       balance="301483.59")  # fmt: skip
    assert kinds(doc(report_lines=[good])) == []
    bad = replace(good, balance=D("301483.60"))
    assert kinds(doc(report_lines=[bad])) == [("report_balance", "error")]


def test_a_proposal_beyond_what_is_available_is_a_warning() -> None:
    line = report_line("C01-444H02", available="100", proposed="150", balance="-50")
    assert kinds(doc(report_lines=[line])) == [("report_overdraft", "warning")]


def test_an_unreadable_balance_is_an_extraction_finding() -> None:
    line = report_line("C02-428B04", available="1794639.51", proposed="472823.35")
    assert kinds(doc(report_lines=[line])) == [("extraction", "warning")]


def test_report_lines_against_the_decision_by_operation_code() -> None:
    decision = [budget_line(1, "C01-444H02", "148174.95", commitment_authority=D("7298182")),
                budget_line(2, "C02-428B04", "26449")]  # fmt: skip
    report = [
        report_line("C02-428B04", available="355140", proposed="26449", balance="328691"),
        report_line("C01-444H02", available="449658.54", proposed="148175.95",
                    balance="301482.59", commitment_authority="7298183"),
    ]  # fmt: skip
    found = check_decision(doc(budget_lines=decision, report_lines=report))
    assert [(c.kind, c.expected, c.found) for c in found] == [
        ("report_proposal", 148174.95, 148175.95),
        ("report_ae", 7298182.0, 7298183.0),
    ]


def test_an_operation_in_only_one_of_report_and_decision_is_a_warning() -> None:
    decision = [budget_line(1, "C01-444H02", "100")]
    report = [
        report_line("C01-444H02", available="500", proposed="100", balance="400"),
        report_line("C02-428C02", available="500", proposed="10", balance="490"),
    ]
    found = kinds(doc(budget_lines=decision, report_lines=report))
    assert found == [("report_unmatched", "warning")]


# -- votes and attendance ----------------------------------------------------------------


def member(first: str, last: str) -> Person:
    return Person("M.", first, last)


def present(n: int, recused: int = 0) -> list[AttendanceRecord]:
    return [
        AttendanceRecord(member(f"Élu{i}", f"NOM{i}"), AttendanceStatus.PRESENT, 1,
                         Recusal.DEBATE_AND_VOTE if i < recused else None)
        for i in range(n)
    ]  # fmt: skip


def votes(for_: int | None, against: int = 0, abstention: int = 0) -> list[VoteRecord]:
    return [
        VoteRecord(VotePosition.FOR, for_, (), 2),
        VoteRecord(VotePosition.AGAINST, against, (), 2),
        VoteRecord(VotePosition.ABSTENTION, abstention, (), 2),
    ]


def test_votes_matching_members_present_minus_recusals() -> None:
    assert kinds(doc(attendance=present(8, recused=3), votes=votes(4, 0, 1))) == []


def test_votes_that_do_not_match_the_attendance_are_a_warning() -> None:
    check = only(doc(attendance=present(42, 13), votes=votes(31, 0, 13)), CheckKind.VOTE_COUNT)
    assert (check.severity, check.expected, check.found) == ("warning", 29.0, 44.0)
    assert "44 voix" in check.message and "29 membres" in check.message


def test_recused_members_apparently_counted_as_voting() -> None:
    check = only(doc(attendance=present(42, 6), votes=votes(42)), CheckKind.VOTE_RECUSAL)
    assert (check.severity, check.expected, check.found) == ("warning", 36.0, 42.0)


def test_proxies_count_as_votes() -> None:
    proxies = [ProxyRecord("M. Daniel MACIEJASZ", "…", 1), ProxyRecord("Mme X", "…", 1)]
    assert kinds(doc(attendance=present(8, 3), votes=votes(5, 0, 2), proxies=proxies)) == []
    assert kinds(doc(attendance=present(8, 3), votes=votes(5, 0, 2))) == [("vote_count", "warning")]


def test_unanimity_without_counts_is_not_compared() -> None:
    result = doc(attendance=present(5), votes=votes(None), unanimous=True)
    assert kinds(result) == []


def test_unanimity_with_votes_against_is_an_error() -> None:
    result = doc(attendance=present(5), votes=votes(4, 1), unanimous=True)
    assert ("vote_unanimity", "error") in kinds(result)


@pytest.mark.parametrize(
    ("adopted", "for_", "against", "expected"),
    [
        (True, 12, 32, [("vote_outcome", "error")]),
        (False, 32, 12, [("vote_outcome", "error")]),
        (False, 12, 32, []),
        (True, 22, 22, []),  # a tie: the president's casting vote
    ],
)
def test_outcome_against_counts(adopted: bool, for_: int, against: int, expected: list) -> None:
    result = doc(attendance=present(for_ + against), votes=votes(for_, against), adopted=adopted)
    assert kinds(result) == expected


def test_a_member_both_present_and_excused_is_an_error() -> None:
    twice = [*present(3), AttendanceRecord(member("Élu1", "NOM1"), AttendanceStatus.EXCUSED, 1)]
    check = only(doc(attendance=twice), CheckKind.ATTENDANCE_CONFLICT)
    assert check.severity == "error" and "Élu1 NOM1" in check.message


def test_a_recused_member_missing_from_the_present_list_is_a_warning() -> None:
    absent = AttendanceRecord(member("Jean", "DUPONT"), None, 1, Recusal.DEBATE_AND_VOTE, 1)
    assert kinds(doc(attendance=[*present(2), absent])) == [("recusal_absent", "warning")]


# -- the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (["1", "2"], ["1", "2"], [((0,), (0,), True), ((1,), (1,), True)]),
        (["3", "2"], ["1", "2", "2"], [((0,), (0, 1), True), ((1,), (2,), True)]),
        (["1", "2"], ["3"], [((0, 1), (0,), True)]),
        (["1", "2"], ["2", "1"], [((0,), (1,), True), ((1,), (0,), True)]),
        (["1", "5", "7"], ["1", "6", "7"], [((0,), (0,), True), ((1,), (1,), False),
                                            ((2,), (2,), True)]),
    ],
)  # fmt: skip
def test_align(left: list[str], right: list[str], expected: list) -> None:
    blocks = align([D(x) for x in left], [D(x) for x in right])
    assert [(b.left, b.right, b.agrees) for b in blocks] == expected


def test_tolerance_in_cents_comes_from_the_settings() -> None:
    result = doc(grants=[grant(1, "100.00")], grant_totals=[total(2, "100.05")])
    assert kinds(result) == [("grant_sum", "error")]
    assert kinds(result, Settings(audit_tolerance_cents=5)) == []


def test_every_kind_has_a_french_label() -> None:
    assert set(KIND_LABELS) == set(CheckKind)
    assert all(row["label"] and row["description"] for row in kind_rows())
    assert len(AUDITS) >= 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les dépenses versées en application des articles 2, 3 et 4 de la présente "
         "délibération sont imputées sur le budget départemental comme suit :", (2, 3, 4)),
        ("La recette visée à l’article 1 de la présente délibération sera affectée au "
         "budget départemental comme suit :", (1,)),
        ("Les dépenses versées en application de l'article 2 sont imputées sur le budget "
         "départemental comme suit :", (2,)),
        ("Les dépenses versées en application des articles 2 à 4 sont imputées sur le budget "
         "départemental comme suit :", (2, 3, 4)),
    ],
)  # fmt: skip
def test_articles_a_budget_table_applies(text: str, expected: tuple[int, ...]) -> None:
    (parsed,) = parse_articles(DocText.from_pages([(1, f"Article 8 :\n{text}\n")]))
    assert parsed.budget_kind is not None
    assert parsed.applies == expected


@pytest.mark.parametrize(
    ("text", "holders"),
    [
        ("Excusés : M. Pierre GEORGET (pouvoir donné à M. Daniel MACIEJASZ).",
         ["M. Daniel MACIEJASZ"]),
        ("M. Éric KERDRANVAT a donné procuration à M. Gurvan KERLOC'H,", ["M. Gurvan KERLOC'H"]),
        ("Pouvoirs : M. Pierre GEORGET à M. Daniel MACIEJASZ, Mme Stéphanie RIGAUX à "
         "Mme Maryse DELASSUS.\n", ["M. Daniel MACIEJASZ", "Mme Maryse DELASSUS"]),
        ("Étaient présents : M. Jean-Claude LEROY, Mme Maryse DELASSUS.", []),
        ("pour renforcer leur pouvoir d’agir.", []),
    ],
)  # fmt: skip
def test_proxies(text: str, holders: list[str]) -> None:
    assert [p.holder for p in parse_proxies(DocText.from_pages([(1, text)]))] == holders


def test_a_theme_without_its_total_does_not_spill_into_the_next() -> None:
    result = doc(
        grants=[grant(1, "100"), grant(3, "40", theme_number=3, operation="Autre")],
        grant_totals=[
            total(2, "100"),  # theme 2: an operation TOTAL, no theme TOTAL
            total(4, "40", theme_number=3, operation="Autre"),
            total(5, "40", TotalScope.THEME, theme_number=3),
        ],
    )
    assert kinds(result) == []


def test_articles_without_a_theme_but_cited_by_article_8_are_paired() -> None:
    plain = article(2, "500", distribution_annex=None)  # "pour un montant total de 500 €"
    cited = article(9, budget_kind=BudgetKind.EXPENSE, applies=(1, 2))
    result = doc(
        articles=[*themes("100"), plain, cited],
        budget_lines=[budget_line(1, "C01-444H02", "100"), budget_line(2, "C02-428C02", "500")],
    )
    assert kinds(result) == []
