"""The floor for "time to the first drawn feature": a bare st_folium map with one point.

It loads the same local Leaflet files as the app (``shieldmap.web.webmap.base_map`` points
folium at /app/static/leaflet/...) and hands its point to the map the way the
app hands its layers (a FeatureGroup through ``feature_group_to_add``), so what
is left between the two is the app's own cost.

Run it from the repo root, so that ``.streamlit/config.toml`` (static serving)
applies. Streamlit serves ``static/`` next to the main script, so ``bench/static``
must resolve to the app's ``static/`` when the server starts: ``bench/run.py``
links it for the start and removes the link once the server is up.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from shieldmap.web.webmap import LEAFLET_CSS, LEAFLET_JS

POINT = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"id": "floor", "layer": "floor"},
    "geometry": {"type": "Point", "coordinates": [24.0, 52.0]},
}]}

st.set_page_config(page_title="shieldmap floor", layout="wide")
fmap = folium.Map(location=[52.0, 24.0], zoom_start=4, tiles=None, prefer_canvas=True)
fmap.default_js = [("leaflet", LEAFLET_JS)]
fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
group = folium.FeatureGroup(name="floor")
folium.GeoJson(POINT, name="floor").add_to(group)
st_folium(fmap, key="map", height=600, use_container_width=True, feature_group_to_add=[group], returned_objects=[])
