"""geo.analysis: numbers checked against independent computations and known facts.

Independent means: distances by brute force with ``pyproj.Geod`` over a finely
densified border, areas by intersecting in lon/lat first and then measuring
with a ``pyproj.Transformer`` (the module projects first, then intersects) or
with ``Geod.geometry_area_perimeter`` (ellipsoidal, no projection at all).
"""

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from geo.analysis_seeds import load_analysis_seeds
import shapely
from pyproj import Geod, Transformer

from geo import analysis, borders, sectors
from shieldmap.cli.main import main
from layers import engagement_ranges, european_sectors
from layers.registry import DEFAULT_AS_OF, analysis_layers

GEOD = Geod(ellps="WGS84")
TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
AS_OF = dt.date(2013, 10, 31)
ON_DUTY = dt.date(2016, 6, 1)  # the four battalions on duty from 2016-05-06; Deveselu operational
GRODNO = (23.833, 53.667)  # lon, lat of the town centre
BIALYSTOK = (23.1688, 53.1325)
VILNIUS = (25.2797, 54.6872)
WARSAW = (21.0122, 52.2297)
DEVESELU = (24.39, 44.08)


def tables_at(seeds, as_of, figures=None, planned=False, sectors_model=sectors.DEFAULT_MODEL):
    """The analysis tables of the layers built for ``as_of`` (as the CLI and the app do)."""
    return analysis.analysis_tables(seeds, analysis_layers(seeds, as_of, figures, planned, sectors_model))


def coverage_at(seeds, as_of, figures=None, planned=False):
    figures = analysis.check_figures(seeds, figures)
    built = analysis_layers(seeds, as_of, figures, planned)
    return analysis.coverage(seeds, built.rings, built.sides, built.site_sides)


@pytest.fixture(scope="module")
def tables(seeds):
    return tables_at(seeds, AS_OF)


@pytest.fixture(scope="module")
def tables_2016(seeds):
    return tables_at(seeds, ON_DUTY)


@pytest.fixture(scope="module")
def tables_planned(seeds):
    return tables_at(seeds, AS_OF, planned=True)


def geod_km(lon1, lat1, lon2, lat2):
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


def brute_border_km(lon, lat, country, step_deg=0.002):
    """Geodesic distance from a point to every vertex of a finely densified border."""
    shape = borders.country_shapes([country]).geometry.iloc[0]
    xy = shapely.get_coordinates(shapely.segmentize(shape.boundary, step_deg))
    return float(geod_km(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1]).min())


def equal_area_km2(lonlat_geometry):
    """Area (km2) in EPSG:6933 of a lon/lat geometry, densified first."""
    densified = shapely.segmentize(lonlat_geometry, 0.05)
    return shapely.transform(densified, TO_EQUAL_AREA.transform, interleaved=False).area / 1e6


def geod_km2(lonlat_geometry):
    return abs(GEOD.geometry_area_perimeter(shapely.segmentize(lonlat_geometry, 0.05))[0]) / 1e6


def ring_of(seeds, as_of, site, figures=None, planned=False):
    rings = engagement_ranges.build(seeds, as_of, figures, planned=planned)
    return rings.set_index("site").geometry[site]


# --- distances ----------------------------------------------------------------


def test_grodno_is_within_25_km_of_poland(tables_2016):
    frame = tables_2016["distances"]
    row = frame[(frame.site_id == "s300-grodno") & (frame.target == "Poland")].iloc[0]
    assert row.distance_km < 25
    assert row.distance_km == pytest.approx(brute_border_km(*GRODNO, "Poland"), abs=0.05)
    assert row.precision_km == 190  # the Grodno region's reach from the city (issue 10)
    assert (row.distance_min_km, row.distance_max_km) == (0.0, row.distance_km + 190)
    nearest = frame[(frame.site_id == "s300-grodno") & (frame.target == "nearest")].iloc[0]
    assert nearest.country == "Poland" and nearest.distance_km == row.distance_km


