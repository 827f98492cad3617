"""The package's shape is part of the design: folders that show the pipeline, small
modules, imports that go one way. These tests keep it so."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "explainer"
STAGES = ("content", "facts", "charts", "brand", "images", "site", "build")
#: What each stage may import (besides the top-level errors and settings).
ALLOWED = {
    "content": {"facts"},
    "facts": set(),
    "charts": {"facts"},
    "brand": {"content", "facts", "charts"},
    "images": {"charts"},
    "site": {"content", "facts", "charts", "brand"},
    "build": {"content", "facts", "charts", "brand", "images", "site"},
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The explainer modules `path` imports (anywhere in it, lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            found |= {s for s in subs if s in modules} or {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {name for name in found if name in modules}


def test_every_module_is_at_most_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_the_top_of_the_package_is_the_cli_errors_and_its_face() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 6, top
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(STAGES)


def test_every_stage_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
        assert doc and len(doc.splitlines()) >= 2, stage


def test_no_import_cycles_between_modules() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*stack, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_stages_import_only_the_stages_before_them() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        parts = name.split(".")
        if len(parts) < 3 or parts[1] not in STAGES:
            continue
        for dep in _imports(path, modules):
            other = dep.split(".")[1] if dep.count(".") >= 1 else ""
            if other in STAGES and other != parts[1] and other not in ALLOWED[parts[1]]:
                wrong.append(f"{name} imports {dep}")
    assert wrong == []
