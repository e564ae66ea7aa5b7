"""The app's logic through Streamlit's AppTest: what reaches the map component."""

import datetime as dt

import pytest
from apptest import APP, STATIC, features, map_args, run, shown_layers, url_param
from streamlit.testing.v1 import AppTest

from shieldmap import view as views
from layers.registry import DEFAULT_LAYERS, LAYER_IDS

SPAN = (dt.date(2006, 3, 1), dt.date(2024, 7, 10))


def test_default_view_draws_the_four_mission_layers():
    at = run()
    layers = shown_layers(map_args(at))
    assert set(layers) == set(DEFAULT_LAYERS) == {"s300_belarus", "romania_interceptor", "csto", "european_sectors"}
    assert len(layers["csto"]) == 6
    # the four sectors under the default model (Russia's own depiction), the land the evidence does not describe,
    # and the bands along the seven edges no source gives (the slide's four lines, the capital rule's three borders)
    edges = {f"european-sectors-edge-{line}" for line in (
        "poland-east-of-lon-poland", "norway-north-of-lat-norway", "sweden-north-of-lat-sweden",
        "finland-north-of-lat-finland", "south-of-lat-north-south", "west-of-lon-north-west", "west-of-lon-south-west")}
    assert layers["european_sectors"] == {"european-sector-russia", "european-sector-usa", "european-sector-germany",
                                          "european-sector-france", "european-sectors-not-covered", *edges}
    assert url_param(at, "as_of") == "2013-10-31"
    assert url_param(at, "layers") == ",".join(DEFAULT_LAYERS)


def test_every_feature_keeps_id_layer_name():
    for feature in features(map_args(run({"layers": ",".join(LAYER_IDS)}))):
        assert {"id", "layer", "name"} <= set(feature["properties"])


def test_url_layers_exactly():
    at = run({"layers": "csto"})
    assert set(shown_layers(map_args(at))) == {"csto"}
    assert [at.sidebar.checkbox(key=f"layer_{i}").value for i in LAYER_IDS] == [i == "csto" for i in LAYER_IDS]


def test_untick_removes_layer_and_updates_url():
    at = run()
    at.checkbox(key="layer_csto").uncheck().run()
    assert "csto" not in shown_layers(map_args(at))
    assert url_param(at, "layers") == "s300_belarus,romania_interceptor,european_sectors"


def test_date_decides_features():
    at = run({"as_of": "2013-10-28"})
    assert "s300-2013-announced" not in shown_layers(map_args(at))["s300_belarus"]
    at.slider(key="as_of").set_value(dt.date(2013, 10, 29)).run()
    assert "s300-2013-announced" in shown_layers(map_args(at))["s300_belarus"]
    assert url_param(at, "as_of") == "2013-10-29"


def test_sectors_absent_before_lisbon():
    at = run({"as_of": "2010-06-01"})
    assert "european_sectors" not in shown_layers(map_args(at))
    assert "CSTO members (7)" in [c.label for c in at.sidebar.checkbox]  # the words alone: its accessible name


def test_jump_to_event_sets_date():
    at = run()
    at.selectbox(key="jump").set_value("event-2011-07-04-sochi").run()
    assert at.slider(key="as_of").value == dt.date(2011, 7, 4)


def test_only_local_assets_reach_the_map():
    """The map's scripts and styles, all the app's own, as one bundle each (shieldmap/web/bundles.py), in order."""
    args = map_args(run())
    assert len(args["js_links"]) == 1 and len(args["css_links"]) == 1, (args["js_links"], args["css_links"])
    for (link,), names in ((args["js_links"], ("leaflet/leaflet.js", "shieldmap/map.js", "shieldmap/fetch.js",
                                               "shieldmap/a11y.js")),
                           (args["css_links"], ("shieldmap/map.css", "shieldmap/a11y.css"))):
        assert link.startswith("/app/static/shieldmap/bundle-")
        bundle = (STATIC / link.removeprefix("/app/static/")).read_text(encoding="utf-8")
        at = [bundle.index((STATIC / name).read_text(encoding="utf-8")) for name in names]
        assert at == sorted(at), names  # each file whole, in the map's order
    assert "https://" not in args["script"] + args["header"] + args["html"]
    assert "<script src" not in args["feature_group"] and "<link" not in args["feature_group"]


