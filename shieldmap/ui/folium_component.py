"""The one place that reaches into streamlit-folium's private functions.

:mod:`shieldmap.ui.map_frame` renders the map's pieces once per process and sends them to
streamlit-folium's component itself, so it needs the functions ``st_folium`` uses inside:
four private string builders and the private component. They may change in any release;
``pyproject.toml`` therefore bounds the dependency to the minor version tested
(``streamlit-folium>=0.27,<0.28``), and ``tests/unit/test_folium_component.py`` checks the
installed version against that bound and that every name below exists and behaves as used here.
"""

from __future__ import annotations

from typing import Callable

import folium
import streamlit_folium as _sf

#: The private names used (the test checks each).
PRIVATE = ("_get_map_string", "_get_header", "_get_html", "_get_feature_group_string", "_component_func")
#: The component's name: the title of the map's iframe in the page.
COMPONENT_NAME = "streamlit_folium.st_folium"


def map_strings(fmap: folium.Map) -> tuple[str, str, str, str]:
    """``(script, header, html, map id)`` of a rendered map, as ``st_folium`` sends them: the
    script names the map ``map_div``; the header and html have no ``<script src>`` or map div."""
    html, header = _sf._get_html(fmap), _sf._get_header(fmap)  # in st_folium's order
    return _sf._get_map_string(fmap), header, html, _sf.get_full_id(fmap)


def group_script(group: folium.FeatureGroup, parent: folium.Map, index: int) -> str:
    """The script of a feature group added to ``map_div`` as ``st_folium``'s ``index``-th group
    (``feature_group_feature_group_<index>``); the group is added to ``parent`` and rendered."""
    return _sf._get_feature_group_string(group, parent, idx=index)


def component_key(script: str, key: str) -> str:
    """The component's key ``st_folium`` derives from the map's script and the widget key."""
    return _sf.generate_js_hash(script, key, False)


def send(args: dict, on_change: Callable[[], None]):
    """Draw the component with ``st_folium``'s arguments (``map_frame.component_args``); its value."""
    return _sf._component_func(**args, on_change=on_change)
