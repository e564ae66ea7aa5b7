"""The map's files from the app itself (`streamlit run app.py`, on the Streamlit installed; `make test-min`:
the declared minimum). Streamlit 1.55 sent every `.js` under /app/static as text/plain with `nosniff`, so
the browser refused Leaflet and the map never drew. Since issue 25 the app serves them through
shieldmap/web/static_server.py: compressed once, not per request, layer files immutable."""

import gzip
import urllib.error
import urllib.request
from pathlib import Path

from deploy.harness import running_app
from shieldmap.web import layer_files

STATIC = Path(__file__).resolve().parents[2] / "static"


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, b""


def test_the_maps_files_are_served_compressed_once_with_their_types():
    text = '{"type":"FeatureCollection","features":[],"test":"%s"}' % ("static serving " * 200)
    url_path = layer_files.publish(STATIC, text)
    with running_app() as url:
        status, headers, body = _get(f"{url}/app/static/leaflet/leaflet.js", **{"Accept-Encoding": "gzip"})
        assert status == 200 and "javascript" in headers["content-type"] and headers["content-encoding"] == "gzip"
        assert gzip.decompress(body) == (STATIC / "leaflet" / "leaflet.js").read_bytes()
        assert body == (STATIC / "leaflet" / "leaflet.js.gz").read_bytes()  # the file written at install, as is
        assert headers["cache-control"] == "no-cache"  # not content-addressed: revalidated
        assert _get(f"{url}/app/static/leaflet/leaflet.js", **{"Accept-Encoding": "gzip",
                                                               "If-None-Match": headers["etag"]})[0] == 304
        status, headers, body = _get(f"{url}/app/static/basemap.geojson")  # no gzip asked: plain bytes
        assert status == 200 and "content-encoding" not in headers and body.startswith(b'{"type":"FeatureCollection"')

        status, headers, body = _get(url + url_path, **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and headers["content-type"] == "application/geo+json"
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
        assert body == layer_files.local_path(STATIC, url_path).with_name(
            layer_files.local_path(STATIC, url_path).name + ".gz").read_bytes()
        assert gzip.decompress(body).decode() == text
        assert _get(url + url_path, **{"Accept-Encoding": "gzip;q=0"})[2].decode() == text

        assert _get(f"{url}/app/static/layers/{'0' * 64}.geojson", **{"Accept-Encoding": "gzip"})[0] == 404
        status, _, body = _get(f"{url}/app/static/leaflet/leaflet.js", Range="bytes=0-9")  # left to Streamlit
        assert status == 206 and body == (STATIC / "leaflet" / "leaflet.js").read_bytes()[:10]

        # streamlit-folium's bundle: registered at start (app.py is imported before the runtime exists),
        # asked of Streamlit uncompressed, compressed once
        import streamlit_folium

        build = Path(streamlit_folium.__file__).parent / "frontend" / "build"
        bundle = next(build.glob("static/js/main.*.js"))
        path = f"/component/streamlit_folium.st_folium/{bundle.relative_to(build).as_posix()}"
        first = _get(url + path, **{"Accept-Encoding": "gzip"})
        assert first[0] == 200 and first[1]["content-encoding"] == "gzip"
        assert gzip.decompress(first[2]) == bundle.read_bytes()
        assert _get(url + path, **{"Accept-Encoding": "gzip"})[2] == first[2]
        assert _get(url + path)[2] == bundle.read_bytes()
