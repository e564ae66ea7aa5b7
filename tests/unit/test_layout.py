"""The levels stay visible: geo/ imports nothing above it, layers/ no front end, no module imports
itself round a cycle, layer ids are tested only in layers/; modules and functions stay small."""

import ast
from pathlib import Path

import pytest

from layers.registry import LAYER_IDS

ROOT = Path(__file__).resolve().parents[2]
FRONT_END_LIBRARIES = {"streamlit", "streamlit_folium", "folium", "branca"}


def _imports(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (at any depth of the code)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


OURS = [*_modules("geo"), *_modules("layers"), *_modules("shieldmap"), ROOT / "app.py"]


def _name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(paths: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the modules of ``paths`` it imports, at any depth of its code (lazy imports too):
    ``import a.b`` gives ``a.b``; ``from a.b import c`` gives ``a.b`` (whose code runs first, even when ``c`` is a
    module: a package's ``__init__`` that imports its subcommands is in a circle with each of them that imports
    ``from`` the package) and ``a.b.c`` if that is a module."""
    known = {_name(p, root) for p in paths}
    graph = {}
    for path in paths:
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        graph[_name(path, root)] = {name for name in found if name in known} - {_name(path, root)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``: each strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("path", _modules("geo"), ids=lambda p: str(p.relative_to(ROOT)))
def test_geo_imports_nothing_above_it(path):
    assert not _imports(path) & ({"layers", "shieldmap", "app"} | FRONT_END_LIBRARIES)


@pytest.mark.parametrize("path", _modules("layers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_no_front_end(path):
    assert not _imports(path) & ({"shieldmap", "app"} | FRONT_END_LIBRARIES)


def test_no_source_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in OURS if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_the_cycle_finder_finds_cycles():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_sees_lazy_and_from_imports(tmp_path):
    graph = import_graph(OURS)
    assert "shieldmap.web.webmap" in graph["shieldmap.web.assets"]  # imported inside a function
    assert "layers.style" in graph["shieldmap.web.mapkey"]  # from layers import style
    # the circle the command had: a package __init__ importing its subcommands, which import from the package
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from pkg import sub\n")
    (tmp_path / "pkg" / "args.py").write_text("X = 1\n")
    (tmp_path / "pkg" / "sub.py").write_text("def f():\n    from pkg import args\n")
    assert cycles(import_graph(sorted((tmp_path / "pkg").glob("*.py")), tmp_path)) == [["pkg", "pkg.sub"]]


def test_no_import_cycles_among_our_modules():
    assert cycles(import_graph(OURS)) == []


def _layer_id_tests(path: Path) -> list[str]:
    """``x == "csto"``, ``"csto" in ids`` and the like: where a module decides by a layer's id."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            constants = [n.value for n in (node.left, *node.comparators) if isinstance(n, ast.Constant)]
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {c}" for c in constants if c in LAYER_IDS]
    return found


def test_layer_ids_are_tested_only_in_layers():
    """How a layer is drawn or described is asked of layers/ (layers/style.py), not decided by its id."""
    assert [hit for p in [*_modules("shieldmap"), ROOT / "app.py"] for hit in _layer_id_tests(p)] == []


def _long_functions(path: Path, limit: int = 50) -> dict[str, int]:
    return {node.name: n for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (n := node.end_lineno - node.lineno + 1) > limit}


@pytest.mark.parametrize("path", OURS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_over_50_lines(path):
    """In geo/, layers/, shieldmap/ and app.py, with no exception."""
    assert _long_functions(path) == {}


VIEW_KEYS = {"as_of", "sectors_model", "planned", "basemap", "figures_chosen", "what_if_specs", "story",
             "compare_on", "compare_date", "url_warnings"}


def test_only_the_session_module_names_the_views_session_keys():
    """The view travels as one value (shieldmap.view.View): its fields' session keys are named in
    shieldmap/ui/session.py only, never as loose strings elsewhere in the app."""
    found = {}
    for path in [ROOT / "app.py", *_modules("shieldmap/ui")]:
        if path.name == "session.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value in VIEW_KEYS:
                found.setdefault(str(path.relative_to(ROOT)), set()).add(node.slice.value)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("get", "setdefault", "pop") and node.args
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value in VIEW_KEYS):
                found.setdefault(str(path.relative_to(ROOT)), set()).add(node.args[0].value)
            if isinstance(node, ast.keyword) and node.arg == "key" and isinstance(node.value, ast.Constant) \
                    and node.value.value in VIEW_KEYS:
                found.setdefault(str(path.relative_to(ROOT)), set()).add(node.value.value)
    assert found == {}


#: Imports every module of ours but app.py (the entry point; its import is the server's start) and the ``__main__``
#: programs, then lists the processes and threads that importing started.
_IMPORT_ALL = """
import importlib, json, os, sys, threading
for name in sys.argv[1:]:
    importlib.import_module(name)
children = [int(pid) for task in os.listdir("/proc/self/task")
            for pid in open(f"/proc/self/task/{task}/children").read().split()]
print(json.dumps({"children": children, "threads": sorted(t.name for t in threading.enumerate())}))
"""


def test_importing_our_modules_starts_no_process_or_thread():
    """No import with a side effect: importing shieldmap/ui/cache.py used to start the upload fork server."""
    import json
    import os
    import subprocess
    import sys

    names = [_name(p) for p in OURS if p.name != "__main__.py" and p != ROOT / "app.py"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-c", _IMPORT_ALL, *names], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    started = json.loads(run.stdout.splitlines()[-1])
    assert started == {"children": [], "threads": ["MainThread"]}


def test_the_type_checker_covers_our_code_and_runs_in_make_test():
    """mypy (pyproject.toml's [tool.mypy]) checks every body in geo/, layers/, shieldmap/ and app.py; ``make test``
    (which CI runs) and ``make lint`` run it after ruff, before the tests."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert set(config["files"]) == {"geo", "layers", "shieldmap", "app.py"} and config["check_untyped_defs"] is True
    makefile = (ROOT / "Makefile").read_text()
    for target in ("test", "lint"):
        recipe = makefile[makefile.index(f"\n{target}:") + 1:].split("\n\n")[0].splitlines()[1:]
        steps = [line.strip().split()[0] for line in recipe]
        assert steps[:2] == ["$(BIN)/ruff", "$(BIN)/mypy"], (target, steps)
