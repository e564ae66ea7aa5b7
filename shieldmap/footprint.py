"""Defended footprints for a view: the request (launch points or targets, the sites, the interceptor, the
timeline, the grid), its computation through :mod:`geo.footprint` and its outputs (GeoJSON, GeoPackage, CSV;
the PNG in :mod:`shieldmap.figure_footprint`).

The points: a place of ``places.csv``, ``LAT,LON``, or a group of ``place_groups.csv`` (its id or name). The
sites: a site of ``sites.csv`` holding an interceptor (its id), ``NAME@LAT,LON[:INTERCEPTOR]``, or ``all``
(every interceptor site in place at the date; with ``planned``, those not yet in place too). Each site is
screened with its own interceptor's default figure unless ``interceptor`` or ``burnout_kms`` replaces it, and
within its interceptor's limits (``intercept_limits.csv``), exactly as ``shieldmap engage`` screens it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import shlex
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point, mapping

from geo import footprint as model
from geo.engagement_seeds import MAX_STATIONS, EngagementSeeds, parse_point
from geo.export import neutralise_formula
from geo.fast_screen import Site
from geo.texts import N_, TextError
from layers.registry import DEFAULT_AS_OF, LAYERS
from layers.style import USER_COLORS
from shieldmap import engagement

FORMATS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv", ".png": "png"}
ALL = "all"
MAX_POINTS = 6
"""Most launch points (or targets) in one footprint: a group's places or one point."""


@dataclass(frozen=True)
class FootprintRequest:
    """One footprint: from ``points`` (forward) or towards them (``reverse``), for ``sites``."""

    points: str
    sites: tuple[str, ...] = (ALL,)
    reverse: bool = False
    as_of: dt.date = DEFAULT_AS_OF
    interceptor: str | None = None
    burnout_kms: float | None = None
    boost_s: float | None = None
    delay_s: float | None = None
    bbox: tuple[float, float, float, float] = model.DEFAULT_BBOX
    resolution_deg: float = 1.0
    planned: bool = False

    def replace(self, **changes) -> FootprintRequest:
        return dataclasses.replace(self, **changes)

    def grid(self) -> model.Grid:
        """The grid, its cell count checked before any work (:class:`geo.footprint.Grid`)."""
        west, south, east, north = (float(v) for v in self.bbox)
        return model.Grid((west, south, east, north), float(self.resolution_deg))

    def command(self, out: str = "FILE.geojson") -> str:
        args = ["shieldmap", "footprint", "--to" if self.reverse else "--from", self.points]
        for site in self.sites:
            args += ["--site", site]
        args += ["--as-of", self.as_of.isoformat()]
        for option, value in (("interceptor", self.interceptor), ("burnout", self.burnout_kms),
                              ("boost", self.boost_s), ("delay", self.delay_s)):
            if value is not None:
                args += [f"--{option}", value if isinstance(value, str) else f"{value:g}"]
        if tuple(self.bbox) != model.DEFAULT_BBOX:
            args += ["--bbox", ",".join(f"{v:g}" for v in self.bbox)]
        args += ["--resolution", f"{self.resolution_deg:g}"] + (["--planned"] if self.planned else [])
        return shlex.join([*args, "--out", out])


VIEW_RESOLUTION_DEG = 2.0
"""The grid of a view's footprint (the app's, ``shieldmap export --footprint``): 2,288 cells over the default box."""


def view_request(view, day: dt.date | None = None) -> FootprintRequest:
    """The footprint a :class:`shieldmap.view.View` draws (at ``day``, its change day, or its date)."""
    return FootprintRequest(view.footprint, (ALL, *view.stations), False, day or view.as_of, view.interceptor or None,
                            view.burnout_kms, view.boost_s, view.delay_s, resolution_deg=VIEW_RESOLUTION_DEG,
                            planned=view.options.planned)


def view_features(seeds: EngagementSeeds, view) -> tuple[list[dict], str]:
    """The GeoJSON features of a view's footprint and its launch points as a reader names them."""
    result = compute(seeds, view_request(view))
    return features(result), ", ".join(result.point_names())


def layer_frame(drawn: list[dict]) -> gpd.GeoDataFrame:
    """The layer ``footprint`` of the exports (its polygons, points and sites)."""
    frame = gpd.GeoDataFrame.from_features(drawn, crs="EPSG:4326")
    frame["layer"] = "footprint"
    return frame