@pytest.mark.parametrize("site,country", [("s300-brest", "Poland"), ("s300-polotsk-1", "Latvia"),
                                          ("s300-grodno", "Lithuania")])
def test_s300_distances_match_brute_force(seeds, tables_2016, site, country):
    frame = tables_2016["distances"]
    row = frame[(frame.site_id == site) & (frame.target == country)].iloc[0]
    lon, lat = seeds.sites.loc[site, ["lon", "lat"]]
    assert row.distance_km == pytest.approx(brute_border_km(lon, lat, country), abs=0.05)


def test_nato_site_distances_match_brute_force(tables):
    frame = tables["distances"]
    for country in ("Russia", "Belarus"):
        row = frame[(frame.site_id == "deveselu") & (frame.target == country)].iloc[0]
        assert row.distance_km == pytest.approx(brute_border_km(*DEVESELU, country, 0.01), abs=0.1)


def test_every_distance_is_geodesic_to_a_border_point(seeds, tables_2016):
    frame = tables_2016["distances"]
    for row in frame.itertuples():
        lon, lat = seeds.sites.loc[row.site_id, ["lon", "lat"]]
        assert row.distance_km == pytest.approx(float(geod_km(lon, lat, row.border_lon, row.border_lat)), abs=1e-9)
        boundary = borders.country_shapes([row.country]).geometry.iloc[0].boundary
        assert boundary.distance(shapely.Point(row.border_lon, row.border_lat)) < 1e-9
    per_country = frame[frame.target != "nearest"].groupby("site_id").distance_km.min()
    nearest = frame[frame.target == "nearest"].set_index("site_id").distance_km
    assert (per_country.sort_index() == nearest.sort_index()).all()
    targets = {site: set(group.target) for site, group in frame.groupby("site_id")}
    assert targets["s300-grodno"] == {"Lithuania", "Poland", "Latvia", "nearest"}
    assert targets["deveselu"] == {"Russia", "Belarus", "nearest"}


# --- coverage -----------------------------------------------------------------


def test_grodno_ring_reaches_bialystok_not_vilnius_or_warsaw(seeds, tables_2016):
    frame = tables_2016["coverage"]
    grodno = frame[frame.site_id == "s300-grodno"]
    assert set(grodno.radius_km) == {80.0}  # the S-300PS's own figure, not the family's 150 km (issue 33, 2.1)
    lithuania = grodno[grodno.country == "Lithuania"].iloc[0]
    assert "Vilnius" not in lithuania.capitals_inside.split(";")  # 148 km: inside the family's 150 km only
    assert "Warsaw" not in lithuania.capitals_inside.split(";")
    assert grodno.capitals_inside.nunique() == 1  # the ring's list, on each of its rows
    ring = ring_of(seeds, ON_DUTY, "s300-grodno")
    assert ring.contains(shapely.Point(BIALYSTOK)) and not ring.contains(shapely.Point(WARSAW))
    assert geod_km(*GRODNO, *BIALYSTOK) < 80 < geod_km(*GRODNO, *VILNIUS) < 150 < geod_km(*GRODNO, *WARSAW)
    assert {"Poland", "Lithuania"} <= set(grodno[grodno.reaches_other_side].country)


def test_deveselu_sm3_ring_does_not_reach_csto_territory(seeds, tables_2016):
    frame = tables_2016["coverage"]
    deveselu = frame[frame.site_id == "deveselu"]
    assert set(deveselu.radius_km) == {500.0} and set(deveselu.site_side) == {"NATO"}
    assert not deveselu.reaches_other_side.any()
    assert "CSTO" not in set(deveselu.side)
    # Independent: the CSTO states at the date straight from memberships.csv.
    rows = seeds.memberships[seeds.memberships.org == "CSTO"]
    members = [c for c, s, e in zip(rows.country, rows.start, rows.end) if s <= ON_DUTY and (e is None or ON_DUTY < e)]
    assert sorted(members) == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    nearest = min(brute_border_km(*DEVESELU, country, 0.02) for country in members)
    assert 800 < nearest  # Belarus, about 829 km: the 500 km ring stops well short
    csto = shapely.union_all(borders.country_shapes(members).geometry.values)
    assert not ring_of(seeds, ON_DUTY, "deveselu").intersects(csto)
    assert set(deveselu.capability) == {"in place"}


