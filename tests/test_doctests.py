"""The examples in the docstrings of src/ run, and give what they show."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil

import pytest

import delib_extract


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(delib_extract.__path__, "delib_extract."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py") and not info.name.endswith("__main__"):
            with open(origin, encoding="utf-8") as source:
                if ">>> " in source.read():
                    names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_the_examples_are_found() -> None:
    assert {"delib_extract.text.amounts", "delib_extract.db.periods"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    results = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert results.attempted > 0
    assert results.failed == 0, f"{results.failed} example(s) of {name} failed (output above)"
