"""Russia's own depiction of the four sectors: the default model of :mod:`geo.sectors`.

The evidence (``seeds/CHANGES.md``, issue 21):

- Seed 002 (Kommersant, 15 Jul 2011): Russia would shoot down what flies over *its area of
  responsibility* towards NATO, NATO the reverse; the *facilities* of each side meet at their
  own borders. Rogozin recalls that the Baltic states called the four-sector version "a new
  Molotov-Ribbentrop Pact": their territory fell in Russia's sector.
- The Russian General Staff's slide at the Moscow missile-defence conference (3-4 May 2012), as
  described by Pavel Podvig ("Russia's sectoral defense", russianforces.org, May 2012): NATO
  would not protect the Baltic states, parts of Poland and most of Norway, which fall in
  Russia's sector; most of Sweden and Finland (not in NATO) would be protected by Russia.

Neither source gives coordinates, so the lines here are **parameters** (``seeds/sector_models.csv``), chosen to match the words
("parts of Poland", "most of Norway", "most of Sweden"), and the drawing is approximate. Russia's
sector is the CSTO members' land, the Baltic states, Poland east of ``poland_east_of_lon``, Norway
north of ``norway_north_of_lat``, Sweden north of ``sweden_north_of_lat`` and Finland north of
``finland_north_of_lat``. The rest of
NATO Europe is shared among the other holders by the capital rule of the ``alliance_borders``
model. Land the evidence does not describe (Ukraine, Moldova, the Balkan states outside NATO,
Austria, Switzerland, Ireland, southern Sweden, ...) is one "undescribed" feature, not guessed.
The members are those of the proposal's time (the layer passes them; see
:func:`layers.european_sectors.build`).

It builds on :mod:`geo.sector_borders` (the theatre and the capital rule); :mod:`geo.sectors` registers it.
"""

from __future__ import annotations

from geo.texts import N_, same

from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely import Polygon
from shapely.ops import unary_union

from geo.sector_borders import BordersModel, _assign, _check_directions, _land_in_theatre


@dataclass(frozen=True)
class DepictionModel:
    """Russia's sector as the General Staff's 2012 slide is described (see the module docstring).

    Parameters
    ----------
    poland_east_of_lon, norway_north_of_lat, sweden_north_of_lat, finland_north_of_lat : float
        The lines (degrees) standing for "parts of Poland", "most of Norway", "most of Sweden and Finland".
    whole : tuple of str
        States wholly in Russia's sector besides the CSTO members: the Baltic states.
    west_of_lon, south_of_lat : float
        The capital rule for the rest of NATO Europe (as :class:`geo.sectors.BordersModel`).
    """

    poland_east_of_lon: float
    norway_north_of_lat: float
    sweden_north_of_lat: float
    finland_north_of_lat: float
    west_of_lon: float
    south_of_lat: float
    whole: tuple[str, ...] = ("Estonia", "Latvia", "Lithuania")
    west: float = -25.0
    south: float = 30.0
    east: float = 60.0
    north: float = 72.0
    name: str = "russian_depiction"
    title: str = N_("Russia's sector as the General Staff depicted it (May 2012; approximate), the others by capital — default")
    sources: tuple[str, ...] = ("kommersant-2011-07-15", "podvig-2012-05", "naturalearth-4.1")
    gap_name: str = N_("Undescribed: land the evidence does not place in any sector (e.g. Ukraine)")
    gap_note: str = N_("Neither Rogozin's account nor the General Staff's slide (as described) says where "
                       "this land falls: shown as undescribed rather than guessed (land only).")

    def parts(self) -> dict[str, Polygon]:
        """State -> the part of it (a lon/lat box) in Russia's sector, for the states cut by a line."""
        return {"Poland": shapely.box(self.poland_east_of_lon, -90, 180, 90),
                "Norway": shapely.box(-180, self.norway_north_of_lat, 180, 90),
                "Sweden": shapely.box(-180, self.sweden_north_of_lat, 180, 90),
                "Finland": shapely.box(-180, self.finland_north_of_lat, 180, 90)}

    def describe(self, words=same) -> str:
        """The rule in one paragraph; ``words`` translates its text (a front end's ``_``; English by default)."""
        return words(N_(
            "The default interpretation: Russia's own depiction, approximate. "
            "Evidence: in Kommersant (15 Jul 2011) Rogozin recalls the Baltic states calling the "
            "four-sector version 'a new Molotov-Ribbentrop Pact'; the General Staff's slide at the Moscow "
            "missile-defence conference (3-4 May 2012), as described by Pavel Podvig (russianforces.org, "
            "'Russia's sectoral defense'), puts the Baltic states, parts of Poland and most of Norway in "
            "Russia's sector and most of Sweden and Finland under Russia's protection. The sectors are "
            "where each side would shoot down missiles flying over; the facilities meet at their own "
            "borders. Drawn: Russia's sector (east) = the CSTO members' land, Estonia, Latvia, Lithuania, "
            "Finland north of {finland}°N, Poland east of {poland}°E, Norway north of {norway}°N, "
            "Sweden north of {sweden}°N (these "
            "lines stand for the words 'parts of', 'most of': no source gives the slide's lines). The rest of "
            "NATO Europe goes to the other holders state by state by the position of the capital: west of "
            "{west}°E to France (west), else south of {south}°N to the United States (south), else Germany "
            "(north). Land the evidence does not describe (e.g. Ukraine, Moldova, Serbia, Austria) is shown as "
            "undescribed. Drawn with the alliances of the proposal's time (NATO and the CSTO at 20 Nov 2010), "
            "not re-assigned as NATO grew (Montenegro 2017, North Macedonia 2020, Finland 2023, Sweden 2024). "
            "Land only.")).format(poland=f"{self.poland_east_of_lon:g}", norway=f"{self.norway_north_of_lat:g}",
                                  sweden=f"{self.sweden_north_of_lat:g}", finland=f"{self.finland_north_of_lat:g}",
                                  west=f"{self.west_of_lon:g}",
                                  south=f"{self.south_of_lat:g}")

    def polygons(self, specs, nato, csto) -> dict[str, shapely.Geometry]:
        return dict(_polygons(self, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto))))

    def states(self, specs, nato, csto) -> dict[str, tuple[str, ...]]:
        """Sector id -> the states (or named parts of states) it is made of."""
        return dict(_states(self, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto))))

    def uncovered(self, nato, csto) -> shapely.Geometry:
        """The land no sector holds: states in neither alliance minus what Russia's sector takes."""
        return _uncovered(self, tuple(sorted(nato)), tuple(sorted(csto)))