def test_coverage_counts_only_capability_in_place_by_default(tables, tables_planned):
    frame = tables["coverage"]
    assert set(frame.capability) == {"in place"}
    assert not {"s300-2013-announced", "deveselu"} & set(frame.site_id)
    planned = tables_planned["coverage"].groupby("site_id").capability.first()
    assert planned["s300-2013-announced"] == "planned" and planned["deveselu"] == "planned"
    assert planned["s300-2006-grodno"] == "in place"


def test_s300_rings_reach_nato_territory(tables_planned):
    frame = tables_planned["coverage"]
    announced = frame[frame.site_id == "s300-2013-announced"]
    assert set(announced[announced.reaches_other_side].country) == {"Lithuania"}  # 80 km from the nominal centre
    assert set(announced[announced.side == "NATO"].country) == {"Lithuania"}  # (issue 33, 2.1: not the family's 150 km)


def test_coverage_areas_match_independent_computation(seeds, tables_2016):
    frame = tables_2016["coverage"]
    ring = ring_of(seeds, ON_DUTY, "s300-grodno")
    for country in ("Poland", "Lithuania", "Belarus"):
        row = frame[(frame.site_id == "s300-grodno") & (frame.country == country)].iloc[0]
        shape = borders.country_shapes([country]).geometry.iloc[0]
        covered = shape.intersection(ring)
        assert row.covered_km2 == pytest.approx(equal_area_km2(covered), rel=1e-4)
        assert row.covered_km2 == pytest.approx(geod_km2(covered), rel=1e-4)
        assert row.country_km2 == pytest.approx(geod_km2(shape), rel=1e-4)
        assert row.share == pytest.approx(row.covered_km2 / row.country_km2)
    poland = frame[frame.country == "Poland"].country_km2.iloc[0]
    assert poland == pytest.approx(312_700, rel=0.02)  # official area 312,696 km2
    assert (frame.covered_km2 > 0).all() and (frame.share <= 1 + 1e-9).all()


def test_the_ring_area_is_the_sum_of_its_rows_on_land(seeds, tables_2016):
    frame = tables_2016["coverage"]
    ring = ring_of(seeds, ON_DUTY, "deveselu")
    land = shapely.union_all(borders.load_borders().geometry.values).intersection(ring)
    assert frame[frame.site_id == "deveselu"].covered_km2.sum() == pytest.approx(equal_area_km2(land), rel=1e-4)
    # Bulgaria lies wholly inside 500 km of Deveselu.
    assert frame[(frame.site_id == "deveselu") & (frame.country == "Bulgaria")].share.iloc[0] == pytest.approx(1.0)


def test_a_non_default_figure_changes_the_rings(seeds):
    frame = coverage_at(seeds, ON_DUTY, {"S-300PS": "s300ps-90"})
    s300ps = frame[frame.system == "S-300PS"]
    assert set(s300ps.radius_km) == {90.0} and set(s300ps.figure_id) == {"s300ps-90"}
    assert set(s300ps.figure_confidence) == {"low"}
    redzikowo = coverage_at(seeds, AS_OF, {"SM-3 Block IIA": "sm3-iia-2500"}, planned=True)
    assert set(redzikowo[redzikowo.site_id == "redzikowo"].capability) == {"planned"}
    assert "Moscow" in redzikowo[redzikowo.site_id == "redzikowo"].capitals_inside.iloc[0].split(";")
    assert redzikowo[redzikowo.site_id == "redzikowo"].reaches_other_side.any()
    with pytest.raises(ValueError, match="unknown range figure id 'nope'"):
        coverage_at(seeds, AS_OF, {"S-300PS": "nope"})
    with pytest.raises(ValueError, match="is for SM-3 Block IB, not 'S-300PS'"):
        coverage_at(seeds, AS_OF, {"S-300PS": "sm3-ib-500"})


