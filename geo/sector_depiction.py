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

from geo.texts import N_, iso, same

import datetime as dt
from dataclasses import dataclass, replace
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
    edge_band_deg : float
        Half the width of the hatched band drawn along each edge no source gives (:mod:`geo.sector_edges`).
    dated : tuple of (str, datetime.date)
        A parameter and the day its evidence was first shown (the slide's lines: the Moscow conference); before
        that day the model draws without the line (:meth:`at`).
    dated_sources : tuple of str
        The sources of the dated parameters: not cited while those are withheld.
    withheld : tuple of str
        The parameters not drawn (their evidence is later than the date drawn): set by :meth:`at`.
    """

    poland_east_of_lon: float
    norway_north_of_lat: float
    sweden_north_of_lat: float
    finland_north_of_lat: float
    west_of_lon: float
    south_of_lat: float
    edge_band_deg: float
    dated: tuple[tuple[str, dt.date], ...] = ()
    dated_sources: tuple[str, ...] = ()
    withheld: tuple[str, ...] = ()
    whole: tuple[str, ...] = ("Estonia", "Latvia", "Lithuania")
    west: float = -25.0
    south: float = 30.0
    east: float = 60.0
    north: float = 72.0
    name: str = "russian_depiction"
    title: str = N_("Russia's sector as the General Staff depicted it (May 2012; approximate), the others by capital — default")
    title_before: str = N_("Russia's sector from the 2010-11 evidence (the General Staff's slide came in May 2012), "
                           "the others by capital — default")
    sources: tuple[str, ...] = ("kommersant-2011-07-15", "podvig-2012-05", "naturalearth-4.1")
    gap_name: str = N_("Undescribed: land the evidence does not place in any sector (e.g. Ukraine)")
    gap_note: str = N_("Neither Rogozin's account nor the General Staff's slide (as described) says where "
                       "this land falls: shown as undescribed rather than guessed (land only).")

    def at(self, as_of: dt.date) -> DepictionModel:
        """The model as the evidence stood on ``as_of``: the lines whose evidence came later withheld."""
        withheld = tuple(name for name, since in self.dated if as_of < since)
        return replace(self, withheld=withheld,
                       sources=tuple(s for s in self.sources if not (withheld and s in self.dated_sources)))

    def stages(self) -> list[DepictionModel]:
        """The model as each stage of its evidence drew it: before each dated parameter's day, and with them all."""
        return [self.at(since - dt.timedelta(days=1)) for _, since in sorted(self.dated, key=lambda d: d[1])] + [
            self.at(dt.date.max)]

    def cuts(self) -> dict[str, tuple[str, str]]:
        """State -> (the parameter of the line cutting it, ``lon`` or ``lat``) for the lines drawn (not withheld)."""
        cuts = {"Poland": ("poland_east_of_lon", "lon"), "Norway": ("norway_north_of_lat", "lat"),
                "Sweden": ("sweden_north_of_lat", "lat"), "Finland": ("finland_north_of_lat", "lat")}
        return {state: cut for state, cut in cuts.items() if cut[0] not in self.withheld}

    def parts(self) -> dict[str, Polygon]:
        """State -> the part of it (a lon/lat box) in Russia's sector, for the states cut by a line drawn."""
        return {state: shapely.box(value, -90, 180, 90) if axis == "lon" else shapely.box(-180, value, 180, 90)
                for state, (name, axis) in self.cuts().items() for value in [getattr(self, name)]}

    def describe(self, words=same, day=iso) -> str:
        """The rule in one paragraph; ``words`` translates its text (a front end's ``_``; English by default), ``day``
        writes its date (ISO by default; a front end's in its reader's notation)."""
        if self.withheld:
            return self._describe_before(words, day)
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
            "(north). The edges no source gives (those lines, and the borders between two holders drawn by the "
            "capital rule) are hatched across a band of {band}° either side. Land the evidence does not describe "
            "(e.g. Ukraine, Moldova, Serbia, Austria) is shown as undescribed. The slide's parts are drawn from the "
            "day it was shown ({slide}); before it, Russia's sector is drawn from the 2010-11 evidence alone. Drawn "
            "with the alliances of the proposal's time (NATO and the CSTO at 20 Nov 2010), "
            "not re-assigned as NATO grew (Montenegro 2017, North Macedonia 2020, Finland 2023, Sweden 2024). "
            "Land only.")).format(poland=f"{self.poland_east_of_lon:g}", norway=f"{self.norway_north_of_lat:g}",
                                  sweden=f"{self.sweden_north_of_lat:g}", finland=f"{self.finland_north_of_lat:g}",
                                  west=f"{self.west_of_lon:g}", south=f"{self.south_of_lat:g}",
                                  band=f"{self.edge_band_deg:g}", slide=self._slide(day))

    def _slide(self, day=iso) -> str:
        """The day the slide's evidence was first shown (the earliest of :attr:`dated`), written by ``day``; "-"
        without one."""
        return day(min(since for _, since in self.dated)) if self.dated else "-"

    def _describe_before(self, words, day) -> str:
        """The rule before the slide was shown: what the 2010-11 evidence supports."""
        slide = self._slide(day)
        return words(N_(
            "The default interpretation, as the evidence stood before the General Staff's slide (shown at the "
            "Moscow missile-defence conference on {slide}). Evidence: in Kommersant (15 Jul 2011) Rogozin recalls "
            "the four-sector first version of autumn 2010 (Russia east, the United States south, Germany north, "
            "France west) and the Baltic states calling it 'a new Molotov-Ribbentrop Pact', read here as their land "
            "falling in Russia's sector. Drawn: Russia's sector (east) = the CSTO members' land, Estonia, Latvia, "
            "Lithuania. The rest of NATO Europe goes to the other holders state by state by the position of the "
            "capital: west of {west}°E to France (west), else south of {south}°N to the United States (south), else "
            "Germany (north); the borders between two holders are edges no source gives, hatched across a band of "
            "{band}° either side. Sweden, Finland and the other land the evidence does not describe (e.g. Ukraine) "
            "are shown as undescribed. From the slide's day on, Russia's sector also takes the slide's parts of "
            "Poland, Norway, Sweden and Finland. Drawn with the alliances of the proposal's time (NATO and the CSTO "
            "at 20 Nov 2010). Land only.")).format(slide=slide, west=f"{self.west_of_lon:g}",
                                                   south=f"{self.south_of_lat:g}", band=f"{self.edge_band_deg:g}")

    def polygons(self, specs, nato, csto) -> dict[str, shapely.Geometry]:
        return dict(_polygons(self, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto))))

    def states(self, specs, nato, csto) -> dict[str, tuple[str, ...]]:
        """Sector id -> the states (or named parts of states) it is made of."""
        return dict(_states(self, tuple(specs), tuple(sorted(nato)), tuple(sorted(csto))))

    def uncovered(self, nato, csto) -> shapely.Geometry:
        """The land no sector holds: states in neither alliance minus what Russia's sector takes."""
        return _uncovered(self, tuple(sorted(nato)), tuple(sorted(csto)))


def _capital_rule(model: DepictionModel):
    return BordersModel(west_of_lon=model.west_of_lon, south_of_lat=model.south_of_lat,
                        edge_band_deg=model.edge_band_deg, west=model.west,
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
    drawn = model.cuts()
    parts = {c: text for c, text in {"Poland": f"Poland east of {model.poland_east_of_lon:g}°E",
                                     "Norway": f"Norway north of {model.norway_north_of_lat:g}°N",
                                     "Sweden": f"Sweden north of {model.sweden_north_of_lat:g}°N",
                                     "Finland": f"Finland north of {model.finland_north_of_lat:g}°N"}.items() if c in drawn}
    rest = {c: text for c, text in {"Poland": f"Poland west of {model.poland_east_of_lon:g}°E",
                                    "Norway": f"Norway south of {model.norway_north_of_lat:g}°N"}.items() if c in drawn}
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
