"""Hypothetical sites ("what if") and the ruler: parsing, the layer, the analysis, the CLI, the exports."""

import json
import subprocess
import sys

import numpy as np
import pyogrio
import pytest
from pyproj import Geod

from geo import analysis, what_if
from geo.geodesy import distance_km
from layers import what_if as what_if_layer
from layers.registry import analysis_layers
from shieldmap import exports
from shieldmap.cli.main import main
from shieldmap import view as views
from conftest import AS_OF

KALININGRAD = "Kaliningrad@54.71,20.51,400"
MINSK, WARSAW = (27.559, 53.901), (21.012, 52.230)


def test_parse_round_trip_and_extras():
    item = what_if.parse(" Iskander @54.710,20.51,500,cSTo,iskander-m-500")
    assert (item.name, item.lat, item.lon, item.radius_km, item.side, item.figure) == \
        ("Iskander", 54.71, 20.51, 500.0, "CSTO", "iskander-m-500")
    assert what_if.parse(item.spec) == item
    assert item.spec == "Iskander@54.71,20.51,500,CSTO,iskander-m-500"


@pytest.mark.parametrize("text, named", [
    ("X@91,20,400", "latitude 91"), ("X@-90.5,20,400", "latitude -90.5"), ("X@54,180.01,400", "longitude 180.01"),
    ("X@54,20,0", "radius 0"), ("X@54,20,-5", "radius -5"), ("X@54,20,20000.5", "radius 20000.5"),
    ("X@54,20,nan", "'nan'"), ("X@54,20,inf", "'inf'"), ("X@54,20", "LAT,LON,RADIUS_KM"), ("X54,20,400", "NAME@"),
    ("@54,20,400", "name"), ("X@54,20,400,Mars", "'Mars'"), ("X@abc,20,400", "'abc'"),
])
def test_bad_values_are_named(text, named):
    with pytest.raises(ValueError) as error:
        what_if.parse(text)
    message = str(error.value)
    assert "\n" not in message and named in message and repr(text.strip())[:20] in message


def test_edges_are_accepted():
    assert what_if.parse("P@90,-180,20000").radius_km == 20000
    assert what_if.parse("P@-90,180,0.001").lat == -90


def test_long_values_are_shortened():
    with pytest.raises(ValueError) as error:
        what_if.parse("A" * 500 + "@1,2,3")
    assert len(str(error.value)) < 200 and "\u2026" in str(error.value)


def test_parse_many_keeps_the_good_ones():
    good, bad = what_if.parse_many(f"{KALININGRAD};X@91,0,1;;S@52,21,100,NATO")
    assert [g.name for g in good] == ["Kaliningrad", "S"] and len(bad) == 1 and "latitude 91" in bad[0]


def test_url_state_round_trip_and_warning():
    span = (AS_OF.replace(year=2006), AS_OF.replace(year=2016))
    view, warnings = views.from_query({"what_if": f"{KALININGRAD};Bad@1,2,0"}, span)
    assert view.what_if == (KALININGRAD,) and view.to_query()["what_if"] == KALININGRAD
    assert len(warnings) == 1 and "Bad@1,2,0" in warnings[0]
    assert "what_if" not in views.from_query({}, span)[0].to_query()


@pytest.fixture(scope="module")
def kaliningrad(seeds):
    return what_if_layer.build(seeds, [KALININGRAD], AS_OF)


def test_layer_columns_and_inferred_side(kaliningrad):
    row = kaliningrad.iloc[0]
    assert (row["layer"], row["kind"], row["status"], row["precision_km"]) == \
        ("what_if", "hypothetical site", "hypothetical", 0)
    assert row["name"].startswith("HYPOTHETICAL") and row["inputs"] == KALININGRAD
    assert (row["lat"], row["lon"], row["radius_km"], row["side"]) == (54.71, 20.51, 400, "CSTO")
    assert "Russia" in row["side_rule"]


def test_side_rule(seeds):
    frame = what_if_layer.build(seeds, ["Sea@55.5,18,100", "Chosen@55.5,18,100,NATO", "Warsaw@52.23,21.01,50"], AS_OF)
    assert list(frame["side"]) == ["neither", "NATO", "NATO"]
    assert list(frame["side_rule"].str.split(":").str[0]) == ["inferred", "chosen", "inferred"]


