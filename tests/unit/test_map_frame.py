"""The map's cached rendering sends exactly what st_folium itself would send."""

import datetime as dt

import folium
import geopandas as gpd
import pytest
import streamlit_folium
from shapely.geometry import Point

from layers.registry import LAYER_IDS, build_layers
from shieldmap.ui import map_frame, what_if_map
from shieldmap.web import time_layers, webmap

AS_OF = dt.date(2013, 10, 31)


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, LAYER_IDS, AS_OF)


def _upload_group():
    frame = gpd.GeoDataFrame({"id": ["u1"], "layer": ["upload-0"], "name": ["<b>mine</b>"], "tip": ["&lt;b&gt;"]},
                             geometry=[Point(24.0, 52.0)], crs=4326)
    layer = webmap.user_layer("upload-0", "My <file>", 0)
    return webmap.feature_group(layer, webmap.display_geojson(frame, tolerance=0.0))


def _views(seeds, built):
    """(basemap, [MapGroup], returned_objects, extra) for a few views; every build makes new objects."""
    def layer(i):
        return map_frame.MapGroup(("layer", i, AS_OF), lambda: webmap.feature_group(
            i, webmap.layer_geojson(built[i], lambda ids: seeds.source_records(ids.split(";"))),
            webmap.uncertainty_geojson(built[i]) if i in ("s300_belarus", "russian_sites") else None,
            frame=built[i]))

    stamp = map_frame.MapGroup(("date_stamp", AS_OF), lambda: time_layers.date_stamp(AS_OF))
    default = ["s300_belarus", "romania_interceptor", "csto", "european_sectors", "nato", "engagement_ranges"]
    return {
        "default": ("offline", [*(layer(i) for i in default), stamp], [], {}),
        "every layer, clicks on": ("offline", [*(layer(i) for i in LAYER_IDS), stamp], ["last_clicked"], {}),
        "upload, tiles, a story view": ("osm", [map_frame.MapGroup(None, _upload_group), stamp], None,
                                        {"zoom": 5, "center": (50.0, 20.0)}),
        "no group": ("positron", [], [], {}),
    }


def _st_folium_args(monkeypatch, basemap, groups, returned, extra) -> dict:
    captured = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: captured.update(kwargs))
    streamlit_folium.st_folium(webmap.base_map(basemap), key="map", height=600, use_container_width=True,
                               feature_group_to_add=[g.build() for g in groups] or None,
                               returned_objects=returned, **extra)
    captured.pop("on_change")
    return captured


@pytest.mark.parametrize("view", ["default", "every layer, clicks on", "upload, tiles, a story view", "no group"])
def test_component_args_are_st_foliums(monkeypatch, seeds, built, view):
    basemap, groups, returned, extra = _views(seeds, built)[view]
    expected = _st_folium_args(monkeypatch, basemap, groups, returned, extra)
    ours = map_frame.component_args(basemap, groups, "map", 600, returned, **extra)
    if not groups:  # st_folium is given None then; the app always has the date stamp
        ours["feature_group"] = expected["feature_group"]
    assert ours == expected
    assert "feature_group_0" in (ours["feature_group"] or "feature_group_0")
    # a second time, from the caches, the same
    assert map_frame.component_args(basemap, groups, "map", 600, returned, **extra)["feature_group"] == ours["feature_group"]


def test_click_mode_group_is_st_foliums(monkeypatch, seeds, built):
    groups = what_if_map.map_groups(seeds, None, (), [], others=True)
    assert [g.key for g in groups] == [("click_mode", ())]
    expected = _st_folium_args(monkeypatch, "offline", groups, [], {})
    assert map_frame.component_args("offline", groups, "map", 600, [])["feature_group"] == expected["feature_group"]


def test_a_keyed_group_is_rendered_once_per_key_and_place():
    calls = []

    def build(name):
        def make():
            calls.append(name)
            group = folium.FeatureGroup(name=name)
            folium.Marker([52.0, 24.0], tooltip=name).add_to(group)
            return group
        return make

    key = ("test-once", dt.datetime.now().isoformat())
    first = map_frame.component_args("offline", [map_frame.MapGroup(key, build("a"))], "map", 600, [])
    again = map_frame.component_args("offline", [map_frame.MapGroup(key, build("b"))], "map", 600, [])
    assert calls == ["a"] and again["feature_group"] == first["feature_group"]
    # the same key at another place in the list is another rendering (its variable is feature_group_1)
    moved = map_frame.component_args("offline", [map_frame.MapGroup(None, build("c")), map_frame.MapGroup(key, build("d"))],
                                     "map", 600, [])
    assert calls == ["a", "c", "d"] and "feature_group_feature_group_1" in moved["feature_group"]
    # an unkeyed group is built every time
    map_frame.component_args("offline", [map_frame.MapGroup(None, build("e"))], "map", 600, [])
    map_frame.component_args("offline", [map_frame.MapGroup(None, build("e"))], "map", 600, [])
    assert calls[-2:] == ["e", "e"]
