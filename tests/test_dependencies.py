"""The dependencies pyproject.toml declares are the ones the code uses.

Every third-party module that src/ imports comes from a runtime dependency (or, for a
lazy import, from an optional extra such as ``dask``); every runtime dependency is
imported by src/ or loaded by Datasette as a plugin. The tests need nothing from the
``bench`` extra (camelot, pandas: only benchmarks/table_readers.py uses them).
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(r) for r in PROJECT["dependencies"]]
EXTRAS = {
    name: [Requirement(r) for r in reqs] for name, reqs in PROJECT["optional-dependencies"].items()
}


@cache
def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Top-level third-party modules imported by the .py files of a folder → files."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "delib_extract":
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@cache
def _module_owners() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def distributions_of(module: str) -> frozenset[str]:
    """The distributions that provide a top-level module (``PIL`` → pillow); one not
    installed here (``tomli`` on Python 3.11) is taken to be its own distribution."""
    names = _module_owners().get(module) or [module]
    return frozenset(canonicalize_name(n) for n in names)


def provided_by(requirements: list[Requirement]) -> set[str]:
    """Distributions a list of requirements installs directly: each requirement, and what
    its requested extras add (``dask[distributed]`` → dask, distributed)."""
    out: set[str] = set()
    for requirement in requirements:
        out.add(canonicalize_name(requirement.name))
        try:
            requires = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            sub = Requirement(line)
            if sub.marker and any(sub.marker.evaluate({"extra": e}) for e in requirement.extras):
                out.add(canonicalize_name(sub.name))
    return out


def test_every_module_src_imports_is_declared() -> None:
    allowed = provided_by(RUNTIME)
    lazy = provided_by([r for name, reqs in EXTRAS.items() if name == "dask" for r in reqs])
    undeclared = {
        module: sorted(files)
        for module, files in imported_modules(ROOT / "src").items()
        if not distributions_of(module) & (allowed | lazy)
    }
    assert not undeclared, f"imported by src/ but not declared in pyproject.toml: {undeclared}"


def test_every_runtime_dependency_does_runtime_work() -> None:
    used = set().union(*(distributions_of(m) for m in imported_modules(ROOT / "src")))
    plugins = {
        canonicalize_name(ep.dist.name)
        for ep in metadata.entry_points(group="datasette")
        if ep.dist is not None
    }
    idle = [
        str(r)
        for r in RUNTIME
        if (r.marker is None or r.marker.evaluate())
        and canonicalize_name(r.name) not in used | plugins
    ]
    assert not idle, f"runtime dependencies nothing imports nor loads: {idle}"


@pytest.mark.parametrize("folder", ["src", "tests"])
def test_the_bench_extra_is_for_the_benchmarks_alone(folder: str) -> None:
    bench_only = provided_by(EXTRAS["bench"]) - provided_by(RUNTIME + EXTRAS["test"])
    assert {"camelot-py", "pandas"} <= bench_only
    used = imported_modules(ROOT / folder)
    offenders = {m: sorted(f) for m, f in used.items() if distributions_of(m) & bench_only}
    assert not offenders, f"{folder}/ needs the bench extra: {offenders}"
