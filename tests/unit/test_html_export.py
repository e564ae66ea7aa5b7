"""The self-contained HTML map: nothing to fetch, Leaflet inline, the same bytes
every time, and in Chromium from file:// the app's layers, popups and legend."""

import re

import pytest

from geo import export
from shieldmap import exports
from shieldmap.web import html_export, webmap
from shieldmap.web.assets import leaflet_file
from shieldmap.cli.main import main
from layers.registry import DEFAULT_AS_OF, LAYER_IDS, LAYERS, build_layers, parse_date

# In the markup (script and style bodies cut out): a tag that fetches, i.e. src= anywhere or href= off <a>.
FETCHING_TAG = re.compile(r"<([a-z][a-z0-9]*)\b[^<>]*?\b(src|href)\s*=\s*[\"']?([^\"'\s>]*)", re.I)
CSS_URL = re.compile(r"(?<![\w$])url\(\s*(?![\"']?(?:data:|#))[\"']?([^\"')\s]*)", re.I)
BODIES = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2>)", re.S | re.I)


@pytest.fixture(scope="module")
def built(seeds):
    return build_layers(seeds, LAYER_IDS, DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def page_bytes(built, seeds):
    return exports.export_bytes(built, "html", seeds=seeds, as_of=DEFAULT_AS_OF)


def test_nothing_external_and_leaflet_inline(page_bytes):
    page = page_bytes.decode("utf-8")
    markup = BODIES.sub(r"\1\4", page)
    fetching = [(tag, attr, url) for tag, attr, url in FETCHING_TAG.findall(markup)
                if tag.lower() != "a" and not url.startswith("data:")]
    assert fetching == []
    assert re.findall(r"<script\b[^>]*>", page) == ["<script>"] * page.count("<script")  # no src=
    assert not re.search(r"<link\b", markup, re.I)
    styles = [body for _, kind, body, _ in BODIES.findall(page) if kind.lower() == "style"]
    assert styles and [CSS_URL.findall(style) for style in styles] == [[] for _ in styles]
    assert not any("@import" in style for style in styles)
    scripts = [body for _, kind, body, _ in BODIES.findall(page) if kind.lower() == "script"]
    map_script = scripts[-1]
    assert not re.search(r"\bfetch\(|XMLHttpRequest|tileLayer|\{z\}|importScripts", map_script)
    assert not re.search(r"tile\.openstreetmap|basemaps\.cartocdn|cdn\.jsdelivr|cdnjs|unpkg|googleapis", page)
    assert html_export.external_urls(markup) == [] and "images/" not in "".join(styles)
    leaflet_js = leaflet_file("leaflet.js").read_text(encoding="utf-8").split("//# sourceMappingURL")[0].strip()
    assert any(leaflet_js in script for script in scripts) and "sourceMappingURL" not in page
    assert ".leaflet-control-layers-toggle" in page and 'url("data:image/png;base64,' in page


def test_title_legend_and_data_inline(page_bytes):
    page = page_bytes.decode("utf-8")
    assert "<title>Missile defence in Europe, 2010\u20132013, as of 2013-10-31</title>" in page
    assert "as of 31 October 2013" in page and "are an interpretation" in page
    assert '"name":"Belarus"' in page  # the Natural Earth basemap is in the page, not fetched
    for layer_id in LAYER_IDS:
        assert webmap.script_json(LAYERS[layer_id].title)[1:-1] in page


def test_same_bytes_every_time(built, seeds, page_bytes):
    assert html_export.html_bytes(built, seeds, DEFAULT_AS_OF) == page_bytes
    earlier = parse_date("2012-01-01")
    assert html_export.html_bytes(build_layers(seeds, LAYER_IDS, earlier), seeds, earlier) != page_bytes


def test_needs_seeds_and_date(built, seeds):
    with pytest.raises(ValueError, match="needs the seeds"):
        exports.export_bytes(built, "html")
    with pytest.raises(ValueError, match="needs the seeds"):
        exports.export_bytes(built, "html", seeds=seeds)


def test_format_names():
    assert export.format_for("map.html") == export.format_for("MAP.HTM") == "html"
    assert export.format_for("map.txt", "html") == "html"
    assert "html" not in export.FORMATS  # GDAL formats only; the app's downloads are unchanged
    assert export.MEDIA_TYPES["html"] == "text/html"


def test_cli_writes_the_library_bytes(tmp_path, seeds, built, page_bytes):
    out = tmp_path / "map.html"
    assert main(["export", "--out", str(out)]) == 0
    assert out.read_bytes() == page_bytes
    other = tmp_path / "map.txt"
    ids = ["csto", "romania_interceptor"]
    assert main(["export", "--out", str(other), "--format", "html", "--layers", ",".join(ids),
                 "--as-of", "2012-01-01"]) == 0
    as_of = parse_date("2012-01-01")
    assert other.read_bytes() == html_export.html_bytes(build_layers(seeds, ids, as_of), seeds, as_of)


# --- in Chromium, from disk, offline -------------------------------------------------------------