def test_basemap_from_url():
    args = map_args(run({"basemap": "osm"}))
    assert "tile.openstreetmap.org" in args["script"]


def test_bad_url_values_warn_not_crash():
    at = run({"layers": "csto,bogus", "as_of": "2013-02-30", "basemap": "nope"})
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")  # Markdown-escaped: plain text
    assert "'bogus'" in warnings and "'2013-02-30'" in warnings and "'nope'" in warnings
    assert set(shown_layers(map_args(at))) == {"csto"}
    at = run({"basemap": "[click](https://evil.example/" + "x" * 200 + ")"})
    assert "\\[click\\]\\(https" in at.warning[0].value and "x" * 40 not in at.warning[0].value


def test_broken_seeds_show_one_message_and_stop(seed_copy, monkeypatch):
    """The seeds that do not load stop the run at once: one message and the file's problem, no map, no control,
    no panel (one early stop, not a check in every panel), in the reader's language too."""
    path = seed_copy / "sites.csv"
    path.write_bytes(path.read_bytes()[:700])
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    for query, words, line in (({}, "does not validate", "does not end with a newline"),
                               ({"lang": "ru"}, "не проходят проверку", "не заканчивается переводом строки")):
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        assert [e.value for e in at.error] == [at.error[0].value] and words in at.error[0].value
        assert len(at.code) == 1 and "sites.csv" in at.code[0].value and line in at.code[0].value
        assert not at.warning and not at.sidebar.children and not at.button and not at.checkbox
        components = [e for e in at.main.children.values() if type(e).__name__ == "UnknownElement"]
        assert not components  # no map
        assert [t.value for t in at.title] == [at.title[0].value]


def test_popups_escape_text(seed_copy, monkeypatch):
    sites = seed_copy / "sites.csv"
    text = sites.read_text(encoding="utf-8")
    hostile = '<script>alert(1)</script> & <b>bold</b>'
    sites.write_text(text.replace("Aegis Ashore Romania", f"Aegis Ashore Romania {hostile}", 1), encoding="utf-8")
    assert hostile in sites.read_text(encoding="utf-8")
    monkeypatch.setenv("SHIELDMAP_SEEDS", str(seed_copy))
    popups = [f["properties"]["popup"] for f in features(map_args(run())) if f["properties"].get("popup")]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in p for p in popups)
    assert not any("<script" in p or "<b>bold" in p for p in popups)


@pytest.mark.parametrize("params,layers,as_of,basemap,warns", [
    ({}, DEFAULT_LAYERS, dt.date(2013, 10, 31), "offline", 0),
    ({"layers": ""}, (), dt.date(2013, 10, 31), "offline", 0),
    ({"layers": "nato,csto", "as_of": "2012-01-01"}, ("csto", "nato"), dt.date(2012, 1, 1), "offline", 0),
    ({"as_of": "1990-01-01"}, DEFAULT_LAYERS, SPAN[0], "offline", 1),
    ({"basemap": "positron"}, DEFAULT_LAYERS, dt.date(2013, 10, 31), "positron", 0),
])
def test_view_state_from_query(params, layers, as_of, basemap, warns):
    view, warnings = views.from_query(params, SPAN)
    assert (view.layers, view.as_of, view.basemap, len(warnings)) == (tuple(layers), as_of, basemap, warns)
    assert views.from_query(view.to_query(), SPAN) == (view, ())


