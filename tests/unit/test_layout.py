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
