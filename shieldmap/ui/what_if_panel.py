"""The app's "What if and measure" panel: its widgets and the clicks they take.

State (``st.session_state``): the valid specs (:data:`shieldmap.ui.session.WHAT_IF`, also in
the URL as ``?what_if=``), ``what_if_mode`` ("off", "place", "measure": map clicks come back
to Python only in the last two), ``measure_points`` (up to two (lat, lon)),
``what_if_messages`` (one line per refused value, shown as plain text). Clicks arrive as
st_folium's value under the map's key; they are read at the start of the next run, before
the widgets they fill are drawn. The drawing is :mod:`shieldmap.ui.what_if_map`'s.
"""

from __future__ import annotations

import streamlit as st

from geo import what_if
from layers import engagement_ranges
from shieldmap import i18n
from shieldmap.i18n import N_, _
from shieldmap.ui import session, what_if_map
from shieldmap.ui.text import one_line

TYPED_MAX_CHARS = what_if.MAX_SITES * 120
"""Longest text the "type NAME@LAT,LON,RADIUS_KM" field takes (room for every allowed site)."""
MODES = {"off": N_("Off"), "place": N_("Place a site"), "measure": N_("Measure")}
MAP_KEY = "map"


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
    st.session_state["what_if_messages"] = messages


def specs() -> tuple[str, ...]:
    return tuple(st.session_state.get(session.WHAT_IF, ()))


def measure_points() -> list:
    """The measured points ((lat, lon), up to two) while measuring, else none."""
    return st.session_state.get("measure_points", []) if mode() == "measure" else []


def mode() -> str:
    """What a map click does: the panel's "Map clicks" choice while the panel is open, else "off"
    (the panel's state is known before its widgets are drawn, so a folded panel stops clicks at once)."""
    state = st.session_state
    return state.get("what_if_mode", "off") if state.get("what_if_open") else "off"


def returned_objects() -> list[str]:
    """What st_folium sends back: the last click while placing or measuring, nothing otherwise."""
    return ["last_clicked"] if mode() != "off" else []


