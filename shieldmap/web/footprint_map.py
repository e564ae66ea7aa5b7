"""A defended footprint on a web map (the app's and the HTML export's): each site's polygons in its colour,
the window's levels shaded darker, as one folium FeatureGroup "Footprint", with its section of the map's key
(the launch points, each site with its interceptor and speed, the levels and the grid's resolution), from
:func:`shieldmap.footprint.features`. Every tooltip and key text is escaped."""

from __future__ import annotations

import html

import folium

from geo import footprint as model
from layers.style import FOOTPRINT_LEVEL
from shieldmap import i18n
from shieldmap.figure_footprint import LEVEL_ALPHAS, LEVEL_TEXTS
from shieldmap.i18n import N_, _
from shieldmap.web import mapkey, webmap

KEY_ORDER = 960  # after the engagement's section (950)
NAME = N_("Footprint")
HEAD = N_("Footprint: where each site could defend against launches from {points} ({resolution}° grid)")


def _site(props: dict) -> str:
    russian = props.get("site_name_ru")
    name = russian if i18n.current() == "ru" and isinstance(russian, str) and russian else props["site_name"]
    interceptor = props.get("interceptor") or _("a hypothetical interceptor")
    return _("{site}: {interceptor}, {speed} km/s").format(site=name, interceptor=interceptor,
                                                          speed=i18n.number(props["burnout_kms"], None))


def _level(level_s: float) -> str:
    return _(LEVEL_TEXTS[model.LEVELS_S.index(level_s)])


def key_html(features: list[dict], points: str) -> str:
    shapes = [f["properties"] for f in features if f["properties"]["kind"] == "footprint"]
    sites = {props["site"]: props for props in shapes}
    rows = [mapkey._row(mapkey._box(props["colour"], props["colour"], opacity=0.5), _site(props))
            for props in sites.values()]
    rows += [mapkey._row(mapkey._box(FOOTPRINT_LEVEL, FOOTPRINT_LEVEL, opacity=alpha), _(text))
             for alpha, text in zip(LEVEL_ALPHAS, LEVEL_TEXTS)]
    head = _(HEAD).format(points=points, resolution=i18n.number(shapes[0]["resolution_deg"], None) if shapes else "")
    return '<div class="shieldmap-key-head">' + html.escape(head) + "</div>" + "".join(rows)


def feature_group(features: list[dict], points: str) -> folium.FeatureGroup:
    """The footprint's FeatureGroup (``points``: the launch points as a reader names them)."""
    group = folium.FeatureGroup(name=_(NAME))
    sites = len({f["properties"]["site"] for f in features if f["properties"]["kind"] == "footprint"})
    for feature in features:
        props = feature["properties"]
        if props["kind"] != "footprint":
            continue
        alpha = LEVEL_ALPHAS[model.LEVELS_S.index(props["level_s"])] / max(sites, 1)  # overlaps stay readable
        tip = html.escape(f"{_site(props)}; {_level(props['level_s'])}")
        style = {"color": props["colour"], "weight": 0, "fillColor": props["colour"], "fillOpacity": alpha}
        webmap.styled_geojson(group, {"type": "FeatureCollection", "features": [
            {**feature, "properties": {"id": f"footprint-{props['site']}-{props['level_s']:g}", "layer": "footprint",
                                       "tip": tip}}]}, style)
    mapkey.KeySection(KEY_ORDER, "footprint", key_html(features, points)).add_to(group)
    return group
