"""Helpers for the app's AppTest runs: run the app from a URL, read what reaches the map."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from shieldmap.web import layer_files

APP = str(Path(__file__).resolve().parents[1] / "app.py")
STATIC = Path(APP).parent / "static"
def run(query=None, **state):
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if at.session_state["controls_shown"] is False:  # a new session's first run stops after the map
        shown_by_hand(at)
    return at


def shown_by_hand(at):
    """The run that adds the controls. In a browser the map starts it once it has drawn (a component
    value); AppTest has no browser, so this presses the page's own "Show the controls" button."""
    at.button(key="show_controls").click().run()
    assert not at.exception, at.exception
    assert at.session_state["controls_shown"] is True
    return at


def url_param(at, key: str) -> str:
    """A URL parameter the app set (older AppTest versions hold a list of values)."""
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


def map_args(at) -> dict:
    components = [e for e in at.main.children.values() if type(e).__name__ == "UnknownElement"
                  and e.proto.DESCRIPTOR.name == "ComponentInstance" and "folium" in e.proto.component_name]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def features(args) -> list[dict]:
    """Every GeoJSON feature the layer groups hand to Leaflet: inline in the JS (uploads) or in the
    static layer files whose URLs the JS fetches."""
    script, found, decoder = args["feature_group"] or "", [], json.JSONDecoder()
    for marker in ("_add({", "shieldmapFetchLayer(\""):  # inline data; a fetched file's URL
        index = script.find(marker)
        while index != -1:
            data, end = decoder.raw_decode(script, index + len(marker) - 1)
            if isinstance(data, str):  # a fetched layer file's URL
                data = json.loads(layer_files.local_path(STATIC, data).read_text(encoding="utf-8"))
            found.extend(data["features"])
            index = script.find(marker, end)
    return found


def shown_layers(args) -> dict[str, set]:
    result = {}
    for feature in features(args):
        props = feature["properties"]
        if not props["id"].endswith("-uncertainty"):
            result.setdefault(props["layer"], set()).add(props["id"])
    return result
