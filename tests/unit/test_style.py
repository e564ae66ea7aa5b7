"""layers/style.py is the one answer to "how is this feature drawn", and every renderer takes it."""

import re

import matplotlib.colors
import pytest

from layers import style
from layers.registry import DEFAULT_AS_OF, LAYERS, build_layers, parse_date
from shieldmap import figure
from shieldmap.web import mapkey, story_html, webmap


@pytest.fixture(scope="module")
def sectors(seeds):
    return {day: build_layers(seeds, ["european_sectors"], parse_date(day))["european_sectors"]
            for day in ("2011-01-01", DEFAULT_AS_OF.isoformat())}


@pytest.mark.parametrize("status, group, fill", [
    ("operational", "in place", "filled"), ("announced", "planned", "hollow"), ("under construction", "planned", "hollow"),
    ("proposed", "planned", "hollow"), ("rejected", "rejected", "crossed"), ("member", None, "filled"), (None, None, "filled")])
def test_status_styling(status, group, fill):
    assert style.status_group(status) == group and style.marker_fill(group) == fill


def test_sector_looks_follow_holder_and_status(sectors):
    for day, rejected in (("2011-01-01", False), (DEFAULT_AS_OF.isoformat(), True)):
        rows = [r for r in sectors[day].to_dict("records") if isinstance(r["holder"], str)]
        looks = {r["holder"]: style.sector_look(r) for r in rows}
        assert {h: look.color for h, look in looks.items()} == {h: style.SECTOR_COLORS[h] for h in looks}
        assert {look.rejected for look in looks.values()} == {rejected}
        assert {look.leaflet()["dashArray"] is not None for look in looks.values()} == {rejected}
    uncovered = [r for r in sectors["2011-01-01"].to_dict("records") if not isinstance(r["holder"], str)]
    assert uncovered and style.sector_look(uncovered[0]) is None and style.variant(uncovered[0]) == "not covered"
    assert style.sector_look({"layer": "csto", "holder": "Russia"}) is None  # only the sectors go by holder


def test_the_web_map_draws_the_styles(sectors):
    frame = sectors[DEFAULT_AS_OF.isoformat()]
    for feature in webmap.layer_geojson(frame, lambda ids: [])["features"]:
        row = frame.set_index("id").loc[feature["properties"]["id"]].to_dict() | {"id": feature["properties"]["id"]}
        look = style.sector_look(row)
        assert feature["properties"].get("style") == (look.leaflet() if look else None)
        assert feature["properties"]["variant"] == style.variant(row)
    for layer_id, layer in LAYERS.items():  # the story panel's options are the web map's
        options = story_html._layer_options(layer_id)
        assert options["style"] == style.layer_style(layer) and options["uncertainty"] == style.uncertainty_style(layer)
    assert style.SHAPES["square"].svg.split()[0] in mapkey.marker_svg(style.SHAPES["square"].svg, "#123456", "planned")


def test_the_figure_draws_the_same_colours_and_fills(seeds, sectors):
    svg = figure.figure_bytes({"european_sectors": sectors[DEFAULT_AS_OF.isoformat()]}, seeds, DEFAULT_AS_OF,
                              "svg").decode()
    fills = set(re.findall(r"fill: (#[0-9a-f]{6}); fill-opacity: ([0-9.]+)", svg))
    for holder, color in style.SECTOR_COLORS.items():  # rejected at the date: the rejected fill
        assert (color.lower(), f"{style.SectorLook(color, True).fill_opacity:g}") in fills, holder
    assert matplotlib.colors.to_hex(style.SEA) in svg and style.LAND in svg
