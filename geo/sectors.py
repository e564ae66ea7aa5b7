"""The four proposed European "sectors of responsibility" as explicit, selectable models.

Seed 002 (Kommersant, July 2011) names the holders and their directions --
Russia east, the United States south, Germany north, France west -- and one
geometric rule: Russian and NATO missile-defence facilities "meet at their own
borders" (Russia shoots down what crosses its territory towards NATO, NATO the
reverse). It gives no map, so every drawing of the sectors is an
*interpretation*. Each interpretation here is a **model**: a frozen, hashable
dataclass of parameters with

``name``
    the id used by the app, the CLI (``--sectors MODEL``) and the ``model``
    column of every sector feature;
``title``
    a short label;
``describe()``
    the rule in one paragraph (the ``interpretation`` column);
``polygons(specs, nato, csto)``
    a function from the sectors (``specs``: ``(sector id, direction,
    azimuth_from, azimuth_to)`` tuples from ``seeds/sectors.csv``) and the
    member lists at the date to one polygon per sector id (lon/lat, EPSG:4326).

Models (:data:`MODELS`; every model draws the alliances of the proposal's time, 2010):

``russian_depiction`` (:class:`geo.sector_depiction.DepictionModel`, the default, :data:`DEFAULT_MODEL`)
    Russia's own depiction (the General Staff's May 2012 slide as Podvig describes it, and the
    Baltic states' objection in seed 002): Russia's sector reaches beyond Russia's borders over
    the Baltic states, parts of Poland, most of Norway, Finland and most of Sweden; approximate.
``alliance_borders`` (:class:`BordersModel`; old name ``borders``, still accepted: :data:`ALIASES`)
    An alternative reading that stops Russia's sector at the alliances' borders (it took the
    source's rule on the *facilities* for the sectors). Russia's sector (east) is the land of the CSTO
    member states (Russia and its allies, e.g. Belarus); NATO's
    European land is shared among the United States (south),
    Germany (north) and France (west), each member state wholly to one holder
    by the position of its capital relative to two stated lines
    (:data:`ANCHORS`; default 7 E and 47 N). States in neither alliance
    belong to no sector (:func:`not_covered`). Land only, clipped to the
    European theatre.
``wedges`` (:class:`SectorConstruction`)
    The geometric alternative: geodesic wedges about the IGN (1989) centre of
    Europe, Purnuškės, split along rays at each sector's azimuths
    (``azimuth_from``/``azimuth_to`` in ``seeds/sectors.csv``), covering the
    whole theatre (land and sea). It ignores borders (it puts much of Belarus
    in the US sector and Germany in France's) and is kept for comparison.

:func:`get_model` turns a name (or an alias) into its model and raises ``ValueError``
naming the bad value and the known names; :func:`canonical` gives a name's model name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely import MultiLineString, Polygon
from shapely.ops import split, unary_union

from geo import borders, geodesy

#: The European theatre every model is clipped to (degrees): Iceland and
#: Portugal to the Urals, the Mediterranean to the Arctic coast.
THEATRE = {"west": -25.0, "south": 30.0, "east": 60.0, "north": 72.0}

#: The capital of each state that has been a NATO member (names as in
#: :mod:`geo.borders`; lat, lon in degrees, city centres to about 1 km): the
#: point the ``borders`` model uses to give a member state to one holder.
#: Nuuk and Torshavn stand for Greenland and the Faroes when they are listed
#: apart from Denmark. A member missing here falls back to a representative
#: point of its land in the theatre (:func:`shapely.point_on_surface`).
ANCHORS: dict[str, tuple[float, float]] = {
    "Albania": (41.328, 19.819), "Belgium": (50.850, 4.352), "Bulgaria": (42.698, 23.322),
    "Canada": (45.422, -75.697), "Croatia": (45.815, 15.982), "Czechia": (50.076, 14.438),
    "Denmark": (55.676, 12.568), "Estonia": (59.437, 24.754), "Finland": (60.170, 24.938),
    "France": (48.857, 2.352), "Germany": (52.520, 13.405), "Greece": (37.984, 23.728),
    "Hungary": (47.498, 19.040), "Iceland": (64.147, -21.943), "Italy": (41.903, 12.496),
    "Latvia": (56.950, 24.105), "Lithuania": (54.687, 25.280), "Luxembourg": (49.612, 6.132),
    "Macedonia": (41.998, 21.425), "North Macedonia": (41.998, 21.425), "Montenegro": (42.430, 19.259),
    "Netherlands": (52.368, 4.904), "Norway": (59.914, 10.752), "Poland": (52.230, 21.012),
    "Portugal": (38.722, -9.139), "Romania": (44.427, 26.103), "Slovakia": (48.149, 17.108),
    "Slovenia": (46.057, 14.506), "Spain": (40.417, -3.704), "Sweden": (59.329, 18.069),
    "Turkey": (39.933, 32.860), "United Kingdom": (51.507, -0.128),
    "United States of America": (38.907, -77.037), "Greenland": (64.181, -51.694),
    "Faeroe Is.": (62.011, -6.774),
}

Spec = tuple[str, str, float, float]  # (sector id, direction, azimuth_from, azimuth_to)


def theatre(model=None, step_deg: float = 0.5) -> Polygon:
    """The theatre of ``model`` (default :data:`THEATRE`) as a lon/lat box, densified so
    it draws and reprojects smoothly."""
    c = model or WEDGES
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
    west, south, east, north : float
        The theatre (degrees).
    """

    west_of_lon: float = 7.0
    south_of_lat: float = 47.0
    west: float = THEATRE["west"]
    south: float = THEATRE["south"]
    east: float = THEATRE["east"]
    north: float = THEATRE["north"]
    name: str = "alliance_borders"
    title: str = "Stops at the alliances' borders (alternative)"
    #: Source ids (``seeds/sources.csv``) of the geometry the model uses, cited by each feature.
    sources: tuple[str, ...] = ("naturalearth-4.1",)
    gap_name: str = "Not in any sector: states in neither NATO nor the CSTO in 2010"
    gap_note: str = ("Under this model the proposal divided Russia's and NATO's own territory; states in "
                     "neither alliance in 2010 are assigned to no holder (land only).")

    def describe(self) -> str:
        return ("Interpretation 'alliance_borders' (an alternative; formerly 'borders'): Russia's sector (east) "
                "is the territory of the CSTO member states (Russia and its allies, e.g. Belarus), so it "
                "stops at the Russia/NATO borders. This reading applies to the sectors the source's rule on "
                "the facilities ('meet at their own borders'); the evidence on the sectors themselves (the "
                "Baltic states' objection, the General Staff's 2012 slide) puts Russia's sector beyond them: "
                "see the default 'russian_depiction'. The territory of the European NATO members is shared "
                "among the other holders, each member state wholly to one by the position of its "
                f"capital: west of {self.west_of_lon:g}°E to France (west), else south of "
                f"{self.south_of_lat:g}°N to the United States (south), else to Germany (north). "
                "States in neither alliance (e.g. Ukraine, Moldova, Serbia, Finland, Sweden) are in no "
                "sector and drawn as one 'not covered' feature. Drawn with the alliances of the proposal's "
                "time (20 Nov 2010), not re-assigned as NATO grew 2017-2024. Land only (Natural Earth 1:50m "
                f"borders with the period fixes); sea areas are not drawn. Clipped to the theatre "
                f"{_theatre_text(self)}.")

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