def take_click() -> None:
    """Apply a new map click (from the previous run's st_folium value) to the mode's widgets. A click
    seen in any mode is marked seen, so it is never used later; leaving Measure forgets its points."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_clicked")
    if mode() != "measure":
        st.session_state["measure_points"] = []
    if not clicked or clicked == st.session_state.get("what_if_click_seen"):
        return
    st.session_state["what_if_click_seen"] = clicked
    lat, lon = round(float(clicked["lat"]), 4), round((float(clicked["lng"]) + 180) % 360 - 180, 4)
    clicks = mode()
    if clicks == "place":
        st.session_state["what_if_lat"], st.session_state["what_if_lon"] = lat, lon
    elif clicks == "measure":
        points = st.session_state.get("measure_points", [])
        st.session_state["measure_points"] = (points if len(points) < 2 else []) + [(lat, lon)]


def _add(seeds) -> None:
    state = st.session_state
    side = state.get("what_if_side")
    figure = state.get("what_if_figure")
    radius = float(seeds.ranges.at[figure, "radius_km"]) if figure else state.get("what_if_radius")
    extra = "".join(f",{v}" for v in (side, figure) if v)
    _add_text(f"{state.get('what_if_name') or 'What if'}@{state.get('what_if_lat')},{state.get('what_if_lon')},"
              f"{radius}{extra}", seeds)


def _add_text(text: str, seeds) -> None:
    i18n.use(session.language())  # a widget's callback runs before the run sets the session's language
    messages = st.session_state.setdefault("what_if_messages", [])
    if len(specs()) >= what_if.MAX_SITES:
        messages.append(_("Not added: at most {n} hypothetical sites (remove one first)").format(n=what_if.MAX_SITES))
        return
    try:
        item = what_if.parse(text)
        what_if.check_figure(item, seeds.ranges)
    except ValueError as exc:
        messages.append(str(exc))
        return
    st.session_state[session.WHAT_IF] = [*specs(), item.spec]
    st.session_state["what_if_name"] = f"What if {len(specs()) + 1}"


def _add_typed(seeds) -> None:
    text = st.session_state.get("what_if_text", "")
    good, messages = what_if.parse_many(text, limit=max(0, what_if.MAX_SITES - len(specs())))
    st.session_state.setdefault("what_if_messages", []).extend(messages)
    for item in good:
        _add_text(item.spec, seeds)
    st.session_state["what_if_text"] = ""


def _remove(index: int | None) -> None:
    kept = list(specs())
    st.session_state[session.WHAT_IF] = [] if index is None else kept[:index] + kept[index + 1:]


def _figure_chosen(seeds) -> None:
    figure = st.session_state.get("what_if_figure")
    if figure:
        st.session_state["what_if_radius"] = float(seeds.ranges.at[figure, "radius_km"])


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
    state = st.session_state
    state.setdefault("what_if_name", f"What if {len(specs()) + 1}")
    for key, value in zip(("what_if_lat", "what_if_lon", "what_if_radius"), first_site(seeds)):
        state.setdefault(key, value)
    # Folded, the panel sends no widget: they are drawn only while it is open (a rerun on open/close).
    panel = st.expander(_("What if and measure ({n})").format(n=len(specs())), expanded=bool(specs()), key="what_if_open",
                        on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.radio(_("Map clicks"), list(MODES), format_func=i18n.fixed(lambda m: _(MODES[m])), key="what_if_mode", horizontal=True,
                 help=_("Place a site: a click sets the latitude and longitude below. Measure: click two points "
                        "for the geodesic distance and initial azimuth."))
        if state.get("what_if_mode") == "measure":
            _measure_text()
        st.text_input(_("Name"), key="what_if_name", max_chars=what_if.MAX_NAME_CHARS)
        left, right = st.columns(2)
        left.number_input(_("Latitude"), min_value=-90.0, max_value=90.0, step=0.1, format="%.4f", key="what_if_lat")
        right.number_input(_("Longitude"), min_value=-180.0, max_value=180.0, step=0.1, format="%.4f",
                           key="what_if_lon")
        figures = [None, *seeds.ranges.index]
        st.selectbox(_("System and published figure"), figures, key="what_if_figure", on_change=_figure_chosen,
                     args=(seeds,), format_func=i18n.fixed(lambda i: _("A radius of my own") if i is None else
                     _("{systems}: {km} km ({id})").format(systems="/".join(seeds.ranges.at[i, "systems"]),
                                                           km=i18n.number(seeds.ranges.at[i, 'radius_km'], None), id=i)))
        st.number_input(_("Radius (km)"), min_value=0.001, max_value=what_if.MAX_RADIUS_KM, step=10.0,
                        key="what_if_radius", disabled=bool(state.get("what_if_figure")))
        st.selectbox(_("Side"), [None, *what_if.SIDES], key="what_if_side",
                     format_func=i18n.fixed(lambda s: _("Inferred from the state the point lies in") if s is None
                                            else _(s)))
        st.button(_("Add hypothetical site"), on_click=_add, args=(seeds,), key="what_if_add")
        st.text_input(_("Or type NAME@LAT,LON,RADIUS_KM (; between several)"), key="what_if_text",
                      on_change=_add_typed, args=(seeds,), max_chars=TYPED_MAX_CHARS)
        for index, spec in enumerate(specs()):  # the button on its own line: a narrow column cut it to "R"
            st.markdown(_("HYPOTHETICAL: ") + one_line(spec))
            st.button(_("Remove"), key=f"what_if_remove_{index}", on_click=_remove, args=(index,),
                      icon=":material/delete:", help=_("Remove the hypothetical site ") + one_line(spec))
        if len(specs()) > 1:
            st.button(_("Remove all"), key="what_if_remove_all", on_click=_remove, args=(None,))


def _measure_text() -> None:
    points = st.session_state.get("measure_points", [])
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
        st.button(_("Clear measurement"), key="measure_clear",
                  on_click=lambda: st.session_state.update(measure_points=[]))


def messages(forget: bool = True) -> None:
    """Refused values: one warning each, the value shown as plain text (then forgotten, with
    ``forget``: a new session's first run, which stops after the map, keeps them for the next)."""
    for message in st.session_state.get("what_if_messages", ()):
        st.warning(one_line(what_if.shorten(message, 200)))
    if forget:
        st.session_state["what_if_messages"] = []