def _capital_rule(model: DepictionModel):
    return BordersModel(west_of_lon=model.west_of_lon, south_of_lat=model.south_of_lat, west=model.west,
                        south=model.south, east=model.east, north=model.north)


def _land(model, country):
    return _land_in_theatre(_capital_rule(model), country)


def _in_theatre(model, countries):
    return [c for c in countries if not _land(model, c).is_empty]


@lru_cache(maxsize=32)
def _east(model: DepictionModel, nato: tuple[str, ...], csto: tuple[str, ...]) -> shapely.Geometry:
    pieces = [_land(model, c) for c in _in_theatre(model, csto)]
    pieces += [_land(model, c) for c in model.whole if not _land(model, c).is_empty]
    pieces += [shapely.intersection(_land(model, c), box) for c, box in model.parts().items()]
    return shapely.normalize(unary_union([p for p in pieces if not p.is_empty]))


@lru_cache(maxsize=32)
def _polygons(model, specs, nato, csto):
    _check_directions(specs)
    east = _east(model, nato, csto)
    members: dict[str, list] = {}
    for country, direction in _assign(_capital_rule(model), nato):
        if country in model.whole:
            continue
        land = _land(model, country)
        if country in model.parts():
            land = shapely.difference(land, east)
        members.setdefault(direction, []).append(land)
    shapes = {"east": east}
    for direction, parts in members.items():
        shapes[direction] = shapely.normalize(unary_union(parts)) if parts else Polygon()
    return tuple((sid, shapes.get(direction, Polygon())) for sid, direction, *_ in specs)


@lru_cache(maxsize=32)
def _states(model, specs, nato, csto):


    parts = {"Poland": f"Poland east of {model.poland_east_of_lon:g}°E",
             "Norway": f"Norway north of {model.norway_north_of_lat:g}°N",
             "Sweden": f"Sweden north of {model.sweden_north_of_lat:g}°N",
             "Finland": f"Finland north of {model.finland_north_of_lat:g}°N"}
    rest = {"Poland": f"Poland west of {model.poland_east_of_lon:g}°E",
            "Norway": f"Norway south of {model.norway_north_of_lat:g}°N"}
    east = _in_theatre(model, csto) + [c for c in model.whole if not _land(model, c).is_empty]
    east += [text for c, text in parts.items() if c in nato or c not in csto]
    by_direction: dict[str, list[str]] = {"east": east}
    for country, direction in _assign(_capital_rule(model), nato):
        if country not in model.whole:
            by_direction.setdefault(direction, []).append(rest.get(country, country))
    return tuple((sid, tuple(sorted(by_direction.get(direction, ())))) for sid, direction, *_ in specs)


@lru_cache(maxsize=32)
def _uncovered(model, nato, csto):
    from geo import borders

    world = borders.load_borders()
    area = shapely.box(model.west, model.south, model.east, model.north)
    taken = set(nato) | set(csto)
    others = [g for name, g in zip(world["name"], world.geometry) if name not in taken and g.intersects(area)]
    land = shapely.intersection(unary_union(others), area) if others else Polygon()
    land = shapely.difference(land, _east(model, nato, csto))
    polygons = [g for g in getattr(land, "geoms", [land]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.normalize(unary_union(polygons)) if polygons else Polygon()
