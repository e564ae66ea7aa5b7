"""Engagement geometry for a view: one threat path against the sites in the layers at a date.

:class:`EngageRequest` is the request (a frozen sibling of :class:`shieldmap.view.View`: launch,
target, date, interceptor, target altitude, burnout angle) with its URL (``?path=FROM>TO``) and
command-line forms; :func:`engagement` computes the table (one row per site: the path's range, flight
time, apogee and burnout speed; the site's closest approach; the kinematic verdict for an interceptor
site; the horizon for a radar) and :func:`write` writes it as CSV or GeoJSON. The models are those of
:mod:`geo.ballistics`, :mod:`geo.engagement` and :mod:`geo.radar_horizon`, named in every output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from shapely.geometry import Point, mapping

from geo import ballistics, engagement as geometry, radar_horizon
from geo.features import standing
from geo.ballistics import max_range_km
from geo.engagement_seeds import EngagementSeeds, parse_point
from geo.geodesy import circle
from layers.registry import DEFAULT_AS_OF, SITE_SIDES, build_layers
from shieldmap import seed_texts

DEFAULT_TARGET_ALTITUDE_KM = 100.0
FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson"}


@dataclass(frozen=True)
class EngageRequest:
    """One engagement question: a path from ``launch`` to ``target`` (``LAT,LON`` or a place of
    ``places.csv``) at ``as_of``; ``interceptor`` (``NAME`` or ``NAME=FIGURE_ID``) replaces every
    interceptor site's own; the radar horizon is for ``target_altitude_km``."""

    launch: str
    target: str
    as_of: dt.date = DEFAULT_AS_OF
    interceptor: str | None = None
    target_altitude_km: float = DEFAULT_TARGET_ALTITUDE_KM
    burnout_angle_deg: float | None = None

    def replace(self, **changes) -> EngageRequest:
        return dataclasses.replace(self, **changes)

    @property
    def path_text(self) -> str:
        return f"{self.launch}>{self.target}"

    def to_query(self) -> dict[str, str]:
        """URL parameters (the date is the view's own ``as_of``)."""
        query = {"path": self.path_text}
        if self.interceptor:
            query["interceptor"] = self.interceptor
        if self.target_altitude_km != DEFAULT_TARGET_ALTITUDE_KM:
            query["target_altitude"] = f"{self.target_altitude_km:g}"
        if self.burnout_angle_deg is not None:
            query["burnout_angle"] = f"{self.burnout_angle_deg:g}"
        return query

    def command(self, out: str = "FILE.csv") -> str:
        args = ["shieldmap", "engage", "--from", self.launch, "--to", self.target, "--as-of", self.as_of.isoformat()]
        if self.interceptor:
            args += ["--interceptor", self.interceptor]
        if self.target_altitude_km != DEFAULT_TARGET_ALTITUDE_KM:
            args += ["--target-altitude", f"{self.target_altitude_km:g}"]
        if self.burnout_angle_deg is not None:
            args += ["--burnout-angle", f"{self.burnout_angle_deg:g}"]
        return shlex.join([*args, "--out", out])


def parse_path(text: str) -> tuple[str, str]:
    """``"FROM>TO"`` -> (FROM, TO); ``ValueError`` otherwise (the points are checked against the seeds later)."""
    parts = [part.strip() for part in str(text).split(">")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"bad path {str(text)[:40]!r}: expected FROM>TO, each LAT,LON or a place id")
    return parts[0], parts[1]


def _interceptor(seeds: EngagementSeeds, text: str) -> pd.Series:
    name, _, figure = text.partition("=")
    return seeds.interceptor_figure(name.strip(), figure.strip() or None)


def sites_at(seeds: EngagementSeeds, as_of: dt.date) -> pd.DataFrame:
    """The sites of the site layers at ``as_of`` that hold an interceptor or a radar, or are NATO sites."""
    built = build_layers(seeds.seeds, list(SITE_SIDES), as_of)
    interceptors, radars = set(seeds.interceptor_names()), set(seeds.radar_sites())
    rows = []
    for layer_id, frame in built.items():
        for _, feature in standing(frame, as_of).iterrows():  # a cancelled plan's site is drawn, not screened
            system = seeds.seeds.sites.at[feature["id"], "system"] if feature["id"] in seeds.seeds.sites.index else None
            if system in interceptors or feature["id"] in radars or SITE_SIDES[layer_id] == "NATO":
                russian = feature.get("name_ru")
                rows.append({"layer": layer_id, "side": SITE_SIDES[layer_id], "site": feature["id"], "site_name": feature["name"],
                             "site_name_ru": russian if isinstance(russian, str) and russian else None,
                             "status": feature["status"], "system": system, "lon": feature.geometry.x, "lat": feature.geometry.y})
    return pd.DataFrame(rows)


