"""The levels stay visible: geo/ imports nothing above it, layers/ no front end; modules stay small."""

import ast
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("path", _modules("geo"), ids=lambda p: str(p.relative_to(ROOT)))
def test_geo_imports_nothing_above_it(path):
    assert not _imports(path) & ({"layers", "shieldmap", "app"} | FRONT_END_LIBRARIES)


@pytest.mark.parametrize("path", _modules("layers"), ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_no_front_end(path):
    assert not _imports(path) & ({"shieldmap", "app"} | FRONT_END_LIBRARIES)


def test_no_source_module_over_400_lines():
    sources = [*_modules("geo"), *_modules("layers"), *_modules("shieldmap"), ROOT / "app.py"]
    long = {str(p.relative_to(ROOT)): n for p in sources if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def _ui_sources() -> list[Path]:
    return [ROOT / "app.py", *_modules("shieldmap/ui")]


def test_no_function_over_50_lines_in_the_app_and_its_pieces():
    long = {}
    for path in _ui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 50:
                long[f"{path.relative_to(ROOT)}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert long == {}


VIEW_KEYS = {"as_of", "sectors_model", "planned", "basemap", "figures_chosen", "what_if_specs", "story",
             "compare_on", "compare_date", "url_warnings"}


def test_only_the_session_module_names_the_views_session_keys():
    """The view travels as one value (shieldmap.view.View): its fields' session keys are named in
    shieldmap/ui/session.py only, never as loose strings elsewhere in the app."""
    found = {}
    for path in _ui_sources():
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
