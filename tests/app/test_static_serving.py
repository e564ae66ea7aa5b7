"""The offline map needs Streamlit's static serving to send Leaflet as JavaScript. Streamlit 1.55
sent every `.js` under /app/static as text/plain with `nosniff`, so the browser refused Leaflet and
the map never drew: a real server, on the Streamlit installed (`make test-min`: the declared minimum)."""

import urllib.request

from deploy.harness import running_app


def test_leaflet_and_layer_files_are_served_with_their_types():
    with running_app() as url:
        with urllib.request.urlopen(f"{url}/app/static/leaflet/leaflet.js", timeout=30) as response:
            assert "javascript" in response.headers["Content-Type"]
            assert response.read(64).strip()
        with urllib.request.urlopen(f"{url}/app/static/basemap.geojson", timeout=30) as response:
            assert response.status == 200 and response.read(30).startswith(b'{"type":"FeatureCollection"')
