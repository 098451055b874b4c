"""How printed text is compared and joined (text/normalise.py)."""

from __future__ import annotations

import pytest

from delib_extract.text.normalise import accent_count, fold, join_wrapped, loose_key


@pytest.mark.parametrize(
    ("text", "count"),
    [("HINGREZ-CÉRÉDA", 2), ("HINGREZ-CEREDA", 0), ("Liévin", 1), ("Noël Œuvre", 1), ("", 0)],
)
def test_accent_count(text: str, count: int) -> None:
    assert accent_count(text) == count


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["LENS-", "LIEVIN"], "LENS-LIEVIN"),  # a name cut after its hyphen
        (["Mission locale", "de l'Artois"], "Mission locale de l'Artois"),
        (["Arras -", "Lens"], "Arras - Lens"),  # a spaced dash is a separator
        (["HINGREZ-", "CÉRÉDA", "Mireille"], "HINGREZ-CÉRÉDA Mireille"),
        ([], ""),
    ],
)
def test_join_wrapped(lines: list[str], text: str) -> None:
    assert join_wrapped(lines) == text


def test_fold_and_loose_key() -> None:
    assert (
        fold("  CCAS de Pont-à-Vendin ")
        == fold("ccas de pont - a - vendin")
        == ("ccas de pont-a-vendin")
    )
    assert loose_key("CCAS de Pont-à-Vendin") == loose_key("C.C.A.S DE PONT A VENDIN")
