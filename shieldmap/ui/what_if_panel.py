"""The app's "What if and measure" panel: its widgets and the clicks they take.

State: the valid specs (:data:`shieldmap.ui.session.WHAT_IF`, also in the URL as ``?what_if=``) and the
panel's own keys (:mod:`shieldmap.ui.what_if_state`): the mode ("off", "place", "measure": map clicks come
back to Python only in the last two), the measured points (up to two (lat, lon)), the messages (one line per
refused value, shown as plain text). Clicks arrive as the map's value (:func:`shieldmap.ui.page_state.last_click`);
they are read at the start of the next run, before the widgets they fill are drawn. The drawing is
:mod:`shieldmap.ui.what_if_map`'s.
"""

from __future__ import annotations

import streamlit as st

from geo import what_if
from layers import engagement_ranges
from shieldmap import i18n
from shieldmap.i18n import N_, _
from shieldmap.ui import page_state, session, what_if_map
from shieldmap.ui.what_if_state import WhatIfState, what_if as panel
from shieldmap.ui.text import one_line

TYPED_MAX_CHARS = what_if.MAX_SITES * 120
"""Longest text the "type NAME@LAT,LON,RADIUS_KM" field takes (room for every allowed site)."""
MODES = {"off": N_("Off"), "place": N_("Place a site"), "measure": N_("Measure")}


def start(seeds) -> None:
    """On a session's first run: keep the URL's what-ifs whose range figure the seeds have."""
    kept, messages = [], []
    for spec in st.session_state.get(session.WHAT_IF, ()):
        try:
            what_if.check_figure(what_if.parse(spec), seeds.ranges)
            kept.append(spec)
        except ValueError as exc:
            messages.append(_("URL what_if value ignored: ") + str(exc))
    st.session_state[session.WHAT_IF] = kept
    panel.messages = messages


def specs() -> tuple[str, ...]:
    return tuple(st.session_state.get(session.WHAT_IF, ()))


def measure_points() -> list:
    """The measured points ((lat, lon), up to two) while measuring, else none."""
    return panel.points if mode() == "measure" else []


def mode() -> str:
    """What a map click does: the panel's "Map clicks" choice while the panel is open, else "off"
    (the panel's state is known before its widgets are drawn, so a folded panel stops clicks at once)."""
    return panel.mode if panel.open else "off"


def returned_objects() -> list[str]:
    """What st_folium sends back: the last click while placing or measuring, nothing otherwise."""
    return ["last_clicked"] if mode() != "off" else []


def take_click() -> None:
    """Apply a new map click (from the previous run's st_folium value) to the mode's widgets. A click
    seen in any mode is marked seen, so it is never used later; leaving Measure forgets its points."""
    clicked = page_state.last_click()
    if mode() != "measure":
        panel.points = []
    if not clicked or clicked == panel.click_seen:
        return
    panel.click_seen = clicked
    lat, lon = round(float(clicked["lat"]), 4), round((float(clicked["lng"]) + 180) % 360 - 180, 4)
    clicks = mode()
    if clicks == "place":
        panel.lat, panel.lon = lat, lon
    elif clicks == "measure":
        panel.points = (panel.points if len(panel.points) < 2 else []) + [(lat, lon)]


def _add(seeds) -> None:
    figure = panel.figure
    radius = float(seeds.ranges.at[figure, "radius_km"]) if figure else panel.radius
    extra = "".join(f",{v}" for v in (panel.side, figure) if v)
    _add_text(f"{panel.site_name or 'What if'}@{panel.lat},{panel.lon},{radius}{extra}", seeds)


def _add_text(text: str, seeds) -> None:
    i18n.use(session.language())  # a widget's callback runs before the run sets the session's language
    if len(specs()) >= what_if.MAX_SITES:
        panel.say(_("Not added: at most {n} hypothetical sites (remove one first)").format(n=what_if.MAX_SITES))
        return
    try:
        item = what_if.parse(text)
        what_if.check_figure(item, seeds.ranges)
    except ValueError as exc:
        panel.say(str(exc))
        return
    st.session_state[session.WHAT_IF] = [*specs(), item.spec]
    panel.site_name = f"What if {len(specs()) + 1}"


def _add_typed(seeds) -> None:
    good, messages = what_if.parse_many(panel.text, limit=max(0, what_if.MAX_SITES - len(specs())))
    panel.say(*messages)
    for item in good:
        _add_text(item.spec, seeds)
    panel.text = ""


def _remove(index: int | None) -> None:
    kept = list(specs())
    st.session_state[session.WHAT_IF] = [] if index is None else kept[:index] + kept[index + 1:]


def _figure_chosen(seeds) -> None:
    if panel.figure:
        panel.radius = float(seeds.ranges.at[panel.figure, "radius_km"])


FIRST_SITE = "s400-kaliningrad"
"""The seed site whose point and default range figure fill the panel at first (Kaliningrad Region's S-400)."""


