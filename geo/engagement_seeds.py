"""The engagement seed files: named launch points and targets (``places.csv``), interceptor burnout
speeds (``interceptors.csv``), where each interceptor may meet a threat (``intercept_limits.csv``), the
threat's boost and the defence's delay (``timeline.csv``) and radar figures (``radars.csv``), read and validated like every other
seed file (:mod:`geo.seeds`: types, ranges, ids; file, line and column of every problem).

Every figure is a claim: who makes it (``claimed_by``), its sources (ids of ``sources.csv``) and a
confidence. A subject (an interceptor; a radar site and quantity) may have several claims; exactly
one is the ``default``, and it must be the **most conservative** one, the lowest value: the slowest
interceptor, the lowest antenna, the shortest instrumented range. A claim with no source is allowed
only as a stated assumption: ``claimed_by`` = ``stated`` and confidence ``low``.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

import pandas as pd

from geo.seed_checks import check_quote_keys
from geo.seed_terms import FACT_KEYS
from geo.seeds import (CONFIDENCE, LAT, LON, PRECISION, SeedError, Seeds, _c, _id, _id_list, _number, _one_of,
                       _read, _Schema, _text, _TRANSLATION, _yes_no, load_seeds, seeds_dir)
from geo.intercept import MAX_TIMELINE_S, Limits, Timeline
from geo.texts import N_, TextError

ROLES = frozenset({"launch", "target"})
RADAR_QUANTITIES = {"antenna_m": "antenna height above sea level (m)", "range_km": "claimed instrumented range (km)"}
STATED = "stated"
STAGES = frozenset({"boost", "delay"})
LIMIT_QUANTITIES = {"min_altitude_km": "lowest intercept altitude (km)", "max_altitude_km": "highest intercept altitude (km)",
                    "max_range_km": "longest ground distance from the site to an intercept (km)"}

SCHEMAS: dict[str, _Schema] = {
    "places": _Schema("places.csv", "id", {
        "id": _c(_id), "name": _c(_text), "role": _c(_one_of(ROLES)), "country": _c(_text),
        "lat": _c(LAT), "lon": _c(LON), "precision_km": _c(PRECISION), "sources": _c(_id_list),
        "confidence": _c(_one_of(CONFIDENCE)), "note": _c(_text, False), "name_ru": _TRANSLATION,
    }),
    "groups": _Schema("place_groups.csv", "id", {
        "id": _c(_id), "name": _c(_text), "role": _c(_one_of(ROLES)), "places": _c(_id_list), "note": _c(_text, False),
        "name_ru": _TRANSLATION,
    }),
    "interceptors": _Schema("interceptors.csv", "id", {
        "id": _c(_id), "interceptor": _c(_text), "burnout_kms": _c(_number(0, 12, open_lo=True)),
        "claimed_by": _c(_text), "sources": _c(_id_list, False), "confidence": _c(_one_of(CONFIDENCE)),
        "default": _c(_yes_no), "note": _c(_text, False), "claimed_by_ru": _TRANSLATION,
    }),
    "timeline": _Schema("timeline.csv", "id", {
        "id": _c(_id), "stage": _c(_one_of(STAGES)), "subject": _c(_text), "value_s": _c(_number(0, int(MAX_TIMELINE_S))),
        "claimed_by": _c(_text), "sources": _c(_id_list, False), "confidence": _c(_one_of(CONFIDENCE)),
        "default": _c(_yes_no), "note": _c(_text, False), "claimed_by_ru": _TRANSLATION,
    }),
    "limits": _Schema("intercept_limits.csv", "id", {
        "id": _c(_id), "interceptor": _c(_text), "quantity": _c(_one_of(frozenset(LIMIT_QUANTITIES))),
        "value_km": _c(_number(0, 20000)), "claimed_by": _c(_text), "sources": _c(_id_list, False),
        "confidence": _c(_one_of(CONFIDENCE)), "default": _c(_yes_no), "note": _c(_text, False),
    }),
    "radars": _Schema("radars.csv", "id", {
        "id": _c(_id), "site": _c(_id), "radar": _c(_text), "quantity": _c(_one_of(frozenset(RADAR_QUANTITIES))),
        "value": _c(_number(0, 20000, open_lo=True)), "claimed_by": _c(_text), "sources": _c(_id_list, False),
        "confidence": _c(_one_of(CONFIDENCE)), "default": _c(_yes_no), "note": _c(_text, False),
    }),
}
_SUBJECT = {"interceptors": (("interceptor",), "burnout_kms"), "radars": (("site", "quantity"), "value")}
_ONE_DEFAULT = {"timeline": ("stage",), "limits": ("interceptor", "quantity")}
"""Files whose subjects have exactly one default each, any of their claims (a boost is not "conservative")."""


@dataclass(frozen=True)
class EngagementSeeds:
    """The three validated files (frames indexed by id), and the seeds they refer to."""

    seeds: Seeds
    places: pd.DataFrame
    groups: pd.DataFrame
    interceptors: pd.DataFrame
    timeline: pd.DataFrame
    limits: pd.DataFrame
    radars: pd.DataFrame

    def fact_tables(self) -> dict[str, pd.DataFrame]:
        """Its fact tables by the name ``quotes.csv`` gives them (:func:`fact_tables`)."""
        return fact_tables({name: getattr(self, name) for name in SCHEMAS})

    def interceptor_names(self) -> list[str]:
        return list(dict.fromkeys(self.interceptors["interceptor"]))

    def interceptor_figure(self, name: str, figure: str | None = None) -> pd.Series:
        """The chosen (or default) burnout claim of interceptor ``name``; ``ValueError`` naming the known ones."""
        rows = self.interceptors[self.interceptors["interceptor"] == name]
        if rows.empty:
            raise TextError(N_("unknown interceptor {name} (known: {known})"), name=repr(name),
                            known=", ".join(self.interceptor_names()))
        if figure is None:
            return rows[rows["default"]].iloc[0]
        if figure not in rows.index:
            raise TextError(N_("unknown figure {figure} for {name} (known: {known})"), figure=repr(figure), name=name,
                            known=", ".join(rows.index))
        return rows.loc[figure]

    def claims(self, name: str) -> pd.DataFrame:
        """Every claimed burnout speed of interceptor ``name``, slowest first."""
        return self.interceptors[self.interceptors["interceptor"] == name].sort_values("burnout_kms")

    def intercept_limits(self, name: str | None) -> Limits:
        """The default lowest and highest intercept altitude and longest range of interceptor ``name``; for a
        hypothetical interceptor (``None``: a speed only) the lowest floor of the seeds and no other limit."""
        rows = self.limits[self.limits["default"]]
        if name is None:
            return Limits(float(rows.loc[rows["quantity"] == "min_altitude_km", "value_km"].min()))
        own = rows[rows["interceptor"] == name].set_index("quantity")["value_km"]
        return Limits(float(own["min_altitude_km"]), float(own.get("max_altitude_km", math.inf)),
                      float(own.get("max_range_km", math.inf)))

    def default_timeline(self) -> Timeline:
        """The default boost and delay (one default row per stage, ``timeline.csv``)."""
        rows = self.timeline[self.timeline["default"]].set_index("stage")["value_s"]
        return Timeline(float(rows["boost"]), float(rows["delay"]))

    def radar_figure(self, site: str, quantity: str) -> pd.Series | None:
        """The default claim of ``quantity`` for the radar at ``site`` (None when there is none)."""
        rows = self.radars[(self.radars["site"] == site) & (self.radars["quantity"] == quantity) & self.radars["default"]]
        return rows.iloc[0] if len(rows) else None

    def radar_sites(self) -> list[str]:
        return list(dict.fromkeys(self.radars["site"]))


_POINT = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*")


def parse_point(text: str, places: pd.DataFrame | None = None) -> tuple[str, float, float]:
    """``"LAT,LON"`` or a place id or name of ``places.csv`` -> (label, lon, lat); ``ValueError`` otherwise."""
    text = str(text).strip()
    match = _POINT.fullmatch(text)
    if match:
        lat, lon = float(match[1]), float(match[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise TextError(N_("point {value} is outside latitude [-90, 90] or longitude [-180, 180]"),
                            value=repr(text[:40]))
        return f"{lat:g},{lon:g}", lon, lat
    if places is not None:
        for key, row in places.iterrows():
            if text.lower() in (key, row["name"].lower()):
                return key, float(row["lon"]), float(row["lat"])
    if places is not None:
        raise TextError(N_("bad point {value}: expected LAT,LON or a place: {places}"), value=repr(text[:40]),
                        places=", ".join(places.index))
    raise TextError(N_("bad point {value}: expected LAT,LON"), value=repr(text[:40]))


MAX_STATIONS = 5
"""Most interceptor sites of one's own in one request (``--site``, the URL's ``sites``)."""
_STATION = re.compile(r"\s*([^@:;<>]{1,60}?)\s*@\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*(?::\s*([^;<>]{1,60}?))?\s*")


@dataclass(frozen=True)
class Station:
    """An interceptor site of one's own: ``NAME@LAT,LON[:INTERCEPTOR]`` (no interceptor: a hypothetical speed)."""

    name: str
    lon: float
    lat: float
    interceptor: str | None

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.lat:g},{self.lon:g}" + (f":{self.interceptor}" if self.interceptor else "")


