"""Tests for geo.borders: period fixes, antimeridian repair, caching, API."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from geo import borders

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (equal area)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def frame() -> gpd.GeoDataFrame:
    return borders.load_borders()


@pytest.fixture(scope="module")
def raw() -> gpd.GeoDataFrame:
    """The unmodified file, read independently of geo.borders."""
    return gpd.read_file(borders.DATA_PATH, layer="countries")


def countries_at(frame: gpd.GeoDataFrame, lat: float, lon: float) -> set[str]:
    """Names of every row whose geometry covers (lon, lat)."""
    return set(frame.loc[frame.covers(Point(lon, lat)), "name"])


def km2(frame: gpd.GeoDataFrame, name: str) -> float:
    rows = frame[frame["name"] == name]
    rows = rows.set_crs("EPSG:4326", allow_override=True)  # the raw file has no CRS
    return float(rows.to_crs(EQUAL_AREA).area.sum() / 1e6)


# --- data file ------------------------------------------------------------


def test_data_file_matches_pinned_sha256():
    script = (REPO / "scripts" / "fetch_borders.sh").read_text()
    pinned = re.search(r'^EXPECTED_SHA256="([0-9a-f]{64})"$', script, re.M).group(1)
    assert hashlib.sha256(borders.DATA_PATH.read_bytes()).hexdigest() == pinned


# --- shape of the frame ---------------------------------------------------


def test_crs_is_wgs84(frame):
    assert frame.crs is not None and frame.crs.to_epsg() == 4326


def test_columns_and_types(frame):
    assert list(frame.columns) == ["name", "iso_n3", "geometry"]
    assert all(isinstance(n, str) for n in frame["name"])
    assert frame["name"].is_unique
    assert all(c is None or (isinstance(c, str) and len(c) == 3) for c in frame["iso_n3"])
    by_name = dict(zip(frame["name"], frame["iso_n3"]))
    assert by_name["Russia"] == "643"
    assert by_name["Czechia"] == "203"
    assert by_name["United States of America"] == "840"
    assert by_name["Kosovo"] is None


def test_all_geometries_valid_and_polygonal(frame):
    assert frame.is_valid.all(), list(frame.loc[~frame.is_valid, "name"])
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not frame.is_empty.any()


# --- period fixes ---------------------------------------------------------


@pytest.mark.parametrize(
    "city, lat, lon",
    [("Simferopol", 44.95, 34.10), ("Sevastopol", 44.60, 33.52)],
)
def test_crimea_is_ukraine(frame, city, lat, lon):
    assert countries_at(frame, lat, lon) == {"Ukraine"}, city


def test_kyrenia_is_cyprus(frame):
    assert countries_at(frame, 35.34, 33.32) == {"Cyprus"}


def test_mariehamn_is_finland(frame):
    assert countries_at(frame, 60.10, 19.94) == {"Finland"}


def test_hargeisa_is_somalia(frame):
    assert countries_at(frame, 9.56, 44.06) == {"Somalia"}


def test_absorbed_units_are_gone(frame, raw):
    gone = {"N. Cyprus", "Åland", "Somaliland"}
    assert gone <= set(raw["name"])  # they were there to begin with
    assert gone.isdisjoint(frame["name"])
    assert len(frame) == len(raw) - len(gone)


@pytest.mark.parametrize(
    "place, lat, lon, country",
    [
        ("Pristina", 42.67, 21.17, "Kosovo"),
        ("Sukhumi", 43.00, 41.02, "Georgia"),
        ("Tskhinvali", 42.23, 43.97, "Georgia"),
        ("Tiraspol", 46.84, 29.63, "Moldova"),
        ("Stepanakert", 39.82, 46.75, "Azerbaijan"),
        ("Kaliningrad", 54.71, 20.51, "Russia"),
    ],
)
def test_kept_decisions(frame, place, lat, lon, country):
    assert countries_at(frame, lat, lon) == {country}, place


def test_ukraine_grew_by_crimea(frame, raw):
    gained = km2(frame, "Ukraine") - km2(raw, "Ukraine")
    assert 20_000 <= gained <= 32_000, gained


def test_period_fixes_records():
    known = borders.names()
    assert len(borders.PERIOD_FIXES) >= 5
    for fix in borders.PERIOD_FIXES:
        name, what, why = fix
        assert name in known
        assert what and why
    kosovo = [f for f in borders.PERIOD_FIXES if f.name == "Kosovo"]
    assert len(kosovo) == 1 and kosovo[0].what.startswith("Kept")


# --- antimeridian ---------------------------------------------------------


def _rings(geom):
    for poly in getattr(geom, "geoms", [geom]):
        yield poly.exterior
        yield from poly.interiors


def test_no_ring_crosses_the_antimeridian(frame):
    pole_rings = set()
    for name, geom in zip(frame["name"], frame.geometry):
        for ring in _rings(geom):
            xy = np.asarray(ring.coords)
            lon, lat = xy[:, 0], xy[:, 1]
            assert lon.min() >= -180 and lon.max() <= 180, name
            assert np.abs(np.diff(lon)).max() <= 180, name  # no +/-360 jumps
            if lon.max() - lon.min() > 180:
                # Only a ring that closes through a pole may span the globe.
                assert lat.min() < -89.9 or lat.max() > 89.9, name
                pole_rings.add(name)
    assert pole_rings == {"Antarctica"}


@pytest.mark.parametrize(
    "country, lat, lon",
    [
        ("Russia", 65.5, 179.5),  # Chukotka mainland just west of 180 ...
        ("Russia", 65.5, -179.5),  # ... and just east of it
        ("Russia", 67.0, -175.0),  # Chukotka peninsula
        ("Russia", 71.25, -179.5),  # Wrangel Island, east of 180
        ("Russia", 71.3, 179.5),  # Wrangel Island, west of 180
        ("Fiji", -17.8, 178.0),  # Viti Levu
        ("Fiji", -16.6, 179.5),  # Vanua Levu
        ("Fiji", -16.5, -179.95),  # island cut by 180, east piece
        ("Antarctica", -89.9, 0.0),  # next to the South Pole
        ("Antarctica", -78.46, 106.84),  # Vostok station
        ("United States of America", 51.8, -176.65),  # Adak, Aleutians
    ],
)
def test_antimeridian_countries_cover_both_sides(frame, country, lat, lon):
    assert countries_at(frame, lat, lon) == {country}


def test_antimeridian_countries_areas(frame):
    # Natural Earth 1:50m areas (Antarctica without ice shelves).
    assert 16_500_000 < km2(frame, "Russia") < 17_300_000
    assert 17_000 < km2(frame, "Fiji") < 19_500
    assert 12_000_000 < km2(frame, "Antarctica") < 14_500_000


def test_usa_untouched(frame, raw):
    fixed = frame.loc[frame["name"] == "United States of America"].geometry.iloc[0]
    orig = raw.loc[raw["name"] == "United States of America"].geometry.iloc[0]
    assert fixed.equals(orig)


# --- cache and API --------------------------------------------------------


def test_cache_returns_equal_independent_copies():
    a = borders.load_borders()
    b = borders.load_borders()
    assert a is not b
    assert a.equals(b)
    a.loc[a["name"] == "Russia", "name"] = "Mutated"
    a.loc[a.index[0], "geometry"] = Point(0, 0)
    a["iso_n3"] = None
    c = borders.load_borders()
    assert "Russia" in set(c["name"]) and "Mutated" not in set(c["name"])
    assert c.equals(b)


def test_country_shapes_returns_rows_in_order():
    got = borders.country_shapes(["Poland", "Russia", "Czechia", "Poland"])
    assert list(got["name"]) == ["Poland", "Russia", "Czechia"]
    assert got.crs.to_epsg() == 4326
    assert list(borders.country_shapes("Romania")["name"]) == ["Romania"]


def test_country_shapes_unknown_names_raise():
    with pytest.raises(KeyError) as err:
        borders.country_shapes(["Poland", "Atlantis", "N. Cyprus"])
    message = str(err.value)
    assert "Atlantis" in message and "N. Cyprus" in message
    assert "Poland" not in message


def test_names():
    got = borders.names()
    assert isinstance(got, frozenset)
    assert {"Russia", "United States of America", "Czechia", "Ukraine", "Kosovo"} <= got
    assert got == frozenset(borders.load_borders()["name"])


def test_shipped_borders_are_the_fixed_source():
    """The shipped GeoParquet is what the fixes make of the pinned TopoJSON, coordinate for coordinate."""
    from geo import border_fixes

    shipped, rebuilt = borders.load_borders(), border_fixes.fixed_borders()
    assert list(shipped["name"]) == list(rebuilt["name"])
    assert list(shipped["iso_n3"]) == list(rebuilt["iso_n3"])
    assert shipped.crs == rebuilt.crs
    for a, b in zip(shipped.geometry, rebuilt.geometry):
        assert a.geom_type == b.geom_type
        assert np.array_equal(shapely.get_coordinates(a), shapely.get_coordinates(b))
