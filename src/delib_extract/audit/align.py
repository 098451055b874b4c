"""Pairing two lists of amounts that should carry the same money, when the document does
not say which goes with which (themes voted by the articles vs Article 8 lines).

A theme may be paid from several budget lines (the sum of its lines is its total) and a
budget line may carry several themes. The documents list both in the same order, so runs
are paired in order first (the pairing with the fewest disagreements, then the most
agreeing runs); when that leaves a disagreement, any exact pairing regardless of order
is accepted instead (the money adds up, only the order differs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

MAX_RUN = 6  # at most this many amounts on one side of a run
MAX_UNORDERED = 12  # beyond this many amounts, no order-free search (2^n subsets)


@dataclass(frozen=True)
class Block:
    """Amounts ``left[i]`` for i in ``left`` carry the same money as ``right[j]`` for j in
    ``right`` — or should: ``agrees`` says whether their sums are equal."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    left_sum: Decimal
    right_sum: Decimal
    agrees: bool


def align(
    left: Sequence[Decimal], right: Sequence[Decimal], tolerance: Decimal = Decimal(0)
) -> list[Block]:
    """Runs of ``left`` paired with runs of ``right``, covering both lists."""
    if not left or not right:
        return []
    ordered = _in_order(tuple(left), tuple(right), tolerance)
    if all(block.agrees for block in ordered):
        return ordered
    return _any_order(tuple(left), tuple(right), tolerance) or ordered


def _block(
    left: Sequence[Decimal], right: Sequence[Decimal], li: range, rj: range, tol: Decimal
) -> Block:
    left_sum = sum((left[i] for i in li), Decimal(0))
    right_sum = sum((right[j] for j in rj), Decimal(0))
    return Block(tuple(li), tuple(rj), left_sum, right_sum, abs(left_sum - right_sum) <= tol)


def _in_order(left: tuple, right: tuple, tol: Decimal) -> list[Block]:
    """Dynamic programming over (i, j) = amounts consumed on each side; a step is a run of
    one left amount with 1..MAX_RUN right ones, or the reverse."""
    n, m = len(left), len(right)
    # cost: (disagreeing runs, -agreeing runs, amounts inside disagreeing runs)
    best: dict[tuple[int, int], tuple[tuple[int, int, int], tuple[int, int] | None, Block | None]]
    best = {(0, 0): ((0, 0, 0), None, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in best:
                continue
            cost = best[(i, j)][0]
            steps = [(1, b) for b in range(1, MAX_RUN + 1)]
            steps += [(a, 1) for a in range(2, MAX_RUN + 1)]
            for a, b in steps:
                if i + a > n or j + b > m:
                    continue
                block = _block(left, right, range(i, i + a), range(j, j + b), tol)
                step = (0, -1, 0) if block.agrees else (1, 0, a + b)
                new = tuple(x + y for x, y in zip(cost, step))
                if (i + a, j + b) not in best or new < best[(i + a, j + b)][0]:
                    best[(i + a, j + b)] = (new, (i, j), block)
    blocks: list[Block] = []
    at: tuple[int, int] | None = (n, m)
    if at not in best:  # the runs cannot cover both lists (very uneven lengths): one block
        return [_block(left, right, range(n), range(m), tol)]
    while at is not None and best[at][2] is not None:
        _, previous, block = best[at]
        blocks.insert(0, block)
        at = previous
    return blocks


def _any_order(left: tuple, right: tuple, tol: Decimal) -> list[Block] | None:
    """An exact pairing in any order: each left amount with a set of right ones, or each
    right amount with a set of left ones. None when there is none."""
    found = _subsets(left, right, tol)
    if found is not None:
        return [
            Block((i,), tuple(sorted(js)), left[i], sum(right[j] for j in js), True)
            for i, js in found
        ]
    found = _subsets(right, left, tol)
    if found is not None:
        blocks = [
            Block(tuple(sorted(js)), (j,), sum(left[i] for i in js), right[j], True)
            for j, js in found
        ]
        return sorted(blocks, key=lambda b: b.left)
    return None


def _subsets(
    one: tuple[Decimal, ...], many: tuple[Decimal, ...], tol: Decimal
) -> list[tuple[int, list[int]]] | None:
    if len(many) > MAX_UNORDERED or len(one) > len(many):
        return None
    sums = [Decimal(0)] * (1 << len(many))
    for mask in range(1, 1 << len(many)):
        low = mask & -mask
        sums[mask] = sums[mask ^ low] + many[low.bit_length() - 1]

    @cache
    def solve(i: int, remaining: int) -> tuple[int, ...] | None:
        if i == len(one):
            return () if remaining == 0 else None
        sub = remaining
        while sub:
            if abs(sums[sub] - one[i]) <= tol:
                rest = solve(i + 1, remaining & ~sub)
                if rest is not None:
                    return (sub, *rest)
            sub = (sub - 1) & remaining
        return None

    masks = solve(0, (1 << len(many)) - 1)
    if masks is None:
        return None
    return [(i, [j for j in range(len(many)) if mask >> j & 1]) for i, mask in enumerate(masks)]
