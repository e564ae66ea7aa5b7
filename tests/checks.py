"""Assertions shared by test modules (no fixtures here: those are in conftest.py)."""

import html
import re

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


# --- issue 34.1: no internal text in front of readers -------------------------------------------------------
#: What marks internal text: a seed path, a file name, a shared folder, an event id, a local address.
INTERNAL = re.compile(r"seeds/|shared/|\b[\w-]+\.(?:csv|txt|py)\b|\bevent-\d{4}|https?://localhost|\bvuink\.com")
PUBLIC_URL = re.compile(r"https?://(?!localhost\b|127\.0\.0\.1\b|vuink\.com\b)[^\s|<>\"']+")


def snake_ids(seeds) -> set[str]:
    """The snake_case ids a reader must never see: layer ids, sector model names, seed ids with an underscore."""
    from geo import sectors
    from layers.registry import LAYER_IDS

    found = {*LAYER_IDS, *sectors.MODEL_NAMES}
    for frame in (seeds.sites, seeds.events, seeds.sources, seeds.sectors):
        found |= {str(i) for i in frame.index}
    return {i for i in found if "_" in i}


def leaks(text: str, ids: set[str]) -> list[str]:
    """The internal bits in ``text`` (tags stripped: an address in a link is not read; nor is a public address a
    citation writes out, e.g. a report's ``.txt`` at its publisher)."""
    plain = PUBLIC_URL.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", str(text))))
    words = set(re.findall(r"[A-Za-z0-9_]+", plain))
    return [m.group(0) for m in INTERNAL.finditer(plain)] + sorted(words & ids)


def command_helps():
    """(name, help text) of ``shieldmap`` and of each of its subcommands, in the current language."""
    from shieldmap.cli.main import _parser

    parser = _parser()
    yield "shieldmap", parser.format_help()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, sub in subparsers.choices.items():
        yield name, sub.format_help()