def parse_station(text: str) -> Station:
    """``NAME@LAT,LON[:INTERCEPTOR]`` -> a :class:`Station`; a :class:`geo.texts.TextError` naming what is wrong."""
    match = _STATION.fullmatch(str(text))
    if not match:
        raise TextError(N_("bad site {value}: expected NAME@LAT,LON[:INTERCEPTOR]"), value=repr(str(text)[:60]))
    lat, lon = float(match[2]), float(match[3])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise TextError(N_("site {name}: {lat},{lon} is outside latitude [-90, 90] or longitude [-180, 180]"),
                        name=repr(match[1]), lat=f"{lat:g}", lon=f"{lon:g}")
    return Station(match[1], lon, lat, match[4] or None)


def load_engagement(directory: str | os.PathLike | None = None, seeds: Seeds | None = None) -> EngagementSeeds:
    """Read and check the three files in the seed folder; :class:`geo.seeds.SeedError` on any problem."""
    seeds = seeds if seeds is not None else load_seeds(directory)
    folder = seeds_dir(directory) if directory is not None else seeds.directory
    problems: list[str] = []
    frames = {name: _read(folder, schema, problems) for name, schema in SCHEMAS.items()}
    if not problems:
        check(frames, seeds, problems)
        check_quote_keys(seeds.quotes, fact_tables(frames), problems)
    if problems:
        raise SeedError(problems)
    return EngagementSeeds(seeds=seeds, **frames)


