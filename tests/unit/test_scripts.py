"""The map's scripts and styles are package files: served by the app under a content-hashed URL,
written into static/ with Leaflet, inlined (and only there) in the self-contained export."""

import pytest

from shieldmap.web import assets, scripts, webmap


def test_the_files_ship_and_are_written_into_static(tmp_path):
    names = [p.name for p in scripts.files()]
    assert {"map.js", "map.css", "fetch.js", "story.js", "story.css", "export.css"} <= set(names)
    assets.prepare_static(tmp_path)
    for source in scripts.files():
        assert (tmp_path / scripts.STATIC_SUBDIR / source.name).read_bytes() == source.read_bytes()


def test_the_app_loads_them_by_url_and_the_export_inline():
    fmap = webmap.base_map("offline")
    urls = [u for _, u in fmap.default_js + fmap.default_css]
    assert scripts.url("map.js") in urls and scripts.url("fetch.js") in urls and scripts.url("map.css") in urls
    assert all(u.startswith("/app/static/") for u in urls)
    page = webmap.base_map("offline", inline=True).get_root().render()
    assert scripts.text("map.js") in page and scripts.text("map.css") in page
    assert scripts.text("fetch.js") not in page  # the export's layers are inline: no loader


def test_the_url_names_the_content(monkeypatch):
    before = scripts.url("map.js")
    assert before.startswith("/app/static/shieldmap/map.js?v=")
    scripts.text.cache_clear()
    monkeypatch.setattr(scripts, "text", lambda name: "changed")
    assert scripts.url("map.js") != before


def test_inline_refuses_text_that_would_end_its_element(monkeypatch):
    monkeypatch.setattr(scripts, "text", lambda name: "var s = '</script><img src=x>';")
    with pytest.raises(RuntimeError, match="cannot inline"):
        scripts.inline("x.js")
    assert scripts.script_json({"a": "</script>\u2028"}) == '{"a":"\\u003c/script\\u003e\\u2028"}'
