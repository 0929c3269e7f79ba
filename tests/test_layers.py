"""The layers stay apart: only the HTTP layer knows Litestar and its own modules; the
store knows neither the domain nor HTTP; the policy engine knows only itself.

Imports are read from the source (function-level and type-only imports included),
so a layer breach fails here before anyone runs it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parent.parent / "service"
HTTP_LAYER = ("service.api", "service.app")
# The process that serves the HTTP layer, and the command line that starts it.
ENTRY_POINTS = ("service.server", "service.cli", "service.__main__")
# What the store may use besides itself: the engine's types and a few leaf helpers.
STORE_USES = ("service.store", "service.pii", "service.ids", "service.times", "service.reasons")


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVICE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it (``from x import y``: x and x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


MODULES = {module_name(path): imports(path) for path in sorted(SERVICE.rglob("*.py"))}


def test_the_import_reader_sees_the_http_layer() -> None:
    """The checks below can fail: the reader finds what the HTTP layer imports."""
    assert "litestar" in MODULES["service.app"]
    assert "service.api.readers" in MODULES["service.app"]
    assert within("service.api.problems", HTTP_LAYER) and not within("service.apis", HTTP_LAYER)


@pytest.mark.parametrize("module", [name for name in MODULES if not within(name, HTTP_LAYER)])
def test_only_the_http_layer_knows_litestar(module: str) -> None:
    assert not {name for name in MODULES[module] if within(name, ("litestar",))}


@pytest.mark.parametrize(
    "module", [name for name in MODULES if not within(name, HTTP_LAYER + ENTRY_POINTS)]
)
def test_nothing_below_the_http_layer_imports_it(module: str) -> None:
    assert not {name for name in MODULES[module] if within(name, HTTP_LAYER)}


@pytest.mark.parametrize("module", [name for name in MODULES if within(name, ("service.store",))])
def test_the_store_knows_neither_the_domain_nor_http(module: str) -> None:
    service_imports = {name for name in MODULES[module] if within(name, ("service",))}
    assert {name for name in service_imports if not within(name, STORE_USES)} == set()


@pytest.mark.parametrize("module", [name for name in MODULES if within(name, ("service.pii",))])
def test_the_engine_knows_only_itself(module: str) -> None:
    service_imports = {name for name in MODULES[module] if within(name, ("service",))}
    assert {name for name in service_imports if not within(name, ("service.pii",))} == set()


def test_the_store_interface_loads_no_implementation() -> None:
    """Nor does the SQL the stores share: each store's own package loads its driver."""
    stores = ("service.store.sqlite", "service.store.postgres")
    implementations = (*stores, "aiosqlite", "sqlite3", "asyncpg")
    chooser = "service.store.backends"
    shared = [
        name
        for name in MODULES
        if within(name, ("service.store",)) and not within(name, stores) and name != chooser
    ]
    assert "service.store.sql.steps" in shared and "service.store.interface" in shared
    for module in shared:
        assert not {name for name in MODULES[module] if within(name, implementations)}, module


def test_problems_and_metrics_load_no_database_driver() -> None:
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, service.api.problems, service.metrics, service.store;"
            "print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "service.api.problems" in loaded
    drivers = ("aiosqlite", "asyncpg", "service.store.sqlite", "service.store.postgres")
    assert not [name for name in loaded if within(name, drivers)]
