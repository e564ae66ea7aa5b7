"""Assertions shared by test modules (no fixtures here: those are in conftest.py)."""

import numpy as np
import shapely


def _ring_ccw(ring):
    x, y = np.asarray(ring).T
    return 0.5 * np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) > 0


def check_rfc7946(document: dict):
    """Ranges, winding (exterior CCW, holes CW), no crs member, at most 7 decimals, valid geometry."""
    assert document["type"] == "FeatureCollection" and "crs" not in document
    for feature in document["features"]:
        geometry = feature["geometry"]
        coords = shapely.get_coordinates(shapely.geometry.shape(geometry))
        assert (np.abs(coords[:, 0]) <= 180).all() and (np.abs(coords[:, 1]) <= 90).all()
        polygons = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}.get(geometry["type"], [])
        for polygon in polygons:
            assert _ring_ccw(polygon[0])
            assert all(not _ring_ccw(hole) for hole in polygon[1:])
            xs = [ring for ring in polygon for ring in [np.asarray(ring)[:, 0]]]
            assert all(x.max() - x.min() <= 180 for x in xs)  # antimeridian cut
        assert shapely.geometry.shape(geometry).is_valid