def resolve_points(seeds: EngagementSeeds, text: str) -> list[tuple[str, float, float]]:
    """``(label, lon, lat)`` of a group (its places) or of one point; a :class:`TextError` naming the groups
    and places known."""
    key = str(text).strip().lower()
    for group_id, group in seeds.groups.iterrows():
        if key in (group_id, group["name"].lower()):
            return [(place, float(seeds.places.at[place, "lon"]), float(seeds.places.at[place, "lat"]))
                    for place in group["places"]][:MAX_POINTS]
    try:
        return [parse_point(text, seeds.places)]
    except ValueError:
        raise TextError(N_("bad point {value}: expected LAT,LON, a place ({places}) or a group ({groups})"),
                        value=repr(str(text)[:40]), places=", ".join(seeds.places.index),
                        groups=", ".join(seeds.groups.index)) from None


def _colour(layer: str, used: set) -> str:
    colour = LAYERS[layer].color if layer in LAYERS else None
    if colour is None or colour in used:
        light = USER_COLORS[1:]  # not the dark grey: the levels are shaded by opacity over the map
        colour = next((c for c in light if c not in used), light[len(used) % len(light)])
    used.add(colour)
    return colour


def resolve_sites(seeds: EngagementSeeds, request: FootprintRequest) -> list[dict]:
    """One row per site screened: ``site`` (the model's :class:`Site`), its name in both languages, its
    interceptor and claim, whether it stood at the date, its colour; a :class:`TextError` naming what is wrong."""
    chosen = engagement._interceptor(seeds, request.interceptor) if request.interceptor else None
    table = engagement.sites_at(seeds, request.as_of)
    table = table[table["system"].isin(seeds.interceptor_names())] if len(table) else table
    stations = [text for text in request.sites if "@" in text]
    if len(stations) > MAX_STATIONS:
        raise TextError(N_("{n} sites of your own: at most {most}"), n=len(stations), most=MAX_STATIONS)
    rows: list[dict] = []
    used: set[str] = set()
    for text in request.sites:
        if "@" in text:
            picked = pd.DataFrame([engagement.station_row(seeds, text, request.burnout_kms)])
        elif text.strip().lower() == ALL:
            picked = table if request.planned else table[table["in_place"]]
        else:
            picked = table[table["site"] == text.strip()] if len(table) else table
            if not len(picked):
                raise TextError(N_("unknown interceptor site {name} at {date} (known: {known}, all, or NAME@LAT,LON)"),
                                name=repr(text[:40]), date=request.as_of.isoformat(),
                                known=", ".join(dict.fromkeys(table["site"])) if len(table) else "-")
            if not picked["in_place"].iloc[0] and not request.planned:
                raise TextError(N_("site {name} is not in place at {date} ({status}): add planned capability to screen "
                                   "it"), name=text.strip(), date=request.as_of.isoformat(),
                                status=picked["status"].iloc[0])
        for _, row in picked.iterrows():
            figure, speed = engagement._figure(seeds, row, chosen, request.burnout_kms)
            if speed is None:  # no interceptor claim and no hypothetical speed: nothing to screen
                continue
            claim = figure if request.burnout_kms is None else None
            name = None if claim is None else claim["interceptor"]
            limits = seeds.intercept_limits(name)
            rows.append({"site": Site(str(row["site"]), float(row["lon"]), float(row["lat"]), float(speed), limits),
                         "site_name": row["site_name"], "site_name_ru": row.get("site_name_ru"),
                         "interceptor": name or "", "figure": "" if claim is None else claim["id"],
                         "claimed_by": "" if claim is None else claim["claimed_by"], "burnout_kms": float(speed),
                         "in_place": bool(row["in_place"]), "colour": _colour(str(row.get("layer") or ""), used)})
    if not rows:
        raise TextError(N_("no interceptor site to screen at {date}"), date=request.as_of.isoformat())
    return rows


@dataclass(frozen=True)
class Result:
    """A computed footprint with its request, points and sites (rows of :func:`resolve_sites`)."""

    request: FootprintRequest
    points: list
    sites: list
    footprint: model.Footprint
    places: pd.DataFrame

    def point_names(self) -> list[str]:
        """The points as a reader sees them: a place's name in the current language, or its coordinates."""
        from shieldmap import i18n

        names = []
        for label, _lon, _lat in self.points:
            if label not in self.places.index:
                names.append(label)
                continue
            row = self.places.loc[label]
            russian = i18n.current() == "ru" and isinstance(row.get("name_ru"), str)
            names.append(row["name_ru"] if russian else row["name"])
        return names