def fact_tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The fact tables among ``frames`` (a name of :data:`SCHEMAS` -> its frame) by their file's stem, the name
    ``quotes.csv`` gives them (``limits`` is ``intercept_limits``)."""
    return {stem: frames[name] for name, schema in SCHEMAS.items()
            if (stem := schema.file.removesuffix(".csv")) in FACT_KEYS}


def check(frames: dict[str, pd.DataFrame], seeds: Seeds, problems: list[str]) -> None:
    """Sources exist; a radar's site is in sites.csv; a claim without a source is a low-confidence stated
    assumption; each subject has one default and it is its lowest value."""
    known = set(seeds.sources.index)
    for name, schema in SCHEMAS.items():
        if "sources" not in schema.columns:  # a group: its places carry the sources
            continue
        for _, row in frames[name].iterrows():
            at = f"{schema.file}:{row['_line']}"
            for sid in row["sources"] or ():
                if sid not in known:
                    problems.append(f"{at}: cites unknown source {sid!r}")
            if not row["sources"] and (row.get("claimed_by") != STATED or row["confidence"] != "low"):
                problems.append(f"{at}: a figure without sources must be claimed_by '{STATED}' with confidence low")
    for _, row in frames["groups"].iterrows():
        for place in row["places"]:
            if place not in frames["places"].index or frames["places"].at[place, "role"] != row["role"]:
                problems.append(f"place_groups.csv:{row['_line']}: {place!r} is not a {row['role']} of places.csv")
    for _, row in frames["radars"].iterrows():
        if row["site"] not in seeds.sites.index:
            problems.append(f"radars.csv:{row['_line']}: unknown site {row['site']!r} (not in sites.csv)")
    for name, keys in _ONE_DEFAULT.items():
        for subject, group in frames[name].groupby(list(keys)):
            if int(group["default"].sum()) != 1:
                label = " ".join(subject) if isinstance(subject, tuple) else subject
                problems.append(f"{SCHEMAS[name].file}:{group['_line'].iloc[0]}: {label} has {int(group['default'].sum())} "
                                "default figures; exactly one is the default")
    floors = set(frames["limits"].loc[frames["limits"]["quantity"] == "min_altitude_km", "interceptor"])
    for name, group in frames["interceptors"].groupby("interceptor"):
        if name not in floors:
            problems.append(f"interceptors.csv:{group['_line'].iloc[0]}: {name} has no min_altitude_km in "
                            "intercept_limits.csv")
    for name, (keys, value) in _SUBJECT.items():
        for subject, group in frames[name].groupby(list(keys)):
            defaults = group[group["default"]]
            label = " ".join(subject) if isinstance(subject, tuple) else subject
            if len(defaults) != 1:
                problems.append(f"{SCHEMAS[name].file}:{group['_line'].iloc[0]}: {label} has {len(defaults)} default "
                                "figures; exactly one is the default")
            elif defaults[value].iloc[0] > group[value].min():
                problems.append(f"{SCHEMAS[name].file}:{defaults['_line'].iloc[0]}: the default for {label} must be "
                                f"the most conservative (lowest) figure, {group[value].min():g}")
