"""The engagement on a web map (the app's and the HTML export's): each threat path's ground track, its
minute ticks, each interceptor site's reach ring by verdict and each radar's horizon ring, as one folium
FeatureGroup, from :func:`shieldmap.engagement.geojson` of each path. The styles are
:func:`layers.style.engagement_style`; every tooltip is escaped text."""

from __future__ import annotations

import html

import folium

from layers.style import engagement_style, engagement_symbol
from shieldmap.engagement import local_name
from shieldmap import i18n
from shieldmap.i18n import N_, _, translate
from shieldmap.web import mapkey, svg_style, webmap

TICK_ICON = {"": {"html": svg_style.icon(engagement_symbol("tick"), 8, 3),
                  "iconSize": [8, 8], "iconAnchor": [4, 4], "className": "shieldmap-icon"}}
ORDER = ("horizon", "reach", "path", "tick")
KEY_ORDER = 950  # after the sectors (0) and the symbols (900): layers.style.key_order
"""Drawn bottom to top."""
KEY = N_("Engagement: the threat's ground track (black) with a tick every minute of flight; each interceptor site's "
         "reach on the ground at its lowest intercept altitude (green: the window opens, vermillion: it does not); each "
         "radar's horizon (blue, dashed).")
WORDS = (N_("minimum-energy"), N_("lofted"), N_("depressed"), N_("yes"), N_("no"))
"""The trajectories (geo.ballistics) and verdicts (geo.engagement) the tooltips name, translated where shown."""


def tip(props: dict) -> str:
    """A feature's tooltip (plain text), naming the places and sites in the current language."""
    kind = props["kind"]
    if kind == "path":
        return _("{launch} to {target}: {km} km, {minutes} min, apogee {apogee} km ({trajectory})").format(
            launch=local_name(props, "launch_name"), target=local_name(props, "target_name"), km=i18n.number(props['range_km']),
            minutes=i18n.number(props['flight_min'], 1), apogee=i18n.number(props['apogee_km']),
            trajectory=translate(props["trajectory"]))
    if kind == "tick":
        return _("{minutes} min after launch, altitude {km} km").format(
            minutes=i18n.number(props.get('time_s', 0) / 60), km=i18n.number(props.get('altitude_km', 0)))
    if kind == "reach":
        return _("{site}: meets a threat at its lowest intercept altitude up to {km} km away; window opens: {verdict}").format(
            site=local_name(props), km=i18n.number(props['radius_km']), verdict=translate(props["verdict"]))
    return _("{site}: radar horizon {km} km for a target at {altitude} km").format(
        site=local_name(props), km=i18n.number(props['radius_km']), altitude=i18n.number(props['target_altitude_km'], None))


def feature_group(collections: list[dict], name: str = N_("Engagement")) -> folium.FeatureGroup:
    """One FeatureGroup of the paths' features (the sites are left to their layers)."""
    group = folium.FeatureGroup(name=_(name))
    parts: dict[tuple, list] = {}
    for data in collections:
        for feature in data["features"]:
            props = feature["properties"]
            if props["kind"] == "site":
                continue
            parts.setdefault((props["kind"], props.get("verdict")), []).append(
                {**feature, "properties": {"id": f"engage-{props['kind']}", "layer": "engagement",
                                           "tip": html.escape(tip(props))}})
    for (kind, verdict), features in sorted(parts.items(), key=lambda item: (ORDER.index(item[0][0]), item[0][1] or "")):
        webmap.styled_geojson(group, {"type": "FeatureCollection", "features": features},
                              engagement_style(kind, verdict), icon=TICK_ICON if kind == "tick" else None)
    if parts:  # the key explains the colours while a path is on the map (one section for every path)
        mapkey.KeySection(KEY_ORDER, "engagement", mapkey.engagement_key()).add_to(group)
    return group