def compute(seeds: EngagementSeeds, request: FootprintRequest) -> Result:
    """Check every value (the grid first), then screen; a :class:`TextError` for bad input."""
    grid = request.grid()
    points = resolve_points(seeds, request.points)
    sites = resolve_sites(seeds, request)
    timeline = engagement.timeline(seeds, request.boost_s, request.delay_s)
    result = model.footprint(grid, [(lon, lat) for _, lon, lat in points], [row["site"] for row in sites], timeline,
                             request.reverse)
    return Result(request, points, sites, result, seeds.places)


def _common(result: Result) -> dict:
    request, timeline = result.request, result.footprint.timeline
    return {"direction": "reverse" if request.reverse else "forward",
            "points": ";".join(label for label, _, _ in result.points), "as_of": request.as_of.isoformat(),
            "boost_s": timeline.boost_s, "delay_s": timeline.delay_s, "resolution_deg": request.resolution_deg,
            "bbox": ",".join(f"{v:g}" for v in request.bbox), "model": model.MODEL}


def _site_props(row: dict) -> dict:
    return {key: row[key] for key in ("site_name", "site_name_ru", "interceptor", "figure", "claimed_by",
                                      "burnout_kms", "in_place", "colour")} | {"site": row["site"].name}


def features(result: Result) -> list[dict]:
    """GeoJSON features: per site and level a (Multi)Polygon with its parameters; the points and sites."""
    common = _common(result)
    by_name = {row["site"].name: row for row in result.sites}
    out = [{"type": "Feature", "geometry": mapping(shape["geometry"]),
            "properties": {"kind": "footprint", **_site_props(by_name[shape["site"]]), "level_s": shape["level_s"],
                           "cells": shape["cells"], **common}}
           for shape in model.polygons(result.footprint)]
    role = "target" if result.request.reverse else "launch"
    out += [{"type": "Feature", "geometry": mapping(Point(lon, lat)), "properties": {"kind": role, "point": label}}
            for label, lon, lat in result.points]
    out += [{"type": "Feature", "geometry": mapping(Point(row["site"].lon, row["site"].lat)),
             "properties": {"kind": "site", **_site_props(row)}} for row in result.sites]
    return out


def cells(result: Result) -> pd.DataFrame:
    """One row per cell and site: its centre and window (blank: never met, or no path)."""
    lons, lats = result.footprint.grid.centres()
    frames = []
    for row in result.sites:
        window = result.footprint.windows[row["site"].name]
        frames.append(pd.DataFrame({"lon": lons.ravel(), "lat": lats.ravel(), "site": row["site"].name,
                                    "site_name": row["site_name"], "burnout_kms": row["burnout_kms"],
                                    "window_s": [None if not math.isfinite(w) else round(float(w), 1)
                                                 for w in window.ravel()]}))
    table = pd.concat(frames, ignore_index=True)
    for key, value in _common(result).items():
        table[key] = value
    return table


def output_format(out: str | Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise TextError(N_("cannot write {name}: give a .geojson, .gpkg, .csv or .png file"), name=Path(out).name)
    return FORMATS[suffix]


def write(result: Result, out: Path, language: str = "en") -> None:
    kind = output_format(out)
    if kind == "geojson":
        collection = {"type": "FeatureCollection", "features": features(result)}
        out.write_text(json.dumps(collection, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    elif kind == "gpkg":
        frame = gpd.GeoDataFrame.from_features(features(result), crs="EPSG:4326")
        frame["in_place"] = frame["in_place"].map({True: "yes", False: "no"}, na_action="ignore")
        frame.to_file(out, driver="GPKG", layer="footprint")
    elif kind == "csv":
        table = cells(result)
        for column in ("site", "site_name", "points"):
            table[column] = table[column].map(neutralise_formula)
        table.to_csv(out, index=False, lineterminator="\n", float_format="%.6g")
    else:
        from shieldmap import figure_footprint  # matplotlib: only when asked for

        figure_footprint.save(result, out, language)
