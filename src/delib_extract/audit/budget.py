"""The decision's money: each theme's TOTAL vs the amount its article votes, the voted
amounts vs the Article 8 expense lines, the revenue an article accepts vs Article 7.

The document never says which Article 8 line pays which theme: lines and themes are
paired by :func:`~delib_extract.audit.align.align` (same order, equal sums; any order
when only the order differs), and the message says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from delib_extract.audit.align import Block, align
from delib_extract.audit.findings import Figure, article_of, differs, mismatch, unreadable
from delib_extract.audit.money import theme_label
from delib_extract.records import ArticleRecord, BudgetLine, Check, Decision, GrantTotal
from delib_extract.vocab import BudgetKind, CheckKind, TotalScope

PAIRING_NOTE = (
    " Rattachement fait par l'ordre et les montants : le document ne dit pas quelle ligne "
    "budgétaire paie quelle thématique."
)


def check_decision_money(decision: Decision, tolerance: Decimal) -> list[Check]:
    return (
        _themes_vs_articles(decision, tolerance)
        + _voted_vs_budget(decision, BudgetKind.EXPENSE, tolerance)
        + _voted_vs_budget(decision, BudgetKind.REVENUE, tolerance)
    )


def _themes_vs_articles(decision: Decision, tolerance: Decimal) -> list[Check]:
    theme_totals = {
        t.theme_number: t
        for t in decision.grant_totals
        if t.scope == TotalScope.THEME and t.theme_number is not None and t.amount is not None
    }
    checks = []
    for article in decision.articles:
        total = theme_totals.get(article.theme_number)
        if article.amount is None or total is None or total.amount is None:
            continue
        if differs(article.amount, total.amount, tolerance):
            checks.append(_theme_article(article, total))
    return checks


def _theme_article(article: ArticleRecord, total: GrantTotal) -> Check:
    assert article.amount is not None and total.amount is not None
    label = theme_label(article.theme_number, article.theme or total.theme)
    return mismatch(
        CheckKind.THEME_ARTICLE,
        label[0].upper() + label[1:],
        (f"l'article {article.number} vote", article.amount),
        ("mais le TOTAL de la thématique dans la répartition financière est", total.amount),
        total.page,
        [Figure(article.amount), Figure(total.amount, total.amount_text)],
    )


def _voted(decision: Decision, kind: BudgetKind) -> list[ArticleRecord]:
    """The articles whose amounts the budget table of ``kind`` carries: those the table's
    article cites ("en application des articles 2, 3 et 4"), else every article that
    accepts a revenue, or finances a theme or an annexed distribution."""
    revenue = kind == BudgetKind.REVENUE
    stating = [
        a
        for a in decision.articles
        if a.amount is not None and a.budget_kind is None and a.revenue == revenue
    ]
    cited = {n for a in decision.articles if a.budget_kind == kind for n in a.applies}
    chosen = [a for a in stating if a.number in cited]
    if chosen or revenue:
        return chosen or stating
    return [a for a in stating if a.theme_number is not None or a.distribution_annex]


def _voted_vs_budget(decision: Decision, kind: BudgetKind, tolerance: Decimal) -> list[Check]:
    lines = [b for b in decision.budget_lines if b.kind == kind]
    voted = _voted(decision, kind)
    if not lines or not voted:
        return []
    missing = [b for b in lines if b.amount is None]
    if missing:
        return [
            unreadable(f"montant de la ligne {b.operation_code or '?'} (article {article_of(b)})",
                       b.page)
            for b in missing
        ]  # fmt: skip
    amounts = [a.amount for a in voted if a.amount is not None]
    blocks = align(amounts, [b.amount for b in lines if b.amount is not None], tolerance)
    return [
        _budget_mismatch(kind, [voted[i] for i in block.left], [lines[j] for j in block.right],
                         block)
        for block in blocks
        if not block.agrees
    ]  # fmt: skip


def _budget_mismatch(
    kind: BudgetKind, articles: Sequence[ArticleRecord], lines: Sequence[BudgetLine], block: Block
) -> Check:
    expense = kind == BudgetKind.EXPENSE
    check = mismatch(
        CheckKind.EXPENSE_LINE if expense else CheckKind.REVENUE_LINE,
        f"Article {article_of(lines[0])}, tableau des {'dépenses' if expense else 'recettes'}",
        (_articles_words(articles, expense), block.left_sum),
        (_lines_words(lines, expense), block.right_sum),
        lines[0].page,
        [Figure(block.left_sum), *(Figure(b.amount) for b in lines if b.amount is not None)],
    )
    return replace(check, message=check.message + PAIRING_NOTE) if expense else check


def _articles_words(articles: Sequence[ArticleRecord], expense: bool) -> str:
    """``l'article 3 (thématique 3) vote`` / ``les articles 2 et 3 … votent``."""
    several = len(articles) > 1
    words = "les articles " if several else "l'article "
    words += " et ".join(str(a.number) for a in articles)
    if not expense:
        return words + (" autorisent" if several else " autorise") + " à percevoir"
    themes = [str(a.theme_number) for a in articles if a.theme_number is not None]
    if themes:
        words += f" (thématique{'s' if len(themes) > 1 else ''} {' et '.join(themes)})"
    return words + (" votent" if several else " vote")


def _lines_words(lines: Sequence[BudgetLine], expense: bool) -> str:
    codes = " + ".join(b.operation_code or "?" for b in lines)
    if len(lines) == 1:
        return f"mais la ligne {codes} " + ("impute" if expense else "inscrit en recette")
    return f"mais les lignes {codes} " + ("imputent" if expense else "inscrivent en recette")