def test_figure_must_exist_and_match(seeds):
    frame = what_if_layer.build(seeds, ["I@54.71,20.51,500,iskander-m-500"], AS_OF)
    assert frame.iloc[0]["figure"] == "iskander-m-500" and frame.iloc[0]["system"] == "Iskander-M"
    assert "afp-asiaone-2013-12-19" in frame.iloc[0]["sources"].split(";")
    for spec, named in (("I@54,20,400,iskander-m-500", "500 km"), ("I@54,20,400,no-such-figure", "no-such-figure")):
        with pytest.raises(ValueError, match=named):
            what_if_layer.build(seeds, [spec], AS_OF)


def test_kaliningrad_400_covers_lithuania_and_poland_with_vilnius(seeds, kaliningrad):
    tables = analysis.analysis_tables(seeds, analysis_layers(seeds, AS_OF, what_if=kaliningrad))
    coverage = tables["coverage"]
    rows = coverage[coverage["hypothetical"].astype(bool)].set_index("country")
    assert set(rows["ring_id"]) == {"what-if-1"} and set(rows["capability"]) == {"hypothetical"}
    assert 0 < rows.at["Poland", "share"] < 1 and 0 < rows.at["Lithuania", "share"] <= 1
    assert "Vilnius" in rows.at["Lithuania", "capitals_inside"].split(";")
    assert rows.at["Poland", "reaches_other_side"] and not rows.at["Belarus", "reaches_other_side"]
    assert not coverage[~coverage["hypothetical"].astype(bool)]["ring_id"].str.startswith("what-if").any()
    distances = tables["distances"]
    mine = distances[distances["hypothetical"].astype(bool)]
    assert set(mine["target"]) == {"Lithuania", "Poland", "Latvia", "nearest"}
    assert mine[mine["target"] == "nearest"]["country"].item() == "Poland"


def test_exported_ring_is_geodesic(tmp_path, kaliningrad):
    path = exports.export_file({"what_if": kaliningrad}, tmp_path / "w.geojson")
    feature = json.loads(path.read_text())["features"][0]
    props = feature["properties"]
    assert (props["layer"], props["inputs"], props["radius_km"], props["lat"], props["lon"]) == \
        ("what_if", KALININGRAD, 400, 54.71, 20.51)
    ring = np.array(feature["geometry"]["coordinates"][0])
    km = distance_km(np.full(len(ring), 20.51), np.full(len(ring), 54.71), ring[:, 0], ring[:, 1])
    assert np.all(np.abs(km - 400) / 400 < 0.01)


def test_measure_minsk_warsaw_agrees_with_pyproj():
    result = what_if.measure(*MINSK, *WARSAW)
    forward, _, metres = Geod(ellps="WGS84").inv(*MINSK, *WARSAW)
    assert abs(result.distance_km - metres / 1000) / (metres / 1000) < 0.001
    assert abs(result.azimuth_deg - forward % 360) < 1e-6
    coords = np.array(result.line.coords)
    assert tuple(coords[0]) == MINSK and tuple(coords[-1]) == WARSAW and len(coords) > 10
    # every vertex lies on the geodesic: the two legs add up to the whole
    n = len(coords)
    legs = distance_km(np.full(n, MINSK[0]), np.full(n, MINSK[1]), coords[:, 0], coords[:, 1]) + \
        distance_km(coords[:, 0], coords[:, 1], np.full(n, WARSAW[0]), np.full(n, WARSAW[1]))
    assert np.allclose(legs, result.distance_km, rtol=1e-9)


def test_cli_analyze_and_export_carry_the_what_if(tmp_path, capsys):
    out = tmp_path / "a.json"
    assert main(["analyze", "--what-if", KALININGRAD, "--what-if", "S@52.2,21,100,NATO", "--out", str(out)]) == 0
    coverage = json.loads(out.read_text())["coverage"]
    assert {r["ring_id"] for r in coverage if r["hypothetical"]} == {"what-if-1", "what-if-2"}
    gpkg = tmp_path / "e.gpkg"
    assert main(["export", "--layers", "csto", "--what-if", KALININGRAD, "--out", str(gpkg)]) == 0
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == ["csto", "what_if"]
    assert pyogrio.read_dataframe(gpkg, layer="what_if")["inputs"].tolist() == [KALININGRAD]


@pytest.mark.parametrize("command", ["analyze", "export"])
def test_cli_bad_value_exit_2_naming_it(tmp_path, command):
    result = subprocess.run([sys.executable, "-m", "shieldmap.cli", command, "--what-if", "K@54.71,20.51,25000",
                             "--out", str(tmp_path / "x.csv")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "K@54.71,20.51,25000" in result.stderr
    assert "radius 25000" in result.stderr and not (tmp_path / "x.csv").exists()
