"""The ``alliance_borders`` sector model and what every model shares: the European theatre, the
capitals that give a NATO member state to one holder, and the land of a state inside the theatre.

:mod:`geo.sectors` (the models by name) and :mod:`geo.sector_depiction` (the default model, which
gives the NATO states outside Russia's sector by this module's capital rule) both build on it; it
imports neither.
"""

from __future__ import annotations

from geo.texts import N_, iso, same

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import shapely
from shapely import Polygon
from shapely.ops import unary_union

from geo import borders
from geo.seeds import SeedError, _read, seeds_dir, seeds_digest

#: The European theatre every model is clipped to (degrees): Iceland and
#: Portugal to the Urals, the Mediterranean to the Arctic coast.
THEATRE = {"west": -25.0, "south": 30.0, "east": 60.0, "north": 72.0}

def anchors() -> dict[str, tuple[float, float]]:
    """Country (as in :mod:`geo.borders`) -> (lat, lon) of its capital: the point the capital rule uses to give
    a NATO member state to one holder. Read from ``capitals.csv`` in the seed folder through its declared schema
    (:data:`geo.analysis_seeds.SCHEMAS`; city centres to about 1 km; Nuuk and Torshavn stand for Greenland and
    the Faroes when they are listed apart from Denmark). A member missing there falls back to a representative
    point of its land in the theatre (:func:`shapely.point_on_surface`)."""
    return dict(_anchor_items())


def _anchor_items() -> tuple[tuple[str, tuple[float, float]], ...]:
    folder = seeds_dir()
    return _read_anchors(str(folder), seeds_digest(folder))


@lru_cache(maxsize=4)
def _read_anchors(folder: str, digest: str) -> tuple[tuple[str, tuple[float, float]], ...]:
    from geo.analysis_seeds import SCHEMAS

    problems: list = []
    frame = _read(Path(folder), SCHEMAS["capitals"], problems)
    if problems:
        raise SeedError(problems)
    return tuple((country, (float(lat), float(lon))) for country, lat, lon in zip(frame["country"], frame["lat"], frame["lon"]))


Spec = tuple[str, str, float, float]  # (sector id, direction, azimuth_from, azimuth_to)
_DEFAULT_THEATRE = SimpleNamespace(**THEATRE)


def theatre(model=None, step_deg: float = 0.5) -> Polygon:
    """The theatre of ``model`` (default :data:`THEATRE`) as a lon/lat box, densified so
    it draws and reprojects smoothly."""
    c = model or _DEFAULT_THEATRE
    box = shapely.box(c.west, c.south, c.east, c.north, ccw=True)
    return shapely.segmentize(box, step_deg)


def _theatre_text(c) -> str:
    def lon(x):
        return f"{abs(x):g}°{'W' if x < 0 else 'E'}"
    return f"{lon(c.west)}–{lon(c.east)}, {c.south:g}°N–{c.north:g}°N"


