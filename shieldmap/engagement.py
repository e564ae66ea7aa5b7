"""Engagement geometry for a view: one threat path against the sites in the layers at a date.

The request is a :class:`shieldmap.view.View` of one path (``FROM>TO``) with its date, interceptor, target
altitude, burnout angle, boost, delay, a hypothetical speed, sites of one's own and planned capability (its URL and
command line are the view's: ``view.command("engage")``); :func:`engagement` computes the table (one row per site:
the path's range, flight time, apogee and burnout speed; the site's closest approach; for an interceptor site in
place at the date (or planned capability asked for) its latest and earliest launch, window, the point it rests on,
the speed it needs and every claimed speed against it; the horizon for a radar) and :func:`write` writes it as CSV
or GeoJSON. The models are those of :mod:`geo.ballistics`, :mod:`geo.flyout`, :mod:`geo.intercept` and
:mod:`geo.radar_horizon`, named in every output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
from shapely.geometry import Point, mapping

from geo import ballistics, engagement as geometry, flyout, intercept as intercept_model, radar_horizon
from geo.engagement_seeds import MAX_STATIONS, EngagementSeeds, parse_point, parse_station
from geo.features import standing
from geo.geodesy import circle
from geo.intercept import SiteTrack, Timeline, best_point, intercept, needed_kms, region_needed_kms
from geo.seeds import IN_PLACE_STATUSES
from geo.texts import N_, Text, TextError
from layers.registry import SITE_SIDES, build_layers
from shieldmap import seed_texts
from shieldmap.view import View

FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson"}


def timeline(seeds: EngagementSeeds, boost_s: float | None, delay_s: float | None) -> Timeline:
    """The threat's boost and the delay to the earliest launch: the given ones, else timeline.csv's default."""
    default = seeds.default_timeline()
    return Timeline(default.boost_s if boost_s is None else boost_s, default.delay_s if delay_s is None else delay_s)


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
    """The sites of the site layers at ``as_of`` that hold an interceptor or a radar, or are NATO sites, with
    ``in_place`` (the capability is at the site at the date) and the precision of their point."""
    built = build_layers(seeds.seeds, list(SITE_SIDES), as_of)
    interceptors, radars = set(seeds.interceptor_names()), set(seeds.radar_sites())
    rows = []
    for layer_id, frame in built.items():
        for _, feature in standing(frame, as_of).iterrows():  # a cancelled plan's site is drawn, not screened
            known = feature["id"] in seeds.seeds.sites.index
            system = seeds.seeds.sites.at[feature["id"], "system"] if known else None
            if system in interceptors or feature["id"] in radars or SITE_SIDES[layer_id] == "NATO":
                russian = feature.get("name_ru")
                region = known and seeds.seeds.sites.at[feature["id"], "stands_for"] == "region"
                rows.append({"layer": layer_id, "side": SITE_SIDES[layer_id], "site": feature["id"], "site_name": feature["name"],
                             "site_name_ru": russian if isinstance(russian, str) and russian else None,
                             "status": feature["status"], "in_place": feature["status"] in IN_PLACE_STATUSES,
                             "system": system, "lon": feature.geometry.x, "lat": feature.geometry.y,
                             "region_km": float(feature["precision_km"]) if region else 0.0})
    return pd.DataFrame(rows)


def station_row(seeds: EngagementSeeds, text: str, speed: float | None) -> dict:
    """A site row of ``--site NAME@LAT,LON[:INTERCEPTOR]``; ``ValueError`` naming what is wrong (an unknown
    interceptor names the known ones; a station without one needs a hypothetical speed, ``speed``)."""
    station = parse_station(text)
    if station.interceptor is not None:
        seeds.interceptor_figure(station.interceptor)
    elif speed is None:
        raise TextError(N_("site {name}: give :INTERCEPTOR or a burnout speed"), name=repr(station.name))
    return {"layer": "", "side": "NATO", "site": station.name, "site_name": station.name, "site_name_ru": None,
            "status": "", "in_place": True, "system": station.interceptor, "lon": station.lon, "lat": station.lat,
            "region_km": 0.0, "station": True}


def engagement(seeds: EngagementSeeds, request: View) -> tuple[geometry.Path, pd.DataFrame]:
    """The path of a view of one path and one row per site (see the module). ``ValueError`` for a bad point, site
    or interceptor."""
    if len(request.paths) != 1:
        raise ValueError(f"an engagement is of one path, not {len(request.paths)}")
    (one,) = request.paths
    launch_text, target_text = parse_path(one)
    launch_label, *launch = parse_point(launch_text, seeds.places)
    target_label, *target = parse_point(target_text, seeds.places)
    path = geometry.ballistic_path((launch[0], launch[1]), (target[0], target[1]), request.burnout_angle_deg)
    chosen = _interceptor(seeds, request.interceptor) if request.interceptor else None
    if len(request.stations) > MAX_STATIONS:
        raise TextError(N_("{n} sites of your own: at most {most}"), n=len(request.stations), most=MAX_STATIONS)
    stations = [station_row(seeds, text, request.burnout_kms) for text in request.stations]
    timeline_ = timeline(seeds, request.boost_s, request.delay_s)
    flight = path.trajectory
    common = {"launch": launch_label, **_place_names(seeds.places, launch_label, "launch"),
              "target": target_label, **_place_names(seeds.places, target_label, "target"), "as_of": request.as_of.isoformat(),
              "range_km": flight.range_km, "flight_min": flight.flight_s / 60, "apogee_km": flight.apogee_km,
              "burnout_kms": flight.burnout_kms, "trajectory": flight.kind, "burnout_angle_deg": flight.gamma_deg,
              "boost_s": timeline_.boost_s, "delay_s": timeline_.delay_s, "antipodal": path.antipodal}
    sites = pd.concat([sites_at(seeds, request.as_of), pd.DataFrame(stations)], ignore_index=True)
    rows = [{**common, **_site_row(seeds, path, site, chosen, request, timeline_), "lon": site["lon"], "lat": site["lat"]}
            for _, site in sites.iterrows()]
    table = pd.DataFrame(rows)
    if "why" in table:  # kept as texts (object dtype, not pandas' str): each shown in the reader's language
        table["why"] = pd.Series([row.get("why") for row in rows], index=table.index, dtype=object)
    table["model"] = f"{ballistics.MODEL}; {flyout.MODEL}; {intercept_model.MODEL}; {radar_horizon.MODEL}"
    return path, table


def _figure(seeds: EngagementSeeds, site, chosen, burnout_kms: float | None) -> tuple[pd.Series | None, float | None]:
    """The interceptor claim screened at a site and its speed: a hypothetical speed first, then the chosen
    interceptor, then the site's own; (None, None) for a site without one."""
    own = site["system"] if isinstance(site["system"], str) and site["system"] in seeds.interceptor_names() else None
    if own is None and site.get("station") is not True:
        return None, None
    figure = chosen if chosen is not None else (seeds.interceptor_figure(own) if own else None)
    if burnout_kms is not None:
        return figure, burnout_kms
    return (None, None) if figure is None else (figure, float(figure["burnout_kms"]))


