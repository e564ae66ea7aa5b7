"""The engagement on a web map (the app's and the HTML export's): each threat path's ground track, its
minute ticks, each interceptor site's reach ring by verdict and each radar's horizon ring, as one folium
FeatureGroup, from :func:`shieldmap.engagement.geojson` of each path. The styles are
:func:`layers.style.engagement_style`; every tooltip is escaped text."""

from __future__ import annotations

import html

import folium

from layers.style import engagement_style
from shieldmap.web import webmap

TICK_ICON = {"": {"html": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="3" '
                          'fill="#fff" stroke="#000" stroke-width="1.5"/></svg>',
                  "iconSize": [8, 8], "iconAnchor": [4, 4], "className": "shieldmap-icon"}}
ORDER = ("horizon", "reach", "path", "tick")
"""Drawn bottom to top."""
KEY = ("Engagement: the threat's ground track (black) with a tick every minute of flight; each interceptor site's "
       "kinematic reach at its best moment (green: yes, orange: marginal, vermillion: no); each radar's horizon "
       "(blue, dashed). A kinematic screen, not a simulation.")


def tip(props: dict) -> str:
    """A feature's tooltip (plain text)."""
    kind = props["kind"]
    if kind == "path":
        return (f"{props['launch']} to {props['target']}: {props['range_km']:,.0f} km, {props['flight_min']:.1f} min, "
                f"apogee {props['apogee_km']:,.0f} km ({props['trajectory']})")
    if kind == "tick":
        return f"{props.get('time_s', 0) / 60:.0f} min after launch, altitude {props.get('altitude_km', 0):,.0f} km"
    if kind == "reach":
        return f"{props['site']}: kinematic reach {props['radius_km']:,.0f} km, verdict {props['verdict']}"
    return f"{props['site']}: radar horizon {props['radius_km']:,.0f} km for a target at {props['target_altitude_km']:g} km"


def feature_group(collections: list[dict], name: str = "Engagement") -> folium.FeatureGroup:
    """One FeatureGroup of the paths' features (the sites are left to their layers)."""
    group = folium.FeatureGroup(name=name)
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
    return group