# --------------------------------------------------------------------------
# An alternative: sectors that stop at the alliances' borders
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class BordersModel:
    """Sectors that stop at the alliances' borders (``alliance_borders``; see the module docstring).

    Parameters
    ----------
    west_of_lon : float
        A NATO member whose capital lies west of this meridian goes to the
        western holder (France).
    south_of_lat : float
        Of the others, one whose capital lies south of this parallel goes to
        the southern holder (the United States); the rest to the northern
        holder (Germany).
    edge_band_deg : float
        Half the width of the hatched band drawn along each border between two holders (:mod:`geo.sector_edges`).
    west, south, east, north : float
        The theatre (degrees).
    """

    west_of_lon: float
    south_of_lat: float
    edge_band_deg: float
    west: float = THEATRE["west"]
    south: float = THEATRE["south"]
    east: float = THEATRE["east"]
    north: float = THEATRE["north"]
    name: str = "alliance_borders"
    title: str = N_("Stops at the alliances' borders (alternative)")
    #: Source ids (``seeds/sources.csv``) of the geometry the model uses, cited by each feature.
    sources: tuple[str, ...] = ("naturalearth-4.1",)
    gap_name: str = N_("Not in any sector: states in neither NATO nor the CSTO in 2010")
    gap_note: str = N_("Under this model the proposal divided Russia's and NATO's own territory; states in "
                       "neither alliance in 2010 are assigned to no holder (land only).")

    def describe(self, words=same, day=iso) -> str:  # day: no date in this rule
        """The rule in one paragraph; ``words`` translates its text (a front end's ``_``; English by default)."""
        return words(N_(
            "An alternative interpretation, stopping at the alliances' borders: Russia's sector (east) "
            "is the territory of the CSTO member states (Russia and its allies, e.g. Belarus), so it "
            "stops at the Russia/NATO borders. This reading applies to the sectors the source's rule on "
            "the facilities ('meet at their own borders'); the evidence on the sectors themselves (the "
            "Baltic states' objection, the General Staff's 2012 slide) puts Russia's sector beyond them: "
            "see the default interpretation. The territory of the European NATO members is shared "
            "among the other holders, each member state wholly to one by the position of its "
            "capital: west of {west}°E to France (west), else south of {south}°N to the United States (south), "
            "else to Germany (north); the borders between two holders are edges no source gives, hatched across a "
            "band of {band}° either side. States in neither alliance (e.g. Ukraine, Moldova, Serbia, Finland, Sweden) "
            "are in no sector and drawn as one 'not covered' feature. Drawn with the alliances of the proposal's "
            "time (20 Nov 2010), not re-assigned as NATO grew 2017-2024. Land only (Natural Earth 1:50m "
            "borders with the period fixes); sea areas are not drawn. Clipped to the theatre {theatre}.")).format(
            west=f"{self.west_of_lon:g}", south=f"{self.south_of_lat:g}", theatre=_theatre_text(self),
            band=f"{self.edge_band_deg:g}")

    def uncovered(self, nato, csto) -> shapely.Geometry:
        """The theatre's land in neither alliance."""
        return _not_covered(self, tuple(sorted(nato)), tuple(sorted(csto)))

    def direction_of(self, lon: float, lat: float) -> str:
        """The NATO holder's direction (``west``, ``south``, ``north``) for a capital at lon, lat."""
        if lon < self.west_of_lon:
            return "west"
        return "south" if lat < self.south_of_lat else "north"

    def assign(self, nato: tuple[str, ...]) -> dict[str, str]:
        """NATO member (with land in the theatre) -> direction of its holder."""
        return dict(_assign(self, tuple(sorted(nato))))

    def polygons(self, specs: tuple[Spec, ...], nato: tuple[str, ...], csto: tuple[str, ...]) -> dict[str, shapely.Geometry]:
        return dict(_border_polygons(self, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto))))

    def states(self, specs: tuple[Spec, ...], nato: tuple[str, ...], csto: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """Sector id -> the states (with land in the theatre) it is made of."""
        by_direction = {"east": sorted(_in_theatre(self, tuple(sorted(csto))))}
        for country, direction in self.assign(nato).items():
            by_direction.setdefault(direction, []).append(country)
        return {sid: tuple(sorted(by_direction.get(direction, ()))) for sid, direction, *_ in specs}


@lru_cache(maxsize=64)
def _land_in_theatre(model, country: str):
    shape = borders.country_shapes([country]).geometry.iloc[0]
    return shapely.intersection(shape, theatre(model, step_deg=1.0))


def _in_theatre(model, countries: tuple[str, ...]) -> list[str]:
    return [c for c in countries if not _land_in_theatre(model, c).is_empty]


def _assign(model: BordersModel, nato: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(NATO member with land in the theatre, its holder's direction), by the capitals of the seed folder."""
    return _assign_by(model, nato, _anchor_items())


@lru_cache(maxsize=32)
def _assign_by(model: BordersModel, nato: tuple[str, ...], points) -> tuple[tuple[str, str], ...]:
    capitals = dict(points)
    result = []
    for country in _in_theatre(model, nato):
        if country in capitals:
            lat, lon = capitals[country]
        else:
            point = shapely.point_on_surface(_land_in_theatre(model, country))
            lon, lat = point.x, point.y
        result.append((country, model.direction_of(lon, lat)))
    return tuple(result)


@lru_cache(maxsize=32)
def _border_polygons(model: BordersModel, specs: tuple[Spec, ...], nato: tuple[str, ...],
                     csto: tuple[str, ...]) -> tuple[tuple[str, shapely.Geometry], ...]:
    _check_directions(specs)
    members = {"east": _in_theatre(model, csto)}
    for country, direction in _assign(model, nato):
        members.setdefault(direction, []).append(country)
    shapes = {}
    for direction, countries in members.items():
        parts = [_land_in_theatre(model, c) for c in countries]
        shapes[direction] = shapely.normalize(unary_union(parts)) if parts else Polygon()
    return tuple((sid, shapes.get(direction, Polygon())) for sid, direction, *_ in specs)


def _check_directions(specs) -> None:
    directions = sorted(direction for _, direction, *_ in specs)
    if directions != ["east", "north", "south", "west"]:
        raise ValueError(f"the borders model needs one sector per direction east, north, south, west; "
                         f"got {', '.join(directions) or 'none'}")


@lru_cache(maxsize=32)
def _not_covered(model, nato, csto) -> shapely.Geometry:
    world = borders.load_borders()
    area = theatre(model, step_deg=1.0)
    taken = set(nato) | set(csto)
    others = [g for name, g in zip(world["name"], world.geometry) if name not in taken and g.intersects(area)]
    land = shapely.intersection(unary_union(others), area) if others else Polygon()
    polygons = [g for g in getattr(land, "geoms", [land]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.normalize(unary_union(polygons)) if polygons else Polygon()