def engagement(seeds: EngagementSeeds, request: EngageRequest) -> tuple[geometry.Path, pd.DataFrame]:
    """The path and one row per site (see the module). ``ValueError`` for a bad point or interceptor."""
    launch_label, *launch = parse_point(request.launch, seeds.places)
    target_label, *target = parse_point(request.target, seeds.places)
    path = geometry.ballistic_path((launch[0], launch[1]), (target[0], target[1]), request.burnout_angle_deg)
    chosen = _interceptor(seeds, request.interceptor) if request.interceptor else None
    flight = path.trajectory
    common = {"launch": launch_label, **_place_names(seeds.places, launch_label, "launch"),
              "target": target_label, **_place_names(seeds.places, target_label, "target"), "as_of": request.as_of.isoformat(),
              "range_km": flight.range_km, "flight_min": flight.flight_s / 60, "apogee_km": flight.apogee_km,
              "burnout_kms": flight.burnout_kms, "trajectory": flight.kind, "burnout_angle_deg": flight.gamma_deg}
    rows = [{**common, **_site_row(seeds, path, site, chosen, request.target_altitude_km), "lon": site["lon"], "lat": site["lat"]}
            for _, site in sites_at(seeds, request.as_of).iterrows()]
    table = pd.DataFrame(rows)
    table["model"] = f"{ballistics.MODEL}; {geometry.SCREEN_MODEL}; {radar_horizon.MODEL}"
    return path, table


def _site_row(seeds: EngagementSeeds, path, site, chosen, target_altitude_km: float) -> dict:
    approach = geometry.closest_approach(path, site["lon"], site["lat"])
    row = {key: site[key] for key in ("layer", "side", "site", "site_name", "site_name_ru", "status", "system")}
    row.update(closest_km=approach.distance_km, downrange_km=approach.downrange_km, time_min=approach.time_s / 60,
               altitude_km=approach.altitude_km)
    figure = None
    if site["system"] in seeds.interceptor_names():  # an interceptor site: the chosen interceptor, or its own
        figure = chosen if chosen is not None else seeds.interceptor_figure(site["system"])
    if figure is not None and site["side"] == "NATO":
        result = geometry.screen(path, site["lon"], site["lat"], figure["burnout_kms"])
        row.update(interceptor=figure["interceptor"], interceptor_burnout_kms=figure["burnout_kms"], figure=figure["id"],
                   claimed_by=figure["claimed_by"], figure_sources=";".join(figure["sources"] or ()) or "stated",
                   verdict=result.verdict, margin_km=result.margin_km, margin_s=result.margin_s,
                   relative_margin=result.relative_margin, engage_time_min=result.time_s / 60,
                   engage_altitude_km=result.altitude_km, engage_slant_km=result.slant_km,
                   interceptor_max_range_km=max_range_km(figure["burnout_kms"]))
    antenna = seeds.radar_figure(site["site"], "antenna_m")
    if antenna is not None:
        claimed = seeds.radar_figure(site["site"], "range_km")
        instrumented = float(claimed["value"]) if claimed is not None else None
        seen = radar_horizon.first_visible(path, site["lon"], site["lat"], antenna["value"], instrumented)
        horizon = seen["horizon"] or {}
        row.update(antenna_m=antenna["value"], antenna_sources=";".join(antenna["sources"] or ()) or "stated",
                   horizon_km=radar_horizon.horizon_km(antenna["value"], target_altitude_km * 1000),
                   target_altitude_km=target_altitude_km, instrumented_km=instrumented,
                   instrumented_sources=";".join(claimed["sources"] or ()) if claimed is not None else None,
                   visible_min=horizon["time_s"] / 60 if horizon else None, visible_altitude_km=horizon.get("altitude_km"))
    return row


def _place_names(places: pd.DataFrame, key: str, role: str) -> dict:
    """``{ROLE_name, ROLE_name_ru}`` of a launch or target point: a place's names, a ``LAT,LON`` point as it is."""
    russian = places.at[key, "name_ru"] if key in places.index and "name_ru" in places.columns else None
    return {f"{role}_name": str(places.at[key, "name"]) if key in places.index else key,
            f"{role}_name_ru": russian if isinstance(russian, str) and russian else None}


def local_name(row, column: str = "site_name") -> str:
    """A name column of a row (``site_name``, ``launch_name``, ``target_name``) in the current language: its
    ``<column>_ru`` in Russian where the seeds have one (those columns are added beside the names, never in their
    place); without the column (a row from before it), the site's or point's id."""
    name = seed_texts.local(row, column)
    return str(name) if isinstance(name, str) and name else str(row.get(column.removesuffix("_name")))


def place_name(places: pd.DataFrame, key: str) -> str:
    """A launch or target point's name in the current language: a place of ``places.csv`` by its ``name`` (its
    ``name_ru`` in Russian, where it has one); a ``LAT,LON`` point as it is."""
    return str(seed_texts.local(places.loc[key], "name")) if key in places.index else str(key)


def output_format(out: str | Path) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write {Path(out).name}: give a .csv or .geojson file")
    return FORMATS[suffix]


