"""Issue 24.2: every symbol keeps 3:1 contrast (WCAG 2.x, success criterion 1.4.11) against the basemap's
land and sea: the outlines and strokes the web map draws (layers/style.py), computed as WCAG defines it."""

import pytest

from layers import style
from layers.registry import LAYERS
from shieldmap.web import mapkey, webmap


def test_the_wcag_formula():
    assert style.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert style.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert style.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the well-known grey
    assert style.luminance("#fff") == pytest.approx(1.0)


def _symbol_colours() -> dict[str, str]:
    found = {"marker edge": style.MARKER_EDGE, "key symbols": style.KEY_SYMBOL_COLOR,
             "not covered": style.VARIANTS["not covered"]["color"]}
    for layer in LAYERS.values():
        found[f"{layer.id} outline"] = style.layer_style(layer)["color"]
        found[f"{layer.id} uncertainty"] = style.uncertainty_style(layer)["color"]
        found[f"{layer.id} hollow marker"] = style.edge(layer.color)
    for holder, colour in style.SECTOR_COLORS.items():
        for rejected in (False, True):
            found[f"sector {holder} {rejected}"] = style.SectorLook(colour, rejected).leaflet()["color"]
    for verdict in style.ENGAGEMENT_STYLES["reach"]:
        found[f"reach {verdict}"] = style.engagement_style("reach", verdict)["color"]
    for kind in ("path", "horizon"):
        found[kind] = style.engagement_style(kind)["color"]
    return found


@pytest.mark.parametrize("ground", [style.LAND, style.SEA], ids=["land", "sea"])
def test_every_symbol_colour_keeps_3_to_1_against_the_basemap(ground):
    low = {what: round(style.contrast(colour, ground), 2) for what, colour in _symbol_colours().items()
           if style.contrast(colour, ground) < style.MIN_SYMBOL_CONTRAST}
    assert low == {}


def test_edges_darken_only_what_needs_it():
    assert style.edge("#0072B2") == "#0072B2"  # Deveselu's blue: 4.2:1 on the sea already
    yellow = style.edge("#F0E442")  # the range rings' yellow: 1.1:1, darkened to an olive of the same hue
    assert yellow != "#F0E442" and 3.0 <= style.contrast(yellow, style.SEA) < 3.3
    r, g, b = (int(yellow[i:i + 2], 16) for i in (1, 3, 5))
    assert r / g == pytest.approx(0xF0 / 0xE4, rel=0.03) and b < r  # the hue kept


def test_the_drawn_symbols_use_the_edges():
    hollow = mapkey.marker_svg(style.SHAPES["circle"].svg, "#56B4E9", "planned")
    assert f'stroke="{style.edge("#56B4E9")}"' in hollow and 'stroke="#56B4E9"' not in hollow
    assert f'stroke="{style.edge(LAYERS["csto"].color)}"' in webmap.swatch("csto")