def _site_row(seeds: EngagementSeeds, path, site, chosen, request: View, timeline: Timeline) -> dict:
    approach = geometry.closest_approach(path, site["lon"], site["lat"])
    row = {key: site[key] for key in ("layer", "side", "site", "site_name", "site_name_ru", "status", "system")}
    row.update(closest_km=approach.distance_km, downrange_km=approach.downrange_km, time_min=approach.time_s / 60,
               altitude_km=approach.altitude_km, in_place=bool(site["in_place"]))
    figure, speed = _figure(seeds, site, chosen, request.burnout_kms)
    if speed is not None and site["side"] == "NATO":
        row.update(_intercept_row(seeds, path, site, figure, speed, request, timeline))
    antenna = seeds.radar_figure(site["site"], "antenna_m")
    if antenna is not None:
        claimed = seeds.radar_figure(site["site"], "range_km")
        instrumented = float(claimed["value"]) if claimed is not None else None
        seen = radar_horizon.first_visible(path, site["lon"], site["lat"], antenna["value"], instrumented)
        horizon = seen["horizon"] or {}
        row.update(antenna_m=antenna["value"], antenna_sources=";".join(antenna["sources"] or ()) or "stated",
                   horizon_km=radar_horizon.horizon_km(antenna["value"], request.target_altitude_km * 1000),
                   target_altitude_km=request.target_altitude_km, instrumented_km=instrumented,
                   instrumented_sources=";".join(claimed["sources"] or ()) if claimed is not None else None,
                   visible_min=horizon["time_s"] / 60 if horizon else None, visible_altitude_km=horizon.get("altitude_km"))
    return row


