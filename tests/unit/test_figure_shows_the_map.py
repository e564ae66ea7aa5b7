"""Issue 23, points 5 and 7: the figure shows what the map shows and says what it covers at its date.

- Its title follows the date ("Missile defence in Europe, 2010–2013" during the dispute, "... in 2023"
  after it) and the date line says where the date lies and that coverage is thin past a research date.
- Hypothetical sites (``--what-if``) and uploaded files (``--add``) are drawn and in the legend, in the
  web map's colours; the legend's swatches have the colour and opacity the map's features are drawn with.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from matplotlib.collections import PatchCollection, PathCollection
from matplotlib.patches import Patch

from layers import style, what_if
from layers.registry import DEFAULT_LAYERS, LAYERS, build_layers
from shieldmap import figure, period
from shieldmap.cli.main import main
from shieldmap.web.what_if_style import WHAT_IF_LAYER

UPLOADS = Path(__file__).resolve().parents[1] / "data" / "uploads"
LATE = dt.date(2023, 11, 23)


def _svg_text(path: Path) -> str:
    return " ".join(" ".join(e.itertext()) for e in ET.fromstring(path.read_bytes()).iter())


def test_title_and_date_line_follow_the_date(tmp_path):
    late, dispute = tmp_path / "late.svg", tmp_path / "dispute.svg"
    assert main(["figure", "--as-of", LATE.isoformat(), "--out", str(late)]) == 0
    assert main(["figure", "--as-of", "2012-05-20", "--out", str(dispute)]) == 0
    text = _svg_text(late)
    assert "Missile defence in Europe in 2023" in text and "2010–2013" not in text.split("As of")[0]
    assert "10 years after the 2010–2013 dispute; thin coverage" in text
    assert "Missile defence in Europe, 2010–2013" in _svg_text(dispute)
    assert "during the 2010–2013 dispute" in _svg_text(dispute)
    assert "thin coverage" not in _svg_text(dispute)


def test_cli_draws_what_if_and_added_files(tmp_path, capsys):
    out = tmp_path / "f.svg"
    code = main(["figure", "--what-if", "Forward base@52,21,300", "--add", str(UPLOADS / "zones.gpkg"),
                 str(UPLOADS / "points.csv"), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = _svg_text(out)
    for title in (WHAT_IF_LAYER.title, "zones.gpkg", "points.csv"):
        assert text.count(title) >= 2, title  # in the legend and in the "Also drawn" line


def _fills(fig):
    """(face RGBA, edge RGBA) of every drawn collection of the map's axes."""
    ax = fig.axes[0]
    found = []
    for artist in ax.collections:
        if isinstance(artist, (PatchCollection, PathCollection)) and len(artist.get_facecolor()):
            found.append((tuple(artist.get_facecolor()[0]), tuple(artist.get_edgecolor()[0])
                          if len(artist.get_edgecolor()) else None))
    return found


def _legend_patches(fig) -> dict[str, Patch]:
    return {handle.get_label(): handle for legend in fig.axes[-1].get_children() if hasattr(legend, "legend_handles")
            for handle in legend.legend_handles if isinstance(handle, Patch)}


def test_what_if_and_upload_drawn_in_their_map_colours(seeds):
    from shieldmap.cli import user_files

    built = build_layers(seeds, list(DEFAULT_LAYERS), LATE)
    built["what_if"] = what_if.build(seeds, ("Forward base@52,21,300",), LATE)
    built.update(user_files.layers([str(UPLOADS / "zones.gpkg")]))
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(built, seeds, LATE)
    fills = _fills(fig)
    web_if, web_zones = style.layer_style(WHAT_IF_LAYER), style.layer_style(figure.figure_layers.styles(
        {"user_zones": built["user_zones"]})["user_zones"])
    ring = matplotlib.colors.to_rgba(web_if["fillColor"], web_if["fillOpacity"])
    zones = matplotlib.colors.to_rgba(web_zones["fillColor"], web_zones["fillOpacity"])
    assert any(face == pytest.approx(ring) for face, _ in fills), fills
    assert any(face == pytest.approx(zones) for face, _ in fills), fills
    patches = _legend_patches(fig)
    assert tuple(patches[WHAT_IF_LAYER.title].get_facecolor()) == pytest.approx(ring)
    assert tuple(patches["zones.gpkg"].get_facecolor()) == pytest.approx(zones)


@pytest.mark.parametrize("layer_id", ["csto", "nato", "engagement_ranges"])
def test_legend_swatch_has_the_drawn_colour_and_opacity(seeds, layer_id):
    as_of = dt.date(2016, 6, 1)  # S-300 and Deveselu on duty: range rings drawn
    built = build_layers(seeds, [layer_id], as_of)
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(built, seeds, as_of)
    layer = LAYERS[layer_id]
    drawn = matplotlib.colors.to_rgba(layer.color, style.layer_style(layer)["fillOpacity"])
    assert any(face == pytest.approx(drawn) for face, _ in _fills(fig))
    assert tuple(_legend_patches(fig)[layer.title].get_facecolor()) == pytest.approx(drawn)


def test_sector_swatches_as_drawn_when_rejected(seeds):
    built = build_layers(seeds, ["european_sectors"], dt.date(2013, 10, 31))  # rejected since 8 Jun 2011
    with matplotlib.rc_context(figure._RC):
        fig = figure.draw(built, seeds, dt.date(2013, 10, 31))
    patches = _legend_patches(fig)
    for holder, color in style.SECTOR_COLORS.items():
        drawn = matplotlib.colors.to_rgba(color, style.SectorLook(color, True).fill_opacity)
        assert any(face == pytest.approx(drawn) for face, _ in _fills(fig)), holder
        assert tuple(patches[f"Proposed sector: {holder}"].get_facecolor()) == pytest.approx(drawn), holder


def test_period_words():
    assert period.title(dt.date(2013, 10, 31)) == "Missile defence in Europe, 2010–2013"
    assert period.title(dt.date(2008, 11, 5)) == "Missile defence in Europe in 2008"
    assert period.coverage_hint(["csto"], LATE) is None
    hint = period.coverage_hint(list(DEFAULT_LAYERS), LATE)
    assert hint.startswith("Thin coverage at this date: S-300 in Belarus was researched to 2016 and Deveselu "
                           "interceptor site to 2019 only")


def test_html_export_title_follows_the_date(tmp_path):
    out = tmp_path / "map.html"
    assert main(["export", "--as-of", LATE.isoformat(), "--layers", "s300_belarus,csto", "--out", str(out)]) == 0
    page = out.read_text()
    assert "<title>Missile defence in Europe in 2023, as of 2023-11-23</title>" in page
    assert "<h1>Missile defence in Europe in 2023</h1>" in page
    assert "Thin coverage at this date: S-300 in Belarus was researched to 2016 only" in page


@pytest.mark.parametrize("layer_id", ["csto", "nato", "engagement_ranges", "european_sectors"])
def test_app_legend_swatch_has_the_maps_fill_opacity(layer_id):
    """The app's legend and sidebar swatch fills an area layer as the map does (layers/style.py)."""
    import re

    from shieldmap.web import webmap

    svg = webmap.swatch(layer_id)
    opacities = {float(v) for v in re.findall(r'fill-opacity="([0-9.]+)"', svg)}
    if layer_id == "european_sectors":
        assert opacities == {style.SectorLook("#000000", False).fill_opacity}
    else:
        assert opacities == {style.layer_style(LAYERS[layer_id])["fillOpacity"]}