def first_site(seeds) -> tuple[float, float, float]:
    """(lat, lon, radius km) of :data:`FIRST_SITE` from the seeds: its point and its system's default figure
    (without that site in the seeds, a 1 km circle at 0, 0)."""
    if FIRST_SITE not in seeds.sites.index:
        return 0.0, 0.0, 1.0
    site = seeds.sites.loc[FIRST_SITE]
    figure = engagement_ranges.figure_for(seeds, site["system"])
    return float(site["lat"]), float(site["lon"]), float(figure["radius_km"]) if figure is not None else 1.0


def sidebar(seeds) -> None:
    """The panel's widgets (call inside ``st.sidebar``; :func:`take_click` first, before the map)."""
    WhatIfState.site_name.setdefault(f"What if {len(specs()) + 1}")
    for key, value in zip((WhatIfState.lat, WhatIfState.lon, WhatIfState.radius), first_site(seeds)):
        key.setdefault(value)
    # Folded, the panel sends no widget: they are drawn only while it is open (a rerun on open/close).
    box = st.expander(_("What if and measure ({n})").format(n=len(specs())), expanded=bool(specs()),
                      key=WhatIfState.open.name, on_change="rerun")
    if not box.open:
        return
    with box:
        _widgets(seeds)


def _widgets(seeds) -> None:
    """The open panel's widgets."""
    st.radio(_("Map clicks"), list(MODES), format_func=i18n.fixed(lambda m: _(MODES[m])), key=WhatIfState.mode.name,
             horizontal=True,
             help=_("Place a site: a click sets the latitude and longitude below. Measure: click two points "
                    "for the geodesic distance and initial azimuth."))
    if panel.mode == "measure":
        _measure_text()
    st.text_input(_("Name"), key=WhatIfState.site_name.name, max_chars=what_if.MAX_NAME_CHARS)
    left, right = st.columns(2)
    left.number_input(_("Latitude"), min_value=-90.0, max_value=90.0, step=0.1, format="%.4f",
                      key=WhatIfState.lat.name)
    right.number_input(_("Longitude"), min_value=-180.0, max_value=180.0, step=0.1, format="%.4f",
                       key=WhatIfState.lon.name)
    figures = [None, *seeds.ranges.index]
    st.selectbox(_("System and published figure"), figures, key=WhatIfState.figure.name, on_change=_figure_chosen,
                 args=(seeds,), format_func=i18n.fixed(lambda i: _("A radius of my own") if i is None else
                 _("{systems}: {km} km ({id})").format(systems="/".join(seeds.ranges.at[i, "systems"]),
                                                       km=i18n.number(seeds.ranges.at[i, 'radius_km'], None), id=i)))
    st.number_input(_("Radius (km)"), min_value=0.001, max_value=what_if.MAX_RADIUS_KM, step=10.0,
                    key=WhatIfState.radius.name, disabled=bool(panel.figure))
    st.selectbox(_("Side"), [None, *what_if.SIDES], key=WhatIfState.side.name,
                 format_func=i18n.fixed(lambda s: _("Inferred from the state the point lies in") if s is None
                                        else _(s)))
    st.button(_("Add hypothetical site"), on_click=_add, args=(seeds,), key=WhatIfState.add.name)
    st.text_input(_("Or type NAME@LAT,LON,RADIUS_KM (; between several)"), key=WhatIfState.text.name,
                  on_change=_add_typed, args=(seeds,), max_chars=TYPED_MAX_CHARS)
    for index, spec in enumerate(specs()):  # the button on its own line: a narrow column cut it to "R"
        st.markdown(_("HYPOTHETICAL: ") + one_line(spec))
        st.button(_("Remove"), key=WhatIfState.remove_key(index), on_click=_remove, args=(index,),
                  icon=":material/delete:", help=_("Remove the hypothetical site ") + one_line(spec))
    if len(specs()) > 1:
        st.button(_("Remove all"), key=WhatIfState.remove_all.name, on_click=_remove, args=(None,))


def _measure_text() -> None:
    points = panel.points
    result = what_if_map.measurement(points)
    if result is not None:
        st.markdown(_("**{km} km**, initial azimuth {azimuth}° (back azimuth {back}°), geodesic on WGS84").format(
            km=i18n.number(result.distance_km, 1), azimuth=i18n.number(result.azimuth_deg, 1),
            back=i18n.number(result.back_azimuth_deg, 1)))
    else:
        st.caption(_("Click the first point on the map.") if not points else
                   _("From {lat}, {lon}: click the second point.").format(lat=f"{points[0][0]:.4f}",
                                                                          lon=f"{points[0][1]:.4f}"))
    if points:
        st.button(_("Clear measurement"), key=WhatIfState.clear_points.name, on_click=_clear_points)


def _clear_points() -> None:
    panel.points = []


def messages(forget: bool = True) -> None:
    """Refused values: one warning each, the value shown as plain text (then forgotten, with
    ``forget``: a new session's first run, which stops after the map, keeps them for the next)."""
    for message in panel.messages:
        st.warning(one_line(what_if.shorten(message, 200)))
    if forget:
        panel.messages = []


