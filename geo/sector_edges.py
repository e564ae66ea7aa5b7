"""The sector edges that no source gives, as bands (issue 33, point 2.4).

Under :class:`geo.sector_depiction.DepictionModel` (the default) a sector edge is *given* where it follows a border
the evidence names (Russia's sector is the CSTO members' land and the Baltic states, wholly) and *inferred* where
the project drew it:

- the slide's lines (``poland_east_of_lon``, ``norway_north_of_lat``, ``sweden_north_of_lat``,
  ``finland_north_of_lat`` in ``seeds/sector_models.csv``), which stand for Podvig's words "parts of Poland",
  "most of Norway", "most of Sweden and Finland": the band is the cut state's land within ``edge_band_deg``
  degrees of the line (a strip of longitude or latitude), drawn only while the line is (:meth:`DepictionModel.at`);
- the capital rule's edges: where two sectors the capital rule assigns (the United States', Germany's, France's)
  meet, at a land border between states given to different holders: the band is the two sectors' land within
  ``edge_band_deg`` degrees of that border (the pieces that touch it: not across a third state or the sea).

Every band names the parameter whose line it is (``west_of_lon`` for an edge of France's sector, ``south_of_lat``
for the United States' and Germany's), so that a feature carries that row's ``inferred:`` note. The edges of Russia's
sector along the borders of states wholly in it are not banded: the sources name those states. Nor is the edge of
the land no sector holds (the alliances' own borders) or the coast. Under :class:`geo.sector_borders.BordersModel`
(``alliance_borders``) the capital rule's edges are banded alike; the ``wedges`` model has no band (its rays are
a geometric construction drawn for comparison, the whole model labelled an alternative).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import shapely

from geo.sector_borders import BordersModel, _assign, _land_in_theatre
from geo.sector_depiction import DepictionModel, _capital_rule, _land

#: The column of a sector feature that says how certain its shape is; ``INFERRED`` marks a band.
CERTAINTY, INFERRED = "certainty", "inferred"
#: Degrees: two sectors' outlines closer than this share a border (Natural Earth's neighbours meet exactly or nearly).
_TOUCH = 1e-4


@dataclass(frozen=True)
class Band:
    """One inferred edge's band: the ``parameter`` (of ``sector_models.csv``) whose line it is, the ``directions``
    of the sectors it divides (the cut state for a slide's line), the ``states`` it crosses and its ``geometry``."""

    parameter: str
    directions: tuple[str, ...]
    states: tuple[str, ...]
    geometry: shapely.Geometry


def bands(model, specs, nato, csto) -> tuple[Band, ...]:
    """The bands of ``model``'s inferred edges for these sectors and members (none for a model without them)."""
    if not isinstance(model, (DepictionModel, BordersModel)):
        return ()
    return _bands(model, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto)))


def areas(frame):
    """The features of a built sector layer that are areas (sectors and undescribed land), without the bands."""
    if CERTAINTY not in frame.columns:
        return frame
    return frame[frame[CERTAINTY].ne(INFERRED)]


@lru_cache(maxsize=32)
def _bands(model, specs, nato, csto) -> tuple[Band, ...]:
    if isinstance(model, BordersModel):
        return tuple(_capital_bands(model, model, specs, nato, csto))
    return (*_cut_bands(model), *_capital_bands(model, _capital_rule(model), specs, nato, csto))


def _cut_bands(model: DepictionModel) -> list[Band]:
    found, width = [], model.edge_band_deg
    for state, (name, axis) in model.cuts().items():
        value, land = getattr(model, name), _land(model, state)
        line = shapely.LineString([(value, -90), (value, 90)] if axis == "lon" else [(-180, value), (180, value)])
        if land.is_empty or not land.intersects(line):
            continue
        strip = (shapely.box(value - width, -90, value + width, 90) if axis == "lon"
                 else shapely.box(-180, value - width, 180, value + width))
        found.append(Band(name, (state,), (state,), shapely.normalize(shapely.intersection(land, strip))))
    return found


def _capital_bands(model, rule: BordersModel, specs, nato, csto) -> list[Band]:
    shapes = dict(zip((direction for _, direction, *_ in specs), model.polygons(specs, nato, csto).values()))
    assigned = dict(_assign(rule, nato))
    found, width = [], model.edge_band_deg
    for a, b in combinations(sorted(set(assigned.values())), 2):
        one, other = shapes.get(a), shapes.get(b)
        if one is None or other is None or one.is_empty or other.is_empty or one.distance(other) > _TOUCH:
            continue
        edge = shapely.intersection(one.boundary, shapely.buffer(other, _TOUCH))  # the border the two share
        near = shapely.intersection(shapely.buffer(edge, width), shapely.union(one, other))
        band = shapely.union_all([part for part in getattr(near, "geoms", [near]) if part.distance(edge) < _TOUCH])
        if edge.length < _TOUCH or band.is_empty:
            continue
        states = tuple(sorted(c for c, d in assigned.items() if d in (a, b) and _land_in_theatre(rule, c).intersects(band)))
        name = "west_of_lon" if "west" in (a, b) else "south_of_lat"
        found.append(Band(name, (a, b), states, shapely.normalize(band)))
    return found
