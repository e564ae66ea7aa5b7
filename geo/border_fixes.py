"""The period fixes and the antimeridian repair of the Natural Earth borders, run once
when the borders are fetched (``scripts/fetch_borders.sh`` runs ``python -m geo.border_fixes``),
not on every start: the result ships as ``geo/data/borders-2009-2016.parquet``, which
:mod:`geo.borders` reads. See :mod:`geo.borders` for what is fixed and why;
``tests/unit/test_borders.py`` checks that rebuilding gives the shipped file.

It also repairs the antimeridian.  TopoJSON from ``world-atlas`` is meant
for d3's spherical geometry, so three features arrive as planar nonsense:

* Russia (the mainland with Chukotka, and Wrangel Island) and one island of
  Fiji have rings that jump from +180 to -180 and back, which makes them
  self-intersect across the whole map.  They are unwrapped and split at the
  antimeridian.
* Antarctica's main polygon is encoded as a degenerate "exterior" ring
  running around the pole at latitude -89.999 with the real coastline as a
  "hole".  Both rings encircle the pole; they are read with d3's winding rule
  (interior on the right of a ring), closed through the pole and intersected,
  which gives the continent from its coast down to -89.999.

After the repair every ring's longitudes lie within [-180, 180], no ring
has a step of more than 180 degrees between vertices, and every ring spans at
most 180 degrees of longitude -- except Antarctica's main ring, which goes
around the South Pole and so must run from -180 to 180 in a lon/lat plane.
(Cutting it at the prime meridian as well would give two halves sharing an
edge, which is an invalid MultiPolygon.)  Every geometry is a valid Polygon
or MultiPolygon; :func:`shapely.make_valid` is only applied to geometries
that are invalid after the repair (with this file, none are).
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geo.borders import CRS, FIXED_PATH, SOURCE_PATH

_LAYER = "countries"

_CRIMEA_BOX = box(32.4, 44.3, 36.7, 46.3)
_CRIMEA_CHECK_POINTS = {
    "Simferopol": Point(34.10, 44.95),
    "Sevastopol": Point(33.52, 44.60),
}

# (absorbed, absorber) pairs: the absorbed row is unioned into the absorber
# and dropped; the absorber keeps its name and ISO code.
_MERGES: tuple[tuple[str, str], ...] = (
    ("N. Cyprus", "Cyprus"),
    ("Åland", "Finland"),
    ("Somaliland", "Somalia"),
)

_WORLD = box(-180.0, -90.0, 180.0, 90.0)



# --------------------------------------------------------------------------
# Loading and period fixes
# --------------------------------------------------------------------------


def fixed_borders(source: Path = SOURCE_PATH) -> gpd.GeoDataFrame:
    """Parse the TopoJSON and apply all fixes: the frame :mod:`geo.borders` ships."""
    raw = gpd.read_file(source, layer=_LAYER)
    geoms = {name: geom for name, geom in zip(raw["name"], raw.geometry)}
    codes = {
        name: (None if pd.isna(code) else str(code))
        for name, code in zip(raw["name"], raw["id"])
    }
    order = list(raw["name"])
    if len(set(order)) != len(order):
        raise ValueError(f"{source.name}: duplicate country names")

    geoms = {name: _fix_antimeridian(geom) for name, geom in geoms.items()}
    _move_crimea(geoms)
    for absorbed, absorber in _MERGES:
        geoms[absorber] = _union(geoms[absorber], geoms.pop(absorbed))
        order.remove(absorbed)

    frame = gpd.GeoDataFrame(
        {
            "name": pd.Series(order, dtype=object),
            "iso_n3": pd.Series([codes[n] for n in order], dtype=object),
        },
        geometry=gpd.GeoSeries([_valid(geoms[n]) for n in order], crs=CRS),
        crs=CRS,
    )
    return frame


def _move_crimea(geoms: dict[str, BaseGeometry]) -> None:
    """Move Russia's Crimean polygon(s) into Ukraine, in place.

    Parameters
    ----------
    geoms : dict of str to shapely geometry
        Country geometries keyed by name; ``"Russia"`` and ``"Ukraine"`` are
        replaced.

    Raises
    ------
    RuntimeError
        If no part of Russia lies within the Crimea box, or the selected
        parts miss Simferopol or Sevastopol (the input data changed).
    """
    parts = _polygons(geoms["Russia"])
    crimea = [p for p in parts if p.within(_CRIMEA_BOX)]
    rest = [p for p in parts if not p.within(_CRIMEA_BOX)]
    crimea_geom = MultiPolygon(crimea)
    missing = [c for c, pt in _CRIMEA_CHECK_POINTS.items() if not crimea_geom.covers(pt)]
    if not crimea or missing:
        raise RuntimeError(
            "Crimea fix: Russia's parts inside the Crimea box do not cover "
            f"{missing or list(_CRIMEA_CHECK_POINTS)}; has the input data changed?"
        )
    geoms["Russia"] = _as_multi_or_single(rest)
    geoms["Ukraine"] = _union(geoms["Ukraine"], crimea_geom)


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """Return the non-empty polygons contained in *geom* (any geometry type)."""
    if geom.is_empty:
        return []
    if isinstance(geom, Polygon):
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []  # points and lines carry no area


def _as_multi_or_single(polys: list[Polygon]) -> Polygon | MultiPolygon:
    """Return one Polygon as is, several as a MultiPolygon."""
    if not polys:
        raise ValueError("no polygon left")
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _valid(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """Return *geom* if valid, else its polygonal :func:`shapely.make_valid`."""
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    return _as_multi_or_single(_polygons(fixed))


def _union(a: BaseGeometry, b: BaseGeometry) -> Polygon | MultiPolygon:
    """Union two polygonal geometries, keeping only the polygonal result."""
    return _as_multi_or_single(_polygons(shapely.union_all([_valid(a), _valid(b)])))


def _unwrap(coords: np.ndarray) -> tuple[np.ndarray, float]:
    """Remove +/-360 degree longitude jumps from a ring.

    Parameters
    ----------
    coords : numpy.ndarray
        ``(n, 2)`` lon/lat ring coordinates.

    Returns
    -------
    unwrapped : numpy.ndarray
        Coordinates with longitudes made continuous (may leave [-180, 180]).
    net : float
        Longitude offset accumulated over the ring: 0 for an ordinary ring,
        +360 (eastward) or -360 (westward) for a ring that encircles a pole.
    """
    step = np.diff(coords[:, 0])
    shift = np.where(step > 180.0, -360.0, np.where(step < -180.0, 360.0, 0.0))
    offset = np.concatenate([[0.0], np.cumsum(shift)])
    out = coords.copy()
    out[:, 0] += offset
    return out, float(offset[-1])


def _crosses(ring: shapely.LinearRing) -> bool:
    """Whether a ring jumps across the antimeridian (a step > 180 degrees)."""
    lon = np.asarray(ring.coords)[:, 0]
    return bool(np.any(np.abs(np.diff(lon)) > 180.0))


def _wrap(poly: BaseGeometry) -> BaseGeometry:
    """Fold a polygon in unwrapped longitudes back into [-180, 180].

    The polygon is cut at every multiple of 180 + 360k and each piece is
    shifted by 360k into the world box; the pieces are unioned.
    """
    xmin, _, xmax, _ = poly.bounds
    pieces = []
    first, last = (int(np.floor((x + 180.0) / 360.0)) for x in (xmin, xmax))
    for k in range(first, last + 1):
        window = box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = affinity.translate(poly.intersection(window), xoff=-360.0 * k)
        pieces.extend(_polygons(piece))
    clamped = [_clamp(p) for p in pieces]
    return shapely.union_all(clamped) if clamped else Polygon()


def _clamp(poly: Polygon) -> Polygon:
    """Clip coordinates to [-180, 180] x [-90, 90] (removes 1e-13 overshoots)."""
    def clip(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([np.clip(xy[:, 0], -180, 180), np.clip(xy[:, 1], -90, 90)])

    return shapely.transform(poly, clip)


def _ring_interior(ring: shapely.LinearRing) -> BaseGeometry:
    """Region a pole-encircling ring bounds, by d3's winding rule.

    d3 (and so world-atlas) puts a ring's interior on its right.  A ring
    that goes once around a pole is closed through that pole: heading east
    in the southern hemisphere the interior is the side towards the south
    pole, heading west it is the rest of the world (mirrored in the north).
    """
    unwrapped, net = _unwrap(np.asarray(ring.coords))
    pole = -90.0 if unwrapped[:, 1].mean() < 0 else 90.0
    closing = [(unwrapped[-1, 0], pole), (unwrapped[0, 0], pole)]
    cap = _wrap(_valid(Polygon(np.vstack([unwrapped, closing]))))
    eastward = net > 0
    towards_pole = eastward == (pole < 0)
    return cap if towards_pole else _WORLD.difference(cap)


def _fix_polygon(poly: Polygon) -> list[Polygon]:
    """Split one polygon at the antimeridian; untouched if it does not cross.

    Returns
    -------
    list of shapely.Polygon
        Pieces with longitudes in [-180, 180] and spanning at most 180
        degrees each.
    """
    rings = [poly.exterior, *poly.interiors]
    if not any(_crosses(r) for r in rings):
        return [poly]

    polar = [_unwrap(np.asarray(r.coords))[1] != 0.0 for r in rings]
    if any(polar):
        # Pole-encircling rings (Antarctica): intersect what every ring
        # encloses; ordinary rings keep their exterior/hole role.
        region: BaseGeometry = _WORLD
        for i, (ring, is_polar) in enumerate(zip(rings, polar)):
            if is_polar:
                region = region.intersection(_ring_interior(ring))
            else:
                inside = _wrap(_valid(Polygon(_unwrap(np.asarray(ring.coords))[0])))
                region = region.intersection(inside) if i == 0 else region.difference(inside)
        return _polygons(region)

    shell, _ = _unwrap(np.asarray(poly.exterior.coords))
    centre = shell[:, 0].mean()
    holes = []
    for ring in poly.interiors:
        hole, _ = _unwrap(np.asarray(ring.coords))
        hole[:, 0] += 360.0 * np.round((centre - hole[:, 0].mean()) / 360.0)
        holes.append(hole)
    return _polygons(_wrap(_valid(Polygon(shell, holes))))


def _fix_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Apply :func:`_fix_polygon` to every polygon of *geom*.

    Geometries that do not cross the antimeridian are returned unchanged
    (same object).
    """
    xmin, _, xmax, _ = geom.bounds
    if xmax - xmin <= 180.0:  # a step of more than 180 degrees needs this span
        return geom
    parts = _polygons(geom)
    if not any(_crosses(r) for p in parts for r in (p.exterior, *p.interiors)):
        return geom
    fixed = [q for p in parts for q in _fix_polygon(p)]
    return _valid(_as_multi_or_single(fixed))


def write(target: Path = FIXED_PATH, source: Path = SOURCE_PATH) -> Path:
    """Write the fixed borders as GeoParquet (lossless coordinates, no timestamps)."""
    fixed_borders(source).to_parquet(target, index=False, compression="zstd", write_covering_bbox=False)
    return target


if __name__ == "__main__":
    print(f"wrote {write(*(Path(a) for a in sys.argv[1:2]))}")
