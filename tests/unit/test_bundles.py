"""Issue 25: the map's local scripts and styles go as one file each, in the same order, served once."""

import gzip
import re

from shieldmap.web import bundles, scripts

LEAFLET_JS, LEAFLET_CSS = "/app/static/leaflet/leaflet.js", "/app/static/leaflet/leaflet.css"


def _folder(tmp_path):
    (tmp_path / "leaflet" / "images").mkdir(parents=True)
    (tmp_path / "leaflet" / "leaflet.js").write_text("window.L = 1;")
    (tmp_path / "leaflet" / "leaflet.css").write_text(".a{background:url(images/layers.png)} .b{behavior:url(#default#VML)}")
    (tmp_path / "shieldmap").mkdir()
    (tmp_path / "shieldmap" / "map.js").write_text("window.M = L + 1;")
    (tmp_path / "shieldmap" / "fetch.js").write_text("window.F = M + 1;")
    (tmp_path / "shieldmap" / "map.css").write_text(".c{background:url('data:image/png;base64,AA')}")
    return tmp_path


def _read(folder, url):
    return (folder / url.removeprefix("/app/static/")).read_text()


def test_consecutive_local_scripts_become_one_file_in_their_order(tmp_path):
    folder = _folder(tmp_path)
    links = [LEAFLET_JS, "/app/static/shieldmap/map.js?v=1", "https://cdn.example/plugin.js",
             "/app/static/shieldmap/fetch.js?v=2", "/app/static/shieldmap/missing.js"]
    out = bundles.bundle_links(folder, links, "js")
    assert len(out) == 4 and out[1:] == links[2:]  # a remote link keeps its place; a lone or absent file stays
    assert re.fullmatch(r"/app/static/shieldmap/bundle-[0-9a-f]{24}\.js", out[0])
    text = _read(folder, out[0])
    assert text.index("window.L = 1;") < text.index("window.M = L + 1;")
    path = folder / out[0].removeprefix("/app/static/")
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()


def test_style_urls_stay_right_from_the_bundles_folder(tmp_path):
    folder = _folder(tmp_path)
    (out,) = bundles.bundle_links(folder, [LEAFLET_CSS, "/app/static/shieldmap/map.css?v=3"], "css")
    text = _read(folder, out)
    assert "url(../leaflet/images/layers.png)" in text and "url(#default#VML)" in text
    assert "url('data:image/png;base64,AA')" in text
    assert (folder / scripts.STATIC_SUBDIR / "../leaflet/images").resolve() == (folder / "leaflet" / "images").resolve()


def test_a_changed_script_is_a_new_name(tmp_path):
    folder = _folder(tmp_path)
    first = bundles.bundle_links(folder, [LEAFLET_JS, "/app/static/shieldmap/map.js?v=1"], "js")
    (folder / "shieldmap" / "map.js").write_text("window.M = 2;")
    second = bundles.bundle_links(folder, [LEAFLET_JS, "/app/static/shieldmap/map.js?v=9"], "js")
    assert first != second and "window.M = 2;" in _read(folder, second[0])
