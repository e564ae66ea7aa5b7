"""shieldmap/web/static_server.py as an ASGI middleware, without a server: what it answers, what it leaves."""

import asyncio
import gzip
import os

from shieldmap.web import layer_files
from shieldmap.web.static_server import IMMUTABLE, StaticFiles


class Downstream:
    """Streamlit's side: records what reached it, answers 200 with a fixed body."""

    def __init__(self, body: bytes = b"", kind: bytes = b"text/javascript"):
        self.seen, self.body, self.kind = [], body, kind

    async def __call__(self, scope, receive, send):
        self.seen.append((scope["path"], dict(scope["headers"])))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", self.kind), (b"content-length", str(len(self.body)).encode())]})
        await send({"type": "http.response.body", "body": self.body})


def _call(app, path: str, method: str = "GET", **headers) -> tuple[int, dict, bytes]:
    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "headers": [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return (sent[0]["status"], {k.decode(): v.decode() for k, v in sent[0]["headers"]},
            b"".join(m.get("body", b"") for m in sent[1:]))


def test_layer_files_are_sent_from_their_gz_immutable_and_marked_used(tmp_path):
    text = '{"type":"FeatureCollection","features":[],"pad":"%s"}' % ("y" * 3000)
    url = layer_files.publish(tmp_path, text)
    path = layer_files.local_path(tmp_path, url)
    os.utime(path, (1_000, 1_000))
    downstream = Downstream()
    app = StaticFiles(downstream, tmp_path, base_url="")
    status, headers, body = _call(app, url, accept_encoding="gzip")
    assert status == 200 and downstream.seen == []
    assert body == path.with_name(path.name + ".gz").read_bytes() and gzip.decompress(body).decode() == text
    assert headers["cache-control"] == IMMUTABLE and headers["content-encoding"] == "gzip"
    assert headers["content-length"] == str(len(body)) and headers["content-type"] == "application/geo+json"
    assert path.stat().st_mtime > 1_000_000  # served: most recent in the pruning order
    status, unchanged, body = _call(app, url, accept_encoding="gzip", if_none_match=headers["etag"])
    assert (status, body, unchanged["etag"]) == (304, b"", headers["etag"]) and "content-length" not in unchanged
    assert _call(app, url, "HEAD", accept_encoding="gzip")[2] == b""
    assert _call(app, url)[2].decode() == text  # no gzip accepted
    assert _call(app, url, accept_encoding="br, gzip;q=0")[2].decode() == text


def test_a_stale_gz_is_not_sent_and_the_file_is_compressed_once(tmp_path):
    script = tmp_path / "leaflet" / "leaflet.js"
    script.parent.mkdir()
    script.write_text("var L = 1;\n" * 500)
    stale = script.with_name("leaflet.js.gz")
    stale.write_bytes(gzip.compress(b"old"))
    os.utime(stale, (1_000, 1_000))
    app = StaticFiles(Downstream(), tmp_path, base_url="/base/")
    status, headers, body = _call(app, "/base/app/static/leaflet/leaflet.js", accept_encoding="gzip")
    assert status == 200 and gzip.decompress(body) == script.read_bytes()
    assert headers["cache-control"] == "no-cache" and headers["content-type"] == "text/javascript; charset=utf-8"
    assert len(app.memo.items) == 1 and app.memo.size == len(body)
    assert _call(app, "/base/app/static/leaflet/leaflet.js", accept_encoding="gzip")[2] == body
    assert len(app.memo.items) == 1 and app.memo.size == len(body)  # the second request compressed nothing


def test_odd_paths_ranges_and_other_routes_are_left_to_streamlit(tmp_path):
    (tmp_path / ".secret").write_text("x")
    (tmp_path / "a.js").write_text("var a;")
    downstream = Downstream(b"from streamlit")
    app = StaticFiles(downstream, tmp_path, base_url="")
    for path, headers in [("/app/static/.secret", {}), ("/app/static/../app.py", {}), ("/app/static/missing.js", {}),
                          ("/app/static/", {}), ("/app/static/a.js", {"range": "bytes=0-1"}), ("/_stcore/health", {}),
                          ("/", {"accept_encoding": "gzip"}), ("/component/x/index.html", {})]:
        assert _call(app, path, **headers)[2] == b"from streamlit", path
    assert len(downstream.seen) == 8


def test_component_files_are_asked_for_plain_and_compressed_once(tmp_path):
    bundle = b"function f(){return 1}\n" * 400
    downstream = Downstream(bundle)
    app = StaticFiles(downstream, tmp_path, base_url="")
    first = _call(app, "/component/streamlit_folium.st_folium/static/js/main.js", accept_encoding="gzip, br")
    second = _call(app, "/component/streamlit_folium.st_folium/static/js/main.js", accept_encoding="gzip")
    assert [b"accept-encoding" in headers for _, headers in downstream.seen] == [False, False]
    assert first[0] == 200 and first[1]["content-encoding"] == "gzip" and gzip.decompress(first[2]) == bundle
    assert second[2] == first[2] and len(app.memo.items) == 1
    assert first[1]["content-length"] == str(len(first[2]))
    small = StaticFiles(Downstream(b"tiny", b"text/html"), tmp_path, base_url="")
    status, headers, body = _call(small, "/component/x/index.html", accept_encoding="gzip")
    assert body == b"tiny" and "content-encoding" not in headers


def test_a_registered_components_files_are_read_from_its_folder(tmp_path, monkeypatch):
    from shieldmap.web import static_server

    root = tmp_path / "build"
    (root / "static" / "js").mkdir(parents=True)
    bundle = root / "static" / "js" / "main.1.js"
    bundle.write_text("function g(){return 2}\n" * 300)
    (root / "index.html").write_text("<html>" + " " * 2000 + "</html>")
    monkeypatch.setattr(static_server, "_component_root", lambda name: str(root) if name == "pkg.map" else None)
    downstream = Downstream(b"from streamlit")
    app = StaticFiles(downstream, tmp_path, base_url="")
    status, headers, body = _call(app, "/component/pkg.map/static/js/main.1.js", accept_encoding="gzip")
    assert status == 200 and gzip.decompress(body) == bundle.read_bytes() and headers["cache-control"] == "public"
    status, headers, body = _call(app, "/component/pkg.map/index.html", accept_encoding="gzip")
    assert headers["cache-control"] == "no-cache" and gzip.decompress(body).startswith(b"<html>")
    assert _call(app, "/component/pkg.map/static/js/main.1.js")[2] == bundle.read_bytes()
    assert downstream.seen == []
    for path in ("/component/pkg.map/../secret", "/component/pkg.map/missing.js", "/component/other/index.html"):
        assert _call(app, path)[2] == b"from streamlit", path
    assert _call(app, "/component/pkg.map/index.html", origin="http://elsewhere")[2] == b"from streamlit"


def test_script_bundles_are_sent_from_their_gz_immutable(tmp_path):
    from shieldmap.web import bundles

    (tmp_path / "leaflet").mkdir()
    (tmp_path / "leaflet" / "leaflet.js").write_text("window.L = {};" * 200)
    (tmp_path / "shieldmap").mkdir()
    (tmp_path / "shieldmap" / "map.js").write_text("window.M = 1;")
    (url,) = bundles.bundle_links(tmp_path, ["/app/static/leaflet/leaflet.js", "/app/static/shieldmap/map.js?v=1"], "js")
    app = StaticFiles(Downstream(), static_dir=tmp_path)
    status, headers, body = _call(app, url, accept_encoding="gzip")
    assert status == 200 and headers["cache-control"] == IMMUTABLE and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).decode().count("window.L = {};") == 200 and headers["content-type"].startswith("text/javascript")
    status, headers, _ = _call(app, "/app/static/shieldmap/map.js")
    assert status == 200 and headers["cache-control"] != IMMUTABLE  # a plain script is revalidated