def _intercept_row(seeds: EngagementSeeds, path, site, figure, speed: float, request: View,
                   timeline: Timeline) -> dict:
    """The timeline columns of an interceptor site (blank, with the reason, for a site not in place)."""
    hypothetical = request.burnout_kms is not None
    name = None if hypothetical or figure is None else figure["interceptor"]
    row = {"interceptor": name or "", "interceptor_burnout_kms": speed,
           "figure": "" if hypothetical else figure["id"], "claimed_by": "" if hypothetical else figure["claimed_by"],
           "claimed_by_ru": None if hypothetical else figure.get("claimed_by_ru"),
           "figure_sources": "" if hypothetical else (";".join(figure["sources"] or ()) or "stated"),
           "not_in_place": not site["in_place"]}
    if not site["in_place"] and not request.options.planned:
        return {**row, "verdict": None,
                "why": Text(N_("not in place at the date ({status})"), ("status",), status=site["status"])}
    limits = seeds.intercept_limits(name)
    lon, lat = site["lon"], site["lat"]
    region = float(site["region_km"] or 0.0)
    if region > 0:  # a region known only roughly: its best point within the stated precision
        lon, lat = best_point(path, lon, lat, region, speed, limits)
    track = SiteTrack.of(path, lon, lat)
    result = intercept(track, speed, timeline, limits)
    needed = (region_needed_kms(path, site["lon"], site["lat"], region, timeline, limits) if region > 0
              else needed_kms(track, timeline, limits))
    why = result.reason if region <= 0 else Text(
        N_("{reason} (a region known within {km:,.0f} km: screened at its best point, {lat}, {lon})"),
        reason=result.reason, km=region, lat=f"{lat:.2f}", lon=f"{lon:.2f}")  # coordinates stay machine-readable
    reach = min(flyout.reach_km(limits.min_altitude_km, speed), limits.max_ground_km)
    return {**row, "verdict": "yes" if result.opens else "no", "latest_launch_s": result.latest_launch_s,
            "earliest_launch_s": result.earliest_launch_s, "window_s": result.window_s, "needed_kms": needed,
            "intercept_time_s": result.time_s, "intercept_altitude_km": result.altitude_km,
            "intercept_ground_km": result.ground_km, "reach_km": reach, "screened_lon": lon, "screened_lat": lat,
            "min_altitude_km": limits.min_altitude_km,
            "max_altitude_km": None if math.isinf(limits.max_altitude_km) else limits.max_altitude_km,
            "max_range_km": None if math.isinf(limits.max_ground_km) else limits.max_ground_km,
            "why": why, "claims": _claims(seeds, figure, site, needed), "region_km": site["region_km"] or None}


def _claims(seeds: EngagementSeeds, figure, site, needed: float | None) -> str:
    """Every claimed burnout speed of the site's interceptor, who claims it and whether it opens the window
    (the CSV's ``claims``: ``5.4 km/s (who): too slow; ...``)."""
    name = figure["interceptor"] if figure is not None else site["system"]
    if not isinstance(name, str) or name not in seeds.interceptor_names():
        return ""
    return "; ".join(f"{claim['burnout_kms']:g} km/s ({claim['claimed_by']}): "
                     + ("opens the window" if needed is not None and claim["burnout_kms"] >= needed else "too slow")
                     for _, claim in seeds.claims(name).iterrows())


def reason(row) -> str:
    """A row's ``why`` (the window, or why there is none) in the current language."""
    from shieldmap import i18n

    why = row.get("why")
    return i18n.explain(why) if isinstance(why, str) else ""


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
    site's reach on the ground (at its lowest intercept altitude) and each radar's horizon ring as polygons."""
    first = table.iloc[0].to_dict() if len(table) else {}
    summary = {k: first.get(k) for k in ("launch", "launch_name", "launch_name_ru", "target", "target_name",
                                         "target_name_ru", "as_of", "range_km", "flight_min", "apogee_km", "burnout_kms",
                                         "trajectory", "burnout_angle_deg", "boost_s", "delay_s", "antipodal", "model")}
    features = [_feature(path.ground_track(), {"kind": "path", **summary})]
    features += [_feature(Point(t["lon"], t["lat"]), {"kind": "tick", **t}) for t in path.ticks()]
    for _, row in table.iterrows():
        props = {k: (None if pd.isna(v) else v) for k, v in row.items() if k != "model"}
        features.append(_feature(Point(row["lon"], row["lat"]), {"kind": "site", **props}))
        names = {"site_name": props.get("site_name"), "site_name_ru": props.get("site_name_ru")}
        if isinstance(row.get("verdict"), str) and row["verdict"] and row.get("reach_km", 0) > 0:
            # on the ground: the farthest point below which the interceptor can meet a threat at its lowest altitude
            radius = min(float(row["reach_km"]), 19_000.0)
            features.append(_feature(circle(row["screened_lon"], row["screened_lat"], radius), {
                "kind": "reach", "site": row["site"], **names, "radius_km": radius, "verdict": row["verdict"],
                "altitude_km": row["min_altitude_km"]}))
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


def view_collections(seeds: EngagementSeeds, view) -> list[tuple[dict, pd.DataFrame]]:
    """``(geojson, table)`` of each path of the view, as ``shieldmap engage`` writes them; ``ValueError``
    for a bad point or interceptor."""
    results = []
    for one in view.paths:
        route, table = engagement(seeds, view.replace(path=one))
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
