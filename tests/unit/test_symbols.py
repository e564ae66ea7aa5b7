"""One style source (issue 35.3): every symbol of layers/style.py drawn by the three adapters (Leaflet's path options,
matplotlib's rendering, the key's SVG swatch) agrees on colour, dash (in line widths), opacity and hatch; and no
colour or dash is written down outside layers/style.py (its vocabulary layers/symbols.py) and layers/registry.py."""

import ast
import io
import math
import re
from pathlib import Path

import matplotlib.colors
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from layers import style
from layers.registry import LAYERS, user_layer
from shieldmap import figure_style
from shieldmap.web import svg_style
from shieldmap.web.what_if_style import WHAT_IF_LAYER

ROOT = Path(__file__).resolve().parents[2]


def symbols() -> dict[str, style.Symbol]:
    """Every symbol the renderers draw, by a name for the test's messages."""
    layers = {**LAYERS, WHAT_IF_LAYER.id: WHAT_IF_LAYER, "upload": user_layer("user_1", "upload", 1)}
    found = {f"layer {i}": style.layer_symbol(layer) for i, layer in layers.items()}
    found |= {f"uncertainty {i}": style.uncertainty_symbol(layer.color) for i, layer in layers.items()}
    found["uncertainty key"] = style.uncertainty_symbol(style.KEY_SYMBOL_COLOR)
    found |= {f"{name} {i}": style.variant_symbol(layer, name) for i, layer in LAYERS.items() for name in style.VARIANTS}
    colours = {**style.SECTOR_COLORS, "other": style.OTHER_HOLDER_COLOR, "key": style.KEY_SYMBOL_COLOR}
    found |= {f"sector {h} {r}": style.SectorLook(c, r).symbol() for h, c in colours.items() for r in (False, True)}
    found |= {f"marker {i} {g}": style.marker_symbol(layer.color, g) for i, layer in layers.items()
              for g in ("in place", "planned", "rejected")}
    found["cross"] = style.CROSS
    found |= {f"engagement {kind} {v} {p}": style.engagement_symbol(kind, v, p) for kind in ("path", "tick", "reach", "horizon")
              for v in ("yes", "no", None) for p in range(3)}
    found |= {f"change {c}": symbol for c, symbol in style.CHANGE_SYMBOLS.items()}
    found |= {"measure": style.MEASURE, "what-if centre": style.what_if_centre(WHAT_IF_LAYER.color),
              "what-if cross": style.what_if_cross(WHAT_IF_LAYER.color)}
    for name, value in vars(style).items():  # and every symbol declared as a constant (or a dict of them) there
        if isinstance(value, style.Symbol):
            found[name] = value
        elif isinstance(value, dict):
            found |= {f"{name} {key}": v for key, v in value.items() if isinstance(v, style.Symbol)}
    return found


SYMBOLS = symbols()


def _attributes(element: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z0-9-]+)="([^"]*)"', element))


def _svg_swatch(symbol) -> dict:
    """The key's swatch, read back: the shape's paint and the hatch's lines."""
    text = svg_style.swatch(symbol)
    shape = _attributes(re.search(r"<rect [^>]*>", text).group(0))
    hatch = re.search(r'<g stroke="[^>]*>(.*?)</g>', text)
    lines = [tuple(float(a[k]) for k in ("x1", "y1", "x2", "y2"))
             for a in map(_attributes, re.findall(r"<line [^>]*>", hatch.group(1)))] if hatch else []
    return {"shape": shape, "hatch": _attributes(hatch.group(0).split(">")[0]) if hatch else None, "lines": lines}


def _mpl_rendering(symbol) -> dict:
    """matplotlib's SVG of a patch drawn with the figure's keyword arguments, read back (points)."""
    fig = Figure(figsize=(1, 1))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.add_patch(Rectangle((0.1, 0.1), 0.8, 0.8, gid="symbol", **figure_style.look(symbol)))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue().decode()
    css = dict(re.findall(r"([a-z-]+): ([^;\"]+)", re.findall(r'<g id="symbol">\s*<path [^>]*style="([^"]*)"', text)[0]))
    pattern = re.search(r"<pattern .*?<path d=\"([^\"]*)\" style=\"([^\"]*)\"", text, re.S)
    hatch = None
    if pattern:
        points = [tuple(map(float, p)) for p in re.findall(r"[ML] (-?[\d.]+) (-?[\d.]+)", pattern.group(1))]
        hatch = {"css": dict(re.findall(r"([a-z-]+): ([^;]+)", pattern.group(2))), "lines": list(zip(points[::2], points[1::2]))}
    return {"css": css, "hatch": hatch}