def geojson(path: geometry.Path, table: pd.DataFrame) -> dict:
    """The path as a line, its minute ticks as points, each site as a point with its row, each interceptor
    site's kinematic reach at its best moment and each radar's horizon ring as polygons."""
    first = table.iloc[0].to_dict() if len(table) else {}
    summary = {k: first.get(k) for k in ("launch", "launch_name", "launch_name_ru", "target", "target_name",
                                         "target_name_ru", "as_of", "range_km", "flight_min", "apogee_km", "burnout_kms",
                                         "trajectory", "burnout_angle_deg", "model")}
    features = [_feature(path.ground_track(), {"kind": "path", **summary})]
    features += [_feature(Point(t["lon"], t["lat"]), {"kind": "tick", **t}) for t in path.ticks()]
    for _, row in table.iterrows():
        props = {k: (None if pd.isna(v) else v) for k, v in row.items() if k != "model"}
        features.append(_feature(Point(row["lon"], row["lat"]), {"kind": "site", **props}))
        names = {"site_name": props.get("site_name"), "site_name_ru": props.get("site_name_ru")}
        if pd.notna(row.get("verdict")):
            flown = geometry.FLYOUT_FACTOR * row["interceptor_burnout_kms"] * row["engage_time_min"] * 60
            radius = min(row["interceptor_max_range_km"], flown)  # how far its flyout gets by the best moment
            features.append(_feature(circle(row["lon"], row["lat"], max(radius, 1.0)), {"kind": "reach", "site": row["site"],
                                     **names, "radius_km": radius, "verdict": row["verdict"]}))
        if pd.notna(row.get("horizon_km")):
            features.append(_feature(circle(row["lon"], row["lat"], row["horizon_km"]), {
                "kind": "horizon", "site": row["site"], **names, "radius_km": row["horizon_km"],
                "target_altitude_km": row["target_altitude_km"]}))
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry_, properties: dict) -> dict:
    clean = {k: (float(v) if hasattr(v, "item") and not isinstance(v, str) else v) for k, v in properties.items()}
    return {"type": "Feature", "geometry": mapping(geometry_), "properties": clean}


def write(path: geometry.Path, table: pd.DataFrame, out: Path) -> None:
    """CSV (one row per site, the site's coordinates included) or GeoJSON (:func:`geojson`)."""
    if output_format(out) == "csv":
        table.to_csv(out, index=False, lineterminator="\n", float_format="%.6g")
    else:
        out.write_text(json.dumps(geojson(path, table), ensure_ascii=False, allow_nan=False), encoding="utf-8")


LAYER_ID = "engagement"
"""The layer id of the engagement in the layer exports (not a layer of the registry: it is computed)."""


def view_requests(view) -> list[EngageRequest]:
    """The :class:`EngageRequest` of each path of a :class:`shieldmap.view.View` (none without a path)."""
    return [EngageRequest(*parse_path(text), view.as_of, view.interceptor or None, view.target_altitude_km)
            for text in view.paths]


def view_collections(seeds: EngagementSeeds, view) -> list[tuple[dict, pd.DataFrame]]:
    """``(geojson, table)`` of each path of the view, as ``shieldmap engage`` writes them; ``ValueError``
    for a bad point or interceptor."""
    results = []
    for request in view_requests(view):
        route, table = engagement(seeds, request)
        results.append((geojson(route, table), table))
    return results


def layer_frame(collections: list[dict], as_of: dt.date | None = None):
    """The engagement as one layer of the exports (:data:`LAYER_ID`): every feature of :func:`geojson` of
    each path with the same properties, plus ``id``, ``layer`` and ``name`` (a site row's own ``layer``
    becomes ``site_layer``) and ``path`` (``FROM>TO``). ``as_of`` is the view's date, when the collections
    were computed at its change day (the app's cache): the same sites, the same numbers."""
    import geopandas as gpd
    from shapely.geometry import shape

    rows, shapes = [], []
    for collection in collections:
        summary = collection["features"][0]["properties"]
        label, path_text = f"{summary['launch']} to {summary['target']}", f"{summary['launch']}>{summary['target']}"
        for index, feature in enumerate(collection["features"]):
            props = dict(feature["properties"])
            if "layer" in props:
                props["site_layer"] = props.pop("layer")
            if as_of is not None and "as_of" in props:
                props["as_of"] = as_of.isoformat()
            props.update(id=f"{LAYER_ID}:{path_text}:{index}", layer=LAYER_ID, path=path_text,
                         name=_feature_name(label, props))
            rows.append(props)
            shapes.append(shape(feature["geometry"]))
    frame = gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4326")
    first = ["id", "layer", "name", "kind", "path"]
    return frame[[*first, *(c for c in frame.columns if c not in first)]]


def _feature_name(label: str, props: dict) -> str:
    kind = props["kind"]
    if kind == "tick":
        return f"{label}: {props['minute']:.1f} min" if props["minute"] % 1 else f"{label}: {props['minute']:.0f} min"
    if kind == "site":
        return f"{label}: {props['site_name']}"
    if kind == "reach":
        return f"{label}: reach from {props['site']} ({props['verdict']})"
    if kind == "horizon":
        return f"radar horizon of {props['site']} ({props['target_altitude_km']:g} km target)"
    return label
