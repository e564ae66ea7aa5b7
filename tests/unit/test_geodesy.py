"""Geodesic rings and the sector construction, checked with pyproj directly."""

import datetime as dt
import itertools

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo import geodesy, sectors
from layers.registry import build_layers

GEOD = Geod(ellps="WGS84")
WEDGES = (("e", 45, 135), ("s", 135, 225), ("w", 225, 315), ("n", 315, 45))


@pytest.mark.parametrize("lon,lat,radius", [(23.833, 53.667, 200), (24.39, 44.08, 500), (0, 85, 1000), (179, 0, 300)])
def test_circle_vertices_at_radius(lon, lat, radius):
    ring = np.asarray(geodesy.circle(lon, lat, radius).exterior.coords)
    _, _, metres = GEOD.inv(np.full(len(ring), lon), np.full(len(ring), lat), ring[:, 0], ring[:, 1])
    assert np.allclose(metres / 1000, radius, rtol=1e-9)


def test_circle_is_counter_clockwise_and_valid():
    ring = geodesy.circle(23.8, 53.7, 200)
    assert ring.is_valid and ring.exterior.is_ccw


def test_range_rings_within_one_percent(seeds):
    rings = build_layers(seeds, ["engagement_ranges"], dt.date(2016, 6, 1))["engagement_ranges"]
    sites = seeds.sites
    assert len(rings) >= 5
    for _, ring in rings.iterrows():
        centre = sites.loc[ring["site"]]
        coords = np.asarray(ring.geometry.exterior.coords)
        _, _, metres = GEOD.inv(np.full(len(coords), centre["lon"]), np.full(len(coords), centre["lat"]),
                                coords[:, 0], coords[:, 1])
        assert np.abs(metres / 1000 / ring["radius_km"] - 1).max() < 0.01


def test_grodno_200km_ring_reaches_vilnius_and_bialystok_not_warsaw():
    ring = geodesy.circle(23.833, 53.667, 200)
    assert ring.contains(shapely.Point(25.2797, 54.6872))  # Vilnius
    assert ring.contains(shapely.Point(23.1688, 53.1325))  # Bialystok
    assert not ring.contains(shapely.Point(21.0122, 52.2297))  # Warsaw


def test_distance_matches_pyproj():
    assert geodesy.distance_km(21.0122, 52.2297, 25.2797, 54.6872) == pytest.approx(
        GEOD.inv(21.0122, 52.2297, 25.2797, 54.6872)[2] / 1000)


def _equal_area(geoms):
    import geopandas as gpd
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(3035)


def test_sectors_do_not_overlap_and_cover_theatre():
    parts = sectors.sector_polygons(WEDGES)
    areas = _equal_area(parts.values())
    for a, b in itertools.combinations(range(4), 2):
        assert areas.iloc[a].intersection(areas.iloc[b]).area < 0.001 * min(areas.iloc[a].area, areas.iloc[b].area)
    theatre = _equal_area([sectors.theatre()]).iloc[0]
    union = areas.union_all()
    assert union.symmetric_difference(theatre).area < 1e-6 * theatre.area


@pytest.mark.parametrize("name,lonlat", [("Cabo da Roca, Portugal", (-9.50, 38.78)), ("Urals, Yekaterinburg", (59.0, 56.0)),
                                         ("Nordkapp", (25.78, 71.17)), ("Crete", (24.9, 35.2)), ("Reykjavik", (-21.9, 64.1))])
def test_theatre_covers_europe_extremes(name, lonlat):
    assert any(p.contains(shapely.Point(lonlat)) for p in sectors.sector_polygons(WEDGES).values()), name


def test_sector_edges_are_geodesic_rays():
    part = sectors.sector_polygons(WEDGES)["e"]
    c = sectors.WEDGES
    coords = np.asarray(shapely.get_coordinates(part))
    _, _, dist = GEOD.inv(np.full(len(coords), c.centre_lon), np.full(len(coords), c.centre_lat), coords[:, 0], coords[:, 1])
    fwd, _, _ = GEOD.inv(np.full(len(coords), c.centre_lon), np.full(len(coords), c.centre_lat), coords[:, 0], coords[:, 1])
    on_edge = np.isclose(np.mod(fwd, 360), 45, atol=1e-6) | np.isclose(np.mod(fwd, 360), 135, atol=1e-6)
    assert on_edge.sum() > 20  # densified vertices lie exactly on the boundary azimuths


def test_wedges_must_close():
    with pytest.raises(ValueError, match="span 270 degrees"):
        sectors.sector_polygons(WEDGES[:3])
