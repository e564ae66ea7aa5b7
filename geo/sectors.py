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
    the Baltic states, parts of Poland, most of Norway and most of Sweden and Finland; approximate.
``alliance_borders`` (:class:`BordersModel`; old name ``borders``, still accepted: :data:`ALIASES`)
    An alternative reading that stops Russia's sector at the alliances' borders (it took the
    source's rule on the *facilities* for the sectors). Russia's sector (east) is the land of the CSTO
    member states (Russia and its allies, e.g. Belarus); NATO's
    European land is shared among the United States (south),
    Germany (north) and France (west), each member state wholly to one holder
    by the position of its capital relative to two stated lines
    (:func:`anchors`, from ``seeds/capitals.csv``; default 7 E and 47 N). States in neither alliance
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

from geo.texts import N_, TextError, iso, same

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely import MultiLineString, Polygon
from shapely.ops import split, unary_union

from geo import geodesy

from geo.sector_borders import (  # noqa: F401  (re-exported: geo.sectors names every model's pieces)
    THEATRE, BordersModel, _assign, anchors, _border_polygons, _check_directions, _in_theatre, _land_in_theatre,
    _not_covered, _theatre_text, Spec, theatre)


def not_covered(model, specs: tuple[Spec, ...], nato: tuple[str, ...], csto: tuple[str, ...]) -> shapely.Geometry:
    """The theatre's land that ``model`` leaves in no sector (empty for a model that covers it all)."""
    chosen = get_model(model)
    return chosen.uncovered(nato, csto) if hasattr(chosen, "uncovered") else Polygon()


# --------------------------------------------------------------------------
# The alternative: geodesic wedges about a centre
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SectorConstruction:
    """Geodesic wedges about a centre (the ``wedges`` model).

    1. a centre (``seeds/sector_models.csv``: the IGN 1989 geographic centre of Europe, Purnuškės,
       Lithuania);
    2. the theatre (default :data:`THEATRE`);
    3. one geodesic ray of ``ray_km`` from the centre at each sector boundary
       azimuth (``seeds/sectors.csv``: 45, 135, 225, 315 degrees), built with
       ``pyproj.Geod``;
    4. the theatre is split along the rays and each piece goes to the sector
       whose azimuth range holds the direction from the centre to the piece.

    By construction the sectors do not overlap and their union is the theatre
    (land and sea).
    """

    centre_lon: float
    centre_lat: float
    west: float = THEATRE["west"]
    south: float = THEATRE["south"]
    east: float = THEATRE["east"]
    north: float = THEATRE["north"]
    ray_km: float = 7000.0
    name: str = "wedges"
    title: str = N_("Geodesic wedges about the centre of Europe (alternative)")
    sources: tuple[str, ...] = ("ign-1989",)

    def describe(self, words=same, day=iso) -> str:  # day: no date in this rule
        """The rule in one paragraph; ``words`` translates its text (a front end's ``_``; English by default)."""
        return words(N_("An alternative interpretation, not the source's rule: geodesic wedges about "
                        "{lat} N {lon} E (IGN centre of Europe), one per sector between azimuths "
                        "(Russia 45-135, United States 135-225, France 225-315, Germany 315-45 "
                        "degrees), covering the whole theatre {theatre}, land and sea. It ignores borders: it puts "
                        "much of Belarus in the United States' sector, Germany in France's and Estonia in Germany's, "
                        "against the source's rule that the two sides' facilities meet at their own borders.")).format(
            lat=f"{self.centre_lat:.3f}", lon=f"{self.centre_lon:.3f}", theatre=_theatre_text(self))

    def polygons(self, specs: tuple[Spec, ...], nato=(), csto=()) -> dict[str, shapely.Geometry]:
        wedges = tuple((sid, float(start), float(stop)) for sid, _, start, stop in specs)
        return sector_polygons(wedges, self)

    def states(self, specs, nato=(), csto=()) -> dict[str, tuple[str, ...]]:
        """The wedges cut through states: no state list (see the analysis tables for shares)."""
        return {sid: () for sid, *_ in specs}


def in_wedge(bearing, azimuth_from: float, azimuth_to: float):
    """True where ``bearing`` lies in [from, to), going clockwise (wraps through north)."""
    span = (azimuth_to - azimuth_from) % 360.0 or 360.0
    return np.mod(np.asarray(bearing) - azimuth_from, 360.0) < span


def sector_polygons(wedges: tuple[tuple[str, float, float], ...],
                    construction: SectorConstruction | None = None) -> dict[str, shapely.Geometry]:
    """Split the theatre into one polygon per wedge ``(id, azimuth_from, azimuth_to)`` about ``construction``'s
    centre (default: the ``wedges`` model of the seeds).

    Raises ``ValueError`` if the wedges leave a gap or overlap in azimuth.
    """
    return _sector_polygons(tuple(wedges), construction or MODELS["wedges"])


@lru_cache(maxsize=8)
def _sector_polygons(wedges: tuple[tuple[str, float, float], ...],
                     construction: SectorConstruction) -> dict[str, shapely.Geometry]:
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

from geo.sector_depiction import DepictionModel  # noqa: E402
from geo.sector_params import PARAMETERS, parameters, records  # noqa: E402

class _Models(Mapping):
    """The models by name, the default first, each built with its parameters from ``seeds/sector_models.csv``
    (:func:`geo.sector_params.parameters`, read again when the seed folder's digest changes)."""

    def __getitem__(self, name: str):
        return _built(*_folder_key())[name]

    def __iter__(self):
        return iter(PARAMETERS)

    def __len__(self) -> int:
        return len(PARAMETERS)


def _folder_key() -> tuple[str, str]:
    from geo.seeds import seeds_digest, seeds_dir

    folder = seeds_dir()
    return str(folder), seeds_digest(folder)


@lru_cache(maxsize=4)
def _built(folder: str, digest: str) -> dict[str, DepictionModel | BordersModel | SectorConstruction]:
    given = parameters(folder)
    rows = [(name, row) for (model, name), row in records(folder).items() if model == "russian_depiction" and row.since]
    dated = tuple((name, row.since) for name, row in rows if row.since is not None)
    later = tuple(dict.fromkeys(s for _, row in rows for s in row.sources))
    return {"russian_depiction": DepictionModel(**given["russian_depiction"], dated=dated, dated_sources=later),
            "alliance_borders": BordersModel(**given["alliance_borders"]), "wedges": SectorConstruction(**given["wedges"])}


MODELS: Mapping[str, DepictionModel | BordersModel | SectorConstruction] = _Models()
MODEL_NAMES: tuple[str, ...] = tuple(PARAMETERS)
DEFAULT_MODEL = "russian_depiction"
#: Old names still accepted (URLs, the CLI): ``borders`` was the default before issue 21.
ALIASES: dict[str, str] = {"borders": "alliance_borders"}


def canonical(name: str | None) -> str:
    """The model name for ``name`` or its alias (``"borders"`` -> ``"alliance_borders"``); ValueError if unknown."""
    if name is None:
        return DEFAULT_MODEL
    key = ALIASES.get(name.strip(), name.strip())
    if key not in MODELS:
        raise TextError(N_("unknown sector model {name} (known: {known}; 'borders' = 'alliance_borders')"),
                        name=repr(name), known=", ".join(MODEL_NAMES))
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


def staged(name, interpretation=None):
    """The model named ``name`` as it drew a feature whose rule (``interpretation``) is given: the default model's
    stage before the General Staff's slide, or with it (:meth:`DepictionModel.stages`); the model itself where it
    has no stages or none matches; None for a name that is no model."""
    model = MODELS.get(name) if isinstance(name, str) else None
    if not isinstance(model, DepictionModel) or not isinstance(interpretation, str):
        return model
    return next((stage for stage in model.stages() if stage.describe() == interpretation), model)


def title(model) -> str:
    """A model's (or a model stage's) title, untranslated: the default model before the slide says so."""
    return model.title_before if getattr(model, "withheld", ()) else model.title


def sector_shapes(model, specs: tuple[Spec, ...], nato: tuple[str, ...] = (),
                  csto: tuple[str, ...] = ()) -> dict[str, shapely.Geometry]:
    """Sector id -> polygon under ``model`` (a name or a model) for these members."""
    return get_model(model).polygons(tuple(specs), tuple(nato), tuple(csto))


def __getattr__(name: str):
    """``WEDGES``: the ``wedges`` model of the seeds (its centre from ``seeds/sector_models.csv``)."""
    if name == "WEDGES":
        return MODELS["wedges"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