def test_capitals_lie_in_their_countries(seeds):
    capitals = load_analysis_seeds(seeds).capital_points()
    assert len(capitals) == 63 and capitals["Vilnius"] == ("Lithuania", 54.687, 25.28)
    for capital, (country, lat, lon) in capitals.items():
        shape = borders.country_shapes([country]).geometry.iloc[0]
        assert shape.distance(shapely.Point(lon, lat)) < 0.03, capital  # coastal towns at 1:50m


# --- sectors ------------------------------------------------------------------


def test_wedge_sector_areas_add_up_to_the_theatre(tables):
    frame = tables["sector_models"]
    sector_km2 = frame[frame.model == "wedges"].groupby("sector").sector_km2.first()
    assert len(sector_km2) == 4
    c = sectors.WEDGES
    # EPSG:6933 is cylindrical: the lon/lat theatre is a rectangle there.
    (x0, x1), (y0, y1) = TO_EQUAL_AREA.transform([c.west, c.east], [c.south, c.north])
    rectangle_km2 = (x1 - x0) * (y1 - y0) / 1e6
    assert sector_km2.sum() == pytest.approx(rectangle_km2, rel=1e-3)
    assert sector_km2.sum() == pytest.approx(geod_km2(sectors.theatre()), rel=1e-3)


@pytest.mark.parametrize("model", ["russian_depiction", "alliance_borders"])
def test_border_sectors_and_the_uncovered_land_add_up_to_the_theatres_land(tables, model):
    frame = tables["sector_models"][tables["sector_models"].model == model]
    assert set(tables["sectors"].model) == {"russian_depiction"}  # the default
    sector_km2 = frame.groupby("sector").sector_km2.first()
    assert len(sector_km2) == 5 and "european-sectors-not-covered" in sector_km2.index
    land = shapely.union_all(borders.load_borders().geometry.values).intersection(sectors.theatre())
    assert sector_km2.sum() == pytest.approx(geod_km2(land), rel=1e-3)


def test_member_state_shares_sum_to_at_most_one(seeds, tables):
    frame = tables["sectors"]
    assert (frame.groupby("country").share_of_country.sum() <= 1 + 1e-6).all()
    assert (frame.groupby("sector").km2_in_sector.sum() <= frame.groupby("sector").sector_km2.first() + 1e-6).all()
    built = analysis_layers(seeds, AS_OF)
    sides = analysis.member_sides(built.nato, built.csto)
    assert len(frame) == 5 * len(sides) and set(frame.country) == set(sides)
    assert dict(zip(frame.country, frame.side)) == sides
    # Under the default model no member state has land outside its own side's sectors.
    covered = frame[frame.sector == "european-sectors-not-covered"]
    assert (covered.km2_in_sector < 1.0).all()


@pytest.mark.parametrize("model,sector,expected", [
    ("alliance_borders", "european-sector-germany", 1.0), ("alliance_borders", "european-sector-usa", 0.0),
    ("russian_depiction", "european-sector-russia", None), ("russian_depiction", "european-sector-germany", None),
    ("wedges", "european-sector-france", None), ("wedges", "european-sector-usa", None),
])
def test_sector_share_matches_independent_computation(seeds, tables, model, sector, expected):
    frame = tables["sector_models"]
    shapes = european_sectors.build(seeds, AS_OF, model).set_index("id").geometry
    poland = borders.country_shapes(["Poland"]).geometry.iloc[0]
    row = frame[(frame.model == model) & (frame.country == "Poland") & (frame.sector == sector)].iloc[0]
    assert row.km2_in_sector == pytest.approx(geod_km2(poland.intersection(shapes[sector])), rel=1e-4, abs=1e-6)
    if expected is not None:
        assert row.share_of_country == pytest.approx(expected, abs=1e-6)