def _in_widths(dash: str | None, width: float) -> tuple[float, ...]:
    return tuple(round(float(v) / width, 6) for v in re.split(r"[ ,]+", dash.strip())) if dash else ()


def _angle_and_spacing(lines) -> tuple[float, float]:
    """The lines' angle (degrees counter-clockwise, y up) and the distance between neighbours at right angles."""
    (x1, y1), (x2, y2) = lines[0]
    angle = math.degrees(math.atan2(y2 - y1, x2 - x1)) % 180
    normal = (-math.sin(math.radians(angle)), math.cos(math.radians(angle)))
    offsets = sorted({round(normal[0] * a[0] + normal[1] * a[1], 4) for a, _b in lines})
    return angle, min(b - a for a, b in zip(offsets, offsets[1:]))


@pytest.mark.parametrize("name", list(SYMBOLS))
def test_the_three_renderings_agree(name):
    symbol = SYMBOLS[name]
    web, svg, mpl = style.leaflet(symbol), _svg_swatch(symbol), _mpl_rendering(symbol)
    shape, css = svg["shape"], mpl["css"]
    hex_ = lambda c: matplotlib.colors.to_hex(c)  # noqa: E731
    # the outline: colour, opacity, width (matplotlib in points), dash in line widths
    assert hex_(web["color"]) == hex_(shape["stroke"]) == hex_(css["stroke"]) == hex_(symbol.color)
    assert web.get("opacity", 1) == float(shape.get("stroke-opacity", 1)) == float(css.get("stroke-opacity", 1))
    assert web["weight"] == float(shape["stroke-width"]) == pytest.approx(float(css["stroke-width"]) / 0.75)
    leaflet_dash = _in_widths(web["dashArray"], web["weight"])
    assert leaflet_dash == _in_widths(shape.get("stroke-dasharray"), float(shape["stroke-width"]))
    assert leaflet_dash == pytest.approx(_in_widths(css.get("stroke-dasharray"), float(css["stroke-width"])))
    # the fill: colour and opacity
    if symbol.fill:
        assert hex_(web["fillColor"]) == hex_(shape["fill"]) == hex_(symbol.fill)
        assert web["fillOpacity"] == float(shape["fill-opacity"])
        if symbol.fill_opacity == 0:  # matplotlib leaves out a fill it cannot see
            assert css["fill"] == "none"
        else:
            assert float(css.get("fill-opacity", 1)) == symbol.fill_opacity
        if symbol.fill_opacity and not symbol.hatch:  # (SVG's default fill is black: matplotlib leaves it out)
            assert hex_(css.get("fill", "#000000")) == hex_(symbol.fill)
    else:
        assert web["fillOpacity"] == 0 and shape["fill"] == "none" == css["fill"]
    # the hatch: the web map's pattern (map.js), the swatch's lines, matplotlib's pattern
    assert (svg["hatch"] is None) == (mpl["hatch"] is None) == (symbol.hatch is None)
    if symbol.hatch:
        pattern = style.leaflet_hatch(symbol.hatch)
        assert hex_(svg["hatch"]["stroke"]) == hex_(mpl["hatch"]["css"]["stroke"]) == hex_(pattern["color"])
        assert float(svg["hatch"]["stroke-opacity"]) == float(mpl["hatch"]["css"]["stroke-opacity"]) == pattern["opacity"]
        assert float(svg["hatch"]["stroke-width"]) == pytest.approx(float(mpl["hatch"]["css"]["stroke-width"]) / 0.75)
        assert float(svg["hatch"]["stroke-width"]) == pattern["width"]
        angle, spacing = _angle_and_spacing([((x1, -y1), (x2, -y2)) for x1, y1, x2, y2 in svg["lines"]])
        assert angle == pytest.approx(pattern["angle"]) and spacing == pytest.approx(pattern["spacing"], abs=0.02)
        mpl_angle, mpl_spacing = _angle_and_spacing([((a[0], -a[1]), (b[0], -b[1])) for a, b in mpl["hatch"]["lines"]])
        assert mpl_angle == pytest.approx(pattern["angle"])
        # matplotlib spaces a hatch's lines only in steps (6 n lines an inch): the nearest step to the map's
        px = mpl_spacing / 0.75
        steps = [72 * math.sqrt(2) / (6 * n) / 0.75 for n in range(1, 9)]
        assert abs(px - pattern["spacing"]) == pytest.approx(min(abs(s - pattern["spacing"]) for s in steps), abs=0.01)