@lru_cache(maxsize=32)
def _assign(model: BordersModel, nato: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    result = []
    for country in _in_theatre(model, nato):
        if country in ANCHORS:
            lat, lon = ANCHORS[country]
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


def not_covered(model, specs: tuple[Spec, ...], nato: tuple[str, ...], csto: tuple[str, ...]) -> shapely.Geometry:
    """The theatre's land that ``model`` leaves in no sector (empty for a model that covers it all)."""
    chosen = get_model(model)
    return chosen.uncovered(nato, csto) if hasattr(chosen, "uncovered") else Polygon()


@lru_cache(maxsize=32)
def _not_covered(model, nato, csto) -> shapely.Geometry:
    world = borders.load_borders()
    area = theatre(model, step_deg=1.0)
    taken = set(nato) | set(csto)
    others = [g for name, g in zip(world["name"], world.geometry) if name not in taken and g.intersects(area)]
    land = shapely.intersection(unary_union(others), area) if others else Polygon()
    polygons = [g for g in getattr(land, "geoms", [land]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.normalize(unary_union(polygons)) if polygons else Polygon()


# --------------------------------------------------------------------------
# The alternative: geodesic wedges about a centre
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorConstruction:
    """Geodesic wedges about a centre (the ``wedges`` model).

    1. a centre (default: the IGN 1989 geographic centre of Europe, Purnuškės,
       Lithuania, 54.900 N 25.317 E);
    2. the theatre (default :data:`THEATRE`);
    3. one geodesic ray of ``ray_km`` from the centre at each sector boundary
       azimuth (``seeds/sectors.csv``: 45, 135, 225, 315 degrees), built with
       ``pyproj.Geod``;
    4. the theatre is split along the rays and each piece goes to the sector
       whose azimuth range holds the direction from the centre to the piece.

    By construction the sectors do not overlap and their union is the theatre
    (land and sea).
    """

    centre_lon: float = 25.317
    centre_lat: float = 54.900
    west: float = THEATRE["west"]
    south: float = THEATRE["south"]
    east: float = THEATRE["east"]
    north: float = THEATRE["north"]
    ray_km: float = 7000.0
    name: str = "wedges"
    title: str = "Geodesic wedges about the centre of Europe (alternative)"
    sources: tuple[str, ...] = ("ign-1989",)

    def describe(self) -> str:
        return ("Interpretation 'wedges' (an alternative, not the source's rule): geodesic wedges about "
                f"{self.centre_lat:.3f} N {self.centre_lon:.3f} E (IGN centre of Europe), one per sector "
                "between the azimuths given in seeds/sectors.csv (Russia 45-135, United States 135-225, "
                "France 225-315, Germany 315-45 degrees), covering the whole theatre "
                f"{_theatre_text(self)}, land and sea. It ignores borders: it puts much of Belarus in the "
                "United States' sector, Germany in France's and Estonia in Germany's, against the source's "
                "rule that the two sides' facilities meet at their own borders.")

    def polygons(self, specs: tuple[Spec, ...], nato=(), csto=()) -> dict[str, shapely.Geometry]:
        wedges = tuple((sid, float(start), float(stop)) for sid, _, start, stop in specs)
        return sector_polygons(wedges, self)

    def states(self, specs, nato=(), csto=()) -> dict[str, tuple[str, ...]]:
        """The wedges cut through states: no state list (see the analysis tables for shares)."""
        return {sid: () for sid, *_ in specs}


WEDGES = SectorConstruction()


def in_wedge(bearing, azimuth_from: float, azimuth_to: float):
    """True where ``bearing`` lies in [from, to), going clockwise (wraps through north)."""
    span = (azimuth_to - azimuth_from) % 360.0 or 360.0
    return np.mod(np.asarray(bearing) - azimuth_from, 360.0) < span


@lru_cache(maxsize=8)
def sector_polygons(wedges: tuple[tuple[str, float, float], ...],
                    construction: SectorConstruction = WEDGES) -> dict[str, shapely.Geometry]:
    """Split the theatre into one polygon per wedge ``(id, azimuth_from, azimuth_to)``.

    Raises ``ValueError`` if the wedges leave a gap or overlap in azimuth.
    """
    c = construction
    area = theatre(c)
    centre = shapely.Point(c.centre_lon, c.centre_lat)
    if not area.contains(centre):
        raise ValueError(f"sector centre {c.centre_lat} N {c.centre_lon} E lies outside the theatre")
    _check_wedges(wedges)
    cuts = []
    for azimuth in sorted({w[1] % 360.0 for w in wedges}):
        ray = geodesy.ray(c.centre_lon, c.centre_lat, azimuth, c.ray_km).intersection(area)
        parts = getattr(ray, "geoms", [ray])
        cuts.append(min(parts, key=lambda part: part.distance(centre)))
    pieces = split(area, MultiLineString(cuts)).geoms
    points = shapely.point_on_surface(list(pieces))
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    bearings = geodesy.azimuth(np.full_like(xs, c.centre_lon), np.full_like(ys, c.centre_lat), xs, ys)
    result = {}
    for wedge_id, start, stop in wedges:
        mine = [piece for piece, inside in zip(pieces, in_wedge(bearings, start, stop)) if inside]
        result[wedge_id] = shapely.normalize(unary_union(mine))
    return result


def _check_wedges(wedges) -> None:
    spans = sorted((start % 360.0, ((stop - start) % 360.0) or 360.0, wid) for wid, start, stop in wedges)
    total = sum(span for _, span, _ in spans)
    if abs(total - 360.0) > 1e-9:
        raise ValueError(f"sector wedges span {total:g} degrees, not 360: {[w[0] for w in wedges]}")
    for (a_start, a_span, a_id), (b_start, _, b_id) in zip(spans, spans[1:] + spans[:1]):
        if abs((a_start + a_span - b_start) % 360.0) > 1e-9:
            raise ValueError(f"sector wedges {a_id} and {b_id} do not meet")


# --------------------------------------------------------------------------
# Choosing a model
# --------------------------------------------------------------------------

from geo.sector_depiction import DepictionModel  # noqa: E402  (it imports this module in functions only)

#: The models by name, the default first.
MODELS: dict[str, DepictionModel | BordersModel | SectorConstruction] = {
    "russian_depiction": DepictionModel(), "alliance_borders": BordersModel(), "wedges": WEDGES}
MODEL_NAMES: tuple[str, ...] = tuple(MODELS)
DEFAULT_MODEL = "russian_depiction"
#: Old names still accepted (URLs, the CLI): ``borders`` was the default before issue 21.
ALIASES: dict[str, str] = {"borders": "alliance_borders"}


def canonical(name: str | None) -> str:
    """The model name for ``name`` or its alias (``"borders"`` -> ``"alliance_borders"``); ValueError if unknown."""
    if name is None:
        return DEFAULT_MODEL
    key = ALIASES.get(name.strip(), name.strip())
    if key not in MODELS:
        raise ValueError(f"unknown sector model {name!r} (known: {', '.join(MODEL_NAMES)}; "
                         f"'borders' = 'alliance_borders')")
    return key


def get_model(model: str | BordersModel | SectorConstruction | None = None):
    """The model named ``model`` (default :data:`DEFAULT_MODEL`); a model instance passes through.

    Raises
    ------
    ValueError
        For an unknown name, naming it and the known ones.
    """
    if model is None:
        return MODELS[DEFAULT_MODEL]
    if isinstance(model, str):
        return MODELS[canonical(model)]
    if hasattr(model, "polygons") and hasattr(model, "describe"):
        return model
    raise ValueError(f"not a sector model: {model!r} (known: {', '.join(MODEL_NAMES)})")


def sector_shapes(model, specs: tuple[Spec, ...], nato: tuple[str, ...] = (),
                  csto: tuple[str, ...] = ()) -> dict[str, shapely.Geometry]:
    """Sector id -> polygon under ``model`` (a name or a model) for these members."""
    return get_model(model).polygons(tuple(specs), tuple(nato), tuple(csto))