def test_country_sector_owner(tables):
    owners = analysis.country_sector_owner(tables["sectors"]).set_index("country")
    assert set(owners.model) == {"russian_depiction"}
    assert owners.at["Russia", "sector"] == "european-sector-russia"
    assert owners.at["Belarus", "holder"] == "Russia" and owners.at["Belarus", "share_of_country"] == pytest.approx(1)
    assert owners.at["Germany", "holder"] == "Germany"
    assert owners.at["Spain", "holder"] == "France"
    assert owners.at["Turkey", "holder"] == "United States"
    assert owners.at["Estonia", "holder"] == "Russia"  # the Baltic states in Russia's sector (its own depiction)
    assert owners.at["Latvia", "holder"] == "Russia" and owners.at["Lithuania", "holder"] == "Russia"
    assert owners["sector"].isna()["United States of America"]
    assert (owners.share_in_theatre <= 1 + 1e-6).all()


def test_the_models_compared(tables):
    owners = analysis.country_sector_owner(tables["sector_models"]).set_index(["model", "country"])
    assert owners.at[("wedges", "Germany"), "holder"] == "France"
    assert owners.at[("alliance_borders", "Germany"), "holder"] == "Germany"
    assert owners.at[("alliance_borders", "Estonia"), "holder"] == "Germany"
    assert owners.at[("russian_depiction", "Estonia"), "holder"] == "Russia"
    assert owners.at[("russian_depiction", "Ukraine"), "sector"] == "european-sectors-not-covered"  # undescribed
    assert owners.at[("wedges", "Belarus"), "share_of_country"] < 0.6  # the wedges cut Belarus
    assert owners.at[("wedges", "Ukraine"), "holder"] == "United States"
    assert owners.at[("alliance_borders", "Ukraine"), "sector"] == "european-sectors-not-covered"
    assert pd.isna(owners.at[("alliance_borders", "Ukraine"), "holder"])
    assert owners.at[("alliance_borders", "Ukraine"), "side"] == "neither"
    frame = tables["sector_models"]
    assert list(frame.columns) == analysis.COLUMNS["sectors"]
    assert set(frame.model) == set(sectors.MODEL_NAMES)


def test_sectors_table_model_choice(seeds):
    frame = tables_at(seeds, AS_OF, sectors_model="wedges")["sectors"]
    assert set(frame.model) == {"wedges"} and frame.sector.nunique() == 4
    with pytest.raises(ValueError, match="unknown sector model 'nope'"):
        analysis_layers(seeds, AS_OF, sectors_model="nope")


def test_no_sectors_before_lisbon(seeds):
    frame = tables_at(seeds, dt.date(2010, 1, 1))["sectors"]
    assert frame.empty and list(frame.columns) == analysis.COLUMNS["sectors"]


# --- proposals ----------------------------------------------------------------


def test_proposals_cite_existing_sources(seeds):
    frame = analysis.proposals(seeds)
    assert list(frame.id) == ["sectoral-lisbon-2010", "four-sectors-2010", "integrated-2011", "independent-2011"]
    for proposal in frame.itertuples():
        for source in proposal.sources.split(";"):
            assert source in seeds.sources.index, (proposal.id, source)
        dt.date.fromisoformat(proposal.date_proposed)
        dt.date.fromisoformat(proposal.status_date)
    cited = {s for p in frame.itertuples() for s in p.sources.split(";")}
    assert cited == {"kommersant-2011-07-15", "nato-68876", "nato-75261"}
    sectoral = frame.set_index("id").loc[["sectoral-lisbon-2010", "four-sectors-2010"]]
    assert set(sectoral.status) == {"rejected"} and set(sectoral.status_date) == {"2011-06-08"}
    assert sectoral.status_note.str.contains("Sochi").all()
    assert "autumn 2010" in sectoral.at["four-sectors-2010", "date_note"]


