"""``shieldmap footprint``: GeoJSON polygons per site and level with their parameters, the same windows as the
engagement screen, CSV cells (formula-safe), GeoPackage, reverse footprints; bounded values with one-line
errors and exit 2, the cell limit checked before any work."""

import json
import time

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from shieldmap.cli.main import main

SMALL = ["--bbox", "-90,25,-60,50", "--resolution", "2.5"]
GAO = ["--site", "redzikowo", "--site", "deveselu", "--site", "North Sea@56.5,3.0", "--burnout", "5.5", "--planned"]


def test_geojson_polygons_per_site_and_level(tmp_path, capsys):
    out = tmp_path / "fp.geojson"
    assert main(["footprint", "--from", "tehran", *GAO, *SMALL, "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    polygons = [f for f in features if f["properties"]["kind"] == "footprint"]
    names = {f["properties"]["site"] for f in polygons}
    assert names == {"redzikowo", "deveselu", "North Sea"}
    first = polygons[0]["properties"]
    assert (first["boost_s"], first["delay_s"], first["burnout_kms"], first["resolution_deg"]) == (180, 60, 5.5, 2.5)
    assert first["bbox"] == "-90,25,-60,50" and first["points"] == "tehran" and first["direction"] == "forward"
    # the levels nest: >= 120 s inside >= 60 s inside >= 0 s, and the areas are the cells'
    for name in names:
        levels = sorted((f for f in polygons if f["properties"]["site"] == name), key=lambda f: f["properties"]["level_s"])
        shapes = [shape(f["geometry"]) for f in levels]
        for inner, outer in zip(shapes[1:], shapes):
            assert outer.buffer(1e-9).contains(inner)
        assert [s.area for s in shapes] == pytest.approx([f["properties"]["cells"] * 2.5 ** 2 for f in levels])
    assert {f["properties"]["kind"] for f in features} == {"footprint", "launch", "site"}


def test_csv_windows_match_shieldmap_engage(tmp_path):
    """Washington's cell: the footprint's window for Redzikowo is the engagement screen's (same model)."""
    out, engaged = tmp_path / "fp.csv", tmp_path / "engage.csv"
    assert main(["footprint", "--from", "tehran", "--site", "redzikowo", "--planned", "--burnout", "5.5",
                 "--bbox", "-78,38,-76,40", "--resolution", "1", "--out", str(out)]) == 0
    cells = pd.read_csv(out)
    cell = cells[(cells["lon"] == -77.5) & (cells["lat"] == 38.5)].iloc[0]
    assert main(["engage", "--from", "tehran", "--to", "38.5,-77.5", "--planned", "--burnout", "5.5",
                 "--out", str(engaged)]) == 0
    row = pd.read_csv(engaged).set_index("site").loc["redzikowo"]
    assert cell["window_s"] == pytest.approx(row["window_s"], abs=1.0)


def test_reverse_footprint_and_geopackage(tmp_path):
    out = tmp_path / "rev.gpkg"
    assert main(["footprint", "--to", "us-east-coast", "--site", "Black Sea@43,34", "--burnout", "4.5",
                 "--bbox", "20,35,70,65", "--resolution", "2.5", "--out", str(out)]) == 0
    frame = gpd.read_file(out)
    footprint = frame[frame["kind"] == "footprint"]
    assert set(footprint["direction"]) == {"reverse"} and set(footprint["points"]) == {"washington;new-york"}
    opened = footprint[footprint["level_s"] == 0].geometry.iloc[0]
    # launches from north-west Iran, behind the ship as seen from the US, can be engaged; from Scandinavia not
    assert opened.contains(shapely.Point(45, 36)) and not opened.contains(shapely.Point(25, 60))
    assert set(frame.loc[frame["kind"] == "target", "point"]) == {"washington", "new-york"}


def test_csv_names_are_formula_safe(tmp_path):
    out = tmp_path / "fp.csv"
    assert main(["footprint", "--from", "tehran", "--site", "=HYPERLINK(1)@50,10", "--burnout", "5",
                 "--bbox", "0,40,10,50", "--resolution", "5", "--out", str(out)]) == 0
    assert set(pd.read_csv(out)["site"]) == {"'=HYPERLINK(1)"}


@pytest.mark.parametrize("argv, message", [
    (["--from", "nowhere"], "bad point 'nowhere'"),
    (["--from", "tehran", "--resolution", "0.1"], "--resolution: 0.1 is outside [0.25, 10]"),
    (["--from", "tehran", "--bbox", "1,2,3"], "is not WEST,SOUTH,EAST,NORTH"),
    (["--from", "tehran", "--bbox", "10,0,-10,5"], "bounding box 10,0,-10,5 is not"),
    (["--from", "tehran", "--site", "kremlin"], "unknown interceptor site 'kremlin'"),
    (["--from", "tehran", "--site", "redzikowo"], "site redzikowo is not in place at 2013-10-31"),
    (["--from", "tehran", "--burnout", "12"], "--burnout: '12' is outside (0, 11]"),
    (["--from", "tehran", "--delay", "-5"], "--delay"),
    (["--from", "tehran", "--site", "X@1,2"], "site 'X': give :INTERCEPTOR or a burnout speed"),
])
def test_bad_values_are_one_line_errors(tmp_path, capsys, argv, message):
    assert main(["footprint", *argv, "--out", str(tmp_path / "x.geojson")]) == 2
    error = capsys.readouterr().err.strip()
    assert message in error and len(error.splitlines()) == 1
    assert not (tmp_path / "x.geojson").exists()


def test_cell_limit_is_checked_before_the_work(tmp_path, capsys):
    begin = time.perf_counter()
    assert main(["footprint", "--from", "tehran", "--bbox", "-180,-90,180,90", "--resolution", "0.25",
                 "--out", str(tmp_path / "x.geojson")]) == 2
    assert time.perf_counter() - begin < 5
    assert "1,036,800 cells (0.25 deg over the bounding box): at most 40,000" in capsys.readouterr().err


def test_png_figure_in_both_languages(tmp_path):
    for lang in ("en", "ru"):
        out = tmp_path / f"fp-{lang}.png"
        assert main(["footprint", "--lang", lang, "--from", "tehran", "--site", "North Sea@56.5,3.0", "--burnout", "5.5",
                     *SMALL, "--out", str(out)]) == 0
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000


def test_export_carries_the_views_footprint_and_the_view_round_trips(tmp_path):
    from shieldmap import view as views
    from shieldmap.cli.main import _parser

    out = tmp_path / "view.geojson"
    view = views.View(layers=("epaa",), footprint="iran-launch", burnout_kms=5.0,
                      options=views.LayerOptions(planned=True))
    command = view.command("export", str(out))
    assert "--footprint iran-launch" in command and "--burnout 5" in command
    argv = command.split()[1:]
    assert main(argv) == 0
    layer = [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]
             if f["properties"]["layer"] == "footprint"]
    assert {p["points"] for p in layer if p["kind"] == "footprint"} == {"tehran;semnan"}
    assert {p["resolution_deg"] for p in layer if p["kind"] == "footprint"} == {2.0}
    parsed = views.from_args(_parser().parse_args(argv))
    assert (parsed.footprint, parsed.burnout_kms) == ("iran-launch", 5.0)
    query, _ = views.from_query(view.to_query(), (views.DEFAULT_AS_OF, views.DEFAULT_AS_OF))
    assert (query.footprint, query.burnout_kms) == ("iran-launch", 5.0)


def test_the_html_export_draws_the_footprint_with_its_key(tmp_path):
    out = tmp_path / "map.html"
    assert main(["export", "--layers", "epaa", "--planned", "--footprint", "tehran", "--burnout", "5.5",
                 "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert all(f"footprint-{site}-{level}" in page for site in ("redzikowo", "deveselu") for level in (0, 60, 120))
    assert "Footprint: where each site could defend against launches from Tehran (2° grid)" in page
