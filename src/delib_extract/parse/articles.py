"""The decision's articles: what each votes, which theme, which annex, which budget table."""

from __future__ import annotations

import re

from delib_extract.records import ArticleRecord
from delib_extract.text.amounts import find_amount
from delib_extract.text.doctext import DocText
from delib_extract.text.normalise import collapse, fold
from delib_extract.vocab import BudgetKind

ARTICLE_HEADING_RE = re.compile(r"(?:^|\n)\s*Article\s+(\d{1,2})\s*(?:er)?\s*[:.\-–]", re.I)
_DECIDE_RE = re.compile(r"\bD[ÉE]CIDE\s*:?", re.I)
_THEME_RE = re.compile(r"th[ée]matique\s+(\d+)\s*[«\"“]\s*(.+?)\s*[»\"”]", re.I | re.S)
_DISTRIBUTION_RE = re.compile(
    r"r[ée]partition\s+financi[èe]re\s+(?:propos[ée]e\s+)?(?:en|à l.|a l.)\s*annexe\s+(\d+)", re.I
)
_ANNEX_REF_RE = re.compile(r"annexes?\s+(\d+)(?:\s*(?:et|,)\s*(\d+))?", re.I)
_APPLIES_RE = re.compile(
    r"(?:application|vis[ée]e?s?)\s+(?:(?:des|de|du|aux|au|à|a)\s+)?(?:l[’']\s*)?articles?\s+"
    r"(?P<list>\d+(?:\s*er)?(?:\s*(?:,|et|à)\s*\d+)*)",
    re.I,
)


def decision_start(doc: DocText) -> int:
    match = _DECIDE_RE.search(doc.text)
    return match.end() if match else 0


def parse_articles(doc: DocText, start: int = 0) -> list[ArticleRecord]:
    text = doc.text
    headings = [m for m in ARTICLE_HEADING_RE.finditer(text) if m.start() >= start]
    out: list[ArticleRecord] = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        body = text[heading.end() : end]
        out.append(_article(int(heading.group(1)), body, doc.page_at(heading.start())))
    return out


def _article(number: int, body: str, page: int) -> ArticleRecord:
    flat = collapse(body)
    folded = fold(flat)
    theme = _THEME_RE.search(flat)
    distribution = _DISTRIBUTION_RE.search(flat)
    annexes = tuple(sorted({int(n) for m in _ANNEX_REF_RE.finditer(flat) for n in m.groups() if n}))
    budget_kind = None
    if re.search(r"recettes?\b.{0,120}affect[ée]e?s?\s+au\s+budget", folded):
        budget_kind = BudgetKind.REVENUE
    elif re.search(
        r"depenses?\b.{0,160}(imputee?s?|affectee?s?)\s+(sur|au)\s+(le\s+)?budget", folded
    ):
        budget_kind = BudgetKind.EXPENSE
    amount = None
    if theme or "montant total" in folded or "recette de" in folded:
        amount = find_amount(flat)
    return ArticleRecord(
        number=number,
        text=flat[:2000],
        page=page,
        theme_number=int(theme.group(1)) if theme else None,
        theme=collapse(theme.group(2)) if theme else None,
        amount=amount,
        annexes=annexes,
        distribution_annex=int(distribution.group(1)) if distribution else None,
        budget_kind=budget_kind,
        revenue=bool(re.search(r"percevoir\s+(la|une|les)\s+recettes?", folded)),
        applies=_applies(flat) if budget_kind else (),
    )


def _applies(text: str) -> tuple[int, ...]:
    """``"en application des articles 2, 3 et 4"`` → (2, 3, 4); ``"articles 2 à 4"`` too."""
    match = _APPLIES_RE.search(text)
    if not match:
        return ()
    found: list[int] = []
    for part in re.split(r"\s*(?:,|et)\s*", match.group("list")):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        found += list(range(bounds[0], bounds[-1] + 1)) if len(bounds) == 2 else bounds
    return tuple(found)