# --- writers and CLI ----------------------------------------------------------


def test_csv_and_json_writers_give_the_same_numbers(tables_2016, tmp_path):
    csv_path = analysis.write_analysis(tables_2016, tmp_path / "a.csv")
    json_path = analysis.write_analysis(tables_2016, tmp_path / "a.json")
    document = json.loads(json_path.read_text())
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert list(rows[0]) == ["table"] + list(dict.fromkeys(c for n in analysis.COLUMNS for c in analysis.COLUMNS[n]))
    assert list(document) == ["coverage", "distances", "sectors", "sector_models", "proposals"]
    assert len(rows) == sum(len(records) for records in document.values())
    by_table = {name: [r for r in rows if r["table"] == name] for name in document}
    for name, records in document.items():
        assert len(by_table[name]) == len(records) == len(tables_2016[name])
        for record, row in zip(records, by_table[name]):
            for key, value in record.items():
                if value is None:
                    assert row[key] == ""
                elif isinstance(value, bool):
                    assert row[key] == str(value)
                elif isinstance(value, float):
                    assert float(row[key]) == value, (name, key)
                else:
                    assert row[key] == str(value), (name, key)
    assert document["coverage"][0]["covered_km2"] == tables_2016["coverage"].covered_km2.iloc[0]


def test_write_analysis_rejects_other_extensions(tables, tmp_path):
    with pytest.raises(ValueError, match="x.geojson"):
        analysis.write_analysis(tables, tmp_path / "x.geojson")


def run(*args):
    return subprocess.run([sys.executable, "-m", "shieldmap.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args,message", [
    (["--as-of", "2013-13-01"], "bad date '2013-13-01'"),
    (["--figure", "S-300PS=no-such-figure"], "unknown range figure id 'no-such-figure'"),
    (["--figure", "S-300PS"], "expected SYSTEM=FIGURE_ID"),
    (["--sectors", "cones"], "unknown sector model 'cones' (known: russian_depiction, alliance_borders, wedges"),
])
def test_analyze_bad_arguments_exit_2(tmp_path, args, message):
    result = run("analyze", "--out", str(tmp_path / "x.csv"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_analyze_bad_extension_exit_2(tmp_path):
    assert main(["analyze", "--out", str(tmp_path / "x.txt")]) == 2


def test_analyze_writes_the_same_numbers_as_the_library(seeds, tmp_path):
    out = tmp_path / "x.csv"
    result = run("analyze", "--out", str(out))
    assert result.returncode == 0, result.stderr
    tables = tables_at(seeds, DEFAULT_AS_OF)
    assert out.read_bytes() == analysis.write_analysis(tables, tmp_path / "library.csv").read_bytes()
    rows = [r for r in csv.DictReader(out.open()) if r["table"] == "coverage"]
    assert [float(r["covered_km2"]) for r in rows] == list(tables["coverage"].covered_km2)
    rows = [r for r in csv.DictReader(out.open()) if r["table"] == "distances"]
    assert [float(r["distance_km"]) for r in rows] == list(tables["distances"].distance_km)


def test_analyze_json_with_a_figure(seeds, tmp_path):
    out = tmp_path / "x.json"
    assert main(["analyze", "--out", str(out), "--as-of", "2016-06-01", "--figure", "S-300PS=s300ps-90"]) == 0
    document = json.loads(out.read_text())
    expected = coverage_at(seeds, ON_DUTY, {"S-300PS": "s300ps-90"})
    assert [r["covered_km2"] for r in document["coverage"]] == list(expected.covered_km2)