def test_analysis_tables_and_figure_choice():
    at = run({"layers": "engagement_ranges", "as_of": "2016-06-01"})
    radii = {f["properties"]["id"] for f in features(map_args(at))}
    assert "range-s300-grodno-s300ps-80" in radii  # the S-300PS's own figure (issue 33, 2.1)
    assert not any("reaches_other_side" in d.value.columns for d in at.main.dataframe)  # lazy: tab closed
    at.session_state["below"] = "Analysis"
    at.run()
    assert any("reaches_other_side" in d.value.columns for d in at.main.dataframe)
    at.selectbox(key="figure_S-300PS").set_value("s300ps-90").run()
    ids = {f["properties"]["id"] for f in features(map_args(at))}
    assert "range-s300-grodno-s300ps-90" in ids and "range-s300-grodno-s300ps-80" not in ids
    coverage = next(d.value for d in at.main.dataframe if "reaches_other_side" in d.value.columns)
    assert set(coverage.loc[coverage["system"] == "S-300PS", "radius_km"]) == {90.0}


def test_figure_choice_survives_closing_the_analysis_tab():
    at = run({"layers": "engagement_ranges", "as_of": "2016-06-01"})
    at.session_state["below"] = "Analysis"
    at.run()
    at.selectbox(key="figure_S-300PS").set_value("s300ps-90").run()
    at.session_state["below"] = "About this map"
    at.run()
    assert "range-s300-grodno-s300ps-90" in {f["properties"]["id"] for f in features(map_args(at))}


def test_sector_model_and_planned_capability_are_selectable():
    at = run({"layers": "european_sectors,engagement_ranges", "as_of": "2013-10-31"})
    shown = shown_layers(map_args(at))
    assert "range-deveselu-sm3-ib-500" not in shown["engagement_ranges"]
    assert "european-sectors-not-covered" in shown["european_sectors"]
    at.selectbox(key="sectors_model").set_value("wedges").run()
    at.checkbox(key="planned").check().run()
    found = {f["properties"]["id"]: f["properties"] for f in features(map_args(at))}
    assert "european-sectors-not-covered" not in found and "european-sector-russia" in found
    assert "wedges" in found["european-sector-russia"]["popup"]
    assert found["range-deveselu-sm3-ib-500"]["variant"] == "planned"
    assert "(planned)" in found["range-deveselu-sm3-ib-500"]["name"]


def test_sector_model_and_planned_capability_from_the_url():
    at = run({"layers": "european_sectors,engagement_ranges", "as_of": "2013-10-31", "sectors": "wedges", "planned": "1"})
    props = [f["properties"] for f in features(map_args(at))]
    sectors = [p for p in props if p["layer"] == "european_sectors"]
    assert len(sectors) == 4 and all("wedges" in p["popup"] for p in sectors)  # no "not covered" land under wedges
    rings = {p["id"]: p for p in props if p["layer"] == "engagement_ranges"}
    assert rings["range-deveselu-sm3-ib-500"]["variant"] == "planned"  # under construction at the date
    assert url_param(at, "sectors") == "wedges" and url_param(at, "planned") == "1"
    bad = run({"sectors": "<b>nope</b>"})
    assert any("Unknown sector model" in w.value for w in bad.warning)
    assert "sectors" not in bad.query_params  # back to the default model, which the URL does not spell out


def test_planned_capability_switches_the_rings_on():
    at = run({"layers": "s300_belarus", "as_of": "2013-10-31"})
    assert "engagement_ranges" not in shown_layers(map_args(at))
    at.sidebar.checkbox(key="planned").check().run()
    assert url_param(at, "planned") == "1" and at.sidebar.checkbox(key="layer_engagement_ranges").value
    rings = [f["properties"] for f in features(map_args(at)) if f["properties"]["layer"] == "engagement_ranges"]
    assert len(rings) == 6 and sum(p.get("variant") == "planned" for p in rings) == 3  # 3 in place, 3 planned