def test_the_sector_symbols_the_reviewer_found_apart():
    """A rejected sector's dash was "6 4" on the map, "3 2" in the key and (4, 2) in the figure: now the map's."""
    rejected = style.SectorLook(style.SECTOR_COLORS["Russia"], True)
    assert rejected.leaflet()["dashArray"] == "6 4"
    assert 'stroke-dasharray="6 4"' in svg_style.swatch(rejected.symbol())
    assert figure_style.sector_look(rejected)["linestyle"] == (0, (4.0, 4 / 1.5))  # 6 and 4 pixels of a 1.5 px line


# --- no colour or dash outside layers/style.py and layers/registry.py ---------------------------------------------

HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b")
DASH = re.compile(r"^\s*\d+(?:\.\d+)?(?:[ ,]+\d+(?:\.\d+)?)+\s*$")
OWNERS = {"layers/style.py", "layers/symbols.py", "layers/registry.py"}
#: Page chrome, not symbols: the CSS that makes Streamlit's captions and segmented control readable (WCAG contrast),
#: and the embedded page's text and link colours.
EXCEPTIONS = {("shieldmap/web/mapkey.py", "PAGE_CSS"), ("shieldmap/ui/embed_page.py", "CSS")}


def _literals(path: Path):
    """(enclosing top-level name, text) of every string constant of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for top in tree.body:
        names = [t.id for t in getattr(top, "targets", []) if isinstance(t, ast.Name)] or [getattr(top, "name", "")]
        for node in ast.walk(top):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield names[0], node.value


def _dash_values(tree: ast.AST):
    """Tuples of two or more numbers given as a ``dash``/``linestyle``/``dashArray`` (keyword or dict key)."""
    for node in ast.walk(tree):
        pairs = [(k.arg, k.value) for k in node.keywords] if isinstance(node, ast.Call) else []
        if isinstance(node, ast.Dict):
            pairs += [(k.value, v) for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)]
        for key, value in pairs:
            if key in ("dash", "linestyle", "dashArray", "dashes") and isinstance(value, (ast.Tuple, ast.Constant)):
                if not (isinstance(value, ast.Constant) and value.value in (None, "solid", "none")):
                    yield ast.unparse(value)


def test_no_colour_or_dash_outside_the_style_source():
    found = []
    for path in [*sorted((ROOT / "shieldmap").rglob("*.py")), *sorted((ROOT / "layers").rglob("*.py")), ROOT / "app.py"]:
        name = path.relative_to(ROOT).as_posix()
        if name in OWNERS:
            continue
        for owner, text in _literals(path):
            if (name, owner) in EXCEPTIONS:
                continue
            found += [f"{name} ({owner}): colour {c}" for c in HEX.findall(text)]
            found += [f"{name} ({owner}): dash {text!r}" for m in re.findall(r'dasharray="([^"{]*)"', text)]
            if DASH.match(text):
                found.append(f"{name} ({owner}): dash {text!r}")
        found += [f"{name}: dash {value}" for value in _dash_values(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scan is no test that cannot fail: the old key's and figure's literals are found."""
    old = tmp_path / "old.py"
    old.write_text('def f():\n    """#123456 in a docstring is words."""\n'
                   '    return _box("#ffffff", "#555555", "3 2", True, 1), dict(linestyle=(0, (3, 2)))\n')
    texts = [text for _owner, text in _literals(old)]
    assert [c for t in texts for c in HEX.findall(t)] == ["#ffffff", "#555555"]
    assert [t for t in texts if DASH.match(t)] == ["3 2"]
    assert list(_dash_values(ast.parse(old.read_text()))) == ["(0, (3, 2))"]
