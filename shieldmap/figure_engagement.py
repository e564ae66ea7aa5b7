"""The engagement in the publication figure: each threat path's ground track with a tick every minute of
flight, each interceptor site's reach on the ground coloured by its verdict (the window opens or not), and
each radar's horizon ring, with their legend entries; the figure's notes give each path's timeline, each
site's window and the speed it needs, and the model statement.

The geometry and the numbers are :mod:`shieldmap.engagement`'s (the same as ``shieldmap engage --out
x.geojson``); the looks are :func:`layers.style.engagement_symbol`'s (through :mod:`shieldmap.figure_style`).
:class:`Overlay` is what
:func:`shieldmap.figure.draw` takes: ``notes()`` before the figure is laid out, ``draw(ax, project)``
once the layers are drawn.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import geopandas as gpd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import shape

from geo.engagement_seeds import load_engagement
from layers import style
from layers.style import engagement_symbol
from geo import ballistics, flyout, intercept as intercept_model, radar_horizon
from geo.flyout import MAX_BURNOUT_KMS
from geo.intercept import VERDICTS
from shieldmap import engagement, figure_style, i18n, seed_texts
from shieldmap.figure import DEFAULT_BBOX
from shieldmap.i18n import _, translate

NOTE_WIDTH = 165
SOURCE_COLUMNS = ("figure_sources", "antenna_sources", "instrumented_sources")
LEGEND_WIDTH = 34


def _frame(features: list[dict]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame([f["properties"] for f in features], geometry=[shape(f["geometry"]) for f in features],
                            crs="EPSG:4326")


@dataclass(frozen=True)
class Overlay:
    """The engagement of a view's paths: ``collections`` are :func:`shieldmap.engagement.geojson` of each
    path (as :func:`shieldmap.engagement.view_collections` gives them), ``names`` place id -> name (in the
    language current when it was made); the notes name each site in the current language."""

    collections: tuple[dict, ...]
    names: dict
    sources: str = ""  # short citations of the places and figures used ("" for none)

    @classmethod
    def of(cls, results, engaged=None) -> Overlay:
        """From :func:`shieldmap.engagement.view_collections`; ``engaged`` (the engagement seeds) names the
        places and cites the sources of the places, interceptor and radar figures used."""
        if engaged is None:
            return cls(tuple(collection for collection, _ in results), {})
        places = engaged.places
        ids = [i for _, table in results for label in ("launch", "target") for place in table[label].head(1)
               if place in places.index for i in (places.at[place, "sources"] or ())]
        ids += [i for _, table in results for column in SOURCE_COLUMNS if column in table
                for value in table[column].dropna() for i in str(value).split(";")]
        known = [i for i in dict.fromkeys(ids) if i in engaged.seeds.sources.index]
        cited = dict.fromkeys(", ".join(str(r[k]) for k in ("outlet", "date") if r[k])
                              for r in engaged.seeds.source_records(known))
        names = {key: engagement.place_name(places, key) for key in places.index}
        return cls(tuple(collection for collection, _ in results), names, "; ".join(cited))

    def _kinds(self, index: int, kind: str) -> list[dict]:
        return [f for f in self.collections[index]["features"] if f["properties"]["kind"] == kind]

    def _label(self, props: dict) -> str:
        return f"{self.names.get(props['launch'], props['launch'])} → {self.names.get(props['target'], props['target'])}"

    def bounds(self) -> tuple[float, float, float, float]:
        """W, S, E, N of every track (degrees)."""
        boxes = [shape(c["features"][0]["geometry"]).bounds for c in self.collections]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def bbox(self, default: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """``default`` grown to hold every track with a margin (the figure's extent when none is given)."""
        west, south, east, north = self.bounds()
        return (max(-180.0, min(default[0], west - 6)), max(-80.0, min(default[1], south - 3)),
                min(180.0, max(default[2], east + 4)), min(90.0, max(default[3], north + 3)))

    def notes(self) -> list[str]:
        """The figure's note lines: each path's figures and verdicts, then the model statement."""
        lines = []
        for index, collection in enumerate(self.collections):
            path = collection["features"][0]["properties"]
            verdicts = [_site_note(p) for p in (f["properties"] for f in self._kinds(index, "site")) if p.get("why")]
            text = (_("Path {number}, {label}: {km} km, {minutes} min, apogee {apogee} km, burnout {speed} km/s "
                      "({trajectory}).").format(number=index + 1, label=self._label(path), km=i18n.number(path['range_km']),
                                                minutes=i18n.number(path['flight_min'], 1), apogee=i18n.number(path['apogee_km']),
                                                speed=i18n.number(path['burnout_kms'], 2),
                                                trajectory=translate(path["trajectory"]))
                    + " " + _("Timeline: the threat boosts for {boost} s; the interceptor may launch {delay} s after "
                              "its burnout at the earliest.").format(boost=i18n.number(path["boost_s"]),
                                                                     delay=i18n.number(path["delay_s"]))
                    + " " + (_("Windows: ") + "; ".join(verdicts) + "." if verdicts else _("No interceptor site at the date.")))
            lines += textwrap.wrap(text, NOTE_WIDTH)
        if self.sources:
            lines += textwrap.wrap(_("Sources of the engagement's places and figures: {sources}. A figure marked stated "
                                     "has no published source.").format(
                sources=self.sources), NOTE_WIDTH)
        model = self.collections[0]["features"][0]["properties"]["model"]
        if i18n.current() != i18n.DEFAULT:  # the statement's three models in the reader's language
            model = "; ".join([_(ballistics.MODEL), _(flyout.MODEL), _(intercept_model.MODEL), _(radar_horizon.MODEL)])
        kinds = dict.fromkeys(translate(c["features"][0]["properties"]["trajectory"]) for c in self.collections)
        lines += textwrap.wrap(_("Engagement model: {kinds} trajectories over a {model}. The reach ring is the farthest "
                                 "ground point above which each interceptor can meet a threat at its lowest intercept "
                                 "altitude; the model says nothing of discrimination or success.").format(
            kinds=_(" and ").join(kinds), model=model)
                               + (" " + _("Each path's reach rings are drawn in its line (1 solid, 2 dashed, 3 dotted).")
                                  if len(self.collections) > 1 else ""), NOTE_WIDTH)
        return lines

    def draw(self, ax, project) -> list:
        """Draw on the map axes (``project`` clips and projects a lon/lat frame to the map's CRS); returns
        the legend's handles."""
        horizons: dict[str, dict] = {}
        verdicts: set[str] = set()
        target_altitude = 0.0
        for index in range(len(self.collections)):
            for feature in self._kinds(index, "horizon"):
                horizons.setdefault(feature["properties"]["site"], feature)
                target_altitude = feature["properties"]["target_altitude_km"]
        look = figure_style.look(engagement_symbol("horizon"))
        if horizons:
            rings = project(_frame(list(horizons.values())))
            if len(rings):
                rings.plot(ax=ax, zorder=4, **look)
        handles = []
        for index in range(len(self.collections)):
            reach = self._kinds(index, "reach")
            if reach:
                rings = project(_frame(reach))
                for _index, ring in rings.iterrows():
                    verdicts.add(ring["verdict"])
                    gpd.GeoSeries([ring.geometry], crs=rings.crs).plot(
                        ax=ax, zorder=4.5, **figure_style.look(engagement_symbol("reach", ring["verdict"], index)))
            handles += self._draw_track(ax, project, index)
        tick = engagement_symbol("tick")
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=5, markerfacecolor=tick.fill,
                              markeredgecolor=tick.color, label=_("a tick every minute of flight")))
        handles += [Patch(**figure_style.look(engagement_symbol("reach", v)),
                          label=_("interceptor's reach: {verdict}").format(verdict=translate(v)))
                    for v in VERDICTS if v in verdicts]
        if horizons:
            handles.append(Patch(**look, label=_("radar horizon, target at {km} km").format(
                km=i18n.number(target_altitude, None))))
        return handles

    def _draw_track(self, ax, project, index: int) -> list:
        path = self.collections[index]["features"][0]
        line = figure_style.line_look(engagement_symbol("path", path=index))
        track = project(_frame([path]))
        if len(track):
            track.plot(ax=ax, zorder=7.5, gid=f"engagement-track-{index + 1}", **line)
        ticks = project(_frame(self._kinds(index, "tick")))
        if len(ticks):
            ticks.plot(ax=ax, marker="o", markersize=14, zorder=7.6, gid=f"engagement-ticks-{index + 1}",
                       **figure_style.look(engagement_symbol("tick")))
            for _index, tick in ticks.iterrows():
                minute = tick["minute"]
                if minute > 0 and minute % 10 == 0:
                    ax.annotate(_("{minutes} min").format(minutes=i18n.number(minute)), (tick.geometry.x, tick.geometry.y),
                                xytext=(4, 4),
                                textcoords="offset points", fontsize=7, color=style.INK, zorder=8,
                                bbox={"boxstyle": "round,pad=0.1", "facecolor": (1, 1, 1, 0.7), "edgecolor": "none"})
            first, last = ticks.iloc[0].geometry, ticks.iloc[-1].geometry
            target = path["properties"]["target"]
            above = index % 2 == 0  # two targets side by side (Washington, New York): one above, one below
            ax.annotate(self.names.get(target, target), (last.x, last.y), xytext=(0, 7 if above else -8),
                        textcoords="offset points", fontsize=8, ha="center", va="bottom" if above else "top", zorder=8,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": (1, 1, 1, 0.75), "edgecolor": "none"})
            ax.annotate(str(index + 1), (first.x, first.y), xytext=(-9, -9), textcoords="offset points", fontsize=9,
                        fontweight="bold", ha="center", va="center", zorder=8,
                        bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": "black"})
        props = path["properties"]
        label = "\n".join(textwrap.wrap(f"{index + 1}: {self._label(props)}", LEGEND_WIDTH))
        return [Line2D([], [], **line,
                       label=label + "\n" + _("{km} km, {minutes} min, apogee {apogee} km").format(
                           km=i18n.number(props['range_km']), minutes=i18n.number(props['flight_min'], 1),
                           apogee=i18n.number(props['apogee_km'])) + f"\n({translate(props['trajectory'])})")]


def for_view(seeds, view, bbox=None) -> tuple[tuple[Overlay, ...], tuple[float, float, float, float]]:
    """The figure's overlays for a :class:`shieldmap.view.View` (its paths; none without) and the extent:
    ``bbox``, or the default grown to hold the tracks. ``ValueError`` for a bad point or interceptor."""
    if not view.path:
        return (), bbox or DEFAULT_BBOX
    engaged = load_engagement(seeds=seeds)
    overlay = Overlay.of(engagement.view_collections(engaged, view), engaged)
    return (overlay,), bbox or overlay.bbox(DEFAULT_BBOX)


def _site_note(props: dict) -> str:
    """One interceptor site's line of the notes: its interceptor and claim, the window (or why there is none) and
    the burnout speed it would need."""
    who = seed_texts.local(props, "claimed_by") if props.get("claimed_by") else _("hypothetical speed")
    line = _("{site} ({interceptor}, {speed} km/s, {claimed_by}): {why}").format(
        site=engagement.local_name(props), interceptor=props["interceptor"] or _("hypothetical"),
        speed=i18n.number(props["interceptor_burnout_kms"], None), claimed_by=translate(who), why=engagement.reason(props))
    needed = props.get("needed_kms")
    if not isinstance(props.get("verdict"), str):  # not screened: not in place at the date
        return line
    if needed is None or needed != needed:
        return line + "; " + _("no speed up to {most} km/s opens the window").format(most=i18n.number(MAX_BURNOUT_KMS))
    return line + "; " + _("speed needed: {speed} km/s").format(speed=i18n.number(needed, 2))
